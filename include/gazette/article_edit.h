/*
 * Articles as the newsroom edits them: validated create and update with
 * slugs, tags, status and schedule; revisions and restoring one; the trash;
 * bulk status changes; and the admin article list with search, filters,
 * sort and pages.
 *
 * Every save runs in one write transaction that also writes a revision
 * (who, when, title/summary/body, which fields changed) and bumps the
 * content generation.  Saves are optimistic: the editor form carries the
 * article's version, and a save against a stale version changes nothing
 * and returns GZ_ECONFLICT.
 *
 * This module knows nothing of roles: who may edit or publish what is the
 * handlers' call (src/app/admin/guard.c helpers); the model only filters by
 * author where a caller asks it to.
 */
#ifndef GAZETTE_ARTICLE_EDIT_H
#define GAZETTE_ARTICLE_EDIT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_db;

#define GZ_ARTICLE_TITLE_MAX 300          /* bytes in a title */
#define GZ_ARTICLE_SLUG_MAX 200           /* bytes in a slug */
#define GZ_ARTICLE_SUMMARY_MAX 2000       /* bytes in a summary */
#define GZ_ARTICLE_META_MAX 300           /* characters in an SEO description */
#define GZ_ARTICLE_BODY_MAX (1024 * 1024) /* bytes of Markdown in a body */
#define GZ_ARTICLE_TAGS_MAX 20            /* tags on one article */

/* What the editor form submits; strings NUL-terminated, NULL reads as "". */
struct gz_article_input {
	const char *title;    /* 1..GZ_ARTICLE_TITLE_MAX bytes, UTF-8, no controls */
	const char *slug;     /* "": from the title (new) or unchanged (existing) */
	const char *summary;  /* plain text, may be "" */
	const char *body;     /* Markdown, at most GZ_ARTICLE_BODY_MAX bytes */
	const char *seo_desc; /* meta description: one line, <= GZ_ARTICLE_META_MAX characters,
	                       * "" lets the summary serve; NULL: "" (create), kept (update) */
	int64_t category_id;  /* 0: uncategorised */
	const char *tags;     /* comma-separated tag names, created as needed */
	int64_t image_id;     /* featured image (media id), 0: none */
	int featured;         /* 1: may lead the home page */
	int comments_open;    /* 1: the comment form is offered */
	const char *status;   /* "draft", "scheduled" or "published" (see create) */
	int64_t published_at; /* Unix seconds; 0: none, or the time kept (see create) */
	int64_t version;      /* update: the version the form was loaded with */
	const char *form_key; /* create: the form's one-time key, or NULL (see create) */
	const char *lang;     /* BCP 47 tag of a supported language, "": the site's;
	                       * NULL: "" (create), kept (update) */
	const char *translation_of; /* id or slug of the article this one translates
	                             * (see create); "": none; NULL: links kept */
	const int64_t *bylines;     /* users credited, in order (gazette/byline.h);
	                             * NULL: kept (update), the owner alone (create) */
	size_t nbylines;            /* entries in bylines, 1..GZ_BYLINES_MAX */
	int has_social_image;       /* 0: social_image_id kept (update), none (create) */
	int64_t social_image_id;    /* media id shared with links, 0: the lead image */
};

/* Per-field messages of a refused save: NULL when the field is fine.
 * The messages are static English strings. */
struct gz_article_errors {
	const char *title;        /* title */
	const char *slug;         /* slug */
	const char *summary;      /* summary */
	const char *body;         /* body */
	const char *seo_desc;     /* seo_desc */
	const char *category;     /* category_id */
	const char *tags;         /* tags */
	const char *image;        /* image_id */
	const char *status;       /* status */
	const char *published_at; /* published_at */
	const char *lang;         /* lang */
	const char *translation;  /* translation_of */
	const char *bylines;      /* bylines */
	const char *social_image; /* social_image_id */
};

/* One article as the editor form shows it. */
struct gz_article_row {
	int64_t id;                /* articles.id */
	const char *slug;          /* current slug */
	const char *title;         /* plain text */
	const char *summary;       /* plain text */
	const char *body;          /* Markdown */
	const char *seo_desc;      /* meta description, "" when the summary serves */
	int64_t author_id;         /* users.id */
	const char *author_name;   /* the author's display name */
	int64_t category_id;       /* 0: uncategorised */
	int64_t image_id;          /* 0: none */
	const char *status;        /* "draft", "scheduled", "published" or "trash";
	                            * a scheduled article whose time has come reads
	                            * as "published" */
	int featured;              /* 1: featured */
	int comments_open;         /* 1: comments open */
	int64_t published_at;      /* 0 when NULL */
	int64_t created_at;        /* Unix seconds */
	int64_t updated_at;        /* Unix seconds */
	int64_t version;           /* optimistic-concurrency version */
	const char *tags;          /* tag names joined with ", ", in name order */
	const char *lang;          /* as stored: "" (the site's language) or a tag */
	int64_t translation_group; /* shared with its translations, 0: none */
	int64_t social_image_id;   /* media id for og:image, 0: the lead image */
};

/*
 * Check in for everything that needs no database: title, summary, body,
 * the SEO description (when not NULL), status and schedule, explicit
 * slug syntax, tag names, the language (a supported tag or "", any case)
 * and the shape of translation_of (one line, at most GZ_ARTICLE_SLUG_MAX
 * bytes).  Fills *errs (zeroed first) and returns the
 * number of refused fields.  now decides whether a scheduled time lies
 * in the future.
 */
int gz_article_check(const struct gz_article_input *in, time_t now, struct gz_article_errors *errs);

/*
 * Whether slug is acceptable as an explicitly typed slug: 1..
 * GZ_ARTICLE_SLUG_MAX bytes that gz_slugify leaves unchanged (lowercase
 * ASCII letters, digits, single inner '-', and the non-ASCII letters
 * gz_slugify keeps, such as CJK).  arena holds scratch memory.
 */
int gz_article_slug_valid(struct gz_arena *arena, const char *slug);

/*
 * Parse a form time "YYYY-MM-DDTHH:MM" (or with ":SS", or a space for the
 * 'T'), read as UTC, into *out.  "" gives 0.  GZ_EINVAL when malformed.
 */
enum gz_err gz_article_parse_time(const char *s, int64_t *out);

/*
 * Create an article by user_id from in at time now: validation as
 * gz_article_check plus category, image and slug uniqueness.
 *
 * Status and time, as an editor means them (the same for update, where an
 * empty published_at keeps the stored time first):
 *  - "draft": hidden from readers; the time is stored as given.
 *  - "scheduled": shown from published_at on, which must lie ahead.
 *  - "published": on the site now.  A time not ahead of now is kept (a
 *    past one back-dates the article); no time means now (update: the
 *    stored time when that is past).  A time ahead is refused beside the
 *    field (published_at), unless it is the article's stored time, which
 *    the editor form sends back unchanged: then choosing Published over a
 *    schedule publishes now, at now.
 *
 * The slug
 * is in->slug when given (must be unique), else gz_slugify(title) made
 * unique with "-2", "-3", ...; "article-<id>" when the title gives no
 * slug.  Writes the first revision (note "created") and bumps the
 * generation.  GZ_EINVAL with *errs filled for refused input; *id set
 * on GZ_OK.  arena holds scratch memory.
 *
 * A translation_of naming an article (gz_translation_ref: an id or a
 * slug) makes the new article its translation (gz_translation_set), in
 * the same transaction: refused with a message in errs->translation when
 * no article has that id or slug, or when that article's translations
 * already hold one in the new article's language.
 *
 * With in->form_key (the new-article form's one-time key) the create
 * happens once per key: when an article was already created with it, this
 * one stores nothing and returns GZ_ECONFLICT with *id that article, so a
 * form sent twice (a double click, a retry after a lost answer or a 503)
 * is answered with the article it made.  The key is looked up and stored
 * in the same transaction as the article, so two sends at once cannot
 * both create.
 */
enum gz_err gz_article_create(struct gz_db *db, struct gz_arena *arena,
                              const struct gz_article_input *in, int64_t user_id, time_t now,
                              int64_t *id, struct gz_article_errors *errs);

/*
 * Save in over article id for user_id at time now, when in->version is
 * still the article's version (then version grows by one).  Status and
 * time as for gz_article_create.  An empty in->slug keeps the current slug.  A translation_of
 * naming an article links this one to it as for create (unless it is in that article's
 * translations already); "" takes it out of its translations; a changed language is refused
 * (errs->lang) when a linked translation is in that language already.  A changed slug of a
 * published or scheduled article leaves the old one in slug_redirects (301s).  Writes a revision
 * whose note lists the changed fields, and bumps the generation.  GZ_ECONFLICT when the version is
 * stale (nothing changed), GZ_EINVAL with *errs, GZ_ENOTFOUND, GZ_EPERM for an article in the
 * trash.
 */
enum gz_err gz_article_update(struct gz_db *db, struct gz_arena *arena, int64_t id,
                              const struct gz_article_input *in, int64_t user_id, time_t now,
                              struct gz_article_errors *errs);

/* Article id for the editor, strings in arena.  GZ_ENOTFOUND if none. */
enum gz_err gz_article_get(struct gz_db *db, struct gz_arena *arena, int64_t id, time_t now,
                           struct gz_article_row *out);

/* One saved state of an article. */
struct gz_revision {
	int64_t id;            /* revisions.id */
	int64_t article_id;    /* articles.id */
	int64_t user_id;       /* who saved, 0 when the user is gone */
	const char *user_name; /* their display name, "" when gone */
	int64_t created_at;    /* Unix seconds */
	const char *title;     /* as saved */
	const char *summary;   /* as saved */
	const char *body;      /* as saved (Markdown) */
	const char *note;      /* what changed: "created", "title, body", ... */
};

#define GZ_REVISION_LIST_MAX 200 /* newest revisions a list shows */

/* Revisions of article id, newest first (at most GZ_REVISION_LIST_MAX),
 * into *out (array of *n in arena). */
enum gz_err gz_revision_list(struct gz_db *db, struct gz_arena *arena, int64_t article_id,
                             struct gz_revision **out, size_t *n);

/* Revision rev of article article_id, strings in arena; GZ_ENOTFOUND. */
enum gz_err gz_revision_get(struct gz_db *db, struct gz_arena *arena, int64_t article_id,
                            int64_t rev, struct gz_revision *out);

/*
 * Restore revision rev of article id: a new save (with its own revision,
 * note "restored #<rev>: <fields>") of that title, summary and body, other
 * fields unchanged, when version is still current.  Errors as
 * gz_article_update.
 */
enum gz_err gz_article_restore_revision(struct gz_db *db, struct gz_arena *arena, int64_t id,
                                        int64_t rev, int64_t version, int64_t user_id, time_t now);

/* Bulk and trash actions. */
enum gz_article_action {
	GZ_ARTICLE_PUBLISH = 1, /* on the site now: at its past time, else at now */
	GZ_ARTICLE_DRAFT,       /* back to draft (hidden from readers) */
	GZ_ARTICLE_TRASH,       /* into the trash */
	GZ_ARTICLE_UNTRASH,     /* out of the trash, as a draft */
};

/*
 * Apply action to article id by user_id at now: bumps its version, writes
 * a revision (note "status: <new>") and the generation.  An article
 * already so (a scheduled one whose time came counts as published) is
 * left as it is, with no revision.  Untrash applies to trashed articles
 * only and trash/publish/draft to others (GZ_EPERM otherwise);
 * GZ_ENOTFOUND when there is no such article.
 */
enum gz_err gz_article_set_status(struct gz_db *db, int64_t id, enum gz_article_action action,
                                  int64_t user_id, time_t now);

/*
 * Apply action to each of the n articles ids in one transaction, skipping
 * those it does not apply to and, when only_author is not 0, those by
 * other authors.  *changed (may be NULL) counts the articles changed.
 */
enum gz_err gz_article_bulk(struct gz_db *db, const int64_t *ids, size_t n,
                            enum gz_article_action action, int64_t only_author, int64_t user_id,
                            time_t now, size_t *changed);

/*
 * Delete article id for good (its tags, revisions, comments and old slugs
 * go with it).  Only from the trash: GZ_EPERM otherwise; GZ_ENOTFOUND.
 */
enum gz_err gz_article_delete(struct gz_db *db, int64_t id);

/* Sort orders of the admin list. */
enum gz_admin_sort {
	GZ_SORT_NEWEST = 0, /* created_at descending */
	GZ_SORT_OLDEST,     /* created_at ascending */
	GZ_SORT_TITLE,      /* title, case-insensitive ASCII */
	GZ_SORT_UPDATED,    /* updated_at descending */
};

#define GZ_ADMIN_LIST_MAX 100 /* largest page of the admin list */

/* The admin article list's question. */
struct gz_admin_query {
	const char *q;           /* words in the title (LIKE), "" or NULL: all */
	const char *status;      /* "draft", "scheduled", "published", "trash"
	                          * as gz_admin_article.status reads;
	                          * "" or NULL: everything but the trash */
	int64_t category_id;     /* > 0: that category; -1: uncategorised; 0: any */
	int64_t author_id;       /* > 0: that author's only */
	enum gz_admin_sort sort; /* order */
	int64_t offset;          /* rows to skip */
	int limit;               /* 1..GZ_ADMIN_LIST_MAX */
};

/* One row of the admin list. */
struct gz_admin_article {
	int64_t id;                /* articles.id */
	const char *slug;          /* current slug */
	const char *title;         /* plain text */
	const char *status;        /* as stored, except that a scheduled article
	                            * whose time has come reads "published" */
	int64_t author_id;         /* users.id */
	const char *author_name;   /* display name */
	const char *category_name; /* "" when uncategorised */
	int64_t published_at;      /* 0 when none */
	int64_t created_at;        /* Unix seconds */
	int64_t updated_at;        /* Unix seconds */
	int64_t version;           /* for forms acting on the row */
};

/*
 * The page of the admin list q asks for at time now into *out (array of
 * *n in arena) and the number of all matching rows into *total.  now
 * decides which scheduled articles read (and filter) as published.
 * GZ_EINVAL for a bad limit, offset or status.
 */
enum gz_err gz_article_admin_list(struct gz_db *db, struct gz_arena *arena,
                                  const struct gz_admin_query *q, time_t now,
                                  struct gz_admin_article **out, size_t *n, int64_t *total);

#endif
