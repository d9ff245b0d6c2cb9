/*
 * Tests for languages (issue 17 point 1) on real migrated SQLite files:
 * the table of supported tags (src/core/lang.c), migration 009's columns
 * and setting, the effective language every reader query reports (the
 * article's own, else the site's, following the setting), translation
 * groups (src/model/translation.c: list, find, link, unlink, the
 * one-per-language rule, its roll-back), the editor model's lang and
 * translation_of (create, update, the messages beside the fields, the
 * revision notes), related articles leaving translations out (the
 * article's own, and all but one of a story told twice), and the
 * demo newsrooms in English and in Chinese.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "gazette/arena.h"
#include "gazette/article.h"
#include "gazette/article_edit.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/demo.h"
#include "gazette/lang.h"
#include "gazette/settings.h"
#include "gazette/translation.h"
#include "gazette/user.h"
#include "test.h"
#include "testdb.h"

#define NOW 1700000000

static struct gz_arena arena;

/* A migrated database with user 1 and articles a..e (ids 1..5), published
 * at NOW - 1000 + id except 5, a draft: languages '', 'zh-CN', 'en', '', ''. */
static struct gz_db *
fixture(const char *name)
{
	struct gz_db *db = testdb_open(name);

	CHECK(db != NULL);
	if (db == NULL) {
		return NULL;
	}
	CHECK(testdb_exec(db, "INSERT INTO users (id, login, display_name, role, created_at) "
	                      "VALUES (1, 'ed', 'Ed', 'editor', 0);"
	                      "INSERT INTO articles (id, slug, title, author_id, status, "
	                      "published_at, created_at, updated_at, lang) VALUES "
	                      "(1, 'a', 'A', 1, 'published', 1699999001, 0, 0, ''),"
	                      "(2, 'b', 'B', 1, 'published', 1699999002, 0, 0, 'zh-CN'),"
	                      "(3, 'c', 'C', 1, 'published', 1699999003, 0, 0, 'en'),"
	                      "(4, 'd', 'D', 1, 'published', 1699999004, 0, 0, ''),"
	                      "(5, 'e', 'E', 1, 'draft', NULL, 0, 0, '');"));
	return db;
}

/* The translation group of article id, 0 for none. */
static int64_t
group(struct gz_db *db, int64_t id)
{
	char sql[128];

	snprintf(sql, sizeof(sql),
	         "SELECT coalesce(translation_group, 0) FROM articles WHERE id = %lld",
	         (long long)id);
	return testdb_int(db, sql);
}

static void
test_lang_table(void)
{
	const struct gz_lang *l;
	size_t n;

	l = gz_lang_list(&n);
	CHECK_INT(n, 2);
	CHECK_STR(l[0].tag, "en");
	CHECK_STR(l[1].tag, "zh-CN");
	CHECK_STR(gz_lang_canon("en"), "en");
	CHECK_STR(gz_lang_canon("EN"), "en");
	CHECK_STR(gz_lang_canon("zh-CN"), "zh-CN");
	CHECK_STR(gz_lang_canon("zh-cn"), "zh-CN");
	CHECK_STR(gz_lang_canon("ZH_cn"), "zh-CN");
	/* Only what the table holds: no prefixes, extensions or neighbours. */
	CHECK(gz_lang_canon(NULL) == NULL);
	CHECK(gz_lang_canon("") == NULL);
	CHECK(gz_lang_canon("e") == NULL);
	CHECK(gz_lang_canon("en-") == NULL);
	CHECK(gz_lang_canon("en-US") == NULL);
	CHECK(gz_lang_canon("zh") == NULL);
	CHECK(gz_lang_canon("zh-CN ") == NULL);
	CHECK(gz_lang_canon("zh-TW") == NULL);
	CHECK(gz_lang_canon("fr") == NULL);
	CHECK(gz_lang_canon("<script>") == NULL);
	CHECK_STR(gz_lang_or_default("zh_CN"), "zh-CN");
	CHECK_STR(gz_lang_or_default("fr"), "en");
	CHECK_STR(gz_lang_or_default(""), "en");
	CHECK_STR(gz_lang_or_default(NULL), "en");
	/* Google News: ISO 639, except zh-cn for Simplified Chinese. */
	CHECK_STR(gz_lang_find("en")->news, "en");
	CHECK_STR(gz_lang_find("zh-CN")->news, "zh-cn");
	CHECK_STR(gz_lang_find("zh-CN")->read_in, "阅读中文版");
	CHECK_STR(gz_lang_find("en")->read_in, "Read in English");
}

static void
test_schema(void)
{
	struct gz_db *db = fixture("schema.db");
	char *msg = NULL;

	if (db == NULL) {
		return;
	}
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM settings WHERE key = 'site_language' "
	                         "AND value = 'en'"),
	          1);
	CHECK_STR(gz_setting_default("site_language"), "en");
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM articles WHERE lang = '' "
	                         "AND translation_group IS NULL"),
	          3);
	/* The column keeps tag-shaped values only (the model checks the list). */
	CHECK(sqlite3_exec(gz_db_handle(db), "UPDATE articles SET lang = '<b>' WHERE id = 1", NULL,
	                   NULL, &msg) %
	          256 ==
	      SQLITE_CONSTRAINT);
	sqlite3_free(msg);
	msg = NULL;
	CHECK(sqlite3_exec(gz_db_handle(db), "UPDATE articles SET lang = 'x' WHERE id = 1", NULL,
	                   NULL, &msg) %
	          256 ==
	      SQLITE_CONSTRAINT);
	sqlite3_free(msg);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM articles WHERE lang = ''"), 3);
	gz_db_close(db);
}

static void
test_effective_lang(void)
{
	struct gz_db *db = fixture("effective.db");
	struct gz_article_summary *items;
	struct gz_article a;
	size_t n = 0, i;

	if (db == NULL) {
		return;
	}
	CHECK_INT(gz_article_latest(db, &arena, NOW, 10, &items, &n), GZ_OK);
	CHECK_INT(n, 4);
	for (i = 0; i < n; i++) {
		/* Newest first: d, c, b, a. */
		static const char *const want[] = {"en", "en", "zh-CN", "en"};

		CHECK_STR(items[i].lang, want[i]);
	}
	/* The site changes language: the articles without their own follow. */
	CHECK_INT(gz_setting_set(db, "site_language", "zh-CN"), GZ_OK);
	CHECK_INT(gz_article_latest(db, &arena, NOW, 10, &items, &n), GZ_OK);
	CHECK_INT(n, 4);
	for (i = 0; i < n; i++) {
		static const char *const want[] = {"zh-CN", "en", "zh-CN", "zh-CN"};

		CHECK_STR(items[i].lang, want[i]);
	}
	CHECK_INT(gz_article_by_slug(db, &arena, "c", NOW, &a), GZ_OK);
	CHECK_STR(a.s.lang, "en");
	CHECK_INT(a.translation_group, 0);
	CHECK_INT(gz_article_by_slug(db, &arena, "a", NOW, &a), GZ_OK);
	CHECK_STR(a.s.lang, "zh-CN");
	/* Without the row (a hand-made database), English. */
	CHECK(testdb_exec(db, "DELETE FROM settings WHERE key = 'site_language'"));
	CHECK_INT(gz_article_by_slug(db, &arena, "a", NOW, &a), GZ_OK);
	CHECK_STR(a.s.lang, "en");
	gz_db_close(db);
}

static void
test_translation_links(void)
{
	struct gz_db *db = fixture("links.db");
	struct gz_translation *tr;
	int64_t id, grp, clash, gen;
	size_t n = 0;

	if (db == NULL) {
		return;
	}
	/* Finding the article an editor names. */
	CHECK_INT(gz_translation_ref(db, "2", &id, &grp), GZ_OK);
	CHECK_INT(id, 2);
	CHECK_INT(grp, 0);
	CHECK_INT(gz_translation_ref(db, "c", &id, &grp), GZ_OK);
	CHECK_INT(id, 3);
	CHECK_INT(gz_translation_ref(db, "99", &id, &grp), GZ_ENOTFOUND);
	CHECK_INT(id, 0);
	CHECK_INT(gz_translation_ref(db, "nope", &id, &grp), GZ_ENOTFOUND);
	CHECK_INT(gz_translation_ref(db, "", &id, &grp), GZ_ENOTFOUND);
	CHECK_INT(gz_translation_ref(db, "C", &id, &grp), GZ_ENOTFOUND); /* slugs are exact */
	CHECK_INT(gz_translation_ref(db, "9999999999999999999999", &id, &grp), GZ_ENOTFOUND);

	/* b (zh-CN) translates a (the site's: en): a new group for both. */
	gen = gz_db_generation(db);
	CHECK_INT(gz_translation_set(db, 2, 1, &clash), GZ_OK);
	CHECK(gz_db_generation(db) > gen);
	CHECK(group(db, 1) != 0);
	CHECK_INT(group(db, 2), group(db, 1));
	CHECK_INT(gz_translation_list(db, &arena, 1, NOW, 1, &tr, &n), GZ_OK);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_INT(tr[0].id, 2);
		CHECK_STR(tr[0].slug, "b");
		CHECK_STR(tr[0].lang, "zh-CN");
		CHECK_STR(tr[0].status, "published");
		CHECK_INT(tr[0].visible, 1);
	}
	CHECK_INT(gz_translation_list(db, &arena, 2, NOW, 1, &tr, &n), GZ_OK);
	CHECK_INT(n, 1);
	CHECK(n == 1 && tr[0].id == 1 && strcmp(tr[0].lang, "en") == 0);
	CHECK_INT(gz_translation_ref(db, "b", &id, &grp), GZ_OK);
	CHECK_INT(grp, group(db, 1));
	/* Again: nothing changes, not even the generation. */
	gen = gz_db_generation(db);
	CHECK_INT(gz_translation_set(db, 2, 1, NULL), GZ_OK);
	CHECK_INT(gz_db_generation(db), gen);

	/* c is English like a: refused, named, and nothing kept. */
	CHECK_INT(gz_translation_set(db, 3, 2, &clash), GZ_ECONFLICT);
	CHECK_INT(clash, 1);
	CHECK_INT(group(db, 3), 0);
	CHECK_INT(gz_db_generation(db), gen);
	CHECK_INT(gz_db_tx_depth(db), 0);
	/* Itself, and articles that do not exist. */
	CHECK_INT(gz_translation_set(db, 1, 1, NULL), GZ_EINVAL);
	CHECK_INT(gz_translation_set(db, 1, 99, NULL), GZ_ENOTFOUND);
	CHECK_INT(gz_translation_set(db, 99, 1, NULL), GZ_ENOTFOUND);

	/* The draft e, made English, cannot join a's group either. */
	CHECK(testdb_exec(db, "UPDATE articles SET lang = 'en' WHERE id = 5"));
	CHECK_INT(gz_translation_set(db, 5, 2, &clash), GZ_ECONFLICT);
	CHECK_INT(clash, 1);
	CHECK_INT(group(db, 5), 0);

	/* Unlinking: a group left with one article is dissolved. */
	CHECK(testdb_exec(db,
	                  "UPDATE articles SET translation_group = "
	                  "(SELECT translation_group FROM articles WHERE id = 1) WHERE id = 2"));
	CHECK_INT(gz_translation_set(db, 2, 0, NULL), GZ_OK);
	CHECK_INT(group(db, 1), 0);
	CHECK_INT(group(db, 2), 0);
	CHECK_INT(gz_translation_list(db, &arena, 1, NOW, 0, &tr, &n), GZ_OK);
	CHECK_INT(n, 0);
	CHECK(tr == NULL);
	/* Unlinking what has no group changes nothing. */
	gen = gz_db_generation(db);
	CHECK_INT(gz_translation_set(db, 2, 0, NULL), GZ_OK);
	CHECK_INT(gz_db_generation(db), gen);

	/* Three languages' worth: a (en), b (zh-CN), and the draft e made
	 * zh-CN cannot join; as the only one it can start a new group. */
	CHECK_INT(gz_translation_set(db, 2, 1, NULL), GZ_OK);
	CHECK(testdb_exec(db, "UPDATE articles SET lang = 'zh-CN' WHERE id = 5"));
	CHECK_INT(gz_translation_set(db, 5, 1, &clash), GZ_ECONFLICT);
	CHECK_INT(clash, 2);
	/* Moving to another group: b leaves a's (dissolved) for e's new one. */
	CHECK(testdb_exec(db, "UPDATE articles SET lang = 'en' WHERE id = 5"));
	CHECK_INT(gz_translation_set(db, 2, 5, NULL), GZ_OK);
	CHECK_INT(group(db, 1), 0);
	CHECK(group(db, 2) != 0 && group(db, 2) == group(db, 5));
	CHECK_INT(gz_translation_list(db, &arena, 2, NOW, 1, &tr, &n), GZ_OK);
	CHECK_INT(n, 0); /* e is a draft */
	CHECK_INT(gz_translation_list(db, &arena, 2, NOW, 0, &tr, &n), GZ_OK);
	CHECK(n == 1 && tr[0].id == 5 && tr[0].visible == 0 && strcmp(tr[0].status, "draft") == 0);
	gz_db_close(db);
}

/*
 * A site that changes language can hold two articles of one language in a
 * group (linking checked the languages of the time): readers are told of
 * one of them, the lower id, and gz_translation_check names the other.
 */
static void
test_translation_site_change(void)
{
	struct gz_db *db = fixture("site.db");
	struct gz_translation *tr;
	int64_t clash;
	size_t n = 0;

	if (db == NULL) {
		return;
	}
	/* d ('': en now) with b (zh-CN). */
	CHECK_INT(gz_translation_set(db, 4, 2, NULL), GZ_OK);
	CHECK_INT(gz_translation_check(db, 4, &clash), GZ_OK);
	CHECK_INT(gz_setting_set(db, "site_language", "zh-CN"), GZ_OK);
	CHECK_INT(gz_translation_check(db, 4, &clash), GZ_ECONFLICT);
	CHECK_INT(clash, 2);
	/* c (en) can join: its own language is not taken. */
	CHECK_INT(gz_translation_set(db, 3, 2, NULL), GZ_OK);
	CHECK_INT(gz_translation_list(db, &arena, 3, NOW, 1, &tr, &n), GZ_OK);
	CHECK_INT(n, 1);
	CHECK(n == 1 && tr[0].id == 2);
	CHECK_INT(gz_translation_list(db, &arena, 3, NOW, 0, &tr, &n), GZ_OK);
	CHECK_INT(n, 2);
	gz_db_close(db);
}

/* A valid published input for the editor model. */
static struct gz_article_input
input(const char *title, const char *lang, const char *of)
{
	struct gz_article_input in = {0};

	in.title = title;
	in.summary = "Summary.";
	in.body = "Body.";
	in.status = "published";
	in.lang = lang;
	in.translation_of = of;
	return in;
}

/* The newest revision note of article id into buf. */
static const char *
note(struct gz_db *db, int64_t id, char *buf, size_t size)
{
	struct gz_revision *revs;
	size_t n = 0;

	buf[0] = '\0';
	if (gz_revision_list(db, &arena, id, &revs, &n) == GZ_OK && n > 0) {
		snprintf(buf, size, "%s", revs[0].note);
	}
	return buf;
}

static void
test_editor(void)
{
	struct gz_db *db = fixture("editor.db");
	struct gz_article_errors e;
	struct gz_article_input in;
	struct gz_article_row row;
	int64_t id = 0, id2 = 0;
	char buf[256];

	if (db == NULL) {
		return;
	}
	/* The check: supported tags in any case, "" and NULL; one-line refs. */
	in = input("T", "fr", NULL);
	CHECK_INT(gz_article_check(&in, NOW, &e), 1);
	CHECK_STR(e.lang, "Choose one of the languages listed.");
	in = input("T", "zh_cn", "line\nbreak");
	CHECK_INT(gz_article_check(&in, NOW, &e), 1);
	CHECK(e.lang == NULL);
	CHECK_STR(e.translation, "Give the id or the slug of one article.");
	in = input("T", "", "");
	CHECK_INT(gz_article_check(&in, NOW, &e), 0);

	/* Create in Chinese as a translation of "c" (en): stored canonical, linked. */
	in = input("中文版", "ZH-cn", "c");
	CHECK_INT(gz_article_create(db, &arena, &in, 1, NOW, &id, &e), GZ_OK);
	CHECK_INT(gz_article_get(db, &arena, id, NOW, &row), GZ_OK);
	CHECK_STR(row.lang, "zh-CN");
	CHECK(row.translation_group != 0 && row.translation_group == group(db, 3));
	/* A second Chinese one for c: refused beside the field, nothing made. */
	in = input("另一个中文版", "zh-CN", "3");
	CHECK_INT(gz_article_create(db, &arena, &in, 1, NOW, &id2, &e), GZ_EINVAL);
	CHECK_STR(e.translation, "That article already has a translation in this language.");
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM articles WHERE title = '另一个中文版'"), 0);
	in = input("Nowhere", "", "no-such-slug");
	CHECK_INT(gz_article_create(db, &arena, &in, 1, NOW, &id2, &e), GZ_EINVAL);
	CHECK_STR(e.translation, "No article has this id or slug.");
	/* Without the fields: the site's language, no links. */
	in = input("Plain", NULL, NULL);
	CHECK_INT(gz_article_create(db, &arena, &in, 1, NOW, &id2, &e), GZ_OK);
	CHECK_INT(gz_article_get(db, &arena, id2, NOW, &row), GZ_OK);
	CHECK_STR(row.lang, "");
	CHECK_INT(row.translation_group, 0);

	/* Update: itself refused; unchanged name keeps; "" unlinks. */
	CHECK_INT(gz_article_get(db, &arena, id, NOW, &row), GZ_OK);
	in = input("中文版", "zh-CN", gz_arena_printf(&arena, "%lld", (long long)id));
	in.version = row.version;
	CHECK_INT(gz_article_update(db, &arena, id, &in, 1, NOW, &e), GZ_EINVAL);
	CHECK_STR(e.translation, "An article cannot be a translation of itself.");
	in = input("中文版", "zh-CN", "c");
	in.version = row.version;
	CHECK_INT(gz_article_update(db, &arena, id, &in, 1, NOW, &e), GZ_OK);
	CHECK_STR(note(db, id, buf, sizeof(buf)), "no changes");
	CHECK_INT(gz_article_get(db, &arena, id, NOW, &row), GZ_OK);
	/* Changing its language to c's is refused: the save is rolled back. */
	in = input("中文版 (edited)", "en", NULL);
	in.version = row.version;
	CHECK_INT(gz_article_update(db, &arena, id, &in, 1, NOW, &e), GZ_EINVAL);
	CHECK_STR(e.lang, "One of its linked translations is in this language already.");
	CHECK_INT(gz_article_get(db, &arena, id, NOW, &row), GZ_OK);
	CHECK_STR(row.title, "中文版");
	CHECK_STR(row.lang, "zh-CN");
	/* Unlinked and made English in one save. */
	in = input("中文版", "en", "");
	in.version = row.version;
	CHECK_INT(gz_article_update(db, &arena, id, &in, 1, NOW, &e), GZ_OK);
	CHECK_STR(note(db, id, buf, sizeof(buf)), "language, translations");
	CHECK_INT(gz_article_get(db, &arena, id, NOW, &row), GZ_OK);
	CHECK_STR(row.lang, "en");
	CHECK_INT(row.translation_group, 0);
	CHECK_INT(group(db, 3), 0);
	/* Linked again by slug to b (zh-CN), and back to the site's language. */
	in = input("中文版", "", "b");
	in.version = row.version;
	CHECK_INT(gz_article_update(db, &arena, id, &in, 1, NOW, &e), GZ_OK);
	CHECK_STR(note(db, id, buf, sizeof(buf)), "language, translations");
	CHECK(group(db, id) != 0 && group(db, id) == group(db, 2));
	/* A restore (NULL fields) keeps language and links. */
	CHECK_INT(gz_article_get(db, &arena, id, NOW, &row), GZ_OK);
	{
		struct gz_revision *revs;
		size_t n = 0;

		CHECK_INT(gz_revision_list(db, &arena, id, &revs, &n), GZ_OK);
		CHECK(n >= 2);
		if (n >= 2) {
			CHECK_INT(gz_article_restore_revision(db, &arena, id, revs[n - 1].id,
			                                      row.version, 1, NOW),
			          GZ_OK);
		}
	}
	CHECK_INT(gz_article_get(db, &arena, id, NOW, &row), GZ_OK);
	CHECK_STR(row.lang, "");
	CHECK(group(db, id) != 0 && group(db, id) == group(db, 2));
	gz_db_close(db);
}

static void
test_related_leaves_translations_out(void)
{
	struct gz_db *db = fixture("related.db");
	struct gz_article_summary *rel;
	struct gz_article a;
	size_t n = 0, i;

	if (db == NULL) {
		return;
	}
	/* a, b and c share a tag; b translates a. */
	CHECK(testdb_exec(db, "INSERT INTO tags (id, slug, name) VALUES (1, 't', 'T');"
	                      "INSERT INTO article_tags VALUES (1, 1), (2, 1), (3, 1);"));
	CHECK_INT(gz_translation_set(db, 2, 1, NULL), GZ_OK);
	CHECK_INT(gz_article_by_slug(db, &arena, "a", NOW, &a), GZ_OK);
	CHECK_INT(gz_article_related(db, &arena, &a, NOW, 5, &rel, &n), GZ_OK);
	CHECK(n >= 1);
	for (i = 0; i < n; i++) {
		CHECK(rel[i].id != 2);
	}
	CHECK(n >= 1 && rel[0].id == 3);
	/* From c (en): a and b are one story; a, in c's language, stands for it. */
	CHECK_INT(gz_article_by_slug(db, &arena, "c", NOW, &a), GZ_OK);
	CHECK_INT(gz_article_related(db, &arena, &a, NOW, 5, &rel, &n), GZ_OK);
	CHECK_INT(n, 1);
	CHECK(n == 1 && rel[0].id == 1);
	/* From d, made Chinese: b stands for it, though a (older) shares as much. */
	CHECK(testdb_exec(db, "UPDATE articles SET lang = 'zh-CN' WHERE id = 4;"
	                      "INSERT INTO article_tags VALUES (4, 1);"));
	CHECK_INT(gz_article_by_slug(db, &arena, "d", NOW, &a), GZ_OK);
	CHECK_INT(gz_article_related(db, &arena, &a, NOW, 5, &rel, &n), GZ_OK);
	CHECK_INT(n, 2);
	CHECK(n == 2 && rel[0].id == 3 && rel[1].id == 2);
	gz_db_close(db);
}

static void
test_demo_zh(void)
{
	struct gz_db *db = testdb_open("demo-zh.db");
	struct gz_translation *tr;
	struct gz_article a;
	char pw[32], err[256] = "";
	size_t n = 0;

	CHECK(db != NULL);
	if (db == NULL) {
		return;
	}
	CHECK_INT(gz_demo_has_lang("zh-CN"), 1);
	CHECK_INT(gz_demo_has_lang("en"), 1);
	CHECK_INT(gz_demo_has_lang("fr"), 0);
	CHECK_INT(gz_demo_load_lang(db, "fr", pw, sizeof(pw), err, sizeof(err)), GZ_EINVAL);
	CHECK(strstr(err, "'fr'") != NULL);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM users"), 0);
	err[0] = '\0';
	CHECK_INT(gz_demo_load_lang(db, "zh_CN", pw, sizeof(pw), err, sizeof(err)), GZ_OK);
	if (err[0] != '\0') {
		fprintf(stderr, "demo: %s\n", err);
	}
	CHECK_INT(strlen(pw), GZ_USER_RANDOM_PASSWORD_LEN);
	CHECK_INT(testdb_int(db, "PRAGMA foreign_key_check"), -1);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM settings WHERE key = 'site_language' "
	                         "AND value = 'zh-CN'"),
	          1);
	/* 12 on the site (11 in Chinese, one in English), one draft. */
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM articles WHERE status = 'published'"), 12);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM articles WHERE status = 'draft'"), 1);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM articles WHERE lang = 'en'"), 1);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM categories"), 6);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM pages WHERE slug IN ('about', 'privacy') "
	                         "AND body GLOB '*Cookie*'"),
	          2);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM pages WHERE title = '隐私与 Cookie 政策'"),
	          1);
	CHECK_INT(
	    gz_article_by_slug(db, &arena, "yungang-port-container-volumes-up", time(NULL), &a),
	    GZ_OK);
	CHECK_STR(a.s.lang, "en");
	CHECK_INT(gz_translation_list(db, &arena, a.s.id, time(NULL), 1, &tr, &n), GZ_OK);
	CHECK(n == 1 && strcmp(tr[0].lang, "zh-CN") == 0 &&
	      strcmp(tr[0].slug, "gangkou-jizhuangxiang-tuntuliang-zengzhang") == 0);
	CHECK_INT(
	    gz_article_by_slug(db, &arena, "ditie-3-haoxian-dongyan-shiyunxing", time(NULL), &a),
	    GZ_OK);
	CHECK_STR(a.s.lang, "zh-CN");
	gz_db_close(db);
}

static void
test_demo_en(void)
{
	struct gz_db *db = testdb_open("demo-en.db");
	struct gz_translation *tr;
	struct gz_article a;
	char pw[32], err[256] = "";
	size_t n = 0;

	CHECK(db != NULL);
	if (db == NULL) {
		return;
	}
	CHECK_INT(gz_demo_load(db, pw, sizeof(pw), err, sizeof(err)), GZ_OK);
	if (err[0] != '\0') {
		fprintf(stderr, "demo: %s\n", err);
	}
	CHECK_INT(testdb_int(db, "PRAGMA foreign_key_check"), -1);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM settings WHERE key = 'site_language' "
	                         "AND value = 'en'"),
	          1);
	/* The Chinese articles say so; nothing of the Chinese demo came along. */
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM articles WHERE lang = 'zh-CN' "
	                         "AND id IN (5, 12, 17, 21, 35)"),
	          5);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM articles WHERE lang != '' "
	                         "AND id NOT IN (5, 12, 17, 21, 35)"),
	          0);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM categories WHERE slug = 'bendi'"), 0);
	CHECK_INT(
	    gz_article_by_slug(db, &arena, "wind-tower-plant-adds-third-shift", time(NULL), &a),
	    GZ_OK);
	CHECK_STR(a.s.lang, "en");
	CHECK_INT(gz_translation_list(db, &arena, a.s.id, time(NULL), 1, &tr, &n), GZ_OK);
	CHECK(n == 1 && tr[0].id == 35 && strcmp(tr[0].lang, "zh-CN") == 0);
	gz_db_close(db);
}

static void
test_teardown(void)
{
	gz_arena_free(&arena);
	CHECK(testdb_teardown() == 0);
}

static void
test_setup(void)
{
	CHECK(testdb_setup("languages") == 0);
	gz_arena_init(&arena, 4096, 0);
}

TEST_MAIN(T(test_setup), T(test_lang_table), T(test_schema), T(test_effective_lang),
          T(test_translation_links), T(test_translation_site_change), T(test_editor),
          T(test_related_leaves_translations_out), T(test_demo_zh), T(test_demo_en),
          T(test_teardown))
