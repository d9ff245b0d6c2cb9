/*
 * The Markdown wrapper when memory runs out inside cmark: every
 * allocation cmark makes for a document is refused in turn (the
 * GAZETTE_TEST_MD_FAIL hook of test builds), and each time the call
 * returns GZ_ENOMEM, notes it on the arena, frees everything cmark held
 * (the sanitizer build's leak check proves it) and leaves the wrapper
 * usable: the next call renders exactly what an untroubled one does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/markdown.h"
#include "gazette/md.h"
#include "test.h"

/* Headings (one with an {#id}, so a literal is rewritten), lists, links,
 * emphasis, code, a quote, smart punctuation: most of cmark's paths; and
 * cmark-gfm's extensions (a table, ~~strikethrough~~, bare URLs) and
 * Gazette's rewrites (the table's wrapper, a figure, a link card), so a
 * refusal also lands inside the extensions and the tree rewriting. */
static const char doc[] = "# Title {#top}\n\n"
                          "First \"para\" with *emphasis*, a [link](/x \"t\") and `code`.\n\n"
                          "> quoted\n> text\n\n"
                          "## Second heading\n\n"
                          "- one\n- two\n  - nested\n\n"
                          "1. first\n2. second\n\n"
                          "    indented code\n\n"
                          "| Item | Price |\n|:--|--:|\n| Steel ~~plate~~ | 1,200 |\n| Wire |\n\n"
                          "![A crane](/c.jpg \"The new crane\")\n\n"
                          "https://youtu.be/x\n\n"
                          "See www.example.com or https://example.org/a.\n\n"
                          "Last paragraph -- with dashes... and [ref].\n\n"
                          "[ref]: /y\n";

static void
set_fail(long n)
{
	char v[32];

	if (n <= 0) {
		unsetenv("GAZETTE_TEST_MD_FAIL");
		return;
	}
	snprintf(v, sizeof(v), "%ld", n);
	setenv("GAZETTE_TEST_MD_FAIL", v, 1);
}

static void
test_render_fails_cleanly(void)
{
	struct gz_arena a;
	char *head, *tail, *want_head, *want_tail;
	enum gz_err rc = GZ_ENOMEM;
	long n;

	gz_arena_init(&a, 4096, 0);
	set_fail(0);
	CHECK_INT(gz_markdown_render(&a, doc, strlen(doc), 2, &head, &tail), GZ_OK);
	want_head = strdup(head);
	want_tail = strdup(tail);
	CHECK_INT(gz_arena_failed(&a), 0);
	/* The document does reach the extensions and the rewrites: the split
	 * falls after the figure (the second top-level paragraph). */
	CHECK(strstr(want_head, "<div class=\"table-wrap\"") != NULL);
	CHECK(strstr(want_head, "<del>plate</del>") != NULL);
	CHECK(strstr(want_head, "<figcaption>The new crane</figcaption>") != NULL);
	CHECK(strstr(want_tail, ">Watch on YouTube</a>") != NULL);
	CHECK(strstr(want_tail, "<a href=\"http://www.example.com\">") != NULL);
#ifdef GAZETTE_TEST_HOOKS
	for (n = 1; n < 100000 && rc == GZ_ENOMEM; n++) {
		gz_arena_reset(&a);
		set_fail(n);
		rc = gz_markdown_render(&a, doc, strlen(doc), 2, &head, &tail);
		if (rc == GZ_ENOMEM) {
			CHECK(gz_arena_failed(&a) == GZ_ARENA_NOMEM);
			CHECK(head == NULL && tail == NULL);
		}
	}
	/* Past the last allocation the hook never fires: a clean render. */
	CHECK_INT(rc, GZ_OK);
	CHECK(n > 10);
	printf("render: refused each of %ld allocations in turn\n", n - 2);
#else
	(void)n;
	(void)rc;
#endif
	CHECK_STR(head, want_head);
	CHECK_STR(tail, want_tail);
	/* The wrapper is usable again without the hook. */
	gz_arena_reset(&a);
	set_fail(0);
	CHECK_INT(gz_markdown_render(&a, doc, strlen(doc), 2, &head, &tail), GZ_OK);
	CHECK_STR(head, want_head);
	CHECK_INT(gz_arena_failed(&a), 0);
	free(want_head);
	free(want_tail);
	gz_arena_free(&a);
}

static void
test_text_fails_cleanly(void)
{
	struct gz_arena a;
	char *out, *want;
	enum gz_err rc = GZ_ENOMEM;
	long n;

	gz_arena_init(&a, 4096, 0);
	set_fail(0);
	CHECK_INT(gz_md_text(&a, doc, strlen(doc), &out), GZ_OK);
	want = strdup(out);
#ifdef GAZETTE_TEST_HOOKS
	for (n = 1; n < 100000 && rc == GZ_ENOMEM; n++) {
		gz_arena_reset(&a);
		set_fail(n);
		rc = gz_md_text(&a, doc, strlen(doc), &out);
		if (rc == GZ_ENOMEM) {
			CHECK(gz_arena_failed(&a) == GZ_ARENA_NOMEM);
			CHECK(out == NULL);
		}
	}
	CHECK_INT(rc, GZ_OK);
	printf("text: refused each of %ld allocations in turn\n", n - 2);
#else
	(void)n;
	(void)rc;
#endif
	CHECK_STR(out, want);
	set_fail(0);
	free(want);
	gz_arena_free(&a);
}

/* The arena's own cap is not the system refusing memory. */
static void
test_arena_cap_is_not_nomem(void)
{
	struct gz_arena a;
	char *head, *tail;

	set_fail(0);
	gz_arena_init(&a, 256, 256);
	CHECK_INT(gz_markdown_render(&a, doc, strlen(doc), 0, &head, &tail), GZ_ENOMEM);
	CHECK(gz_arena_failed(&a) == GZ_ARENA_CAPPED);
	gz_arena_reset(&a);
	CHECK_INT(gz_arena_failed(&a), 0);
	gz_arena_free(&a);
}

TEST_MAIN(T(test_render_fails_cleanly), T(test_text_fails_cleanly), T(test_arena_cap_is_not_nomem))
