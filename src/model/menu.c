/*
 * The admin-built header and footer menus over the menu_items table: the
 * ordered read every page makes, the checks an item passes (its target,
 * its address, its label, its place in a one-level tree), and moving an
 * item among its siblings.  It knows nothing of how the menu looks, nor of
 * the automatic section menu a site keeps while its header menu is empty.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/menu.h"
#include "gazette/str.h"
#include "gazette/utf8.h"

/* The columns fill() reads, joined with the item's target and parent. */
#define MENU_SELECT                                                                                \
	"SELECT m.id, m.menu, coalesce(m.parent_id, 0), m.position, m.label, m.kind, "             \
	"coalesce(m.category_id, 0), coalesce(m.page_id, 0), m.url, "                              \
	"coalesce(c.name, p.title, ''), coalesce(c.slug, p.slug, ''), "                            \
	"coalesce(p.status, 'published') = 'published' "                                           \
	"FROM menu_items m LEFT JOIN categories c ON c.id = m.category_id "                        \
	"LEFT JOIN pages p ON p.id = m.page_id "

static enum gz_err
fill(struct gz_arena *arena, sqlite3_stmt *st, void *item)
{
	struct gz_menu_item *m = item;

	m->id = sqlite3_column_int64(st, 0);
	m->menu = gz_db_col_text(arena, st, 1);
	m->parent_id = sqlite3_column_int64(st, 2);
	m->position = sqlite3_column_int64(st, 3);
	m->label = gz_db_col_text(arena, st, 4);
	m->kind = gz_db_col_text(arena, st, 5);
	m->category_id = sqlite3_column_int64(st, 6);
	m->page_id = sqlite3_column_int64(st, 7);
	m->url = gz_db_col_text(arena, st, 8);
	m->target_name = gz_db_col_text(arena, st, 9);
	m->target_slug = gz_db_col_text(arena, st, 10);
	m->target_public = sqlite3_column_int(st, 11);
	return m->menu && m->label && m->kind && m->url && m->target_name && m->target_slug
	           ? GZ_OK
	           : GZ_ENOMEM;
}

const char *
gz_menu_url_problem(const char *url)
{
	size_t n = strlen(url);
	const char *host;

	if (n == 0) {
		return GZ_N_("Give the link's address.");
	}
	if (n > GZ_MENU_URL_MAX) {
		return GZ_N_("The address is longer than 500 characters.");
	}
	if (!gz_utf8_valid(url, n) || gz_str_has_ctl(url, n, 0) ||
	    strpbrk(url, " \"'<>\\`") != NULL) {
		return GZ_N_("The address holds spaces, quotes or other characters it cannot.");
	}
	/* A site path; "//host" would be another site without a scheme. */
	if (url[0] == '/') {
		return url[1] == '/' ? GZ_N_("Start a path on this site with one slash, such as "
		                             "/p/contact.")
		                     : NULL;
	}
	if (gz_str_has_prefix_case(url, "https://")) {
		host = url + 8;
	} else if (gz_str_has_prefix_case(url, "http://")) {
		host = url + 7;
	} else {
		return GZ_N_("Give an address starting with https://, http:// or /.");
	}
	if (*host == '\0' || *host == '/' || *host == '?' || *host == '#') {
		return GZ_N_("The address needs a host name after the //.");
	}
	return NULL;
}

enum gz_err
gz_menu_items(struct gz_db *db, struct gz_arena *arena, const char *menu, struct gz_menu_item **out,
              size_t *n)
{
	sqlite3_stmt *st;

	*out = NULL;
	*n = 0;
	/* A child sorts under its parent: by the parent's place, then the
	 * parent before its children, then the child's own place. */
	st = gz_db_stmt(db, MENU_SELECT
	                "LEFT JOIN menu_items par ON par.id = m.parent_id WHERE m.menu = ?1 "
	                "ORDER BY coalesce(par.position, m.position), coalesce(par.id, m.id), "
	                "m.parent_id IS NOT NULL, m.position, m.id LIMIT 100");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, menu);
	return gz_db_rows(db, arena, st, sizeof(**out), 16, GZ_MENU_ITEMS_MAX, fill, out, n,
	                  "menu items");
}

enum gz_err
gz_menu_get(struct gz_db *db, struct gz_arena *arena, int64_t id, struct gz_menu_item *out)
{
	sqlite3_stmt *st = gz_db_stmt(db, MENU_SELECT "WHERE m.id = ?1");
	enum gz_err rc;
	int src;

	memset(out, 0, sizeof(*out));
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		rc = fill(arena, st, out);
	} else if (src == SQLITE_DONE) {
		rc = GZ_ENOTFOUND;
	} else {
		rc = gz_db_error(db, src, "menu item");
	}
	gz_db_reset(st);
	return rc;
}

/* One integer from st (bound; ?1 .. as the caller set), -1 when no row, and
 * -2 on an error (logged).  Resets st. */
static int64_t
one_int(struct gz_db *db, sqlite3_stmt *st, const char *where)
{
	int64_t v = -1;
	int src;

	if (st == NULL) {
		return -2;
	}
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		v = sqlite3_column_int64(st, 0);
	} else if (src != SQLITE_DONE) {
		gz_db_error(db, src, where);
		v = -2;
	}
	gz_db_reset(st);
	return v;
}

/* Does the row id exist in the table the statement text names?  1, 0, or
 * -1 on an error. */
static int
row_exists(struct gz_db *db, const char *sql, int64_t id)
{
	sqlite3_stmt *st = gz_db_stmt(db, sql);
	int64_t v;

	if (st != NULL) {
		gz_db_bind_int64(st, 1, id);
	}
	v = one_int(db, st, "menu target");
	return v == -2 ? -1 : v >= 0;
}

/*
 * The checks of gz_menu_save that need no database, on e as it will be
 * stored (menu already the item's own).  NULL when e is fine, else the
 * problem's field in *field.
 */
static const char *
check_edit(const struct gz_menu_edit *e, const char **field)
{
	size_t n = strlen(e->label);

	*field = "menu";
	if (strcmp(e->menu, GZ_MENU_HEADER) != 0 && strcmp(e->menu, GZ_MENU_FOOTER) != 0) {
		return GZ_N_("Choose the header or the footer menu.");
	}
	*field = "target";
	if (strcmp(e->kind, GZ_MENU_CATEGORY) == 0) {
		if (e->category_id <= 0) {
			return GZ_N_("Choose what the item links to.");
		}
	} else if (strcmp(e->kind, GZ_MENU_PAGE) == 0) {
		if (e->page_id <= 0) {
			return GZ_N_("Choose what the item links to.");
		}
	} else if (strcmp(e->kind, GZ_MENU_LINK) == 0) {
		const char *why = gz_menu_url_problem(e->url);

		if (why != NULL) {
			*field = "url";
			return why;
		}
	} else {
		return GZ_N_("Choose what the item links to.");
	}
	*field = "label";
	if (!gz_utf8_valid(e->label, n) || gz_str_has_ctl(e->label, n, 0)) {
		return GZ_N_("Use printable characters only.");
	}
	if (n > GZ_MENU_LABEL_MAX) {
		return GZ_N_("A label has at most 100 characters.");
	}
	if (n == 0 && strcmp(e->kind, GZ_MENU_LINK) == 0) {
		return GZ_N_("A link needs a label.");
	}
	return NULL;
}

/* Bind id at idx, or SQL NULL for 0 (no parent, no target): a cached
 * statement keeps the bindings of its last use. */
static void
bind_id(sqlite3_stmt *st, int idx, int64_t id)
{
	if (id != 0) {
		gz_db_bind_int64(st, idx, id);
	} else {
		sqlite3_bind_null(st, idx);
	}
}

/* Write e into row id (0: insert, *newid set) within the open transaction;
 * the checks are done.  to_end: the item goes after its (new) siblings, as
 * a new item or one moved under another parent does. */
static enum gz_err
write_item(struct gz_db *db, int64_t id, const struct gz_menu_edit *e, int to_end, int64_t *newid)
{
	sqlite3_stmt *st;
	int64_t pos = 0;
	enum gz_err rc;

	if (to_end) {
		st = gz_db_stmt(db, "SELECT coalesce(max(position) + 1, 0) FROM menu_items "
		                    "WHERE menu = ?1 AND parent_id IS ?2");
		if (st == NULL) {
			return GZ_EDB;
		}
		gz_db_bind_text(st, 1, e->menu);
		bind_id(st, 2, e->parent_id);
		if ((pos = one_int(db, st, "menu position")) < 0) {
			return GZ_EDB;
		}
	}
	if (id == 0) {
		st = gz_db_stmt(
		    db, "INSERT INTO menu_items (menu, parent_id, position, label, kind, "
		        "category_id, page_id, url) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	} else {
		st = gz_db_stmt(
		    db, "UPDATE menu_items SET parent_id = ?2, position = CASE WHEN ?10 "
		        "THEN ?3 ELSE position END, label = ?4, kind = ?5, "
		        "category_id = ?6, page_id = ?7, url = ?8 WHERE id = ?9 AND menu = ?1");
	}
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, e->menu);
	bind_id(st, 2, e->parent_id);
	gz_db_bind_int64(st, 3, pos);
	gz_db_bind_text(st, 4, e->label);
	gz_db_bind_text(st, 5, e->kind);
	bind_id(st, 6, strcmp(e->kind, GZ_MENU_CATEGORY) == 0 ? e->category_id : 0);
	bind_id(st, 7, strcmp(e->kind, GZ_MENU_PAGE) == 0 ? e->page_id : 0);
	gz_db_bind_text(st, 8, strcmp(e->kind, GZ_MENU_LINK) == 0 ? e->url : "");
	if (id != 0) {
		gz_db_bind_int64(st, 9, id);
		gz_db_bind_int64(st, 10, to_end);
	}
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		return rc;
	}
	if (id == 0) {
		*newid = sqlite3_last_insert_rowid(gz_db_handle(db));
	}
	return GZ_OK;
}

enum gz_err
gz_menu_save(struct gz_db *db, int64_t id, const struct gz_menu_edit *e_in, int64_t *newid,
             const char **field, const char **why)
{
	struct gz_menu_edit e = *e_in;
	sqlite3_stmt *st;
	enum gz_err rc;
	int64_t old_parent = 0, v;
	int have;

	*field = NULL;
	*why = NULL;
	if (newid != NULL) {
		*newid = id;
	}
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	if (id != 0) {
		/* An existing item keeps its menu. */
		st =
		    gz_db_stmt(db, "SELECT coalesce(parent_id, 0), menu = 'footer' FROM menu_items "
		                   "WHERE id = ?1");
		if (st == NULL) {
			rc = GZ_EDB;
			goto fail;
		}
		gz_db_bind_int64(st, 1, id);
		if (sqlite3_step(st) != SQLITE_ROW) {
			gz_db_reset(st);
			rc = GZ_ENOTFOUND;
			goto fail;
		}
		old_parent = sqlite3_column_int64(st, 0);
		e.menu = sqlite3_column_int(st, 1) ? GZ_MENU_FOOTER : GZ_MENU_HEADER;
		gz_db_reset(st);
	}
	e.menu = e.menu != NULL ? e.menu : "";
	e.label = e.label != NULL ? e.label : "";
	e.kind = e.kind != NULL ? e.kind : "";
	e.url = e.url != NULL ? e.url : "";
	if ((*why = check_edit(&e, field)) != NULL) {
		rc = GZ_EINVAL;
		goto fail;
	}
	/* The target must exist now (a stale form may name a deleted one). */
	have = 1;
	if (strcmp(e.kind, GZ_MENU_CATEGORY) == 0) {
		have = row_exists(db, "SELECT 1 FROM categories WHERE id = ?1", e.category_id);
	} else if (strcmp(e.kind, GZ_MENU_PAGE) == 0) {
		have = row_exists(db, "SELECT 1 FROM pages WHERE id = ?1", e.page_id);
	}
	if (have < 0) {
		rc = GZ_EDB;
		goto fail;
	}
	if (have == 0) {
		*field = "target";
		*why = GZ_N_("That section or page no longer exists; choose another.");
		rc = GZ_EINVAL;
		goto fail;
	}
	/* One level: the parent is a top-level item of this menu, not the item
	 * itself, and an item with children stays at the top. */
	if (e.parent_id != 0) {
		*field = "parent";
		if (e.parent_id == id) {
			*why = GZ_N_("An item cannot sit under itself.");
			rc = GZ_EINVAL;
			goto fail;
		}
		st = gz_db_stmt(db, "SELECT 1 FROM menu_items WHERE id = ?1 AND menu = ?2 AND "
		                    "parent_id IS NULL");
		if (st != NULL) {
			gz_db_bind_int64(st, 1, e.parent_id);
			gz_db_bind_text(st, 2, e.menu);
		}
		if ((v = one_int(db, st, "menu parent")) == -2) {
			rc = GZ_EDB;
			goto fail;
		}
		if (v < 0) {
			*why = GZ_N_("Choose a top-level item of the same menu.");
			rc = GZ_EINVAL;
			goto fail;
		}
		if (id != 0) {
			st = gz_db_stmt(db, "SELECT count(*) FROM menu_items WHERE parent_id = ?1");
			if (st != NULL) {
				gz_db_bind_int64(st, 1, id);
			}
			if ((v = one_int(db, st, "menu children")) < 0) {
				rc = GZ_EDB;
				goto fail;
			}
			if (v > 0) {
				*why =
				    GZ_N_("This item has items under it, so it stays at the top.");
				rc = GZ_EINVAL;
				goto fail;
			}
		}
		*field = NULL;
	}
	if (id == 0) {
		st = gz_db_stmt(db, "SELECT count(*) FROM menu_items WHERE menu = ?1");
		if (st != NULL) {
			gz_db_bind_text(st, 1, e.menu);
		}
		if ((v = one_int(db, st, "menu count")) < 0) {
			rc = GZ_EDB;
			goto fail;
		}
		if (v >= GZ_MENU_ITEMS_MAX) {
			*field = "menu";
			*why = GZ_N_("This menu already has 100 items.");
			rc = GZ_ETOOBIG;
			goto fail;
		}
	}
	if ((rc = write_item(db, id, &e, id == 0 || old_parent != e.parent_id, newid)) != GZ_OK ||
	    (rc = gz_db_bump(db)) != GZ_OK) {
		goto fail;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}

enum gz_err
gz_menu_move(struct gz_db *db, int64_t id, int dir)
{
	int64_t ids[GZ_MENU_ITEMS_MAX], tmp;
	size_t n = 0, at = 0, i, other;
	sqlite3_stmt *st;
	enum gz_err rc;
	int src, found = 0;

	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	/* The item's siblings in their order, the item among them. */
	st = gz_db_stmt(db, "SELECT s.id FROM menu_items m JOIN menu_items s ON s.menu = m.menu "
	                    "AND s.parent_id IS m.parent_id WHERE m.id = ?1 "
	                    "ORDER BY s.position, s.id LIMIT 100");
	if (st == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_int64(st, 1, id);
	while ((src = sqlite3_step(st)) == SQLITE_ROW && n < GZ_MENU_ITEMS_MAX) {
		ids[n] = sqlite3_column_int64(st, 0);
		if (ids[n] == id) {
			at = n;
			found = 1;
		}
		n++;
	}
	if (src != SQLITE_ROW && src != SQLITE_DONE) {
		rc = gz_db_error(db, src, "menu siblings");
		gz_db_reset(st);
		goto fail;
	}
	gz_db_reset(st);
	if (!found) {
		rc = GZ_ENOTFOUND;
		goto fail;
	}
	if ((dir < 0 && at == 0) || (dir > 0 && at + 1 == n) || dir == 0) {
		gz_db_rollback(db);
		return GZ_OK;
	}
	other = dir < 0 ? at - 1 : at + 1;
	tmp = ids[other];
	ids[other] = ids[at];
	ids[at] = tmp;
	st = gz_db_stmt(db, "UPDATE menu_items SET position = ?2 WHERE id = ?1");
	for (i = 0; i < n; i++) {
		if (st == NULL) {
			rc = GZ_EDB;
			goto fail;
		}
		gz_db_bind_int64(st, 1, ids[i]);
		gz_db_bind_int64(st, 2, (int64_t)i);
		if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
			goto fail;
		}
	}
	if ((rc = gz_db_bump(db)) != GZ_OK) {
		goto fail;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}

enum gz_err
gz_menu_delete(struct gz_db *db, int64_t id)
{
	sqlite3_stmt *st;
	enum gz_err rc;

	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	st = gz_db_stmt(db, "DELETE FROM menu_items WHERE id = ?1");
	if (st == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_int64(st, 1, id);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		goto fail;
	}
	if (sqlite3_changes(gz_db_handle(db)) == 0) {
		rc = GZ_ENOTFOUND;
		goto fail;
	}
	if ((rc = gz_db_bump(db)) != GZ_OK) {
		goto fail;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}
