/*
 * WordPress post HTML to Markdown (html_md.h): libxml2's HTML parser
 * builds the tree (it recovers from malformed HTML as browsers do), and
 * the tree is walked against an allowlist of elements: html_block.c cuts
 * it into blocks, html_inline.c writes runs of inline content (wpautop's
 * paragraphs, shortcodes, inline elements), md_write.c the Markdown.  This
 * file holds the entry point and the parse, the element table, and what
 * the others share: attributes, tree walks, text, addresses, images and
 * link cards.
 *
 * It knows HTML's elements and WordPress's ways of writing figures,
 * galleries and embeds; it knows nothing of where the HTML came from or
 * where the Markdown goes: addresses and attachments are the caller's
 * (map_url, attachment).  Nothing here pattern-matches HTML: the parser
 * tokenizes, and only the text of nodes is ever scanned (for shortcodes).
 *
 * Bounds: the input is at most GZ_HTML_MD_MAX bytes and
 * GZ_HTML_MD_ELEMENTS elements (libxml2's tree costs a few hundred bytes a
 * node), libxml2 refuses nesting deeper than 256, the walk itself recurses
 * at most GZ_HM_DEPTH blocks and as many inline elements deep and flattens
 * what is deeper to text, and the result is capped at GZ_MD_MAX.
 */
#include <assert.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "gazette/arena.h"
#include "gazette/html_md.h"
#include "gazette/md.h"
#include "gazette/str.h"
#include "gazette/utf8.h"

#include "internal.h"

/* Elements and how each is treated; sorted by name for bsearch. */
static const struct elem {
	const char *name;     /* lower-case tag name */
	enum gz_hm_kind kind; /* treatment */
	int arg;              /* heading level */
} elems[] = {
    {"a", GZ_HM_A, 0},
    {"abbr", GZ_HM_INLINE, 0},
    {"acronym", GZ_HM_INLINE, 0},
    {"address", GZ_HM_BLOCK, 0},
    {"applet", GZ_HM_DROP, 0},
    {"area", GZ_HM_DROP, 0},
    {"article", GZ_HM_BLOCK, 0},
    {"aside", GZ_HM_BLOCK, 0},
    {"audio", GZ_HM_INLINE, 0},
    {"b", GZ_HM_STRONG, 0},
    {"base", GZ_HM_DROP, 0},
    {"basefont", GZ_HM_DROP, 0},
    {"big", GZ_HM_INLINE, 0},
    {"blockquote", GZ_HM_QUOTE, 0},
    {"body", GZ_HM_BLOCK, 0},
    {"br", GZ_HM_BR, 0},
    {"button", GZ_HM_DROP, 0},
    {"canvas", GZ_HM_DROP, 0},
    {"caption", GZ_HM_BLOCK, 0},
    {"center", GZ_HM_BLOCK, 0},
    {"cite", GZ_HM_INLINE, 0},
    {"code", GZ_HM_CODE, 0},
    {"col", GZ_HM_DROP, 0},
    {"colgroup", GZ_HM_DROP, 0},
    {"datalist", GZ_HM_DROP, 0},
    {"dd", GZ_HM_BLOCK, 0},
    {"del", GZ_HM_DEL, 0},
    {"details", GZ_HM_BLOCK, 0},
    {"dialog", GZ_HM_BLOCK, 0},
    {"dir", GZ_HM_UL, 0},
    {"div", GZ_HM_BLOCK, 0},
    {"dl", GZ_HM_BLOCK, 0},
    {"dt", GZ_HM_BLOCK, 0},
    {"em", GZ_HM_EM, 0},
    {"embed", GZ_HM_DROP, 0},
    {"fieldset", GZ_HM_BLOCK, 0},
    {"figcaption", GZ_HM_BLOCK, 0},
    {"figure", GZ_HM_FIGURE, 0},
    {"footer", GZ_HM_BLOCK, 0},
    {"form", GZ_HM_DROP, 0},
    {"frame", GZ_HM_DROP, 0},
    {"frameset", GZ_HM_DROP, 0},
    {"h1", GZ_HM_H, 1},
    {"h2", GZ_HM_H, 2},
    {"h3", GZ_HM_H, 3},
    {"h4", GZ_HM_H, 4},
    {"h5", GZ_HM_H, 5},
    {"h6", GZ_HM_H, 6},
    {"head", GZ_HM_DROP, 0},
    {"header", GZ_HM_BLOCK, 0},
    {"hgroup", GZ_HM_BLOCK, 0},
    {"hr", GZ_HM_HR, 0},
    {"html", GZ_HM_BLOCK, 0},
    {"i", GZ_HM_EM, 0},
    {"iframe", GZ_HM_IFRAME, 0},
    {"img", GZ_HM_IMG, 0},
    {"input", GZ_HM_DROP, 0},
    {"kbd", GZ_HM_CODE, 0},
    {"keygen", GZ_HM_DROP, 0},
    {"legend", GZ_HM_BLOCK, 0},
    {"li", GZ_HM_BLOCK, 0},
    {"link", GZ_HM_DROP, 0},
    {"listing", GZ_HM_PRE, 0},
    {"main", GZ_HM_BLOCK, 0},
    {"map", GZ_HM_DROP, 0},
    {"math", GZ_HM_DROP, 0},
    {"menu", GZ_HM_UL, 0},
    {"meta", GZ_HM_DROP, 0},
    {"meter", GZ_HM_DROP, 0},
    {"nav", GZ_HM_BLOCK, 0},
    {"noembed", GZ_HM_DROP, 0},
    {"noframes", GZ_HM_DROP, 0},
    {"noscript", GZ_HM_DROP, 0},
    {"object", GZ_HM_DROP, 0},
    {"ol", GZ_HM_OL, 0},
    {"optgroup", GZ_HM_DROP, 0},
    {"option", GZ_HM_DROP, 0},
    {"p", GZ_HM_BLOCK, 0},
    {"param", GZ_HM_DROP, 0},
    {"plaintext", GZ_HM_PRE, 0},
    {"pre", GZ_HM_PRE, 0},
    {"progress", GZ_HM_DROP, 0},
    {"q", GZ_HM_Q, 0},
    {"rp", GZ_HM_DROP, 0},
    {"s", GZ_HM_DEL, 0},
    {"samp", GZ_HM_CODE, 0},
    {"script", GZ_HM_DROP, 0},
    {"section", GZ_HM_BLOCK, 0},
    {"select", GZ_HM_DROP, 0},
    {"source", GZ_HM_DROP, 0},
    {"strike", GZ_HM_DEL, 0},
    {"strong", GZ_HM_STRONG, 0},
    {"style", GZ_HM_DROP, 0},
    {"summary", GZ_HM_BLOCK, 0},
    {"svg", GZ_HM_DROP, 0},
    {"table", GZ_HM_TABLE, 0},
    {"tbody", GZ_HM_BLOCK, 0},
    {"td", GZ_HM_BLOCK, 0},
    {"template", GZ_HM_DROP, 0},
    {"textarea", GZ_HM_DROP, 0},
    {"tfoot", GZ_HM_BLOCK, 0},
    {"th", GZ_HM_BLOCK, 0},
    {"thead", GZ_HM_BLOCK, 0},
    {"title", GZ_HM_DROP, 0},
    {"tr", GZ_HM_BLOCK, 0},
    {"track", GZ_HM_DROP, 0},
    {"tt", GZ_HM_CODE, 0},
    {"ul", GZ_HM_UL, 0},
    {"var", GZ_HM_EM, 0},
    {"xmp", GZ_HM_PRE, 0},
};

/* bsearch comparison of a tag name with an element entry. */
static int
elem_cmp(const void *key, const void *e)
{
	return strcmp(key, ((const struct elem *)e)->name);
}

/* See internal.h. */
enum gz_hm_kind
gz_hm_kind(const xmlNode *n, int *level)
{
	const struct elem *e;

	*level = 0;
	if (n->type != XML_ELEMENT_NODE || n->name == NULL) {
		return GZ_HM_DROP;
	}
	e = bsearch(n->name, elems, sizeof(elems) / sizeof(elems[0]), sizeof(elems[0]), elem_cmp);
	if (e == NULL) {
		return GZ_HM_INLINE;
	}
	*level = e->arg;
	return e->kind;
}

/* See internal.h. */
int
gz_hm_is_block(enum gz_hm_kind k)
{
	switch (k) {
	case GZ_HM_BLOCK:
	case GZ_HM_H:
	case GZ_HM_UL:
	case GZ_HM_OL:
	case GZ_HM_QUOTE:
	case GZ_HM_PRE:
	case GZ_HM_TABLE:
	case GZ_HM_HR:
	case GZ_HM_FIGURE:
		return 1;
	default:
		return 0;
	}
}

/* See internal.h. */
const char *
gz_hm_attr(const xmlNode *n, const char *name)
{
	const xmlAttr *a;

	for (a = n->properties; a != NULL; a = a->next) {
		if (a->name != NULL && strcasecmp((const char *)a->name, name) == 0) {
			/* libxml2's HTML parser gives a value as one text node. */
			if (a->children != NULL && a->children->type == XML_TEXT_NODE &&
			    a->children->next == NULL && a->children->content != NULL) {
				return (const char *)a->children->content;
			}
			return a->children == NULL ? "" : NULL;
		}
	}
	return NULL;
}

/* See internal.h. */
int
gz_hm_has_class(const xmlNode *n, const char *name, int prefix)
{
	const char *c = gz_hm_attr(n, "class"), *t;
	size_t len = strlen(name), tl;

	if (c == NULL) {
		return 0;
	}
	while (*c != '\0') {
		while (*c == ' ' || *c == '\t' || *c == '\n' || *c == '\r' || *c == '\f') {
			c++;
		}
		for (t = c; *c != '\0' && *c != ' ' && *c != '\t' && *c != '\n' && *c != '\r' &&
		            *c != '\f';
		     c++) {
		}
		tl = (size_t)(c - t);
		if (tl >= len && memcmp(t, name, len) == 0 && (tl == len || prefix)) {
			return 1;
		}
	}
	return 0;
}

/* See internal.h. */
int
gz_hm_is_named(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->name != NULL &&
	       strcmp((const char *)n->name, name) == 0;
}

/* See internal.h. */
xmlNode *
gz_hm_walk_next(xmlNode *cur, const xmlNode *root, int skip)
{
	if (!skip && cur->type == XML_ELEMENT_NODE && cur->children != NULL) {
		return cur->children;
	}
	while (cur != root && cur != NULL) {
		if (cur->next != NULL) {
			return cur->next;
		}
		cur = cur->parent;
		if (cur == root) {
			return NULL;
		}
	}
	return NULL;
}

/* See internal.h. */
int
gz_hm_walk_skip(const xmlNode *n)
{
	int lv;

	return n->type != XML_ELEMENT_NODE || gz_hm_kind(n, &lv) == GZ_HM_DROP;
}

/* See internal.h; iterative, so depth costs no stack. */
void
gz_hm_flat_text(struct gz_buf *b, xmlNode *n, const char *br)
{
	xmlNode *cur;
	int lv;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content != NULL) {
			gz_buf_puts(b, (const char *)n->content);
		}
		return;
	}
	if (n->type != XML_ELEMENT_NODE || gz_hm_kind(n, &lv) == GZ_HM_DROP) {
		return;
	}
	for (cur = n->children; cur != NULL; cur = gz_hm_walk_next(cur, n, gz_hm_walk_skip(cur))) {
		if ((cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE) &&
		    cur->content != NULL) {
			gz_buf_puts(b, (const char *)cur->content);
		} else if (cur->type == XML_ELEMENT_NODE) {
			enum gz_hm_kind k = gz_hm_kind(cur, &lv);

			if (k == GZ_HM_BR) {
				gz_buf_puts(b, br);
			} else if (gz_hm_is_block(k)) {
				gz_buf_putc(b, ' ');
			}
		}
	}
}

/* See internal.h. */
void
gz_hm_collapse(struct gz_buf *b, const char *s, size_t n)
{
	size_t i;
	int space = 0, any = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
			space = any;
			continue;
		}
		if (space) {
			gz_buf_putc(b, ' ');
			space = 0;
		}
		gz_buf_putc(b, (char)c);
		any = 1;
	}
}

/*
 * Check raw (n bytes) as an address: what a browser would do first
 * (leading and trailing controls and spaces off, tabs and newlines inside
 * removed), then the scheme: http and https, mailto too for links, else a
 * relative address (one with no ':' before its first '/', '?' or '#').
 * The result is in c->url; NULL when refused.
 */
const char *
gz_hm_check_url(struct gz_hm *c, const char *raw, size_t n, int image)
{
	size_t i, s = 0, e = n, len;
	const char *d;

	while (s < e && (unsigned char)raw[s] <= 0x20) {
		s++;
	}
	while (e > s && (unsigned char)raw[e - 1] <= 0x20) {
		e--;
	}
	gz_buf_reset(&c->url);
	for (i = s; i < e; i++) {
		if (raw[i] != '\t' && raw[i] != '\n' && raw[i] != '\r') {
			gz_buf_putc(&c->url, raw[i]);
		}
	}
	if (gz_buf_err(&c->url) != GZ_OK || c->url.len == 0) {
		return NULL;
	}
	d = c->url.data;
	len = strcspn(d, ":/?#&");
	if (d[len] == '&') {
		/* An entity libxml2 does not know (HTML5's "&colon;", "&Tab;")
		 * that a browser would decode into the scheme: refused. */
		return NULL;
	}
	if (d[len] != ':') {
		return d;
	}
	if ((len == 4 && strncasecmp(d, "http", 4) == 0) ||
	    (len == 5 && strncasecmp(d, "https", 5) == 0) ||
	    (!image && len == 6 && strncasecmp(d, "mailto", 6) == 0)) {
		return d;
	}
	return NULL;
}

/* See internal.h. */
const char *
gz_hm_clean_url(struct gz_hm *c, const char *raw, size_t n, int image)
{
	const char *u = gz_hm_check_url(c, raw, n, image), *m;

	if (u == NULL || c->o->map_url == NULL) {
		return u;
	}
	m = c->o->map_url(c->o->ctx, u, image);
	if (m == NULL) {
		return u;
	}
	/* The mapped address is checked like the original. */
	return gz_hm_check_url(c, m, strlen(m), image);
}

/*
 * Build "![alt](src "title")" in c->atom and write it; src and alt come
 * from strings.  Returns 1 when written (src was acceptable).
 */
static int
image_atom(struct gz_hm *c, const char *src, const char *alt, const char *title)
{
	const char *u;

	if (src == NULL || (u = gz_hm_clean_url(c, src, strlen(src), 1)) == NULL) {
		return 0;
	}
	gz_buf_reset(&c->atom);
	gz_buf_puts(&c->atom, "![");
	if (alt != NULL) {
		gz_mdw_escape(&c->atom, alt, strlen(alt));
	}
	gz_buf_puts(&c->atom, "](");
	gz_mdw_dest(&c->atom, u, strlen(u));
	if (title != NULL && title[strspn(title, " \t\n\r\f\v")] != '\0') {
		gz_buf_putc(&c->atom, ' ');
		gz_mdw_title(&c->atom, title, strlen(title));
	}
	gz_buf_putc(&c->atom, ')');
	if (gz_buf_err(&c->atom) != GZ_OK) {
		c->w.out->err = gz_buf_err(&c->atom);
		return 0;
	}
	gz_mdw_atom(&c->w, c->atom.data, c->atom.len);
	return 1;
}

/* See internal.h. */
int
gz_hm_image(struct gz_hm *c, xmlNode *img, const char *caption, int title_ok)
{
	const char *src = gz_hm_attr(img, "src"), *lazy;

	/* Lazy-loading plugins keep the real address in data-src and put a
	 * placeholder (often a data: GIF) in src. */
	if ((src == NULL || gz_hm_check_url(c, src, strlen(src), 1) == NULL) &&
	    ((lazy = gz_hm_attr(img, "data-src")) != NULL ||
	     (lazy = gz_hm_attr(img, "data-lazy-src")) != NULL)) {
		src = lazy;
	}
	return image_atom(c, src, gz_hm_attr(img, "alt"),
	                  caption != NULL ? caption : (title_ok ? gz_hm_attr(img, "title") : NULL));
}

/* See internal.h. */
void
gz_hm_figure_src(struct gz_hm *c, const char *src, const char *alt, const char *caption)
{
	gz_mdw_block(&c->w, GZ_MDW_PARA, NULL);
	if (!image_atom(c, src, alt, caption != NULL ? caption : "") && caption != NULL) {
		gz_mdw_text(&c->w, caption, strlen(caption), 0);
	}
	gz_mdw_block_end(&c->w);
}

/* See internal.h. */
void
gz_hm_figure(struct gz_hm *c, xmlNode *img, const char *caption)
{
	gz_mdw_block(&c->w, GZ_MDW_PARA, NULL);
	if (!gz_hm_image(c, img, caption != NULL ? caption : "", 0) && caption != NULL) {
		/* No acceptable image: its caption is still text a reader saw. */
		gz_mdw_text(&c->w, caption, strlen(caption), 0);
	}
	gz_mdw_block_end(&c->w);
}

/* See internal.h. */
void
gz_hm_card(struct gz_hm *c, const char *url, size_t n)
{
	const char *u;
	size_t len;

	/* Only an absolute http(s) address makes a card; the importer may
	 * then map it (a link to another post of the same site). */
	if (!gz_mdw_autolink_ok(url, n) || (u = gz_hm_clean_url(c, url, n, 0)) == NULL) {
		return;
	}
	len = strlen(u);
	gz_mdw_block(&c->w, GZ_MDW_PARA, NULL);
	gz_buf_reset(&c->atom);
	if (gz_mdw_autolink_ok(u, len)) {
		gz_buf_putc(&c->atom, '<');
		gz_buf_append(&c->atom, u, len);
		gz_buf_putc(&c->atom, '>');
		gz_mdw_atom(&c->w, c->atom.data, c->atom.len);
	} else {
		/* A mapped relative address: an ordinary link. */
		gz_mdw_link_open(&c->w);
		gz_mdw_text(&c->w, u, len, 0);
		gz_mdw_dest(&c->atom, u, len);
		gz_mdw_link_close(&c->w, c->atom.data, c->atom.len);
	}
	gz_mdw_block_end(&c->w);
}

/* 1 when s starts with prefix, ASCII case-insensitively; *rest after it. */
static int
skip_prefix(const char *s, const char *prefix, const char **rest)
{
	size_t n = strlen(prefix);

	if (strncasecmp(s, prefix, n) != 0) {
		return 0;
	}
	*rest = s + n;
	return 1;
}

/* See internal.h: YouTube (also -nocookie) /embed/ID and Vimeo
 * player /video/ID, the id [A-Za-z0-9_-]{1,64}. */
const char *
gz_hm_video_url(struct gz_hm *c, const char *src)
{
	static const struct {
		const char *host; /* after "//" */
		const char *to;   /* the watch address, before the id */
	} players[] = {
	    {"www.youtube.com/embed/", "https://www.youtube.com/watch?v="},
	    {"youtube.com/embed/", "https://www.youtube.com/watch?v="},
	    {"www.youtube-nocookie.com/embed/", "https://www.youtube.com/watch?v="},
	    {"youtube-nocookie.com/embed/", "https://www.youtube.com/watch?v="},
	    {"player.vimeo.com/video/", "https://vimeo.com/"},
	};
	const char *u, *rest;
	size_t i, id;

	if (src == NULL || (u = gz_hm_check_url(c, src, strlen(src), 1)) == NULL) {
		return NULL;
	}
	if (!skip_prefix(u, "https://", &rest) && !skip_prefix(u, "http://", &rest) &&
	    !skip_prefix(u, "//", &rest)) {
		return NULL;
	}
	for (i = 0; i < sizeof(players) / sizeof(players[0]); i++) {
		const char *p;

		if (!skip_prefix(rest, players[i].host, &p)) {
			continue;
		}
		id = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");
		if (id == 0 || id > 64 || (p[id] != '\0' && p[id] != '?' && p[id] != '#')) {
			return NULL;
		}
		gz_buf_reset(&c->text);
		gz_buf_puts(&c->text, players[i].to);
		gz_buf_append(&c->text, p, id);
		return gz_buf_err(&c->text) == GZ_OK ? c->text.data : NULL;
	}
	return NULL;
}

/* See internal.h. */
const char *
gz_hm_embed_url(struct gz_hm *c, const xmlNode *n)
{
	const char *s, *rest, *key;
	struct gz_span t;
	size_t i;

	if (n->type != XML_COMMENT_NODE || n->content == NULL) {
		return NULL;
	}
	s = (const char *)n->content;
	t = gz_str_trim(s, strlen(s));
	/* Only a self-closing block ("<!-- wp:embed {...} /-->") has no HTML
	 * of its own to convert; the others' figure is handled as HTML. */
	if (t.n < 2 || t.p[t.n - 1] != '/' ||
	    (!skip_prefix(t.p, "wp:embed ", &rest) && !skip_prefix(t.p, "wp:core-embed/", &rest))) {
		return NULL;
	}
	if ((key = strstr(rest, "\"url\":\"")) == NULL || key >= t.p + t.n) {
		return NULL;
	}
	key += 7;
	gz_buf_reset(&c->text);
	/* The JSON string: only the escapes WordPress writes in URLs. */
	for (i = 0; key + i < t.p + t.n && key[i] != '"'; i++) {
		if (key[i] == '\\') {
			if (key[i + 1] == '/') {
				gz_buf_putc(&c->text, '/');
				i++;
			} else if (strncmp(key + i + 1, "u0026", 5) == 0) {
				gz_buf_putc(&c->text, '&');
				i += 5;
			} else {
				return NULL;
			}
		} else {
			gz_buf_putc(&c->text, key[i]);
		}
	}
	if (gz_buf_err(&c->text) != GZ_OK || c->text.len == 0) {
		return NULL;
	}
	return c->text.data;
}

/* Counts elements as libxml2 builds them, and stops it past the bound. */
struct parse_guard {
	startElementSAXFunc start; /* libxml2's own handler */
	size_t nelems;             /* elements so far */
	int too_many;              /* the bound was passed */
};

/* libxml2's start-element handler behind the element count. */
static void
guarded_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	htmlParserCtxtPtr p = ctx;
	struct parse_guard *g = p->_private;

	if (++g->nelems > GZ_HTML_MD_ELEMENTS) {
		g->too_many = 1;
		xmlStopParser(p);
		return;
	}
	g->start(ctx, name, atts);
}

/*
 * Whether the document is block-editor content (it holds a "<!-- wp:"
 * comment): WordPress does not apply wpautop to it (has_blocks), its
 * newlines are only source formatting.
 */
static int
has_blocks(htmlDocPtr doc)
{
	xmlNode *root = doc != NULL ? xmlDocGetRootElement(doc) : NULL, *cur;

	if (root == NULL) {
		return 0;
	}
	for (cur = root->children; cur != NULL; cur = gz_hm_walk_next(cur, root, 0)) {
		if (cur->type == XML_COMMENT_NODE && cur->content != NULL) {
			const char *s = (const char *)cur->content;

			s += strspn(s, " \t\r\n");
			if (strncmp(s, "wp:", 3) == 0) {
				return 1;
			}
		}
	}
	return 0;
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

/* Once per process: libxml2's globals (and a check of the table order). */
static void
init_libxml(void)
{
	size_t i;

	/* bsearch needs the element table sorted. */
	for (i = 1; i < sizeof(elems) / sizeof(elems[0]); i++) {
		assert(strcmp(elems[i - 1].name, elems[i].name) < 0);
	}
	xmlInitParser();
}

/*
 * The parser's input: "<body>" (so text before any element is not put in
 * an implied <p> that swallows the blocks after it), then html with a
 * leading byte-order mark dropped, NUL and invalid UTF-8 replaced by
 * U+FFFD and other C0 controls but tab, line feed and carriage return
 * dropped (libxml2 would otherwise give up on the encoding).
 */
static void
prepare(struct gz_buf *b, const char *html, size_t len)
{
	static const char fffd[] = "\xef\xbf\xbd";
	size_t i = 0, k;
	uint32_t cp;

	gz_buf_reserve(b, len + 7);
	gz_buf_puts(b, "<body>");
	if (len >= 3 && memcmp(html, "\xef\xbb\xbf", 3) == 0) {
		i = 3;
	}
	while (i < len) {
		unsigned char c = (unsigned char)html[i];

		if (c < 0x80) {
			if (c == 0) {
				gz_buf_append(b, fffd, 3);
			} else if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
				gz_buf_putc(b, (char)c);
			} else if (c == '\f') {
				gz_buf_putc(b, ' ');
			}
			i++;
			continue;
		}
		k = gz_utf8_decode(html + i, len - i, &cp);
		if (k == 0) {
			gz_buf_append(b, fffd, 3);
			i++;
		} else {
			gz_buf_append(b, html + i, k);
			i += k;
		}
	}
}

/* See html_md.h. */
enum gz_err
gz_html_md(struct gz_arena *a, const char *html, size_t len, const struct gz_html_md_opts *o,
           char **out)
{
	static const struct gz_html_md_opts none;
	struct gz_hm *c = NULL;
	struct gz_buf in, md;
	struct parse_guard guard;
	htmlParserCtxtPtr ctxt = NULL;
	htmlDocPtr doc = NULL;
	xmlNode *root;
	enum gz_err rc = GZ_ENOMEM;

	assert(out != NULL);
	*out = NULL;
	gz_buf_init(&in, NULL, 0);
	gz_buf_init(&md, NULL, GZ_MD_MAX);
	if (len > GZ_HTML_MD_MAX) {
		rc = GZ_ETOOBIG;
		goto fail;
	}
	pthread_once(&init_once, init_libxml);
	prepare(&in, html, len);
	if (gz_buf_err(&in) != GZ_OK || in.len > INT_MAX) {
		goto fail;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (c->pieces = malloc(GZ_HM_PIECES * sizeof(c->pieces[0]))) == NULL) {
		goto fail;
	}
	if ((ctxt = htmlNewParserCtxt()) == NULL) {
		goto fail;
	}
	guard.start = ctxt->sax->startElement;
	guard.nelems = 0;
	guard.too_many = 0;
	ctxt->sax->startElement = guarded_start;
	ctxt->_private = &guard;
	/* No network, no error output; entities are HTML's own, decoded by
	 * the parser (an HTML document has no external ones). */
	doc = htmlCtxtReadMemory(ctxt, in.data, (int)in.len, NULL, "UTF-8",
	                         HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	if (guard.too_many) {
		rc = GZ_ETOOBIG;
		goto fail;
	}
	if (ctxt->errNo == XML_ERR_NO_MEMORY) {
		goto fail;
	}
	if (ctxt->errNo == XML_ERR_INTERNAL_ERROR) {
		/* libxml2 stops at nesting deeper than 256, dropping the rest:
		 * refused rather than half converted. */
		rc = GZ_ETOOBIG;
		goto fail;
	}
	c->o = o != NULL ? o : &none;
	c->autop = c->o->autop && !has_blocks(doc);
	gz_buf_init(&c->atom, NULL, GZ_MD_MAX);
	gz_buf_init(&c->text, NULL, 0);
	gz_buf_init(&c->url, NULL, 0);
	gz_mdw_init(&c->w, &md);
	if (doc != NULL && (root = xmlDocGetRootElement(doc)) != NULL) {
		gz_hm_flow(c, root->children, NULL, 0);
	}
	gz_mdw_finish(&c->w);
	if ((rc = gz_buf_err(&md)) != GZ_OK) {
		goto fail;
	}
	if ((*out = gz_arena_strndup(a, gz_buf_str(&md), md.len)) == NULL) {
		rc = GZ_ENOMEM;
		goto fail;
	}
	rc = GZ_OK;
fail:
	if (doc != NULL) {
		xmlFreeDoc(doc);
	}
	if (ctxt != NULL) {
		htmlFreeParserCtxt(ctxt);
	}
	if (c != NULL) {
		gz_buf_free(&c->atom);
		gz_buf_free(&c->text);
		gz_buf_free(&c->url);
		free(c->pieces);
		free(c);
	}
	gz_buf_free(&in);
	gz_buf_free(&md);
	return rc;
}
