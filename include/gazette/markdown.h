/*
 * Markdown to HTML through cmark, in its safe mode: raw HTML in the source
 * is dropped and links or images with javascript:, vbscript:, file: or
 * non-image data: URLs are emptied.  The result is the only HTML that may
 * reach a page unescaped (as a trusted value of the template module).
 */
#ifndef GAZETTE_MARKDOWN_H
#define GAZETTE_MARKDOWN_H

#include <stddef.h>

#include "gazette/err.h"
#include "gazette/md.h"

struct gz_arena;

/*
 * Render md (len bytes, need not be NUL-terminated) to HTML in the arena.
 * When split_after > 0 the output is cut after the top-level block holding
 * the split_after-th paragraph: *head gets the blocks up to it, *tail the
 * rest ("" when the text is shorter), so a page can insert something (a
 * "See also" link) between them.  With split_after == 0 everything is in
 * *head.  Invalid UTF-8 is replaced by U+FFFD by cmark.  Returns GZ_OK,
 * GZ_ENOMEM (the system refused memory, to cmark or to the arena; a
 * refusal to cmark is also noted on a with gz_arena_note_nomem), or
 * GZ_ETOOBIG when len exceeds GZ_MARKDOWN_MAX or cmark would need more
 * than its per-call budget.  Never aborts, whatever malloc does.
 */
enum gz_err gz_markdown_render(struct gz_arena *a, const char *md, size_t len, int split_after,
                               char **head, char **tail);

#define GZ_MARKDOWN_MAX GZ_MD_MAX /* largest article body accepted */

#endif
