/*
 * Fuzz gz_request_finish, the transport-neutral request parser: the raw
 * method, target, headers and body a transport hands over, in; the parsed
 * path, query arguments, cookies and form, or a refusal status, out.
 *
 * Input: byte 0 picks the method (bits 0-2: GET HEAD POST PUT DELETE
 * OPTIONS PATCH, or "get", which is no method), a small arena (bit 3, so
 * running out of memory is reached), a target padded with 'a' to around
 * GZ_TARGET_MAX (bit 4), an added urlencoded Content-Type (bit 5) and a
 * body padded with 'a' to around GZ_FORM_MAX (bit 6); byte 1 moves the
 * padded lengths across those limits.  Then, split at NUL bytes: the
 * target, header name / value pairs (names lowercased, as transports
 * deliver them) up to an empty name, and after it the body, which may hold
 * NUL and is not NUL-terminated (its own allocation, so ASan sees an
 * over-read).
 *
 * Checks (check_request.h): on GZ_OK the path is the exact percent-decoding
 * of the target's path, so NUL-free and valid UTF-8, starts with '/' and
 * has no dot or empty segments; arguments, cookies and form fields are
 * valid UTF-8 within GZ_MAX_ARGS, GZ_MAX_COOKIES and GZ_MAX_FORM_FIELDS,
 * cookie names are tokens; a form is parsed only for a urlencoded POST
 * within GZ_FORM_MAX.  On failure the status is 400, 413 (a form body
 * only) or 414 (exactly when the target is over GZ_TARGET_MAX), and 500
 * only for GZ_ENOMEM in the small arena.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/request.h"

#include "check_request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_HEADERS 16 /* header pairs taken from one input */

static const char *const methods[8] = {"GET",    "HEAD",    "POST",  "PUT",
                                       "DELETE", "OPTIONS", "PATCH", "get"};

/* The next NUL-terminated field of in (n bytes left at *pos), or NULL at the end. */
static const char *
next_field(const char *in, size_t n, size_t *pos)
{
	const char *f, *nul;

	if (*pos >= n) {
		return NULL;
	}
	f = in + *pos;
	nul = memchr(f, '\0', n - *pos);
	*pos = nul != NULL ? (size_t)(nul - in) + 1 : n;
	return f;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gz_arena a;
	struct gz_request req;
	struct gz_kv items[MAX_HEADERS + 1];
	char *in = NULL, *target = NULL, *body = NULL;
	const char *f, *name;
	size_t n, pos = 0, tlen, blen = 0, i, k;
	unsigned flags, tune;
	int status = 0, has_body = 0;
	enum gz_err rc;

	if (size < 2) {
		return 0;
	}
	flags = data[0];
	tune = data[1];
	n = size - 2;
	/* A NUL-terminated copy, so the last field is a C string too. */
	if ((in = malloc(n + 1)) == NULL) {
		return 0;
	}
	memcpy(in, data + 2, n);
	in[n] = '\0';
	gz_arena_init(&a, 4096, (flags & 8) ? 4096 : 4 * 1024 * 1024);
	memset(&req, 0, sizeof(req));
	req.arena = &a;
	req.method_name = methods[flags & 7];
	req.method = gz_method_parse(req.method_name);
	req.remote_addr = "127.0.0.1";

	f = next_field(in, n, &pos);
	tlen = f != NULL ? strlen(f) : 0;
	if (flags & 16) {
		/* GZ_TARGET_MAX - 8 .. + 7: the 414 boundary both ways. */
		size_t want = GZ_TARGET_MAX - 8 + (tune & 15);

		if (want > tlen) {
			tlen = want;
		}
	}
	if ((target = malloc(tlen + 1)) == NULL) {
		goto out;
	}
	memset(target, 'a', tlen);
	if (f != NULL) {
		memcpy(target, f, strlen(f));
	}
	target[tlen] = '\0';
	req.target = target;

	k = 0;
	if (flags & 32) {
		items[k].key = "content-type";
		items[k].val = "application/x-www-form-urlencoded; charset=UTF-8";
		items[k].vlen = strlen(items[k].val);
		k++;
	}
	while ((name = next_field(in, n, &pos)) != NULL) {
		char *key;

		if (name[0] == '\0') {
			/* An empty name ends the headers; the body is what is left. */
			has_body = 1;
			break;
		}
		f = next_field(in, n, &pos);
		if (k == MAX_HEADERS) {
			continue;
		}
		if ((key = gz_arena_strdup(&a, name)) == NULL) {
			goto out;
		}
		for (i = 0; key[i] != '\0'; i++) {
			key[i] = (char)((key[i] >= 'A' && key[i] <= 'Z') ? key[i] + 32 : key[i]);
		}
		items[k].key = key;
		items[k].val = f != NULL ? f : "";
		items[k].vlen = strlen(items[k].val);
		k++;
	}
	req.headers.items = k > 0 ? items : NULL;
	req.headers.nitems = k;

	if (has_body || (flags & 64)) {
		blen = n - pos;
		if (flags & 64) {
			/* GZ_FORM_MAX - 8 .. + 7: the 413 boundary both ways. */
			size_t want = GZ_FORM_MAX - 8 + (tune >> 4);

			if (want > blen) {
				blen = want;
			}
		}
		if ((body = malloc(blen ? blen : 1)) == NULL) {
			goto out;
		}
		/* One long field, so the byte limit is what is reached. */
		memset(body, 'a', blen);
		memcpy(body, in + pos, n - pos);
		req.body = body;
		req.body_len = blen;
	}

	rc = gz_request_finish(&req, &status);
	check_finished(&req, rc, status, (flags & 8) != 0);
	if (rc == GZ_OK) {
		/* The lookups handlers use must agree with the lists. */
		if ((req.args.nitems > 0 &&
		     gz_request_arg(&req, req.args.items[0].key) != req.args.items[0].val) ||
		    (req.cookies.nitems > 0 && gz_request_cookie(&req, req.cookies.items[0].key) !=
		                                   req.cookies.items[0].val) ||
		    (req.form.nitems > 0 &&
		     gz_request_field(&req, req.form.items[0].key) != req.form.items[0].val)) {
			abort();
		}
	}
out:
	gz_arena_free(&a);
	free(body);
	free(target);
	free(in);
	return 0;
}
