/*
 * The transport-neutral response.  Handlers set a status, headers and a
 * body; the transport writes them out.  Header setters refuse CR, LF and
 * NUL so no value from a request can split a response.
 */
#ifndef GAZETTE_RESPONSE_H
#define GAZETTE_RESPONSE_H

#include <stddef.h>

#include "gazette/buf.h"
#include "gazette/err.h"

struct gz_arena;
struct gz_cookie;

#define GZ_MAX_HEADERS_OUT 32 /* response headers a handler may set */

struct gz_header {
	const char *name;  /* "Content-Type"; in the arena or static */
	const char *value; /* checked: no CR, LF or NUL */
};

struct gz_response {
	struct gz_arena *arena;                       /* request arena, for header copies */
	int status;                                   /* HTTP status, 200 by default */
	struct gz_header headers[GZ_MAX_HEADERS_OUT]; /* in order */
	size_t nheaders;                              /* number of headers */
	struct gz_buf body;                           /* the body bytes */
	int head_only;                                /* HEAD: transports send headers only */
};

/* Reset resp for a new request: status 200, no headers, empty body. */
void gz_response_init(struct gz_response *resp, struct gz_arena *arena);

/*
 * Add a header (copied into the arena).  GZ_EINVAL when name is not an
 * HTTP token or value holds CR, LF or NUL; GZ_ETOOBIG when full.
 */
enum gz_err gz_response_header(struct gz_response *resp, const char *name, const char *value);

/* Replace the first header called name (case-insensitive), or add it. */
enum gz_err gz_response_set_header(struct gz_response *resp, const char *name, const char *value);

/* The first header called name, or NULL. */
const char *gz_response_get_header(const struct gz_response *resp, const char *name);

/* Add a Set-Cookie header built by gz_cookie_format. */
enum gz_err gz_response_cookie(struct gz_response *resp, const struct gz_cookie *c);

/*
 * Redirect (301, 302, 303, 307, 308) to a same-site path.  location must
 * start with a single '/' (not "//" nor "/\"); anything else is refused with
 * GZ_EINVAL and the response is left unchanged.
 */
enum gz_err gz_response_redirect(struct gz_response *resp, int status, const char *location);

/* True when path is a safe same-site redirect target. */
int gz_redirect_target_ok(const char *path);

/*
 * Replace the response with a short error page for status (400, 403, 404,
 * 405, 413, 414, 500, 503 ...).  For 405 pass the allowed methods mask in
 * allow (it becomes the Allow header); otherwise 0.  The page holds no text
 * from the request.
 */
void gz_response_error(struct gz_response *resp, int status, unsigned allow);

/* Reason phrase for status, "Not Found". */
const char *gz_status_text(int status);

#endif
