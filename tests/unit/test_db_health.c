/*
 * Tests for the damage detection of src/model/db.c (gz_db_health) and the
 * never-waiting write the view counter uses (gz_db_try_begin through
 * gz_stats_add_views), on real SQLite files in one process:
 *  - a file replaced under open connections (rename over it) is damaged
 *    for every connection of the process, the next connection to the path
 *    is refused while one still has the old file, and once none has, the
 *    new file is served (its rows, not the old one's);
 *  - SQLITE_CORRUPT marks the file damaged, CORRUPT_VTAB (a damaged search
 *    index) does not;
 *  - a header overwritten in place is seen, and undoing it is picked up;
 *  - a file cut short is seen on the second look;
 *  - a held write lock makes gz_stats_add_views return GZ_EBUSY at once,
 *    write nothing and record no fault.
 * Recovery is looked for at most once a second, so the checks that wait
 * for it poll a bounded number of times; none depends on a measured time.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/stats.h"
#include "test.h"
#include "testdb.h"

/* Poll gz_db_health(db) until it gives want: at most tries, 50 ms apart. */
static enum gz_err
health_until(struct gz_db *db, enum gz_err want, int tries)
{
	struct timespec pause = {0, 50 * 1000000L};
	enum gz_err rc = GZ_EDB;
	int i;

	for (i = 0; i < tries; i++) {
		gz_db_fault_clear(db);
		if ((rc = gz_db_health(db, 0)) == want) {
			break;
		}
		nanosleep(&pause, NULL);
	}
	return rc;
}

static void
test_replaced(void)
{
	struct gz_db *a, *b, *c, *d;
	char path[512], copy[512], err[256], sql[600];

	testdb_path("replaced.db", path, sizeof(path));
	testdb_path("copy.db", copy, sizeof(copy));
	a = testdb_open("replaced.db");
	CHECK(a != NULL);
	if (a == NULL) {
		return;
	}
	b = gz_db_open(path, 0, err, sizeof(err));
	c = gz_db_open(path, 0, err, sizeof(err));
	CHECK(b != NULL && c != NULL);
	snprintf(sql, sizeof(sql), "VACUUM INTO '%s'", copy);
	CHECK(testdb_exec(a, sql));
	CHECK(testdb_exec(a, "INSERT INTO settings (key, value) VALUES ('only_in_old', '1')"));
	CHECK_INT(gz_db_health(a, 1), GZ_OK);

	CHECK_INT(rename(copy, path), 0);
	/* a looks now (as before a write); b and c only learn it from a. */
	CHECK_INT(gz_db_health(a, 1), GZ_ECORRUPT);
	CHECK_INT(gz_db_fault(a), GZ_ECORRUPT);
	CHECK(gz_db_stmt(a, "SELECT 1") == NULL); /* closed: nothing reaches the old file */
	CHECK_INT(gz_db_health(b, 0), GZ_ECORRUPT);
	/* c still has the old file open: the new one must not be opened. */
	d = gz_db_open(path, 0, err, sizeof(err));
	CHECK(d == NULL);
	CHECK(strstr(err, "replaced") != NULL);
	gz_db_close(d);
	/* Past the next try (a second on): c still holds the old file. */
	CHECK_INT(health_until(a, GZ_OK, 30), GZ_ECORRUPT);
	/* c closes the old file on its next request; nothing has it open
	 * now, so the new one is tried (a second after the last try) and c
	 * is the first to serve it. */
	CHECK_INT(health_until(c, GZ_OK, 60), GZ_OK);
	CHECK_INT(gz_db_health(a, 0), GZ_OK);
	CHECK_INT(gz_db_health(b, 0), GZ_OK);
	CHECK_INT(testdb_int(a, "SELECT count(*) FROM settings WHERE key = 'only_in_old'"), 0);
	CHECK_INT(testdb_int(b, "SELECT count(*) FROM generation"), 1);
	gz_db_close(a);
	gz_db_close(b);
	gz_db_close(c);
}

static void
test_corrupt_codes(void)
{
	struct gz_db *v = testdb_open("vtab.db"), *x = testdb_open("corrupt.db");

	CHECK(v != NULL && x != NULL);
	if (v == NULL || x == NULL) {
		gz_db_close(v);
		gz_db_close(x);
		return;
	}
	/* A damaged search index fails the search, not the site. */
	CHECK_INT(gz_db_error(v, SQLITE_CORRUPT_VTAB, "search"), GZ_ECORRUPT);
	CHECK_INT(gz_db_health(v, 1), GZ_OK);
	CHECK_INT(gz_db_error(x, SQLITE_CORRUPT, "test"), GZ_ECORRUPT);
	CHECK_INT(gz_db_health(x, 0), GZ_ECORRUPT);
	gz_db_close(v);
	gz_db_close(x);
}

/* Write n bytes of data at offset off of the file at path; 0 on success. */
static int
poke(const char *path, off_t off, const void *data, size_t n)
{
	int fd = open(path, O_WRONLY);
	ssize_t w;

	if (fd < 0) {
		return -1;
	}
	w = pwrite(fd, data, n, off);
	close(fd);
	return w == (ssize_t)n ? 0 : -1;
}

static void
test_header(void)
{
	char path[512];
	struct gz_db *db = testdb_open("header.db");

	CHECK(db != NULL);
	if (db == NULL) {
		return;
	}
	CHECK_INT(gz_db_health(db, 1), GZ_OK);
	CHECK_INT(poke(testdb_path("header.db", path, sizeof(path)), 0, "Not a database!", 16), 0);
	CHECK_INT(gz_db_health(db, 1), GZ_ECORRUPT);
	/* Put the header back: the file changed, so it is tried again. */
	CHECK_INT(poke(path, 0, "SQLite format 3", 16), 0);
	CHECK_INT(health_until(db, GZ_OK, 60), GZ_OK);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM generation"), 1);
	gz_db_close(db);
}

static void
test_truncated(void)
{
	char path[512];
	struct gz_db *db = testdb_open("short.db");
	int i;

	CHECK(db != NULL);
	if (db == NULL) {
		return;
	}
	CHECK(testdb_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)"));
	CHECK_INT(truncate(testdb_path("short.db", path, sizeof(path)), 8192), 0);
	/* Seen short once is not enough (a checkpoint may be growing it);
	 * a second look a second later is. */
	CHECK_INT(gz_db_health(db, 1), GZ_OK);
	for (i = 0; i < 60 && gz_db_health(db, 1) == GZ_OK; i++) {
		struct timespec pause = {0, 50 * 1000000L};

		nanosleep(&pause, NULL);
	}
	CHECK_INT(gz_db_health(db, 1), GZ_ECORRUPT);
	gz_db_close(db);
}

static void
test_views_never_wait(void)
{
	struct gz_db *db = testdb_open("views.db"), *holder;
	int64_t ids[1], counts[1] = {3};
	char path[512], err[256];

	CHECK(db != NULL);
	if (db == NULL) {
		return;
	}
	CHECK(testdb_exec(db, "INSERT INTO users (id, login, display_name, role, created_at) "
	                      "VALUES (1, 'a', 'A', 'admin', 0)"));
	CHECK(testdb_exec(db, "INSERT INTO articles (id, slug, title, author_id, status, "
	                      "created_at, updated_at) VALUES (7, 's', 'T', 1, 'draft', 0, 0)"));
	ids[0] = 7;
	holder = gz_db_open(testdb_path("views.db", path, sizeof(path)), 0, err, sizeof(err));
	CHECK(holder != NULL);
	if (holder == NULL) {
		gz_db_close(holder);
		gz_db_close(db);
		return;
	}
	CHECK(testdb_exec(holder, "BEGIN IMMEDIATE"));
	gz_db_fault_clear(db);
	CHECK_INT(gz_stats_add_views(db, ids, counts, 1), GZ_EBUSY);
	CHECK_INT(gz_db_fault(db), GZ_OK);
	CHECK_INT(gz_db_tx_depth(db), 0);
	CHECK(testdb_exec(holder, "ROLLBACK"));
	CHECK_INT(testdb_int(db, "SELECT views FROM articles WHERE id = 7"), 0);
	CHECK_INT(gz_stats_add_views(db, ids, counts, 1), GZ_OK);
	CHECK_INT(testdb_int(db, "SELECT views FROM articles WHERE id = 7"), 3);
	gz_db_close(holder);
	gz_db_close(db);
}

static void
setup(void)
{
	CHECK_INT(testdb_setup("health"), 0);
}

static void
teardown(void)
{
	testdb_teardown();
}

TEST_MAIN({"setup", setup}, {"replaced", test_replaced}, {"corrupt codes", test_corrupt_codes},
          {"header", test_header}, {"truncated", test_truncated},
          {"views never wait", test_views_never_wait}, {"teardown", teardown})
