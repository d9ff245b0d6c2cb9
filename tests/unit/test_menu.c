/*
 * Tests for src/model/menu.c and the page rules of src/model/page.c against
 * a real migrated SQLite file: the menu link address rule (table of good
 * and bad addresses: every scheme but http(s), //host, quotes, controls,
 * the length bound), the page address rule, the read order of a menu
 * (parents by position, each followed by its children), the refusals of
 * gz_menu_save with the field each names (target gone, second level, a
 * parent from the other menu, an item with children put under another,
 * label bounds, the 100-item bound), moving among siblings (ends stay, the
 * positions renumbered), cascades (a deleted page, section or parent takes
 * its items), and pages: create (conflict, reserved), delete (privacy
 * refused, the address remembered as gone, taken again).
 */
#include <stdio.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/db.h"
#include "gazette/menu.h"
#include "gazette/page.h"
#include "test.h"
#include "testdb.h"

static struct gz_arena arena;
static struct gz_db *db;

static void
test_setup(void)
{
	CHECK(testdb_setup("menu") == 0);
	gz_arena_init(&arena, 4096, 0);
	db = testdb_open("menu.db");
	CHECK(db != NULL);
	if (db != NULL) {
		CHECK(testdb_exec(db, "INSERT INTO categories (id, slug, name) VALUES "
		                      "(1, 'news', 'News'), (2, 'sport', 'Sport')") == 1);
		CHECK(testdb_exec(db,
		                  "INSERT INTO pages (id, slug, title, body, updated_at) VALUES "
		                  "(10, 'contact', 'Contact', 'x', 1)") == 1);
	}
}

static void
test_url_rule(void)
{
	static const struct {
		const char *url;
		int ok;
	} cases[] = {
	    {"https://example.org", 1},
	    {"http://example.org/a?b=1&c=2#d", 1},
	    {"HTTPS://EXAMPLE.ORG/", 1},
	    {"/", 1},
	    {"/archive", 1},
	    {"/p/contact#map", 1},
	    {"/search?q=x", 1},
	    {"", 0},
	    {"javascript:alert(1)", 0},
	    {"JavaScript:alert(1)", 0},
	    {" javascript:alert(1)", 0},
	    {"data:text/html,x", 0},
	    {"vbscript:x", 0},
	    {"ftp://example.org", 0},
	    {"mailto:desk@example.org", 0},
	    {"//evil.example/", 0},
	    {"https://", 0},
	    {"http:///x", 0},
	    {"https://?x", 0},
	    {"archive", 0},
	    {"/a b", 0},
	    {"/a\"b", 0},
	    {"/a'b", 0},
	    {"/a<b", 0},
	    {"/a\\b", 0},
	    {"/a`b", 0},
	    {"/a\tb", 0},
	    {"/a\nb", 0},
	    {"/\xff", 0},
	};
	char long_url[GZ_MENU_URL_MAX + 2];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *why = gz_menu_url_problem(cases[i].url);

		if ((why == NULL) != cases[i].ok) {
			fprintf(stderr, "url %zu '%s': want %s, got %s\n", i, cases[i].url,
			        cases[i].ok ? "ok" : "refused", why ? why : "ok");
		}
		CHECK((why == NULL) == cases[i].ok);
	}
	/* The length bound: exactly GZ_MENU_URL_MAX passes, one more does not. */
	memset(long_url, 'a', sizeof(long_url));
	long_url[0] = '/';
	long_url[GZ_MENU_URL_MAX] = '\0';
	CHECK(gz_menu_url_problem(long_url) == NULL);
	long_url[GZ_MENU_URL_MAX] = 'a';
	long_url[GZ_MENU_URL_MAX + 1] = '\0';
	CHECK(gz_menu_url_problem(long_url) != NULL);
}

static void
test_slug_rule(void)
{
	static const struct {
		const char *slug;
		int ok;
	} cases[] = {
	    {"contact", 1}, {"contact-us", 1}, {"a", 1},   {"2026", 1},    {"a-b-c", 1},
	    {"", 0},        {"-a", 0},         {"a-", 0},  {"A", 0},       {"a b", 0},
	    {"a/b", 0},     {"a_b", 0},        {"new", 0}, {"privacy", 0}, {"über", 0},
	    {"a.b", 0},     {"..", 0},         {"%2e", 0}, {"a\nb", 0},    {"-", 0},
	};
	char s[GZ_PAGE_SLUG_MAX + 2];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *why = gz_page_slug_problem(cases[i].slug);

		if ((why == NULL) != cases[i].ok) {
			fprintf(stderr, "slug '%s': want %s\n", cases[i].slug,
			        cases[i].ok ? "ok" : "refused");
		}
		CHECK((why == NULL) == cases[i].ok);
	}
	memset(s, 'a', sizeof(s));
	s[GZ_PAGE_SLUG_MAX] = '\0';
	CHECK(gz_page_slug_problem(s) == NULL);
	s[GZ_PAGE_SLUG_MAX] = 'a';
	s[GZ_PAGE_SLUG_MAX + 1] = '\0';
	CHECK(gz_page_slug_problem(s) != NULL);
}

/* The field and message of the last refusal, for the callers' checks. */
static const char *last_field, *last_why;

/* Add an item as told, checking the result is want; its id, 0 when refused. */
static int64_t
add(const char *menu, const char *kind, int64_t target, const char *url, const char *label,
    int64_t parent, enum gz_err want)
{
	struct gz_menu_edit e = {0};
	int64_t id = 0;
	enum gz_err rc;

	e.menu = menu;
	e.kind = kind;
	e.category_id = strcmp(kind, GZ_MENU_CATEGORY) == 0 ? target : 0;
	e.page_id = strcmp(kind, GZ_MENU_PAGE) == 0 ? target : 0;
	e.url = url;
	e.label = label;
	e.parent_id = parent;
	rc = gz_menu_save(db, 0, &e, &id, &last_field, &last_why);
	CHECK_INT(rc, want);
	return rc == GZ_OK ? id : 0;
}

/* The labels (or target names) of menu in read order, children marked
 * with '>', joined by ',' into buf. */
static const char *
order(const char *menu, char *buf, size_t size)
{
	struct gz_menu_item *items;
	size_t n, i, at = 0;

	buf[0] = '\0';
	gz_arena_reset(&arena);
	if (gz_menu_items(db, &arena, menu, &items, &n) != GZ_OK) {
		return "(error)";
	}
	for (i = 0; i < n && at < size; i++) {
		at += (size_t)snprintf(buf + at, size - at, "%s%s%s", i ? "," : "",
		                       items[i].parent_id ? ">" : "",
		                       items[i].label[0] ? items[i].label : items[i].target_name);
	}
	return buf;
}

static void
test_save_and_order(void)
{
	int64_t news, contact, links, tip, foot, sport;
	char buf[256];

	news = add("header", GZ_MENU_CATEGORY, 1, "", "", 0, GZ_OK);
	contact = add("header", GZ_MENU_PAGE, 10, "", "Write to us", 0, GZ_OK);
	links = add("header", GZ_MENU_LINK, 0, "/archive", "Archive", 0, GZ_OK);
	tip = add("header", GZ_MENU_LINK, 0, "https://example.org/tips", "Tips", links, GZ_OK);
	sport = add("header", GZ_MENU_CATEGORY, 2, "", "", links, GZ_OK);
	foot = add("footer", GZ_MENU_PAGE, 10, "", "", 0, GZ_OK);
	CHECK(news && contact && links && tip && sport && foot);
	CHECK_STR(order("header", buf, sizeof(buf)), "News,Write to us,Archive,>Tips,>Sport");
	CHECK_STR(order("footer", buf, sizeof(buf)), "Contact");

	/* Refusals, each naming its field. */
	add("header", GZ_MENU_CATEGORY, 99, "", "", 0, GZ_EINVAL);
	CHECK_STR(last_field, "target");
	add("header", GZ_MENU_PAGE, 0, "", "", 0, GZ_EINVAL);
	CHECK_STR(last_field, "target");
	add("header", "frame", 0, "", "", 0, GZ_EINVAL);
	CHECK_STR(last_field, "target");
	add("sidebar", GZ_MENU_CATEGORY, 1, "", "", 0, GZ_EINVAL);
	CHECK_STR(last_field, "menu");
	add("header", GZ_MENU_LINK, 0, "javascript:x", "X", 0, GZ_EINVAL);
	CHECK_STR(last_field, "url");
	add("header", GZ_MENU_LINK, 0, "/x", "", 0, GZ_EINVAL);
	CHECK_STR(last_field, "label");
	add("header", GZ_MENU_LINK, 0, "/x", "a\x01", 0, GZ_EINVAL);
	CHECK_STR(last_field, "label");
	add("header", GZ_MENU_LINK, 0, "/x", "\xc3", 0, GZ_EINVAL);
	CHECK_STR(last_field, "label");
	add("header", GZ_MENU_LINK, 0, "/x", "X", tip, GZ_EINVAL); /* second level */
	CHECK_STR(last_field, "parent");
	add("footer", GZ_MENU_LINK, 0, "/x", "X", links, GZ_EINVAL); /* other menu */
	CHECK_STR(last_field, "parent");
	add("header", GZ_MENU_LINK, 0, "/x", "X", 999, GZ_EINVAL);
	CHECK_STR(last_field, "parent");
	{
		char label[GZ_MENU_LABEL_MAX + 2];

		memset(label, 'l', sizeof(label));
		label[GZ_MENU_LABEL_MAX] = '\0';
		CHECK(add("footer", GZ_MENU_LINK, 0, "/x", label, 0, GZ_OK) != 0);
		label[GZ_MENU_LABEL_MAX] = 'l';
		label[GZ_MENU_LABEL_MAX + 1] = '\0';
		add("footer", GZ_MENU_LINK, 0, "/x", label, 0, GZ_EINVAL);
		CHECK_STR(last_field, "label");
	}
	/* Nothing refused was stored: 6 items plus the long label. */
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM menu_items"), 7);

	/* Edits: an item with children stays at the top; itself is no parent;
	 * a move under another parent goes to the end there. */
	{
		struct gz_menu_edit e = {0};

		e.menu = "header";
		e.kind = GZ_MENU_LINK;
		e.url = "/archive";
		e.label = "Archive";
		e.parent_id = news;
		CHECK_INT(gz_menu_save(db, links, &e, NULL, &last_field, &last_why), GZ_EINVAL);
		CHECK_STR(last_field, "parent");
		e.kind = GZ_MENU_CATEGORY;
		e.category_id = 1;
		e.url = "";
		e.label = "";
		e.parent_id = news;
		CHECK_INT(gz_menu_save(db, news, &e, NULL, &last_field, &last_why), GZ_EINVAL);
		e.parent_id = links;
		e.menu = "footer"; /* ignored: an item keeps its menu */
		CHECK_INT(gz_menu_save(db, news, &e, NULL, &last_field, &last_why), GZ_OK);
		CHECK_STR(order("header", buf, sizeof(buf)),
		          "Write to us,Archive,>Tips,>Sport,>News");
		e.parent_id = 0;
		CHECK_INT(gz_menu_save(db, news, &e, NULL, &last_field, &last_why), GZ_OK);
		CHECK_STR(order("header", buf, sizeof(buf)),
		          "Write to us,Archive,>Tips,>Sport,News");
		CHECK_INT(gz_menu_save(db, 9999, &e, NULL, &last_field, &last_why), GZ_ENOTFOUND);
	}

	/* Moves: among siblings only, the ends stay. */
	CHECK_INT(gz_menu_move(db, contact, -1), GZ_OK);
	CHECK_STR(order("header", buf, sizeof(buf)), "Write to us,Archive,>Tips,>Sport,News");
	CHECK_INT(gz_menu_move(db, contact, 1), GZ_OK);
	CHECK_STR(order("header", buf, sizeof(buf)), "Archive,>Tips,>Sport,Write to us,News");
	CHECK_INT(gz_menu_move(db, sport, -1), GZ_OK);
	CHECK_STR(order("header", buf, sizeof(buf)), "Archive,>Sport,>Tips,Write to us,News");
	CHECK_INT(gz_menu_move(db, sport, -1), GZ_OK);
	CHECK_INT(gz_menu_move(db, news, 1), GZ_OK);
	CHECK_STR(order("header", buf, sizeof(buf)), "Archive,>Sport,>Tips,Write to us,News");
	CHECK_INT(gz_menu_move(db, 9999, 1), GZ_ENOTFOUND);
	/* The moved level was renumbered 0, 1, 2. */
	CHECK_INT(testdb_int(db, "SELECT group_concat(position, '') = '012' FROM (SELECT position "
	                         "FROM menu_items WHERE menu = 'header' AND parent_id IS NULL "
	                         "ORDER BY position)"),
	          1);

	/* Cascades: a deleted section or page takes its items; a deleted
	 * parent its children. */
	CHECK(testdb_exec(db, "DELETE FROM categories WHERE id = 2") == 1);
	CHECK_STR(order("header", buf, sizeof(buf)), "Archive,>Tips,Write to us,News");
	CHECK_INT(gz_menu_delete(db, links), GZ_OK);
	CHECK_STR(order("header", buf, sizeof(buf)), "Write to us,News");
	CHECK_INT(gz_menu_delete(db, links), GZ_ENOTFOUND);
	CHECK_INT(gz_page_delete(db, "contact", 5), GZ_OK);
	CHECK_STR(order("header", buf, sizeof(buf)), "News");
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM menu_items WHERE page_id IS NOT NULL"), 0);
}

static void
test_items_bound(void)
{
	int i;

	CHECK(testdb_exec(db, "DELETE FROM menu_items") == 1);
	for (i = 0; i < GZ_MENU_ITEMS_MAX; i++) {
		CHECK(add("footer", GZ_MENU_LINK, 0, "/x", "X", 0, GZ_OK) != 0);
	}
	add("footer", GZ_MENU_LINK, 0, "/x", "X", 0, GZ_ETOOBIG);
	CHECK_STR(last_field, "menu");
	/* The other menu is counted apart. */
	CHECK(add("header", GZ_MENU_LINK, 0, "/x", "X", 0, GZ_OK) != 0);
	CHECK(testdb_exec(db, "DELETE FROM menu_items") == 1);
}

static void
test_pages(void)
{
	struct gz_page p;

	CHECK_INT(gz_page_gone(db, "contact"), 1);
	CHECK_INT(gz_page_gone(db, "never"), 0);
	CHECK_INT(gz_page_delete(db, "contact", 6), GZ_ENOTFOUND);
	CHECK_INT(gz_page_delete(db, "privacy", 6), GZ_EPERM);
	CHECK_INT(gz_page_create(db, "new", "T", "B", GZ_PAGE_PUBLISHED, 7), GZ_EINVAL);
	CHECK_INT(gz_page_create(db, "Bad", "T", "B", GZ_PAGE_PUBLISHED, 7), GZ_EINVAL);
	CHECK_INT(gz_page_create(db, "fine", "", "B", GZ_PAGE_PUBLISHED, 7), GZ_EINVAL);
	CHECK_INT(gz_page_create(db, "fine", "T", "B", "secret", 7), GZ_EINVAL);
	CHECK_INT(gz_page_create(db, "fine", "T", "B", NULL, 7), GZ_EINVAL);
	CHECK_INT(gz_page_create(db, "contact", "Back", "B", GZ_PAGE_DRAFT, 7), GZ_OK);
	CHECK_INT(gz_page_gone(db, "contact"), 0);
	CHECK_INT(gz_page_create(db, "contact", "Again", "B", GZ_PAGE_DRAFT, 7), GZ_ECONFLICT);
	gz_arena_reset(&arena);
	CHECK_INT(gz_page_by_slug(db, &arena, "contact", &p), GZ_OK);
	CHECK_STR(p.title, "Back");
	CHECK_STR(p.status, GZ_PAGE_DRAFT);
	CHECK_INT(gz_page_visible(db, &arena, "contact", &p), GZ_ENOTFOUND);
	/* A page made before the rules (an imported slug) can still be deleted. */
	CHECK(testdb_exec(db, "INSERT INTO pages (slug, title, body, updated_at) VALUES "
	                      "('Old_Page', 'Old', 'x', 1)") == 1);
	CHECK_INT(gz_page_delete(db, "Old_Page", 8), GZ_OK);
	CHECK_INT(gz_page_gone(db, "Old_Page"), 1);
}

static void
test_teardown(void)
{
	gz_db_close(db);
	gz_arena_free(&arena);
	CHECK(testdb_teardown() == 0);
}

TEST_MAIN({"setup", test_setup}, {"url rule", test_url_rule}, {"slug rule", test_slug_rule},
          {"save and order", test_save_and_order}, {"items bound", test_items_bound},
          {"pages", test_pages}, {"teardown", test_teardown})
