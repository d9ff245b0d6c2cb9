/*
 * Static pages over the pages table.  Rendering the Markdown is the
 * view's job; this file stores and fetches text, says which pages
 * readers may see (published ones; drafts are for admins), which
 * addresses a new page may take, and remembers the addresses of deleted
 * pages (pages_gone) so they can answer 410.  It knows nothing of menus:
 * a menu item naming a page goes with it by the schema's cascade.
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
	p->status = gz_db_col_text(arena, st, 5);
	return p->slug && p->title && p->body && p->status ? GZ_OK : GZ_ENOMEM;
}

/* The one row of st (prepared, slug bound to ?1) into out; reset after. */
static enum gz_err
one(struct gz_db *db, struct gz_arena *arena, sqlite3_stmt *st, const char *slug,
    struct gz_page *out)
{
	enum gz_err rc;
	int src;

	memset(out, 0, sizeof(*out));
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
gz_page_by_slug(struct gz_db *db, struct gz_arena *arena, const char *slug, struct gz_page *out)
{
	return one(db, arena,
	           gz_db_stmt(db, "SELECT id, slug, title, body, updated_at, status FROM pages "
	                          "WHERE slug = ?1"),
	           slug, out);
}

enum gz_err
gz_page_visible(struct gz_db *db, struct gz_arena *arena, const char *slug, struct gz_page *out)
{
	return one(db, arena,
	           gz_db_stmt(db, "SELECT id, slug, title, body, updated_at, status FROM pages "
	                          "WHERE slug = ?1 AND status = 'published'"),
	           slug, out);
}

enum gz_err
gz_page_list(struct gz_db *db, struct gz_arena *arena, struct gz_page **out, size_t *n)
{
	sqlite3_stmt *st;

	*out = NULL;
	*n = 0;
	st = gz_db_stmt(db, "SELECT id, slug, title, body, updated_at, status FROM pages "
	                    "ORDER BY title LIMIT 200");
	if (st == NULL) {
		return GZ_EDB;
	}
	return gz_db_rows(db, arena, st, sizeof(**out), 16, 200, fill, out, n, "page list");
}

/*
 * Create or replace the page called slug; status NULL keeps an existing
 * page's status (a new one is published), else sets it.  Validates the
 * text, opens the transaction (a savepoint inside the caller's) and bumps
 * the generation.
 */
static enum gz_err
save(struct gz_db *db, const char *slug, const char *title, const char *body, const char *status,
     int64_t now)
{
	size_t slen = strlen(slug), tlen = strlen(title), blen = strlen(body);
	sqlite3_stmt *st;
	enum gz_err rc;

	if (slen == 0 || slen > 200 || strchr(slug, '/') != NULL || !gz_utf8_valid(slug, slen) ||
	    tlen == 0 || tlen > 200 || blen > 1024 * 1024 || !gz_utf8_valid(title, tlen) ||
	    !gz_utf8_valid(body, blen)) {
		return GZ_EINVAL;
	}
	if (status != NULL && strcmp(status, GZ_PAGE_PUBLISHED) != 0 &&
	    strcmp(status, GZ_PAGE_DRAFT) != 0) {
		return GZ_EINVAL;
	}
	/* The consent banner and every page's footer link to the policy. */
	if (status != NULL && strcmp(status, GZ_PAGE_DRAFT) == 0 && strcmp(slug, "privacy") == 0) {
		return GZ_EINVAL;
	}
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	if (status == NULL) {
		st = gz_db_stmt(db,
		                "INSERT INTO pages (slug, title, body, updated_at) VALUES (?1, ?2, "
		                "?3, ?4) ON CONFLICT (slug) DO UPDATE SET title = excluded.title, "
		                "body = excluded.body, updated_at = excluded.updated_at");
	} else {
		st = gz_db_stmt(db,
		                "INSERT INTO pages (slug, title, body, updated_at, status) VALUES "
		                "(?1, ?2, ?3, ?4, ?5) ON CONFLICT (slug) DO UPDATE SET "
		                "title = excluded.title, body = excluded.body, "
		                "updated_at = excluded.updated_at, status = excluded.status");
	}
	if (st == NULL) {
		gz_db_rollback(db);
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, slug);
	gz_db_bind_text(st, 2, title);
	gz_db_bind_text(st, 3, body);
	gz_db_bind_int64(st, 4, now);
	if (status != NULL) {
		gz_db_bind_text(st, 5, status);
	}
	if ((rc = gz_db_step_done(db, st)) != GZ_OK || (rc = gz_db_bump(db)) != GZ_OK) {
		gz_db_rollback(db);
		return rc;
	}
	return gz_db_commit(db);
}

enum gz_err
gz_page_save(struct gz_db *db, const char *slug, const char *title, const char *body, int64_t now)
{
	return save(db, slug, title, body, NULL, now);
}

enum gz_err
gz_page_save_status(struct gz_db *db, const char *slug, const char *title, const char *body,
                    const char *status, int64_t now)
{
	if (status == NULL) {
		return GZ_EINVAL;
	}
	return save(db, slug, title, body, status, now);
}

const char *
gz_page_slug_problem(const char *slug)
{
	size_t n = strlen(slug), i;

	if (n == 0 || n > GZ_PAGE_SLUG_MAX) {
		return GZ_N_("Give an address of 1 to 100 characters.");
	}
	for (i = 0; i < n; i++) {
		char ch = slug[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-')) {
			return GZ_N_("Use lower-case letters a-z, digits and hyphens only.");
		}
	}
	if (slug[0] == '-' || slug[n - 1] == '-') {
		return GZ_N_("An address cannot start or end with a hyphen.");
	}
	/* "new" is the admin's form (/admin/pages/new); the policy lives at
	 * /privacy and must keep its one page. */
	if (strcmp(slug, "new") == 0 || strcmp(slug, "privacy") == 0) {
		return GZ_N_("This address is reserved; choose another.");
	}
	return NULL;
}

/* Does a page row with slug exist?  1 yes, 0 no, -1 on a database error. */
static int
exists(struct gz_db *db, const char *slug)
{
	sqlite3_stmt *st = gz_db_stmt(db, "SELECT 1 FROM pages WHERE slug = ?1");
	int src;

	if (st == NULL) {
		return -1;
	}
	gz_db_bind_text(st, 1, slug);
	src = sqlite3_step(st);
	gz_db_reset(st);
	if (src != SQLITE_ROW && src != SQLITE_DONE) {
		gz_db_error(db, src, "page exists");
		return -1;
	}
	return src == SQLITE_ROW;
}

enum gz_err
gz_page_create(struct gz_db *db, const char *slug, const char *title, const char *body,
               const char *status, int64_t now)
{
	sqlite3_stmt *st;
	enum gz_err rc;
	int have;

	if (status == NULL || gz_page_slug_problem(slug) != NULL) {
		return GZ_EINVAL;
	}
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	if ((have = exists(db, slug)) != 0) {
		rc = have < 0 ? GZ_EDB : GZ_ECONFLICT;
		goto fail;
	}
	/* The address is in use again: it is no longer gone. */
	st = gz_db_stmt(db, "DELETE FROM pages_gone WHERE slug = ?1");
	if (st == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_text(st, 1, slug);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK ||
	    (rc = save(db, slug, title, body, status, now)) != GZ_OK) {
		goto fail;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}

enum gz_err
gz_page_delete(struct gz_db *db, const char *slug, int64_t now)
{
	sqlite3_stmt *st;
	enum gz_err rc;
	int have;

	if (strcmp(slug, "privacy") == 0) {
		return GZ_EPERM;
	}
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	if ((have = exists(db, slug)) != 1) {
		rc = have < 0 ? GZ_EDB : GZ_ENOTFOUND;
		goto fail;
	}
	/* Menu items naming the page go with it (ON DELETE CASCADE). */
	st = gz_db_stmt(db, "DELETE FROM pages WHERE slug = ?1");
	if (st == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_text(st, 1, slug);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		goto fail;
	}
	st = gz_db_stmt(db, "INSERT INTO pages_gone (slug, deleted_at) VALUES (?1, ?2) "
	                    "ON CONFLICT (slug) DO UPDATE SET deleted_at = excluded.deleted_at");
	if (st == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_text(st, 1, slug);
	gz_db_bind_int64(st, 2, now);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK || (rc = gz_db_bump(db)) != GZ_OK) {
		goto fail;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}

int
gz_page_gone(struct gz_db *db, const char *slug)
{
	sqlite3_stmt *st = gz_db_stmt(db, "SELECT 1 FROM pages_gone WHERE slug = ?1");
	int src;

	if (st == NULL) {
		return 0;
	}
	gz_db_bind_text(st, 1, slug);
	src = sqlite3_step(st);
	gz_db_reset(st);
	if (src != SQLITE_ROW && src != SQLITE_DONE) {
		gz_db_error(db, src, "page gone");
	}
	return src == SQLITE_ROW;
}
