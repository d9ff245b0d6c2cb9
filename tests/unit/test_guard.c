/*
 * The route guard, driven through gz_app_handle with a real worker over a
 * temporary database and the embedded templates (strict, so a template
 * that reads a missing value fails here):
 *  - every POST route under /admin, taken from the route table, refuses a
 *    post without a session, without a CSRF token, with a wrong one (as an
 *    urlencoded and, for multipart routes, a multipart body) and a
 *    cross-site one with 403, and writes nothing to the database;
 *  - every GET route under /admin sends a browser without a session to
 *    the login page with ?next=, and answers Cache-Control: private,
 *    no-store;
 *  - roles: authors get 403 on admin-only and editor-only routes;
 *  - a disabled user's and an expired session stop at once;
 *  - the session and throttling model: rotation, revocation, delays and
 *    the lock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "gazette/app.h"
#include "gazette/arena.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/router.h"
#include "gazette/secret.h"
#include "gazette/session.h"
#include "gazette/tmpl.h"
#include "gazette/user.h"
#include "test.h"
#include "testdb.h"

static struct gz_app app;
static struct gz_tmpl_holder holder;
static struct gz_worker w;
static struct gz_db *db; /* the test's own connection, for fixtures */
static char dbpath[512];
static int64_t admin_id, editor_id, author_id;
static char admin_tok[GZ_SESSION_TOKEN_HEX + 1], editor_tok[GZ_SESSION_TOKEN_HEX + 1],
    author_tok[GZ_SESSION_TOKEN_HEX + 1];
static struct gz_session admin_s, editor_s, author_s;

/* One request through gz_app_handle; the answer stays in w.resp. */
static void
run(const char *method, const char *target, const char *cookie, const char *ctype, const char *body,
    const char *origin)
{
	static struct gz_kv hv[8];
	size_t n = 0;

	gz_worker_begin(&w);
	w.req.method_name = method;
	w.req.target = target;
	w.req.remote_addr = "192.0.2.7";
	hv[n++] = (struct gz_kv){"host", "news.example", 12};
	if (cookie != NULL) {
		hv[n++] = (struct gz_kv){"cookie", cookie, strlen(cookie)};
	}
	if (ctype != NULL) {
		hv[n++] = (struct gz_kv){"content-type", ctype, strlen(ctype)};
	}
	if (origin != NULL) {
		hv[n++] = (struct gz_kv){"origin", origin, strlen(origin)};
	}
	w.req.headers.items = hv;
	w.req.headers.nitems = n;
	w.req.body = body;
	w.req.body_len = body != NULL ? strlen(body) : 0;
	gz_app_handle(&w);
}

static const char *
cookie_for(const char *tok)
{
	static char c[128];

	snprintf(c, sizeof(c), "gz_session=%s", tok);
	return c;
}

/* The route pattern with every {param} replaced by 1, in a static buffer. */
static const char *
concrete(const char *pattern)
{
	static char out[256];
	size_t o = 0;
	const char *p;

	for (p = pattern; *p != '\0' && o + 2 < sizeof(out); p++) {
		if (*p == '{') {
			out[o++] = '1';
			while (*p != '\0' && *p != '}') {
				p++;
			}
			if (*p == '\0') {
				break;
			}
		} else {
			out[o++] = *p;
		}
	}
	out[o] = '\0';
	return out;
}

/* Rows written to the database by anyone since the fixture: a content
 * fingerprint over the tables a handler could change. */
static long long
fingerprint(void)
{
	static const char sql[] =
	    "SELECT (SELECT value FROM generation) * 1000003 + "
	    "(SELECT count(*) FROM users) * 7 + (SELECT count(*) FROM sessions) * 11 + "
	    "(SELECT count(*) FROM settings) * 13 + (SELECT count(*) FROM articles) * 17 + "
	    "(SELECT count(*) FROM comments) * 19 + (SELECT count(*) FROM categories) * 23 + "
	    "(SELECT count(*) FROM tags) * 29 + (SELECT count(*) FROM media) * 31 + "
	    "(SELECT total(length(display_name) + disabled + length(coalesce(password_hash, ''))) "
	    "FROM users) + (SELECT total(length(value)) FROM settings)";

	return testdb_int(db, sql);
}

static int
is_admin_route(const struct gz_route *r)
{
	return strncmp(r->pattern, "/admin", 6) == 0 &&
	       (r->pattern[6] == '\0' || r->pattern[6] == '/');
}

/*
 * The admin routes that come before a session, each guarded by its own
 * form token instead: the login form, its second step (the TOTP code) and
 * a password-reset link.  Every other admin route needs a session.
 */
static int
pre_session(const struct gz_route *r)
{
	return strcmp(r->pattern, "/admin/login") == 0 ||
	       strcmp(r->pattern, "/admin/login/code") == 0 ||
	       strcmp(r->pattern, "/admin/reset/{token}") == 0;
}

static int
setup(void)
{
	char err[256];
	struct gz_tmpl_set *set;

	if (sodium_init() < 0 || testdb_setup("guard") != 0 || (db = testdb_open("g.db")) == NULL) {
		return -1;
	}
	testdb_path("g.db", dbpath, sizeof(dbpath));
	if ((set = gz_tmpl_set_load_embedded(1, err, sizeof(err))) == NULL) {
		fprintf(stderr, "templates: %s\n", err);
		return -1;
	}
	gz_tmpl_holder_init(&holder, set);
	app.db_path = dbpath;
	app.tmpl = &holder;
	app.strict = 1;
	app.no_pagecache = 1;
	if (gz_secret_get(db, app.secret) != GZ_OK ||
	    gz_worker_init(&w, &app, err, sizeof(err)) != GZ_OK) {
		return -1;
	}
	if (gz_user_add(db, "boss", "The Boss", "admin", "correct horse", &admin_id) != GZ_OK ||
	    gz_user_add(db, "ed", "Ed Itor", "editor", "correct horse", &editor_id) != GZ_OK ||
	    gz_user_add(db, "au", "Au Thor", "author", "correct horse", &author_id) != GZ_OK) {
		return -1;
	}
	if (!testdb_exec(db, "INSERT INTO categories (slug, name) VALUES ('news', 'News');"
	                     "INSERT INTO articles (slug, title, author_id, status, created_at, "
	                     "updated_at) VALUES ('a', 'A', 1, 'draft', 1, 1);")) {
		return -1;
	}
	if (gz_session_create(db, app.secret, admin_id, time(NULL), NULL, NULL, admin_tok,
	                      &admin_s) != GZ_OK ||
	    gz_session_create(db, app.secret, editor_id, time(NULL), NULL, NULL, editor_tok,
	                      &editor_s) != GZ_OK ||
	    gz_session_create(db, app.secret, author_id, time(NULL), NULL, NULL, author_tok,
	                      &author_s) != GZ_OK) {
		return -1;
	}
	return 0;
}

static void
test_table_flags(void)
{
	size_t i;

	for (i = 0; i < gz_nroutes; i++) {
		const struct gz_route *r = &gz_routes[i];

		if (!is_admin_route(r) || pre_session(r)) {
			continue;
		}
		CHECK(r->flags & GZ_ROUTE_SESSION);
		if (r->methods & GZ_POST) {
			CHECK(r->flags & GZ_ROUTE_CSRF);
		}
	}
}

static void
test_post_refusals(void)
{
	char body[256], mp[1024];
	const char *ct_mp = "multipart/form-data; boundary=XyZ";
	long long before;
	size_t i, nposts = 0;

	for (i = 0; i < gz_nroutes; i++) {
		const struct gz_route *r = &gz_routes[i];
		const char *path;
		char target[256];

		if (!is_admin_route(r) || !(r->methods & GZ_POST) || pre_session(r)) {
			continue;
		}
		nposts++;
		path = concrete(r->pattern);
		snprintf(target, sizeof(target), "%s", path);
		before = fingerprint();

		/* No session at all. */
		snprintf(body, sizeof(body), "csrf=%s&display_name=X&action=save", admin_s.csrf);
		run("POST", target, NULL, "application/x-www-form-urlencoded", body, NULL);
		CHECK_INT(w.resp.status, 403);

		/* A stale session cookie: refused, and the 403 clears it. */
		run("POST", target, "gz_session=deadbeef", "application/x-www-form-urlencoded",
		    body, NULL);
		CHECK_INT(w.resp.status, 403);
		CHECK(gz_response_get_header(&w.resp, "Set-Cookie") != NULL &&
		      strstr(gz_response_get_header(&w.resp, "Set-Cookie"), "Max-Age=0") != NULL);

		/* A session without a token. */
		run("POST", target, cookie_for(admin_tok), "application/x-www-form-urlencoded",
		    "display_name=X&action=save&title=x&name=x", NULL);
		if (w.resp.status != 403) {
			fprintf(stderr, "  no token: %s -> %d\n", target, w.resp.status);
		}
		CHECK_INT(w.resp.status, 403);

		/* A wrong token: another session's, and a mangled own one. */
		snprintf(body, sizeof(body), "csrf=%s&display_name=X&action=save", editor_s.csrf);
		run("POST", target, cookie_for(admin_tok), "application/x-www-form-urlencoded",
		    body, NULL);
		CHECK_INT(w.resp.status, 403);
		snprintf(body, sizeof(body), "csrf=%.63s0&display_name=X&action=save",
		         admin_s.csrf);
		if (admin_s.csrf[63] == '0') {
			body[5 + 63] = '1';
		}
		run("POST", target, cookie_for(admin_tok), "application/x-www-form-urlencoded",
		    body, NULL);
		CHECK_INT(w.resp.status, 403);

		/* The right token from another site. */
		snprintf(body, sizeof(body), "csrf=%s&display_name=X&action=nothing", admin_s.csrf);
		run("POST", target, cookie_for(admin_tok), "application/x-www-form-urlencoded",
		    body, "https://evil.example");
		CHECK_INT(w.resp.status, 403);

		/* Multipart bodies: a wrong token, and none. */
		snprintf(mp, sizeof(mp),
		         "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
		         "--XyZ\r\nContent-Disposition: form-data; "
		         "name=\"title\"\r\n\r\nx\r\n--XyZ--\r\n",
		         editor_s.csrf);
		run("POST", target, cookie_for(admin_tok), ct_mp, mp, NULL);
		CHECK_INT(w.resp.status, 403);
		run("POST", target, cookie_for(admin_tok), ct_mp,
		    "--XyZ\r\nContent-Disposition: form-data; "
		    "name=\"title\"\r\n\r\nx\r\n--XyZ--\r\n",
		    NULL);
		CHECK(w.resp.status == 403 || w.resp.status == 400);

		if (fingerprint() != before) {
			fprintf(stderr, "  %s changed the database on a refused post\n", target);
		}
		CHECK(fingerprint() == before);
		CHECK(gz_response_get_header(&w.resp, "Cache-Control") != NULL &&
		      strstr(gz_response_get_header(&w.resp, "Cache-Control"), "no-store") != NULL);
	}
	CHECK(nposts >= 5);
}

static void
test_get_redirects(void)
{
	size_t i;
	char want[300];

	for (i = 0; i < gz_nroutes; i++) {
		const struct gz_route *r = &gz_routes[i];
		const char *path, *cc;

		if (!is_admin_route(r) || !(r->methods & GZ_GET) || pre_session(r)) {
			continue;
		}
		path = concrete(r->pattern);
		run("GET", path, NULL, NULL, NULL, NULL);
		CHECK_INT(w.resp.status, 303);
		snprintf(want, sizeof(want), "/admin/login?next=");
		CHECK(gz_response_get_header(&w.resp, "Location") != NULL &&
		      strncmp(gz_response_get_header(&w.resp, "Location"), want, strlen(want)) ==
		          0);
		cc = gz_response_get_header(&w.resp, "Cache-Control");
		CHECK(cc != NULL && strcmp(cc, "private, no-store") == 0);
		/* A garbage cookie is no better, and is cleared. */
		run("GET", path, "gz_session=deadbeef", NULL, NULL, NULL);
		CHECK_INT(w.resp.status, 303);
		CHECK(gz_response_get_header(&w.resp, "Set-Cookie") != NULL);
		/* The admin gets the page (or a 404 for a made-up id), always private. */
		run("GET", path, cookie_for(admin_tok), NULL, NULL, NULL);
		if (w.resp.status != 200 && w.resp.status != 404) {
			fprintf(stderr, "  admin GET %s -> %d\n", path, w.resp.status);
		}
		CHECK(w.resp.status == 200 || w.resp.status == 404);
		cc = gz_response_get_header(&w.resp, "Cache-Control");
		CHECK(cc != NULL && strstr(cc, "no-store") != NULL);
	}
	run("GET", "/admin/users?x=%2F", NULL, NULL, NULL, NULL);
	CHECK_STR(gz_response_get_header(&w.resp, "Location"),
	          "/admin/login?next=%2Fadmin%2Fusers%3Fx%3D%252F");
}

static void
test_roles(void)
{
	size_t i;

	for (i = 0; i < gz_nroutes; i++) {
		const struct gz_route *r = &gz_routes[i];

		if (!is_admin_route(r) || !(r->methods & GZ_GET) ||
		    !(r->flags & (GZ_ROUTE_ADMIN | GZ_ROUTE_EDITOR))) {
			continue;
		}
		run("GET", concrete(r->pattern), cookie_for(author_tok), NULL, NULL, NULL);
		CHECK_INT(w.resp.status, 403);
		if (r->flags & GZ_ROUTE_ADMIN) {
			run("GET", concrete(r->pattern), cookie_for(editor_tok), NULL, NULL, NULL);
			CHECK_INT(w.resp.status, 403);
		}
	}
	run("GET", "/admin/users", cookie_for(author_tok), NULL, NULL, NULL);
	CHECK_INT(w.resp.status, 403);
	run("GET", "/admin/settings", cookie_for(author_tok), NULL, NULL, NULL);
	CHECK_INT(w.resp.status, 403);
	run("GET", "/admin", cookie_for(author_tok), NULL, NULL, NULL);
	CHECK_INT(w.resp.status, 200);
	CHECK(strstr(w.resp.body.data, author_s.csrf) != NULL); /* logout form */
	CHECK(strstr(w.resp.body.data, "/admin/users") == NULL);
}

static void
test_accepted_post(void)
{
	char body[256];
	struct gz_user u;

	/* The right token changes things: the author renames themselves. */
	snprintf(body, sizeof(body), "csrf=%s&display_name=Renamed", author_s.csrf);
	run("POST", "/admin/account", cookie_for(author_tok), "application/x-www-form-urlencoded",
	    body, "http://news.example");
	CHECK_INT(w.resp.status, 303);
	CHECK(gz_user_by_id(db, w.req.arena, author_id, &u) == GZ_OK);
	CHECK_STR(u.display_name, "Renamed");
}

static void
test_disabled_and_expired(void)
{
	char tok[GZ_SESSION_TOKEN_HEX + 1];
	struct gz_session s;
	int64_t id;

	CHECK(gz_user_add(db, "gone", NULL, "editor", "correct horse", &id) == GZ_OK);
	CHECK(gz_session_create(db, app.secret, id, time(NULL), NULL, NULL, tok, &s) == GZ_OK);
	run("GET", "/admin", cookie_for(tok), NULL, NULL, NULL);
	CHECK_INT(w.resp.status, 200);
	CHECK(gz_user_set_disabled(db, id, 1) == GZ_OK);
	run("GET", "/admin", cookie_for(tok), NULL, NULL, NULL);
	CHECK_INT(w.resp.status, 303);
	/* Enabling again does not revive the old cookie. */
	CHECK(gz_user_set_disabled(db, id, 0) == GZ_OK);
	run("GET", "/admin", cookie_for(tok), NULL, NULL, NULL);
	CHECK_INT(w.resp.status, 303);

	CHECK(gz_session_create(db, app.secret, id, time(NULL), NULL, NULL, tok, &s) == GZ_OK);
	CHECK(testdb_exec(db, "UPDATE sessions SET last_seen = last_seen - 7201 WHERE user_id = "
	                      "(SELECT id FROM users WHERE login = 'gone')"));
	run("GET", "/admin", cookie_for(tok), NULL, NULL, NULL);
	CHECK_INT(w.resp.status, 303);
	CHECK(gz_session_create(db, app.secret, id, time(NULL), NULL, NULL, tok, &s) == GZ_OK);
	CHECK(testdb_exec(db, "UPDATE sessions SET expires_at = 5 WHERE user_id = "
	                      "(SELECT id FROM users WHERE login = 'gone')"));
	run("GET", "/admin", cookie_for(tok), NULL, NULL, NULL);
	CHECK_INT(w.resp.status, 303);
}

static void
test_session_model(void)
{
	char t1[GZ_SESSION_TOKEN_HEX + 1], t2[GZ_SESSION_TOKEN_HEX + 1],
	    t3[GZ_SESSION_TOKEN_HEX + 1];
	struct gz_session s1, s2, s3, s;
	int64_t now = time(NULL);

	CHECK(gz_session_create(db, app.secret, editor_id, now, NULL, NULL, t1, &s1) == GZ_OK);
	/* Rotation: a new login from the same browser replaces its session. */
	CHECK(gz_session_create(db, app.secret, editor_id, now, NULL, t1, t2, &s2) == GZ_OK);
	CHECK(strcmp(t1, t2) != 0);
	CHECK(strcmp(s1.csrf, s2.csrf) != 0);
	CHECK(gz_session_lookup(db, app.secret, t1, now, &s) == GZ_ENOTFOUND);
	CHECK(gz_session_lookup(db, app.secret, t2, now, &s) == GZ_OK);
	CHECK(gz_session_csrf_ok(&s, s2.csrf));
	CHECK(!gz_session_csrf_ok(&s, s1.csrf));
	CHECK(!gz_session_csrf_ok(&s, NULL));
	CHECK(!gz_session_csrf_ok(&s, ""));
	/* Revocation keeps only the named session. */
	CHECK(gz_session_create(db, app.secret, editor_id, now, NULL, NULL, t3, &s3) == GZ_OK);
	CHECK(gz_session_revoke_user(db, editor_id, s3.token_hash) == GZ_OK);
	CHECK(gz_session_lookup(db, app.secret, t2, now, &s) == GZ_ENOTFOUND);
	CHECK(gz_session_lookup(db, app.secret, editor_tok, now, &s) == GZ_ENOTFOUND);
	CHECK(gz_session_lookup(db, app.secret, t3, now, &s) == GZ_OK);
	CHECK(gz_session_revoke_user(db, editor_id, NULL) == GZ_OK);
	CHECK(gz_session_lookup(db, app.secret, t3, now, &s) == GZ_ENOTFOUND);
	/* The token is not stored. */
	CHECK(testdb_exec(db, "SELECT 1")); /* connection alive */
}

static void
test_throttle(void)
{
	unsigned char ch[16] = {1, 2, 3}, other[16] = {9};
	int64_t now = 1700000000, wait;
	int locked, i;

	CHECK(gz_session_login_wait(db, "victim", ch, now, &locked) == 0);
	for (i = 0; i < 3; i++) {
		CHECK(gz_session_login_record(db, "victim", ch, now, 0) == GZ_OK);
	}
	/* Three failures slow that account from that address only: the same
	 * account from elsewhere, and colleagues behind the same address, go
	 * on (the other scopes start much later, test_staff.c). */
	wait = gz_session_login_wait(db, "victim", ch, now, &locked);
	CHECK_INT(wait, GZ_LOGIN_DELAY_BASE);
	CHECK(!locked);
	CHECK_INT(gz_session_login_wait(db, "victim", other, now, &locked), 0);
	CHECK_INT(gz_session_login_wait(db, "someone", ch, now, &locked), 0);
	CHECK(gz_session_login_record(db, "victim", ch, now, 0) == GZ_OK);
	CHECK_INT(gz_session_login_wait(db, "victim", ch, now, &locked), 2 * GZ_LOGIN_DELAY_BASE);
	for (i = 4; i < GZ_LOGIN_LOCK_AFTER; i++) {
		CHECK(gz_session_login_record(db, "victim", ch, now, 0) == GZ_OK);
	}
	wait = gz_session_login_wait(db, "victim", ch, now + 1, &locked);
	CHECK_INT(wait, GZ_LOGIN_LOCK_SECONDS - 1);
	CHECK(locked);
	/* Ten failures are the account's first delay from elsewhere, not a lock. */
	CHECK_INT(gz_session_login_wait(db, "victim", other, now + 1, &locked),
	          GZ_LOGIN_DELAY_BASE - 1);
	CHECK(!locked);
	CHECK_INT(gz_session_login_wait(db, "someone", ch, now + 1, &locked), 0);
	/* Past the window everything is forgotten. */
	CHECK_INT(gz_session_login_wait(db, "victim", ch, now + GZ_LOGIN_WINDOW + 1, &locked), 0);
	/* A success resets the count. */
	CHECK(gz_session_login_record(db, "victim", ch, now + 2, 1) == GZ_OK);
	CHECK_INT(gz_session_login_wait(db, "victim", ch, now + 2, &locked), 0);
}

static void
test_users_model(void)
{
	/* The last enabled admin can be neither demoted nor disabled. */
	CHECK(gz_user_update(db, admin_id, "Boss", "boss@example.org", "editor") == GZ_EPERM);
	CHECK(gz_user_set_disabled(db, admin_id, 1) == GZ_EPERM);
	CHECK(gz_user_update(db, admin_id, "Boss", "not an email", NULL) == GZ_EINVAL);
	CHECK(gz_user_update(db, admin_id, "", "", NULL) == GZ_EINVAL);
	CHECK(gz_user_update(db, 9999, "X", "", NULL) == GZ_ENOTFOUND);
	CHECK(gz_user_set_password(db, author_id, "short") == GZ_EINVAL);
	CHECK(gz_user_set_password(db, 9999, "long enough") == GZ_ENOTFOUND);
	CHECK(gz_user_email_valid(""));
	CHECK(gz_user_email_valid("a@b"));
	CHECK(!gz_user_email_valid("@b"));
	CHECK(!gz_user_email_valid("a@"));
	CHECK(!gz_user_email_valid("a@b@c"));
	CHECK(!gz_user_email_valid("a b@c"));
}

static void
teardown(void)
{
	gz_worker_free(&w);
	gz_db_close(db);
	gz_tmpl_holder_free(&holder);
	testdb_teardown();
}

static void
test_all(void)
{
	if (setup() != 0) {
		CHECK(!"setup");
		return;
	}
	test_table_flags();
	test_post_refusals();
	test_get_redirects();
	test_roles();
	test_accepted_post();
	test_disabled_and_expired();
	test_session_model();
	test_throttle();
	test_users_model();
	teardown();
}

TEST_MAIN(T(test_all))
