/*
 * Tags: free-form labels, many per article.
 */
#ifndef GAZETTE_TAG_H
#define GAZETTE_TAG_H

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

#endif
