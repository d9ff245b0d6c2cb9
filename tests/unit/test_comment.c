/*
 * Tests for the comment model: the moderation rules on submission (new
 * author held, known author approved, too many links held, busy article
 * held), exactly-once storage (retried nonce, duplicate text, concurrent
 * writers), rate limits, replies, state changes that teach the classifier
 * and bump the generation, queues and counts, listing counts of approved
 * comments only, edits, deletes and the purge of old spam.
 */
#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/article.h"
#include "gazette/comment.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/spam.h"
#include "test.h"
#include "testdb.h"

#define NOW 1800000000

static struct gz_arena arena;
static struct gz_db *db;

static void
test_setup(void)
{
	gz_arena_init(&arena, 64 * 1024, 0);
	CHECK(testdb_setup("comment") == 0);
	db = testdb_open("c.db");
	CHECK(db != NULL);
	CHECK(testdb_exec(db,
	                  "INSERT INTO users (id, login, display_name, role, created_at) VALUES "
	                  "(1, 'ed', 'Ed Itor', 'editor', 0);"
	                  "INSERT INTO articles (id, slug, title, author_id, status, published_at, "
	                  "created_at, updated_at) VALUES "
	                  "(1, 'one', 'One', 1, 'published', 1000, 1000, 1000),"
	                  "(2, 'two', 'Two', 1, 'published', 2000, 2000, 2000);"));
}

/* A reader's comment ready to submit; facts point at a fresh struct. */
static struct gz_comment_new
reader(int64_t article, const char *email, const char *body, const char *nonce,
       struct gz_spam_facts *facts)
{
	static const unsigned char hash[16] = {1, 2, 3};
	struct gz_comment_new c = {0};

	memset(facts, 0, sizeof(*facts));
	facts->max_links = 2;
	facts->links = gz_spam_count_links(body);
	facts->bayes = 0.5;
	c.article_id = article;
	c.author_name = "Reader";
	c.author_email = email;
	c.author_url = "";
	c.body = body;
	c.nonce = nonce;
	c.client_hash = hash;
	c.now = NOW;
	c.facts = facts;
	return c;
}

static void
test_rules(void)
{
	struct gz_spam_facts f;
	struct gz_comment_new c;
	struct gz_comment_result r;
	struct gz_comment got;
	int64_t gen;

	/* A new author is held, with the reason given. */
	c = reader(1, "ann@example.org", "First!", "n1", &f);
	CHECK(gz_comment_submit(db, &arena, &c, &r) == GZ_OK);
	CHECK_INT(r.outcome, GZ_COMMENT_STORED);
	CHECK_INT(r.status, GZ_COMMENT_PENDING);
	CHECK(strstr(r.reasons, "new author") != NULL);
	CHECK(gz_comment_get(db, &arena, r.id, &got) == GZ_OK);
	CHECK_STR(got.reasons, r.reasons);
	CHECK_STR(got.article_slug, "one");
	CHECK_INT(got.status, GZ_COMMENT_PENDING);
	/* Approving it bumps the generation and teaches ham. */
	gen = gz_db_generation(db);
	CHECK(gz_comment_set_status(db, &arena, r.id, GZ_COMMENT_APPROVED, NOW) == GZ_OK);
	CHECK(gz_db_generation(db) > gen);
	CHECK(gz_comment_get(db, &arena, r.id, &got) == GZ_OK);
	CHECK_INT(got.status, GZ_COMMENT_APPROVED);
	CHECK_STR(got.trained, "ham");
	/* The same e-mail now goes straight through (WordPress's rule). */
	gen = gz_db_generation(db);
	c = reader(1, "ann@example.org", "Second thought.", "n2", &f);
	CHECK(gz_comment_submit(db, &arena, &c, &r) == GZ_OK);
	CHECK_INT(r.status, GZ_COMMENT_APPROVED);
	CHECK(strstr(r.reasons, "known author") != NULL);
	CHECK(gz_db_generation(db) > gen);
	/* ...unless it carries more than max_links links. */
	c = reader(1, "ann@example.org", "http://a.test http://b.test http://c.test", "n3", &f);
	CHECK(gz_comment_submit(db, &arena, &c, &r) == GZ_OK);
	CHECK_INT(r.status, GZ_COMMENT_PENDING);
	CHECK(strstr(r.reasons, "held: 3 links") != NULL);
	/* A pending comment does not change what readers see. */
	gen = gz_db_generation(db);
	c = reader(1, "bob@example.org", "Held for now.", "n4", &f);
	CHECK(gz_comment_submit(db, &arena, &c, &r) == GZ_OK);
	CHECK_INT(gz_db_generation(db), gen);
	/* A blocklisted comment goes to spam, kept for review. */
	c = reader(1, "ann@example.org", "casino", "n5", &f);
	f.blocked = "casino";
	CHECK(gz_comment_submit(db, &arena, &c, &r) == GZ_OK);
	CHECK_INT(r.status, GZ_COMMENT_SPAM);
}

static void
test_once(void)
{
	struct gz_spam_facts f;
	struct gz_comment_new c;
	struct gz_comment_result r, r2;
	int64_t before = testdb_int(db, "SELECT count(*) FROM comments");

	c = reader(2, "carl@example.org", "Retry me.", "retry-nonce", &f);
	CHECK(gz_comment_submit(db, &arena, &c, &r) == GZ_OK);
	CHECK_INT(r.outcome, GZ_COMMENT_STORED);
	/* The same form again: the earlier comment, nothing new. */
	CHECK(gz_comment_submit(db, &arena, &c, &r2) == GZ_OK);
	CHECK_INT(r2.outcome, GZ_COMMENT_RETRY);
	CHECK_INT(r2.id, r.id);
	CHECK_INT(r2.status, r.status);
	/* Same author and text from a fresh form within minutes: duplicate. */
	c = reader(2, "carl@example.org", "Retry me.", "other-nonce", &f);
	CHECK(gz_comment_submit(db, &arena, &c, &r2) == GZ_OK);
	CHECK_INT(r2.outcome, GZ_COMMENT_DUPLICATE);
	/* Later on it is a new comment (people do repeat themselves). */
	c.now = NOW + GZ_COMMENT_DUP_SECONDS + 1;
	CHECK(gz_comment_submit(db, &arena, &c, &r2) == GZ_OK);
	CHECK_INT(r2.outcome, GZ_COMMENT_STORED);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM comments"), before + 2);
	/* The UNIQUE column holds even without the check. */
	CHECK(!testdb_exec(db, "INSERT INTO comments (article_id, author_name, author_email, body, "
	                       "nonce, created_at, status_changed_at) VALUES (2, 'x', 'x', 'x', "
	                       "'retry-nonce', 0, 0)"));
}

static void
test_rates(void)
{
	static const unsigned char other[16] = {9};
	struct gz_spam_facts f;
	struct gz_comment_new c;
	struct gz_comment_result r;
	char body[32], nonce[32];
	int i, stored = 0, refused = 0;

	for (i = 0; i < 5; i++) {
		snprintf(body, sizeof(body), "rate %d", i);
		snprintf(nonce, sizeof(nonce), "rate-%d", i);
		c = reader(2, "dora@example.org", body, nonce, &f);
		c.client_hash = other;
		c.client_limit = 3;
		c.now = NOW + 5000;
		CHECK(gz_comment_submit(db, &arena, &c, &r) == GZ_OK);
		stored += r.outcome == GZ_COMMENT_STORED;
		refused += r.outcome == GZ_COMMENT_RATE;
	}
	CHECK_INT(stored, 3);
	CHECK_INT(refused, 2);
	/* A busy article holds even known authors. */
	c = reader(2, "ann@example.org", "busy?", "busy-1", &f);
	c.article_limit = 3;
	c.now = NOW + 5000;
	CHECK(gz_comment_submit(db, &arena, &c, &r) == GZ_OK);
	CHECK_INT(r.status, GZ_COMMENT_PENDING);
	CHECK(strstr(r.reasons, "held: many comments on this article") != NULL);
	{
		int64_t n = 0;

		CHECK(gz_comment_count_article(db, 2, NOW + 5000 - GZ_COMMENT_RATE_WINDOW, &n) ==
		      GZ_OK);
		CHECK_INT(n, 4);
		CHECK(gz_comment_count_client(db, other, NOW + 4000, &n) == GZ_OK);
		CHECK_INT(n, 3);
	}
}

static void
test_threads(void)
{
	struct gz_spam_facts f;
	struct gz_comment_new c;
	struct gz_comment_result top, r;
	struct gz_comment *cs;
	int64_t pending;
	size_t n, i;

	c = reader(1, "ann@example.org", "Top level.", "t1", &f);
	c.now = NOW + 100;
	CHECK(gz_comment_submit(db, &arena, &c, &top) == GZ_OK);
	CHECK_INT(top.status, GZ_COMMENT_APPROVED);
	c = reader(1, "ann@example.org", "A reply.", "t2", &f);
	c.parent_id = top.id;
	c.now = NOW + 200;
	CHECK(gz_comment_submit(db, &arena, &c, &r) == GZ_OK);
	CHECK_INT(r.outcome, GZ_COMMENT_STORED);
	/* Replies only to approved comments of the same article. */
	pending = testdb_int(
	    db, "SELECT id FROM comments WHERE status = 'pending' AND article_id = 1 LIMIT 1");
	c = reader(1, "ann@example.org", "To a pending one.", "t3", &f);
	c.parent_id = pending;
	CHECK(gz_comment_submit(db, &arena, &c, &r) == GZ_OK);
	CHECK_INT(r.outcome, GZ_COMMENT_BAD_PARENT);
	c = reader(2, "ann@example.org", "Across articles.", "t4", &f);
	c.parent_id = top.id;
	CHECK(gz_comment_submit(db, &arena, &c, &r) == GZ_OK);
	CHECK_INT(r.outcome, GZ_COMMENT_BAD_PARENT);
	/* The approved thread, oldest first, parents before replies. */
	CHECK(gz_comment_approved(db, &arena, 1, &cs, &n) == GZ_OK);
	CHECK(n >= 3);
	for (i = 0; i < n; i++) {
		CHECK_INT(cs[i].status, GZ_COMMENT_APPROVED);
		CHECK_INT(cs[i].article_id, 1);
		if (i > 0) {
			CHECK(cs[i].created_at >= cs[i - 1].created_at);
		}
	}
	CHECK_INT(cs[n - 1].parent_id, top.id);
	CHECK(gz_comment_approved(db, &arena, 99, &cs, &n) == GZ_OK);
	CHECK_INT(n, 0);
}

static void
test_listing_counts(void)
{
	struct gz_article_summary *items;
	size_t n, i;
	int64_t want1 = testdb_int(
	    db, "SELECT count(*) FROM comments WHERE article_id = 1 AND status = 'approved'");
	int64_t all1 = testdb_int(db, "SELECT count(*) FROM comments WHERE article_id = 1");

	CHECK(want1 < all1); /* the fixture has pending and spam ones too */
	CHECK(gz_article_latest(db, &arena, NOW, 10, &items, &n) == GZ_OK);
	for (i = 0; i < n; i++) {
		if (items[i].id == 1) {
			CHECK_INT(items[i].comment_count, want1);
		}
	}
}

static void
test_moderation(void)
{
	int64_t counts[GZ_COMMENT_NSTATUS], before[GZ_COMMENT_NSTATUS], id, gen;
	long long nspam, nham, s0, h0;
	struct gz_comment got, *q;
	size_t n, i;

	CHECK(gz_comment_counts(db, before) == GZ_OK);
	CHECK_INT(before[GZ_COMMENT_PENDING],
	          testdb_int(db, "SELECT count(*) FROM comments WHERE status = 'pending'"));
	id = testdb_int(db, "SELECT id FROM comments WHERE status = 'pending' ORDER BY id LIMIT 1");
	CHECK(gz_spam_trained(db, &s0, &h0) == GZ_OK);
	/* Mark spam: learned as spam, no reader-visible change. */
	gen = gz_db_generation(db);
	CHECK(gz_comment_set_status(db, &arena, id, GZ_COMMENT_SPAM, NOW) == GZ_OK);
	CHECK_INT(gz_db_generation(db), gen);
	CHECK(gz_spam_trained(db, &nspam, &nham) == GZ_OK);
	CHECK_INT(nspam, s0 + 1);
	CHECK_INT(nham, h0);
	/* Not spam: the lesson is swapped, not added. */
	CHECK(gz_comment_set_status(db, &arena, id, GZ_COMMENT_PENDING, NOW) == GZ_OK);
	CHECK(gz_spam_trained(db, &nspam, &nham) == GZ_OK);
	CHECK_INT(nspam, s0);
	CHECK_INT(nham, h0 + 1);
	CHECK(gz_comment_get(db, &arena, id, &got) == GZ_OK);
	CHECK_STR(got.trained, "ham");
	/* Approving after that teaches nothing new. */
	CHECK(gz_comment_set_status(db, &arena, id, GZ_COMMENT_APPROVED, NOW) == GZ_OK);
	CHECK(gz_spam_trained(db, &nspam, &nham) == GZ_OK);
	CHECK_INT(nham, h0 + 1);
	/* Unapprove (back to pending) and trash teach nothing and bump. */
	gen = gz_db_generation(db);
	CHECK(gz_comment_set_status(db, &arena, id, GZ_COMMENT_TRASH, NOW) == GZ_OK);
	CHECK(gz_db_generation(db) > gen);
	CHECK(gz_spam_trained(db, &nspam, &nham) == GZ_OK);
	CHECK_INT(nham, h0 + 1);
	CHECK(gz_comment_set_status(db, &arena, 999999, GZ_COMMENT_TRASH, NOW) == GZ_ENOTFOUND);
	CHECK(gz_comment_set_status(db, &arena, id, (enum gz_comment_status)7, NOW) == GZ_EINVAL);
	/* Counts follow. */
	CHECK(gz_comment_counts(db, counts) == GZ_OK);
	CHECK_INT(counts[GZ_COMMENT_PENDING], before[GZ_COMMENT_PENDING] - 1);
	CHECK_INT(counts[GZ_COMMENT_TRASH], before[GZ_COMMENT_TRASH] + 1);
	/* Queues: newest first, only that status, with the article. */
	CHECK(gz_comment_queue(db, &arena, GZ_COMMENT_TRASH, 0, 50, &q, &n) == GZ_OK);
	CHECK_INT(n, counts[GZ_COMMENT_TRASH]);
	CHECK_INT(q[0].status, GZ_COMMENT_TRASH);
	CHECK(gz_comment_queue(db, &arena, GZ_COMMENT_PENDING, 0, 50, &q, &n) == GZ_OK);
	for (i = 1; i < n; i++) {
		CHECK(q[i].created_at <= q[i - 1].created_at);
	}
	CHECK(gz_comment_queue(db, &arena, GZ_COMMENT_PENDING, 0, 0, &q, &n) == GZ_EINVAL);
	CHECK(gz_comment_queue(db, &arena, GZ_COMMENT_PENDING, -1, 5, &q, &n) == GZ_EINVAL);
	/* Edit and delete. */
	CHECK(gz_comment_update(db, id, "Edited", "e@example.org", "https://e.example",
	                        "New text.") == GZ_OK);
	CHECK(gz_comment_get(db, &arena, id, &got) == GZ_OK);
	CHECK_STR(got.body, "New text.");
	CHECK_STR(got.author_url, "https://e.example");
	CHECK(gz_comment_update(db, 999999, "a", "b", "", "c") == GZ_ENOTFOUND);
	CHECK(gz_comment_delete(db, id) == GZ_OK);
	CHECK(gz_comment_get(db, &arena, id, &got) == GZ_ENOTFOUND);
	CHECK(gz_comment_delete(db, id) == GZ_ENOTFOUND);
	CHECK_INT(gz_comment_status_parse("spam"), GZ_COMMENT_SPAM);
	CHECK_INT(gz_comment_status_parse("nope"), -1);
	CHECK_STR(gz_comment_status_name(GZ_COMMENT_TRASH), "trash");
}

static void
test_purge(void)
{
	int64_t purged = -1, left;

	CHECK(testdb_exec(db, "INSERT INTO comments (article_id, author_name, author_email, body, "
	                      "status, created_at, status_changed_at) VALUES "
	                      "(1, 's', 's@x', 'old spam', 'spam', 0, 100),"
	                      "(1, 's', 's@x', 'new spam', 'spam', 0, 1799999000),"
	                      "(1, 't', 't@x', 'old trash', 'trash', 0, 100),"
	                      "(1, 'p', 'p@x', 'old pending', 'pending', 0, 100)"));
	CHECK(gz_comment_purge(db, NOW, GZ_COMMENT_SPAM_DAYS, &purged) == GZ_OK);
	CHECK(purged >= 2);
	left =
	    testdb_int(db, "SELECT count(*) FROM comments WHERE body IN ('old spam', 'old trash')");
	CHECK_INT(left, 0);
	CHECK_INT(
	    testdb_int(db,
	               "SELECT count(*) FROM comments WHERE body IN ('new spam', 'old pending')"),
	    2);
}

/* Concurrent writers, each with its own connection, as the workers are. */
#define WRITERS 8
#define PER_WRITER 25

static void *
writer(void *arg)
{
	int w = (int)(long)arg, i, *fails = calloc(1, sizeof(int));
	char path[600], err[200], body[64], nonce[64];
	struct gz_arena a;
	struct gz_db *d;

	if ((d = gz_db_open(testdb_path("c.db", path, sizeof(path)), 0, err, sizeof(err))) ==
	    NULL) {
		*fails = PER_WRITER;
		return fails;
	}
	gz_arena_init(&a, 16 * 1024, 0);
	for (i = 0; i < PER_WRITER; i++) {
		struct gz_spam_facts f;
		struct gz_comment_new c;
		struct gz_comment_result r;

		snprintf(body, sizeof(body), "parallel %d.%d", w, i);
		snprintf(nonce, sizeof(nonce), "par-%d-%d", w, i);
		c = reader(2, "par@example.org", body, nonce, &f);
		c.now = NOW + 9000;
		/* Each form twice, as a retry would. */
		if (gz_comment_submit(d, &a, &c, &r) != GZ_OK || r.outcome != GZ_COMMENT_STORED) {
			(*fails)++;
		}
		if (gz_comment_submit(d, &a, &c, &r) != GZ_OK || r.outcome != GZ_COMMENT_RETRY) {
			(*fails)++;
		}
		gz_arena_reset(&a);
	}
	gz_arena_free(&a);
	gz_db_close(d);
	return fails;
}

static void
test_parallel(void)
{
	pthread_t t[WRITERS];
	int i, fails = 0;

	for (i = 0; i < WRITERS; i++) {
		CHECK(pthread_create(&t[i], NULL, writer, (void *)(long)i) == 0);
	}
	for (i = 0; i < WRITERS; i++) {
		void *res;

		pthread_join(t[i], &res);
		fails += *(int *)res;
		free(res);
	}
	CHECK_INT(fails, 0);
	CHECK_INT(
	    testdb_int(db, "SELECT count(*) FROM comments WHERE author_email = 'par@example.org'"),
	    WRITERS * PER_WRITER);
	CHECK_INT(testdb_int(db, "SELECT count(DISTINCT body) FROM comments WHERE author_email = "
	                         "'par@example.org'"),
	          WRITERS * PER_WRITER);
}

static void
test_teardown(void)
{
	gz_db_close(db);
	CHECK(testdb_teardown() == 0);
	gz_arena_free(&arena);
}

TEST_MAIN(T(test_setup), T(test_rules), T(test_once), T(test_rates), T(test_threads),
          T(test_listing_counts), T(test_moderation), T(test_purge), T(test_parallel),
          T(test_teardown))
