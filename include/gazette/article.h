/*
 * Articles as readers see them.  An article is visible when its status is
 * 'published' or 'scheduled' and its published_at is not after now, so a
 * scheduled article appears by itself when its time comes.  (The reader and
 * editor functions join this header as they are needed.)
 */
#ifndef GAZETTE_ARTICLE_H
#define GAZETTE_ARTICLE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_db;

/* An article in a listing: no body. */
struct gz_article_summary {
	int64_t id;                 /* articles.id */
	const char *slug;           /* URL name, /article/{slug} */
	const char *title;          /* plain text */
	const char *summary;        /* plain text, may be "" */
	const char *category_slug;  /* "" when uncategorised */
	const char *category_name;  /* "" when uncategorised */
	const char *author_login;   /* /author/{login} */
	const char *author_name;    /* display name for the byline */
	int64_t published_at;       /* Unix seconds */
	int64_t updated_at;         /* Unix seconds */
	int64_t comment_count;      /* approved comments only */
	int featured;               /* 1: may lead the home page */
	const char *image_url;      /* "/media/<hash>.<ext>", or "" */
	const char *image_alt;      /* its alt text, may be "" */
	const char *lang;           /* BCP 47 tag: the article's language, else the site's */
	int64_t image_width;        /* the image's pixels, 0 without one */
	int64_t image_height;       /* the image's pixels, 0 without one */
	const char *image_variants; /* its resized copies, "<w>x<h> ...", may be "" */
};

#define GZ_ARTICLE_LIST_MAX 100 /* largest limit a listing accepts */

/*
 * The newest visible articles at time now, newest first (published_at,
 * then id, descending), skipping offset of them, at most limit
 * (1..GZ_ARTICLE_LIST_MAX).  *out is an array of *n summaries in arena
 * (NULL when *n is 0).  GZ_EINVAL for a bad limit or offset.
 */
enum gz_err gz_article_latest_page(struct gz_db *db, struct gz_arena *arena, time_t now,
                                   int64_t offset, int limit, struct gz_article_summary **out,
                                   size_t *n);

/* gz_article_latest_page with offset 0. */
enum gz_err gz_article_latest(struct gz_db *db, struct gz_arena *arena, time_t now, int limit,
                              struct gz_article_summary **out, size_t *n);

/* Number of articles visible at time now, for pagination. */
enum gz_err gz_article_count_visible(struct gz_db *db, time_t now, int64_t *count);

/*
 * The newest visible featured article at time now, into *out (strings in
 * arena); GZ_ENOTFOUND when none is featured.
 */
enum gz_err gz_article_featured(struct gz_db *db, struct gz_arena *arena, time_t now,
                                struct gz_article_summary *out);

/* What a listing is of. */
enum gz_list_kind {
	GZ_LIST_ALL = 0,  /* every visible article (home) */
	GZ_LIST_CATEGORY, /* key is a category id: it and the categories below it */
	GZ_LIST_TAG,      /* key is a tag id */
	GZ_LIST_AUTHOR,   /* key is a user id */
};

/* How a listing page is found. */
enum gz_list_cursor {
	GZ_CURSOR_NONE = 0, /* skip offset articles (a bare /page/N link) */
	GZ_CURSOR_BEFORE,   /* the articles just older than the cursor ("Older") */
	GZ_CURSOR_AFTER,    /* the articles just newer than the cursor ("Newer") */
};

/*
 * One page of a listing, in (published_at, id) order.  The cursor is the
 * article the page borders: the last one of the newer page for
 * GZ_CURSOR_BEFORE, which gives the limit articles strictly older than
 * (cursor_ts, cursor_id); the first one of the older page for
 * GZ_CURSOR_AFTER, which gives the limit articles strictly newer than it
 * and closest to it.  Keyset pagination both ways, so page 500 costs what
 * page 1 costs.  With GZ_CURSOR_NONE the first offset articles are skipped
 * (a bare /page/N link); Gazette's own links to deep pages always carry a
 * cursor.
 */
struct gz_list_query {
	enum gz_list_kind kind;     /* what to list */
	int64_t key;                /* category, tag or user id; unused for GZ_LIST_ALL */
	enum gz_list_cursor cursor; /* how the page is found */
	int64_t cursor_ts;          /* published_at of the article the page borders */
	int64_t cursor_id;          /* that article's id */
	int64_t offset;             /* GZ_CURSOR_NONE: articles to skip */
	int limit;                  /* 1..GZ_ARTICLE_LIST_MAX */
};

/*
 * The page of visible articles q describes at time now, newest first
 * whichever way the cursor points, into *out (array of *n in arena; NULL
 * when empty).  An AFTER page near the newest end holds fewer than limit
 * articles when fewer are newer than the cursor.  GZ_EINVAL for a bad
 * limit, offset, kind or cursor.
 */
enum gz_err gz_article_list(struct gz_db *db, struct gz_arena *arena, time_t now,
                            const struct gz_list_query *q, struct gz_article_summary **out,
                            size_t *n);

/*
 * Number of visible articles of a listing (kind and key as in gz_list_query),
 * and how many of them are at or newer than (ts, id) when ts > 0: for a
 * cursor (the last article of the previous page) that is the number of
 * articles before the page, which gives its page number.  newer may be NULL.
 */
enum gz_err gz_article_list_count(struct gz_db *db, time_t now, enum gz_list_kind kind, int64_t key,
                                  int64_t ts, int64_t id, int64_t *count, int64_t *newer);

/* A tag as attached to an article. */
struct gz_tag_ref {
	int64_t id;       /* tags.id */
	const char *slug; /* /tag/{slug} */
	const char *name; /* plain text */
};

/* One article as its page shows it. */
struct gz_article {
	struct gz_article_summary s; /* the listing fields */
	const char *body;            /* Markdown */
	const char *seo_desc;        /* meta description for search engines, "": the summary */
	int64_t category_id;         /* 0 when uncategorised */
	int64_t author_id;           /* users.id */
	const char *author_bio;      /* plain text, may be "" */
	int comments_open;           /* 1: the comment form is offered */
	const char *image_url;       /* "/media/<hash>.<ext>", or "" */
	const char *image_alt;       /* alt text, may be "" */
	int64_t image_width;         /* pixels, 0 without image */
	int64_t image_height;        /* pixels, 0 without image */
	struct gz_tag_ref *tags;     /* in name order, in arena */
	size_t ntags;                /* number of tags */
	int64_t translation_group;   /* shared with its translations, 0: none */
	const char *body_html;       /* body HTML stored at save (gazette/body_html.h), or NULL */
	const char *body_html_tail;  /* its part after the split, or NULL */
	int body_html_ver;           /* renderer version that made them, 0: none */
};

/*
 * The article called slug if it is visible at time now, strings and tags
 * in arena.  GZ_ENOTFOUND for unknown, draft, trashed or future articles.
 */
enum gz_err gz_article_by_slug(struct gz_db *db, struct gz_arena *arena, const char *slug,
                               time_t now, struct gz_article *out);

/*
 * The current slug of the visible article that was once called old (an
 * editor renamed it), in arena.  GZ_ENOTFOUND when there is none.
 */
enum gz_err gz_article_renamed(struct gz_db *db, struct gz_arena *arena, const char *old,
                               time_t now, const char **slug);

/*
 * Up to limit visible articles related to a, never its translations, and
 * of articles that translate each other only one (the one in a's language
 * when there is one): most shared tags first, then same category, then
 * newest.  Candidates are bounded (the newest 30 per
 * tag and 20 of the category), so the cost does not grow with the archive.
 */
enum gz_err gz_article_related(struct gz_db *db, struct gz_arena *arena, const struct gz_article *a,
                               time_t now, int limit, struct gz_article_summary **out, size_t *n);

/*
 * gz_article_related's choice as ids only (*ids, *n in arena), best first:
 * the costly part (some 30 statements), which a caller may keep while the
 * content does not change (src/app/memo.c), then read with
 * gz_article_by_ids.
 */
enum gz_err gz_article_related_ids(struct gz_db *db, struct gz_arena *arena,
                                   const struct gz_article *a, time_t now, int limit, int64_t **ids,
                                   size_t *n);

/*
 * The summaries of the articles ids[0..nids-1] (nids <= GZ_ARTICLE_LIST_MAX)
 * that are visible at now, in the order given, into *out (*n, arena).
 */
enum gz_err gz_article_by_ids(struct gz_db *db, struct gz_arena *arena, time_t now,
                              const int64_t *ids, size_t nids, struct gz_article_summary **out,
                              size_t *n);

/*
 * The visible articles just older (*prev) and just newer (*next) than a in
 * (published_at, id) order; a field's id is 0 when there is none.
 */
enum gz_err gz_article_neighbours(struct gz_db *db, struct gz_arena *arena,
                                  const struct gz_article *a, time_t now,
                                  struct gz_article_summary *prev, struct gz_article_summary *next);

/*
 * The most viewed visible articles published in the last days days,
 * at most limit.
 */
enum gz_err gz_article_most_read(struct gz_db *db, struct gz_arena *arena, time_t now, int days,
                                 int limit, struct gz_article_summary **out, size_t *n);

/* gz_article_most_read's choice as ids only (*ids, *n in arena). */
enum gz_err gz_article_most_read_ids(struct gz_db *db, struct gz_arena *arena, time_t now, int days,
                                     int limit, int64_t **ids, size_t *n);

/*
 * The newest publish time among articles visible at now (0 when none).
 * A scheduled article that comes due changes it without any write, so
 * caches validate against it together with the content generation.
 */
enum gz_err gz_article_visible_mark(struct gz_db *db, time_t now, int64_t *mark);

/*
 * The content generation, when it last changed, and the visible mark (as
 * gz_article_visible_mark) in one statement, so one read transaction: what
 * the caches check on every public request.
 */
enum gz_err gz_article_page_state(struct gz_db *db, time_t now, int64_t *gen, int64_t *changed,
                                  int64_t *mark);

#endif
