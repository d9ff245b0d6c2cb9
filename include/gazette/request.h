/*
 * The transport-neutral request.  A transport fills the raw fields (method,
 * target, headers, body, peer) in the worker's arena and calls
 * gz_request_finish(), which validates and parses everything else; handlers
 * read the parsed fields and never learn which transport sits below.
 *
 * It holds only what HTTP says and the router's match.  What the
 * application keeps about a request (its database, clock, user, caching
 * state) is in struct gz_ctx (gazette/app.h), which points here.
 */
#ifndef GAZETTE_REQUEST_H
#define GAZETTE_REQUEST_H

#include <stddef.h>

#include "gazette/err.h"
#include "gazette/kv.h"

struct gz_arena;

/* Methods as bits so a route's allowed set is one mask. */
enum gz_method {
	GZ_METHOD_OTHER = 0,
	GZ_GET = 1 << 0,
	GZ_HEAD = 1 << 1,
	GZ_POST = 1 << 2,
	GZ_PUT = 1 << 3,
	GZ_DELETE = 1 << 4,
	GZ_OPTIONS = 1 << 5,
	GZ_PATCH = 1 << 6,
};

#define GZ_MAX_PARAMS 4                  /* {params} in one route pattern */
#define GZ_MAX_HEADERS_IN 100            /* request headers kept */
#define GZ_MAX_ARGS 64                   /* query-string pairs */
#define GZ_MAX_FORM_FIELDS 256           /* urlencoded body pairs */
#define GZ_MAX_COOKIES 50                /* cookies in the Cookie header */
#define GZ_FORM_MAX (64 * 1024)          /* urlencoded body bytes */
#define GZ_UPLOAD_MAX (16 * 1024 * 1024) /* multipart body bytes */
#define GZ_TARGET_MAX 8192               /* request-target bytes */

struct gz_request {
	struct gz_arena *arena; /* everything below lives here */

	/* Raw fields, set by the transport. */
	enum gz_method method;    /* parsed method, GZ_METHOD_OTHER if unknown */
	const char *method_name;  /* as received, "GET" */
	const char *target;       /* request-target as received, "/a%20b?x=1" */
	struct gz_kvlist headers; /* names lowercased, in order */
	const char *body;         /* request body or NULL; not NUL-terminated */
	size_t body_len;          /* bytes in body */
	const char *remote_addr;  /* peer address text, "127.0.0.1" */
	int https;                /* came over TLS (FastCGI HTTPS=on) */

	/* Parsed by gz_request_finish. */
	const char *path;         /* percent-decoded path, valid UTF-8, no NUL */
	const char *query;        /* raw query string after '?', "" if none */
	struct gz_kvlist args;    /* decoded query arguments */
	struct gz_kvlist cookies; /* from the Cookie header */
	struct gz_kvlist form;    /* decoded urlencoded POST body */
	const char *host;         /* Host header, or "" */
	const char *content_type; /* Content-Type header, or "" */

	/* Set by the router. */
	const char *param_names[GZ_MAX_PARAMS]; /* {name} in pattern order */
	const char *params[GZ_MAX_PARAMS];      /* matched, decoded segments */
	size_t nparams;                         /* number of params */
	unsigned route_flags;                   /* GZ_ROUTE_* of the match */
};

/*
 * Every X-Forwarded-For header of req joined with "," in their order (a
 * proxy may add its own line rather than extend the client's), in the
 * request arena; NULL when there is none or out of memory.  Read from the
 * raw headers, so it works before gz_request_finish.
 */
const char *gz_request_forwarded_for(const struct gz_request *req);

/* Method enum for a method name (case-sensitive, as HTTP is). */
enum gz_method gz_method_parse(const char *name);

/* Canonical name of a method bit, "GET"; "" for GZ_METHOD_OTHER. */
const char *gz_method_name(enum gz_method m);

/*
 * Validate and parse the raw fields: target length and shape (origin-form,
 * starting with '/'), path decoding (no NUL, valid UTF-8, no "." or ".."
 * segments after decoding), query arguments, cookies, and for POST with
 * application/x-www-form-urlencoded the body (bounded by GZ_FORM_MAX).
 * Returns GZ_OK, GZ_EINVAL (answer 400), GZ_ETOOBIG (413 for bodies,
 * 414/400 for targets; *status tells which) or GZ_ENOMEM (500).
 */
enum gz_err gz_request_finish(struct gz_request *req, int *status);

/* Header value by lowercase name, or NULL. */
const char *gz_request_header(const struct gz_request *req, const char *name);

/* Router parameter by name, or NULL. */
const char *gz_request_param(const struct gz_request *req, const char *name);

/* Query argument by name, or NULL. */
const char *gz_request_arg(const struct gz_request *req, const char *name);

/* Form field by name, or NULL. */
const char *gz_request_field(const struct gz_request *req, const char *name);

/* Cookie by name, or NULL. */
const char *gz_request_cookie(const struct gz_request *req, const char *name);

#endif
