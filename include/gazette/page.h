/*
 * Static pages: /privacy and /p/{slug} (about, imprint...), Markdown
 * bodies edited by admins.  A page is published or a draft (an imported
 * WordPress draft or private page, or one an admin took down); readers
 * see only published pages.
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
	const char *status; /* GZ_PAGE_PUBLISHED or GZ_PAGE_DRAFT */
};

#define GZ_PAGE_PUBLISHED "published" /* shown at its address */
#define GZ_PAGE_DRAFT "draft"         /* admins only: 404 for readers */

/* The page called slug whatever its status (for admins), strings in
 * arena; GZ_ENOTFOUND if none. */
enum gz_err gz_page_by_slug(struct gz_db *db, struct gz_arena *arena, const char *slug,
                            struct gz_page *out);

/* The page called slug if readers may see it (published), strings in
 * arena; GZ_ENOTFOUND if none or a draft. */
enum gz_err gz_page_visible(struct gz_db *db, struct gz_arena *arena, const char *slug,
                            struct gz_page *out);

/* Every page, drafts included, by title, into *out (*n of them, in arena). */
enum gz_err gz_page_list(struct gz_db *db, struct gz_arena *arena, struct gz_page **out, size_t *n);

/*
 * Create or replace the page called slug (title 1..200 bytes, body up to
 * 1 MiB, valid UTF-8) and bump the content generation.  A new page is
 * published; an existing one keeps its status.  GZ_EINVAL for bad input.
 */
enum gz_err gz_page_save(struct gz_db *db, const char *slug, const char *title, const char *body,
                         int64_t now);

/*
 * gz_page_save that also sets the status, GZ_PAGE_PUBLISHED or
 * GZ_PAGE_DRAFT (anything else is GZ_EINVAL).  The privacy policy cannot
 * be a draft (the consent banner links to it): GZ_EINVAL.  Inside a
 * caller's transaction it becomes a savepoint.
 */
enum gz_err gz_page_save_status(struct gz_db *db, const char *slug, const char *title,
                                const char *body, const char *status, int64_t now);

#define GZ_PAGE_SLUG_MAX 100 /* bytes in a new page's address */

/*
 * Why slug cannot be a new page's address, or NULL when it can: 1 to
 * GZ_PAGE_SLUG_MAX bytes of a-z, 0-9 and '-', not starting or ending with
 * '-', and neither "new" (the admin's form) nor "privacy" (it has its own
 * address).  The message is static English, marked for the catalogs.
 * Pages made before these rules (imported from WordPress) keep theirs.
 */
const char *gz_page_slug_problem(const char *slug);

/*
 * Make a new page at /p/slug with status GZ_PAGE_PUBLISHED or
 * GZ_PAGE_DRAFT, and bump the generation.  GZ_EINVAL when the slug fails
 * gz_page_slug_problem or the text the checks of gz_page_save;
 * GZ_ECONFLICT when a page already has the address.  A deleted page's
 * address may be used again: it stops answering 410.  One transaction (a
 * savepoint inside a caller's).
 */
enum gz_err gz_page_create(struct gz_db *db, const char *slug, const char *title, const char *body,
                           const char *status, int64_t now);

/*
 * Delete the page called slug (and the menu items naming it), remember the
 * address as gone (gz_page_gone) and bump the generation, in one
 * transaction.  GZ_EPERM for the privacy policy (the consent banner links
 * to it), GZ_ENOTFOUND when there is no such page.
 */
enum gz_err gz_page_delete(struct gz_db *db, const char *slug, int64_t now);

/* 1 when a page called slug was deleted and no page has its address since,
 * else 0 (also on a database error, which is logged). */
int gz_page_gone(struct gz_db *db, const char *slug);

#endif
