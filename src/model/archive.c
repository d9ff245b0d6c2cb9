/*
 * Archive counts (include/gazette/archive.h): articles per month and per
 * date range, and the years that have any, over the visible articles.
 * Every statement walks or seeks the partial index of visible articles by
 * published time (articles_pub, sql/001_init.sql), so its cost follows
 * the range asked about, not the archive.  It knows nothing of URLs,
 * pages or month names.
 */
#include <stddef.h>
#include <stdint.h>

#include "gazette/archive.h"
#include "gazette/caldate.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "internal.h"

/* The visibility condition, at the time bound to ?1. */
#define VISIBLE GZ_SQL_VISIBLE("a", "?1")

static const char count_sql[] =
    "SELECT count(*), sum((a.published_at, a.id) >= (?4, ?5)) FROM articles a "
    "INDEXED BY articles_pub WHERE " VISIBLE "AND a.published_at >= ?2 AND a.published_at < ?3";

static const char newest_before_sql[] =
    "SELECT a.published_at FROM articles a INDEXED BY articles_pub WHERE " VISIBLE
    "AND a.published_at < ?2 ORDER BY a.published_at DESC LIMIT 1";

enum gz_err
gz_archive_count(struct gz_db *db, time_t now, int64_t from, int64_t to, int64_t ts, int64_t id,
                 int64_t *count, int64_t *newer)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	*count = 0;
	if (newer != NULL) {
		*newer = 0;
	}
	if ((st = gz_db_stmt(db, count_sql)) == NULL) {
		return GZ_EDB;
	}
	/*
	 * The visibility bound is the range's own end when that comes first:
	 * SQLite takes one upper bound per index column, and with now it
	 * would walk every article from the range's start to now, not just
	 * the range's.
	 */
	gz_db_bind_int64(st, 1, to - 1 < (int64_t)now ? to - 1 : (int64_t)now);
	gz_db_bind_int64(st, 2, from);
	gz_db_bind_int64(st, 3, to);
	/* Without a cursor nothing is "newer": compare against the far future. */
	gz_db_bind_int64(st, 4, ts > 0 ? ts : INT64_MAX);
	gz_db_bind_int64(st, 5, ts > 0 ? id : INT64_MAX);
	if ((src = sqlite3_step(st)) == SQLITE_ROW) {
		*count = sqlite3_column_int64(st, 0);
		if (newer != NULL) {
			*newer = sqlite3_column_int64(st, 1);
		}
	} else {
		rc = gz_db_error(db, src, "archive count");
	}
	gz_db_reset(st);
	return rc;
}

enum gz_err
gz_archive_month_counts(struct gz_db *db, time_t now, int y, int m, int nmonths, int64_t *counts)
{
	int64_t start, end;
	enum gz_err rc;
	int i;

	if (nmonths < 1 || nmonths > GZ_ARCHIVE_MONTHS_MAX || !gz_caldate_valid(y, m, 1) ||
	    (y - GZ_CALDATE_YEAR_MIN) * 12 + m - 1 + nmonths >
	        (GZ_CALDATE_YEAR_MAX - GZ_CALDATE_YEAR_MIN + 1) * 12) {
		return GZ_EINVAL;
	}
	/* One count per month: each walks that month's index entries only. */
	for (i = 0; i < nmonths; i++) {
		gz_caldate_month(y, m, &start, &end);
		counts[i] = 0;
		if (start <= (int64_t)now &&
		    (rc = gz_archive_count(db, now, start, end, 0, 0, &counts[i], NULL)) != GZ_OK) {
			return rc;
		}
		if (++m == 13) {
			m = 1;
			y++;
		}
	}
	return GZ_OK;
}

enum gz_err
gz_archive_years(struct gz_db *db, time_t now, int *years, size_t max, size_t *n)
{
	sqlite3_stmt *st;
	int64_t below = INT64_MAX, t;
	enum gz_err rc = GZ_OK;
	int src, y, m, d;

	*n = 0;
	if (max < 1 || max > GZ_ARCHIVE_YEARS_MAX) {
		return GZ_EINVAL;
	}
	if ((st = gz_db_stmt(db, newest_before_sql)) == NULL) {
		return GZ_EDB;
	}
	while (*n < max) {
		sqlite3_reset(st);
		/* One upper bound, as in gz_archive_count: the seek starts there. */
		gz_db_bind_int64(st, 1, below - 1 < (int64_t)now ? below - 1 : (int64_t)now);
		gz_db_bind_int64(st, 2, below);
		if ((src = sqlite3_step(st)) == SQLITE_DONE) {
			break;
		}
		if (src != SQLITE_ROW) {
			rc = gz_db_error(db, src, "archive years");
			break;
		}
		t = sqlite3_column_int64(st, 0);
		/* Before 1970 or past the calendar: no archive page to link. */
		if (gz_caldate_of(t, &y, &m, &d) != GZ_OK) {
			break;
		}
		years[(*n)++] = y;
		below = gz_caldate_time(y, 1, 1);
	}
	gz_db_reset(st);
	return rc;
}
