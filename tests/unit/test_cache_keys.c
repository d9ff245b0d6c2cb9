/*
 * Tests for cache keys and the purge queue (gazette/cache_keys.h,
 * gazette/purge.h): a touch moves only the validators of answers naming
 * the touched keys; gz_db_bump and a generation bump behind Gazette's back
 * move every one; what an article save, move, publication, schedule and
 * trash touch, and what they leave alone; a comment touches its article
 * and not another; the validator of a scheduled article's keys turns over
 * at its time without a write; the queue's rows per target, grouping,
 * sending, backoff, dropping after too many failures, and its survival of a
 * reopened connection; the purge URL and status line parsers, malformed
 * input included.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/article_edit.h"
#include "gazette/cache_keys.h"
#include "gazette/comment.h"
#include "gazette/db.h"
#include "gazette/purge.h"
#include "test.h"
#include "testdb.h"

#define NOW 1800000000

static struct gz_arena arena;
static struct gz_db *db;

/* The validator's version of an answer naming the NULL-terminated keys. */
static int64_t
version_of(const char *k0, ...)
{
	const char *keys[GZ_CACHE_KEYS_MAX];
	int64_t v = -1, ch, due;
	size_t n = 0;
	va_list ap;
	const char *k;

	va_start(ap, k0);
	for (k = k0; k != NULL && n < GZ_CACHE_KEYS_MAX; k = va_arg(ap, const char *)) {
		keys[n++] = k;
	}
	va_end(ap);
	CHECK(gz_cache_state(db, keys, n, NOW, &v, &ch, &due) == GZ_OK);
	return v;
}

static void
test_setup(void)
{
	gz_arena_init(&arena, 64 * 1024, 0);
	CHECK(testdb_setup("cache_keys") == 0);
	db = testdb_open("k.db");
	CHECK(db != NULL);
	CHECK(testdb_exec(
	    db, "INSERT INTO users (id, login, display_name, role, created_at) VALUES "
	        "(1, 'ed', 'Ed Itor', 'editor', 0), (2, 'au', 'Au Thor', 'author', 0);"
	        "INSERT INTO categories (id, slug, name, parent_id) VALUES "
	        "(1, 'news', 'News', NULL), (2, 'world', 'World', 1),"
	        "(3, 'sport', 'Sport', NULL);"
	        "INSERT INTO tags (id, slug, name) VALUES (1, 't1', 'T1'), (2, 't2', 'T2');"
	        "INSERT INTO articles (id, slug, title, author_id, category_id, status, "
	        "published_at, created_at, updated_at) VALUES "
	        "(1, 'one', 'One', 1, 2, 'published', 1000, 1000, 1000),"
	        "(2, 'two', 'Two', 2, 3, 'published', 2000, 2000, 2000),"
	        "(3, 'three', 'Three', 1, 3, 'draft', NULL, 3000, 3000);"
	        "INSERT INTO article_tags (article_id, tag_id) VALUES (1, 1), (2, 2);"));
}

/* Run sql as a save of article id inside one transaction, touching what it changes. */
static void
save(int64_t id, const char *sql, int64_t now)
{
	struct gz_cache_article before;

	CHECK(gz_db_begin(db) == GZ_OK);
	CHECK(gz_cache_article_read(db, id, &before) == GZ_OK);
	CHECK(testdb_exec(db, sql));
	CHECK(gz_cache_article_written(db, &before, now) == GZ_OK);
	CHECK(gz_db_commit(db) == GZ_OK);
}

static void
test_touch(void)
{
	const char *one[] = {"article:1"}, *bad[] = {"has space"}, *many[GZ_CACHE_KEYS_MAX + 1];
	char longkey[GZ_CACHE_KEY_LEN + 2];
	int64_t a1 = version_of("article:1", "all", NULL),
	        a2 = version_of("article:2", "all", NULL);
	int64_t all = version_of("all", NULL), v, ch, due;
	size_t i;

	CHECK(a1 > 0);
	CHECK_INT(gz_cache_touch(db, one, 1), GZ_EINVAL); /* outside a transaction */
	CHECK(gz_db_begin(db) == GZ_OK);
	CHECK(gz_cache_touch(db, one, 1) == GZ_OK);
	CHECK(gz_cache_touch(db, one, 1) == GZ_OK); /* twice: harmless */
	CHECK_INT(gz_cache_touch(db, bad, 1), GZ_EINVAL);
	memset(longkey, 'a', sizeof(longkey) - 1);
	longkey[sizeof(longkey) - 1] = '\0';
	bad[0] = longkey;
	CHECK_INT(gz_cache_touch(db, bad, 1), GZ_EINVAL);
	bad[0] = "";
	CHECK_INT(gz_cache_touch(db, bad, 1), GZ_EINVAL);
	CHECK(gz_db_commit(db) == GZ_OK);
	CHECK(version_of("article:1", "all", NULL) > a1);
	CHECK_INT(version_of("article:2", "all", NULL), a2);
	CHECK_INT(version_of("all", NULL), all);
	/* A key never touched reads as 0; the validator takes the largest. */
	CHECK_INT(version_of("never", NULL), 0);
	/* At most GZ_CACHE_KEYS_MAX keys in one answer. */
	for (i = 0; i <= GZ_CACHE_KEYS_MAX; i++) {
		many[i] = "home";
	}
	CHECK_INT(gz_cache_state(db, many, GZ_CACHE_KEYS_MAX + 1, NOW, &v, &ch, &due), GZ_EINVAL);
	CHECK(gz_cache_state(db, many, GZ_CACHE_KEYS_MAX, NOW, &v, &ch, &due) == GZ_OK);
	/* The generation moves on every touch too (the page caches' quick test). */
	CHECK(testdb_int(db, "SELECT value FROM generation") >= version_of("article:1", NULL));
	CHECK_INT(testdb_int(db, "SELECT keyed FROM generation"), 0);
}

static void
test_bump(void)
{
	int64_t a2 = version_of("article:2", "all", NULL);

	CHECK(gz_db_begin(db) == GZ_OK);
	CHECK(gz_db_bump(db) == GZ_OK);
	CHECK(gz_db_commit(db) == GZ_OK);
	CHECK(version_of("article:2", "all", NULL) > a2);
	/* A script bumping the generation behind Gazette's back: everything too. */
	a2 = version_of("article:2", "all", NULL);
	CHECK(testdb_exec(db, "UPDATE generation SET value = value + 1;"));
	CHECK(version_of("article:2", "all", NULL) > a2);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM purge_queue WHERE key = 'all'"), 1);
}

static void
test_article(void)
{
	int64_t a1, a2, home, cat1, cat2, cat3, order, sections, tag1, search;

#define SNAP()                                                                                     \
	(a1 = version_of("article:1", NULL), a2 = version_of("article:2", NULL),                   \
	 home = version_of("home", NULL), cat1 = version_of("cat:1", NULL),                        \
	 cat2 = version_of("cat:2", NULL), cat3 = version_of("cat:3", NULL),                       \
	 order = version_of("order", NULL), sections = version_of("sections", NULL),               \
	 tag1 = version_of("tag:1", NULL), search = version_of("search", NULL))

	/* A new title: its own key and search; no listing changes membership. */
	SNAP();
	save(1, "UPDATE articles SET title = 'One, again' WHERE id = 1;", NOW);
	CHECK(version_of("article:1", NULL) > a1);
	CHECK(version_of("search", NULL) > search);
	CHECK_INT(version_of("article:2", NULL), a2);
	CHECK_INT(version_of("home", NULL), home);
	CHECK_INT(version_of("cat:2", NULL), cat2);
	CHECK_INT(version_of("order", NULL), order);
	CHECK_INT(version_of("sections", NULL), sections);

	/* Moved from World (under News) to Sport: both chains, home, the menu. */
	SNAP();
	save(1, "UPDATE articles SET category_id = 3 WHERE id = 1;", NOW);
	CHECK(version_of("cat:2", NULL) > cat2);
	CHECK(version_of("cat:1", NULL) > cat1); /* World's parent lists it too */
	CHECK(version_of("cat:3", NULL) > cat3);
	CHECK(version_of("home", NULL) > home);
	CHECK(version_of("tag:1", NULL) > tag1);
	CHECK(version_of("sections", NULL) > sections);
	CHECK_INT(version_of("order", NULL), order); /* same place in time */
	CHECK_INT(version_of("article:2", NULL), a2);

	/* A draft saved: no reader sees it; only its own key. */
	SNAP();
	save(3, "UPDATE articles SET title = 'Still a draft' WHERE id = 3;", NOW);
	CHECK(version_of("article:3", NULL) > 0);
	CHECK_INT(version_of("home", NULL), home);
	CHECK_INT(version_of("search", NULL), search);

	/* Published through the editor's model: order and listings. */
	SNAP();
	CHECK(gz_article_set_status(db, 3, GZ_ARTICLE_PUBLISH, 1, NOW) == GZ_OK);
	CHECK(version_of("order", NULL) > order);
	CHECK(version_of("home", NULL) > home);
	CHECK(version_of("cat:3", NULL) > cat3);
	CHECK(version_of("author:1", NULL) > 0);
	CHECK_INT(version_of("article:2", NULL), a2);
	CHECK_INT(version_of("cat:2", NULL), cat2);

	/* To the trash and deleted for good: gone from listings, then nothing. */
	SNAP();
	CHECK(gz_article_set_status(db, 3, GZ_ARTICLE_TRASH, 1, NOW) == GZ_OK);
	CHECK(version_of("home", NULL) > home);
	CHECK(version_of("order", NULL) > order);
	SNAP();
	CHECK(gz_article_delete(db, 3) == GZ_OK);
	CHECK_INT(version_of("home", NULL), home);
	CHECK(version_of("article:3", NULL) > 0);
#undef SNAP
}

static void
test_scheduled(void)
{
	const char *keys[] = {"home", "all"};
	int64_t v0, d0, v, ch, d;

	CHECK(gz_cache_state(db, keys, 2, NOW, &v0, &ch, &d0) == GZ_OK);
	CHECK_INT(d0, 0);
	/* Scheduled for NOW + 100: home changes then, with no write. */
	save(2, "UPDATE articles SET status = 'scheduled', published_at = 1800000100 WHERE id = 2;",
	     NOW);
	CHECK(gz_cache_state(db, keys, 2, NOW, &v0, &ch, &d0) == GZ_OK);
	CHECK(gz_cache_state(db, keys, 2, NOW + 99, &v, &ch, &d) == GZ_OK);
	CHECK_INT(v, v0);
	CHECK_INT(d, d0);
	CHECK(gz_cache_state(db, keys, 2, NOW + 100, &v, &ch, &d) == GZ_OK);
	CHECK_INT(v, v0);
	CHECK_INT(d, NOW + 100);
	CHECK_INT(ch, NOW + 100); /* Last-Modified: when it appeared */
	/* Keys of another section did not get the due time. */
	keys[0] = "cat:2";
	CHECK(gz_cache_state(db, keys, 2, NOW + 100, &v, &ch, &d) == GZ_OK);
	CHECK_INT(d, 0);
	/* The purge thread queues the due keys once their time has come. */
	CHECK(testdb_exec(db, "DELETE FROM purge_queue;"));
	{
		int pending = -1;

		CHECK(gz_purge_pending(db, NOW + 99, &pending) == GZ_OK);
		CHECK_INT(pending, 0);
		CHECK(gz_purge_pending(db, NOW + 100, &pending) == GZ_OK);
		CHECK_INT(pending, 1);
		CHECK(gz_purge_prepare(db, NOW + 100, (const char *[]){"http://c1/"}, 1) == GZ_OK);
		CHECK(testdb_int(db, "SELECT count(*) FROM purge_queue WHERE key = 'home' AND "
		                     "target = 'http://c1/'") == 1);
		CHECK(gz_purge_pending(db, NOW + 100, &pending) == GZ_OK);
		CHECK_INT(pending, 0);
	}
}

static void
test_comment(void)
{
	int64_t a1 = version_of("article:1", NULL), a2 = version_of("article:2", NULL);
	int64_t home = version_of("home", NULL), comments = version_of("comments", NULL);

	CHECK(testdb_exec(db, "INSERT INTO comments (id, article_id, author_name, author_email, "
	                      "body, status, created_at, status_changed_at) VALUES (1, 1, 'R', "
	                      "'r@example.org', 'Hi', 'pending', 1800000000, 1800000000);"));
	CHECK(gz_comment_set_status(db, &arena, 1, GZ_COMMENT_APPROVED, NOW) == GZ_OK);
	CHECK(version_of("article:1", NULL) > a1);
	CHECK(version_of("comments", NULL) > comments);
	CHECK_INT(version_of("article:2", NULL), a2);
	CHECK_INT(version_of("home", NULL), home);
	/* Edited and deleted by a moderator: its article again, nothing else. */
	a1 = version_of("article:1", NULL);
	CHECK(gz_comment_update(db, 1, "R", "r@example.org", "", "Hi, edited") == GZ_OK);
	CHECK(version_of("article:1", NULL) > a1);
	a1 = version_of("article:1", NULL);
	CHECK(gz_comment_delete(db, 1) == GZ_OK);
	CHECK(version_of("article:1", NULL) > a1);
	CHECK_INT(version_of("article:2", NULL), a2);
	CHECK_INT(version_of("all", NULL) < version_of("article:1", NULL), 1);
	CHECK_INT(gz_comment_delete(db, 1), GZ_ENOTFOUND);
	/* An update note on article 2: its own key and "articles", no listing. */
	a2 = version_of("article:2", NULL);
	home = version_of("home", NULL);
	CHECK(gz_db_begin(db) == GZ_OK);
	CHECK(gz_cache_article_touch(db, 2) == GZ_OK);
	CHECK(gz_db_commit(db) == GZ_OK);
	CHECK(version_of("article:2", NULL) > a2);
	CHECK(version_of("articles", NULL) == version_of("article:2", NULL));
	CHECK_INT(version_of("home", NULL), home);
	CHECK_INT(gz_comment_update(db, 999, "R", "r@example.org", "", "x"), GZ_ENOTFOUND);
}

static void
test_queue(void)
{
	const char *targets[] = {"http://a/", "http://b/"}, *one[] = {"article:9", "home"};
	struct gz_purge_row *rows;
	size_t n, i;
	int64_t count;
	int pending;
	char path[512], err[256];

	CHECK(testdb_exec(db, "DELETE FROM purge_queue;"));
	CHECK(gz_db_begin(db) == GZ_OK);
	CHECK(gz_cache_touch(db, one, 2) == GZ_OK);
	CHECK(gz_db_commit(db) == GZ_OK);
	CHECK(gz_purge_pending(db, NOW, &pending) == GZ_OK);
	CHECK_INT(pending, 1);
	/* Nothing goes out before the thread gave each key its caches. */
	CHECK(gz_purge_next(db, &arena, NOW, 10, &rows, &n) == GZ_OK);
	CHECK_INT(n, 0);
	CHECK(gz_purge_prepare(db, NOW, targets, 2) == GZ_OK);
	CHECK(gz_purge_count(db, &count) == GZ_OK);
	CHECK_INT(count, 4);
	CHECK(gz_purge_next(db, &arena, NOW, 10, &rows, &n) == GZ_OK);
	CHECK_INT(n, 4);
	for (i = 0; i < n; i++) {
		CHECK_STR(rows[i].target, i < 2 ? "http://a/" : "http://b/");
		CHECK_INT(rows[i].attempts, 0);
	}
	/* Sent at a: gone there, still due at b. */
	CHECK(gz_purge_sent(db, "article:9", "http://a/") == GZ_OK);
	CHECK(gz_purge_sent(db, "home", "http://a/") == GZ_OK);
	/* b refused: tried again at the given time, not before. */
	CHECK(gz_purge_failed(db, "home", "http://b/", NOW + 2, 3) == GZ_OK);
	CHECK(gz_purge_next(db, &arena, NOW + 1, 10, &rows, &n) == GZ_OK);
	CHECK_INT(n, 1);
	CHECK_STR(rows[0].key, "article:9");
	CHECK(gz_purge_next(db, &arena, NOW + 2, 10, &rows, &n) == GZ_OK);
	CHECK_INT(n, 2);
	/* The queue is a table: a new connection (a restarted process) sees it. */
	gz_db_close(db);
	db = testdb_open("k.db");
	CHECK(db != NULL);
	CHECK(gz_purge_count(db, &count) == GZ_OK);
	CHECK_INT(count, 2);
	/* Dropped after max_attempts failures. */
	CHECK(gz_purge_failed(db, "home", "http://b/", NOW + 4, 3) == GZ_OK);
	CHECK_INT(gz_purge_failed(db, "home", "http://b/", NOW + 8, 3), GZ_ENOTFOUND);
	CHECK(gz_purge_count(db, &count) == GZ_OK);
	CHECK_INT(count, 1);
	/* With no cache configured, queued keys are dropped, not kept. */
	CHECK(gz_db_begin(db) == GZ_OK);
	CHECK(gz_cache_touch(db, one, 2) == GZ_OK);
	CHECK(gz_db_commit(db) == GZ_OK);
	CHECK(gz_purge_prepare(db, NOW, NULL, 0) == GZ_OK);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM purge_queue WHERE target = ''"), 0);
	/* A write touching the same key many times queues it once per cache. */
	CHECK(testdb_exec(db, "DELETE FROM purge_queue;"));
	for (i = 0; i < 5; i++) {
		CHECK(gz_db_begin(db) == GZ_OK);
		CHECK(gz_cache_touch(db, one, 1) == GZ_OK);
		CHECK(gz_db_commit(db) == GZ_OK);
	}
	CHECK(gz_purge_prepare(db, NOW, targets, 2) == GZ_OK);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM purge_queue"), 2);
	(void)path;
	(void)err;
}

static void
test_url(void)
{
	static const struct {
		const char *url;
		int ok;
		const char *host, *port, *path;
	} cases[] = {
	    {"http://127.0.0.1:6081/", 1, "127.0.0.1", "6081", "/"},
	    {"http://cache.lan", 1, "cache.lan", "80", "/"},
	    {"http://cache.lan/purge/x", 1, "cache.lan", "80", "/purge/x"},
	    {"http://h:65535", 1, "h", "65535", "/"},
	    {"https://h/", 0, NULL, NULL, NULL},
	    {"ftp://h/", 0, NULL, NULL, NULL},
	    {"http://", 0, NULL, NULL, NULL},
	    {"http://:80/", 0, NULL, NULL, NULL},
	    {"http://h:/", 0, NULL, NULL, NULL},
	    {"http://h:0/", 0, NULL, NULL, NULL},
	    {"http://h:65536/", 0, NULL, NULL, NULL},
	    {"http://h:123456/", 0, NULL, NULL, NULL},
	    {"http://h:8a/", 0, NULL, NULL, NULL},
	    {"http://h/a b", 0, NULL, NULL, NULL},
	    {"http://h/a\r\nX: y", 0, NULL, NULL, NULL},
	    {"http://h\r\n/", 0, NULL, NULL, NULL},
	    {"", 0, NULL, NULL, NULL},
	};
	struct gz_purge_url u;
	char longhost[400];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = gz_purge_url_parse(cases[i].url, &u);

		CHECK_INT(rc, cases[i].ok ? 0 : -1);
		if (cases[i].ok && rc == 0) {
			CHECK_STR(u.host, cases[i].host);
			CHECK_STR(u.port, cases[i].port);
			CHECK_STR(u.path, cases[i].path);
		}
	}
	snprintf(longhost, sizeof(longhost), "http://%0300d/", 0);
	CHECK_INT(gz_purge_url_parse(longhost, &u), -1);
}

static void
test_status(void)
{
	static const struct {
		const char *text;
		int status;
	} cases[] = {
	    {"HTTP/1.1 200 OK\r\n", 200},
	    {"HTTP/1.0 404 Not Found\r\n", 404},
	    {"HTTP/1.1 503\r\n", 503},
	    {"HTTP/1.1 204", 204},
	    {"HTTP/1.1 20", -1},
	    {"HTTP/2 200 OK\r\n", -1},
	    {"HTTP/1.1 2x0 OK\r\n", -1},
	    {"HTTP/1.1 099 Odd\r\n", -1},
	    {"HTTP/1.1 2000 OK\r\n", -1},
	    {"http/1.1 200 OK\r\n", -1},
	    {"", -1},
	    {"garbage that is long enough", -1},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK_INT(gz_purge_status(cases[i].text, strlen(cases[i].text)), cases[i].status);
	}
	/* Only len bytes are read: a status line cut short is no status. */
	CHECK_INT(gz_purge_status("HTTP/1.1 200 OK", 10), -1);
}

static void
test_teardown(void)
{
	gz_db_close(db);
	CHECK(testdb_teardown() == 0);
	gz_arena_free(&arena);
}

TEST_MAIN(T(test_setup), T(test_touch), T(test_bump), T(test_article), T(test_scheduled),
          T(test_comment), T(test_queue), T(test_url), T(test_status), T(test_teardown))
