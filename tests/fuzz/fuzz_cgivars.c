/*
 * Fuzz the CGI meta-variable mapping FastCGI and CGI share
 * (gz_transport_cgi_request in src/transport/cgivars.c), then
 * gz_request_finish on what it produced.
 *
 * Input: byte 0 picks a small arena (bit 0, so running out of memory is
 * reached) and whether the body stream ends with an error rather than EOF
 * (bit 1); byte 1 + 1 is the most bytes one read hands out.  Then, split
 * at NUL bytes, the environment strings ("NAME=value", up to MAX_ENV) up
 * to an empty one, and after it the body stream.
 *
 * Checks, against a model of the mapping written here: the refusal status
 * is the one the variables call for (400 for a missing method, more than
 * GZ_MAX_HEADERS_IN HTTP_ variables, CR or LF in a header value, a
 * Content-Length that is not 1-18 digits, or a body shorter than it says;
 * 413 over the body limit for the Content-Type; 500 only in the small
 * arena); no more body is read than Content-Length; an accepted request
 * has the method, target (REQUEST_URI, else SCRIPT_NAME + PATH_INFO + "?"
 * + QUERY_STRING, else "/"), address, HTTPS flag and body the variables
 * give, and exactly the headers they give, in order, each name non-empty,
 * an RFC 9110 token, lowercase and without '_'.  Where a variable appears
 * twice the last one counts, as in the mapping.  Then gz_request_finish's
 * contract holds (check_request.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../src/transport/internal.h"
#include "gazette/app.h"

#include "check_request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ENV 256 /* environment strings taken from one input */

/* The body stream: the input's tail, handed out in bounded reads. */
struct stream {
	const char *data; /* bytes to hand out */
	size_t len;       /* their number */
	size_t pos;       /* handed out so far */
	size_t chunk;     /* most bytes per read */
	int fail_at_end;  /* return -1 instead of 0 once drained */
};

static ssize_t
stream_read(void *ctx, char *buf, size_t n)
{
	struct stream *s = ctx;
	size_t k = s->len - s->pos;

	if (k == 0) {
		return s->fail_at_end ? -1 : 0;
	}
	if (k > n) {
		k = n;
	}
	if (k > s->chunk) {
		k = s->chunk;
	}
	memcpy(buf, s->data + s->pos, k);
	s->pos += k;
	return (ssize_t)k;
}

/* The value of the last "name=..." in env, or NULL. */
static const char *
last_var(char **env, const char *name)
{
	size_t n = strlen(name);
	const char *v = NULL;
	char **e;

	for (e = env; *e != NULL; e++) {
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=') {
			v = *e + n + 1;
		}
	}
	return v;
}

/*
 * The header env string e stands for: its name (after HTTP_, or the whole
 * CONTENT_TYPE / CONTENT_LENGTH) in *name, *nlen, its value returned; NULL
 * when e is no header (not one of those, an empty CONTENT_*, or a name
 * that is empty or no RFC 9110 token).
 */
static const char *
header_of(const char *e, const char **name, size_t *nlen)
{
	const char *eq = strchr(e, '=');

	if (eq == NULL) {
		return NULL;
	}
	if (strncmp(e, "HTTP_", 5) == 0) {
		*name = e + 5;
	} else if ((strncmp(e, "CONTENT_TYPE=", 13) == 0 ||
	            strncmp(e, "CONTENT_LENGTH=", 15) == 0) &&
	           eq[1] != '\0') {
		*name = e;
	} else {
		return NULL;
	}
	*nlen = (size_t)(eq - *name);
	/* A name that is no token is dropped: no header. */
	return *nlen > 0 && check_token(*name, *nlen) ? eq + 1 : NULL;
}

/*
 * The status the mapping must answer for env and a body stream of blen
 * bytes: 0, 400 or 413 (500 is never called for).  *len gets the body
 * length when 0 is due.
 */
static int
expected_status(char **env, size_t blen, size_t *len)
{
	const char *method = last_var(env, "REQUEST_METHOD"), *cl, *ct, *name, *v;
	size_t nhttp = 0, nlen, i, limit;
	char **e;

	*len = 0;
	if (method == NULL || method[0] == '\0') {
		return 400;
	}
	for (e = env; *e != NULL; e++) {
		nhttp += strncmp(*e, "HTTP_", 5) == 0;
		if ((v = header_of(*e, &name, &nlen)) != NULL && strpbrk(v, "\r\n") != NULL) {
			return 400;
		}
	}
	if (nhttp > GZ_MAX_HEADERS_IN) {
		return 400;
	}
	cl = last_var(env, "CONTENT_LENGTH");
	if (cl == NULL || cl[0] == '\0') {
		return 0;
	}
	for (i = 0; cl[i] != '\0'; i++) {
		if (cl[i] < '0' || cl[i] > '9' || i >= 18) {
			return 400;
		}
		*len = *len * 10 + (size_t)(cl[i] - '0');
	}
	ct = last_var(env, "CONTENT_TYPE");
	limit = GZ_FORM_MAX;
	if (ct != NULL) {
		ct += strspn(ct, " \t");
		if (strncasecmp(ct, "multipart/form-data", 19) == 0) {
			limit = GZ_UPLOAD_MAX;
		}
	}
	if (*len > limit) {
		return 413;
	}
	return *len > blen ? 400 : 0;
}

/* The target the mapping must build from env, in a malloc'd string. */
static char *
expected_target(char **env)
{
	const char *uri = last_var(env, "REQUEST_URI"), *s, *p, *q;
	size_t n;
	char *t;

	if (uri != NULL && uri[0] != '\0') {
		return strdup(uri);
	}
	s = last_var(env, "SCRIPT_NAME");
	p = last_var(env, "PATH_INFO");
	q = last_var(env, "QUERY_STRING");
	s = s ? s : "";
	p = p ? p : "";
	q = q ? q : "";
	n = strlen(s) + strlen(p) + 1 + strlen(q);
	if ((t = malloc(n + 2)) == NULL) {
		return NULL;
	}
	strcpy(t, s);
	strcat(t, p);
	if (q[0] != '\0') {
		strcat(t, "?");
		strcat(t, q);
	}
	if (t[0] == '\0') {
		strcpy(t, "/");
	}
	return t;
}

/* The mapped headers are exactly env's, in order, with well-formed names. */
static void
check_headers(char **env, const struct gz_request *req)
{
	const char *name, *v;
	size_t nlen, k = 0, i;
	char **e;

	for (e = env; *e != NULL; e++) {
		const struct gz_kv *kv;

		if ((v = header_of(*e, &name, &nlen)) == NULL) {
			continue;
		}
		if (k >= req->headers.nitems) {
			abort();
		}
		kv = &req->headers.items[k++];
		if (strlen(kv->key) != nlen || kv->val != v || kv->vlen != strlen(v) ||
		    !check_token(kv->key, nlen) || strchr(kv->key, '_') != NULL) {
			abort();
		}
		for (i = 0; i < nlen; i++) {
			unsigned char c = (unsigned char)name[i];
			unsigned char want = c == '_' ? '-' : (c >= 'A' && c <= 'Z') ? c + 32 : c;

			if ((unsigned char)kv->key[i] != want) {
				abort();
			}
		}
	}
	if (k != req->headers.nitems) {
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gz_worker w;
	struct stream s;
	char *env[MAX_ENV + 1], *in, *target = NULL, *p, *end;
	const char *https, *addr;
	size_t n, nenv = 0, len;
	int small, got, want, status = 0;
	enum gz_err rc;

	if (size < 2) {
		return 0;
	}
	small = data[0] & 1;
	n = size - 2;
	if ((in = malloc(n + 1)) == NULL) {
		return 0;
	}
	memcpy(in, data + 2, n);
	in[n] = '\0';
	for (p = in, end = in + n; p < end && nenv < MAX_ENV; p += strlen(p) + 1) {
		if (*p == '\0') {
			/* An empty string ends the environment: the body follows. */
			p++;
			break;
		}
		env[nenv++] = p;
	}
	env[nenv] = NULL;
	s.data = p < end ? p : end;
	s.len = p < end ? (size_t)(end - p) : 0;
	s.pos = 0;
	s.chunk = (size_t)data[1] + 1;
	s.fail_at_end = (data[0] & 2) != 0;

	memset(&w, 0, sizeof(w));
	gz_arena_init(&w.arena, 4096, small ? 8192 : GZ_ARENA_CAP);
	gz_worker_begin(&w);
	got = gz_transport_cgi_request(&w, env, stream_read, &s);
	want = expected_status(env, s.len, &len);
	if (got != want && !(got == 500 && small)) {
		abort();
	}
	/* Never read past Content-Length, whatever the stream holds. */
	if (s.pos > len) {
		abort();
	}
	if (got != 0) {
		goto out;
	}
	https = last_var(env, "HTTPS");
	addr = last_var(env, "REMOTE_ADDR");
	if ((target = expected_target(env)) == NULL) {
		goto out;
	}
	if (strcmp(w.req.method_name, last_var(env, "REQUEST_METHOD")) != 0 ||
	    w.req.method != gz_method_parse(w.req.method_name) ||
	    strcmp(w.req.target, target) != 0 || strcmp(w.req.remote_addr, addr ? addr : "") != 0 ||
	    w.req.https !=
	        (https != NULL && (strcasecmp(https, "on") == 0 || strcmp(https, "1") == 0)) ||
	    w.req.body_len != len || (len > 0) != (w.req.body != NULL) ||
	    (len > 0 && (s.pos != len || memcmp(w.req.body, s.data, len) != 0))) {
		abort();
	}
	check_headers(env, &w.req);
	rc = gz_request_finish(&w.req, &status);
	check_finished(&w.req, rc, status, small);
out:
	free(target);
	gz_arena_free(&w.arena);
	free(in);
	return 0;
}
