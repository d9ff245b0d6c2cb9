/*
 * Writing a Gazette site as a WordPress export, WXR 1.2
 * (src/wordpress/wxr_write.c), so a site can move to WordPress (Tools >
 * Import > WordPress) or to another Gazette (gazette import wordpress)
 * and nobody is locked in.  The document is what WordPress's own exporter
 * writes (wp-admin/includes/export.php): RSS 2.0 with the excerpt,
 * content, wfw, dc and wp namespaces; the channel with the staff as
 * wp:author, the sections as wp:category (parents first), the tags as
 * wp:tag; then one item per media file (post_type attachment), static page
 * (page) and article (post), each article with its comments.  It is
 * written through libxml2's xmlTextWriter as the rows arrive from the
 * model (export.h), so memory stays bounded whatever the site's size.
 *
 * How Gazette maps onto WordPress:
 *  - Ids: WordPress numbers posts, pages and attachments in one space.
 *    An article keeps its id; a page is GZ_WXR_PAGE_ID_BASE + its id; a
 *    media file GZ_WXR_MEDIA_ID_BASE + its id.  The ids are stable from one
 *    export to the next, so importing a later export again (an importer
 *    keyed on ids) updates rather than duplicates.  Comments, users,
 *    sections and tags keep their ids.
 *  - Status: an article published or scheduled whose time has come is
 *    "publish", one whose time is still ahead "future", draft "draft",
 *    trash "trash"; a page "publish" or "draft"; a comment approved "1",
 *    pending "0", spam "spam", trash "trash".
 *  - Dates: Gazette keeps UTC, so wp:post_date (site time) and
 *    wp:post_date_gmt are the same; a draft never published has
 *    post_date_gmt "0000-00-00 00:00:00" and post_date its creation, as
 *    WordPress writes its own drafts.
 *  - Bodies: content:encoded is the HTML Gazette renders from the Markdown
 *    (markdown.h), with site-relative link and image addresses made
 *    absolute on the base URL, so WordPress's importer can fetch the media
 *    and rewrite their addresses, and with soft line breaks as spaces, so
 *    WordPress's wpautop does not turn them into <br>.  The Markdown itself
 *    is kept in the postmeta _gazette_markdown, which Gazette's importer
 *    prefers (an exact round trip) and WordPress ignores.
 *  - The summary is excerpt:encoded; featured is wp:is_sticky; an
 *    article's image is the postmeta _thumbnail_id (its attachment's id);
 *    meta_description is _yoast_wpseo_metadesc; comments_open is
 *    wp:comment_status open or closed.
 *  - Media: wp:attachment_url is base URL + /media/<hash>.<ext>, the
 *    address Gazette serves it at; wp:post_parent is the article that uses
 *    it as image (the lowest id), else 0; the alt text is the postmeta
 *    _wp_attachment_image_alt.
 *
 *  - Text WordPress keeps as HTML (a post's title and excerpt, a comment,
 *    a term's name and description) is Gazette's plain text with '&', '<'
 *    and '>' escaped, so WordPress shows it as written (a comment reading
 *    "<script>" stays text) and an importer reading HTML gets it back.
 *    The SEO description too: Yoast strips tags from what it saves, and
 *    writes the entities back as the characters.  Names of people, slugs,
 *    alt text and the Markdown go as they are.
 *
 * Text goes out as WordPress writes it: CDATA where WordPress uses CDATA
 * (split as "]]]]><![CDATA[>" around a "]]>" in the text, WordPress's own
 * spelling, which its regular-expression parser also understands), escaped
 * text elsewhere.  Characters XML 1.0 cannot carry (control characters,
 * invalid UTF-8) become U+FFFD, so the document is always well-formed.
 */
#ifndef GAZETTE_WXR_WRITE_H
#define GAZETTE_WXR_WRITE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_db;
struct gz_export_counts;

#define GZ_WXR_PAGE_ID_BASE INT64_C(1000000000)  /* a page's wp:post_id: this + pages.id */
#define GZ_WXR_MEDIA_ID_BASE INT64_C(2000000000) /* an attachment's: this + media.id */
#define GZ_WXR_BASE_URL_MAX 200                  /* bytes of a base URL */

struct gz_wxr_write_opts {
	const char *base_url; /* "https://news.example.org": http(s), no trailing "/" */
	int64_t now;          /* Unix seconds: decides publish versus future */
};

/*
 * Check and normalise a base URL for an export: http:// or https://, a
 * host, no spaces, quotes, angle brackets, control characters, query or
 * fragment, at most GZ_WXR_BASE_URL_MAX bytes; trailing "/" removed.
 * Returns the normalised copy in the arena, or NULL with a one-line
 * reason in err when url is not acceptable (or memory ran out).
 */
const char *gz_wxr_base_url(struct gz_arena *a, const char *url, char *err, size_t errsz);

/*
 * The HTML an item's content:encoded carries for the Markdown md: Gazette's
 * rendering (gz_markdown_render), then, outside <pre>, each href="/..."
 * and src="/..." (not "//host") prefixed with base, and each newline that
 * does not follow a block-level tag (p, li, h1..h6, br...) made a space.
 * It relies on cmark's output, where a '<', '>' or '"' inside text or an
 * attribute value is always escaped.  In the arena (*out).  GZ_ETOOBIG
 * when md is beyond what the renderer accepts, GZ_ENOMEM.
 */
enum gz_err gz_wxr_post_html(struct gz_arena *a, const char *md, const char *base, char **out);

/*
 * Write the whole site in db (gz_export_run) as one WXR 1.2 document to
 * out, then flush out.  counts (may be NULL) receives how many rows of
 * each kind were written.  Returns GZ_OK; on failure out holds the
 * beginning of a document that must not be used, and err a one-line
 * reason: GZ_EIO when out cannot be written (a full disk, a closed pipe),
 * GZ_ETOOBIG when an id does not fit the id scheme above or a body is too
 * large to render, GZ_EINVAL when db holds no Gazette site, or the
 * database's error.
 */
enum gz_err gz_wxr_write(struct gz_db *db, FILE *out, const struct gz_wxr_write_opts *o,
                         struct gz_export_counts *counts, char *err, size_t errsz);

#endif
