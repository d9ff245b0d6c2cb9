/*
 * WordPress post HTML to Gazette's article format, Markdown
 * (src/wordpress/html_md.c).  The HTML is parsed by libxml2's HTML parser,
 * never by pattern matching, and walked against an allowlist: headings,
 * paragraphs, line breaks, emphasis, strikethrough, code, lists, tables,
 * quotes, rules, links, images and figures with captions survive; script,
 * style, iframes, objects, forms, event handlers and any URL whose scheme is
 * not http, https, mailto or a relative path are dropped (their text, where
 * it is text a reader saw, is kept as plain text).
 *
 * What WordPress adds to HTML is handled first: Gutenberg block comments
 * are ignored (their inner HTML is converted like any other; an embed block
 * becomes its URL), classic-editor text gets paragraphs from blank lines
 * and line breaks from single newlines (wpautop's rule), [caption] becomes
 * a figure, [gallery ids="..."] the attachments' figures, [embed]URL[/embed]
 * and a URL alone on its line become a link card; other shortcodes are
 * dropped, their enclosed text kept.
 *
 * The Markdown it writes uses only what Gazette renders (markdown.h):
 * CommonMark plus GitHub's tables and ~~strikethrough~~, and two
 * conventions of Gazette's renderer:
 *   - a paragraph holding only an image with a title, ![alt](src "caption"),
 *     is a figure and the title its caption;
 *   - a paragraph holding only an autolink, <https://youtu.be/x>, is a link
 *     card: a link to the third party, no request to it until a click.
 * Text is escaped so that nothing in it reads as Markdown syntax.
 */
#ifndef GAZETTE_HTML_MD_H
#define GAZETTE_HTML_MD_H

#include <stddef.h>

#include "gazette/err.h"

struct gz_arena;

#define GZ_HTML_MD_MAX (4 * 1024 * 1024) /* largest HTML accepted */
#define GZ_HTML_MD_ELEMENTS 100000 /* most elements accepted (libxml2's tree costs ~300 B each) */

struct gz_html_md_opts {
	void *ctx; /* passed to the callbacks */
	/*
	 * The address to use for url, an image's src when is_image, else a
	 * link's href: the importer maps the old site's uploads to the imported
	 * media ("/media/<hash>.jpg") and its permalinks to the new paths.
	 * Returns a string that lives at least until gz_html_md returns, or
	 * NULL to keep url as it is.  NULL callback: keep every URL.
	 */
	const char *(*map_url)(void *ctx, const char *url, int is_image);
	/*
	 * For [gallery ids="1,2"]: the attachment's image address and its alt
	 * text and caption ("" when none), or NULL when id is not known (that
	 * image is left out).  NULL callback: galleries are dropped.
	 */
	const char *(*attachment)(void *ctx, long id, const char **alt, const char **caption);
	/*
	 * 1: apply wpautop's paragraph rule (WordPress's default for post
	 * content).  As in WordPress, block-editor content (HTML holding a
	 * "<!-- wp:" comment) never gets it, so the importer may always pass 1.
	 */
	int autop;
};

/*
 * Convert html (len bytes, need not be NUL-terminated) to Markdown in the
 * arena (*out).  Returns GZ_OK, GZ_ETOOBIG when len exceeds GZ_HTML_MD_MAX,
 * the HTML holds more than GZ_HTML_MD_ELEMENTS elements or nests them
 * deeper than libxml2's 256, or the result would exceed GZ_MD_MAX (md.h),
 * GZ_ENOMEM.  Never fails on malformed HTML otherwise: the parser recovers
 * as browsers do.  Empty or all-dropped HTML gives "".  o may be NULL.
 */
enum gz_err gz_html_md(struct gz_arena *a, const char *html, size_t len,
                       const struct gz_html_md_opts *o, char **out);

#endif
