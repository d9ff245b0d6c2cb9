/*
 * The reader-side article model on a real database: visibility (drafts,
 * trash, scheduled), keyset pagination across page boundaries, counts and
 * page numbers, lookup by slug and by old slug, related articles and
 * neighbours.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/article.h"
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
		if (q.has_cursor) {
			CHECK_INT(gz_article_list_count(db, NOW, kind, key, q.before_ts,
							q.before_id, &count, &newer),
				  GZ_OK);
			CHECK_INT(newer, seen);
		}
		seen += n;
		q.has_cursor = 1;
		q.before_ts = page[n - 1].published_at;
		q.before_id = page[n - 1].id;
	}
	CHECK_INT(seen, want_total);
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

	CHECK_INT(gz_article_add_views(db, ids, counts, 2), GZ_OK);
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
	  T(test_related_neighbours), T(test_most_read_and_views), T(test_lookups),
	  T(test_teardown))
