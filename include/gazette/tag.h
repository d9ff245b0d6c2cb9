/*
 * Tags: free-form labels, many per article.
 */
#ifndef GAZETTE_TAG_H
#define GAZETTE_TAG_H

#include <stddef.h>
#include <stdint.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_db;

struct gz_tag {
	int64_t id;              /* tags.id */
	const char *slug;        /* URL name, /tag/{slug} */
	const char *name;        /* plain text */
	const char *description; /* plain text, may be "" */
};

/* The tag called slug, strings in arena; GZ_ENOTFOUND if none. */
enum gz_err gz_tag_by_slug(struct gz_db *db, struct gz_arena *arena, const char *slug,
                           struct gz_tag *out);

#define GZ_TAG_NAME_MAX 100 /* bytes in a tag name */
#define GZ_TAG_SLUG_MAX 100 /* bytes in a tag slug */

/* A tag with the number of articles carrying it (any status). */
struct gz_tag_count {
	struct gz_tag tag; /* the tag */
	int64_t articles;  /* article_tags rows */
};

/* Every tag by name, with counts, into *out (array of *n in arena). */
enum gz_err gz_tag_list(struct gz_db *db, struct gz_arena *arena, struct gz_tag_count **out,
                        size_t *n);

/* Tag id, strings in arena; GZ_ENOTFOUND if none. */
enum gz_err gz_tag_get(struct gz_db *db, struct gz_arena *arena, int64_t id, struct gz_tag *out);

/*
 * Whether name is acceptable as a tag name: 1..GZ_TAG_NAME_MAX (100) bytes
 * of valid UTF-8, no control characters, no comma (the editor separates
 * tags with commas), and gz_slugify gives it a non-empty slug.
 */
int gz_tag_name_valid(struct gz_arena *arena, const char *name);

/*
 * The id of the tag whose slug is gz_slugify(name), creating it with
 * that name when there is none (bumps the generation).  GZ_EINVAL for a
 * name gz_tag_name_valid refuses.  Opens its own transaction (a savepoint
 * inside a caller's).
 */
enum gz_err gz_tag_ensure(struct gz_db *db, struct gz_arena *arena, const char *name, int64_t *id);

/*
 * Create (id 0; *out_id set) or rename tag id: name as gz_tag_name_valid,
 * slug "" for gz_slugify(name) or one gz_slugify leaves unchanged.
 * GZ_EINVAL for bad input, GZ_ECONFLICT when another tag has the slug,
 * GZ_ENOTFOUND.  Bumps the generation.
 */
enum gz_err gz_tag_save(struct gz_db *db, struct gz_arena *arena, int64_t id, const char *name,
                        const char *slug, int64_t *out_id);

/*
 * Merge tag from into tag into: every article tagged from gets into
 * (once), then from is deleted.  GZ_EINVAL when they are the same,
 * GZ_ENOTFOUND when either is missing.  Bumps the generation.
 */
enum gz_err gz_tag_merge(struct gz_db *db, int64_t from, int64_t into);

/* Delete tag id (it leaves every article).  GZ_ENOTFOUND.  Bumps. */
enum gz_err gz_tag_delete(struct gz_db *db, int64_t id);

#endif
