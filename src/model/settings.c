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
 * A page reads a dozen settings, and they change only with an admin's
 * save.  Inside a page's read snapshot the connection can say what
 * content it sees (gz_db_read_version), so each thread keeps the settings
 * it read under that, and the next read under the same content (this page
 * or the next one) costs a string compare instead of a statement.  Values
 * longer than a slot are read each time.
 */
#define MEMO_SLOTS 32
#define MEMO_VALUE_MAX 512

struct memo_slot {
	char key[GZ_SETTING_KEY_MAX + 1];
	int set;                    /* 0: the key has no row (its default applies) */
	char value[MEMO_VALUE_MAX]; /* the row's value when set */
};

static _Thread_local struct {
	uint64_t conn, version; /* what the slots were read under; conn 0: nothing */
	size_t n;
	struct memo_slot slots[MEMO_SLOTS];
} memo;

/*
 * Look key up; on a hit, step leaves the row in st and returns 1; 0 when
 * unset, -1 on error (logged).  The caller resets st.
 */
static int
lookup(struct gz_db *db, const char *key, sqlite3_stmt **stp)
{
	sqlite3_stmt *st;
	int rc;

	*stp = NULL;
	if ((st = gz_db_stmt(db, "SELECT value FROM settings WHERE key = ?1")) == NULL) {
		return -1;
	}
	*stp = st;
	gz_db_bind_text(st, 1, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		return 1;
	}
	if (rc != SQLITE_DONE) {
		(void)gz_db_error(db, rc, "setting");
		return -1;
	}
	return 0;
}

/*
 * The stored value of key: copied into arena, or when arena is NULL into
 * tmp (tmpsz bytes; a longer value reads as NULL); NULL when it has no
 * row or on error.
 */
static const char *
stored(struct gz_db *db, struct gz_arena *arena, const char *key, char *tmp, size_t tmpsz)
{
	struct memo_slot *m = NULL;
	sqlite3_stmt *st;
	const char *v = NULL;
	uint64_t conn, version;
	int use, found;
	size_t i;

	use = gz_db_read_version(db, &conn, &version) && strlen(key) <= GZ_SETTING_KEY_MAX;
	if (use && (memo.conn != conn || memo.version != version)) {
		memo.conn = conn;
		memo.version = version;
		memo.n = 0;
	}
	for (i = 0; use && i < memo.n; i++) {
		if (strcmp(memo.slots[i].key, key) == 0) {
			m = &memo.slots[i];
			break;
		}
	}
	if (m == NULL) {
		found = lookup(db, key, &st);
		if (found == 1 && (v = (const char *)sqlite3_column_text(st, 0)) == NULL) {
			found = -1; /* out of memory in SQLite */
		}
		if (found >= 0 && use && memo.n < MEMO_SLOTS &&
		    (found == 0 || strlen(v) < MEMO_VALUE_MAX)) {
			m = &memo.slots[memo.n++];
			strcpy(m->key, key);
			m->set = found;
			strcpy(m->value, found ? v : "");
		} else if (found == 1) {
			/* Not kept: copied straight from the row. */
			if (arena != NULL) {
				v = gz_arena_strdup(arena, v);
			} else if (strlen(v) < tmpsz) {
				v = strcpy(tmp, v);
			} else {
				v = NULL;
			}
			gz_db_reset(st);
			return v;
		}
		gz_db_reset(st);
	}
	if (m == NULL || !m->set) {
		return NULL;
	}
	if (arena != NULL) {
		return gz_arena_strdup(arena, m->value);
	}
	return strlen(m->value) < tmpsz ? strcpy(tmp, m->value) : NULL;
}

const char *
gz_setting_get(struct gz_db *db, struct gz_arena *arena, const char *key, const char *def)
{
	const char *v, *d;

	if ((v = stored(db, arena, key, NULL, 0)) != NULL) {
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
	char tmp[32];
	int64_t v;
	int ok;

	ok = parse_int(stored(db, NULL, key, tmp, sizeof(tmp)), &v) == 0;
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
