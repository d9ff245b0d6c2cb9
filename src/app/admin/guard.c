/*
 * The route guard: enforces a route's policy flags (session, role, CSRF,
 * same-origin for public forms) before its handler runs, so no handler can
 * forget a check.  Tests walk the route table against it.
 *
 * For admin routes it loads the session from its cookie into c->user and
 * c->csrf, parses a multipart body so the CSRF token inside it is checked
 * here too, and marks every answer under /admin private and unstorable.
 * It also holds the small role helpers handlers ask ("may this user edit
 * that article?").  It does not log anyone in: admin_login.c does.
 */
#include <string.h>

#include "gazette/app.h"
#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/cookie.h"
#include "gazette/multipart.h"
#include "gazette/session.h"
#include "gazette/settings.h"
#include "gazette/str.h"
#include "gazette/url.h"
#include "gazette/user.h"
#include "../internal.h"

#define MAX_PARTS 64 /* parts in one admin form */

const char *
gz_app_session_cookie(const struct gz_ctx *c)
{
	return c->req->https ? GZ_SESSION_COOKIE_SECURE : GZ_SESSION_COOKIE_PLAIN;
}

const char *
gz_app_session_token(const struct gz_ctx *c)
{
	/* Over https only the __Host- cookie counts: a plain one could have
	 * been planted by anyone on the network path or a sibling domain. */
	return gz_request_cookie(c->req, gz_app_session_cookie(c));
}

enum gz_err
gz_app_session_set_cookie(struct gz_ctx *c, const char *token)
{
	struct gz_cookie ck = {0};

	ck.name = gz_app_session_cookie(c);
	ck.value = token != NULL ? token : "";
	ck.path = "/";
	/* A browser-session cookie: the server-side expiry is what counts. */
	ck.max_age = token != NULL ? -1 : 0;
	ck.expires_base = c->now;
	ck.secure = c->req->https;
	ck.http_only = 1;
	ck.samesite = GZ_SAMESITE_LAX;
	return gz_response_cookie(c->resp, &ck);
}

/* Rank of a role name: author 1, editor 2, admin 3, anything else 0. */
static int
role_rank(const char *role)
{
	if (role == NULL) {
		return 0;
	}
	if (strcmp(role, "admin") == 0) {
		return 3;
	}
	if (strcmp(role, "editor") == 0) {
		return 2;
	}
	return strcmp(role, "author") == 0 ? 1 : 0;
}

int
gz_app_role_at_least(const struct gz_ctx *c, const char *role)
{
	return c->user != NULL && role_rank(c->user->role) >= role_rank(role) &&
	       role_rank(role) > 0;
}

int
gz_app_can_edit_article(const struct gz_ctx *c, int64_t author_id)
{
	if (c->user == NULL) {
		return 0;
	}
	return gz_app_role_at_least(c, "editor") || c->user->id == author_id;
}

int
gz_app_can_publish(struct gz_ctx *c)
{
	if (gz_app_role_at_least(c, "editor")) {
		return 1;
	}
	return c->user != NULL && gz_setting_int(c->db, "allow_author_publish", 0) == 1;
}

const struct gz_part *
gz_app_part(const struct gz_ctx *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nparts; i++) {
		if (strcmp(c->parts[i].name, name) == 0) {
			return &c->parts[i];
		}
	}
	return NULL;
}

const char *
gz_app_field(struct gz_ctx *c, const char *name)
{
	const struct gz_part *p;

	if (c->parts == NULL) {
		return gz_request_field(c->req, name);
	}
	/* A file part is not a text field, whatever its name. */
	if ((p = gz_app_part(c, name)) == NULL || p->filename != NULL ||
	    memchr(p->data, '\0', p->len) != NULL) {
		return NULL;
	}
	return gz_arena_strndup(c->arena, p->data, p->len);
}

/* Refuse with an error page that stays private and unstored. */
static void
refuse(struct gz_ctx *c, int status)
{
	gz_app_error(c, status);
	gz_response_set_header(c->resp, "Cache-Control", "private, no-store");
}

/* Send the browser to the login page, remembering where it was going. */
static void
to_login(struct gz_ctx *c)
{
	struct gz_buf b;

	gz_buf_init(&b, c->arena, GZ_TARGET_MAX * 3 + 64);
	gz_buf_puts(&b, "/admin/login?next=");
	gz_url_encode(&b, c->req->target, strlen(c->req->target));
	if (gz_buf_err(&b) != GZ_OK ||
	    gz_response_redirect(c->resp, 303, gz_buf_str(&b)) != GZ_OK) {
		gz_response_redirect(c->resp, 303, "/admin/login");
	}
}

/*
 * The session half of the guard: load it, check the role, and for a POST
 * the CSRF token.  Returns 1 to go on, 0 when c->resp holds the refusal.
 */
static int
guard_session(struct gz_ctx *c, const struct gz_route *r)
{
	const char *token = gz_app_session_token(c);
	const char *form_token;
	struct gz_session s;
	struct gz_user *u;
	char boundary[GZ_MULTIPART_BOUNDARY_MAX + 1];
	struct gz_part *parts;
	size_t nparts;
	int safe = c->req->method == GZ_GET || c->req->method == GZ_HEAD;

	if (token == NULL || gz_session_lookup(c->db, c->app->secret, token, c->now, &s) != GZ_OK) {
		if (safe) {
			to_login(c);
		} else {
			refuse(c, 403);
		}
		/* After the answer is made: an error page starts from clean
		 * headers, and a stale cookie must go either way. */
		if (token != NULL) {
			(void)gz_app_session_set_cookie(c, NULL);
		}
		return 0;
	}
	if ((u = gz_arena_calloc(c->arena, 1, sizeof(*u))) == NULL ||
	    gz_user_by_id(c->db, c->arena, s.user_id, u) != GZ_OK ||
	    (c->csrf = gz_arena_strdup(c->arena, s.csrf)) == NULL) {
		refuse(c, 500);
		return 0;
	}
	c->user = u;
	if (((r->flags & GZ_ROUTE_ADMIN) && !gz_app_role_at_least(c, "admin")) ||
	    ((r->flags & GZ_ROUTE_EDITOR) && !gz_app_role_at_least(c, "editor")) ||
	    role_rank(u->role) == 0) {
		refuse(c, 403);
		return 0;
	}
	if (!gz_app_mfa_gate(c)) {
		return 0;
	}
	if (safe) {
		return 1;
	}
	/* Every state change under a session needs the token, flag or not;
	 * the route-table test makes sure the flag is there anyway. */
	if ((r->flags & GZ_ROUTE_MULTIPART) &&
	    gz_str_has_prefix_case(c->req->content_type, "multipart/form-data")) {
		if (gz_multipart_boundary(c->req->content_type, boundary, sizeof(boundary)) !=
		        GZ_OK ||
		    gz_multipart_parse(c->arena, c->req->body ? c->req->body : "", c->req->body_len,
		                       boundary, MAX_PARTS, &parts, &nparts) != GZ_OK) {
			refuse(c, 400);
			return 0;
		}
		c->parts = parts;
		c->nparts = nparts;
	}
	form_token = gz_app_field(c, "csrf");
	if (!gz_app_same_origin(c) || !gz_session_csrf_ok(&s, form_token)) {
		c->parts = NULL;
		c->nparts = 0;
		refuse(c, 403);
		return 0;
	}
	return 1;
}

int
gz_app_guard(struct gz_ctx *c, const struct gz_route *r)
{
	int is_admin = strncmp(r->pattern, "/admin", 6) == 0 &&
	               (r->pattern[6] == '\0' || r->pattern[6] == '/');

	if (is_admin) {
		/* Admin pages show what readers must not see: never stored. */
		c->no_store = 1;
		gz_response_set_header(c->resp, "Cache-Control", "private, no-store");
	}
	if ((r->flags & GZ_ROUTE_FORMTOKEN) && !gz_app_same_origin(c)) {
		refuse(c, 403);
		return 0;
	}
	if (r->flags & (GZ_ROUTE_SESSION | GZ_ROUTE_EDITOR | GZ_ROUTE_ADMIN | GZ_ROUTE_CSRF)) {
		/* A role or CSRF flag without a session would have nothing to
		 * check against; it means a session too. */
		return guard_session(c, r);
	}
	return 1;
}
