/*
 * Tags over the tags table: lookups, and the newsroom's upkeep (create,
 * rename, merge, delete, and "find or create by name" for the editor's
 * comma-separated tag field).  Attaching tags to an article belongs to the
 * editor model (article_edit.c).
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "internal.h"
#include "gazette/str.h"
#include "gazette/tag.h"
#include "gazette/utf8.h"

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

/* Fill *out from columns id, slug, name, description of st's row. */
static enum gz_err
fill_tag(struct gz_arena *arena, sqlite3_stmt *st, struct gz_tag *out)
{
	out->id = sqlite3_column_int64(st, 0);
	out->slug = gz_db_col_text(arena, st, 1);
	out->name = gz_db_col_text(arena, st, 2);
	out->description = gz_db_col_text(arena, st, 3);
	if (out->slug == NULL || out->name == NULL || out->description == NULL) {
		return GZ_ENOMEM;
	}
	return GZ_OK;
}

/* One tag and its article count (column 4). */
static enum gz_err
fill_tag_count(struct gz_arena *arena, sqlite3_stmt *st, void *item)
{
	struct gz_tag_count *t = item;

	t->articles = sqlite3_column_int64(st, 4);
	return fill_tag(arena, st, &t->tag);
}

enum gz_err
gz_tag_list(struct gz_db *db, struct gz_arena *arena, struct gz_tag_count **out, size_t *n)
{
	sqlite3_stmt *st;

	*out = NULL;
	*n = 0;
	st = gz_db_stmt(db, "SELECT t.id, t.slug, t.name, t.description, "
	                    "(SELECT count(*) FROM article_tags x WHERE x.tag_id = t.id) "
	                    "FROM tags t ORDER BY t.name COLLATE NOCASE, t.id");
	if (st == NULL) {
		return GZ_EDB;
	}
	return gz_db_rows(db, arena, st, sizeof(**out), 32, 0, fill_tag_count, out, n, "tag list");
}

enum gz_err
gz_tag_get(struct gz_db *db, struct gz_arena *arena, int64_t id, struct gz_tag *out)
{
	sqlite3_stmt *st;
	enum gz_err rc;
	int src;

	memset(out, 0, sizeof(*out));
	if ((st = gz_db_stmt(db, "SELECT id, slug, name, description FROM tags WHERE id = ?1")) ==
	    NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		rc = fill_tag(arena, st, out);
	} else if (src == SQLITE_DONE) {
		rc = GZ_ENOTFOUND;
	} else {
		rc = gz_db_error(db, src, "tag get");
	}
	gz_db_reset(st);
	return rc;
}

/* The slug of a valid tag name, in arena, or NULL when there is none. */
static char *
name_slug(struct gz_arena *arena, const char *name)
{
	char *slug;

	if (gz_slugify(arena, name, GZ_TAG_SLUG_MAX, &slug) != GZ_OK || slug[0] == '\0') {
		return NULL;
	}
	return slug;
}

int
gz_tag_name_valid(struct gz_arena *arena, const char *name)
{
	size_t n = strlen(name);

	return n > 0 && n <= GZ_TAG_NAME_MAX && gz_utf8_valid(name, n) &&
	       !gz_str_has_ctl(name, n, 0) && strchr(name, ',') == NULL &&
	       name_slug(arena, name) != NULL;
}

/* The id of the tag with slug into *id; GZ_ENOTFOUND when none. */
static enum gz_err
id_by_slug(struct gz_db *db, const char *slug, int64_t *id)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	if ((st = gz_db_stmt(db, "SELECT id FROM tags WHERE slug = ?1")) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, slug);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
	} else if (src == SQLITE_DONE) {
		rc = GZ_ENOTFOUND;
	} else {
		rc = gz_db_error(db, src, "tag id");
	}
	gz_db_reset(st);
	return rc;
}

enum gz_err
gz_tag_ensure(struct gz_db *db, struct gz_arena *arena, const char *name, int64_t *id)
{
	sqlite3_stmt *st;
	enum gz_err rc;
	char *slug;

	if (!gz_tag_name_valid(arena, name) || (slug = name_slug(arena, name)) == NULL) {
		return GZ_EINVAL;
	}
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	rc = id_by_slug(db, slug, id);
	if (rc == GZ_ENOTFOUND) {
		if ((st = gz_db_stmt(db, "INSERT INTO tags (slug, name) VALUES (?1, ?2)")) ==
		    NULL) {
			rc = GZ_EDB;
			goto fail;
		}
		gz_db_bind_text(st, 1, slug);
		gz_db_bind_text(st, 2, name);
		if ((rc = gz_db_step_done(db, st)) != GZ_OK || (rc = gz_db_bump(db)) != GZ_OK) {
			goto fail;
		}
		*id = sqlite3_last_insert_rowid(gz_db_handle(db));
	} else if (rc != GZ_OK) {
		goto fail;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}

enum gz_err
gz_tag_save(struct gz_db *db, struct gz_arena *arena, int64_t id, const char *name,
            const char *slug, int64_t *out_id)
{
	sqlite3_stmt *st;
	char *fixed;
	enum gz_err rc;
	int64_t other;

	if (!gz_tag_name_valid(arena, name)) {
		return GZ_EINVAL;
	}
	if (slug == NULL || slug[0] == '\0') {
		slug = name_slug(arena, name);
	} else if (strlen(slug) > GZ_TAG_SLUG_MAX ||
	           gz_slugify(arena, slug, GZ_TAG_SLUG_MAX, &fixed) != GZ_OK ||
	           strcmp(fixed, slug) != 0) {
		return GZ_EINVAL;
	}
	if (slug == NULL) {
		return GZ_EINVAL;
	}
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	rc = id_by_slug(db, slug, &other);
	if (rc == GZ_OK && other != id) {
		rc = GZ_ECONFLICT;
		goto fail;
	}
	if (rc != GZ_OK && rc != GZ_ENOTFOUND) {
		goto fail;
	}
	if (id == 0) {
		st = gz_db_stmt(db, "INSERT INTO tags (slug, name) VALUES (?1, ?2)");
	} else {
		st = gz_db_stmt(db, "UPDATE tags SET slug = ?1, name = ?2 WHERE id = ?3");
	}
	if (st == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_text(st, 1, slug);
	gz_db_bind_text(st, 2, name);
	if (id != 0) {
		gz_db_bind_int64(st, 3, id);
	}
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		goto fail;
	}
	if (id != 0 && sqlite3_changes(gz_db_handle(db)) == 0) {
		rc = GZ_ENOTFOUND;
		goto fail;
	}
	if (out_id != NULL) {
		*out_id = id != 0 ? id : sqlite3_last_insert_rowid(gz_db_handle(db));
	}
	if ((rc = gz_db_bump(db)) != GZ_OK) {
		goto fail;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}

/* 1 when tag id exists, 0 when not, -1 on error. */
static int
tag_exists(struct gz_db *db, int64_t id)
{
	sqlite3_stmt *st = gz_db_stmt(db, "SELECT 1 FROM tags WHERE id = ?1");
	int src;

	if (st == NULL) {
		return -1;
	}
	gz_db_bind_int64(st, 1, id);
	src = sqlite3_step(st);
	gz_db_reset(st);
	return src == SQLITE_ROW ? 1 : src == SQLITE_DONE ? 0 : -1;
}

enum gz_err
gz_tag_merge(struct gz_db *db, int64_t from, int64_t into)
{
	enum gz_err rc;
	int a, b;

	if (from == into) {
		return GZ_EINVAL;
	}
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	a = tag_exists(db, from);
	b = tag_exists(db, into);
	if (a < 0 || b < 0) {
		rc = GZ_EDB;
		goto fail;
	}
	if (!a || !b) {
		rc = GZ_ENOTFOUND;
		goto fail;
	}
	/* OR IGNORE: an article carrying both keeps one row for into. */
	if ((rc = gz_model_move_delete(db,
	                               "INSERT OR IGNORE INTO article_tags (article_id, tag_id) "
	                               "SELECT article_id, ?2 FROM article_tags WHERE tag_id = ?1",
	                               "DELETE FROM tags WHERE id = ?1", from, into)) != GZ_OK) {
		goto fail;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}

enum gz_err
gz_tag_delete(struct gz_db *db, int64_t id)
{
	sqlite3_stmt *st;
	enum gz_err rc;

	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	if ((st = gz_db_stmt(db, "DELETE FROM tags WHERE id = ?1")) == NULL) {
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
