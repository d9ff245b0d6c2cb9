/*
 * Static pages: /privacy and /p/{slug} (about, imprint...), Markdown
 * bodies edited by admins.
 */
#ifndef GAZETTE_PAGE_H
#define GAZETTE_PAGE_H

#include <stddef.h>
#include <stdint.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_db;

struct gz_page {
	int64_t id;         /* pages.id */
	const char *slug;   /* "privacy", "about" */
	const char *title;  /* plain text */
	const char *body;   /* Markdown */
	int64_t updated_at; /* Unix seconds */
};

/* The page called slug, strings in arena; GZ_ENOTFOUND if none. */
enum gz_err gz_page_by_slug(struct gz_db *db, struct gz_arena *arena, const char *slug,
                            struct gz_page *out);

/* Every page, by title, into *out (*n of them, in arena). */
enum gz_err gz_page_list(struct gz_db *db, struct gz_arena *arena, struct gz_page **out, size_t *n);

/*
 * Create or replace the page called slug (title 1..200 bytes, body up to
 * 1 MiB, valid UTF-8) and bump the content generation.  GZ_EINVAL for bad
 * input.
 */
enum gz_err gz_page_save(struct gz_db *db, const char *slug, const char *title, const char *body,
                         int64_t now);

#endif
