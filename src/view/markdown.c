/*
 * The cmark wrapper.  cmark allocates with malloc; every result is copied
 * into the request arena and cmark's memory freed before returning, so the
 * caller sees only arena memory.  This file does not know about articles or
 * templates; it turns Markdown into safe HTML or plain text.
 */
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/markdown.h"

/* CMARK_OPT_DEFAULT is the safe mode in cmark 0.30: raw HTML and
 * dangerous URLs are not rendered. */
#define MD_OPTS (CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_SMART)

static void
append_node_html(struct gz_buf *b, cmark_node *n)
{
	char *html = cmark_render_html(n, MD_OPTS);

	if (html == NULL) {
		b->err = GZ_ENOMEM;
		return;
	}
	gz_buf_puts(b, html);
	free(html);
}

/*
 * A heading with an id, so pages can link to sections (/privacy#cookies).
 * The id is the trailing "{#id}" of the heading text when present (it is
 * removed from the text), else the heading's text folded to [a-z0-9-].
 */
static void
append_heading(struct gz_buf *b, cmark_node *h)
{
	char id[64], *html;
	cmark_node *last = cmark_node_last_child(h), *c;
	const char *lit = last && cmark_node_get_type(last) == CMARK_NODE_TEXT
				  ? cmark_node_get_literal(last)
				  : NULL;
	const char *brace = lit ? strstr(lit, "{#") : NULL;
	size_t n = 0, i;
	int level = cmark_node_get_heading_level(h), dash = 0;

	if (brace != NULL && brace[strlen(brace) - 1] == '}') {
		for (i = 2; brace[i] != '}' && n < sizeof(id) - 1; i++) {
			unsigned char ch = (unsigned char)brace[i];

			if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' ||
			    ch == '_') {
				id[n++] = (char)ch;
			}
		}
		/* Drop the marker and the space before it from the visible text. */
		{
			size_t keep = (size_t)(brace - lit);
			char text[1024];

			while (keep > 0 && lit[keep - 1] == ' ') {
				keep--;
			}
			if (keep < sizeof(text)) {
				memcpy(text, lit, keep);
				text[keep] = '\0';
				cmark_node_set_literal(last, text);
			}
		}
	} else {
		cmark_iter *it = cmark_iter_new(h);

		while (it != NULL && cmark_iter_next(it) != CMARK_EVENT_DONE) {
			cmark_node *t = cmark_iter_get_node(it);
			const char *p = cmark_node_get_type(t) == CMARK_NODE_TEXT
						? cmark_node_get_literal(t)
						: NULL;

			for (; p && *p && n < sizeof(id) - 1; p++) {
				unsigned char ch = (unsigned char)(*p | (*p >= 'A' && *p <= 'Z' ? 32 : 0));

				if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
					if (dash && n > 0) {
						id[n++] = '-';
					}
					dash = 0;
					if (n < sizeof(id) - 1) {
						id[n++] = (char)ch;
					}
				} else {
					dash = 1;
				}
			}
		}
		cmark_iter_free(it);
	}
	id[n] = '\0';
	if (n == 0) {
		append_node_html(b, h);
		return;
	}
	gz_buf_printf(b, "<h%d id=\"%s\">", level, id);
	for (c = cmark_node_first_child(h); c != NULL; c = cmark_node_next(c)) {
		if ((html = cmark_render_html(c, MD_OPTS)) == NULL) {
			b->err = GZ_ENOMEM;
			return;
		}
		gz_buf_puts(b, html);
		free(html);
	}
	gz_buf_printf(b, "</h%d>\n", level);
}

enum gz_err
gz_markdown_render(struct gz_arena *a, const char *md, size_t len, int split_after, char **head,
		   char **tail)
{
	struct gz_buf hb, tb;
	cmark_node *doc, *n;
	int paras = 0, split = 0;
	enum gz_err rc = GZ_OK;

	*head = *tail = NULL;
	if (len > GZ_MARKDOWN_MAX) {
		return GZ_ETOOBIG;
	}
	doc = cmark_parse_document(md, len, MD_OPTS);
	if (doc == NULL) {
		return GZ_ENOMEM;
	}
	gz_buf_init(&hb, a, 0);
	gz_buf_init(&tb, a, 0);
	gz_buf_reserve(&hb, len + len / 4 + 64);
	gz_buf_reserve(&tb, 16);
	for (n = cmark_node_first_child(doc); n != NULL; n = cmark_node_next(n)) {
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING) {
			append_heading(split ? &tb : &hb, n);
		} else {
			append_node_html(split ? &tb : &hb, n);
		}
		if (cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH && ++paras == split_after) {
			split = 1;
		}
	}
	cmark_node_free(doc);
	if ((rc = gz_buf_err(&hb)) != GZ_OK || (rc = gz_buf_err(&tb)) != GZ_OK) {
		return rc;
	}
	*head = hb.data;
	*tail = tb.data;
	return GZ_OK;
}

/* 1 when the text in b ends a sentence or clause (so a heading needs no mark). */
static int
ends_clause(const struct gz_buf *b)
{
	static const char *const marks[] = {".", "!", "?", ":", ";", "…", "。", "！", "？", "："};
	size_t i, n;

	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		n = strlen(marks[i]);
		if (b->len >= n && memcmp(b->data + b->len - n, marks[i], n) == 0) {
			return 1;
		}
	}
	return 0;
}

/*
 * Append the text under n, blocks separated by one space.  A heading that
 * does not end a sentence is followed by " —", so it does not read as the
 * start of the paragraph after it ("Supply Steel prices rose").
 */
static void
collect_text(struct gz_buf *b, cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;

	if (it == NULL) {
		b->err = GZ_ENOMEM;
		return;
	}
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		const char *lit;

		if (ev == CMARK_EVENT_ENTER &&
		    (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE || t == CMARK_NODE_CODE_BLOCK)) {
			if ((lit = cmark_node_get_literal(n)) != NULL) {
				gz_buf_puts(b, lit);
			}
		} else if (ev == CMARK_EVENT_ENTER &&
			   (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)) {
			gz_buf_putc(b, ' ');
		} else if (ev == CMARK_EVENT_EXIT && t >= CMARK_NODE_FIRST_BLOCK &&
			   t <= CMARK_NODE_LAST_BLOCK && b->len > 0 && b->data[b->len - 1] != ' ') {
			if (t == CMARK_NODE_HEADING && !ends_clause(b)) {
				gz_buf_puts(b, " —");
			}
			gz_buf_putc(b, ' ');
		}
	}
	cmark_iter_free(it);
}

enum gz_err
gz_markdown_text(struct gz_arena *a, const char *md, size_t len, char **out)
{
	struct gz_buf b;
	cmark_node *doc;
	enum gz_err rc;

	*out = NULL;
	if (len > GZ_MARKDOWN_MAX) {
		return GZ_ETOOBIG;
	}
	if ((doc = cmark_parse_document(md, len, MD_OPTS)) == NULL) {
		return GZ_ENOMEM;
	}
	gz_buf_init(&b, a, 0);
	gz_buf_reserve(&b, len);
	collect_text(&b, doc);
	cmark_node_free(doc);
	if ((rc = gz_buf_err(&b)) != GZ_OK) {
		return rc;
	}
	while (b.len > 0 && b.data[b.len - 1] == ' ') {
		gz_buf_truncate(&b, b.len - 1);
	}
	*out = b.data;
	return GZ_OK;
}
