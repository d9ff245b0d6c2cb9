/*
 * Words of a text, as a writer counts them and as an editor compares two
 * versions: a word count with reading time, and a word-level diff.
 *
 * A text is cut into tokens: a run of whitespace; one Han, kana or CJK
 * punctuation character (Chinese and Japanese put no spaces between
 * words, so each character is one token and one counted "word"); a word
 * of letters and digits (ASCII ones and any character from U+00C0 on but
 * × and ÷ and the punctuation and symbol blocks U+2000..U+2BFF), an inner
 * ' ’ - . or , kept in it ("don't", "3.5", "well-known"); or any other
 * single character ("*", "#", "—"), so Markdown's marks around a word
 * are not part of it.  An invalid UTF-8 byte reads as a letter.
 * The module knows nothing of Markdown, HTML or where the texts come from.
 */
#ifndef GAZETTE_WORDS_H
#define GAZETTE_WORDS_H

#include <stddef.h>

#include "gazette/err.h"

struct gz_arena;

#define GZ_WORDS_TOKENS_MAX 100000 /* tokens per side a diff takes on */
#define GZ_WORDS_EDITS_MAX 600     /* token insertions + deletions a diff takes on */
#define GZ_WORDS_PER_MIN 230       /* reading speed, words of spaced scripts */
#define GZ_WORDS_CJK_PER_MIN 400   /* reading speed, Han and kana characters */

/* What gz_words_count finds in a text. */
struct gz_words_count {
	size_t words;   /* spaced words holding a letter or digit, plus CJK characters */
	size_t cjk;     /* of words: the Han and kana characters */
	size_t minutes; /* reading time rounded up; 0 only for a text without words */
};

/*
 * Count the words of s (n bytes, any bytes): every word token (so "—"
 * or "**" are not words, "**bold**" is one), plus every Han or kana
 * character.  Reading time: words of spaced
 * scripts at GZ_WORDS_PER_MIN, CJK characters at GZ_WORDS_CJK_PER_MIN,
 * summed and rounded up.  static/js/editor.js counts the same way.
 */
void gz_words_count(const char *s, size_t n, struct gz_words_count *out);

/* One piece of a diff. */
enum gz_words_op {
	GZ_WORDS_SAME = 0, /* in both texts */
	GZ_WORDS_DEL,      /* only in the old text */
	GZ_WORDS_INS,      /* only in the new text */
};

struct gz_words_seg {
	enum gz_words_op op; /* which text holds it */
	const char *text;    /* its bytes, NUL-terminated, in the arena */
	size_t len;          /* strlen(text) unless the text holds NUL bytes */
};

/*
 * The word-level difference from old (nold bytes) to new (nnew bytes) as
 * segments in order: concatenating the SAME and DEL texts gives old, the
 * SAME and INS texts give new.  A change comes as its DEL segment then
 * its INS segment; whitespace that separates two changed words joins the
 * change, so "a b" to "x y" reads as one deletion and one insertion.
 * The diff is a shortest edit script over tokens (Myers' O(ND) method)
 * after the common start and end are set aside.
 *
 * Bounded: GZ_ETOOBIG when either text has more than GZ_WORDS_TOKENS_MAX
 * tokens or the texts differ by more than GZ_WORDS_EDITS_MAX token
 * edits (the caller says "too many changes to show word by word").
 * Scratch memory (about GZ_WORDS_EDITS_MAX^2 ints at worst) is malloc'd
 * and freed here; *segs and their texts are in a.  GZ_ENOMEM when either
 * runs out.
 */
enum gz_err gz_words_diff(struct gz_arena *a, const char *old, size_t nold, const char *new,
                          size_t nnew, struct gz_words_seg **segs, size_t *nsegs);

#endif
