/*
 * Runs of inline content (the text and inline elements between two
 * blocks) to paragraphs, and inline elements to Markdown.  A run is cut
 * into pieces (text, elements, line breaks, shortcode tokens) one
 * paragraph at a time; then the shortcodes that make blocks ([caption],
 * [gallery], [embed], a video service's) are acted on, a line holding only
 * a URL becomes a link card, and the rest is written as a paragraph.
 *
 * wpautop's rule is applied here, on the tree: inside a run, a blank line
 * ends a paragraph and a single newline is a line break; between blocks
 * there are no runs, so newlines there never become anything.  Two <br>
 * in a row also end a paragraph (what a reader sees is a blank line).
 *
 * It knows inline HTML and WordPress's inline conventions; blocks,
 * addresses and images are html_md.c's, Markdown syntax md_write.c's.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "gazette/html_md.h"
#include "gazette/str.h"

#include "internal.h"

/* ASCII whitespace, as HTML collapses it. */
static int
is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* 1 when s (n bytes) is all ASCII whitespace. */
static int
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!is_ws((unsigned char)s[i])) {
			return 0;
		}
	}
	return 1;
}

/* Whether piece p carries nothing a reader sees. */
static int
piece_blank(const struct gz_hm_piece *p)
{
	return p->kind == GZ_HM_P_SKIP || p->kind == GZ_HM_P_BR ||
	       (p->kind == GZ_HM_P_TEXT && blank(p->s, p->n));
}

static void para_write(struct gz_hm *c, int more);
static int is_code(const xmlNode *n);

/*
 * Add a piece to the paragraph being gathered.  A second break with only
 * blank text since the first ends the paragraph instead; a full array is
 * written as the start of a paragraph that goes on.
 */
static void
push(struct gz_hm *c, enum gz_hm_piece_kind kind, const char *s, size_t n, xmlNode *node)
{
	struct gz_hm_piece *p;
	size_t i;

	if (kind == GZ_HM_P_TEXT && n == 0) {
		return;
	}
	if (kind == GZ_HM_P_BR) {
		/* A second break with nothing but spaces since the first ends
		 * the paragraph, except a newline right after <br>: wpautop
		 * makes no second break of it (n is 1 for a <br> element). */
		for (i = c->npieces; i > 0 && c->pieces[i - 1].kind == GZ_HM_P_TEXT &&
		                     blank(c->pieces[i - 1].s, c->pieces[i - 1].n);
		     i--) {
		}
		if (i > 0 && c->pieces[i - 1].kind == GZ_HM_P_BR) {
			if (n == 0 && c->pieces[i - 1].n == 1) {
				return;
			}
			c->npieces = i - 1;
			para_write(c, 0);
			return;
		}
	}
	if (c->npieces == GZ_HM_PIECES) {
		/* A paragraph longer than the array: write what is held, the
		 * paragraph goes on. */
		para_write(c, 1);
	}
	p = &c->pieces[c->npieces++];
	p->kind = kind;
	p->s = s;
	p->n = n;
	p->node = node;
}

/* The pieces [a, b) as inline content of the current paragraph. */
static void
render(struct gz_hm *c, struct gz_hm_piece *p, size_t a, size_t b, int more)
{
	size_t i;

	if (!c->para_open) {
		gz_mdw_block(&c->w, GZ_MDW_PARA, NULL);
	}
	for (i = a; i < b; i++) {
		switch (p[i].kind) {
		case GZ_HM_P_TEXT:
		case GZ_HM_P_LIT:
			gz_mdw_text(&c->w, p[i].s, p[i].n, 0);
			break;
		case GZ_HM_P_BR:
			gz_mdw_break(&c->w);
			break;
		case GZ_HM_P_NODE:
			gz_hm_inline(c, p[i].node, 0);
			break;
		case GZ_HM_P_SC:
		case GZ_HM_P_SKIP:
			break;
		}
	}
	c->para_open = more;
	if (!more) {
		gz_mdw_block_end(&c->w);
	}
}

/*
 * Whether the pieces [a, b) are one URL and nothing else (WordPress's
 * oEmbed rule: a URL alone on its line); *u, *un point at it.
 */
static int
url_line(const struct gz_hm_piece *p, size_t a, size_t b, const char **u, size_t *un)
{
	struct gz_span t = {NULL, 0};
	size_t i;

	for (i = a; i < b; i++) {
		if (piece_blank(&p[i])) {
			continue;
		}
		if (p[i].kind != GZ_HM_P_TEXT || t.p != NULL) {
			return 0;
		}
		t = gz_str_trim(p[i].s, p[i].n);
	}
	if (t.p == NULL || !gz_mdw_autolink_ok(t.p, t.n)) {
		return 0;
	}
	*u = t.p;
	*un = t.n;
	return 1;
}

/* The only image of the pieces [a, b), when there is nothing else. */
static xmlNode *
lone_image(const struct gz_hm_piece *p, size_t a, size_t b)
{
	xmlNode *img = NULL;
	size_t i;
	int lv;

	for (i = a; i < b; i++) {
		if (piece_blank(&p[i])) {
			continue;
		}
		if (p[i].kind != GZ_HM_P_NODE || img != NULL ||
		    gz_hm_kind(p[i].node, &lv) != GZ_HM_IMG) {
			return NULL;
		}
		img = p[i].node;
	}
	return img;
}

/*
 * The code element alone on the line [a, b) when its text spans lines,
 * else NULL.  Under wpautop its newlines are line breaks, so WordPress
 * showed it as a block of code; it becomes one.
 */
static xmlNode *
code_line(const struct gz_hm_piece *p, size_t a, size_t b)
{
	xmlNode *code = NULL;
	struct gz_buf t;
	size_t i;
	int lines;

	for (i = a; i < b; i++) {
		if (piece_blank(&p[i])) {
			continue;
		}
		if (p[i].kind != GZ_HM_P_NODE || code != NULL || !is_code(p[i].node)) {
			return NULL;
		}
		code = p[i].node;
	}
	if (code == NULL) {
		return NULL;
	}
	gz_buf_init(&t, NULL, 0);
	gz_hm_flat_text(&t, code, "\n");
	lines = memchr(gz_buf_str(&t), '\n', t.len) != NULL;
	gz_buf_free(&t);
	return lines ? code : NULL;
}

/*
 * The pieces [a, b) of one paragraph (more: it continues after b): lines
 * holding only a URL become link cards (each line with autop, the whole
 * paragraph without), with autop a code element of several lines alone
 * on its line a code block, a paragraph of one image is that image
 * without its title (a title alone would make it a figure), the rest is
 * written.
 */
static void
lines(struct gz_hm *c, struct gz_hm_piece *p, size_t a, size_t b, int more)
{
	size_t ls, le, start = a, un;
	const char *u;
	xmlNode *img, *code;

	if (c->para_open || more) {
		render(c, p, a, b, more);
		return;
	}
	if (c->autop) {
		for (ls = a; ls < b; ls = le + 1) {
			for (le = ls; le < b && p[le].kind != GZ_HM_P_BR; le++) {
			}
			if (url_line(p, ls, le, &u, &un)) {
				render(c, p, start, ls, 0);
				gz_hm_card(c, u, un);
				start = le < b ? le + 1 : b;
			} else if ((code = code_line(p, ls, le)) != NULL) {
				render(c, p, start, ls, 0);
				gz_hm_code_block(c, code);
				start = le < b ? le + 1 : b;
			}
		}
	} else if (url_line(p, a, b, &u, &un)) {
		gz_hm_card(c, u, un);
		return;
	}
	if ((img = lone_image(p, start, b)) != NULL) {
		gz_mdw_block(&c->w, GZ_MDW_PARA, NULL);
		gz_hm_image(c, img, NULL, 0);
		gz_mdw_block_end(&c->w);
		return;
	}
	render(c, p, start, b, 0);
}

/* Index of the first close token named like sc in [from, n), or n. */
static size_t
find_close(const struct gz_hm_piece *p, size_t from, size_t n, const struct gz_sc *open)
{
	struct gz_sc sc;
	size_t i;

	for (i = from; i < n; i++) {
		if (p[i].kind == GZ_HM_P_SC && gz_sc_scan(p[i].s, p[i].n, &sc) > 0 &&
		    sc.kind == GZ_SC_CLOSE && sc.nname == open->nname &&
		    memcmp(sc.name, open->name, sc.nname) == 0) {
			return i;
		}
	}
	return n;
}

/* The text of the pieces [a, b) but skip, collapsed, into c->text. */
static void
pieces_text(struct gz_hm *c, const struct gz_hm_piece *p, size_t a, size_t b, size_t skip)
{
	struct gz_buf raw;
	size_t i;

	gz_buf_init(&raw, NULL, 0);
	for (i = a; i < b; i++) {
		if (i == skip) {
			continue;
		}
		if (p[i].kind == GZ_HM_P_TEXT || p[i].kind == GZ_HM_P_LIT) {
			gz_buf_append(&raw, p[i].s, p[i].n);
		} else if (p[i].kind == GZ_HM_P_NODE) {
			gz_hm_flat_text(&raw, p[i].node, " ");
		} else if (p[i].kind == GZ_HM_P_BR) {
			gz_buf_putc(&raw, ' ');
		}
	}
	gz_buf_reset(&c->text);
	gz_hm_collapse(&c->text, gz_buf_str(&raw), raw.len);
	if (gz_buf_err(&raw) != GZ_OK) {
		c->w.out->err = gz_buf_err(&raw);
	}
	gz_buf_free(&raw);
}

/*
 * [caption ...]<a><img></a> Caption text[/caption]: the image with the
 * caption (its caption="" attribute, else the text around the image) as
 * the figure paragraph.  Without an image, the content as a paragraph.
 */
static void
caption(struct gz_hm *c, struct gz_hm_piece *p, size_t n, const struct gz_sc *sc)
{
	xmlNode *img = NULL, *cur;
	size_t i, holder = n, vn;
	const char *v;
	int lv;

	for (i = 0; i < n && img == NULL; i++) {
		if (p[i].kind != GZ_HM_P_NODE) {
			continue;
		}
		if (gz_hm_kind(p[i].node, &lv) == GZ_HM_IMG) {
			img = p[i].node;
		}
		for (cur = p[i].node->children; cur != NULL && img == NULL; cur = cur->next) {
			/* The usual wrapper: a link around the image. */
			if (cur->type == XML_ELEMENT_NODE && gz_hm_kind(cur, &lv) == GZ_HM_IMG) {
				img = cur;
			}
		}
		holder = i;
	}
	if (img == NULL) {
		render(c, p, 0, n, 0);
		return;
	}
	if (gz_sc_attr(sc->attrs, sc->nattrs, "caption", &v, &vn)) {
		gz_buf_reset(&c->text);
		gz_hm_collapse(&c->text, v, vn);
	} else {
		pieces_text(c, p, 0, n, holder);
	}
	gz_hm_figure(c, img, c->text.len > 0 ? gz_buf_str(&c->text) : NULL);
}

/* [gallery ids="1,2,3"] (or include=""): one figure per known attachment. */
static void
gallery(struct gz_hm *c, const struct gz_sc *sc)
{
	const char *v, *src, *alt, *cap;
	size_t vn, i = 0;
	long id;

	if (c->o->attachment == NULL || (!gz_sc_attr(sc->attrs, sc->nattrs, "ids", &v, &vn) &&
	                                 !gz_sc_attr(sc->attrs, sc->nattrs, "include", &v, &vn))) {
		return;
	}
	while (i < vn && gz_buf_err(c->w.out) == GZ_OK) {
		if (v[i] < '0' || v[i] > '9') {
			i++;
			continue;
		}
		for (id = 0; i < vn && v[i] >= '0' && v[i] <= '9'; i++) {
			id = id < 100000000000L ? id * 10 + (v[i] - '0') : id;
		}
		alt = cap = NULL;
		src = c->o->attachment(c->o->ctx, id, &alt, &cap);
		if (src != NULL) {
			gz_hm_figure_src(c, src, alt, cap != NULL && cap[0] != '\0' ? cap : NULL);
		}
	}
}

/* Shortcodes of video and social services whose address is a link card. */
static int
service(const struct gz_sc *sc)
{
	static const char *const names[] = {"dailymotion", "facebook", "flickr", "instagram",
	                                    "soundcloud",  "spotify",  "ted",    "tweet",
	                                    "twitter",     "vimeo",    "youtube"};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (gz_sc_named(sc, names[i])) {
			return 1;
		}
	}
	return 0;
}

/*
 * Write the paragraph gathered in c->pieces (more: it goes on after
 * them), acting on its shortcodes first.  Unknown "[name]" tokens stay
 * text unless their close follows in the same paragraph.
 */
static void
para_write(struct gz_hm *c, int more)
{
	struct gz_hm_piece *p = c->pieces;
	size_t n = c->npieces, i, j, start = 0, un;
	struct gz_sc_closes closes;
	struct gz_sc sc;
	const char *u;

	c->npieces = 0;
	closes.n = 0;
	for (i = 0; i < n; i++) {
		if (p[i].kind == GZ_HM_P_SC && gz_sc_scan(p[i].s, p[i].n, &sc) > 0 &&
		    sc.kind == GZ_SC_CLOSE) {
			gz_sc_closes_add(&closes, sc.name, sc.nname, i);
		}
	}
	for (i = 0; i < n; i++) {
		if (p[i].kind != GZ_HM_P_SC) {
			continue;
		}
		if (gz_sc_scan(p[i].s, p[i].n, &sc) == 0 || !gz_sc_is_shortcode(&sc, &closes, i)) {
			p[i].kind = GZ_HM_P_LIT;
			continue;
		}
		p[i].kind = GZ_HM_P_SKIP;
		if (sc.kind == GZ_SC_CLOSE) {
			continue;
		}
		if (gz_sc_named(&sc, "caption") || gz_sc_named(&sc, "wp_caption")) {
			/* The table first: opens without a close never scan. */
			j = gz_sc_closes_after(&closes, sc.name, sc.nname, i)
			        ? find_close(p, i + 1, n, &sc)
			        : n;
			if (j < n) {
				lines(c, p, start, i, 0);
				caption(c, p + i + 1, j - i - 1, &sc);
				p[j].kind = GZ_HM_P_SKIP;
				start = j + 1;
				i = j;
			}
		} else if (gz_sc_named(&sc, "gallery")) {
			lines(c, p, start, i, 0);
			gallery(c, &sc);
			start = i + 1;
		} else if (gz_sc_named(&sc, "embed") && sc.kind == GZ_SC_OPEN) {
			j = gz_sc_closes_after(&closes, sc.name, sc.nname, i)
			        ? find_close(p, i + 1, n, &sc)
			        : n;
			if (j < n) {
				lines(c, p, start, i, 0);
				pieces_text(c, p, i + 1, j, n);
				gz_hm_card(c, gz_buf_str(&c->text), c->text.len);
				p[j].kind = GZ_HM_P_SKIP;
				start = j + 1;
				i = j;
			}
		} else if (service(&sc) && (gz_sc_attr(sc.attrs, sc.nattrs, "url", &u, &un) ||
		                            gz_sc_attr(sc.attrs, sc.nattrs, "", &u, &un))) {
			if (gz_mdw_autolink_ok(u, un)) {
				lines(c, p, start, i, 0);
				gz_hm_card(c, u, un);
				start = i + 1;
			}
		}
	}
	lines(c, p, start, n, more);
}

/* A text node of a run: shortcode tokens and (autop) newlines cut it. */
static void
run_text(struct gz_hm *c, const char *s, size_t n)
{
	size_t i = 0, t = 0, k, j, e;
	struct gz_sc sc;
	int nl;

	while (i < n) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '[' && (k = gz_sc_scan(s + i, n - i, &sc)) > 0) {
			push(c, GZ_HM_P_TEXT, s + t, i - t, NULL);
			if (sc.kind == GZ_SC_ESCAPED) {
				push(c, GZ_HM_P_LIT, s + i + 1, k - 2, NULL);
			} else {
				push(c, GZ_HM_P_SC, s + i, k, NULL);
			}
			i += k;
			t = i;
			continue;
		}
		if (c->autop && (ch == '\n' || ch == '\r')) {
			for (e = i; e > t && is_ws((unsigned char)s[e - 1]); e--) {
			}
			for (j = i, nl = 0; j < n && is_ws((unsigned char)s[j]); j++) {
				nl += s[j] == '\n' ||
				      (s[j] == '\r' && (j + 1 >= n || s[j + 1] != '\n'));
			}
			push(c, GZ_HM_P_TEXT, s + t, e - t, NULL);
			if (nl >= 2) {
				para_write(c, 0);
			} else {
				push(c, GZ_HM_P_BR, NULL, 0, NULL);
			}
			i = t = j;
			continue;
		}
		i++;
	}
	push(c, GZ_HM_P_TEXT, s + t, n - t, NULL);
}

/* See internal.h: text nodes are cut by run_text, <br> is a break,
 * inline elements are pieces, dropped elements nothing; a video iframe
 * or a self-closing embed comment ends the paragraph with a link card. */
void
gz_hm_run(struct gz_hm *c, xmlNode *first, xmlNode *end)
{
	const char *u;
	xmlNode *n;
	int lv;

	c->npieces = 0;
	c->para_open = 0;
	for (n = first; n != end && gz_buf_err(c->w.out) == GZ_OK; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content != NULL) {
				run_text(c, (const char *)n->content,
				         strlen((const char *)n->content));
			}
			continue;
		}
		if (n->type == XML_COMMENT_NODE) {
			/* Asked twice: the paragraph before may use the scratch text. */
			if (gz_hm_embed_url(c, n) != NULL) {
				para_write(c, 0);
				if ((u = gz_hm_embed_url(c, n)) != NULL) {
					gz_hm_card(c, u, strlen(u));
				}
			}
			continue;
		}
		if (n->type != XML_ELEMENT_NODE) {
			continue;
		}
		switch (gz_hm_kind(n, &lv)) {
		case GZ_HM_DROP:
			break;
		case GZ_HM_IFRAME:
			if (gz_hm_video_url(c, gz_hm_attr(n, "src")) != NULL) {
				para_write(c, 0);
				if ((u = gz_hm_video_url(c, gz_hm_attr(n, "src"))) != NULL) {
					gz_hm_card(c, u, strlen(u));
				}
			}
			break;
		case GZ_HM_BR:
			push(c, GZ_HM_P_BR, NULL, 1, NULL);
			break;
		default:
			push(c, GZ_HM_P_NODE, NULL, 0, n);
			break;
		}
	}
	para_write(c, 0);
}

/*
 * Text inside an inline element: shortcode tokens are dropped (the
 * block-making ones only act at paragraph level), escaped ones become
 * their literal text; with autop a newline is a line break.
 */
static void
inline_text(struct gz_hm *c, const char *s, size_t n)
{
	struct gz_sc_closes closes;
	struct gz_sc sc;
	size_t i, k, t = 0;

	if (memchr(s, '[', n) == NULL) {
		gz_mdw_text(&c->w, s, n, c->autop);
		return;
	}
	closes.n = 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '[' && (k = gz_sc_scan(s + i, n - i, &sc)) > 0) {
			if (sc.kind == GZ_SC_CLOSE) {
				gz_sc_closes_add(&closes, sc.name, sc.nname, i);
			}
			i += k - 1;
		}
	}
	for (i = 0; i < n;) {
		if (s[i] != '[' || (k = gz_sc_scan(s + i, n - i, &sc)) == 0) {
			i++;
			continue;
		}
		if (sc.kind == GZ_SC_ESCAPED) {
			gz_mdw_text(&c->w, s + t, i - t, c->autop);
			gz_mdw_text(&c->w, s + i + 1, k - 2, c->autop);
			t = i + k;
		} else if (gz_sc_is_shortcode(&sc, &closes, i)) {
			gz_mdw_text(&c->w, s + t, i - t, c->autop);
			t = i + k;
		}
		i += k;
	}
	gz_mdw_text(&c->w, s + t, n - t, c->autop);
}

/* 1 when n is an element written as a code span. */
static int
is_code(const xmlNode *n)
{
	int lv;

	return n->type == XML_ELEMENT_NODE && gz_hm_kind(n, &lv) == GZ_HM_CODE;
}

/* A code span of n's text; spaces at its ends still separate words, the
 * span cannot keep them, so they go outside it. */
static void
code(struct gz_hm *c, xmlNode *n)
{
	struct gz_buf raw;

	gz_buf_init(&raw, NULL, 0);
	gz_hm_flat_text(&raw, n, " ");
	if (gz_buf_err(&raw) != GZ_OK) {
		c->w.out->err = gz_buf_err(&raw);
	} else if (raw.len > 0) {
		if (is_ws((unsigned char)raw.data[0])) {
			gz_mdw_space(&c->w);
		}
		gz_mdw_code(&c->w, raw.data, raw.len);
		if (is_ws((unsigned char)raw.data[raw.len - 1])) {
			gz_mdw_space(&c->w);
		}
	}
	gz_buf_free(&raw);
}

/*
 * A link whose address passes (http, https, mailto, relative; mapped by
 * the caller): [text](dest "title").  Otherwise, or inside another link,
 * its text only.
 */
static void
link(struct gz_hm *c, xmlNode *n, int depth)
{
	const char *href = gz_hm_attr(n, "href"), *title = gz_hm_attr(n, "title"), *u;
	char *dest;

	if (c->in_link || href == NULL || (u = gz_hm_clean_url(c, href, strlen(href), 0)) == NULL) {
		gz_hm_inline_children(c, n, depth);
		return;
	}
	gz_buf_reset(&c->atom);
	gz_mdw_dest(&c->atom, u, strlen(u));
	if (title != NULL && !blank(title, strlen(title))) {
		gz_buf_putc(&c->atom, ' ');
		gz_mdw_title(&c->atom, title, strlen(title));
	}
	/* Kept aside: the link's text may hold images that use the scratch. */
	if (gz_buf_err(&c->atom) != GZ_OK || (dest = strdup(gz_buf_str(&c->atom))) == NULL) {
		c->w.out->err = GZ_ENOMEM;
		return;
	}
	c->in_link = 1;
	gz_mdw_link_open(&c->w);
	gz_hm_inline_children(c, n, depth);
	gz_mdw_link_close(&c->w, dest, strlen(dest));
	c->in_link = 0;
	free(dest);
}

/* See internal.h. */
void
gz_hm_inline_children(struct gz_hm *c, xmlNode *n, int depth)
{
	xmlNode *ch;

	for (ch = n->children; ch != NULL && gz_buf_err(c->w.out) == GZ_OK; ch = ch->next) {
		gz_hm_inline(c, ch, depth + 1);
	}
}

/* See internal.h: emphasis, strikethrough, code, links, images, quotes,
 * breaks; a block element inside inline content on lines of its own. */
void
gz_hm_inline(struct gz_hm *c, xmlNode *n, int depth)
{
	struct gz_mdw *w = &c->w;
	int lv;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content != NULL) {
			inline_text(c, (const char *)n->content, strlen((const char *)n->content));
		}
		return;
	}
	if (n->type != XML_ELEMENT_NODE) {
		return;
	}
	if (depth >= GZ_HM_DEPTH) {
		/* Deeper than anything written by hand: its text only. */
		gz_buf_reset(&c->text);
		gz_hm_flat_text(&c->text, n, " ");
		gz_mdw_text(w, gz_buf_str(&c->text), c->text.len, 0);
		return;
	}
	switch (gz_hm_kind(n, &lv)) {
	case GZ_HM_DROP:
	case GZ_HM_IFRAME:
		break;
	case GZ_HM_BR:
	case GZ_HM_HR:
		gz_mdw_break(w);
		break;
	case GZ_HM_STRONG:
		gz_mdw_open(w, "**");
		gz_hm_inline_children(c, n, depth);
		gz_mdw_close(w);
		break;
	case GZ_HM_EM:
		gz_mdw_open(w, "*");
		gz_hm_inline_children(c, n, depth);
		gz_mdw_close(w);
		break;
	case GZ_HM_DEL:
		gz_mdw_open(w, "~~");
		gz_hm_inline_children(c, n, depth);
		gz_mdw_close(w);
		break;
	case GZ_HM_CODE:
		code(c, n);
		break;
	case GZ_HM_A:
		link(c, n, depth);
		break;
	case GZ_HM_IMG:
		gz_hm_image(c, n, NULL, 1);
		break;
	case GZ_HM_Q:
		gz_mdw_text(w, "\"", 1, 0);
		gz_hm_inline_children(c, n, depth);
		gz_mdw_text(w, "\"", 1, 0);
		break;
	case GZ_HM_INLINE:
		gz_hm_inline_children(c, n, depth);
		break;
	default:
		/* A block inside inline content: on lines of its own. */
		gz_mdw_break(w);
		gz_hm_inline_children(c, n, depth);
		gz_mdw_break(w);
		break;
	}
}
