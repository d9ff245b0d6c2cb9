/*
 * The route table: one static array of method mask + pattern -> handler,
 * with flags that carry policy (CSRF, role) so a test can walk the table and
 * prove every state-changing route is guarded.
 */
#ifndef GAZETTE_ROUTER_H
#define GAZETTE_ROUTER_H

#include <stddef.h>

#include "gazette/request.h"
#include "gazette/response.h"

struct gz_ctx;

/* A handler fills c->resp for c->req; it never fails: errors become error pages. */
typedef void gz_handler_fn(struct gz_ctx *c);

enum gz_route_flag {
	GZ_ROUTE_PUBLIC = 1 << 0,    /* reader page: cacheable for anonymous readers */
	GZ_ROUTE_CSRF = 1 << 1,      /* state-changing form: token checked before the handler */
	GZ_ROUTE_SESSION = 1 << 2,   /* needs a logged-in user */
	GZ_ROUTE_EDITOR = 1 << 3,    /* needs role editor or admin */
	GZ_ROUTE_ADMIN = 1 << 4,     /* needs role admin */
	GZ_ROUTE_MULTIPART = 1 << 5, /* accepts multipart/form-data up to GZ_UPLOAD_MAX */
	GZ_ROUTE_FORMTOKEN = 1 << 6, /* public form with its own signed token (comments, consent) */
};

struct gz_route {
	unsigned methods;    /* GZ_GET | GZ_POST ...; GET implies HEAD */
	const char *pattern; /* "/article/{slug}/comments", "/{year:int}/{month:int}" */
	gz_handler_fn *fn;   /* the handler */
	unsigned flags;      /* GZ_ROUTE_* */
};

/* The table and its length, for the dispatcher and for tests. */
extern const struct gz_route gz_routes[];
extern const size_t gz_nroutes;

/*
 * Match path against pattern, filling req->params for placeholder segments:
 * {name} matches one non-empty segment, {name:int} one of ASCII digits
 * only (its parameter is called name).  Returns 1 on a match.
 */
int gz_route_match(const char *pattern, const char *path, struct gz_request *req);

/*
 * Find the route for req->method and req->path.  Returns it, or NULL with
 * *allow set to the methods the path does accept (0: no route at all, so
 * 404; otherwise 405 with that Allow).
 */
const struct gz_route *gz_route_find(struct gz_request *req, unsigned *allow);

#endif
