/*
 * Time-based one-time passwords (RFC 6238) over liboath, and the text
 * forms a secret is shown in: base32 (RFC 4648, no padding) and an
 * otpauth:// URI for authenticator apps.  Gazette's own second factor uses
 * SHA-1, 30-second steps and 6 digits, what every authenticator app
 * understands; SHA-256/512 and 8 digits are here for the RFC's test
 * vectors.  It knows nothing of users, storage or replay: the model
 * (gazette/mfa.h) remembers the last step used.
 */
#ifndef GAZETTE_TOTP_H
#define GAZETTE_TOTP_H

#include <stddef.h>
#include <stdint.h>

#include "gazette/err.h"

struct gz_arena;

#define GZ_TOTP_STEP 30         /* seconds per time step */
#define GZ_TOTP_DIGITS 6        /* digits in Gazette's codes */
#define GZ_TOTP_SECRET_BYTES 20 /* random bytes in a secret (160 bits, RFC 4226) */
#define GZ_TOTP_KEY_MAX 64      /* bytes of a key gz_totp_code accepts */
#define GZ_TOTP_WINDOW 1        /* steps either side of now a code may be from */

/* The HMAC a code is made with. */
enum gz_totp_alg {
	GZ_TOTP_SHA1 = 0,
	GZ_TOTP_SHA256,
	GZ_TOTP_SHA512,
};

/*
 * The code for time t (Unix seconds, >= 0) from key (1..GZ_TOTP_KEY_MAX
 * bytes): step floor(t / step), digits 6..8, as decimal with leading
 * zeros into out (at least 9 bytes).  GZ_OK, or GZ_EINVAL for bad
 * arguments (out then "").
 */
enum gz_err gz_totp_code(const unsigned char *key, size_t keylen, int64_t t, unsigned step,
                         unsigned digits, enum gz_totp_alg alg, char out[9]);

/*
 * Check code (exactly GZ_TOTP_DIGITS ASCII digits, else no match) against
 * key at now with Gazette's parameters (SHA-1, GZ_TOTP_STEP), for the
 * steps now-GZ_TOTP_WINDOW..now+GZ_TOTP_WINDOW that are greater than
 * after (the newest step already used; 0 when none).  Returns the
 * matching step (> 0), or 0 when none matches.  Comparison is in constant
 * time per step.
 */
int64_t gz_totp_match(const unsigned char *key, size_t keylen, int64_t now, const char *code,
                      int64_t after);

/*
 * key (n bytes) as unpadded upper-case base32 (RFC 4648), in arena; NULL
 * when out of memory.  20 bytes give 32 characters.
 */
char *gz_totp_base32(struct gz_arena *arena, const unsigned char *key, size_t n);

/*
 * The otpauth:// URI an authenticator app takes (Key Uri Format):
 * otpauth://totp/ISSUER:ACCOUNT?secret=B32&issuer=ISSUER&algorithm=SHA1&digits=6&period=30,
 * issuer and account percent-encoded; in arena, NULL when out of memory.
 */
char *gz_totp_uri(struct gz_arena *arena, const char *issuer, const char *account,
                  const char *base32);

#endif
