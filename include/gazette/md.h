/*
 * Markdown parsing that cannot abort the process, and Markdown as plain
 * text (src/core/md.c).  The model makes search text with gz_md_text; the
 * view renders HTML (markdown.h) from gz_md_parse inside gz_md_protected.
 */
#ifndef GAZETTE_MD_H
#define GAZETTE_MD_H

#include <stddef.h>

#include "gazette/err.h"

struct gz_arena;
struct cmark_node;

/* CMARK_OPT_DEFAULT is the safe mode in cmark 0.30: raw HTML and dangerous
 * URLs are not rendered. */
#define GZ_MD_OPTS (CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_SMART)

#define GZ_MD_MAX (1024 * 1024) /* largest Markdown source accepted (an article body) */

/*
 * Run fn(arg), which calls cmark, with cmark's memory on this thread's
 * bounded heap.  Returns fn's result, or GZ_ENOMEM / GZ_ETOOBIG when an
 * allocation was refused (fn was then abandoned where it stood, so it must
 * hold nothing but arena memory); either way every block cmark still held
 * is freed.  A refusal for want of memory is noted on arena a
 * (gz_arena_note_nomem).  Not reentrant on one thread.
 */
enum gz_err gz_md_protected(struct gz_arena *a, enum gz_err (*fn)(void *), void *arg);

/* Parse md (len bytes) with GZ_MD_OPTS; only inside gz_md_protected.  The
 * document is freed with cmark_node_free, also only inside. */
struct cmark_node *gz_md_parse(const char *md, size_t len);

/* Free what cmark returned from a parsed document (cmark_render_html's
 * string); only inside gz_md_protected. */
void gz_md_free(void *p);

/*
 * Plain text of md for summaries, feeds and search: the text of every
 * block, joined by single spaces, markup and link targets removed, a
 * heading that does not end a sentence followed by " —", in the arena.
 * GZ_ETOOBIG when len exceeds GZ_MD_MAX or cmark would pass its budget;
 * GZ_ENOMEM when memory was refused.  Never aborts.
 */
enum gz_err gz_md_text(struct gz_arena *a, const char *md, size_t len, char **out);

#endif
