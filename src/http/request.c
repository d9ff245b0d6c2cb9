/*
 * Request validation and parsing shared by every transport.  The transport
 * supplies raw bytes; this file decides what is well-formed, so all three
 * transports refuse the same inputs with the same status.  It knows nothing
 * of routes, handlers or the database.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/cookie.h"
#include "gazette/query.h"
#include "gazette/request.h"
#include "gazette/str.h"
#include "gazette/url.h"

static const struct {
	const char *name;
	enum gz_method m;
} methods[] = {
    {"GET", GZ_GET},       {"HEAD", GZ_HEAD},       {"POST", GZ_POST},   {"PUT", GZ_PUT},
    {"DELETE", GZ_DELETE}, {"OPTIONS", GZ_OPTIONS}, {"PATCH", GZ_PATCH},
};

/* Bytes in a Host header: a DNS name (253) and a port. */
#define HOST_MAX 260

/*
 * 1 when h is empty (HTTP/1.0) or host[:port]: host a DNS name or IPv4
 * address (letters, digits, '-' and '.'), or an IPv6 literal in brackets
 * (hex digits, ':' and '.'), port 1 to 5 digits.  Pages without a saved
 * base URL build their absolute links from it, so nothing else (quotes,
 * '<', '/', '@', spaces) may pass into them or into a cache keyed on it.
 */
static int
host_ok(const char *h)
{
	size_t n = strlen(h), i = 0, digits = 0;

	if (n == 0) {
		return 1;
	}
	if (n > HOST_MAX) {
		return 0;
	}
	if (h[0] == '[') {
		for (i = 1; i < n && h[i] != ']'; i++) {
			if (!(gz_str_hexval((unsigned char)h[i]) >= 0 || h[i] == ':' ||
			      h[i] == '.')) {
				return 0;
			}
		}
		if (i == n || i < 3) {
			return 0;
		}
		i++;
	} else {
		for (; i < n && h[i] != ':'; i++) {
			char c = h[i];

			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			      (c >= '0' && c <= '9') || c == '-' || c == '.')) {
				return 0;
			}
		}
		if (i == 0 || h[0] == '.' || h[0] == '-') {
			return 0;
		}
	}
	if (i == n) {
		return 1;
	}
	if (h[i] != ':') {
		return 0;
	}
	for (i++; i < n; i++, digits++) {
		if (h[i] < '0' || h[i] > '9') {
			return 0;
		}
	}
	return digits >= 1 && digits <= 5;
}

enum gz_method
gz_method_parse(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		if (strcmp(name, methods[i].name) == 0) {
			return methods[i].m;
		}
	}
	return GZ_METHOD_OTHER;
}

const char *
gz_method_name(enum gz_method m)
{
	size_t i;

	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		if (methods[i].m == m) {
			return methods[i].name;
		}
	}
	return "";
}

/*
 * A decoded path must not contain "." or ".." segments nor empty segments
 * other than a trailing one: routes never need them and refusing them here
 * means no handler has to think about traversal.
 */
static int
path_ok(const char *p)
{
	const char *seg;
	size_t len;

	if (p[0] != '/') {
		return 0;
	}
	for (seg = p + 1;; seg += len + 1) {
		len = strcspn(seg, "/");
		if ((len == 1 && seg[0] == '.') || (len == 2 && seg[0] == '.' && seg[1] == '.')) {
			return 0;
		}
		if (len == 0 && seg[0] == '/') {
			return 0;
		}
		if (seg[len] == '\0') {
			return 1;
		}
	}
}

enum gz_err
gz_request_finish(struct gz_request *req, int *status)
{
	const char *q, *cookie, *ct;
	char *path;
	size_t tlen, plen;
	enum gz_err rc;

	*status = 400;
	if (req->target == NULL || req->method_name == NULL) {
		return GZ_EINVAL;
	}
	tlen = strlen(req->target);
	if (tlen > GZ_TARGET_MAX) {
		*status = 414;
		return GZ_ETOOBIG;
	}
	if (req->target[0] != '/' || gz_str_has_ctl(req->target, tlen, 0)) {
		return GZ_EINVAL;
	}
	q = strchr(req->target, '?');
	plen = q ? (size_t)(q - req->target) : tlen;
	req->query = q ? q + 1 : "";
	/* '#' never reaches a server; a literal one is a client bug. */
	if (memchr(req->target, '#', tlen) != NULL) {
		return GZ_EINVAL;
	}
	rc = gz_url_decode(req->arena, req->target, plen, 0, &path, &plen);
	if (rc != GZ_OK) {
		return rc == GZ_ENOMEM ? (*status = 500, rc) : GZ_EINVAL;
	}
	if (!path_ok(path)) {
		return GZ_EINVAL;
	}
	req->path = path;
	rc = gz_query_parse(req->arena, req->query, strlen(req->query), GZ_MAX_ARGS, &req->args);
	if (rc != GZ_OK) {
		return rc == GZ_ENOMEM ? (*status = 500, rc) : GZ_EINVAL;
	}
	req->host = gz_request_header(req, "host");
	if (req->host == NULL) {
		req->host = "";
	}
	if (!host_ok(req->host)) {
		return GZ_EINVAL;
	}
	cookie = gz_request_header(req, "cookie");
	if (cookie != NULL) {
		rc = gz_cookie_parse(req->arena, cookie, strlen(cookie), GZ_MAX_COOKIES,
		                     &req->cookies);
		if (rc != GZ_OK) {
			return rc == GZ_ENOMEM ? (*status = 500, rc) : GZ_EINVAL;
		}
	}
	ct = gz_request_header(req, "content-type");
	req->content_type = ct ? ct : "";
	if (req->method == GZ_POST &&
	    gz_str_has_prefix_case(req->content_type, "application/x-www-form-urlencoded")) {
		if (req->body_len > GZ_FORM_MAX) {
			*status = 413;
			return GZ_ETOOBIG;
		}
		rc = gz_query_parse(req->arena, req->body ? req->body : "", req->body_len,
		                    GZ_MAX_FORM_FIELDS, &req->form);
		if (rc != GZ_OK) {
			*status = rc == GZ_ETOOBIG ? 413 : rc == GZ_ENOMEM ? 500 : 400;
			return rc;
		}
	}
	*status = 200;
	return GZ_OK;
}

const char *
gz_request_header(const struct gz_request *req, const char *name)
{
	return gz_kv_get(&req->headers, name);
}

const char *
gz_request_param(const struct gz_request *req, const char *name)
{
	size_t i;

	for (i = 0; i < req->nparams; i++) {
		if (strcmp(req->param_names[i], name) == 0) {
			return req->params[i];
		}
	}
	return NULL;
}

const char *
gz_request_arg(const struct gz_request *req, const char *name)
{
	return gz_kv_get(&req->args, name);
}

const char *
gz_request_field(const struct gz_request *req, const char *name)
{
	return gz_kv_get(&req->form, name);
}

const char *
gz_request_cookie(const struct gz_request *req, const char *name)
{
	return gz_kv_get(&req->cookies, name);
}

const char *
gz_request_forwarded_for(const struct gz_request *req)
{
	struct gz_buf b;
	size_t i, n = 0;

	gz_buf_init(&b, req->arena, GZ_TARGET_MAX);
	for (i = 0; i < req->headers.nitems; i++) {
		if (strcmp(req->headers.items[i].key, "x-forwarded-for") != 0) {
			continue;
		}
		if (n++ > 0) {
			gz_buf_putc(&b, ',');
		}
		gz_buf_append(&b, req->headers.items[i].val, req->headers.items[i].vlen);
	}
	if (n == 0 || gz_buf_err(&b) != GZ_OK) {
		return NULL;
	}
	return gz_buf_str(&b);
}
