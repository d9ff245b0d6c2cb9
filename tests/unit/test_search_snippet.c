/*
 * The snippet maker (search_snippet.h) on its own, over an in-memory
 * connection that only has the search tokenizer: the window and its
 * ellipses, the choice among windows, CJK phrases and prefixes, English
 * word forms, texts of exactly one window, hostile and broken text, the
 * scan bounds, and refused queries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/search.h"
#include "gazette/search_fts.h"
#include "gazette/search_snippet.h"
#include "gazette/utf8.h"
#include "test.h"

static struct gz_arena arena;
static sqlite3 *db;
static int last_matched; /* *matched of the latest snip() */

static void
test_setup(void)
{
	gz_arena_init(&arena, 4096, 0);
	CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
	CHECK_INT(gz_search_register(db), SQLITE_OK);
}

/* The snippet of text[0..n) for q, or "ERR <reason>". */
static const char *
snipn(const char *q, const char *text, size_t n)
{
	struct gz_search_snippet *sn;
	const char *out;
	enum gz_err rc;

	last_matched = -1;
	if ((rc = gz_search_snippet_new(db, q, &sn)) != GZ_OK) {
		return gz_arena_printf(&arena, "ERR %s", gz_strerror(rc));
	}
	rc = gz_search_snippet_make(sn, &arena, text, n, &out, &last_matched);
	gz_search_snippet_free(sn);
	if (rc != GZ_OK) {
		return gz_arena_printf(&arena, "ERR %s", gz_strerror(rc));
	}
	CHECK(gz_utf8_valid(out, strlen(out)));
	return out;
}

static const char *
snip(const char *q, const char *text)
{
	return snipn(q, text, strlen(text));
}

/* "w0 w1 ... w(n-1)" with word k replaced by what[k] where given. */
static const char *
words(int n, const char *const *what, int nwhat)
{
	struct gz_buf b;
	int k;

	gz_buf_init(&b, &arena, 0);
	gz_buf_puts(&b, "");
	for (k = 0; k < n; k++) {
		if (k < nwhat && what[k] != NULL) {
			gz_buf_printf(&b, "%s%s", k ? " " : "", what[k]);
		} else {
			gz_buf_printf(&b, "%sw%d", k ? " " : "", k);
		}
	}
	return gz_buf_str(&b);
}

/* The expected window: words first..last of words(), match at m marked. */
static const char *
expect(int first, int last, int n, int m, const char *mword)
{
	struct gz_buf b;
	int k;

	gz_buf_init(&b, &arena, 0);
	gz_buf_puts(&b, first > 0 ? "…" : "");
	for (k = first; k <= last; k++) {
		if (k == m) {
			gz_buf_printf(&b, "%s\x01%s\x02", k > first ? " " : "", mword);
		} else {
			gz_buf_printf(&b, "%sw%d", k > first ? " " : "", k);
		}
	}
	gz_buf_puts(&b, last < n - 1 ? "…" : "");
	return gz_buf_str(&b);
}

static void
test_short_texts(void)
{
	/* The whole text, as the search tests expect it. */
	CHECK_STR(snip("制造", "中国的先进制造业在增长。"), "中国的先进\x01制造\x02业在增长。");
	CHECK_INT(last_matched, 1);
	CHECK_STR(snip("report", "See the report\n\n  for more. Heading More. "),
	          "See the \x01report\x02 for more. Heading More.");
	CHECK_STR(snip("otter", "The otter returns."), "The \x01otter\x02 returns.");
	CHECK_STR(snip("expansion", "Nothing else to say."), "Nothing else to say.");
	CHECK_INT(last_matched, 0);
	CHECK_STR(snip("publish", "The council published its budget. Publishing the figures "
	                          "took weeks."),
	          "The council \x01published\x02 its budget. \x01Publishing\x02 the figures took "
	          "weeks.");
	/* Plain text is shown as it is: marks that look like Markdown stay. */
	CHECK_STR(snip("example", "An [sic] *example* of C# and `code`."),
	          "An [sic] *\x01"
	          "example\x02* of C# and `code`.");
	CHECK_STR(snip("zebra", ""), "");
	CHECK_INT(last_matched, 0);
	CHECK_STR(snipn("zebra", NULL, 0), "");
	CHECK_STR(snip("zebra", "  \n\n  "), "");
	CHECK_STR(snip("zebra", "!!! ... ???"), "!!! ... ???");
}

static void
test_window(void)
{
	static const char *const deep[] = {
	    [60] = "needle",
	};
	static const char *const at_end[] = {
	    [98] = "needle",
	};
	static const char *const at_start[] = {"needle"};
	static const char *const two[] = {
	    [5] = "alpha",
	    [40] = "alpha",
	    [50] = "beta",
	    [80] = "beta",
	};
	static const char *const ties[] = {
	    [10] = "alpha",
	    [30] = "beta",
	    [70] = "alpha",
	    [90] = "beta",
	};
	static const char *const spread[] = {
	    [30] = "alpha",
	    [60] = "beta",
	};

	/* Deep: four words of lead, ellipses both sides. */
	CHECK_STR(snip("needle", words(100, deep, 61)), expect(56, 79, 100, 60, "needle"));
	CHECK_INT(last_matched, 1);
	/* Near the end the window moves back to stay full. */
	CHECK_STR(snip("needle", words(100, at_end, 99)), expect(76, 99, 100, 98, "needle"));
	CHECK_STR(snip("needle", words(100, at_start, 1)), expect(0, 23, 100, 0, "needle"));
	/* No match: the first 24 words. */
	CHECK_STR(snip("zebra", words(100, NULL, 0)), expect(0, 23, 100, -1, ""));
	CHECK_INT(last_matched, 0);
	/* Exactly 24 words are shown whole; 25 are cut. */
	CHECK_STR(snip("zebra", words(24, NULL, 0)), expect(0, 23, 24, -1, ""));
	CHECK_STR(snip("zebra", words(25, NULL, 0)), expect(0, 23, 25, -1, ""));
	CHECK_STR(snip("w24", words(25, NULL, 0)), expect(1, 24, 25, 24, "w24"));
	CHECK_STR(snip("w23", words(24, NULL, 0)), expect(0, 23, 24, 23, "w23"));
	CHECK_STR(snip("w0", words(25, NULL, 0)), expect(0, 23, 25, 0, "w0"));
	/* The window with both words wins over the earlier one with one. */
	CHECK_STR(snip("alpha beta", words(100, two, 81)),
	          "…w36 w37 w38 w39 \x01"
	          "alpha\x02 w41 w42 w43 w44 w45 w46 w47 w48 w49 \x01"
	          "beta\x02 w51 w52 w53 w54 w55 w56 w57 w58 w59…");
	/* Equals: the earliest; the lead shrinks so both stay in. */
	CHECK_STR(snip("alpha beta", words(100, ties, 91)),
	          "…w7 w8 w9 \x01"
	          "alpha\x02 w11 w12 w13 w14 w15 w16 w17 w18 w19 w20 w21 w22 w23 w24 w25 w26 "
	          "w27 w28 w29 \x01"
	          "beta\x02…");
	/* Too far apart for one window: the first word's window. */
	CHECK_STR(snip("beta alpha", words(100, spread, 61)), expect(26, 49, 100, 30, "alpha"));
	/* A word missing from the text still leaves the other one shown. */
	CHECK_STR(snip("needle zebra", words(100, deep, 61)), expect(56, 79, 100, 60, "needle"));
	CHECK_INT(last_matched, 1);
}

static void
test_cjk(void)
{
	/* Overlapping bigrams are one marked range. */
	CHECK_STR(snip("制造业", "中国的先进制造业在增长。"), "中国的先进\x01制造业\x02在增长。");
	CHECK_STR(snip("制造 造业", "中国的先进制造业在增长。"),
	          "中国的先进\x01制造业\x02在增长。");
	CHECK_STR(snip("先进制造业", "中国的先进制造业在增长。"),
	          "中国的\x01先进制造业\x02在增长。");
	CHECK_STR(snip("先进 增长", "中国的先进制造业在增长。"),
	          "中国的\x01先进\x02制造业在\x01增长\x02。");
	/* Not contiguous: no match. */
	CHECK_STR(snip("制造业增长", "中国的先进制造业在增长。"), "中国的先进制造业在增长。");
	CHECK_INT(last_matched, 0);
	/* One character: a prefix, marked alone, first, middle and last of a run. */
	CHECK_STR(snip("造", "中国的先进制造业在增长。"), "中国的先进制\x01造\x02业在增长。");
	CHECK_STR(snip("中", "中国的先进制造业在增长。"), "\x01中\x02国的先进制造业在增长。");
	CHECK_STR(snip("长", "中国的先进制造业在增长。"), "中国的先进制造业在增\x01长\x02。");
	CHECK_STR(snip("长", "长长"), "\x01长长\x02");
	CHECK_STR(snip("鱼", "中国的先进制造业在增长。"), "中国的先进制造业在增长。");
	CHECK_STR(snip("好", "好"), "\x01好\x02");
	/* Japanese and Korean. */
	CHECK_STR(snip("国際会議", "東京で国際会議が開かれた。"),
	          "東京で\x01国際会議\x02が開かれた。");
	CHECK_STR(snip("東京", "東京で国際会議が開かれた。"), "\x01東京\x02で国際会議が開かれた。");
	CHECK_STR(snip("회의", "서울에서 회의가 열렸다."), "서울에서 \x01회의\x02가 열렸다.");
	CHECK_STR(snip("서울", "서울에서 회의가 열렸다."), "\x01서울\x02에서 회의가 열렸다.");
	/* Mixed with English. */
	CHECK_STR(snip("文章 narwhal", "新的文章 about narwhals"),
	          "新的\x01文章\x02 about \x01narwhals\x02");
}

static void
test_english(void)
{
	/* A word of several tokens is a phrase. */
	CHECK_STR(snip("state-of-the-art", "A state of the art plant, the state of affairs."),
	          "A \x01state of the art\x02 plant, the state of affairs.");
	CHECK_STR(snip("title:foo", "Quotes \"a\" * NEAR(a b) title:foo and a OR b."),
	          "Quotes \"a\" * NEAR(a b) \x01title:foo\x02 and a OR b.");
	/* "NEAR(a" is the phrase "near a"; "a" alone is not searched for. */
	CHECK_STR(snip("NEAR(a b)", "Quotes \"a\" * NEAR(a b) title:foo and a OR b."),
	          "Quotes \"a\" * \x01NEAR(a\x02 \x01"
	          "b\x02) title:foo and a OR \x01"
	          "b\x02.");
	/* Case and accents fold as in the index; the same word twice is one. */
	CHECK_STR(snip("CAFE cafe", "Un café crème."), "Un \x01"
	                                               "café\x02 crème.");
	/* Touching matches of two words stay apart: the blank is not marked. */
	CHECK_STR(snip("budget council", "council budget"), "\x01"
	                                                    "council\x02 \x01"
	                                                    "budget\x02");
}

static void
test_hostile(void)
{
	const char *s, *einval;
	char bad[64];

	CHECK_STR(snip("script", "<script>alert(\"x\")</script> and 'quotes' & more"),
	          "<\x01script\x02>alert(\"x\")</\x01script\x02> and 'quotes' & more");
	/* The text's own marks, NULs and controls never reach the snippet. */
	memcpy(bad, "a\x01zebra\x02 b\0c \x03\x7f zebra", 21);
	s = snipn("zebra", bad, 21);
	CHECK_STR(s, "a\x01zebra\x02 bc \x01zebra\x02");
	/* Invalid UTF-8 anywhere: U+FFFD, still marked right. */
	s = snip("zebra", "\xff\xfe zebra \xc0\xaf x\xed\xa0\x80y \xe4\xb8");
	CHECK_STR(s, "\xef\xbf\xbd\xef\xbf\xbd \x01zebra\x02 \xef\xbf\xbd\xef\xbf\xbd "
	             "x\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdy \xef\xbf\xbd\xef\xbf\xbd");
	/* A CJK character cut in two next to one that matches. */
	s = snip("制", "\xe5\x88制造\xe9");
	CHECK(strstr(s, "\x01制\x02") != NULL);
	/* Queries the builder refuses are refused here too. */
	einval = gz_arena_printf(&arena, "ERR %s", gz_strerror(GZ_EINVAL));
	CHECK_STR(snip("", "x"), einval);
	CHECK_STR(snip("* - (", "x"), einval);
	CHECK_STR(snip("\xff", "x"), einval);
	CHECK_STR(snip("1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17", "x"),
	          gz_arena_printf(&arena, "ERR %s", gz_strerror(GZ_ETOOBIG)));
	/* Sixteen words, all found: the window holds what fits. */
	s = snip("1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16",
	         "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16");
	CHECK_STR(s, "\x01"
	             "1\x02 \x01"
	             "2\x02 \x01"
	             "3\x02 \x01"
	             "4\x02 \x01"
	             "5\x02 \x01"
	             "6\x02 \x01"
	             "7\x02 \x01"
	             "8\x02 \x01"
	             "9\x02 \x01"
	             "10\x02 \x01"
	             "11\x02 \x01"
	             "12\x02 \x01"
	             "13\x02 \x01"
	             "14\x02 \x01"
	             "15\x02 \x01"
	             "16\x02");
	/* A word the index has no tokens for (U+2E80, a symbol) matches nothing. */
	CHECK_STR(snip("\xe2\xba\x80", "a b"), "a b");
	CHECK_INT(last_matched, 0);
	CHECK_STR(snip("\xe2\xba\x80 b", "a b"), "a \x01"
	                                         "b\x02");
	/* Accents fold as in the index. */
	CHECK_STR(snip("a\xcc\x81", "a b"), "\x01"
	                                    "a\x02 b");
}

/* s n times, in the arena. */
static const char *
repeat(const char *s, int n)
{
	struct gz_buf b;

	gz_buf_init(&b, &arena, 0);
	gz_buf_puts(&b, "");
	while (n-- > 0) {
		gz_buf_puts(&b, s);
	}
	return gz_buf_str(&b);
}

/* Giant words, long texts, and the bounds of what is read. */
static void
test_bounds(void)
{
	struct gz_buf b;
	const char *s;
	int k;

	/* The match is found early and reading stops; the rest is cut. */
	gz_buf_init(&b, &arena, 0);
	gz_buf_puts(&b, "needle");
	for (k = 0; k < 20000; k++) {
		gz_buf_puts(&b, " word");
	}
	s = snip("needle", gz_buf_str(&b));
	CHECK_STR(s, gz_arena_printf(&arena, "\x01needle\x02%s…", repeat(" word", 23)));
	/* Past GZ_SNIPPET_SCAN_TOKENS tokens a match is not seen. */
	gz_buf_puts(&b, " zebra");
	s = snip("zebra", gz_buf_str(&b));
	CHECK_INT(last_matched, 0);
	CHECK(strncmp(s, "needle word", 11) == 0);
	CHECK(strcmp(s + strlen(s) - 3, "…") == 0);
	/* Just inside the bound it is. */
	gz_buf_reset(&b);
	for (k = 0; k < GZ_SNIPPET_SCAN_TOKENS - 1; k++) {
		gz_buf_puts(&b, "w ");
	}
	gz_buf_puts(&b, "zebra");
	s = snip("zebra", gz_buf_str(&b));
	CHECK_INT(last_matched, 1);
	CHECK_STR(s, gz_arena_printf(&arena, "…%s\x01zebra\x02", repeat("w ", 23)));
	/* A giant word: the snippet stays short, the match in view. */
	gz_buf_reset(&b);
	gz_buf_puts(&b, "start ");
	for (k = 0; k < 10000; k++) {
		gz_buf_putc(&b, 'x');
	}
	gz_buf_puts(&b, " zebra end");
	s = snip("zebra", gz_buf_str(&b));
	CHECK(strlen(s) <= GZ_SNIPPET_TEXT_MAX + 16);
	CHECK(strstr(s, "\x01zebra\x02") != NULL);
	/* Only punctuation, more than is read: cut, still valid. */
	gz_buf_reset(&b);
	for (k = 0; k < GZ_SNIPPET_SCAN_BYTES + 100; k++) {
		gz_buf_putc(&b, '.');
	}
	s = snip("zebra", gz_buf_str(&b));
	CHECK_INT(last_matched, 0);
	CHECK(strlen(s) <= GZ_SNIPPET_TEXT_MAX + 3);
	/* A word cut at the read bound is not shown as a match. */
	gz_buf_reset(&b);
	for (k = 0; k < GZ_SNIPPET_SCAN_BYTES - 3; k++) {
		gz_buf_putc(&b, ' ');
	}
	gz_buf_puts(&b, "zebras");
	s = snip("zeb", gz_buf_str(&b));
	CHECK_INT(last_matched, 0);
	/* Many matches: bounded, still a snippet. */
	gz_buf_reset(&b);
	for (k = 0; k < 3000; k++) {
		gz_buf_puts(&b, "a a ");
	}
	gz_buf_puts(&b, "zebra");
	s = snip("a zebra", gz_buf_str(&b));
	CHECK_INT(last_matched, 1);
	CHECK(strncmp(s,
	              "\x01"
	              "a\x02 \x01"
	              "a\x02 ",
	              8) == 0);
}

/* One maker serves many texts; each starts afresh. */
static void
test_reuse(void)
{
	struct gz_search_snippet *sn;
	const char *out;
	int matched;

	CHECK_INT(gz_search_snippet_new(db, "制造业 harbour", &sn), GZ_OK);
	CHECK_INT(
	    gz_search_snippet_make(sn, &arena, "先进制造", strlen("先进制造"), &out, &matched),
	    GZ_OK);
	CHECK_INT(matched, 0);
	CHECK_STR(out, "先进制造");
	CHECK_INT(
	    gz_search_snippet_make(sn, &arena, "业 harbour", strlen("业 harbour"), &out, &matched),
	    GZ_OK);
	CHECK_INT(matched, 1);
	CHECK_STR(out, "业 \x01harbour\x02");
	CHECK_INT(gz_search_snippet_make(sn, &arena, "制造业", strlen("制造业"), &out, &matched),
	          GZ_OK);
	CHECK_STR(out, "\x01制造业\x02");
	gz_search_snippet_free(sn);
	gz_search_snippet_free(NULL);
}

/* Without the tokenizer registered the maker cannot be made. */
static void
test_unregistered(void)
{
	struct gz_search_snippet *sn = (void *)1;
	sqlite3 *h = NULL;

	CHECK(sqlite3_open(":memory:", &h) == SQLITE_OK);
	CHECK_INT(gz_search_snippet_new(h, "x", &sn), GZ_EDB);
	CHECK(sn == NULL);
	sqlite3_close(h);
}

static void
test_teardown(void)
{
	sqlite3_close(db);
	gz_arena_free(&arena);
}

TEST_MAIN(T(test_setup), T(test_short_texts), T(test_window), T(test_cjk), T(test_english),
          T(test_hostile), T(test_bounds), T(test_reuse), T(test_unregistered), T(test_teardown))
