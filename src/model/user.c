/*
 * Staff accounts over the users table: creation with validation, lookup,
 * listing, profile, role, password and disabled-flag changes (never
 * leaving the site without an enabled admin),
 * and password checks with libsodium's argon2id.  It does not know about
 * sessions, cookies or login throttling (session.c and the login handler
 * do), nor what each role may do.
 *
 * Every argon2 computation here takes 64 MiB for a moment, so at most
 * GZ_USER_HASH_SLOTS run at once; the others wait up to
 * GZ_USER_HASH_WAIT_MS for a slot.  A check that could not be computed
 * (no slot, no memory) is reported as such and never as a wrong password:
 * libsodium's crypto_pwhash_str_verify answers -1 (errno EINVAL in 1.0.18)
 * for a mismatch and for a failed allocation alike, so the stored string
 * is decoded here and the hash recomputed with crypto_pwhash, whose only
 * failure is that it could not run.
 */
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "gazette/clock.h"
#include "gazette/arena.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/user.h"

#define USER_COLUMNS "id, login, display_name, email, bio, role, disabled, created_at"
#define HASH_BYTES 32 /* argon2 output in crypto_pwhash_str strings */

/* Hashing slots: a counting semaphore with a bounded wait. */
static pthread_mutex_t slot_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t slot_freed;                    /* signalled when a slot is released */
static pthread_once_t slot_once = PTHREAD_ONCE_INIT; /* initialises slot_freed */
static int slots_busy;                               /* computations running, under slot_lock */

/* The parts of a stored argon2id string that recomputing it needs. */
struct pwhash {
	unsigned long long ops;                      /* t=: passes */
	size_t mem;                                  /* m=: bytes (the string holds KiB) */
	unsigned char salt[crypto_pwhash_SALTBYTES]; /* decoded salt */
	unsigned char hash[HASH_BYTES];              /* decoded expected output */
};

/* The condition variable waits on the monotonic clock, as deadlines do. */
static void
slot_init(void)
{
	pthread_condattr_t attr;

	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&slot_freed, &attr);
	pthread_condattr_destroy(&attr);
}

/*
 * Take a hashing slot, waiting at most GZ_USER_HASH_WAIT_MS.  GZ_OK, or
 * GZ_ETIMEOUT when none came free in time (the caller answers "busy").
 */
static enum gz_err
slot_take(void)
{
	struct timespec until;
	enum gz_err rc = GZ_OK;

	(void)pthread_once(&slot_once, slot_init);
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += GZ_USER_HASH_WAIT_MS / 1000;
	until.tv_nsec += (long)(GZ_USER_HASH_WAIT_MS % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&slot_lock);
	while (slots_busy >= GZ_USER_HASH_SLOTS) {
		if (pthread_cond_timedwait(&slot_freed, &slot_lock, &until) == ETIMEDOUT &&
		    slots_busy >= GZ_USER_HASH_SLOTS) {
			rc = GZ_ETIMEOUT;
			break;
		}
	}
	if (rc == GZ_OK) {
		slots_busy++;
	}
	pthread_mutex_unlock(&slot_lock);
	return rc;
}

/* Give back a slot taken with slot_take. */
static void
slot_give(void)
{
	pthread_mutex_lock(&slot_lock);
	assert(slots_busy > 0);
	slots_busy--;
	pthread_cond_signal(&slot_freed);
	pthread_mutex_unlock(&slot_lock);
}

/*
 * Decode the digits at *p (at most 10, no sign) into *v and advance *p;
 * -1 when there are none.
 */
static int
parse_num(const char **p, unsigned long long *v)
{
	const char *s = *p;
	int n = 0;

	*v = 0;
	while (*s >= '0' && *s <= '9' && n < 10) {
		*v = *v * 10 + (unsigned long long)(*s - '0');
		s++;
		n++;
	}
	if (n == 0 || (*s >= '0' && *s <= '9')) {
		return -1;
	}
	*p = s;
	return 0;
}

/* Decode exactly outlen bytes of unpadded base64 from s[0..n); 0 or -1. */
static int
parse_b64(const char *s, size_t n, unsigned char *out, size_t outlen)
{
	size_t got = 0;
	const char *end = NULL;

	if (sodium_base642bin(out, outlen, s, n, NULL, &got, &end,
	                      sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0) {
		return -1;
	}
	return got == outlen && end == s + n ? 0 : -1;
}

/*
 * Decode a string made by crypto_pwhash_str_alg(..., ARGON2ID13):
 * "$argon2id$v=19$m=KIB,t=PASSES,p=1$SALT$HASH" with a 16-byte salt and a
 * 32-byte hash in unpadded base64, and limits libsodium accepts.  0, or -1
 * for anything else (Gazette never writes anything else).
 */
static int
parse_hash(const char *s, struct pwhash *h)
{
	static const char prefix[] = "$argon2id$v=19$m=";
	unsigned long long kib, ops;
	const char *p = s, *salt, *dollar;

	if (strncmp(p, prefix, sizeof(prefix) - 1) != 0) {
		return -1;
	}
	p += sizeof(prefix) - 1;
	if (parse_num(&p, &kib) != 0 || strncmp(p, ",t=", 3) != 0) {
		return -1;
	}
	p += 3;
	if (parse_num(&p, &ops) != 0 || strncmp(p, ",p=1$", 5) != 0) {
		return -1;
	}
	salt = p + 5;
	if ((dollar = strchr(salt, '$')) == NULL) {
		return -1;
	}
	if (kib > crypto_pwhash_MEMLIMIT_MAX / 1024 || kib * 1024 < crypto_pwhash_MEMLIMIT_MIN ||
	    ops < crypto_pwhash_OPSLIMIT_MIN || ops > crypto_pwhash_OPSLIMIT_MAX) {
		return -1;
	}
	h->mem = (size_t)kib * 1024;
	h->ops = ops;
	if (parse_b64(salt, (size_t)(dollar - salt), h->salt, sizeof(h->salt)) != 0 ||
	    parse_b64(dollar + 1, strlen(dollar + 1), h->hash, sizeof(h->hash)) != 0) {
		return -1;
	}
	return 0;
}

/*
 * Hash password with h's salt and limits, in a hashing slot, and compare
 * with h's hash.  *match is 1 on equality.  GZ_OK when the comparison was
 * made; GZ_ETIMEOUT (no slot in time) or GZ_ENOMEM (argon2 could not get
 * its memory) when it could not be, *match then 0.
 */
static enum gz_err
recompute(const struct pwhash *h, const char *password, size_t pwlen, int *match)
{
	unsigned char out[HASH_BYTES];
	enum gz_err rc;

	*match = 0;
	if ((rc = slot_take()) != GZ_OK) {
		return rc;
	}
	/* With limits checked by parse_hash, failing here means no memory. */
	if (crypto_pwhash(out, sizeof(out), password, pwlen, h->salt, h->ops, h->mem,
	                  crypto_pwhash_ALG_ARGON2ID13) != 0) {
		rc = GZ_ENOMEM;
	} else {
		*match = sodium_memcmp(out, h->hash, sizeof(out)) == 0;
	}
	slot_give();
	sodium_memzero(out, sizeof(out));
	return rc;
}

/*
 * Make the argon2id string for password into hash (crypto_pwhash_STRBYTES),
 * interactive limits, in a hashing slot.  GZ_ETIMEOUT or GZ_ENOMEM when it
 * could not be made.
 */
static enum gz_err
make_hash(char *hash, const char *password, size_t pwlen)
{
	enum gz_err rc;

	if (sodium_init() < 0) {
		return GZ_ENOMEM;
	}
	if ((rc = slot_take()) != GZ_OK) {
		return rc;
	}
	if (crypto_pwhash_str_alg(hash, password, pwlen, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                          crypto_pwhash_MEMLIMIT_INTERACTIVE,
	                          crypto_pwhash_ALG_ARGON2ID13) != 0) {
		rc = GZ_ENOMEM;
	}
	slot_give();
	return rc;
}

enum gz_err
gz_user_password_hash(const char *password, char *out, size_t outsz)
{
	size_t pwlen;

	assert(password != NULL && outsz >= crypto_pwhash_STRBYTES);
	(void)outsz;
	pwlen = strlen(password);
	if (pwlen < GZ_USER_PASSWORD_MIN || pwlen > GZ_USER_PASSWORD_MAX) {
		return GZ_EINVAL;
	}
	return make_hash(out, password, pwlen);
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
		/* Hash before taking the write lock: it takes a while on purpose. */
		if ((rc = make_hash(hash, password, pwlen)) != GZ_OK) {
			return rc;
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
fill_user(struct gz_arena *arena, sqlite3_stmt *st, void *item)
{
	struct gz_user *u = item;

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
	struct pwhash h;
	const unsigned char *stored;
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src, found = 0, match;
	size_t pwlen;

	assert(login != NULL && password != NULL);
	memset(&h, 0, sizeof(h));
	st = gz_db_stmt(db, "SELECT " USER_COLUMNS ", password_hash FROM users WHERE login = ?1");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, login);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		stored = sqlite3_column_text(st, 8);
		if (stored != NULL && sqlite3_column_int(st, 6) == 0) {
			if (parse_hash((const char *)stored, &h) == 0) {
				found = 1;
				rc = fill_user(arena, st, u);
			} else {
				/* Unusable, like an account without a password. */
				fprintf(stderr,
				        "gazette: user %s: stored password hash unreadable\n",
				        login);
			}
		}
	} else if (src != SQLITE_DONE) {
		rc = gz_db_error(db, src, "user");
	}
	gz_db_reset(st);
	if (rc != GZ_OK) {
		return rc;
	}
	if (!found) {
		/* The work of a real check, so timing does not tell logins apart. */
		memset(&h, 0, sizeof(h));
		h.ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
		h.mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	}
	pwlen = strlen(password);
	if (pwlen > GZ_USER_PASSWORD_MAX) {
		pwlen = GZ_USER_PASSWORD_MAX;
		found = 0;
	}
	rc = recompute(&h, password, pwlen, &match);
	sodium_memzero(&h, sizeof(h));
	if (rc != GZ_OK) {
		/* Not an answer about the password: the caller must not count it. */
		return rc;
	}
	return found && match ? GZ_OK : GZ_EPERM;
}

enum gz_err
gz_user_list(struct gz_db *db, struct gz_arena *arena, struct gz_user **items, size_t *nitems)
{
	sqlite3_stmt *st;

	*items = NULL;
	*nitems = 0;
	if ((st = gz_db_stmt(db, "SELECT " USER_COLUMNS " FROM users ORDER BY login")) == NULL) {
		return GZ_EDB;
	}
	return gz_db_rows(db, arena, st, sizeof(**items), 16, 0, fill_user, items, nitems,
	                  "user list");
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
	/* Hash before taking the write lock: it takes a while on purpose. */
	if ((rc = make_hash(hash, password, pwlen)) != GZ_OK) {
		return rc;
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
