/*
 * Request validation, response headers, redirects, error pages and the
 * router, without any transport.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/cookie.h"
#include "gazette/request.h"
#include "gazette/response.h"
#include "gazette/router.h"
#include "test.h"

static struct gz_arena arena;

static void
req_init(struct gz_request *req, const char *method, const char *target)
{
	memset(req, 0, sizeof(*req));
	req->arena = &arena;
	req->method_name = method;
	req->method = gz_method_parse(method);
	req->target = target;
}

static int
finish(const char *method, const char *target, int *status)
{
	struct gz_request req;

	req_init(&req, method, target);
	return gz_request_finish(&req, status);
}

static void
test_targets(void)
{
	static const struct {
		const char *target;
		int status;
	} cases[] = {
	    {"/", 200},
	    {"/article/hello-world", 200},
	    {"/article/%E4%B8%AD%E6%96%87", 200}, /* UTF-8 kept */
	    {"/search?q=a+b&page=2", 200},
	    {"", 400},
	    {"article", 400},              /* not origin-form */
	    {"http://evil.example/", 400}, /* absolute-form refused */
	    {"/a/../b", 400},              /* dot segments */
	    {"/a/%2e%2e/b", 400},          /* encoded dot segments */
	    {"/a/%2E./b", 400},
	    {"/.", 400},
	    {"/a//b", 400},  /* empty segment */
	    {"/a%00b", 400}, /* NUL */
	    {"/a%", 400},    /* truncated escape */
	    {"/a%4", 400},
	    {"/a%zz", 400},
	    {"/%C0%AF", 400},    /* overlong UTF-8 */
	    {"/%ED%A0%80", 400}, /* surrogate */
	    {"/a\tb", 400},      /* control byte */
	    {"/a#frag", 400},
	    {"/?q=%", 400}, /* bad query escape */
	};
	size_t i;
	int status;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		gz_arena_reset(&arena);
		finish("GET", cases[i].target, &status);
		if (status != cases[i].status) {
			fprintf(stderr, "target \"%s\"\n", cases[i].target);
		}
		CHECK_INT(status, cases[i].status);
	}
}

static void
test_long_target(void)
{
	static char t[GZ_TARGET_MAX + 10];
	int status;

	memset(t, 'a', sizeof(t) - 1);
	t[0] = '/';
	t[sizeof(t) - 1] = '\0';
	CHECK_INT(finish("GET", t, &status), GZ_ETOOBIG);
	CHECK_INT(status, 414);
}

static void
test_form_and_cookies(void)
{
	struct gz_request req;
	struct gz_kv hdrs[2] = {
	    {"content-type", "application/x-www-form-urlencoded; charset=utf-8", 0},
	    {"cookie", "gz_consent=accept.1.20261128; other=x", 0},
	};
	int status;

	gz_arena_reset(&arena);
	req_init(&req, "POST", "/consent?x=1");
	req.headers.items = hdrs;
	req.headers.nitems = 2;
	req.body = "choice=accept&next=%2Farticle%2Fa";
	req.body_len = strlen(req.body);
	CHECK_INT(gz_request_finish(&req, &status), GZ_OK);
	CHECK_STR(gz_request_field(&req, "choice"), "accept");
	CHECK_STR(gz_request_field(&req, "next"), "/article/a");
	CHECK_STR(gz_request_arg(&req, "x"), "1");
	CHECK_STR(gz_request_cookie(&req, "gz_consent"), "accept.1.20261128");
	CHECK_STR(gz_request_cookie(&req, "other"), "x");
	CHECK(gz_request_cookie(&req, "missing") == NULL);

	/* Too big a form body is a 413, whatever it holds. */
	{
		static char big[GZ_FORM_MAX + 2];

		memset(big, 'a', sizeof(big));
		req_init(&req, "POST", "/x");
		req.headers.items = hdrs;
		req.headers.nitems = 1;
		req.body = big;
		req.body_len = sizeof(big);
		CHECK_INT(gz_request_finish(&req, &status), GZ_ETOOBIG);
		CHECK_INT(status, 413);
	}
	/* A bad escape in the body is a 400. */
	req_init(&req, "POST", "/x");
	req.headers.items = hdrs;
	req.headers.nitems = 1;
	req.body = "a=%zz";
	req.body_len = 5;
	CHECK(gz_request_finish(&req, &status) != GZ_OK);
	CHECK_INT(status, 400);
}

static void
test_headers(void)
{
	struct gz_response resp;

	memset(&resp, 0, sizeof(resp));
	gz_arena_reset(&arena);
	gz_response_init(&resp, &arena);
	CHECK_INT(gz_response_header(&resp, "X-Test", "fine"), GZ_OK);
	CHECK_INT(gz_response_header(&resp, "X-Test", "evil\r\nSet-Cookie: a=b"), GZ_EINVAL);
	CHECK_INT(gz_response_header(&resp, "X-Test", "evil\nx"), GZ_EINVAL);
	CHECK_INT(gz_response_header(&resp, "X-Test", "evil\rx"), GZ_EINVAL);
	CHECK_INT(gz_response_header(&resp, "Bad Name", "x"), GZ_EINVAL);
	CHECK_INT(gz_response_header(&resp, "Bad:Name", "x"), GZ_EINVAL);
	CHECK_INT(gz_response_header(&resp, "", "x"), GZ_EINVAL);
	CHECK_INT(resp.nheaders, 1);
	CHECK_INT(gz_response_set_header(&resp, "x-test", "replaced"), GZ_OK);
	CHECK_STR(gz_response_get_header(&resp, "X-TEST"), "replaced");
	CHECK_INT(resp.nheaders, 1);
}

static void
test_redirects(void)
{
	static const struct {
		const char *to;
		int ok;
	} cases[] = {
	    {"/", 1},
	    {"/article/x#comment-3", 1},
	    {"/search?q=a", 1},
	    {"//evil.example/", 0},
	    {"/\\evil.example", 0},
	    {"https://evil.example/", 0},
	    {"javascript:alert(1)", 0},
	    {"", 0},
	    {"/a\r\nSet-Cookie: x=y", 0},
	    {"/\t/evil.example", 0},
	    {"article", 0},
	};
	struct gz_response resp;
	size_t i;

	memset(&resp, 0, sizeof(resp));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		gz_arena_reset(&arena);
		gz_response_init(&resp, &arena);
		CHECK_INT(gz_redirect_target_ok(cases[i].to), cases[i].ok);
		CHECK_INT(gz_response_redirect(&resp, 303, cases[i].to) == GZ_OK, cases[i].ok);
		CHECK_INT(resp.status, cases[i].ok ? 303 : 200);
	}
	gz_response_init(&resp, &arena);
	CHECK_INT(gz_response_redirect(&resp, 200, "/"), GZ_EINVAL);
}

static void
test_error_pages(void)
{
	static const int codes[] = {400, 403, 404, 405, 413, 500, 503};
	struct gz_response resp;
	size_t i;

	memset(&resp, 0, sizeof(resp));
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		gz_arena_reset(&arena);
		gz_response_init(&resp, &arena);
		gz_response_error(&resp, codes[i], GZ_GET | GZ_POST);
		CHECK_INT(resp.status, codes[i]);
		CHECK(strstr(gz_buf_str(&resp.body), gz_status_text(codes[i])) != NULL);
		CHECK(strstr(gz_buf_str(&resp.body), "<!DOCTYPE html>") != NULL);
		if (codes[i] == 405) {
			CHECK_STR(gz_response_get_header(&resp, "Allow"), "GET, POST");
		} else {
			CHECK(gz_response_get_header(&resp, "Allow") == NULL);
		}
	}
}

static void
test_route_match(void)
{
	struct gz_request req;

	gz_arena_reset(&arena);
	req_init(&req, "GET", "/");
	CHECK(gz_route_match("/", "/", &req));
	CHECK(!gz_route_match("/", "/x", &req));
	CHECK(gz_route_match("/article/{slug}", "/article/abc", &req));
	CHECK_STR(gz_request_param(&req, "slug"), "abc");
	CHECK(!gz_route_match("/article/{slug}", "/article/", &req));
	CHECK(!gz_route_match("/article/{slug}", "/article", &req));
	CHECK(!gz_route_match("/article/{slug}", "/article/a/b", &req));
	CHECK(gz_route_match("/article/{slug}/comments", "/article/x/comments", &req));
	CHECK_STR(gz_request_param(&req, "slug"), "x");
	CHECK(!gz_route_match("/article/{slug}/comments", "/article/x/comment", &req));
	CHECK(gz_route_match("/a/{x}/b/{y}", "/a/1/b/2", &req));
	CHECK_STR(gz_request_param(&req, "x"), "1");
	CHECK_STR(gz_request_param(&req, "y"), "2");
	CHECK(!gz_route_match("/articles", "/article", &req));
}

static void
test_route_find(void)
{
	struct gz_request req;
	const struct gz_route *r;
	unsigned allow;
	int status;

	gz_arena_reset(&arena);
	req_init(&req, "GET", "/");
	CHECK_INT(gz_request_finish(&req, &status), GZ_OK);
	r = gz_route_find(&req, &allow);
	CHECK(r != NULL);

	/* HEAD works wherever GET does. */
	req_init(&req, "HEAD", "/");
	gz_request_finish(&req, &status);
	CHECK(gz_route_find(&req, &allow) != NULL);

	/* A known path with a wrong method is a 405 with the right Allow. */
	req_init(&req, "DELETE", "/");
	gz_request_finish(&req, &status);
	CHECK(gz_route_find(&req, &allow) == NULL);
	CHECK(allow & GZ_GET);
	CHECK(allow & GZ_HEAD);

	/* An unknown path is a 404: nothing allowed. */
	req_init(&req, "GET", "/no/such/place");
	gz_request_finish(&req, &status);
	CHECK(gz_route_find(&req, &allow) == NULL);
	CHECK_INT(allow, 0);
}

/* Every route that changes state must be guarded: a new POST route cannot
 * be added without saying how it is protected. */
static void
test_route_policy(void)
{
	size_t i;

	for (i = 0; i < gz_nroutes; i++) {
		const struct gz_route *r = &gz_routes[i];

		if (r->methods & (GZ_POST | GZ_PUT | GZ_DELETE | GZ_PATCH)) {
			if (!(r->flags & (GZ_ROUTE_CSRF | GZ_ROUTE_FORMTOKEN))) {
				fprintf(stderr, "unguarded route %s\n", r->pattern);
			}
			CHECK(r->flags & (GZ_ROUTE_CSRF | GZ_ROUTE_FORMTOKEN));
		}
		/* Before a session: the login, its second step (the TOTP
		 * code) and password-reset links; their POSTs carry a form
		 * token (checked above).  Every other admin route needs one. */
		if (strncmp(r->pattern, "/admin", 6) == 0 &&
		    strcmp(r->pattern, "/admin/login") != 0 &&
		    strcmp(r->pattern, "/admin/login/code") != 0 &&
		    strcmp(r->pattern, "/admin/reset/{token}") != 0) {
			CHECK(r->flags & GZ_ROUTE_SESSION);
		}
		CHECK(r->pattern[0] == '/');
	}
}

static void
test_cleanup(void)
{
	gz_arena_free(&arena);
	CHECK(arena.head == NULL);
}

TEST_MAIN(T(test_targets), T(test_long_target), T(test_form_and_cookies), T(test_headers),
          T(test_redirects), T(test_error_pages), T(test_route_match), T(test_route_find),
          T(test_route_policy), T(test_cleanup))
