/*
 * Full-text search: the query builder's table of inputs (FTS5 syntax that
 * must stay text, bounds, bad UTF-8), then gz_search on a real database:
 * English word forms, Chinese, Japanese and Korean words, visibility,
 * ranking, snippets, pages, hostile queries, and the index following
 * inserts, updates and deletes made through a hardened gz_db connection
 * (trusted_schema off, where a trigger may not write to article_fts
 * directly).
 *
 * The schema is applied by hand from the embedded migrations rather than
 * with gz_db_migrate, so this test does not depend on gz_db_open
 * registering the tokenizer; it registers it itself (twice, harmlessly,
 * once gz_db_open does it too).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/embed.h"
#include "gazette/search.h"
#include "gazette/search_fts.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "test.h"
#include "testdb.h"

#define NOW 1800000000

static struct gz_arena arena;
static struct gz_db *db;

static const char *
embedded_sql(const char *name)
{
	const struct gz_embedded *e;

	for (e = gz_embedded_sql; e->name != NULL; e++) {
		if (strcmp(e->name, name) == 0) {
			return (const char *)e->data;
		}
	}
	return NULL;
}

static int
raw_exec(sqlite3 *h, const char *sql)
{
	char *msg = NULL;
	int rc;

	if (sql == NULL) {
		return 0;
	}
	if ((rc = sqlite3_exec(h, sql, NULL, NULL, &msg)) != SQLITE_OK) {
		fprintf(stderr, "exec: %s\n", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
	}
	return rc == SQLITE_OK;
}

static const char fixture_sql[] =
    "INSERT INTO users (id, login, display_name, role, created_at) VALUES "
    "(1, 'ed', 'Ed Itor', 'editor', 0);"
    "INSERT INTO categories (id, slug, name) VALUES (1, 'city', 'City');"
    "INSERT INTO articles (id, slug, title, summary, body, author_id, category_id, status, "
    "published_at, created_at, updated_at) VALUES "
    "(1, 'council', 'City council votes', 'Budget day.', "
    "'The council published its budget. Publishing the figures took weeks.', 1, 1, "
    "'published', 1799990000, 0, 0),"
    "(2, 'zh', '制造业报告', '', '中国的先进制造业在增长。', 1, NULL, 'published', 1799990001, "
    "0, 0),"
    "(3, 'draft', 'Draft zebra', '', 'zebra publish', 1, NULL, 'draft', NULL, 0, 0),"
    "(4, 'future', 'Future zebra', '', 'zebra later', 1, NULL, 'scheduled', 1800003600, 0, 0),"
    "(5, 'hostile', '<script>\"&''', '', 'Quotes \"a\" * NEAR(a b) title:foo and a OR b.', 1, "
    "NULL, 'published', 1799990002, 0, 0),"
    "(6, 'title-match', 'Harbour expansion', '', 'Nothing else to say.', 1, NULL, 'published', "
    "1799990003, 0, 0),"
    "(7, 'body-match', 'Other news', '', 'A long body that says many things: the weather, "
    "the trains, the schools, and once the harbour, then more about the weather.', 1, NULL, "
    "'published', 1799990004, 0, 0),"
    "(8, 'link', 'Links', '', 'See [the **report**](https://example.com/x) for more.\n\n"
    "## Heading\nMore.', 1, NULL, 'published', 1799990005, 0, 0),"
    "(9, 'ja', '東京で会議', '', '東京で国際会議が開かれた。', 1, NULL, 'published', "
    "1799990006, 0, 0),"
    "(10, 'ko', '서울 회의', '', '서울에서 회의가 열렸다.', 1, NULL, 'published', 1799990007, "
    "0, 0),"
    "(11, 'summary-only', 'Quiet', 'The otter returns.', 'Nothing here.', 1, NULL, "
    "'published', 1799990008, 0, 0);";

static void
test_setup(void)
{
	char sql[512], err[256], path[512];
	sqlite3 *h = NULL;
	int i;

	gz_arena_init(&arena, 4096, 0);
	CHECK(testdb_setup("search") == 0);
	testdb_path("s.db", path, sizeof(path));
	CHECK(sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) ==
	      SQLITE_OK);
	CHECK_INT(gz_search_register(h), SQLITE_OK);
	CHECK_INT(gz_search_register(h), SQLITE_OK);
	CHECK(raw_exec(h, embedded_sql("001_init.sql")));
	CHECK(raw_exec(h, embedded_sql("002_search.sql")));
	CHECK(raw_exec(h, fixture_sql));
	/* After the fixture, so its rows get their lengths from the backfill. */
	CHECK(raw_exec(h, embedded_sql("006_search_text.sql")));
	/* Articles' languages, which search hits carry (issue 17). */
	if (embedded_sql("009_languages.sql") != NULL) {
		CHECK(raw_exec(h, embedded_sql("009_languages.sql")));
	}
	/* 25 more for pages: ids 101..125, all containing "lorem". */
	for (i = 101; i <= 125; i++) {
		snprintf(sql, sizeof(sql),
		         "INSERT INTO articles (id, slug, title, body, author_id, status, "
		         "published_at, created_at, updated_at) VALUES (%d, 'p%d', 'Page %d', "
		         "'lorem ipsum number %d', 1, 'published', %d, 0, 0);",
		         i, i, i, i, NOW - 100000 + i);
		CHECK(raw_exec(h, sql));
	}
	sqlite3_close(h);

	db = gz_db_open(path, 0, err, sizeof(err));
	CHECK(db != NULL);
	if (db == NULL) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
	/* Until gz_db_open does it; a second call is a no-op. */
	CHECK_INT(gz_search_register(gz_db_handle(db)), SQLITE_OK);
}

/* Builder: input, expected result code, expected MATCH text (when GZ_OK). */
static void
test_build(void)
{
	static const struct {
		const char *q;
		enum gz_err rc;
		const char *want;
	} cases[] = {
	    {"hello", GZ_OK, "\"hello\""},
	    {"  hello   world \t\n", GZ_OK, "\"hello\" \"world\""},
	    /* Quotes make phrases; any quote mark ends the word it touches. */
	    {"say \"hi\"", GZ_OK, "\"say\" \"hi\""},
	    {"\"arc electric\"", GZ_OK, "\"arc electric\""},
	    {"\"arc   electric\" furnace", GZ_OK, "\"arc electric\" \"furnace\""},
	    {"  \"  arc electric  \"  ", GZ_OK, "\"arc electric\""},
	    {"arc\"electric\"furnace", GZ_OK, "\"arc\" \"electric\" \"furnace\""},
	    {"\"a\"\"b\"", GZ_OK, "\"a\" \"b\""},
	    {"\"\" x", GZ_OK, "\"x\""},
	    {"\"NEAR(a b)\" OR", GZ_OK, "\"NEAR(a b)\" \"OR\""},
	    /* Unbalanced: the phrase runs to the end. */
	    {"\"arc electric", GZ_OK, "\"arc electric\""},
	    {"furnace \"arc electric", GZ_OK, "\"furnace\" \"arc electric\""},
	    {"5'11\"", GZ_OK, "\"5'11\""},
	    {"x \" - ", GZ_OK, "\"x\""},
	    {"\"*\"", GZ_EINVAL, NULL},
	    /* Typographic and CJK quote marks. */
	    {"“arc electric”", GZ_OK, "\"arc electric\""},
	    {"„arc electric“", GZ_OK, "\"arc electric\""},
	    {"「先进制造」", GZ_OK, "\"先进制造\""},
	    {"『先进 制造』 业", GZ_OK, "\"先进制造\" \"业\"*"},
	    {"\"arc electric”", GZ_OK, "\"arc electric\""},
	    /* CJK in phrases: no blank between two CJK characters. */
	    {"\"中国 经济\"", GZ_OK, "\"中国经济\""},
	    {"\"中国\xe3\x80\x80经济\"", GZ_OK, "\"中国经济\""},
	    {"\"中国 GDP 增长\"", GZ_OK, "\"中国 GDP 增长\""},
	    {"\"中国， 经济\"", GZ_OK, "\"中国， 经济\""},
	    {"中国 经济", GZ_OK, "\"中国\" \"经济\""},
	    /* A lone CJK character at a term's end is a prefix. */
	    {"A股", GZ_OK, "\"A股\"*"},
	    {"\"A股\"", GZ_OK, "\"A股\"*"},
	    {"\"A 股\"", GZ_OK, "\"A 股\"*"},
	    {"股。", GZ_OK, "\"股。\"*"},
	    {"\"制造 业\"", GZ_OK, "\"制造业\""},
	    {"\"a 股 b\"", GZ_OK, "\"a 股 b\""},
	    {"股A", GZ_OK, "\"股A\""},
	    /* A phrase counts as one term, however many words it holds. */
	    {"\"1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18\"", GZ_OK,
	     "\"1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18\""},
	    {"1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 \"16 17\"", GZ_OK, NULL},
	    {"1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 \"16\" \"17\"", GZ_ETOOBIG, NULL},
	    {"\"", GZ_EINVAL, NULL},
	    {"\"\"\"", GZ_EINVAL, NULL},
	    {"*", GZ_EINVAL, NULL},
	    {"a*", GZ_OK, "\"a*\""},
	    {"NEAR(a b)", GZ_OK, "\"NEAR(a\" \"b)\""},
	    {"NEAR(a b, 2)", GZ_OK, "\"NEAR(a\" \"b,\" \"2)\""},
	    {"-x", GZ_OK, "\"-x\""},
	    {"- x", GZ_OK, "\"x\""},
	    {"title:foo", GZ_OK, "\"title:foo\""},
	    {"{title summary}:foo", GZ_OK, "\"{title\" \"summary}:foo\""},
	    {"a OR b", GZ_OK, "\"a\" \"OR\" \"b\""},
	    {"NOT x AND y", GZ_OK, "\"NOT\" \"x\" \"AND\" \"y\""},
	    {"^start", GZ_OK, "\"^start\""},
	    {"a + b", GZ_OK, "\"a\" \"b\""},
	    {"(", GZ_EINVAL, NULL},
	    {"( ) - * ^ : \" ' ;", GZ_EINVAL, NULL},
	    {"')--", GZ_EINVAL, NULL},
	    {"x')--", GZ_OK, "\"x')--\""},
	    {"", GZ_EINVAL, NULL},
	    {"   \t\r\n", GZ_EINVAL, NULL},
	    {"\xe3\x80\x80", GZ_EINVAL, NULL}, /* U+3000 */
	    {"制造\xe3\x80\x80先进", GZ_OK, "\"制造\" \"先进\""},
	    {"制", GZ_OK, "\"制\"*"},
	    {"制造", GZ_OK, "\"制造\""},
	    {"。", GZ_EINVAL, NULL},
	    {"🙂 🙂", GZ_EINVAL, NULL},
	    {"café", GZ_OK, "\"café\""},
	    {"\xff", GZ_EINVAL, NULL},
	    {"ok \xc0\xaf", GZ_EINVAL, NULL},     /* overlong */
	    {"ok \xed\xa0\x80", GZ_EINVAL, NULL}, /* surrogate */
	    {"1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16", GZ_OK,
	     "\"1\" \"2\" \"3\" \"4\" \"5\" \"6\" \"7\" \"8\" \"9\" \"10\" \"11\" \"12\" \"13\" "
	     "\"14\" \"15\" \"16\""},
	    {"1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17", GZ_ETOOBIG, NULL},
	    /* Dropped words do not count against the bound. */
	    {"1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 - - -", GZ_OK, NULL},
	};
	char big[GZ_SEARCH_Q_MAX + 8], *m;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum gz_err rc = gz_search_query_build(&arena, cases[i].q, &m);

		if (rc != cases[i].rc) {
			fprintf(stderr, "case %zu (%s)\n", i, cases[i].q);
		}
		CHECK_INT(rc, cases[i].rc);
		if (rc == GZ_OK && cases[i].want != NULL) {
			CHECK_STR(m, cases[i].want);
		}
		if (rc != GZ_OK) {
			CHECK(m == NULL);
		}
	}
	CHECK_INT(gz_search_query_build(&arena, NULL, &m), GZ_EINVAL);

	/* Exactly GZ_SEARCH_Q_MAX bytes (after trimming) is fine, one more is not. */
	memset(big, 'a', sizeof(big));
	big[GZ_SEARCH_Q_MAX] = '\0';
	CHECK_INT(gz_search_query_build(&arena, big, &m), GZ_OK);
	big[0] = ' ';
	big[GZ_SEARCH_Q_MAX] = ' ';
	big[GZ_SEARCH_Q_MAX + 1] = '\0';
	CHECK_INT(gz_search_query_build(&arena, big, &m), GZ_OK);
	big[0] = 'a';
	big[GZ_SEARCH_Q_MAX] = 'a';
	CHECK_INT(gz_search_query_build(&arena, big, &m), GZ_ETOOBIG);
}

/* Search at NOW; the slugs of the hits in order, comma-separated. */
static const char *
slugs(const char *q, time_t now, int64_t *total)
{
	struct gz_search_hit *hits;
	struct gz_buf b;
	size_t n, i;
	int64_t t;
	enum gz_err rc;

	rc = gz_search(db, &arena, q, now, 1, GZ_SEARCH_PER_PAGE_MAX, &hits, &n, &t);
	if (rc != GZ_OK) {
		return gz_strerror(rc);
	}
	if (total != NULL) {
		*total = t;
	}
	gz_buf_init(&b, &arena, 0);
	gz_buf_puts(&b, "");
	for (i = 0; i < n; i++) {
		gz_buf_printf(&b, "%s%s", i ? "," : "", hits[i].slug);
	}
	return gz_buf_str(&b);
}

static void
test_english(void)
{
	int64_t total = -1;

	/* porter: every form finds both forms in the text. */
	CHECK_STR(slugs("publish", NOW, &total), "council");
	CHECK_INT(total, 1);
	CHECK_STR(slugs("publishing", NOW, NULL), "council");
	CHECK_STR(slugs("PUBLISHED budget", NOW, NULL), "council");
	CHECK_STR(slugs("publish nonexistentword", NOW, NULL), "");
	CHECK_STR(slugs("otter", NOW, NULL), "summary-only");
}

static void
test_cjk(void)
{
	CHECK_STR(slugs("制造", NOW, NULL), "zh");
	CHECK_STR(slugs("先进制造业", NOW, NULL), "zh");
	CHECK_STR(slugs("先进 增长", NOW, NULL), "zh");
	/* Not contiguous in the text: a phrase must not match. */
	CHECK_STR(slugs("制造业增长", NOW, NULL), "");
	CHECK_STR(slugs("造制", NOW, NULL), "");
	/* One character: at the start, in the middle and at the end of a run. */
	CHECK_STR(slugs("先", NOW, NULL), "zh");
	CHECK_STR(slugs("造", NOW, NULL), "zh");
	CHECK_STR(slugs("告", NOW, NULL), "zh");
	CHECK_STR(slugs("长", NOW, NULL), "zh");
	CHECK_STR(slugs("鱼", NOW, NULL), "");
	/* A run's last character followed by other text. */
	CHECK_STR(slugs("制造业报告。", NOW, NULL), "zh");
	CHECK_STR(slugs("東京", NOW, NULL), "ja");
	CHECK_STR(slugs("国際会議", NOW, NULL), "ja");
	CHECK_STR(slugs("서울", NOW, NULL), "ko");
	CHECK_STR(slugs("회의", NOW, NULL), "ko");
}

/*
 * Phrases against words on the same articles: the words match wherever
 * they stand, the phrase only side by side and in order, in English
 * (through porter: "published its budget" finds "publish its budgets")
 * and in Chinese, where a phrase's blanks between CJK characters go and a
 * lone character at its end is the start of a bigram.
 */
static void
test_phrases(void)
{
	sqlite3 *h = gz_db_handle(db);
	struct gz_search_hit *hits;
	size_t n;
	int64_t total;

	CHECK(raw_exec(h, "INSERT INTO articles (id, slug, title, summary, body, author_id, "
	                  "status, published_at, created_at, updated_at) VALUES "
	                  "(60, 'arc', 'Furnace', '', 'The electric arc furnace melts scrap.', 1, "
	                  "'published', 1799990060, 0, 0),"
	                  "(61, 'arc-electric', 'Welding', '', 'An arc electric welder.', 1, "
	                  "'published', 1799990061, 0, 0),"
	                  "(62, 'zh-econ', '经济', '', '中国经济在增长，A股市场也在涨。', 1, "
	                  "'published', 1799990062, 0, 0),"
	                  "(63, 'zh-apart', '报道', '', '中国的经济学家说。', 1, "
	                  "'published', 1799990063, 0, 0)"));
	/* Words: both articles; phrase: only the one where they touch in order. */
	CHECK_STR(slugs("arc electric", NOW, NULL), "arc-electric,arc");
	CHECK_STR(slugs("\"arc electric\"", NOW, NULL), "arc-electric");
	CHECK_STR(slugs("\"electric arc\"", NOW, NULL), "arc");
	CHECK_STR(slugs("“electric arc”", NOW, NULL), "arc");
	CHECK_STR(slugs("\"electric arc furnaces\"", NOW, NULL), "arc");
	CHECK_STR(slugs("\"arc furnace\" electric", NOW, NULL), "arc");
	CHECK_STR(slugs("\"electric furnace\"", NOW, NULL), "");
	/* Unbalanced: a phrase to the end. */
	CHECK_STR(slugs("\"arc electric", NOW, NULL), "arc-electric");
	CHECK_STR(slugs("\"published its budget\"", NOW, NULL), "council");
	CHECK_STR(slugs("\"council budget\"", NOW, NULL), "");
	CHECK_STR(slugs("council budget", NOW, NULL), "council");
	/* Punctuation is no gap: "budget. Publishing" is budget, publish. */
	CHECK_STR(slugs("\"budget published\"", NOW, NULL), "council");
	/* Chinese: 中国 and 经济 side by side in one article, apart in the other. */
	CHECK_STR(slugs("中国 经济", NOW, NULL), "zh-econ,zh-apart");
	CHECK_STR(slugs("\"中国 经济\"", NOW, NULL), "zh-econ");
	CHECK_STR(slugs("「中国经济」", NOW, NULL), "zh-econ");
	CHECK_STR(slugs("\"中国的经济\"", NOW, NULL), "zh-apart");
	CHECK_STR(slugs("\"经济中国\"", NOW, NULL), "");
	/* A lone character at the end of a phrase starts the text's bigram. */
	CHECK_STR(slugs("\"A股\"", NOW, NULL), "zh-econ");
	CHECK_STR(slugs("A股", NOW, NULL), "zh-econ");
	CHECK_STR(slugs("\"也在涨\"", NOW, NULL), "zh-econ");
	CHECK_STR(slugs("\"A股市场\"", NOW, NULL), "zh-econ");
	CHECK_STR(slugs("\"B股\"", NOW, NULL), "");
	/* The snippet marks the phrase, not the words elsewhere. */
	CHECK_INT(gz_search(db, &arena, "\"arc electric\"", NOW, 1, 10, &hits, &n, &total), GZ_OK);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_STR(hits[0].snippet, "An \x01"
		                           "arc electric\x02 welder.");
	}
	CHECK_INT(gz_search(db, &arena, "\"中国 经济\"", NOW, 1, 10, &hits, &n, &total), GZ_OK);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_STR(hits[0].snippet, "\x01中国经济\x02在增长，A股市场也在涨。");
	}
	CHECK_INT(gz_search(db, &arena, "\"A股\"", NOW, 1, 10, &hits, &n, &total), GZ_OK);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_STR(hits[0].snippet, "中国经济在增长，\x01"
		                           "A股\x02市场也在涨。");
	}
	CHECK(raw_exec(h, "DELETE FROM articles WHERE id BETWEEN 60 AND 63"));
}

static void
test_visibility(void)
{
	int64_t total = -1;

	CHECK_STR(slugs("zebra", NOW, &total), "");
	CHECK_INT(total, 0);
	CHECK_STR(slugs("zebra", NOW + 3600, &total), "future");
	CHECK_INT(total, 1);
}

static void
test_rank_and_snippet(void)
{
	struct gz_search_hit *hits;
	size_t n;
	int64_t total;

	/* The body-only match is newer; the title match still ranks first. */
	CHECK_STR(slugs("harbour", NOW, NULL), "title-match,body-match");

	CHECK_INT(gz_search(db, &arena, "publish", NOW, 1, 10, &hits, &n, &total), GZ_OK);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_STR(hits[0].title, "City council votes");
		CHECK_STR(hits[0].category_slug, "city");
		CHECK_STR(hits[0].author_login, "ed");
		CHECK_STR(hits[0].author_name, "Ed Itor");
		CHECK_INT(hits[0].published_at, 1799990000);
		CHECK(strstr(hits[0].snippet, "\x01published\x02") != NULL);
		CHECK(strstr(hits[0].snippet, "\x01Publishing\x02") != NULL);
	}
	CHECK_INT(gz_search(db, &arena, "制造", NOW, 1, 10, &hits, &n, &total), GZ_OK);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_STR(hits[0].snippet, "中国的先进\x01制造\x02业在增长。");
	}
	/* The text a reader sees is searched and shown, not the Markdown. */
	CHECK_INT(gz_search(db, &arena, "report", NOW, 1, 10, &hits, &n, &total), GZ_OK);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_STR(hits[0].snippet, "See the \x01report\x02 for more. Heading — More.");
	}
	/* A link target is not text: nothing matches it. */
	CHECK_INT(gz_search(db, &arena, "example", NOW, 1, 10, &hits, &n, &total), GZ_OK);
	CHECK_INT(n, 0);
	/* Only the summary matches: its snippet is shown. */
	CHECK_INT(gz_search(db, &arena, "otter", NOW, 1, 10, &hits, &n, &total), GZ_OK);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_STR(hits[0].snippet, "The \x01otter\x02 returns.");
	}
	/* Only the title matches: the start of the body. */
	CHECK_INT(gz_search(db, &arena, "expansion", NOW, 1, 10, &hits, &n, &total), GZ_OK);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_STR(hits[0].snippet, "Nothing else to say.");
	}
	/* The hostile title comes back as stored: escaping is the view's job. */
	CHECK_INT(gz_search(db, &arena, "script", NOW, 1, 10, &hits, &n, &total), GZ_OK);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_STR(hits[0].title, "<script>\"&'");
	}
}

static void
test_pages(void)
{
	struct gz_search_hit *hits;
	size_t n, i;
	int64_t total;
	int seen[26] = {0};
	int page;

	for (page = 1; page <= 3; page++) {
		CHECK_INT(gz_search(db, &arena, "lorem", NOW, page, 10, &hits, &n, &total), GZ_OK);
		CHECK_INT(total, 25);
		CHECK_INT(n, page < 3 ? 10 : 5);
		for (i = 0; i < n; i++) {
			if (hits[i].id >= 101 && hits[i].id <= 125) {
				seen[hits[i].id - 100]++;
			}
		}
	}
	for (i = 1; i <= 25; i++) {
		CHECK_INT(seen[i], 1);
	}
	CHECK_INT(gz_search(db, &arena, "lorem", NOW, 4, 10, &hits, &n, &total), GZ_OK);
	CHECK_INT(n, 0);
	CHECK(hits == NULL);
	CHECK_INT(total, 25);
	CHECK_INT(gz_search(db, &arena, "lorem", NOW, 2147483647, 50, &hits, &n, &total), GZ_OK);
	CHECK_INT(n, 0);
	CHECK_INT(gz_search(db, &arena, "lorem", NOW, 0, 10, &hits, &n, &total), GZ_EINVAL);
	CHECK_INT(gz_search(db, &arena, "lorem", NOW, 1, 0, &hits, &n, &total), GZ_EINVAL);
	CHECK_INT(
	    gz_search(db, &arena, "lorem", NOW, 1, GZ_SEARCH_PER_PAGE_MAX + 1, &hits, &n, &total),
	    GZ_EINVAL);
}

/*
 * Newest first follows the published time, not the id: article 101, the
 * oldest by id, is published last and leads; pages join without a gap or
 * a repeat, each hit older than the one before.
 */
static void
test_newest(void)
{
	sqlite3 *h = gz_db_handle(db);
	struct gz_search_hit *hits;
	int64_t total, last = INT64_MAX, last_id = 0;
	int seen[26] = {0}, page;
	size_t n, i;

	CHECK(raw_exec(h, "UPDATE articles SET published_at = 1799999990 WHERE id = 101"));
	for (page = 1; page <= 3; page++) {
		CHECK_INT(gz_search_ordered(db, &arena, "lorem", NOW, GZ_SEARCH_NEWEST, page, 10,
		                            &hits, &n, &total),
		          GZ_OK);
		CHECK_INT(total, 25);
		CHECK_INT(n, page < 3 ? 10 : 5);
		if (page == 1 && n > 0) {
			CHECK_INT(hits[0].id, 101);
			CHECK(hits[0].snippet != NULL &&
			      strstr(hits[0].snippet, "\x01lorem\x02") != NULL);
		}
		for (i = 0; i < n; i++) {
			CHECK(hits[i].published_at < last ||
			      (hits[i].published_at == last && hits[i].id < last_id));
			last = hits[i].published_at;
			last_id = hits[i].id;
			if (hits[i].id >= 101 && hits[i].id <= 125) {
				seen[hits[i].id - 100]++;
			}
		}
	}
	for (i = 1; i <= 25; i++) {
		CHECK_INT(seen[i], 1);
	}
	/* Best match over the same equal-ranked hits: ties go to the higher id. */
	CHECK_INT(
	    gz_search_ordered(db, &arena, "lorem", NOW, GZ_SEARCH_BEST, 1, 10, &hits, &n, &total),
	    GZ_OK);
	CHECK(n > 0 && hits[0].id == 125);
	CHECK(raw_exec(h, "UPDATE articles SET published_at = 1799900101 WHERE id = 101"));
}

static void
test_hostile(void)
{
	static const char *const qs[] = {
	    "\"",          "*",
	    "NEAR(a b)",   "-x",
	    "title:foo",   "a OR b",
	    "(",           "')--",
	    "\"a\"",       "a\"b",
	    "NEAR",        "AND",
	    "OR",          "NOT",
	    "a NOT b",     "^a",
	    "a*b",         "body:x title:y",
	    "{title}:a",   "\x01\x02",
	    "char(1)",     "'; DROP TABLE articles; --",
	    "%",           "_",
	    "\\",          "\"\"\"\"",
	    "a:b:c",       "NEAR(\"a\" \"b\", 10)",
	    "rank:1",      "rowid",
	    "article_fts", "* * *",
	    "a:",          ":a",
	    "\"*\"",
	};
	struct gz_search_hit *hits;
	char *big;
	size_t n, i;
	int64_t total;
	enum gz_err rc;

	for (i = 0; i < sizeof(qs) / sizeof(qs[0]); i++) {
		rc = gz_search(db, &arena, qs[i], NOW, 1, 10, &hits, &n, &total);
		if (rc != GZ_OK && rc != GZ_EINVAL && rc != GZ_ETOOBIG) {
			fprintf(stderr, "query %s: %s\n", qs[i], gz_strerror(rc));
		}
		CHECK(rc == GZ_OK || rc == GZ_EINVAL || rc == GZ_ETOOBIG);
	}
	/* The hostile article's text is found as text. */
	CHECK_STR(slugs("NEAR(a b)", NOW, NULL), "hostile");
	CHECK_STR(slugs("title:foo", NOW, NULL), "hostile");
	CHECK_STR(slugs("a OR b", NOW, NULL), "hostile");
	CHECK_STR(slugs("\"title:foo\"", NOW, NULL), "hostile");

	big = malloc(10240 + 1);
	CHECK(big != NULL);
	if (big != NULL) {
		memset(big, 'x', 10240);
		big[10240] = '\0';
		CHECK_INT(gz_search(db, &arena, big, NOW, 1, 10, &hits, &n, &total), GZ_ETOOBIG);
		for (i = 0; i < 10240; i += 2) {
			big[i + 1] = ' ';
		}
		CHECK_INT(gz_search(db, &arena, big, NOW, 1, 10, &hits, &n, &total), GZ_ETOOBIG);
		free(big);
	}
	CHECK_INT(gz_search(db, &arena, "", NOW, 1, 10, &hits, &n, &total), GZ_EINVAL);
	CHECK_INT(gz_search(db, &arena, "  ", NOW, 1, 10, &hits, &n, &total), GZ_EINVAL);
}

/*
 * gz_search_run's query: hits of the whole batch (every page of 50) as
 * "slug,slug", with *res from the first page.
 */
static const char *
run_slugs(struct gz_search_query sq, struct gz_search_result *res)
{
	struct gz_search_result r;
	struct gz_buf b;
	enum gz_err rc;
	size_t i;
	int page;

	gz_buf_init(&b, &arena, 0);
	gz_buf_puts(&b, "");
	sq.per_page = GZ_SEARCH_PER_PAGE_MAX;
	for (page = 1; page <= GZ_SEARCH_CANDIDATES / GZ_SEARCH_PER_PAGE_MAX; page++) {
		sq.page = page;
		if ((rc = gz_search_run(db, &arena, &sq, NOW, &r)) != GZ_OK) {
			return gz_strerror(rc);
		}
		if (page == 1 && res != NULL) {
			*res = r;
		}
		for (i = 0; i < r.nhits; i++) {
			gz_buf_printf(&b, "%s%s", b.len ? "," : "", r.hits[i].slug);
		}
	}
	return gz_buf_str(&b);
}

/*
 * Filters: a section takes its subsections at any depth (and a loop in
 * parent_id ends), dates are [from, to), both together narrow further, and
 * nothing invisible comes back; bad filters are refused.
 */
static void
test_filters(void)
{
	sqlite3 *h = gz_db_handle(db);
	struct gz_search_query sq = {0};
	struct gz_search_result res;

	CHECK(raw_exec(h,
	               "INSERT INTO categories (id, slug, name, parent_id) VALUES "
	               "(20, 'port', 'Port', 1), (21, 'docks', 'Docks', 20), "
	               "(22, 'sport', 'Sport', NULL), (30, 'loop-a', 'A', NULL), "
	               "(31, 'loop-b', 'B', 30);"
	               "UPDATE categories SET parent_id = 31 WHERE id = 30;"
	               "INSERT INTO articles (id, slug, title, body, author_id, category_id, "
	               "status, published_at, created_at, updated_at) VALUES "
	               "(70, 'h-city', 'Heron', 'heron', 1, 1, 'published', 1799000070, 0, 0),"
	               "(71, 'h-port', 'Heron', 'heron', 1, 20, 'published', 1799000071, 0, 0),"
	               "(72, 'h-docks', 'Heron', 'heron', 1, 21, 'published', 1799000072, 0, 0),"
	               "(73, 'h-sport', 'Heron', 'heron', 1, 22, 'published', 1799000073, 0, 0),"
	               "(74, 'h-none', 'Heron', 'heron', 1, NULL, 'published', 1799000074, 0, 0),"
	               "(75, 'h-loop', 'Heron', 'heron', 1, 31, 'published', 1799000075, 0, 0),"
	               "(76, 'h-draft', 'Heron', 'heron', 1, 21, 'draft', NULL, 0, 0),"
	               "(77, 'h-later', 'Heron', 'heron', 1, 21, 'scheduled', 1800009999, 0, 0)"));
	sq.q = "heron";
	sq.order = GZ_SEARCH_NEWEST;
	CHECK_STR(run_slugs(sq, &res), "h-loop,h-none,h-sport,h-docks,h-port,h-city");
	CHECK_INT(res.total, 6);
	CHECK_INT(res.scanned, 6);
	CHECK_INT(res.more, 0);
	sq.section = 1;
	CHECK_STR(run_slugs(sq, &res), "h-docks,h-port,h-city");
	CHECK_INT(res.total, 3);
	CHECK_INT(res.scanned, 6);
	sq.section = 20;
	CHECK_STR(run_slugs(sq, NULL), "h-docks,h-port");
	sq.section = 21;
	CHECK_STR(run_slugs(sq, NULL), "h-docks");
	sq.section = 22;
	CHECK_STR(run_slugs(sq, NULL), "h-sport");
	sq.section = 30;
	CHECK_STR(run_slugs(sq, NULL), "h-loop");
	sq.section = 31;
	CHECK_STR(run_slugs(sq, NULL), "h-loop");
	sq.section = 999;
	CHECK_STR(run_slugs(sq, &res), "");
	CHECK_INT(res.total, 0);
	sq.section = 0;
	sq.from = 1799000071;
	sq.to = 1799000073;
	CHECK_STR(run_slugs(sq, NULL), "h-docks,h-port");
	sq.to = 0;
	CHECK_STR(run_slugs(sq, NULL), "h-loop,h-none,h-sport,h-docks,h-port");
	sq.from = 0;
	sq.to = 1799000071;
	CHECK_STR(run_slugs(sq, NULL), "h-city");
	sq.from = 1799000071;
	sq.to = 0;
	sq.section = 1;
	CHECK_STR(run_slugs(sq, NULL), "h-docks,h-port");
	/* Best match as well: the same set, filters applied before ranking. */
	sq.order = GZ_SEARCH_BEST;
	CHECK_STR(run_slugs(sq, NULL), "h-docks,h-port");
	/* The scheduled one shows once due, in its section. */
	sq.from = 0;
	sq.section = 21;
	sq.order = GZ_SEARCH_NEWEST;
	CHECK_STR(run_slugs(sq, NULL), "h-docks");
	sq.page = 1;
	sq.per_page = 10;
	CHECK_INT(gz_search_run(db, &arena, &sq, 1800009999, &res), GZ_OK);
	CHECK_INT(res.nhits, 2);
	if (res.nhits == 2) {
		CHECK_STR(res.hits[0].slug, "h-later");
	}
	/* Refused: reversed or empty range, negative values. */
	sq.from = 1799000073;
	sq.to = 1799000073;
	CHECK_INT(gz_search_run(db, &arena, &sq, NOW, &res), GZ_EINVAL);
	CHECK(res.hits == NULL && res.nhits == 0 && res.total == 0);
	sq.to = 1799000070;
	CHECK_INT(gz_search_run(db, &arena, &sq, NOW, &res), GZ_EINVAL);
	sq.from = -1;
	sq.to = 0;
	CHECK_INT(gz_search_run(db, &arena, &sq, NOW, &res), GZ_EINVAL);
	sq.from = 0;
	sq.to = -5;
	CHECK_INT(gz_search_run(db, &arena, &sq, NOW, &res), GZ_EINVAL);
	sq.to = 0;
	sq.section = -1;
	CHECK_INT(gz_search_run(db, &arena, &sq, NOW, &res), GZ_EINVAL);
	sq.section = 0;
	sq.before = -1;
	CHECK_INT(gz_search_run(db, &arena, &sq, NOW, &res), GZ_EINVAL);
	sq.before = 0;
	sq.q = "\"";
	CHECK_INT(gz_search_run(db, &arena, &sq, NOW, &res), GZ_EINVAL);
	CHECK(raw_exec(h, "DELETE FROM articles WHERE id BETWEEN 70 AND 77;"
	                  "DELETE FROM categories WHERE id IN (20, 21, 22, 30, 31)"));
}

/* Writes through the hardened connection keep the index in step. */
/* Articles matching the SQL condition cond; -1 on error. */
static int
count_where(const char *cond)
{
	char sql[256];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM articles WHERE %s", cond);
	return (int)testdb_int(db, sql);
}

static void
test_sync(void)
{
	sqlite3 *h = gz_db_handle(db);

	CHECK(raw_exec(h, "UPDATE articles SET title = 'Walrus expansion' WHERE id = 6"));
	CHECK_STR(slugs("walrus", NOW, NULL), "title-match");
	CHECK_STR(slugs("harbour", NOW, NULL), "body-match");
	/* Not a text column: the trigger does not fire, nothing changes. */
	CHECK(raw_exec(h, "UPDATE articles SET views = views + 1 WHERE id = 6"));
	CHECK(raw_exec(h, "UPDATE articles SET title = title, body = body WHERE id = 6"));
	CHECK(raw_exec(h, "DELETE FROM articles WHERE id = 7"));
	CHECK_STR(slugs("harbour", NOW, NULL), "");
	CHECK(raw_exec(h, "INSERT INTO articles (id, slug, title, body, author_id, status, "
	                  "published_at, created_at, updated_at) VALUES (200, 'new', 'Fresh', "
	                  "'新的文章 about narwhals', 1, 'published', 1799999999, 0, 0)"));
	CHECK_STR(slugs("narwhal", NOW, NULL), "new");
	CHECK_STR(slugs("文章", NOW, NULL), "new");
	/* The index agrees with the articles table, token for token. */
	CHECK(raw_exec(h, "INSERT INTO article_fts (article_fts, rank) "
	                  "VALUES ('integrity-check', 1)"));
	/* Every stored length is FTS5's, through inserts, edits and no-op saves. */
	CHECK_INT(count_where("search_len <> gz_search_len(id) OR search_len <= 0"), 0);
	/* "Fresh" + 新的 的文 文章 about narwhals (the colocated 章 takes no position). */
	CHECK(count_where("id = 200 AND search_len = 6") == 1);
	CHECK(count_where("id = 6 AND search_len = gz_search_len(6)") == 1);
}

/*
 * Largest relative gap between gz_rank and FTS5's bm25 (same weights) over
 * every row matching match; -1 if a query fails or nothing matches.
 */
static double
rank_gap(const char *match)
{
	sqlite3_stmt *st = NULL;
	double worst = -1, g, r, b, s;

	/* Both ways of giving the length: NULL (FTS5 reads it) and stored. */
	if (sqlite3_prepare_v2(gz_db_handle(db),
	                       "SELECT gz_rank(article_fts, NULL, 10.0, 3.0, 1.0), "
	                       "bm25(article_fts, 10.0, 3.0, 1.0), "
	                       "gz_rank(article_fts, a.search_len, 10.0, 3.0, 1.0) "
	                       "FROM article_fts JOIN articles a ON a.id = article_fts.rowid "
	                       "WHERE article_fts MATCH ?1",
	                       -1, &st, NULL) != SQLITE_OK) {
		return -1;
	}
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		r = sqlite3_column_double(st, 0);
		b = sqlite3_column_double(st, 1);
		s = sqlite3_column_double(st, 2);
		if (r != s) {
			return 1; /* the stored length is not FTS5's */
		}
		g = b != 0 ? (r - b) / b : r;
		g = g < 0 ? -g : g;
		worst = g > worst ? g : worst;
	}
	sqlite3_finalize(st);
	return worst;
}

/*
 * gz_rank is bm25 with document counts sampled: exact for a term in few
 * documents, within a few per cent for one in many (here 1 in 4 of 2,000
 * articles, past the 256 counted), and bounded in cost either way.
 */
static void
test_gz_rank(void)
{
	sqlite3 *h = gz_db_handle(db);
	char sql[256];
	double g;
	int i;

	g = rank_gap("\"walrus\"");
	CHECK(g >= 0 && g < 1e-9);
	g = rank_gap("\"lorem\" \"ipsum\"");
	CHECK(g >= 0 && g < 1e-9);
	CHECK(raw_exec(h, "BEGIN"));
	for (i = 1001; i <= 3000; i++) {
		snprintf(sql, sizeof(sql),
		         "INSERT INTO articles (id, slug, title, body, author_id, status, "
		         "published_at, created_at, updated_at) VALUES (%d, 'r%d', 'Rank %d', "
		         "'%s text', 1, 'published', 1000, 0, 0);",
		         i, i, i,
		         i % 4 == 0    ? "common beluga"
		         : i % 97 == 0 ? "rare beluga"
		                       : "plain");
		CHECK(raw_exec(h, sql));
	}
	CHECK(raw_exec(h, "COMMIT"));
	g = rank_gap("\"common\"");
	CHECK(g >= 0 && g < 0.05);
	g = rank_gap("\"rare\"");
	CHECK(g >= 0 && g < 1e-9);
	g = rank_gap("\"beluga\" \"rare\"");
	CHECK(g >= 0 && g < 0.05);
	/* The ordering a reader sees is bm25's. */
	CHECK_STR(slugs("rare beluga", NOW, NULL) ? "ok" : "", "ok");
}

/*
 * Batches: past GZ_SEARCH_CANDIDATES matches the search says there are
 * more and where to go on (the last kept id); following next_before
 * reaches every match once, each batch ranking at most
 * GZ_SEARCH_CANDIDATES.  A filter that passes few rows stops the walk at
 * GZ_SEARCH_SCAN examined rows, and the cursor goes on below the last.
 * Runs after test_gz_rank, whose 2,000 articles (ids 1001..3000) all hold
 * "text".
 */
static void
test_batches(void)
{
	sqlite3 *h = gz_db_handle(db);
	struct gz_search_query sq = {0};
	struct gz_search_result res;
	char sql[320], *seen;
	int64_t before = 0;
	size_t i, hits = 0, nbatch = 0;
	int id, dup = 0;

	CHECK(raw_exec(h, "INSERT INTO categories (id, slug, name) VALUES (40, 'zoo', 'Zoo')"));
	CHECK(raw_exec(h, "BEGIN"));
	for (id = 5001; id <= 5450; id++) {
		snprintf(sql, sizeof(sql),
		         "INSERT INTO articles (id, slug, title, body, author_id, category_id, "
		         "status, published_at, created_at, updated_at) VALUES (%d, 'q%d', 'Quokka "
		         "%d', 'quokka', 1, %s, 'published', %d, 0, 0);",
		         id, id, id, id % 10 == 0 ? "40" : "NULL", 1700000000 + id);
		CHECK(raw_exec(h, sql));
	}
	for (id = 500; id < 510; id++) {
		snprintf(sql, sizeof(sql),
		         "INSERT INTO articles (id, slug, title, body, author_id, category_id, "
		         "status, published_at, created_at, updated_at) VALUES (%d, 'old%d', "
		         "'Old', 'old text', 1, 40, 'published', 900, 0, 0);",
		         id, id);
		CHECK(raw_exec(h, sql));
	}
	CHECK(raw_exec(h, "COMMIT"));

	/* 450 matches: 200, 200, 50, each batch below the last one's end. */
	seen = calloc(451, 1);
	CHECK(seen != NULL);
	sq.q = "quokka";
	sq.per_page = GZ_SEARCH_PER_PAGE_MAX;
	do {
		int page;

		sq.before = before;
		for (page = 1; seen != NULL && page <= 5; page++) {
			sq.page = page;
			CHECK_INT(gz_search_run(db, &arena, &sq, NOW, &res), GZ_OK);
			for (i = 0; i < res.nhits; i++) {
				id = (int)res.hits[i].id;
				CHECK(id > 5000 && id <= 5450 && (before == 0 || id < before));
				if (id > 5000 && id <= 5450) {
					dup += seen[id - 5000]++ != 0;
				}
				hits++;
			}
			CHECK(page < 5 || res.nhits == 0);
		}
		CHECK_INT(res.total, nbatch < 2 ? 200 : 50);
		CHECK_INT(res.scanned, nbatch < 2 ? 200 : 50);
		CHECK_INT(res.more, nbatch < 2);
		CHECK_INT(res.next_before, nbatch == 0 ? 5251 : nbatch == 1 ? 5051 : 0);
		before = res.next_before;
		nbatch++;
	} while (res.more && nbatch < 5);
	CHECK_INT(nbatch, 3);
	CHECK_INT(hits, 450);
	CHECK_INT(dup, 0);
	free(seen);

	/* The old interface still says "more than 200". */
	{
		struct gz_search_hit *h1;
		size_t n;
		int64_t total;

		CHECK_INT(gz_search(db, &arena, "quokka", NOW, 1, 10, &h1, &n, &total), GZ_OK);
		CHECK_INT(total, GZ_SEARCH_CANDIDATES + 1);
		CHECK_INT(gz_search(db, &arena, "quokka", NOW, 21, 10, &h1, &n, &total), GZ_OK);
		CHECK_INT(n, 0);
	}

	/* A section filter over the same walk: 45 of the 450, one batch. */
	sq.before = 0;
	sq.page = 1;
	sq.section = 40;
	CHECK_INT(gz_search_run(db, &arena, &sq, NOW, &res), GZ_OK);
	CHECK_INT(res.total, 45);
	CHECK_INT(res.scanned, 450);
	CHECK_INT(res.more, 0);

	/* "text": 2,000 newer matches outside the section, then 10 in it. */
	sq.q = "text";
	CHECK_INT(gz_search_run(db, &arena, &sq, NOW, &res), GZ_OK);
	CHECK_INT(res.total, 0);
	CHECK_INT(res.nhits, 0);
	CHECK_INT(res.scanned, GZ_SEARCH_SCAN);
	CHECK_INT(res.more, 1);
	CHECK_INT(res.next_before, 1001);
	sq.before = res.next_before;
	CHECK_INT(gz_search_run(db, &arena, &sq, NOW, &res), GZ_OK);
	CHECK_INT(res.total, 10);
	CHECK_INT(res.nhits, 10);
	CHECK_INT(res.more, 0);
	/* Without the filter the first batch is the newest 200 of them. */
	sq.section = 0;
	sq.before = 0;
	CHECK_INT(gz_search_run(db, &arena, &sq, NOW, &res), GZ_OK);
	CHECK_INT(res.total, 200);
	CHECK_INT(res.more, 1);
	CHECK_INT(res.next_before, 2801);
	/*
	 * A "to" date starts the walk below the ids published after it: the
	 * 10 old "text" articles (published at 900) are found in the first
	 * batch, having examined only them, not the 2,000 newer ones.
	 */
	sq.section = 0;
	sq.before = 0;
	sq.to = 950;
	CHECK_INT(gz_search_run(db, &arena, &sq, NOW, &res), GZ_OK);
	CHECK_INT(res.total, 10);
	CHECK_INT(res.scanned, 10);
	CHECK_INT(res.more, 0);
	/* The quokkas published before 1700005100: ids 5001..5099. */
	sq.q = "quokka";
	sq.to = 1700005100;
	CHECK_INT(gz_search_run(db, &arena, &sq, NOW, &res), GZ_OK);
	CHECK_INT(res.total, 99);
	CHECK_INT(res.scanned, 99);
	CHECK_INT(res.more, 0);
	/* With a cursor below that, from the cursor. */
	sq.before = 5050;
	CHECK_INT(gz_search_run(db, &arena, &sq, NOW, &res), GZ_OK);
	CHECK_INT(res.total, 49);
	/* Before every article: nothing, and no walk at all. */
	sq.before = 0;
	sq.to = 800;
	CHECK_INT(gz_search_run(db, &arena, &sq, NOW, &res), GZ_OK);
	CHECK_INT(res.total, 0);
	CHECK_INT(res.scanned, 0);
	CHECK_INT(res.more, 0);
	sq.to = 0;
	sq.q = "text";
	/* A cursor below every match: an empty batch, not an error. */
	sq.before = 1;
	CHECK_INT(gz_search_run(db, &arena, &sq, NOW, &res), GZ_OK);
	CHECK_INT(res.total, 0);
	CHECK_INT(res.more, 0);
}

static void
test_teardown(void)
{
	gz_db_close(db);
	gz_arena_free(&arena);
	CHECK(testdb_teardown() == 0);
}

TEST_MAIN(T(test_setup), T(test_build), T(test_english), T(test_cjk), T(test_phrases),
          T(test_visibility), T(test_rank_and_snippet), T(test_pages), T(test_newest),
          T(test_hostile), T(test_filters), T(test_sync), T(test_gz_rank), T(test_batches),
          T(test_teardown))
