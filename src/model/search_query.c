/*
 * What a reader typed, made safe for FTS5: the query split into words
 * (gz_search_query_words, shared by the MATCH builder and the snippet
 * maker so both see the same words) and the MATCH expression in which every
 * word is a quoted string, never query syntax.  It knows nothing of the
 * index, SQLite or ranking.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/search.h"
#include "gazette/utf8.h"

/* 1 for characters that separate query words: ASCII blanks and controls
 * and Unicode spaces (U+3000 is what CJK input methods type). */
static int
is_space(uint32_t c)
{
	return c <= 0x20 || c == 0x7F || c == 0x85 || c == 0xA0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
	       c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

/*
 * 1 when c may be part of a word.  An approximation of what the tokenizer
 * keeps: ASCII letters and digits, and any other character outside the
 * common punctuation and symbol blocks.  A word that slips through anyway
 * becomes a phrase with no tokens, which FTS5 ignores.
 */
static int
is_word_char(uint32_t c)
{
	if (c < 0x80) {
		return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
	}
	return !((c <= 0xBF) || c == 0xD7 || c == 0xF7 ||
	         (c >= 0x2000 && c <= 0x2BFF) || /* punctuation, symbols, arrows, math */
	         (c >= 0x3000 && c <= 0x3004) || /* CJK punctuation ... */
	         (c >= 0x3008 && c <= 0x3020) || /* ... brackets and marks */
	         c == 0x3030 || c == 0x303D || c == 0x30FB ||
	         (c >= 0xE000 && c <= 0xF8FF) || /* private use */
	         (c >= 0xFE00 && c <= 0xFE6F) || /* variation selectors, CJK forms */
	         (c >= 0xFF01 && c <= 0xFF0F) || /* fullwidth punctuation */
	         (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
	         (c >= 0xFF5B && c <= 0xFF65) ||
	         (c >= 0x1F000 && c <= 0x1FAFF)); /* emoji and pictographs */
}

/* Same ranges as fts_cjk.c: a script indexed as bigrams. */
static int
is_cjk(uint32_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF) ||
	       (c >= 0x3005 && c <= 0x3007) || (c >= 0x3041 && c <= 0x309F) ||
	       (c >= 0x30A0 && c <= 0x30FF && c != 0x30FB) || (c >= 0x31F0 && c <= 0x31FF) ||
	       (c >= 0xFF66 && c <= 0xFF9F) || (c >= 0x1100 && c <= 0x11FF) ||
	       (c >= 0x3131 && c <= 0x318E) || (c >= 0xAC00 && c <= 0xD7A3);
}

/* Decode the (valid) character at s; n bytes remain. */
static size_t
next_char(const char *s, size_t n, uint32_t *c)
{
	size_t len = gz_utf8_decode(s, n, c);

	assert(len > 0);
	return len;
}

/* Append word w as one FTS5 string. */
static void
put_term(struct gz_buf *b, const struct gz_search_word *w)
{
	size_t i;

	gz_buf_putc(b, '"');
	for (i = 0; i < w->len; i++) {
		/* '"' is ASCII, so it is never part of a longer character. */
		if (w->s[i] == '"') {
			gz_buf_putc(b, '"');
		}
		gz_buf_putc(b, w->s[i]);
	}
	gz_buf_putc(b, '"');
	if (w->prefix) {
		gz_buf_putc(b, '*');
	}
}

enum gz_err
gz_search_query_words(const char *q, struct gz_search_word *words, size_t *nwords)
{
	const char *s, *word;
	uint32_t c;
	size_t n, i, len, start, end;
	int has_word, chars, cjk;

	*nwords = 0;
	if (q == NULL) {
		return GZ_EINVAL;
	}
	n = strlen(q);
	if (!gz_utf8_valid(q, n)) {
		return GZ_EINVAL;
	}
	/* Trim, so the length bound is about what the reader meant to send. */
	for (start = 0; start < n; start += len) {
		len = next_char(q + start, n - start, &c);
		if (!is_space(c)) {
			break;
		}
	}
	for (end = start, i = start; i < n; i += len) {
		len = next_char(q + i, n - i, &c);
		if (!is_space(c)) {
			end = i + len;
		}
	}
	if (end == start) {
		return GZ_EINVAL;
	}
	if (end - start > GZ_SEARCH_Q_MAX) {
		return GZ_ETOOBIG;
	}
	s = q + start;
	n = end - start;
	for (i = 0; i < n;) {
		len = next_char(s + i, n - i, &c);
		if (is_space(c)) {
			i += len;
			continue;
		}
		word = s + i;
		has_word = chars = cjk = 0;
		while (i < n) {
			len = next_char(s + i, n - i, &c);
			if (is_space(c)) {
				break;
			}
			has_word |= is_word_char(c);
			cjk = is_cjk(c);
			chars++;
			i += len;
		}
		if (!has_word) {
			continue;
		}
		if (*nwords == GZ_SEARCH_TERMS_MAX) {
			*nwords = 0;
			return GZ_ETOOBIG;
		}
		words[*nwords].s = word;
		words[*nwords].len = (size_t)(s + i - word);
		/* Documents hold CJK as bigrams; one character is a bigram's prefix. */
		words[*nwords].prefix = chars == 1 && cjk;
		(*nwords)++;
	}
	return *nwords > 0 ? GZ_OK : GZ_EINVAL;
}

enum gz_err
gz_search_query_build(struct gz_arena *a, const char *q, char **match)
{
	struct gz_search_word words[GZ_SEARCH_TERMS_MAX];
	struct gz_buf b;
	enum gz_err rc;
	size_t nwords, i;

	*match = NULL;
	if ((rc = gz_search_query_words(q, words, &nwords)) != GZ_OK) {
		return rc;
	}
	gz_buf_init(&b, a, 0);
	for (i = 0; i < nwords; i++) {
		if (i > 0) {
			gz_buf_putc(&b, ' ');
		}
		put_term(&b, &words[i]);
	}
	if (gz_buf_err(&b) != GZ_OK) {
		return gz_buf_err(&b);
	}
	*match = b.data;
	return GZ_OK;
}
