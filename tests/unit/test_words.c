/*
 * Word counts and word-level diffs (src/core/words.c): what counts as a
 * word in English and in Chinese, the reading time, and diffs whose
 * segments must rebuild both texts exactly, with the boundary cases named:
 * empty texts, equal texts, a change at the start and the end, whitespace
 * joining changes, CJK per character, invalid UTF-8, and the caps.
 */
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/words.h"
#include "test.h"

static struct gz_arena arena;

/* The diff of a to b written as "=same-del+ins" pieces: "[-x][+y]" marks. */
static const char *
diff_str(const char *a, const char *b)
{
	struct gz_words_seg *segs;
	struct gz_buf out;
	size_t n, i;

	if (gz_words_diff(&arena, a, strlen(a), b, strlen(b), &segs, &n) != GZ_OK) {
		return "(error)";
	}
	gz_buf_init(&out, &arena, 1 << 20);
	for (i = 0; i < n; i++) {
		gz_buf_puts(&out, segs[i].op == GZ_WORDS_DEL   ? "[-"
		                  : segs[i].op == GZ_WORDS_INS ? "[+"
		                                               : "");
		gz_buf_append(&out, segs[i].text, segs[i].len);
		gz_buf_puts(&out, segs[i].op == GZ_WORDS_SAME ? "" : "]");
	}
	return gz_buf_str(&out);
}

/* Whether the SAME+DEL segments give a and SAME+INS give b. */
static int
rebuilds(const char *a, size_t na, const char *b, size_t nb)
{
	struct gz_words_seg *segs;
	struct gz_buf x, y;
	size_t n, i;

	if (gz_words_diff(&arena, a, na, b, nb, &segs, &n) != GZ_OK) {
		return 0;
	}
	gz_buf_init(&x, &arena, 1 << 24);
	gz_buf_init(&y, &arena, 1 << 24);
	for (i = 0; i < n; i++) {
		if (segs[i].op != GZ_WORDS_INS) {
			gz_buf_append(&x, segs[i].text, segs[i].len);
		}
		if (segs[i].op != GZ_WORDS_DEL) {
			gz_buf_append(&y, segs[i].text, segs[i].len);
		}
		/* never two neighbours of one kind, never an empty one */
		if (segs[i].len == 0 || (i > 0 && segs[i - 1].op == segs[i].op)) {
			return 0;
		}
	}
	return gz_buf_err(&x) == GZ_OK && gz_buf_err(&y) == GZ_OK && x.len == na && y.len == nb &&
	       (na == 0 || memcmp(x.data, a, na) == 0) && (nb == 0 || memcmp(y.data, b, nb) == 0);
}

static void
test_count_english(void)
{
	struct gz_words_count c;
	const char *s = "The quick brown fox -- jumps over 3 lazy dogs. **Bold** * # —";

	gz_words_count(s, strlen(s), &c);
	/* The quick brown fox jumps over 3 lazy dogs. **Bold**: 10; "--", "*", "#", "—" are not */
	CHECK_INT(c.words, 10);
	CHECK_INT(c.cjk, 0);
	CHECK_INT(c.minutes, 1);
	gz_words_count("", 0, &c);
	CHECK_INT(c.words, 0);
	CHECK_INT(c.minutes, 0);
	gz_words_count("  \n\t ", 5, &c);
	CHECK_INT(c.words, 0);
	CHECK_INT(c.minutes, 0);
	gz_words_count("café naïve", strlen("café naïve"), &c);
	CHECK_INT(c.words, 2);
	gz_words_count("don't stop: 3.5 well-known (x)", 30, &c);
	CHECK_INT(c.words, 5);
}

static void
test_count_cjk(void)
{
	struct gz_words_count c;
	const char *s = "今天天气很好。我们去 Gazette 公园，好吗？";

	gz_words_count(s, strlen(s), &c);
	/* 今天天气很好 (6) 我们去 (3) 公园 (2) 好吗 (2) = 13 CJK + "Gazette" */
	CHECK_INT(c.cjk, 13);
	CHECK_INT(c.words, 14);
	CHECK_INT(c.minutes, 1);
	gz_words_count("ひらがなカタカナ", strlen("ひらがなカタカナ"), &c);
	CHECK_INT(c.cjk, 8);
}

static void
test_count_reading_time(void)
{
	struct gz_words_count c;
	struct gz_buf b;
	int i;

	gz_buf_init(&b, &arena, 1 << 22);
	for (i = 0; i < 230; i++) {
		gz_buf_puts(&b, "word ");
	}
	gz_words_count(gz_buf_str(&b), strlen(gz_buf_str(&b)), &c);
	CHECK_INT(c.words, 230);
	CHECK_INT(c.minutes, 1);
	gz_buf_puts(&b, "one");
	gz_words_count(gz_buf_str(&b), strlen(gz_buf_str(&b)), &c);
	CHECK_INT(c.minutes, 2);
	gz_buf_reset(&b);
	for (i = 0; i < 800; i++) {
		gz_buf_puts(&b, "字");
	}
	gz_words_count(gz_buf_str(&b), strlen(gz_buf_str(&b)), &c);
	CHECK_INT(c.cjk, 800);
	CHECK_INT(c.minutes, 2);
	gz_buf_puts(&b, "字");
	gz_words_count(gz_buf_str(&b), strlen(gz_buf_str(&b)), &c);
	CHECK_INT(c.minutes, 3);
}

static void
test_diff_basic(void)
{
	CHECK_STR(diff_str("", ""), "");
	CHECK_STR(diff_str("same text", "same text"), "same text");
	CHECK_STR(diff_str("", "new words"), "[+new words]");
	CHECK_STR(diff_str("old words", ""), "[-old words]");
	CHECK_STR(diff_str("the quick fox", "the slow fox"), "the [-quick][+slow] fox");
	CHECK_STR(diff_str("a b c", "a c"), "a [-b ]c");
	CHECK_STR(diff_str("a c", "a b c"), "a [+b ]c");
	/* a change at the very start and the very end */
	CHECK_STR(diff_str("one two three", "zero two three"), "[-one][+zero] two three");
	CHECK_STR(diff_str("one two three", "one two four"), "one two [-three][+four]");
}

static void
test_diff_whitespace_joins(void)
{
	/* whitespace between two changed words goes with the change */
	CHECK_STR(diff_str("keep a b c keep", "keep x y z keep"), "keep [-a b c][+x y z] keep");
	/* a kept word between changes stays kept */
	CHECK_STR(diff_str("a same b", "x same y"), "[-a][+x] same [-b][+y]");
	/* a change of whitespace alone */
	CHECK_STR(diff_str("a  b", "a b"), "a[-  ][+ ]b");
}

static void
test_diff_markdown_marks(void)
{
	/* Markdown's marks are tokens of their own: only the word changes */
	CHECK_STR(diff_str("A **desk** test", "A **newsroom** test"),
	          "A **[-desk][+newsroom]** test");
	CHECK_STR(diff_str("[link](/a)", "[link](/b)"), "[link](/[-a][+b])");
	/* inner joiners keep a word whole */
	CHECK_STR(diff_str("don't stop", "don't go"), "don't [-stop][+go]");
	CHECK_STR(diff_str("rose 3.5 per cent", "rose 4.5 per cent"), "rose [-3.5][+4.5] per cent");
}

static void
test_diff_cjk(void)
{
	CHECK_STR(diff_str("今天天气很好", "今天天气不好"), "今天天气[-很][+不]好");
	CHECK_STR(diff_str("我们去公园", "我们去学校"), "我们去[-公园][+学校]");
	CHECK_STR(diff_str("他说：好。", "他说：行。"), "他说：[-好][+行]。");
}

static void
test_diff_rebuilds(void)
{
	static const char *const pairs[][2] = {
	    {"The cat sat on the mat.", "A cat sat on a mat, quietly."},
	    {"line one\nline two\n\nline three", "line one\nline 2\n\nline three\nline four"},
	    {"中文和 English 混合", "中文与 English mixed 混合"},
	    {"x", "y"},
	    {"  lead", "lead  "},
	    {"a b a b a b", "b a b a b a"},
	};
	static const char bad_a[] = "ok \xff\xfe bytes \xc3", bad_b[] = "ok \xfe bytes \xc3\xa9";
	static const char nul_a[] = "a\0b c", nul_b[] = "a\0b d";
	size_t i;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		CHECK(rebuilds(pairs[i][0], strlen(pairs[i][0]), pairs[i][1], strlen(pairs[i][1])));
		CHECK(rebuilds(pairs[i][1], strlen(pairs[i][1]), pairs[i][0], strlen(pairs[i][0])));
	}
	CHECK(rebuilds(bad_a, sizeof(bad_a) - 1, bad_b, sizeof(bad_b) - 1));
	CHECK(rebuilds(nul_a, sizeof(nul_a) - 1, nul_b, sizeof(nul_b) - 1));
}

static void
test_diff_caps(void)
{
	struct gz_words_seg *segs;
	struct gz_buf a, b;
	size_t n;
	int i;

	/* too many edits: every other word changed, far past the cap */
	gz_buf_init(&a, &arena, 1 << 24);
	gz_buf_init(&b, &arena, 1 << 24);
	for (i = 0; i < GZ_WORDS_EDITS_MAX; i++) {
		gz_buf_printf(&a, "a%d keep ", i);
		gz_buf_printf(&b, "b%d keep ", i);
	}
	CHECK_INT(gz_words_diff(&arena, gz_buf_str(&a), strlen(gz_buf_str(&a)), gz_buf_str(&b),
	                        strlen(gz_buf_str(&b)), &segs, &n),
	          GZ_ETOOBIG);
	CHECK(segs == NULL && n == 0);
	/* the same long texts with one change diff fine (start and end set aside) */
	gz_buf_reset(&b);
	gz_buf_puts(&b, gz_buf_str(&a));
	gz_buf_puts(&b, "tail");
	CHECK_INT(gz_words_diff(&arena, gz_buf_str(&a), strlen(gz_buf_str(&a)), gz_buf_str(&b),
	                        strlen(gz_buf_str(&b)), &segs, &n),
	          GZ_OK);
	CHECK_INT(n, 2);
	CHECK(n == 2 && segs[1].op == GZ_WORDS_INS && strcmp(segs[1].text, "tail") == 0);
	/* too many tokens on one side */
	gz_buf_reset(&a);
	for (i = 0; i < GZ_WORDS_TOKENS_MAX / 2 + 1; i++) {
		gz_buf_puts(&a, "w ");
	}
	CHECK_INT(gz_words_diff(&arena, gz_buf_str(&a), strlen(gz_buf_str(&a)), "w", 1, &segs, &n),
	          GZ_ETOOBIG);
	/* just under the edit cap works */
	gz_buf_reset(&a);
	gz_buf_reset(&b);
	for (i = 0; i < GZ_WORDS_EDITS_MAX / 4 - 1; i++) {
		gz_buf_printf(&a, "a%d ", i);
		gz_buf_printf(&b, "b%d ", i);
	}
	CHECK(rebuilds(gz_buf_str(&a), strlen(gz_buf_str(&a)), gz_buf_str(&b),
	               strlen(gz_buf_str(&b))));
}

static void
setup(void)
{
	gz_arena_init(&arena, 4096, 256u << 20);
}

static void
teardown(void)
{
	gz_arena_free(&arena);
}

TEST_MAIN(T(setup), T(test_count_english), T(test_count_cjk), T(test_count_reading_time),
          T(test_diff_basic), T(test_diff_whitespace_joins), T(test_diff_markdown_marks),
          T(test_diff_cjk), T(test_diff_rebuilds), T(test_diff_caps), T(teardown))
