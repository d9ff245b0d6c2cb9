/*
 * Archives by date, for the reader side: how many articles each month
 * holds, which years have any, and how many articles a month page lists
 * before a cursor, all counted over the articles visible at the request's
 * time.  The month pages' articles themselves come from gz_article_list
 * (article.h) with a keyset cursor at the month's end; this module only
 * counts, each count bounded by the articles of the range it is asked
 * about, never by the whole archive.  Months are UTC months, as every
 * date on the site is shown (caldate.h).
 */
#ifndef GAZETTE_ARCHIVE_H
#define GAZETTE_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "gazette/err.h"

struct gz_db;

#define GZ_ARCHIVE_MONTHS_MAX 24 /* months gz_archive_month_counts counts in one call */
#define GZ_ARCHIVE_YEARS_MAX 100 /* years gz_archive_years lists, newest first */

/*
 * The number of articles visible at now with from <= published_at < to
 * into *count, and into *newer (may be NULL) how many of them are at or
 * newer than (ts, id) in (published_at, id) order, the number of articles
 * listed before a cursor's page (ts = 0: none are counted).  Costs one
 * walk of the range in the index of published times.  GZ_EDB or GZ_EBUSY
 * when the database fails.
 */
enum gz_err gz_archive_count(struct gz_db *db, time_t now, int64_t from, int64_t to, int64_t ts,
                             int64_t id, int64_t *count, int64_t *newer);

/*
 * The visible articles of nmonths (1..GZ_ARCHIVE_MONTHS_MAX) consecutive
 * months from month m of year y on, one count per month into counts[].
 * Months after now count 0 without a query.  GZ_EINVAL for a bad year,
 * month or nmonths (or a span past GZ_CALDATE_YEAR_MAX).
 */
enum gz_err gz_archive_month_counts(struct gz_db *db, time_t now, int y, int m, int nmonths,
                                    int64_t *counts);

/*
 * The years in which an article visible at now was published, newest
 * first, at most max (1..GZ_ARCHIVE_YEARS_MAX) into years[], their number
 * into *n.  One index seek per year found: the newest article published
 * before the start of the last year found.
 */
enum gz_err gz_archive_years(struct gz_db *db, time_t now, int *years, size_t max, size_t *n);

#endif
