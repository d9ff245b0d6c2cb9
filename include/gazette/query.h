/*
 * application/x-www-form-urlencoded parsing, for query strings and for
 * urlencoded POST bodies alike (WHATWG URL standard, "urlencoded parser",
 * made strict): pairs separated by '&', key and value split at the first
 * '=', '+' meaning space, both sides percent-decoded by gz_url_decode.
 *
 * It does not know which fields a form declares, nor which limits suit
 * which request: the caller passes the byte length and the pair count it
 * accepts, and validates fields afterwards.
 */
#ifndef GAZETTE_QUERY_H
#define GAZETTE_QUERY_H

#include <stddef.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_kvlist;

/*
 * Absolute ceiling on the bytes gz_query_parse accepts, whatever the
 * caller.  Callers enforce tighter limits themselves before calling:
 * request.c refuses urlencoded bodies over GZ_FORM_MAX (64 KiB) with 413
 * and targets over GZ_TARGET_MAX.
 */
#define GZ_QUERY_MAX_INPUT (1024 * 1024)

/*
 * Parse the n bytes at s (no NUL terminator needed; a leading '?' is not
 * stripped) into out, whose items and strings live in the arena.
 *
 * Segments are split on '&'; empty segments ("a=1&&b=2", a trailing '&')
 * are skipped.  A segment without '=' is a key with the empty value; the
 * value runs from the first '=' to the end of the segment and may hold
 * more '='.  An empty key ("=x") is kept as "".  Keys and values are
 * decoded with gz_url_decode(plus_is_space = 1).  Duplicates are kept in
 * input order: gz_kv_get finds the first, gz_kv_count lets a caller refuse
 * repeats.
 *
 * GZ_ETOOBIG when n exceeds GZ_QUERY_MAX_INPUT or there are more than
 * max_pairs non-empty segments (checked before anything is decoded);
 * GZ_EINVAL when any key or value has a bad escape, a NUL or invalid UTF-8
 * (the whole input is refused, not just the pair); GZ_ENOMEM when the
 * arena is full.  On any error out is left empty (NULL, 0).
 */
enum gz_err gz_query_parse(struct gz_arena *arena, const char *s, size_t n, size_t max_pairs,
                           struct gz_kvlist *out);

#endif
