/*
 * Site settings over the settings table, with the built-in defaults in one
 * table below.  It does not know what a setting means (the handlers and
 * views do) nor which keys the admin page offers.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/lang.h"
#include "gazette/settings.h"

/* A built-in default. */
struct setting_default {
	const char *key;   /* setting name */
	const char *value; /* value when the key was never set */
};

static const struct setting_default defaults[] = {
    {"site_name", "Gazette"},
    {"tagline", "News that stays put"},
    {"per_page", "10"},
    {"feed_full_content", "0"},
    {"comment_max_links", "2"},
    {"comment_max_length", "5000"},  /* BODY_DEFAULT_MAX in src/app/comment.c */
    {"media_max_bytes", "8388608"},  /* GZ_MEDIA_DEFAULT_MAX in gazette/media.h */
    {"comment_min_seconds", "3"},    /* as src/app/comment.c reads it */
    {"session_idle_minutes", "120"}, /* GZ_SESSION_IDLE_DEFAULT in gazette/session.h */
    {"consent_text",
     "We use one cookie to remember your choice here, and, only if you accept, to "
     "remember your name for comments. Accept or reject; you can change your mind any "
     "time."},
    {"policy_version", "1"},
    {"consent_retention_days", "365"},
    {"allow_author_publish", "0"},
    {"base_url", "http://127.0.0.1:8080"},
    {"hsts", "1"},                      /* Strict-Transport-Security over HTTPS (src/app/app.c) */
    {"site_language", GZ_LANG_DEFAULT}, /* BCP 47; also GZ_SQL_LANG in src/model/internal.h */
};

const char *
gz_setting_default(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++) {
		if (strcmp(defaults[i].key, key) == 0) {
			return defaults[i].value;
		}
	}
	return NULL;
}

/*
 * Look key up; on a hit, step leaves the row in st and returns 1; 0 when
 * unset or on error (logged).  The caller resets st.
 */
static int
lookup(struct gz_db *db, const char *key, sqlite3_stmt **stp)
{
	sqlite3_stmt *st;
	int rc;

	*stp = NULL;
	if ((st = gz_db_stmt(db, "SELECT value FROM settings WHERE key = ?1")) == NULL) {
		return 0;
	}
	*stp = st;
	gz_db_bind_text(st, 1, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		return 1;
	}
	if (rc != SQLITE_DONE) {
		(void)gz_db_error(db, rc, "setting");
	}
	return 0;
}

const char *
gz_setting_get(struct gz_db *db, struct gz_arena *arena, const char *key, const char *def)
{
	sqlite3_stmt *st;
	const char *v = NULL, *d;

	if (lookup(db, key, &st)) {
		v = gz_db_col_text(arena, st, 0);
	}
	gz_db_reset(st);
	if (v != NULL) {
		return v;
	}
	d = gz_setting_default(key);
	return d != NULL ? d : def;
}

/* Parse a whole decimal integer; 0 on success. */
static int
parse_int(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (s == NULL || *s == '\0') {
		return -1;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || end == s) {
		return -1;
	}
	*out = (int64_t)v;
	return 0;
}

int64_t
gz_setting_int(struct gz_db *db, const char *key, int64_t def)
{
	sqlite3_stmt *st;
	int64_t v;
	int ok = 0;

	if (lookup(db, key, &st)) {
		ok = parse_int((const char *)sqlite3_column_text(st, 0), &v) == 0;
	}
	gz_db_reset(st);
	if (ok || parse_int(gz_setting_default(key), &v) == 0) {
		return v;
	}
	return def;
}

static int
key_valid(const char *key)
{
	size_t n;

	for (n = 0; key[n] != '\0'; n++) {
		if (!((key[n] >= 'a' && key[n] <= 'z') || (key[n] >= '0' && key[n] <= '9') ||
		      key[n] == '_')) {
			return 0;
		}
	}
	return n >= 1 && n <= GZ_SETTING_KEY_MAX;
}

enum gz_err
gz_setting_set(struct gz_db *db, const char *key, const char *value)
{
	sqlite3_stmt *st;
	enum gz_err rc;

	assert(key != NULL && value != NULL);
	if (!key_valid(key)) {
		return GZ_EINVAL;
	}
	if (strlen(value) > GZ_SETTING_VALUE_MAX) {
		return GZ_ETOOBIG;
	}
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	st = gz_db_stmt(db, "INSERT INTO settings (key, value) VALUES (?1, ?2) "
	                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
	if (st == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_text(st, 1, key);
	gz_db_bind_text(st, 2, value);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK || (rc = gz_db_bump(db)) != GZ_OK) {
		goto fail;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}

enum gz_err
gz_settings_save(struct gz_db *db, const char *const *keys, const char *const *values, size_t n,
                 int bump_policy)
{
	enum gz_err rc;
	size_t i;
	char num[24];

	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	for (i = 0; i < n; i++) {
		if ((rc = gz_setting_set(db, keys[i], values[i])) != GZ_OK) {
			goto fail;
		}
	}
	if (bump_policy) {
		snprintf(num, sizeof(num), "%lld",
		         (long long)gz_setting_int(db, "policy_version", 1) + 1);
		if ((rc = gz_setting_set(db, "policy_version", num)) != GZ_OK) {
			goto fail;
		}
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}
