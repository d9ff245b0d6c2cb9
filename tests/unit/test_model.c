/*
 * Tests for the models in src/model/ (settings, users, articles,
 * categories, demo content) against real, migrated SQLite files in a
 * temporary folder.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gazette/arena.h"
#include "gazette/article.h"
#include "gazette/category.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/demo.h"
#include "gazette/embed.h"
#include "gazette/media.h"
#include "gazette/session.h"
#include "gazette/settings.h"
#include "gazette/user.h"
#include "test.h"
#include "testdb.h"

#define NOW 1700000000

static struct gz_arena arena;

static void
test_setup(void)
{
	CHECK(testdb_setup("model") == 0);
	gz_arena_init(&arena, 4096, 0);
}

static void
test_settings(void)
{
	struct gz_db *db = testdb_open("settings.db");
	int64_t g;

	CHECK(db != NULL);
	if (db == NULL) {
		return;
	}
	CHECK_STR(gz_setting_get(db, &arena, "site_name", NULL), "Gazette");
	CHECK_STR(gz_setting_get(db, &arena, "tagline", "x"), "News that stays put");
	CHECK_STR(gz_setting_get(db, &arena, "base_url", NULL), "http://127.0.0.1:8080");
	CHECK(strstr(gz_setting_get(db, &arena, "consent_text", NULL), "Accept or reject") != NULL);
	CHECK_STR(gz_setting_get(db, &arena, "no_such_key", "fallback"), "fallback");
	CHECK(gz_setting_get(db, &arena, "no_such_key", NULL) == NULL);
	CHECK_INT(gz_setting_int(db, "per_page", 99), 10);
	CHECK_INT(gz_setting_int(db, "comment_max_links", 99), 2);
	CHECK_INT(gz_setting_int(db, "consent_retention_days", 0), 365);
	CHECK_INT(gz_setting_int(db, "policy_version", 0), 1);
	CHECK_INT(gz_setting_int(db, "allow_author_publish", 7), 0);
	CHECK_INT(gz_setting_int(db, "feed_full_content", 7), 0);
	/* Defaults the code also knows (the table has them so the settings
	 * page shows the value in force and saves as shown): they must agree. */
	CHECK_INT(gz_setting_int(db, "media_max_bytes", 0), GZ_MEDIA_DEFAULT_MAX);
	CHECK_INT(gz_setting_int(db, "comment_max_length", 0), 5000);
	CHECK_INT(gz_setting_int(db, "comment_min_seconds", 0), 3);
	CHECK_INT(gz_setting_int(db, "session_idle_minutes", 0), GZ_SESSION_IDLE_DEFAULT / 60);
	CHECK_INT(gz_setting_int(db, "no_such_key", 7), 7);
	CHECK_INT(gz_setting_int(db, "site_name", 7), 7);

	g = gz_db_generation(db);
	CHECK_INT(gz_setting_set(db, "per_page", "20"), GZ_OK);
	CHECK_INT(gz_db_generation(db), g + 1);
	CHECK_INT(gz_setting_int(db, "per_page", 99), 20);
	CHECK_STR(gz_setting_get(db, &arena, "per_page", NULL), "20");
	CHECK_INT(gz_setting_set(db, "per_page", "25"), GZ_OK);
	CHECK_INT(gz_setting_int(db, "per_page", 99), 25);
	CHECK_INT(gz_setting_set(db, "per_page", "lots"), GZ_OK);
	CHECK_INT(gz_setting_int(db, "per_page", 99), 10);
	CHECK_INT(gz_setting_set(db, "per_page", "10x"), GZ_OK);
	CHECK_INT(gz_setting_int(db, "per_page", 99), 10);
	CHECK_INT(gz_setting_set(db, "site_name", "The Daily <Test>"), GZ_OK);
	CHECK_STR(gz_setting_get(db, &arena, "site_name", NULL), "The Daily <Test>");
	CHECK_INT(gz_setting_set(db, "site_name", ""), GZ_OK);
	CHECK_STR(gz_setting_get(db, &arena, "site_name", NULL), "");

	CHECK_INT(gz_setting_set(db, "", "x"), GZ_EINVAL);
	CHECK_INT(gz_setting_set(db, "Bad Key", "x"), GZ_EINVAL);
	CHECK_INT(gz_setting_set(db, "k'; DROP TABLE settings; --", "x"), GZ_EINVAL);

	/* Inside a caller's transaction that rolls back, nothing is kept. */
	g = gz_db_generation(db);
	CHECK_INT(gz_db_begin(db), GZ_OK);
	CHECK_INT(gz_setting_set(db, "tagline", "rolled back"), GZ_OK);
	gz_db_rollback(db);
	CHECK_STR(gz_setting_get(db, &arena, "tagline", NULL), "News that stays put");
	CHECK_INT(gz_db_generation(db), g);
	gz_db_close(db);
}

/*
 * Settings read inside a page's snapshot are kept per thread under what
 * the snapshot sees: another connection's save shows in the next
 * snapshot, never in the one already reading, and a long value is read
 * each time.
 */
static void
test_settings_snapshot(void)
{
	struct gz_db *reader = testdb_open("snap.db"), *admin = testdb_open("snap.db");
	char big[700];
	uint64_t conn, version;

	CHECK(reader != NULL && admin != NULL);
	if (reader == NULL || admin == NULL) {
		gz_db_close(reader);
		gz_db_close(admin);
		return;
	}
	CHECK_INT(gz_db_read_version(reader, &conn, &version), 0); /* no snapshot */
	CHECK_INT(gz_setting_set(admin, "site_name", "First"), GZ_OK);
	CHECK_INT(gz_db_snapshot_begin(reader), GZ_OK);
	CHECK_INT(gz_db_read_version(reader, &conn, &version), 0); /* not reading yet */
	CHECK_STR(gz_setting_get(reader, &arena, "site_name", NULL), "First");
	CHECK_INT(gz_db_read_version(reader, &conn, &version), 1);
	CHECK_INT(gz_setting_set(admin, "site_name", "Second"), GZ_OK);
	CHECK_INT(gz_setting_set(admin, "per_page", "30"), GZ_OK);
	/* The snapshot still sees what it saw: kept or read, the same. */
	CHECK_STR(gz_setting_get(reader, &arena, "site_name", NULL), "First");
	CHECK_INT(gz_setting_int(reader, "per_page", 0), 10);
	gz_db_snapshot_end(reader);
	CHECK_INT(gz_db_snapshot_begin(reader), GZ_OK);
	CHECK_INT(gz_setting_int(reader, "per_page", 0), 30);
	CHECK_STR(gz_setting_get(reader, &arena, "site_name", NULL), "Second");
	CHECK_STR(gz_setting_get(reader, &arena, "no_such_key", "d"), "d");
	CHECK_STR(gz_setting_get(reader, &arena, "no_such_key", "d"), "d");
	gz_db_snapshot_end(reader);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK_INT(gz_setting_set(admin, "tagline", big), GZ_OK);
	CHECK_INT(gz_db_snapshot_begin(reader), GZ_OK);
	CHECK_STR(gz_setting_get(reader, &arena, "tagline", NULL), big);
	CHECK_STR(gz_setting_get(reader, &arena, "tagline", NULL), big);
	gz_db_snapshot_end(reader);
	/* The reader's own save is seen by its next snapshot too. */
	CHECK_INT(gz_setting_set(reader, "site_name", "Third"), GZ_OK);
	CHECK_INT(gz_db_snapshot_begin(reader), GZ_OK);
	CHECK_STR(gz_setting_get(reader, &arena, "site_name", NULL), "Third");
	gz_db_snapshot_end(reader);
	gz_db_close(reader);
	gz_db_close(admin);
}

static void
test_users(void)
{
	struct gz_db *db = testdb_open("users.db");
	struct gz_user u;
	char longname[GZ_USER_LOGIN_MAX + 2];
	char pw[GZ_USER_RANDOM_PASSWORD_LEN + 1], pw2[sizeof(pw)];
	int64_t id = 0, id2 = 0, g;
	size_t i;

	CHECK(db != NULL);
	if (db == NULL) {
		return;
	}
	g = gz_db_generation(db);
	CHECK_INT(gz_user_add(db, "Alice", "Alice Liddell", "editor", "correct horse", &id), GZ_OK);
	CHECK(id > 0);
	CHECK_INT(gz_db_generation(db), g + 1);
	CHECK_INT(gz_user_by_login(db, &arena, "alice", &u), GZ_OK);
	CHECK_INT(u.id, id);
	CHECK_STR(u.login, "alice");
	CHECK_STR(u.display_name, "Alice Liddell");
	CHECK_STR(u.role, "editor");
	CHECK_STR(u.email, "");
	CHECK_INT(u.disabled, 0);
	CHECK(u.created_at > NOW);
	CHECK_INT(gz_user_by_login(db, &arena, "ALICE", &u), GZ_OK);
	CHECK_INT(gz_user_by_id(db, &arena, id, &u), GZ_OK);
	CHECK_STR(u.login, "alice");
	CHECK_INT(gz_user_by_id(db, &arena, id + 100, &u), GZ_ENOTFOUND);
	CHECK_INT(gz_user_by_login(db, &arena, "nobody", &u), GZ_ENOTFOUND);
	CHECK_INT(
	    testdb_int(db,
	               "SELECT password_hash LIKE '$argon2id$%' FROM users WHERE login = 'alice'"),
	    1);

	memset(&u, 0, sizeof(u));
	CHECK_INT(gz_user_verify_password(db, &arena, "alice", "correct horse", &u), GZ_OK);
	CHECK_INT(u.id, id);
	CHECK_INT(gz_user_verify_password(db, &arena, "Alice", "correct horse", &u), GZ_OK);
	CHECK_INT(gz_user_verify_password(db, &arena, "alice", "wrong horse", &u), GZ_EPERM);
	CHECK_INT(gz_user_verify_password(db, &arena, "alice", "", &u), GZ_EPERM);
	CHECK_INT(gz_user_verify_password(db, &arena, "nobody", "correct horse", &u), GZ_EPERM);

	/* Duplicates, in any case, conflict. */
	CHECK_INT(gz_user_add(db, "alice", NULL, "author", "password1", NULL), GZ_ECONFLICT);
	CHECK_INT(gz_user_add(db, "ALICE", NULL, "author", "password1", NULL), GZ_ECONFLICT);

	/* Bad input. */
	CHECK_INT(gz_user_add(db, "bob", NULL, "root", "password1", NULL), GZ_EINVAL);
	CHECK_INT(gz_user_add(db, "bob", NULL, "Admin", "password1", NULL), GZ_EINVAL);
	CHECK_INT(gz_user_add(db, "bob", NULL, "", "password1", NULL), GZ_EINVAL);
	CHECK_INT(gz_user_add(db, "", NULL, "author", "password1", NULL), GZ_EINVAL);
	CHECK_INT(gz_user_add(db, "bo b", NULL, "author", "password1", NULL), GZ_EINVAL);
	CHECK_INT(gz_user_add(db, "bob/x", NULL, "author", "password1", NULL), GZ_EINVAL);
	CHECK_INT(gz_user_add(db,
	                      "b\xc3\xb6"
	                      "b",
	                      NULL, "author", "password1", NULL),
	          GZ_EINVAL);
	for (i = 0; i < sizeof(longname) - 1; i++) {
		longname[i] = 'a';
	}
	longname[i] = '\0';
	CHECK_INT(gz_user_add(db, longname, NULL, "author", "password1", NULL), GZ_EINVAL);
	longname[GZ_USER_LOGIN_MAX] = '\0';
	CHECK_INT(gz_user_add(db, longname, NULL, "author", "1234567", NULL), GZ_EINVAL);
	CHECK_INT(gz_user_add(db, "bob", "Bob\nEvil", "author", "password1", NULL), GZ_EINVAL);
	CHECK_INT(gz_user_add(db, "bob", "Bob \xff", "author", "password1", NULL), GZ_EINVAL);
	CHECK_INT(gz_user_add(db, "bob", "Bob \xc0\xaf", "author", "password1", NULL), GZ_EINVAL);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM users"), 1);

	/* Boundaries that pass: a 32-byte login, an 8-byte password, UTF-8 name. */
	CHECK_INT(gz_user_add(db, longname, "Zo\xc3\xab", "author", "12345678", &id2), GZ_OK);
	CHECK_INT(gz_user_verify_password(db, &arena, longname, "12345678", &u), GZ_OK);
	CHECK_STR(u.display_name, "Zo\xc3\xab");
	CHECK_INT(gz_user_add(db, "a.b-c_d", NULL, "admin", NULL, &id2), GZ_OK);
	CHECK_INT(gz_user_by_id(db, &arena, id2, &u), GZ_OK);
	CHECK_STR(u.display_name, "a.b-c_d");
	/* No password: cannot log in with anything. */
	CHECK_INT(gz_user_verify_password(db, &arena, "a.b-c_d", "", &u), GZ_EPERM);
	CHECK_INT(gz_user_verify_password(db, &arena, "a.b-c_d", "anything1", &u), GZ_EPERM);

	/* Disabled accounts cannot log in. */
	CHECK(testdb_exec(db, "UPDATE users SET disabled = 1 WHERE login = 'alice'"));
	CHECK_INT(gz_user_verify_password(db, &arena, "alice", "correct horse", &u), GZ_EPERM);

	gz_user_random_password(pw, sizeof(pw));
	gz_user_random_password(pw2, sizeof(pw2));
	CHECK_INT(strlen(pw), GZ_USER_RANDOM_PASSWORD_LEN);
	CHECK(strcmp(pw, pw2) != 0);
	CHECK(strpbrk(pw, "0O1lI") == NULL);
	gz_db_close(db);
}

static void
test_articles(void)
{
	struct gz_db *db = testdb_open("articles.db");
	struct gz_article_summary *items, feat;
	sqlite3_stmt *st;
	size_t n = 99;
	int64_t count;
	int uses_index = 0;

	CHECK(db != NULL);
	if (db == NULL) {
		return;
	}
	CHECK(testdb_exec(
	    db, "INSERT INTO users (id, login, display_name, role, created_at) "
	        "VALUES (1, 'ann', 'Ann Author', 'author', 0);"
	        "INSERT INTO categories (id, slug, name) VALUES (1, 'world', 'World');"
	        "INSERT INTO articles (id, slug, title, summary, author_id, category_id, status, "
	        "  published_at, created_at, updated_at, featured) VALUES "
	        "(1, 'a', 'A', 'sum a', 1, 1, 'published', 1699999900, 0, 5, 0),"
	        "(2, 'b', 'B', '', 1, NULL, 'published', 1699999950, 0, 0, 1),"
	        "(3, 'c', 'C', '', 1, NULL, 'scheduled', 1699999990, 0, 0, 0),"
	        "(4, 'd', 'D', '', 1, NULL, 'scheduled', 1700000100, 0, 0, 1),"
	        "(5, 'e', 'E', '', 1, NULL, 'draft', NULL, 0, 0, 0),"
	        "(6, 'f', 'F', '', 1, NULL, 'trash', 1699999995, 0, 0, 0),"
	        "(7, 'g', 'G', '', 1, NULL, 'published', 1699999950, 0, 0, 0),"
	        "(8, 'h', 'H', '', 1, NULL, 'draft', 1699999000, 0, 0, 0),"
	        "(9, 'i', 'I', '', 1, NULL, 'published', 1700000000, 0, 0, 0);"
	        "INSERT INTO comments (article_id, author_name, author_email, body, status, "
	        "  created_at, status_changed_at) VALUES "
	        "(1, 'x', 'x@x', 'hi', 'approved', 0, 0),"
	        "(1, 'y', 'y@y', 'hi', 'approved', 0, 0),"
	        "(1, 'z', 'z@z', 'hi', 'pending', 0, 0),"
	        "(1, 's', 's@s', 'hi', 'spam', 0, 0),"
	        "(2, 'z', 'z@z', 'hi', 'pending', 0, 0);"));

	CHECK_INT(gz_article_latest(db, &arena, NOW, 10, &items, &n), GZ_OK);
	CHECK_INT(n, 5);
	if (n == 5) {
		/* Published exactly now is visible; same time: higher id first. */
		CHECK_STR(items[0].slug, "i");
		CHECK_STR(items[1].slug, "c");
		CHECK_STR(items[2].slug, "g");
		CHECK_STR(items[3].slug, "b");
		CHECK_STR(items[4].slug, "a");
		CHECK_STR(items[4].title, "A");
		CHECK_STR(items[4].summary, "sum a");
		CHECK_STR(items[4].category_slug, "world");
		CHECK_STR(items[4].category_name, "World");
		CHECK_STR(items[4].author_login, "ann");
		CHECK_STR(items[4].author_name, "Ann Author");
		CHECK_INT(items[4].published_at, 1699999900);
		CHECK_INT(items[4].updated_at, 5);
		CHECK_INT(items[4].comment_count, 2);
		CHECK_INT(items[4].id, 1);
		CHECK_STR(items[3].category_slug, "");
		CHECK_INT(items[3].comment_count, 0);
		CHECK_INT(items[3].featured, 1);
	}
	CHECK_INT(gz_article_latest(db, &arena, NOW, 2, &items, &n), GZ_OK);
	CHECK_INT(n, 2);
	CHECK_INT(gz_article_latest_page(db, &arena, NOW, 2, 2, &items, &n), GZ_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(items[0].slug, "g");
		CHECK_STR(items[1].slug, "b");
	}
	CHECK_INT(gz_article_latest_page(db, &arena, NOW, 10, 2, &items, &n), GZ_OK);
	CHECK_INT(n, 0);
	CHECK(items == NULL);
	/* Later, the scheduled article appears by itself. */
	CHECK_INT(gz_article_latest(db, &arena, NOW + 100, 10, &items, &n), GZ_OK);
	CHECK_INT(n, 6);
	if (n == 6) {
		CHECK_STR(items[0].slug, "d");
	}
	CHECK_INT(gz_article_latest(db, &arena, 0, 10, &items, &n), GZ_OK);
	CHECK_INT(n, 0);

	CHECK_INT(gz_article_latest(db, &arena, NOW, 0, &items, &n), GZ_EINVAL);
	CHECK_INT(gz_article_latest(db, &arena, NOW, GZ_ARTICLE_LIST_MAX + 1, &items, &n),
	          GZ_EINVAL);
	CHECK_INT(gz_article_latest_page(db, &arena, NOW, -1, 5, &items, &n), GZ_EINVAL);

	CHECK_INT(gz_article_count_visible(db, NOW, &count), GZ_OK);
	CHECK_INT(count, 5);
	CHECK_INT(gz_article_featured(db, &arena, NOW, &feat), GZ_OK);
	CHECK_STR(feat.slug, "b");
	CHECK_INT(gz_article_featured(db, &arena, NOW + 100, &feat), GZ_OK);
	CHECK_STR(feat.slug, "d");
	CHECK_INT(gz_article_featured(db, &arena, NOW - 60, &feat), GZ_ENOTFOUND);

	/* The listing walks the partial index rather than sorting. */
	st = gz_db_stmt(db, "EXPLAIN QUERY PLAN SELECT a.id FROM articles a "
	                    "WHERE a.status IN ('published', 'scheduled') AND a.published_at <= ?1 "
	                    "ORDER BY a.published_at DESC, a.id DESC LIMIT ?2 OFFSET ?3");
	while (st != NULL && sqlite3_step(st) == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(st, 3);

		if (d != NULL && strstr(d, "articles_pub") != NULL) {
			uses_index = 1;
		}
		CHECK(d == NULL || strstr(d, "TEMP B-TREE") == NULL);
	}
	gz_db_reset(st);
	CHECK(uses_index);
	gz_db_close(db);
}

static void
test_categories(void)
{
	struct gz_db *db = testdb_open("categories.db");
	struct gz_category *items;
	size_t n = 99;
	int i;
	char sql[160];

	CHECK(db != NULL);
	if (db == NULL) {
		return;
	}
	CHECK_INT(gz_category_list(db, &arena, &items, &n), GZ_OK);
	CHECK_INT(n, 0);
	CHECK(testdb_exec(db,
	                  "INSERT INTO categories (id, slug, name, position, description) VALUES "
	                  "(1, 'sport', 'Sport', 2, 'Games'),"
	                  "(2, 'world', 'World', 1, ''),"
	                  "(3, 'arts', 'Arts', 2, '');"
	                  "INSERT INTO categories (id, slug, name, position, parent_id) "
	                  "VALUES (4, 'film', 'Film', 3, 3);"));
	CHECK_INT(gz_category_list(db, &arena, &items, &n), GZ_OK);
	CHECK_INT(n, 4);
	if (n == 4) {
		CHECK_STR(items[0].slug, "world");
		CHECK_STR(items[1].slug, "arts");
		CHECK_STR(items[2].slug, "sport");
		CHECK_STR(items[2].description, "Games");
		CHECK_INT(items[2].position, 2);
		CHECK_INT(items[2].parent_id, 0);
		CHECK_STR(items[3].name, "Film");
		CHECK_INT(items[3].parent_id, 3);
	}
	/* More than the first allocation. */
	for (i = 0; i < 40; i++) {
		snprintf(sql, sizeof(sql),
		         "INSERT INTO categories (slug, name, position) VALUES ('c%d', 'C%02d', 9)",
		         i, i);
		CHECK(testdb_exec(db, sql));
	}
	CHECK_INT(gz_category_list(db, &arena, &items, &n), GZ_OK);
	CHECK_INT(n, 44);
	if (n == 44) {
		CHECK_STR(items[4].name, "C00");
		CHECK_STR(items[43].name, "C39");
		CHECK_STR(items[0].slug, "world");
	}
	gz_db_close(db);
}

static const char demo_sql[] =
    "INSERT INTO categories (id, slug, name) VALUES (1, 'news', 'News');\n"
    "INSERT INTO users (id, login, display_name, role, created_at) "
    "VALUES (2, 'writer', 'A Writer', 'author', strftime('%s','now'));\n"
    "INSERT INTO articles (slug, title, author_id, category_id, status, published_at, "
    "created_at, updated_at) VALUES "
    "('hello', 'Hello', 1, 1, 'published', strftime('%s','now') - 3600, "
    "strftime('%s','now') - 3600, strftime('%s','now') - 3600),"
    "('later', 'Later', 2, 1, 'scheduled', strftime('%s','now') + 3600 * 24, "
    "strftime('%s','now'), strftime('%s','now'));\n";

static const struct gz_embedded demo_scripts[] = {
    {"010_test.sql", (const unsigned char *)demo_sql, sizeof(demo_sql) - 1},
    {NULL, NULL, 0},
};

static const char bad_sql[] = "INSERT INTO categories (slug, name) VALUES ('x', 'X');\n"
                              "INSERT INTO no_such_table VALUES (1);\n";

static const struct gz_embedded bad_scripts[] = {
    {"001_ok.sql", (const unsigned char *)demo_sql, sizeof(demo_sql) - 1},
    {"002_bad.sql", (const unsigned char *)bad_sql, sizeof(bad_sql) - 1},
    {NULL, NULL, 0},
};

static void
test_demo(void)
{
	struct gz_db *db = testdb_open("demo.db");
	struct gz_article_summary *items;
	struct gz_user u;
	char pw[32], err[256] = "";
	size_t n = 0;
	int64_t g;

	CHECK(db != NULL);
	if (db == NULL) {
		return;
	}
	g = gz_db_generation(db);
	CHECK_INT(gz_demo_load_scripts(db, demo_scripts, pw, sizeof(pw), err, sizeof(err)), GZ_OK);
	CHECK_INT(strlen(pw), GZ_USER_RANDOM_PASSWORD_LEN);
	CHECK(gz_db_generation(db) > g);
	CHECK_INT(gz_db_tx_depth(db), 0);
	CHECK_INT(gz_user_verify_password(db, &arena, "admin", pw, &u), GZ_OK);
	CHECK_INT(u.id, 1);
	CHECK_STR(u.role, "admin");
	CHECK_STR(u.display_name, "admin");
	CHECK_INT(gz_article_latest(db, &arena, time(NULL), 10, &items, &n), GZ_OK);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_STR(items[0].slug, "hello");
		CHECK_STR(items[0].author_name, "admin");
	}
	/* Not twice. */
	CHECK_INT(gz_demo_load_scripts(db, demo_scripts, pw, sizeof(pw), err, sizeof(err)),
	          GZ_ECONFLICT);
	CHECK(strstr(err, "already has") != NULL);
	CHECK_STR(pw, "");
	gz_db_close(db);

	/* A failing script leaves nothing behind, not even the admin. */
	db = testdb_open("demo-bad.db");
	CHECK(db != NULL);
	if (db == NULL) {
		return;
	}
	g = gz_db_generation(db);
	CHECK_INT(gz_demo_load_scripts(db, bad_scripts, pw, sizeof(pw), err, sizeof(err)), GZ_EDB);
	CHECK(strstr(err, "002_bad.sql") != NULL);
	CHECK(strstr(err, "no_such_table") != NULL);
	CHECK_STR(pw, "");
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM users"), 0);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM categories"), 0);
	CHECK_INT(gz_db_generation(db), g);
	CHECK_INT(gz_db_tx_depth(db), 0);
	gz_db_close(db);

	/* The real embedded demo content loads into a fresh database. */
	db = testdb_open("demo-real.db");
	CHECK(db != NULL);
	if (db == NULL) {
		return;
	}
	err[0] = '\0';
	CHECK_INT(gz_demo_load(db, pw, sizeof(pw), err, sizeof(err)), GZ_OK);
	if (err[0] != '\0') {
		fprintf(stderr, "demo: %s\n", err);
	}
	CHECK_INT(testdb_int(db, "PRAGMA foreign_key_check"), -1);
	CHECK_INT(testdb_int(db, "SELECT id FROM users WHERE login = 'admin'"), 1);
	gz_db_close(db);
}

static void
test_teardown(void)
{
	gz_arena_free(&arena);
	CHECK(testdb_teardown() == 0);
}

TEST_MAIN(T(test_setup), T(test_settings), T(test_settings_snapshot), T(test_users),
          T(test_articles), T(test_categories), T(test_demo), T(test_teardown))
