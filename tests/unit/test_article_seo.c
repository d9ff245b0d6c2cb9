/*
 * Tests for the articles' SEO description (articles.meta_description)
 * through the editor model and the reader model, on a real migrated
 * SQLite file: the bounds (300 characters, not bytes; one line of plain
 * text), create stores it, an update that does not know the field
 * (NULL: the restore, an importer's own form) keeps it while "" clears
 * it, the revision note names it, and the reader's article carries it.
 */
#include <stdio.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/article.h"
#include "gazette/article_edit.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "test.h"
#include "testdb.h"

#define NOW 1700000000

static struct gz_arena arena;
static struct gz_db *db;

static void
test_setup(void)
{
	CHECK(testdb_setup("article_seo") == 0);
	gz_arena_init(&arena, 4096, 0);
	db = testdb_open("seo.db");
	CHECK(db != NULL);
	if (db != NULL) {
		CHECK(testdb_exec(db,
		                  "INSERT INTO users (id, login, display_name, role, created_at) "
		                  "VALUES (1, 'ed', 'Ed', 'editor', 0)"));
	}
}

/* A valid published input. */
static struct gz_article_input
input(const char *seo)
{
	struct gz_article_input in = {0};

	in.title = "Harbour reopens";
	in.summary = "The summary.";
	in.body = "Body text.";
	in.status = "published";
	in.seo_desc = seo;
	return in;
}

/* s repeated n times into buf (size bytes), NUL-terminated. */
static const char *
repeat(char *buf, size_t size, const char *s, size_t n)
{
	size_t len = strlen(s), i;

	buf[0] = '\0';
	for (i = 0; i < n && (i + 1) * len < size; i++) {
		memcpy(buf + i * len, s, len + 1);
	}
	return buf;
}

static void
test_check(void)
{
	struct gz_article_errors e;
	struct gz_article_input in;
	char buf[2048];

	in = input(NULL);
	CHECK_INT(gz_article_check(&in, NOW, &e), 0);
	in = input("");
	CHECK_INT(gz_article_check(&in, NOW, &e), 0);
	/* 300 characters pass whatever their bytes: 900 bytes of Chinese. */
	in = input(repeat(buf, sizeof(buf), "\xE4\xB8\xAD", 300));
	CHECK_INT(gz_article_check(&in, NOW, &e), 0);
	in = input(repeat(buf, sizeof(buf), "a", 300));
	CHECK_INT(gz_article_check(&in, NOW, &e), 0);
	/* 301 do not. */
	in = input(repeat(buf, sizeof(buf), "\xE4\xB8\xAD", 301));
	CHECK_INT(gz_article_check(&in, NOW, &e), 1);
	CHECK_STR(e.seo_desc, "Use at most 300 characters for the SEO description.");
	in = input(repeat(buf, sizeof(buf), "a", 301));
	CHECK_INT(gz_article_check(&in, NOW, &e), 1);
	CHECK(e.seo_desc != NULL);
	/* One line of plain, valid text. */
	in = input("two\nlines");
	CHECK_INT(gz_article_check(&in, NOW, &e), 1);
	CHECK_STR(e.seo_desc, "The SEO description must be plain text on one line.");
	in = input("tab\there");
	CHECK_INT(gz_article_check(&in, NOW, &e), 1);
	in = input("bad \xff byte");
	CHECK_INT(gz_article_check(&in, NOW, &e), 1);
	CHECK(e.title == NULL && e.summary == NULL && e.body == NULL);
}

static void
test_store(void)
{
	struct gz_article_errors e;
	struct gz_article_input in;
	struct gz_article_row row;
	struct gz_revision *revs;
	struct gz_article a;
	int64_t id = 0;
	size_t n;

	if (db == NULL) {
		return;
	}
	in = input("Ferries run again from Monday; timetable inside.");
	CHECK_INT(gz_article_create(db, &arena, &in, 1, NOW - 100, &id, &e), GZ_OK);
	CHECK(id > 0);
	CHECK_INT(gz_article_get(db, &arena, id, NOW, &row), GZ_OK);
	CHECK_STR(row.seo_desc, "Ferries run again from Monday; timetable inside.");
	CHECK_INT(gz_article_by_slug(db, &arena, row.slug, NOW, &a), GZ_OK);
	CHECK_STR(a.seo_desc, "Ferries run again from Monday; timetable inside.");
	CHECK_STR(a.s.summary, "The summary.");

	/* An update that does not know the field keeps it. */
	in = input(NULL);
	in.body = "Body text, edited.";
	in.version = row.version;
	CHECK_INT(gz_article_update(db, &arena, id, &in, 1, NOW - 50, &e), GZ_OK);
	CHECK_INT(gz_article_get(db, &arena, id, NOW, &row), GZ_OK);
	CHECK_STR(row.seo_desc, "Ferries run again from Monday; timetable inside.");
	CHECK_STR(row.body, "Body text, edited.");

	/* A changed one is saved and named in the revision note. */
	in = input("New description.");
	in.body = row.body;
	in.version = row.version;
	CHECK_INT(gz_article_update(db, &arena, id, &in, 1, NOW - 40, &e), GZ_OK);
	CHECK_INT(gz_article_get(db, &arena, id, NOW, &row), GZ_OK);
	CHECK_STR(row.seo_desc, "New description.");
	CHECK_INT(gz_revision_list(db, &arena, id, &revs, &n), GZ_OK);
	CHECK(n >= 3);
	if (n >= 3) {
		CHECK_STR(revs[0].note, "SEO description");
	}

	/* A refused one changes nothing. */
	in = input("two\nlines");
	in.body = row.body;
	in.version = row.version;
	CHECK_INT(gz_article_update(db, &arena, id, &in, 1, NOW - 30, &e), GZ_EINVAL);
	CHECK(e.seo_desc != NULL);
	CHECK_INT(gz_article_get(db, &arena, id, NOW, &row), GZ_OK);
	CHECK_STR(row.seo_desc, "New description.");

	/* Restoring an old revision keeps the description (not revisioned). */
	if (n >= 3) {
		CHECK_INT(gz_article_restore_revision(db, &arena, id, revs[n - 1].id, row.version,
		                                      1, NOW - 20),
		          GZ_OK);
		CHECK_INT(gz_article_get(db, &arena, id, NOW, &row), GZ_OK);
		CHECK_STR(row.body, "Body text.");
		CHECK_STR(row.seo_desc, "New description.");
	}

	/* "" clears it: the summary serves again. */
	in = input("");
	in.body = row.body;
	in.version = row.version;
	CHECK_INT(gz_article_update(db, &arena, id, &in, 1, NOW - 10, &e), GZ_OK);
	CHECK_INT(gz_article_by_slug(db, &arena, row.slug, NOW, &a), GZ_OK);
	CHECK_STR(a.seo_desc, "");
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM articles WHERE meta_description = ''"), 1);
}

static void
test_teardown(void)
{
	gz_db_close(db);
	gz_arena_free(&arena);
	CHECK(testdb_teardown() == 0);
}

TEST_MAIN(T(test_setup), T(test_check), T(test_store), T(test_teardown))
