/*
 * A worker's memo of derived article lists (issue 20): which articles are
 * related to an article, which are most read.  Choosing them costs dozens
 * of statements; the choice changes only when the content does, so a
 * worker keeps it, stamped with the content state it was made in, and
 * makes it again when the state has moved.  The articles' own fields are
 * always read fresh; only the choice of ids is kept.  It knows nothing of
 * SQL or pages: callers pass the stamp (src/app/memo.c's gz_app_memo_stamp
 * reads it) and the ids.  One memo per worker, used by one thread at a
 * time, so it has no lock.  GAZETTE_MEMO=0 in the environment turns it off
 * (every get misses): for benchmarks' "before" and for tests.
 */
#ifndef GAZETTE_MEMO_H
#define GAZETTE_MEMO_H

#include <stddef.h>
#include <stdint.h>

#define GZ_MEMO_IDS 8 /* most ids one entry holds */

/* What a memo entry is a list of. */
enum gz_memo_kind {
	GZ_MEMO_RELATED = 1,   /* key: the article's id */
	GZ_MEMO_MOST_READ = 2, /* key: 0 */
};

/* The content state an entry was made in; an entry serves only its own. */
struct gz_memo_stamp {
	const void *db;  /* the connection (a worker could be handed another) */
	int64_t gen;     /* content generation: every visible write moves it */
	int64_t changed; /* when it last moved: a replaced file shows here */
	int64_t mark;    /* newest visible publish time: a scheduled article coming due */
	int64_t bucket;  /* a time slot, for lists that change without a write (views) */
};

struct gz_memo;

/* A new, empty memo; NULL when out of memory (callers go without). */
struct gz_memo *gz_memo_new(void);

/* Free m (NULL is fine). */
void gz_memo_free(struct gz_memo *m);

/*
 * The ids (at most GZ_MEMO_IDS, into ids, count *n) kept for (kind, key)
 * when they were made in exactly the state stamp: 1, else 0 (m NULL, the
 * memo turned off, never kept, or kept in another state).
 */
int gz_memo_get(struct gz_memo *m, enum gz_memo_kind kind, int64_t key,
                const struct gz_memo_stamp *stamp, int64_t *ids, size_t *n);

/*
 * Keep ids[0..n-1] for (kind, key) made in state stamp, replacing what the
 * slot held.  More than GZ_MEMO_IDS ids are not kept.  Nothing when m is
 * NULL or the memo is off.
 */
void gz_memo_put(struct gz_memo *m, enum gz_memo_kind kind, int64_t key,
                 const struct gz_memo_stamp *stamp, const int64_t *ids, size_t n);

#endif
