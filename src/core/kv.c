/*
 * Lookups over struct gz_kvlist.  Parsing lives with each format.
 */
#include <strings.h>
#include <string.h>

#include "gazette/kv.h"

const char *
gz_kv_get(const struct gz_kvlist *l, const char *key)
{
	size_t i;

	for (i = 0; i < l->nitems; i++) {
		if (strcmp(l->items[i].key, key) == 0) {
			return l->items[i].val;
		}
	}
	return NULL;
}

const char *
gz_kv_getcase(const struct gz_kvlist *l, const char *key)
{
	size_t i;

	for (i = 0; i < l->nitems; i++) {
		if (strcasecmp(l->items[i].key, key) == 0) {
			return l->items[i].val;
		}
	}
	return NULL;
}

size_t
gz_kv_count(const struct gz_kvlist *l, const char *key)
{
	size_t i, n = 0;

	for (i = 0; i < l->nitems; i++) {
		if (strcmp(l->items[i].key, key) == 0) {
			n++;
		}
	}
	return n;
}
