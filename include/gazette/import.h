/*
 * The rows a WordPress import writes (src/model/import.c): every SQL
 * statement of the import lives here, so the importer (wp_import.c) deals
 * in structs and ids.  It knows the tables (import_map, users, categories,
 * tags, articles, article_tags, pages, comments) and two scratch tables of
 * its own, private to the connection (TEMP): what each attachment of the
 * export became, and each category's chain of parent slugs, which the
 * importer fills on its first pass over the file and reads on the second.
 *
 * It knows nothing of WordPress's vocabulary or of the file: the caller has
 * already mapped statuses, made slugs and converted bodies, and checked
 * every value against Gazette's bounds.  Nothing here opens a transaction
 * or bumps the content generation: the importer writes in batches, one
 * transaction each, and bumps once per batch (db.h).  The search index is
 * kept by the articles' own triggers (sql/006_search_text.sql).
 */
#ifndef GAZETTE_IMPORT_H
#define GAZETTE_IMPORT_H

#include <stdint.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_db;

/* The kinds of import_map (its CHECK constraint spells the same words). */
enum gz_import_kind {
	GZ_IMPORT_AUTHOR,     /* wp_id: the login */
	GZ_IMPORT_CATEGORY,   /* wp_id: wp:term_id, else the slug as exported */
	GZ_IMPORT_TAG,        /* the same */
	GZ_IMPORT_POST,       /* wp:post_id */
	GZ_IMPORT_PAGE,       /* wp:post_id */
	GZ_IMPORT_ATTACHMENT, /* wp:post_id */
	GZ_IMPORT_COMMENT,    /* wp:comment_id */
	GZ_IMPORT_OTHER,      /* wp:post_id of a nav menu item or another post type */
	GZ_IMPORT_NKINDS
};

/* "author", "category", ...: the word stored in import_map.kind. */
const char *gz_import_kind_name(enum gz_import_kind kind);

/*
 * The row of import_map for (source, kind, wp_id): GZ_OK with *local_id
 * (0 when the item was skipped on purpose: local_id NULL) and, when note
 * is not NULL, its note in arena; GZ_ENOTFOUND when the import has not met
 * the item yet.
 */
enum gz_err gz_import_map_get(struct gz_db *db, struct gz_arena *arena, const char *source,
                              enum gz_import_kind kind, const char *wp_id, int64_t *local_id,
                              const char **note);

/* Record (source, kind, wp_id) -> local_id (0: NULL, skipped) with a note. */
enum gz_err gz_import_map_put(struct gz_db *db, const char *source, enum gz_import_kind kind,
                              const char *wp_id, int64_t local_id, const char *note);

/* The id of the user with this login (any case); GZ_ENOTFOUND. */
enum gz_err gz_import_user_find(struct gz_db *db, const char *login, int64_t *id);

/*
 * A staff account with role 'author' and no password (password_hash NULL:
 * it cannot log in until an admin sets one).  login must satisfy
 * gz_user_login_valid, display_name be 1..GZ_USER_NAME_MAX bytes of text,
 * email "" or valid; the caller checked.  GZ_ECONFLICT when the login is
 * taken.  *id on GZ_OK.
 */
enum gz_err gz_import_user_add(struct gz_db *db, const char *login, const char *display_name,
                               const char *email, int64_t created_at, int64_t *id);

/* The id of the category or tag with this slug; GZ_ENOTFOUND. */
enum gz_err gz_import_category_find(struct gz_db *db, const char *slug, int64_t *id);
enum gz_err gz_import_tag_find(struct gz_db *db, const char *slug, int64_t *id);

/* A new category (parent_id 0: top level) or tag; GZ_ECONFLICT when the
 * slug is taken.  *id on GZ_OK. */
enum gz_err gz_import_category_add(struct gz_db *db, const char *slug, const char *name,
                                   const char *description, int64_t parent_id, int64_t *id);
enum gz_err gz_import_tag_add(struct gz_db *db, const char *slug, const char *name,
                              const char *description, int64_t *id);

/* 1 when an article has this slug, 0 when none, -1 on a database error. */
int gz_import_article_slug_taken(struct gz_db *db, const char *slug);

/* One article as the importer made it; strings NUL-terminated. */
struct gz_import_article {
	const char *slug;             /* unique, as gz_article_slug_valid */
	const char *title;            /* plain text, one line */
	const char *summary;          /* plain text, may be "" */
	const char *body;             /* Markdown */
	const char *meta_description; /* "" for none */
	const char *status;           /* "draft", "scheduled", "published" or "trash" */
	int64_t author_id;            /* users.id */
	int64_t category_id;          /* 0: uncategorised */
	int64_t image_id;             /* media.id, 0: none */
	int featured;                 /* 1: featured (WordPress's sticky) */
	int comments_open;            /* 1: comments open */
	int64_t published_at;         /* Unix seconds; 0: NULL (drafts and trash only) */
	int64_t created_at;           /* Unix seconds */
	int64_t updated_at;           /* Unix seconds */
};

/* Insert a (*id on GZ_OK); GZ_ECONFLICT when its slug is taken. */
enum gz_err gz_import_article_add(struct gz_db *db, const struct gz_import_article *a, int64_t *id);

/* Tag article_id with tag_id (once: a second call changes nothing). */
enum gz_err gz_import_article_tag(struct gz_db *db, int64_t article_id, int64_t tag_id);

/* The id of the page with this slug; GZ_ENOTFOUND. */
enum gz_err gz_import_page_find(struct gz_db *db, const char *slug, int64_t *id);

/* A new page with status "published" or "draft"; GZ_ECONFLICT when the
 * slug is taken.  *id on GZ_OK. */
enum gz_err gz_import_page_add(struct gz_db *db, const char *slug, const char *title,
                               const char *body, const char *status, int64_t updated_at,
                               int64_t *id);

/* One comment as the importer made it. */
struct gz_import_comment {
	int64_t article_id;       /* articles.id */
	int64_t parent_id;        /* comments.id of the same article, 0: top level */
	const char *author_name;  /* plain text, not empty */
	const char *author_email; /* "" when unknown; never shown */
	const char *author_url;   /* an http(s) URL or "" */
	const char *body;         /* plain text */
	const char *status;       /* "approved", "pending", "spam" or "trash" */
	int64_t created_at;       /* when it was written */
	int64_t now;              /* status_changed_at: the spam and trash purge counts from here */
};

/* Insert c (*id on GZ_OK). */
enum gz_err gz_import_comment_add(struct gz_db *db, const struct gz_import_comment *c, int64_t *id);

/*
 * Create the connection's scratch tables (TEMP, gone with the connection)
 * if they are not there.  Call outside any transaction, before the others
 * below.
 */
enum gz_err gz_import_scratch_init(struct gz_db *db);

/* What an attachment of the export became. */
struct gz_import_media {
	int64_t media_id;    /* media.id */
	const char *url;     /* "/media/<hash>.<ext>" */
	const char *alt;     /* its alt text, may be "" */
	const char *caption; /* the attachment's caption (its excerpt), may be "" */
};

/*
 * Remember attachment wp_id, whose file was path below the uploads folder
 * ("2024/01/photo.jpg", percent-decoded), as media media_id with caption.
 * A second call for the same wp_id or path replaces the first.
 */
enum gz_err gz_import_media_put(struct gz_db *db, const char *wp_id, const char *path,
                                int64_t media_id, const char *caption);

/* The attachment wp_id, or the one whose file was path; strings in
 * arena.  GZ_ENOTFOUND. */
enum gz_err gz_import_media_by_id(struct gz_db *db, struct gz_arena *arena, const char *wp_id,
                                  struct gz_import_media *out);
enum gz_err gz_import_media_by_path(struct gz_db *db, struct gz_arena *arena, const char *path,
                                    struct gz_import_media *out);

/* Remember the category slug (as exported), its address below /category/
 * on the old site ("news/world") and the category it became (local_id). */
enum gz_err gz_import_chain_put(struct gz_db *db, const char *slug, const char *chain,
                                int64_t local_id);

/* The chain and category of the category slug, chain in arena;
 * GZ_ENOTFOUND. */
enum gz_err gz_import_chain_get(struct gz_db *db, struct gz_arena *arena, const char *slug,
                                const char **chain, int64_t *local_id);

#endif
