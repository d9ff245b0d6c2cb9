/*
 * Staff accounts over the users table: creation with validation, lookup,
 * listing, profile, role, password and disabled-flag changes (never
 * leaving the site without an enabled admin),
 * and password checks with libsodium's argon2id.  It does not know about
 * sessions, cookies or login throttling (session.c and the login handler
 * do), nor what each role may do.
 */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "gazette/clock.h"
#include "gazette/arena.h"
#include "gazette/db.h"
#include "gazette/user.h"

#define USER_COLUMNS "id, login, display_name, email, bio, role, disabled, created_at"

/* Hash checked when the login is unknown, so the timing matches a real one. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void
make_dummy_hash(void)
{
	char pw[GZ_USER_RANDOM_PASSWORD_LEN + 1];

	gz_user_random_password(pw, sizeof(pw));
	if (crypto_pwhash_str(dummy_hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		dummy_hash[0] = '\0';
	}
	sodium_memzero(pw, sizeof(pw));
}

int
gz_user_login_valid(const char *login)
{
	size_t n;
	char c;

	for (n = 0; (c = login[n]) != '\0'; n++) {
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.' || c == '-')) {
			return 0;
		}
	}
	return n >= 1 && n <= GZ_USER_LOGIN_MAX;
}

int
gz_user_role_valid(const char *role)
{
	return role != NULL && (strcmp(role, "admin") == 0 || strcmp(role, "editor") == 0 ||
	                        strcmp(role, "author") == 0);
}

/*
 * Whether s is valid UTF-8 (shortest form, no surrogates, at most
 * U+10FFFF) without C0/C1 control characters or DEL.
 */
static int
text_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned int cp, min;
	int i, len;

	while (*p != '\0') {
		if (*p < 0x80) {
			if (*p < 0x20 || *p == 0x7f) {
				return 0;
			}
			p++;
			continue;
		}
		if ((*p & 0xe0) == 0xc0) {
			len = 2, min = 0x80, cp = *p & 0x1f;
		} else if ((*p & 0xf0) == 0xe0) {
			len = 3, min = 0x800, cp = *p & 0x0f;
		} else if ((*p & 0xf8) == 0xf0) {
			len = 4, min = 0x10000, cp = *p & 0x07;
		} else {
			return 0;
		}
		for (i = 1; i < len; i++) {
			if ((p[i] & 0xc0) != 0x80) {
				return 0;
			}
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
		    (cp >= 0x80 && cp <= 0x9f)) {
			return 0;
		}
		p += len;
	}
	return 1;
}

void
gz_user_random_password(char *out, size_t outsz)
{
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyz"
	                               "ABCDEFGHJKLMNPQRSTUVWXYZ"
	                               "23456789";
	size_t i;

	assert(outsz > GZ_USER_RANDOM_PASSWORD_LEN);
	if (sodium_init() < 0) {
		/* randombytes still works: it opens its source on first use. */
	}
	for (i = 0; i < GZ_USER_RANDOM_PASSWORD_LEN && i + 1 < outsz; i++) {
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	}
	out[i] = '\0';
}

enum gz_err
gz_user_add(struct gz_db *db, const char *login, const char *display_name, const char *role,
            const char *password, int64_t *id)
{
	char hash[crypto_pwhash_STRBYTES];
	char folded[GZ_USER_LOGIN_MAX + 1];
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	size_t i, pwlen;
	int began = 0;

	assert(login != NULL);
	if (!gz_user_login_valid(login) || !gz_user_role_valid(role)) {
		return GZ_EINVAL;
	}
	for (i = 0; login[i] != '\0'; i++) {
		folded[i] =
		    (login[i] >= 'A' && login[i] <= 'Z') ? (char)(login[i] - 'A' + 'a') : login[i];
	}
	folded[i] = '\0';
	if (display_name == NULL || display_name[0] == '\0') {
		display_name = folded;
	}
	if (strlen(display_name) > GZ_USER_NAME_MAX || !text_valid(display_name)) {
		return GZ_EINVAL;
	}
	if (password != NULL) {
		pwlen = strlen(password);
		if (pwlen < GZ_USER_PASSWORD_MIN || pwlen > GZ_USER_PASSWORD_MAX) {
			return GZ_EINVAL;
		}
		if (sodium_init() < 0) {
			return GZ_ENOMEM;
		}
		/* Hash before taking the write lock: it takes a while on purpose. */
		if (crypto_pwhash_str_alg(hash, password, pwlen, crypto_pwhash_OPSLIMIT_INTERACTIVE,
		                          crypto_pwhash_MEMLIMIT_INTERACTIVE,
		                          crypto_pwhash_ALG_ARGON2ID13) != 0) {
			return GZ_ENOMEM;
		}
	}
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		goto fail;
	}
	began = 1;
	st = gz_db_stmt(db, "INSERT INTO users (login, display_name, role, password_hash, "
	                    "created_at, password_changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)");
	if (st == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_text(st, 1, folded);
	gz_db_bind_text(st, 2, display_name);
	gz_db_bind_text(st, 3, role);
	gz_db_bind_text(st, 4, password != NULL ? hash : NULL);
	gz_db_bind_int64(st, 5, (int64_t)gz_clock_now());
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		goto fail;
	}
	if (id != NULL) {
		*id = (int64_t)sqlite3_last_insert_rowid(gz_db_handle(db));
	}
	if ((rc = gz_db_bump(db)) != GZ_OK) {
		goto fail;
	}
	rc = gz_db_commit(db);
	began = 0;
	if (rc != GZ_OK) {
		goto fail;
	}
	sodium_memzero(hash, sizeof(hash));
	return GZ_OK;
fail:
	if (began) {
		gz_db_rollback(db);
	}
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

/* Fill u from a row selected with USER_COLUMNS (first column 0). */
static enum gz_err
fill_user(struct gz_arena *arena, sqlite3_stmt *st, struct gz_user *u)
{
	u->id = sqlite3_column_int64(st, 0);
	u->login = gz_db_col_text(arena, st, 1);
	u->display_name = gz_db_col_text(arena, st, 2);
	u->email = gz_db_col_text(arena, st, 3);
	u->bio = gz_db_col_text(arena, st, 4);
	u->role = gz_db_col_text(arena, st, 5);
	u->disabled = sqlite3_column_int(st, 6) != 0;
	u->created_at = sqlite3_column_int64(st, 7);
	if (u->login == NULL || u->display_name == NULL || u->email == NULL || u->bio == NULL ||
	    u->role == NULL) {
		return GZ_ENOMEM;
	}
	return GZ_OK;
}

/* Step st, a query for at most one user, and fill u. */
static enum gz_err
one_user(struct gz_db *db, struct gz_arena *arena, sqlite3_stmt *st, struct gz_user *u)
{
	enum gz_err rc;
	int src;

	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		rc = fill_user(arena, st, u);
	} else if (src == SQLITE_DONE) {
		rc = GZ_ENOTFOUND;
	} else {
		rc = gz_db_error(db, src, "user");
	}
	gz_db_reset(st);
	return rc;
}

enum gz_err
gz_user_by_login(struct gz_db *db, struct gz_arena *arena, const char *login, struct gz_user *u)
{
	sqlite3_stmt *st;

	if ((st = gz_db_stmt(db, "SELECT " USER_COLUMNS " FROM users WHERE login = ?1")) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, login);
	return one_user(db, arena, st, u);
}

enum gz_err
gz_user_by_id(struct gz_db *db, struct gz_arena *arena, int64_t id, struct gz_user *u)
{
	sqlite3_stmt *st;

	if ((st = gz_db_stmt(db, "SELECT " USER_COLUMNS " FROM users WHERE id = ?1")) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	return one_user(db, arena, st, u);
}

enum gz_err
gz_user_verify_password(struct gz_db *db, struct gz_arena *arena, const char *login,
                        const char *password, struct gz_user *u)
{
	char hash[crypto_pwhash_STRBYTES];
	const unsigned char *h;
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src, found = 0, ok;
	size_t pwlen;

	assert(login != NULL && password != NULL);
	(void)pthread_once(&dummy_once, make_dummy_hash);
	hash[0] = '\0';
	st = gz_db_stmt(db, "SELECT " USER_COLUMNS ", password_hash FROM users WHERE login = ?1");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, login);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		h = sqlite3_column_text(st, 8);
		if (h != NULL && sqlite3_column_bytes(st, 8) < (int)sizeof(hash) &&
		    sqlite3_column_int(st, 6) == 0) {
			memcpy(hash, h, (size_t)sqlite3_column_bytes(st, 8) + 1);
			found = 1;
			rc = fill_user(arena, st, u);
		}
	} else if (src != SQLITE_DONE) {
		rc = gz_db_error(db, src, "user");
	}
	gz_db_reset(st);
	if (rc != GZ_OK) {
		return rc;
	}
	/* The same work whether or not the account can log in. */
	pwlen = strlen(password);
	if (pwlen > GZ_USER_PASSWORD_MAX) {
		pwlen = GZ_USER_PASSWORD_MAX;
		found = 0;
	}
	ok = crypto_pwhash_str_verify(found ? hash : dummy_hash, password, pwlen) == 0;
	sodium_memzero(hash, sizeof(hash));
	return found && ok ? GZ_OK : GZ_EPERM;
}

enum gz_err
gz_user_list(struct gz_db *db, struct gz_arena *arena, struct gz_user **items, size_t *nitems)
{
	struct gz_user *v = NULL, *nv;
	size_t n = 0, cap = 0;
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	*items = NULL;
	*nitems = 0;
	if ((st = gz_db_stmt(db, "SELECT " USER_COLUMNS " FROM users ORDER BY login")) == NULL) {
		return GZ_EDB;
	}
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			nv = gz_arena_grow(arena, v, n, &cap, sizeof(*v), 16);
			if (nv == NULL) {
				rc = GZ_ENOMEM;
				break;
			}
			v = nv;
		}
		if ((rc = fill_user(arena, st, &v[n])) != GZ_OK) {
			break;
		}
		n++;
	}
	if (rc == GZ_OK && src != SQLITE_DONE) {
		rc = gz_db_error(db, src, "user list");
	}
	gz_db_reset(st);
	if (rc == GZ_OK) {
		*items = v;
		*nitems = n;
	}
	return rc;
}

int
gz_user_email_valid(const char *email)
{
	const char *at;
	size_t n = strlen(email), i;

	if (n == 0) {
		return 1;
	}
	if (n > GZ_USER_EMAIL_MAX) {
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (email[i] <= ' ' || email[i] >= 0x7f) {
			return 0;
		}
	}
	at = strchr(email, '@');
	return at != NULL && at != email && at[1] != '\0' && strchr(at + 1, '@') == NULL;
}

/*
 * Enabled admins other than user id; the guard for changes that could
 * leave the site with nobody able to manage it.  -1 on error.
 */
static int64_t
other_admins(struct gz_db *db, int64_t id)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	st = gz_db_stmt(db, "SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0 "
	                    "AND password_hash IS NOT NULL AND id != ?1");
	if (st == NULL) {
		return -1;
	}
	gz_db_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_int64(st, 0);
	}
	gz_db_reset(st);
	return n;
}

/* The role and disabled flag of user id, inside the caller's transaction. */
static enum gz_err
current_role(struct gz_db *db, int64_t id, char *role, size_t rolesz, int *disabled)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_ENOTFOUND;
	int src;

	if ((st = gz_db_stmt(db, "SELECT role, disabled FROM users WHERE id = ?1")) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		snprintf(role, rolesz, "%s", (const char *)sqlite3_column_text(st, 0));
		*disabled = sqlite3_column_int(st, 1) != 0;
		rc = GZ_OK;
	} else if (src != SQLITE_DONE) {
		rc = gz_db_error(db, src, "user");
	}
	gz_db_reset(st);
	return rc;
}

enum gz_err
gz_user_update(struct gz_db *db, int64_t id, const char *display_name, const char *email,
               const char *role)
{
	char old_role[16];
	sqlite3_stmt *st;
	enum gz_err rc;
	int disabled;

	assert(display_name != NULL && email != NULL);
	if (display_name[0] == '\0' || strlen(display_name) > GZ_USER_NAME_MAX ||
	    !text_valid(display_name) || !gz_user_email_valid(email) ||
	    (role != NULL && !gz_user_role_valid(role))) {
		return GZ_EINVAL;
	}
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	if ((rc = current_role(db, id, old_role, sizeof(old_role), &disabled)) != GZ_OK) {
		goto fail;
	}
	/* Demoting the last admin would lock everyone out of the admin pages. */
	if (role != NULL && strcmp(old_role, "admin") == 0 && strcmp(role, "admin") != 0 &&
	    !disabled && other_admins(db, id) == 0) {
		rc = GZ_EPERM;
		goto fail;
	}
	st = gz_db_stmt(db, "UPDATE users SET display_name = ?2, email = ?3, "
	                    "role = coalesce(?4, role) WHERE id = ?1");
	if (st == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_int64(st, 1, id);
	gz_db_bind_text(st, 2, display_name);
	gz_db_bind_text(st, 3, email);
	gz_db_bind_text(st, 4, role);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK || (rc = gz_db_bump(db)) != GZ_OK) {
		goto fail;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}

enum gz_err
gz_user_set_password(struct gz_db *db, int64_t id, const char *password)
{
	char hash[crypto_pwhash_STRBYTES];
	sqlite3_stmt *st;
	enum gz_err rc;
	size_t pwlen;

	assert(password != NULL);
	pwlen = strlen(password);
	if (pwlen < GZ_USER_PASSWORD_MIN || pwlen > GZ_USER_PASSWORD_MAX) {
		return GZ_EINVAL;
	}
	if (sodium_init() < 0) {
		return GZ_ENOMEM;
	}
	/* Hash before taking the write lock: it takes a while on purpose. */
	if (crypto_pwhash_str_alg(hash, password, pwlen, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                          crypto_pwhash_MEMLIMIT_INTERACTIVE,
	                          crypto_pwhash_ALG_ARGON2ID13) != 0) {
		return GZ_ENOMEM;
	}
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		goto out;
	}
	st = gz_db_stmt(db, "UPDATE users SET password_hash = ?2, password_changed_at = ?3 "
	                    "WHERE id = ?1");
	if (st == NULL) {
		rc = GZ_EDB;
		gz_db_rollback(db);
		goto out;
	}
	gz_db_bind_int64(st, 1, id);
	gz_db_bind_text(st, 2, hash);
	gz_db_bind_int64(st, 3, (int64_t)gz_clock_now());
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		gz_db_rollback(db);
		goto out;
	}
	if (sqlite3_changes(gz_db_handle(db)) == 0) {
		rc = GZ_ENOTFOUND;
		gz_db_rollback(db);
		goto out;
	}
	rc = gz_db_commit(db);
out:
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

enum gz_err
gz_user_set_disabled(struct gz_db *db, int64_t id, int disabled)
{
	char role[16];
	sqlite3_stmt *st;
	enum gz_err rc;
	int was;

	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	if ((rc = current_role(db, id, role, sizeof(role), &was)) != GZ_OK) {
		goto fail;
	}
	if (disabled && !was && strcmp(role, "admin") == 0 && other_admins(db, id) == 0) {
		rc = GZ_EPERM;
		goto fail;
	}
	if ((st = gz_db_stmt(db, "UPDATE users SET disabled = ?2 WHERE id = ?1")) == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_int64(st, 1, id);
	gz_db_bind_int64(st, 2, disabled ? 1 : 0);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		goto fail;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}
