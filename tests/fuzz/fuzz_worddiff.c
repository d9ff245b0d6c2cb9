/*
 * Fuzz the word counter and the word-level diff (src/core/words.c), which
 * the revisions page runs over any two revisions' texts.  The input is
 * split at its first NUL-free 0x01 byte (or in the middle) into the old
 * and the new text.  Checks: the diff either refuses (too big) or gives
 * segments that rebuild both texts byte for byte, with no empty segment
 * and no two neighbours of one kind; a count never has more CJK characters
 * than words, and a text with words takes at least a minute to read.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/words.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Append the segments of kind other than skip to out; returns bytes written. */
static size_t
rebuild(const struct gz_words_seg *segs, size_t n, enum gz_words_op skip, char *out, size_t cap)
{
	size_t i, len = 0;

	for (i = 0; i < n; i++) {
		if (segs[i].op == skip) {
			continue;
		}
		if (segs[i].len > cap - len) {
			abort();
		}
		memcpy(out + len, segs[i].text, segs[i].len);
		len += segs[i].len;
	}
	return len;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *cut = memchr(data, 1, size);
	size_t na = cut ? (size_t)(cut - s) : size / 2, nb = size - na - (cut ? 1 : 0), n, i;
	const char *b = s + na + (cut ? 1 : 0);
	struct gz_words_count cnt;
	struct gz_words_seg *segs;
	struct gz_arena a;
	char *out;
	enum gz_err rc;

	gz_words_count(s, size, &cnt);
	if (cnt.cjk > cnt.words || (cnt.words > 0 && cnt.minutes == 0) ||
	    (cnt.words == 0 && cnt.minutes != 0)) {
		abort();
	}
	if ((out = malloc(size + 1)) == NULL) {
		return 0;
	}
	gz_arena_init(&a, 4096, 64u << 20);
	rc = gz_words_diff(&a, s, na, b, nb, &segs, &n);
	if (rc == GZ_OK) {
		for (i = 0; i < n; i++) {
			if (segs[i].len == 0 || (i > 0 && segs[i - 1].op == segs[i].op) ||
			    segs[i].text[segs[i].len] != '\0') {
				abort();
			}
		}
		if (rebuild(segs, n, GZ_WORDS_INS, out, size) != na || memcmp(out, s, na) != 0 ||
		    rebuild(segs, n, GZ_WORDS_DEL, out, size) != nb || memcmp(out, b, nb) != 0) {
			abort();
		}
	} else if (rc != GZ_ETOOBIG && rc != GZ_ENOMEM) {
		abort();
	}
	gz_arena_free(&a);
	free(out);
	return 0;
}
