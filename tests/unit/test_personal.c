/*
 * Tests for src/model/personal.c against a real migrated SQLite file: which
 * typed addresses gz_personal_email accepts and how it normalises them
 * (table, boundaries named), what gz_personal_find returns for an address
 * in any case (its comments oldest first, the consent records sharing one
 * of their address hashes, nobody else's), and gz_personal_erase: anonymise
 * keeps the text and status and clears name, e-mail, website, reasons and
 * hash; delete keeps another reader's reply as a top-level comment;
 * consent records go only when asked; the content generation moves only
 * when a comment changed; an erasure inside a transaction that is rolled
 * back leaves everything as it was; bad arguments change nothing.
 */
#include <stdio.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/personal.h"
#include "test.h"
#include "testdb.h"

static struct gz_arena arena;
static struct gz_db *db;

static void
test_setup(void)
{
	gz_arena_init(&arena, 64 * 1024, 0);
	CHECK(testdb_setup("personal") == 0);
	db = testdb_open("p.db");
	CHECK(db != NULL);
	if (db == NULL) {
		return;
	}
	CHECK(testdb_exec(
	    db,
	    "INSERT INTO users (id, login, display_name, role, created_at) VALUES "
	    "(1, 'ed', 'Ed', 'editor', 0);"
	    "INSERT INTO articles (id, slug, title, author_id, status, published_at, "
	    "created_at, updated_at) VALUES (1, 'one', 'One', 1, 'published', 1000, 1000, 1000);"
	    "INSERT INTO comments (id, article_id, parent_id, author_name, author_email, "
	    "author_url, body, status, reasons, client_hash, created_at, status_changed_at) VALUES "
	    "(1, 1, NULL, 'Ana', 'ana@example.org', 'https://ana.example', 'first', 'approved', "
	    "'known author', X'000000000000000000000000000000a1', 10, 10),"
	    "(2, 1, 1, 'Ana', 'ANA@Example.org', '', 'second', 'spam', 'blocklist \"ana\"', "
	    "X'000000000000000000000000000000a2', 20, 20),"
	    "(3, 1, 1, 'Bo', 'bo@example.org', '', 'bo replies', 'approved', '', "
	    "X'000000000000000000000000000000b1', 30, 30),"
	    "(4, 1, NULL, 'Cy', 'cy@example.org', '', 'no hash', 'approved', '', NULL, 40, 40);"
	    "INSERT INTO consent_records (id, at, choice, policy_version, client_hash) VALUES "
	    "(1, 5, 'accept', 1, X'000000000000000000000000000000a1'),"
	    "(2, 6, 'reject', 2, X'000000000000000000000000000000a2'),"
	    "(3, 7, 'accept', 1, X'000000000000000000000000000000b1'),"
	    "(4, 8, 'accept', 1, X'000000000000000000000000000000c1');"));
}

static void
test_email(void)
{
	static const struct {
		const char *typed;
		const char *want; /* NULL: refused */
	} cases[] = {
	    {"reader@example.org", "reader@example.org"},
	    {"  Reader@Example.ORG \t\n", "Reader@Example.ORG"}, /* trimmed, case kept */
	    {"a@b", "a@b"},                                      /* shortest */
	    {"", NULL},
	    {"   ", NULL},
	    {"reader", NULL},                 /* no '@' */
	    {"@example.org", NULL},           /* nothing before */
	    {"reader@", NULL},                /* nothing after */
	    {"a@b@c", NULL},                  /* two */
	    {"rea der@example.org", NULL},    /* inner space */
	    {"reader@exa\x01mple.org", NULL}, /* control */
	    {"reader@exa\x7fmple.org", NULL}, /* DEL */
	    {"rëader@例子.中国", "rëader@例子.中国"},
	};
	char longest[GZ_PERSONAL_EMAIL_MAX + 2];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = gz_personal_email(&arena, cases[i].typed);

		if (cases[i].want == NULL) {
			CHECK(got == NULL);
		} else {
			CHECK_STR(got, cases[i].want);
		}
	}
	CHECK(gz_personal_email(&arena, NULL) == NULL);
	/* 254 bytes is the limit, 255 is over it. */
	memset(longest, 'a', sizeof(longest));
	longest[1] = '@';
	longest[GZ_PERSONAL_EMAIL_MAX] = '\0';
	CHECK(gz_personal_email(&arena, longest) != NULL);
	longest[GZ_PERSONAL_EMAIL_MAX] = 'a';
	longest[GZ_PERSONAL_EMAIL_MAX + 1] = '\0';
	CHECK(gz_personal_email(&arena, longest) == NULL);
}

static void
test_find(void)
{
	struct gz_personal_data d;

	if (db == NULL) {
		return;
	}
	CHECK_INT(gz_personal_find(db, &arena, "ana@EXAMPLE.org", &d), GZ_OK);
	CHECK_INT(d.comments_total, 2);
	CHECK_INT(d.ncomments, 2);
	CHECK(d.ncomments == 2 && d.comments[0].id == 1 && d.comments[1].id == 2);
	if (d.ncomments == 2) {
		CHECK_STR(d.comments[0].article_title, "One");
		CHECK_STR(d.comments[0].article_slug, "one");
		CHECK_INT(d.comments[1].parent_id, 1);
		CHECK_STR(d.comments[1].email, "ANA@Example.org");
		CHECK_STR(d.comments[1].status, "spam");
		CHECK_STR(d.comments[0].client_hash, "000000000000000000000000000000a1");
	}
	CHECK_INT(d.consents_total, 2);
	CHECK(d.nconsents == 2 && d.consents[0].id == 1 && d.consents[1].id == 2);
	if (d.nconsents == 2) {
		CHECK_STR(d.consents[1].choice, "reject");
		CHECK_INT(d.consents[1].policy_version, 2);
	}
	/* A comment without a hash ties no consent record. */
	CHECK_INT(gz_personal_find(db, &arena, "cy@example.org", &d), GZ_OK);
	CHECK_INT(d.comments_total, 1);
	CHECK_INT(d.consents_total, 0);
	CHECK_INT(gz_personal_find(db, &arena, "nobody@example.org", &d), GZ_OK);
	CHECK(d.ncomments == 0 && d.nconsents == 0 && d.comments == NULL);
}

static void
test_erase(void)
{
	int64_t nc, nr, gen;

	if (db == NULL) {
		return;
	}
	/* Refusals change nothing. */
	CHECK_INT(gz_personal_erase(db, "", GZ_PERSONAL_DELETE, "Anonymous", 1, &nc, &nr),
	          GZ_EINVAL);
	CHECK_INT(gz_personal_erase(db, "ana@example.org", GZ_PERSONAL_ANONYMISE, "", 1, &nc, &nr),
	          GZ_EINVAL);
	/* Rolled back with the caller's transaction. */
	CHECK_INT(gz_db_begin(db), GZ_OK);
	CHECK_INT(
	    gz_personal_erase(db, "ana@example.org", GZ_PERSONAL_DELETE, "Anonymous", 1, &nc, &nr),
	    GZ_OK);
	CHECK_INT(nc, 2);
	CHECK_INT(nr, 2);
	gz_db_rollback(db);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM comments"), 4);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM consent_records"), 4);

	/* Nobody's: nothing changes, not even the generation. */
	gen = gz_db_generation(db);
	CHECK_INT(gz_personal_erase(db, "nobody@example.org", GZ_PERSONAL_ANONYMISE, "Anonymous", 1,
	                            &nc, &nr),
	          GZ_OK);
	CHECK(nc == 0 && nr == 0 && gz_db_generation(db) == gen);

	/* Anonymise, consent kept. */
	CHECK_INT(
	    gz_personal_erase(db, "Ana@Example.org", GZ_PERSONAL_ANONYMISE, "匿名", 0, &nc, &nr),
	    GZ_OK);
	CHECK_INT(nc, 2);
	CHECK_INT(nr, 0);
	CHECK(gz_db_generation(db) > gen);
	CHECK_INT(testdb_int(db,
	                     "SELECT count(*) FROM comments WHERE id IN (1, 2) AND author_name = "
	                     "'匿名' AND author_email = '' AND author_url = '' AND reasons = '' "
	                     "AND client_hash IS NULL"),
	          2);
	CHECK_INT(testdb_int(db,
	                     "SELECT count(*) FROM comments WHERE (id = 1 AND body = 'first' AND "
	                     "status = 'approved') OR (id = 2 AND body = 'second' AND status = "
	                     "'spam' AND parent_id = 1)"),
	          2);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM consent_records"), 4);
	/* The link was the hash: gone with it. */
	CHECK_INT(gz_personal_erase(db, "ana@example.org", GZ_PERSONAL_ANONYMISE, "x", 1, &nc, &nr),
	          GZ_OK);
	CHECK(nc == 0 && nr == 0);

	/* Delete: Cy's two comments go; Dee's reply between them stays,
	 * now top-level (it would otherwise go by ON DELETE CASCADE). */
	CHECK(testdb_exec(db, "INSERT INTO comments (id, article_id, parent_id, author_name, "
	                      "author_email, body, status, client_hash, created_at, "
	                      "status_changed_at) VALUES (5, 1, 4, 'Dee', 'dee@example.org', "
	                      "'dee answers cy', 'approved', NULL, 50, 50), (6, 1, 5, 'Cy', "
	                      "'cy@example.org', 'cy answers dee', 'approved', NULL, 60, 60)"));
	CHECK_INT(
	    gz_personal_erase(db, "cy@example.org", GZ_PERSONAL_DELETE, "Anonymous", 1, &nc, &nr),
	    GZ_OK);
	CHECK_INT(nc, 2);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM comments WHERE id IN (4, 6)"), 0);
	CHECK_INT(
	    testdb_int(db, "SELECT count(*) FROM comments WHERE id = 5 AND parent_id IS NULL"), 1);
	CHECK_INT(
	    gz_personal_erase(db, "bo@example.org", GZ_PERSONAL_DELETE, "Anonymous", 1, &nc, &nr),
	    GZ_OK);
	CHECK(nc == 1 && nr == 1);
	/* Bo's consent record went with his comment; the others stay. */
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM consent_records WHERE id IN (1, 2, 4)"), 3);
}

static void
test_teardown(void)
{
	gz_db_close(db);
	gz_arena_free(&arena);
	CHECK(testdb_teardown() == 0);
}

TEST_MAIN({"setup", test_setup}, {"email", test_email}, {"find", test_find}, {"erase", test_erase},
          {"teardown", test_teardown})
