/*
 * A worker's memo of derived article lists: a direct-mapped table of
 * MEMO_SLOTS entries keyed by (kind, key), each stamped with the content
 * state it was made in.  A lookup that finds another key or another state
 * misses and the caller recomputes and puts; old entries are never swept,
 * they are simply overwritten.  Bounded: MEMO_SLOTS entries of a few dozen
 * bytes per worker whatever the archive's size.  It does not know what
 * the lists mean or how they are made (gazette/memo.h), nor SQL; the one
 * helper here that reads the state, gz_app_memo_stamp, goes through the
 * request's cached page state.
 */
#include <stdlib.h>
#include <string.h>

#include "gazette/memo.h"
#include "internal.h"

#define MEMO_SLOTS 2048 /* entries per worker, a power of two */

/* One kept list. */
struct memo_entry {
	int kind;                   /* enum gz_memo_kind; 0: free */
	int64_t key;                /* what it is the list of */
	struct gz_memo_stamp stamp; /* the state it was made in */
	size_t n;                   /* ids in use */
	int64_t ids[GZ_MEMO_IDS];   /* the list */
};

struct gz_memo {
	int off;                             /* GAZETTE_MEMO=0: every get misses */
	struct memo_entry slots[MEMO_SLOTS]; /* direct-mapped by slot_of */
};

struct gz_memo *
gz_memo_new(void)
{
	struct gz_memo *m = calloc(1, sizeof(*m));
	const char *env = getenv("GAZETTE_MEMO");

	if (m != NULL) {
		m->off = env != NULL && strcmp(env, "0") == 0;
	}
	return m;
}

void
gz_memo_free(struct gz_memo *m)
{
	free(m);
}

/* The slot of (kind, key): a multiplicative hash, so neighbouring ids spread. */
static struct memo_entry *
slot_of(struct gz_memo *m, enum gz_memo_kind kind, int64_t key)
{
	uint64_t h = ((uint64_t)key ^ ((uint64_t)kind << 56)) * 0x9E3779B97F4A7C15ull;

	return &m->slots[(h >> 40) & (MEMO_SLOTS - 1)];
}

static int
same_stamp(const struct gz_memo_stamp *a, const struct gz_memo_stamp *b)
{
	return a->db == b->db && a->gen == b->gen && a->changed == b->changed &&
	       a->mark == b->mark && a->bucket == b->bucket;
}

int
gz_memo_get(struct gz_memo *m, enum gz_memo_kind kind, int64_t key,
            const struct gz_memo_stamp *stamp, int64_t *ids, size_t *n)
{
	struct memo_entry *e;

	*n = 0;
	if (m == NULL || m->off) {
		return 0;
	}
	e = slot_of(m, kind, key);
	if (e->kind != (int)kind || e->key != key || !same_stamp(&e->stamp, stamp)) {
		return 0;
	}
	memcpy(ids, e->ids, e->n * sizeof(*ids));
	*n = e->n;
	return 1;
}

void
gz_memo_put(struct gz_memo *m, enum gz_memo_kind kind, int64_t key,
            const struct gz_memo_stamp *stamp, const int64_t *ids, size_t n)
{
	struct memo_entry *e;

	if (m == NULL || m->off || n > GZ_MEMO_IDS) {
		return;
	}
	e = slot_of(m, kind, key);
	e->kind = (int)kind;
	e->key = key;
	e->stamp = *stamp;
	e->n = n;
	if (n > 0) {
		memcpy(e->ids, ids, n * sizeof(*ids));
	}
}

int
gz_app_memo_stamp(struct gz_ctx *c, int64_t slot_seconds, struct gz_memo_stamp *stamp)
{
	int64_t gen, changed, mark;

	if (c->memo == NULL || gz_app_state(c, &gen, &changed, &mark) != GZ_OK) {
		return 0;
	}
	stamp->db = c->db;
	stamp->gen = gen;
	stamp->changed = changed;
	stamp->mark = mark;
	stamp->bucket = slot_seconds > 0 ? (int64_t)c->now / slot_seconds : 0;
	return 1;
}
