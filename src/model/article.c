/*
 * Articles as readers see them: the listings of visible articles.  Every
 * query here repeats the visibility condition of the partial indexes in
 * sql/001_init.sql word for word, so SQLite can use them.  It does not
 * render Markdown or know URLs; it does not write (the editor model will).
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/article.h"
#include "gazette/category.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "internal.h"

/* The article's language as a BCP 47 tag (the site's when it has none). */
#define ARTICLE_LANG GZ_SQL_LANG("a")

/* Columns of a summary, in the order fill_summary reads them. */
#define SUMMARY_SELECT                                                                             \
	"SELECT a.id, a.slug, a.title, a.summary, coalesce(c.slug, ''), "                          \
	"coalesce(c.name, ''), u.login, u.display_name, a.published_at, a.updated_at, "            \
	"(SELECT count(*) FROM comments m WHERE m.article_id = a.id "                              \
	"AND m.status = 'approved'), a.featured, "                                                 \
	"coalesce((SELECT '/media/' || i.hash || '.' || i.ext FROM media i WHERE i.id = "          \
	"a.image_id), ''), "                                                                       \
	"coalesce((SELECT i.alt FROM media i WHERE i.id = a.image_id), ''), " ARTICLE_LANG         \
	", coalesce((SELECT i.width FROM media i WHERE i.id = a.image_id), 0), "                   \
	"coalesce((SELECT i.height FROM media i WHERE i.id = a.image_id), "                        \
	"0), " GZ_SQL_MEDIA_VARIANTS(                                                              \
	    "a.image_id") " FROM articles a JOIN users u ON u.id = a.author_id "                   \
	                  "LEFT JOIN categories c ON c.id = a.category_id "

/* The visibility condition, at the time bound to ?1. */
#define VISIBLE GZ_SQL_VISIBLE("a", "?1")

static enum gz_err
fill_summary(struct gz_arena *arena, sqlite3_stmt *st, void *item)
{
	struct gz_article_summary *s = item;

	s->id = sqlite3_column_int64(st, 0);
	s->slug = gz_db_col_text(arena, st, 1);
	s->title = gz_db_col_text(arena, st, 2);
	s->summary = gz_db_col_text(arena, st, 3);
	s->category_slug = gz_db_col_text(arena, st, 4);
	s->category_name = gz_db_col_text(arena, st, 5);
	s->author_login = gz_db_col_text(arena, st, 6);
	s->author_name = gz_db_col_text(arena, st, 7);
	s->published_at = sqlite3_column_int64(st, 8);
	s->updated_at = sqlite3_column_int64(st, 9);
	s->comment_count = sqlite3_column_int64(st, 10);
	s->featured = sqlite3_column_int(st, 11) != 0;
	s->image_url = gz_db_col_text(arena, st, 12);
	s->image_alt = gz_db_col_text(arena, st, 13);
	s->lang = gz_db_col_text(arena, st, 14);
	s->image_width = sqlite3_column_int64(st, 15);
	s->image_height = sqlite3_column_int64(st, 16);
	s->image_variants = gz_db_col_text(arena, st, 17);
	if (s->image_url == NULL || s->image_alt == NULL || s->lang == NULL ||
	    s->image_variants == NULL) {
		return GZ_ENOMEM;
	}
	if (s->slug == NULL || s->title == NULL || s->summary == NULL || s->category_slug == NULL ||
	    s->category_name == NULL || s->author_login == NULL || s->author_name == NULL) {
		return GZ_ENOMEM;
	}
	return GZ_OK;
}

enum gz_err
gz_article_latest_page(struct gz_db *db, struct gz_arena *arena, time_t now, int64_t offset,
                       int limit, struct gz_article_summary **out, size_t *n)
{
	sqlite3_stmt *st;

	*out = NULL;
	*n = 0;
	if (limit < 1 || limit > GZ_ARTICLE_LIST_MAX || offset < 0) {
		return GZ_EINVAL;
	}
	st = gz_db_stmt(db, SUMMARY_SELECT
	                "WHERE " VISIBLE
	                "ORDER BY a.published_at DESC, a.id DESC LIMIT ?2 OFFSET ?3");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, (int64_t)now);
	gz_db_bind_int64(st, 2, limit);
	gz_db_bind_int64(st, 3, offset);
	return gz_db_rows(db, arena, st, sizeof(**out), (size_t)limit, (size_t)limit, fill_summary,
	                  out, n, "article latest");
}

enum gz_err
gz_article_latest(struct gz_db *db, struct gz_arena *arena, time_t now, int limit,
                  struct gz_article_summary **out, size_t *n)
{
	return gz_article_latest_page(db, arena, now, 0, limit, out, n);
}

enum gz_err
gz_article_count_visible(struct gz_db *db, time_t now, int64_t *count)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	*count = 0;
	if ((st = gz_db_stmt(db, "SELECT count(*) FROM articles a WHERE " VISIBLE)) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, (int64_t)now);
	if ((src = sqlite3_step(st)) == SQLITE_ROW) {
		*count = sqlite3_column_int64(st, 0);
	} else {
		rc = gz_db_error(db, src, "article count");
	}
	gz_db_reset(st);
	return rc;
}

enum gz_err
gz_article_featured(struct gz_db *db, struct gz_arena *arena, time_t now,
                    struct gz_article_summary *out)
{
	sqlite3_stmt *st;
	enum gz_err rc;
	int src;

	memset(out, 0, sizeof(*out));
	st = gz_db_stmt(db, SUMMARY_SELECT "WHERE " VISIBLE "AND a.featured = 1 "
	                                   "ORDER BY a.published_at DESC, a.id DESC LIMIT 1");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, (int64_t)now);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		rc = fill_summary(arena, st, out);
	} else if (src == SQLITE_DONE) {
		rc = GZ_ENOTFOUND;
	} else {
		rc = gz_db_error(db, src, "article featured");
	}
	gz_db_reset(st);
	return rc;
}

/*
 * The summary of the row st (bound by the caller) finds into *out, or
 * *out zeroed (id 0) when it finds none; where names it in errors.
 */
static enum gz_err
one_summary(struct gz_db *db, struct gz_arena *arena, sqlite3_stmt *st,
            struct gz_article_summary *out, const char *where)
{
	enum gz_err rc = GZ_OK;
	int src;

	memset(out, 0, sizeof(*out));
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		rc = fill_summary(arena, st, out);
	} else if (src != SQLITE_DONE) {
		rc = gz_db_error(db, src, where);
	}
	gz_db_reset(st);
	return rc;
}

/* Run st (already bound) and collect at most max summaries. */
static enum gz_err
collect(struct gz_db *db, struct gz_arena *arena, sqlite3_stmt *st, int max,
        struct gz_article_summary **out, size_t *n, const char *where)
{
	return gz_db_rows(db, arena, st, sizeof(**out), (size_t)max, (size_t)max, fill_summary, out,
	                  n, where);
}

/*
 * The listing statements: one per kind and per way of finding the page
 * (enum gz_list_cursor): an offset (?3), older than the keyset cursor
 * (?3, ?4), newer than it.  The newer one walks the same index upwards
 * from the cursor and stops after ?2 rows; gz_article_list turns them
 * round.  Kept as whole literals so each is a cached statement and
 * EXPLAIN QUERY PLAN in the tests sees exactly what runs.
 */
#define LIST_ORDER "ORDER BY a.published_at DESC, a.id DESC LIMIT ?2 "
#define LIST_ORDER_UP "ORDER BY a.published_at ASC, a.id ASC LIMIT ?2 "
#define OLDER_THAN_CURSOR "AND (a.published_at, a.id) < (?3, ?4) "
#define NEWER_THAN_CURSOR "AND (a.published_at, a.id) > (?3, ?4) "
#define BY_KIND_CAT "AND a.category_id = ?5 "
#define BY_KIND_TAG "AND a.id IN (SELECT article_id FROM article_tags WHERE tag_id = ?5) "
/* Any byline (article_authors, migration 013), not only the owner. */
#define BY_KIND_AUTHOR "AND a.id IN (SELECT article_id FROM article_authors WHERE user_id = ?5) "

static const char *const list_sql[4][3] = {
    {SUMMARY_SELECT "WHERE " VISIBLE "AND ?5 IS NOT NULL " LIST_ORDER "OFFSET ?3",
     SUMMARY_SELECT "WHERE " VISIBLE "AND ?5 IS NOT NULL " OLDER_THAN_CURSOR LIST_ORDER,
     SUMMARY_SELECT "WHERE " VISIBLE "AND ?5 IS NOT NULL " NEWER_THAN_CURSOR LIST_ORDER_UP},
    {SUMMARY_SELECT "WHERE " VISIBLE BY_KIND_CAT LIST_ORDER "OFFSET ?3",
     SUMMARY_SELECT "WHERE " VISIBLE BY_KIND_CAT OLDER_THAN_CURSOR LIST_ORDER,
     SUMMARY_SELECT "WHERE " VISIBLE BY_KIND_CAT NEWER_THAN_CURSOR LIST_ORDER_UP},
    {SUMMARY_SELECT "WHERE " VISIBLE BY_KIND_TAG LIST_ORDER "OFFSET ?3",
     SUMMARY_SELECT "WHERE " VISIBLE BY_KIND_TAG OLDER_THAN_CURSOR LIST_ORDER,
     SUMMARY_SELECT "WHERE " VISIBLE BY_KIND_TAG NEWER_THAN_CURSOR LIST_ORDER_UP},
    {SUMMARY_SELECT "WHERE " VISIBLE BY_KIND_AUTHOR LIST_ORDER "OFFSET ?3",
     SUMMARY_SELECT "WHERE " VISIBLE BY_KIND_AUTHOR OLDER_THAN_CURSOR LIST_ORDER,
     SUMMARY_SELECT "WHERE " VISIBLE BY_KIND_AUTHOR NEWER_THAN_CURSOR LIST_ORDER_UP},
};

/*
 * A category's listing holds the articles of the category and of every
 * category below it (gz_category_subtree: GZ_CATEGORY_DEPTH_MAX levels
 * down).  One without subcategories, most of them, lists by list_sql's
 * single index walk.  A parent's is merged here instead of sorted in SQL:
 * each category of the subtree gives its first `want` articles past the
 * cursor by tree_sql, an index-only walk of articles_cat_pub, and the
 * newest of them all (the oldest, going newer) make the page, each then
 * read by id.  A page costs (categories + limit) short statements however
 * many articles lie below, and no temporary table: the same merge written
 * as one statement (recursive CTEs feeding a priority queue) opened seven,
 * whose page caches, allocated and given back on every page, cost a
 * server thread 0.2 ms at 100,000 articles.
 */
static const char *const tree_sql[3] = {
    "SELECT a.id, a.published_at FROM articles a WHERE " VISIBLE BY_KIND_CAT
    "ORDER BY a.published_at DESC, a.id DESC LIMIT ?2",
    "SELECT a.id, a.published_at FROM articles a WHERE " VISIBLE BY_KIND_CAT OLDER_THAN_CURSOR
    "ORDER BY a.published_at DESC, a.id DESC LIMIT ?2",
    "SELECT a.id, a.published_at FROM articles a WHERE " VISIBLE BY_KIND_CAT NEWER_THAN_CURSOR
    "ORDER BY a.published_at ASC, a.id ASC LIMIT ?2",
};

/* Most articles a tree listing looks at per category: offset + limit. */
#define TREE_WANT_MAX 10000

/* An article found by tree_sql: its time and id, the listing's order. */
struct tree_cand {
	int64_t ts; /* published_at */
	int64_t id; /* articles.id */
};

/* Newest first: published_at, then id, descending. */
static int
tree_cand_down(const void *pa, const void *pb)
{
	const struct tree_cand *a = pa, *b = pb;

	if (a->ts != b->ts) {
		return a->ts < b->ts ? 1 : -1;
	}
	return a->id < b->id ? 1 : a->id > b->id ? -1 : 0;
}

/* Oldest first, for a newer page (turned round by gz_article_list). */
static int
tree_cand_up(const void *pa, const void *pb)
{
	return tree_cand_down(pb, pa);
}

/*
 * Append to c (room for want more) category cat's first want articles
 * past q's cursor, upto bounding published_at; *nc grows.
 */
static enum gz_err
tree_cands(struct gz_db *db, int64_t upto, const struct gz_list_query *q, int64_t cat, int64_t want,
           struct tree_cand *c, size_t *nc)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int64_t got = 0;
	int src = SQLITE_DONE;

	if ((st = gz_db_stmt(db, tree_sql[q->cursor])) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, upto);
	gz_db_bind_int64(st, 2, want);
	if (q->cursor != GZ_CURSOR_NONE) {
		gz_db_bind_int64(st, 3, q->cursor_ts);
		gz_db_bind_int64(st, 4, q->cursor_id);
	}
	gz_db_bind_int64(st, 5, cat);
	while (got < want && (src = sqlite3_step(st)) == SQLITE_ROW) {
		c[*nc].id = sqlite3_column_int64(st, 0);
		c[*nc].ts = sqlite3_column_int64(st, 1);
		++*nc;
		got++;
	}
	if (got < want && src != SQLITE_DONE) {
		rc = gz_db_error(db, src, "article tree list");
	}
	gz_db_reset(st);
	return rc;
}

/*
 * The page q describes of the listing of the ncats categories cats (a
 * subtree), in the order list_sql's statements give (newest first, or
 * oldest first for a newer page), into *out and *n in arena.  An article
 * unpublished between the walk and its reading is left out.
 */
static enum gz_err
list_tree(struct gz_db *db, struct gz_arena *arena, time_t now, int64_t upto,
          const struct gz_list_query *q, const int64_t *cats, size_t ncats,
          struct gz_article_summary **out, size_t *n)
{
	int64_t want = q->limit + (q->cursor == GZ_CURSOR_NONE ? q->offset : 0);
	struct gz_article_summary *page;
	struct tree_cand *c;
	size_t nc = 0, from, i;
	sqlite3_stmt *st;
	enum gz_err rc;

	if (want > TREE_WANT_MAX) {
		return GZ_ETOOBIG;
	}
	if ((c = gz_arena_calloc(arena, ncats, (size_t)want * sizeof(*c))) == NULL) {
		return GZ_ENOMEM;
	}
	for (i = 0; i < ncats; i++) {
		if ((rc = tree_cands(db, upto, q, cats[i], want, c, &nc)) != GZ_OK) {
			return rc;
		}
	}
	qsort(c, nc, sizeof(*c), q->cursor == GZ_CURSOR_AFTER ? tree_cand_up : tree_cand_down);
	from = q->cursor == GZ_CURSOR_NONE ? (size_t)q->offset : 0;
	if (from >= nc) {
		return GZ_OK;
	}
	if (nc - from > (size_t)q->limit) {
		nc = from + (size_t)q->limit;
	}
	if ((page = gz_arena_calloc(arena, nc - from, sizeof(*page))) == NULL) {
		return GZ_ENOMEM;
	}
	for (i = from; i < nc; i++) {
		if ((st = gz_db_stmt(db, SUMMARY_SELECT "WHERE a.id = ?2 AND " VISIBLE)) == NULL) {
			return GZ_EDB;
		}
		gz_db_bind_int64(st, 1, (int64_t)now);
		gz_db_bind_int64(st, 2, c[i].id);
		if ((rc = one_summary(db, arena, st, &page[*n], "article tree summary")) != GZ_OK) {
			return rc;
		}
		if (page[*n].id != 0) {
			++*n;
		}
	}
	*out = *n > 0 ? page : NULL;
	return GZ_OK;
}

/*
 * Open a read transaction for a listing made of several statements, so
 * that they read one snapshot and take SQLite's file locks once: alone,
 * each statement takes and drops them (fcntl and fstat calls that made a
 * parent category's page 0.15 ms slower).  *began says whether
 * read_end must end it; inside a caller's transaction it does nothing.
 */
static enum gz_err
read_begin(struct gz_db *db, int *began)
{
	enum gz_err rc;

	*began = 0;
	if (!sqlite3_get_autocommit(gz_db_handle(db))) {
		return GZ_OK;
	}
	if ((rc = gz_db_exec(db, "BEGIN")) == GZ_OK) {
		*began = 1;
	}
	return rc;
}

/* End read_begin's transaction when it began one; returns rc, or the end's error. */
static enum gz_err
read_end(struct gz_db *db, int began, enum gz_err rc)
{
	enum gz_err end;

	if (!began) {
		return rc;
	}
	end = gz_db_exec(db, rc == GZ_OK ? "COMMIT" : "ROLLBACK");
	return rc != GZ_OK ? rc : end;
}

/* gz_article_list's page, as its statement gives it (a newer page oldest first). */
static enum gz_err
list_page(struct gz_db *db, struct gz_arena *arena, time_t now, const struct gz_list_query *q,
          struct gz_article_summary **out, size_t *n)
{
	int64_t upto = (int64_t)now, *cats = NULL;
	size_t ncats = 0;
	sqlite3_stmt *st;
	enum gz_err rc;

	if (q->kind == GZ_LIST_CATEGORY &&
	    (rc = gz_category_subtree(db, arena, q->key, &cats, &ncats)) != GZ_OK) {
		return rc;
	}
	/*
	 * Going older, the upper bound on published_at is the cursor's own
	 * time when that is earlier than now: SQLite uses one range bound per
	 * index column, and this one starts the index walk at the cursor
	 * instead of at the newest article (measured: 2 ms -> 0.05 ms at a
	 * depth of 5,000).  Going newer, the cursor is the lower bound and
	 * the walk starts there by itself.
	 */
	if (q->cursor == GZ_CURSOR_BEFORE && q->cursor_ts < upto) {
		upto = q->cursor_ts;
	}
	if (ncats > 1) {
		return list_tree(db, arena, now, upto, q, cats, ncats, out, n);
	}
	if ((st = gz_db_stmt(db, list_sql[q->kind][q->cursor])) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, upto);
	gz_db_bind_int64(st, 2, q->limit);
	if (q->cursor != GZ_CURSOR_NONE) {
		gz_db_bind_int64(st, 3, q->cursor_ts);
		gz_db_bind_int64(st, 4, q->cursor_id);
	} else {
		gz_db_bind_int64(st, 3, q->offset);
	}
	gz_db_bind_int64(st, 5, q->key);
	return collect(db, arena, st, q->limit, out, n, "article list");
}

enum gz_err
gz_article_list(struct gz_db *db, struct gz_arena *arena, time_t now, const struct gz_list_query *q,
                struct gz_article_summary **out, size_t *n)
{
	struct gz_article_summary tmp;
	enum gz_err rc;
	size_t i;
	int began = 0;

	*out = NULL;
	*n = 0;
	if (q->limit < 1 || q->limit > GZ_ARTICLE_LIST_MAX || q->offset < 0 ||
	    (unsigned)q->kind > GZ_LIST_AUTHOR || (unsigned)q->cursor > GZ_CURSOR_AFTER) {
		return GZ_EINVAL;
	}
	/* A category's listing reads its subtree first, then its articles. */
	if (q->kind == GZ_LIST_CATEGORY && (rc = read_begin(db, &began)) != GZ_OK) {
		return rc;
	}
	rc = read_end(db, began, list_page(db, arena, now, q, out, n));
	if (rc != GZ_OK) {
		*out = NULL;
		*n = 0;
		return rc;
	}
	/* The newer page came oldest first; pages always read newest first. */
	for (i = 0; q->cursor == GZ_CURSOR_AFTER && i < *n / 2; i++) {
		tmp = (*out)[i];
		(*out)[i] = (*out)[*n - 1 - i];
		(*out)[*n - 1 - i] = tmp;
	}
	return GZ_OK;
}

static const char *const count_sql[4] = {
    "SELECT count(*), sum((a.published_at, a.id) >= (?2, ?3)) FROM articles a WHERE " VISIBLE
    "AND ?4 IS NOT NULL",
    "SELECT count(*), sum((a.published_at, a.id) >= (?2, ?3)) FROM articles a WHERE " VISIBLE
    "AND a.category_id = ?4",
    "SELECT count(*), sum((a.published_at, a.id) >= (?2, ?3)) FROM articles a WHERE " VISIBLE
    "AND a.id IN (SELECT article_id FROM article_tags WHERE tag_id = ?4)",
    "SELECT count(*), sum((a.published_at, a.id) >= (?2, ?3)) FROM articles a WHERE " VISIBLE
    "AND a.id IN (SELECT article_id FROM article_authors WHERE user_id = ?4)",
};

/*
 * Add to *count the visible articles of listing (kind, key) at now, and
 * to *newer those at or newer than (ts, id) when ts > 0.
 */
static enum gz_err
count_one(struct gz_db *db, time_t now, enum gz_list_kind kind, int64_t key, int64_t ts, int64_t id,
          int64_t *count, int64_t *newer)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	if ((st = gz_db_stmt(db, count_sql[kind])) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, (int64_t)now);
	/* Without a cursor nothing is "newer": compare against the far future. */
	gz_db_bind_int64(st, 2, ts > 0 ? ts : INT64_MAX);
	gz_db_bind_int64(st, 3, ts > 0 ? id : INT64_MAX);
	gz_db_bind_int64(st, 4, key);
	if ((src = sqlite3_step(st)) == SQLITE_ROW) {
		*count += sqlite3_column_int64(st, 0);
		*newer += sqlite3_column_int64(st, 1);
	} else {
		rc = gz_db_error(db, src, "article list count");
	}
	gz_db_reset(st);
	return rc;
}

enum gz_err
gz_article_list_count(struct gz_db *db, time_t now, enum gz_list_kind kind, int64_t key, int64_t ts,
                      int64_t id, int64_t *count, int64_t *newer)
{
	struct gz_arena arena;
	int64_t *cats, ignored = 0;
	enum gz_err rc;
	size_t ncats, i;
	int began;

	*count = 0;
	if (newer == NULL) {
		newer = &ignored;
	}
	*newer = 0;
	if ((unsigned)kind > GZ_LIST_AUTHOR) {
		return GZ_EINVAL;
	}
	if (kind != GZ_LIST_CATEGORY) {
		return count_one(db, now, kind, key, ts, id, count, newer);
	}
	/* A category counts what its listing shows: the sum over its subtree
	 * (the same walk as gz_article_list's, in a scratch arena here), in
	 * one read transaction. */
	if ((rc = read_begin(db, &began)) != GZ_OK) {
		return rc;
	}
	gz_arena_init(&arena, 1024, 0);
	rc = gz_category_subtree(db, &arena, key, &cats, &ncats);
	for (i = 0; rc == GZ_OK && i < ncats; i++) {
		rc = count_one(db, now, kind, cats[i], ts, id, count, newer);
	}
	gz_arena_free(&arena);
	return read_end(db, began, rc);
}

/* Tags of article id, in name order. */
static enum gz_err
article_tags(struct gz_db *db, struct gz_arena *arena, int64_t id, struct gz_tag_ref **out,
             size_t *n)
{
	enum { MAXTAGS = 32 };
	struct gz_tag_ref *tags;
	sqlite3_stmt *st;
	size_t ntags = 0;
	enum gz_err rc = GZ_OK;
	int src = SQLITE_DONE;

	*out = NULL;
	*n = 0;
	st = gz_db_stmt(db, "SELECT t.id, t.slug, t.name FROM article_tags x "
	                    "JOIN tags t ON t.id = x.tag_id WHERE x.article_id = ?1 "
	                    "ORDER BY t.name COLLATE NOCASE LIMIT 32");
	if (st == NULL) {
		return GZ_EDB;
	}
	if ((tags = gz_arena_calloc(arena, MAXTAGS, sizeof(*tags))) == NULL) {
		gz_db_reset(st);
		return GZ_ENOMEM;
	}
	gz_db_bind_int64(st, 1, id);
	while (ntags < MAXTAGS && (src = sqlite3_step(st)) == SQLITE_ROW) {
		tags[ntags].id = sqlite3_column_int64(st, 0);
		tags[ntags].slug = gz_db_col_text(arena, st, 1);
		tags[ntags].name = gz_db_col_text(arena, st, 2);
		if (tags[ntags].slug == NULL || tags[ntags].name == NULL) {
			rc = GZ_ENOMEM;
			goto done;
		}
		ntags++;
	}
	if (src != SQLITE_DONE && src != SQLITE_ROW) {
		rc = gz_db_error(db, src, "article tags");
		goto done;
	}
	*out = tags;
	*n = ntags;
done:
	gz_db_reset(st);
	return rc;
}

enum gz_err
gz_article_by_slug(struct gz_db *db, struct gz_arena *arena, const char *slug, time_t now,
                   struct gz_article *out)
{
	sqlite3_stmt *st;
	enum gz_err rc;
	int src;

	memset(out, 0, sizeof(*out));
	st = gz_db_stmt(
	    db,
	    "SELECT a.id, a.slug, a.title, a.summary, coalesce(c.slug, ''), "
	    "coalesce(c.name, ''), u.login, u.display_name, a.published_at, "
	    "a.updated_at, (SELECT count(*) FROM comments m WHERE m.article_id = "
	    "a.id AND m.status = 'approved'), a.featured, "
	    "coalesce('/media/' || i.hash || '.' || i.ext, ''), coalesce(i.alt, ''), " ARTICLE_LANG
	    ", a.body, coalesce(a.category_id, 0), a.author_id, "
	    "u.bio, a.comments_open, coalesce('/media/' || i.hash || '.' || i.ext, ''), "
	    "coalesce(i.alt, ''), coalesce(i.width, 0), coalesce(i.height, 0), "
	    "a.meta_description, coalesce(a.translation_group, 0), a.body_html, "
	    "a.body_html_tail, CASE WHEN a.body_html IS NULL THEN 0 ELSE a.body_html_ver END "
	    "FROM articles a JOIN users u ON u.id = a.author_id "
	    "LEFT JOIN categories c ON c.id = a.category_id "
	    "LEFT JOIN media i ON i.id = a.image_id "
	    "WHERE a.slug = ?2 AND " VISIBLE);
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, (int64_t)now);
	gz_db_bind_text(st, 2, slug);
	src = sqlite3_step(st);
	if (src == SQLITE_DONE) {
		gz_db_reset(st);
		return GZ_ENOTFOUND;
	}
	if (src != SQLITE_ROW) {
		rc = gz_db_error(db, src, "article by slug");
		gz_db_reset(st);
		return rc;
	}
	rc = fill_summary(arena, st, &out->s);
	out->body = gz_db_col_text(arena, st, 15);
	out->category_id = sqlite3_column_int64(st, 16);
	out->author_id = sqlite3_column_int64(st, 17);
	out->author_bio = gz_db_col_text(arena, st, 18);
	out->comments_open = sqlite3_column_int(st, 19) != 0;
	out->image_url = gz_db_col_text(arena, st, 20);
	out->image_alt = gz_db_col_text(arena, st, 21);
	out->image_width = sqlite3_column_int64(st, 22);
	out->image_height = sqlite3_column_int64(st, 23);
	out->seo_desc = gz_db_col_text(arena, st, 24);
	out->translation_group = sqlite3_column_int64(st, 25);
	/* Version 0 when none is stored (or the renderer refused the body):
	 * the page renders the Markdown instead. */
	out->body_html_ver = sqlite3_column_int(st, 28);
	if (out->body_html_ver != 0) {
		out->body_html = gz_db_col_text(arena, st, 26);
		out->body_html_tail = gz_db_col_text(arena, st, 27);
		if (out->body_html == NULL || out->body_html_tail == NULL) {
			out->body_html = out->body_html_tail = NULL;
			out->body_html_ver = 0;
		}
	}
	gz_db_reset(st);
	if (rc == GZ_OK &&
	    (out->body == NULL || out->author_bio == NULL || out->image_url == NULL ||
	     out->image_alt == NULL || out->seo_desc == NULL)) {
		rc = GZ_ENOMEM;
	}
	if (rc != GZ_OK) {
		return rc;
	}
	return article_tags(db, arena, out->s.id, &out->tags, &out->ntags);
}

enum gz_err
gz_article_renamed(struct gz_db *db, struct gz_arena *arena, const char *old, time_t now,
                   const char **slug)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	*slug = NULL;
	st = gz_db_stmt(db, "SELECT a.slug FROM slug_redirects r JOIN articles a "
	                    "ON a.id = r.article_id WHERE r.old_slug = ?2 AND " VISIBLE);
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, (int64_t)now);
	gz_db_bind_text(st, 2, old);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		if ((*slug = gz_db_col_text(arena, st, 0)) == NULL) {
			rc = GZ_ENOMEM;
		}
	} else if (src == SQLITE_DONE) {
		rc = GZ_ENOTFOUND;
	} else {
		rc = gz_db_error(db, src, "article renamed");
	}
	gz_db_reset(st);
	return rc;
}

/* A candidate for "related": its id and score. */
struct cand {
	int64_t id;    /* article id */
	int score;     /* 4 per shared tag, 1 for the same category; -1: left out */
	int64_t pub;   /* published_at, for the tie-break */
	int64_t group; /* its translation group, 0: none */
	int own_lang;  /* 1: in the language of the article it is related to */
};

static struct cand *
cand_add(struct cand *c, size_t *nc, size_t max, int64_t id, int score)
{
	size_t i;

	for (i = 0; i < *nc; i++) {
		if (c[i].id == id) {
			c[i].score += score;
			return &c[i];
		}
	}
	if (*nc == max) {
		return NULL;
	}
	c[*nc].id = id;
	c[*nc].score = score;
	c[*nc].pub = 0;
	c[*nc].group = 0;
	c[*nc].own_lang = 0;
	return &c[(*nc)++];
}

static int
cand_cmp(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;

	if (a->score != b->score) {
		return b->score - a->score;
	}
	if (a->pub != b->pub) {
		return a->pub < b->pub ? 1 : -1;
	}
	return a->id < b->id ? 1 : -1;
}

/*
 * Of candidates (sorted best first) that translate each other, keep one:
 * the best one in the language of the article they are related to, else
 * the best one.  The others get score -1.  The same story twice in two
 * languages is one suggestion, in the reader's language when it exists.
 */
static void
drop_translations(struct cand *c, size_t nc)
{
	size_t i, j;

	for (i = 0; i < nc; i++) {
		if (c[i].score < 0 || c[i].group == 0) {
			continue;
		}
		for (j = i + 1; j < nc; j++) {
			if (c[j].score < 0 || c[j].group != c[i].group) {
				continue;
			}
			if (!c[i].own_lang && c[j].own_lang) {
				/* The reader's language wins; it takes the better place. */
				c[j].score = -1;
				c[i].id = c[j].id;
				c[i].own_lang = 1;
			} else {
				c[j].score = -1;
			}
		}
	}
}

enum gz_err
gz_article_related_ids(struct gz_db *db, struct gz_arena *arena, const struct gz_article *a,
                       time_t now, int limit, int64_t **ids, size_t *n)
{
	enum { PER_TAG = 30, PER_CAT = 20 };
	size_t max = a->ntags * PER_TAG + PER_CAT, nc = 0, i, nout = 0;
	int64_t *items;
	struct cand *c;
	sqlite3_stmt *st;
	int src;

	*ids = NULL;
	*n = 0;
	if (limit < 1 || limit > GZ_ARTICLE_LIST_MAX) {
		return GZ_EINVAL;
	}
	if ((c = gz_arena_calloc(arena, max, sizeof(*c))) == NULL) {
		return GZ_ENOMEM;
	}
	/* Newest articles sharing each tag (ids grow with time, and the
	 * (tag_id, article_id) index walks them backwards without sorting). */
	for (i = 0; i < a->ntags; i++) {
		st = gz_db_stmt(db, "SELECT article_id FROM article_tags WHERE tag_id = ?1 "
		                    "AND article_id != ?2 ORDER BY article_id DESC LIMIT 30");
		if (st == NULL) {
			return GZ_EDB;
		}
		gz_db_bind_int64(st, 1, a->tags[i].id);
		gz_db_bind_int64(st, 2, a->s.id);
		while ((src = sqlite3_step(st)) == SQLITE_ROW) {
			cand_add(c, &nc, max, sqlite3_column_int64(st, 0), 4);
		}
		gz_db_reset(st);
		if (src != SQLITE_DONE) {
			return gz_db_error(db, src, "related by tag");
		}
	}
	if (a->category_id != 0) {
		st = gz_db_stmt(db, "SELECT a.id FROM articles a WHERE " VISIBLE
		                    "AND a.category_id = ?2 AND a.id != ?3 "
		                    "ORDER BY a.published_at DESC, a.id DESC LIMIT 20");
		if (st == NULL) {
			return GZ_EDB;
		}
		gz_db_bind_int64(st, 1, (int64_t)now);
		gz_db_bind_int64(st, 2, a->category_id);
		gz_db_bind_int64(st, 3, a->s.id);
		while ((src = sqlite3_step(st)) == SQLITE_ROW) {
			cand_add(c, &nc, max, sqlite3_column_int64(st, 0), 1);
		}
		gz_db_reset(st);
		if (src != SQLITE_DONE) {
			return gz_db_error(db, src, "related by category");
		}
	}
	/* Visibility and recency for the candidates; invisible ones drop out,
	 * and so do a's translations (the same story, linked above the body). */
	st = gz_db_stmt(db, "SELECT a.published_at, coalesce(a.translation_group, 0), " ARTICLE_LANG
	                    " = ?4 FROM articles a WHERE a.id = ?2 AND " VISIBLE
	                    "AND (?3 = 0 OR a.translation_group IS NOT ?3)");
	if (st == NULL) {
		return GZ_EDB;
	}
	for (i = 0; i < nc; i++) {
		gz_db_bind_int64(st, 1, (int64_t)now);
		gz_db_bind_int64(st, 2, c[i].id);
		gz_db_bind_int64(st, 3, a->translation_group);
		gz_db_bind_text(st, 4, a->s.lang != NULL ? a->s.lang : "");
		src = sqlite3_step(st);
		c[i].pub = src == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		c[i].group = src == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
		c[i].own_lang = src == SQLITE_ROW && sqlite3_column_int(st, 2) != 0;
		if (src != SQLITE_ROW) {
			c[i].score = -1;
		}
		sqlite3_reset(st);
	}
	gz_db_reset(st);
	qsort(c, nc, sizeof(*c), cand_cmp);
	drop_translations(c, nc);
	if ((items = gz_arena_calloc(arena, (size_t)limit, sizeof(*items))) == NULL) {
		return GZ_ENOMEM;
	}
	/* Every candidate left was visible just now, so the first limit are
	 * the list; gz_article_by_ids reads them (and checks again). */
	for (i = 0; i < nc && nout < (size_t)limit; i++) {
		if (c[i].score >= 0) {
			items[nout++] = c[i].id;
		}
	}
	*ids = nout ? items : NULL;
	*n = nout;
	return GZ_OK;
}

enum gz_err
gz_article_by_ids(struct gz_db *db, struct gz_arena *arena, time_t now, const int64_t *ids,
                  size_t nids, struct gz_article_summary **out, size_t *n)
{
	struct gz_article_summary *items;
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	size_t i, nout = 0;
	int src;

	*out = NULL;
	*n = 0;
	if (nids == 0) {
		return GZ_OK;
	}
	if (nids > GZ_ARTICLE_LIST_MAX) {
		return GZ_EINVAL;
	}
	if ((items = gz_arena_calloc(arena, nids, sizeof(*items))) == NULL) {
		return GZ_ENOMEM;
	}
	if ((st = gz_db_stmt(db, SUMMARY_SELECT "WHERE a.id = ?2 AND " VISIBLE)) == NULL) {
		return GZ_EDB;
	}
	for (i = 0; i < nids && rc == GZ_OK; i++) {
		gz_db_bind_int64(st, 1, (int64_t)now);
		gz_db_bind_int64(st, 2, ids[i]);
		if ((src = sqlite3_step(st)) == SQLITE_ROW) {
			if ((rc = fill_summary(arena, st, &items[nout])) == GZ_OK) {
				nout++;
			}
		} else if (src != SQLITE_DONE) {
			rc = gz_db_error(db, src, "article by id");
		}
		sqlite3_reset(st);
	}
	gz_db_reset(st);
	if (rc != GZ_OK) {
		return rc;
	}
	*out = nout ? items : NULL;
	*n = nout;
	return GZ_OK;
}

enum gz_err
gz_article_related(struct gz_db *db, struct gz_arena *arena, const struct gz_article *a, time_t now,
                   int limit, struct gz_article_summary **out, size_t *n)
{
	int64_t *ids;
	size_t nids;
	enum gz_err rc;

	*out = NULL;
	*n = 0;
	if ((rc = gz_article_related_ids(db, arena, a, now, limit, &ids, &nids)) != GZ_OK) {
		return rc;
	}
	return gz_article_by_ids(db, arena, now, ids, nids, out, n);
}

enum gz_err
gz_article_neighbours(struct gz_db *db, struct gz_arena *arena, const struct gz_article *a,
                      time_t now, struct gz_article_summary *prev, struct gz_article_summary *next)
{
	sqlite3_stmt *st;
	enum gz_err rc;

	st = gz_db_stmt(db, SUMMARY_SELECT "WHERE " VISIBLE "AND (a.published_at, a.id) < (?2, ?3) "
	                                   "ORDER BY a.published_at DESC, a.id DESC LIMIT 1");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, (int64_t)now);
	gz_db_bind_int64(st, 2, a->s.published_at);
	gz_db_bind_int64(st, 3, a->s.id);
	if ((rc = one_summary(db, arena, st, prev, "article neighbour")) != GZ_OK) {
		return rc;
	}
	st = gz_db_stmt(db, SUMMARY_SELECT "WHERE " VISIBLE "AND (a.published_at, a.id) > (?2, ?3) "
	                                   "ORDER BY a.published_at ASC, a.id ASC LIMIT 1");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, (int64_t)now);
	gz_db_bind_int64(st, 2, a->s.published_at);
	gz_db_bind_int64(st, 3, a->s.id);
	return one_summary(db, arena, st, next, "article neighbour");
}

enum gz_err
gz_article_most_read(struct gz_db *db, struct gz_arena *arena, time_t now, int days, int limit,
                     struct gz_article_summary **out, size_t *n)
{
	sqlite3_stmt *st;

	*out = NULL;
	*n = 0;
	if (limit < 1 || limit > GZ_ARTICLE_LIST_MAX || days < 1) {
		return GZ_EINVAL;
	}
	st = gz_db_stmt(db, SUMMARY_SELECT "WHERE " VISIBLE "AND a.published_at > ?3 "
	                                   "ORDER BY a.views DESC, a.published_at DESC LIMIT ?2");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, (int64_t)now);
	gz_db_bind_int64(st, 2, limit);
	gz_db_bind_int64(st, 3, (int64_t)now - (int64_t)days * 86400);
	return collect(db, arena, st, limit, out, n, "most read");
}

enum gz_err
gz_article_most_read_ids(struct gz_db *db, struct gz_arena *arena, time_t now, int days, int limit,
                         int64_t **ids, size_t *n)
{
	sqlite3_stmt *st;
	int64_t *items;
	enum gz_err rc = GZ_OK;
	size_t nout = 0;
	int src = SQLITE_DONE;

	*ids = NULL;
	*n = 0;
	if (limit < 1 || limit > GZ_ARTICLE_LIST_MAX || days < 1) {
		return GZ_EINVAL;
	}
	if ((items = gz_arena_calloc(arena, (size_t)limit, sizeof(*items))) == NULL) {
		return GZ_ENOMEM;
	}
	/* gz_article_most_read's order, ids only: the caller keeps them a
	 * while (views move without a write) and reads the summaries. */
	st = gz_db_stmt(db, "SELECT a.id FROM articles a WHERE " VISIBLE "AND a.published_at > ?3 "
	                    "ORDER BY a.views DESC, a.published_at DESC LIMIT ?2");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, (int64_t)now);
	gz_db_bind_int64(st, 2, limit);
	gz_db_bind_int64(st, 3, (int64_t)now - (int64_t)days * 86400);
	while (nout < (size_t)limit && (src = sqlite3_step(st)) == SQLITE_ROW) {
		items[nout++] = sqlite3_column_int64(st, 0);
	}
	if (src != SQLITE_DONE && src != SQLITE_ROW) {
		rc = gz_db_error(db, src, "most read ids");
	}
	gz_db_reset(st);
	if (rc == GZ_OK) {
		*ids = nout ? items : NULL;
		*n = nout;
	}
	return rc;
}

enum gz_err
gz_article_visible_mark(struct gz_db *db, time_t now, int64_t *mark)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	*mark = 0;
	st = gz_db_stmt(db,
	                "SELECT coalesce(max(a.published_at), 0) FROM articles a WHERE " VISIBLE);
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, (int64_t)now);
	if ((src = sqlite3_step(st)) == SQLITE_ROW) {
		*mark = sqlite3_column_int64(st, 0);
	} else {
		rc = gz_db_error(db, src, "visible mark");
	}
	gz_db_reset(st);
	return rc;
}

enum gz_err
gz_article_page_state(struct gz_db *db, time_t now, int64_t *gen, int64_t *changed, int64_t *mark)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	*gen = *changed = *mark = 0;
	st =
	    gz_db_stmt(db, "SELECT g.value, g.changed_at, (SELECT coalesce(max(a.published_at), 0) "
	                   "FROM articles a WHERE " VISIBLE ") FROM generation g WHERE g.id = 1");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, (int64_t)now);
	if ((src = sqlite3_step(st)) == SQLITE_ROW) {
		*gen = sqlite3_column_int64(st, 0);
		*changed = sqlite3_column_int64(st, 1);
		*mark = sqlite3_column_int64(st, 2);
	} else {
		rc = gz_db_error(db, src == SQLITE_DONE ? SQLITE_CORRUPT : src, "page state");
	}
	gz_db_reset(st);
	return rc;
}
