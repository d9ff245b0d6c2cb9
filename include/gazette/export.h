/*
 * Everything a site holds, read once for an export (src/model/export.c):
 * staff, sections (parents before children), tags, media, static pages,
 * and articles of every status each followed by its comments of every
 * status.  One read transaction gives a consistent snapshot while the site
 * keeps serving and writing; rows are handed to callbacks one at a time,
 * so memory stays bounded whatever the number of articles.
 *
 * It reads and never writes.  It knows the schema and nothing of any
 * export format: what a row becomes (WXR, ids, URLs, status names) is the
 * caller's business (wxr_write.h).  Columns added by later migrations
 * (pages.status, articles.meta_description, sql/008) are read when the
 * database has them, so a database not yet migrated exports too.
 */
#ifndef GAZETTE_EXPORT_H
#define GAZETTE_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "gazette/err.h"

struct gz_db;

#define GZ_EXPORT_ROW_MAX (64 * 1024 * 1024) /* bytes one row (with its tags) may take */

/* The site, given once before anything else. */
struct gz_export_site {
	const char *name;    /* setting site_name */
	const char *tagline; /* setting tagline */
};

struct gz_export_user {
	int64_t id;               /* users.id */
	const char *login;        /* users.login */
	const char *display_name; /* users.display_name */
	const char *email;        /* users.email, may be "" */
};

struct gz_export_category {
	int64_t id;              /* categories.id */
	const char *slug;        /* categories.slug */
	const char *name;        /* categories.name */
	const char *description; /* categories.description */
	const char *parent_slug; /* the parent's slug, "" at the top (or in a parent loop) */
};

struct gz_export_tag {
	int64_t id;              /* tags.id */
	const char *slug;        /* tags.slug */
	const char *name;        /* tags.name */
	const char *description; /* tags.description */
};

struct gz_export_media {
	int64_t id;                 /* media.id */
	const char *hash;           /* hex SHA-256, the file's name without extension */
	const char *ext;            /* "png", "jpg", "gif", "webp" */
	const char *mime;           /* "image/png", ... */
	const char *alt;            /* alt text, may be "" */
	const char *original_name;  /* the uploaded file's name, may be "" */
	const char *uploader_login; /* who uploaded it, "" when unknown or deleted */
	int64_t width, height;      /* pixels */
	int64_t bytes;              /* file size */
	int64_t created_at;         /* Unix seconds */
	int64_t article_id;         /* the lowest-id article using it as image, 0 for none */
};

struct gz_export_page {
	int64_t id;         /* pages.id */
	const char *slug;   /* "privacy", "about" */
	const char *title;  /* plain text */
	const char *body;   /* Markdown */
	const char *status; /* "published" or "draft" ("published" before sql/008) */
	int64_t updated_at; /* Unix seconds */
};

/* One of an article's tags. */
struct gz_export_term {
	const char *slug; /* tags.slug */
	const char *name; /* tags.name */
};

struct gz_export_article {
	int64_t id;                        /* articles.id */
	const char *slug;                  /* articles.slug */
	const char *title;                 /* plain text */
	const char *summary;               /* plain text, may be "" */
	const char *body;                  /* Markdown */
	const char *status;                /* "draft", "scheduled", "published", "trash" */
	const char *meta_description;      /* "" when none (or before sql/008) */
	int64_t author_id;                 /* users.id */
	const char *author_login;          /* the author's login, "" if the row is gone */
	const char *category_slug;         /* "" when the article has no section */
	const char *category_name;         /* "" likewise */
	int64_t image_id;                  /* media.id of its image, 0 for none */
	int featured;                      /* 1: featured on the home page */
	int comments_open;                 /* 1: readers may comment */
	int has_published_at;              /* 0: published_at is NULL (a draft never published) */
	int64_t published_at;              /* Unix seconds when has_published_at */
	int64_t created_at;                /* Unix seconds */
	int64_t updated_at;                /* Unix seconds */
	const struct gz_export_term *tags; /* its tags, by slug */
	size_t ntags;
};

struct gz_export_comment {
	int64_t id;               /* comments.id */
	int64_t parent_id;        /* the comment it answers, 0 for none */
	int64_t user_id;          /* the staff member who wrote it, 0 for a reader */
	const char *author_name;  /* as given */
	const char *author_email; /* as given, never public */
	const char *author_url;   /* "" when none */
	const char *body;         /* plain text */
	const char *status;       /* "pending", "approved", "spam", "trash" */
	int64_t created_at;       /* Unix seconds */
};

/* How many rows of each kind were handed over. */
struct gz_export_counts {
	size_t users, categories, tags, media, pages, articles, comments;
};

/*
 * The callbacks, called in this order: site; every user by id; every
 * category, parents before children, then by id; every tag by id; every
 * media row by id; every page by id; every article by id, each as
 * article, then comment for each of its comments by id, then article_end.
 * Any callback may be NULL (its rows are still counted).  The structs and
 * their strings (NUL-terminated UTF-8 as stored, never NULL) are valid only
 * during the call, except an article's, which stay valid until its
 * article_end returns.  A callback returning anything but GZ_OK stops the
 * export, and gz_export_run returns that value.
 */
struct gz_export_handler {
	void *ctx; /* passed to every callback */
	enum gz_err (*site)(void *ctx, const struct gz_export_site *site);
	enum gz_err (*user)(void *ctx, const struct gz_export_user *user);
	enum gz_err (*category)(void *ctx, const struct gz_export_category *category);
	enum gz_err (*tag)(void *ctx, const struct gz_export_tag *tag);
	enum gz_err (*media)(void *ctx, const struct gz_export_media *media);
	enum gz_err (*page)(void *ctx, const struct gz_export_page *page);
	enum gz_err (*article)(void *ctx, const struct gz_export_article *article);
	enum gz_err (*comment)(void *ctx, const struct gz_export_article *article,
	                       const struct gz_export_comment *comment);
	enum gz_err (*article_end)(void *ctx, const struct gz_export_article *article);
};

/*
 * Read the whole site from db inside one read transaction (BEGIN ...
 * COMMIT, deferred: writers are never blocked, and with WAL they go on
 * writing while this reads its snapshot) and call h's callbacks.  db must
 * not be inside a transaction.  counts (may be NULL) receives how many
 * rows of each kind were handed over, also after a failure.  Returns
 * GZ_OK; GZ_EINVAL when db has no Gazette schema (user_version < 1);
 * GZ_ETOOBIG when one row exceeds GZ_EXPORT_ROW_MAX; a database error
 * (GZ_EDB, GZ_EBUSY, GZ_ECORRUPT, GZ_ENOMEM...); or what a callback
 * returned.
 */
enum gz_err gz_export_run(struct gz_db *db, const struct gz_export_handler *h,
                          struct gz_export_counts *counts);

#endif
