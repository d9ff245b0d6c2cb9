/*
 * The transport helpers that need no socket: Content-Length parsing, body
 * limits by type, the CGI meta-variable mapping (headers, target rebuilt
 * from its parts, bounded body reads) and the CGI response head.
 */
#include <string.h>

#include "../../src/transport/internal.h"
#include "gazette/app.h"
#include "test.h"

/* A body source over a fixed string that counts what was asked of it. */
struct src {
	const char *data; /* bytes to hand out */
	size_t len;       /* their number */
	size_t pos;       /* handed out so far */
};

static ssize_t
src_read(void *ctx, char *buf, size_t n)
{
	struct src *s = ctx;
	size_t k = s->len - s->pos < n ? s->len - s->pos : n;

	memcpy(buf, s->data + s->pos, k);
	s->pos += k;
	return (ssize_t)k;
}

static void
worker(struct gz_worker *w)
{
	memset(w, 0, sizeof(*w));
	gz_arena_init(&w->arena, GZ_ARENA_CHUNK, GZ_ARENA_CAP);
	gz_worker_begin(w);
}

static void
test_parse_length(void)
{
	static const struct {
		const char *in;
		int rc;
		size_t n;
	} cases[] = {
	    {"0", 0, 0},
	    {"42", 0, 42},
	    {"000123", 0, 123},
	    {"", -1, 0},
	    {"-1", -1, 0},
	    {"+1", -1, 0},
	    {" 1", -1, 0},
	    {"1 ", -1, 0},
	    {"1x", -1, 0},
	    {"0x10", -1, 0},
	    {"999999999999999999", 0, 999999999999999999u},
	    {"9999999999999999999", -1, 0}, /* 19 digits: refused before any overflow */
	};
	size_t i, n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = 0;
		CHECK_INT(gz_transport_parse_length(cases[i].in, &n), cases[i].rc);
		if (cases[i].rc == 0) {
			CHECK_INT(n, cases[i].n);
		}
	}
}

static void
test_body_limit(void)
{
	CHECK_INT(gz_transport_body_limit(NULL), GZ_FORM_MAX);
	CHECK_INT(gz_transport_body_limit("application/x-www-form-urlencoded"), GZ_FORM_MAX);
	CHECK_INT(gz_transport_body_limit("application/octet-stream"), GZ_FORM_MAX);
	CHECK_INT(gz_transport_body_limit("multipart/form-data; boundary=x"), GZ_UPLOAD_MAX);
	CHECK_INT(gz_transport_body_limit("Multipart/Form-Data; boundary=x"), GZ_UPLOAD_MAX);
	CHECK_INT(gz_transport_body_limit("multipart/mixed"), GZ_FORM_MAX);
}

static void
test_cgi_mapping(void)
{
	char *env[] = {"REQUEST_METHOD=POST",
	               "REQUEST_URI=/a?b=1",
	               "HTTP_X_FORWARDED_FOR=1.2.3.4",
	               "HTTP_HOST=example.org",
	               "CONTENT_TYPE=application/x-www-form-urlencoded",
	               "CONTENT_LENGTH=3",
	               "REMOTE_ADDR=10.0.0.1",
	               "HTTPS=on",
	               "PATH=/bin",
	               NULL};
	struct src s = {"abcdef", 6, 0};
	struct gz_worker w;

	worker(&w);
	CHECK_INT(gz_transport_cgi_request(&w, env, src_read, &s), 0);
	CHECK_STR(w.req.method_name, "POST");
	CHECK_INT(w.req.method, GZ_POST);
	CHECK_STR(w.req.target, "/a?b=1");
	CHECK_STR(w.req.remote_addr, "10.0.0.1");
	CHECK_INT(w.req.https, 1);
	CHECK_STR(gz_kv_get(&w.req.headers, "x-forwarded-for"), "1.2.3.4");
	CHECK_STR(gz_kv_get(&w.req.headers, "host"), "example.org");
	CHECK_STR(gz_kv_get(&w.req.headers, "content-length"), "3");
	CHECK(gz_kv_get(&w.req.headers, "path") == NULL);
	CHECK_INT(w.req.body_len, 3);
	CHECK(w.req.body != NULL && memcmp(w.req.body, "abc", 3) == 0);
	/* Only CONTENT_LENGTH bytes are read, however many there are. */
	CHECK_INT(s.pos, 3);
	gz_arena_free(&w.arena);
}

static void
test_cgi_target_parts(void)
{
	char *env[] = {"REQUEST_METHOD=GET",
	               "SCRIPT_NAME=/cgi-bin/g",
	               "PATH_INFO=/x",
	               "QUERY_STRING=q=1",
	               "CONTENT_LENGTH=",
	               "CONTENT_TYPE=",
	               NULL};
	char *bare[] = {"REQUEST_METHOD=GET", NULL};
	struct gz_worker w;

	worker(&w);
	CHECK_INT(gz_transport_cgi_request(&w, env, src_read, NULL), 0);
	CHECK_STR(w.req.target, "/cgi-bin/g/x?q=1");
	CHECK_INT(w.req.headers.nitems, 0);
	CHECK(w.req.body == NULL);
	gz_worker_begin(&w);
	CHECK_INT(gz_transport_cgi_request(&w, bare, src_read, NULL), 0);
	CHECK_STR(w.req.target, "/");
	gz_arena_free(&w.arena);
}

static void
test_cgi_refusals(void)
{
	char *too_big[] = {"REQUEST_METHOD=POST", "REQUEST_URI=/", "CONTENT_LENGTH=65537", NULL};
	char *upload[] = {"REQUEST_METHOD=POST", "REQUEST_URI=/", "CONTENT_LENGTH=65537",
	                  "CONTENT_TYPE=multipart/form-data; boundary=z", NULL};
	char *bad_len[] = {"REQUEST_METHOD=POST", "REQUEST_URI=/", "CONTENT_LENGTH=1e3", NULL};
	char *short_body[] = {"REQUEST_METHOD=POST", "REQUEST_URI=/", "CONTENT_LENGTH=10", NULL};
	char *crlf[] = {"REQUEST_METHOD=GET", "REQUEST_URI=/", "HTTP_X_A=a\r\nSet-Cookie: x", NULL};
	char *no_method[] = {"REQUEST_URI=/", NULL};
	struct src s = {"abc", 3, 0};
	struct src none = {"", 0, 0};
	struct gz_worker w;

	worker(&w);
	CHECK_INT(gz_transport_cgi_request(&w, too_big, src_read, &s), 413);
	CHECK_INT(s.pos, 0);
	gz_worker_begin(&w);
	/* Multipart may be larger; the short source then makes it a 400. */
	CHECK_INT(gz_transport_cgi_request(&w, upload, src_read, &none), 400);
	gz_worker_begin(&w);
	CHECK_INT(gz_transport_cgi_request(&w, bad_len, src_read, &s), 400);
	gz_worker_begin(&w);
	s.pos = 0;
	CHECK_INT(gz_transport_cgi_request(&w, short_body, src_read, &s), 400);
	gz_worker_begin(&w);
	CHECK_INT(gz_transport_cgi_request(&w, crlf, src_read, &s), 400);
	gz_worker_begin(&w);
	CHECK_INT(gz_transport_cgi_request(&w, no_method, src_read, &s), 400);
	gz_arena_free(&w.arena);
}

static void
test_cgi_head(void)
{
	struct gz_worker w;
	const char *head;
	size_t len = 0;

	worker(&w);
	gz_response_header(&w.resp, "Content-Type", "text/plain");
	gz_response_header(&w.resp, "Content-Length", "999");
	gz_buf_puts(&w.resp.body, "hello");
	head = gz_transport_cgi_head(&w, &len);
	CHECK_STR(head, "Status: 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n");
	CHECK_INT(len, strlen(head ? head : ""));
	gz_arena_free(&w.arena);
}

TEST_MAIN(T(test_parse_length), T(test_body_limit), T(test_cgi_mapping), T(test_cgi_target_parts),
          T(test_cgi_refusals), T(test_cgi_head))
