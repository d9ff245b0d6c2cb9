/*
 * Ordered list of key/value pairs: query arguments, form fields, cookies,
 * request headers.  Parsers fill it in the request arena; lookups are linear
 * because lists are short and bounded by the parsers' count limits.
 */
#ifndef GAZETTE_KV_H
#define GAZETTE_KV_H

#include <stddef.h>

struct gz_kv {
	const char *key; /* NUL-terminated, valid UTF-8 */
	const char *val; /* NUL-terminated; may hold no NUL inside */
	size_t vlen;     /* strlen(val) */
};

struct gz_kvlist {
	struct gz_kv *items; /* in input order, in the request arena */
	size_t nitems;       /* number of items */
};

/* Value of the first item named key, or NULL. */
const char *gz_kv_get(const struct gz_kvlist *l, const char *key);

/* Value of the first item named key, compared ASCII-case-insensitively. */
const char *gz_kv_getcase(const struct gz_kvlist *l, const char *key);

/* Number of items named key (duplicate detection). */
size_t gz_kv_count(const struct gz_kvlist *l, const char *key);

#endif
