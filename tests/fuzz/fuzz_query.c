/*
 * Fuzz gz_query_parse.  The first byte picks the pair limit (0..255) so
 * both the limit and the decoding paths are reached; the rest is the
 * query.  Checks that a parsed list keeps the kv contract: strings valid
 * UTF-8, vlen == strlen(val), no more pairs than allowed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/kv.h"
#include "gazette/query.h"
#include "gazette/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gz_arena a;
	struct gz_kvlist l;
	size_t max, i;

	if (size == 0) {
		return 0;
	}
	max = data[0];
	gz_arena_init(&a, 4096, 4 * 1024 * 1024);
	if (gz_query_parse(&a, (const char *)data + 1, size - 1, max, &l) == GZ_OK) {
		if (l.nitems > max) {
			abort();
		}
		for (i = 0; i < l.nitems; i++) {
			const struct gz_kv *kv = &l.items[i];

			if (strlen(kv->val) != kv->vlen || !gz_utf8_valid(kv->val, kv->vlen) ||
			    !gz_utf8_valid(kv->key, strlen(kv->key))) {
				abort();
			}
		}
		(void)gz_kv_get(&l, "a");
		(void)gz_kv_count(&l, "a");
	} else if (l.nitems != 0 || l.items != NULL) {
		abort();
	}
	gz_arena_free(&a);
	return 0;
}
