/*
 * Strict UTF-8: validation, decoding one code point, encoding one, and
 * cutting a string on a character boundary.  "Strict" means RFC 3629: no
 * overlong forms, no UTF-16 surrogates (U+D800..U+DFFF), nothing above
 * U+10FFFF, so bytes C0, C1 and F5..FF never appear.
 *
 * This module knows bytes and code points only.  It knows nothing of
 * Unicode properties (letters, case, normalisation); gz_slugify in str.h
 * carries the little of that Gazette needs.  Nothing here allocates and no
 * input needs a NUL terminator: every function reads at most n bytes.
 */
#ifndef GAZETTE_UTF8_H
#define GAZETTE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * 1 when the n bytes at s are entirely well-formed UTF-8, else 0.  An empty
 * string is valid.  NUL bytes are valid UTF-8 (U+0000); callers that must
 * refuse them check separately.
 */
int gz_utf8_valid(const char *s, size_t n);

/*
 * Decode the code point starting at s, reading at most n bytes.  Returns
 * the number of bytes it occupies (1..4) and stores it in *cp, or returns 0
 * (and leaves *cp alone) when n is 0, the sequence is truncated, overlong,
 * a surrogate, above U+10FFFF, or starts with a continuation byte.
 */
size_t gz_utf8_decode(const char *s, size_t n, uint32_t *cp);

/*
 * Write the UTF-8 form of cp into out (no NUL) and return its length
 * (1..4).  Returns 0 and writes nothing when cp is a surrogate or above
 * U+10FFFF.
 */
size_t gz_utf8_encode(uint32_t cp, char out[4]);

/*
 * The largest length <= maxbytes (and <= n) at which s can be cut without
 * splitting a character.  Walks forward from s, so on invalid input each
 * undecodable byte counts as one unit and the result is still <= maxbytes.
 * Returns n when n <= maxbytes.
 */
size_t gz_utf8_truncate(const char *s, size_t n, size_t maxbytes);

#endif
