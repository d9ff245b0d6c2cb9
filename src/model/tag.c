/*
 * Tags over the tags table.  Attaching tags to articles belongs to the
 * editor; this file only looks them up.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/db.h"
#include "gazette/tag.h"

enum gz_err
gz_tag_by_slug(struct gz_db *db, struct gz_arena *arena, const char *slug, struct gz_tag *out)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	memset(out, 0, sizeof(*out));
	st = gz_db_stmt(db, "SELECT id, slug, name, description FROM tags WHERE slug = ?1");
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
		if (out->slug == NULL || out->name == NULL || out->description == NULL) {
			rc = GZ_ENOMEM;
		}
	} else if (src == SQLITE_DONE) {
		rc = GZ_ENOTFOUND;
	} else {
		rc = gz_db_error(db, src, "tag by slug");
	}
	gz_db_reset(st);
	return rc;
}
