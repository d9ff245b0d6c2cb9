/*
 * The rows behind the XML sitemaps: visible articles by id range, and the
 * listing and static pages.  It knows which rows are public; it does not
 * know XML, the base URL or how the parts are cut (the app chooses ranges).
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/sitemap.h"
#include "internal.h"

enum gz_err
gz_sitemap_span(struct gz_db *db, int64_t now, int64_t *maxid, int64_t *lastmod)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	*maxid = *lastmod = 0;
	st =
	    gz_db_stmt(db, "SELECT coalesce(max(a.id), 0), coalesce(max(max(a.updated_at, "
	                   "a.published_at)), 0) FROM articles a WHERE " GZ_SQL_VISIBLE("a", "?1"));
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, now);
	if ((src = sqlite3_step(st)) == SQLITE_ROW) {
		*maxid = sqlite3_column_int64(st, 0);
		*lastmod = sqlite3_column_int64(st, 1);
	} else {
		rc = gz_db_error(db, src, "sitemap span");
	}
	gz_db_reset(st);
	return rc;
}

/* One address: the path, and the last change when the query has it. */
static enum gz_err
fill_url(struct gz_arena *arena, sqlite3_stmt *st, void *item)
{
	struct gz_sitemap_url *u = item;

	u->lastmod = sqlite3_column_count(st) > 1 ? sqlite3_column_int64(st, 1) : 0;
	return (u->path = gz_db_col_text(arena, st, 0)) == NULL ? GZ_ENOMEM : GZ_OK;
}

enum gz_err
gz_sitemap_article_urls(struct gz_db *db, struct gz_arena *arena, int64_t now, int64_t first,
                        int64_t last, struct gz_sitemap_url **urls, size_t *n)
{
	sqlite3_stmt *st;

	*urls = NULL;
	*n = 0;
	st = gz_db_stmt(db, "SELECT '/article/' || a.slug, max(a.updated_at, a.published_at) "
	                    "FROM articles a WHERE a.id >= ?2 AND a.id < ?3 AND " GZ_SQL_VISIBLE(
	                        "a", "?1") "ORDER BY a.id");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, now);
	gz_db_bind_int64(st, 2, first);
	gz_db_bind_int64(st, 3, last);
	return gz_db_rows(db, arena, st, sizeof(**urls), 64, 0, fill_url, urls, n, "sitemap");
}

enum gz_err
gz_sitemap_page_urls(struct gz_db *db, struct gz_arena *arena, int64_t now,
                     struct gz_sitemap_url **urls, size_t *n)
{
	sqlite3_stmt *st;

	*urls = NULL;
	*n = 0;
	st =
	    gz_db_stmt(db, "SELECT '/category/' || slug FROM categories UNION ALL "
	                   "SELECT '/tag/' || slug FROM tags UNION ALL "
	                   "SELECT '/author/' || login FROM users u WHERE EXISTS (SELECT 1 FROM "
	                   "articles a WHERE a.author_id = u.id AND " GZ_SQL_VISIBLE(
	                       "a", "?1") ") UNION ALL "
	                                  "SELECT '/p/' || slug FROM pages WHERE slug != 'privacy' "
	                                  "AND status = 'published'");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, now);
	return gz_db_rows(db, arena, st, sizeof(**urls), 64, 0, fill_url, urls, n, "sitemap");
}
