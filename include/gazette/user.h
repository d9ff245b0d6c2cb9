/*
 * Staff accounts: admins, editors and authors.  Passwords are stored only
 * as libsodium argon2id strings.  Main calls sodium_init() once at start-up,
 * before any thread starts; gz_user_add calls it again defensively.
 */
#ifndef GAZETTE_USER_H
#define GAZETTE_USER_H

#include <stddef.h>
#include <stdint.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_db;

#define GZ_USER_LOGIN_MAX 32           /* bytes in a login */
#define GZ_USER_NAME_MAX 100           /* bytes in a display name */
#define GZ_USER_PASSWORD_MIN 8         /* bytes in a password, at least */
#define GZ_USER_PASSWORD_MAX 1024      /* bytes in a password, at most */
#define GZ_USER_RANDOM_PASSWORD_LEN 16 /* characters from gz_user_random_password */
#define GZ_USER_HASH_SLOTS 2           /* argon2 computations (64 MiB each) at once */
#define GZ_USER_HASH_WAIT_MS 3000      /* longest wait for a hashing slot */

struct gz_user {
	int64_t id;               /* users.id */
	const char *login;        /* lowercase, [a-z0-9_.-]{1,32} */
	const char *display_name; /* shown on bylines */
	const char *email;        /* may be "" */
	const char *bio;          /* may be "" */
	const char *role;         /* "admin", "editor" or "author" */
	int disabled;             /* 1: cannot log in */
	int64_t created_at;       /* Unix seconds */
};

/*
 * Whether login is acceptable once case-folded: 1..32 bytes of
 * [A-Za-z0-9_.-].
 */
int gz_user_login_valid(const char *login);

/* Whether role is "admin", "editor" or "author". */
int gz_user_role_valid(const char *role);

/*
 * Create a user.  login is case-folded to lowercase and must pass
 * gz_user_login_valid; display_name defaults to the login when NULL or "",
 * and must be at most GZ_USER_NAME_MAX bytes of valid UTF-8 without control
 * characters; password must be GZ_USER_PASSWORD_MIN..MAX bytes, or NULL for
 * an account that cannot log in.  The password is hashed (argon2id,
 * interactive limits) before the write transaction starts.  Bumps the
 * content generation.  Returns GZ_EINVAL for bad input, GZ_ECONFLICT when
 * the login is taken, GZ_ETIMEOUT or GZ_ENOMEM when the hash could not be
 * made (no hashing slot within GZ_USER_HASH_WAIT_MS, no memory for it); on
 * success sets *id when id is not NULL.
 */
enum gz_err gz_user_add(struct gz_db *db, const char *login, const char *display_name,
                        const char *role, const char *password, int64_t *id);

/* Fill *u with the user whose login matches (any case); strings in arena. */
enum gz_err gz_user_by_login(struct gz_db *db, struct gz_arena *arena, const char *login,
                             struct gz_user *u);

/* Fill *u with user id; strings in arena.  GZ_ENOTFOUND if there is none. */
enum gz_err gz_user_by_id(struct gz_db *db, struct gz_arena *arena, int64_t id, struct gz_user *u);

/*
 * Check a login and password.  GZ_OK fills *u (strings in arena); a wrong
 * password, an unknown login, a disabled account and an account without a
 * password (or with a stored hash it cannot read) all return GZ_EPERM
 * after the same amount of hashing work, so timing does not tell them
 * apart.  GZ_EPERM is returned only when the hash was computed and did not
 * match.  When the check could not be made it returns GZ_ETIMEOUT (no
 * hashing slot came free within GZ_USER_HASH_WAIT_MS) or GZ_ENOMEM (argon2
 * could not get its memory), and database faults as gz_db_error maps
 * them: none of these says anything about the password.
 */
enum gz_err gz_user_verify_password(struct gz_db *db, struct gz_arena *arena, const char *login,
                                    const char *password, struct gz_user *u);

#define GZ_USER_HASH_MAX                                                                           \
	128 /* bytes of an argon2id string, NUL included (crypto_pwhash_STRBYTES) */

/*
 * The argon2id string for password (GZ_USER_PASSWORD_MIN..MAX bytes, else
 * GZ_EINVAL) into out (outsz >= GZ_USER_HASH_MAX), made as every stored
 * password is (interactive limits, in a hashing slot), for a model that
 * writes it in its own transaction (a password-reset link).  GZ_ETIMEOUT
 * or GZ_ENOMEM when it could not be made.
 */
enum gz_err gz_user_password_hash(const char *password, char *out, size_t outsz);

/*
 * Write GZ_USER_RANDOM_PASSWORD_LEN random characters from an unambiguous
 * alphabet (no 0/O, 1/l/I) and a NUL into out; outsz must be larger than
 * GZ_USER_RANDOM_PASSWORD_LEN.
 */
void gz_user_random_password(char *out, size_t outsz);

#define GZ_USER_EMAIL_MAX 254 /* bytes in an email address */

/*
 * Every user, ordered by login, into *items (*nitems of them), in arena.
 */
enum gz_err gz_user_list(struct gz_db *db, struct gz_arena *arena, struct gz_user **items,
                         size_t *nitems);

/*
 * Whether email is acceptable: "" or at most GZ_USER_EMAIL_MAX bytes of
 * printable ASCII without spaces, with one '@' that is neither first nor
 * last.
 */
int gz_user_email_valid(const char *email);

/*
 * Change user id's display name (1..GZ_USER_NAME_MAX bytes, valid UTF-8,
 * no controls), email (gz_user_email_valid) and role (NULL: unchanged).
 * Bumps the content generation (bylines show the name).  GZ_EINVAL for bad
 * input, GZ_ENOTFOUND for no such user, GZ_EPERM when the change would
 * leave the site without an enabled admin.
 */
enum gz_err gz_user_update(struct gz_db *db, int64_t id, const char *display_name,
                           const char *email, const char *role);

/*
 * Set user id's password (GZ_USER_PASSWORD_MIN..MAX bytes; hashed with
 * argon2id before the write lock is taken) and password_changed_at.  It
 * does not end sessions: the caller revokes them (gz_session_revoke_user).
 * GZ_EINVAL for a bad length, GZ_ENOTFOUND for no such user, GZ_ETIMEOUT or
 * GZ_ENOMEM when the hash could not be made (as gz_user_add).
 */
enum gz_err gz_user_set_password(struct gz_db *db, int64_t id, const char *password);

/*
 * Disable (1) or enable (0) user id.  A disabled user cannot log in and
 * the guard stops honouring its sessions at once.  GZ_ENOTFOUND for no
 * such user, GZ_EPERM when it would disable the last enabled admin.
 */
enum gz_err gz_user_set_disabled(struct gz_db *db, int64_t id, int disabled);

#endif
