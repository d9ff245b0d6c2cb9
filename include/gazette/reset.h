/*
 * One-time password-reset links (table password_resets).  An admin, or
 * `gazette user reset LOGIN` on the server, makes a link for a staff member
 * who forgot a password: /admin/reset/TOKEN, where TOKEN is 32 random
 * bytes (libsodium) as 64 hex digits.  Only the token's BLAKE2b hash is
 * stored, so a copy of the database opens nothing.  A link lasts
 * GZ_RESET_LIFETIME, works once, and a new link for the same user replaces
 * any older unused one.  Using it sets the password and ends every session
 * and pending login of that user in one transaction.
 *
 * It does not know who may make links (the route guard and the CLI do),
 * nor the audit log (the caller writes the entry).
 */
#ifndef GAZETTE_RESET_H
#define GAZETTE_RESET_H

#include <stdint.h>

#include "gazette/err.h"

struct gz_db;

#define GZ_RESET_TOKEN_BYTES 32                       /* random bytes in a token */
#define GZ_RESET_TOKEN_HEX (GZ_RESET_TOKEN_BYTES * 2) /* hex digits in the link */
#define GZ_RESET_LIFETIME (24 * 3600)                 /* seconds a link works */
#define GZ_RESET_KEEP (30 * 86400) /* used or expired links are deleted after this */

/*
 * Make a link for user_id at now (created_by: the admin's id, 0 from the
 * CLI): a fresh token written as hex into token (GZ_RESET_TOKEN_HEX + 1
 * bytes).  Older unused links of the user and links past GZ_RESET_KEEP are
 * deleted.  GZ_ENOTFOUND when there is no such user, GZ_EPERM when it is
 * disabled (enable it first).
 */
enum gz_err gz_reset_create(struct gz_db *db, int64_t user_id, int64_t created_by, int64_t now,
                            char token[GZ_RESET_TOKEN_HEX + 1]);

/*
 * Whether token (as in the link; anything not 64 lowercase hex digits is
 * simply unknown) is a link that works at now: GZ_OK and *user_id, or
 * GZ_ENOTFOUND (unknown), GZ_EPERM (used already, or the user is
 * disabled), GZ_ETIMEOUT (expired).
 */
enum gz_err gz_reset_check(struct gz_db *db, const char *token, int64_t now, int64_t *user_id);

/*
 * Use the link: hash password (GZ_USER_PASSWORD_MIN..MAX bytes, else
 * GZ_EINVAL) first, then in one transaction check the link as
 * gz_reset_check does (same answers), set the password and
 * password_changed_at, mark the link used, and delete all the user's
 * sessions and pending logins.  Sets *user_id on GZ_OK.  When hashing
 * could not run (gz_user_password_hash: GZ_ENOMEM, or GZ_ETIMEOUT for no
 * hashing slot) *hash_busy is set to 1 and the link stays unused: the
 * caller answers 503, since GZ_ETIMEOUT with *hash_busy 0 means the link
 * expired.
 */
enum gz_err gz_reset_use(struct gz_db *db, const char *token, int64_t now, const char *password,
                         int64_t *user_id, int *hash_busy);

#endif
