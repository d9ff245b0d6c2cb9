/*
 * Percent-encoding (RFC 3986 section 2.1) both ways.  Decoding is strict:
 * every '%' must be followed by two hex digits, the result may hold no NUL
 * and must be valid UTF-8, so what comes out can be used as a C string and
 * shown as text.  Encoding keeps only the unreserved set.
 *
 * This module does not split URLs into parts, resolve dot segments or know
 * about queries; request.c and query.c do that with these primitives.
 */
#ifndef GAZETTE_URL_H
#define GAZETTE_URL_H

#include <stddef.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_buf;

/*
 * Percent-decode the n bytes at s (no NUL terminator needed) into a new
 * NUL-terminated string in the arena: *out, with its length in *outlen.
 * "%XY" (hex digits of either case) becomes the byte 0xXY; when
 * plus_is_space is non-zero a literal '+' becomes ' ' (form encoding), else
 * it stays '+'.  A "%2B" is always '+'.
 *
 * GZ_EINVAL when a '%' is not followed by two hex digits within n bytes,
 * when the result holds a NUL byte (from "%00" or a raw NUL in s), or when
 * the result is not valid UTF-8 (see utf8.h); GZ_ENOMEM when the arena is
 * full.  On error *out is NULL and *outlen 0.
 */
enum gz_err gz_url_decode(struct gz_arena *arena, const char *s, size_t n, int plus_is_space,
                          char **out, size_t *outlen);

/*
 * Append the n bytes at s to b percent-encoded: bytes in the unreserved
 * set A-Z a-z 0-9 - . _ ~ are copied, every other byte becomes "%XY" with
 * upper-case hex (so ' ' is "%20", never '+').  Safe for a query-string
 * key or value and for one path segment.  Errors are sticky in b.
 */
void gz_url_encode(struct gz_buf *b, const char *s, size_t n);

/*
 * gz_url_encode, but '/' is copied too, for a whole path such as
 * "/article/caf\xC3\xA9" -> "/article/caf%C3%A9".  Errors are sticky in b.
 */
void gz_url_encode_path(struct gz_buf *b, const char *s, size_t n);

#endif
