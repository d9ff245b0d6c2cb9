/*
 * Markdown parsing that cannot abort the process, and Markdown as plain
 * text (src/core/md.c).  The model makes search text with gz_md_text; the
 * view renders HTML (markdown.h) from gz_md_parse inside gz_md_protected.
 *
 * The Markdown is CommonMark as cmark-gfm reads it, with three of GitHub's
 * extensions attached to every parse: tables, ~~strikethrough~~ (two
 * tildes only, so "~5 km" stays text) and autolinks (a bare
 * https://... or www.... becomes a link).  Gazette's renderer adds two
 * conventions (markdown.h): a paragraph holding only an image with a
 * title is a figure, the title its caption; a top-level paragraph holding
 * only a link whose text is its http(s) URL is a link card.
 */
#ifndef GAZETTE_MD_H
#define GAZETTE_MD_H

#include <stddef.h>

#include "gazette/err.h"

struct gz_arena;
struct cmark_node;

/* Options of every parse and render (the CMARK_OPT_ macros are
 * <cmark-gfm.h>'s).  Safe mode is cmark-gfm's default (CMARK_OPT_UNSAFE is
 * never set): raw HTML is not rendered and javascript:, vbscript:, file:
 * and non-image data: URLs are emptied. */
#define GZ_MD_OPTS                                                                                 \
	(CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_SMART |                           \
	 CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE)

#define GZ_MD_MAX (1024 * 1024) /* largest Markdown source accepted (an article body) */

/*
 * Run fn(arg), which calls cmark, with cmark's memory on this thread's
 * bounded heap.  Returns fn's result, or GZ_ENOMEM / GZ_ETOOBIG when an
 * allocation was refused (fn was then abandoned where it stood, so it must
 * hold nothing but arena memory); either way every block cmark still held
 * is freed.  A refusal for want of memory is noted on arena a
 * (gz_arena_note_nomem).  GZ_EINVAL, without calling fn, when the
 * installed cmark-gfm lacks one of the extensions.  Not reentrant on one
 * thread; any number of threads may call it at once.
 */
enum gz_err gz_md_protected(struct gz_arena *a, enum gz_err (*fn)(void *), void *arg);

/* Parse md (len bytes) with GZ_MD_OPTS and the extensions; only inside
 * gz_md_protected.  The document is freed with cmark_node_free, also only
 * inside.  Parses on all threads take turns (md.c says why). */
struct cmark_node *gz_md_parse(const char *md, size_t len);

/* cmark's HTML for node n and what is under it, with GZ_MD_OPTS and the
 * extensions' renderers (tables, strikethrough); only inside
 * gz_md_protected; freed with gz_md_free. */
char *gz_md_render_html(struct cmark_node *n);

/* A new custom block on the bounded heap whose HTML is on_enter, then its
 * children's, then on_exit, both copied and written as they are: the
 * caller escapes.  Link it into a document (or free it with
 * cmark_node_free); only inside gz_md_protected. */
struct cmark_node *gz_md_custom_block(const char *on_enter, const char *on_exit);

/* A new node of cmark's type (CMARK_NODE_TEXT, CMARK_NODE_LINK...) on the
 * bounded heap; only inside gz_md_protected. */
struct cmark_node *gz_md_node_new(int type);

/* The same as an inline (it may stand where an image or a link stood). */
struct cmark_node *gz_md_custom_inline(const char *on_enter, const char *on_exit);

/* The only child of paragraph para, not counting empty text nodes (the
 * autolink extension leaves one before a link it makes), or NULL when it
 * has none or several: how the figure and link-card conventions find
 * their image or link. */
struct cmark_node *gz_md_lone_child(struct cmark_node *para);

/* Free what cmark returned from a parsed document (cmark_render_html's
 * string); only inside gz_md_protected. */
void gz_md_free(void *p);

/*
 * Plain text of md for summaries, feeds and search: the text of every
 * block (table cells and rows included), joined by single spaces, markup
 * and link targets removed, a heading that does not end a sentence
 * followed by " —", a figure's caption after its alt text, in the arena.
 * GZ_ETOOBIG when len exceeds GZ_MD_MAX or cmark would pass its budget;
 * GZ_ENOMEM when memory was refused.  Never aborts.
 */
enum gz_err gz_md_text(struct gz_arena *a, const char *md, size_t len, char **out);

#endif
