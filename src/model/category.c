/*
 * Categories over the categories table.  It does not count articles or
 * build the category tree; callers that need a tree use parent_id.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/category.h"
#include "gazette/db.h"

enum gz_err
gz_category_list(struct gz_db *db, struct gz_arena *arena, struct gz_category **out, size_t *n)
{
	struct gz_category *items = NULL, *grown, *c;
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	size_t nitems = 0, cap = 0;
	int src;

	*out = NULL;
	*n = 0;
	st = gz_db_stmt(db, "SELECT id, slug, name, description, coalesce(parent_id, 0), position "
	                    "FROM categories ORDER BY position, name, id");
	if (st == NULL) {
		return GZ_EDB;
	}
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if (nitems == cap) {
			/* The old array stays in the arena until it is reset. */
			cap = cap ? cap * 2 : 16;
			if ((grown = gz_arena_calloc(arena, cap, sizeof(*grown))) == NULL) {
				rc = GZ_ENOMEM;
				goto fail;
			}
			if (nitems) {
				memcpy(grown, items, nitems * sizeof(*items));
			}
			items = grown;
		}
		c = &items[nitems];
		c->id = sqlite3_column_int64(st, 0);
		c->slug = gz_db_col_text(arena, st, 1);
		c->name = gz_db_col_text(arena, st, 2);
		c->description = gz_db_col_text(arena, st, 3);
		c->parent_id = sqlite3_column_int64(st, 4);
		c->position = sqlite3_column_int64(st, 5);
		if (c->slug == NULL || c->name == NULL || c->description == NULL) {
			rc = GZ_ENOMEM;
			goto fail;
		}
		nitems++;
	}
	if (src != SQLITE_DONE) {
		rc = gz_db_error(db, src, "category list");
		goto fail;
	}
	gz_db_reset(st);
	*out = items;
	*n = nitems;
	return GZ_OK;
fail:
	gz_db_reset(st);
	return rc;
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
