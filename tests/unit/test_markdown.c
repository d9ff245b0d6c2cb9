/*
 * The Markdown wrapper: safe mode really drops raw HTML and dangerous
 * URLs, the "See also" split lands after the second paragraph, and the
 * plain-text form has no markup.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/markdown.h"
#include "gazette/md.h"
#include "test.h"

static struct gz_arena arena;

static void
test_safe(void)
{
	static const char *hostile[] = {
	    "<script>alert(1)</script>",
	    "Hello <img src=x onerror=alert(1)> there",
	    "[click](javascript:alert(1))",
	    "[click](JaVaScRiPt:alert(1))",
	    "[x](vbscript:msgbox)",
	    "![x](data:text/html;base64,PHNjcmlwdD4=)",
	    "<iframe src=\"https://evil.example\"></iframe>",
	    "<a href=\"javascript:alert(1)\">x</a>",
	};
	size_t i;
	char *head, *tail;

	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		CHECK_INT(
		    gz_markdown_render(&arena, hostile[i], strlen(hostile[i]), 0, &head, &tail),
		    GZ_OK);
		CHECK(strstr(head, "<script") == NULL);
		CHECK(strstr(head, "onerror") == NULL);
		CHECK(strstr(head, "<iframe") == NULL);
		CHECK(strcasestr(head, "javascript:") == NULL);
		CHECK(strstr(head, "vbscript:") == NULL);
		CHECK(strstr(head, "data:text/html") == NULL);
		CHECK_STR(tail, "");
	}
}

static void
test_split(void)
{
	const char *md =
	    "# Title\n\nFirst para.\n\n> quote\n\nSecond *para*.\n\nThird.\n\n- a\n- b\n";
	char *head, *tail;

	CHECK_INT(gz_markdown_render(&arena, md, strlen(md), 2, &head, &tail), GZ_OK);
	CHECK(strstr(head, "<h1 id=\"title\">Title</h1>") != NULL);
	CHECK(strstr(head, "<p>Second <em>para</em>.</p>") != NULL);
	CHECK(strstr(head, "Third") == NULL);
	CHECK(strstr(tail, "<p>Third.</p>") != NULL);
	CHECK(strstr(tail, "<li>a</li>") != NULL);

	/* Fewer paragraphs than the split point: everything in head. */
	CHECK_INT(gz_markdown_render(&arena, "only one", 8, 2, &head, &tail), GZ_OK);
	CHECK_STR(head, "<p>only one</p>\n");
	CHECK_STR(tail, "");

	/* Empty input is fine. */
	CHECK_INT(gz_markdown_render(&arena, "", 0, 2, &head, &tail), GZ_OK);
	CHECK_STR(head, "");
}

static void
test_heading_ids(void)
{
	const char *md = "## Cookies {#cookies}\n\n## What *we* store & why\n\n# \xe4\xb8\xad\n";
	char *head, *tail;

	CHECK_INT(gz_markdown_render(&arena, md, strlen(md), 0, &head, &tail), GZ_OK);
	CHECK(strstr(head, "<h2 id=\"cookies\">Cookies</h2>") != NULL);
	CHECK(strstr(head, "<h2 id=\"what-we-store-why\">What <em>we</em> store &amp; why</h2>") !=
	      NULL);
	/* No ASCII to make an id from: a plain heading. */
	CHECK(strstr(head, "<h1>\xe4\xb8\xad</h1>") != NULL);
	/* An id can never carry markup: only [a-z0-9_-] survive. */
	md = "## X {#a\"><script>}\n";
	CHECK_INT(gz_markdown_render(&arena, md, strlen(md), 0, &head, &tail), GZ_OK);
	CHECK(strstr(head, "<script") == NULL);
	CHECK(strstr(head, "<h2 id=\"x-a\">") != NULL);
}

static void
test_text(void)
{
	const char *md = "## Heading\n\nSome *emphasis* and [a link](/x).\n\n<b>raw</b>\n";
	char *out;

	CHECK_INT(gz_md_text(&arena, md, strlen(md), &out), GZ_OK);
	/* Inline tags go, the words between them stay. */
	CHECK_STR(out, "Heading — Some emphasis and a link. raw");
	/* A heading that ends a sentence needs no dash. */
	md = "# Why now?\n\nBecause.\n\n## 为什么？\n\n因为。\n";
	CHECK_INT(gz_md_text(&arena, md, strlen(md), &out), GZ_OK);
	CHECK_STR(out, "Why now? Because. 为什么？ 因为。");
}

static void
test_bounds(void)
{
	char *head, *tail;

	CHECK_INT(gz_markdown_render(&arena, "x", GZ_MARKDOWN_MAX + 1, 0, &head, &tail),
	          GZ_ETOOBIG);
	/* Invalid UTF-8 does not crash and comes out as valid text. */
	CHECK_INT(gz_markdown_render(&arena, "a\xff\xfe b", 5, 0, &head, &tail), GZ_OK);
	CHECK(strstr(head, "\xff") == NULL);
	/* Embedded NUL is replaced, not a terminator. */
	CHECK_INT(gz_markdown_render(&arena, "a\0b", 3, 0, &head, &tail), GZ_OK);
	CHECK(strstr(head, "b") != NULL);
	gz_arena_free(&arena);
}

TEST_MAIN(T(test_safe), T(test_split), T(test_heading_ids), T(test_text), T(test_bounds))
