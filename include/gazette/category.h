/*
 * Categories: the sections of the site, each article in at most one.
 * Sections form a tree (parent_id); a section's listing holds its own
 * articles and those of every section below it, as WordPress's do.
 */
#ifndef GAZETTE_CATEGORY_H
#define GAZETTE_CATEGORY_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

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
 * Levels below a section that its listing, its feed and its counts follow
 * (and one less than the longest chain gz_category_chain gives).  Deeper
 * sections, or a loop of parents that bad data might hold, are cut there,
 * so no walk of the tree is unbounded.
 */
#define GZ_CATEGORY_DEPTH_MAX 16

/*
 * Every category, ordered by position, then name (without case), then id.
 * *out is an array of *n categories in arena (NULL when *n is 0).
 */
enum gz_err gz_category_list(struct gz_db *db, struct gz_arena *arena, struct gz_category **out,
                             size_t *n);

/*
 * The sections the site's navigation shows at time now: top-level ones
 * holding at least one visible article in them or below them, in list
 * order (position, name, id), at most max (>= 1).  *out is an array of *n
 * in arena (NULL when none); *more is 1 when more such sections exist
 * than were returned.  One statement reading them in index order, which
 * stops at max + 1: its cost grows with the top-level sections it passes,
 * not with the articles.
 */
enum gz_err gz_category_nav(struct gz_db *db, struct gz_arena *arena, time_t now, size_t max,
                            struct gz_category **out, size_t *n, int *more);

/*
 * The chain from the top of the tree down to category id, id last: *out
 * is an array of *n (1..GZ_CATEGORY_DEPTH_MAX + 1) in arena, for
 * breadcrumbs.  A chain longer than that (or a loop) keeps its lowest
 * GZ_CATEGORY_DEPTH_MAX + 1 links.  GZ_ENOTFOUND when id does not exist.
 */
enum gz_err gz_category_chain(struct gz_db *db, struct gz_arena *arena, int64_t id,
                              struct gz_category **out, size_t *n);

/*
 * The sections directly below category id that hold at least one article
 * visible at now in them or below them, in list order: the subsections a
 * section's page links to.  *out is an array of *n in arena (NULL when
 * none).
 */
enum gz_err gz_category_children(struct gz_db *db, struct gz_arena *arena, time_t now, int64_t id,
                                 struct gz_category **out, size_t *n);

/*
 * Category id and the categories below it, down to GZ_CATEGORY_DEPTH_MAX
 * levels: the categories whose articles id's listing holds.  Level by
 * level, id first, into *out (an array of *n ids in arena); one index
 * search per category of all but the last level.  In a loop of parents
 * only id itself can come round again (every other category is reached
 * from its one parent, met once), so that is the one check.  id need not
 * exist: then *n is 1.
 */
enum gz_err gz_category_subtree(struct gz_db *db, struct gz_arena *arena, int64_t id, int64_t **out,
                                size_t *n);

/* One section of the whole tree, as gz_category_tree gives it. */
struct gz_category_node {
	struct gz_category c; /* the section */
	int depth;            /* 0 for a top-level one, at most GZ_CATEGORY_DEPTH_MAX */
	int64_t count;        /* visible articles in it and up to GZ_CATEGORY_DEPTH_MAX below */
};

/*
 * Every section, parents before their children and siblings in list
 * order (a depth-first walk), each with its depth and the number of
 * articles visible at now that its page lists.  A section whose parents
 * loop, or that lies deeper than GZ_CATEGORY_DEPTH_MAX, is still listed
 * (at that depth at most).  *out is an array of *n in arena (NULL when
 * there are no sections).  Two statements: the sections and one count per
 * section over the articles index.
 */
enum gz_err gz_category_tree(struct gz_db *db, struct gz_arena *arena, time_t now,
                             struct gz_category_node **out, size_t *n);

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
