/*
 * The rows of a WordPress import (see gazette/import.h): import_map, the
 * accounts, taxonomy, articles, pages and comments the importer makes, and
 * two TEMP scratch tables that carry what the first pass over the export
 * learnt (attachments, category chains) to the second.  Every statement is
 * a cached prepared statement with bound values.
 *
 * It decides nothing: statuses, slugs, bodies and bounds are the
 * importer's.  It opens no transaction and bumps nothing; the importer's
 * batch does both.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/import.h"

static const char *const kind_names[GZ_IMPORT_NKINDS] = {
    "author", "category", "tag", "post", "page", "attachment", "comment", "other",
};

const char *
gz_import_kind_name(enum gz_import_kind kind)
{
	return (unsigned)kind < GZ_IMPORT_NKINDS ? kind_names[kind] : "other";
}

enum gz_err
gz_import_map_get(struct gz_db *db, struct gz_arena *arena, const char *source,
                  enum gz_import_kind kind, const char *wp_id, int64_t *local_id, const char **note)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	*local_id = 0;
	st = gz_db_stmt(db, "SELECT coalesce(local_id, 0), note FROM import_map "
	                    "WHERE source = ?1 AND kind = ?2 AND wp_id = ?3");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, source);
	gz_db_bind_text(st, 2, gz_import_kind_name(kind));
	gz_db_bind_text(st, 3, wp_id);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		*local_id = sqlite3_column_int64(st, 0);
		if (note != NULL && (*note = gz_db_col_text(arena, st, 1)) == NULL) {
			rc = GZ_ENOMEM;
		}
	} else if (src == SQLITE_DONE) {
		rc = GZ_ENOTFOUND;
	} else {
		rc = gz_db_error(db, src, "import map get");
	}
	gz_db_reset(st);
	return rc;
}

enum gz_err
gz_import_map_put(struct gz_db *db, const char *source, enum gz_import_kind kind, const char *wp_id,
                  int64_t local_id, const char *note)
{
	sqlite3_stmt *st;

	st = gz_db_stmt(db, "INSERT OR REPLACE INTO import_map (source, kind, wp_id, local_id, "
	                    "note) VALUES (?1, ?2, ?3, nullif(?4, 0), ?5)");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, source);
	gz_db_bind_text(st, 2, gz_import_kind_name(kind));
	gz_db_bind_text(st, 3, wp_id);
	gz_db_bind_int64(st, 4, local_id);
	gz_db_bind_text(st, 5, note != NULL ? note : "");
	return gz_db_step_done(db, st);
}

/* Step st (bound, one integer column) for one row: *id, or GZ_ENOTFOUND. */
static enum gz_err
one_id(struct gz_db *db, sqlite3_stmt *st, int64_t *id, const char *where)
{
	enum gz_err rc = GZ_OK;
	int src = sqlite3_step(st);

	if (src == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
	} else if (src == SQLITE_DONE) {
		rc = GZ_ENOTFOUND;
	} else {
		rc = gz_db_error(db, src, where);
	}
	gz_db_reset(st);
	return rc;
}

/* Run the bound insert st; *id is the new row's id on GZ_OK. */
static enum gz_err
insert(struct gz_db *db, sqlite3_stmt *st, int64_t *id)
{
	enum gz_err rc = gz_db_step_done(db, st);

	if (rc == GZ_OK && id != NULL) {
		*id = sqlite3_last_insert_rowid(gz_db_handle(db));
	}
	return rc;
}

/* The id of the row whose text column matches key, through the constant sql. */
static enum gz_err
find_by_text(struct gz_db *db, const char *sql, const char *key, int64_t *id, const char *where)
{
	sqlite3_stmt *st = gz_db_stmt(db, sql);

	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, key);
	return one_id(db, st, id, where);
}

enum gz_err
gz_import_user_find(struct gz_db *db, const char *login, int64_t *id)
{
	return find_by_text(db, "SELECT id FROM users WHERE login = ?1", login, id,
	                    "import user find");
}

enum gz_err
gz_import_user_add(struct gz_db *db, const char *login, const char *display_name, const char *email,
                   int64_t created_at, int64_t *id)
{
	sqlite3_stmt *st;

	st = gz_db_stmt(db, "INSERT INTO users (login, display_name, email, role, password_hash, "
	                    "created_at) VALUES (?1, ?2, ?3, 'author', NULL, ?4)");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, login);
	gz_db_bind_text(st, 2, display_name);
	gz_db_bind_text(st, 3, email);
	gz_db_bind_int64(st, 4, created_at);
	return insert(db, st, id);
}

enum gz_err
gz_import_category_find(struct gz_db *db, const char *slug, int64_t *id)
{
	return find_by_text(db, "SELECT id FROM categories WHERE slug = ?1", slug, id,
	                    "import category find");
}

enum gz_err
gz_import_tag_find(struct gz_db *db, const char *slug, int64_t *id)
{
	return find_by_text(db, "SELECT id FROM tags WHERE slug = ?1", slug, id, "import tag find");
}

enum gz_err
gz_import_category_add(struct gz_db *db, const char *slug, const char *name,
                       const char *description, int64_t parent_id, int64_t *id)
{
	sqlite3_stmt *st;

	st = gz_db_stmt(db, "INSERT INTO categories (slug, name, description, parent_id) "
	                    "VALUES (?1, ?2, ?3, nullif(?4, 0))");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, slug);
	gz_db_bind_text(st, 2, name);
	gz_db_bind_text(st, 3, description);
	gz_db_bind_int64(st, 4, parent_id);
	return insert(db, st, id);
}

enum gz_err
gz_import_tag_add(struct gz_db *db, const char *slug, const char *name, const char *description,
                  int64_t *id)
{
	sqlite3_stmt *st;

	st = gz_db_stmt(db, "INSERT INTO tags (slug, name, description) VALUES (?1, ?2, ?3)");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, slug);
	gz_db_bind_text(st, 2, name);
	gz_db_bind_text(st, 3, description);
	return insert(db, st, id);
}

int
gz_import_article_slug_taken(struct gz_db *db, const char *slug)
{
	int64_t id;
	enum gz_err rc = find_by_text(db, "SELECT id FROM articles WHERE slug = ?1", slug, &id,
	                              "import article slug");

	return rc == GZ_OK ? 1 : rc == GZ_ENOTFOUND ? 0 : -1;
}

enum gz_err
gz_import_article_add(struct gz_db *db, const struct gz_import_article *a, int64_t *id)
{
	sqlite3_stmt *st;

	/* The insert trigger fills body_text, the search index and search_len. */
	st =
	    gz_db_stmt(db, "INSERT INTO articles (slug, title, summary, body, meta_description, "
	                   "status, author_id, category_id, image_id, featured, comments_open, "
	                   "published_at, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	                   "?7, nullif(?8, 0), nullif(?9, 0), ?10, ?11, nullif(?12, 0), ?13, ?14)");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, a->slug);
	gz_db_bind_text(st, 2, a->title);
	gz_db_bind_text(st, 3, a->summary);
	gz_db_bind_text(st, 4, a->body);
	gz_db_bind_text(st, 5, a->meta_description);
	gz_db_bind_text(st, 6, a->status);
	gz_db_bind_int64(st, 7, a->author_id);
	gz_db_bind_int64(st, 8, a->category_id);
	gz_db_bind_int64(st, 9, a->image_id);
	gz_db_bind_int64(st, 10, a->featured != 0);
	gz_db_bind_int64(st, 11, a->comments_open != 0);
	gz_db_bind_int64(st, 12, a->published_at);
	gz_db_bind_int64(st, 13, a->created_at);
	gz_db_bind_int64(st, 14, a->updated_at);
	return insert(db, st, id);
}

enum gz_err
gz_import_article_tag(struct gz_db *db, int64_t article_id, int64_t tag_id)
{
	sqlite3_stmt *st;

	st = gz_db_stmt(db, "INSERT OR IGNORE INTO article_tags (article_id, tag_id) "
	                    "VALUES (?1, ?2)");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, article_id);
	gz_db_bind_int64(st, 2, tag_id);
	return gz_db_step_done(db, st);
}

enum gz_err
gz_import_page_find(struct gz_db *db, const char *slug, int64_t *id)
{
	return find_by_text(db, "SELECT id FROM pages WHERE slug = ?1", slug, id,
	                    "import page find");
}

enum gz_err
gz_import_page_add(struct gz_db *db, const char *slug, const char *title, const char *body,
                   const char *status, int64_t updated_at, int64_t *id)
{
	sqlite3_stmt *st;

	st = gz_db_stmt(db, "INSERT INTO pages (slug, title, body, status, updated_at) "
	                    "VALUES (?1, ?2, ?3, ?4, ?5)");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, slug);
	gz_db_bind_text(st, 2, title);
	gz_db_bind_text(st, 3, body);
	gz_db_bind_text(st, 4, status);
	gz_db_bind_int64(st, 5, updated_at);
	return insert(db, st, id);
}

enum gz_err
gz_import_comment_add(struct gz_db *db, const struct gz_import_comment *c, int64_t *id)
{
	sqlite3_stmt *st;

	/* No nonce, no client hash, no spam score: the old site's moderators
	 * decided; nothing was learnt from it (trained ''). */
	st = gz_db_stmt(db, "INSERT INTO comments (article_id, parent_id, author_name, "
	                    "author_email, author_url, body, status, reasons, created_at, "
	                    "status_changed_at) VALUES (?1, nullif(?2, 0), ?3, ?4, ?5, ?6, ?7, "
	                    "'imported', ?8, ?9)");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, c->article_id);
	gz_db_bind_int64(st, 2, c->parent_id);
	gz_db_bind_text(st, 3, c->author_name);
	gz_db_bind_text(st, 4, c->author_email);
	gz_db_bind_text(st, 5, c->author_url);
	gz_db_bind_text(st, 6, c->body);
	gz_db_bind_text(st, 7, c->status);
	gz_db_bind_int64(st, 8, c->created_at);
	gz_db_bind_int64(st, 9, c->now);
	return insert(db, st, id);
}

enum gz_err
gz_import_scratch_init(struct gz_db *db)
{
	enum gz_err rc;

	/* An import touches every index of a growing file: a page cache of
	 * 16 MiB (2 MiB by default) keeps their upper levels in memory. */
	if ((rc = gz_db_exec(db, "PRAGMA cache_size = -16384")) != GZ_OK) {
		return rc;
	}
	if ((rc = gz_db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS import_media (wp_id TEXT "
	                         "PRIMARY KEY, path TEXT NOT NULL UNIQUE, media_id INTEGER "
	                         "NOT NULL, caption TEXT NOT NULL)")) != GZ_OK) {
		return rc;
	}
	return gz_db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS import_chain (slug TEXT PRIMARY "
	                      "KEY, chain TEXT NOT NULL, local_id INTEGER NOT NULL)");
}

enum gz_err
gz_import_media_put(struct gz_db *db, const char *wp_id, const char *path, int64_t media_id,
                    const char *caption)
{
	sqlite3_stmt *st;

	st = gz_db_stmt(db, "INSERT OR REPLACE INTO temp.import_media (wp_id, path, media_id, "
	                    "caption) VALUES (?1, ?2, ?3, ?4)");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, wp_id);
	gz_db_bind_text(st, 2, path);
	gz_db_bind_int64(st, 3, media_id);
	gz_db_bind_text(st, 4, caption);
	return gz_db_step_done(db, st);
}

/* One scratch attachment row joined with its media row, through sql. */
static enum gz_err
media_by(struct gz_db *db, struct gz_arena *arena, const char *sql, const char *key,
         struct gz_import_media *out)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	memset(out, 0, sizeof(*out));
	if ((st = gz_db_stmt(db, sql)) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, key);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		out->media_id = sqlite3_column_int64(st, 0);
		out->url = gz_db_col_text(arena, st, 1);
		out->alt = gz_db_col_text(arena, st, 2);
		out->caption = gz_db_col_text(arena, st, 3);
		if (out->url == NULL || out->alt == NULL || out->caption == NULL) {
			rc = GZ_ENOMEM;
		}
	} else if (src == SQLITE_DONE) {
		rc = GZ_ENOTFOUND;
	} else {
		rc = gz_db_error(db, src, "import media");
	}
	gz_db_reset(st);
	return rc;
}

enum gz_err
gz_import_media_by_id(struct gz_db *db, struct gz_arena *arena, const char *wp_id,
                      struct gz_import_media *out)
{
	return media_by(db, arena,
	                "SELECT m.id, '/media/' || m.hash || '.' || m.ext, m.alt, i.caption "
	                "FROM temp.import_media i JOIN media m ON m.id = i.media_id "
	                "WHERE i.wp_id = ?1",
	                wp_id, out);
}

enum gz_err
gz_import_media_by_path(struct gz_db *db, struct gz_arena *arena, const char *path,
                        struct gz_import_media *out)
{
	return media_by(db, arena,
	                "SELECT m.id, '/media/' || m.hash || '.' || m.ext, m.alt, i.caption "
	                "FROM temp.import_media i JOIN media m ON m.id = i.media_id "
	                "WHERE i.path = ?1",
	                path, out);
}

enum gz_err
gz_import_chain_put(struct gz_db *db, const char *slug, const char *chain, int64_t local_id)
{
	sqlite3_stmt *st;

	st = gz_db_stmt(db, "INSERT OR REPLACE INTO temp.import_chain (slug, chain, local_id) "
	                    "VALUES (?1, ?2, ?3)");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, slug);
	gz_db_bind_text(st, 2, chain);
	gz_db_bind_int64(st, 3, local_id);
	return gz_db_step_done(db, st);
}

enum gz_err
gz_import_chain_get(struct gz_db *db, struct gz_arena *arena, const char *slug, const char **chain,
                    int64_t *local_id)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	*chain = NULL;
	*local_id = 0;
	if ((st = gz_db_stmt(
	         db, "SELECT chain, local_id FROM temp.import_chain WHERE slug = ?1")) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, slug);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		*local_id = sqlite3_column_int64(st, 1);
		if ((*chain = gz_db_col_text(arena, st, 0)) == NULL) {
			rc = GZ_ENOMEM;
		}
	} else if (src == SQLITE_DONE) {
		rc = GZ_ENOTFOUND;
	} else {
		rc = gz_db_error(db, src, "import chain get");
	}
	gz_db_reset(st);
	return rc;
}
