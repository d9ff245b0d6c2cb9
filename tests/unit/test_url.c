/*
 * Percent-decoding: plain and '+' handling, truncated and non-hex escapes,
 * NUL from "%00" and raw, invalid UTF-8 produced by escapes, bounds (input
 * not NUL-terminated), long input; encoding of the unreserved set, '/',
 * UTF-8 and controls.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/url.h"
#include "test.h"

struct dec_case {
	const char *in;
	size_t n;
	int plus;
	enum gz_err want;
	const char *out;
	size_t outlen;
};

#define S(lit) lit, sizeof(lit) - 1

static const struct dec_case dec_cases[] = {
    {S(""), 0, GZ_OK, "", 0},
    {S("abc"), 0, GZ_OK, "abc", 3},
    {S("a%20b"), 0, GZ_OK, "a b", 3},
    {S("a+b"), 0, GZ_OK, "a+b", 3},
    {S("a+b"), 1, GZ_OK, "a b", 3},
    {S("a%2Bb"), 1, GZ_OK, "a+b", 3},
    {S("%2f%2F"), 0, GZ_OK, "//", 2},
    {S("caf%C3%A9"), 0, GZ_OK, "caf\xC3\xA9", 5},
    {S("caf\xC3\xA9"), 0, GZ_OK, "caf\xC3\xA9", 5},
    {S("%E4%B8%AD"), 0, GZ_OK, "\xE4\xB8\xAD", 3},
    {S("%0D%0A"), 1, GZ_OK, "\r\n", 2},
    {S("100%25"), 0, GZ_OK, "100%", 4},
    {S("%"), 0, GZ_EINVAL, NULL, 0},
    {S("%4"), 0, GZ_EINVAL, NULL, 0},
    {S("abc%"), 0, GZ_EINVAL, NULL, 0},
    {S("abc%4"), 0, GZ_EINVAL, NULL, 0},
    {S("%zz"), 0, GZ_EINVAL, NULL, 0},
    {S("%4g"), 0, GZ_EINVAL, NULL, 0},
    {S("%g4"), 0, GZ_EINVAL, NULL, 0},
    {S("% 41"), 0, GZ_EINVAL, NULL, 0},
    {S("%-1"), 0, GZ_EINVAL, NULL, 0},
    {S("%00"), 0, GZ_EINVAL, NULL, 0},
    {S("a%00b"), 1, GZ_EINVAL, NULL, 0},
    {S("a\0b"), 0, GZ_EINVAL, NULL, 0},
    {S("%C0%80"), 0, GZ_EINVAL, NULL, 0},       /* overlong NUL */
    {S("%C0%AF"), 0, GZ_EINVAL, NULL, 0},       /* overlong '/' */
    {S("%ED%A0%80"), 0, GZ_EINVAL, NULL, 0},    /* surrogate */
    {S("%F5%80%80%80"), 0, GZ_EINVAL, NULL, 0}, /* beyond U+10FFFF */
    {S("%FF"), 0, GZ_EINVAL, NULL, 0},
    {S("%C3"), 0, GZ_EINVAL, NULL, 0},          /* truncated sequence */
    {S("\xC0\x80"), 0, GZ_EINVAL, NULL, 0},     /* raw overlong */
    {S("\xED\xA0\x80"), 0, GZ_EINVAL, NULL, 0}, /* raw surrogate */
};

static void
test_decode_table(void)
{
	struct gz_arena a;
	size_t i, outlen;
	char *out;

	gz_arena_init(&a, 0, 1 << 20);
	for (i = 0; i < sizeof(dec_cases) / sizeof(dec_cases[0]); i++) {
		const struct dec_case *c = &dec_cases[i];
		enum gz_err rc;

		out = (char *)"junk";
		outlen = 99;
		rc = gz_url_decode(&a, c->in, c->n, c->plus, &out, &outlen);
		if (rc != c->want) {
			fprintf(stderr, "decode case %zu \"%s\"\n", i, c->in);
		}
		CHECK_INT(rc, c->want);
		CHECK_INT(outlen, c->outlen);
		if (c->out == NULL) {
			CHECK(out == NULL);
		} else {
			CHECK_STR(out, c->out);
		}
	}
	gz_arena_free(&a);
}

static void
test_decode_bounds(void)
{
	struct gz_arena a;
	size_t outlen;
	char *out;
	char in[4] = {'a', '%', '4', '1'};

	gz_arena_init(&a, 0, 1 << 20);
	/* n cuts "%41" after "%4": truncated even though '1' follows. */
	CHECK_INT(gz_url_decode(&a, in, 3, 0, &out, &outlen), GZ_EINVAL);
	CHECK_INT(gz_url_decode(&a, in, 4, 0, &out, &outlen), GZ_OK);
	CHECK_STR(out, "aA");
	CHECK_INT(gz_url_decode(&a, NULL, 0, 0, &out, &outlen), GZ_OK);
	CHECK_STR(out, "");
	gz_arena_free(&a);

	/* Arena cap reached. */
	gz_arena_init(&a, 0, 16);
	CHECK_INT(gz_url_decode(&a, "0123456789abcdefghij", 20, 0, &out, &outlen), GZ_ENOMEM);
	CHECK(out == NULL);
	gz_arena_free(&a);
}

static void
test_decode_long(void)
{
	static char big[300000];
	struct gz_arena a;
	size_t i, outlen;
	char *out;

	for (i = 0; i + 3 <= sizeof(big); i += 3) {
		memcpy(big + i, "%41", 3);
	}
	gz_arena_init(&a, 0, 1 << 20);
	CHECK_INT(gz_url_decode(&a, big, sizeof(big), 0, &out, &outlen), GZ_OK);
	CHECK_INT(outlen, sizeof(big) / 3);
	CHECK(out[0] == 'A' && out[outlen - 1] == 'A' && out[outlen] == '\0');
	big[sizeof(big) - 1] = 'z';
	CHECK_INT(gz_url_decode(&a, big, sizeof(big), 0, &out, &outlen), GZ_EINVAL);
	gz_arena_free(&a);
}

static void
test_encode(void)
{
	struct gz_buf b;
	struct gz_arena a;
	size_t outlen;
	char *out;
	static const char all[] = "AZaz09-._~ /?#&=+%\"<>\xC3\xA9\r\n";

	gz_arena_init(&a, 0, 1 << 20);
	gz_buf_init(&b, &a, 0);
	gz_url_encode(&b, all, sizeof(all) - 1);
	CHECK_STR(gz_buf_str(&b), "AZaz09-._~%20%2F%3F%23%26%3D%2B%25%22%3C%3E%C3%A9%0D%0A");
	CHECK_INT(gz_buf_err(&b), GZ_OK);
	/* Round trip, with and without '+' handling. */
	CHECK_INT(gz_url_decode(&a, gz_buf_str(&b), b.len, 1, &out, &outlen), GZ_OK);
	CHECK_STR(out, all);
	gz_buf_reset(&b);
	gz_url_encode_path(&b, "/article/caf\xC3\xA9 au lait", 22);
	CHECK_STR(gz_buf_str(&b), "/article/caf%C3%A9%20au%20lait");
	gz_buf_reset(&b);
	gz_url_encode(&b, "a\0b", 3);
	CHECK_STR(gz_buf_str(&b), "a%00b");
	gz_buf_reset(&b);
	gz_url_encode(&b, "", 0);
	CHECK_STR(gz_buf_str(&b), "");
	gz_arena_free(&a);

	/* The buffer cap becomes a sticky error. */
	gz_buf_init(&b, NULL, 8);
	gz_url_encode(&b, "\xFF\xFF\xFF\xFF", 4);
	CHECK_INT(gz_buf_err(&b), GZ_ETOOBIG);
	gz_buf_free(&b);
}

TEST_MAIN(T(test_decode_table), T(test_decode_bounds), T(test_decode_long), T(test_encode))
