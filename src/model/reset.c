/*
 * One-time password-reset links over the password_resets table
 * (gazette/reset.h).  Tokens come from libsodium's randombytes and are
 * stored only as unkeyed BLAKE2b-256 hashes: 256 random bits need no key
 * or salt to be safe from guessing, and the CLI can make links without the
 * site secret.  It does not know who may make links nor the audit log.
 */
#include <assert.h>
#include <string.h>

#include <sodium.h>

#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/reset.h"
#include "gazette/user.h"

/* The stored hash of token (any string). */
static void
token_hash(const char *token, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)token, strlen(token), NULL, 0);
}

/* 1 when token has the shape of one we made: 64 lowercase hex digits. */
static int
token_shape_ok(const char *token)
{
	return token != NULL && strlen(token) == GZ_RESET_TOKEN_HEX &&
	       strspn(token, "0123456789abcdef") == GZ_RESET_TOKEN_HEX;
}

/* Run st (bound by the caller) to completion; the caller's transaction. */
static enum gz_err
run(struct gz_db *db, sqlite3_stmt *st)
{
	return st == NULL ? GZ_EDB : gz_db_step_done(db, st);
}

enum gz_err
gz_reset_create(struct gz_db *db, int64_t user_id, int64_t created_by, int64_t now,
                char token[GZ_RESET_TOKEN_HEX + 1])
{
	unsigned char raw[GZ_RESET_TOKEN_BYTES], hash[32];
	sqlite3_stmt *st;
	enum gz_err rc;
	int src;

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(token, GZ_RESET_TOKEN_HEX + 1, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
	token_hash(token, hash);
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		goto out;
	}
	if ((st = gz_db_stmt(db, "SELECT disabled FROM users WHERE id = ?1")) == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_int64(st, 1, user_id);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		rc = sqlite3_column_int(st, 0) != 0 ? GZ_EPERM : GZ_OK;
	} else {
		rc = src == SQLITE_DONE ? GZ_ENOTFOUND : gz_db_error(db, src, "reset");
	}
	gz_db_reset(st);
	if (rc != GZ_OK) {
		goto fail;
	}
	/* One working link per user: the newest replaces the others. */
	st = gz_db_stmt(db, "DELETE FROM password_resets WHERE (user_id = ?1 AND used_at IS NULL) "
	                    "OR expires_at < ?2");
	if (st != NULL) {
		gz_db_bind_int64(st, 1, user_id);
		gz_db_bind_int64(st, 2, now - GZ_RESET_KEEP);
	}
	if ((rc = run(db, st)) != GZ_OK) {
		goto fail;
	}
	st = gz_db_stmt(db, "INSERT INTO password_resets (token_hash, user_id, created_by, "
	                    "created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)");
	if (st != NULL) {
		sqlite3_bind_blob(st, 1, hash, sizeof(hash), SQLITE_TRANSIENT);
		gz_db_bind_int64(st, 2, user_id);
		if (created_by > 0) {
			gz_db_bind_int64(st, 3, created_by);
		}
		gz_db_bind_int64(st, 4, now);
		gz_db_bind_int64(st, 5, now + GZ_RESET_LIFETIME);
	}
	if ((rc = run(db, st)) != GZ_OK) {
		goto fail;
	}
	rc = gz_db_commit(db);
	goto out;
fail:
	gz_db_rollback(db);
out:
	if (rc != GZ_OK) {
		sodium_memzero(token, GZ_RESET_TOKEN_HEX + 1);
	}
	return rc;
}

/* The verdict on the link with this hash at now, and its user (see gz_reset_check). */
static enum gz_err
check_hash(struct gz_db *db, const unsigned char hash[32], int64_t now, int64_t *user_id)
{
	sqlite3_stmt *st;
	enum gz_err rc;
	int src;

	st = gz_db_stmt(db, "SELECT r.user_id, r.expires_at, r.used_at IS NOT NULL, u.disabled "
	                    "FROM password_resets r JOIN users u ON u.id = r.user_id "
	                    "WHERE r.token_hash = ?1");
	if (st == NULL) {
		return GZ_EDB;
	}
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_TRANSIENT);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		*user_id = sqlite3_column_int64(st, 0);
		if (sqlite3_column_int(st, 2) != 0 || sqlite3_column_int(st, 3) != 0) {
			rc = GZ_EPERM;
		} else if (sqlite3_column_int64(st, 1) <= now) {
			rc = GZ_ETIMEOUT;
		} else {
			rc = GZ_OK;
		}
	} else {
		rc = src == SQLITE_DONE ? GZ_ENOTFOUND : gz_db_error(db, src, "reset");
	}
	gz_db_reset(st);
	return rc;
}

enum gz_err
gz_reset_check(struct gz_db *db, const char *token, int64_t now, int64_t *user_id)
{
	unsigned char hash[32];

	*user_id = 0;
	if (!token_shape_ok(token)) {
		return GZ_ENOTFOUND;
	}
	token_hash(token, hash);
	return check_hash(db, hash, now, user_id);
}

enum gz_err
gz_reset_use(struct gz_db *db, const char *token, int64_t now, const char *password,
             int64_t *user_id, int *hash_busy)
{
	static const char *const ends[] = {
	    "DELETE FROM sessions WHERE user_id = ?1",
	    "DELETE FROM login_challenges WHERE user_id = ?1",
	};
	char pwhash[GZ_USER_HASH_MAX];
	unsigned char hash[32];
	sqlite3_stmt *st;
	enum gz_err rc;
	size_t i;

	*user_id = 0;
	*hash_busy = 0;
	if (!token_shape_ok(token)) {
		return GZ_ENOTFOUND;
	}
	token_hash(token, hash);
	/* Hash before the write lock: it takes a while on purpose. */
	if ((rc = gz_user_password_hash(password, pwhash, sizeof(pwhash))) != GZ_OK) {
		*hash_busy = rc == GZ_ENOMEM || rc == GZ_ETIMEOUT;
		return rc;
	}
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		goto out;
	}
	if ((rc = check_hash(db, hash, now, user_id)) != GZ_OK) {
		goto fail;
	}
	st = gz_db_stmt(db, "UPDATE password_resets SET used_at = ?2 WHERE token_hash = ?1");
	if (st != NULL) {
		sqlite3_bind_blob(st, 1, hash, sizeof(hash), SQLITE_TRANSIENT);
		gz_db_bind_int64(st, 2, now);
	}
	if ((rc = run(db, st)) != GZ_OK) {
		goto fail;
	}
	st = gz_db_stmt(db, "UPDATE users SET password_hash = ?2, password_changed_at = ?3 "
	                    "WHERE id = ?1");
	if (st != NULL) {
		gz_db_bind_int64(st, 1, *user_id);
		gz_db_bind_text(st, 2, pwhash);
		gz_db_bind_int64(st, 3, now);
	}
	if ((rc = run(db, st)) != GZ_OK) {
		goto fail;
	}
	for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		if ((st = gz_db_stmt(db, ends[i])) != NULL) {
			gz_db_bind_int64(st, 1, *user_id);
		}
		if ((rc = run(db, st)) != GZ_OK) {
			goto fail;
		}
	}
	rc = gz_db_commit(db);
	goto out;
fail:
	gz_db_rollback(db);
out:
	sodium_memzero(pwhash, sizeof(pwhash));
	return rc;
}
