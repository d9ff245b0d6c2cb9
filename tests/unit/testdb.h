/*
 * Shared fixture for unit tests that need real files: a temporary folder,
 * paths in it, SQLite databases there (migrated or not), raw SQL for
 * fixtures and one-number queries, and removal of the whole folder at the
 * end.  It knows nothing about what a test checks: every function reports
 * failure by its result (and a line on stderr) and the test decides whether
 * that is a CHECK.  Header-only so each test stays one program; the
 * functions are static inline so a test that uses only some of them does
 * not warn about the rest.
 */
#ifndef GAZETTE_TESTDB_H
#define GAZETTE_TESTDB_H

#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "gazette/db.h"
#include "gazette/db_sql.h"

/* The temporary folder, set by testdb_setup; one per test program. */
static char testdb_dir[256];

/*
 * Create the temporary folder $TMPDIR/gz_<name>_XXXXXX (/tmp when TMPDIR is
 * unset) and remember it in testdb_dir; returns 0 on success, -1 if mkdtemp
 * fails.
 */
static inline int
testdb_setup(const char *name)
{
	snprintf(testdb_dir, sizeof(testdb_dir), "%s/gz_%s_XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", name);
	return mkdtemp(testdb_dir) != NULL ? 0 : -1;
}

/*
 * Write "<testdb_dir>/<name>" into buf (size bytes, truncated to fit) and
 * return buf, so a call can stand where the path is needed.  The caller's
 * buffer, never a shared static one: threads that each build a path must
 * not rewrite each other's (a concurrent-writer test once failed so).
 */
static inline const char *
testdb_path(const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s", testdb_dir, name);
	return buf;
}

/*
 * The database file called name in the folder, created if missing, opened
 * with GZ_DB_CREATE and not migrated (for tests that open or migrate on
 * their own terms), or NULL after a line on stderr.  Caller closes it with
 * gz_db_close.
 */
static inline struct gz_db *
testdb_create(const char *name)
{
	char path[512], err[256];
	struct gz_db *db;

	testdb_path(name, path, sizeof(path));
	if ((db = gz_db_open(path, GZ_DB_CREATE, err, sizeof(err))) == NULL) {
		fprintf(stderr, "open %s: %s\n", path, err);
	}
	return db;
}

/*
 * testdb_create, then migrated to the latest schema; NULL (after a line on
 * stderr, the connection closed) if either step fails.  Caller closes it
 * with gz_db_close.
 */
static inline struct gz_db *
testdb_open(const char *name)
{
	char err[256];
	struct gz_db *db;

	if ((db = testdb_create(name)) == NULL) {
		return NULL;
	}
	if (gz_db_migrate(db, err, sizeof(err)) != GZ_OK) {
		fprintf(stderr, "migrate %s: %s\n", name, err);
		gz_db_close(db);
		return NULL;
	}
	return db;
}

/* Run fixture SQL (any number of statements); returns 1 on success. */
static inline int
testdb_exec(struct gz_db *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(gz_db_handle(db), sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		fprintf(stderr, "exec: %s\n", msg ? msg : "?");
		sqlite3_free(msg);
	}
	return rc == SQLITE_OK;
}

/*
 * The first column of the first row of sql as an integer; -1 when the
 * connection is closed, sql does not compile, or it gives no row.  Prepared
 * and finalized here rather than taken from gz_db_stmt's cache: the cache
 * is keyed by the text's address, so SQL built in a reused buffer would
 * find another text's statement, and a probe should leave the
 * connection's remembered fault alone.
 */
static inline int64_t
testdb_int(struct gz_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1;

	if (gz_db_handle(db) == NULL) {
		return -1;
	}
	if (sqlite3_prepare_v2(gz_db_handle(db), sql, -1, &st, NULL) == SQLITE_OK && st != NULL &&
	    sqlite3_step(st) == SQLITE_ROW) {
		v = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return v;
}

/* nftw callback for testdb_teardown: remove one file or emptied folder. */
static inline int
testdb_remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	return remove(path);
}

/*
 * Remove the folder and everything below it, subfolders included (a test
 * may lay out templates or media there); symbolic links are removed, not
 * followed.  Returns 0 when all is gone, -1 otherwise.
 */
static inline int
testdb_teardown(void)
{
	return nftw(testdb_dir, testdb_remove_one, 16, FTW_DEPTH | FTW_PHYS) == 0 ? 0 : -1;
}

#endif
