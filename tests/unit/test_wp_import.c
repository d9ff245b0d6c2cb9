/*
 * The importer's small conversions (src/wordpress/wp_import_text.c):
 * WordPress's bits of HTML to plain text (one line, or paragraphs), its
 * two date formats, its slugs to Gazette's, URLs cut into parts and hosts
 * compared.  Table-driven; the boundary and malformed cases named.  The
 * import itself is tests/integration/test_import.sh's.
 */
#include <stdlib.h>
#include <string.h>

#include "../../src/wordpress/wp_import_internal.h"
#include "gazette/arena.h"
#include "test.h"

static struct gz_arena arena;

static const struct {
	const char *html;
	const char *line; /* one-line mode */
	const char *text; /* paragraph mode */
} plain_cases[] = {
    {"", "", ""},
    {"Plain title", "Plain title", "Plain title"},
    {"Markup: Title <em>With</em> <b>Mark<sup>up</sup></b>", "Markup: Title With Markup",
     "Markup: Title With Markup"},
    {"Tom &amp; Jerry&#8217;s &lt;b&gt;", "Tom & Jerry\xe2\x80\x99s <b>",
     "Tom & Jerry\xe2\x80\x99s <b>"},
    {"  a\n\tb   c  ", "a b c", "a\n\tb   c"},
    {"<script>alert(1)</script>after<style>p{}</style>", "after", "after"},
    {"x&nbsp;&nbsp;y&nbsp;", "x y", "x  y"},
    {"ctl\x01\x7f \xc2\x85gone", "ctl gone", "ctl gone"},
    {"<p>One</p><p>Two</p>", "One Two", "One\n\nTwo"},
    {"line<br>next<br/>last", "line next last", "line\nnext\nlast"},
    {"x\r\n\r\n\r\ny   \n\n\n\nz", "x y z", "x\n\ny\n\nz"},
    {"Hello\n \n \nworld\n\n", "Hello world", "Hello\n\nworld"},
    {"<ul><li>a</li><li>b</li></ul>tail", "a b tail", "a\n\nb\n\ntail"},
    {"a < b and c > d", "a < b and c > d", "a < b and c > d"},
    {"<blockquote><p>quoted</p></blockquote><p>said</p>", "quoted said", "quoted\n\nsaid"},
    {"\xe4\xb8\xad\xe5\x9b\xbd &amp; more", "\xe4\xb8\xad\xe5\x9b\xbd & more",
     "\xe4\xb8\xad\xe5\x9b\xbd & more"},
};

static void
test_plain(void)
{
	size_t i;

	for (i = 0; i < sizeof(plain_cases) / sizeof(plain_cases[0]); i++) {
		CHECK_STR(wp_plain(&arena, plain_cases[i].html, 0), plain_cases[i].line);
		CHECK_STR(wp_plain(&arena, plain_cases[i].html, 1), plain_cases[i].text);
	}
	/* Deep markup: the walk is iterative, and libxml2 stops at its depth
	 * limit (256) rather than recurse without end; either way a string. */
	{
		char *deep = gz_arena_alloc(&arena, 200000 * 5 + 16);
		size_t k;

		for (k = 0; k < 200; k++) {
			memcpy(deep + k * 5, "<div>", 5);
		}
		strcpy(deep + 200 * 5, "deep");
		CHECK_STR(wp_plain(&arena, deep, 0), "deep");
		for (k = 0; k < 200000; k++) {
			memcpy(deep + k * 5, "<div>", 5);
		}
		strcpy(deep + 200000 * 5, "deep");
		CHECK(wp_plain(&arena, deep, 1) != NULL);
	}
	CHECK_STR(wp_one_line(&arena, " a\n b\t\tc "), "a b c");
	CHECK_STR(wp_cut(&arena, "\xe4\xb8\xad\xe5\x9b\xbd", 4), "\xe4\xb8\xad");
	CHECK_STR(wp_cut(&arena, "abc", 3), "abc");
	CHECK_STR(wp_trim(&arena, " \t x y \n"), "x y");
	CHECK(wp_is(" publish\n", "publish"));
	CHECK(!wp_is("published", "publish"));
	CHECK(!wp_is("", "publish"));
}

static const struct {
	const char *s;
	int64_t t;
} time_cases[] = {
    {"2013-04-09 06:37:47", 1365489467},
    {" 2013-04-09 06:37:47 ", 1365489467},
    {"2024-02-29 23:59:59", 1709251199},
    {"0000-00-00 00:00:00", 0},
    {"1970-01-01 00:00:01", 0},
    {"2023-02-29 10:00:00", 0},
    {"2013-13-01 00:00:00", 0},
    {"2013-04-09 24:00:00", 0},
    {"2013-04-09", 0},
    {"2013-04-09 06:37:47 extra", 0},
    {"", 0},
};

static const struct {
	const char *s;
	int64_t t;
} rfc_cases[] = {
    {"Tue, 27 Jan 2015 14:56:57 +0000", 1422370617},
    {"27 Jan 2015 14:56:57 +0000", 1422370617},
    {"Tue, 27 Jan 2015 16:56:57 +0200", 1422370617},
    {"Tue, 27 Jan 2015 09:56:57 -0500", 1422370617},
    {"Tue, 27 Jan 2015 14:56:57 GMT", 1422370617},
    {"Tue, 27 Jan 2015 14:56:57", 1422370617},
    {"Mon, 30 Nov -0001 00:00:00 +0000", 0},
    {"Thu, 01 Jan 1970 00:00:00 +0000", 0},
    {"Tue, 27 Foo 2015 14:56:57 +0000", 0},
    {"Tue, 27 Jan 2015 14:56:57 +00", 0},
    {"Tue, 27 Jan 2015 14:56:57 EST", 0},
    {"yesterday", 0},
    {"", 0},
};

static void
test_dates(void)
{
	size_t i;

	for (i = 0; i < sizeof(time_cases) / sizeof(time_cases[0]); i++) {
		CHECK_INT(wp_time(time_cases[i].s), time_cases[i].t);
	}
	for (i = 0; i < sizeof(rfc_cases) / sizeof(rfc_cases[0]); i++) {
		CHECK_INT(wp_rfc822(rfc_cases[i].s), rfc_cases[i].t);
	}
}

static const struct {
	const char *raw, *fallback;
	size_t max;
	const char *want;
} slug_cases[] = {
    {"hello-world", "Ignored", 200, "hello-world"},
    {"  hello-world  ", "Ignored", 200, "hello-world"},
    {"%e4%b8%ad%e5%9b%bd", "China", 200, "\xe4\xb8\xad\xe5\x9b\xbd"},
    {"%E4%B8%AD%E5%9B%BD", "China", 200, "\xe4\xb8\xad\xe5\x9b\xbd"},
    {"%ce%b5%cf%80%ce%af%cf%80%ce%b5%ce%b4%ce%bf-2", "x", 200,
     "\xce\xb5\xcf\x80\xce\xaf\xcf\x80\xce\xb5\xce\xb4\xce\xbf-2"},
    {"Hello-World", "Title Here", 200, "hello-world"},
    {"my_post", "My Post", 200, "my-post"},
    {"", "Harbour opens: day 2", 200, "harbour-opens-day-2"},
    {"", "!!!", 200, ""},
    {"%zz", "Bad escape", 200, "bad-escape"},
    {"%00", "Nul", 200, "nul"},
    {"abcdef", "Too Long For It", 3, "too"},
    {"a--b", "", 200, "a-b"},
};

static void
test_slugs(void)
{
	size_t i;

	for (i = 0; i < sizeof(slug_cases) / sizeof(slug_cases[0]); i++) {
		CHECK_STR(
		    wp_slug(&arena, slug_cases[i].raw, slug_cases[i].fallback, slug_cases[i].max),
		    slug_cases[i].want);
	}
}

static const struct {
	const char *url;
	int ok;
	const char *host, *path, *query; /* NULL host or query: none */
} url_cases[] = {
    {"https://Example.org:8080/a/b?x=1#frag", 1, "Example.org", "/a/b", "x=1"},
    {"http://news.example.org", 1, "news.example.org", "", NULL},
    {"HTTPS://news.example.org/?p=12", 1, "news.example.org", "/", "p=12"},
    {"//cdn.example/x.jpg", 1, "cdn.example", "/x.jpg", NULL},
    {"https://user:pw@h.example/p", 1, "h.example", "/p", NULL},
    {"http://[::1]:80/x", 1, "[::1]", "/x", NULL},
    {"/2013/01/10/post/?replytocom=3", 1, NULL, "/2013/01/10/post/", "replytocom=3"},
    {"photo.jpg", 1, NULL, "photo.jpg", NULL},
    {"#top", 1, NULL, "", NULL},
    {"mailto:a@b.example", 0, NULL, NULL, NULL},
    {"javascript:alert(1)", 0, NULL, NULL, NULL},
    {"ftp://files.example/x", 0, NULL, NULL, NULL},
    {"https:no-slashes", 0, NULL, NULL, NULL},
};

static void
test_urls(void)
{
	char *hosts[2];
	struct wp_url u;
	size_t i;

	for (i = 0; i < sizeof(url_cases) / sizeof(url_cases[0]); i++) {
		int ok = wp_url_split(url_cases[i].url, &u);

		CHECK_INT(ok, url_cases[i].ok);
		if (!ok || !url_cases[i].ok) {
			continue;
		}
		if (url_cases[i].host == NULL) {
			CHECK(u.host == NULL);
		} else {
			CHECK_STR(gz_arena_strndup(&arena, u.host, u.hostlen), url_cases[i].host);
		}
		CHECK_STR(gz_arena_strndup(&arena, u.path, u.pathlen), url_cases[i].path);
		if (url_cases[i].query == NULL) {
			CHECK(u.query == NULL);
		} else {
			CHECK_STR(gz_arena_strndup(&arena, u.query, u.querylen),
			          url_cases[i].query);
		}
	}
	hosts[0] = wp_host_key("WWW.Example.ORG", 15);
	hosts[1] = wp_host_key("files.example.net", 17);
	CHECK_STR(hosts[0], "example.org");
	CHECK(wp_host_is(hosts, 2, "example.org", 11));
	CHECK(wp_host_is(hosts, 2, "www.EXAMPLE.org", 15));
	CHECK(wp_host_is(hosts, 2, "Files.Example.Net", 17));
	CHECK(!wp_host_is(hosts, 2, "example.org.evil", 16));
	CHECK(!wp_host_is(hosts, 2, "xexample.org", 12));
	CHECK(!wp_host_is(hosts, 2, NULL, 0));
	CHECK(!wp_host_is(hosts, 0, "example.org", 11));
	free(hosts[0]);
	free(hosts[1]);
}

static void
test_meta(void)
{
	struct gz_wxr_meta meta[] = {
	    {"_thumbnail_id", "40"}, {" _edit_last ", "1"}, {"_thumbnail_id", "41"}};
	struct gz_wxr_item it;

	memset(&it, 0, sizeof(it));
	it.meta = meta;
	it.nmeta = 3;
	CHECK_STR(wp_meta(&it, "_thumbnail_id"), "41");
	CHECK_STR(wp_meta(&it, "_edit_last"), "1");
	CHECK(wp_meta(&it, "_yoast_wpseo_metadesc") == NULL);
	it.nmeta = 0;
	CHECK(wp_meta(&it, "_thumbnail_id") == NULL);
}

static void
setup(void)
{
	gz_arena_init(&arena, 64 * 1024, 0);
}

static void
teardown(void)
{
	gz_arena_free(&arena);
}

TEST_MAIN(T(setup), T(test_plain), T(test_dates), T(test_slugs), T(test_urls), T(test_meta),
          T(teardown))
