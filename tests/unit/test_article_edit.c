/*
 * The editor model (src/model/article_edit.c) and the taxonomy upkeep it
 * leans on: validation, slugs (generated, Chinese, duplicates, explicit,
 * fallback), renames leaving redirects, revisions and restore, version
 * conflicts, trash, bulk actions, every status transition the editor form
 * and the bulk actions make (issue 16: publishing a scheduled article), the
 * admin list, tags and categories.
 */
#include <stdint.h>
#include <stdlib.h>
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
	{
		/* Within 1 MiB but past cmark's budget (150,000 e-mail links in
		 * one paragraph):
		 * stored, it could never be shown, so it is refused at the door. */
		size_t n = GZ_ARTICLE_BODY_MAX / 7 * 7, i;
		char *body = malloc(n + 1);

		CHECK(body != NULL);
		for (i = 0; body != NULL && i < n; i += 7) {
			memcpy(body + i, "a@b.co ", 7);
		}
		if (body != NULL) {
			body[n] = '\0';
			in = input("ok");
			in.body = body;
			CHECK_INT(gz_article_check(&in, NOW, &e), 1);
			CHECK(e.body != NULL && strstr(e.body, "too complex") != NULL);
			/* The same size of plain prose is fine. */
			memset(body, 'a', n);
			for (i = 79; i < n; i += 80) {
				body[i] = i % 800 == 799 ? '\n' : ' ';
			}
			CHECK_INT(gz_article_check(&in, NOW, &e), 0);
			free(body);
		}
	}

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
	struct gz_article_errors e;
	struct gz_article_row r;
	struct gz_article ra;
	int64_t a, b = 0;
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

	/* Published with a new time ahead is refused beside the time: the
	 * editor is asked to choose Scheduled, nothing is stored. */
	in = input("Later");
	in.status = "published";
	in.published_at = NOW + 3600;
	CHECK_INT(gz_article_create(db, &arena, &in, 1, NOW, &b, &e), GZ_EINVAL);
	CHECK(e.published_at != NULL);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM articles WHERE title = 'Later'"), 0);
	/* Scheduled: invisible until then. */
	in.status = "scheduled";
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
	CHECK(gz_article_admin_list(db, &arena, &q, NOW, &rows, &n, &total) == GZ_OK);
	CHECK_INT(total, 0);
	q.status = "trash";
	CHECK(gz_article_admin_list(db, &arena, &q, NOW, &rows, &n, &total) == GZ_OK);
	CHECK_INT(total, 2);
	CHECK_INT(gz_article_bulk(db, ids, 2, GZ_ARTICLE_UNTRASH, 0, 1, NOW + 4, &changed), GZ_OK);
	q.status = "";
	q.author_id = 3;
	CHECK(gz_article_admin_list(db, &arena, &q, NOW, &rows, &n, &total) == GZ_OK);
	CHECK_INT(n, 1);
	CHECK_STR(rows[0].title, "Author three");
	CHECK_STR(rows[0].author_name, "Bo");
	q.author_id = 0;
	q.q = "THREE";
	CHECK(gz_article_admin_list(db, &arena, &q, NOW, &rows, &n, &total) == GZ_OK);
	CHECK_INT(n, 1);
	q.q = "%";
	CHECK(gz_article_admin_list(db, &arena, &q, NOW, &rows, &n, &total) == GZ_OK);
	CHECK_INT(n, 0);
	q.q = "";
	q.sort = GZ_SORT_TITLE;
	CHECK(gz_article_admin_list(db, &arena, &q, NOW, &rows, &n, &total) == GZ_OK);
	CHECK_INT(n, 2);
	CHECK_STR(rows[0].title, "Author three");
	q.limit = 1;
	q.offset = 1;
	CHECK(gz_article_admin_list(db, &arena, &q, NOW, &rows, &n, &total) == GZ_OK);
	CHECK_INT(n, 1);
	CHECK_INT(total, 2);
	CHECK_STR(rows[0].title, "Draft");
	q.category_id = -1;
	CHECK(gz_article_admin_list(db, &arena, &q, NOW, &rows, &n, &total) == GZ_OK);
	CHECK_INT(total, 2);
	q.category_id = 1;
	CHECK(gz_article_admin_list(db, &arena, &q, NOW, &rows, &n, &total) == GZ_OK);
	CHECK_INT(total, 0);
	q.status = "bogus";
	CHECK(gz_article_admin_list(db, &arena, &q, NOW, &rows, &n, &total) == GZ_EINVAL);
	q.status = "";
	q.limit = 0;
	CHECK(gz_article_admin_list(db, &arena, &q, NOW, &rows, &n, &total) == GZ_EINVAL);
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

/* Times of the status transition tables, around NOW. */
#define FUT (NOW + 3600)       /* a schedule ahead */
#define FUT2 (NOW + 7200)      /* another time ahead, typed anew */
#define DUE_AT (NOW - 600)     /* a schedule whose time has come */
#define PAST (NOW - 86400)     /* when the published article went out */
#define BACK (NOW - 3 * 86400) /* a past time typed to back-date */
#define KEPT ((int64_t)-1)     /* the stored time, sent back as the form does */

/* The state an article of a transition row starts in. */
enum from_state {
	FROM_DRAFT,     /* a draft without a time */
	FROM_SCHEDULED, /* scheduled for FUT */
	FROM_DUE,       /* scheduled for DUE_AT, made before then: live at NOW */
	FROM_PUBLISHED, /* published at PAST */
	FROM_TRASH,     /* a draft moved to the trash */
};

/* An article in state from, titled title (so slugged uniquely); its id. */
static int64_t
make_in_state(enum from_state from, const char *title)
{
	struct gz_article_input in = input(title);
	struct gz_article_errors e;
	time_t at = NOW;
	int64_t id = 0;

	switch (from) {
	case FROM_SCHEDULED:
		in.status = "scheduled";
		in.published_at = FUT;
		break;
	case FROM_DUE:
		in.status = "scheduled";
		in.published_at = DUE_AT;
		at = DUE_AT - 3600;
		break;
	case FROM_PUBLISHED:
		in.status = "published";
		in.published_at = PAST;
		break;
	case FROM_DRAFT:
	case FROM_TRASH:
		break;
	}
	CHECK_INT(gz_article_create(db, &arena, &in, 1, at, &id, &e), GZ_OK);
	if (from == FROM_TRASH) {
		CHECK_INT(gz_article_set_status(db, id, GZ_ARTICLE_TRASH, 1, NOW), GZ_OK);
	}
	return id;
}

/* The status column as stored (not as the editor reads it), in arena. */
static const char *
stored_status(int64_t id)
{
	sqlite3_stmt *st = gz_db_stmt(db, "SELECT status FROM articles WHERE id = ?1");
	const char *s = NULL;

	if (st == NULL) {
		return NULL;
	}
	gz_db_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		s = gz_db_col_text(&arena, st, 0);
	}
	gz_db_reset(st);
	return s;
}

/* Whether a reader finds article id (by its slug) at time now. */
static int
reader_sees(int64_t id, time_t now)
{
	struct gz_article_row r;
	struct gz_article ra;

	return gz_article_get(db, &arena, id, now, &r) == GZ_OK &&
	       gz_article_by_slug(db, &arena, r.slug, now, &ra) == GZ_OK;
}

/* The note of article id's newest revision, or NULL. */
static const char *
newest_note(int64_t id)
{
	struct gz_revision *revs;
	size_t n;

	return gz_revision_list(db, &arena, id, &revs, &n) == GZ_OK && n > 0 ? revs[0].note : NULL;
}

/* One editor-form save over an article in a given state. */
struct edit_case {
	const char *name;     /* what the row shows */
	enum from_state from; /* the article before */
	const char *status;   /* the status chosen in the form */
	int64_t time;         /* the time field: a value, 0 (empty) or KEPT */
	enum gz_err rc;       /* gz_article_update's answer */
	const char *stored;   /* GZ_OK: the status column afterwards */
	const char *reads;    /* GZ_OK: the status gz_article_get reports at NOW */
	int64_t pub;          /* GZ_OK: published_at afterwards (KEPT: unchanged) */
	const char *note;     /* GZ_OK: the new revision's note */
	int visible;          /* a reader finds it at NOW afterwards */
};

static const struct edit_case edit_cases[] = {
    {"draft saved as draft", FROM_DRAFT, "draft", KEPT, GZ_OK, "draft", "draft", 0, "no changes",
     0},
    {"draft to scheduled", FROM_DRAFT, "scheduled", FUT, GZ_OK, "scheduled", "scheduled", FUT,
     "status, publish time", 0},
    {"draft to scheduled in the past: refused", FROM_DRAFT, "scheduled", BACK, GZ_EINVAL, NULL,
     NULL, 0, NULL, 0},
    {"draft to scheduled without a time: refused", FROM_DRAFT, "scheduled", 0, GZ_EINVAL, NULL,
     NULL, 0, NULL, 0},
    {"draft to published, time empty: now", FROM_DRAFT, "published", 0, GZ_OK, "published",
     "published", NOW, "status, publish time", 1},
    {"draft to published, back-dated", FROM_DRAFT, "published", BACK, GZ_OK, "published",
     "published", BACK, "status, publish time", 1},
    {"draft to published with a new time ahead: refused", FROM_DRAFT, "published", FUT, GZ_EINVAL,
     NULL, NULL, 0, NULL, 0},
    /* Issue 16's bug: these two stayed scheduled with "no changes". */
    {"scheduled to published, time kept: now", FROM_SCHEDULED, "published", KEPT, GZ_OK,
     "published", "published", NOW, "status, publish time", 1},
    {"scheduled to published, time cleared: now", FROM_SCHEDULED, "published", 0, GZ_OK,
     "published", "published", NOW, "status, publish time", 1},
    {"scheduled to published, a past time", FROM_SCHEDULED, "published", BACK, GZ_OK, "published",
     "published", BACK, "status, publish time", 1},
    {"scheduled to published with another time ahead: refused", FROM_SCHEDULED, "published", FUT2,
     GZ_EINVAL, NULL, NULL, 0, NULL, 0},
    {"scheduled, moved later", FROM_SCHEDULED, "scheduled", FUT2, GZ_OK, "scheduled", "scheduled",
     FUT2, "publish time", 0},
    {"scheduled saved unchanged", FROM_SCHEDULED, "scheduled", KEPT, GZ_OK, "scheduled",
     "scheduled", FUT, "no changes", 0},
    {"scheduled with the time cleared: refused", FROM_SCHEDULED, "scheduled", 0, GZ_EINVAL, NULL,
     NULL, 0, NULL, 0},
    {"scheduled to draft keeps the time", FROM_SCHEDULED, "draft", KEPT, GZ_OK, "draft", "draft",
     FUT, "status", 0},
    {"due (reads published) saved as published", FROM_DUE, "published", KEPT, GZ_OK, "published",
     "published", DUE_AT, "no changes", 1},
    {"due to scheduled again, later", FROM_DUE, "scheduled", FUT, GZ_OK, "scheduled", "scheduled",
     FUT, "status, publish time", 0},
    {"due as scheduled at its past time: refused", FROM_DUE, "scheduled", KEPT, GZ_EINVAL, NULL,
     NULL, 0, NULL, 1},
    {"due to draft", FROM_DUE, "draft", KEPT, GZ_OK, "draft", "draft", DUE_AT, "status", 0},
    {"published saved unchanged", FROM_PUBLISHED, "published", KEPT, GZ_OK, "published",
     "published", PAST, "no changes", 1},
    {"published with the time cleared keeps its time", FROM_PUBLISHED, "published", 0, GZ_OK,
     "published", "published", PAST, "no changes", 1},
    {"published, back-dated further", FROM_PUBLISHED, "published", BACK, GZ_OK, "published",
     "published", BACK, "publish time", 1},
    {"published with a new time ahead: refused", FROM_PUBLISHED, "published", FUT, GZ_EINVAL, NULL,
     NULL, 0, NULL, 1},
    {"published to draft", FROM_PUBLISHED, "draft", KEPT, GZ_OK, "draft", "draft", PAST, "status",
     0},
    {"published to scheduled", FROM_PUBLISHED, "scheduled", FUT, GZ_OK, "scheduled", "scheduled",
     FUT, "status, publish time", 0},
    {"trash: a save is refused", FROM_TRASH, "draft", KEPT, GZ_EPERM, NULL, NULL, 0, NULL, 0},
};

/*
 * Every status change the editor form makes, from each state: status as
 * stored and as read, publish time, the revision's note, version and what
 * a reader finds, now and (scheduled) at its time; a refused save changes
 * nothing and says why beside the time field.
 */
static void
test_status_transitions_form(void)
{
	size_t i;

	fresh("transitions_form.db");
	for (i = 0; i < sizeof(edit_cases) / sizeof(edit_cases[0]); i++) {
		const struct edit_case *k = &edit_cases[i];
		const char *title = gz_arena_printf(&arena, "Form case %zu", i);
		int64_t id = make_in_state(k->from, title), nrev;
		struct gz_article_input in = input(title);
		struct gz_article_errors e;
		struct gz_article_row before, after;
		int failed = test_failures;

		CHECK(gz_article_get(db, &arena, id, NOW, &before) == GZ_OK);
		nrev = testdb_int(db, "SELECT count(*) FROM revisions");
		in.status = k->status;
		in.published_at = k->time == KEPT ? before.published_at : k->time;
		in.version = before.version;
		CHECK_INT(gz_article_update(db, &arena, id, &in, 1, NOW, &e), k->rc);
		CHECK(gz_article_get(db, &arena, id, NOW, &after) == GZ_OK);
		if (k->rc == GZ_OK) {
			CHECK_STR(stored_status(id), k->stored);
			CHECK_STR(after.status, k->reads);
			CHECK_INT(after.published_at,
			          k->pub == KEPT ? before.published_at : k->pub);
			CHECK_STR(newest_note(id), k->note);
			CHECK_INT(after.version, before.version + 1);
			CHECK_INT(testdb_int(db, "SELECT count(*) FROM revisions"), nrev + 1);
		} else {
			CHECK_STR(after.status, before.status);
			CHECK_INT(after.published_at, before.published_at);
			CHECK_INT(after.version, before.version);
			CHECK_INT(testdb_int(db, "SELECT count(*) FROM revisions"), nrev);
			CHECK(k->rc != GZ_EINVAL || e.published_at != NULL);
		}
		CHECK_INT(reader_sees(id, NOW), k->visible);
		if (k->rc == GZ_OK && strcmp(k->stored, "scheduled") == 0) {
			CHECK(!reader_sees(id, (time_t)k->pub - 1));
			CHECK(reader_sees(id, (time_t)k->pub));
		}
		if (strcmp(after.status, "draft") == 0) {
			CHECK(!reader_sees(id, NOW + 365 * 86400));
		}
		if (test_failures != failed) {
			fprintf(stderr, "  in form case \"%s\"\n", k->name);
		}
	}
}

/* One bulk or trash action over an article in a given state. */
struct action_case {
	const char *name;              /* what the row shows */
	enum from_state from;          /* the article before */
	enum gz_article_action action; /* what gz_article_set_status is asked */
	enum gz_err rc;                /* its answer */
	const char *reads;             /* the status gz_article_get reports at NOW after */
	int64_t pub;                   /* published_at afterwards (KEPT: unchanged) */
	const char *note;              /* the new revision's note; NULL: none written */
	int visible;                   /* a reader finds it at NOW afterwards */
};

static const struct action_case action_cases[] = {
    {"draft: publish", FROM_DRAFT, GZ_ARTICLE_PUBLISH, GZ_OK, "published", NOW, "status: published",
     1},
    {"draft: back to draft changes nothing", FROM_DRAFT, GZ_ARTICLE_DRAFT, GZ_OK, "draft", KEPT,
     NULL, 0},
    {"draft: trash", FROM_DRAFT, GZ_ARTICLE_TRASH, GZ_OK, "trash", KEPT, "status: trash", 0},
    {"draft: untrash refused", FROM_DRAFT, GZ_ARTICLE_UNTRASH, GZ_EPERM, "draft", KEPT, NULL, 0},
    {"scheduled: publish now", FROM_SCHEDULED, GZ_ARTICLE_PUBLISH, GZ_OK, "published", NOW,
     "status: published", 1},
    {"scheduled: back to draft", FROM_SCHEDULED, GZ_ARTICLE_DRAFT, GZ_OK, "draft", KEPT,
     "status: draft", 0},
    {"scheduled: trash", FROM_SCHEDULED, GZ_ARTICLE_TRASH, GZ_OK, "trash", KEPT, "status: trash",
     0},
    {"due: publish changes nothing", FROM_DUE, GZ_ARTICLE_PUBLISH, GZ_OK, "published", KEPT, NULL,
     1},
    {"due: back to draft", FROM_DUE, GZ_ARTICLE_DRAFT, GZ_OK, "draft", KEPT, "status: draft", 0},
    {"due: trash", FROM_DUE, GZ_ARTICLE_TRASH, GZ_OK, "trash", KEPT, "status: trash", 0},
    {"published: publish changes nothing", FROM_PUBLISHED, GZ_ARTICLE_PUBLISH, GZ_OK, "published",
     KEPT, NULL, 1},
    {"published: back to draft", FROM_PUBLISHED, GZ_ARTICLE_DRAFT, GZ_OK, "draft", KEPT,
     "status: draft", 0},
    {"published: trash", FROM_PUBLISHED, GZ_ARTICLE_TRASH, GZ_OK, "trash", KEPT, "status: trash",
     0},
    {"trash: untrash, as a draft", FROM_TRASH, GZ_ARTICLE_UNTRASH, GZ_OK, "draft", KEPT,
     "status: draft", 0},
    {"trash: publish refused", FROM_TRASH, GZ_ARTICLE_PUBLISH, GZ_EPERM, "trash", KEPT, NULL, 0},
    {"trash: draft refused", FROM_TRASH, GZ_ARTICLE_DRAFT, GZ_EPERM, "trash", KEPT, NULL, 0},
    {"trash: trash again refused", FROM_TRASH, GZ_ARTICLE_TRASH, GZ_EPERM, "trash", KEPT, NULL, 0},
};

/*
 * Every bulk and trash action from each state: status, publish time, the
 * revision (none when nothing changed), version and what a reader finds.
 */
static void
test_status_transitions_actions(void)
{
	size_t i;

	fresh("transitions_actions.db");
	for (i = 0; i < sizeof(action_cases) / sizeof(action_cases[0]); i++) {
		const struct action_case *k = &action_cases[i];
		const char *title = gz_arena_printf(&arena, "Action case %zu", i);
		int64_t id = make_in_state(k->from, title), nrev;
		struct gz_article_row before, after;
		int failed = test_failures;

		CHECK(gz_article_get(db, &arena, id, NOW, &before) == GZ_OK);
		nrev = testdb_int(db, "SELECT count(*) FROM revisions");
		CHECK_INT(gz_article_set_status(db, id, k->action, 1, NOW), k->rc);
		CHECK(gz_article_get(db, &arena, id, NOW, &after) == GZ_OK);
		CHECK_STR(after.status, k->reads);
		CHECK_INT(after.published_at, k->pub == KEPT ? before.published_at : k->pub);
		CHECK_INT(after.version, before.version + (k->note != NULL));
		CHECK_INT(testdb_int(db, "SELECT count(*) FROM revisions"),
		          nrev + (k->note != NULL));
		if (k->note != NULL) {
			CHECK_STR(newest_note(id), k->note);
		}
		CHECK_INT(reader_sees(id, NOW), k->visible);
		if (test_failures != failed) {
			fprintf(stderr, "  in action case \"%s\"\n", k->name);
		}
	}
}

/*
 * The admin list reads and filters statuses as readers see them: a
 * scheduled article whose time came is listed (and filtered) as
 * published, one still ahead as scheduled.
 */
static void
test_admin_list_status(void)
{
	struct gz_admin_query q = {0};
	struct gz_admin_article *rows;
	int64_t ahead, due, total;
	size_t n;

	fresh("admin_status.db");
	ahead = make_in_state(FROM_SCHEDULED, "Still ahead");
	due = make_in_state(FROM_DUE, "Already due");
	q.limit = 10;
	q.sort = GZ_SORT_TITLE;
	CHECK(gz_article_admin_list(db, &arena, &q, NOW, &rows, &n, &total) == GZ_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(rows[0].id, due);
		CHECK_STR(rows[0].status, "published");
		CHECK_INT(rows[0].published_at, DUE_AT);
		CHECK_INT(rows[1].id, ahead);
		CHECK_STR(rows[1].status, "scheduled");
		CHECK_INT(rows[1].published_at, FUT);
	}
	q.status = "scheduled";
	CHECK(gz_article_admin_list(db, &arena, &q, NOW, &rows, &n, &total) == GZ_OK);
	CHECK_INT(total, 1);
	CHECK(n == 1 && rows[0].id == ahead);
	q.status = "published";
	CHECK(gz_article_admin_list(db, &arena, &q, NOW, &rows, &n, &total) == GZ_OK);
	CHECK_INT(total, 1);
	CHECK(n == 1 && rows[0].id == due);
	/* At FUT the other one is live too. */
	CHECK(gz_article_admin_list(db, &arena, &q, FUT, &rows, &n, &total) == GZ_OK);
	CHECK_INT(total, 2);
	q.status = "scheduled";
	CHECK(gz_article_admin_list(db, &arena, &q, FUT, &rows, &n, &total) == GZ_OK);
	CHECK_INT(total, 0);
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
          T(test_status_transitions_form), T(test_status_transitions_actions),
          T(test_admin_list_status), T(test_taxonomy), T(teardown))
