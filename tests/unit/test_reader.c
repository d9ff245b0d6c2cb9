/*
 * The reader-side article model on a real database: visibility (drafts,
 * trash, scheduled), keyset pagination across page boundaries, counts and
 * page numbers, lookup by slug and by old slug, related articles and
 * neighbours.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/article.h"
#include "gazette/stats.h"
#include "gazette/category.h"
#include "gazette/tag.h"
#include "test.h"
#include "testdb.h"

#define NOW 1800000000

static struct gz_arena arena;
static struct gz_db *db;

/* 25 published articles in category 1 (ids 1..25, one hour apart, id 25
 * newest), a draft, a trashed one, one scheduled in the future and one
 * scheduled in the past; tags: 1 on odd ids, 2 on ids divisible by 5. */
static void
fixture(void)
{
	char sql[512];
	int i;

	CHECK(testdb_exec(db, "INSERT INTO users (id, login, display_name, role, created_at) "
	                      "VALUES (1, 'admin', 'Admin', 'admin', 0), "
	                      "(2, 'writer', 'Wri <b>ter', 'author', 0);"
	                      "INSERT INTO categories (id, slug, name) VALUES (1, 'industry', "
	                      "'Industry'), (2, 'policy', 'Policy');"
	                      "INSERT INTO tags (id, slug, name) VALUES (1, 'odd', 'Odd'), "
	                      "(2, 'five', 'Five'), (3, 'none', 'None');"));
	for (i = 1; i <= 25; i++) {
		snprintf(sql, sizeof(sql),
		         "INSERT INTO articles (id, slug, title, body, author_id, category_id, "
		         "status, published_at, created_at, updated_at) VALUES (%d, 'a%d', 'A%d', "
		         "'b', %d, 1, 'published', %d, 0, 0);",
		         i, i, i, i % 2 ? 1 : 2, NOW - 3600 * (26 - i));
		CHECK(testdb_exec(db, sql));
		if (i % 2) {
			snprintf(sql, sizeof(sql), "INSERT INTO article_tags VALUES (%d, 1);", i);
			CHECK(testdb_exec(db, sql));
		}
		if (i % 5 == 0) {
			snprintf(sql, sizeof(sql), "INSERT INTO article_tags VALUES (%d, 2);", i);
			CHECK(testdb_exec(db, sql));
		}
	}
	snprintf(sql, sizeof(sql),
	         "INSERT INTO articles (id, slug, title, author_id, category_id, status, "
	         "published_at, created_at, updated_at) VALUES "
	         "(30, 'draft', 'D', 1, 1, 'draft', NULL, 0, 0),"
	         "(31, 'trashed', 'T', 1, 1, 'trash', %d, 0, 0),"
	         "(32, 'future', 'F', 1, 1, 'scheduled', %d, 0, 0),"
	         "(33, 'due', 'Due', 1, 2, 'scheduled', %d, 0, 0);"
	         "INSERT INTO slug_redirects VALUES ('old-a3', 3), ('old-future', 32);",
	         NOW - 10, NOW + 3600, NOW - 1);
	CHECK(testdb_exec(db, sql));
}

static void
test_setup(void)
{
	gz_arena_init(&arena, 4096, 0);
	CHECK(testdb_setup("reader") == 0);
	CHECK((db = testdb_open("r.db")) != NULL);
	if (db != NULL) {
		fixture();
	}
}

static void
test_visibility(void)
{
	struct gz_article a;
	const char *slug;

	CHECK_INT(gz_article_by_slug(db, &arena, "a1", NOW, &a), GZ_OK);
	CHECK_STR(a.s.title, "A1");
	CHECK_STR(a.s.category_slug, "industry");
	CHECK_INT(a.ntags, 1);
	CHECK_STR(a.tags[0].slug, "odd");
	CHECK_INT(gz_article_by_slug(db, &arena, "draft", NOW, &a), GZ_ENOTFOUND);
	CHECK_INT(gz_article_by_slug(db, &arena, "trashed", NOW, &a), GZ_ENOTFOUND);
	CHECK_INT(gz_article_by_slug(db, &arena, "future", NOW, &a), GZ_ENOTFOUND);
	CHECK_INT(gz_article_by_slug(db, &arena, "nope", NOW, &a), GZ_ENOTFOUND);
	/* A scheduled article appears by itself once its time has come. */
	CHECK_INT(gz_article_by_slug(db, &arena, "due", NOW, &a), GZ_OK);
	CHECK_INT(gz_article_by_slug(db, &arena, "future", NOW + 3600, &a), GZ_OK);

	CHECK_INT(gz_article_renamed(db, &arena, "old-a3", NOW, &slug), GZ_OK);
	CHECK_STR(slug, "a3");
	CHECK_INT(gz_article_renamed(db, &arena, "old-future", NOW, &slug), GZ_ENOTFOUND);
	CHECK_INT(gz_article_renamed(db, &arena, "a3", NOW, &slug), GZ_ENOTFOUND);
}

static void
test_visible_mark(void)
{
	int64_t m1, m2;

	CHECK_INT(gz_article_visible_mark(db, NOW, &m1), GZ_OK);
	CHECK_INT(m1, NOW - 1);
	CHECK_INT(gz_article_visible_mark(db, NOW + 3600, &m2), GZ_OK);
	CHECK_INT(m2, NOW + 3600);
}

/* Walk a listing page by page with cursors and check it equals one big
 * offset listing. */
static void
walk(enum gz_list_kind kind, int64_t key, int per, size_t want_total)
{
	struct gz_article_summary *all, *page;
	struct gz_list_query q = {kind, key, 0, 0, 0, 0, 100};
	size_t nall, n, seen = 0, i;
	int64_t count, newer;

	CHECK_INT(gz_article_list(db, &arena, NOW, &q, &all, &nall), GZ_OK);
	CHECK_INT(nall, want_total);
	CHECK_INT(gz_article_list_count(db, NOW, kind, key, 0, 0, &count, &newer), GZ_OK);
	CHECK_INT(count, want_total);
	CHECK_INT(newer, 0);
	q.limit = per;
	for (;;) {
		CHECK_INT(gz_article_list(db, &arena, NOW, &q, &page, &n), GZ_OK);
		if (n == 0) {
			break;
		}
		for (i = 0; i < n && seen + i < nall; i++) {
			CHECK_INT(page[i].id, all[seen + i].id);
		}
		if (q.cursor != GZ_CURSOR_NONE) {
			CHECK_INT(gz_article_list_count(db, NOW, kind, key, q.cursor_ts,
			                                q.cursor_id, &count, &newer),
			          GZ_OK);
			CHECK_INT(newer, seen);
		}
		seen += n;
		q.cursor = GZ_CURSOR_BEFORE;
		q.cursor_ts = page[n - 1].published_at;
		q.cursor_id = page[n - 1].id;
	}
	CHECK_INT(seen, want_total);
}

/* Walk a listing newest-wards with after cursors, from the last page's
 * first article up: each page must be the one the older walk (checked by
 * walk against the offset listing) showed, newest first. */
static void
walk_back(enum gz_list_kind kind, int64_t key, int per, time_t now)
{
	struct gz_article_summary *all, *page;
	struct gz_list_query q = {kind, key, GZ_CURSOR_NONE, 0, 0, 0, GZ_ARTICLE_LIST_MAX};
	size_t nall, n, start, i;

	CHECK_INT(gz_article_list(db, &arena, now, &q, &all, &nall), GZ_OK);
	q.limit = per;
	q.cursor = GZ_CURSOR_AFTER;
	for (start = nall ? (nall - 1) / (size_t)per * (size_t)per : 0; start > 0;
	     start -= (size_t)per) {
		q.cursor_ts = all[start].published_at;
		q.cursor_id = all[start].id;
		CHECK_INT(gz_article_list(db, &arena, now, &q, &page, &n), GZ_OK);
		CHECK_INT(n, per);
		for (i = 0; i < n && i < (size_t)per; i++) {
			CHECK_INT(page[i].id, all[start - (size_t)per + i].id);
		}
	}
	if (nall == 0) {
		return;
	}
	/* The newest boundary: nothing is newer than the newest article. */
	q.cursor_ts = all[0].published_at;
	q.cursor_id = all[0].id;
	CHECK_INT(gz_article_list(db, &arena, now, &q, &page, &n), GZ_OK);
	CHECK_INT(n, 0);
	CHECK(page == NULL);
	/* Near it the page is short: only what is newer, still newest first. */
	if (nall > 2 && per > 2) {
		q.cursor_ts = all[2].published_at;
		q.cursor_id = all[2].id;
		CHECK_INT(gz_article_list(db, &arena, now, &q, &page, &n), GZ_OK);
		CHECK_INT(n, 2);
		if (n == 2) {
			CHECK_INT(page[0].id, all[0].id);
			CHECK_INT(page[1].id, all[1].id);
		}
	}
	/* From the oldest article everything else is newer, and nothing
	 * invisible slips in. */
	q.limit = GZ_ARTICLE_LIST_MAX;
	q.cursor_ts = all[nall - 1].published_at;
	q.cursor_id = all[nall - 1].id;
	CHECK_INT(gz_article_list(db, &arena, now, &q, &page, &n), GZ_OK);
	CHECK_INT(n, nall - 1);
	for (i = 0; i < n && i < nall - 1; i++) {
		CHECK_INT(page[i].id, all[i].id);
	}
}

static void
test_listings(void)
{
	struct gz_article_summary *page;
	struct gz_list_query q = {GZ_LIST_ALL, 0, 0, 0, 0, 0, 10};
	size_t n;

	/* 25 published + 1 due; newest first: due (NOW-1) then a25 ... */
	CHECK_INT(gz_article_list(db, &arena, NOW, &q, &page, &n), GZ_OK);
	CHECK_INT(n, 10);
	CHECK_STR(page[0].slug, "due");
	CHECK_STR(page[1].slug, "a25");
	walk(GZ_LIST_ALL, 0, 10, 26);
	walk(GZ_LIST_ALL, 0, 7, 26);
	walk(GZ_LIST_ALL, 0, 26, 26);
	walk(GZ_LIST_CATEGORY, 1, 10, 25);
	walk(GZ_LIST_CATEGORY, 2, 10, 1);
	walk(GZ_LIST_TAG, 1, 4, 13);
	walk(GZ_LIST_TAG, 2, 2, 5);
	walk(GZ_LIST_TAG, 3, 2, 0);
	walk(GZ_LIST_AUTHOR, 2, 5, 12);
	/* Offset fallback for bare /page/N links. */
	q.offset = 20;
	CHECK_INT(gz_article_list(db, &arena, NOW, &q, &page, &n), GZ_OK);
	CHECK_INT(n, 6);
	q.offset = 26;
	CHECK_INT(gz_article_list(db, &arena, NOW, &q, &page, &n), GZ_OK);
	CHECK_INT(n, 0);
	/* Bounds. */
	q.limit = 0;
	CHECK_INT(gz_article_list(db, &arena, NOW, &q, &page, &n), GZ_EINVAL);
	q.limit = GZ_ARTICLE_LIST_MAX + 1;
	CHECK_INT(gz_article_list(db, &arena, NOW, &q, &page, &n), GZ_EINVAL);
	q.limit = 10;
	q.offset = -1;
	CHECK_INT(gz_article_list(db, &arena, NOW, &q, &page, &n), GZ_EINVAL);
	q.offset = 0;
	q.kind = (enum gz_list_kind)9;
	CHECK_INT(gz_article_list(db, &arena, NOW, &q, &page, &n), GZ_EINVAL);
}

/* Newer pages by the after cursor: every listing kind, ties on
 * published_at broken by id, the newest boundary, drafts, trash and
 * scheduled articles, and that the query walks an index without sorting. */
static void
test_newer_pages(void)
{
	static const char *const plans[] = {
	    "EXPLAIN QUERY PLAN SELECT a.id FROM articles a WHERE a.status IN ('published', "
	    "'scheduled') AND a.published_at <= ?1 AND ?5 IS NOT NULL AND (a.published_at, "
	    "a.id) > (?3, ?4) ORDER BY a.published_at ASC, a.id ASC LIMIT ?2",
	    "EXPLAIN QUERY PLAN SELECT a.id FROM articles a WHERE a.status IN ('published', "
	    "'scheduled') AND a.published_at <= ?1 AND a.category_id = ?5 AND (a.published_at, "
	    "a.id) > (?3, ?4) ORDER BY a.published_at ASC, a.id ASC LIMIT ?2",
	    "EXPLAIN QUERY PLAN SELECT a.id FROM articles a WHERE a.status IN ('published', "
	    "'scheduled') AND a.published_at <= ?1 AND a.author_id = ?5 AND (a.published_at, "
	    "a.id) > (?3, ?4) ORDER BY a.published_at ASC, a.id ASC LIMIT ?2",
	};
	struct gz_list_query q = {GZ_LIST_CATEGORY, 3, GZ_CURSOR_AFTER, 0, 0, 0, 3};
	struct gz_article_summary *page;
	char sql[1024];
	size_t n, i;
	int per;

	for (per = 1; per <= 26; per += per < 4 ? 1 : 6) {
		walk_back(GZ_LIST_ALL, 0, per, NOW);
		walk_back(GZ_LIST_CATEGORY, 1, per, NOW);
		walk_back(GZ_LIST_TAG, 1, per, NOW);
		walk_back(GZ_LIST_AUTHOR, 2, per, NOW);
	}
	walk_back(GZ_LIST_TAG, 3, 2, NOW);

	/*
	 * Category 3: twelve visible articles in pairs sharing published_at
	 * (ids 100..111, the higher id of a pair the newer), among them a
	 * draft and a trashed article at the same times, one scheduled in the
	 * past and one in the future.
	 */
	CHECK(
	    testdb_exec(db, "INSERT INTO categories (id, slug, name) VALUES (3, 'ties', 'Ties');"));
	for (i = 0; i < 12; i++) {
		snprintf(sql, sizeof(sql),
		         "INSERT INTO articles (id, slug, title, body, author_id, category_id, "
		         "status, published_at, created_at, updated_at) VALUES (%zu, 't%zu', 'T', "
		         "'b', 1, 3, '%s', %lld, 0, 0);",
		         100 + i, 100 + i, i == 7 ? "scheduled" : "published",
		         (long long)NOW - 7200 + 600 * (long long)(i / 2));
		CHECK(testdb_exec(db, sql));
	}
	snprintf(sql, sizeof(sql),
	         "INSERT INTO articles (id, slug, title, author_id, category_id, status, "
	         "published_at, created_at, updated_at) VALUES "
	         "(120, 'tdraft', 'D', 1, 3, 'draft', %lld, 0, 0),"
	         "(121, 'ttrash', 'T', 1, 3, 'trash', %lld, 0, 0),"
	         "(122, 'tnull', 'N', 1, 3, 'draft', NULL, 0, 0),"
	         "(123, 'tfuture', 'F', 1, 3, 'scheduled', %lld, 0, 0);",
	         (long long)NOW - 7200 + 600, (long long)NOW - 7200 + 1200, (long long)NOW + 60);
	CHECK(testdb_exec(db, sql));
	for (per = 1; per <= 13; per++) {
		walk(GZ_LIST_CATEGORY, 3, per, 12);
		walk_back(GZ_LIST_CATEGORY, 3, per, NOW);
	}
	/* A cursor on the older of a pair: the newer one comes first on the
	 * page above it, the pair is never split or repeated. */
	q.cursor_ts = NOW - 7200 + 600;
	q.cursor_id = 102;
	CHECK_INT(gz_article_list(db, &arena, NOW, &q, &page, &n), GZ_OK);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_INT(page[0].id, 105);
		CHECK_INT(page[1].id, 104);
		CHECK_INT(page[2].id, 103);
	}
	/* A cursor from a link made before: an id that is not there any more
	 * still orders by (published_at, id). */
	q.cursor_id = 150;
	CHECK_INT(gz_article_list(db, &arena, NOW, &q, &page, &n), GZ_OK);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_INT(page[2].id, 104);
	}
	/* The newest visible article: nothing newer now; the future one once
	 * it is due. */
	q.cursor_ts = NOW - 7200 + 3000;
	q.cursor_id = 111;
	CHECK_INT(gz_article_list(db, &arena, NOW, &q, &page, &n), GZ_OK);
	CHECK_INT(n, 0);
	CHECK_INT(gz_article_list(db, &arena, NOW + 60, &q, &page, &n), GZ_OK);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_STR(page[0].slug, "tfuture");
	}
	/* A cursor from the future shows nothing, even what is due by then. */
	q.cursor_ts = NOW + 30;
	q.cursor_id = 1;
	CHECK_INT(gz_article_list(db, &arena, NOW, &q, &page, &n), GZ_OK);
	CHECK_INT(n, 0);
	/* An unknown way of finding the page. */
	q.cursor = (enum gz_list_cursor)7;
	CHECK_INT(gz_article_list(db, &arena, NOW, &q, &page, &n), GZ_EINVAL);

	for (i = 0; i < sizeof(plans) / sizeof(plans[0]); i++) {
		sqlite3_stmt *st = gz_db_stmt(db, plans[i]);
		int uses_index = 0;

		CHECK(st != NULL);
		while (st != NULL && sqlite3_step(st) == SQLITE_ROW) {
			const char *d = (const char *)sqlite3_column_text(st, 3);

			if (d != NULL && strstr(d, "USING INDEX articles_") != NULL) {
				uses_index = 1;
			}
			CHECK(d == NULL || strstr(d, "TEMP B-TREE") == NULL);
		}
		gz_db_reset(st);
		CHECK(uses_index);
	}
}

static void
test_related_neighbours(void)
{
	struct gz_article a;
	struct gz_article_summary *rel, prev, next;
	size_t n, i;

	/* a15 has tags odd and five: a5 and a25 share both, so they lead. */
	CHECK_INT(gz_article_by_slug(db, &arena, "a15", NOW, &a), GZ_OK);
	CHECK_INT(gz_article_related(db, &arena, &a, NOW, 5, &rel, &n), GZ_OK);
	CHECK_INT(n, 5);
	if (n == 5) {
		CHECK_STR(rel[0].slug, "a25");
		CHECK_STR(rel[1].slug, "a5");
		/* Then odd-tagged ones, newest first. */
		CHECK_STR(rel[2].slug, "a23");
	}
	for (i = 0; i < n; i++) {
		CHECK(rel[i].id != a.s.id);
	}
	CHECK_INT(gz_article_neighbours(db, &arena, &a, NOW, &prev, &next), GZ_OK);
	CHECK_STR(prev.slug, "a14");
	CHECK_STR(next.slug, "a16");
	/* The oldest has no previous; the newest visible has no next. */
	CHECK_INT(gz_article_by_slug(db, &arena, "a1", NOW, &a), GZ_OK);
	CHECK_INT(gz_article_neighbours(db, &arena, &a, NOW, &prev, &next), GZ_OK);
	CHECK_INT(prev.id, 0);
	CHECK_STR(next.slug, "a2");
	CHECK_INT(gz_article_by_slug(db, &arena, "due", NOW, &a), GZ_OK);
	CHECK_INT(gz_article_neighbours(db, &arena, &a, NOW, &prev, &next), GZ_OK);
	CHECK_INT(next.id, 0);
	/* The future article never shows up as a neighbour or related item. */
	CHECK_INT(gz_article_related(db, &arena, &a, NOW, 50, &rel, &n), GZ_OK);
	for (i = 0; i < n; i++) {
		CHECK(strcmp(rel[i].slug, "future") != 0);
	}
}

static void
test_most_read_and_views(void)
{
	struct gz_article_summary *top;
	int64_t ids[2] = {3, 7}, counts[2] = {5, 9};
	size_t n;

	CHECK_INT(gz_stats_add_views(db, ids, counts, 2), GZ_OK);
	CHECK_INT(gz_article_most_read(db, &arena, NOW, 30, 2, &top, &n), GZ_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(top[0].slug, "a7");
		CHECK_STR(top[1].slug, "a3");
	}
}

static void
test_lookups(void)
{
	struct gz_category c;
	struct gz_tag t;

	CHECK_INT(gz_category_by_slug(db, &arena, "policy", &c), GZ_OK);
	CHECK_STR(c.name, "Policy");
	CHECK_INT(gz_category_by_slug(db, &arena, "nope", &c), GZ_ENOTFOUND);
	CHECK_INT(gz_tag_by_slug(db, &arena, "five", &t), GZ_OK);
	CHECK_INT(t.id, 2);
	CHECK_INT(gz_tag_by_slug(db, &arena, "", &t), GZ_ENOTFOUND);
}

static void
test_teardown(void)
{
	gz_db_close(db);
	gz_arena_free(&arena);
	CHECK(testdb_teardown() == 0);
}

TEST_MAIN(T(test_setup), T(test_visibility), T(test_visible_mark), T(test_listings),
          T(test_newer_pages), T(test_related_neighbours), T(test_most_read_and_views),
          T(test_lookups), T(test_teardown))
