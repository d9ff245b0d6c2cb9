/*
 * Dashboard counts over the articles table.  One grouped query; it does
 * not know how the dashboard shows them.
 */
#include <string.h>

#include "gazette/db.h"
#include "gazette/stats.h"
#include "internal.h"

enum gz_err
gz_stats_articles(struct gz_db *db, int64_t now, struct gz_article_stats *s)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	memset(s, 0, sizeof(*s));
	st = gz_db_stmt(db, "SELECT "
	                    "sum(" GZ_SQL_VISIBLE("a", "?1") "), "
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
