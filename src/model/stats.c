/*
 * Counts over the articles table: the dashboard's (one grouped query; it
 * does not know how the dashboard shows them) and the page-view counters
 * (a batch written without waiting; it does not know who counted them or
 * when a batch is due).
 */
#include <string.h>

#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/stats.h"
#include "internal.h"

enum gz_err
gz_stats_articles(struct gz_db *db, int64_t now, struct gz_article_stats *s)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	memset(s, 0, sizeof(*s));
	st = gz_db_stmt(
	    db, "SELECT "
	        "sum(" GZ_SQL_VISIBLE(
	            "a", "?1") "), "
	                       "sum(status = 'draft'), "
	                       "sum(status IN ('published', 'scheduled') AND published_at > ?1), "
	                       "sum(status = 'trash') FROM articles a");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, now);
	if ((src = sqlite3_step(st)) == SQLITE_ROW) {
		/* sum() over no rows is NULL, which reads as 0. */
		s->published = sqlite3_column_int64(st, 0);
		s->drafts = sqlite3_column_int64(st, 1);
		s->scheduled = sqlite3_column_int64(st, 2);
		s->trash = sqlite3_column_int64(st, 3);
	} else {
		rc = gz_db_error(db, src, "article stats");
	}
	gz_db_reset(st);
	return rc;
}

enum gz_err
gz_stats_add_views(struct gz_db *db, const int64_t *ids, const int64_t *counts, size_t n)
{
	sqlite3_stmt *st;
	enum gz_err rc;
	size_t i;

	if (n == 0) {
		return GZ_OK;
	}
	/* Readers must never wait on a view: a held lock means "next time". */
	if ((rc = gz_db_try_begin(db)) != GZ_OK) {
		return rc;
	}
	for (i = 0; i < n; i++) {
		st = gz_db_stmt(db, "UPDATE articles SET views = views + ?2 WHERE id = ?1");
		if (st == NULL) {
			gz_db_rollback(db);
			return GZ_EDB;
		}
		gz_db_bind_int64(st, 1, ids[i]);
		gz_db_bind_int64(st, 2, counts[i]);
		if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
			gz_db_rollback(db);
			return rc;
		}
	}
	return gz_db_commit(db);
}
