/*
 * Tests for src/model/redirect.c: the key an old address is stored and
 * found by (a table of paths and queries with the key each must give, the
 * boundary cases named), then put/find/replace against a real migrated
 * SQLite file, and the targets that must never be stored or served
 * because a browser would leave the site.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/redirect.h"
#include "test.h"
#include "testdb.h"

#define NOW 1700000000

static struct gz_arena arena;

static void
test_setup(void)
{
	CHECK(testdb_setup("redirect") == 0);
	gz_arena_init(&arena, 4096, 0);
}

/* One address and the key it must give; want NULL: GZ_EINVAL. */
struct key_case {
	const char *path;
	const char *query;
	const char *want;
};

static const struct key_case key_cases[] = {
    /* The root and slashes. */
    {"/", NULL, "/"},
    {"//", NULL, "/"},
    {"///", "", "/"},
    {"/a/", NULL, "/a"},
    {"/a//b///c//", NULL, "/a/b/c"},
    {"/2013/04/09/level-01/", NULL, "/2013/04/09/level-01"},
    {"/2013/04/09/level-01", NULL, "/2013/04/09/level-01"},
    /* Percent-encoded UTF-8 in either hex case, and mixed. */
    {"/%E4%B8%AD%E6%96%87/", NULL, "/\xE4\xB8\xAD\xE6\x96\x87"},
    {"/%e4%b8%ad%e6%96%87/", NULL, "/\xE4\xB8\xAD\xE6\x96\x87"},
    {"/%e4%B8%Ad%E6%96%87", NULL, "/\xE4\xB8\xAD\xE6\x96\x87"},
    {"/\xE4\xB8\xAD\xE6\x96\x87/", NULL, "/\xE4\xB8\xAD\xE6\x96\x87"},
    {"/caf%C3%A9", NULL, "/caf\xC3\xA9"},
    /* An encoded slash folds like a written one. */
    {"/a%2F%2fb/", NULL, "/a/b"},
    {"/a%20b", NULL, "/a b"},
    {"/a+b", "p=1", "/a+b"},
    /* Bad escapes are kept as written. */
    {"/100%", NULL, "/100%"},
    {"/100%-sure", NULL, "/100%-sure"},
    {"/a%4", NULL, "/a%4"},
    {"/a%zz", NULL, "/a%zz"},
    {"/a%g1b", NULL, "/a%g1b"},
    /* %00 would end the key: kept as written. */
    {"/a%00b", NULL, "/a%00b"},
    /* Bytes that are not UTF-8 come back as upper-case escapes. */
    {"/a%ff", NULL, "/a%FF"},
    {"/a%FF", NULL, "/a%FF"},
    {"/a%C3", NULL, "/a%C3"},
    {"/a%C0%AF", NULL, "/a%C0%AF"},
    {"/a\xff", NULL, "/a%FF"},
    /* Query-string forms on "/", each parameter. */
    {"/", "p=12", "/?p=12"},
    {"/", "page_id=7", "/?page_id=7"},
    {"/", "attachment_id=9", "/?attachment_id=9"},
    {"/", "cat=3", "/?cat=3"},
    {"/", "tag=caf%C3%A9", "/?tag=caf\xC3\xA9"},
    {"/", "tag=two+words", "/?tag=two words"},
    {"/", "author=2", "/?author=2"},
    {"//", "p=12", "/?p=12"},
    /* The first one present in the documented order, wherever it sits. */
    {"/", "cat=3&p=12", "/?p=12"},
    {"/", "utm_source=x&page_id=7&author=2", "/?page_id=7"},
    {"/", "tag=x&cat=3", "/?cat=3"},
    /* Other queries are ignored, as are empty values and near names. */
    {"/", "s=hello", "/"},
    {"/", "utm_source=feed&utm_medium=rss", "/"},
    {"/", "p=", "/"},
    {"/", "p", "/"},
    {"/", "pp=12", "/"},
    {"/", "xp=12", "/"},
    {"/", "p=&page_id=7", "/?page_id=7"},
    {"/", "", "/"},
    {"/", "&&p=12&", "/?p=12"},
    /* Queries count only on "/". */
    {"/about/", "p=12", "/about"},
    {"/feed/", "cat=3", "/feed"},
    /* Not a path. */
    {"", NULL, NULL},
    {"a/b", NULL, NULL},
    {"http://x/a", NULL, NULL},
};

static void
test_key_table(void)
{
	size_t i;

	for (i = 0; i < sizeof(key_cases) / sizeof(key_cases[0]); i++) {
		const struct key_case *c = &key_cases[i];
		char *key = (char *)"unset";
		enum gz_err rc = gz_redirect_key(&arena, c->path, c->query, &key);

		if (c->want == NULL) {
			CHECK_INT(rc, GZ_EINVAL);
			CHECK(key == NULL);
		} else {
			CHECK_INT(rc, GZ_OK);
			CHECK_STR(key, c->want);
		}
		if ((c->want == NULL) != (rc != GZ_OK) ||
		    (c->want != NULL && (key == NULL || strcmp(key, c->want) != 0))) {
			fprintf(stderr, "  case %zu: path \"%s\" query \"%s\"\n", i, c->path,
			        c->query ? c->query : "(null)");
		}
	}
}

/* Keys at and past GZ_REDIRECT_PATH_MAX; a path that folds back under it. */
static void
test_key_length(void)
{
	char *path = malloc(3 * GZ_REDIRECT_PATH_MAX + 8), *key;
	size_t i;

	CHECK(path != NULL);
	if (path == NULL) {
		return;
	}
	/* Exactly the maximum: "/" and 2047 letters. */
	path[0] = '/';
	memset(path + 1, 'a', GZ_REDIRECT_PATH_MAX - 1);
	path[GZ_REDIRECT_PATH_MAX] = '\0';
	CHECK_INT(gz_redirect_key(&arena, path, NULL, &key), GZ_OK);
	CHECK_INT(key ? strlen(key) : 0, GZ_REDIRECT_PATH_MAX);
	/* With a trailing slash it is still the maximum. */
	strcpy(path + GZ_REDIRECT_PATH_MAX, "/");
	CHECK_INT(gz_redirect_key(&arena, path, NULL, &key), GZ_OK);
	/* One more letter is too long. */
	path[GZ_REDIRECT_PATH_MAX] = 'a';
	path[GZ_REDIRECT_PATH_MAX + 1] = '\0';
	CHECK_INT(gz_redirect_key(&arena, path, NULL, &key), GZ_EINVAL);
	CHECK(key == NULL);
	/* Escapes count decoded: 3 * 1000 input bytes make a 1001-byte key. */
	path[0] = '/';
	for (i = 0; i < 1000; i++) {
		memcpy(path + 1 + 3 * i, "%41", 3);
	}
	path[1 + 3 * 1000] = '\0';
	CHECK_INT(gz_redirect_key(&arena, path, NULL, &key), GZ_OK);
	CHECK_INT(key ? strlen(key) : 0, 1001);
	/* A query value that pushes the key over. */
	memcpy(path, "p=", 2);
	memset(path + 2, '9', GZ_REDIRECT_PATH_MAX);
	path[2 + GZ_REDIRECT_PATH_MAX] = '\0';
	CHECK_INT(gz_redirect_key(&arena, "/", path, &key), GZ_EINVAL);
	free(path);
}

static void
test_put_find(void)
{
	struct gz_db *db = testdb_open("redirect.db");
	char *target;

	CHECK(db != NULL);
	if (db == NULL) {
		return;
	}
	CHECK_INT(gz_redirect_find(db, &arena, "/2013/04/09/level-01/", NULL, &target),
	          GZ_ENOTFOUND);
	CHECK(target == NULL);
	CHECK_INT(
	    gz_redirect_put(db, &arena, "/2013/04/09/level-01/", NULL, "/article/level-01", NOW),
	    GZ_OK);
	/* Every spelling of the address finds it. */
	CHECK_INT(gz_redirect_find(db, &arena, "/2013/04/09/level-01/", NULL, &target), GZ_OK);
	CHECK_STR(target, "/article/level-01");
	CHECK_INT(gz_redirect_find(db, &arena, "/2013/04/09/level-01", "utm_source=x", &target),
	          GZ_OK);
	CHECK_STR(target, "/article/level-01");
	CHECK_INT(gz_redirect_find(db, &arena, "//2013//04/09/level%2D01//", NULL, &target), GZ_OK);
	CHECK_STR(target, "/article/level-01");
	CHECK_INT(gz_redirect_find(db, &arena, "/2013/04/09/level-02/", NULL, &target),
	          GZ_ENOTFOUND);

	/* Query-string forms are their own rows; "/" alone is not "/?p=12". */
	CHECK_INT(gz_redirect_put(db, &arena, "/", "p=12", "/article/level-01", NOW), GZ_OK);
	CHECK_INT(gz_redirect_find(db, &arena, "/", "p=12", &target), GZ_OK);
	CHECK_STR(target, "/article/level-01");
	CHECK_INT(gz_redirect_find(db, &arena, "/", "p=12&replytocom=4", &target), GZ_OK);
	CHECK_INT(gz_redirect_find(db, &arena, "/", "p=13", &target), GZ_ENOTFOUND);
	CHECK_INT(gz_redirect_find(db, &arena, "/", NULL, &target), GZ_ENOTFOUND);

	/* Chinese, stored decoded, found encoded in either case. */
	CHECK_INT(gz_redirect_put(db, &arena, "/\xE4\xB8\xAD\xE6\x96\x87/", NULL,
	                          "/article/\xE4\xB8\xAD\xE6\x96\x87", NOW),
	          GZ_OK);
	CHECK_INT(gz_redirect_find(db, &arena, "/%e4%b8%ad%e6%96%87/", NULL, &target), GZ_OK);
	/* The target comes back ready for a Location header. */
	CHECK_STR(target, "/article/%E4%B8%AD%E6%96%87");

	/* Replace: the later target wins, one row. */
	CHECK_INT(
	    gz_redirect_put(db, &arena, "/2013/04/09/level-01", NULL, "/article/renamed", NOW + 5),
	    GZ_OK);
	CHECK_INT(gz_redirect_find(db, &arena, "/2013/04/09/level-01/", NULL, &target), GZ_OK);
	CHECK_STR(target, "/article/renamed");
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM redirects WHERE path = "
	                         "'/2013/04/09/level-01'"),
	          1);
	CHECK_INT(testdb_int(db, "SELECT created_at FROM redirects WHERE path = "
	                         "'/2013/04/09/level-01'"),
	          NOW + 5);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM redirects"), 3);

	/* Targets with a query are fine; a bad old path is refused. */
	CHECK_INT(gz_redirect_put(db, &arena, "/", "tag=x", "/tag/x?page=2", NOW), GZ_OK);
	CHECK_INT(gz_redirect_find(db, &arena, "/", "tag=x", &target), GZ_OK);
	CHECK_STR(target, "/tag/x?page=2");
	CHECK_INT(gz_redirect_put(db, &arena, "no-slash", NULL, "/a", NOW), GZ_EINVAL);
	gz_db_close(db);
}

/* Targets that would send a reader to another site, or break the header. */
static const char *const bad_targets[] = {
    "//evil.example",
    "//evil.example/path",
    "/\\evil.example",
    "http://x",
    "https://evil.example/",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,x",
    "evil.example",
    "",
    "/a\r\nSet-Cookie: x=1",
    "/a\nb",
    "/a\tb",
    "/a\x7f",
    "/a\\b",
    "/a\xff",
};

static void
test_bad_targets(void)
{
	struct gz_db *db = testdb_open("bad.db");
	char *target;
	size_t i;

	CHECK(db != NULL);
	if (db == NULL) {
		return;
	}
	for (i = 0; i < sizeof(bad_targets) / sizeof(bad_targets[0]); i++) {
		CHECK_INT(gz_redirect_put(db, &arena, "/old", NULL, bad_targets[i], NOW),
		          GZ_EINVAL);
	}
	CHECK_INT(gz_redirect_put(db, &arena, "/old", NULL, NULL, NOW), GZ_EINVAL);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM redirects"), 0);
	/* Rows written by hand are not trusted either: never served. */
	CHECK(testdb_exec(db, "INSERT INTO redirects VALUES ('/evil', '//evil.example', 1), "
	                      "('/js', 'javascript:alert(1)', 1), ('/bs', '/\\evil', 1), "
	                      "('/crlf', '/a' || char(13) || char(10) || 'X: y', 1), "
	                      "('/ok', '/a b', 1)"));
	CHECK_INT(gz_redirect_find(db, &arena, "/evil", NULL, &target), GZ_ENOTFOUND);
	CHECK(target == NULL);
	CHECK_INT(gz_redirect_find(db, &arena, "/js", NULL, &target), GZ_ENOTFOUND);
	CHECK_INT(gz_redirect_find(db, &arena, "/bs", NULL, &target), GZ_ENOTFOUND);
	CHECK_INT(gz_redirect_find(db, &arena, "/crlf", NULL, &target), GZ_ENOTFOUND);
	CHECK_INT(gz_redirect_find(db, &arena, "/ok/", NULL, &target), GZ_OK);
	CHECK_STR(target, "/a%20b");
	gz_db_close(db);
}

static void
test_teardown(void)
{
	gz_arena_free(&arena);
	CHECK(testdb_teardown() == 0);
}

TEST_MAIN(T(test_setup), T(test_key_table), T(test_key_length), T(test_put_find),
          T(test_bad_targets), T(test_teardown))
