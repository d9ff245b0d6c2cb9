/*
 * The application seen from a transport: site-wide state built once at
 * start-up (struct gz_app), per-thread state (struct gz_worker), the
 * application's view of one request (struct gz_ctx, what every handler
 * takes), and the one entry point every transport calls, gz_app_handle().
 */
#ifndef GAZETTE_APP_H
#define GAZETTE_APP_H

#include <stddef.h>
#include <time.h>

#include "gazette/arena.h"
#include "gazette/err.h"
#include "gazette/request.h"
#include "gazette/response.h"

struct gz_cidr;
struct gz_db;
struct gz_pagecache;
struct gz_part;
struct gz_tmpl_holder;
struct gz_user;

struct gz_app {
	const char *db_path;         /* SQLite file */
	const char *static_dir;      /* folder served at /static/ by `serve` */
	const char *media_dir;       /* uploaded media, served at /media/ */
	const char *templates_dir;   /* theme folder, or NULL for embedded */
	struct gz_tmpl_holder *tmpl; /* compiled templates, reloadable */
	int strict;                  /* tests: strict templates, strict HTTP */
	int no_pagecache;            /* GAZETTE_PAGECACHE=0: render every page (benchmarks) */
	int log_all;                 /* log every request; else only 5xx and slow ones */
	int one_request;             /* CGI: one request per process, so no background threads */
	double db_deadline_ms;       /* a request's database waits end this long after it
	                                starts (GAZETTE_DB_DEADLINE); 0: GZ_DB_DEADLINE_MS */
	unsigned char secret[32];    /* per-site secret (gazette/secret.h) */

	/* The client behind a proxy (gazette/cidr.h). */
	const struct gz_cidr *proxies; /* trusted proxies (--trusted-proxy), NULL for none */
	size_t nproxies;               /* ranges in proxies */
	void (*worker_start)(struct gz_app *); /* run once in each worker process, or NULL */
};

/* The reader's cookie consent: GZ_CONSENT_NONE until a choice for the current policy. */
enum gz_consent {
	GZ_CONSENT_NONE = 0, /* no choice yet, or one for an older policy */
	GZ_CONSENT_ACCEPT,   /* optional cookies allowed */
	GZ_CONSENT_REJECT,   /* only the consent cookie itself */
};

/*
 * One request as the application sees it: the transport's request and the
 * response being built, plus what the application knows or decides about
 * them.  One per worker, set up by gz_worker_begin and gz_app_handle;
 * every handler and app helper takes it as c.
 */
#define GZ_CTX_KEYS 64 /* cache keys one answer may name: GZ_CACHE_KEYS_MAX */

struct gz_ctx {
	struct gz_request *req;   /* the parsed request (transport-neutral) */
	struct gz_response *resp; /* the answer being built */
	struct gz_arena *arena;   /* the request's arena (req->arena) */
	const struct gz_app *app; /* site-wide, read-only configuration */
	struct gz_db *db;         /* this worker's SQLite connection */
	time_t now;               /* request start, one clock per request */

	/* Set by the route guard (src/app/admin/guard.c) for admin routes. */
	const struct gz_user *user;  /* logged-in user (GZ_ROUTE_SESSION), else NULL */
	const char *csrf;            /* CSRF token this session's forms carry, else NULL */
	const struct gz_part *parts; /* multipart body of a GZ_ROUTE_MULTIPART POST, or NULL */
	size_t nparts;               /* number of parts */

	/* What public pages depend on, read once per request (gz_app_state). */
	int state_read;          /* 1 once the three below are set */
	long long state_gen;     /* content generation */
	long long state_changed; /* when it last changed (Unix time) */
	long long state_mark;    /* newest visible publish time */

	/* The reader, each looked at once per request. */
	int personal;            /* 1: a session or commenter cookie came (gz_app_handle) */
	int consent_read;        /* 1 once consent is set (gz_app_consent, on first use) */
	enum gz_consent consent; /* the consent cookie against the current policy */

	/* Set by handlers. */
	long long view_id; /* article whose view was counted, or 0 */
	int no_store;      /* 1: never keep this answer in a cache */

	/* The cache keys this answer was built from (src/app/cache.c). */
	int shared;                    /* 1: gz_app_cache let shared caches keep it */
	const char *keys[GZ_CTX_KEYS]; /* "article:12", "home", ...: in the arena */
	size_t nkeys;                  /* keys in use */
	size_t narticle_keys;          /* of them "article:ID" keys */
	struct gz_memo *memo; /* the worker's memo of article lists (gazette/memo.h), or NULL */
};

struct gz_worker {
	struct gz_app *app;         /* shared configuration */
	struct gz_db *db;           /* this thread's connection */
	struct gz_arena arena;      /* reset after each request */
	struct gz_request req;      /* current request, filled by the transport */
	struct gz_response resp;    /* current response */
	struct gz_ctx ctx;          /* the application's side of the current request */
	struct gz_pagecache *cache; /* rendered public pages, or NULL (pagecache.c) */
	struct gz_memo *memo;       /* related and most-read choices, or NULL (memo.c) */
};

#define GZ_ARENA_CHUNK (64 * 1024)      /* first chunk, kept between requests */
#define GZ_ARENA_CAP (64 * 1024 * 1024) /* per-request hard cap */

/*
 * Open the worker's database connection and arena.  On failure returns
 * non-zero and writes a one-line reason to err.
 */
enum gz_err gz_worker_init(struct gz_worker *w, struct gz_app *app, char *err, size_t errsz);
void gz_worker_free(struct gz_worker *w);

/*
 * Start a request: reset the arena, clear req, resp and ctx, point ctx at
 * them, the arena, the app and the connection, set ctx.now, and start the
 * request's database deadline (app->db_deadline_ms from now; see
 * gz_db_deadline_set; gz_app_handle starts it again once the body has
 * arrived).  The transport then fills req's raw fields.
 */
void gz_worker_begin(struct gz_worker *w);

/*
 * Handle the request in w->req into w->resp: finish parsing (4xx on bad
 * input), route, run the handler with w->ctx, add common headers.  Never
 * fails: any error becomes an error page.  For HEAD the body is produced
 * (so Content-Length is right) and resp.head_only is set.
 */
void gz_app_handle(struct gz_worker *w);

#define GZ_SLOW_MS 1000.0 /* requests slower than this are always logged */

/*
 * One access-log line on stderr for the finished request that took ms:
 * always when app->log_all, else only for a 5xx answer or one slower than
 * GZ_SLOW_MS.
 */
void gz_app_log(const struct gz_worker *w, double ms);

#endif
