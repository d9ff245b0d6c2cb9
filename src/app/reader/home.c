/*
 * The home page: the featured story, the latest articles (paginated by
 * /page/{n} with a keyset cursor), a block per main category and the
 * most-read list.
 */
#include <stdint.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/article.h"
#include "gazette/category.h"
#include "gazette/i18n.h"
#include "gazette/memo.h"
#include "gazette/settings.h"
#include "gazette/str.h"
#include "../internal.h"

/*
 * One decimal part of a cursor: ASCII digits up to the first '.' or the
 * end, 1..INT64_MAX - 1 (so id + 1 cannot overflow where a count needs
 * "strictly newer").  Returns where it stopped, or NULL when malformed.
 */
static const char *
cursor_part(const char *s, int64_t *out)
{
	int64_t v = 0;
	const char *p;

	for (p = s; *p >= '0' && *p <= '9'; p++) {
		if (v > (INT64_MAX - 1 - (*p - '0')) / 10) {
			return NULL;
		}
		v = v * 10 + (*p - '0');
	}
	if (p == s || v == 0) {
		return NULL;
	}
	*out = v;
	return p;
}

int
gz_app_cursor(struct gz_ctx *c, struct gz_list_query *q)
{
	const char *before = gz_request_arg(c->req, "before");
	const char *after = gz_request_arg(c->req, "after");
	const char *v = before ? before : after;
	int64_t ts, id;

	if (v == NULL) {
		return 0;
	}
	/* One page cannot border two others: both at once is no link of ours. */
	if (before != NULL && after != NULL) {
		return -1;
	}
	if ((v = cursor_part(v, &ts)) == NULL || *v != '.' ||
	    (v = cursor_part(v + 1, &id)) == NULL || *v != '\0') {
		return -1;
	}
	q->cursor = before ? GZ_CURSOR_BEFORE : GZ_CURSOR_AFTER;
	q->cursor_ts = ts;
	q->cursor_id = id;
	return 1;
}

/* Page number from the {n} parameter: 1 when absent, 0 when malformed. */
long
gz_app_page_number(struct gz_ctx *c)
{
	const char *n = gz_request_param(c->req, "n");
	long page;

	if (n == NULL) {
		return 1;
	}
	if (gz_str_to_long(n, 1, 1000000, &page) != GZ_OK) {
		return 0;
	}
	return page;
}

struct gz_val *
gz_app_pager(struct gz_ctx *c, const char *first, const char *numbered, long page, int64_t total,
             int per, const struct gz_article_summary *items, size_t n)
{
	struct gz_val *m = gz_val_map_new(c->arena);
	long pages = (long)((total + per - 1) / per);

	if (m == NULL) {
		return NULL;
	}
	gz_app_set_int(m, "page", page);
	gz_app_set_int(m, "pages", pages);
	/* Present but empty unless set below: strict templates test them. */
	gz_val_map_set(m, "next_href", gz_val_null());
	gz_val_map_set(m, "prev_href", gz_val_null());
	gz_val_map_set(m, "prev_label", gz_val_null());
	gz_val_map_set(m, "first_href", gz_val_null());
	gz_app_set_int(m, "total", total);
	if (page < pages && n > 0) {
		/* Older pages always go by cursor: constant cost at any depth. */
		gz_app_set_str(m, "next_href",
		               numbered
		                   ? gz_arena_printf(c->arena, "%s%ld?before=%lld.%lld", numbered,
		                                     page + 1, (long long)items[n - 1].published_at,
		                                     (long long)items[n - 1].id)
		                   : gz_arena_printf(c->arena, "%s?before=%lld.%lld&page=%ld",
		                                     first, (long long)items[n - 1].published_at,
		                                     (long long)items[n - 1].id, page + 1));
	}
	if (page == 2 || (page > 2 && !numbered && n == 0)) {
		/* Page 1 has one URL, the bare one. */
		gz_app_set_str(m, "prev_href", first);
		gz_app_set_str(m, "prev_label", GZ_N_("Newer"));
	} else if (page > 2) {
		/* The home page's newer pages keep their /page/N URLs; a
		 * listing's go by the reverse cursor, the first article here,
		 * which costs the same at any depth. */
		gz_app_set_str(m, "prev_href",
		               numbered ? gz_arena_printf(c->arena, "%s%ld", numbered, page - 1)
		                        : gz_arena_printf(c->arena, "%s?after=%lld.%lld&page=%ld",
		                                          first, (long long)items[0].published_at,
		                                          (long long)items[0].id, page - 1));
		gz_app_set_str(m, "prev_label", GZ_N_("Newer"));
		gz_app_set_str(m, "first_href", first);
	}
	return m;
}

/* Minutes the most-read choice is kept: views move it without a write. */
#define MOST_READ_SLOT (5 * 60)

/*
 * The most-read list (30 days, 5 articles) into *out and *n, in the
 * request arena: the choice, a sort of the month's articles by views, made
 * once per content state and MOST_READ_SLOT and kept in the worker's memo;
 * the summaries read now.
 */
static enum gz_err
most_read(struct gz_ctx *c, struct gz_article_summary **out, size_t *n)
{
	struct gz_memo_stamp stamp;
	int64_t kept[GZ_MEMO_IDS], *ids = kept;
	size_t nids = 0;
	enum gz_err rc;
	int stamped = gz_app_memo_stamp(c, MOST_READ_SLOT, &stamp);

	if (!stamped || !gz_memo_get(c->memo, GZ_MEMO_MOST_READ, 0, &stamp, kept, &nids)) {
		if ((rc = gz_article_most_read_ids(c->db, c->arena, c->now, 30, 5, &ids, &nids)) !=
		    GZ_OK) {
			return rc;
		}
		if (stamped) {
			gz_memo_put(c->memo, GZ_MEMO_MOST_READ, 0, &stamp, ids, nids);
		}
	}
	return gz_article_by_ids(c->db, c->arena, c->now, ids, nids, out, n);
}

void
gz_handle_home_show(struct gz_ctx *c)
{
	struct gz_list_query q = {GZ_LIST_ALL, 0, 0, 0, 0, 0, 10};
	struct gz_article_summary *items, *top, featured;
	struct gz_category *cats;
	struct gz_val *data, *blocks;
	int64_t total;
	long page = gz_app_page_number(c);
	size_t n, ntop, ncats, i;
	int cur;

	q.limit = (int)gz_setting_int(c->db, "per_page", 10);
	if (q.limit < 1 || q.limit > GZ_ARTICLE_LIST_MAX) {
		q.limit = 10;
	}
	/* The home page goes newer by its numbered links, never by cursor. */
	if (page == 0 || (cur = gz_app_cursor(c, &q)) < 0 || q.cursor == GZ_CURSOR_AFTER) {
		gz_app_error(c, 404);
		return;
	}
	gz_app_key(c, "home");
	if (gz_app_cache(c)) {
		return;
	}
	if (!cur) {
		q.offset = (int64_t)(page - 1) * q.limit;
	}
	if (gz_article_list(c->db, c->arena, c->now, &q, &items, &n) != GZ_OK ||
	    gz_app_list_total(c, GZ_LIST_ALL, 0, &total) != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	if (n == 0 && page > 1) {
		gz_app_error(c, 404);
		return;
	}
	if ((data = gz_app_page_nav(c, page == 1 ? "home" : NULL, &cats, &ncats)) == NULL) {
		gz_app_error(c, 500);
		return;
	}
	gz_val_map_set(data, "articles", gz_app_summaries_val(c->arena, items, n));
	gz_val_map_set(data, "pager",
	               gz_app_pager(c, "/", "/page/", page, total, q.limit, items, n));
	gz_val_map_set(data, "featured", gz_val_null());
	gz_val_map_set(data, "most_read", gz_val_null());
	gz_val_map_set(data, "blocks", gz_val_null());
	if (page == 1) {
		if (gz_article_featured(c->db, c->arena, c->now, &featured) != GZ_OK && n > 0) {
			featured = items[0];
		}
		if (n > 0) {
			gz_val_map_set(data, "featured", gz_app_summary_val(c->arena, &featured));
		}
		if (most_read(c, &top, &ntop) == GZ_OK) {
			gz_val_map_set(data, "most_read",
			               gz_app_summaries_val(c->arena, top, ntop));
		}
		/* A block per main category: the navigation's list, as rows. */
		blocks = gz_val_list_new(c->arena);
		for (i = 0; blocks && i < ncats; i++) {
			struct gz_list_query cq = {GZ_LIST_CATEGORY, 0, 0, 0, 0, 0, 3};
			struct gz_val *b;
			size_t nc;

			cq.key = cats[i].id;
			if (gz_article_list(c->db, c->arena, c->now, &cq, &top, &nc) != GZ_OK ||
			    nc == 0 || (b = gz_val_map_new(c->arena)) == NULL) {
				continue;
			}
			gz_val_map_set(b, "category", gz_app_category_val(c->arena, &cats[i]));
			gz_val_map_set(b, "articles", gz_app_summaries_val(c->arena, top, nc));
			gz_val_list_push(blocks, b);
		}
		gz_val_map_set(data, "blocks", blocks);
	}
	gz_app_render(c, "home.html", data);
}
