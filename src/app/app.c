/*
 * The application entry point shared by every transport: per-thread worker
 * set-up, request dispatch through the route table, the headers every page
 * carries, and the access log.  It does not know how bytes arrive or leave.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "gazette/clock.h"
#include "gazette/app.h"
#include "gazette/arena.h"
#include "gazette/cidr.h"
#include "gazette/db.h"
#include "gazette/memo.h"
#include "gazette/router.h"
#include "gazette/settings.h"
#include "gazette/str.h"
#include "internal.h"

enum gz_err
gz_worker_init(struct gz_worker *w, struct gz_app *app, char *err, size_t errsz)
{
	memset(w, 0, sizeof(*w));
	w->app = app;
	gz_arena_init(&w->arena, GZ_ARENA_CHUNK, GZ_ARENA_CAP);
	w->db = gz_db_open(app->db_path, 0, err, errsz);
	if (w->db == NULL) {
		gz_arena_free(&w->arena);
		return GZ_EDB;
	}
	gz_app_views_join(app);
	gz_app_purge_join(app);
	/* Without it (no memory) pages choose their lists every time. */
	w->memo = gz_memo_new();
	return GZ_OK;
}

void
gz_worker_free(struct gz_worker *w)
{
	if (w->db != NULL) {
		gz_app_purge_leave(w->app);
		/* The last worker out writes the views still counted. */
		gz_app_views_leave(w->db);
		gz_db_close(w->db);
		w->db = NULL;
	}
	gz_arena_free(&w->arena);
	gz_pagecache_free(w->cache);
	w->cache = NULL;
	gz_memo_free(w->memo);
	w->memo = NULL;
}

/*
 * Start the request's database deadline: app->db_deadline_ms (default
 * GZ_DB_DEADLINE_MS) from now, for every lock wait of the request however
 * the retries nest, so a save answers before a proxy gives up on it.
 */
static void
start_deadline(struct gz_worker *w)
{
	if (w->db != NULL) {
		gz_db_deadline_set(w->db, gz_clock_mono_ms() +
		                              (w->app != NULL && w->app->db_deadline_ms > 0
		                                   ? w->app->db_deadline_ms
		                                   : GZ_DB_DEADLINE_MS));
	}
}

void
gz_worker_begin(struct gz_worker *w)
{
	struct gz_ctx *c = &w->ctx;

	gz_arena_reset(&w->arena);
	memset(&w->req, 0, sizeof(w->req));
	memset(c, 0, sizeof(*c));
	w->req.arena = &w->arena;
	w->req.remote_addr = "";
	c->req = &w->req;
	c->resp = &w->resp;
	c->arena = &w->arena;
	c->app = w->app;
	c->db = w->db;
	c->memo = w->memo;
	gz_db_fault_clear(w->db);
	start_deadline(w);
	c->now = gz_clock_now();
	gz_response_init(&w->resp, &w->arena);
}

/*
 * Headers every dynamic answer carries.  Gazette sets its own security
 * policy so the standalone server is as safe as the nginx deployment.
 * Over HTTPS it also asks browsers to use nothing else for a year (HSTS),
 * unless the "hsts" setting is 0: a site still moving to HTTPS, or one
 * sharing its name with plain-HTTP services, turns it off.  Over plain
 * HTTP the header would be ignored (RFC 6797), so it is not sent.
 */
static void
common_headers(struct gz_ctx *c)
{
	static const struct gz_header common[] = {
	    {"X-Content-Type-Options", "nosniff"},
	    {"Referrer-Policy", "strict-origin-when-cross-origin"},
	    {"X-Frame-Options", "DENY"},
	    {"Content-Security-Policy",
	     "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
	     "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"},
	};
	size_t i;

	for (i = 0; i < sizeof(common) / sizeof(common[0]); i++) {
		if (gz_response_get_header(c->resp, common[i].name) == NULL) {
			gz_response_header(c->resp, common[i].name, common[i].value);
		}
	}
	if (gz_response_get_header(c->resp, "Content-Type") == NULL) {
		gz_response_header(c->resp, "Content-Type", "text/html; charset=utf-8");
	}
	if (c->req->https && c->db != NULL &&
	    gz_response_get_header(c->resp, "Strict-Transport-Security") == NULL &&
	    gz_setting_int(c->db, "hsts", 1) != 0) {
		gz_response_header(c->resp, "Strict-Transport-Security", "max-age=31536000");
	}
}

/*
 * The answer to a request that ran short of memory, whatever its handler
 * made of it.  The system refusing memory (malloc, in the arena or in a
 * library working for the request, or SQLite's NOMEM) passes, so a 500, or
 * a page for GET or HEAD that may lack parts, becomes 503 with Retry-After;
 * other answers (a redirect after a done POST, a re-shown form) stand, as
 * repeating them could repeat what they did.  The arena's own cap is not
 * that: the same request reaches it again, so retrying is useless.  When
 * the request brought a body, the client sent more than one request may
 * cost, and a 500 becomes 413; without one, a page outgrew its budget and
 * the 500 stands.  Idempotent.
 */
static void
memory_verdict(struct gz_ctx *c)
{
	unsigned failed = gz_arena_failed(c->arena);
	int page = c->resp->status >= 200 && c->resp->status < 300 &&
	           (c->req->method == GZ_GET || c->req->method == GZ_HEAD);

	if ((failed & GZ_ARENA_NOMEM) || gz_db_fault(c->db) == GZ_ENOMEM) {
		if (c->resp->status == 500 || page) {
			gz_app_error(c, 503);
		}
		if (c->resp->status == 503) {
			gz_response_set_header(c->resp, "Retry-After",
			                       gz_app_retry_after(GZ_ENOMEM));
		}
	} else if ((failed & GZ_ARENA_CAPPED) && c->resp->status == 500 && c->req->body_len > 0) {
		gz_app_error(c, 413);
	}
}

/*
 * 1 when req carries a cookie that makes its page one person's: either
 * session cookie, whatever the scheme (a logged-in editor may see what
 * readers do not), or the commenter cookie (the form is prefilled from it).
 */
static int
personal(const struct gz_request *req)
{
	return gz_request_cookie(req, GZ_SESSION_COOKIE_SECURE) != NULL ||
	       gz_request_cookie(req, GZ_SESSION_COOKIE_PLAIN) != NULL ||
	       gz_request_cookie(req, GZ_COMMENTER_COOKIE) != NULL;
}

/* GET and HEAD change nothing; any other method may write. */
static int
safe_method(const struct gz_request *req)
{
	return req->method == GZ_GET || req->method == GZ_HEAD;
}

/* The first entry of a forwarded header's comma-separated list, trimmed, in arena. */
static const char *
first_entry(struct gz_arena *a, const char *v)
{
	struct gz_span sp;

	sp = gz_str_trim(v, strcspn(v, ","));
	return gz_arena_strndup(a, sp.p, sp.n);
}

/*
 * A request that came through a trusted proxy: its X-Forwarded-Proto
 * ("https" or "http") sets the scheme and its X-Forwarded-Host replaces
 * the Host header, which gz_request_finish then checks like any Host (a
 * bad one is a 400).  Pages without a saved base URL build their links
 * from these (gz_app_base_url).  From anyone else both headers are ignored.
 */
static void
forwarded_origin(struct gz_arena *a, struct gz_request *req)
{
	const char *proto = gz_request_header(req, "x-forwarded-proto");
	const char *host = gz_request_header(req, "x-forwarded-host");
	size_t i;

	if (proto != NULL && (proto = first_entry(a, proto)) != NULL) {
		if (strcasecmp(proto, "https") == 0) {
			req->https = 1;
		} else if (strcasecmp(proto, "http") == 0) {
			req->https = 0;
		}
	}
	if (host == NULL || (host = first_entry(a, host)) == NULL || host[0] == '\0') {
		return;
	}
	for (i = 0; i < req->headers.nitems; i++) {
		if (strcmp(req->headers.items[i].key, "host") == 0) {
			req->headers.items[i].val = host;
			req->headers.items[i].vlen = strlen(host);
			return;
		}
	}
}

void
gz_app_handle(struct gz_worker *w)
{
	struct gz_ctx *c = &w->ctx;
	struct gz_request *req = &w->req;
	const struct gz_route *r;
	unsigned allow;
	int status, snap;

	/* Again: the transports call gz_worker_begin before the body has
	 * arrived, and a slow upload must not use up the handler's time. */
	start_deadline(w);
	if (req->method == GZ_METHOD_OTHER && req->method_name != NULL) {
		req->method = gz_method_parse(req->method_name);
	}
	/* Behind a trusted proxy the client is in X-Forwarded-For (gazette/cidr.h),
	 * and the scheme and host it was asked for in X-Forwarded-Proto/-Host. */
	if (w->app != NULL && w->app->nproxies > 0) {
		if (gz_cidr_list_match(w->app->proxies, w->app->nproxies, req->remote_addr)) {
			forwarded_origin(&w->arena, req);
		}
		req->remote_addr =
		    gz_cidr_client(&w->arena, req->remote_addr, gz_request_forwarded_for(req),
		                   w->app->proxies, w->app->nproxies);
	}
	if (gz_request_finish(req, &status) != GZ_OK) {
		gz_app_error(c, status);
		goto done;
	}
	c->personal = personal(req);
	/* A damaged, replaced or removed database file: 503 for every page,
	 * cached ones too, without touching it.  A write looks at the file
	 * now rather than trusting last second's look. */
	if (c->db != NULL && gz_db_health(c->db, !safe_method(req)) != GZ_OK) {
		gz_app_error(c, 503);
		goto done;
	}
	r = gz_route_find(req, &allow);
	if (r == NULL) {
		if (allow) {
			gz_response_error(c->resp, 405, allow);
		} else if (!gz_app_old_address(c, 0)) {
			gz_app_error(c, 404);
		}
		goto done;
	}
	/* WordPress's "/?p=12" and "/?s=term" reach the front page's route. */
	if (req->query[0] != '\0' && r->fn == gz_handle_home_show && req->path[1] == '\0' &&
	    gz_app_old_address(c, 1)) {
		goto done;
	}
	if (!gz_app_guard(c, r)) {
		goto done;
	}
	if (gz_pagecache_serve(w)) {
		goto done;
	}
	gz_app_keys_begin(c);
	/* A reader's page reads one snapshot of the database, its file
	 * locks taken once (gazette/db.h). */
	snap = safe_method(req) && (r->flags & GZ_ROUTE_PUBLIC) && c->db != NULL &&
	       gz_db_snapshot_begin(c->db) == GZ_OK;
	r->fn(c);
	if (snap) {
		gz_db_snapshot_end(c->db);
	}
	gz_app_keys_end();
	if (gz_buf_err(&c->resp->body) != GZ_OK) {
		gz_app_error(c, 500);
	}
	/* A write done while the file was replaced or removed went into a
	 * file nobody will read: never acknowledge it. */
	if (!safe_method(req) && c->resp->status < 400 && c->db != NULL &&
	    gz_db_health(c->db, 1) != GZ_OK) {
		gz_app_error(c, 503);
	}
	/* Before the page cache, which keeps only a complete 200. */
	memory_verdict(c);
	gz_app_cache_finish(c);
	gz_pagecache_store(w);
	gz_app_cache_conditional(c);
done:
	memory_verdict(c);
	common_headers(c);
	c->resp->head_only = req->method == GZ_HEAD;
}

/* Length of the loggable prefix of s: up to a control byte or a quote, so a
 * hostile target cannot forge or colour log lines. */
static int
loggable(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p >= 0x20 && *p != 0x7f && *p != '"') {
		p++;
	}
	return (int)(p - (const unsigned char *)s);
}

void
gz_app_log(const struct gz_worker *w, double ms)
{
	char when[32];
	struct tm tm;
	time_t now = w->ctx.now ? w->ctx.now : gz_clock_now();

	/* Behind a web server, its access log has the rest.  A 503 for a
	 * damaged database is not logged per request either: the database
	 * layer says it once a minute, not once per request. */
	if (!w->app->log_all && ms < GZ_SLOW_MS &&
	    (w->resp.status < 500 ||
	     (w->resp.status == 503 && gz_db_fault(w->db) == GZ_ECORRUPT))) {
		return;
	}
	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(stderr, "%s %s \"%s %.*s\" %d %zu %.1fms\n", when,
	        w->req.remote_addr ? w->req.remote_addr : "-",
	        w->req.method_name ? w->req.method_name : "-",
	        w->req.target ? loggable(w->req.target) : 1, w->req.target ? w->req.target : "-",
	        w->resp.status, w->resp.body.len, ms);
}
