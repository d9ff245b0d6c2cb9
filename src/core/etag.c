/*
 * If-None-Match matching (etag.h).  A pure function over two strings: it
 * knows nothing of where the tags come from or what a match leads to.
 */
#include <string.h>

#include "gazette/etag.h"

/* Skip blanks (SP, HTAB). */
static const char *
blanks(const char *p)
{
	while (*p == ' ' || *p == '\t') {
		p++;
	}
	return p;
}

/* The opaque part of an entity-tag at p ("\"...\"" after an optional W/),
 * its length in *n; NULL when p holds none. */
static const char *
opaque(const char *p, size_t *n)
{
	const char *q;

	if (strncmp(p, "W/", 2) == 0) {
		p += 2;
	}
	if (*p != '"' || (q = strchr(p + 1, '"')) == NULL) {
		return NULL;
	}
	*n = (size_t)(q - p) + 1;
	return p;
}

int
gz_etag_match(const char *list, const char *etag)
{
	const char *want, *p = blanks(list), *tag;
	size_t nwant, n;

	if (*p == '*' && *blanks(p + 1) == '\0') {
		return 1;
	}
	if ((want = opaque(etag, &nwant)) == NULL) {
		return 0;
	}
	while (*p != '\0') {
		p = blanks(p);
		if ((tag = opaque(p, &n)) != NULL) {
			if (n == nwant && memcmp(tag, want, n) == 0) {
				return 1;
			}
			p = tag + n;
		}
		/* On to the next member, past anything malformed. */
		while (*p != '\0' && *p != ',') {
			p++;
		}
		while (*p == ',') {
			p++;
		}
	}
	return 0;
}
