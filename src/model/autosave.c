/*
 * The editor's draft copies over the autosaves table (gazette/autosave.h).
 * A put checks, in the same write transaction, that the copy still
 * belongs to the article as it is (same version, not in the trash) or to
 * a new-article form that has not created its article yet, so a copy that
 * races a Save loses.  The form text is stored as given; this file never
 * parses it.  Nothing here bumps the content generation: readers never see
 * a copy.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/autosave.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/utf8.h"

#define COLUMNS                                                                                    \
	"id, coalesce(article_id, 0), form_key, user_id, base_version, saved_at, title, form"

/* Fill *out from a row of COLUMNS. */
static enum gz_err
fill(struct gz_arena *arena, sqlite3_stmt *st, void *item)
{
	struct gz_autosave *a = item;

	a->id = sqlite3_column_int64(st, 0);
	a->article_id = sqlite3_column_int64(st, 1);
	a->form_key = gz_db_col_text(arena, st, 2);
	a->user_id = sqlite3_column_int64(st, 3);
	a->base_version = sqlite3_column_int64(st, 4);
	a->saved_at = sqlite3_column_int64(st, 5);
	a->title = gz_db_col_text(arena, st, 6);
	a->form = gz_db_col_text(arena, st, 7);
	return a->form_key && a->title && a->form ? GZ_OK : GZ_ENOMEM;
}

/* The one row of st (bound) into *out, reset after; GZ_ENOTFOUND when none. */
static enum gz_err
one(struct gz_db *db, struct gz_arena *arena, sqlite3_stmt *st, struct gz_autosave *out,
    const char *where)
{
	enum gz_err rc;
	int src;

	memset(out, 0, sizeof(*out));
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		rc = fill(arena, st, out);
	} else if (src == SQLITE_DONE) {
		rc = GZ_ENOTFOUND;
	} else {
		rc = gz_db_error(db, src, where);
	}
	gz_db_reset(st);
	return rc;
}

/* Whether key is a new-article form key: 32 lowercase hex digits. */
static int
key_ok(const char *key)
{
	return key != NULL && strlen(key) == 32 && strspn(key, "0123456789abcdef") == 32;
}

/*
 * Inside the transaction: whether a copy for article_id may be stored
 * (GZ_OK) or not (see gz_autosave_put).
 */
static enum gz_err
check_article(struct gz_db *db, int64_t article_id, int64_t base_version)
{
	sqlite3_stmt *st = gz_db_stmt(db, "SELECT version, status FROM articles WHERE id = ?1");
	enum gz_err rc;
	int src;

	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, article_id);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		const char *status = (const char *)sqlite3_column_text(st, 1);

		rc = sqlite3_column_int64(st, 0) != base_version      ? GZ_ECONFLICT
		     : status != NULL && strcmp(status, "trash") == 0 ? GZ_EPERM
		                                                      : GZ_OK;
	} else if (src == SQLITE_DONE) {
		rc = GZ_ENOTFOUND;
	} else {
		rc = gz_db_error(db, src, "autosave article");
	}
	gz_db_reset(st);
	return rc;
}

/* Inside the transaction: GZ_ECONFLICT when form key created an article already. */
static enum gz_err
check_key(struct gz_db *db, const char *key)
{
	sqlite3_stmt *st = gz_db_stmt(db, "SELECT 1 FROM article_form_keys WHERE form_key = ?1");
	enum gz_err rc;
	int src;

	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, key);
	src = sqlite3_step(st);
	rc = src == SQLITE_ROW    ? GZ_ECONFLICT
	     : src == SQLITE_DONE ? GZ_OK
	                          : gz_db_error(db, src, "autosave key");
	gz_db_reset(st);
	return rc;
}

enum gz_err
gz_autosave_put(struct gz_db *db, int64_t article_id, const char *form_key, int64_t user_id,
                int64_t base_version, const char *title, const char *form, int64_t now)
{
	size_t flen = strlen(form), tlen = strlen(title);
	sqlite3_stmt *st;
	enum gz_err rc;

	if (flen > GZ_AUTOSAVE_FORM_MAX || tlen > GZ_AUTOSAVE_FORM_MAX) {
		return GZ_ETOOBIG;
	}
	if (!gz_utf8_valid(form, flen) || !gz_utf8_valid(title, tlen) || user_id <= 0 ||
	    article_id < 0 || (article_id == 0 && !key_ok(form_key))) {
		return GZ_EINVAL;
	}
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	rc = article_id > 0 ? check_article(db, article_id, base_version) : check_key(db, form_key);
	if (rc != GZ_OK) {
		goto fail;
	}
	if (article_id > 0) {
		st = gz_db_stmt(
		    db, "INSERT INTO autosaves (article_id, form_key, user_id, "
		        "base_version, saved_at, title, form) VALUES (?1, '', ?2, ?3, ?4, "
		        "?5, ?6) ON CONFLICT (article_id, user_id) WHERE article_id IS NOT "
		        "NULL DO UPDATE SET base_version = excluded.base_version, saved_at "
		        "= excluded.saved_at, title = excluded.title, form = excluded.form");
	} else {
		st = gz_db_stmt(
		    db, "INSERT INTO autosaves (article_id, form_key, user_id, "
		        "base_version, saved_at, title, form) VALUES (NULL, ?7, ?2, 0, ?4, "
		        "?5, ?6) ON CONFLICT (user_id, form_key) WHERE article_id IS NULL DO "
		        "UPDATE SET saved_at = excluded.saved_at, title = excluded.title, "
		        "form = excluded.form");
	}
	if (st == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	if (article_id > 0) {
		gz_db_bind_int64(st, 1, article_id);
		gz_db_bind_int64(st, 3, base_version);
	} else {
		gz_db_bind_text(st, 7, form_key);
	}
	gz_db_bind_int64(st, 2, user_id);
	gz_db_bind_int64(st, 4, now);
	gz_db_bind_text(st, 5, title);
	gz_db_bind_text(st, 6, form);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		goto fail;
	}
	if (article_id == 0) {
		/* Forms opened and abandoned add up: keep the newest few. */
		st = gz_db_stmt(db,
		                "DELETE FROM autosaves WHERE article_id IS NULL AND user_id = ?1 "
		                "AND id NOT IN (SELECT id FROM autosaves WHERE article_id IS NULL "
		                "AND user_id = ?1 ORDER BY saved_at DESC, id DESC LIMIT ?2)");
		if (st == NULL) {
			rc = GZ_EDB;
			goto fail;
		}
		gz_db_bind_int64(st, 1, user_id);
		gz_db_bind_int64(st, 2, GZ_AUTOSAVE_NEW_KEEP);
		if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
			goto fail;
		}
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}

enum gz_err
gz_autosave_for_article(struct gz_db *db, struct gz_arena *arena, int64_t article_id,
                        int64_t user_id, struct gz_autosave *out)
{
	sqlite3_stmt *st = gz_db_stmt(db, "SELECT " COLUMNS " FROM autosaves WHERE article_id = ?1 "
	                                  "AND user_id = ?2");

	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, article_id);
	gz_db_bind_int64(st, 2, user_id);
	return one(db, arena, st, out, "autosave for article");
}

enum gz_err
gz_autosave_latest_new(struct gz_db *db, struct gz_arena *arena, int64_t user_id,
                       struct gz_autosave *out)
{
	sqlite3_stmt *st = gz_db_stmt(db, "SELECT " COLUMNS " FROM autosaves WHERE article_id IS "
	                                  "NULL AND user_id = ?1 ORDER BY saved_at DESC, id DESC "
	                                  "LIMIT 1");

	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, user_id);
	return one(db, arena, st, out, "autosave latest new");
}

enum gz_err
gz_autosave_get(struct gz_db *db, struct gz_arena *arena, int64_t id, int64_t user_id,
                struct gz_autosave *out)
{
	sqlite3_stmt *st =
	    gz_db_stmt(db, "SELECT " COLUMNS " FROM autosaves WHERE id = ?1 AND user_id = ?2");

	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	gz_db_bind_int64(st, 2, user_id);
	return one(db, arena, st, out, "autosave get");
}

/* Run the write st (bound) in its own transaction; *changed gets the rows it changed. */
static enum gz_err
write_one(struct gz_db *db, sqlite3_stmt *st, int *changed)
{
	enum gz_err rc;

	*changed = 0;
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		return rc;
	}
	*changed = sqlite3_changes(gz_db_handle(db));
	return GZ_OK;
}

enum gz_err
gz_autosave_delete(struct gz_db *db, int64_t id, int64_t user_id)
{
	sqlite3_stmt *st;
	enum gz_err rc;
	int changed;

	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	if ((st = gz_db_stmt(db, "DELETE FROM autosaves WHERE id = ?1 AND user_id = ?2")) == NULL) {
		gz_db_rollback(db);
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	gz_db_bind_int64(st, 2, user_id);
	if ((rc = write_one(db, st, &changed)) != GZ_OK) {
		gz_db_rollback(db);
		return rc;
	}
	if ((rc = gz_db_commit(db)) != GZ_OK) {
		return rc;
	}
	return changed > 0 ? GZ_OK : GZ_ENOTFOUND;
}

enum gz_err
gz_autosave_clear(struct gz_db *db, int64_t article_id, const char *form_key, int64_t user_id)
{
	sqlite3_stmt *st;
	enum gz_err rc;
	int changed;

	if (article_id <= 0 && !key_ok(form_key)) {
		return GZ_OK;
	}
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	if (article_id > 0) {
		st = gz_db_stmt(db, "DELETE FROM autosaves WHERE article_id = ?1 AND user_id = ?2");
	} else {
		st = gz_db_stmt(db, "DELETE FROM autosaves WHERE article_id IS NULL AND form_key = "
		                    "?3 AND user_id = ?2");
	}
	if (st == NULL) {
		gz_db_rollback(db);
		return GZ_EDB;
	}
	if (article_id > 0) {
		gz_db_bind_int64(st, 1, article_id);
	} else {
		gz_db_bind_text(st, 3, form_key);
	}
	gz_db_bind_int64(st, 2, user_id);
	if ((rc = write_one(db, st, &changed)) != GZ_OK) {
		gz_db_rollback(db);
		return rc;
	}
	return gz_db_commit(db);
}
