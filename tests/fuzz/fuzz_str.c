/*
 * Fuzz the string helpers that take outside text: gz_slugify (title from
 * an admin form), gz_str_to_long (numbers from queries and the command
 * line), gz_str_trim and the UTF-8 functions.  The first byte is the slug
 * length limit.  Checks: a slug is valid UTF-8, within the limit, without
 * leading, trailing or doubled '-', and ASCII-lowercase; a parsed integer
 * lies within its bounds; truncation never splits a character of valid
 * input.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/str.h"
#include "gazette/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gz_arena a;
	struct gz_span sp;
	char *s, *slug;
	size_t max, len, cut;
	long v;

	if (size == 0 || (s = malloc(size)) == NULL) {
		return 0;
	}
	max = data[0];
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	gz_arena_init(&a, 4096, 1024 * 1024);
	if (gz_slugify(&a, s, max, &slug) == GZ_OK) {
		len = strlen(slug);
		if (len > max || !gz_utf8_valid(slug, len) || strstr(slug, "--") != NULL ||
		    (len > 0 && (slug[0] == '-' || slug[len - 1] == '-'))) {
			abort();
		}
		for (cut = 0; cut < len; cut++) {
			if (slug[cut] >= 'A' && slug[cut] <= 'Z') {
				abort();
			}
		}
	}
	if (gz_str_to_long(s, -1000, 1000, &v) == GZ_OK && (v < -1000 || v > 1000)) {
		abort();
	}
	(void)gz_str_to_long(s, LONG_MIN, LONG_MAX, &v);
	sp = gz_str_trim((const char *)data, size);
	if (sp.p < (const char *)data || sp.p + sp.n > (const char *)data + size) {
		abort();
	}
	cut = gz_utf8_truncate((const char *)data, size, max);
	if (cut > max || cut > size ||
	    (gz_utf8_valid((const char *)data, size) && !gz_utf8_valid((const char *)data, cut))) {
		abort();
	}
	gz_arena_free(&a);
	free(s);
	return 0;
}
