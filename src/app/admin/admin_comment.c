/*
 * Comment moderation in the admin area: the queues Pending / Approved /
 * Spam / Trash with their counts, one-click and bulk actions (approve,
 * unapprove, spam, not spam, trash, restore, delete permanently), editing a
 * comment, and replying as the logged-in user.  Every verdict's score and
 * reasons are shown, so a moderator sees why a comment was held.
 *
 * The guard has checked the session, the editor role and the CSRF token
 * before any of these run (routes carry GZ_ROUTE_SESSION | GZ_ROUTE_EDITOR,
 * POSTs GZ_ROUTE_CSRF).  Moving a comment into or out of spam teaches the
 * classifier (gz_comment_set_status); this file only maps buttons to moves.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/audit.h"
#include "gazette/comment.h"
#include "gazette/db.h"
#include "gazette/i18n.h"
#include "gazette/spam.h"
#include "gazette/str.h"
#include "gazette/user.h"
#include "gazette/utf8.h"
#include "../internal.h"

#define PER_PAGE 50  /* comments on one queue page */
#define MAX_BULK 200 /* ids one bulk action takes */

/* A moderation action: its form value and the state it moves to. */
struct action {
	const char *name; /* form value, "approve" */
	int to;           /* enum gz_comment_status, or -1: delete */
};

static const struct action actions[] = {
    {"approve", GZ_COMMENT_APPROVED},
    {"unapprove", GZ_COMMENT_PENDING},
    {"spam", GZ_COMMENT_SPAM},
    {"notspam", GZ_COMMENT_PENDING},
    {"trash", GZ_COMMENT_TRASH},
    {"restore", GZ_COMMENT_PENDING},
    {"delete", -1},
};

static const struct action *
find_action(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < sizeof(actions) / sizeof(actions[0]); i++) {
		if (strcmp(actions[i].name, name) == 0) {
			return &actions[i];
		}
	}
	return NULL;
}

/* The status named by ?status= (pending when absent or unknown). */
static enum gz_comment_status
queue_arg(struct gz_request *req, const char *v)
{
	int s = gz_comment_status_parse(v);

	return s < 0 ? GZ_COMMENT_PENDING : (enum gz_comment_status)s;
}

/* Template value for one comment in a queue or the edit page. */
static struct gz_val *
row_val(struct gz_arena *a, const struct gz_comment *cm)
{
	struct gz_val *m = gz_val_map_new(a);

	if (m == NULL) {
		return NULL;
	}
	gz_app_set_int(m, "id", cm->id);
	gz_app_set_int(m, "parent_id", cm->parent_id);
	gz_app_set_str(m, "author_name", cm->author_name);
	gz_app_set_str(m, "author_email", cm->author_email);
	gz_app_set_str(m, "author_url", cm->author_url);
	gz_app_set_str(m, "body", cm->body);
	gz_app_set_str(m, "status", gz_comment_status_name(cm->status));
	gz_app_set_str(m, "score", gz_arena_printf(a, "%.2f", cm->spam_score));
	gz_app_set_str(m, "reasons", cm->reasons);
	gz_app_set_str(m, "trained", cm->trained);
	gz_app_set_int(m, "created", cm->created_at);
	gz_app_set_str(m, "article_slug", cm->article_slug);
	gz_app_set_str(m, "article_title", cm->article_title);
	gz_val_map_set(m, "staff", gz_val_bool(cm->user_id != 0));
	return m;
}

void
gz_handle_admin_comments(struct gz_ctx *c)
{
	static const char *const labels[GZ_COMMENT_NSTATUS] = {GZ_N_("Pending"), GZ_N_("Approved"),
	                                                       GZ_N_("Spam"), GZ_N_("Trash")};
	enum gz_comment_status st = queue_arg(c->req, gz_request_arg(c->req, "status"));
	const char *pg = gz_request_arg(c->req, "page");
	struct gz_val *data, *tabs, *rows;
	int64_t counts[GZ_COMMENT_NSTATUS];
	struct gz_comment *cs;
	size_t n, i;
	long page = 1;

	if (pg != NULL && gz_str_to_long(pg, 1, 100000, &page) != GZ_OK) {
		gz_app_error(c, 404);
		return;
	}
	if ((data = gz_app_admin_page(c, "comments")) == NULL ||
	    (tabs = gz_val_list_new(c->arena)) == NULL ||
	    (rows = gz_val_list_new(c->arena)) == NULL ||
	    gz_comment_counts(c->db, counts) != GZ_OK ||
	    gz_comment_queue(c->db, c->arena, st, (page - 1) * PER_PAGE, PER_PAGE, &cs, &n) !=
	        GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	for (i = 0; i < GZ_COMMENT_NSTATUS; i++) {
		struct gz_val *t = gz_val_map_new(c->arena);

		if (t == NULL) {
			gz_app_error(c, 500);
			return;
		}
		gz_app_set_str(t, "status", gz_comment_status_name((enum gz_comment_status)i));
		gz_app_set_str(t, "label", labels[i]);
		gz_app_set_int(t, "count", counts[i]);
		gz_val_map_set(t, "current", gz_val_bool(i == (size_t)st));
		gz_val_list_push(tabs, t);
	}
	for (i = 0; i < n; i++) {
		gz_val_list_push(rows, row_val(c->arena, &cs[i]));
	}
	gz_val_map_set(data, "tabs", tabs);
	gz_val_map_set(data, "comments", rows);
	gz_app_set_str(data, "status", gz_comment_status_name(st));
	gz_app_set_str(data, "label", labels[st]);
	gz_app_set_int(data, "page_no", page);
	gz_app_set_int(data, "next_page", counts[st] > page * PER_PAGE ? page + 1 : 0);
	gz_app_set_int(data, "prev_page", page > 1 ? page - 1 : 0);
	gz_app_set_int(data, "spam_days", GZ_COMMENT_SPAM_DAYS);
	{
		const char *d = gz_request_arg(c->req, "done");
		long nd = 0;

		gz_app_set_int(data, "done",
		               d && gz_str_to_long(d, 0, MAX_BULK, &nd) == GZ_OK ? nd : 0);
	}
	gz_app_render(c, "admin/comments.html", data);
}

/* Apply act to comment id; GZ_OK, GZ_ENOTFOUND or a database error. */
static enum gz_err
apply(struct gz_ctx *c, const struct action *act, int64_t id)
{
	if (act->to < 0) {
		enum gz_err rc;

		if ((rc = gz_db_begin(c->db)) != GZ_OK) {
			return rc;
		}
		if ((rc = gz_comment_delete(c->db, id)) != GZ_OK ||
		    (rc = gz_audit_log_id(c->db, c->user->id, GZ_AUDIT_COMMENT_DELETE, "comment",
		                          id, NULL)) != GZ_OK) {
			gz_db_rollback(c->db);
			return rc;
		}
		return gz_db_commit(c->db);
	}
	return gz_comment_set_status(c->db, c->arena, id, (enum gz_comment_status)act->to, c->now);
}

/*
 * POST /admin/comments: one button per row (field "one" = "<action>.<id>")
 * or the bulk form (field "action" and any number of "id" fields).  Answers
 * 303 back to the queue it came from, saying how many were moved.
 */
void
gz_handle_admin_comments_post(struct gz_ctx *c)
{
	const char *one = gz_request_field(c->req, "one"),
	           *back = gz_request_field(c->req, "status");
	const struct action *act = NULL;
	enum gz_comment_status st = queue_arg(c->req, back);
	size_t i, done = 0, asked = 0;
	enum gz_err rc;
	long id;

	if (one != NULL) {
		const char *dot = strrchr(one, '.');
		char name[16];

		if (dot == NULL || (size_t)(dot - one) >= sizeof(name) ||
		    gz_str_to_long(dot + 1, 1, 0x7fffffffL, &id) != GZ_OK) {
			gz_app_error(c, 400);
			return;
		}
		memcpy(name, one, (size_t)(dot - one));
		name[dot - one] = '\0';
		if ((act = find_action(name)) == NULL) {
			gz_app_error(c, 400);
			return;
		}
		asked = 1;
		if ((rc = apply(c, act, id)) == GZ_OK) {
			done++;
		} else if (rc != GZ_ENOTFOUND) {
			gz_app_error(c, 500);
			return;
		}
	} else {
		if ((act = find_action(gz_request_field(c->req, "action"))) == NULL) {
			gz_app_error(c, 400);
			return;
		}
		for (i = 0; i < c->req->form.nitems && asked < MAX_BULK; i++) {
			if (strcmp(c->req->form.items[i].key, "id") != 0) {
				continue;
			}
			if (gz_str_to_long(c->req->form.items[i].val, 1, 0x7fffffffL, &id) !=
			    GZ_OK) {
				gz_app_error(c, 400);
				return;
			}
			asked++;
			if ((rc = apply(c, act, id)) == GZ_OK) {
				done++;
			} else if (rc != GZ_ENOTFOUND) {
				gz_app_error(c, 500);
				return;
			}
		}
	}
	/* Moderation is when old spam and trash are cleared out. */
	gz_comment_purge(c->db, c->now, GZ_COMMENT_SPAM_DAYS, NULL);
	gz_response_redirect(c->resp, 303,
	                     gz_arena_printf(c->arena, "/admin/comments?status=%s&done=%zu",
	                                     gz_comment_status_name(st), done));
}

/* Render the edit page for c with values and errors (maps, may be NULL). */
static void
edit_page(struct gz_ctx *c, const struct gz_comment *cm, struct gz_val *values,
          struct gz_val *errors, const char *notice)
{
	static const char *const keys[] = {"name", "email", "url", "body", "reply"};
	struct gz_val *data = gz_app_admin_page(c, "comments"), *all = gz_val_map_new(c->arena);
	size_t i;

	if (data == NULL || all == NULL) {
		gz_app_error(c, 500);
		return;
	}
	if (values == NULL) {
		if ((values = gz_val_map_new(c->arena)) == NULL) {
			gz_app_error(c, 500);
			return;
		}
		gz_app_set_str(values, "name", cm->author_name);
		gz_app_set_str(values, "email", cm->author_email);
		gz_app_set_str(values, "url", cm->author_url);
		gz_app_set_str(values, "body", cm->body);
		gz_app_set_str(values, "reply", "");
	}
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const struct gz_val *e = errors ? gz_val_map_get(errors, keys[i]) : NULL;

		gz_val_map_set(all, keys[i], e ? e : gz_val_str(c->arena, ""));
	}
	gz_val_map_set(data, "comment", row_val(c->arena, cm));
	gz_val_map_set(data, "values", values);
	gz_val_map_set(data, "errors", all);
	gz_app_set_str(data, "notice", notice);
	gz_app_render(c, "admin/comment_edit.html", data);
}

void
gz_handle_admin_comment_edit(struct gz_ctx *c)
{
	struct gz_comment cm;
	enum gz_err rc = gz_comment_get(c->db, c->arena, gz_app_param_id(c, "id"), &cm);

	if (rc != GZ_OK) {
		gz_app_error(c, rc == GZ_ENOTFOUND ? 404 : 500);
		return;
	}
	edit_page(c, &cm, NULL, NULL, gz_request_arg(c->req, "saved") ? GZ_N_("Saved.") : "");
}

/* A trimmed single-line field; sets errors[key] when it is bad. */
static const char *
admin_field(struct gz_ctx *c, const char *key, size_t max, int multiline, int required,
            struct gz_val *errors)
{
	const char *v = gz_app_field(c, key);
	struct gz_span t;

	t = gz_str_trim(v ? v : "", v ? strlen(v) : 0);
	if (!gz_utf8_valid(t.p, t.n) ||
	    gz_str_has_ctl(t.p, t.n, multiline ? GZ_CTL_ALLOW_TAB | GZ_CTL_ALLOW_CRLF : 0)) {
		gz_app_set_str(errors, key, GZ_N_("Holds characters that are not allowed."));
	} else if (required && t.n == 0) {
		gz_app_set_str(errors, key, GZ_N_("Required."));
	} else if (t.n > max) {
		gz_val_map_set(errors, key,
		               gz_i18n_message(c->arena, "At most {max} characters.", "max",
		                               gz_arena_printf(c->arena, "%zu", max), NULL));
	}
	return gz_arena_strndup(c->arena, t.p, t.n);
}

void
gz_handle_admin_comment_update(struct gz_ctx *c)
{
	struct gz_val *values = gz_val_map_new(c->arena), *errors = gz_val_map_new(c->arena);
	const char *name, *email, *url, *body;
	int64_t id = gz_app_param_id(c, "id");
	struct gz_comment cm;
	enum gz_err rc = gz_comment_get(c->db, c->arena, id, &cm);

	if (rc != GZ_OK || values == NULL || errors == NULL) {
		gz_app_error(c, rc == GZ_ENOTFOUND ? 404 : 500);
		return;
	}
	name = admin_field(c, "name", 100, 0, 1, errors);
	email = admin_field(c, "email", 254, 0, 1, errors);
	url = admin_field(c, "url", 2000, 0, 0, errors);
	body = admin_field(c, "body", 20000, 1, 1, errors);
	if (email != NULL && email[0] != '\0' && strchr(email, '@') == NULL) {
		gz_app_set_str(errors, "email", GZ_N_("Not an email address."));
	}
	if (url != NULL && url[0] != '\0' && !gz_str_has_prefix_case(url, "http://") &&
	    !gz_str_has_prefix_case(url, "https://")) {
		gz_app_set_str(errors, "url", GZ_N_("Must start with http:// or https://."));
	}
	gz_app_set_str(values, "name", name);
	gz_app_set_str(values, "email", email);
	gz_app_set_str(values, "url", url);
	gz_app_set_str(values, "body", body);
	gz_app_set_str(values, "reply", "");
	if (errors->u.map.nitems > 0) {
		c->resp->status = 422;
		edit_page(c, &cm, values, errors,
		          GZ_N_("Not saved: please correct the fields marked."));
		return;
	}
	if (gz_comment_update(c->db, id, name, email, url, body) != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	gz_response_redirect(
	    c->resp, 303,
	    gz_arena_printf(c->arena, "/admin/comments/%lld/edit?saved=1", (long long)id));
}

/*
 * POST /admin/comments/{id}/reply: a reply as the logged-in user, shown at
 * once.  Replying to a comment that is still pending approves it first (a
 * reply would otherwise hang under an invisible comment).
 */
void
gz_handle_admin_comment_reply(struct gz_ctx *c)
{
	struct gz_val *errors = gz_val_map_new(c->arena), *values = gz_val_map_new(c->arena);
	int64_t id = gz_app_param_id(c, "id");
	struct gz_comment cm;
	struct gz_comment_new n = {0};
	struct gz_comment_result res;
	const char *body;
	enum gz_err rc = gz_comment_get(c->db, c->arena, id, &cm);

	if (rc != GZ_OK || errors == NULL || values == NULL || c->user == NULL) {
		gz_app_error(c, rc == GZ_ENOTFOUND ? 404 : 500);
		return;
	}
	body = admin_field(c, "reply", 20000, 1, 1, errors);
	if (errors->u.map.nitems > 0) {
		gz_app_set_str(values, "name", cm.author_name);
		gz_app_set_str(values, "email", cm.author_email);
		gz_app_set_str(values, "url", cm.author_url);
		gz_app_set_str(values, "body", cm.body);
		gz_app_set_str(values, "reply", body);
		c->resp->status = 422;
		edit_page(c, &cm, values, errors, GZ_N_("Reply not sent."));
		return;
	}
	if (cm.status != GZ_COMMENT_APPROVED &&
	    gz_comment_set_status(c->db, c->arena, id, GZ_COMMENT_APPROVED, c->now) != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	n.article_id = cm.article_id;
	n.parent_id = id;
	n.user_id = c->user->id;
	n.author_name = c->user->display_name;
	n.author_email = c->user->email ? c->user->email : "";
	n.author_url = "";
	n.body = body;
	n.now = (int64_t)c->now;
	if (gz_comment_submit(c->db, c->arena, &n, &res) != GZ_OK ||
	    res.outcome != GZ_COMMENT_STORED) {
		gz_app_error(c, 500);
		return;
	}
	gz_response_redirect(c->resp, 303, "/admin/comments?status=approved&done=1");
}
