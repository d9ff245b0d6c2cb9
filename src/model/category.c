/*
 * Categories over the categories table: the list and lookups readers need,
 * and the newsroom's create, edit and delete (moving or uncategorising the
 * articles of a deleted category).  It does not build the category tree;
 * callers that need one use parent_id.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/category.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "internal.h"
#include "gazette/str.h"
#include "gazette/utf8.h"

/* One category from a row of id, slug, name, description, parent, position. */
static enum gz_err
fill_category(struct gz_arena *arena, sqlite3_stmt *st, void *item)
{
	struct gz_category *c = item;

	c->id = sqlite3_column_int64(st, 0);
	c->slug = gz_db_col_text(arena, st, 1);
	c->name = gz_db_col_text(arena, st, 2);
	c->description = gz_db_col_text(arena, st, 3);
	c->parent_id = sqlite3_column_int64(st, 4);
	c->position = sqlite3_column_int64(st, 5);
	return c->slug == NULL || c->name == NULL || c->description == NULL ? GZ_ENOMEM : GZ_OK;
}

enum gz_err
gz_category_list(struct gz_db *db, struct gz_arena *arena, struct gz_category **out, size_t *n)
{
	sqlite3_stmt *st;

	*out = NULL;
	*n = 0;
	st = gz_db_stmt(db, "SELECT id, slug, name, description, coalesce(parent_id, 0), position "
	                    "FROM categories ORDER BY position, name, id");
	if (st == NULL) {
		return GZ_EDB;
	}
	return gz_db_rows(db, arena, st, sizeof(**out), 16, 0, fill_category, out, n,
	                  "category list");
}

enum gz_err
gz_category_by_slug(struct gz_db *db, struct gz_arena *arena, const char *slug,
                    struct gz_category *out)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	memset(out, 0, sizeof(*out));
	st = gz_db_stmt(db, "SELECT id, slug, name, description, coalesce(parent_id, 0), position "
	                    "FROM categories WHERE slug = ?1");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, slug);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->slug = gz_db_col_text(arena, st, 1);
		out->name = gz_db_col_text(arena, st, 2);
		out->description = gz_db_col_text(arena, st, 3);
		out->parent_id = sqlite3_column_int64(st, 4);
		out->position = sqlite3_column_int64(st, 5);
		if (out->slug == NULL || out->name == NULL || out->description == NULL) {
			rc = GZ_ENOMEM;
		}
	} else if (src == SQLITE_DONE) {
		rc = GZ_ENOTFOUND;
	} else {
		rc = gz_db_error(db, src, "category by slug");
	}
	gz_db_reset(st);
	return rc;
}

enum gz_err
gz_category_get(struct gz_db *db, struct gz_arena *arena, int64_t id, struct gz_category *out)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	memset(out, 0, sizeof(*out));
	st = gz_db_stmt(db, "SELECT id, slug, name, description, coalesce(parent_id, 0), position "
	                    "FROM categories WHERE id = ?1");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->slug = gz_db_col_text(arena, st, 1);
		out->name = gz_db_col_text(arena, st, 2);
		out->description = gz_db_col_text(arena, st, 3);
		out->parent_id = sqlite3_column_int64(st, 4);
		out->position = sqlite3_column_int64(st, 5);
		if (out->slug == NULL || out->name == NULL || out->description == NULL) {
			rc = GZ_ENOMEM;
		}
	} else if (src == SQLITE_DONE) {
		rc = GZ_ENOTFOUND;
	} else {
		rc = gz_db_error(db, src, "category get");
	}
	gz_db_reset(st);
	return rc;
}

/* Text of at most max bytes, valid UTF-8, without controls but those allowed. */
static int
text_ok(const char *s, size_t max, unsigned allow)
{
	size_t n = strlen(s);

	return n <= max && gz_utf8_valid(s, n) && !gz_str_has_ctl(s, n, allow);
}

/* The parent of category id into *parent (0 for none); GZ_ENOTFOUND. */
static enum gz_err
parent_of(struct gz_db *db, int64_t id, int64_t *parent)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	if ((st = gz_db_stmt(db, "SELECT coalesce(parent_id, 0) FROM categories WHERE id = ?1")) ==
	    NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		*parent = sqlite3_column_int64(st, 0);
	} else if (src == SQLITE_DONE) {
		rc = GZ_ENOTFOUND;
	} else {
		rc = gz_db_error(db, src, "category parent");
	}
	gz_db_reset(st);
	return rc;
}

/*
 * Check that parent may hold category id: it exists and id is not parent
 * or one of its ancestors.  The walk is bounded so a cycle already in the
 * table cannot hang it.  GZ_OK, GZ_EINVAL or a database error.
 */
static enum gz_err
parent_ok(struct gz_db *db, int64_t id, int64_t parent)
{
	enum gz_err rc;
	int64_t at = parent, up;
	int steps;

	for (steps = 0; at != 0 && steps < 1000; steps++) {
		if (id != 0 && at == id) {
			return GZ_EINVAL;
		}
		if ((rc = parent_of(db, at, &up)) != GZ_OK) {
			return rc == GZ_ENOTFOUND ? GZ_EINVAL : rc;
		}
		at = up;
	}
	return at == 0 ? GZ_OK : GZ_EINVAL;
}

enum gz_err
gz_category_save(struct gz_db *db, struct gz_arena *arena, struct gz_category *c,
                 const char **field)
{
	sqlite3_stmt *st;
	const char *slug = c->slug != NULL ? c->slug : "";
	const char *desc = c->description != NULL ? c->description : "";
	char *made;
	enum gz_err rc;

	*field = NULL;
	if (c->name == NULL || c->name[0] == '\0' || !text_ok(c->name, GZ_CATEGORY_NAME_MAX, 0)) {
		*field = "name";
		return GZ_EINVAL;
	}
	if (slug[0] == '\0') {
		if (gz_slugify(arena, c->name, GZ_CATEGORY_SLUG_MAX, &made) != GZ_OK) {
			return GZ_ENOMEM;
		}
		slug = made;
	} else if (strlen(slug) > GZ_CATEGORY_SLUG_MAX ||
	           gz_slugify(arena, slug, GZ_CATEGORY_SLUG_MAX, &made) != GZ_OK ||
	           strcmp(made, slug) != 0) {
		*field = "slug";
		return GZ_EINVAL;
	}
	if (slug[0] == '\0') {
		*field = "slug";
		return GZ_EINVAL;
	}
	if (!text_ok(desc, GZ_CATEGORY_DESCRIPTION_MAX, GZ_CTL_ALLOW_CRLF | GZ_CTL_ALLOW_TAB)) {
		*field = "description";
		return GZ_EINVAL;
	}
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	if ((rc = parent_ok(db, c->id, c->parent_id)) != GZ_OK) {
		if (rc == GZ_EINVAL) {
			*field = "parent";
		}
		goto fail;
	}
	if (c->id == 0) {
		st = gz_db_stmt(db, "INSERT INTO categories (slug, name, description, parent_id, "
		                    "position) VALUES (?1, ?2, ?3, nullif(?4, 0), ?5)");
	} else {
		st = gz_db_stmt(db, "UPDATE categories SET slug = ?1, name = ?2, description = ?3, "
		                    "parent_id = nullif(?4, 0), position = ?5 WHERE id = ?6");
	}
	if (st == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_text(st, 1, slug);
	gz_db_bind_text(st, 2, c->name);
	gz_db_bind_text(st, 3, desc);
	gz_db_bind_int64(st, 4, c->parent_id);
	gz_db_bind_int64(st, 5, c->position);
	if (c->id != 0) {
		gz_db_bind_int64(st, 6, c->id);
	}
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		if (rc == GZ_ECONFLICT) {
			*field = "slug";
		}
		goto fail;
	}
	if (c->id != 0 && sqlite3_changes(gz_db_handle(db)) == 0) {
		rc = GZ_ENOTFOUND;
		goto fail;
	}
	if (c->id == 0) {
		c->id = sqlite3_last_insert_rowid(gz_db_handle(db));
	}
	c->slug = slug;
	if ((rc = gz_db_bump(db)) != GZ_OK) {
		goto fail;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}

enum gz_err
gz_category_count_articles(struct gz_db *db, int64_t id, int64_t *count)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	if ((st = gz_db_stmt(db, "SELECT count(*) FROM articles WHERE category_id = ?1")) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	if ((src = sqlite3_step(st)) == SQLITE_ROW) {
		*count = sqlite3_column_int64(st, 0);
	} else {
		rc = gz_db_error(db, src, "category count");
	}
	gz_db_reset(st);
	return rc;
}

enum gz_err
gz_category_delete(struct gz_db *db, int64_t id, int64_t move_to)
{
	enum gz_err rc;
	int64_t ignored;

	if (move_to == id) {
		return GZ_EINVAL;
	}
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	if ((rc = parent_of(db, id, &ignored)) != GZ_OK) {
		goto fail;
	}
	if (move_to != 0 && (rc = parent_of(db, move_to, &ignored)) != GZ_OK) {
		if (rc == GZ_ENOTFOUND) {
			rc = GZ_EINVAL;
		}
		goto fail;
	}
	/* Articles first: without the move, ON DELETE SET NULL uncategorises them. */
	if ((rc = gz_model_move_delete(db,
	                               "UPDATE articles SET category_id = nullif(?2, 0) "
	                               "WHERE category_id = ?1",
	                               "DELETE FROM categories WHERE id = ?1", id, move_to)) !=
	    GZ_OK) {
		goto fail;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}
