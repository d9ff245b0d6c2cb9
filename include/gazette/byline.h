/*
 * Bylines: the staff members an article credits, in order (table
 * article_authors, migration 013).  An article's owner (articles.author_id)
 * decides who may edit it as a writer; its bylines decide whom readers see
 * ("by A and B"), whose author page lists it, and the authors of its
 * JSON-LD and feed entries.  Who may credit whom is the caller's rule
 * (editors anyone, writers themselves); this module only stores and reads.
 */
#ifndef GAZETTE_BYLINE_H
#define GAZETTE_BYLINE_H

#include <stddef.h>
#include <stdint.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_db;

#define GZ_BYLINES_MAX 8        /* staff credited on one article */
#define GZ_BYLINE_STAFF_MAX 500 /* staff offered in the editor's picker */

/* One credited staff member. */
struct gz_byline {
	int64_t user_id;   /* users.id */
	const char *login; /* /author/{login} */
	const char *name;  /* display name, else the login */
};

/*
 * The bylines of article id in order into *out (array of *n in arena; NULL
 * when none).  An article saved before bylines existed has its owner as
 * its one byline (migration 013 filled them in).
 */
enum gz_err gz_byline_list(struct gz_db *db, struct gz_arena *arena, int64_t id,
                           struct gz_byline **out, size_t *n);

/*
 * Credit users[0..n) (1..GZ_BYLINES_MAX ids, in order; a repeated id
 * counts once, at its first place) on article id, replacing its bylines,
 * in one transaction (a savepoint inside a caller's) that also bumps the
 * content generation.  Each must be an enabled staff member, or a disabled
 * one the article credits already (they keep their credit; nobody new may
 * name them).  GZ_EINVAL for n out of range or anyone else; nothing
 * changes then.
 */
enum gz_err gz_byline_set(struct gz_db *db, int64_t id, const int64_t *users, size_t n);

/*
 * The enabled staff members who may be credited, by display name, into
 * *out (array of *n in arena), at most GZ_BYLINE_STAFF_MAX.
 */
enum gz_err gz_byline_staff(struct gz_db *db, struct gz_arena *arena, struct gz_byline **out,
                            size_t *n);

#endif
