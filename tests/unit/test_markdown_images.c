/*
 * Images in article bodies (src/view/markdown.c, markdown.h "Images"):
 * the image hook's answer written as attributes (src replaced by a copy,
 * width and height, srcset and sizes, loading="lazy" after the first
 * eager images, decoding="async"); images the hook does not know, and
 * every image without a hook, as before; the caption-and-credit form the
 * picker writes becomes one figure with <span class="credit">; text in
 * alt, title and credit escaped; an image in a table cell left to cmark;
 * dangerous addresses never handed to the hook.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/markdown.h"
#include "gazette/md.h"
#include "test.h"

static int hook_calls;

/* Knows /media/known.jpg (two copies); anything else is not in the library. */
static int
hook(void *arg, const char *url, struct gz_markdown_image *out)
{
	hook_calls++;
	(void)arg;
	if (strcmp(url, "/media/known.jpg") != 0) {
		return 0;
	}
	out->src = "/media/known-640w.jpg";
	out->srcset = "/media/known-320w.jpg 320w, /media/known-640w.jpg 640w";
	out->sizes = "(min-width: 44rem) 42rem, 100vw";
	out->width = 640;
	out->height = 427;
	return 1;
}

/* Render md with the hook (eager images first), into the arena. */
static const char *
render(struct gz_arena *a, const char *md, int with_hook, int eager)
{
	struct gz_markdown_opts o;
	char *head = NULL, *tail = NULL;

	memset(&o, 0, sizeof(o));
	if (with_hook) {
		o.image = hook;
		o.eager = eager;
	}
	if (gz_markdown_render_opts(a, md, strlen(md), &o, &head, &tail) != GZ_OK) {
		return "(render failed)";
	}
	return head;
}

#define KNOWN_IMG(loading)                                                                         \
	"<img src=\"/media/known-640w.jpg\" alt=\"A harbour\" width=\"640\" height=\"427\" "       \
	"srcset=\"/media/known-320w.jpg 320w, /media/known-640w.jpg 640w\" "                       \
	"sizes=\"(min-width: 44rem) 42rem, 100vw\"" loading " decoding=\"async\" />"

static void
test_known(void)
{
	struct gz_arena a;
	const char *html;

	gz_arena_init(&a, 64 * 1024, 0);
	/* A figure with caption and credit, the first image: eager. */
	html =
	    render(&a, "![A harbour](/media/known.jpg \"Boats at dawn\")\n*Photo: Li Wei*\n", 1, 1);
	CHECK_STR(html, "<figure>" KNOWN_IMG("") "<figcaption>Boats at dawn <span "
	                                         "class=\"credit\">Photo: Li Wei</span>"
	                                         "</figcaption></figure>\n");
	/* Lazy when eager is 0. */
	html = render(&a, "![A harbour](/media/known.jpg \"Boats\")", 1, 0);
	CHECK(strstr(html, KNOWN_IMG(" loading=\"lazy\"")) != NULL);
	/* The second image of a text is lazy, the first not. */
	html = render(&a,
	              "![A harbour](/media/known.jpg \"One\")\n\n![A harbour](/media/known.jpg "
	              "\"Two\")",
	              1, 1);
	CHECK(strstr(html, KNOWN_IMG("") "<figcaption>One") != NULL);
	CHECK(strstr(html, KNOWN_IMG(" loading=\"lazy\"") "<figcaption>Two") != NULL);
	/* A credit without a caption. */
	html = render(&a, "![A harbour](/media/known.jpg)\n*Photo: Li Wei*", 1, 0);
	CHECK(
	    strstr(html, "<figcaption><span class=\"credit\">Photo: Li Wei</span></figcaption>") !=
	    NULL);
	/* An image inside a paragraph of text: attributes, no figure. */
	html = render(&a, "See ![A harbour](/media/known.jpg \"t\") here.", 1, 0);
	CHECK_STR(html, "<p>See <img src=\"/media/known-640w.jpg\" alt=\"A harbour\" title=\"t\" "
	                "width=\"640\" height=\"427\" srcset=\"/media/known-320w.jpg 320w, "
	                "/media/known-640w.jpg 640w\" sizes=\"(min-width: 44rem) 42rem, 100vw\" "
	                "loading=\"lazy\" decoding=\"async\" /> here.</p>\n");
	/* Escaping in alt, caption and credit. */
	html =
	    render(&a, "![a \"b\" <c>](/media/known.jpg \"x < y & \\\"z\\\"\")\n*<b>&amp;*", 1, 0);
	CHECK(strstr(html, "alt=\"a “b” &lt;c&gt;\"") != NULL);
	CHECK(strstr(html, "<figcaption>x &lt; y &amp; &quot;z&quot; <span class=\"credit\">") !=
	      NULL);
	CHECK(strstr(html, "<b>") == NULL);
	gz_arena_free(&a);
}

static void
test_unknown(void)
{
	struct gz_arena a;
	const char *html;

	gz_arena_init(&a, 64 * 1024, 0);
	/* Not in the library: exactly what it was without a hook. */
	CHECK_STR(render(&a, "![x](/media/other.jpg \"Cap\")", 1, 1),
	          render(&a, "![x](/media/other.jpg \"Cap\")", 0, 0));
	CHECK_STR(render(&a, "a ![x](/media/other.jpg) b", 1, 1),
	          "<p>a <img src=\"/media/other.jpg\" alt=\"x\" /> b</p>\n");
	/* Without a hook a known address is left alone too. */
	CHECK_STR(render(&a, "![x](/media/known.jpg \"Cap\")", 0, 0),
	          "<figure><img src=\"/media/known.jpg\" alt=\"x\" loading=\"lazy\" "
	          "/><figcaption>Cap</figcaption></figure>\n");
	/* The credit form without a hook still makes the figure. */
	html = render(&a, "![x](/media/other.jpg \"Cap\")\n*Photo: A*", 0, 0);
	CHECK_STR(html, "<figure><img src=\"/media/other.jpg\" alt=\"x\" loading=\"lazy\" "
	                "/><figcaption>Cap <span class=\"credit\">Photo: A</span></figcaption>"
	                "</figure>\n");
	/* Not the credit form: more text after the emphasis, or no break. */
	html = render(&a, "![x](/media/other.jpg)\n*Photo* and more", 0, 0);
	CHECK(strstr(html, "<figure>") == NULL);
	html = render(&a, "![x](/media/other.jpg) *Photo*", 0, 0);
	CHECK(strstr(html, "<figure>") == NULL);
	/* A dangerous address never reaches the hook. */
	hook_calls = 0;
	html = render(&a, "![x](javascript:alert(1) \"Cap\")", 1, 0);
	CHECK_INT(hook_calls, 0);
	CHECK(strstr(html, "javascript") == NULL);
	/* An image in a table cell: cmark's own <img>, never a custom one. */
	html = render(&a, "| a |\n|---|\n| ![x](/media/known.jpg) |\n", 1, 0);
	CHECK(strstr(html, "<img src=\"/media/known.jpg\" alt=\"x\" />") != NULL);
	CHECK(strstr(html, "srcset") == NULL);
	/* Offsite images stay links with a hook too; the credit is kept. */
	html = render(&a, "![x](https://example.com/a.jpg \"Cap\")\n*Photo: B*", 1, 0);
	CHECK(strstr(html, "<figure class=\"offsite\"><a class=\"offsite-image\"") != NULL);
	CHECK(strstr(html, "<span class=\"credit\">Photo: B</span>") != NULL);
	gz_arena_free(&a);
}

static void
test_split(void)
{
	struct gz_markdown_opts o;
	struct gz_arena a;
	char *head, *tail;
	const char *md = "One.\n\n![A harbour](/media/known.jpg \"Cap\")\n*Photo: C*\n\nThree.\n";

	/* A figure with a credit counts as the paragraph it is written as. */
	gz_arena_init(&a, 64 * 1024, 0);
	memset(&o, 0, sizeof(o));
	o.split_after = 2;
	o.image = hook;
	CHECK(gz_markdown_render_opts(&a, md, strlen(md), &o, &head, &tail) == GZ_OK);
	CHECK(strstr(head, "<figure>") != NULL && strstr(head, "Three") == NULL);
	CHECK(strstr(tail, "<p>Three.</p>") != NULL);
	gz_arena_free(&a);
}

static void
test_text(void)
{
	struct gz_arena a;
	char *text = NULL;
	const char *md = "![A harbour](/media/x.jpg \"Boats at dawn\")\n*Photo: Li Wei*\n\nNext.";

	/* Search and summaries read a credited figure's caption and credit. */
	gz_arena_init(&a, 64 * 1024, 0);
	CHECK(gz_md_text(&a, md, strlen(md), &text) == GZ_OK);
	CHECK(text != NULL && strstr(text, "A harbour Boats at dawn") != NULL);
	CHECK(text != NULL && strstr(text, "Photo: Li Wei") != NULL);
	gz_arena_free(&a);
}

TEST_MAIN(T(test_known), T(test_unknown), T(test_split), T(test_text))
