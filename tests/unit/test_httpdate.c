/*
 * Dates: the three HTTP date forms, strictness (case, padding, trailing
 * text, ranges, leap years, wrong day names), format round trips at the
 * edges of the range, ISO 8601 forms from feeds and admin forms.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gazette/httpdate.h"
#include "test.h"

struct date_case {
	const char *s;
	enum gz_err want;
	time_t t;
};

static const struct date_case http_cases[] = {
    {"Sun, 06 Nov 1994 08:49:37 GMT", GZ_OK, 784111777},
    {"Sunday, 06-Nov-94 08:49:37 GMT", GZ_OK, 784111777},
    {"Sun Nov  6 08:49:37 1994", GZ_OK, 784111777},
    {"Sun Nov 06 08:49:37 1994", GZ_OK, 784111777},
    {"Thu, 01 Jan 1970 00:00:00 GMT", GZ_OK, 0},
    {"Thursday, 01-Jan-70 00:00:00 GMT", GZ_OK, 0},
    {"Tue, 29 Feb 2000 12:00:00 GMT", GZ_OK, 951825600},
    {"Sat, 28 Nov 2026 11:20:00 GMT", GZ_OK, 1795864800},
    {"Wednesday, 01-Jan-31 00:00:00 GMT", GZ_OK, 1924992000}, /* yy < 70: 20yy */
    {"Sat, 31 Dec 2016 23:59:60 GMT", GZ_OK, 1483228800},     /* leap second */
    {"", GZ_EINVAL, 0},
    {"Sun, 06 Nov 1994 08:49:37 GMT ", GZ_EINVAL, 0},
    {" Sun, 06 Nov 1994 08:49:37 GMT", GZ_EINVAL, 0},
    {"Sun, 06 Nov 1994 08:49:37 UTC", GZ_EINVAL, 0},
    {"Sun, 06 Nov 1994 08:49:37", GZ_EINVAL, 0},
    {"Sun, 06 Nov 1994 08:49:3", GZ_EINVAL, 0},
    {"Sun, 6 Nov 1994 08:49:37 GMT", GZ_EINVAL, 0},
    {"sun, 06 Nov 1994 08:49:37 GMT", GZ_EINVAL, 0},
    {"Sun, 06 nov 1994 08:49:37 GMT", GZ_EINVAL, 0},
    {"Sun, 06 Nov 94 08:49:37 GMT", GZ_EINVAL, 0},
    {"Mon, 06 Nov 1994 08:49:37 GMT", GZ_EINVAL, 0}, /* wrong day name */
    {"Sun, 31 Nov 1994 08:49:37 GMT", GZ_EINVAL, 0},
    {"Thu, 29 Feb 1900 00:00:00 GMT", GZ_EINVAL, 0}, /* 1900 not leap */
    {"Sun, 00 Nov 1994 08:49:37 GMT", GZ_EINVAL, 0},
    {"Sun, 06 Nov 1994 24:00:00 GMT", GZ_EINVAL, 0},
    {"Sun, 06 Nov 1994 08:60:00 GMT", GZ_EINVAL, 0},
    {"Sun, 06 Nov 1994 08:49:61 GMT", GZ_EINVAL, 0},
    {"Sun, 06 Nov 1994 +8:49:37 GMT", GZ_EINVAL, 0},
    {"Sun, 06 Nov 1994 08:49:37 GMT\r\n", GZ_EINVAL, 0},
    {"Sun, 06 Nov 1994 08:49:37 GMTX", GZ_EINVAL, 0},
    {"Sunday, 06-Nov-1994 08:49:37 GMT", GZ_EINVAL, 0},
    {"Sunday, 06 Nov 94 08:49:37 GMT", GZ_EINVAL, 0},
    {"Sun Nov 6 08:49:37 1994", GZ_EINVAL, 0},
    {"Sun Nov  6 08:49:37 1994 ", GZ_EINVAL, 0},
    {"Sun Nov  6 08:49:37 GMT 1994", GZ_EINVAL, 0},
    {"1994-11-06T08:49:37Z", GZ_EINVAL, 0},
    {"784111777", GZ_EINVAL, 0},
    {"Sun", GZ_EINVAL, 0},
    {"Sun,", GZ_EINVAL, 0},
};

static const struct date_case iso_cases[] = {
    {"2026-11-28T11:20:00Z", GZ_OK, 1795864800},
    {"2026-11-28T11:20:00", GZ_OK, 1795864800},
    {"2026-11-28T11:20", GZ_OK, 1795864800},
    {"2026-11-28T11:20Z", GZ_OK, 1795864800},
    {"2026-11-28 11:20", GZ_OK, 1795864800},
    {"2026-11-28 11:20:00", GZ_OK, 1795864800},
    {"2026-11-28T11:20:00.123", GZ_OK, 1795864800},
    {"2026-11-28T11:20:00.123456789Z", GZ_OK, 1795864800},
    {"1970-01-01T00:00:00Z", GZ_OK, 0},
    {"2024-02-29T00:00", GZ_OK, 1709164800},
    {"", GZ_EINVAL, 0},
    {"2026-11-28", GZ_EINVAL, 0},
    {"2026-11-28T", GZ_EINVAL, 0},
    {"2026-11-28T11", GZ_EINVAL, 0},
    {"2026-11-28T11:2", GZ_EINVAL, 0},
    {"2026-11-28T11:20:", GZ_EINVAL, 0},
    {"2026-11-28T11:20:0", GZ_EINVAL, 0},
    {"2026-11-28T11:20:00.", GZ_EINVAL, 0},
    {"2026-11-28T11:20:00.1234567890", GZ_EINVAL, 0},
    {"2026-11-28 11:20Z", GZ_EINVAL, 0},
    {"2026-11-28T11:20:00+01:00", GZ_EINVAL, 0},
    {"2026-11-28T11:20:00z", GZ_EINVAL, 0},
    {"2026-11-28t11:20", GZ_EINVAL, 0},
    {"2026-11-28T11:20:00ZZ", GZ_EINVAL, 0},
    {"2026-11-28T11:20 ", GZ_EINVAL, 0},
    {"26-11-28T11:20", GZ_EINVAL, 0},
    {"2026-1-28T11:20", GZ_EINVAL, 0},
    {"2026-13-01T00:00", GZ_EINVAL, 0},
    {"2026-00-01T00:00", GZ_EINVAL, 0},
    {"2025-02-29T00:00", GZ_EINVAL, 0},
    {"2026-04-31T00:00", GZ_EINVAL, 0},
    {"2026-11-28T24:00", GZ_EINVAL, 0},
    {"2026-11-28T23:60", GZ_EINVAL, 0},
    {"2026-11-28T23:59:60", GZ_EINVAL, 0},
    {"-026-11-28T11:20", GZ_EINVAL, 0},
    {"+2026-11-28T11:20", GZ_EINVAL, 0},
    {"2026/11/28 11:20", GZ_EINVAL, 0},
};

static void
run(const struct date_case *cases, size_t n, enum gz_err (*parse)(const char *, time_t *))
{
	size_t i;

	for (i = 0; i < n; i++) {
		time_t t = 42;
		enum gz_err rc = parse(cases[i].s, &t);

		if (rc != cases[i].want) {
			fprintf(stderr, "date case \"%s\"\n", cases[i].s);
		}
		CHECK_INT(rc, cases[i].want);
		CHECK_INT(t, rc == GZ_OK ? cases[i].t : 42);
	}
}

static void
test_http_parse(void)
{
	run(http_cases, sizeof(http_cases) / sizeof(http_cases[0]), gz_http_date_parse);
}

static void
test_iso_parse(void)
{
	run(iso_cases, sizeof(iso_cases) / sizeof(iso_cases[0]), gz_iso8601_parse);
}

static void
test_format(void)
{
	static const time_t ts[] = {0, 784111777, 951825600, 1795864800, -1, 253402300799};
	char h[GZ_HTTP_DATE_SIZE], iso[GZ_ISO8601_SIZE];
	size_t i;
	time_t back;

	CHECK_INT(gz_http_date_format(784111777, h), GZ_OK);
	CHECK_STR(h, "Sun, 06 Nov 1994 08:49:37 GMT");
	CHECK_INT(gz_iso8601_format(1795864800, iso), GZ_OK);
	CHECK_STR(iso, "2026-11-28T11:20:00Z");
	CHECK_INT(gz_http_date_format(253402300799, h), GZ_OK);
	CHECK_STR(h, "Fri, 31 Dec 9999 23:59:59 GMT");
	for (i = 0; i < sizeof(ts) / sizeof(ts[0]); i++) {
		CHECK_INT(gz_http_date_format(ts[i], h), GZ_OK);
		CHECK_INT(strlen(h), 29);
		CHECK_INT(gz_http_date_parse(h, &back), GZ_OK);
		CHECK_INT(back, ts[i]);
		CHECK_INT(gz_iso8601_format(ts[i], iso), GZ_OK);
		CHECK_INT(strlen(iso), 20);
		CHECK_INT(gz_iso8601_parse(iso, &back), GZ_OK);
		CHECK_INT(back, ts[i]);
	}
	/* Year 10000 does not fit four digits. */
	CHECK_INT(gz_http_date_format(253402300800, h), GZ_EINVAL);
	CHECK_STR(h, "");
	CHECK_INT(gz_iso8601_format(253402300800, iso), GZ_EINVAL);
	CHECK_STR(iso, "");
}

static void
test_no_tz(void)
{
	time_t t;

	/* The local zone must not leak into either direction. */
	setenv("TZ", "America/New_York", 1);
	tzset();
	CHECK_INT(gz_iso8601_parse("1970-01-01 00:00", &t), GZ_OK);
	CHECK_INT(t, 0);
	CHECK_INT(gz_http_date_parse("Thu, 01 Jan 1970 00:00:00 GMT", &t), GZ_OK);
	CHECK_INT(t, 0);
	unsetenv("TZ");
	tzset();
}

TEST_MAIN(T(test_http_parse), T(test_iso_parse), T(test_format), T(test_no_tz))
