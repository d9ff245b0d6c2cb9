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
	int64_t id;                /* articles.id */
	const char *slug;          /* URL name, /article/{slug} */
	const char *title;         /* plain text */
	const char *summary;       /* plain text, may be "" */
	const char *category_slug; /* "" when uncategorised */
	const char *category_name; /* "" when uncategorised */
	const char *author_login;  /* /author/{login} */
	const char *author_name;   /* display name for the byline */
	int64_t published_at;      /* Unix seconds */
	int64_t updated_at;        /* Unix seconds */
	int64_t comment_count;     /* approved comments only */
	int featured;              /* 1: may lead the home page */
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

#endif
