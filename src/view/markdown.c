/*
 * Markdown to safe HTML (markdown.h): cmark's HTML renderer in its safe
 * mode, headings given ids, the output cut after a paragraph so a page can
 * insert a link there.  The parse runs under core/md.c's bounded allocator;
 * plain text for search and summaries is md.c's too.  It does not know
 * about articles or templates; the caller sees only arena memory.
 */
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/markdown.h"
#include "gazette/md.h"

static void
append_node_html(struct gz_buf *b, cmark_node *n)
{
	char *html = cmark_render_html(n, GZ_MD_OPTS);

	if (html == NULL) {
		b->err = GZ_ENOMEM;
		return;
	}
	gz_buf_puts(b, html);
	gz_md_free(html);
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
				unsigned char ch =
				    (unsigned char)(*p | (*p >= 'A' && *p <= 'Z' ? 32 : 0));

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
		if ((html = cmark_render_html(c, GZ_MD_OPTS)) == NULL) {
			b->err = GZ_ENOMEM;
			return;
		}
		gz_buf_puts(b, html);
		gz_md_free(html);
	}
	gz_buf_printf(b, "</h%d>\n", level);
}

/* What gz_markdown_render hands to run_render. */
struct render_job {
	const char *md;   /* source */
	size_t len;       /* its bytes */
	int split_after;  /* as gz_markdown_render */
	struct gz_buf hb; /* blocks up to the split, in the arena */
	struct gz_buf tb; /* blocks after it */
};

/* Parse and render; gz_md_protected calls it. */
static enum gz_err
run_render(void *arg)
{
	struct render_job *j = arg;
	cmark_node *doc = gz_md_parse(j->md, j->len), *n;
	int paras = 0, split = 0;

	for (n = cmark_node_first_child(doc); n != NULL; n = cmark_node_next(n)) {
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING) {
			append_heading(split ? &j->tb : &j->hb, n);
		} else {
			append_node_html(split ? &j->tb : &j->hb, n);
		}
		if (cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH && ++paras == j->split_after) {
			split = 1;
		}
	}
	cmark_node_free(doc);
	return GZ_OK;
}

enum gz_err
gz_markdown_render(struct gz_arena *a, const char *md, size_t len, int split_after, char **head,
                   char **tail)
{
	struct render_job j;
	enum gz_err rc;

	*head = *tail = NULL;
	if (len > GZ_MD_MAX) {
		return GZ_ETOOBIG;
	}
	j.md = md;
	j.len = len;
	j.split_after = split_after;
	gz_buf_init(&j.hb, a, 0);
	gz_buf_init(&j.tb, a, 0);
	gz_buf_reserve(&j.hb, len + len / 4 + 64);
	gz_buf_reserve(&j.tb, 16);
	if ((rc = gz_md_protected(a, run_render, &j)) != GZ_OK ||
	    (rc = gz_buf_err(&j.hb)) != GZ_OK || (rc = gz_buf_err(&j.tb)) != GZ_OK) {
		return rc;
	}
	*head = j.hb.data;
	*tail = j.tb.data;
	return GZ_OK;
}
