/*
 * Sections as a tree on a real database: the navigation's sections
 * (top-level, holding a visible article in them or below, in order, at
 * most max and "more"), a section's chain of parents, its subsections,
 * the whole tree with counts, and a section's listing holding its
 * subsections' articles: every page by both cursors and by offset equal
 * to one ordered query, counts and page numbers agreeing, a loop of
 * parents and a chain deeper than GZ_CATEGORY_DEPTH_MAX bounded, and the
 * statements that ran searching indexes rather than scanning or sorting.
 */
#include <stdio.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/article.h"
#include "gazette/category.h"
#include "test.h"
#include "testdb.h"

#define NOW 1800000000

static struct gz_arena arena;
static struct gz_db *db;

/*
 * Sections:            position  articles (visible unless said)
 *   1 News                 1     4
 *     2 World              0     6
 *       3 Europe           0     5  (+ 1 draft, 1 trashed)
 *       4 Asia             0     5  (+ 1 scheduled for later)
 *   5 Zebra                2     1
 *   6 apple                2     1    (no case: before Zebra)
 *   7 Empty                3     -
 *   8 Drafts               3     only a draft, a future and a trashed one
 *   9 Lonely               4     -
 *     10 Inner             0     2
 *   11 Late                9     1
 * Articles of 1..4 interleave in time, and ids 60/61 (Europe and Asia)
 * share one published_at, so the merge must order across sections by
 * (published_at, id).
 */
static void
fixture(void)
{
	static const int cat_of[20] = {1, 2, 3, 4, 2, 3, 4, 1, 2, 3, 4, 2, 1, 3, 4, 2, 1, 2, 3, 4};
	char sql[2048];
	int i;

	CHECK(testdb_exec(db, "INSERT INTO users (id, login, display_name, role, created_at) "
	                      "VALUES (1, 'ed', 'Ed', 'admin', 0);"
	                      "INSERT INTO categories (id, slug, name, parent_id, position) VALUES "
	                      "(1, 'news', 'News', NULL, 1), (2, 'world', 'World', 1, 0), "
	                      "(3, 'europe', 'Europe', 2, 0), (4, 'asia', 'Asia', 2, 0), "
	                      "(5, 'zebra', 'Zebra', NULL, 2), (6, 'apple', 'apple', NULL, 2), "
	                      "(7, 'empty', 'Empty', NULL, 3), (8, 'drafts', 'Drafts', NULL, 3), "
	                      "(9, 'lonely', 'Lonely', NULL, 4), (10, 'inner', 'Inner', 9, 0), "
	                      "(11, 'late', 'Late', NULL, 9);"));
	for (i = 0; i < 20; i++) {
		snprintf(sql, sizeof(sql),
		         "INSERT INTO articles (id, slug, title, author_id, category_id, status, "
		         "published_at, created_at, updated_at) VALUES (%d, 'a%d', 'A%d', 1, %d, "
		         "'published', %d, 0, 0);",
		         40 + i, 40 + i, 40 + i, cat_of[i], NOW - 100000 + 1000 * i);
		CHECK(testdb_exec(db, sql));
	}
	snprintf(sql, sizeof(sql),
	         "INSERT INTO articles (id, slug, title, author_id, category_id, status, "
	         "published_at, created_at, updated_at) VALUES "
	         "(60, 'tie-e', 'T', 1, 3, 'published', %d, 0, 0),"
	         "(61, 'tie-a', 'T', 1, 4, 'published', %d, 0, 0),"
	         "(62, 'eu-draft', 'D', 1, 3, 'draft', NULL, 0, 0),"
	         "(63, 'eu-trash', 'T', 1, 3, 'trash', %d, 0, 0),"
	         "(64, 'asia-later', 'L', 1, 4, 'scheduled', %d, 0, 0),"
	         "(65, 'z', 'Z', 1, 5, 'published', %d, 0, 0),"
	         "(66, 'ap', 'Ap', 1, 6, 'published', %d, 0, 0),"
	         "(67, 'd1', 'D', 1, 8, 'draft', NULL, 0, 0),"
	         "(68, 'd2', 'D', 1, 8, 'scheduled', %d, 0, 0),"
	         "(69, 'd3', 'D', 1, 8, 'trash', %d, 0, 0),"
	         "(70, 'in1', 'I', 1, 10, 'published', %d, 0, 0),"
	         "(71, 'in2', 'I', 1, 10, 'published', %d, 0, 0),"
	         "(72, 'late', 'L', 1, 11, 'published', %d, 0, 0);",
	         NOW - 90500, NOW - 90500, NOW - 1, NOW + 60, NOW - 5, NOW - 6, NOW + 60, NOW - 7,
	         NOW - 8, NOW - 9, NOW - 10);
	CHECK(testdb_exec(db, sql));
}

static void
test_setup(void)
{
	gz_arena_init(&arena, 4096, 0);
	CHECK(testdb_setup("category_tree") == 0);
	CHECK((db = testdb_open("t.db")) != NULL);
	if (db != NULL) {
		fixture();
	}
}

/* The slugs of n categories joined by spaces, in arena. */
static const char *
slugs(const struct gz_category *c, size_t n)
{
	char buf[1024] = "";
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0) {
			strncat(buf, " ", sizeof(buf) - strlen(buf) - 1);
		}
		strncat(buf, c[i].slug, sizeof(buf) - strlen(buf) - 1);
	}
	return gz_arena_strdup(&arena, buf);
}

static void
test_nav(void)
{
	struct gz_category *c;
	size_t n;
	int more;

	/* Empty (7) and draft-only (8) sections are left out; Lonely (9)
	 * holds only through Inner; no child is ever listed. */
	CHECK_INT(gz_category_nav(db, &arena, NOW, 10, &c, &n, &more), GZ_OK);
	CHECK_STR(slugs(c, n), "news apple zebra lonely late");
	CHECK_INT(more, 0);
	CHECK_INT(c[0].parent_id, 0);
	/* At most max, and "more" when one more holds something. */
	CHECK_INT(gz_category_nav(db, &arena, NOW, 4, &c, &n, &more), GZ_OK);
	CHECK_STR(slugs(c, n), "news apple zebra lonely");
	CHECK_INT(more, 1);
	CHECK_INT(gz_category_nav(db, &arena, NOW, 5, &c, &n, &more), GZ_OK);
	CHECK_INT(n, 5);
	CHECK_INT(more, 0);
	CHECK_INT(gz_category_nav(db, &arena, NOW, 1, &c, &n, &more), GZ_OK);
	CHECK_STR(slugs(c, n), "news");
	CHECK_INT(more, 1);
	/* The scheduled article of Drafts counts once it is due. */
	CHECK_INT(gz_category_nav(db, &arena, NOW + 60, 10, &c, &n, &more), GZ_OK);
	CHECK_STR(slugs(c, n), "news apple zebra drafts lonely late");
	/* Before anything was published, nothing. */
	CHECK_INT(gz_category_nav(db, &arena, NOW - 200000, 10, &c, &n, &more), GZ_OK);
	CHECK_INT(n, 0);
	CHECK(c == NULL);
	CHECK_INT(more, 0);
}

static void
test_chain_children(void)
{
	struct gz_category *c;
	size_t n;

	CHECK_INT(gz_category_chain(db, &arena, 3, &c, &n), GZ_OK);
	CHECK_STR(slugs(c, n), "news world europe");
	CHECK_STR(c[0].name, "News");
	CHECK_INT(c[2].parent_id, 2);
	CHECK_INT(gz_category_chain(db, &arena, 1, &c, &n), GZ_OK);
	CHECK_STR(slugs(c, n), "news");
	CHECK_INT(gz_category_chain(db, &arena, 999, &c, &n), GZ_ENOTFOUND);
	CHECK_INT(n, 0);

	CHECK_INT(gz_category_children(db, &arena, NOW, 1, &c, &n), GZ_OK);
	CHECK_STR(slugs(c, n), "world");
	CHECK_INT(gz_category_children(db, &arena, NOW, 2, &c, &n), GZ_OK);
	CHECK_STR(slugs(c, n), "asia europe");
	CHECK_INT(gz_category_children(db, &arena, NOW, 9, &c, &n), GZ_OK);
	CHECK_STR(slugs(c, n), "inner");
	/* Leaves, and sections whose children hold nothing visible. */
	CHECK_INT(gz_category_children(db, &arena, NOW, 3, &c, &n), GZ_OK);
	CHECK_INT(n, 0);
	CHECK_INT(gz_category_children(db, &arena, NOW - 200000, 9, &c, &n), GZ_OK);
	CHECK_INT(n, 0);
}

/* The articles of category key's listing, by one plain ordered query. */
static size_t
expected(int64_t key, time_t now, int64_t *ids, size_t max)
{
	char sql[768];
	sqlite3_stmt *st;
	size_t n = 0;

	snprintf(sql, sizeof(sql),
	         "WITH RECURSIVE t(id) AS (SELECT %lld UNION SELECT c.id FROM categories c "
	         "JOIN t ON c.parent_id = t.id) SELECT a.id FROM articles a WHERE a.status IN "
	         "('published', 'scheduled') AND a.published_at <= %lld AND a.category_id IN "
	         "(SELECT id FROM t) ORDER BY a.published_at DESC, a.id DESC",
	         (long long)key, (long long)now);
	if (sqlite3_prepare_v2(gz_db_handle(db), sql, -1, &st, NULL) != SQLITE_OK) {
		return 0;
	}
	while (n < max && sqlite3_step(st) == SQLITE_ROW) {
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return n;
}

/*
 * Walk category key's listing per articles a page, older by the before
 * cursor, then back newer by the after cursor, and by offset: each page
 * is the matching slice of the expected list, and the count agrees.
 */
static void
walk(int64_t key, int per)
{
	struct gz_list_query q = {GZ_LIST_CATEGORY, key, GZ_CURSOR_NONE, 0, 0, 0, per};
	struct gz_article_summary *page;
	int64_t want[64], total, newer;
	size_t nwant = expected(key, NOW, want, 64), at = 0, n, i;
	int ok = 1;

	CHECK_INT(gz_article_list_count(db, NOW, GZ_LIST_CATEGORY, key, 0, 0, &total, NULL), GZ_OK);
	CHECK_INT(total, nwant);
	/* Older, page by page. */
	for (;;) {
		CHECK_INT(gz_article_list(db, &arena, NOW, &q, &page, &n), GZ_OK);
		for (i = 0; i < n; i++) {
			ok &= at + i < nwant && page[i].id == want[at + i];
		}
		if (n > 0) {
			CHECK_INT(gz_article_list_count(db, NOW, GZ_LIST_CATEGORY, key,
			                                page[n - 1].published_at, page[n - 1].id,
			                                &total, &newer),
			          GZ_OK);
			ok &= newer == (int64_t)(at + n);
		}
		at += n;
		if (n < (size_t)per) {
			break;
		}
		q.cursor = GZ_CURSOR_BEFORE;
		q.cursor_ts = page[n - 1].published_at;
		q.cursor_id = page[n - 1].id;
	}
	CHECK_INT(at, nwant);
	/* Newer, from past the oldest back to the newest. */
	q.cursor = GZ_CURSOR_AFTER;
	q.cursor_ts = 1;
	q.cursor_id = 1;
	at = nwant;
	while (at > 0) {
		size_t from = at > (size_t)per ? at - (size_t)per : 0;

		CHECK_INT(gz_article_list(db, &arena, NOW, &q, &page, &n), GZ_OK);
		CHECK_INT(n, at - from);
		for (i = 0; i < n; i++) {
			ok &= page[i].id == want[from + i];
		}
		if (n == 0) {
			break;
		}
		q.cursor_ts = page[0].published_at;
		q.cursor_id = page[0].id;
		at = from;
	}
	CHECK_INT(gz_article_list(db, &arena, NOW, &q, &page, &n), GZ_OK);
	CHECK_INT(n, 0);
	/* By offset, as a bare /page/N link. */
	q.cursor = GZ_CURSOR_NONE;
	for (q.offset = 0; q.offset <= (int64_t)nwant; q.offset += per) {
		CHECK_INT(gz_article_list(db, &arena, NOW, &q, &page, &n), GZ_OK);
		for (i = 0; i < n; i++) {
			ok &= page[i].id == want[q.offset + (int64_t)i];
		}
		ok &= n == (nwant - (size_t)q.offset < (size_t)per ? nwant - (size_t)q.offset
		                                                   : (size_t)per);
	}
	if (!ok) {
		fprintf(stderr, "walk of category %lld by %d differs\n", (long long)key, per);
	}
	CHECK(ok);
}

static void
test_listing(void)
{
	struct gz_list_query q = {GZ_LIST_CATEGORY, 1, GZ_CURSOR_NONE, 0, 0, 0, 100};
	struct gz_article_summary *page;
	int64_t total;
	size_t n;
	int per;

	/* News lists its own 4, World's 6, Europe's 6 and Asia's 6 visible. */
	CHECK_INT(gz_article_list(db, &arena, NOW, &q, &page, &n), GZ_OK);
	CHECK_INT(n, 22);
	if (n == 22) {
		CHECK_INT(page[0].id, 59);
		/* The tie: same time, the higher id first, across sections. */
		CHECK_INT(page[10].id, 61);
		CHECK_INT(page[11].id, 60);
		CHECK_STR(page[10].category_slug, "asia");
	}
	/* The scheduled one joins Asia's listing, and News's, when due. */
	CHECK_INT(gz_article_list_count(db, NOW + 60, GZ_LIST_CATEGORY, 1, 0, 0, &total, NULL),
	          GZ_OK);
	CHECK_INT(total, 23);
	for (per = 1; per <= 23; per += per < 4 ? 1 : 5) {
		walk(1, per);
		walk(2, per);
		walk(3, per);
		walk(9, per);
		walk(7, per);
	}
}

static void
test_tree(void)
{
	static const struct {
		const char *slug;
		int depth;
		int64_t count;
	} want[] = {
	    {"news", 0, 22},  {"world", 1, 18}, {"asia", 2, 6},   {"europe", 2, 6},
	    {"apple", 0, 1},  {"zebra", 0, 1},  {"drafts", 0, 0}, {"empty", 0, 0},
	    {"lonely", 0, 2}, {"inner", 1, 2},  {"late", 0, 1},
	};
	struct gz_category_node *node;
	size_t n, i;
	int64_t total;

	CHECK_INT(gz_category_tree(db, &arena, NOW, &node, &n), GZ_OK);
	CHECK_INT(n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < n && i < sizeof(want) / sizeof(want[0]); i++) {
		CHECK_STR(node[i].c.slug, want[i].slug);
		CHECK_INT(node[i].depth, want[i].depth);
		CHECK_INT(node[i].count, want[i].count);
		/* What the section's page will say it lists. */
		CHECK_INT(gz_article_list_count(db, NOW, GZ_LIST_CATEGORY, node[i].c.id, 0, 0,
		                                &total, NULL),
		          GZ_OK);
		CHECK_INT(total, node[i].count);
	}
}

/*
 * Bad trees: a loop of parents (only a hand-written UPDATE can make one:
 * the editor refuses it) and a chain of 20 levels.  Every walk stops, the
 * tree lists every section once, and the listing of the chain's top
 * reaches GZ_CATEGORY_DEPTH_MAX levels down, as its count says.
 */
static void
test_bad_trees(void)
{
	struct gz_category_node *node;
	struct gz_category *c;
	struct gz_list_query q = {GZ_LIST_CATEGORY, 100, GZ_CURSOR_NONE, 0, 0, 0, 100};
	struct gz_article_summary *page;
	char sql[1024];
	size_t n, i, seen_loop = 0;
	int64_t total;
	int more;

	CHECK(testdb_exec(db, "INSERT INTO categories (id, slug, name) VALUES "
	                      "(90, 'loop-a', 'Loop A'), (91, 'loop-b', 'Loop B');"
	                      "UPDATE categories SET parent_id = 91 WHERE id = 90;"
	                      "UPDATE categories SET parent_id = 90 WHERE id = 91;"
	                      "INSERT INTO articles (id, slug, title, author_id, category_id, "
	                      "status, published_at, created_at, updated_at) VALUES "
	                      "(80, 'in-loop', 'L', 1, 91, 'published', 1799990000, 0, 0);"));
	for (i = 0; i < 20; i++) {
		snprintf(sql, sizeof(sql),
		         "INSERT INTO categories (id, slug, name, parent_id, position) VALUES "
		         "(%zu, 'deep%zu', 'Deep %zu', %s, 20);"
		         "INSERT INTO articles (id, slug, title, author_id, category_id, status, "
		         "published_at, created_at, updated_at) VALUES (%zu, 'deep-a%zu', 'D', 1, "
		         "%zu, 'published', %zu, 0, 0);",
		         100 + i, i, i, i == 0 ? "NULL" : gz_arena_printf(&arena, "%zu", 99 + i),
		         200 + i, i, 100 + i, (size_t)NOW - 300000 + i);
		CHECK(testdb_exec(db, sql));
	}
	CHECK_INT(gz_category_chain(db, &arena, 90, &c, &n), GZ_OK);
	CHECK_INT(n, GZ_CATEGORY_DEPTH_MAX + 1);
	CHECK_STR(c[n - 1].slug, "loop-a");
	CHECK_INT(gz_category_chain(db, &arena, 119, &c, &n), GZ_OK);
	CHECK_INT(n, GZ_CATEGORY_DEPTH_MAX + 1);
	CHECK_STR(c[n - 1].slug, "deep19");
	CHECK_STR(c[0].slug, "deep3");
	/* The loop is no top-level section: not in the menu. */
	CHECK_INT(gz_category_nav(db, &arena, NOW, 20, &c, &n, &more), GZ_OK);
	CHECK_STR(slugs(c, n), "news apple zebra lonely late deep0");

	CHECK_INT(gz_category_tree(db, &arena, NOW, &node, &n), GZ_OK);
	CHECK_INT(n, 11 + 2 + 20);
	for (i = 0; i < n; i++) {
		if (strncmp(node[i].c.slug, "loop-", 5) == 0) {
			seen_loop++;
			/* The loop's one article counts once for each of the two. */
			CHECK_INT(node[i].count, 1);
		}
		if (strcmp(node[i].c.slug, "deep0") == 0) {
			CHECK_INT(node[i].depth, 0);
			CHECK_INT(node[i].count, GZ_CATEGORY_DEPTH_MAX + 1);
		}
		if (strcmp(node[i].c.slug, "deep19") == 0) {
			CHECK_INT(node[i].depth, GZ_CATEGORY_DEPTH_MAX);
			CHECK_INT(node[i].count, 1);
		}
	}
	CHECK_INT(seen_loop, 2);
	CHECK_INT(gz_article_list(db, &arena, NOW, &q, &page, &n), GZ_OK);
	CHECK_INT(n, GZ_CATEGORY_DEPTH_MAX + 1);
	CHECK_INT(gz_article_list_count(db, NOW, GZ_LIST_CATEGORY, 100, 0, 0, &total, NULL), GZ_OK);
	CHECK_INT(total, GZ_CATEGORY_DEPTH_MAX + 1);
	q.key = 90;
	CHECK_INT(gz_article_list(db, &arena, NOW, &q, &page, &n), GZ_OK);
	CHECK_INT(n, 1);
	CHECK_INT(gz_article_list_count(db, NOW, GZ_LIST_CATEGORY, 90, 0, 0, &total, NULL), GZ_OK);
	CHECK_INT(total, 1);
	CHECK(testdb_exec(db, "DELETE FROM articles WHERE id = 80 OR id >= 200;"
	                      "DELETE FROM categories WHERE id >= 90;"));
}

/*
 * The statements that ran (the connection's cached ones, found by their
 * text) search indexes: a parent's listing's walk per category and its
 * counts, the subtree, the menu and the subsections.  No table scan, and
 * no temporary B-tree: neither a sort nor a CTE's table.
 */
static void
test_plans(void)
{
	static const struct {
		const char *marker; /* a piece of the statement's text */
		const char *index;  /* an index its plan must name */
	} want[] = {
	    {"SELECT a.id, a.published_at FROM articles a", "articles_cat_pub"},
	    {"count(*), sum((a.published_at", "articles_cat_pub"},
	    {"SELECT id FROM categories WHERE parent_id = ?1", "categories_tree"},
	    {"WHERE r.parent_id IS NULL", "categories_tree"},
	    {"WHERE r.parent_id = ?2", "categories_tree"},
	};
	sqlite3 *h = gz_db_handle(db);
	sqlite3_stmt *st = NULL, *plan;
	size_t i, found[5] = {0};

	while ((st = sqlite3_next_stmt(h, st)) != NULL) {
		const char *sql = sqlite3_sql(st);

		for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
			char *text;
			int uses = 0, bad = 0;

			if (sql == NULL || strstr(sql, want[i].marker) == NULL ||
			    strstr(sql, "EXPLAIN") != NULL) {
				continue;
			}
			found[i]++;
			text = gz_arena_printf(&arena, "EXPLAIN QUERY PLAN %s", sql);
			CHECK(sqlite3_prepare_v2(h, text, -1, &plan, NULL) == SQLITE_OK);
			while (plan != NULL && sqlite3_step(plan) == SQLITE_ROW) {
				const char *d = (const char *)sqlite3_column_text(plan, 3);

				uses |= d != NULL && strstr(d, want[i].index) != NULL;
				/* The menu's walk down scans its CTE's few rows; the
				 * listing's statements have no CTE at all. */
				if (d != NULL &&
				    ((strncmp(d, "SCAN ", 5) == 0 && strcmp(d, "SCAN sub") != 0 &&
				      strcmp(d, "SCAN CONSTANT ROW") != 0) ||
				     (i < 3 && strstr(d, "TEMP B-TREE") != NULL))) {
					bad++;
					fprintf(stderr, "plan of %s: %s\n", want[i].marker, d);
				}
			}
			sqlite3_finalize(plan);
			CHECK(uses);
			CHECK_INT(bad, 0);
		}
	}
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		if (found[i] == 0) {
			fprintf(stderr, "no cached statement holds %s\n", want[i].marker);
		}
		CHECK(found[i] > 0);
	}
}

static void
test_teardown(void)
{
	gz_db_close(db);
	CHECK(testdb_teardown() == 0);
	gz_arena_free(&arena);
}

TEST_MAIN(T(test_setup), T(test_nav), T(test_chain_children), T(test_listing), T(test_tree),
          T(test_bad_trees), T(test_plans), T(test_teardown))
