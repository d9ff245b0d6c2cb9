/*
 * Categories: the sections of the site, each article in at most one.
 */
#ifndef GAZETTE_CATEGORY_H
#define GAZETTE_CATEGORY_H

#include <stddef.h>
#include <stdint.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_db;

struct gz_category {
	int64_t id;              /* categories.id */
	const char *slug;        /* URL name, /category/{slug} */
	const char *name;        /* plain text */
	const char *description; /* plain text, may be "" */
	int64_t parent_id;       /* parent category id, 0 for a top-level one */
	int64_t position;        /* display order, smaller first */
};

/*
 * Every category, ordered by position then name.  *out is an array of *n
 * categories in arena (NULL when *n is 0).
 */
enum gz_err gz_category_list(struct gz_db *db, struct gz_arena *arena, struct gz_category **out,
                             size_t *n);

/* The category called slug, strings in arena; GZ_ENOTFOUND if none. */
enum gz_err gz_category_by_slug(struct gz_db *db, struct gz_arena *arena, const char *slug,
				struct gz_category *out);

#endif
