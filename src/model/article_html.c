/*
 * The stored HTML of article bodies: listing the rows whose HTML is
 * missing or old, storing new HTML, counting what is left.  It does not
 * render (src/app/body_html.c does, through the view's Markdown renderer)
 * and does not decide when to: SQL triggers (sql/018_body_html.sql) drop
 * the HTML when a body or an image changes, and the application fills it.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/article_html.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"

static enum gz_err
fill_stale(struct gz_arena *arena, sqlite3_stmt *st, void *item)
{
	struct gz_article_stale *s = item;

	s->id = sqlite3_column_int64(st, 0);
	s->body = gz_db_col_text(arena, st, 1);
	s->has_image = sqlite3_column_int(st, 2) != 0;
	return s->body != NULL ? GZ_OK : GZ_ENOMEM;
}

enum gz_err
gz_article_html_stale(struct gz_db *db, struct gz_arena *arena, int ver, int64_t id, int max,
                      struct gz_article_stale **out, size_t *n)
{
	sqlite3_stmt *st;

	*out = NULL;
	*n = 0;
	if (max < 1 || max > 1000) {
		return GZ_EINVAL;
	}
	/* By the index on body_html_ver: no scan of the bodies when (as on
	 * every start-up but the first after an upgrade) nothing is stale. */
	st = id > 0 ? gz_db_stmt(db, "SELECT id, body, image_id IS NOT NULL FROM articles "
	                             "WHERE body_html_ver < ?1 AND id = ?2 LIMIT ?3")
	            : gz_db_stmt(db, "SELECT id, body, image_id IS NOT NULL FROM articles "
	                             "WHERE body_html_ver < ?1 AND ?2 = 0 LIMIT ?3");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, ver);
	gz_db_bind_int64(st, 2, id);
	gz_db_bind_int64(st, 3, max);
	return gz_db_rows(db, arena, st, sizeof(**out), (size_t)max, (size_t)max, fill_stale, out,
	                  n, "article html stale");
}

enum gz_err
gz_article_html_store(struct gz_db *db, int64_t id, const char *body, int ver, const char *head,
                      const char *tail, int *stored)
{
	sqlite3_stmt *st;
	enum gz_err rc;

	*stored = 0;
	if (ver < 1 || body == NULL) {
		return GZ_EINVAL;
	}
	/* "AND body = ?2": the HTML belongs to the body it was made from; an
	 * editor's save in between wins and leaves the row stale. */
	st = gz_db_stmt(db, "UPDATE articles SET body_html = ?3, body_html_tail = ?4, "
	                    "body_html_ver = ?5 WHERE id = ?1 AND body = ?2");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	gz_db_bind_text(st, 2, body);
	gz_db_bind_text(st, 3, head);
	gz_db_bind_text(st, 4, head != NULL && tail != NULL ? tail : head != NULL ? "" : NULL);
	gz_db_bind_int64(st, 5, ver);
	if ((rc = gz_db_step_done(db, st)) == GZ_OK) {
		*stored = sqlite3_changes(gz_db_handle(db)) > 0;
	}
	return rc;
}

enum gz_err
gz_article_html_count_stale(struct gz_db *db, int ver, int64_t *count)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	*count = 0;
	if ((st = gz_db_stmt(db, "SELECT count(*) FROM articles WHERE body_html_ver < ?1")) ==
	    NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, ver);
	if ((src = sqlite3_step(st)) == SQLITE_ROW) {
		*count = sqlite3_column_int64(st, 0);
	} else {
		rc = gz_db_error(db, src, "article html count");
	}
	gz_db_reset(st);
	return rc;
}
