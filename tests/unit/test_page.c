/*
 * Tests for src/model/page.c against a real migrated SQLite file: what a
 * save stores, which pages readers may see (published, not drafts), that
 * gz_page_save keeps an existing page's status while gz_page_save_status
 * sets it, the refusals (bad status, the privacy policy as a draft, bad
 * text and slugs), and that the sitemap lists no draft page.
 */
#include <stdio.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/page.h"
#include "gazette/sitemap.h"
#include "test.h"
#include "testdb.h"

#define NOW 1700000000

static struct gz_arena arena;
static struct gz_db *db;

static void
test_setup(void)
{
	CHECK(testdb_setup("page") == 0);
	gz_arena_init(&arena, 4096, 0);
	db = testdb_open("page.db");
	CHECK(db != NULL);
}

/* 1 when the sitemap's page part lists path. */
static int
in_sitemap(const char *path)
{
	struct gz_sitemap_url *urls;
	size_t n, i;

	if (gz_sitemap_page_urls(db, &arena, NOW, &urls, &n) != GZ_OK) {
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (strcmp(urls[i].path, path) == 0) {
			return 1;
		}
	}
	return 0;
}

static void
test_status(void)
{
	struct gz_page p;
	int64_t gen;

	if (db == NULL) {
		return;
	}
	/* A new page through the old call is published. */
	CHECK_INT(gz_page_save(db, "imprint", "Imprint", "Who we are.", NOW), GZ_OK);
	CHECK_INT(gz_page_by_slug(db, &arena, "imprint", &p), GZ_OK);
	CHECK_STR(p.status, GZ_PAGE_PUBLISHED);
	CHECK_INT(gz_page_visible(db, &arena, "imprint", &p), GZ_OK);
	CHECK_STR(p.body, "Who we are.");
	CHECK_INT(in_sitemap("/p/imprint"), 1);

	/* Made a draft: admins still find it, readers and the sitemap do not. */
	gen = gz_db_generation(db);
	CHECK_INT(
	    gz_page_save_status(db, "imprint", "Imprint", "Draft text.", GZ_PAGE_DRAFT, NOW + 1),
	    GZ_OK);
	CHECK(gz_db_generation(db) > gen);
	CHECK_INT(gz_page_by_slug(db, &arena, "imprint", &p), GZ_OK);
	CHECK_STR(p.status, GZ_PAGE_DRAFT);
	CHECK_STR(p.body, "Draft text.");
	CHECK_INT(p.updated_at, NOW + 1);
	CHECK_INT(gz_page_visible(db, &arena, "imprint", &p), GZ_ENOTFOUND);
	CHECK(p.slug == NULL);
	CHECK_INT(in_sitemap("/p/imprint"), 0);

	/* The old call edits the text and keeps the draft a draft. */
	CHECK_INT(gz_page_save(db, "imprint", "Imprint", "Edited draft.", NOW + 2), GZ_OK);
	CHECK_INT(gz_page_by_slug(db, &arena, "imprint", &p), GZ_OK);
	CHECK_STR(p.status, GZ_PAGE_DRAFT);
	CHECK_STR(p.body, "Edited draft.");
	CHECK_INT(gz_page_visible(db, &arena, "imprint", &p), GZ_ENOTFOUND);

	/* A new page may be created as a draft (an imported one). */
	CHECK_INT(gz_page_save_status(db, "old-wp-page", "Old", "x", GZ_PAGE_DRAFT, NOW), GZ_OK);
	CHECK_INT(gz_page_visible(db, &arena, "old-wp-page", &p), GZ_ENOTFOUND);
	CHECK_INT(in_sitemap("/p/old-wp-page"), 0);

	/* Published again. */
	CHECK_INT(gz_page_save_status(db, "imprint", "Imprint", "Out.", GZ_PAGE_PUBLISHED, NOW + 3),
	          GZ_OK);
	CHECK_INT(gz_page_visible(db, &arena, "imprint", &p), GZ_OK);
	CHECK_STR(p.body, "Out.");
	CHECK_INT(in_sitemap("/p/imprint"), 1);
}

static void
test_list(void)
{
	struct gz_page *pages;
	size_t n, i;
	int drafts = 0, imprint = 0;

	if (db == NULL) {
		return;
	}
	CHECK_INT(gz_page_list(db, &arena, &pages, &n), GZ_OK);
	/* The migration's privacy policy, imprint and the draft. */
	CHECK(n >= 3);
	for (i = 0; i < n; i++) {
		CHECK(pages[i].status != NULL);
		if (pages[i].status != NULL && strcmp(pages[i].status, GZ_PAGE_DRAFT) == 0) {
			drafts++;
		}
		if (strcmp(pages[i].slug, "imprint") == 0) {
			imprint++;
			CHECK_STR(pages[i].status, GZ_PAGE_PUBLISHED);
		}
	}
	CHECK_INT(drafts, 1);
	CHECK_INT(imprint, 1);
}

static void
test_refusals(void)
{
	struct gz_page p;
	char big[260];

	if (db == NULL) {
		return;
	}
	CHECK_INT(gz_page_save_status(db, "imprint", "Imprint", "x", "private", NOW), GZ_EINVAL);
	CHECK_INT(gz_page_save_status(db, "imprint", "Imprint", "x", "", NOW), GZ_EINVAL);
	CHECK_INT(gz_page_save_status(db, "imprint", "Imprint", "x", NULL, NOW), GZ_EINVAL);
	/* The consent banner links to the policy: never a draft. */
	CHECK_INT(gz_page_save(db, "privacy", "Privacy", "Policy.", NOW), GZ_OK);
	CHECK_INT(gz_page_save_status(db, "privacy", "Privacy", "x", GZ_PAGE_DRAFT, NOW),
	          GZ_EINVAL);
	CHECK_INT(gz_page_visible(db, &arena, "privacy", &p), GZ_OK);
	CHECK_STR(p.body, "Policy.");
	CHECK_INT(gz_page_save_status(db, "privacy", "Privacy", "P2", GZ_PAGE_PUBLISHED, NOW),
	          GZ_OK);
	/* Text and slug bounds. */
	CHECK_INT(gz_page_save(db, "imprint", "", "x", NOW), GZ_EINVAL);
	CHECK_INT(gz_page_save(db, "imprint", "Bad \xff", "x", NOW), GZ_EINVAL);
	CHECK_INT(gz_page_save(db, "", "T", "x", NOW), GZ_EINVAL);
	CHECK_INT(gz_page_save(db, "a/b", "T", "x", NOW), GZ_EINVAL);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK_INT(gz_page_save(db, big, "T", "x", NOW), GZ_EINVAL);
	CHECK_INT(gz_page_save(db, "imprint", big, "x", NOW), GZ_EINVAL);
	/* Nothing of the refusals was stored. */
	CHECK_INT(gz_page_visible(db, &arena, "imprint", &p), GZ_OK);
	CHECK_STR(p.body, "Out.");
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM pages WHERE status NOT IN ('published', "
	                         "'draft')"),
	          0);
}

static void
test_teardown(void)
{
	gz_db_close(db);
	gz_arena_free(&arena);
	CHECK(testdb_teardown() == 0);
}

TEST_MAIN(T(test_setup), T(test_status), T(test_list), T(test_refusals), T(test_teardown))
