/*
 * The staff second factor: TOTP secrets (table user_totp), single-use
 * recovery codes (user_recovery_codes), the per-role requirement
 * (settings totp_required_admin / _editor / _author) and the second login
 * step (login_challenges).
 *
 * Enrolment is two-phase: gz_mfa_begin stores a pending secret the user
 * adds to an app; gz_mfa_confirm activates it once a code from it matches
 * and hands out GZ_MFA_CODES recovery codes, stored only hashed.  A code is
 * accepted once: each use records its time step, and a code of that step
 * or an earlier one is refused (replay within its window).
 *
 * A challenge is what sits between a right password and a session: a
 * random token (cookie) stored hashed, for one user, for
 * GZ_MFA_CHALLENGE_LIFETIME seconds and at most GZ_MFA_CHALLENGE_TRIES
 * wrong codes.  It opens nothing but the code form.
 *
 * It does not know cookies, forms or the audit log (src/app does), and
 * shows no text: secrets go out as bytes (gazette/totp.h makes base32).
 */
#ifndef GAZETTE_MFA_H
#define GAZETTE_MFA_H

#include <stdint.h>

#include "gazette/err.h"
#include "gazette/totp.h"

struct gz_arena;
struct gz_db;

#define GZ_MFA_CODES 10               /* recovery codes handed out at once */
#define GZ_MFA_CODE_CHARS 12          /* letters in a recovery code (about 59 bits) */
#define GZ_MFA_CODE_TEXT 15           /* as shown: "abcd-efgh-jkmn", NUL included */
#define GZ_MFA_TOKEN_HEX 64           /* hex digits of a challenge token */
#define GZ_MFA_CHALLENGE_LIFETIME 300 /* seconds to type the code */
#define GZ_MFA_CHALLENGE_TRIES 5      /* wrong codes before the challenge ends */

/* A user's second factor as stored. */
struct gz_mfa_state {
	int active;                                 /* 1: required at login */
	int64_t confirmed_at;                       /* when it was activated, 0 when pending */
	unsigned char secret[GZ_TOTP_SECRET_BYTES]; /* the TOTP key */
	int codes_left;                             /* unused recovery codes */
};

/* A pending second login step. */
struct gz_mfa_challenge {
	int64_t user_id;          /* who typed the right password */
	const char *login;        /* as the throttle counted it, in arena */
	unsigned char client[16]; /* client hash it was made for */
	const char *next;         /* where to go after, in arena */
	int tries;                /* wrong codes so far */
};

/* user_id's second factor into *st: GZ_OK, GZ_ENOTFOUND when none (not even pending). */
enum gz_err gz_mfa_get(struct gz_db *db, int64_t user_id, struct gz_mfa_state *st);

/*
 * Start (or continue) enrolment at now: the pending secret into secret,
 * made with libsodium's randombytes when there is none.  GZ_EPERM when a
 * second factor is already active (disable it first).
 */
enum gz_err gz_mfa_begin(struct gz_db *db, int64_t user_id, int64_t now,
                         unsigned char secret[GZ_TOTP_SECRET_BYTES]);

/*
 * Finish enrolment: when code matches the pending secret at now, activate
 * it (that step counts as used), replace the recovery codes with
 * GZ_MFA_CODES fresh ones and write them into codes as shown.  GZ_EPERM
 * for a wrong code, GZ_ENOTFOUND when nothing is pending.
 */
enum gz_err gz_mfa_confirm(struct gz_db *db, int64_t user_id, const char *code, int64_t now,
                           char codes[GZ_MFA_CODES][GZ_MFA_CODE_TEXT]);

/*
 * Check a code at login against user_id's active second factor: six
 * digits as a TOTP code (each step accepted once), anything else as a
 * recovery code (any case, dashes and spaces ignored; marked used).
 * GZ_OK, GZ_EPERM (wrong, replayed or used), GZ_ENOTFOUND (no active
 * factor).  *recovery is set to 1 when a recovery code was used.
 */
enum gz_err gz_mfa_verify(struct gz_db *db, int64_t user_id, const char *code, int64_t now,
                          int *recovery);

/* Remove user_id's second factor and recovery codes (no row is not an error). */
enum gz_err gz_mfa_disable(struct gz_db *db, int64_t user_id);

/* Whether role ("admin", "editor", "author") must have a second factor. */
int gz_mfa_required(struct gz_db *db, const char *role);

/* Set that requirement for role; GZ_EINVAL for an unknown role. */
enum gz_err gz_mfa_set_required(struct gz_db *db, const char *role, int required);

/*
 * Start a second login step for user_id at now: a fresh token as hex into
 * token (GZ_MFA_TOKEN_HEX + 1 bytes); login and next (a checked local
 * path) are kept for the step.  Expired challenges are purged.
 */
enum gz_err gz_mfa_challenge_create(struct gz_db *db, int64_t user_id, const char *login,
                                    const unsigned char client[16], const char *next, int64_t now,
                                    char token[GZ_MFA_TOKEN_HEX + 1]);

/*
 * The live challenge for token at now into *ch (strings in arena):
 * GZ_OK, or GZ_ENOTFOUND when unknown, expired or out of tries.
 */
enum gz_err gz_mfa_challenge_get(struct gz_db *db, struct gz_arena *arena, const char *token,
                                 int64_t now, struct gz_mfa_challenge *ch);

/*
 * Count one wrong code on the challenge; at GZ_MFA_CHALLENGE_TRIES it is
 * deleted and *ended set to 1 (the user starts again from the password).
 */
enum gz_err gz_mfa_challenge_fail(struct gz_db *db, const char *token, int *ended);

/* Delete the challenge (passed, or abandoned). */
enum gz_err gz_mfa_challenge_delete(struct gz_db *db, const char *token);

#endif
