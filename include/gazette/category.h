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

/* Category id, strings in arena; GZ_ENOTFOUND if none. */
enum gz_err gz_category_get(struct gz_db *db, struct gz_arena *arena, int64_t id,
                            struct gz_category *out);

#define GZ_CATEGORY_NAME_MAX 100         /* bytes in a name */
#define GZ_CATEGORY_SLUG_MAX 100         /* bytes in a slug */
#define GZ_CATEGORY_DESCRIPTION_MAX 2000 /* bytes in a description */

/*
 * Create (c->id 0; c->id is set) or update category c: name 1..100 bytes of
 * UTF-8 without controls; slug "" for gz_slugify(name), else one
 * gz_slugify leaves unchanged; description up to 2000 bytes; parent_id 0
 * or an existing category that is neither c nor below it.  GZ_EINVAL with
 * *field naming the refused field ("name", "slug", "description",
 * "parent"), GZ_ECONFLICT when another category has the slug (field
 * "slug"), GZ_ENOTFOUND.  Bumps the generation.  arena holds scratch.
 */
enum gz_err gz_category_save(struct gz_db *db, struct gz_arena *arena, struct gz_category *c,
                             const char **field);

/* Number of articles (any status) in category id. */
enum gz_err gz_category_count_articles(struct gz_db *db, int64_t id, int64_t *count);

/*
 * Delete category id.  Its articles move to category move_to, or become
 * uncategorised when move_to is 0; its child categories become top-level.
 * GZ_EINVAL when move_to is id or does not exist, GZ_ENOTFOUND.  Bumps.
 */
enum gz_err gz_category_delete(struct gz_db *db, int64_t id, int64_t move_to);

#endif
