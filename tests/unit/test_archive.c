/*
 * Archive counts and the comment feed's rows on a real migrated database:
 * gz_archive_count over UTC months with their first and last seconds,
 * drafts, trash and articles not yet due, and the "newer than a cursor"
 * count; gz_archive_month_counts across a year's end and into the future;
 * gz_archive_years with gaps; gz_comment_feed keeping approved comments
 * on visible articles only, newest first, within its limit and scan.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "gazette/archive.h"
#include "gazette/arena.h"
#include "gazette/caldate.h"
#include "gazette/comment.h"
#include "gazette/comment_feed.h"
#include "test.h"
#include "testdb.h"

static struct gz_db *db;
static struct gz_arena arena;
static int64_t now; /* 2026-12-15 12:00 UTC */

/* Insert article id with status, published at t (0: NULL, a draft). */
static void
article(int id, const char *status, int64_t t)
{
	char sql[512], when[32];

	if (t != 0) {
		snprintf(when, sizeof(when), "%lld", (long long)t);
	} else {
		snprintf(when, sizeof(when), "NULL");
	}
	snprintf(
	    sql, sizeof(sql),
	    "INSERT INTO articles (id, slug, title, body, author_id, status, published_at, "
	    "created_at, updated_at) VALUES (%d, 'a%d', 'Title %d', 'Body', 1, '%s', %s, 0, 0)",
	    id, id, id, status, when);
	CHECK(testdb_exec(db, sql));
}

static void
test_setup(void)
{
	gz_arena_init(&arena, 4096, 0);
	now = gz_caldate_time(2026, 12, 15) + 12 * 3600;
	CHECK(testdb_setup("archive") == 0);
	CHECK((db = testdb_open("a.db")) != NULL);
	CHECK(testdb_exec(db, "INSERT INTO users (id, login, display_name, role, created_at) "
	                      "VALUES (1, 'ed', 'Ed', 'editor', 0)"));
	/* November 2026: its first and last second, and a draft and trash. */
	article(1, "published", gz_caldate_time(2026, 11, 1));
	article(2, "published", gz_caldate_time(2026, 12, 1) - 1);
	article(3, "published", gz_caldate_time(2026, 11, 15));
	article(4, "draft", 0);
	article(5, "trash", gz_caldate_time(2026, 11, 20));
	/* December: one due, one scheduled later this month. */
	article(6, "published", gz_caldate_time(2026, 12, 1));
	article(7, "scheduled", gz_caldate_time(2026, 12, 20));
	/* January 2026, and 2023 (no 2024 or 2025). */
	article(8, "published", gz_caldate_time(2026, 1, 31) + 100);
	article(9, "published", gz_caldate_time(2023, 6, 1));
	/* Same second, ids apart: the cursor counts by (time, id). */
	article(10, "published", gz_caldate_time(2026, 11, 15));
}

static void
test_count(void)
{
	int64_t start, end, count, newer;

	gz_caldate_month(2026, 11, &start, &end);
	CHECK_INT(gz_archive_count(db, now, start, end, 0, 0, &count, &newer), GZ_OK);
	CHECK_INT(count, 4);
	CHECK_INT(newer, 0);
	/* At or newer than (15 Nov, 10): 2 (30 Nov) and 10 itself. */
	CHECK_INT(gz_archive_count(db, now, start, end, gz_caldate_time(2026, 11, 15), 10, &count,
	                           &newer),
	          GZ_OK);
	CHECK_INT(newer, 2);
	CHECK_INT(
	    gz_archive_count(db, now, start, end, gz_caldate_time(2026, 11, 15), 3, &count, &newer),
	    GZ_OK);
	CHECK_INT(newer, 3);
	gz_caldate_month(2026, 12, &start, &end);
	CHECK_INT(gz_archive_count(db, now, start, end, 0, 0, &count, NULL), GZ_OK);
	CHECK_INT(count, 1);
	/* The scheduled one counts once due. */
	CHECK_INT(
	    gz_archive_count(db, gz_caldate_time(2026, 12, 20), start, end, 0, 0, &count, NULL),
	    GZ_OK);
	CHECK_INT(count, 2);
	gz_caldate_month(2025, 5, &start, &end);
	CHECK_INT(gz_archive_count(db, now, start, end, 0, 0, &count, NULL), GZ_OK);
	CHECK_INT(count, 0);
}

static void
test_month_counts(void)
{
	int64_t counts[GZ_ARCHIVE_MONTHS_MAX];
	int i;

	CHECK_INT(gz_archive_month_counts(db, now, 2026, 1, 12, counts), GZ_OK);
	CHECK_INT(counts[0], 1);
	for (i = 1; i < 10; i++) {
		CHECK_INT(counts[i], 0);
	}
	CHECK_INT(counts[10], 4);
	CHECK_INT(counts[11], 1);
	/* Across the year's end; months after now count nothing. */
	CHECK_INT(gz_archive_month_counts(db, now, 2026, 11, 3, counts), GZ_OK);
	CHECK_INT(counts[0], 4);
	CHECK_INT(counts[1], 1);
	CHECK_INT(counts[2], 0);
	CHECK_INT(gz_archive_month_counts(db, gz_caldate_time(2027, 2, 1), 2026, 11, 3, counts),
	          GZ_OK);
	CHECK_INT(counts[1], 2);
	/* Refused: bad month, too many, past the calendar's end. */
	CHECK_INT(gz_archive_month_counts(db, now, 2026, 13, 1, counts), GZ_EINVAL);
	CHECK_INT(gz_archive_month_counts(db, now, 2026, 0, 1, counts), GZ_EINVAL);
	CHECK_INT(gz_archive_month_counts(db, now, 1969, 12, 1, counts), GZ_EINVAL);
	CHECK_INT(gz_archive_month_counts(db, now, 2026, 1, 0, counts), GZ_EINVAL);
	CHECK_INT(gz_archive_month_counts(db, now, 2026, 1, GZ_ARCHIVE_MONTHS_MAX + 1, counts),
	          GZ_EINVAL);
	CHECK_INT(gz_archive_month_counts(db, now, 9999, 12, 1, counts), GZ_OK);
	CHECK_INT(gz_archive_month_counts(db, now, 9999, 12, 2, counts), GZ_EINVAL);
}

static void
test_years(void)
{
	int years[GZ_ARCHIVE_YEARS_MAX];
	size_t n;

	CHECK_INT(gz_archive_years(db, now, years, GZ_ARCHIVE_YEARS_MAX, &n), GZ_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(years[0], 2026);
		CHECK_INT(years[1], 2023);
	}
	CHECK_INT(gz_archive_years(db, now, years, 1, &n), GZ_OK);
	CHECK_INT(n, 1);
	/* Before 2023's article is published: none at all. */
	CHECK_INT(gz_archive_years(db, gz_caldate_time(2023, 1, 1), years, 10, &n), GZ_OK);
	CHECK_INT(n, 0);
	CHECK_INT(gz_archive_years(db, now, years, 0, &n), GZ_EINVAL);
	CHECK_INT(gz_archive_years(db, now, years, GZ_ARCHIVE_YEARS_MAX + 1, &n), GZ_EINVAL);
}

/* Comment id on article with status at time t. */
static void
comment(int id, int art, const char *status, int64_t t)
{
	char sql[512];

	snprintf(sql, sizeof(sql),
	         "INSERT INTO comments (id, article_id, author_name, author_email, body, status, "
	         "created_at, status_changed_at) VALUES (%d, %d, 'Reader %d', 'r%d@example.com', "
	         "'Comment %d <b>&amp;</b>', '%s', %lld, %lld)",
	         id, art, id, id, id, status, (long long)t, (long long)t);
	CHECK(testdb_exec(db, sql));
}

static void
test_comment_feed(void)
{
	struct gz_comment *rows;
	size_t n, i;
	int64_t t = now - 10000;
	char sql[128];
	int id;

	comment(1, 1, "approved", t + 1);
	comment(2, 1, "pending", t + 2);
	comment(3, 1, "spam", t + 3);
	comment(4, 1, "trash", t + 4);
	comment(5, 4, "approved", t + 5); /* on a draft */
	comment(6, 5, "approved", t + 6); /* on a trashed article */
	comment(7, 7, "approved", t + 7); /* on one not yet due */
	comment(8, 3, "approved", t + 8);
	comment(9, 3, "approved", t + 8); /* same second: the higher id first */
	CHECK_INT(gz_comment_feed(db, &arena, now, 20, &rows, &n), GZ_OK);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_INT(rows[0].id, 9);
		CHECK_INT(rows[1].id, 8);
		CHECK_INT(rows[2].id, 1);
		CHECK_STR(rows[0].article_slug, "a3");
		CHECK_STR(rows[0].article_title, "Title 3");
		CHECK_STR(rows[0].author_name, "Reader 9");
		CHECK_STR(rows[0].author_email, "");
		CHECK_STR(rows[0].body, "Comment 9 <b>&amp;</b>");
		CHECK_INT(rows[0].created_at, t + 8);
		CHECK_INT(rows[0].status, GZ_COMMENT_APPROVED);
	}
	/* Once the scheduled article is due, its comment shows. */
	CHECK_INT(gz_comment_feed(db, &arena, gz_caldate_time(2026, 12, 20), 20, &rows, &n), GZ_OK);
	CHECK_INT(n, 4);
	CHECK(n == 4 && rows[2].id == 7);
	CHECK_INT(gz_comment_feed(db, &arena, now, 2, &rows, &n), GZ_OK);
	CHECK_INT(n, 2);
	CHECK_INT(gz_comment_feed(db, &arena, now, 0, &rows, &n), GZ_EINVAL);
	CHECK_INT(gz_comment_feed(db, &arena, now, GZ_COMMENT_FEED_MAX + 1, &rows, &n), GZ_EINVAL);
	/* A flood on a draft hides the rest rather than lengthening the walk. */
	CHECK(testdb_exec(db, "BEGIN"));
	for (id = 100; id < 100 + GZ_COMMENT_FEED_SCAN; id++) {
		comment(id, 4, "approved", t + 100);
	}
	CHECK(testdb_exec(db, "COMMIT"));
	CHECK_INT(gz_comment_feed(db, &arena, now, 20, &rows, &n), GZ_OK);
	CHECK_INT(n, 0);
	snprintf(sql, sizeof(sql), "DELETE FROM comments WHERE id = %d", 100);
	CHECK(testdb_exec(db, sql));
	CHECK_INT(gz_comment_feed(db, &arena, now, 20, &rows, &n), GZ_OK);
	CHECK_INT(n, 1);
	for (i = 0; i < n; i++) {
		CHECK_INT(rows[i].id, 9);
	}
}

static void
test_teardown(void)
{
	gz_db_close(db);
	gz_arena_free(&arena);
	CHECK(testdb_teardown() == 0);
}

TEST_MAIN(T(test_setup), T(test_count), T(test_month_counts), T(test_years), T(test_comment_feed),
          T(test_teardown))
