/*
 * /search?q=[&sort=new][&page=N]: full-text search through the model in
 * src/model/search.c, best match first or, with sort=new, newest first.
 * The query is only ever text to that model (it quotes every word), so
 * nothing here parses it.  Empty and over-long queries get a helpful page
 * with status 200, not an error.  Snippets arrive with \x01 and \x02
 * around each match; they become segments the template escapes and wraps
 * in <mark>.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/article.h"
#include "gazette/search.h"
#include "gazette/str.h"
#include "../internal.h"

#define PER_PAGE 10

/* Split a marked snippet into [{text, hit}] segments. */
static struct gz_val *
snippet_val(struct gz_arena *a, const char *s)
{
	struct gz_val *l = gz_val_list_new(a);
	int hit = 0;

	while (l != NULL && *s) {
		size_t n = strcspn(s, "\x01\x02");
		struct gz_val *seg;

		if (n > 0 && (seg = gz_val_map_new(a)) != NULL) {
			gz_val_map_set(seg, "text", gz_val_strn(a, s, n));
			gz_val_map_set(seg, "hit", gz_val_bool(hit));
			gz_val_list_push(l, seg);
		}
		s += n;
		if (*s == '\x01') {
			hit = 1;
			s++;
		} else if (*s == '\x02') {
			hit = 0;
			s++;
		}
	}
	return l;
}

void
gz_handle_search_show(struct gz_ctx *c)
{
	const char *q = gz_request_arg(c->req, "q"), *p = gz_request_arg(c->req, "page");
	const char *sort = gz_request_arg(c->req, "sort");
	struct gz_search_hit *hits = NULL;
	struct gz_val *data, *list, *s;
	enum gz_search_order order = GZ_SEARCH_BEST;
	int64_t total = 0;
	size_t n = 0, i;
	long page = 1;
	enum gz_err rc = GZ_EINVAL;

	if (p != NULL &&
	    gz_str_to_long(p, 1, GZ_SEARCH_CANDIDATES / PER_PAGE + 1, &page) != GZ_OK) {
		gz_app_error(c, 404);
		return;
	}
	/* Links only ever say sort=new; the best match is the default. */
	if (sort != NULL) {
		if (strcmp(sort, "new") != 0) {
			gz_app_error(c, 404);
			return;
		}
		order = GZ_SEARCH_NEWEST;
	}
	if (gz_app_cache(c)) {
		return;
	}
	if ((data = gz_app_page(c, NULL)) == NULL || (s = gz_val_map_new(c->arena)) == NULL ||
	    (list = gz_val_list_new(c->arena)) == NULL) {
		gz_app_error(c, 500);
		return;
	}
	gz_app_set_str(s, "q", q ? q : "");
	gz_val_map_set(s, "newest", gz_val_bool(order == GZ_SEARCH_NEWEST));
	gz_val_map_set(s, "problem", gz_val_null());
	gz_val_map_set(s, "next_page", gz_val_null());
	gz_val_map_set(s, "prev_page", gz_val_null());
	if (q != NULL && q[0] != '\0') {
		rc = gz_search_ordered(c->db, c->arena, q, c->now, order, (int)page, PER_PAGE,
		                       &hits, &n, &total);
	}
	switch (rc) {
	case GZ_OK:
		break;
	case GZ_ETOOBIG:
		gz_app_set_str(s, "problem", "long");
		break;
	case GZ_EINVAL:
		gz_app_set_str(s, "problem", q && q[0] ? "words" : "empty");
		break;
	default:
		gz_app_error(c, 500);
		return;
	}
	if (rc == GZ_OK && n == 0 && page > 1) {
		gz_app_error(c, 404);
		return;
	}
	for (i = 0; i < n; i++) {
		struct gz_article_summary sum = {0};
		struct gz_val *h;

		sum.id = hits[i].id;
		sum.slug = hits[i].slug;
		sum.title = hits[i].title;
		sum.summary = hits[i].summary;
		sum.category_slug = hits[i].category_slug;
		sum.category_name = hits[i].category_name;
		sum.author_login = hits[i].author_login;
		sum.author_name = hits[i].author_name;
		sum.published_at = hits[i].published_at;
		sum.lang = hits[i].lang;
		if ((h = gz_app_summary_val(c->arena, &sum)) == NULL) {
			gz_app_error(c, 500);
			return;
		}
		gz_val_map_set(h, "snippet", snippet_val(c->arena, hits[i].snippet));
		gz_val_list_push(list, h);
	}
	gz_val_map_set(s, "hits", list);
	gz_app_set_int(s, "total", total > GZ_SEARCH_CANDIDATES ? GZ_SEARCH_CANDIDATES : total);
	gz_val_map_set(s, "more", gz_val_bool(total > GZ_SEARCH_CANDIDATES));
	gz_app_set_int(s, "page", page);
	if (rc == GZ_OK && (int64_t)page * PER_PAGE < total &&
	    (int64_t)page * PER_PAGE < GZ_SEARCH_CANDIDATES) {
		gz_app_set_int(s, "next_page", page + 1);
	}
	if (page > 1) {
		gz_app_set_int(s, "prev_page", page - 1);
	}
	gz_val_map_set(data, "search", s);
	gz_app_render(c, "search.html", data);
}
