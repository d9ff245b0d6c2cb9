/*
 * Reading a WordPress export (WXR 1.0 to 1.2) as a stream
 * (src/wordpress/wxr_read.c): libxml2's xmlTextReader walks the file once,
 * and each author, term, item and comment is handed to a callback as soon
 * as it is complete, so memory stays bounded whatever the file's size.  It
 * knows the WXR vocabulary and nothing of Gazette's database: what an item
 * becomes is the importer's business (wp_import.h).
 *
 * Strings handed to a callback are NUL-terminated UTF-8 owned by the
 * reader and valid only during that call; a missing element is "".  Each
 * text field is capped (GZ_WXR_FIELD_MAX, GZ_WXR_CONTENT_MAX): a longer
 * value is cut at a character boundary and the item's `truncated` flag set,
 * so the importer can skip it with a reason rather than store half a text.
 */
#ifndef GAZETTE_WXR_H
#define GAZETTE_WXR_H

#include <stddef.h>
#include <stdint.h>

#include "gazette/err.h"

#define GZ_WXR_FIELD_MAX (64 * 1024)         /* any text field but the bodies */
#define GZ_WXR_CONTENT_MAX (4 * 1024 * 1024) /* content:encoded, excerpt, comment text */
#define GZ_WXR_TERMS_MAX 256                 /* <category> entries kept per item */
#define GZ_WXR_META_MAX 128                  /* wp:postmeta entries kept per item */

/* The channel: what site this export is of.  Given once, before anything else. */
struct gz_wxr_site {
	const char *title;         /* <title> */
	const char *link;          /* <link>: the blog's address */
	const char *language;      /* <language>, "en-US"; "" if absent */
	const char *wxr_version;   /* wp:wxr_version, "1.2" */
	const char *base_site_url; /* wp:base_site_url */
	const char *base_blog_url; /* wp:base_blog_url; the import's key (else link) */
};

struct gz_wxr_author {
	const char *id;           /* wp:author_id ("" in WXR 1.0) */
	const char *login;        /* wp:author_login */
	const char *email;        /* wp:author_email */
	const char *display_name; /* wp:author_display_name */
	const char *first_name;   /* wp:author_first_name */
	const char *last_name;    /* wp:author_last_name */
};

enum gz_wxr_term_kind {
	GZ_WXR_CATEGORY, /* <wp:category> */
	GZ_WXR_TAG,      /* <wp:tag> */
	GZ_WXR_TERM,     /* <wp:term> of another taxonomy (nav_menu, post_format...) */
};

/* A category, tag or other term declared at the top of the channel. */
struct gz_wxr_term {
	enum gz_wxr_term_kind kind;
	const char *id; /* wp:term_id */
	const char
	    *slug; /* wp:category_nicename / wp:tag_slug / wp:term_slug (may be percent-encoded) */
	const char *
	    parent_slug; /* wp:category_parent / wp:term_parent: the parent's slug, "" at the top */
	const char *name; /* wp:cat_name / wp:tag_name / wp:term_name */
	const char
	    *description; /* wp:category_description / wp:tag_description / wp:term_description */
	const char
	    *taxonomy; /* wp:term_taxonomy for GZ_WXR_TERM, "category" / "post_tag" otherwise */
};

/* One <category domain="..." nicename="...">Name</category> of an item. */
struct gz_wxr_item_term {
	const char *domain;   /* "category", "post_tag", "post_format", "nav_menu"... */
	const char *nicename; /* the term's slug */
	const char *name;     /* the element's text */
};

/* One wp:postmeta. */
struct gz_wxr_meta {
	const char *key;   /* wp:meta_key, "_thumbnail_id" */
	const char *value; /* wp:meta_value */
};

/* A post, page, attachment, nav menu item or any other post type. */
struct gz_wxr_item {
	const char *title;          /* <title> */
	const char *link;           /* <link>: its old permalink */
	const char *pub_date;       /* <pubDate>, RFC 822 */
	const char *creator;        /* dc:creator: the author's login */
	const char *guid;           /* <guid> */
	const char *content;        /* content:encoded: HTML */
	const char *excerpt;        /* excerpt:encoded */
	const char *post_id;        /* wp:post_id */
	const char *post_date;      /* wp:post_date, "2013-04-09 06:37:47", site time */
	const char *post_date_gmt;  /* wp:post_date_gmt, UTC; "0000-00-00 00:00:00" for drafts */
	const char *comment_status; /* wp:comment_status, "open" / "closed" */
	const char *post_name;      /* wp:post_name: the slug, may be percent-encoded */
	const char
	    *status; /* wp:status: publish, future, draft, pending, private, trash, inherit */
	const char *post_parent;    /* wp:post_parent, "0" for none */
	const char *menu_order;     /* wp:menu_order */
	const char *post_type;      /* wp:post_type: post, page, attachment, nav_menu_item... */
	const char *post_password;  /* wp:post_password, "" when not protected */
	const char *attachment_url; /* wp:attachment_url, attachments only */
	int is_sticky;              /* wp:is_sticky was 1 */
	const struct gz_wxr_item_term *terms; /* the item's <category> elements, in order */
	size_t nterms;
	const struct gz_wxr_meta *meta; /* its wp:postmeta, in order */
	size_t nmeta;
	int truncated; /* a field was cut at its cap, or terms/meta past their caps were dropped */
};

struct gz_wxr_comment {
	const char *id;           /* wp:comment_id */
	const char *author;       /* wp:comment_author */
	const char *author_email; /* wp:comment_author_email */
	const char *author_url;   /* wp:comment_author_url */
	const char *author_ip;    /* wp:comment_author_IP */
	const char *date;         /* wp:comment_date, site time */
	const char *date_gmt;     /* wp:comment_date_gmt, UTC */
	const char *content;      /* wp:comment_content: text with a little HTML */
	const char *approved;     /* wp:comment_approved: "1", "0", "spam", "trash" */
	const char *type;         /* wp:comment_type: "", "comment", "pingback", "trackback" */
	const char *parent;       /* wp:comment_parent: the parent's id, "0" for none */
	const char *user_id;      /* wp:comment_user_id: "0" unless written by a logged-in user */
	int truncated;            /* a field was cut at its cap */
};

/*
 * The callbacks.  Any may be NULL.  A callback returning anything but GZ_OK
 * stops the read, and gz_wxr_read returns that value.  `item` is called
 * when the item's fields are all known: at its first <wp:comment> or at
 * </item>, whichever comes first (WordPress writes comments last; a field
 * that would come after a comment is ignored).  `comment` follows for each
 * of the item's comments, with that same item.
 */
struct gz_wxr_handler {
	void *ctx; /* passed to every callback */
	enum gz_err (*site)(void *ctx, const struct gz_wxr_site *site);
	enum gz_err (*author)(void *ctx, const struct gz_wxr_author *author);
	enum gz_err (*term)(void *ctx, const struct gz_wxr_term *term);
	enum gz_err (*item)(void *ctx, const struct gz_wxr_item *item);
	enum gz_err (*comment)(void *ctx, const struct gz_wxr_item *item,
	                       const struct gz_wxr_comment *comment);
	/* Called after each item with the bytes read so far and the file's size
	 * (0 when unknown: a pipe, or memory). */
	void (*progress)(void *ctx, uint64_t done, uint64_t total);
};

/*
 * Read the WXR file at path ("-" for standard input) and call h's
 * callbacks.  Returns GZ_OK after </rss>; GZ_EIO when the file cannot be
 * read; GZ_EINVAL when it is not well-formed XML or not a WordPress export
 * (no <rss><channel>, or a channel without a wp:wxr_version 1.x, which
 * WordPress's own importer requires too), with the line and a reason in
 * err (errsz bytes); else what a callback returned.  No network access, no
 * external entities, no DTD loading; an entity reference is left out of
 * the text, never expanded.
 */
enum gz_err gz_wxr_read_file(const char *path, const struct gz_wxr_handler *h, char *err,
                             size_t errsz);

/* The same over len bytes of memory (the fuzz target's entry point). */
enum gz_err gz_wxr_read_memory(const char *data, size_t len, const struct gz_wxr_handler *h,
                               char *err, size_t errsz);

#endif
