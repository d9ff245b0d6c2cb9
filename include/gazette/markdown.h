/*
 * Markdown to HTML through cmark-gfm, in its safe mode: raw HTML in the
 * source is dropped and links or images with javascript:, vbscript:, file:
 * or non-image data: URLs are emptied.  The result is the only HTML that
 * may reach a page unescaped (as a trusted value of the template module).
 *
 * Besides CommonMark it renders GitHub's tables (each wrapped in
 * <div class="table-wrap" role="region" aria-label="Table" tabindex="0">
 * so a wide one scrolls on a phone, by touch or keyboard; a column's
 * alignment as a class, <td class="align-right">, since HTML5 made the
 * align attribute obsolete and the page's Content-Security-Policy blocks
 * style attributes), ~~strikethrough~~ as <del> and bare URLs as links
 * (md.h).  Headings never skip a level: each is lowered to at most one
 * below the heading before it, the first to at most <h2> (the page's title
 * is the <h1>), so "### Notes" under the title is an <h2>.  An image on
 * another site is never loaded: it is shown as its alt text and host, a
 * link to it (<a class="offsite-image">), or a <span class="offsite-image">
 * inside a link, since a link may not hold another.  And two conventions
 * of Gazette's, which the WordPress importer writes (html_md.h):
 *
 *   - figure: a paragraph whose only child is an image with a non-empty
 *     title, ![alt](src "caption"), is
 *       <figure><img src="src" alt="alt" loading="lazy" /><figcaption>caption</figcaption></figure>
 *     (src emptied by the same rule as cmark's when dangerous).  Without a
 *     title the image stays in its paragraph, as CommonMark has it.
 *   - link card: a top-level paragraph whose only child is a link whose
 *     text is its own http or https URL (<https://youtu.be/x>, or the URL
 *     alone on its line) is
 *       <p class="link-card link-card-video"><a href="URL" rel="nofollow noopener external">Watch
 * on YouTube</a> <span>URL</span></p> "Watch on YouTube", "Watch on Vimeo" or "Watch on
 * Dailymotion" (and the class link-card-video) for those video sites, otherwise <p
 * class="link-card">...Open link on example.com...: a plain link, so the page makes no request to
 * the third party (no iframe, no thumbnail) until the reader clicks.  Inside a list or a quote the
 *     link stays a link.
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
 * the split_after-th paragraph (a figure or link card counts as the
 * paragraph it is written as): *head gets the blocks up to it, *tail the
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

/*
 * The renderer's version.  Article bodies' HTML is stored at save time
 * with the version that made it (sql/018_body_html.sql); a program with
 * another version renders them again.  Increase it with every change to
 * what gz_markdown_render outputs for a given input (a new convention, an
 * attribute, an image's size or copies read from elsewhere).
 */
#define GZ_MARKDOWN_VERSION 1

#endif
