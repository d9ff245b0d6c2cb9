/*
 * Dates as text: HTTP dates (RFC 9110 section 5.6.7) for Last-Modified,
 * Expires and If-Modified-Since, and the ISO 8601 / RFC 3339 subset used
 * in feeds, sitemaps and the admin forms.  Everything is UTC; no function
 * here reads the TZ environment or the locale.
 *
 * It knows nothing about which header a date goes in, or about time zones
 * other than UTC: admin forms are documented to take UTC.
 */
#ifndef GAZETTE_HTTPDATE_H
#define GAZETTE_HTTPDATE_H

#include <time.h>

#include "gazette/err.h"

#define GZ_HTTP_DATE_SIZE 30 /* "Sun, 06 Nov 1994 08:49:37 GMT" + NUL */
#define GZ_ISO8601_SIZE 26   /* "2026-11-28T11:20:00Z" + NUL, with room */

/*
 * Write t as an IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT" (29 bytes and
 * a NUL), into out.  GZ_EINVAL, with out set to "", when t falls outside
 * the years 0000..9999.
 */
enum gz_err gz_http_date_format(time_t t, char out[GZ_HTTP_DATE_SIZE]);

/*
 * Parse the NUL-terminated s as an HTTP date into *t.  Accepted, exactly
 * and case-sensitively as RFC 9110 spells them, with nothing before or
 * after:
 *   IMF-fixdate  "Sun, 06 Nov 1994 08:49:37 GMT"
 *   RFC 850      "Sunday, 06-Nov-94 08:49:37 GMT" (yy < 70 is 20yy, else 19yy)
 *   asctime      "Sun Nov  6 08:49:37 1994" (day space-padded or 2 digits)
 * Fields are range-checked (day within its month, leap years, hour 0..23,
 * minute 0..59, second 0..60) and the day name must match the date.
 * GZ_EINVAL otherwise; *t is written only on GZ_OK.
 */
enum gz_err gz_http_date_parse(const char *s, time_t *t);

/*
 * Write t as "2026-11-28T11:20:00Z" (20 bytes and a NUL) into out.
 * GZ_EINVAL, with out set to "", outside the years 0000..9999.
 */
enum gz_err gz_iso8601_format(time_t t, char out[GZ_ISO8601_SIZE]);

/*
 * Parse the NUL-terminated s, taken as UTC, into *t.  Accepted:
 *   "YYYY-MM-DDTHH:MM", "YYYY-MM-DDTHH:MM:SS", each optionally followed by
 *   a fraction ".d" (1..9 digits, discarded) and then optionally "Z";
 *   "YYYY-MM-DD HH:MM", "YYYY-MM-DD HH:MM:SS" with an optional fraction but
 *   no "Z".
 * The T form is what an HTML datetime-local input sends.  Fields are
 * range-checked as in gz_http_date_parse (second 0..59); no offsets other
 * than Z, nothing after.  GZ_EINVAL otherwise; *t is written only on GZ_OK.
 */
enum gz_err gz_iso8601_parse(const char *s, time_t *t);

#endif
