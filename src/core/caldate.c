/*
 * Calendar dates in UTC (include/gazette/caldate.h): the proleptic
 * Gregorian calendar counted in days since 1970-01-01, by plain
 * arithmetic.  timegm would do the conversion one way, but it is a GNU
 * extension that also "normalises" 2026-02-30 into March; gmtime_r would
 * do the other, but this file needs only the date and should give the
 * same answer for the same input everywhere.  It knows nothing of
 * articles, requests or languages (month names are the templates').
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "gazette/caldate.h"

#define DAY 86400

/* 1 for a leap year of the Gregorian calendar. */
static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Leap years in 1..y (y >= 0). */
static int64_t
leaps_through(int64_t y)
{
	return y / 4 - y / 100 + y / 400;
}

/* Days from 1970-01-01 to January 1 of year y (y >= 1970). */
static int64_t
days_to_year(int y)
{
	return (int64_t)(y - 1970) * 365 + leaps_through(y - 1) - leaps_through(1969);
}

int
gz_caldate_days_in_month(int y, int m)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	assert(m >= 1 && m <= 12);
	return mdays[m - 1] + (m == 2 && leap(y));
}

int
gz_caldate_valid(int y, int m, int d)
{
	return y >= GZ_CALDATE_YEAR_MIN && y <= GZ_CALDATE_YEAR_MAX && m >= 1 && m <= 12 &&
	       d >= 1 && d <= gz_caldate_days_in_month(y, m);
}

int64_t
gz_caldate_time(int y, int m, int d)
{
	int64_t days;
	int i;

	assert(gz_caldate_valid(y, m, d) || (y == GZ_CALDATE_YEAR_MAX + 1 && m == 1 && d == 1));
	days = days_to_year(y);
	for (i = 1; i < m; i++) {
		days += gz_caldate_days_in_month(y, i);
	}
	return (days + d - 1) * DAY;
}

void
gz_caldate_month(int y, int m, int64_t *start, int64_t *end)
{
	assert(gz_caldate_valid(y, m, 1));
	*start = gz_caldate_time(y, m, 1);
	*end = m == 12 ? gz_caldate_time(y + 1, 1, 1) : gz_caldate_time(y, m + 1, 1);
}

enum gz_err
gz_caldate_of(int64_t t, int *y, int *m, int *d)
{
	int64_t days;
	int yy, mm, dim;

	*y = *m = *d = 0;
	if (t < 0 || t >= gz_caldate_time(GZ_CALDATE_YEAR_MAX + 1, 1, 1)) {
		return GZ_EINVAL;
	}
	days = t / DAY;
	/* A first guess from the mean year, then step to the right one. */
	yy = 1970 + (int)(days / 366);
	while (yy < GZ_CALDATE_YEAR_MAX && days_to_year(yy + 1) <= days) {
		yy++;
	}
	days -= days_to_year(yy);
	for (mm = 1; mm < 12 && days >= (dim = gz_caldate_days_in_month(yy, mm)); mm++) {
		days -= dim;
	}
	*y = yy;
	*m = mm;
	*d = (int)days + 1;
	return GZ_OK;
}

/* The n ASCII digits at s as a number; -1 when one is not a digit. */
static int
digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9') {
			return -1;
		}
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

enum gz_err
gz_caldate_parse(const char *s, int *y, int *m, int *d)
{
	int yy, mm, dd;

	*y = *m = *d = 0;
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-') {
		return GZ_EINVAL;
	}
	yy = digits(s, 4);
	mm = digits(s + 5, 2);
	dd = digits(s + 8, 2);
	if (!gz_caldate_valid(yy, mm, dd)) {
		return GZ_EINVAL;
	}
	*y = yy;
	*m = mm;
	*d = dd;
	return GZ_OK;
}
