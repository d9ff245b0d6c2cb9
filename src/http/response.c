/*
 * Building a response: status, checked headers, cookies, same-site
 * redirects and the plain error pages.  The error pages are fixed text with
 * no request data in them, so they need no escaping; the themed pages the
 * application renders for 404 and friends replace them when it can.
 */
#include <string.h>
#include <strings.h>

#include "gazette/arena.h"
#include "gazette/cookie.h"
#include "gazette/request.h"
#include "gazette/response.h"

#define BODY_MAX (64 * 1024 * 1024)

void
gz_response_init(struct gz_response *resp, struct gz_arena *arena)
{
	resp->arena = arena;
	resp->status = 200;
	resp->nheaders = 0;
	resp->head_only = 0;
	/* The arena was just reset: the old body block is gone with it. */
	gz_buf_init(&resp->body, arena, BODY_MAX);
}

/* RFC 9110 token characters. */
static int
is_token(const char *s)
{
	if (*s == '\0') {
		return 0;
	}
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      strchr("!#$%&'*+-.^_`|~", c) != NULL)) {
			return 0;
		}
	}
	return 1;
}

static int
value_ok(const char *v)
{
	return strpbrk(v, "\r\n") == NULL;
}

enum gz_err
gz_response_header(struct gz_response *resp, const char *name, const char *value)
{
	struct gz_header *h;

	if (!is_token(name) || !value_ok(value)) {
		return GZ_EINVAL;
	}
	if (resp->nheaders == GZ_MAX_HEADERS_OUT) {
		return GZ_ETOOBIG;
	}
	h = &resp->headers[resp->nheaders];
	h->name = gz_arena_strdup(resp->arena, name);
	h->value = gz_arena_strdup(resp->arena, value);
	if (h->name == NULL || h->value == NULL) {
		return GZ_ENOMEM;
	}
	resp->nheaders++;
	return GZ_OK;
}

enum gz_err
gz_response_set_header(struct gz_response *resp, const char *name, const char *value)
{
	size_t i;
	char *v;

	for (i = 0; i < resp->nheaders; i++) {
		if (strcasecmp(resp->headers[i].name, name) == 0) {
			if (!value_ok(value)) {
				return GZ_EINVAL;
			}
			if ((v = gz_arena_strdup(resp->arena, value)) == NULL) {
				return GZ_ENOMEM;
			}
			resp->headers[i].value = v;
			return GZ_OK;
		}
	}
	return gz_response_header(resp, name, value);
}

const char *
gz_response_get_header(const struct gz_response *resp, const char *name)
{
	size_t i;

	for (i = 0; i < resp->nheaders; i++) {
		if (strcasecmp(resp->headers[i].name, name) == 0) {
			return resp->headers[i].value;
		}
	}
	return NULL;
}

enum gz_err
gz_response_cookie(struct gz_response *resp, const struct gz_cookie *c)
{
	struct gz_buf b;
	enum gz_err rc;

	gz_buf_init(&b, resp->arena, 4096);
	if ((rc = gz_cookie_format(&b, c)) != GZ_OK) {
		return rc;
	}
	if ((rc = gz_buf_err(&b)) != GZ_OK) {
		return rc;
	}
	return gz_response_header(resp, "Set-Cookie", gz_buf_str(&b));
}

int
gz_redirect_target_ok(const char *path)
{
	const char *p;

	if (path == NULL || path[0] != '/' || path[1] == '/' || path[1] == '\\') {
		return 0;
	}
	/* Browsers drop tabs and newlines and treat '\' as '/'. */
	for (p = path; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\') {
			return 0;
		}
	}
	return 1;
}

enum gz_err
gz_response_redirect(struct gz_response *resp, int status, const char *location)
{
	enum gz_err rc;

	if (!(status == 301 || status == 302 || status == 303 || status == 307 || status == 308) ||
	    !gz_redirect_target_ok(location)) {
		return GZ_EINVAL;
	}
	if ((rc = gz_response_set_header(resp, "Location", location)) != GZ_OK) {
		return rc;
	}
	resp->status = status;
	gz_buf_reset(&resp->body);
	return GZ_OK;
}

const char *
gz_status_text(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 201:
		return "Created";
	case 204:
		return "No Content";
	case 301:
		return "Moved Permanently";
	case 302:
		return "Found";
	case 303:
		return "See Other";
	case 304:
		return "Not Modified";
	case 307:
		return "Temporary Redirect";
	case 308:
		return "Permanent Redirect";
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 409:
		return "Conflict";
	case 410:
		return "Gone";
	case 413:
		return "Content Too Large";
	case 414:
		return "URI Too Long";
	case 415:
		return "Unsupported Media Type";
	case 429:
		return "Too Many Requests";
	case 431:
		return "Request Header Fields Too Large";
	case 500:
		return "Internal Server Error";
	case 502:
		return "Bad Gateway";
	case 503:
		return "Service Unavailable";
	}
	return "Unknown";
}

static const char *
error_explain(int status)
{
	switch (status) {
	case 400:
		return "The request could not be understood.";
	case 403:
		return "You are not allowed to do that.";
	case 404:
		return "There is nothing at this address.";
	case 405:
		return "This address does not accept that method.";
	case 410:
		return "What was at this address has been removed.";
	case 413:
		return "The request body is larger than this site accepts.";
	case 414:
		return "The address is longer than this site accepts.";
	case 429:
		return "Too many requests; please wait a moment and try again.";
	case 503:
		return "The site is busy; please try again in a moment.";
	}
	return "Something went wrong on our side.";
}

void
gz_response_error(struct gz_response *resp, int status, unsigned allow)
{
	static const unsigned order[] = {GZ_GET,    GZ_HEAD,    GZ_POST, GZ_PUT,
	                                 GZ_DELETE, GZ_OPTIONS, GZ_PATCH};
	char allowed[64] = "";
	size_t i;

	resp->status = status;
	resp->nheaders = 0;
	gz_buf_reset(&resp->body);
	gz_response_header(resp, "Content-Type", "text/html; charset=utf-8");
	gz_response_header(resp, "Cache-Control", "no-store");
	if (status == 405) {
		for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
			if (allow & order[i]) {
				if (allowed[0]) {
					strcat(allowed, ", ");
				}
				strcat(allowed, gz_method_name(order[i]));
			}
		}
		gz_response_header(resp, "Allow", allowed);
	}
	gz_buf_printf(&resp->body,
	              "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	              "<title>%d %s</title></head>\n<body><main><h1>%d %s</h1><p>%s</p>"
	              "<p><a href=\"/\">Home</a></p></main></body></html>\n",
	              status, gz_status_text(status), status, gz_status_text(status),
	              error_explain(status));
}
