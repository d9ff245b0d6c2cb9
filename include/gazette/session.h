/*
 * Staff sessions and login throttling over the sessions and
 * login_attempts tables.
 *
 * A session is a random 256-bit token handed to the browser in a cookie
 * (as 64 hex digits) and stored only as its BLAKE2b hash keyed with the
 * site secret, so a copy of the database does not let anyone log in.  A
 * session ends after an idle time (setting session_idle_minutes, default
 * 120), at an absolute expiry (setting session_max_days, default 7), at
 * logout, when its user is disabled, and when its user's password changes.
 * Each session carries a random CSRF secret; the token forms must carry is
 * derived from it, so it never travels in a cookie.
 *
 * Login throttling counts failed logins within a 15-minute window in three
 * scopes: per account-and-address pair (the one that bites first: from
 * GZ_LOGIN_SLOW_AFTER failures on, the next try must wait a delay that
 * doubles with each failure, from GZ_LOGIN_LOCK_AFTER on that pair is
 * locked for GZ_LOGIN_LOCK_SECONDS), per account from any address
 * (GZ_LOGIN_ACCOUNT_*: guessing one password from many addresses) and per
 * address for any account (GZ_LOGIN_CLIENT_*: much higher, because a
 * newsroom behind one NAT or proxy shares an address, and one person's
 * typos must not lock out everyone else).  Delays double from
 * GZ_LOGIN_DELAY_BASE up to a ceiling per scope (the lock length for the
 * pair, a minute for the account, ten seconds for the address, so the
 * wider scopes slow a guesser without stopping a newsroom).  A success
 * resets the pair's and the account's count, never the address's.  The address is the client hash
 * of the address the request stands for (behind a trusted proxy, from X-Forwarded-For).
 *
 * This module knows nothing of cookies, requests or roles: the route guard
 * and the login handler (src/app) do.
 */
#ifndef GAZETTE_SESSION_H
#define GAZETTE_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "gazette/err.h"

struct gz_db;

#define GZ_SESSION_TOKEN_BYTES 32                         /* random bytes in a token */
#define GZ_SESSION_TOKEN_HEX (GZ_SESSION_TOKEN_BYTES * 2) /* hex digits in the cookie */
#define GZ_SESSION_HASH_BYTES 32                          /* stored hash of a token */
#define GZ_SESSION_CSRF_HEX 64                            /* hex digits of a CSRF token */
#define GZ_SESSION_IDLE_DEFAULT (120 * 60)                /* idle expiry, seconds */
#define GZ_SESSION_MAX_DEFAULT (7 * 86400)                /* absolute expiry, seconds */
#define GZ_SESSION_TOUCH_EVERY 60 /* last_seen is written at most this often */

#define GZ_LOGIN_WINDOW (15 * 60)       /* failures older than this are forgotten */
#define GZ_LOGIN_SLOW_AFTER 3           /* failures before delays start */
#define GZ_LOGIN_DELAY_BASE 2           /* seconds of delay at GZ_LOGIN_SLOW_AFTER failures */
#define GZ_LOGIN_LOCK_AFTER 10          /* failures that lock an account-and-address pair */
#define GZ_LOGIN_ACCOUNT_SLOW_AFTER 10  /* per account from any address: delays start */
#define GZ_LOGIN_ACCOUNT_MAX_DELAY 60   /* ... and grow to at most this, seconds */
#define GZ_LOGIN_ACCOUNT_LOCK_AFTER 30  /* per account from any address: lock */
#define GZ_LOGIN_CLIENT_SLOW_AFTER 30   /* per address for any account: delays start */
#define GZ_LOGIN_CLIENT_MAX_DELAY 10    /* ... and grow to at most this, seconds */
#define GZ_LOGIN_CLIENT_LOCK_AFTER 100  /* per address for any account: lock */
#define GZ_LOGIN_LOCK_SECONDS (15 * 60) /* how long a lock lasts */

/* One live session, as the guard sees it. */
struct gz_session {
	unsigned char token_hash[GZ_SESSION_HASH_BYTES]; /* sessions.token_hash */
	int64_t user_id;                                 /* sessions.user_id */
	int64_t created_at;                              /* Unix seconds */
	int64_t last_seen;                               /* Unix seconds, before this request */
	int64_t expires_at;                              /* absolute expiry, Unix seconds */
	char csrf[GZ_SESSION_CSRF_HEX + 1]; /* the token forms carry, hex, NUL-terminated */
};

/* The idle and absolute lifetimes from the settings, in seconds. */
int64_t gz_session_idle_seconds(struct gz_db *db);
int64_t gz_session_max_seconds(struct gz_db *db);

/*
 * The stored hash of a cookie token (any string; a malformed one simply
 * matches nothing): BLAKE2b-256 keyed with the site secret.
 */
void gz_session_hash(const unsigned char secret[32], const char *token,
                     unsigned char out[GZ_SESSION_HASH_BYTES]);

/*
 * Start a session for user_id at now: a fresh random token written as hex
 * into token (GZ_SESSION_TOKEN_HEX + 1 bytes), a fresh CSRF secret, absolute
 * expiry now + gz_session_max_seconds.  old_token, when not NULL, is the
 * session cookie the browser sent; that session is deleted in the same
 * transaction (rotation at login).  client_hash (16 bytes) may be NULL.
 * Expired sessions are purged on the way.  Fills *s when s is not NULL.
 */
enum gz_err gz_session_create(struct gz_db *db, const unsigned char secret[32], int64_t user_id,
                              int64_t now, const unsigned char *client_hash, const char *old_token,
                              char token[GZ_SESSION_TOKEN_HEX + 1], struct gz_session *s);

/*
 * Find the live session for the cookie token at now and fill *s.  A
 * session is live when its absolute expiry is in the future, it was seen
 * within the idle time, and its user exists and is not disabled.  A dead
 * session's row is deleted.  last_seen is updated when it is older than
 * GZ_SESSION_TOUCH_EVERY seconds (so a burst of requests writes once).
 * GZ_ENOTFOUND when there is no live session.
 */
enum gz_err gz_session_lookup(struct gz_db *db, const unsigned char secret[32], const char *token,
                              int64_t now, struct gz_session *s);

/* Delete the session with this token hash (logout).  No row is not an error. */
enum gz_err gz_session_delete(struct gz_db *db, const unsigned char hash[GZ_SESSION_HASH_BYTES]);

/*
 * Delete every session of user_id except the one whose hash is keep (NULL:
 * all of them), as on a password change or when the user is disabled.
 */
enum gz_err gz_session_revoke_user(struct gz_db *db, int64_t user_id, const unsigned char *keep);

/* Delete sessions past their absolute or idle expiry at now. */
enum gz_err gz_session_purge(struct gz_db *db, int64_t now);

/*
 * 1 when the form token equals the session's CSRF token, compared in
 * constant time (sodium_memcmp); 0 otherwise (NULL, wrong length, wrong).
 */
int gz_session_csrf_ok(const struct gz_session *s, const char *token);

/*
 * The wait after the newest of n failures in a scope whose delays start at
 * slow_after and whose lock starts at lock_after: 0 below slow_after,
 * GZ_LOGIN_DELAY_BASE doubling per failure from there (never more than
 * max_delay), GZ_LOGIN_LOCK_SECONDS with *locked 1 from lock_after on.
 */
int64_t gz_session_login_delay(int64_t n, int slow_after, int max_delay, int lock_after,
                               int *locked);

/*
 * Seconds the next login try for account login (any case; may be "") from
 * client_hash must still wait at now: 0 when it may go ahead.  *locked is
 * set to 1 when the wait comes from a lock rather than a delay.  The
 * longest wait of the three scopes counts.
 */
int64_t gz_session_login_wait(struct gz_db *db, const char *login,
                              const unsigned char client_hash[16], int64_t now, int *locked);

/*
 * Record one login try (ok 1 for a success) and purge tries older than a
 * day.  When this failure starts a lock, a line goes to stderr: "gazette:
 * login locked for account X from client hash <hex>" (the pair), "...
 * for account X for" (the account), "... for client hash <hex>" (the
 * address).
 */
enum gz_err gz_session_login_record(struct gz_db *db, const char *login,
                                    const unsigned char client_hash[16], int64_t now, int ok);

#endif
