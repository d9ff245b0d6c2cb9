/*
 * A new-article form sent twice creates one article
 * (gz_article_create with in->form_key, src/model/article_edit.c): the
 * second send stores nothing and names the first one's article, even when
 * its own slug would now be refused; another key creates another article;
 * no key keeps the old behaviour; deleting the article forgets its key.
 */
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "gazette/arena.h"
#include "gazette/article_edit.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "test.h"
#include "testdb.h"

#define NOW ((time_t)1800000000)

static struct gz_db *db;
static struct gz_arena arena;

static void
test_setup(void)
{
	CHECK(testdb_setup("article_once") == 0);
	gz_arena_init(&arena, 64 * 1024, 16 * 1024 * 1024);
	db = testdb_open("a.db");
	CHECK(db != NULL);
	CHECK(db == NULL || testdb_exec(db, "INSERT INTO users (id, login, display_name, role, "
	                                    "created_at) VALUES (1, 'ed', 'Ed', 'editor', 0);"));
}

static void
test_once_per_key(void)
{
	struct gz_article_input in = {0};
	struct gz_article_errors e;
	int64_t first = 0, again = 0, other = 0, plain1 = 0, plain2 = 0;
	int64_t n0;

	if (db == NULL) {
		return;
	}
	in.title = "Sent twice";
	in.slug = "sent-twice";
	in.summary = "";
	in.body = "Body.";
	in.tags = "Once";
	in.status = "draft";
	in.form_key = "00112233445566778899aabbccddeeff";
	n0 = testdb_int(db, "SELECT count(*) FROM articles");
	CHECK_INT(gz_article_create(db, &arena, &in, 1, NOW, &first, &e), GZ_OK);
	CHECK(first > 0);
	/* The same form again: its slug is taken now (by itself), yet the
	 * answer is the article it made, not a refusal, and nothing more. */
	CHECK_INT(gz_article_create(db, &arena, &in, 1, NOW + 1, &again, &e), GZ_ECONFLICT);
	CHECK_INT(again, first);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM articles"), n0 + 1);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM revisions"), 1);
	/* Another form (another key) is another article. */
	in.slug = "";
	in.form_key = "ffeeddccbbaa99887766554433221100";
	CHECK_INT(gz_article_create(db, &arena, &in, 1, NOW, &other, &e), GZ_OK);
	CHECK(other != first && other > 0);
	/* Without a key every create stores (the command line, old forms). */
	in.form_key = NULL;
	CHECK_INT(gz_article_create(db, &arena, &in, 1, NOW, &plain1, &e), GZ_OK);
	CHECK_INT(gz_article_create(db, &arena, &in, 1, NOW, &plain2, &e), GZ_OK);
	CHECK(plain1 != plain2);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM articles"), n0 + 4);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM article_form_keys"), 2);
	/* A refused create stores no key: fixing the form then creates. */
	in.form_key = "0123456789abcdef0123456789abcdef";
	in.title = "";
	CHECK_INT(gz_article_create(db, &arena, &in, 1, NOW, &other, &e), GZ_EINVAL);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM article_form_keys"), 2);
	in.title = "Fixed";
	CHECK_INT(gz_article_create(db, &arena, &in, 1, NOW, &other, &e), GZ_OK);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM article_form_keys"), 3);
	/* Deleting an article forgets its key. */
	CHECK(testdb_exec(db, "DELETE FROM articles WHERE slug = 'sent-twice'"));
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM article_form_keys"), 2);
	gz_arena_reset(&arena);
}

static void
test_teardown(void)
{
	gz_db_close(db);
	gz_arena_free(&arena);
	testdb_teardown();
}

TEST_MAIN(T(test_setup), T(test_once_per_key), T(test_teardown))
