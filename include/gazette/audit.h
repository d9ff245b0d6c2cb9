/*
 * The audit log: who on the staff did what, and when (table audit_log,
 * sql/017_audit.sql).  Handlers call gz_audit_log for every action an admin
 * may later have to answer for: logins (ok and failed), logouts,
 * publishing, unpublishing and scheduling, deletions, settings, roles,
 * accounts, password resets, second-factor changes, and exports and
 * erasures of readers' personal data.  Admins read it at /admin/audit.
 *
 * An entry is written inside the caller's transaction when there is one
 * (gz_db_begin nests as a savepoint), so an action and its entry are
 * stored together or not at all; call it after the action's own writes
 * and before the commit.  Entries older than the setting
 * audit_retention_days (GZ_AUDIT_RETENTION_DEFAULT) are deleted by each
 * write, so the log needs no timer of its own.
 *
 * It does not know what an action means, nor who may read the log (the
 * route's flags say so); it never stores a reader's e-mail address: the
 * caller passes a masked form.
 */
#ifndef GAZETTE_AUDIT_H
#define GAZETTE_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_db;

/* Action names: short, dotted, stable (filters and tests match them). */
#define GZ_AUDIT_LOGIN_OK "login.ok"               /* target: the login */
#define GZ_AUDIT_LOGIN_FAILED "login.failed"       /* actor 0, target: the login typed */
#define GZ_AUDIT_LOGOUT "logout"                   /* target: the login */
#define GZ_AUDIT_ARTICLE_PUBLISH "article.publish" /* target: "article N", detail: title */
#define GZ_AUDIT_ARTICLE_UNPUBLISH "article.unpublish"
#define GZ_AUDIT_ARTICLE_SCHEDULE "article.schedule" /* detail: title and time */
#define GZ_AUDIT_ARTICLE_DELETE "article.delete"
#define GZ_AUDIT_COMMENT_DELETE "comment.delete"
#define GZ_AUDIT_PAGE_DELETE "page.delete"
#define GZ_AUDIT_MEDIA_DELETE "media.delete"
#define GZ_AUDIT_CATEGORY_DELETE "category.delete"
#define GZ_AUDIT_TAG_DELETE "tag.delete"
#define GZ_AUDIT_SETTINGS "settings.update" /* detail: the keys changed */
#define GZ_AUDIT_USER_CREATE "user.create"  /* target: "user LOGIN" */
#define GZ_AUDIT_USER_ROLE "user.role"      /* detail: "editor -> admin" */
#define GZ_AUDIT_USER_DISABLE "user.disable"
#define GZ_AUDIT_USER_ENABLE "user.enable"
#define GZ_AUDIT_PASSWORD_RESET "password.reset"   /* a reset link made, or a password set */
#define GZ_AUDIT_TOTP_CHANGE "totp.change"         /* detail: "enabled", "disabled", ... */
#define GZ_AUDIT_PERSONAL_EXPORT "personal.export" /* target: masked e-mail and reference */
#define GZ_AUDIT_PERSONAL_ERASE "personal.erase"   /* detail: "anonymised N" / "deleted N" */

#define GZ_AUDIT_RETENTION_DEFAULT 365 /* days, when audit_retention_days is unset */
#define GZ_AUDIT_RETENTION_MIN 1       /* the setting is clamped to these */
#define GZ_AUDIT_RETENTION_MAX 36500
#define GZ_AUDIT_ACTION_MAX 40   /* bytes of an action name */
#define GZ_AUDIT_TARGET_MAX 200  /* bytes of target kept (cut at a UTF-8 boundary) */
#define GZ_AUDIT_DETAIL_MAX 1000 /* bytes of detail kept */
#define GZ_AUDIT_PAGE_MAX 200    /* most entries gz_audit_list returns at once */

/* Every action above, NULL-terminated, for the admin page's filter. */
extern const char *const gz_audit_actions[];

/* One entry of the log. */
struct gz_audit_entry {
	int64_t id;              /* audit_log.id: grows with each entry */
	int64_t at;              /* Unix seconds */
	int64_t actor_id;        /* users.id, 0 when nobody is known */
	const char *actor_login; /* login at the time, or "" */
	const char *action;      /* one of GZ_AUDIT_* */
	const char *target;      /* what was acted on, may be "" */
	const char *detail;      /* short note, may be "" */
};

/* What gz_audit_list shows; zero or "" fields do not filter. */
struct gz_audit_filter {
	const char *actor;  /* exact actor_login, or NULL/"" */
	const char *action; /* exact action, or NULL/"" */
	int64_t from;       /* at >= from, 0: no bound */
	int64_t until;      /* at < until, 0: no bound */
	int64_t before;     /* id < before (the cursor of the next page), 0: from the newest */
};

/*
 * Write one entry at gz_clock_now(): actor is the staff member's users.id
 * (0 when none is known, e.g. a failed login; their login is copied from
 * the users table), action one of GZ_AUDIT_* (at most GZ_AUDIT_ACTION_MAX
 * bytes, else GZ_EINVAL), target and detail free text (NULL reads as "",
 * cut to GZ_AUDIT_TARGET_MAX / GZ_AUDIT_DETAIL_MAX bytes at a character
 * boundary; invalid UTF-8 is stored as "?").  In the same transaction,
 * entries older than audit_retention_days are deleted.  Opens its own
 * transaction, nested as a savepoint inside the caller's when there is
 * one.  Returns GZ_OK or the database error; on error nothing is written.
 */
enum gz_err gz_audit_log(struct gz_db *db, int64_t actor, const char *action, const char *target,
                         const char *detail);

/*
 * gz_audit_log with target "<kind> <id>" (e.g. "article 12"), the common
 * case of a row acted on.
 */
enum gz_err gz_audit_log_id(struct gz_db *db, int64_t actor, const char *action, const char *kind,
                            int64_t id, const char *detail);

/*
 * Delete entries written before now - days * 86400 (days clamped to
 * GZ_AUDIT_RETENTION_MIN..MAX).  gz_audit_log does this on every write;
 * exposed for the tests and for a setting change that shortens the time.
 * *removed (may be NULL) gets the number of entries deleted.
 */
enum gz_err gz_audit_purge(struct gz_db *db, int64_t now, long days, int64_t *removed);

/* The retention in days: the setting, clamped, or the default. */
long gz_audit_retention(struct gz_db *db);

/*
 * Entries matching f, newest first (by id), at most limit (1..
 * GZ_AUDIT_PAGE_MAX), into *items (*nitems), in arena.  For the next
 * page, call again with f->before set to the last item's id.
 */
enum gz_err gz_audit_list(struct gz_db *db, struct gz_arena *arena, const struct gz_audit_filter *f,
                          int limit, struct gz_audit_entry **items, size_t *nitems);

/* 1 when action names one of gz_audit_actions. */
int gz_audit_action_known(const char *action);

#endif
