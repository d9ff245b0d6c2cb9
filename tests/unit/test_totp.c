/*
 * TOTP through Gazette's wrapper of liboath (gazette/totp.h): the RFC 6238
 * appendix B test vectors for SHA-1, SHA-256 and SHA-512 at 8 digits, the
 * 6-digit codes Gazette uses, the match window and the replay bound,
 * argument checks, base32 (RFC 4648 section 10 vectors) and the
 * otpauth:// URI.
 */
#include <stdint.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/totp.h"
#include "test.h"

/* The RFC 6238 seeds: "12345678901234567890" repeated to the HMAC's size. */
static const char seed20[] = "12345678901234567890";
static const char seed32[] = "12345678901234567890123456789012";
static const char seed64[] = "1234567890123456789012345678901234567890123456789012345678901234";

static void
test_rfc6238_vectors(void)
{
	static const struct {
		int64_t t;
		const char *sha1, *sha256, *sha512;
	} v[] = {
	    {59, "94287082", "46119246", "90693936"},
	    {1111111109, "07081804", "68084774", "25091201"},
	    {1111111111, "14050471", "67062674", "99943326"},
	    {1234567890, "89005924", "91819424", "93441116"},
	    {2000000000, "69279037", "90698825", "38618901"},
	    {20000000000LL, "65353130", "77737706", "47863826"},
	};
	char out[9];
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		CHECK_INT(gz_totp_code((const unsigned char *)seed20, 20, v[i].t, 30, 8,
		                       GZ_TOTP_SHA1, out),
		          GZ_OK);
		CHECK_STR(out, v[i].sha1);
		CHECK_INT(gz_totp_code((const unsigned char *)seed32, 32, v[i].t, 30, 8,
		                       GZ_TOTP_SHA256, out),
		          GZ_OK);
		CHECK_STR(out, v[i].sha256);
		CHECK_INT(gz_totp_code((const unsigned char *)seed64, 64, v[i].t, 30, 8,
		                       GZ_TOTP_SHA512, out),
		          GZ_OK);
		CHECK_STR(out, v[i].sha512);
	}
	/* Six digits are the last six of the eight (the same truncation). */
	CHECK_INT(gz_totp_code((const unsigned char *)seed20, 20, 59, 30, 6, GZ_TOTP_SHA1, out),
	          GZ_OK);
	CHECK_STR(out, "287082");
	CHECK_INT(
	    gz_totp_code((const unsigned char *)seed20, 20, 1111111109, 30, 6, GZ_TOTP_SHA1, out),
	    GZ_OK);
	CHECK_STR(out, "081804");
}

static void
test_bad_arguments(void)
{
	char out[9] = "x";

	CHECK_INT(gz_totp_code(NULL, 20, 59, 30, 6, GZ_TOTP_SHA1, out), GZ_EINVAL);
	CHECK_STR(out, "");
	CHECK_INT(gz_totp_code((const unsigned char *)seed20, 0, 59, 30, 6, GZ_TOTP_SHA1, out),
	          GZ_EINVAL);
	CHECK_INT(gz_totp_code((const unsigned char *)seed64, 65, 59, 30, 6, GZ_TOTP_SHA1, out),
	          GZ_EINVAL);
	CHECK_INT(gz_totp_code((const unsigned char *)seed20, 20, -1, 30, 6, GZ_TOTP_SHA1, out),
	          GZ_EINVAL);
	CHECK_INT(gz_totp_code((const unsigned char *)seed20, 20, 59, 0, 6, GZ_TOTP_SHA1, out),
	          GZ_EINVAL);
	CHECK_INT(gz_totp_code((const unsigned char *)seed20, 20, 59, 30, 5, GZ_TOTP_SHA1, out),
	          GZ_EINVAL);
	CHECK_INT(gz_totp_code((const unsigned char *)seed20, 20, 59, 30, 9, GZ_TOTP_SHA1, out),
	          GZ_EINVAL);
}

static void
test_match_window_and_replay(void)
{
	const unsigned char *key = (const unsigned char *)seed20;
	int64_t now = 1111111109, step = now / 30; /* 37037036 */
	char cur[9], prev[9], next[9], old[9];

	gz_totp_code(key, 20, now, 30, 6, GZ_TOTP_SHA1, cur);
	gz_totp_code(key, 20, now - 30, 30, 6, GZ_TOTP_SHA1, prev);
	gz_totp_code(key, 20, now + 30, 30, 6, GZ_TOTP_SHA1, next);
	gz_totp_code(key, 20, now - 60, 30, 6, GZ_TOTP_SHA1, old);
	CHECK_INT(gz_totp_match(key, 20, now, cur, 0), step);
	CHECK_INT(gz_totp_match(key, 20, now, prev, 0), step - 1);
	CHECK_INT(gz_totp_match(key, 20, now, next, 0), step + 1);
	/* Two steps away is outside the window. */
	CHECK_INT(gz_totp_match(key, 20, now, old, 0), 0);
	/* Replay: a step at or before the last one used is refused. */
	CHECK_INT(gz_totp_match(key, 20, now, cur, step), 0);
	CHECK_INT(gz_totp_match(key, 20, now, prev, step - 1), 0);
	CHECK_INT(gz_totp_match(key, 20, now, next, step), step + 1);
	/* Shape: exactly six digits. */
	CHECK_INT(gz_totp_match(key, 20, now, "", 0), 0);
	CHECK_INT(gz_totp_match(key, 20, now, "12345", 0), 0);
	CHECK_INT(gz_totp_match(key, 20, now, "1234567", 0), 0);
	CHECK_INT(gz_totp_match(key, 20, now, "08180a", 0), 0);
	CHECK_INT(gz_totp_match(key, 20, now, NULL, 0), 0);
	CHECK_INT(gz_totp_match(key, 20, -5, cur, 0), 0);
}

static void
test_base32_and_uri(void)
{
	static const struct {
		const char *in, *out;
	} v[] = {
	    {"", ""},
	    {"f", "MY"},
	    {"fo", "MZXQ"},
	    {"foo", "MZXW6"},
	    {"foob", "MZXW6YQ"},
	    {"fooba", "MZXW6YTB"},
	    {"foobar", "MZXW6YTBOI"},
	};
	struct gz_arena a;
	size_t i;

	gz_arena_init(&a, 4096, 1 << 20);
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		CHECK_STR(gz_totp_base32(&a, (const unsigned char *)v[i].in, strlen(v[i].in)),
		          v[i].out);
	}
	CHECK_STR(gz_totp_base32(&a, (const unsigned char *)seed20, 20),
	          "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
	CHECK_STR(gz_totp_uri(&a, "Daily News", "ana", "GEZDGNBV"),
	          "otpauth://totp/Daily%20News:ana?secret=GEZDGNBV&issuer=Daily%20News"
	          "&algorithm=SHA1&digits=6&period=30");
	gz_arena_free(&a);
}

TEST_MAIN({"rfc6238 vectors", test_rfc6238_vectors}, {"bad arguments", test_bad_arguments},
          {"match window and replay", test_match_window_and_replay},
          {"base32 and uri", test_base32_and_uri})
