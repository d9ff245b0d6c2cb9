/*
 * Articles as readers see them: the listings of visible articles.  Every
 * query here repeats the visibility condition of the partial indexes in
 * sql/001_init.sql word for word, so SQLite can use them.  It does not
 * render Markdown or know URLs; it does not write (the editor model will).
 */
#include <assert.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/article.h"
#include "gazette/db.h"

/* Columns of a summary, in the order fill_summary reads them. */
#define SUMMARY_SELECT                                                                             \
	"SELECT a.id, a.slug, a.title, a.summary, coalesce(c.slug, ''), "                          \
	"coalesce(c.name, ''), u.login, u.display_name, a.published_at, a.updated_at, "            \
	"(SELECT count(*) FROM comments m WHERE m.article_id = a.id "                              \
	"AND m.status = 'approved'), a.featured "                                                  \
	"FROM articles a JOIN users u ON u.id = a.author_id "                                      \
	"LEFT JOIN categories c ON c.id = a.category_id "

/* The visibility condition; must match the partial indexes' WHERE. */
#define VISIBLE "a.status IN ('published', 'scheduled') AND a.published_at <= ?1 "

static enum gz_err
fill_summary(struct gz_arena *arena, sqlite3_stmt *st, struct gz_article_summary *s)
{
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
	struct gz_article_summary *items = NULL;
	sqlite3_stmt *st = NULL;
	enum gz_err rc = GZ_OK;
	size_t nitems = 0;
	int src;

	*out = NULL;
	*n = 0;
	if (limit < 1 || limit > GZ_ARTICLE_LIST_MAX || offset < 0) {
		return GZ_EINVAL;
	}
	if ((items = gz_arena_calloc(arena, (size_t)limit, sizeof(*items))) == NULL) {
		return GZ_ENOMEM;
	}
	st = gz_db_stmt(db, SUMMARY_SELECT
	                "WHERE " VISIBLE
	                "ORDER BY a.published_at DESC, a.id DESC LIMIT ?2 OFFSET ?3");
	if (st == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_int64(st, 1, (int64_t)now);
	gz_db_bind_int64(st, 2, limit);
	gz_db_bind_int64(st, 3, offset);
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		assert(nitems < (size_t)limit);
		if ((rc = fill_summary(arena, st, &items[nitems])) != GZ_OK) {
			goto fail;
		}
		nitems++;
	}
	if (src != SQLITE_DONE) {
		rc = gz_db_error(db, src, "article latest");
		goto fail;
	}
	gz_db_reset(st);
	*out = nitems ? items : NULL;
	*n = nitems;
	return GZ_OK;
fail:
	gz_db_reset(st);
	return rc;
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
