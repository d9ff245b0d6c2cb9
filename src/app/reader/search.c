/*
 * /search?q=[&cat=SECTION][&from=YYYY-MM-DD][&to=YYYY-MM-DD][&sort=new]
 * [&before=ID][&page=N]: full-text search through the model in
 * src/model/search.c, best match first or, with sort=new, newest first,
 * narrowed to a section (with its subsections) and to a range of days
 * (from and to both included, UTC days, as the site shows dates).
 *
 * The query is only ever text to that model (it quotes every word and
 * phrase), so nothing here parses it.  One search looks at a bounded batch
 * of the newest matches; when there are more, "Older results" links to
 * the same search with before=<the id the model says to go on from>, and
 * an older batch links back to the newest.  Every link (sort, pages,
 * batches) keeps the query and the filters, so the page cache, keyed by
 * the whole request target, and the ETag, which validates one URL, tell
 * every filtered page apart.
 *
 * Empty and over-long queries get a helpful page with status 200, as the
 * form is for readers; a filter that is not one (a date that is no date,
 * a start after the end, a section that does not exist) gets the page
 * with a notice and status 400, since only a hand-made URL or an old
 * browser's text field sends one.  Snippets arrive with \x01 and \x02
 * around each match; they become segments the template escapes and wraps
 * in <mark>.
 */
#include <stdint.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/article.h"
#include "gazette/buf.h"
#include "gazette/caldate.h"
#include "gazette/category.h"
#include "gazette/search.h"
#include "gazette/str.h"
#include "gazette/url.h"
#include "../internal.h"

#define PER_PAGE 10
#define SECTION_DEPTH_MAX 8 /* nesting shown in the section select */

/* The filters as the reader sent them and as the model takes them. */
struct filters {
	const char *cat;          /* section slug as sent, "" for none */
	const char *from;         /* first day as sent ("YYYY-MM-DD"), "" for none */
	const char *to;           /* last day as sent, "" for none */
	int64_t section;          /* the section's id, 0 for none */
	const char *section_name; /* its name, "" for none */
	int64_t from_t;           /* first second of from, 0 for none */
	int64_t to_t;             /* first second after to, 0 for none */
};

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

/* An argument, "" when absent. */
static const char *
arg(struct gz_ctx *c, const char *name)
{
	const char *v = gz_request_arg(c->req, name);

	return v != NULL ? v : "";
}

/*
 * Read the filters of c's request into *f.  Returns NULL when they are
 * all well formed (or absent), else the problem the page names: "dates"
 * (a day that is not YYYY-MM-DD or no date of the calendar; that field is
 * then emptied, as a date field cannot show it), "range" (the
 * first day after the last) or "section" (no such section); -1 in *fault
 * when the database failed (answer 500).
 */
static const char *
read_filters(struct gz_ctx *c, struct filters *f, int *fault)
{
	struct gz_category cat;
	const char *problem = NULL;
	enum gz_err rc;
	int y, m, d;

	memset(f, 0, sizeof(*f));
	*fault = 0;
	f->cat = arg(c, "cat");
	f->from = arg(c, "from");
	f->to = arg(c, "to");
	f->section_name = "";
	if (f->from[0] != '\0') {
		if (gz_caldate_parse(f->from, &y, &m, &d) != GZ_OK) {
			/* The form shows the notice, not a value no date field takes. */
			f->from = "";
			problem = "dates";
		} else {
			f->from_t = gz_caldate_time(y, m, d);
		}
	}
	if (f->to[0] != '\0') {
		if (gz_caldate_parse(f->to, &y, &m, &d) != GZ_OK) {
			f->to = "";
			problem = "dates";
		} else {
			/* The last day is included: up to the start of the next. */
			f->to_t = gz_caldate_time(y, m, d) + 86400;
		}
	}
	if (problem != NULL) {
		return problem;
	}
	if (f->from_t > 0 && f->to_t > 0 && f->from_t >= f->to_t) {
		return "range";
	}
	if (f->cat[0] != '\0') {
		rc = gz_category_by_slug(c->db, c->arena, f->cat, &cat);
		if (rc == GZ_ENOTFOUND) {
			return "section";
		}
		if (rc != GZ_OK) {
			*fault = 1;
			return "fault";
		}
		f->section = cat.id;
		f->section_name = cat.name;
	}
	return NULL;
}

/*
 * Append the sections under parent (0: the top level) to list, each
 * with its depth as padding, children after their parent, in the model's
 * order (position, then name).  done marks the ones listed, so a loop in
 * parent_id cannot recurse for ever; depth stops at SECTION_DEPTH_MAX.
 */
static void
add_sections(struct gz_ctx *c, struct gz_val *list, const struct gz_category *cats, size_t n,
             char *done, int64_t parent, int depth, const char *selected)
{
	static const char pad[] = "\xc2\xa0\xc2\xa0\xc2\xa0"; /* three no-break spaces */
	size_t i, k;

	for (i = 0; i < n; i++) {
		struct gz_val *v;
		struct gz_buf b;

		if (done[i] || cats[i].parent_id != parent) {
			continue;
		}
		done[i] = 1;
		if ((v = gz_val_map_new(c->arena)) == NULL) {
			return;
		}
		gz_buf_init(&b, c->arena, 0);
		gz_buf_puts(&b, "");
		for (k = 0; k < (size_t)depth; k++) {
			gz_buf_puts(&b, pad);
		}
		gz_app_set_str(v, "slug", cats[i].slug);
		gz_app_set_str(v, "name", cats[i].name);
		gz_app_set_str(v, "pad", gz_buf_err(&b) == GZ_OK ? gz_buf_str(&b) : "");
		gz_val_map_set(v, "selected", gz_val_bool(strcmp(cats[i].slug, selected) == 0));
		gz_val_list_push(list, v);
		if (depth < SECTION_DEPTH_MAX) {
			add_sections(c, list, cats, n, done, cats[i].id, depth + 1, selected);
		}
	}
}

/*
 * Every section for the filter's select, in tree order; sections whose
 * parent is missing (or part of a loop) come last, at the top level.  In
 * the arena; an empty list when they cannot be read.
 */
static struct gz_val *
sections_val(struct gz_ctx *c, const char *selected)
{
	struct gz_val *list = gz_val_list_new(c->arena);
	struct gz_category *cats;
	size_t n, i;
	char *done;

	if (list == NULL || gz_category_list(c->db, c->arena, &cats, &n) != GZ_OK || n == 0 ||
	    (done = gz_arena_calloc(c->arena, n, 1)) == NULL) {
		return list;
	}
	add_sections(c, list, cats, n, done, 0, 0, selected);
	for (i = 0; i < n; i++) {
		if (!done[i]) {
			/* An orphan: list it and its own children from the top. */
			int64_t parent = cats[i].parent_id;

			((struct gz_category *)cats)[i].parent_id = 0;
			add_sections(c, list, cats, n, done, 0, 0, selected);
			((struct gz_category *)cats)[i].parent_id = parent;
		}
	}
	return list;
}

/*
 * "/search?q=..." with the filters f and, when set, sort=new, before and
 * page (> 1), every value percent-encoded; in the arena, NULL when out of
 * memory.
 */
static const char *
search_href(struct gz_ctx *c, const char *q, const struct filters *f, int newest, int64_t before,
            long page)
{
	struct gz_buf b;

	gz_buf_init(&b, c->arena, 8192);
	gz_buf_puts(&b, "/search?q=");
	gz_url_encode(&b, q, strlen(q));
	if (f->cat[0] != '\0') {
		gz_buf_puts(&b, "&cat=");
		gz_url_encode(&b, f->cat, strlen(f->cat));
	}
	if (f->from[0] != '\0') {
		gz_buf_puts(&b, "&from=");
		gz_url_encode(&b, f->from, strlen(f->from));
	}
	if (f->to[0] != '\0') {
		gz_buf_puts(&b, "&to=");
		gz_url_encode(&b, f->to, strlen(f->to));
	}
	if (newest) {
		gz_buf_puts(&b, "&sort=new");
	}
	if (before > 0) {
		gz_buf_printf(&b, "&before=%lld", (long long)before);
	}
	if (page > 1) {
		gz_buf_printf(&b, "&page=%ld", page);
	}
	return gz_buf_err(&b) == GZ_OK ? gz_buf_str(&b) : NULL;
}

/* A string value, or null when s is NULL (the template tests it). */
static void
set_href(struct gz_val *map, const char *key, const char *s)
{
	if (s != NULL) {
		gz_app_set_str(map, key, s);
	} else {
		gz_val_map_set(map, key, gz_val_null());
	}
}

void
gz_handle_search_show(struct gz_ctx *c)
{
	const char *q = gz_request_arg(c->req, "q"), *p = gz_request_arg(c->req, "page");
	const char *sort = gz_request_arg(c->req, "sort"), *b = gz_request_arg(c->req, "before");
	struct gz_search_query sq = {0};
	struct gz_search_result res = {0};
	struct gz_val *data, *list, *s;
	struct filters f;
	const char *problem;
	size_t i;
	long page = 1, before = 0;
	int newest = 0, fault;
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
		newest = 1;
	}
	/* A batch cursor is an article id from our own "Older results" link. */
	if (b != NULL && gz_str_to_long(b, 1, INT64_MAX, &before) != GZ_OK) {
		gz_app_error(c, 404);
		return;
	}
	gz_app_key(c, "search");
	if (gz_app_cache(c)) {
		return;
	}
	if ((data = gz_app_page(c, NULL)) == NULL || (s = gz_val_map_new(c->arena)) == NULL ||
	    (list = gz_val_list_new(c->arena)) == NULL) {
		gz_app_error(c, 500);
		return;
	}
	if (q == NULL) {
		q = "";
	}
	problem = read_filters(c, &f, &fault);
	if (fault) {
		gz_app_error(c, 500);
		return;
	}
	gz_app_set_str(s, "q", q);
	gz_val_map_set(s, "newest", gz_val_bool(newest));
	gz_app_set_str(s, "cat", f.cat);
	gz_app_set_str(s, "from", f.from);
	gz_app_set_str(s, "to", f.to);
	gz_app_set_str(s, "section_name", f.section_name);
	gz_val_map_set(s, "filtered",
	               gz_val_bool(f.cat[0] != '\0' || f.from[0] != '\0' || f.to[0] != '\0'));
	gz_val_map_set(s, "sections", sections_val(c, f.cat));
	gz_val_map_set(s, "older", gz_val_bool(before > 0));
	if (problem == NULL && q[0] != '\0') {
		sq.q = q;
		sq.order = newest ? GZ_SEARCH_NEWEST : GZ_SEARCH_BEST;
		sq.section = f.section;
		sq.from = f.from_t;
		sq.to = f.to_t;
		sq.before = before;
		sq.page = (int)page;
		sq.per_page = PER_PAGE;
		rc = gz_search_run(c->db, c->arena, &sq, c->now, &res);
	}
	if (problem != NULL) {
		/* Not a search a form of ours sends: say which field is wrong. */
		c->resp->status = 400;
	} else if (rc == GZ_ETOOBIG) {
		problem = "long";
	} else if (rc == GZ_EINVAL) {
		problem = q[0] != '\0' ? "words" : "empty";
	} else if (rc != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	gz_app_set_str(s, "problem", problem != NULL ? problem : "");
	if (rc == GZ_OK && res.nhits == 0 && page > 1) {
		gz_app_error(c, 404);
		return;
	}
	for (i = 0; i < res.nhits; i++) {
		struct gz_article_summary sum = {0};
		struct gz_val *h;

		sum.id = res.hits[i].id;
		sum.slug = res.hits[i].slug;
		sum.title = res.hits[i].title;
		sum.summary = res.hits[i].summary;
		sum.category_slug = res.hits[i].category_slug;
		sum.category_name = res.hits[i].category_name;
		sum.author_login = res.hits[i].author_login;
		sum.author_name = res.hits[i].author_name;
		sum.published_at = res.hits[i].published_at;
		sum.lang = res.hits[i].lang;
		if ((h = gz_app_summary_val(c->arena, &sum)) == NULL) {
			gz_app_error(c, 500);
			return;
		}
		gz_val_map_set(h, "snippet", snippet_val(c->arena, res.hits[i].snippet));
		gz_val_list_push(list, h);
	}
	gz_val_map_set(s, "hits", list);
	gz_app_set_int(s, "total", res.total);
	gz_val_map_set(s, "more", gz_val_bool(res.more));
	/* The batch ran full (more than it ranks) or stopped at the scan bound. */
	gz_val_map_set(s, "full", gz_val_bool(res.more && res.total >= GZ_SEARCH_CANDIDATES));
	gz_app_set_int(s, "scanned", res.scanned);
	gz_app_set_int(s, "page", page);
	set_href(s, "best_href", search_href(c, q, &f, 0, before, 1));
	set_href(s, "new_href", search_href(c, q, &f, 1, before, 1));
	set_href(s, "next_href", NULL);
	set_href(s, "prev_href", NULL);
	set_href(s, "older_href", NULL);
	set_href(s, "newest_href", before > 0 ? search_href(c, q, &f, newest, 0, 1) : NULL);
	if (rc == GZ_OK && (int64_t)page * PER_PAGE < res.total) {
		set_href(s, "next_href", search_href(c, q, &f, newest, before, page + 1));
	}
	if (page > 1) {
		set_href(s, "prev_href", search_href(c, q, &f, newest, before, page - 1));
	}
	if (rc == GZ_OK && res.more) {
		set_href(s, "older_href", search_href(c, q, &f, newest, res.next_before, 1));
	}
	gz_val_map_set(data, "search", s);
	gz_app_render(c, "search.html", data);
}
