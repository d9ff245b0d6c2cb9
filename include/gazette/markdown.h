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
 *     title the image stays in its paragraph, as CommonMark has it.  A
 *     credit line may follow the image (see "Caption and credit" below).
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
#define GZ_MARKDOWN_VERSION 3 /* 2: image hook, credits; 3: body image sizes */

/*
 * Images.  An image on this site may be described by the caller (the
 * renderer cannot read the media library): gz_markdown_render_opts asks
 * its image hook about each such image's address and writes what it says
 * as attributes,
 *   <img src="src" alt="alt" width="w" height="h" srcset="..." sizes="..."
 *        loading="lazy" decoding="async" />
 * (src replaced by the hook's, normally a resized copy; no loading="lazy"
 * on the first opts->eager images of the text, which a reader sees
 * without scrolling).  An image the hook does not know, or any image
 * without a hook, is written as before.  Inside a table cell, where cmark
 * allows none of Gazette's own markup, cmark's <img> stays.
 *
 * Caption and credit (what the admin's image picker writes):
 *     ![alt](/media/x.jpg "Caption")
 *     *Photo: Name*
 * a paragraph holding an image, a line break and one emphasised run,
 * nothing else, is a figure whose caption is the title and whose credit
 * is the emphasised text:
 *   <figure><img ... /><figcaption>Caption <span class="credit">Photo:
 *   Name</span></figcaption></figure>
 * The title may then be empty ("" or none): the figcaption holds the
 * credit alone.  Other Markdown renderers show the same text, the credit
 * in italics under the image.
 */

/* What the image hook says of one image. */
struct gz_markdown_image {
	const char *src;    /* the address to load instead, NULL to keep the written one */
	const char *srcset; /* "url 320w, url 640w, ...", NULL for none */
	const char *sizes;  /* the sizes attribute with srcset, NULL for none */
	long width;         /* src's pixels, 0 when unknown (no width/height then) */
	long height;        /* src's pixels */
};

/*
 * The image hook: fill *out for the image whose address (as written in
 * the text) is url and return 1, or return 0 to leave it as written.
 * Strings it gives must live at least as long as the render (the request
 * arena).  It is called outside cmark, from the renderer's own code.
 */
typedef int gz_markdown_image_fn(void *arg, const char *url, struct gz_markdown_image *out);

/* How to render (gz_markdown_render_opts); zeroed means as gz_markdown_render. */
struct gz_markdown_opts {
	int split_after;             /* as gz_markdown_render's */
	gz_markdown_image_fn *image; /* the image hook, or NULL */
	void *image_arg;             /* handed to it */
	int eager;                   /* the first images loaded without loading="lazy" */
};

/* gz_markdown_render with options: the split, the image hook, eagerness. */
enum gz_err gz_markdown_render_opts(struct gz_arena *a, const char *md, size_t len,
                                    const struct gz_markdown_opts *opts, char **head, char **tail);

#endif
