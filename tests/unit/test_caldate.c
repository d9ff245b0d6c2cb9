/*
 * Calendar dates in UTC (src/core/caldate.c): days per month and leap
 * years, the time of a date against known Unix times and against
 * gmtime_r for every day of several centuries, months as [start, end),
 * the date of a time back again, and the strict YYYY-MM-DD parser with
 * its malformed inputs named.
 */
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "gazette/caldate.h"
#include "test.h"

static void
test_days(void)
{
	CHECK_INT(gz_caldate_days_in_month(2026, 1), 31);
	CHECK_INT(gz_caldate_days_in_month(2026, 2), 28);
	CHECK_INT(gz_caldate_days_in_month(2024, 2), 29);
	CHECK_INT(gz_caldate_days_in_month(2000, 2), 29); /* divisible by 400 */
	CHECK_INT(gz_caldate_days_in_month(2100, 2), 28); /* by 100, not 400 */
	CHECK_INT(gz_caldate_days_in_month(2026, 4), 30);
	CHECK_INT(gz_caldate_days_in_month(2026, 12), 31);
	CHECK(gz_caldate_valid(1970, 1, 1));
	CHECK(gz_caldate_valid(9999, 12, 31));
	CHECK(!gz_caldate_valid(1969, 12, 31));
	CHECK(!gz_caldate_valid(10000, 1, 1));
	CHECK(!gz_caldate_valid(2026, 0, 1));
	CHECK(!gz_caldate_valid(2026, 13, 1));
	CHECK(!gz_caldate_valid(2026, 2, 29));
	CHECK(gz_caldate_valid(2024, 2, 29));
	CHECK(!gz_caldate_valid(2026, 4, 31));
	CHECK(!gz_caldate_valid(2026, 1, 0));
	CHECK(!gz_caldate_valid(-1, 1, 1));
}

static void
test_time(void)
{
	int64_t start, end;
	struct tm tm;
	time_t t;
	int y, m, d, mismatches = 0, days = 0;

	CHECK_INT(gz_caldate_time(1970, 1, 1), 0);
	CHECK_INT(gz_caldate_time(2000, 3, 1), 951868800);
	CHECK_INT(gz_caldate_time(2026, 12, 1), 1796083200);
	CHECK_INT(gz_caldate_time(2038, 1, 19), 2147472000);
	CHECK_INT(gz_caldate_time(10000, 1, 1), 253402300800);
	gz_caldate_month(2026, 12, &start, &end);
	CHECK_INT(start, 1796083200);
	CHECK_INT(end, gz_caldate_time(2027, 1, 1));
	gz_caldate_month(2024, 2, &start, &end);
	CHECK_INT(end - start, 29 * 86400);
	gz_caldate_month(9999, 12, &start, &end);
	CHECK_INT(end, 253402300800);
	/* Every day from 1970 to 2400 against the C library, both ways. */
	for (y = 1970; y <= 2400; y++) {
		for (m = 1; m <= 12; m++) {
			for (d = 1; d <= gz_caldate_days_in_month(y, m); d++) {
				int yy, mm, dd;

				t = (time_t)gz_caldate_time(y, m, d);
				days++;
				if (gmtime_r(&t, &tm) == NULL || tm.tm_year + 1900 != y ||
				    tm.tm_mon + 1 != m || tm.tm_mday != d || tm.tm_hour != 0) {
					mismatches++;
				}
				if (gz_caldate_of((int64_t)t + 86399, &yy, &mm, &dd) != GZ_OK ||
				    yy != y || mm != m || dd != d) {
					mismatches++;
				}
			}
		}
	}
	CHECK_INT(days, 157420);
	CHECK_INT(mismatches, 0);
}

static void
test_of(void)
{
	int y, m, d;

	CHECK_INT(gz_caldate_of(0, &y, &m, &d), GZ_OK);
	CHECK(y == 1970 && m == 1 && d == 1);
	CHECK_INT(gz_caldate_of(1796083199, &y, &m, &d), GZ_OK);
	CHECK(y == 2026 && m == 11 && d == 30);
	CHECK_INT(gz_caldate_of(1796083200, &y, &m, &d), GZ_OK);
	CHECK(y == 2026 && m == 12 && d == 1);
	CHECK_INT(gz_caldate_of(253402300799, &y, &m, &d), GZ_OK);
	CHECK(y == 9999 && m == 12 && d == 31);
	CHECK_INT(gz_caldate_of(253402300800, &y, &m, &d), GZ_EINVAL);
	CHECK(y == 0 && m == 0 && d == 0);
	CHECK_INT(gz_caldate_of(-1, &y, &m, &d), GZ_EINVAL);
	CHECK_INT(gz_caldate_of(INT64_MAX, &y, &m, &d), GZ_EINVAL);
	CHECK_INT(gz_caldate_of(INT64_MIN, &y, &m, &d), GZ_EINVAL);
}

static void
test_parse(void)
{
	static const struct {
		const char *s;
		int ok, y, m, d;
	} cases[] = {
	    {"2026-12-03", 1, 2026, 12, 3},
	    {"1970-01-01", 1, 1970, 1, 1},
	    {"9999-12-31", 1, 9999, 12, 31},
	    {"2024-02-29", 1, 2024, 2, 29},
	    {"2026-02-29", 0, 0, 0, 0},
	    {"2026-02-30", 0, 0, 0, 0},
	    {"2026-04-31", 0, 0, 0, 0},
	    {"2026-13-01", 0, 0, 0, 0},
	    {"2026-00-10", 0, 0, 0, 0},
	    {"2026-01-00", 0, 0, 0, 0},
	    {"1969-12-31", 0, 0, 0, 0},
	    {"0000-01-01", 0, 0, 0, 0},
	    {"2026-1-03", 0, 0, 0, 0},
	    {"2026-12-3", 0, 0, 0, 0},
	    {"26-12-03", 0, 0, 0, 0},
	    {"02026-12-03", 0, 0, 0, 0},
	    {"2026/12/03", 0, 0, 0, 0},
	    {"2026-12-03 ", 0, 0, 0, 0},
	    {" 2026-12-03", 0, 0, 0, 0},
	    {"2026-12-03T00", 0, 0, 0, 0},
	    {"+026-12-03", 0, 0, 0, 0},
	    {"2026-+2-03", 0, 0, 0, 0},
	    {"2026-12--3", 0, 0, 0, 0},
	    {"2026-1a-03", 0, 0, 0, 0},
	    {"２０２６-12-03", 0, 0, 0, 0}, /* full-width digits */
	    {"", 0, 0, 0, 0},
	    {"2026-12-03\n", 0, 0, 0, 0},
	};
	size_t i;
	int y, m, d;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum gz_err rc = gz_caldate_parse(cases[i].s, &y, &m, &d);

		if ((rc == GZ_OK) != cases[i].ok) {
			fprintf(stderr, "case %zu (%s)\n", i, cases[i].s);
		}
		CHECK_INT(rc, cases[i].ok ? GZ_OK : GZ_EINVAL);
		CHECK(y == cases[i].y && m == cases[i].m && d == cases[i].d);
	}
	CHECK_INT(gz_caldate_parse(NULL, &y, &m, &d), GZ_EINVAL);
}

TEST_MAIN(T(test_days), T(test_time), T(test_of), T(test_parse))
