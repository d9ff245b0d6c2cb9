/*
 * Calendar dates in UTC, the time zone every date on the site is shown in:
 * a day or a month as a range of Unix seconds, the date of a time, and the
 * strict "YYYY-MM-DD" that the search form's date fields send.  Pure
 * arithmetic: no locale, no time zone database, no timegm, so any thread
 * may call it.  Years run from GZ_CALDATE_YEAR_MIN to GZ_CALDATE_YEAR_MAX;
 * nothing on the site lies outside them (published times are positive
 * Unix seconds).
 */
#ifndef GAZETTE_CALDATE_H
#define GAZETTE_CALDATE_H

#include <stdint.h>

#include "gazette/err.h"

#define GZ_CALDATE_YEAR_MIN 1970
#define GZ_CALDATE_YEAR_MAX 9999

/* Days in month m (1..12) of year y, leap years counted. */
int gz_caldate_days_in_month(int y, int m);

/* 1 when y-m-d is a date of the calendar within the year bounds. */
int gz_caldate_valid(int y, int m, int d);

/*
 * Unix seconds at 00:00 UTC on y-m-d.  y may also be GZ_CALDATE_YEAR_MAX
 * + 1 with m = 1 and d = 1, so the end of the last month has a value;
 * otherwise y-m-d must be valid (asserted).
 */
int64_t gz_caldate_time(int y, int m, int d);

/*
 * The first second of month m of year y (gz_caldate_time(y, m, 1)) into
 * *start and the first second of the next month into *end, so the month
 * is [start, end).  y-m must be valid (asserted).
 */
void gz_caldate_month(int y, int m, int64_t *start, int64_t *end);

/*
 * The UTC date of Unix time t (0 <= t, before year GZ_CALDATE_YEAR_MAX +
 * 1) into *y, *m (1..12) and *d (1..31).  GZ_EINVAL, and all three 0,
 * when t lies outside.
 */
enum gz_err gz_caldate_of(int64_t t, int *y, int *m, int *d);

/*
 * Parse s as exactly "YYYY-MM-DD" (four, two and two ASCII digits, a
 * valid date within the year bounds) into *y, *m and *d.  GZ_EINVAL for
 * anything else (NULL, other lengths, signs, blanks, 2026-02-30), with
 * the outputs 0.
 */
enum gz_err gz_caldate_parse(const char *s, int *y, int *m, int *d);

#endif
