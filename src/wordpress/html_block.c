/*
 * Block elements to Markdown blocks (see html_md.c for the whole): the
 * walk over a container's children that cuts them into blocks and runs of
 * inline content, and the blocks themselves: headings, lists, quotes,
 * fenced code, GitHub tables, figures and galleries.  It knows the tree
 * libxml2 built and which elements make which block; inline content is
 * html_inline.c's, Markdown syntax md_write.c's.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "gazette/html_md.h"
#include "gazette/str.h"

#include "internal.h"

static const char *const heading_lead[] = {"# ", "## ", "### ", "#### ", "##### ", "###### "};

/* An ATX heading of level: its content on one line, '#' escaped. */
static void
heading(struct gz_hm *c, xmlNode *n, int level)
{
	struct gz_mdw *w = &c->w;

	gz_mdw_block(w, GZ_MDW_HEADING, heading_lead[level - 1]);
	w->single_line = 1;
	w->heading = 1;
	gz_hm_inline_children(c, n, 0);
	gz_mdw_block_end(w);
	w->single_line = 0;
	w->heading = 0;
}

/* Whether n holds only whitespace text (or nothing) and comments. */
static int
blank_node(const xmlNode *n)
{
	const char *s;

	if (n->type == XML_COMMENT_NODE) {
		return 1;
	}
	if (n->type != XML_TEXT_NODE) {
		return 0;
	}
	for (s = (const char *)n->content; s != NULL && *s != '\0'; s++) {
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r' && *s != '\f') {
			return 0;
		}
	}
	return 1;
}

/*
 * A list: numbered from start= when ordered, each <li> an item of blocks,
 * content outside any <li> an item of its own.  Past the writer's
 * nesting room, the items' blocks without the list.
 */
static void
list(struct gz_hm *c, xmlNode *n, int ordered, int depth)
{
	const char *st;
	xmlNode *ch, *end;
	long start = 1;

	if (!gz_mdw_can_nest(&c->w, 2)) {
		gz_hm_flow(c, n->children, NULL, depth + 1);
		return;
	}
	if (ordered && (st = gz_hm_attr(n, "start")) != NULL) {
		char *e;
		long v = strtol(st, &e, 10);

		start = e != st ? v : 1;
	}
	gz_mdw_list_begin(&c->w, ordered, start);
	for (ch = n->children; ch != NULL; ch = end) {
		end = ch->next;
		if (blank_node(ch)) {
			continue;
		}
		gz_mdw_item_begin(&c->w);
		if (gz_hm_is_named(ch, "li")) {
			gz_hm_flow(c, ch->children, NULL, depth + 1);
		} else {
			/* Content outside any item: one item of its own, as far as
			 * the next <li>. */
			while (end != NULL && !gz_hm_is_named(end, "li")) {
				end = end->next;
			}
			gz_hm_flow(c, ch, end, depth + 1);
		}
		gz_mdw_item_end(&c->w);
	}
	gz_mdw_list_end(&c->w);
}

/* A block quote of n's blocks (its blocks alone past the nesting room). */
static void
quote(struct gz_hm *c, xmlNode *n, int depth)
{
	if (!gz_mdw_can_nest(&c->w, 1)) {
		gz_hm_flow(c, n->children, NULL, depth + 1);
		return;
	}
	gz_mdw_quote_begin(&c->w);
	gz_hm_flow(c, n->children, NULL, depth + 1);
	gz_mdw_quote_end(&c->w);
}

/* The language of a code block from class="language-x", "lang-x" or
 * SyntaxHighlighter's "brush: x;", written to b; only [A-Za-z0-9_+.#-]. */
static void
code_info(struct gz_buf *b, const xmlNode *n)
{
	static const char ok[] =
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+.#-";
	const char *cls = gz_hm_attr(n, "class"), *p;
	size_t len;

	if (cls == NULL) {
		return;
	}
	if ((p = strstr(cls, "language-")) != NULL) {
		p += 9;
	} else if ((p = strstr(cls, "lang-")) != NULL) {
		p += 5;
	} else if ((p = strstr(cls, "brush:")) != NULL) {
		p += 6;
		p += strspn(p, " ");
	} else {
		return;
	}
	len = strspn(p, ok);
	if (len > 0 && len <= 32) {
		gz_buf_append(b, p, len);
	}
}

/*
 * See internal.h.  Trailing spaces of each line and blank lines at the
 * ends go; a text with a backtick run longer than any fence gets a tilde
 * fence.
 */
void
gz_hm_code_block(struct gz_hm *c, xmlNode *n)
{
	struct gz_buf *t = &c->text;
	size_t i, run = 0, longest = 2, s, e, ls, le;
	xmlNode *code;
	char fence[64];
	size_t nfence;

	gz_buf_reset(t);
	gz_hm_flat_text(t, n, "\n");
	if (gz_buf_err(t) != GZ_OK) {
		c->w.out->err = gz_buf_err(t);
		return;
	}
	/* Line ends to "\n" in place. */
	for (i = 0, e = 0; i < t->len; i++) {
		if (t->data[i] == '\r') {
			if (i + 1 < t->len && t->data[i + 1] == '\n') {
				continue;
			}
			t->data[e++] = '\n';
		} else {
			t->data[e++] = t->data[i];
		}
	}
	gz_buf_truncate(t, e);
	/* Whole blank lines at both ends go (the newline after <pre> too). */
	for (s = 0, i = 0; i < t->len; i++) {
		if (t->data[i] == '\n') {
			s = i + 1;
		} else if (t->data[i] != ' ' && t->data[i] != '\t') {
			break;
		}
	}
	if (i == t->len) {
		return; /* nothing but whitespace */
	}
	for (e = t->len;
	     e > s && (t->data[e - 1] == ' ' || t->data[e - 1] == '\t' || t->data[e - 1] == '\n');
	     e--) {
	}
	for (i = s; i < e; i++) {
		run = t->data[i] == '`' ? run + 1 : 0;
		longest = run > longest ? run : longest;
	}
	nfence = longest + 1 < sizeof(fence) ? longest + 1 : sizeof(fence) - 1;
	if (nfence <= longest) {
		/* A backtick run longer than any fence: tildes, escaped none. */
		memset(fence, '~', 3);
		nfence = 3;
		for (i = s, run = 0; i < e; i++) {
			run = t->data[i] == '~' ? run + 1 : 0;
			if (run >= nfence && nfence < sizeof(fence) - 1) {
				nfence = run + 1 < sizeof(fence) ? run + 1 : sizeof(fence) - 1;
			}
		}
		memset(fence, '~', nfence);
	} else {
		memset(fence, '`', nfence);
	}
	gz_mdw_block(&c->w, GZ_MDW_CODE, NULL);
	gz_buf_reset(&c->atom);
	gz_buf_append(&c->atom, fence, nfence);
	code_info(&c->atom, n);
	for (code = n->children; code != NULL && c->atom.len == nfence; code = code->next) {
		if (code->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)code->name, "code") == 0) {
			code_info(&c->atom, code);
		}
	}
	gz_mdw_raw(&c->w, c->atom.data, c->atom.len);
	for (ls = s; ls <= e; ls = le + 1) {
		const char *nl = memchr(t->data + ls, '\n', e - ls);
		size_t k;

		le = nl != NULL ? (size_t)(nl - t->data) : e;
		gz_mdw_newline(&c->w);
		for (k = le; k > ls && (t->data[k - 1] == ' ' || t->data[k - 1] == '\t'); k--) {
		}
		if (k > ls) {
			gz_mdw_raw(&c->w, t->data + ls, k - ls);
		}
		if (nl == NULL) {
			break;
		}
	}
	gz_mdw_newline(&c->w);
	gz_mdw_raw(&c->w, fence, nfence);
	gz_mdw_block_end(&c->w);
}

/* Whether n's subtree has something a reader sees: non-space text (a
 * no-break space does not count) or an image. */
static int
visible(xmlNode *n)
{
	xmlNode *cur;
	int lv;

	for (cur = n->children; cur != NULL; cur = gz_hm_walk_next(cur, n, gz_hm_walk_skip(cur))) {
		if (cur->type == XML_TEXT_NODE && cur->content != NULL) {
			const unsigned char *s;

			for (s = cur->content; *s != '\0'; s++) {
				if (s[0] == 0xc2 && s[1] == 0xa0) {
					s++;
				} else if (*s > 0x20) {
					return 1;
				}
			}
		} else if (cur->type == XML_ELEMENT_NODE && gz_hm_kind(cur, &lv) == GZ_HM_IMG) {
			return 1;
		}
	}
	return 0;
}

/* Write one row of the table: "| a | b |", padded to ncols cells. */
static void
table_row(struct gz_hm *c, xmlNode *tr, size_t ncols)
{
	struct gz_mdw *w = &c->w;
	xmlNode *cell;
	size_t i = 0;

	gz_mdw_raw(w, "|", 1);
	for (cell = tr->children; cell != NULL; cell = cell->next) {
		if (!gz_hm_is_named(cell, "td") && !gz_hm_is_named(cell, "th")) {
			continue;
		}
		gz_mdw_raw(w, " ", 1);
		w->single_line = 1;
		w->cell = 1;
		gz_hm_inline_children(c, cell, 0);
		gz_mdw_inline_end(w);
		w->single_line = 0;
		w->cell = 0;
		gz_mdw_raw(w, " |", 2);
		i++;
	}
	for (; i < ncols; i++) {
		gz_mdw_raw(w, "  |", 3);
	}
}

/* The number of td and th cells of a row. */
static size_t
row_cells(const xmlNode *tr)
{
	const xmlNode *cell;
	size_t n = 0;

	for (cell = tr->children; cell != NULL; cell = cell->next) {
		n += gz_hm_is_named(cell, "td") || gz_hm_is_named(cell, "th");
	}
	return n;
}

/*
 * A GitHub pipe table: the rows of thead, tbody, tfoot and the table
 * itself in document order, the first row of thead (else the first row)
 * as the header, every row padded to the widest.  Cells are inline text;
 * a <caption> becomes a paragraph before the table.
 */
static void
table(struct gz_hm *c, xmlNode *n, int depth)
{
	xmlNode *ch, *tr, **rows = NULL, **grown;
	size_t nrows = 0, cap = 0, head = 0, ncols = 0, i, k;
	int have_head = 0;

	if (!visible(n)) {
		return;
	}
	for (ch = n->children; ch != NULL; ch = ch->next) {
		int sec = gz_hm_is_named(ch, "thead") || gz_hm_is_named(ch, "tbody") ||
		          gz_hm_is_named(ch, "tfoot");

		if (gz_hm_is_named(ch, "caption")) {
			gz_hm_flow(c, ch, ch->next, depth + 1);
			continue;
		}
		if (!sec && !gz_hm_is_named(ch, "tr")) {
			continue;
		}
		for (tr = sec ? ch->children : ch; tr != NULL; tr = sec ? tr->next : NULL) {
			if (!gz_hm_is_named(tr, "tr") || (k = row_cells(tr)) == 0) {
				continue;
			}
			if (nrows == cap) {
				cap = cap ? 2 * cap : 16;
				if ((grown = realloc(rows, cap * sizeof(rows[0]))) == NULL) {
					c->w.out->err = GZ_ENOMEM;
					free(rows);
					return;
				}
				rows = grown;
			}
			if (!have_head && gz_hm_is_named(ch, "thead")) {
				head = nrows;
				have_head = 1;
			}
			rows[nrows++] = tr;
			ncols = k > ncols ? k : ncols;
		}
	}
	if (nrows > 0) {
		gz_mdw_block(&c->w, GZ_MDW_TABLE, NULL);
		table_row(c, rows[head], ncols);
		gz_mdw_newline(&c->w);
		gz_mdw_raw(&c->w, "|", 1);
		for (k = 0; k < ncols; k++) {
			gz_mdw_raw(&c->w, " --- |", 6);
		}
		for (i = 0; i < nrows; i++) {
			if (i != head) {
				gz_mdw_newline(&c->w);
				table_row(c, rows[i], ncols);
			}
		}
		gz_mdw_block_end(&c->w);
	}
	free(rows);
}

/* What a figure holds, from one walk of its subtree. */
struct figure_scan {
	size_t nimg;     /* images */
	int complex;     /* tables, quotes, code, headings, lists outside galleries */
	int stray;       /* text outside the caption */
	xmlNode *img;    /* the first image */
	xmlNode *figcap; /* the figure's own caption (a child) */
};

/* Fill *fs from one walk of n's subtree (its own figcaption from its
 * children); lists count as complex unless n is a gallery. */
static void
figure_scan(xmlNode *n, int gallery, struct figure_scan *fs)
{
	xmlNode *cur;
	int lv;

	memset(fs, 0, sizeof(*fs));
	for (cur = n->children; cur != NULL; cur = cur->next) {
		if (gz_hm_is_named(cur, "figcaption") && fs->figcap == NULL) {
			fs->figcap = cur;
		}
	}
	for (cur = n->children; cur != NULL;
	     cur = gz_hm_walk_next(cur, n,
	                           gz_hm_walk_skip(cur) || gz_hm_is_named(cur, "figcaption"))) {
		if (cur->type == XML_TEXT_NODE && !blank_node(cur)) {
			fs->stray = 1;
		}
		if (cur->type != XML_ELEMENT_NODE) {
			continue;
		}
		switch (gz_hm_kind(cur, &lv)) {
		case GZ_HM_IMG:
			fs->img = fs->img != NULL ? fs->img : cur;
			fs->nimg++;
			break;
		case GZ_HM_UL:
		case GZ_HM_OL:
			fs->complex |= !gallery;
			break;
		case GZ_HM_TABLE:
		case GZ_HM_QUOTE:
		case GZ_HM_PRE:
		case GZ_HM_H:
		case GZ_HM_IFRAME:
			fs->complex = 1;
			break;
		default:
			break;
		}
	}
}

/* The caption text of cap (a figcaption), collapsed, in c->text; NULL
 * when there is none. */
static const char *
caption_text(struct gz_hm *c, xmlNode *cap)
{
	struct gz_buf raw;
	const char *r = NULL;

	if (cap == NULL) {
		return NULL;
	}
	gz_buf_init(&raw, NULL, 0);
	gz_hm_flat_text(&raw, cap, " ");
	gz_buf_reset(&c->text);
	gz_hm_collapse(&c->text, gz_buf_str(&raw), raw.len);
	if (gz_buf_err(&raw) != GZ_OK || gz_buf_err(&c->text) != GZ_OK) {
		c->w.out->err = gz_buf_err(&raw) ? gz_buf_err(&raw) : gz_buf_err(&c->text);
	} else if (c->text.len > 0) {
		r = c->text.data;
	}
	gz_buf_free(&raw);
	return r;
}

/*
 * A figure: a Gutenberg embed becomes its link card; one image with its
 * caption the figure paragraph; a gallery (Gutenberg's, or any figure of
 * several images) one figure per image, each with the caption of its own
 * inner figure; anything else (a table or quote with a caption) its
 * content as blocks.
 */
static void
figure(struct gz_hm *c, xmlNode *n, int depth)
{
	struct figure_scan fs;
	xmlNode *cur, *up, *cap = NULL, *last_up = NULL;
	int gallery = gz_hm_has_class(n, "wp-block-gallery", 0), lv;

	if (gz_hm_has_class(n, "wp-block-embed", 1)) {
		for (cur = n->children; cur != NULL;
		     cur = gz_hm_walk_next(cur, n, gz_hm_walk_skip(cur))) {
			if (cur->type == XML_ELEMENT_NODE &&
			    gz_hm_has_class(cur, "wp-block-embed__wrapper", 0)) {
				struct gz_buf raw;
				struct gz_span u;

				gz_buf_init(&raw, NULL, 0);
				gz_hm_flat_text(&raw, cur, " ");
				u = gz_str_trim(gz_buf_str(&raw), raw.len);
				if (gz_mdw_autolink_ok(u.p, u.n)) {
					gz_hm_card(c, u.p, u.n);
					gz_buf_free(&raw);
					figure_scan(n, 0, &fs);
					if (fs.figcap != NULL) {
						gz_hm_flow(c, fs.figcap, fs.figcap->next,
						           depth + 1);
					}
					return;
				}
				gz_buf_free(&raw);
				break;
			}
		}
	}
	figure_scan(n, gallery, &fs);
	if (fs.nimg == 0 || fs.complex || (fs.nimg == 1 && fs.stray)) {
		gz_hm_flow(c, n->children, NULL, depth + 1);
		return;
	}
	if (fs.nimg == 1) {
		gz_hm_figure(c, fs.img, caption_text(c, fs.figcap));
		return;
	}
	for (cur = n->children; cur != NULL; cur = gz_hm_walk_next(cur, n, gz_hm_walk_skip(cur))) {
		if (cur->type != XML_ELEMENT_NODE || gz_hm_kind(cur, &lv) != GZ_HM_IMG) {
			continue;
		}
		/* The caption of the nearest figure around the image, inside n;
		 * images in a row share it, so it is looked up once for them. */
		for (up = cur->parent; up != NULL && up != n && !gz_hm_is_named(up, "figure");
		     up = up->parent) {
		}
		if (up == n || up == NULL) {
			cap = NULL;
		} else if (up != last_up) {
			for (cap = up->children; cap != NULL && !gz_hm_is_named(cap, "figcaption");
			     cap = cap->next) {
			}
		}
		last_up = up;
		gz_hm_figure(c, cur, caption_text(c, cap));
	}
	figure_scan(n, gallery, &fs);
	if (fs.figcap != NULL) {
		gz_hm_flow(c, fs.figcap, fs.figcap->next, depth + 1);
	}
}

/* One block element. */
static void
block(struct gz_hm *c, xmlNode *n, int depth)
{
	int lv;
	enum gz_hm_kind k = gz_hm_kind(n, &lv);

	if (depth >= GZ_HM_DEPTH) {
		/* Deeper than anything written by hand: its text as a paragraph. */
		gz_buf_reset(&c->text);
		gz_hm_flat_text(&c->text, n, " ");
		gz_mdw_block(&c->w, GZ_MDW_PARA, NULL);
		gz_mdw_text(&c->w, gz_buf_str(&c->text), c->text.len, 0);
		gz_mdw_block_end(&c->w);
		return;
	}
	switch (k) {
	case GZ_HM_H:
		if (visible(n)) {
			heading(c, n, lv);
		}
		break;
	case GZ_HM_UL:
	case GZ_HM_OL:
		list(c, n, k == GZ_HM_OL, depth);
		break;
	case GZ_HM_QUOTE:
		quote(c, n, depth);
		break;
	case GZ_HM_PRE:
		gz_hm_code_block(c, n);
		break;
	case GZ_HM_TABLE:
		table(c, n, depth);
		break;
	case GZ_HM_HR:
		gz_mdw_block(&c->w, GZ_MDW_RULE, NULL);
		gz_mdw_raw(&c->w, "___", 3);
		gz_mdw_block_end(&c->w);
		break;
	case GZ_HM_FIGURE:
		figure(c, n, depth);
		break;
	default:
		gz_hm_flow(c, n->children, NULL, depth + 1);
		break;
	}
}

/* See internal.h. */
void
gz_hm_flow(struct gz_hm *c, xmlNode *first, xmlNode *end, int depth)
{
	xmlNode *n, *run = NULL;
	int lv;

	for (n = first; n != end && gz_buf_err(c->w.out) == GZ_OK; n = n->next) {
		if (n->type == XML_ELEMENT_NODE && gz_hm_is_block(gz_hm_kind(n, &lv))) {
			if (run != NULL) {
				gz_hm_run(c, run, n);
				run = NULL;
			}
			block(c, n, depth);
		} else if (run == NULL) {
			run = n;
		}
	}
	if (run != NULL && gz_buf_err(c->w.out) == GZ_OK) {
		gz_hm_run(c, run, end);
	}
}
