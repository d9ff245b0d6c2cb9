/*
 * The router (src/app/router.c) over the real route table: what
 * gz_route_match does with literal segments, {name} and {name:int}
 * placeholders, and what gz_route_find answers for the archive, feed and
 * other paths, so "/{year:int}/{month:int}" takes digit pairs only and
 * every other two-segment path still reaches its own route, a 405, or no
 * route at all (then the dispatcher's old-address lookup and 404).
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/request.h"
#include "gazette/router.h"
#include "test.h"

static struct gz_arena arena;

/* A request for method and path in the test's arena. */
static void
req_init(struct gz_request *req, enum gz_method method, const char *path)
{
	memset(req, 0, sizeof(*req));
	req->arena = &arena;
	req->method = method;
	req->path = path;
}

static void
test_match(void)
{
	static const struct {
		const char *pattern, *path;
		int match;
		const char *name, *value; /* the first parameter, when matched */
	} cases[] = {
	    {"/feed", "/feed", 1, NULL, NULL},
	    {"/feed", "/feed/", 0, NULL, NULL},
	    {"/feed", "/fee", 0, NULL, NULL},
	    {"/tag/{slug}", "/tag/energy", 1, "slug", "energy"},
	    {"/tag/{slug}", "/tag/", 0, NULL, NULL},
	    {"/tag/{slug}", "/tag/a/b", 0, NULL, NULL},
	    {"/tag/{slug}/feed", "/tag/caf%C3%A9/feed", 1, "slug", "caf%C3%A9"},
	    {"/{year:int}/{month:int}", "/2026/12", 1, "year", "2026"},
	    {"/{year:int}/{month:int}", "/0/0", 1, "year", "0"},
	    {"/{year:int}/{month:int}", "/2026/1", 1, "year", "2026"},
	    {"/{year:int}/{month:int}", "/99999999999999999999/12", 1, "year",
	     "99999999999999999999"},
	    {"/{year:int}/{month:int}", "/2026/12/", 0, NULL, NULL},
	    {"/{year:int}/{month:int}", "/2026/1x", 0, NULL, NULL},
	    {"/{year:int}/{month:int}", "/x026/12", 0, NULL, NULL},
	    {"/{year:int}/{month:int}", "/2026/-1", 0, NULL, NULL},
	    {"/{year:int}/{month:int}", "/2026/+1", 0, NULL, NULL},
	    {"/{year:int}/{month:int}", "/2026/1 ", 0, NULL, NULL},
	    {"/{year:int}/{month:int}", "/2026/%31", 0, NULL, NULL},
	    {"/{year:int}/{month:int}", "/2026/\xd9\xa1", 0, NULL, NULL}, /* Arabic-Indic 1 */
	    {"/{year:int}/{month:int}", "/2026/", 0, NULL, NULL},
	    {"/{year:int}/{month:int}", "//12", 0, NULL, NULL},
	    {"/{year:int}/{month:int}", "/admin/users", 0, NULL, NULL},
	    {"/{year:int}/{month:int}", "/feed/atom", 0, NULL, NULL},
	    {"/{year:int}/{month:int}", "/2026", 0, NULL, NULL},
	    {"/{year:int}/{month:int}", "/2026/12/03", 0, NULL, NULL},
	    /* ":int" only types a placeholder at its very end. */
	    {"/x/{n:int}", "/x/5", 1, "n", "5"},
	    {"/x/{n:integer}", "/x/abc", 1, "n:integer", "abc"},
	};
	struct gz_request req;
	size_t i;
	int m;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		req_init(&req, GZ_GET, cases[i].path);
		m = gz_route_match(cases[i].pattern, cases[i].path, &req);
		if (m != cases[i].match) {
			fprintf(stderr, "case %zu: %s against %s\n", i, cases[i].path,
			        cases[i].pattern);
		}
		CHECK_INT(m, cases[i].match);
		if (m && cases[i].name != NULL) {
			CHECK(req.nparams >= 1);
			CHECK_STR(req.param_names[0], cases[i].name);
			CHECK_STR(req.params[0], cases[i].value);
			CHECK_STR(gz_request_param(&req, cases[i].name), cases[i].value);
		}
	}
	/* Both parameters of a month, by name. */
	req_init(&req, GZ_GET, "/2026/07");
	CHECK_INT(gz_route_match("/{year:int}/{month:int}", "/2026/07", &req), 1);
	CHECK_INT(req.nparams, 2);
	CHECK_STR(gz_request_param(&req, "year"), "2026");
	CHECK_STR(gz_request_param(&req, "month"), "07");
	CHECK(gz_request_param(&req, "year:int") == NULL);
}

/* The route gz_route_find gives method and path: its pattern or NULL, and the allow mask. */
static const char *
find(enum gz_method method, const char *path, unsigned *allow)
{
	const struct gz_route *r;
	struct gz_request req;

	req_init(&req, method, path);
	r = gz_route_find(&req, allow);
	return r != NULL ? r->pattern : NULL;
}

static void
test_find(void)
{
	static const struct {
		enum gz_method method;
		const char *path;
		const char *pattern; /* NULL: no route */
		unsigned allow;      /* when no route: the 405's methods */
	} cases[] = {
	    {GZ_GET, "/2026/12", "/{year:int}/{month:int}", 0},
	    {GZ_HEAD, "/2026/12", "/{year:int}/{month:int}", 0},
	    {GZ_POST, "/2026/12", NULL, GZ_GET | GZ_HEAD},
	    {GZ_GET, "/2026/12/", NULL, 0},
	    {GZ_GET, "/2026/dec", NULL, 0},
	    {GZ_GET, "/2026", NULL, 0},
	    {GZ_GET, "/archive", "/archive", 0},
	    {GZ_GET, "/archive/", NULL, 0},
	    {GZ_GET, "/feed/atom", "/feed/atom", 0},
	    {GZ_GET, "/feed/comments", "/feed/comments", 0},
	    {GZ_GET, "/feed/rss2", NULL, 0},
	    {GZ_GET, "/tag/energy/feed", "/tag/{slug}/feed", 0},
	    {GZ_GET, "/author/admin/feed", "/author/{login}/feed", 0},
	    {GZ_GET, "/category/industry/feed", "/category/{slug}/feed", 0},
	    {GZ_GET, "/tag/energy", "/tag/{slug}", 0},
	    {GZ_GET, "/admin/users", "/admin/users", 0},
	    {GZ_POST, "/admin/login", "/admin/login", 0},
	    {GZ_GET, "/page/2", "/page/{n}", 0},
	    {GZ_GET, "/p/about", "/p/{slug}", 0},
	    /* WordPress's old addresses are no route: the lookup gets them. */
	    {GZ_GET, "/2019/05/03/old-post", NULL, 0},
	    {GZ_GET, "/hello-world", NULL, 0},
	    {GZ_GET, "/some/thing", NULL, 0},
	    {GZ_GET, "/12/thing", NULL, 0},
	};
	size_t i;
	unsigned allow;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = find(cases[i].method, cases[i].path, &allow);

		if (cases[i].pattern != NULL) {
			CHECK_STR(got, cases[i].pattern);
		} else {
			CHECK(got == NULL);
			CHECK_INT(allow, cases[i].allow);
		}
		if ((got == NULL) != (cases[i].pattern == NULL)) {
			fprintf(stderr, "case %zu: %s\n", i, cases[i].path);
		}
	}
}

static void
test_setup(void)
{
	gz_arena_init(&arena, 4096, 0);
}

static void
test_teardown(void)
{
	gz_arena_free(&arena);
}

TEST_MAIN(T(test_setup), T(test_match), T(test_find), T(test_teardown))
