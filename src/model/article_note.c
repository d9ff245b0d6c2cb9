/*
 * Update and correction notes (include/gazette/article_note.h): checking,
 * appending, removing (a mark and a revision, never a delete) and listing
 * the notes of an article, in table article_notes (migration 013).  Each
 * change also moves the article's updated_at, which every "modified" date
 * (JSON-LD, Open Graph, sitemap, feeds) is read from.  It knows nothing of
 * roles, forms or how a note is shown.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/article_note.h"
#include "gazette/cache_keys.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/str.h"
#include "gazette/utf8.h"
#include "internal.h"

/* Bytes of a removed note's text quoted in the revision's note. */
#define REVISION_QUOTE 200

const char *
gz_note_check(const char *kind, const char *body)
{
	size_t n;

	if (kind == NULL || (strcmp(kind, "update") != 0 && strcmp(kind, "correction") != 0)) {
		return GZ_N_("Choose Update or Correction.");
	}
	n = body != NULL ? strlen(body) : 0;
	if (n == 0 || gz_str_trim(body, n).n == 0) {
		return GZ_N_("Write the note's text.");
	}
	if (n > GZ_NOTE_BODY_MAX) {
		return GZ_N_("A note may hold at most 2000 bytes.");
	}
	if (!gz_utf8_valid(body, n) ||
	    gz_str_has_ctl(body, n, GZ_CTL_ALLOW_CRLF | GZ_CTL_ALLOW_TAB)) {
		return GZ_N_("Use printable characters only.");
	}
	return NULL;
}

/* Set article id's updated_at to now; GZ_ENOTFOUND when there is none. */
static enum gz_err
touch_article(struct gz_db *db, int64_t id, int64_t now)
{
	sqlite3_stmt *st = gz_db_stmt(db, "UPDATE articles SET updated_at = max(updated_at, ?2) "
	                                  "WHERE id = ?1");
	enum gz_err rc;

	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	gz_db_bind_int64(st, 2, now);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		return rc;
	}
	return sqlite3_changes(gz_db_handle(db)) == 0 ? GZ_ENOTFOUND : GZ_OK;
}

/*
 * Whether article id is visible at now (*visible) and how many notes it
 * holds (*count).  GZ_ENOTFOUND when there is no such article.
 */
static enum gz_err
article_state(struct gz_db *db, int64_t id, int64_t now, int *visible, int64_t *count)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	st = gz_db_stmt(
	    db, "SELECT (" GZ_SQL_VISIBLE(
	            "a", "?2") "), "
	                       "(SELECT count(*) FROM article_notes WHERE article_id = a.id) "
	                       "FROM articles a WHERE a.id = ?1");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	gz_db_bind_int64(st, 2, now);
	if ((src = sqlite3_step(st)) == SQLITE_ROW) {
		*visible = sqlite3_column_int(st, 0) != 0;
		*count = sqlite3_column_int64(st, 1);
	} else if (src == SQLITE_DONE) {
		rc = GZ_ENOTFOUND;
	} else {
		rc = gz_db_error(db, src, "note article");
	}
	gz_db_reset(st);
	return rc;
}

enum gz_err
gz_note_add(struct gz_db *db, int64_t id, const char *kind, const char *body, int64_t user,
            int64_t now, int64_t *note_id)
{
	sqlite3_stmt *st;
	enum gz_err rc;
	int64_t count = 0;
	int visible = 0;

	if (gz_note_check(kind, body) != NULL) {
		return GZ_EINVAL;
	}
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	if ((rc = article_state(db, id, now, &visible, &count)) != GZ_OK) {
		goto fail;
	}
	if (!visible) {
		rc = GZ_EPERM;
		goto fail;
	}
	if (count >= GZ_NOTES_MAX) {
		rc = GZ_ETOOBIG;
		goto fail;
	}
	st = gz_db_stmt(db,
	                "INSERT INTO article_notes (article_id, kind, body, user_id, created_at) "
	                "VALUES (?1, ?2, ?3, ?4, ?5)");
	if (st == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_int64(st, 1, id);
	gz_db_bind_text(st, 2, kind);
	gz_db_bind_text(st, 3, body);
	gz_db_bind_int64(st, 4, user);
	gz_db_bind_int64(st, 5, now);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		goto fail;
	}
	if (note_id != NULL) {
		*note_id = sqlite3_last_insert_rowid(gz_db_handle(db));
	}
	if ((rc = touch_article(db, id, now)) != GZ_OK ||
	    (rc = gz_cache_article_touch(db, id)) != GZ_OK) {
		goto fail;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}

enum gz_err
gz_note_remove(struct gz_db *db, int64_t id, int64_t note_id, int64_t user, int64_t now)
{
	sqlite3_stmt *st;
	enum gz_err rc;

	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	st = gz_db_stmt(db, "UPDATE article_notes SET removed_at = ?3, removed_by = ?4 "
	                    "WHERE id = ?2 AND article_id = ?1 AND removed_at IS NULL");
	if (st == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_int64(st, 1, id);
	gz_db_bind_int64(st, 2, note_id);
	gz_db_bind_int64(st, 3, now);
	gz_db_bind_int64(st, 4, user);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		goto fail;
	}
	if (sqlite3_changes(gz_db_handle(db)) == 0) {
		rc = GZ_ENOTFOUND;
		goto fail;
	}
	/* The revision keeps the article's text as it was and names the
	 * removed note, quoting its start. */
	st = gz_db_stmt(db,
	                "INSERT INTO revisions (article_id, user_id, created_at, title, summary, "
	                "body, note) SELECT a.id, ?3, ?4, a.title, a.summary, a.body, "
	                "n.kind || ' removed: ' || substr(n.body, 1, ?5) "
	                "FROM articles a JOIN article_notes n ON n.article_id = a.id "
	                "WHERE a.id = ?1 AND n.id = ?2");
	if (st == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_int64(st, 1, id);
	gz_db_bind_int64(st, 2, note_id);
	gz_db_bind_int64(st, 3, user);
	gz_db_bind_int64(st, 4, now);
	gz_db_bind_int64(st, 5, REVISION_QUOTE);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		goto fail;
	}
	if ((rc = touch_article(db, id, now)) != GZ_OK ||
	    (rc = gz_cache_article_touch(db, id)) != GZ_OK) {
		goto fail;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}

static enum gz_err
fill_note(struct gz_arena *arena, sqlite3_stmt *st, void *item)
{
	struct gz_article_note *n = item;

	n->id = sqlite3_column_int64(st, 0);
	n->kind = gz_db_col_text(arena, st, 1);
	n->body = gz_db_col_text(arena, st, 2);
	n->author = gz_db_col_text(arena, st, 3);
	n->created_at = sqlite3_column_int64(st, 4);
	n->removed_at = sqlite3_column_int64(st, 5);
	if (n->kind == NULL || n->body == NULL || n->author == NULL) {
		return GZ_ENOMEM;
	}
	return GZ_OK;
}

enum gz_err
gz_note_list(struct gz_db *db, struct gz_arena *arena, int64_t id, int all,
             struct gz_article_note **out, size_t *n)
{
	sqlite3_stmt *st;

	*out = NULL;
	*n = 0;
	st = gz_db_stmt(db, "SELECT n.id, n.kind, n.body, "
	                    "coalesce(nullif(u.display_name, ''), u.login, ''), n.created_at, "
	                    "coalesce(n.removed_at, 0) FROM article_notes n "
	                    "LEFT JOIN users u ON u.id = n.user_id "
	                    "WHERE n.article_id = ?1 AND (?2 OR n.removed_at IS NULL) "
	                    "ORDER BY n.created_at, n.id LIMIT ?3");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	gz_db_bind_int64(st, 2, all != 0);
	gz_db_bind_int64(st, 3, GZ_NOTES_MAX);
	return gz_db_rows(db, arena, st, sizeof(**out), 4, GZ_NOTES_MAX, fill_note, out, n,
	                  "note list");
}
