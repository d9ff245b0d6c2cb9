/*
 * Archives by date: /YYYY/MM lists a month's articles newest first with
 * the listings' keyset pager (?before=<ts>.<id>, ?after=<ts>.<id>, each
 * with the &page=N it leads to), and /archive is the way in: the last
 * twelve months with their counts, or a year's months with ?year=YYYY.
 * Both carry the same compact navigation: a list of months with counts
 * (months without articles are not links) and a year select that works as
 * a plain GET form.  Months are UTC months, as every date on the site is
 * shown.
 *
 * The route is "/{year:int}/{month:int}", so only digit segments get here;
 * what is not a month page of ours (a month outside 1..12, a year or month
 * not written with 4 and 2 digits, a month after now, a month without
 * articles) goes on to the old-address lookup before its 404, as any path
 * no route answers would.  The articles come from gz_article_list with a
 * cursor at the month's end, so a deep page costs what the first does;
 * the counts from gazette/archive.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "gazette/archive.h"
#include "gazette/arena.h"
#include "gazette/article.h"
#include "gazette/caldate.h"
#include "gazette/settings.h"
#include "gazette/str.h"
#include "../internal.h"

#define NAV_MONTHS 12 /* months the navigation lists */

/* Not a page of ours: an old address if the redirects know it, else 404. */
static void
not_found(struct gz_ctx *c)
{
	if (!gz_app_old_address(c, 0)) {
		gz_app_error(c, 404);
	}
}

/* The n-digit number of parameter or argument s, or -1 when it is not that. */
static int
fixed_digits(const char *s, size_t n)
{
	long v;

	if (s == NULL || strlen(s) != n || gz_str_to_long(s, 0, 9999, &v) != GZ_OK) {
		return -1;
	}
	return (int)v;
}

/* "/2026/12": the month's path, in the arena. */
static const char *
month_path(struct gz_arena *a, int y, int m)
{
	return gz_arena_printf(a, "/%04d/%02d", y, m);
}

/*
 * The navigation: NAV_MONTHS months from y-m on (months: t, count, href
 * when it has articles, current when it is cur_y-cur_m), and every year
 * with articles (years: year, selected when it is sel_year), into data's
 * "archive" map.  Returns GZ_OK or the model's error.
 */
static enum gz_err
nav(struct gz_ctx *c, struct gz_val *archive, int y, int m, int cur_y, int cur_m, int sel_year)
{
	int64_t counts[NAV_MONTHS], start, end;
	int years[GZ_ARCHIVE_YEARS_MAX];
	struct gz_val *months, *ylist, *v;
	size_t nyears, i;
	enum gz_err rc;

	if ((rc = gz_archive_month_counts(c->db, c->now, y, m, NAV_MONTHS, counts)) != GZ_OK ||
	    (rc = gz_archive_years(c->db, c->now, years, GZ_ARCHIVE_YEARS_MAX, &nyears)) != GZ_OK) {
		return rc;
	}
	if ((months = gz_val_list_new(c->arena)) == NULL ||
	    (ylist = gz_val_list_new(c->arena)) == NULL) {
		return GZ_ENOMEM;
	}
	for (i = 0; i < NAV_MONTHS; i++) {
		if ((v = gz_val_map_new(c->arena)) == NULL) {
			return GZ_ENOMEM;
		}
		gz_caldate_month(y, m, &start, &end);
		gz_app_set_int(v, "t", start);
		gz_app_set_int(v, "count", counts[i]);
		gz_app_set_str(v, "href", counts[i] > 0 ? month_path(c->arena, y, m) : "");
		gz_val_map_set(v, "current", gz_val_bool(y == cur_y && m == cur_m));
		gz_val_list_push(months, v);
		if (++m == 13) {
			m = 1;
			y++;
		}
	}
	for (i = 0; i < nyears; i++) {
		if ((v = gz_val_map_new(c->arena)) == NULL) {
			return GZ_ENOMEM;
		}
		gz_app_set_int(v, "year", years[i]);
		gz_val_map_set(v, "selected", gz_val_bool(years[i] == sel_year));
		gz_val_list_push(ylist, v);
	}
	gz_val_map_set(archive, "months", months);
	gz_val_map_set(archive, "years", ylist);
	return GZ_OK;
}

/*
 * Keep the items of a month page that lie in [start, end): the list is
 * newest first, so those after the month lead and those before it trail.
 * Returns how many were dropped at the newer end.
 */
static size_t
trim_month(struct gz_article_summary **items, size_t *n, int64_t start, int64_t end)
{
	size_t first = 0, last = *n;

	while (first < last && (*items)[first].published_at >= end) {
		first++;
	}
	while (last > first && (*items)[last - 1].published_at < start) {
		last--;
	}
	*items += first;
	*n = last - first;
	return first;
}

/*
 * The page number of a cursor page of the month: the "page" argument of
 * our own links when it lies in 2..pages, else counted from the cursor's
 * position in the month (as gz_app_cursor_page does for the listings).
 */
static long
cursor_page(struct gz_ctx *c, const struct gz_list_query *q, int64_t start, int64_t end,
            int64_t total)
{
	const char *p = gz_request_arg(c->req, "page");
	int64_t count, newer;
	long page;

	if (p != NULL && gz_str_to_long(p, 2, 1000000, &page) == GZ_OK &&
	    page <= (total + q->limit - 1) / q->limit) {
		return page;
	}
	if (q->cursor == GZ_CURSOR_AFTER) {
		/* (ts, id + 1) counts the articles strictly newer than the cursor. */
		if (gz_archive_count(c->db, c->now, start, end, q->cursor_ts, q->cursor_id + 1,
		                     &count, &newer) != GZ_OK) {
			return 2;
		}
		page = (long)((newer - q->limit) / q->limit) + 1;
		return page < 2 ? 2 : page;
	}
	if (gz_archive_count(c->db, c->now, start, end, q->cursor_ts, q->cursor_id, &count,
	                     &newer) != GZ_OK) {
		return 1;
	}
	return (long)(newer / q->limit) + 1;
}

/*
 * /{year:int}/{month:int}: the month's visible articles, newest first,
 * one page of the per_page setting, with the pager, the month's total and
 * the navigation (that year's months, the years).  Not a month page of
 * ours: the old-address lookup, then 404; a cursor that is malformed or
 * outside the month: 404.
 */
void
gz_handle_archive_month(struct gz_ctx *c)
{
	struct gz_list_query q = {GZ_LIST_ALL, 0, GZ_CURSOR_NONE, 0, 0, 0, 10};
	struct gz_article_summary *items;
	struct gz_val *data, *archive;
	int y = fixed_digits(gz_request_param(c->req, "year"), 4);
	int m = fixed_digits(gz_request_param(c->req, "month"), 2);
	int64_t start, end, total;
	const char *path;
	long page = 1;
	size_t n;
	int cur;

	if (!gz_caldate_valid(y, m, 1)) {
		not_found(c);
		return;
	}
	gz_caldate_month(y, m, &start, &end);
	if (start > (int64_t)c->now) {
		not_found(c);
		return;
	}
	q.limit = (int)gz_setting_int(c->db, "per_page", 10);
	if (q.limit < 1 || q.limit > GZ_ARTICLE_LIST_MAX) {
		q.limit = 10;
	}
	/* A cursor is one of the month's own articles, or no link of ours. */
	if ((cur = gz_app_cursor(c, &q)) < 0 ||
	    (cur && (q.cursor_ts < start || q.cursor_ts >= end))) {
		gz_app_error(c, 404);
		return;
	}
	gz_app_key(c, "archive");
	if (gz_app_cache(c)) {
		return;
	}
	if (!cur) {
		/* Page 1: the newest articles older than the month's end. */
		q.cursor = GZ_CURSOR_BEFORE;
		q.cursor_ts = end;
		q.cursor_id = 0;
	}
	if (gz_article_list(c->db, c->arena, c->now, &q, &items, &n) != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	if (trim_month(&items, &n, start, end) > 0 ||
	    (cur && q.cursor == GZ_CURSOR_AFTER && n < (size_t)q.limit)) {
		/* A newer page that reaches the month's newest article is page
		 * 1 (articles came or went since the link was made): show that,
		 * as the listings do. */
		cur = 0;
		q.cursor = GZ_CURSOR_BEFORE;
		q.cursor_ts = end;
		q.cursor_id = 0;
		if (gz_article_list(c->db, c->arena, c->now, &q, &items, &n) != GZ_OK) {
			gz_app_error(c, 500);
			return;
		}
		(void)trim_month(&items, &n, start, end);
	}
	if (n == 0) {
		/* An empty month, or a cursor past the month's oldest article. */
		if (cur) {
			gz_app_error(c, 404);
		} else {
			not_found(c);
		}
		return;
	}
	if (gz_archive_count(c->db, c->now, start, end, 0, 0, &total, NULL) != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	if (cur) {
		page = cursor_page(c, &q, start, end, total);
	}
	path = month_path(c->arena, y, m);
	if ((data = gz_app_page(c, NULL)) == NULL || (archive = gz_val_map_new(c->arena)) == NULL ||
	    path == NULL) {
		gz_app_error(c, 500);
		return;
	}
	/* The navigation's months: the year of the page, January first. */
	if (nav(c, archive, y, 1, y, m, y) != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	gz_app_set_str(archive, "kind", "month");
	gz_app_set_int(archive, "t", start);
	gz_app_set_int(archive, "year", y);
	gz_app_set_str(archive, "path", path);
	gz_app_set_int(archive, "total", total);
	gz_val_map_set(data, "archive", archive);
	gz_val_map_set(data, "articles", gz_app_summaries_val(c->arena, items, n));
	gz_val_map_set(data, "pager", gz_app_pager(c, path, NULL, page, total, q.limit, items, n));
	gz_app_render(c, "archive.html", data);
}

/*
 * /archive[?year=YYYY]: the navigation alone, for the twelve months up to
 * the newest visible article's (or the year asked for, which must have
 * articles: else 404), and the year select.  A site with nothing
 * published yet says so.
 */
void
gz_handle_archive_index(struct gz_ctx *c)
{
	const char *ys = gz_request_arg(c->req, "year");
	struct gz_val *data, *archive;
	int64_t gen, changed, mark, start, end, count;
	int y = 0, m = 1, d, sel = 0, last_y, last_m;

	if (ys != NULL && ys[0] != '\0' &&
	    ((y = fixed_digits(ys, 4)) < 0 || !gz_caldate_valid(y, 1, 1))) {
		gz_app_error(c, 404);
		return;
	}
	gz_app_key(c, "archive");
	if (gz_app_cache(c)) {
		return;
	}
	if (gz_app_state(c, &gen, &changed, &mark) != GZ_OK ||
	    (data = gz_app_page(c, NULL)) == NULL || (archive = gz_val_map_new(c->arena)) == NULL) {
		gz_app_error(c, 500);
		return;
	}
	gz_app_set_str(archive, "kind", "index");
	gz_app_set_int(archive, "year", y);
	gz_val_map_set(archive, "months", gz_val_null());
	gz_val_map_set(archive, "years", gz_val_null());
	if (y > 0) {
		/* A year's twelve months: only a year the site has articles in. */
		start = gz_caldate_time(y, 1, 1);
		end = gz_caldate_time(y + 1, 1, 1);
		if (start > (int64_t)c->now ||
		    gz_archive_count(c->db, c->now, start, end, 0, 0, &count, NULL) != GZ_OK ||
		    count == 0) {
			gz_app_error(c, 404);
			return;
		}
		sel = y;
	} else if (gz_caldate_of(mark, &last_y, &last_m, &d) == GZ_OK && mark > 0) {
		/* The twelve months up to the newest visible article's. */
		y = last_m == 12 ? last_y : last_y - 1;
		m = last_m == 12 ? 1 : last_m + 1;
		sel = last_y;
		if (y < GZ_CALDATE_YEAR_MIN) {
			y = GZ_CALDATE_YEAR_MIN;
			m = 1;
		}
	}
	/* y is 0 only when nothing is published yet: the page says so. */
	if (y > 0 && nav(c, archive, y, m, 0, 0, sel) != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	gz_val_map_set(data, "archive", archive);
	gz_val_map_set(data, "articles", gz_val_null());
	gz_val_map_set(data, "pager", gz_val_null());
	gz_app_render(c, "archive.html", data);
}
