/*
 * Bylines (include/gazette/byline.h): reading and replacing the ordered
 * list of staff an article credits, and the staff the editor may offer.
 * The table is article_authors (migration 013).  It does not know roles'
 * rules (who may credit whom is src/app's), URLs or how a byline reads.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/byline.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "internal.h"

static enum gz_err
fill_byline(struct gz_arena *arena, sqlite3_stmt *st, void *item)
{
	struct gz_byline *b = item;

	b->user_id = sqlite3_column_int64(st, 0);
	b->login = gz_db_col_text(arena, st, 1);
	b->name = gz_db_col_text(arena, st, 2);
	if (b->login == NULL || b->name == NULL) {
		return GZ_ENOMEM;
	}
	return GZ_OK;
}

enum gz_err
gz_byline_list(struct gz_db *db, struct gz_arena *arena, int64_t id, struct gz_byline **out,
               size_t *n)
{
	sqlite3_stmt *st;

	*out = NULL;
	*n = 0;
	st = gz_db_stmt(db, "SELECT u.id, u.login, coalesce(nullif(u.display_name, ''), u.login) "
	                    "FROM article_authors b JOIN users u ON u.id = b.user_id "
	                    "WHERE b.article_id = ?1 ORDER BY b.position, u.id LIMIT ?2");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	gz_db_bind_int64(st, 2, GZ_BYLINES_MAX);
	return gz_db_rows(db, arena, st, sizeof(**out), 2, GZ_BYLINES_MAX, fill_byline, out, n,
	                  "byline list");
}

/*
 * 1 when user may be credited on article: an enabled staff member, or a
 * disabled one the article already credits (a former colleague keeps the
 * credit for what they wrote; nobody new may name them).
 */
static int
may_credit(struct gz_db *db, int64_t article, int64_t user, enum gz_err *rc)
{
	sqlite3_stmt *st =
	    gz_db_stmt(db, "SELECT 1 FROM users u WHERE u.id = ?1 AND (u.disabled = 0 "
	                   "OR EXISTS (SELECT 1 FROM article_authors b WHERE "
	                   "b.article_id = ?2 AND b.user_id = u.id))");
	int src, yes = 0;

	if (st == NULL) {
		*rc = GZ_EDB;
		return 0;
	}
	gz_db_bind_int64(st, 1, user);
	gz_db_bind_int64(st, 2, article);
	if ((src = sqlite3_step(st)) == SQLITE_ROW) {
		yes = 1;
	} else if (src != SQLITE_DONE) {
		*rc = gz_db_error(db, src, "byline staff");
	}
	gz_db_reset(st);
	return yes;
}

enum gz_err
gz_byline_set(struct gz_db *db, int64_t id, const int64_t *users, size_t n)
{
	sqlite3_stmt *st;
	enum gz_err rc;
	size_t i, j, pos = 0;

	if (n == 0 || n > GZ_BYLINES_MAX) {
		return GZ_EINVAL;
	}
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	/* Checked before the old list goes: it decides who may stay. */
	for (i = 0; i < n; i++) {
		if (!may_credit(db, id, users[i], &rc)) {
			rc = rc != GZ_OK ? rc : GZ_EINVAL;
			goto fail;
		}
	}
	if ((st = gz_db_stmt(db, "DELETE FROM article_authors WHERE article_id = ?1")) == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_int64(st, 1, id);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		goto fail;
	}
	for (i = 0; i < n; i++) {
		/* A name picked twice is credited once, where it came first. */
		for (j = 0; j < i && users[j] != users[i]; j++) {
		}
		if (j < i) {
			continue;
		}
		st = gz_db_stmt(db, "INSERT INTO article_authors (article_id, user_id, position) "
		                    "VALUES (?1, ?2, ?3)");
		if (st == NULL) {
			rc = GZ_EDB;
			goto fail;
		}
		gz_db_bind_int64(st, 1, id);
		gz_db_bind_int64(st, 2, users[i]);
		gz_db_bind_int64(st, 3, (int64_t)pos++);
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
gz_byline_staff(struct gz_db *db, struct gz_arena *arena, struct gz_byline **out, size_t *n)
{
	sqlite3_stmt *st;

	*out = NULL;
	*n = 0;
	st = gz_db_stmt(db, "SELECT id, login, coalesce(nullif(display_name, ''), login) AS name "
	                    "FROM users WHERE disabled = 0 "
	                    "ORDER BY name COLLATE NOCASE, id LIMIT ?1");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, GZ_BYLINE_STAFF_MAX);
	return gz_db_rows(db, arena, st, sizeof(**out), 16, GZ_BYLINE_STAFF_MAX, fill_byline, out,
	                  n, "byline staff");
}
