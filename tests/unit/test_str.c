/*
 * String helpers: case-folded compare, prefixes, trim, strict integers
 * (syntax, overflow, bounds), control detection with flags, slugs
 * (ASCII, accents, CJK, punctuation, invalid UTF-8, truncation).
 */
#include <limits.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/str.h"
#include "gazette/utf8.h"
#include "test.h"

static void
test_case_and_prefix(void)
{
	CHECK(gz_str_eq_case("Content-Type", "content-type"));
	CHECK(gz_str_eq_case("", ""));
	CHECK(!gz_str_eq_case("abc", "abcd"));
	CHECK(!gz_str_eq_case("abcd", "abc"));
	/* No locale folding: 0xC9 and 0xE9 stay different. */
	CHECK(!gz_str_eq_case("\xC9", "\xE9"));
	CHECK(gz_str_has_prefix("/admin/x", "/admin/"));
	CHECK(gz_str_has_prefix("x", ""));
	CHECK(!gz_str_has_prefix("/adm", "/admin"));
	CHECK(gz_str_has_prefix_case("Application/X-WWW-Form-Urlencoded; charset=utf-8",
	                             "application/x-www-form-urlencoded"));
	CHECK(!gz_str_has_prefix_case("multi", "multipart/"));
	CHECK(gz_str_has_prefix_case("", ""));
}

static void
test_trim(void)
{
	struct gz_span sp;

	sp = gz_str_trim("  \t a b \r\n", 10);
	CHECK_INT(sp.n, 3);
	CHECK(memcmp(sp.p, "a b", 3) == 0);
	sp = gz_str_trim("   ", 3);
	CHECK_INT(sp.n, 0);
	sp = gz_str_trim("", 0);
	CHECK_INT(sp.n, 0);
	/* Bounded by n: the space after the cut is not looked at. */
	sp = gz_str_trim(" ab ", 2);
	CHECK_INT(sp.n, 1);
	CHECK(sp.p[0] == 'a');
}

struct long_case {
	const char *s;
	long min, max;
	enum gz_err want;
	long val;
};

static const struct long_case long_cases[] = {
    {"0", 0, 10, GZ_OK, 0},
    {"7", 1, 1024, GZ_OK, 7},
    {"007", 0, 10, GZ_OK, 7},
    {"-5", -10, 10, GZ_OK, -5},
    {"1024", 1, 1024, GZ_OK, 1024},
    {"1025", 1, 1024, GZ_ETOOBIG, 0},
    {"0", 1, 1024, GZ_ETOOBIG, 0},
    {"9223372036854775807", LONG_MIN, LONG_MAX, GZ_OK, LONG_MAX},
    {"-9223372036854775808", LONG_MIN, LONG_MAX, GZ_OK, LONG_MIN},
    {"9223372036854775808", LONG_MIN, LONG_MAX, GZ_ETOOBIG, 0},
    {"-9223372036854775809", LONG_MIN, LONG_MAX, GZ_ETOOBIG, 0},
    {"99999999999999999999999999", LONG_MIN, LONG_MAX, GZ_ETOOBIG, 0},
    {"99999999999999999999999999x", LONG_MIN, LONG_MAX, GZ_EINVAL, 0},
    {"", 0, 10, GZ_EINVAL, 0},
    {"-", 0, 10, GZ_EINVAL, 0},
    {"+1", 0, 10, GZ_EINVAL, 0},
    {" 1", 0, 10, GZ_EINVAL, 0},
    {"1 ", 0, 10, GZ_EINVAL, 0},
    {"1x", 0, 10, GZ_EINVAL, 0},
    {"0x10", 0, 100, GZ_EINVAL, 0},
    {"--1", -10, 10, GZ_EINVAL, 0},
    {"1.5", 0, 10, GZ_EINVAL, 0},
    {"\xD9\xA3", 0, 10, GZ_EINVAL, 0}, /* Arabic-Indic three */
};

static void
test_to_long(void)
{
	size_t i;
	long v;

	for (i = 0; i < sizeof(long_cases) / sizeof(long_cases[0]); i++) {
		const struct long_case *c = &long_cases[i];
		enum gz_err rc;

		v = 12345;
		rc = gz_str_to_long(c->s, c->min, c->max, &v);
		if (rc != c->want) {
			fprintf(stderr, "to_long case \"%s\"\n", c->s);
		}
		CHECK_INT(rc, c->want);
		CHECK_INT(v, rc == GZ_OK ? c->val : 12345);
	}
}

static void
test_has_ctl(void)
{
	CHECK(!gz_str_has_ctl("plain text", 10, 0));
	CHECK(gz_str_has_ctl("a\tb", 3, 0));
	CHECK(!gz_str_has_ctl("a\tb", 3, GZ_CTL_ALLOW_TAB));
	CHECK(gz_str_has_ctl("a\r\nb", 4, GZ_CTL_ALLOW_TAB));
	CHECK(!gz_str_has_ctl("a\r\n\tb", 5, GZ_CTL_ALLOW_TAB | GZ_CTL_ALLOW_CRLF));
	CHECK(gz_str_has_ctl("a\0b", 3, GZ_CTL_ALLOW_TAB | GZ_CTL_ALLOW_CRLF));
	CHECK(gz_str_has_ctl("a\x7f", 2, 0));
	CHECK(gz_str_has_ctl("\x1b[0m", 4, 0));
	CHECK(!gz_str_has_ctl("\xC3\xA9\xFF", 3, 0));
	CHECK(!gz_str_has_ctl("ab\n", 2, 0));
	CHECK(!gz_str_has_ctl("", 0, 0));
}

struct slug_case {
	const char *title;
	size_t maxlen;
	const char *want;
};

static const struct slug_case slug_cases[] = {
    {"Hello, World!", 80, "hello-world"},
    {"  --Leading and trailing--  ", 80, "leading-and-trailing"},
    {"C'est l'\xC3\x89t\xC3\xA9", 80, "c-est-l-\xC3\xA9t\xC3\xA9"},
    {"\xE4\xB8\xAD\xE6\x96\x87\xE6\x96\xB0\xE9\x97\xBB 2026", 80,
     "\xE4\xB8\xAD\xE6\x96\x87\xE6\x96\xB0\xE9\x97\xBB-2026"},
    {"\xE4\xB8\xAD\xE6\x96\x87\xE3\x80\x81\xE6\x96\xB0\xE9\x97\xBB", 80, /* 、 */
     "\xE4\xB8\xAD\xE6\x96\x87-\xE6\x96\xB0\xE9\x97\xBB"},
    {"Wait\xE2\x80\x94what\xE2\x80\xA6", 80, "wait-what"}, /* em dash, ellipsis */
    {"\xE2\x80\x9CQuoted\xE2\x80\x9D\xC2\xA0text", 80, "quoted-text"},
    {"Emoji \xF0\x9F\x98\x80 here", 80, "emoji-here"},
    {"\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0", 80, /* Москва */
     "\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0"},
    {"\xCE\x91\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1", 80, /* Αθήνα */
     "\xCE\xB1\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1"},
    {"bad\xC0\x80utf\xFF"
     "8",
     80, "bad-utf-8"},
    {"surrogate\xED\xA0\x80x", 80, "surrogate-x"},
    {"!!!", 80, ""},
    {"", 80, ""},
    {"anything", 0, ""},
    {"abc def", 3, "abc"},
    {"abc def", 4, "abc"}, /* never ends in '-' */
    {"abc def", 5, "abc-d"},
    {"ab\xE4\xB8\xAD", 4, "ab"}, /* CJK char does not fit: cut before it */
    {"ab\xE4\xB8\xAD", 5, "ab\xE4\xB8\xAD"},
    {"a  \t\n  b", 80, "a-b"},
    {"2026-11-28: Budget", 80, "2026-11-28-budget"},
};

static void
test_slugify(void)
{
	struct gz_arena a;
	size_t i;
	char *out;

	gz_arena_init(&a, 0, 1 << 20);
	for (i = 0; i < sizeof(slug_cases) / sizeof(slug_cases[0]); i++) {
		const struct slug_case *c = &slug_cases[i];

		out = NULL;
		CHECK_INT(gz_slugify(&a, c->title, c->maxlen, &out), GZ_OK);
		CHECK_STR(out, c->want);
		if (out != NULL) {
			CHECK(strlen(out) <= c->maxlen);
			CHECK(gz_utf8_valid(out, strlen(out)));
		}
	}
	gz_arena_free(&a);
}

static void
test_slugify_long_and_nomem(void)
{
	static char big[100001];
	struct gz_arena a;
	char *out;

	memset(big, 'A', sizeof(big) - 1);
	memset(big + 100, '.', 50);
	gz_arena_init(&a, 0, 1 << 20);
	CHECK_INT(gz_slugify(&a, big, 120, &out), GZ_OK);
	CHECK_INT(strlen(out), 120);
	CHECK(out[100] == '-' && out[99] == 'a' && out[101] == 'a');
	gz_arena_free(&a);

	gz_arena_init(&a, 0, 64);
	out = big;
	CHECK_INT(gz_slugify(&a, big, 1000, &out), GZ_ENOMEM);
	CHECK(out == NULL);
	gz_arena_free(&a);
}

TEST_MAIN(T(test_case_and_prefix), T(test_trim), T(test_to_long), T(test_has_ctl), T(test_slugify),
          T(test_slugify_long_and_nomem))
