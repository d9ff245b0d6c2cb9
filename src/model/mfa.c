/*
 * The staff second factor over user_totp, user_recovery_codes,
 * login_challenges and three settings (gazette/mfa.h).  Codes are checked
 * with gazette/totp.h (liboath); the replay guard is a compare-and-set on
 * last_step inside the same transaction as the check, so two requests
 * racing with one code cannot both pass.  Recovery codes and challenge
 * tokens are stored as BLAKE2b-256 hashes (recovery codes salted with the
 * user id).  It knows nothing of cookies, forms or the audit log.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "gazette/arena.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/mfa.h"
#include "gazette/settings.h"
#include "gazette/user.h"

/* Letters of recovery codes: no 0/o, 1/l/i, so they read back unambiguously. */
static const char code_alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";

/* Run st (bound by the caller) to completion; the caller's transaction. */
static enum gz_err
run(struct gz_db *db, sqlite3_stmt *st)
{
	return st == NULL ? GZ_EDB : gz_db_step_done(db, st);
}

/* The stored hash of a token (unkeyed: 256 random bits need no key). */
static void
token_hash(const char *token, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)token, strlen(token), NULL, 0);
}

/* The stored hash of a normalised recovery code for user_id. */
static void
code_hash(int64_t user_id, const char *norm, unsigned char out[32])
{
	crypto_generichash_state s;
	char salt[32];

	snprintf(salt, sizeof(salt), "gazette rc %lld:", (long long)user_id);
	crypto_generichash_init(&s, NULL, 0, 32);
	crypto_generichash_update(&s, (const unsigned char *)salt, strlen(salt));
	crypto_generichash_update(&s, (const unsigned char *)norm, strlen(norm));
	crypto_generichash_final(&s, out, 32);
}

/*
 * A typed recovery code without dashes and spaces, lowercased, into out
 * (GZ_MFA_CODE_CHARS + 1): 0, or -1 when it is not GZ_MFA_CODE_CHARS
 * letters of the code alphabet.
 */
static int
normalise_code(const char *in, char out[GZ_MFA_CODE_CHARS + 1])
{
	size_t n = 0;

	for (; *in != '\0'; in++) {
		char ch = *in;

		if (ch == '-' || ch == ' ') {
			continue;
		}
		if (ch >= 'A' && ch <= 'Z') {
			ch = (char)(ch - 'A' + 'a');
		}
		if (n >= GZ_MFA_CODE_CHARS || strchr(code_alphabet, ch) == NULL || ch == '\0') {
			return -1;
		}
		out[n++] = ch;
	}
	out[n] = '\0';
	return n == GZ_MFA_CODE_CHARS ? 0 : -1;
}

enum gz_err
gz_mfa_get(struct gz_db *db, int64_t user_id, struct gz_mfa_state *st)
{
	sqlite3_stmt *q;
	enum gz_err rc = GZ_OK;
	int src;

	memset(st, 0, sizeof(*st));
	q = gz_db_stmt(db, "SELECT t.active, coalesce(t.confirmed_at, 0), t.secret, (SELECT "
	                   "count(*) FROM user_recovery_codes c WHERE c.user_id = t.user_id AND "
	                   "c.used_at IS NULL) FROM user_totp t WHERE t.user_id = ?1");
	if (q == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(q, 1, user_id);
	src = sqlite3_step(q);
	if (src == SQLITE_ROW && sqlite3_column_bytes(q, 2) == GZ_TOTP_SECRET_BYTES) {
		st->active = sqlite3_column_int(q, 0) != 0;
		st->confirmed_at = sqlite3_column_int64(q, 1);
		memcpy(st->secret, sqlite3_column_blob(q, 2), GZ_TOTP_SECRET_BYTES);
		st->codes_left = sqlite3_column_int(q, 3);
	} else if (src == SQLITE_ROW || src == SQLITE_DONE) {
		rc = GZ_ENOTFOUND;
	} else {
		rc = gz_db_error(db, src, "totp");
	}
	gz_db_reset(q);
	return rc;
}

enum gz_err
gz_mfa_begin(struct gz_db *db, int64_t user_id, int64_t now,
             unsigned char secret[GZ_TOTP_SECRET_BYTES])
{
	struct gz_mfa_state cur;
	sqlite3_stmt *st;
	enum gz_err rc;

	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	rc = gz_mfa_get(db, user_id, &cur);
	if (rc == GZ_OK) {
		if (cur.active) {
			rc = GZ_EPERM;
			goto fail;
		}
		/* The same pending key on every visit, so a reload does not
		 * invalidate what the user already scanned. */
		memcpy(secret, cur.secret, GZ_TOTP_SECRET_BYTES);
		sodium_memzero(&cur, sizeof(cur));
		return gz_db_commit(db);
	}
	if (rc != GZ_ENOTFOUND) {
		goto fail;
	}
	randombytes_buf(secret, GZ_TOTP_SECRET_BYTES);
	st =
	    gz_db_stmt(db, "INSERT INTO user_totp (user_id, secret, active, last_step, created_at) "
	                   "VALUES (?1, ?2, 0, 0, ?3)");
	if (st != NULL) {
		gz_db_bind_int64(st, 1, user_id);
		sqlite3_bind_blob(st, 2, secret, GZ_TOTP_SECRET_BYTES, SQLITE_TRANSIENT);
		gz_db_bind_int64(st, 3, now);
	}
	if ((rc = run(db, st)) != GZ_OK) {
		goto fail;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}

/* Replace user_id's recovery codes with fresh ones, shown into codes; caller's transaction. */
static enum gz_err
new_codes(struct gz_db *db, int64_t user_id, char codes[GZ_MFA_CODES][GZ_MFA_CODE_TEXT])
{
	char norm[GZ_MFA_CODE_CHARS + 1];
	unsigned char hash[32];
	sqlite3_stmt *st;
	enum gz_err rc;
	int i, j, o;

	if ((st = gz_db_stmt(db, "DELETE FROM user_recovery_codes WHERE user_id = ?1")) != NULL) {
		gz_db_bind_int64(st, 1, user_id);
	}
	if ((rc = run(db, st)) != GZ_OK) {
		return rc;
	}
	for (i = 0; i < GZ_MFA_CODES; i++) {
		for (j = 0, o = 0; j < GZ_MFA_CODE_CHARS; j++) {
			norm[j] = code_alphabet[randombytes_uniform(sizeof(code_alphabet) - 1)];
			if (j > 0 && j % 4 == 0) {
				codes[i][o++] = '-';
			}
			codes[i][o++] = norm[j];
		}
		norm[GZ_MFA_CODE_CHARS] = '\0';
		codes[i][o] = '\0';
		code_hash(user_id, norm, hash);
		/* OR IGNORE: two equal codes of 59 bits would only mean nine codes. */
		st =
		    gz_db_stmt(db, "INSERT OR IGNORE INTO user_recovery_codes (user_id, code_hash) "
		                   "VALUES (?1, ?2)");
		if (st != NULL) {
			gz_db_bind_int64(st, 1, user_id);
			sqlite3_bind_blob(st, 2, hash, sizeof(hash), SQLITE_TRANSIENT);
		}
		if ((rc = run(db, st)) != GZ_OK) {
			return rc;
		}
	}
	sodium_memzero(norm, sizeof(norm));
	return GZ_OK;
}

enum gz_err
gz_mfa_confirm(struct gz_db *db, int64_t user_id, const char *code, int64_t now,
               char codes[GZ_MFA_CODES][GZ_MFA_CODE_TEXT])
{
	struct gz_mfa_state cur;
	sqlite3_stmt *st;
	enum gz_err rc;
	int64_t step;

	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	if ((rc = gz_mfa_get(db, user_id, &cur)) != GZ_OK) {
		goto fail;
	}
	if (cur.active) {
		rc = GZ_EPERM;
		goto fail;
	}
	if ((step = gz_totp_match(cur.secret, sizeof(cur.secret), now, code, 0)) == 0) {
		rc = GZ_EPERM;
		goto fail;
	}
	st = gz_db_stmt(db, "UPDATE user_totp SET active = 1, last_step = ?2, confirmed_at = ?3 "
	                    "WHERE user_id = ?1");
	if (st != NULL) {
		gz_db_bind_int64(st, 1, user_id);
		gz_db_bind_int64(st, 2, step);
		gz_db_bind_int64(st, 3, now);
	}
	if ((rc = run(db, st)) != GZ_OK || (rc = new_codes(db, user_id, codes)) != GZ_OK) {
		goto fail;
	}
	sodium_memzero(&cur, sizeof(cur));
	return gz_db_commit(db);
fail:
	sodium_memzero(&cur, sizeof(cur));
	gz_db_rollback(db);
	return rc;
}

/* Use a recovery code of user_id; caller's transaction.  GZ_OK or GZ_EPERM. */
static enum gz_err
use_code(struct gz_db *db, int64_t user_id, const char *typed, int64_t now)
{
	char norm[GZ_MFA_CODE_CHARS + 1];
	unsigned char hash[32];
	sqlite3_stmt *st;
	enum gz_err rc;

	if (normalise_code(typed, norm) != 0) {
		return GZ_EPERM;
	}
	code_hash(user_id, norm, hash);
	sodium_memzero(norm, sizeof(norm));
	st = gz_db_stmt(db, "UPDATE user_recovery_codes SET used_at = ?3 WHERE user_id = ?1 AND "
	                    "code_hash = ?2 AND used_at IS NULL");
	if (st != NULL) {
		gz_db_bind_int64(st, 1, user_id);
		sqlite3_bind_blob(st, 2, hash, sizeof(hash), SQLITE_TRANSIENT);
		gz_db_bind_int64(st, 3, now);
	}
	if ((rc = run(db, st)) != GZ_OK) {
		return rc;
	}
	return sqlite3_changes(gz_db_handle(db)) == 1 ? GZ_OK : GZ_EPERM;
}

enum gz_err
gz_mfa_verify(struct gz_db *db, int64_t user_id, const char *code, int64_t now, int *recovery)
{
	struct gz_mfa_state cur;
	sqlite3_stmt *st;
	enum gz_err rc;
	int64_t last = 0, step;
	int src;

	*recovery = 0;
	if (code == NULL) {
		return GZ_EPERM;
	}
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	if ((rc = gz_mfa_get(db, user_id, &cur)) != GZ_OK || !cur.active) {
		rc = rc == GZ_OK ? GZ_ENOTFOUND : rc;
		goto fail;
	}
	if (strlen(code) != GZ_TOTP_DIGITS || strspn(code, "0123456789") != GZ_TOTP_DIGITS) {
		*recovery = 1;
		if ((rc = use_code(db, user_id, code, now)) != GZ_OK) {
			goto fail;
		}
		sodium_memzero(&cur, sizeof(cur));
		return gz_db_commit(db);
	}
	if ((st = gz_db_stmt(db, "SELECT last_step FROM user_totp WHERE user_id = ?1")) == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_int64(st, 1, user_id);
	if ((src = sqlite3_step(st)) == SQLITE_ROW) {
		last = sqlite3_column_int64(st, 0);
	}
	gz_db_reset(st);
	if ((step = gz_totp_match(cur.secret, sizeof(cur.secret), now, code, last)) == 0) {
		rc = GZ_EPERM;
		goto fail;
	}
	st = gz_db_stmt(db, "UPDATE user_totp SET last_step = ?2 WHERE user_id = ?1 AND "
	                    "last_step < ?2");
	if (st != NULL) {
		gz_db_bind_int64(st, 1, user_id);
		gz_db_bind_int64(st, 2, step);
	}
	if ((rc = run(db, st)) != GZ_OK) {
		goto fail;
	}
	if (sqlite3_changes(gz_db_handle(db)) != 1) {
		rc = GZ_EPERM;
		goto fail;
	}
	sodium_memzero(&cur, sizeof(cur));
	return gz_db_commit(db);
fail:
	sodium_memzero(&cur, sizeof(cur));
	gz_db_rollback(db);
	return rc;
}

enum gz_err
gz_mfa_disable(struct gz_db *db, int64_t user_id)
{
	static const char *const sql[] = {
	    "DELETE FROM user_totp WHERE user_id = ?1",
	    "DELETE FROM user_recovery_codes WHERE user_id = ?1",
	};
	sqlite3_stmt *st;
	enum gz_err rc;
	size_t i;

	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	for (i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		if ((st = gz_db_stmt(db, sql[i])) != NULL) {
			gz_db_bind_int64(st, 1, user_id);
		}
		if ((rc = run(db, st)) != GZ_OK) {
			gz_db_rollback(db);
			return rc;
		}
	}
	return gz_db_commit(db);
}

/* The setting key for role's requirement into key (32 bytes); -1 for an unknown role. */
static int
required_key(const char *role, char key[32])
{
	if (!gz_user_role_valid(role)) {
		return -1;
	}
	snprintf(key, 32, "totp_required_%s", role);
	return 0;
}

int
gz_mfa_required(struct gz_db *db, const char *role)
{
	char key[32];

	return required_key(role, key) == 0 && gz_setting_int(db, key, 0) == 1;
}

enum gz_err
gz_mfa_set_required(struct gz_db *db, const char *role, int required)
{
	char key[32];

	if (required_key(role, key) != 0) {
		return GZ_EINVAL;
	}
	return gz_setting_set(db, key, required ? "1" : "0");
}

enum gz_err
gz_mfa_challenge_create(struct gz_db *db, int64_t user_id, const char *login,
                        const unsigned char client[16], const char *next, int64_t now,
                        char token[GZ_MFA_TOKEN_HEX + 1])
{
	unsigned char raw[GZ_MFA_TOKEN_HEX / 2], hash[32];
	sqlite3_stmt *st;
	enum gz_err rc;

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(token, GZ_MFA_TOKEN_HEX + 1, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
	token_hash(token, hash);
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	if ((st = gz_db_stmt(db, "DELETE FROM login_challenges WHERE expires_at <= ?1")) != NULL) {
		gz_db_bind_int64(st, 1, now);
	}
	if ((rc = run(db, st)) != GZ_OK) {
		goto fail;
	}
	st =
	    gz_db_stmt(db, "INSERT INTO login_challenges (token_hash, user_id, client_hash, login, "
	                   "next, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	if (st != NULL) {
		sqlite3_bind_blob(st, 1, hash, sizeof(hash), SQLITE_TRANSIENT);
		gz_db_bind_int64(st, 2, user_id);
		sqlite3_bind_blob(st, 3, client, 16, SQLITE_TRANSIENT);
		gz_db_bind_text(st, 4, login);
		gz_db_bind_text(st, 5, next);
		gz_db_bind_int64(st, 6, now);
		gz_db_bind_int64(st, 7, now + GZ_MFA_CHALLENGE_LIFETIME);
	}
	if ((rc = run(db, st)) != GZ_OK) {
		goto fail;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	sodium_memzero(token, GZ_MFA_TOKEN_HEX + 1);
	return rc;
}

/* 1 when token has the shape of one we made. */
static int
token_shape_ok(const char *token)
{
	return token != NULL && strlen(token) == GZ_MFA_TOKEN_HEX &&
	       strspn(token, "0123456789abcdef") == GZ_MFA_TOKEN_HEX;
}

enum gz_err
gz_mfa_challenge_get(struct gz_db *db, struct gz_arena *arena, const char *token, int64_t now,
                     struct gz_mfa_challenge *ch)
{
	unsigned char hash[32];
	sqlite3_stmt *st;
	enum gz_err rc = GZ_ENOTFOUND;
	int src;

	memset(ch, 0, sizeof(*ch));
	if (!token_shape_ok(token)) {
		return GZ_ENOTFOUND;
	}
	token_hash(token, hash);
	st = gz_db_stmt(db, "SELECT user_id, client_hash, login, next, tries FROM login_challenges "
	                    "WHERE token_hash = ?1 AND expires_at > ?2 AND tries < ?3");
	if (st == NULL) {
		return GZ_EDB;
	}
	sqlite3_bind_blob(st, 1, hash, sizeof(hash), SQLITE_TRANSIENT);
	gz_db_bind_int64(st, 2, now);
	gz_db_bind_int64(st, 3, GZ_MFA_CHALLENGE_TRIES);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW && sqlite3_column_bytes(st, 1) == 16) {
		ch->user_id = sqlite3_column_int64(st, 0);
		memcpy(ch->client, sqlite3_column_blob(st, 1), 16);
		ch->login = gz_db_col_text(arena, st, 2);
		ch->next = gz_db_col_text(arena, st, 3);
		ch->tries = sqlite3_column_int(st, 4);
		rc = ch->login != NULL && ch->next != NULL ? GZ_OK : GZ_ENOMEM;
	} else if (src != SQLITE_ROW && src != SQLITE_DONE) {
		rc = gz_db_error(db, src, "login challenge");
	}
	gz_db_reset(st);
	return rc;
}

enum gz_err
gz_mfa_challenge_fail(struct gz_db *db, const char *token, int *ended)
{
	unsigned char hash[32];
	sqlite3_stmt *st;
	enum gz_err rc;

	*ended = 0;
	token_hash(token, hash);
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	st = gz_db_stmt(db, "UPDATE login_challenges SET tries = tries + 1 WHERE token_hash = ?1");
	if (st != NULL) {
		sqlite3_bind_blob(st, 1, hash, sizeof(hash), SQLITE_TRANSIENT);
	}
	if ((rc = run(db, st)) != GZ_OK) {
		goto fail;
	}
	st = gz_db_stmt(db, "DELETE FROM login_challenges WHERE token_hash = ?1 AND tries >= ?2");
	if (st != NULL) {
		sqlite3_bind_blob(st, 1, hash, sizeof(hash), SQLITE_TRANSIENT);
		gz_db_bind_int64(st, 2, GZ_MFA_CHALLENGE_TRIES);
	}
	if ((rc = run(db, st)) != GZ_OK) {
		goto fail;
	}
	*ended = sqlite3_changes(gz_db_handle(db)) > 0;
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}

enum gz_err
gz_mfa_challenge_delete(struct gz_db *db, const char *token)
{
	unsigned char hash[32];
	sqlite3_stmt *st;
	enum gz_err rc;

	token_hash(token, hash);
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	if ((st = gz_db_stmt(db, "DELETE FROM login_challenges WHERE token_hash = ?1")) != NULL) {
		sqlite3_bind_blob(st, 1, hash, sizeof(hash), SQLITE_TRANSIENT);
	}
	if ((rc = run(db, st)) != GZ_OK) {
		gz_db_rollback(db);
		return rc;
	}
	return gz_db_commit(db);
}
