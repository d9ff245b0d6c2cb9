/*
 * HTTP and ISO 8601 dates.  Parsing is a fixed-shape scan: each format is
 * a sequence of literal text and fixed-width numbers, so there is no
 * sscanf (which skips whitespace and accepts signs) and no strptime (which
 * follows the locale).  Conversion uses gmtime_r and timegm, never the
 * local-time functions.  It knows no zone but UTC.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* timegm */
#endif
#include <assert.h>
#include <string.h>
#include <time.h>

#include "gazette/httpdate.h"

static const char *const wdays[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const wdays_long[7] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                          "Thursday", "Friday", "Saturday"};
static const char *const months[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* Broken-down UTC time for t, or -1 when it is not a 4-digit year. */
static int
split(time_t t, struct tm *tm)
{
	if (gmtime_r(&t, tm) == NULL || tm->tm_year < -1900 || tm->tm_year > 9999 - 1900) {
		return -1;
	}
	return 0;
}

/*
 * Write v (0 <= v < 10^width) as width zero-padded digits at p; return the
 * byte after.  By hand, not snprintf, so the fixed layout is evident.
 */
static char *
put(char *p, int v, int width)
{
	int i;

	for (i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

/* Copy the 3-letter name at p; return the byte after. */
static char *
put3(char *p, const char *name3)
{
	memcpy(p, name3, 3);
	return p + 3;
}

enum gz_err
gz_http_date_format(time_t t, char out[GZ_HTTP_DATE_SIZE])
{
	struct tm tm;
	char *p;

	if (split(t, &tm) != 0) {
		out[0] = '\0';
		return GZ_EINVAL;
	}
	/* "Sun, 06 Nov 1994 08:49:37 GMT" */
	p = put3(out, wdays[tm.tm_wday]);
	*p++ = ',';
	*p++ = ' ';
	p = put(p, tm.tm_mday, 2);
	*p++ = ' ';
	p = put3(p, months[tm.tm_mon]);
	*p++ = ' ';
	p = put(p, tm.tm_year + 1900, 4);
	*p++ = ' ';
	p = put(p, tm.tm_hour, 2);
	*p++ = ':';
	p = put(p, tm.tm_min, 2);
	*p++ = ':';
	p = put(p, tm.tm_sec, 2);
	memcpy(p, " GMT", 5);
	assert(p + 5 - out == GZ_HTTP_DATE_SIZE);
	return GZ_OK;
}

enum gz_err
gz_iso8601_format(time_t t, char out[GZ_ISO8601_SIZE])
{
	struct tm tm;
	char *p;

	if (split(t, &tm) != 0) {
		out[0] = '\0';
		return GZ_EINVAL;
	}
	/* "2026-11-28T11:20:00Z" */
	p = put(out, tm.tm_year + 1900, 4);
	*p++ = '-';
	p = put(p, tm.tm_mon + 1, 2);
	*p++ = '-';
	p = put(p, tm.tm_mday, 2);
	*p++ = 'T';
	p = put(p, tm.tm_hour, 2);
	*p++ = ':';
	p = put(p, tm.tm_min, 2);
	*p++ = ':';
	p = put(p, tm.tm_sec, 2);
	memcpy(p, "Z", 2);
	assert(p + 2 - out <= GZ_ISO8601_SIZE);
	return GZ_OK;
}

/* Read exactly width ASCII digits at *p into *v and advance; else -1. */
static int
digits(const char **p, int width, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < width; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9') {
			return -1;
		}
		*v = *v * 10 + ((*p)[i] - '0');
	}
	*p += width;
	return 0;
}

/* Match the literal lit at *p and advance; else -1.  Stops at s's NUL. */
static int
lit(const char **p, const char *lit)
{
	size_t n = strlen(lit);

	if (strncmp(*p, lit, n) != 0) {
		return -1;
	}
	*p += n;
	return 0;
}

/* Index of the name at *p among names[0..count), advancing; else -1. */
static int
name(const char **p, const char *const *names, int count)
{
	int i;

	for (i = 0; i < count; i++) {
		if (lit(p, names[i]) == 0) {
			return i;
		}
	}
	return -1;
}

/* "HH:MM:SS" */
static int
hms(const char **p, struct tm *tm)
{
	if (digits(p, 2, &tm->tm_hour) || lit(p, ":") || digits(p, 2, &tm->tm_min) || lit(p, ":") ||
	    digits(p, 2, &tm->tm_sec)) {
		return -1;
	}
	return 0;
}

static int
leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/*
 * Range-check tm (tm_year is the full year here, tm_mon 0-based) and
 * convert it.  wday, when >= 0, must match the date.  -1 on any mismatch.
 */
static int
convert(struct tm *tm, int maxsec, int wday, time_t *t)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	struct tm check;
	time_t r;
	int dim, leapsec;

	if (tm->tm_mon < 0 || tm->tm_mon > 11) {
		return -1;
	}
	dim = mdays[tm->tm_mon] + (tm->tm_mon == 1 && leap(tm->tm_year));
	if (tm->tm_mday < 1 || tm->tm_mday > dim || tm->tm_hour > 23 || tm->tm_min > 59 ||
	    tm->tm_sec > maxsec) {
		return -1;
	}
	/*
	 * A leap second (:60) is taken as the next second; the day name is
	 * checked against :59 so 23:59:60 still belongs to its own day.
	 */
	leapsec = tm->tm_sec == 60;
	tm->tm_sec -= leapsec;
	tm->tm_year -= 1900;
	tm->tm_isdst = 0;
	r = timegm(tm);
	if (wday >= 0 && (gmtime_r(&r, &check) == NULL || check.tm_wday != wday)) {
		return -1;
	}
	*t = r + leapsec;
	return 0;
}

enum gz_err
gz_http_date_parse(const char *s, time_t *t)
{
	struct tm tm;
	const char *p;
	int wday, yy;

	assert(s != NULL && t != NULL);
	memset(&tm, 0, sizeof(tm));

	/* IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT" */
	p = s;
	if ((wday = name(&p, wdays, 7)) >= 0 && lit(&p, ", ") == 0) {
		if (digits(&p, 2, &tm.tm_mday) || lit(&p, " ") ||
		    (tm.tm_mon = name(&p, months, 12)) < 0 || lit(&p, " ") ||
		    digits(&p, 4, &tm.tm_year) || lit(&p, " ") || hms(&p, &tm) || lit(&p, " GMT") ||
		    *p != '\0') {
			goto fail;
		}
		goto done;
	}

	/* RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT" */
	p = s;
	if ((wday = name(&p, wdays_long, 7)) >= 0) {
		if (lit(&p, ", ") || digits(&p, 2, &tm.tm_mday) || lit(&p, "-") ||
		    (tm.tm_mon = name(&p, months, 12)) < 0 || lit(&p, "-") || digits(&p, 2, &yy) ||
		    lit(&p, " ") || hms(&p, &tm) || lit(&p, " GMT") || *p != '\0') {
			goto fail;
		}
		tm.tm_year = yy < 70 ? 2000 + yy : 1900 + yy;
		goto done;
	}

	/* asctime: "Sun Nov  6 08:49:37 1994" */
	p = s;
	if ((wday = name(&p, wdays, 7)) >= 0 && lit(&p, " ") == 0) {
		if ((tm.tm_mon = name(&p, months, 12)) < 0 || lit(&p, " ")) {
			goto fail;
		}
		if (*p == ' ') {
			p++;
			if (digits(&p, 1, &tm.tm_mday)) {
				goto fail;
			}
		} else if (digits(&p, 2, &tm.tm_mday)) {
			goto fail;
		}
		if (lit(&p, " ") || hms(&p, &tm) || lit(&p, " ") || digits(&p, 4, &tm.tm_year) ||
		    *p != '\0') {
			goto fail;
		}
		goto done;
	}
	goto fail;
done:
	if (convert(&tm, 60, wday, t) != 0) {
		goto fail;
	}
	return GZ_OK;
fail:
	return GZ_EINVAL;
}

enum gz_err
gz_iso8601_parse(const char *s, time_t *t)
{
	struct tm tm;
	const char *p = s;
	char sep;
	int frac;

	assert(s != NULL && t != NULL);
	memset(&tm, 0, sizeof(tm));
	if (digits(&p, 4, &tm.tm_year) || lit(&p, "-") || digits(&p, 2, &tm.tm_mon) ||
	    lit(&p, "-") || digits(&p, 2, &tm.tm_mday)) {
		goto fail;
	}
	sep = *p;
	if (sep != 'T' && sep != ' ') {
		goto fail;
	}
	p++;
	if (digits(&p, 2, &tm.tm_hour) || lit(&p, ":") || digits(&p, 2, &tm.tm_min)) {
		goto fail;
	}
	if (*p == ':') {
		p++;
		if (digits(&p, 2, &tm.tm_sec)) {
			goto fail;
		}
		if (*p == '.') {
			p++;
			for (frac = 0; *p >= '0' && *p <= '9'; p++) {
				frac++;
			}
			if (frac < 1 || frac > 9) {
				goto fail;
			}
		}
	}
	if (*p == 'Z' && sep == 'T') {
		p++;
	}
	if (*p != '\0') {
		goto fail;
	}
	tm.tm_mon -= 1;
	if (convert(&tm, 59, -1, t) != 0) {
		goto fail;
	}
	return GZ_OK;
fail:
	return GZ_EINVAL;
}
