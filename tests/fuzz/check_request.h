/*
 * The contract of gz_request_finish, checked from outside for the fuzz
 * targets that end in it (fuzz_request, fuzz_cgivars).  Every check is
 * re-derived from the raw fields with code of its own (a percent-decoder,
 * a dot-segment walk, a token test) rather than by calling the parsers
 * under test, so a parser that accepts what it should refuse, or returns
 * something other than what the raw bytes say, aborts the run.
 *
 * It does not check what the transports did before (their own targets do)
 * nor the routing that comes after.
 */
#ifndef GAZETTE_FUZZ_CHECK_REQUEST_H
#define GAZETTE_FUZZ_CHECK_REQUEST_H

#include <stdlib.h>
#include <string.h>

#include "gazette/kv.h"
#include "gazette/request.h"
#include "gazette/str.h"
#include "gazette/utf8.h"

/* 0..15 for a hex digit of either case, else -1. */
static int
check_hex(unsigned char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}

/*
 * Percent-decode the n bytes at s into out (room for n + 1) as the request
 * path is decoded: '+' stays '+'.  Returns the length, or (size_t)-1 when
 * an escape is short or not hex, or the result holds a NUL or is not
 * valid UTF-8: the cases gz_request_finish must refuse with 400.
 */
static size_t
check_decode_path(const char *s, size_t n, char *out)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if (s[i] != '%') {
			out[o++] = s[i];
			continue;
		}
		if (i + 2 >= n) {
			return (size_t)-1;
		}
		if (check_hex((unsigned char)s[i + 1]) < 0 ||
		    check_hex((unsigned char)s[i + 2]) < 0) {
			return (size_t)-1;
		}
		out[o++] = (char)(check_hex((unsigned char)s[i + 1]) * 16 +
		                  check_hex((unsigned char)s[i + 2]));
		i += 2;
	}
	out[o] = '\0';
	if (memchr(out, '\0', o) != NULL || !gz_utf8_valid(out, o)) {
		return (size_t)-1;
	}
	return o;
}

/*
 * 1 when the decoded path p has the shape routes may assume: starts with
 * '/', and no segment is "." or ".." or empty (a trailing '/' excepted).
 */
static int
check_path_shape(const char *p)
{
	const char *seg, *end;

	if (p[0] != '/') {
		return 0;
	}
	for (seg = p + 1;; seg = end + 1) {
		end = strchr(seg, '/');
		if (end == NULL) {
			end = seg + strlen(seg);
		}
		if ((end - seg == 1 && seg[0] == '.') ||
		    (end - seg == 2 && seg[0] == '.' && seg[1] == '.')) {
			return 0;
		}
		if (end == seg && *end == '/') {
			return 0;
		}
		if (*end == '\0') {
			return 1;
		}
	}
}

/* 1 when the n bytes at s are an RFC 9110 token (a cookie name). */
static int
check_token(const char *s, size_t n)
{
	size_t i;

	if (n == 0) {
		return 0;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL))) {
			return 0;
		}
	}
	return 1;
}

/*
 * A parsed list keeps the kv contract: at most max items, every key and
 * value valid UTF-8 and NUL-free (vlen == strlen(val)); cookie lists also
 * have token names and no control bytes in values.
 */
static void
check_kvlist(const struct gz_kvlist *l, size_t max, int cookie)
{
	size_t i, klen;

	if (l->nitems > max || (l->nitems > 0 && l->items == NULL)) {
		abort();
	}
	for (i = 0; i < l->nitems; i++) {
		const struct gz_kv *kv = &l->items[i];

		if (kv->key == NULL || kv->val == NULL) {
			abort();
		}
		klen = strlen(kv->key);
		if (strlen(kv->val) != kv->vlen || !gz_utf8_valid(kv->key, klen) ||
		    !gz_utf8_valid(kv->val, kv->vlen)) {
			abort();
		}
		if (cookie &&
		    (!check_token(kv->key, klen) || gz_str_has_ctl(kv->val, kv->vlen, 0))) {
			abort();
		}
	}
}

/* The header named name (lowercase) in req's raw list, or NULL. */
static const char *
check_header(const struct gz_request *req, const char *name)
{
	size_t i;

	for (i = 0; i < req->headers.nitems; i++) {
		if (strcmp(req->headers.items[i].key, name) == 0) {
			return req->headers.items[i].val;
		}
	}
	return NULL;
}

/*
 * Check gz_request_finish's answer rc / status for req, whose raw fields
 * the caller set.  nomem_ok: the arena was made small, so GZ_ENOMEM (500)
 * is a legitimate answer; otherwise it is a failure of the parser.
 */
static void
check_finished(const struct gz_request *req, enum gz_err rc, int status, int nomem_ok)
{
	const char *t = req->target, *q, *ct, *cookie;
	size_t tlen, plen, dlen;
	char *dec;
	int form;

	ct = check_header(req, "content-type");
	form = req->method == GZ_POST && ct != NULL &&
	       gz_str_has_prefix_case(ct, "application/x-www-form-urlencoded");
	if (rc != GZ_OK) {
		/* 4xx for what the client sent; 500 only when memory ran out. */
		if (!((rc == GZ_EINVAL && status == 400) ||
		      (rc == GZ_ETOOBIG && (status == 413 || status == 414)) ||
		      (rc == GZ_ENOMEM && status == 500 && nomem_ok))) {
			abort();
		}
		if ((status == 414) != (t != NULL && strlen(t) > GZ_TARGET_MAX)) {
			abort();
		}
		if (status == 413 && !form) {
			abort();
		}
		return;
	}
	if (status != 200 || t == NULL || req->method_name == NULL) {
		abort();
	}
	/* Everything the parser had to refuse, derived from the raw target. */
	tlen = strlen(t);
	if (tlen > GZ_TARGET_MAX || t[0] != '/' || gz_str_has_ctl(t, tlen, 0) ||
	    memchr(t, '#', tlen) != NULL) {
		abort();
	}
	q = strchr(t, '?');
	plen = q != NULL ? (size_t)(q - t) : tlen;
	if (strcmp(req->query, q != NULL ? q + 1 : "") != 0) {
		abort();
	}
	if ((dec = malloc(plen + 1)) == NULL) {
		return;
	}
	dlen = check_decode_path(t, plen, dec);
	/* The path is exactly the decoded target path: so NUL-free and UTF-8. */
	if (dlen == (size_t)-1 || req->path == NULL || strlen(req->path) != dlen ||
	    memcmp(req->path, dec, dlen) != 0 || !check_path_shape(req->path)) {
		abort();
	}
	free(dec);
	check_kvlist(&req->args, GZ_MAX_ARGS, 0);
	cookie = check_header(req, "cookie");
	if (cookie == NULL && req->cookies.nitems != 0) {
		abort();
	}
	check_kvlist(&req->cookies, GZ_MAX_COOKIES, 1);
	if (!form && req->form.nitems != 0) {
		abort();
	}
	if (form && req->body_len > GZ_FORM_MAX) {
		abort();
	}
	check_kvlist(&req->form, GZ_MAX_FORM_FIELDS, 0);
	if (req->host == NULL || req->content_type == NULL ||
	    strcmp(req->host, check_header(req, "host") ? check_header(req, "host") : "") != 0 ||
	    strcmp(req->content_type, ct ? ct : "") != 0) {
		abort();
	}
}

#endif
