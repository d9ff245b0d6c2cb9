/*
 * The audit log over the audit_log table: writing one entry (with the
 * retention purge in the same transaction), purging, and listing with
 * filters and an id cursor.  It does not know what an action means, who
 * may read the log, or how a reader's e-mail address is masked; the
 * handlers decide all three.
 */
#include <stdio.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/audit.h"
#include "gazette/clock.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/settings.h"
#include "gazette/utf8.h"

const char *const gz_audit_actions[] = {
    GZ_AUDIT_LOGIN_OK,
    GZ_AUDIT_LOGIN_FAILED,
    GZ_AUDIT_LOGOUT,
    GZ_AUDIT_ARTICLE_PUBLISH,
    GZ_AUDIT_ARTICLE_UNPUBLISH,
    GZ_AUDIT_ARTICLE_SCHEDULE,
    GZ_AUDIT_ARTICLE_DELETE,
    GZ_AUDIT_COMMENT_DELETE,
    GZ_AUDIT_PAGE_DELETE,
    GZ_AUDIT_MEDIA_DELETE,
    GZ_AUDIT_CATEGORY_DELETE,
    GZ_AUDIT_TAG_DELETE,
    GZ_AUDIT_SETTINGS,
    GZ_AUDIT_USER_CREATE,
    GZ_AUDIT_USER_ROLE,
    GZ_AUDIT_USER_DISABLE,
    GZ_AUDIT_USER_ENABLE,
    GZ_AUDIT_PASSWORD_RESET,
    GZ_AUDIT_TOTP_CHANGE,
    GZ_AUDIT_PERSONAL_EXPORT,
    GZ_AUDIT_PERSONAL_ERASE,
    NULL,
};

int
gz_audit_action_known(const char *action)
{
	size_t i;

	if (action == NULL) {
		return 0;
	}
	for (i = 0; gz_audit_actions[i] != NULL; i++) {
		if (strcmp(gz_audit_actions[i], action) == 0) {
			return 1;
		}
	}
	return 0;
}

long
gz_audit_retention(struct gz_db *db)
{
	int64_t days = gz_setting_int(db, "audit_retention_days", GZ_AUDIT_RETENTION_DEFAULT);

	if (days < GZ_AUDIT_RETENTION_MIN) {
		return GZ_AUDIT_RETENTION_MIN;
	}
	if (days > GZ_AUDIT_RETENTION_MAX) {
		return GZ_AUDIT_RETENTION_MAX;
	}
	return (long)days;
}

/*
 * Bind s (NULL as "") to idx, cut to max bytes at a character boundary;
 * text that is not UTF-8 is bound as "?" so the page that shows it never
 * meets a broken character.
 */
static int
bind_bounded(sqlite3_stmt *st, int idx, const char *s, size_t max)
{
	size_t n;

	if (s == NULL) {
		s = "";
	}
	n = strlen(s);
	if (!gz_utf8_valid(s, n)) {
		return sqlite3_bind_text(st, idx, "?", 1, SQLITE_STATIC);
	}
	n = gz_utf8_truncate(s, n, max);
	return sqlite3_bind_text(st, idx, s, (int)n, SQLITE_TRANSIENT);
}

enum gz_err
gz_audit_purge(struct gz_db *db, int64_t now, long days, int64_t *removed)
{
	sqlite3_stmt *st;
	enum gz_err rc;

	if (removed != NULL) {
		*removed = 0;
	}
	if (days < GZ_AUDIT_RETENTION_MIN) {
		days = GZ_AUDIT_RETENTION_MIN;
	} else if (days > GZ_AUDIT_RETENTION_MAX) {
		days = GZ_AUDIT_RETENTION_MAX;
	}
	if ((st = gz_db_stmt(db, "DELETE FROM audit_log WHERE at < ?1")) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, now - (int64_t)days * 86400);
	if ((rc = gz_db_step_done(db, st)) == GZ_OK && removed != NULL) {
		*removed = sqlite3_changes64(gz_db_handle(db));
	}
	return rc;
}

enum gz_err
gz_audit_log(struct gz_db *db, int64_t actor, const char *action, const char *target,
             const char *detail)
{
	sqlite3_stmt *st;
	int64_t now = (int64_t)gz_clock_now();
	enum gz_err rc;

	if (action == NULL || action[0] == '\0' || strlen(action) > GZ_AUDIT_ACTION_MAX) {
		return GZ_EINVAL;
	}
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	/* The purge first: a retention shortened to one day still keeps the
	 * entry being written, whatever the clock says. */
	if ((rc = gz_audit_purge(db, now, gz_audit_retention(db), NULL)) != GZ_OK) {
		goto fail;
	}
	st = gz_db_stmt(db, "INSERT INTO audit_log (at, actor_id, actor_login, action, target, "
	                    "detail) VALUES (?1, ?2, coalesce((SELECT login FROM users WHERE id = "
	                    "?2), ''), ?3, ?4, ?5)");
	if (st == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_int64(st, 1, now);
	gz_db_bind_int64(st, 2, actor > 0 ? actor : 0);
	gz_db_bind_text(st, 3, action);
	bind_bounded(st, 4, target, GZ_AUDIT_TARGET_MAX);
	bind_bounded(st, 5, detail, GZ_AUDIT_DETAIL_MAX);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		goto fail;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}

enum gz_err
gz_audit_log_id(struct gz_db *db, int64_t actor, const char *action, const char *kind, int64_t id,
                const char *detail)
{
	char target[64];

	snprintf(target, sizeof(target), "%.40s %lld", kind != NULL ? kind : "", (long long)id);
	return gz_audit_log(db, actor, action, target, detail);
}

/* One entry from a row of the list statement. */
static enum gz_err
fill_entry(struct gz_arena *arena, sqlite3_stmt *st, void *item)
{
	struct gz_audit_entry *e = item;

	e->id = sqlite3_column_int64(st, 0);
	e->at = sqlite3_column_int64(st, 1);
	e->actor_id = sqlite3_column_int64(st, 2);
	e->actor_login = gz_db_col_text(arena, st, 3);
	e->action = gz_db_col_text(arena, st, 4);
	e->target = gz_db_col_text(arena, st, 5);
	e->detail = gz_db_col_text(arena, st, 6);
	return e->actor_login && e->action && e->target && e->detail ? GZ_OK : GZ_ENOMEM;
}

enum gz_err
gz_audit_list(struct gz_db *db, struct gz_arena *arena, const struct gz_audit_filter *f, int limit,
              struct gz_audit_entry **items, size_t *nitems)
{
	const char *actor, *action;
	sqlite3_stmt *st;

	*items = NULL;
	*nitems = 0;
	if (limit < 1) {
		return GZ_OK;
	}
	if (limit > GZ_AUDIT_PAGE_MAX) {
		limit = GZ_AUDIT_PAGE_MAX;
	}
	/* Newest first by id, which is the order of writing even when the
	 * clock was set back.  A filter on the actor or the action gets a
	 * statement that walks its index (audit_log_actor, audit_log_action)
	 * backwards from the cursor; "?1 = ''" forms would scan the table. */
	actor = f != NULL && f->actor != NULL ? f->actor : "";
	action = f != NULL && f->action != NULL ? f->action : "";
	if (actor[0] != '\0') {
		st = gz_db_stmt(
		    db, "SELECT id, at, actor_id, actor_login, action, target, detail "
		        "FROM audit_log WHERE actor_login = ?1 AND (?2 = '' OR action = ?2) "
		        "AND at >= ?3 AND at < ?4 AND id < ?5 ORDER BY id DESC LIMIT ?6");
	} else if (action[0] != '\0') {
		st = gz_db_stmt(db, "SELECT id, at, actor_id, actor_login, action, target, detail "
		                    "FROM audit_log WHERE ?1 = '' AND action = ?2 AND at >= ?3 "
		                    "AND at < ?4 AND id < ?5 ORDER BY id DESC LIMIT ?6");
	} else {
		st = gz_db_stmt(db,
		                "SELECT id, at, actor_id, actor_login, action, target, detail "
		                "FROM audit_log WHERE ?1 = '' AND ?2 = '' AND at >= ?3 AND at < ?4 "
		                "AND id < ?5 ORDER BY id DESC LIMIT ?6");
	}
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, actor);
	gz_db_bind_text(st, 2, action);
	gz_db_bind_int64(st, 3, f != NULL && f->from > 0 ? f->from : INT64_MIN);
	gz_db_bind_int64(st, 4, f != NULL && f->until > 0 ? f->until : INT64_MAX);
	gz_db_bind_int64(st, 5, f != NULL && f->before > 0 ? f->before : INT64_MAX);
	gz_db_bind_int64(st, 6, limit);
	return gz_db_rows(db, arena, st, sizeof(**items), (size_t)limit, (size_t)limit, fill_entry,
	                  items, nitems, "audit list");
}
