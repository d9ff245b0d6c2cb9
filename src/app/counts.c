/*
 * Listing totals ("Page 3 of 40") without counting on every request.  A
 * total changes only with the content generation or when a scheduled
 * article comes due (the visible mark), so each worker thread remembers the
 * last few it counted, keyed by listing and validated by both numbers.
 */
#include <stdint.h>

#include "gazette/article.h"
#include "gazette/db.h"
#include "gazette/str.h"
#include "internal.h"

#define COUNT_SLOTS 16

struct count_slot {
	int used;               /* 1 when filled */
	enum gz_list_kind kind; /* listing kind */
	int64_t key;            /* category, tag or user id */
	int64_t gen;            /* generation when counted */
	int64_t mark;           /* visible mark when counted */
	int64_t total;          /* the count */
};

static _Thread_local struct count_slot slots[COUNT_SLOTS];
static _Thread_local unsigned next_victim;

enum gz_err
gz_app_list_total(struct gz_ctx *c, enum gz_list_kind kind, int64_t key, int64_t *total)
{
	int64_t gen, changed, mark;
	struct count_slot *s;
	enum gz_err rc;
	size_t i;

	if ((rc = gz_app_state(c, &gen, &changed, &mark)) != GZ_OK) {
		return rc;
	}
	for (i = 0; i < COUNT_SLOTS; i++) {
		s = &slots[i];
		if (s->used && s->kind == kind && s->key == key && s->gen == gen &&
		    s->mark == mark) {
			*total = s->total;
			return GZ_OK;
		}
	}
	if ((rc = gz_article_list_count(c->db, c->now, kind, key, 0, 0, total, NULL)) != GZ_OK) {
		return rc;
	}
	s = &slots[next_victim++ % COUNT_SLOTS];
	s->used = 1;
	s->kind = kind;
	s->key = key;
	s->gen = gen;
	s->mark = mark;
	s->total = *total;
	return GZ_OK;
}

long
gz_app_cursor_page(struct gz_ctx *c, enum gz_list_kind kind, int64_t key,
                   const struct gz_list_query *q)
{
	const char *p = gz_request_arg(c->req, "page");
	int64_t total, newer;
	long page;

	/* Gazette's own links say which page they lead to; trust only a
	 * number the listing can have (page 1 never has a cursor), and count
	 * the position (O(depth)) for hand-made links. */
	if (p != NULL && gz_str_to_long(p, 2, 1000000, &page) == GZ_OK &&
	    gz_app_list_total(c, kind, key, &total) == GZ_OK &&
	    page <= (total + q->limit - 1) / q->limit) {
		return page;
	}
	if (q->cursor == GZ_CURSOR_AFTER) {
		/* The page is the q->limit articles just newer than the cursor
		 * ((ts, id + 1) counts the strictly newer ones); its first
		 * article sits newer - limit articles down.  It is not the
		 * newest page (the caller saw to that), so it is page 2 at
		 * least. */
		if (gz_article_list_count(c->db, c->now, kind, key, q->cursor_ts, q->cursor_id + 1,
		                          &total, &newer) != GZ_OK) {
			return 2;
		}
		page = (long)((newer - q->limit) / q->limit) + 1;
		return page < 2 ? 2 : page;
	}
	if (gz_article_list_count(c->db, c->now, kind, key, q->cursor_ts, q->cursor_id, &total,
	                          &newer) != GZ_OK) {
		return 1;
	}
	return (long)(newer / q->limit) + 1;
}
