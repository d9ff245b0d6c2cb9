/*
 * What a reader typed, made safe for FTS5: the query split into words and
 * quoted phrases (gz_search_query_words, shared by the MATCH builder and
 * the snippet maker so both see the same terms) and the MATCH expression
 * in which every term is a quoted string, never query syntax.  It knows
 * which characters the tokenizer indexes as CJK bigrams (the same ranges
 * as fts_cjk.c), because a phrase's spaces and a lone CJK character need
 * care there, but nothing of the index, SQLite or ranking.
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

/*
 * 1 for the quote marks that open and close a phrase: ASCII '"', the
 * typographic pairs that phones substitute and CJK input methods type
 * (“ ” „ and the corner brackets 「 」 『 』).  Any of them closes a
 * phrase any of them opened: readers mix them ("like this”).
 */
static int
is_quote(uint32_t c)
{
	return c == '"' || c == 0x201C || c == 0x201D || c == 0x201E || c == 0x300C ||
	       c == 0x300D || c == 0x300E || c == 0x300F;
}

/*
 * The prefix rule on the n bytes at s (valid UTF-8): 1 when the last
 * character that is part of a word is CJK and the character before it is
 * not (a CJK run of one: the index holds it only as the start of the
 * bigram it begins, or alone when the text's run is one character too).
 */
static int
ends_in_lone_cjk(const char *s, size_t n)
{
	uint32_t c;
	size_t i, len;
	int run = 0, prev_cjk = 0, last_cjk = 0;

	for (i = 0; i < n; i += len) {
		len = next_char(s + i, n - i, &c);
		if (is_cjk(c)) {
			run = prev_cjk ? run + 1 : 1;
			last_cjk = prev_cjk = 1;
			continue;
		}
		prev_cjk = 0;
		if (is_word_char(c)) {
			last_cjk = 0;
		}
	}
	return last_cjk && run == 1;
}

/* 1 when the n bytes at s hold a letter or digit. */
static int
has_word_char(const char *s, size_t n)
{
	uint32_t c;
	size_t i, len;

	for (i = 0; i < n; i += len) {
		len = next_char(s + i, n - i, &c);
		if (is_word_char(c)) {
			return 1;
		}
	}
	return 0;
}

/*
 * Add the term of n bytes at s (valid UTF-8) to t unless it has no letter
 * or digit.  GZ_ETOOBIG when t is full.
 */
static enum gz_err
add_term(struct gz_search_terms *t, const char *s, size_t n, int phrase)
{
	struct gz_search_word *w;

	if (n == 0 || !has_word_char(s, n)) {
		return GZ_OK;
	}
	if (t->nwords == GZ_SEARCH_TERMS_MAX) {
		return GZ_ETOOBIG;
	}
	w = &t->words[t->nwords++];
	w->s = s;
	w->len = n;
	w->phrase = phrase;
	w->prefix = ends_in_lone_cjk(s, n);
	return GZ_OK;
}

/*
 * Copy the phrase of n bytes at s into t->buf at *used, blanks tidied:
 * none at either end, none between two CJK characters, one space for any
 * other run; then add it as a term.  t->buf has room for the whole query,
 * and a phrase never grows, so the copy always fits.
 */
static enum gz_err
add_phrase(struct gz_search_terms *t, size_t *used, const char *s, size_t n)
{
	char *out = t->buf + *used, *p = out;
	uint32_t c;
	size_t i, len;
	int blanks = 0, prev_cjk = 0;

	for (i = 0; i < n; i += len) {
		len = next_char(s + i, n - i, &c);
		if (is_space(c)) {
			blanks = p > out;
			continue;
		}
		if (blanks && !(prev_cjk && is_cjk(c))) {
			*p++ = ' ';
		}
		blanks = 0;
		memcpy(p, s + i, len);
		p += len;
		prev_cjk = is_cjk(c);
	}
	assert((size_t)(p - t->buf) <= GZ_SEARCH_Q_MAX);
	*used = (size_t)(p - t->buf);
	return add_term(t, out, (size_t)(p - out), 1);
}

enum gz_err
gz_search_query_words(const char *q, struct gz_search_terms *t)
{
	const char *s;
	uint32_t c;
	size_t n, i, len, start, end, word = 0, used = 0;
	enum gz_err rc = GZ_OK;
	int in_word = 0, in_phrase = 0;

	t->nwords = 0;
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
	for (i = 0; i < n && rc == GZ_OK; i += len) {
		len = next_char(s + i, n - i, &c);
		if (in_phrase) {
			if (is_quote(c)) {
				rc = add_phrase(t, &used, s + word, i - word);
				in_phrase = 0;
			}
		} else if (is_quote(c) || is_space(c)) {
			if (in_word) {
				rc = add_term(t, s + word, i - word, 0);
				in_word = 0;
			}
			if (is_quote(c)) {
				in_phrase = 1;
				word = i + len;
			}
		} else if (!in_word) {
			in_word = 1;
			word = i;
		}
	}
	/* What is left: the last word, or a phrase never closed. */
	if (rc == GZ_OK && in_word) {
		rc = add_term(t, s + word, n - word, 0);
	} else if (rc == GZ_OK && in_phrase) {
		rc = add_phrase(t, &used, s + word, n - word);
	}
	if (rc != GZ_OK) {
		t->nwords = 0;
		return rc;
	}
	return t->nwords > 0 ? GZ_OK : GZ_EINVAL;
}

/* Append term w as one FTS5 string. */
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
gz_search_query_build(struct gz_arena *a, const char *q, char **match)
{
	struct gz_search_terms t;
	struct gz_buf b;
	enum gz_err rc;
	size_t i;

	*match = NULL;
	if ((rc = gz_search_query_words(q, &t)) != GZ_OK) {
		return rc;
	}
	gz_buf_init(&b, a, 0);
	for (i = 0; i < t.nwords; i++) {
		if (i > 0) {
			gz_buf_putc(&b, ' ');
		}
		put_term(&b, &t.words[i]);
	}
	if (gz_buf_err(&b) != GZ_OK) {
		return gz_buf_err(&b);
	}
	*match = b.data;
	return GZ_OK;
}
