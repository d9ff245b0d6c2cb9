/*
 * Staff sessions and login throttling over the sessions and login_attempts
 * tables.  Tokens are random, handed out once and stored only as keyed
 * BLAKE2b hashes; CSRF tokens are derived from a per-session secret that
 * never leaves the database.  It does not know about cookies, requests,
 * roles or what a failed login looks like to the reader: the guard and the
 * login handler in src/app do.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/session.h"
#include "gazette/settings.h"

#define CSRF_SECRET_BYTES 32
#define ATTEMPTS_KEEP 86400 /* login tries older than a day are deleted */

int64_t
gz_session_idle_seconds(struct gz_db *db)
{
	int64_t m = gz_setting_int(db, "session_idle_minutes", GZ_SESSION_IDLE_DEFAULT / 60);

	/* A nonsense setting must not make sessions immortal or useless. */
	if (m < 1 || m > 60 * 24 * 30) {
		m = GZ_SESSION_IDLE_DEFAULT / 60;
	}
	return m * 60;
}

int64_t
gz_session_max_seconds(struct gz_db *db)
{
	int64_t d = gz_setting_int(db, "session_max_days", GZ_SESSION_MAX_DEFAULT / 86400);

	if (d < 1 || d > 365) {
		d = GZ_SESSION_MAX_DEFAULT / 86400;
	}
	return d * 86400;
}

void
gz_session_hash(const unsigned char secret[32], const char *token,
                unsigned char out[GZ_SESSION_HASH_BYTES])
{
	crypto_generichash(out, GZ_SESSION_HASH_BYTES, (const unsigned char *)token, strlen(token),
	                   secret, 32);
}

/* The form token of a session: BLAKE2b of a fixed label keyed with its
 * CSRF secret, so the secret itself is never shown. */
static void
derive_csrf(const unsigned char *secret, size_t len, char out[GZ_SESSION_CSRF_HEX + 1])
{
	static const char label[] = "gazette csrf v1";
	unsigned char mac[GZ_SESSION_CSRF_HEX / 2];

	crypto_generichash(mac, sizeof(mac), (const unsigned char *)label, sizeof(label) - 1,
	                   secret, len);
	sodium_bin2hex(out, GZ_SESSION_CSRF_HEX + 1, mac, sizeof(mac));
}

/* Delete expired sessions; inside the caller's transaction. */
static enum gz_err
purge(struct gz_db *db, int64_t now)
{
	sqlite3_stmt *st;

	st = gz_db_stmt(db, "DELETE FROM sessions WHERE expires_at <= ?1 OR last_seen <= ?2");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, now);
	gz_db_bind_int64(st, 2, now - gz_session_idle_seconds(db));
	return gz_db_step_done(db, st);
}

enum gz_err
gz_session_purge(struct gz_db *db, int64_t now)
{
	enum gz_err rc;

	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	if ((rc = purge(db, now)) != GZ_OK) {
		gz_db_rollback(db);
		return rc;
	}
	return gz_db_commit(db);
}

/* Delete the row with this hash; inside the caller's transaction. */
static enum gz_err
delete_hash(struct gz_db *db, const unsigned char *hash)
{
	sqlite3_stmt *st;

	if ((st = gz_db_stmt(db, "DELETE FROM sessions WHERE token_hash = ?1")) == NULL) {
		return GZ_EDB;
	}
	sqlite3_bind_blob(st, 1, hash, GZ_SESSION_HASH_BYTES, SQLITE_TRANSIENT);
	return gz_db_step_done(db, st);
}

enum gz_err
gz_session_create(struct gz_db *db, const unsigned char secret[32], int64_t user_id, int64_t now,
                  const unsigned char *client_hash, const char *old_token,
                  char token[GZ_SESSION_TOKEN_HEX + 1], struct gz_session *s)
{
	unsigned char raw[GZ_SESSION_TOKEN_BYTES], hash[GZ_SESSION_HASH_BYTES],
	    old[GZ_SESSION_HASH_BYTES], csrf[CSRF_SECRET_BYTES];
	int64_t expires = now + gz_session_max_seconds(db);
	sqlite3_stmt *st;
	enum gz_err rc;

	randombytes_buf(raw, sizeof(raw));
	randombytes_buf(csrf, sizeof(csrf));
	sodium_bin2hex(token, GZ_SESSION_TOKEN_HEX + 1, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
	gz_session_hash(secret, token, hash);
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		goto out;
	}
	if (old_token != NULL) {
		gz_session_hash(secret, old_token, old);
		if ((rc = delete_hash(db, old)) != GZ_OK) {
			goto fail;
		}
	}
	if ((rc = purge(db, now)) != GZ_OK) {
		goto fail;
	}
	st = gz_db_stmt(db,
	                "INSERT INTO sessions (token_hash, user_id, csrf_secret, created_at, "
	                "last_seen, expires_at, client_hash) VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6)");
	if (st == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	sqlite3_bind_blob(st, 1, hash, sizeof(hash), SQLITE_TRANSIENT);
	gz_db_bind_int64(st, 2, user_id);
	sqlite3_bind_blob(st, 3, csrf, sizeof(csrf), SQLITE_TRANSIENT);
	gz_db_bind_int64(st, 4, now);
	gz_db_bind_int64(st, 5, expires);
	if (client_hash != NULL) {
		sqlite3_bind_blob(st, 6, client_hash, 16, SQLITE_TRANSIENT);
	}
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		goto fail;
	}
	if ((rc = gz_db_commit(db)) != GZ_OK) {
		goto out;
	}
	if (s != NULL) {
		memcpy(s->token_hash, hash, sizeof(hash));
		s->user_id = user_id;
		s->created_at = now;
		s->last_seen = now;
		s->expires_at = expires;
		derive_csrf(csrf, sizeof(csrf), s->csrf);
	}
	goto out;
fail:
	gz_db_rollback(db);
out:
	sodium_memzero(csrf, sizeof(csrf));
	if (rc != GZ_OK) {
		sodium_memzero(token, GZ_SESSION_TOKEN_HEX + 1);
	}
	return rc;
}

/* Write last_seen = now for the session with this hash. */
static enum gz_err
touch(struct gz_db *db, const unsigned char *hash, int64_t now)
{
	sqlite3_stmt *st;
	enum gz_err rc;

	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	st = gz_db_stmt(db, "UPDATE sessions SET last_seen = ?2 WHERE token_hash = ?1");
	if (st == NULL) {
		gz_db_rollback(db);
		return GZ_EDB;
	}
	sqlite3_bind_blob(st, 1, hash, GZ_SESSION_HASH_BYTES, SQLITE_TRANSIENT);
	gz_db_bind_int64(st, 2, now);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		gz_db_rollback(db);
		return rc;
	}
	return gz_db_commit(db);
}

enum gz_err
gz_session_lookup(struct gz_db *db, const unsigned char secret[32], const char *token, int64_t now,
                  struct gz_session *s)
{
	unsigned char hash[GZ_SESSION_HASH_BYTES];
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src, live = 0, found = 0;

	assert(token != NULL && s != NULL);
	/* Anything but 64 hex digits was never issued: skip the database. */
	if (strlen(token) != GZ_SESSION_TOKEN_HEX ||
	    strspn(token, "0123456789abcdef") != GZ_SESSION_TOKEN_HEX) {
		return GZ_ENOTFOUND;
	}
	gz_session_hash(secret, token, hash);
	st = gz_db_stmt(db,
	                "SELECT s.user_id, s.csrf_secret, s.created_at, s.last_seen, "
	                "s.expires_at, u.disabled FROM sessions s JOIN users u ON u.id = s.user_id "
	                "WHERE s.token_hash = ?1");
	if (st == NULL) {
		return GZ_EDB;
	}
	sqlite3_bind_blob(st, 1, hash, sizeof(hash), SQLITE_TRANSIENT);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		found = 1;
		memcpy(s->token_hash, hash, sizeof(hash));
		s->user_id = sqlite3_column_int64(st, 0);
		s->created_at = sqlite3_column_int64(st, 2);
		s->last_seen = sqlite3_column_int64(st, 3);
		s->expires_at = sqlite3_column_int64(st, 4);
		live = s->expires_at > now && s->last_seen > now - gz_session_idle_seconds(db) &&
		       sqlite3_column_int(st, 5) == 0;
		if (live) {
			derive_csrf(sqlite3_column_blob(st, 1), (size_t)sqlite3_column_bytes(st, 1),
			            s->csrf);
		}
	} else if (src != SQLITE_DONE) {
		rc = gz_db_error(db, src, "session");
	}
	gz_db_reset(st);
	if (rc != GZ_OK) {
		return rc;
	}
	if (!found) {
		return GZ_ENOTFOUND;
	}
	if (!live) {
		/* A dead session goes now; a disabled user's too (re-enabling
		 * the account must not bring old cookies back). */
		if (gz_db_begin(db) == GZ_OK) {
			if (delete_hash(db, hash) == GZ_OK) {
				gz_db_commit(db);
			} else {
				gz_db_rollback(db);
			}
		}
		memset(s, 0, sizeof(*s));
		return GZ_ENOTFOUND;
	}
	if (now - s->last_seen >= GZ_SESSION_TOUCH_EVERY) {
		/* Failing to record activity is not a reason to refuse the page. */
		(void)touch(db, hash, now);
	}
	return GZ_OK;
}

enum gz_err
gz_session_delete(struct gz_db *db, const unsigned char hash[GZ_SESSION_HASH_BYTES])
{
	enum gz_err rc;

	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	if ((rc = delete_hash(db, hash)) != GZ_OK) {
		gz_db_rollback(db);
		return rc;
	}
	return gz_db_commit(db);
}

enum gz_err
gz_session_revoke_user(struct gz_db *db, int64_t user_id, const unsigned char *keep)
{
	static const unsigned char none[GZ_SESSION_HASH_BYTES];
	sqlite3_stmt *st;
	enum gz_err rc;

	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	st = gz_db_stmt(db, "DELETE FROM sessions WHERE user_id = ?1 AND token_hash != ?2");
	if (st == NULL) {
		gz_db_rollback(db);
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, user_id);
	/* The all-zero hash is never a real one, so it keeps nothing. */
	sqlite3_bind_blob(st, 2, keep != NULL ? keep : none, GZ_SESSION_HASH_BYTES,
	                  SQLITE_TRANSIENT);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		gz_db_rollback(db);
		return rc;
	}
	return gz_db_commit(db);
}

int
gz_session_csrf_ok(const struct gz_session *s, const char *token)
{
	if (s == NULL || token == NULL || s->csrf[0] == '\0' ||
	    strlen(token) != GZ_SESSION_CSRF_HEX) {
		return 0;
	}
	return sodium_memcmp(s->csrf, token, GZ_SESSION_CSRF_HEX) == 0;
}

/* What a throttling count is kept for. */
enum scope {
	SCOPE_PAIR = 0, /* one account from one address */
	SCOPE_ACCOUNT,  /* one account from anywhere */
	SCOPE_CLIENT,   /* one address, whatever account */
};

/* Per scope: when delays start, their ceiling, and when a lock starts (session.h). */
static const struct {
	int slow_after; /* failures before delays start */
	int max_delay;  /* longest delay, seconds */
	int lock_after; /* failures that lock */
} limits[] = {
    [SCOPE_PAIR] = {GZ_LOGIN_SLOW_AFTER, GZ_LOGIN_LOCK_SECONDS, GZ_LOGIN_LOCK_AFTER},
    [SCOPE_ACCOUNT] = {GZ_LOGIN_ACCOUNT_SLOW_AFTER, GZ_LOGIN_ACCOUNT_MAX_DELAY,
                       GZ_LOGIN_ACCOUNT_LOCK_AFTER},
    [SCOPE_CLIENT] = {GZ_LOGIN_CLIENT_SLOW_AFTER, GZ_LOGIN_CLIENT_MAX_DELAY,
                      GZ_LOGIN_CLIENT_LOCK_AFTER},
};

/*
 * Failures within the window (after since), and the time of the newest,
 * for one scope: ?1 the login, ?2 the client hash, ?3 since.  For the pair
 * and the account a success in the same scope starts the count afresh;
 * not for the address, or anyone with an account could wipe an address's
 * count by logging in between guesses at other accounts.
 */
static const char *const scope_sql[] = {
    [SCOPE_PAIR] = "SELECT count(*), coalesce(max(at), 0) FROM login_attempts WHERE login = ?1 AND "
                   "client_hash = ?2 AND ok = 0 AND at > max(?3, coalesce((SELECT max(at) FROM "
                   "login_attempts WHERE login = ?1 AND client_hash = ?2 AND ok = 1), 0))",
    [SCOPE_ACCOUNT] =
        "SELECT count(*), coalesce(max(at), 0) FROM login_attempts WHERE login = ?1 AND ok = 0 "
        "AND at > max(?3, coalesce((SELECT max(at) FROM login_attempts WHERE login = ?1 AND "
        "ok = 1), 0)) AND ?2 IS NOT NULL",
    [SCOPE_CLIENT] =
        "SELECT count(*), coalesce(max(at), 0) FROM login_attempts WHERE client_hash = ?2 AND "
        "ok = 0 AND at > ?3 AND ?1 IS NOT NULL",
};

/* The failure count and newest failure of one scope (see scope_sql). */
static enum gz_err
failures(struct gz_db *db, enum scope sc, const char *login, const unsigned char *client,
         int64_t since, int64_t *count, int64_t *last)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	*count = 0;
	*last = 0;
	if ((st = gz_db_stmt(db, scope_sql[sc])) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, login);
	sqlite3_bind_blob(st, 2, client, 16, SQLITE_TRANSIENT);
	gz_db_bind_int64(st, 3, since);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		*count = sqlite3_column_int64(st, 0);
		*last = sqlite3_column_int64(st, 1);
	} else {
		rc = gz_db_error(db, src, "login attempts");
	}
	gz_db_reset(st);
	return rc;
}

int64_t
gz_session_login_delay(int64_t n, int slow_after, int max_delay, int lock_after, int *locked)
{
	int64_t shift;

	*locked = 0;
	if (n >= lock_after) {
		*locked = 1;
		return GZ_LOGIN_LOCK_SECONDS;
	}
	if (n < slow_after) {
		return 0;
	}
	/* Doubling per failure, but never longer than a lock. */
	shift = n - slow_after;
	if (shift > 9) {
		shift = 9;
	}
	if (((int64_t)GZ_LOGIN_DELAY_BASE << shift) > max_delay) {
		return max_delay;
	}
	return (int64_t)GZ_LOGIN_DELAY_BASE << shift;
}

int64_t
gz_session_login_wait(struct gz_db *db, const char *login, const unsigned char client_hash[16],
                      int64_t now, int *locked)
{
	int64_t n, last, wait = 0, w;
	int lk, sc;

	*locked = 0;
	for (sc = SCOPE_PAIR; sc <= SCOPE_CLIENT; sc++) {
		if (failures(db, (enum scope)sc, login, client_hash, now - GZ_LOGIN_WINDOW, &n,
		             &last) != GZ_OK) {
			continue;
		}
		w = last +
		    gz_session_login_delay(n, limits[sc].slow_after, limits[sc].max_delay,
		                           limits[sc].lock_after, &lk) -
		    now;
		if (w > wait) {
			wait = w;
			*locked = lk;
		}
	}
	return wait;
}

/* Login text safe for a log line: the valid login characters, else "?". */
static void
log_login(char *out, size_t outsz, const char *login)
{
	size_t i;

	for (i = 0; login[i] != '\0' && i + 1 < outsz; i++) {
		char c = login[i];

		out[i] = ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		          (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-')
		             ? c
		             : '?';
	}
	out[i] = '\0';
}

enum gz_err
gz_session_login_record(struct gz_db *db, const char *login, const unsigned char client_hash[16],
                        int64_t now, int ok)
{
	int64_t n[3] = {0, 0, 0}, last;
	char hex[33], name[40];
	sqlite3_stmt *st;
	enum gz_err rc;
	int sc;

	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	st = gz_db_stmt(db, "INSERT INTO login_attempts (login, client_hash, at, ok) "
	                    "VALUES (?1, ?2, ?3, ?4)");
	if (st == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_text(st, 1, login);
	sqlite3_bind_blob(st, 2, client_hash, 16, SQLITE_TRANSIENT);
	gz_db_bind_int64(st, 3, now);
	gz_db_bind_int64(st, 4, ok ? 1 : 0);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		goto fail;
	}
	if ((st = gz_db_stmt(db, "DELETE FROM login_attempts WHERE at < ?1")) == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_int64(st, 1, now - ATTEMPTS_KEEP);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		goto fail;
	}
	for (sc = SCOPE_PAIR; !ok && sc <= SCOPE_CLIENT; sc++) {
		(void)failures(db, (enum scope)sc, login, client_hash, now - GZ_LOGIN_WINDOW,
		               &n[sc], &last);
	}
	if ((rc = gz_db_commit(db)) != GZ_OK) {
		return rc;
	}
	/* Exactly the failure that reaches a threshold starts that lock. */
	log_login(name, sizeof(name), login);
	sodium_bin2hex(hex, sizeof(hex), client_hash, 16);
	if (n[SCOPE_PAIR] == limits[SCOPE_PAIR].lock_after && login[0] != '\0') {
		fprintf(stderr,
		        "gazette: login locked for account %s from client hash %s for %d seconds "
		        "after %d failures\n",
		        name, hex, GZ_LOGIN_LOCK_SECONDS, limits[SCOPE_PAIR].lock_after);
	}
	if (n[SCOPE_ACCOUNT] == limits[SCOPE_ACCOUNT].lock_after && login[0] != '\0') {
		fprintf(stderr,
		        "gazette: login locked for account %s for %d seconds after %d failures\n",
		        name, GZ_LOGIN_LOCK_SECONDS, limits[SCOPE_ACCOUNT].lock_after);
	}
	if (n[SCOPE_CLIENT] == limits[SCOPE_CLIENT].lock_after) {
		fprintf(
		    stderr,
		    "gazette: login locked for client hash %s for %d seconds after %d failures\n",
		    hex, GZ_LOGIN_LOCK_SECONDS, limits[SCOPE_CLIENT].lock_after);
	}
	return GZ_OK;
fail:
	gz_db_rollback(db);
	return rc;
}
