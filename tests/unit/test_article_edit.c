/*
 * The editor model (src/model/article_edit.c) and the taxonomy upkeep it
 * leans on: validation, slugs (generated, Chinese, duplicates, explicit,
 * fallback), renames leaving redirects, revisions and restore, version
 * conflicts, trash, bulk actions, the admin list, tags and categories.
 */
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "gazette/arena.h"
#include "gazette/article.h"
#include "gazette/article_edit.h"
#include "gazette/category.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/tag.h"
#include "test.h"
#include "testdb.h"

#define NOW ((time_t)1800000000)

static struct gz_db *db;
static struct gz_arena arena;

/* A fresh database with an editor (1) and two authors (2, 3) and a category. */
static void
fresh(const char *name)
{
	if (db != NULL) {
		gz_db_close(db);
	}
	db = testdb_open(name);
	CHECK(db != NULL);
	CHECK(testdb_exec(db,
	                  "INSERT INTO users (id, login, display_name, role, created_at) VALUES "
	                  "(1, 'ed', 'Ed', 'editor', 0), (2, 'au', 'Au', 'author', 0), "
	                  "(3, 'bo', 'Bo', 'author', 0);"
	                  "INSERT INTO categories (id, slug, name) VALUES (1, 'world', 'World'), "
	                  "(2, 'sport', 'Sport');"));
}

/* A valid draft input with title. */
static struct gz_article_input
input(const char *title)
{
	struct gz_article_input in = {0};

	in.title = title;
	in.slug = "";
	in.summary = "A summary.";
	in.body = "Some *Markdown*.";
	in.tags = "";
	in.status = "draft";
	in.comments_open = 1;
	return in;
}

/* Create an article, checking it works; returns its id. */
static int64_t
make(const struct gz_article_input *in, int64_t user)
{
	struct gz_article_errors errs;
	int64_t id = 0;

	CHECK_INT(gz_article_create(db, &arena, in, user, NOW, &id, &errs), GZ_OK);
	return id;
}

static void
test_check(void)
{
	struct gz_article_input in = input("Hello");
	struct gz_article_errors e;
	char big[GZ_ARTICLE_TITLE_MAX + 2];
	int64_t t;

	CHECK_INT(gz_article_check(&in, NOW, &e), 0);
	in.title = "";
	CHECK_INT(gz_article_check(&in, NOW, &e), 1);
	CHECK(e.title != NULL);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	in.title = big;
	CHECK_INT(gz_article_check(&in, NOW, &e), 1);
	big[GZ_ARTICLE_TITLE_MAX] = '\0'; /* exactly 300 bytes is fine */
	CHECK_INT(gz_article_check(&in, NOW, &e), 0);
	in.title = "Two\nlines";
	CHECK_INT(gz_article_check(&in, NOW, &e), 1);
	in.title = "bad \xff utf8";
	CHECK_INT(gz_article_check(&in, NOW, &e), 1);
	in = input("ok");
	in.slug = "Has Caps";
	CHECK_INT(gz_article_check(&in, NOW, &e), 1);
	CHECK(e.slug != NULL);
	in.slug = "-lead";
	CHECK_INT(gz_article_check(&in, NOW, &e), 1);
	in.slug = "fine-slug-2";
	CHECK_INT(gz_article_check(&in, NOW, &e), 0);
	in.slug = "中文-slug";
	CHECK_INT(gz_article_check(&in, NOW, &e), 0);
	in = input("ok");
	in.status = "scheduled";
	CHECK_INT(gz_article_check(&in, NOW, &e), 1);
	CHECK(e.published_at != NULL);
	in.published_at = NOW - 10;
	CHECK_INT(gz_article_check(&in, NOW, &e), 1);
	in.published_at = NOW + 3600;
	CHECK_INT(gz_article_check(&in, NOW, &e), 0);
	in.status = "trash";
	CHECK_INT(gz_article_check(&in, NOW, &e), 1);
	CHECK(e.status != NULL);
	in = input("ok");
	in.tags = "a, b, , A";
	CHECK_INT(gz_article_check(&in, NOW, &e), 0);
	in.tags = "a, !!!";
	CHECK_INT(gz_article_check(&in, NOW, &e), 1);
	CHECK(e.tags != NULL);
	in = input("ok");
	in.body = "nul-free but \x01 control";
	CHECK_INT(gz_article_check(&in, NOW, &e), 1);
	CHECK(e.body != NULL);

	CHECK_INT(gz_article_parse_time("", &t), GZ_OK);
	CHECK_INT(t, 0);
	CHECK_INT(gz_article_parse_time("2027-01-15T08:30", &t), GZ_OK);
	CHECK_INT(t, 1800001800);
	CHECK_INT(gz_article_parse_time("2027-01-15 08:30:05", &t), GZ_OK);
	CHECK_INT(t, 1800001805);
	CHECK_INT(gz_article_parse_time("2027-02-30T08:30", &t), GZ_EINVAL);
	CHECK_INT(gz_article_parse_time("2027-1-15T08:30", &t), GZ_EINVAL);
	CHECK_INT(gz_article_parse_time("2027-01-15T08:30x", &t), GZ_EINVAL);
	CHECK_INT(gz_article_parse_time("+027-01-15T08:30", &t), GZ_EINVAL);
}

static void
test_create_slugs(void)
{
	struct gz_article_input in = input("Hello, World!");
	struct gz_article_errors e;
	struct gz_article_row r;
	int64_t a, b, c, d, id;

	fresh("slugs.db");
	a = make(&in, 1);
	b = make(&in, 1);
	c = make(&in, 1);
	CHECK(gz_article_get(db, &arena, a, NOW, &r) == GZ_OK);
	CHECK_STR(r.slug, "hello-world");
	CHECK_INT(r.version, 1);
	CHECK_STR(r.status, "draft");
	CHECK_INT(r.published_at, 0);
	CHECK(gz_article_get(db, &arena, b, NOW, &r) == GZ_OK);
	CHECK_STR(r.slug, "hello-world-2");
	CHECK(gz_article_get(db, &arena, c, NOW, &r) == GZ_OK);
	CHECK_STR(r.slug, "hello-world-3");

	/* A Chinese title keeps its characters (URLs percent-encode them). */
	in = input("中文 标题：新闻");
	d = make(&in, 1);
	CHECK(gz_article_get(db, &arena, d, NOW, &r) == GZ_OK);
	CHECK_STR(r.slug, "中文-标题-新闻");
	d = make(&in, 1);
	CHECK(gz_article_get(db, &arena, d, NOW, &r) == GZ_OK);
	CHECK_STR(r.slug, "中文-标题-新闻-2");

	/* Nothing sluggable: article-<id>. */
	in = input("!!! ???");
	d = make(&in, 1);
	CHECK(gz_article_get(db, &arena, d, NOW, &r) == GZ_OK);
	CHECK_STR(r.slug, gz_arena_printf(&arena, "article-%lld", (long long)d));

	/* An explicit slug must be free. */
	in = input("Other");
	in.slug = "hello-world";
	CHECK_INT(gz_article_create(db, &arena, &in, 1, NOW, &id, &e), GZ_EINVAL);
	CHECK(e.slug != NULL);
	in.slug = "my-own";
	id = make(&in, 1);
	CHECK(gz_article_get(db, &arena, id, NOW, &r) == GZ_OK);
	CHECK_STR(r.slug, "my-own");

	/* Unknown category and image are field errors, nothing written. */
	in = input("Refs");
	in.category_id = 99;
	in.image_id = 5;
	CHECK_INT(gz_article_create(db, &arena, &in, 1, NOW, &id, &e), GZ_EINVAL);
	CHECK(e.category != NULL && e.image != NULL);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM articles WHERE title = 'Refs'"), 0);
}

static void
test_status_and_tags(void)
{
	struct gz_article_input in = input("Published now");
	struct gz_article_row r;
	struct gz_article ra;
	int64_t a, b;
	int64_t gen;

	fresh("status.db");
	gen = gz_db_generation(db);
	in.status = "published";
	in.tags = "Politics, économie, politics";
	in.category_id = 1;
	a = make(&in, 1);
	CHECK(gz_db_generation(db) > gen);
	CHECK(gz_article_get(db, &arena, a, NOW, &r) == GZ_OK);
	CHECK_STR(r.status, "published");
	CHECK_INT(r.published_at, NOW);
	CHECK_STR(r.tags, "Politics, économie");
	CHECK(gz_article_by_slug(db, &arena, "published-now", NOW, &ra) == GZ_OK);
	CHECK_INT(ra.ntags, 2);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM tags"), 2);

	/* Published with a time ahead is scheduled, invisible until then. */
	in = input("Later");
	in.status = "published";
	in.published_at = NOW + 3600;
	b = make(&in, 1);
	CHECK(gz_article_get(db, &arena, b, NOW, &r) == GZ_OK);
	CHECK_STR(r.status, "scheduled");
	CHECK(gz_article_by_slug(db, &arena, "later", NOW, &ra) == GZ_ENOTFOUND);
	CHECK(gz_article_by_slug(db, &arena, "later", NOW + 3600, &ra) == GZ_OK);
	/* Once due, the editor sees it as published. */
	CHECK(gz_article_get(db, &arena, b, NOW + 7200, &r) == GZ_OK);
	CHECK_STR(r.status, "published");
}

static void
test_update_rename_conflict(void)
{
	struct gz_article_input in = input("First title");
	struct gz_article_errors e;
	struct gz_article_row r;
	struct gz_revision *revs;
	const char *slug;
	size_t n;
	int64_t a, other;

	fresh("update.db");
	in.status = "published";
	a = make(&in, 2);
	other = make(&in, 2);
	CHECK(gz_article_get(db, &arena, a, NOW, &r) == GZ_OK);
	CHECK_STR(r.slug, "first-title");

	/* Rename title and slug. */
	in.title = "Second title";
	in.slug = "second-title";
	in.body = "New body";
	in.version = 1;
	CHECK_INT(gz_article_update(db, &arena, a, &in, 1, NOW + 10, &e), GZ_OK);
	CHECK(gz_article_get(db, &arena, a, NOW + 10, &r) == GZ_OK);
	CHECK_STR(r.slug, "second-title");
	CHECK_INT(r.version, 2);
	CHECK_INT(r.updated_at, NOW + 10);
	CHECK(gz_article_renamed(db, &arena, "first-title", NOW + 10, &slug) == GZ_OK);
	CHECK_STR(slug, "second-title");

	/* The revisions: created, then the changed fields. */
	CHECK(gz_revision_list(db, &arena, a, &revs, &n) == GZ_OK);
	CHECK_INT(n, 2);
	CHECK_STR(revs[0].note, "title, slug, body");
	CHECK_STR(revs[0].title, "Second title");
	CHECK_STR(revs[0].user_name, "Ed");
	CHECK_STR(revs[1].note, "created");
	CHECK_STR(revs[1].title, "First title");

	/* A stale version changes nothing. */
	in.title = "Stale";
	in.version = 1;
	CHECK_INT(gz_article_update(db, &arena, a, &in, 1, NOW + 20, &e), GZ_ECONFLICT);
	CHECK(gz_article_get(db, &arena, a, NOW, &r) == GZ_OK);
	CHECK_STR(r.title, "Second title");
	CHECK_INT(r.version, 2);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM revisions"), 3); /* 2 for a, 1 for other */

	/* Two editors loaded version 2: the first save wins, the second conflicts. */
	in.title = "Editor one";
	in.slug = "";
	in.version = 2;
	CHECK_INT(gz_article_update(db, &arena, a, &in, 1, NOW + 30, &e), GZ_OK);
	in.title = "Editor two";
	CHECK_INT(gz_article_update(db, &arena, a, &in, 2, NOW + 31, &e), GZ_ECONFLICT);
	CHECK(gz_article_get(db, &arena, a, NOW, &r) == GZ_OK);
	CHECK_STR(r.title, "Editor one");
	CHECK_STR(r.slug, "second-title"); /* empty slug keeps the current one */

	/* Taking another article's slug is refused beside the field. */
	in.slug = "first-title-2";
	in.version = 3;
	CHECK(gz_article_get(db, &arena, other, NOW, &r) == GZ_OK);
	CHECK_STR(r.slug, "first-title-2");
	CHECK_INT(gz_article_update(db, &arena, a, &in, 1, NOW + 40, &e), GZ_EINVAL);
	CHECK(e.slug != NULL);

	/* Going back to an old slug of its own drops that redirect. */
	in.slug = "first-title";
	CHECK_INT(gz_article_update(db, &arena, a, &in, 1, NOW + 50, &e), GZ_OK);
	CHECK_INT(
	    testdb_int(db, "SELECT count(*) FROM slug_redirects WHERE old_slug = 'first-title'"),
	    0);
	CHECK_INT(
	    testdb_int(db, "SELECT count(*) FROM slug_redirects WHERE old_slug = 'second-title'"),
	    1);

	/* A new article does not take an old slug that still redirects. */
	in = input("Second title");
	other = make(&in, 1);
	CHECK(gz_article_get(db, &arena, other, NOW, &r) == GZ_OK);
	CHECK_STR(r.slug, "second-title-2");

	/* Renaming a draft leaves no redirect. */
	in = input("Draft one");
	other = make(&in, 1);
	in.slug = "draft-two";
	in.version = 1;
	CHECK_INT(gz_article_update(db, &arena, other, &in, 1, NOW, &e), GZ_OK);
	CHECK_INT(
	    testdb_int(db, "SELECT count(*) FROM slug_redirects WHERE old_slug = 'draft-one'"), 0);
}

static void
test_revision_restore(void)
{
	struct gz_article_input in = input("Original");
	struct gz_article_errors e;
	struct gz_article_row r;
	struct gz_revision *revs;
	size_t n;
	int64_t a, first, gen;

	fresh("restore.db");
	in.body = "original body";
	in.tags = "keep";
	a = make(&in, 1);
	in.title = "Changed";
	in.body = "changed body";
	in.version = 1;
	CHECK_INT(gz_article_update(db, &arena, a, &in, 1, NOW + 5, &e), GZ_OK);
	CHECK(gz_revision_list(db, &arena, a, &revs, &n) == GZ_OK);
	CHECK_INT(n, 2);
	first = revs[1].id;
	gen = gz_db_generation(db);
	/* Restore needs the current version. */
	CHECK_INT(gz_article_restore_revision(db, &arena, a, first, 1, 1, NOW + 6), GZ_ECONFLICT);
	CHECK_INT(gz_article_restore_revision(db, &arena, a, first, 2, 1, NOW + 6), GZ_OK);
	CHECK(gz_db_generation(db) > gen);
	CHECK(gz_article_get(db, &arena, a, NOW, &r) == GZ_OK);
	CHECK_STR(r.title, "Original");
	CHECK_STR(r.body, "original body");
	CHECK_STR(r.tags, "keep");
	CHECK_INT(r.version, 3);
	CHECK(gz_revision_list(db, &arena, a, &revs, &n) == GZ_OK);
	CHECK_INT(n, 3);
	CHECK_STR(revs[0].note,
	          gz_arena_printf(&arena, "restored #%lld: title, body", (long long)first));
	/* A revision of another article is not found. */
	CHECK_INT(gz_article_restore_revision(db, &arena, a + 1, first, 1, 1, NOW), GZ_ENOTFOUND);
}

static void
test_trash_bulk(void)
{
	struct gz_article_input in = input("Trash me");
	struct gz_article_errors e;
	struct gz_article_row r;
	struct gz_admin_article *rows;
	struct gz_admin_query q = {0};
	int64_t a, b, c, ids[4], total;
	size_t changed, n;

	fresh("trash.db");
	in.status = "published";
	a = make(&in, 2);
	in.title = "Author three";
	b = make(&in, 3);
	in.title = "Draft";
	in.status = "draft";
	c = make(&in, 2);

	/* Permanent delete only from the trash. */
	CHECK_INT(gz_article_delete(db, a), GZ_EPERM);
	CHECK_INT(gz_article_set_status(db, a, GZ_ARTICLE_TRASH, 1, NOW), GZ_OK);
	CHECK(gz_article_get(db, &arena, a, NOW, &r) == GZ_OK);
	CHECK_STR(r.status, "trash");
	CHECK_INT(r.version, 2);
	/* A trashed article cannot be saved over. */
	in.version = 2;
	CHECK_INT(gz_article_update(db, &arena, a, &in, 1, NOW, &e), GZ_EPERM);
	CHECK_INT(gz_article_set_status(db, a, GZ_ARTICLE_TRASH, 1, NOW), GZ_EPERM);
	CHECK_INT(gz_article_set_status(db, a, GZ_ARTICLE_UNTRASH, 1, NOW), GZ_OK);
	CHECK(gz_article_get(db, &arena, a, NOW, &r) == GZ_OK);
	CHECK_STR(r.status, "draft");
	CHECK_INT(gz_article_set_status(db, a, GZ_ARTICLE_TRASH, 1, NOW), GZ_OK);
	CHECK_INT(gz_article_delete(db, a), GZ_OK);
	CHECK(gz_article_get(db, &arena, a, NOW, &r) == GZ_ENOTFOUND);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM revisions WHERE article_id = 1"), 0);
	CHECK_INT(gz_article_delete(db, a), GZ_ENOTFOUND);

	/* Bulk publish as author 2: only their own article changes. */
	ids[0] = b;
	ids[1] = c;
	ids[2] = 999;
	CHECK_INT(gz_article_bulk(db, ids, 3, GZ_ARTICLE_PUBLISH, 2, 2, NOW + 1, &changed), GZ_OK);
	CHECK_INT(changed, 1);
	CHECK(gz_article_get(db, &arena, c, NOW + 1, &r) == GZ_OK);
	CHECK_STR(r.status, "published");
	CHECK_INT(r.published_at, NOW + 1);
	/* Editors: everything. */
	CHECK_INT(gz_article_bulk(db, ids, 2, GZ_ARTICLE_DRAFT, 0, 1, NOW + 2, &changed), GZ_OK);
	CHECK_INT(changed, 2);
	CHECK_INT(gz_article_bulk(db, ids, 2, GZ_ARTICLE_TRASH, 0, 1, NOW + 3, &changed), GZ_OK);
	CHECK_INT(changed, 2);

	/* The admin list: trash apart, filters, search, sort. */
	q.limit = 10;
	CHECK(gz_article_admin_list(db, &arena, &q, &rows, &n, &total) == GZ_OK);
	CHECK_INT(total, 0);
	q.status = "trash";
	CHECK(gz_article_admin_list(db, &arena, &q, &rows, &n, &total) == GZ_OK);
	CHECK_INT(total, 2);
	CHECK_INT(gz_article_bulk(db, ids, 2, GZ_ARTICLE_UNTRASH, 0, 1, NOW + 4, &changed), GZ_OK);
	q.status = "";
	q.author_id = 3;
	CHECK(gz_article_admin_list(db, &arena, &q, &rows, &n, &total) == GZ_OK);
	CHECK_INT(n, 1);
	CHECK_STR(rows[0].title, "Author three");
	CHECK_STR(rows[0].author_name, "Bo");
	q.author_id = 0;
	q.q = "THREE";
	CHECK(gz_article_admin_list(db, &arena, &q, &rows, &n, &total) == GZ_OK);
	CHECK_INT(n, 1);
	q.q = "%";
	CHECK(gz_article_admin_list(db, &arena, &q, &rows, &n, &total) == GZ_OK);
	CHECK_INT(n, 0);
	q.q = "";
	q.sort = GZ_SORT_TITLE;
	CHECK(gz_article_admin_list(db, &arena, &q, &rows, &n, &total) == GZ_OK);
	CHECK_INT(n, 2);
	CHECK_STR(rows[0].title, "Author three");
	q.limit = 1;
	q.offset = 1;
	CHECK(gz_article_admin_list(db, &arena, &q, &rows, &n, &total) == GZ_OK);
	CHECK_INT(n, 1);
	CHECK_INT(total, 2);
	CHECK_STR(rows[0].title, "Draft");
	q.category_id = -1;
	CHECK(gz_article_admin_list(db, &arena, &q, &rows, &n, &total) == GZ_OK);
	CHECK_INT(total, 2);
	q.category_id = 1;
	CHECK(gz_article_admin_list(db, &arena, &q, &rows, &n, &total) == GZ_OK);
	CHECK_INT(total, 0);
	q.status = "bogus";
	CHECK(gz_article_admin_list(db, &arena, &q, &rows, &n, &total) == GZ_EINVAL);
	q.status = "";
	q.limit = 0;
	CHECK(gz_article_admin_list(db, &arena, &q, &rows, &n, &total) == GZ_EINVAL);
}

static void
test_taxonomy(void)
{
	struct gz_article_input in = input("Tagged");
	struct gz_category c = {0}, got;
	struct gz_tag_count *tags;
	struct gz_tag t;
	const char *field;
	int64_t a, b, id, rust, cee, count;
	size_t n;

	fresh("taxonomy.db");
	in.tags = "Rust, C";
	in.category_id = 2;
	a = make(&in, 1);
	in.tags = "Rust";
	b = make(&in, 1);
	CHECK(gz_tag_list(db, &arena, &tags, &n) == GZ_OK);
	CHECK_INT(n, 2);
	CHECK_STR(tags[0].tag.name, "C");
	CHECK_INT(tags[1].articles, 2);
	cee = tags[0].tag.id;
	rust = tags[1].tag.id;

	/* Rename, slug clash, merge, delete. */
	CHECK_INT(gz_tag_save(db, &arena, rust, "Rust lang", "", NULL), GZ_OK);
	CHECK(gz_tag_get(db, &arena, rust, &t) == GZ_OK);
	CHECK_STR(t.slug, "rust-lang");
	CHECK_INT(gz_tag_save(db, &arena, cee, "C", "rust-lang", NULL), GZ_ECONFLICT);
	CHECK_INT(gz_tag_save(db, &arena, cee, "C", "Bad Slug", NULL), GZ_EINVAL);
	CHECK_INT(gz_tag_save(db, &arena, 0, "Go", "", &id), GZ_OK);
	CHECK_INT(gz_tag_merge(db, cee, rust), GZ_OK);
	CHECK(gz_tag_get(db, &arena, cee, &t) == GZ_ENOTFOUND);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM article_tags"), 2); /* a had both: one row */
	CHECK_INT(gz_tag_merge(db, rust, rust), GZ_EINVAL);
	CHECK_INT(gz_tag_delete(db, rust), GZ_OK);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM article_tags"), 0);
	CHECK_INT(gz_tag_delete(db, rust), GZ_ENOTFOUND);

	/* Categories: create, slug from name, parents without cycles. */
	c.name = "Sport news";
	c.slug = "";
	CHECK_INT(gz_category_save(db, &arena, &c, &field), GZ_OK);
	CHECK(c.id > 2);
	CHECK(gz_category_get(db, &arena, c.id, &got) == GZ_OK);
	CHECK_STR(got.slug, "sport-news");
	c.slug = "sport";
	CHECK_INT(gz_category_save(db, &arena, &c, &field), GZ_ECONFLICT);
	CHECK_STR(field, "slug");
	c.slug = "";
	c.parent_id = 2;
	CHECK_INT(gz_category_save(db, &arena, &c, &field), GZ_OK);
	got = (struct gz_category){.id = 2, .name = "Sport", .slug = "sport", .parent_id = c.id};
	CHECK_INT(gz_category_save(db, &arena, &got, &field), GZ_EINVAL);
	CHECK_STR(field, "parent");
	c.name = "";
	CHECK_INT(gz_category_save(db, &arena, &c, &field), GZ_EINVAL);
	CHECK_STR(field, "name");

	/* Delete moving articles, or leaving them uncategorised. */
	CHECK(gz_category_count_articles(db, 2, &count) == GZ_OK);
	CHECK_INT(count, 2);
	CHECK_INT(gz_category_delete(db, 2, 2), GZ_EINVAL);
	CHECK_INT(gz_category_delete(db, 2, 77), GZ_EINVAL);
	CHECK_INT(gz_category_delete(db, 2, 1), GZ_OK);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM articles WHERE category_id = 1"), 2);
	CHECK(gz_category_get(db, &arena, c.id, &got) == GZ_OK);
	CHECK_INT(got.parent_id, 0);
	CHECK_INT(gz_category_delete(db, 1, 0), GZ_OK);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM articles WHERE category_id IS NULL"), 2);
	CHECK_INT(gz_category_delete(db, 1, 0), GZ_ENOTFOUND);
	(void)a;
	(void)b;
}

static void
setup(void)
{
	CHECK(testdb_setup("article_edit") == 0);
	gz_arena_init(&arena, 64 * 1024, 0);
}

static void
teardown(void)
{
	gz_db_close(db);
	db = NULL;
	gz_arena_free(&arena);
	CHECK(testdb_teardown() == 0);
}

TEST_MAIN(T(setup), T(test_check), T(test_create_slugs), T(test_status_and_tags),
          T(test_update_rename_conflict), T(test_revision_restore), T(test_trash_bulk),
          T(test_taxonomy), T(teardown))
