/*
 * The audit log for admins (issue 19 point 5): GET /admin/audit lists
 * entries newest first, GZ_AUDIT_SHOWN a page, filtered by actor (login),
 * action and a range of UTC dates, paged by an id cursor (?before=ID); POST
 * /admin/audit/retention changes how many days entries are kept (the
 * setting audit_retention_days), purging what is now too old in the same
 * transaction and logging the change.  Each action name gets a label the
 * template translates.  It does not know SQL (gazette/audit.h) nor who
 * writes entries (every handler that acts).
 */
#include <stdio.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/audit.h"
#include "gazette/caldate.h"
#include "gazette/db.h"
#include "gazette/settings.h"
#include "gazette/str.h"
#include "gazette/user.h"
#include "../internal.h"

#define GZ_AUDIT_SHOWN 50 /* entries on one page */

/* Each action's label for people, a message id (src/app/admin/admin_audit.c). */
static const struct {
	const char *action; /* GZ_AUDIT_* */
	const char *label;  /* msgid */
} labels[] = {
    {GZ_AUDIT_LOGIN_OK, GZ_N_("Logged in")},
    {GZ_AUDIT_LOGIN_FAILED, GZ_N_("Failed login")},
    {GZ_AUDIT_LOGOUT, GZ_N_("Logged out")},
    {GZ_AUDIT_ARTICLE_PUBLISH, GZ_N_("Published an article")},
    {GZ_AUDIT_ARTICLE_UNPUBLISH, GZ_N_("Unpublished an article")},
    {GZ_AUDIT_ARTICLE_SCHEDULE, GZ_N_("Scheduled an article")},
    {GZ_AUDIT_ARTICLE_DELETE, GZ_N_("Deleted an article")},
    {GZ_AUDIT_COMMENT_DELETE, GZ_N_("Deleted a comment")},
    {GZ_AUDIT_PAGE_DELETE, GZ_N_("Deleted a page")},
    {GZ_AUDIT_MEDIA_DELETE, GZ_N_("Deleted a media file")},
    {GZ_AUDIT_CATEGORY_DELETE, GZ_N_("Deleted a category")},
    {GZ_AUDIT_TAG_DELETE, GZ_N_("Deleted a tag")},
    {GZ_AUDIT_SETTINGS, GZ_N_("Changed settings")},
    {GZ_AUDIT_USER_CREATE, GZ_N_("Created a user")},
    {GZ_AUDIT_USER_ROLE, GZ_N_("Changed a role")},
    {GZ_AUDIT_USER_DISABLE, GZ_N_("Disabled a user")},
    {GZ_AUDIT_USER_ENABLE, GZ_N_("Enabled a user")},
    {GZ_AUDIT_PASSWORD_RESET, GZ_N_("Password reset")},
    {GZ_AUDIT_TOTP_CHANGE, GZ_N_("Changed two-step login")},
    {GZ_AUDIT_PERSONAL_EXPORT, GZ_N_("Exported a reader's data")},
    {GZ_AUDIT_PERSONAL_ERASE, GZ_N_("Erased a reader's data")},
};

/* The label of action, or the action itself for one this build does not name. */
static const char *
label_of(const char *action)
{
	size_t i;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		if (strcmp(labels[i].action, action) == 0) {
			return labels[i].label;
		}
	}
	return action;
}

/*
 * A date argument "YYYY-MM-DD" as the Unix time of its start (UTC), plus
 * add_days; 0 when absent or empty; -1 when malformed.
 */
static int64_t
date_arg(struct gz_ctx *c, const char *name, int add_days)
{
	const char *s = gz_request_arg(c->req, name);
	int y, m, d;

	if (s == NULL || s[0] == '\0') {
		return 0;
	}
	if (gz_caldate_parse(s, &y, &m, &d) != GZ_OK) {
		return -1;
	}
	return gz_caldate_time(y, m, d) + (int64_t)add_days * 86400;
}

/* An argument as text ("" when absent), in the filter data too. */
static const char *
arg(struct gz_ctx *c, struct gz_val *filter, const char *name)
{
	const char *s = gz_request_arg(c->req, name);

	if (s == NULL) {
		s = "";
	}
	gz_app_set_str(filter, name, s);
	return s;
}

void
gz_handle_admin_audit(struct gz_ctx *c)
{
	struct gz_val *data = gz_app_admin_page(c, "audit"), *filter, *list, *actions;
	struct gz_audit_filter f;
	struct gz_audit_entry *e;
	const char *before;
	size_t n, i;
	long cursor = 0;
	int bad = 0;

	if (data == NULL || (filter = gz_val_map_new(c->arena)) == NULL ||
	    (list = gz_val_list_new(c->arena)) == NULL ||
	    (actions = gz_val_list_new(c->arena)) == NULL) {
		gz_app_error(c, 500);
		return;
	}
	/* Every variable the template reads is set (strict rendering). */
	gz_app_set_str(data, "error", "");
	gz_app_set_str(data, "retention_typed", "");
	gz_app_set_str(data, "retention_error", "");
	gz_val_map_set(data, "retention_only", gz_val_bool(0));
	gz_app_set_int(data, "next_before", 0);
	memset(&f, 0, sizeof(f));
	f.actor = arg(c, filter, "actor");
	f.action = arg(c, filter, "action");
	arg(c, filter, "from");
	arg(c, filter, "to");
	before = gz_request_arg(c->req, "before");
	f.from = date_arg(c, "from", 0);
	f.until = date_arg(c, "to", 1);
	if (f.from < 0 || f.until < 0) {
		bad = 1;
		gz_app_set_str(data, "error", GZ_N_("Give dates as YYYY-MM-DD."));
	} else if (f.action[0] != '\0' && !gz_audit_action_known(f.action)) {
		bad = 1;
		gz_app_set_str(data, "error", GZ_N_("Choose an action from the list."));
	} else if (f.actor[0] != '\0' && strlen(f.actor) > 64) {
		bad = 1;
		gz_app_set_str(data, "error", GZ_N_("A login has at most 32 characters."));
	}
	if (before != NULL && gz_str_to_long(before, 1, 0x7fffffffffffffffL, &cursor) != GZ_OK) {
		gz_app_error(c, 400);
		return;
	}
	f.before = cursor;
	for (i = 0; gz_audit_actions[i] != NULL; i++) {
		struct gz_val *m = gz_val_map_new(c->arena);

		if (m == NULL) {
			gz_app_error(c, 500);
			return;
		}
		gz_app_set_str(m, "name", gz_audit_actions[i]);
		gz_app_set_str(m, "label", label_of(gz_audit_actions[i]));
		gz_val_list_push(actions, m);
	}
	n = 0;
	/* One more than shown says whether an older page exists. */
	if (!bad && gz_audit_list(c->db, c->arena, &f, GZ_AUDIT_SHOWN + 1, &e, &n) != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	for (i = 0; i < n && i < GZ_AUDIT_SHOWN; i++) {
		struct gz_val *m = gz_val_map_new(c->arena);

		if (m == NULL) {
			gz_app_error(c, 500);
			return;
		}
		gz_app_set_int(m, "id", e[i].id);
		gz_app_set_int(m, "at", e[i].at);
		gz_app_set_int(m, "actor_id", e[i].actor_id);
		gz_app_set_str(m, "actor", e[i].actor_login);
		gz_app_set_str(m, "action", e[i].action);
		gz_app_set_str(m, "label", label_of(e[i].action));
		gz_app_set_str(m, "target", e[i].target);
		gz_app_set_str(m, "detail", e[i].detail);
		gz_val_list_push(list, m);
	}
	if (n > GZ_AUDIT_SHOWN) {
		gz_app_set_int(data, "next_before", e[GZ_AUDIT_SHOWN - 1].id);
	}
	gz_val_map_set(data, "entries", list);
	gz_val_map_set(data, "actions", actions);
	gz_val_map_set(data, "filter", filter);
	gz_val_map_set(data, "paged", gz_val_bool(cursor > 0));
	gz_app_set_int(data, "retention_days", gz_audit_retention(c->db));
	gz_app_set_int(data, "retention_max", GZ_AUDIT_RETENTION_MAX);
	gz_val_map_set(data, "saved", gz_val_bool(gz_request_arg(c->req, "saved") != NULL));
	c->resp->status = bad ? 400 : 200;
	gz_app_render(c, "admin/audit.html", data);
}

void
gz_handle_admin_audit_retention(struct gz_ctx *c)
{
	const char *typed = gz_app_trimmed(c, "days");
	long days, old = gz_audit_retention(c->db);
	char value[24], detail[96];
	enum gz_err rc;

	if (gz_str_to_long(typed, GZ_AUDIT_RETENTION_MIN, GZ_AUDIT_RETENTION_MAX, &days) != GZ_OK) {
		struct gz_val *data = gz_app_admin_page(c, "audit");

		if (data == NULL) {
			gz_app_error(c, 500);
			return;
		}
		/* The list is one click away; the form comes back with the text kept. */
		gz_app_set_str(data, "error", "");
		gz_val_map_set(data, "saved", gz_val_bool(0));
		gz_app_set_str(data, "retention_typed", typed);
		gz_app_set_str(data, "retention_error",
		               GZ_N_("Enter a whole number of days from 1 to 36500."));
		gz_app_set_int(data, "retention_days", old);
		gz_app_set_int(data, "retention_max", GZ_AUDIT_RETENTION_MAX);
		gz_val_map_set(data, "retention_only", gz_val_bool(1));
		c->resp->status = 422;
		gz_app_render(c, "admin/audit.html", data);
		return;
	}
	snprintf(value, sizeof(value), "%ld", days);
	snprintf(detail, sizeof(detail), "audit_retention_days: %ld -> %ld", old, days);
	if ((rc = gz_db_begin(c->db)) != GZ_OK) {
		goto fail;
	}
	if ((rc = gz_setting_set(c->db, "audit_retention_days", value)) != GZ_OK ||
	    (rc = gz_audit_purge(c->db, (int64_t)c->now, days, NULL)) != GZ_OK ||
	    (rc = gz_audit_log(c->db, c->user->id, GZ_AUDIT_SETTINGS, "audit log", detail)) !=
	        GZ_OK) {
		gz_db_rollback(c->db);
		goto fail;
	}
	if ((rc = gz_db_commit(c->db)) != GZ_OK) {
		goto fail;
	}
	gz_response_redirect(c->resp, 303, "/admin/audit?saved=1");
	return;
fail:
	if (gz_app_unsaved_fault(c, rc) != GZ_OK) {
		gz_app_unsaved_headers(c->resp, gz_app_unsaved_fault(c, rc));
	}
	gz_app_error(c, gz_app_unsaved_fault(c, rc) != GZ_OK ? 503 : 500);
}
