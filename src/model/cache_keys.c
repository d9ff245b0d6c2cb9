/*
 * Cache keys: touching them inside a write, reading an answer's validator,
 * an article's keys before and after a write, and the purge queue's rows
 * (gazette/cache_keys.h says what each key means).  It knows the tables
 * cache_keys, cache_due and purge_queue, and reads articles, article_tags
 * and categories to name an article's keys.  It does not know HTTP, which
 * caches exist, or how a purge is sent (src/app/purge.c).
 *
 * A set of keys travels to SQLite as one JSON array bound to one
 * parameter (json_each), so every statement here is constant text however
 * many keys an answer names; keys hold only [A-Za-z0-9:._-], so the array
 * is written without escaping and checked before.
 */
#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/cache_keys.h"
#include "gazette/clock.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"

#define JSON_MAX (GZ_CACHE_KEYS_MAX * (GZ_CACHE_KEY_LEN + 3) + 3) /* ["k","k"] */

int
gz_cache_global(void)
{
	static int mode = -1;
	const char *v;

	/* Read once; a benign race between threads sets the same value. */
	if (mode < 0) {
		v = getenv("GAZETTE_CACHE_KEYS");
		mode = v != NULL && strcmp(v, "global") == 0;
	}
	return mode;
}

/* 1 when key is 1..GZ_CACHE_KEY_LEN bytes of [A-Za-z0-9:._-]. */
static int
key_ok(const char *key)
{
	size_t n;

	for (n = 0; key[n] != '\0'; n++) {
		char ch = key[n];

		if (n >= GZ_CACHE_KEY_LEN ||
		    !((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == ':' || ch == '.' || ch == '_' ||
		      ch == '-')) {
			return 0;
		}
	}
	return n > 0;
}

/* keys as a JSON array of strings into out (JSON_MAX bytes); GZ_EINVAL for a bad key. */
static enum gz_err
keys_json(const char *const *keys, size_t n, char *out)
{
	size_t i, len = 0, k;

	if (n > GZ_CACHE_KEYS_MAX) {
		return GZ_EINVAL;
	}
	out[len++] = '[';
	for (i = 0; i < n; i++) {
		if (!key_ok(keys[i])) {
			return GZ_EINVAL;
		}
		k = strlen(keys[i]);
		if (i > 0) {
			out[len++] = ',';
		}
		out[len++] = '"';
		memcpy(out + len, keys[i], k);
		len += k;
		out[len++] = '"';
	}
	out[len++] = ']';
	out[len] = '\0';
	assert(len < JSON_MAX);
	return GZ_OK;
}

enum gz_err
gz_cache_touch(struct gz_db *db, const char *const *keys, size_t n)
{
	static const char *const all[] = {"all"};
	char json[JSON_MAX];
	sqlite3_stmt *st;
	enum gz_err rc;

	if (gz_db_tx_depth(db) == 0) {
		return GZ_EINVAL;
	}
	if (gz_cache_global()) {
		keys = all;
		n = 1;
	}
	/* Many keys (a long snapshot) in slices the JSON buffer holds. */
	while (n > GZ_CACHE_KEYS_MAX) {
		if ((rc = gz_cache_touch(db, keys, GZ_CACHE_KEYS_MAX)) != GZ_OK) {
			return rc;
		}
		keys += GZ_CACHE_KEYS_MAX;
		n -= GZ_CACHE_KEYS_MAX;
	}
	if ((rc = keys_json(keys, n, json)) != GZ_OK) {
		return rc;
	}
	/* The generation still moves on every write: the page caches' cheap
	 * "nothing changed at all" test, and the listing counts, read it. */
	/* keyed = 1: the trigger generation_all leaves "all" alone for this
	 * move (sql/014_cache_keys.sql), and goes back to 0 at once. */
	if ((st = gz_db_stmt(db, "UPDATE generation SET value = value + 1, "
	                         "changed_at = ?1, keyed = 1 WHERE id = 1")) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, (int64_t)gz_clock_now());
	if ((rc = gz_db_step_done(db, st)) != GZ_OK ||
	    (rc = gz_db_exec(db, "UPDATE generation SET keyed = 0 WHERE id = 1")) != GZ_OK) {
		return rc;
	}
	if ((st = gz_db_stmt(db, "INSERT INTO cache_keys (key, version, changed_at) "
	                         "SELECT j.value, g.value, g.changed_at "
	                         "FROM json_each(?1) j, generation g WHERE g.id = 1 "
	                         "ON CONFLICT (key) DO UPDATE SET version = excluded.version, "
	                         "changed_at = excluded.changed_at")) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, json);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		return rc;
	}
	/* Once per key however many writes touch it before the thread runs. */
	if ((st = gz_db_stmt(db, "INSERT OR IGNORE INTO purge_queue (key, target) "
	                         "SELECT value, '' FROM json_each(?1)")) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, json);
	return gz_db_step_done(db, st);
}

/* Add "<prefix><id>" to snap's keys; overflow set when full. */
static void
snap_add(struct gz_cache_article *snap, const char *prefix, int64_t id)
{
	if (snap->nkeys == GZ_CACHE_ARTICLE_KEYS) {
		snap->overflow = 1;
		return;
	}
	snprintf(snap->keys[snap->nkeys++], sizeof(snap->keys[0]), "%s%" PRId64, prefix, id);
}

enum gz_err
gz_cache_article_read(struct gz_db *db, int64_t id, struct gz_cache_article *snap)
{
	sqlite3_stmt *st;
	const char *status, *tags, *p;
	enum gz_err rc = GZ_OK;
	int src;

	memset(snap, 0, sizeof(*snap));
	snap->id = id;
	if ((st = gz_db_stmt(db, "SELECT a.status, coalesce(a.published_at, 0), "
	                         "coalesce(a.category_id, 0), a.author_id, a.featured, "
	                         "(SELECT coalesce(group_concat(tag_id, ','), '') FROM "
	                         "(SELECT tag_id FROM article_tags WHERE article_id = a.id "
	                         "ORDER BY tag_id)) FROM articles a WHERE a.id = ?1")) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	if ((src = sqlite3_step(st)) == SQLITE_ROW) {
		status = (const char *)sqlite3_column_text(st, 0);
		tags = (const char *)sqlite3_column_text(st, 5);
		snap->found = 1;
		snap->listed = status != NULL && (strcmp(status, "published") == 0 ||
		                                  strcmp(status, "scheduled") == 0);
		snap->published_at = sqlite3_column_int64(st, 1);
		snprintf(snap->order, sizeof(snap->order), "%d|%" PRId64, snap->listed,
		         snap->listed ? snap->published_at : 0);
		/* A long tag list that does not fit compares unequal to anything
		 * (overflow), which only costs a wider touch. */
		if (snprintf(snap->member, sizeof(snap->member), "%lld|%lld|%d|%s",
		             (long long)sqlite3_column_int64(st, 2),
		             (long long)sqlite3_column_int64(st, 3), sqlite3_column_int(st, 4),
		             tags != NULL ? tags : "") >= (int)sizeof(snap->member)) {
			snap->overflow = 1;
		}
		snap_add(snap, "author:", sqlite3_column_int64(st, 3));
		for (p = tags; p != NULL && *p != '\0';
		     p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
			snap_add(snap, "tag:", strtoll(p, NULL, 10));
		}
	} else if (src != SQLITE_DONE) {
		rc = gz_db_error(db, src, "cache article");
	}
	gz_db_reset(st);
	if (rc != GZ_OK || !snap->found) {
		return rc;
	}
	/* The section and its parents: their pages list it too. */
	if ((st = gz_db_stmt(db, "WITH RECURSIVE chain(id, depth) AS ("
	                         "SELECT category_id, 0 FROM articles "
	                         "WHERE id = ?1 AND category_id IS NOT NULL "
	                         "UNION ALL SELECT c.parent_id, chain.depth + 1 "
	                         "FROM categories c JOIN chain ON c.id = chain.id "
	                         "WHERE c.parent_id IS NOT NULL AND chain.depth < 16) "
	                         "SELECT id FROM chain")) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		snap_add(snap, "cat:", sqlite3_column_int64(st, 0));
	}
	if (src != SQLITE_DONE) {
		rc = gz_db_error(db, src, "cache article chain");
	}
	gz_db_reset(st);
	return rc;
}

/* Keys a set under construction can hold: two snapshots and the fixed ones. */
#define TOUCH_MAX (2 * GZ_CACHE_ARTICLE_KEYS + 16)

/* A set of keys to touch, without duplicates. */
struct touch {
	const char *keys[TOUCH_MAX]; /* borrowed strings */
	size_t n;                    /* in use */
};

static void
touch_add(struct touch *t, const char *key)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (strcmp(t->keys[i], key) == 0) {
			return;
		}
	}
	assert(t->n < TOUCH_MAX);
	if (t->n < TOUCH_MAX) {
		t->keys[t->n++] = key;
	}
}

/* The listing keys of snap: its own, and the listings every article is on. */
static void
touch_listings(struct touch *t, const struct gz_cache_article *snap)
{
	size_t i;

	if (!snap->found || !snap->listed) {
		return;
	}
	for (i = 0; i < snap->nkeys; i++) {
		touch_add(t, snap->keys[i]);
	}
	touch_add(t, "home");
	touch_add(t, "feed");
	touch_add(t, "archive");
	touch_add(t, "sitemap");
}

/* Due rows for keys at time at: they change then without a write. */
static enum gz_err
add_due(struct gz_db *db, const struct touch *t, int64_t at)
{
	char json[JSON_MAX];
	sqlite3_stmt *st;
	enum gz_err rc;

	if ((rc = keys_json(t->keys, t->n, json)) != GZ_OK) {
		return rc;
	}
	if ((st = gz_db_stmt(db, "INSERT OR IGNORE INTO cache_due (key, at) "
	                         "SELECT value, ?2 FROM json_each(?1)")) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, json);
	gz_db_bind_int64(st, 2, at);
	return gz_db_step_done(db, st);
}

enum gz_err
gz_cache_article_written(struct gz_db *db, const struct gz_cache_article *before, int64_t now)
{
	static const char *const all[] = {"all"};
	struct gz_cache_article *after;
	char own[GZ_CACHE_KEY_LEN + 1];
	struct touch t = {{0}, 0};
	enum gz_err rc;

	if ((after = malloc(sizeof(*after))) == NULL) {
		return GZ_ENOMEM;
	}
	if ((rc = gz_cache_article_read(db, before->id, after)) != GZ_OK) {
		goto done;
	}
	if (before->overflow || after->overflow) {
		rc = gz_cache_touch(db, all, 1);
		goto done;
	}
	snprintf(own, sizeof(own), "article:%" PRId64, before->id);
	touch_add(&t, own);
	if (!(before->found && before->listed) && !(after->found && after->listed)) {
		/* A draft or the trash: no reader saw it or will. */
		rc = gz_cache_touch(db, t.keys, t.n);
		goto done;
	}
	touch_add(&t, "articles");
	touch_add(&t, "search");
	if (before->found != after->found || strcmp(before->member, after->member) != 0 ||
	    strcmp(before->order, after->order) != 0) {
		touch_listings(&t, before);
		touch_listings(&t, after);
		/* The menu and /sections: which sections hold articles. */
		touch_add(&t, "sections");
	}
	if (before->found != after->found || strcmp(before->order, after->order) != 0) {
		touch_add(&t, "order");
	}
	if ((rc = gz_cache_touch(db, t.keys, t.n)) != GZ_OK) {
		goto done;
	}
	/* Scheduled for later: the same keys change again when it appears. */
	if (after->found && after->listed && after->published_at > now) {
		struct touch d = {{0}, 0};

		touch_add(&d, own);
		touch_add(&d, "articles");
		touch_add(&d, "search");
		touch_add(&d, "order");
		touch_add(&d, "sections");
		touch_listings(&d, after);
		rc = add_due(db, &d, after->published_at);
	}
done:
	free(after);
	return rc;
}

enum gz_err
gz_cache_article_touch(struct gz_db *db, int64_t article_id)
{
	char own[GZ_CACHE_KEY_LEN + 1];
	const char *keys[2];

	snprintf(own, sizeof(own), "article:%" PRId64, article_id);
	keys[0] = own;
	keys[1] = "articles";
	return gz_cache_touch(db, keys, 2);
}

enum gz_err
gz_cache_comment_written(struct gz_db *db, int64_t article_id)
{
	char own[GZ_CACHE_KEY_LEN + 1];
	const char *keys[3];

	snprintf(own, sizeof(own), "article:%" PRId64, article_id);
	keys[0] = own;
	keys[1] = "articles";
	keys[2] = "comments";
	return gz_cache_touch(db, keys, 3);
}

enum gz_err
gz_cache_state(struct gz_db *db, const char *const *keys, size_t n, int64_t now, int64_t *version,
               int64_t *changed, int64_t *due)
{
	char json[JSON_MAX];
	sqlite3_stmt *st;
	enum gz_err rc;
	int src;

	*version = *changed = *due = 0;
	if ((rc = keys_json(keys, n, json)) != GZ_OK) {
		return rc;
	}
	if ((st = gz_db_stmt(
	         db, "SELECT coalesce(max(k.version), 0), coalesce(max(k.changed_at), 0), "
	             "(SELECT coalesce(max(d.at), 0) FROM cache_due d "
	             "WHERE d.key IN (SELECT value FROM json_each(?1)) AND d.at <= ?2) "
	             "FROM cache_keys k WHERE k.key IN (SELECT value FROM json_each(?1))")) ==
	    NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, json);
	gz_db_bind_int64(st, 2, now);
	if ((src = sqlite3_step(st)) == SQLITE_ROW) {
		*version = sqlite3_column_int64(st, 0);
		*changed = sqlite3_column_int64(st, 1);
		*due = sqlite3_column_int64(st, 2);
		if (*due > *changed) {
			*changed = *due;
		}
	} else {
		rc = gz_db_error(db, src, "cache state");
	}
	gz_db_reset(st);
	return rc;
}

/* The statements of gz_purge_prepare, in order. */
static const char *const prepare_sql[] = {
    "INSERT OR IGNORE INTO purge_queue (key, target) "
    "SELECT key, '' FROM cache_due WHERE queued = 0 AND at <= ?1",
    "UPDATE cache_due SET queued = 1 WHERE queued = 0 AND at <= ?1",
};

enum gz_err
gz_purge_prepare(struct gz_db *db, int64_t now, const char *const *targets, size_t n)
{
	sqlite3_stmt *st;
	enum gz_err rc;
	size_t i;

	if ((rc = gz_db_try_begin(db)) != GZ_OK) {
		return rc;
	}
	for (i = 0; i < sizeof(prepare_sql) / sizeof(prepare_sql[0]); i++) {
		if ((st = gz_db_stmt(db, prepare_sql[i])) == NULL) {
			rc = GZ_EDB;
			goto fail;
		}
		gz_db_bind_int64(st, 1, now);
		if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
			goto fail;
		}
	}
	for (i = 0; i < n; i++) {
		if ((st = gz_db_stmt(db, "INSERT OR IGNORE INTO purge_queue (key, target) "
		                         "SELECT key, ?1 FROM purge_queue WHERE target = ''")) ==
		    NULL) {
			rc = GZ_EDB;
			goto fail;
		}
		gz_db_bind_text(st, 1, targets[i]);
		if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
			goto fail;
		}
	}
	if ((rc = gz_db_exec(db, "DELETE FROM purge_queue WHERE target = ''")) != GZ_OK) {
		goto fail;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}

/* gz_db_rows filler for one queue row. */
static enum gz_err
fill_row(struct gz_arena *arena, sqlite3_stmt *st, void *item)
{
	struct gz_purge_row *r = item;

	if ((r->key = gz_db_col_text(arena, st, 0)) == NULL ||
	    (r->target = gz_db_col_text(arena, st, 1)) == NULL) {
		return GZ_ENOMEM;
	}
	r->attempts = sqlite3_column_int64(st, 2);
	return GZ_OK;
}

enum gz_err
gz_purge_next(struct gz_db *db, struct gz_arena *arena, int64_t now, size_t max,
              struct gz_purge_row **rows, size_t *nrows)
{
	sqlite3_stmt *st;

	if ((st = gz_db_stmt(db, "SELECT key, target, attempts FROM purge_queue "
	                         "WHERE next_try <= ?1 AND target <> '' "
	                         "ORDER BY target, key LIMIT ?2")) == NULL) {
		*rows = NULL;
		*nrows = 0;
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, now);
	gz_db_bind_int64(st, 2, (int64_t)max);
	return gz_db_rows(db, arena, st, sizeof(**rows), max, max, fill_row, rows, nrows,
	                  "purge queue");
}

enum gz_err
gz_purge_sent(struct gz_db *db, const char *key, const char *target)
{
	sqlite3_stmt *st;
	enum gz_err rc;

	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	if ((st = gz_db_stmt(db, "DELETE FROM purge_queue WHERE key = ?1 AND target = ?2")) ==
	    NULL) {
		gz_db_rollback(db);
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, key);
	gz_db_bind_text(st, 2, target);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		gz_db_rollback(db);
		return rc;
	}
	return gz_db_commit(db);
}

enum gz_err
gz_purge_failed(struct gz_db *db, const char *key, const char *target, int64_t next_try,
                int64_t max_attempts)
{
	sqlite3_stmt *st;
	enum gz_err rc;
	int dropped;

	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	if ((st = gz_db_stmt(db, "UPDATE purge_queue SET attempts = attempts + 1, next_try = ?3 "
	                         "WHERE key = ?1 AND target = ?2")) == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_text(st, 1, key);
	gz_db_bind_text(st, 2, target);
	gz_db_bind_int64(st, 3, next_try);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		goto fail;
	}
	if ((st = gz_db_stmt(db, "DELETE FROM purge_queue WHERE key = ?1 AND target = ?2 "
	                         "AND attempts >= ?3")) == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_text(st, 1, key);
	gz_db_bind_text(st, 2, target);
	gz_db_bind_int64(st, 3, max_attempts);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		goto fail;
	}
	dropped = sqlite3_changes(gz_db_handle(db)) > 0;
	if ((rc = gz_db_commit(db)) != GZ_OK) {
		return rc;
	}
	return dropped ? GZ_ENOTFOUND : GZ_OK;
fail:
	gz_db_rollback(db);
	return rc;
}

enum gz_err
gz_purge_count(struct gz_db *db, int64_t *n)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	*n = 0;
	if ((st = gz_db_stmt(db, "SELECT count(*) FROM purge_queue")) == NULL) {
		return GZ_EDB;
	}
	if ((src = sqlite3_step(st)) == SQLITE_ROW) {
		*n = sqlite3_column_int64(st, 0);
	} else {
		rc = gz_db_error(db, src, "purge count");
	}
	gz_db_reset(st);
	return rc;
}

enum gz_err
gz_purge_pending(struct gz_db *db, int64_t now, int *pending)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	*pending = 0;
	if ((st = gz_db_stmt(db, "SELECT EXISTS (SELECT 1 FROM purge_queue WHERE target = '') "
	                         "OR EXISTS (SELECT 1 FROM cache_due "
	                         "WHERE queued = 0 AND at <= ?1)")) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, now);
	if ((src = sqlite3_step(st)) == SQLITE_ROW) {
		*pending = sqlite3_column_int(st, 0);
	} else {
		rc = gz_db_error(db, src, "purge pending");
	}
	gz_db_reset(st);
	return rc;
}
