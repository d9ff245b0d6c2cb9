/*
 * Shared insides of the WordPress layer (src/wordpress).  Each engineer's
 * module keeps its declarations in its own section below; nothing here is
 * exported beyond src/wordpress.
 */
#ifndef GAZETTE_WORDPRESS_INTERNAL_H
#define GAZETTE_WORDPRESS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "gazette/buf.h"
#include "gazette/err.h"

/* ---- HTML to Markdown (html_md.c, md_write.c, shortcode.c) ----
 *
 *   shortcode.c  WordPress's [tag attr="x"] tokens: scanning one, reading
 *                its attributes, the names treated as shortcodes
 *   md_write.c   the Markdown writer: container prefixes (quotes, list
 *                items), block separation, text escaping, emphasis that
 *                CommonMark will read back as emphasis, URLs and titles
 *   html_md.c    the entry point and libxml2's parse, the element table
 *                (the allowlist) and what the walk shares: attributes,
 *                tree walks, text, addresses, images, link cards
 *   html_block.c blocks: headings, lists, quotes, code, tables, figures
 *   html_inline.c runs of inline content: autop, shortcodes, inline
 *                elements
 */

/* What a scanned shortcode token is. */
enum gz_sc_kind {
	GZ_SC_OPEN,    /* [name attrs] */
	GZ_SC_SELF,    /* [name attrs /] */
	GZ_SC_CLOSE,   /* [/name] */
	GZ_SC_ESCAPED, /* [[name attrs]]: stands for the literal text [name attrs] */
};

/* One shortcode token; every pointer points into the scanned text. */
struct gz_sc {
	enum gz_sc_kind kind; /* see above */
	const char *name;     /* the tag name */
	size_t nname;         /* bytes at name */
	const char *attrs;    /* what follows the name up to ']' or '/]' */
	size_t nattrs;        /* bytes at attrs */
	size_t len;           /* bytes of the whole token from its first '[' */
	int known;            /* a name WordPress or Jetpack registers */
	int has_eq;           /* attrs hold a name=value pair */
};

#define GZ_SC_NAME_MAX 64    /* longest tag name recognised */
#define GZ_SC_ATTRS_MAX 4096 /* longest attribute text recognised */

/*
 * Scan the token at s (n bytes, s[0] == '[').  Returns the bytes it covers
 * and fills *sc, or 0 when s does not start a shortcode token (the '[' is
 * then plain text).  Reads at most GZ_SC_NAME_MAX + GZ_SC_ATTRS_MAX + 8
 * bytes.
 */
size_t gz_sc_scan(const char *s, size_t n, struct gz_sc *sc);

/*
 * The value of attribute name in attrs (n bytes), as WordPress's
 * shortcode_parse_atts reads it: name="v", name='v' or name=v.  name ""
 * asks for the first positional value ("[youtube URL]", and the
 * "[youtube=URL]" form).  Returns 1 and sets *v, *vn (pointing into
 * attrs) when present, else 0.
 */
int gz_sc_attr(const char *attrs, size_t n, const char *name, const char **v, size_t *vn);

/*
 * The close tokens of one text or run, to decide whether an unknown
 * "[name]" without attributes opens an enclosing shortcode (its close
 * follows) or is plain text ("[sic]").  Bounded: past GZ_SC_CLOSES_MAX
 * distinct names, later names are not recorded (their opens stay text).
 */
#define GZ_SC_CLOSES_MAX 32
struct gz_sc_closes {
	struct {
		const char *name; /* points into the scanned text */
		size_t nname;     /* bytes at name */
		size_t last;      /* position (caller's unit) of the last close */
	} e[GZ_SC_CLOSES_MAX];
	int n; /* entries used */
};

/* Record a close token of name at position pos. */
void gz_sc_closes_add(struct gz_sc_closes *c, const char *name, size_t nname, size_t pos);

/* 1 when a close token of name was recorded after position pos. */
int gz_sc_closes_after(const struct gz_sc_closes *c, const char *name, size_t nname, size_t pos);

/*
 * Whether the token sc, found at position pos, is treated as a shortcode
 * (dropped, or acted on) rather than text: a known name, a name=value
 * attribute, a self-closing or a close token, or an open whose close
 * follows (closes).  An escaped token is never a shortcode.
 */
int gz_sc_is_shortcode(const struct gz_sc *sc, const struct gz_sc_closes *closes, size_t pos);

/* 1 when sc's name is name. */
int gz_sc_named(const struct gz_sc *sc, const char *name);

/* The Markdown writer (md_write.c). */

enum gz_mdw_block {
	GZ_MDW_PARA = 1,  /* paragraph */
	GZ_MDW_HEADING,   /* ATX heading */
	GZ_MDW_CODE,      /* fenced code */
	GZ_MDW_LIST,      /* a list that may not interrupt a paragraph */
	GZ_MDW_LIST_INTR, /* a list that may (bullets, or numbered from 1) */
	GZ_MDW_QUOTE,     /* block quote */
	GZ_MDW_TABLE,     /* pipe table */
	GZ_MDW_RULE,      /* thematic break */
	GZ_MDW_ITEM,      /* one list item (a block of its list) */
};

enum gz_mdw_level_kind {
	GZ_MDW_DOC, /* the document */
	GZ_MDW_QLV, /* inside a block quote: "> " */
	GZ_MDW_LLV, /* inside a list: its blocks are items, tightly packed */
	GZ_MDW_ILV, /* inside a list item: marker, then its width in spaces */
};

#define GZ_MDW_LEVELS 36 /* document + 35 container levels (a list takes two) */
#define GZ_MDW_DELIMS 96 /* inline delimiters open or waiting at once */
#define GZ_MDW_PEND 64   /* bytes of whitespace kept pending */

struct gz_mdw_level {
	enum gz_mdw_level_kind kind; /* see above */
	char marker[16];             /* item: "- ", "12. " */
	size_t width;                /* item: continuation indent */
	int marker_done;             /* item: marker written */
	int nblocks;                 /* blocks that wrote something here */
	int last;                    /* enum gz_mdw_block of the last of them */
	char last_bullet;            /* its list's marker character, if a list */
	int pending;                 /* a block begun here that wrote nothing yet */
	char pending_bullet;         /* its list's marker character */
	long counter;                /* list: number of the next item */
	int ordered;                 /* list: numbered */
	char bullet;                 /* list: '-', '*', '.' or ')' */
};

/* An inline delimiter: emphasis, strikethrough or a link's bracket. */
struct gz_mdw_delim {
	const char *s; /* "**", "*", "~~" or "[" */
	size_t len;    /* bytes at s */
	int state;     /* pending, open (written at pos), dead */
	size_t pos;    /* where the opener was written */
	int closed;    /* element ended, closer waiting for the next character */
};

struct gz_mdw {
	struct gz_buf *out;                    /* the Markdown */
	struct gz_mdw_level lv[GZ_MDW_LEVELS]; /* container levels, [0] the document */
	int nlv;                               /* levels in use */
	int line_open;                         /* current line's prefix written */
	size_t line_start;                     /* output length after that prefix */
	int line_state;                        /* what the line holds so far (escaping) */
	int ndigits;                           /* digits at the line's start */
	int line_colons;                       /* the line's text so far is only ':' */
	int atstart;                           /* no inline content since block start or break */
	const char *lead;                      /* block's own marker ("## ") awaiting content */
	int single_line;                       /* heading or cell: breaks become spaces */
	int heading;                           /* escape '#' anywhere */
	int cell;                              /* table cell: escape '|' in code spans too */
	char pend[GZ_MDW_PEND];                /* whitespace waiting for content */
	size_t npend;                          /* bytes at pend */
	struct gz_mdw_delim delims[GZ_MDW_DELIMS]; /* inline delimiters, outermost first */
	int ndelims;                               /* entries used */
	size_t tail_punct;                         /* trailing bytes of punctuation text */
	size_t delim_end;                          /* output length after the last delimiters */
	char delim_char;                           /* their character */
	size_t code_start;                         /* where the last code span was written */
	size_t code_end;                           /* and where it ended */
};

void gz_mdw_init(struct gz_mdw *w, struct gz_buf *out);

/* Begin a block of kind at the current level; nothing is written until it
 * has content, so an empty block leaves no trace.  lead is the block's own
 * marker ("## "), written before its first content, or NULL. */
void gz_mdw_block(struct gz_mdw *w, enum gz_mdw_block kind, const char *lead);

/* End the current paragraph, heading or cell's inline content: waiting
 * closers are written, waiting whitespace dropped. */
void gz_mdw_inline_end(struct gz_mdw *w);

/* End the block begun last (gz_mdw_inline_end, and forget it if empty). */
void gz_mdw_block_end(struct gz_mdw *w);

/* 1 when a quote (need 1) or a list (need 2) can still be nested. */
int gz_mdw_can_nest(const struct gz_mdw *w, int need);

/* A block quote: begin, then its blocks, then end. */
void gz_mdw_quote_begin(struct gz_mdw *w);
void gz_mdw_quote_end(struct gz_mdw *w);

/* A list: numbered from start when ordered.  Each item is begun and ended
 * around its blocks; an item that wrote nothing takes no number. */
void gz_mdw_list_begin(struct gz_mdw *w, int ordered, long start);
void gz_mdw_item_begin(struct gz_mdw *w);
void gz_mdw_item_end(struct gz_mdw *w);
void gz_mdw_list_end(struct gz_mdw *w);

/*
 * Text (n bytes of UTF-8) as a reader sees it: ASCII whitespace collapses
 * (a newline is a line break instead when newline_breaks), no-break and
 * other Unicode spaces are kept, control characters dropped, and whatever
 * Markdown would read as syntax is backslash-escaped.
 */
void gz_mdw_text(struct gz_mdw *w, const char *s, size_t n, int newline_breaks);

/* A line break (a space in a heading or table cell). */
void gz_mdw_break(struct gz_mdw *w);

/* A collapsible space. */
void gz_mdw_space(struct gz_mdw *w);

/* Open and close emphasis ("*"), strong ("**") or strikethrough ("~~"). */
void gz_mdw_open(struct gz_mdw *w, const char *delim);
void gz_mdw_close(struct gz_mdw *w);

/* A link: its text goes between open and close; close writes the
 * destination (already formatted by gz_mdw_dest and gz_mdw_title). */
void gz_mdw_link_open(struct gz_mdw *w);
void gz_mdw_link_close(struct gz_mdw *w, const char *dest_title, size_t n);

/* A finished piece of inline Markdown (an image, a code span). */
void gz_mdw_atom(struct gz_mdw *w, const char *md, size_t n);

/* A code span of the text s (n bytes; whitespace collapses), merged into
 * a code span written just before it. */
void gz_mdw_code(struct gz_mdw *w, const char *s, size_t n);

/* Block-level markup written as is (a fence, a table row's pipes). */
void gz_mdw_raw(struct gz_mdw *w, const char *s, size_t n);

/* End the current line. */
void gz_mdw_newline(struct gz_mdw *w);

/* End the document: one final newline when anything was written. */
void gz_mdw_finish(struct gz_mdw *w);

/* Append to b: url as a link destination, "title" as a link title, text
 * escaped for an image's alt text, a code span of text. */
void gz_mdw_dest(struct gz_buf *b, const char *url, size_t n);
void gz_mdw_title(struct gz_buf *b, const char *s, size_t n);
void gz_mdw_escape(struct gz_buf *b, const char *s, size_t n);
void gz_mdw_code_span(struct gz_buf *b, const char *s, size_t n, int cell);

/* 1 when url (n bytes) can be written as an autolink <url>. */
int gz_mdw_autolink_ok(const char *url, size_t n);

/* The converter (html_md.c: parse, block walk; html_inline.c: runs of
 * inline content, autop, shortcodes, inline elements). */

struct gz_html_md_opts;
struct _xmlNode;

/* How an element is treated (html_md.c's table). */
enum gz_hm_kind {
	GZ_HM_INLINE, /* its content, inline (span, font, u, unknown elements) */
	GZ_HM_BLOCK,  /* its content, as blocks (div, p, section, dd...) */
	GZ_HM_DROP,   /* nothing at all (script, style, form, svg...) */
	GZ_HM_H,      /* heading, level in arg */
	GZ_HM_UL,     /* bullet list */
	GZ_HM_OL,     /* numbered list */
	GZ_HM_QUOTE,  /* blockquote */
	GZ_HM_PRE,    /* preformatted: fenced code */
	GZ_HM_TABLE,  /* table */
	GZ_HM_HR,     /* thematic break */
	GZ_HM_FIGURE, /* figure */
	GZ_HM_BR,     /* line break */
	GZ_HM_A,      /* link */
	GZ_HM_IMG,    /* image */
	GZ_HM_STRONG, /* strong, b */
	GZ_HM_EM,     /* em, i, var */
	GZ_HM_DEL,    /* del, s, strike */
	GZ_HM_CODE,   /* code, tt, kbd, samp */
	GZ_HM_Q,      /* inline quotation */
	GZ_HM_IFRAME, /* iframe: a video's link card, else nothing */
};

#define GZ_HM_PIECES 2048 /* pieces of one paragraph held before it is written */
#define GZ_HM_DEPTH 48    /* nesting of blocks, and of inline elements, walked */

enum gz_hm_piece_kind {
	GZ_HM_P_TEXT, /* text (a slice of a text node) */
	GZ_HM_P_NODE, /* an inline element */
	GZ_HM_P_BR,   /* a line break */
	GZ_HM_P_SC,   /* a shortcode token, not yet decided */
	GZ_HM_P_LIT,  /* literal text (an escaped or unknown shortcode) */
	GZ_HM_P_SKIP, /* nothing (a shortcode acted on or dropped) */
};

struct gz_hm_piece {
	enum gz_hm_piece_kind kind; /* see above */
	const char *s;              /* text, token */
	size_t n;                   /* bytes at s; a break: 1 for a <br> element */
	struct _xmlNode *node;      /* GZ_HM_P_NODE */
};

struct gz_hm {
	struct gz_mdw w;                 /* the Markdown being written */
	const struct gz_html_md_opts *o; /* callbacks; never NULL */
	int autop;                       /* wpautop's rule applies */
	int in_link;                     /* inside a link: inner links are text */
	struct gz_buf atom;              /* scratch: an image or code span */
	struct gz_buf text;              /* scratch: flattened text */
	struct gz_buf url;               /* scratch: a cleaned address */
	struct gz_hm_piece *pieces;      /* the paragraph being gathered */
	size_t npieces;                  /* pieces used */
	int para_open;                   /* a paragraph spans gathered chunks */
};

/* html_md.c */

/* How element n is treated, its heading level in *level (0 otherwise).
 * Unknown elements are GZ_HM_INLINE; anything not an element GZ_HM_DROP. */
enum gz_hm_kind gz_hm_kind(const struct _xmlNode *n, int *level);

/* Whether kind starts a block of its own (ends a run of inline content). */
int gz_hm_is_block(enum gz_hm_kind k);

/* 1 when n is an element named name (lower case). */
int gz_hm_is_named(const struct _xmlNode *n, const char *name);

/* 1 when n's class attribute holds a token equal to name, or (prefix) a
 * token starting with name. */
int gz_hm_has_class(const struct _xmlNode *n, const char *name, int prefix);

/*
 * The node after cur in a pre-order walk of root's subtree (cur inside
 * it), not entering cur's children when skip; NULL when the walk is done.
 * Iterative, so depth costs no stack.
 */
struct _xmlNode *gz_hm_walk_next(struct _xmlNode *cur, const struct _xmlNode *root, int skip);

/* Whether a walk should not enter n (dropped elements, comments, text). */
int gz_hm_walk_skip(const struct _xmlNode *n);

/* The value of n's attribute name (ASCII case-insensitive), owned by the
 * tree; "" for an attribute without value, NULL when absent. */
const char *gz_hm_attr(const struct _xmlNode *n, const char *name);

/* Append the text of n and its subtree to b: dropped elements and
 * comments left out, br as the string br, a space at block elements. */
void gz_hm_flat_text(struct gz_buf *b, struct _xmlNode *n, const char *br);

/* Append s (n bytes) to b with ASCII whitespace runs collapsed to one
 * space and none at either end. */
void gz_hm_collapse(struct gz_buf *b, const char *s, size_t n);

/*
 * raw (n bytes) as an address: trimmed and without tabs or newlines as a
 * browser reads it, its scheme http, https (mailto too unless image) or
 * none (relative), no '&' before the first '/', '?' or '#' (an entity
 * libxml2 left undecoded).  In c->url; NULL when refused.
 */
const char *gz_hm_check_url(struct gz_hm *c, const char *raw, size_t n, int image);

/* gz_hm_check_url, then the caller's map_url, whose answer is checked the
 * same way.  The result lives in c->url or the caller's memory. */
const char *gz_hm_clean_url(struct gz_hm *c, const char *raw, size_t n, int image);

/* Write img as an inline image ![alt](src "title"): src checked and
 * mapped (data-src when src is refused), the title caption when given,
 * else img's title when title_ok.  Returns 1 when written. */
int gz_hm_image(struct gz_hm *c, struct _xmlNode *img, const char *caption, int title_ok);

/* A paragraph of img alone with caption as its title (the figure
 * convention); the caption alone when the image is refused. */
void gz_hm_figure(struct gz_hm *c, struct _xmlNode *img, const char *caption);

/* The same from strings (a gallery's attachment). */
void gz_hm_figure_src(struct gz_hm *c, const char *src, const char *alt, const char *caption);

/* A link card paragraph <url> for an absolute http(s) url (n bytes),
 * mapped by map_url (a mapped relative address becomes a plain link);
 * nothing for anything else. */
void gz_hm_card(struct gz_hm *c, const char *url, size_t n);

/* A fenced code block of n's text (a <pre>, or a <code> of several lines
 * under autop): line breaks kept, markup flattened, the fence longer than
 * any backtick run, the language from a class when there is one. */
void gz_hm_code_block(struct gz_hm *c, struct _xmlNode *n);

/* The watch address of a YouTube or Vimeo player address src (an
 * iframe's), in c->text, or NULL. */
const char *gz_hm_video_url(struct gz_hm *c, const char *src);

/* The address of a self-closing Gutenberg embed comment
 * ("<!-- wp:embed {"url":"..."} /-->"), in c->text, or NULL. */
const char *gz_hm_embed_url(struct gz_hm *c, const struct _xmlNode *n);

/* html_block.c */

/* The nodes from first up to end (siblings; end exclusive, NULL for all)
 * as blocks, depth blocks deep: block elements each on their own (past
 * GZ_HM_DEPTH as a paragraph of their text), every run of inline content
 * between them to gz_hm_run. */
void gz_hm_flow(struct gz_hm *c, struct _xmlNode *first, struct _xmlNode *end, int depth);

/* html_inline.c */

/* The inline content from first up to end (siblings; end exclusive, NULL
 * for all): paragraphs, with wpautop, shortcodes and link cards. */
void gz_hm_run(struct gz_hm *c, struct _xmlNode *first, struct _xmlNode *end);

/* Node n inside a paragraph, heading or cell, depth inline elements deep
 * (flattened to its text past GZ_HM_DEPTH). */
void gz_hm_inline(struct gz_hm *c, struct _xmlNode *n, int depth);

/* n's children with gz_hm_inline. */
void gz_hm_inline_children(struct gz_hm *c, struct _xmlNode *n, int depth);

/* ---- end of HTML to Markdown ---- */

#endif
