/*
 * Small string helpers the parsers and handlers share: ASCII case-folded
 * comparison, prefixes, trimming to a span, strict integer parsing, control
 * character checks and slugs for URLs.
 *
 * Case folding here is ASCII only, as HTTP's is; no locale is consulted.
 * gz_slugify knows a few Unicode blocks (Latin-1, Greek, Cyrillic case,
 * common punctuation) and nothing else of Unicode.
 */
#ifndef GAZETTE_STR_H
#define GAZETTE_STR_H

#include <stddef.h>

#include "gazette/err.h"

struct gz_arena;

/* A run of bytes inside some other string; not NUL-terminated. */
struct gz_span {
	const char *p; /* first byte */
	size_t n;      /* number of bytes */
};

/* Flags for gz_str_has_ctl: which controls are allowed. */
#define GZ_CTL_ALLOW_TAB 0x1  /* HT (0x09) is not counted */
#define GZ_CTL_ALLOW_CRLF 0x2 /* CR (0x0D) and LF (0x0A) are not counted */

/* 1 when the NUL-terminated a and b are equal ignoring ASCII case. */
int gz_str_eq_case(const char *a, const char *b);

/* The value of the hex digit c (0-9, a-f, A-F), or -1. */
int gz_str_hexval(int c);

/* 1 when the NUL-terminated s starts with prefix (case-sensitive). */
int gz_str_has_prefix(const char *s, const char *prefix);

/* 1 when s starts with prefix, comparing ASCII case-insensitively. */
int gz_str_has_prefix_case(const char *s, const char *prefix);

/*
 * The n bytes at s without leading and trailing ASCII whitespace (SP, HT,
 * CR, LF, VT, FF).  The span points into s; nothing is copied.  An
 * all-whitespace input gives an empty span at its end.
 */
struct gz_span gz_str_trim(const char *s, size_t n);

/*
 * Parse the NUL-terminated s as a decimal integer: an optional '-' and one
 * or more ASCII digits, nothing else (no '+', no whitespace, no trailing
 * text, no base prefix).  GZ_EINVAL for a syntax error, GZ_ETOOBIG when the
 * value overflows long or lies outside [min, max].  *out is written only
 * on GZ_OK.
 */
enum gz_err gz_str_to_long(const char *s, long min, long max, long *out);

/*
 * 1 when the n bytes at s hold an ASCII control character: 0x00..0x1F or
 * DEL (0x7F), except those the GZ_CTL_ALLOW_* flags permit.  NUL always
 * counts.  Bytes >= 0x80 are not controls here (C1 controls in UTF-8 are
 * two bytes and are left to the caller).
 */
int gz_str_has_ctl(const char *s, size_t n, unsigned flags);

/*
 * Make a URL slug from the NUL-terminated title, in the arena (*out).
 * ASCII letters are lowercased and kept, digits kept; every run of other
 * ASCII characters, of invalid UTF-8 bytes and of common non-ASCII
 * punctuation and symbols (Latin-1 punctuation, U+2000..U+206F, CJK and
 * fullwidth punctuation, emoji, ...) becomes one '-'.  Other non-ASCII
 * characters are kept as UTF-8 (URLs percent-encode them), lowercased when
 * they are Latin-1, Greek or basic Cyrillic capitals.  No leading or
 * trailing '-'.  The result is at most maxlen bytes, cut on a character
 * boundary, and never ends in '-' after the cut.
 *
 * The result may be empty ("" for "!!!" or maxlen 0); the caller decides
 * what to use then (a fallback word, an id).  GZ_ENOMEM when the arena is
 * full; *out is then NULL.
 */
enum gz_err gz_slugify(struct gz_arena *arena, const char *title, size_t maxlen, char **out);

#endif
