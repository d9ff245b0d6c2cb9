/*
 * The picture an article's link shares (include/gazette/social_image.h):
 * one query choosing the editor's social image over the lead image.  It
 * knows nothing of absolute URLs (the app prefixes the site's address) or
 * of the editor form.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/social_image.h"
#include "internal.h"

enum gz_err
gz_social_image_get(struct gz_db *db, struct gz_arena *arena, int64_t id,
                    struct gz_social_image *out)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	memset(out, 0, sizeof(*out));
	out->url = "";
	out->alt = "";
	/* The picked image when it still exists, else the lead image. */
	st = gz_db_stmt(db, "SELECT coalesce('/media/' || m.hash || '.' || m.ext, ''), "
	                    "coalesce(m.alt, ''), coalesce(m.width, 0), coalesce(m.height, 0), "
	                    "m.id = a.social_image_id FROM articles a "
	                    "LEFT JOIN media m ON m.id = coalesce(a.social_image_id, a.image_id) "
	                    "WHERE a.id = ?1");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	if ((src = sqlite3_step(st)) == SQLITE_ROW) {
		out->url = gz_db_col_text(arena, st, 0);
		out->alt = gz_db_col_text(arena, st, 1);
		out->width = sqlite3_column_int64(st, 2);
		out->height = sqlite3_column_int64(st, 3);
		out->picked = sqlite3_column_int(st, 4) != 0;
		if (out->url == NULL || out->alt == NULL) {
			rc = GZ_ENOMEM;
		}
	} else if (src == SQLITE_DONE) {
		rc = GZ_ENOTFOUND;
	} else {
		rc = gz_db_error(db, src, "social image");
	}
	gz_db_reset(st);
	return rc;
}
