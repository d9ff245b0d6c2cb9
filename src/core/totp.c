/*
 * RFC 6238 codes through liboath (gazette/totp.h), plus base32 and the
 * otpauth:// URI.  liboath does the HMAC and the dynamic truncation; this
 * file checks arguments, fixes Gazette's parameters, compares codes in
 * constant time and does the replay arithmetic on steps.  It keeps no
 * state and knows nothing of users or storage.
 */
#include <pthread.h>
#include <string.h>

#include <liboath/oath.h>
#include <sodium.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/totp.h"
#include "gazette/url.h"

static pthread_once_t oath_once = PTHREAD_ONCE_INIT; /* runs init_oath once */
static int oath_ok;                                  /* 1 once oath_init succeeded */

static void
init_oath(void)
{
	oath_ok = oath_init() == OATH_OK;
}

/* 1 when liboath is initialised (once per process, from whichever thread comes first). */
static int
oath_ready(void)
{
	(void)pthread_once(&oath_once, init_oath);
	return oath_ok;
}

enum gz_err
gz_totp_code(const unsigned char *key, size_t keylen, int64_t t, unsigned step, unsigned digits,
             enum gz_totp_alg alg, char out[9])
{
	int flags = 0;

	out[0] = '\0';
	if (key == NULL || keylen == 0 || keylen > GZ_TOTP_KEY_MAX || t < 0 || step == 0 ||
	    digits < 6 || digits > 8 || !oath_ready()) {
		return GZ_EINVAL;
	}
	if (alg == GZ_TOTP_SHA256) {
		flags = OATH_TOTP_HMAC_SHA256;
	} else if (alg == GZ_TOTP_SHA512) {
		flags = OATH_TOTP_HMAC_SHA512;
	}
	if (oath_totp_generate2((const char *)key, keylen, (time_t)t, step, 0, digits, flags,
	                        out) != OATH_OK) {
		out[0] = '\0';
		return GZ_EINVAL;
	}
	return GZ_OK;
}

int64_t
gz_totp_match(const unsigned char *key, size_t keylen, int64_t now, const char *code, int64_t after)
{
	char want[9];
	int64_t cur, s, found = 0;

	if (code == NULL || strlen(code) != GZ_TOTP_DIGITS ||
	    strspn(code, "0123456789") != GZ_TOTP_DIGITS || now < 0) {
		return 0;
	}
	cur = now / GZ_TOTP_STEP;
	/* Every step is computed and compared, so timing does not say which matched. */
	for (s = cur - GZ_TOTP_WINDOW; s <= cur + GZ_TOTP_WINDOW; s++) {
		if (s <= 0 || gz_totp_code(key, keylen, s * GZ_TOTP_STEP, GZ_TOTP_STEP,
		                           GZ_TOTP_DIGITS, GZ_TOTP_SHA1, want) != GZ_OK) {
			continue;
		}
		if (sodium_memcmp(want, code, GZ_TOTP_DIGITS) == 0 && s > after && found == 0) {
			found = s;
		}
	}
	sodium_memzero(want, sizeof(want));
	return found;
}

char *
gz_totp_base32(struct gz_arena *arena, const unsigned char *key, size_t n)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	size_t i, bits = 0, o = 0, cap = (n * 8 + 4) / 5;
	unsigned acc = 0;
	char *out = gz_arena_alloc(arena, cap + 1);

	if (out == NULL) {
		return NULL;
	}
	for (i = 0; i < n; i++) {
		acc = (acc << 8) | key[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = alphabet[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
		acc &= (1u << bits) - 1;
	}
	if (bits > 0) {
		out[o++] = alphabet[(acc << (5 - bits)) & 31];
	}
	out[o] = '\0';
	return out;
}

char *
gz_totp_uri(struct gz_arena *arena, const char *issuer, const char *account, const char *base32)
{
	struct gz_buf b;

	gz_buf_init(&b, arena, 4096);
	gz_buf_puts(&b, "otpauth://totp/");
	gz_url_encode(&b, issuer, strlen(issuer));
	gz_buf_puts(&b, ":");
	gz_url_encode(&b, account, strlen(account));
	gz_buf_puts(&b, "?secret=");
	gz_buf_puts(&b, base32);
	gz_buf_puts(&b, "&issuer=");
	gz_url_encode(&b, issuer, strlen(issuer));
	gz_buf_puts(&b, "&algorithm=SHA1&digits=6&period=30");
	if (gz_buf_err(&b) != GZ_OK) {
		return NULL;
	}
	return (char *)gz_buf_str(&b);
}
