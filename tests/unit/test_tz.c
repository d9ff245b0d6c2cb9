/*
 * Time zones (src/core/tz.c): known offsets either side of the DST changes
 * of Europe/London and America/New_York, Asia/Shanghai's +8, the footer
 * rule for years past the table (also in hand-made files: a northern and a
 * southern rule, a zone without summer time), the two wall-clock rules
 * (the first of a repeated hour, a skipped hour moved on), every
 * truncation of a real file refused, bad names refused, and a sweep
 * against glibc's own reading of the same files (single-threaded here, so
 * setenv("TZ") is safe) every 5 hours from 1970 to 2100.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gazette/caldate.h"
#include "gazette/tz.h"
#include "test.h"

/* Unix time of y-m-d hh:mm UTC. */
static int64_t
at(int y, int m, int d, int hh, int mm)
{
	return gz_caldate_time(y, m, d) + hh * 3600 + mm * 60;
}

static struct gz_tz *
load(const char *name)
{
	struct gz_tz *tz = NULL;

	CHECK_INT(gz_tz_load(NULL, name, &tz), GZ_OK);
	return tz;
}

static void
test_london(void)
{
	struct gz_tz *tz = load("Europe/London");
	struct gz_tz_info info;

	if (tz == NULL) {
		return;
	}
	/* 2024: clocks forward at 01:00 UTC on 31 March, back at 01:00 UTC on 27 October. */
	CHECK_INT(gz_tz_offset(tz, at(2024, 3, 31, 0, 59)), 0);
	CHECK_INT(gz_tz_offset(tz, at(2024, 3, 31, 1, 0)), 3600);
	CHECK_INT(gz_tz_offset(tz, at(2024, 10, 27, 0, 59)), 3600);
	CHECK_INT(gz_tz_offset(tz, at(2024, 10, 27, 1, 0)), 0);
	gz_tz_info_at(tz, at(2024, 7, 1, 12, 0), &info);
	CHECK_STR(info.abbr, "BST");
	CHECK_INT(info.isdst, 1);
	gz_tz_info_at(tz, at(2024, 1, 1, 12, 0), &info);
	CHECK_STR(info.abbr, "GMT");
	CHECK_INT(info.isdst, 0);
	/* British Standard Time: +1 all year from 1968 to 1971. */
	CHECK_INT(gz_tz_offset(tz, at(1970, 1, 1, 0, 0)), 3600);
	/* Past the table: the footer rule GMT0BST,M3.5.0/1,M10.5.0.  2100:
	 * last Sunday of March is the 28th, of October the 31st. */
	CHECK_INT(gz_tz_offset(tz, at(2100, 3, 28, 0, 59)), 0);
	CHECK_INT(gz_tz_offset(tz, at(2100, 3, 28, 1, 0)), 3600);
	CHECK_INT(gz_tz_offset(tz, at(2100, 10, 31, 0, 59)), 3600);
	CHECK_INT(gz_tz_offset(tz, at(2100, 10, 31, 1, 0)), 0);
	CHECK_STR(gz_tz_name(tz), "Europe/London");
	gz_tz_free(tz);
}

static void
test_new_york(void)
{
	struct gz_tz *tz = load("America/New_York");
	struct gz_tz_info info;

	if (tz == NULL) {
		return;
	}
	/* 2024: 02:00 EST on 10 March (07:00 UTC), 02:00 EDT on 3 November (06:00 UTC). */
	CHECK_INT(gz_tz_offset(tz, at(2024, 3, 10, 6, 59)), -18000);
	CHECK_INT(gz_tz_offset(tz, at(2024, 3, 10, 7, 0)), -14400);
	CHECK_INT(gz_tz_offset(tz, at(2024, 11, 3, 5, 59)), -14400);
	CHECK_INT(gz_tz_offset(tz, at(2024, 11, 3, 6, 0)), -18000);
	gz_tz_info_at(tz, at(2024, 7, 4, 16, 0), &info);
	CHECK_STR(info.abbr, "EDT");
	/* 2006 still had the old rule: first Sunday of April (2 April). */
	CHECK_INT(gz_tz_offset(tz, at(2006, 4, 2, 6, 59)), -18000);
	CHECK_INT(gz_tz_offset(tz, at(2006, 4, 2, 7, 0)), -14400);
	/* Footer EST5EDT,M3.2.0,M11.1.0 in 2090: 12 March, 5 November. */
	CHECK_INT(gz_tz_offset(tz, at(2090, 3, 12, 6, 59)), -18000);
	CHECK_INT(gz_tz_offset(tz, at(2090, 3, 12, 7, 0)), -14400);
	CHECK_INT(gz_tz_offset(tz, at(2090, 11, 5, 5, 59)), -14400);
	CHECK_INT(gz_tz_offset(tz, at(2090, 11, 5, 6, 0)), -18000);
	gz_tz_free(tz);
}

static void
test_shanghai(void)
{
	struct gz_tz *tz = load("Asia/Shanghai");
	struct gz_tz_info info;
	int64_t t;

	if (tz == NULL) {
		return;
	}
	CHECK_INT(gz_tz_offset(tz, at(2026, 1, 1, 0, 0)), 8 * 3600);
	CHECK_INT(gz_tz_offset(tz, at(2026, 7, 1, 0, 0)), 8 * 3600);
	CHECK_INT(gz_tz_offset(tz, at(2200, 7, 1, 0, 0)), 8 * 3600);
	/* China kept summer time 1986-1991: 1990-07-01 was +9. */
	CHECK_INT(gz_tz_offset(tz, at(1990, 7, 1, 0, 0)), 9 * 3600);
	gz_tz_info_at(tz, at(2026, 1, 1, 0, 0), &info);
	CHECK_STR(info.abbr, "CST");
	CHECK_INT(gz_tz_from_local(tz, at(2026, 12, 3, 9, 30), &t), GZ_TZ_LOCAL_EXACT);
	CHECK_INT(t, at(2026, 12, 3, 1, 30));
	gz_tz_free(tz);
}

/* The wall-clock rules at London's changes and an ordinary time. */
static void
test_from_local(void)
{
	struct gz_tz *tz = load("Europe/London"), *ny = load("America/New_York");
	int64_t t = 0;

	if (tz == NULL || ny == NULL) {
		gz_tz_free(tz);
		gz_tz_free(ny);
		return;
	}
	CHECK_INT(gz_tz_from_local(tz, at(2024, 7, 1, 9, 0), &t), GZ_TZ_LOCAL_EXACT);
	CHECK_INT(t, at(2024, 7, 1, 8, 0));
	CHECK_INT(gz_tz_from_local(tz, at(2024, 12, 1, 9, 0), &t), GZ_TZ_LOCAL_EXACT);
	CHECK_INT(t, at(2024, 12, 1, 9, 0));
	/* 01:30 on 31 March 2024 never happened: 02:30 BST, 01:30 UTC. */
	CHECK_INT(gz_tz_from_local(tz, at(2024, 3, 31, 1, 30), &t), GZ_TZ_LOCAL_SKIPPED);
	CHECK_INT(t, at(2024, 3, 31, 1, 30));
	CHECK_INT(gz_tz_offset(tz, t), 3600);
	/* 01:30 on 27 October 2024 happened twice: the first, 00:30 UTC (BST). */
	CHECK_INT(gz_tz_from_local(tz, at(2024, 10, 27, 1, 30), &t), GZ_TZ_LOCAL_FIRST);
	CHECK_INT(t, at(2024, 10, 27, 0, 30));
	/* The edges: 01:00 and 02:00 on the spring morning. */
	CHECK_INT(gz_tz_from_local(tz, at(2024, 3, 31, 0, 59), &t), GZ_TZ_LOCAL_EXACT);
	CHECK_INT(t, at(2024, 3, 31, 0, 59));
	CHECK_INT(gz_tz_from_local(tz, at(2024, 3, 31, 2, 0), &t), GZ_TZ_LOCAL_EXACT);
	CHECK_INT(t, at(2024, 3, 31, 1, 0));
	/* New York: 02:30 on 10 March 2024 skipped (03:30 EDT), 01:30 on 3 November twice. */
	CHECK_INT(gz_tz_from_local(ny, at(2024, 3, 10, 2, 30), &t), GZ_TZ_LOCAL_SKIPPED);
	CHECK_INT(t, at(2024, 3, 10, 7, 30));
	CHECK_INT(gz_tz_from_local(ny, at(2024, 11, 3, 1, 30), &t), GZ_TZ_LOCAL_FIRST);
	CHECK_INT(t, at(2024, 11, 3, 5, 30));
	/* Round trip of every hour of 2024 that is neither skipped nor repeated. */
	{
		int64_t u, back;
		int bad = 0;

		for (u = at(2024, 1, 1, 0, 0); u < at(2025, 1, 1, 0, 0); u += 3600) {
			enum gz_tz_local how = gz_tz_from_local(tz, u + gz_tz_offset(tz, u), &back);

			if (how == GZ_TZ_LOCAL_EXACT && back != u) {
				bad++;
			}
			if (how == GZ_TZ_LOCAL_SKIPPED) {
				bad++;
			}
		}
		CHECK_INT(bad, 0);
	}
	gz_tz_free(tz);
	gz_tz_free(ny);
}

/* A version 2 TZif file with no transitions, one type and footer. */
static size_t
make_file(unsigned char *buf, const char *abbr, int32_t off, const char *footer)
{
	size_t n = 0, i, alen = strlen(abbr) + 1;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		unsigned char *h = buf + n;

		memset(h, 0, 44);
		memcpy(h, "TZif2", 5);
		/* typecnt 1, charcnt alen */
		h[39] = 1;
		h[43] = (unsigned char)alen;
		n += 44;
		for (i = 0; i < 4; i++) {
			buf[n + i] = (unsigned char)((uint32_t)off >> (24 - 8 * i));
		}
		buf[n + 4] = 0;
		buf[n + 5] = 0;
		n += 6;
		memcpy(buf + n, abbr, alen);
		n += alen;
	}
	buf[n++] = '\n';
	memcpy(buf + n, footer, strlen(footer));
	n += strlen(footer);
	buf[n++] = '\n';
	return n;
}

static void
test_footer_rules(void)
{
	unsigned char buf[256];
	struct gz_tz *tz = NULL;
	size_t n;

	/* Northern: London's rule alone (a "slim" file). */
	n = make_file(buf, "GMT", 0, "GMT0BST,M3.5.0/1,M10.5.0");
	CHECK_INT(gz_tz_parse(buf, n, "x", &tz), GZ_OK);
	if (tz != NULL) {
		CHECK_INT(gz_tz_offset(tz, at(2024, 3, 31, 0, 59)), 0);
		CHECK_INT(gz_tz_offset(tz, at(2024, 3, 31, 1, 0)), 3600);
		CHECK_INT(gz_tz_offset(tz, at(2024, 10, 27, 0, 59)), 3600);
		CHECK_INT(gz_tz_offset(tz, at(2024, 10, 27, 1, 0)), 0);
		gz_tz_free(tz);
	}
	/* Southern: Sydney, summer from the first Sunday of October to the
	 * first Sunday of April (2024: 7 April 03:00 AEDT = 16:00 UTC on the
	 * 6th; 6 October 02:00 AEST = 16:00 UTC on the 5th). */
	n = make_file(buf, "AEST", 36000, "AEST-10AEDT,M10.1.0,M4.1.0/3");
	CHECK_INT(gz_tz_parse(buf, n, NULL, &tz), GZ_OK);
	if (tz != NULL) {
		CHECK_INT(gz_tz_offset(tz, at(2024, 1, 15, 0, 0)), 39600);
		CHECK_INT(gz_tz_offset(tz, at(2024, 4, 6, 15, 59)), 39600);
		CHECK_INT(gz_tz_offset(tz, at(2024, 4, 6, 16, 0)), 36000);
		CHECK_INT(gz_tz_offset(tz, at(2024, 10, 5, 15, 59)), 36000);
		CHECK_INT(gz_tz_offset(tz, at(2024, 10, 5, 16, 0)), 39600);
		CHECK_INT(gz_tz_offset(tz, at(2024, 12, 31, 23, 0)), 39600);
		CHECK_STR(gz_tz_name(tz), "");
		gz_tz_free(tz);
	}
	/* No summer time, a quoted designation and minutes: Nepal +05:45. */
	n = make_file(buf, "+0545", 20700, "<+0545>-5:45");
	CHECK_INT(gz_tz_parse(buf, n, NULL, &tz), GZ_OK);
	if (tz != NULL) {
		struct gz_tz_info info;

		gz_tz_info_at(tz, at(2030, 6, 1, 0, 0), &info);
		CHECK_INT(info.offset, 20700);
		CHECK_STR(info.abbr, "+0545");
		gz_tz_free(tz);
	}
	/* Julian days: J60 is 1 March every year, leap or not. */
	n = make_file(buf, "XST", 0, "XST0XDT,J60/0,J300/0");
	CHECK_INT(gz_tz_parse(buf, n, NULL, &tz), GZ_OK);
	if (tz != NULL) {
		CHECK_INT(gz_tz_offset(tz, at(2028, 2, 29, 23, 59)), 0);
		CHECK_INT(gz_tz_offset(tz, at(2028, 3, 1, 0, 0)), 3600);
		CHECK_INT(gz_tz_offset(tz, at(2027, 3, 1, 0, 0)), 3600);
		gz_tz_free(tz);
	}
	/* Malformed footers. */
	{
		static const char *const bad[] = {
		    "GM0",                        /* designation under 3 letters */
		    "GMT",                        /* no offset */
		    "GMT0BST,M13.5.0,M10.5.0",    /* month 13 */
		    "GMT0BST,M3.6.0,M10.5.0",     /* week 6 */
		    "GMT0BST,M3.5.7,M10.5.0",     /* weekday 7 */
		    "GMT0BST,M3.5.0",             /* no end */
		    "GMT0BST,M3.5.0/168,M10.5.0", /* time past 167 h */
		    "GMT25",                      /* offset past 24 h */
		    "<GMT0",                      /* unclosed quote */
		    "GMT0BST,J0,J300",            /* Julian day 0 */
		    "GMT0 ",                      /* trailing junk */
		};
		size_t i;

		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			n = make_file(buf, "GMT", 0, bad[i]);
			CHECK_INT(gz_tz_parse(buf, n, NULL, &tz), GZ_EINVAL);
			CHECK(tz == NULL);
		}
	}
}

/* Every prefix of a real file is refused, and so is junk. */
static void
test_truncated(void)
{
	static const char *const zones[] = {"Europe/London", "Asia/Shanghai"};
	size_t z;

	for (z = 0; z < 2; z++) {
		char path[128];
		unsigned char *buf = malloc(GZ_TZ_FILE_MAX);
		size_t n = 0, cut;
		FILE *f;
		int bad = 0;

		snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", zones[z]);
		if (buf == NULL || (f = fopen(path, "rb")) == NULL) {
			CHECK(!"zone file readable");
			free(buf);
			continue;
		}
		n = fread(buf, 1, GZ_TZ_FILE_MAX, f);
		fclose(f);
		for (cut = 0; cut < n; cut++) {
			struct gz_tz *tz = NULL;

			if (gz_tz_parse(buf, cut, NULL, &tz) != GZ_EINVAL || tz != NULL) {
				bad++;
				gz_tz_free(tz);
			}
		}
		CHECK_INT(bad, 0);
		/* A bad magic number. */
		{
			struct gz_tz *tz = NULL;

			buf[0] = 'X';
			CHECK_INT(gz_tz_parse(buf, n, NULL, &tz), GZ_EINVAL);
		}
		free(buf);
	}
}

static void
test_names(void)
{
	struct gz_tz *tz = NULL;

	CHECK(gz_tz_name_valid("Europe/London"));
	CHECK(gz_tz_name_valid("America/Argentina/Buenos_Aires"));
	CHECK(gz_tz_name_valid("Etc/GMT+5"));
	CHECK(gz_tz_name_valid("UTC"));
	CHECK(!gz_tz_name_valid(""));
	CHECK(!gz_tz_name_valid(NULL));
	CHECK(!gz_tz_name_valid("../etc/passwd"));
	CHECK(!gz_tz_name_valid("Europe/../../etc"));
	CHECK(!gz_tz_name_valid("/etc/passwd"));
	CHECK(!gz_tz_name_valid("Europe//London"));
	CHECK(!gz_tz_name_valid("Europe/"));
	CHECK(!gz_tz_name_valid("Europe/Lon don"));
	CHECK(!gz_tz_name_valid("-f"));
	CHECK(!gz_tz_name_valid("Europe/London<script>"));
	CHECK_INT(gz_tz_load(NULL, "Mars/Olympus_Mons", &tz), GZ_ENOTFOUND);
	CHECK_INT(gz_tz_load(NULL, "../passwd", &tz), GZ_EINVAL);
	/* A folder is not a zone. */
	CHECK(gz_tz_load(NULL, "Europe", &tz) != GZ_OK);
	CHECK(tz == NULL);
	CHECK_INT(gz_tz_load(NULL, "UTC", &tz), GZ_OK);
	CHECK(tz == gz_tz_utc());
	CHECK(gz_tz_get("Europe/London") != NULL);
	CHECK(gz_tz_get("Europe/London") == gz_tz_get("Europe/London"));
	CHECK(gz_tz_get("Nowhere/Zone") == NULL);
	CHECK(gz_tz_get("UTC") == gz_tz_utc());
}

/* Our reading against glibc's for the same files, every 5 hours from 1970 to 2100. */
static void
test_against_glibc(void)
{
	static const char *const zones[] = {
	    "Europe/London",    "America/New_York", "Asia/Shanghai",  "Australia/Sydney",
	    "America/Santiago", "Pacific/Chatham",  "Asia/Kathmandu", "Africa/Casablanca",
	    "Europe/Dublin",    "America/St_Johns", "Pacific/Apia",   "Asia/Tehran",
	};
	size_t z;

	for (z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
		struct gz_tz *tz = NULL;
		int64_t t;
		int bad = 0;

		if (gz_tz_load(NULL, zones[z], &tz) != GZ_OK) {
			fprintf(stderr, "skip %s: not installed\n", zones[z]);
			continue;
		}
		setenv("TZ", zones[z], 1);
		tzset();
		for (t = 0; t < at(2100, 1, 1, 0, 0); t += 5 * 3600) {
			time_t tt = (time_t)t;
			struct tm tm;

			if (localtime_r(&tt, &tm) == NULL || tm.tm_gmtoff != gz_tz_offset(tz, t)) {
				if (bad++ < 3) {
					fprintf(stderr, "%s at %lld: ours %d, glibc %ld\n",
					        zones[z], (long long)t, gz_tz_offset(tz, t),
					        tm.tm_gmtoff);
				}
			}
		}
		CHECK_INT(bad, 0);
		gz_tz_free(tz);
	}
	unsetenv("TZ");
}

TEST_MAIN({"london", test_london}, {"new_york", test_new_york}, {"shanghai", test_shanghai},
          {"from_local", test_from_local}, {"footer_rules", test_footer_rules},
          {"truncated", test_truncated}, {"names", test_names},
          {"against_glibc", test_against_glibc})
