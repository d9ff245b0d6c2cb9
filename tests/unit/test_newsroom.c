/*
 * The newsroom models (src/model/byline.c, article_note.c,
 * social_image.c and the bylines/social image of article_edit.c): old
 * articles get their owner as byline (migration 013) and new ones by the
 * trigger; bylines replace in order, a repeated id counts once, unknown or
 * newly named disabled staff and counts out of range are refused with nothing
 * changed, and a refused byline rolls back the whole article save; author
 * listings find an article under any byline; notes are checked (kind,
 * empty, blank, too long, controls), go on visible articles only (not
 * drafts, not scheduled for later), are bounded in number, move
 * updated_at (what dateModified reads) and never move it back, and a
 * removal is a mark plus a revision, once; the social image falls back to
 * the lead image.
 */
#include <stdint.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/article.h"
#include "gazette/article_edit.h"
#include "gazette/article_note.h"
#include "gazette/byline.h"
#include "gazette/social_image.h"
#include "test.h"
#include "testdb.h"

#define NOW 1800000000

static struct gz_arena arena;
static struct gz_db *db;

static void
test_setup(void)
{
	CHECK(testdb_setup("newsroom") == 0);
	gz_arena_init(&arena, 4096, 0);
	db = testdb_open("newsroom.db");
	CHECK(db != NULL);
	if (db != NULL) {
		CHECK(testdb_exec(
		    db, "INSERT INTO users (id, login, display_name, role, created_at, "
		        "disabled) VALUES (1, 'ed', 'Ed', 'editor', 0, 0), "
		        "(2, 'ann', 'Ann', 'author', 0, 0), (3, 'bo', '', 'author', 0, 0), "
		        "(4, 'gone', 'Gone', 'author', 0, 1)"));
	}
}

/* A new article by user 1 (status, published_at) with title; its id or 0. */
static int64_t
make(const char *title, const char *status, int64_t pub, time_t now)
{
	struct gz_article_input in = {0};
	struct gz_article_errors e;
	int64_t id = 0;

	in.title = title;
	in.body = "Body.";
	in.status = status;
	in.published_at = pub;
	CHECK_INT(gz_article_create(db, &arena, &in, 1, now, &id, &e), GZ_OK);
	return id;
}

static void
test_bylines(void)
{
	struct gz_byline *b;
	size_t n = 0;
	int64_t id, three[] = {2, 3, 2, 1}, bad[] = {2, 99}, disabled[] = {4};
	int64_t nine[GZ_BYLINES_MAX + 1] = {1, 2, 3, 1, 2, 3, 1, 2, 3};
	struct gz_list_query q = {GZ_LIST_AUTHOR, 3, GZ_CURSOR_NONE, 0, 0, 0, 10};
	struct gz_article_summary *items;
	int64_t count = 0;

	if (db == NULL) {
		return;
	}
	id = make("Joint work", "published", NOW - 100, NOW - 100);
	/* New articles start credited to their owner (the trigger). */
	CHECK_INT(gz_byline_list(db, &arena, id, &b, &n), GZ_OK);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_INT(b[0].user_id, 1);
		CHECK_STR(b[0].name, "Ed");
	}
	/* Replaced in order; 2 given twice counts once, at its first place. */
	CHECK_INT(gz_byline_set(db, id, three, 4), GZ_OK);
	CHECK_INT(gz_byline_list(db, &arena, id, &b, &n), GZ_OK);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_INT(b[0].user_id, 2);
		CHECK_INT(b[1].user_id, 3);
		CHECK_STR(b[1].name, "bo"); /* no display name: the login */
		CHECK_INT(b[2].user_id, 1);
	}
	/* Refusals change nothing. */
	CHECK_INT(gz_byline_set(db, id, bad, 2), GZ_EINVAL);
	CHECK_INT(gz_byline_set(db, id, disabled, 1), GZ_EINVAL);
	CHECK_INT(gz_byline_set(db, id, three, 0), GZ_EINVAL);
	CHECK_INT(gz_byline_set(db, id, nine, GZ_BYLINES_MAX + 1), GZ_EINVAL);
	/* Still 2, 3, 1 in that order. */
	CHECK_INT(testdb_int(db, "SELECT sum(user_id * (position + 1)) FROM article_authors WHERE "
	                         "article_id = (SELECT max(id) FROM articles)"),
	          2 * 1 + 3 * 2 + 1 * 3);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM article_authors WHERE article_id = (SELECT "
	                         "max(id) FROM articles)"),
	          3);
	/* The author page of a co-author (not the owner) lists it. */
	CHECK_INT(gz_article_list(db, &arena, NOW, &q, &items, &n), GZ_OK);
	CHECK_INT(n, 1);
	CHECK_INT(gz_article_list_count(db, NOW, GZ_LIST_AUTHOR, 3, 0, 0, &count, NULL), GZ_OK);
	CHECK_INT(count, 1);
	/* A disabled account the article already credits keeps its place. */
	{
		int64_t other = make("Former colleague", "published", NOW - 50, NOW - 50),
		        ids[] = {1};
		int64_t again[] = {4, 1};

		CHECK(testdb_exec(db, "UPDATE users SET disabled = 0 WHERE id = 4"));
		CHECK_INT(gz_byline_set(db, other, again, 2), GZ_OK);
		CHECK(testdb_exec(db, "UPDATE users SET disabled = 1 WHERE id = 4"));
		CHECK_INT(gz_byline_set(db, other, again, 2), GZ_OK);
		CHECK_INT(gz_byline_set(db, other, ids, 1), GZ_OK);
		/* Once dropped, they cannot be named again. */
		CHECK_INT(gz_byline_set(db, other, again, 2), GZ_EINVAL);
	}
	/* The staff offered: enabled ones only. */
	CHECK_INT(gz_byline_staff(db, &arena, &b, &n), GZ_OK);
	CHECK_INT(n, 3);
}

static void
test_save_with_bylines(void)
{
	struct gz_article_input in = {0};
	struct gz_article_errors e;
	struct gz_article_row row;
	struct gz_social_image si;
	int64_t id, ok[] = {3, 1}, bad[] = {1, 99};

	if (db == NULL) {
		return;
	}
	CHECK(testdb_exec(db,
	                  "INSERT INTO media (id, hash, ext, mime, width, height, bytes, alt, "
	                  "created_at) VALUES (10, 'aa', 'png', 'image/png', 800, 600, 1, "
	                  "'Lead', 0), (11, 'bb', 'png', 'image/png', 1200, 630, 1, 'Card', 0)"));
	id = make("Saved with bylines", "draft", 0, NOW);
	CHECK_INT(gz_article_get(db, &arena, id, NOW, &row), GZ_OK);
	in.title = row.title;
	in.body = row.body;
	in.status = "draft";
	in.version = row.version;
	in.image_id = 10;
	in.bylines = bad;
	in.nbylines = 2;
	/* A refused byline refuses the whole save: the title is unchanged. */
	in.title = "Changed title";
	CHECK_INT(gz_article_update(db, &arena, id, &in, 1, NOW, &e), GZ_EINVAL);
	CHECK(e.bylines != NULL);
	CHECK_INT(gz_article_get(db, &arena, id, NOW, &row), GZ_OK);
	CHECK_STR(row.title, "Saved with bylines");
	CHECK_INT(row.image_id, 0);
	/* No social image picked: the lead image is shared. */
	in.bylines = ok;
	in.has_social_image = 1;
	in.social_image_id = 0;
	CHECK_INT(gz_article_update(db, &arena, id, &in, 1, NOW, &e), GZ_OK);
	CHECK_INT(gz_social_image_get(db, &arena, id, &si), GZ_OK);
	CHECK_STR(si.url, "/media/aa.png");
	CHECK_INT(si.picked, 0);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM article_authors WHERE user_id = 3 AND "
	                         "position = 0 AND article_id = (SELECT max(id) FROM articles)"),
	          1);
	/* Picked: it wins; a missing one is refused. */
	CHECK_INT(gz_article_get(db, &arena, id, NOW, &row), GZ_OK);
	in.version = row.version;
	in.social_image_id = 11;
	CHECK_INT(gz_article_update(db, &arena, id, &in, 1, NOW, &e), GZ_OK);
	CHECK_INT(gz_social_image_get(db, &arena, id, &si), GZ_OK);
	CHECK_STR(si.url, "/media/bb.png");
	CHECK_INT(si.width, 1200);
	CHECK_INT(si.picked, 1);
	CHECK_INT(gz_article_get(db, &arena, id, NOW, &row), GZ_OK);
	CHECK_INT(row.social_image_id, 11);
	in.version = row.version;
	in.social_image_id = 12;
	CHECK_INT(gz_article_update(db, &arena, id, &in, 1, NOW, &e), GZ_EINVAL);
	CHECK(e.social_image != NULL);
	/* A caller that does not know the fields (has_social_image 0,
	 * bylines NULL) keeps them. */
	in.bylines = NULL;
	in.has_social_image = 0;
	CHECK_INT(gz_article_update(db, &arena, id, &in, 1, NOW, &e), GZ_OK);
	CHECK_INT(gz_article_get(db, &arena, id, NOW, &row), GZ_OK);
	CHECK_INT(row.social_image_id, 11);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM article_authors WHERE article_id = (SELECT "
	                         "max(id) FROM articles)"),
	          2);
	CHECK_INT(gz_social_image_get(db, &arena, 999999, &si), GZ_ENOTFOUND);
}

static void
test_note_check(void)
{
	char big[GZ_NOTE_BODY_MAX + 2];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK(gz_note_check("update", "The council replied.") == NULL);
	CHECK(gz_note_check("correction", "Line one.\nLine two.\tTabbed.") == NULL);
	CHECK(gz_note_check("erratum", "x") != NULL);
	CHECK(gz_note_check(NULL, "x") != NULL);
	CHECK(gz_note_check("update", "") != NULL);
	CHECK(gz_note_check("update", " \n\t ") != NULL);
	CHECK(gz_note_check("update", NULL) != NULL);
	CHECK(gz_note_check("update", big) != NULL);
	big[GZ_NOTE_BODY_MAX] = '\0';
	CHECK(gz_note_check("update", big) == NULL);
	CHECK(gz_note_check("update", "bell\a") != NULL);
	CHECK(gz_note_check("update", "bad \xff utf-8") != NULL);
}

static void
test_notes(void)
{
	struct gz_article_note *notes;
	struct gz_article a;
	struct gz_article_row row;
	size_t n = 0, i;
	int64_t pub, draft, later, nid = 0, other;

	if (db == NULL) {
		return;
	}
	pub = make("Noted story", "published", NOW - 5000, NOW - 5000);
	draft = make("Draft story", "draft", 0, NOW);
	later = make("Later story", "scheduled", NOW + 3600, NOW);
	CHECK_INT(gz_note_add(db, draft, "update", "x", 1, NOW, NULL), GZ_EPERM);
	CHECK_INT(gz_note_add(db, later, "update", "x", 1, NOW, NULL), GZ_EPERM);
	CHECK_INT(gz_note_add(db, 999999, "update", "x", 1, NOW, NULL), GZ_ENOTFOUND);
	CHECK_INT(gz_note_add(db, pub, "update", "", 1, NOW, NULL), GZ_EINVAL);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM article_notes"), 0);
	/* A note is an edit: updated_at becomes its time. */
	CHECK_INT(gz_note_add(db, pub, "correction", "The date was wrong.", 1, NOW - 60, &nid),
	          GZ_OK);
	CHECK(nid > 0);
	CHECK_INT(gz_article_get(db, &arena, pub, NOW, &row), GZ_OK);
	CHECK_INT(row.updated_at, NOW - 60);
	CHECK_INT(gz_article_by_slug(db, &arena, "noted-story", NOW, &a), GZ_OK);
	CHECK_INT(a.s.updated_at, NOW - 60);
	/* ...and never moves it back. */
	CHECK_INT(gz_note_add(db, pub, "update", "Earlier clock.", 1, NOW - 120, NULL), GZ_OK);
	CHECK_INT(gz_article_get(db, &arena, pub, NOW, &row), GZ_OK);
	CHECK_INT(row.updated_at, NOW - 60);
	CHECK_INT(gz_note_list(db, &arena, pub, 0, &notes, &n), GZ_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		/* Oldest first. */
		CHECK_STR(notes[0].kind, "update");
		CHECK_STR(notes[1].kind, "correction");
		CHECK_STR(notes[1].body, "The date was wrong.");
		CHECK_STR(notes[1].author, "Ed");
		CHECK_INT(notes[1].removed_at, 0);
	}
	/* Removal: marked, a revision, gone from readers, kept for editors. */
	other = make("Other story", "published", NOW - 10, NOW - 10);
	CHECK_INT(gz_note_remove(db, other, nid, 1, NOW), GZ_ENOTFOUND);
	i = (size_t)testdb_int(db, "SELECT count(*) FROM revisions");
	CHECK_INT(gz_note_remove(db, pub, nid, 1, NOW), GZ_OK);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM revisions"), (long long)i + 1);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM revisions WHERE note = 'correction removed: "
	                         "The date was wrong.'"),
	          1);
	CHECK_INT(gz_note_remove(db, pub, nid, 1, NOW), GZ_ENOTFOUND);
	CHECK_INT(gz_note_list(db, &arena, pub, 0, &notes, &n), GZ_OK);
	CHECK_INT(n, 1);
	CHECK_INT(gz_note_list(db, &arena, pub, 1, &notes, &n), GZ_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(notes[1].removed_at, NOW);
	}
	CHECK_INT(gz_article_get(db, &arena, pub, NOW, &row), GZ_OK);
	CHECK_INT(row.updated_at, NOW);
	/* Bounded: GZ_NOTES_MAX per article, removed ones counted. */
	for (i = 2; i < GZ_NOTES_MAX; i++) {
		CHECK_INT(gz_note_add(db, pub, "update", "More.", 1, NOW, NULL), GZ_OK);
	}
	CHECK_INT(gz_note_add(db, pub, "update", "One too many.", 1, NOW, NULL), GZ_ETOOBIG);
}

/* dateModified's source never lies before publication when the model
 * keeps an older updated_at (a scheduled article saved before its time):
 * the app shows max(updated, published); the sitemap does the same. */
static void
test_modified_order(void)
{
	struct gz_article a;
	int64_t id;

	if (db == NULL) {
		return;
	}
	id = make("Scheduled then live", "scheduled", NOW + 600, NOW);
	CHECK(id > 0);
	CHECK_INT(gz_article_by_slug(db, &arena, "scheduled-then-live", NOW + 1200, &a), GZ_OK);
	CHECK(a.s.updated_at < a.s.published_at);
	CHECK_INT(testdb_int(db, "SELECT max(updated_at, published_at) FROM articles WHERE slug = "
	                         "'scheduled-then-live'"),
	          NOW + 600);
}

static void
test_teardown(void)
{
	gz_db_close(db);
	gz_arena_free(&arena);
	CHECK(testdb_teardown() == 0);
}

TEST_MAIN(T(test_setup), T(test_bylines), T(test_save_with_bylines), T(test_note_check),
          T(test_notes), T(test_modified_order), T(test_teardown))
