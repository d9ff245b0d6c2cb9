/*
 * UTF-8: the strict validity table (overlongs, surrogates, out of range,
 * truncation), decode lengths, encode round trips, truncation boundaries.
 */
#include <stdint.h>
#include <string.h>

#include "gazette/utf8.h"
#include "test.h"

struct valid_case {
	const char *name;
	const char *s;
	size_t n;
	int want;
};

#define S(lit) lit, sizeof(lit) - 1

static const struct valid_case valid_cases[] = {
    {"empty", S(""), 1},
    {"ascii", S("hello"), 1},
    {"embedded NUL is UTF-8", S("a\0b"), 1},
    {"2-byte e-acute", S("\xC3\xA9"), 1},
    {"3-byte CJK", S("\xE4\xB8\xAD\xE6\x96\x87"), 1},
    {"4-byte emoji", S("\xF0\x9F\x98\x80"), 1},
    {"U+10FFFF", S("\xF4\x8F\xBF\xBF"), 1},
    {"U+FFFF noncharacter ok", S("\xEF\xBF\xBF"), 1},
    {"U+D7FF before surrogates", S("\xED\x9F\xBF"), 1},
    {"U+E000 after surrogates", S("\xEE\x80\x80"), 1},
    {"overlong C0 80", S("\xC0\x80"), 0},
    {"overlong C1 BF", S("\xC1\xBF"), 0},
    {"overlong E0 80 80", S("\xE0\x80\x80"), 0},
    {"overlong E0 9F BF", S("\xE0\x9F\xBF"), 0},
    {"overlong F0 80 80 80", S("\xF0\x80\x80\x80"), 0},
    {"overlong F0 8F BF BF", S("\xF0\x8F\xBF\xBF"), 0},
    {"surrogate ED A0 80", S("\xED\xA0\x80"), 0},
    {"surrogate ED BF BF", S("\xED\xBF\xBF"), 0},
    {"above U+10FFFF F4 90", S("\xF4\x90\x80\x80"), 0},
    {"F5 lead", S("\xF5\x80\x80\x80"), 0},
    {"FF byte", S("\xFF"), 0},
    {"FE byte", S("a\xFE"), 0},
    {"lone continuation", S("\x80"), 0},
    {"truncated 2-byte", S("\xC3"), 0},
    {"truncated 3-byte", S("\xE4\xB8"), 0},
    {"truncated 4-byte", S("\xF0\x9F\x98"), 0},
    {"bad continuation", S("\xC3\x28"), 0},
    {"bad third byte", S("\xE4\xB8\x28"), 0},
    {"valid then invalid", S("abc\xC3\xA9\xC0"), 0},
};

static void
test_valid(void)
{
	size_t i;

	for (i = 0; i < sizeof(valid_cases) / sizeof(valid_cases[0]); i++) {
		const struct valid_case *c = &valid_cases[i];
		int got = gz_utf8_valid(c->s, c->n);

		if (got != c->want) {
			fprintf(stderr, "valid case \"%s\"\n", c->name);
		}
		CHECK_INT(got, c->want);
	}
}

static void
test_valid_bounded(void)
{
	/* A valid prefix must not look past n into an invalid tail. */
	CHECK(gz_utf8_valid("ab\xFF", 2));
	/* A sequence cut by n is truncated even if the bytes follow. */
	CHECK(!gz_utf8_valid("\xC3\xA9", 1));
	CHECK(gz_utf8_valid(NULL, 0));
}

static void
test_decode(void)
{
	uint32_t cp = 0;

	CHECK_INT(gz_utf8_decode("A", 1, &cp), 1);
	CHECK_INT(cp, 0x41);
	CHECK_INT(gz_utf8_decode("\xC3\xA9x", 3, &cp), 2);
	CHECK_INT(cp, 0xE9);
	CHECK_INT(gz_utf8_decode("\xE4\xB8\xAD", 3, &cp), 3);
	CHECK_INT(cp, 0x4E2D);
	CHECK_INT(gz_utf8_decode("\xF0\x9F\x98\x80", 4, &cp), 4);
	CHECK_INT(cp, 0x1F600);
	cp = 7;
	CHECK_INT(gz_utf8_decode("\xF0\x9F\x98\x80", 3, &cp), 0);
	CHECK_INT(cp, 7);
	CHECK_INT(gz_utf8_decode("", 0, &cp), 0);
	CHECK_INT(gz_utf8_decode("\xED\xA0\x80", 3, &cp), 0);
	CHECK_INT(gz_utf8_decode("\xC0\x80", 2, &cp), 0);
	CHECK_INT(gz_utf8_decode("\x80", 1, &cp), 0);
	CHECK_INT(gz_utf8_decode("\0", 1, &cp), 1);
	CHECK_INT(cp, 0);
}

static void
test_encode(void)
{
	static const uint32_t cps[] = {0,      0x7F,   0x80,   0x7FF,   0x800,
	                               0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x10FFFF};
	char out[4];
	size_t i, n;
	uint32_t back;

	for (i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
		n = gz_utf8_encode(cps[i], out);
		CHECK(n >= 1 && n <= 4);
		CHECK(gz_utf8_valid(out, n));
		CHECK_INT(gz_utf8_decode(out, n, &back), n);
		CHECK_INT(back, cps[i]);
	}
	CHECK_INT(gz_utf8_encode(0x20AC, out), 3);
	CHECK(memcmp(out, "\xE2\x82\xAC", 3) == 0);
	CHECK_INT(gz_utf8_encode(0xD800, out), 0);
	CHECK_INT(gz_utf8_encode(0xDFFF, out), 0);
	CHECK_INT(gz_utf8_encode(0x110000, out), 0);
	CHECK_INT(gz_utf8_encode(UINT32_MAX, out), 0);
}

static void
test_truncate(void)
{
	/* "a" "é" "中" "😀" = 1 + 2 + 3 + 4 bytes */
	static const char s[] = "a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80";
	size_t n = sizeof(s) - 1;
	static const size_t want[] = {0, 1, 1, 3, 3, 3, 6, 6, 6, 6, 10, 10};
	size_t i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		CHECK_INT(gz_utf8_truncate(s, n, i), want[i]);
	}
	CHECK_INT(gz_utf8_truncate(s, n, SIZE_MAX), n);
	CHECK_INT(gz_utf8_truncate("", 0, 0), 0);
	/* Invalid bytes count as one unit each. */
	CHECK_INT(gz_utf8_truncate("\xFF\xFF\xFF", 3, 2), 2);
	CHECK_INT(gz_utf8_truncate("\x80\x80\xC3\xA9", 4, 3), 2);
	/* A truncated sequence at the end is cut byte by byte. */
	CHECK_INT(gz_utf8_truncate("ab\xE4\xB8", 4, 3), 3);
}

static void
test_long_input(void)
{
	static char big[100000];
	size_t i;

	for (i = 0; i + 3 <= sizeof(big); i += 3) {
		memcpy(big + i, "\xE4\xB8\xAD", 3);
	}
	big[sizeof(big) - 1] = 'x';
	CHECK(gz_utf8_valid(big, sizeof(big)));
	CHECK_INT(gz_utf8_truncate(big, sizeof(big), 50000), 49998);
	big[50000] = '\xFF';
	CHECK(!gz_utf8_valid(big, sizeof(big)));
}

TEST_MAIN(T(test_valid), T(test_valid_bounded), T(test_decode), T(test_encode), T(test_truncate),
          T(test_long_input))
