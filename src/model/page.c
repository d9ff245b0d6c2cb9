/*
 * Static pages over the pages table.  Rendering the Markdown is the
 * view's job; this file stores and fetches text.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/page.h"
#include "gazette/utf8.h"

static enum gz_err
fill(struct gz_arena *arena, sqlite3_stmt *st, void *item)
{
	struct gz_page *p = item;

	p->id = sqlite3_column_int64(st, 0);
	p->slug = gz_db_col_text(arena, st, 1);
	p->title = gz_db_col_text(arena, st, 2);
	p->body = gz_db_col_text(arena, st, 3);
	p->updated_at = sqlite3_column_int64(st, 4);
	return p->slug && p->title && p->body ? GZ_OK : GZ_ENOMEM;
}

enum gz_err
gz_page_by_slug(struct gz_db *db, struct gz_arena *arena, const char *slug, struct gz_page *out)
{
	sqlite3_stmt *st;
	enum gz_err rc;
	int src;

	memset(out, 0, sizeof(*out));
	st = gz_db_stmt(db, "SELECT id, slug, title, body, updated_at FROM pages WHERE slug = ?1");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, slug);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		rc = fill(arena, st, out);
	} else if (src == SQLITE_DONE) {
		rc = GZ_ENOTFOUND;
	} else {
		rc = gz_db_error(db, src, "page by slug");
	}
	gz_db_reset(st);
	return rc;
}

enum gz_err
gz_page_list(struct gz_db *db, struct gz_arena *arena, struct gz_page **out, size_t *n)
{
	sqlite3_stmt *st;

	*out = NULL;
	*n = 0;
	st = gz_db_stmt(db, "SELECT id, slug, title, body, updated_at FROM pages ORDER BY title "
	                    "LIMIT 200");
	if (st == NULL) {
		return GZ_EDB;
	}
	return gz_db_rows(db, arena, st, sizeof(**out), 16, 200, fill, out, n, "page list");
}

enum gz_err
gz_page_save(struct gz_db *db, const char *slug, const char *title, const char *body, int64_t now)
{
	size_t tlen = strlen(title), blen = strlen(body);
	sqlite3_stmt *st;
	enum gz_err rc;

	if (tlen == 0 || tlen > 200 || blen > 1024 * 1024 || !gz_utf8_valid(title, tlen) ||
	    !gz_utf8_valid(body, blen)) {
		return GZ_EINVAL;
	}
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	st = gz_db_stmt(db, "INSERT INTO pages (slug, title, body, updated_at) VALUES (?1, ?2, ?3, "
	                    "?4) ON CONFLICT (slug) DO UPDATE SET title = excluded.title, "
	                    "body = excluded.body, updated_at = excluded.updated_at");
	if (st == NULL) {
		gz_db_rollback(db);
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, slug);
	gz_db_bind_text(st, 2, title);
	gz_db_bind_text(st, 3, body);
	gz_db_bind_int64(st, 4, now);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK || (rc = gz_db_bump(db)) != GZ_OK) {
		gz_db_rollback(db);
		return rc;
	}
	return gz_db_commit(db);
}
