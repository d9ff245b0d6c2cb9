/*
 * What the XML sitemaps list: the addresses of visible articles in id
 * ranges, and of the listing and static pages.  Paths only; the app makes
 * them absolute and the templates write the XML.
 */
#ifndef GAZETTE_SITEMAP_H
#define GAZETTE_SITEMAP_H

#include <stddef.h>
#include <stdint.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_db;

/* One address in a sitemap. */
struct gz_sitemap_url {
	const char *path; /* "/article/slug", "/category/slug", ... in the arena */
	int64_t lastmod;  /* last change (Unix seconds), or 0 when unknown */
};

/*
 * The highest id and the newest change (max of updated and published time)
 * over the articles visible at now; both 0 when there are none.
 */
enum gz_err gz_sitemap_span(struct gz_db *db, int64_t now, int64_t *maxid, int64_t *lastmod);

/*
 * The visible articles (at now) whose ids lie in [first, last), by id, into
 * *urls (an array in arena) and *n.
 */
enum gz_err gz_sitemap_article_urls(struct gz_db *db, struct gz_arena *arena, int64_t now,
                                    int64_t first, int64_t last, struct gz_sitemap_url **urls,
                                    size_t *n);

/*
 * Every section, tag, author with an article visible at now, and static
 * page except the privacy policy, into *urls (in arena) and *n; lastmod 0.
 */
enum gz_err gz_sitemap_page_urls(struct gz_db *db, struct gz_arena *arena, int64_t now,
                                 struct gz_sitemap_url **urls, size_t *n);

#endif
