/*
 * Tests for src/model/db.c on real SQLite files in a temporary folder:
 * opening and its pragmas, error messages for bad files, migrations, the
 * statement cache, transactions and savepoints, the generation number, and
 * concurrent writers on separate connections.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "test.h"
#include "testdb.h"

static void
test_setup(void)
{
	CHECK(testdb_setup("db") == 0);
}

static void
test_open_pragmas(void)
{
	struct gz_db *db = testdb_create("p.db");
	sqlite3_stmt *st;
	char path[512];
	int v = -1;

	CHECK(db != NULL);
	if (db == NULL) {
		return;
	}
	st = gz_db_stmt(db, "PRAGMA journal_mode");
	CHECK(st != NULL && sqlite3_step(st) == SQLITE_ROW);
	CHECK_STR((const char *)sqlite3_column_text(st, 0), "wal");
	gz_db_reset(st);
	CHECK_INT(testdb_int(db, "PRAGMA foreign_keys"), 1);
	CHECK_INT(testdb_int(db, "PRAGMA synchronous"), 2);
	/* Lock waits go through Gazette's busy handler, not busy_timeout:
	 * see test_db_deadline.c. */
	CHECK_INT(testdb_int(db, "PRAGMA trusted_schema"), 0);
	sqlite3_db_config(gz_db_handle(db), SQLITE_DBCONFIG_DEFENSIVE, -1, &v);
	CHECK_INT(v, 1);
	v = -1;
	sqlite3_db_config(gz_db_handle(db), SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, -1, &v);
	CHECK_INT(v, 0);
	/* Defensive mode: the schema cannot be written directly. */
	CHECK(sqlite3_exec(gz_db_handle(db),
	                   "PRAGMA writable_schema=ON; "
	                   "UPDATE sqlite_schema SET sql = '' WHERE 0",
	                   NULL, NULL, NULL) != SQLITE_OK);
	CHECK_STR(gz_db_path(db), testdb_path("p.db", path, sizeof(path)));
	gz_db_close(db);
}

static void
test_open_errors(void)
{
	char err[256], path[512];
	FILE *f;
	int i;

	CHECK(gz_db_open(testdb_path("missing.db", path, sizeof(path)), 0, err, sizeof(err)) ==
	      NULL);
	CHECK(strstr(err, "missing.db: No such file or directory") != NULL);

	CHECK(gz_db_open("/nonexistent-gz-dir/x.db", GZ_DB_CREATE, err, sizeof(err)) == NULL);
	CHECK_STR(err,
	          "cannot open database /nonexistent-gz-dir/x.db: unable to open database file");

	f = fopen(testdb_path("garbage.db", path, sizeof(path)), "wb");
	CHECK(f != NULL);
	for (i = 0; f != NULL && i < 8192; i++) {
		fputc((i * 7919) & 0xff, f);
	}
	if (f != NULL) {
		fclose(f);
	}
	CHECK(gz_db_open(path, 0, err, sizeof(err)) == NULL);
	CHECK(strstr(err, "garbage.db: file is not a database") != NULL);
	CHECK(strncmp(err, "cannot open database ", 21) == 0);
	CHECK(strchr(err, '\n') == NULL);
}

static void
test_migrate(void)
{
	struct gz_db *db = testdb_create("m.db"), *ro;
	char err[256] = "", path[512];

	CHECK(db != NULL);
	if (db == NULL) {
		return;
	}
	CHECK(gz_db_schema_latest() >= 1);
	CHECK_INT(gz_db_schema_version(db), 0);
	CHECK_INT(gz_db_migrate(db, err, sizeof(err)), GZ_OK);
	CHECK_INT(gz_db_schema_version(db), gz_db_schema_latest());
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'articles'"), 1);
	CHECK_INT(gz_db_migrate(db, err, sizeof(err)), GZ_OK);
	CHECK_INT(gz_db_schema_version(db), gz_db_schema_latest());
	CHECK_INT(gz_db_generation(db), 1);
	CHECK_INT(gz_db_tx_depth(db), 0);

	/* Read-only connections see the schema but cannot write. */
	ro = gz_db_open(testdb_path("m.db", path, sizeof(path)), GZ_DB_READONLY, err, sizeof(err));
	CHECK(ro != NULL);
	if (ro != NULL) {
		CHECK_INT(gz_db_generation(ro), 1);
		CHECK(gz_db_exec(ro, "DELETE FROM settings") != GZ_OK);
		gz_db_close(ro);
	}

	/* A database from a newer program is refused. */
	CHECK(sqlite3_exec(gz_db_handle(db), "PRAGMA user_version = 999", NULL, NULL, NULL) ==
	      SQLITE_OK);
	CHECK_INT(gz_db_migrate(db, err, sizeof(err)), GZ_EINVAL);
	CHECK(strstr(err, "newer") != NULL);
	CHECK(strstr(err, "999") != NULL);
	gz_db_close(db);
}

static void
test_stmt_cache(void)
{
	struct gz_db *db = testdb_create("s.db");
	sqlite3_stmt *a, *b, *c;
	static char sql[300][16];
	int i;

	CHECK(db != NULL);
	if (db == NULL) {
		return;
	}
	a = gz_db_stmt(db, "SELECT 1");
	b = gz_db_stmt(db, "SELECT 2");
	CHECK(a != NULL && b != NULL && a != b);
	CHECK(sqlite3_step(a) == SQLITE_ROW);
	/* Same text, same statement, handed back reset. */
	c = gz_db_stmt(db, "SELECT 1");
	CHECK(c == a);
	CHECK(sqlite3_stmt_busy(c) == 0);
	/* Bindings are cleared. */
	a = gz_db_stmt(db, "SELECT ?1");
	gz_db_bind_int64(a, 1, 42);
	a = gz_db_stmt(db, "SELECT ?1");
	CHECK(sqlite3_step(a) == SQLITE_ROW && sqlite3_column_type(a, 0) == SQLITE_NULL);
	gz_db_reset(a);
	/* Many statements force the table to grow; earlier ones survive.
	 * Each text has its own address: the cache is keyed by it. */
	for (i = 0; i < 300; i++) {
		snprintf(sql[i], sizeof(sql[i]), "SELECT %d", i);
		CHECK(gz_db_stmt(db, sql[i]) != NULL);
	}
	for (i = 0; i < 300; i++) {
		CHECK(gz_db_stmt(db, sql[i]) == gz_db_stmt(db, sql[i]));
	}
	CHECK(gz_db_stmt(db, "SELECT 2") == b);
	CHECK(gz_db_stmt(db, "SELECT nonsense FROM nowhere") == NULL);
	CHECK(gz_db_stmt(db, "SELECT 1; SELECT 2") == NULL);
	CHECK(gz_db_stmt(db, "") == NULL);
	gz_db_close(db);
}

static int
tx_insert(struct gz_db *db, void *arg)
{
	sqlite3_stmt *st = gz_db_stmt(db, "INSERT INTO settings (key, value) VALUES (?1, 'v')");

	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, arg);
	return gz_db_step_done(db, st);
}

static int
tx_fail(struct gz_db *db, void *arg)
{
	(void)tx_insert(db, arg);
	return GZ_EINVAL;
}

static int
has_key(struct gz_db *db, const char *key)
{
	sqlite3_stmt *st = gz_db_stmt(db, "SELECT count(*) FROM settings WHERE key = ?1");
	int n = -1;

	gz_db_bind_text(st, 1, key);
	if (sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_int(st, 0);
	}
	gz_db_reset(st);
	return n;
}

static void
test_transactions(void)
{
	struct gz_db *db = testdb_create("t.db");
	char err[256], path[512];

	CHECK(db != NULL);
	if (db == NULL) {
		return;
	}
	CHECK_INT(gz_db_migrate(db, err, sizeof(err)), GZ_OK);

	CHECK_INT(gz_db_begin(db), GZ_OK);
	CHECK_INT(gz_db_tx_depth(db), 1);
	CHECK_INT(tx_insert(db, "a"), GZ_OK);
	gz_db_rollback(db);
	CHECK_INT(gz_db_tx_depth(db), 0);
	CHECK_INT(has_key(db, "a"), 0);

	CHECK_INT(gz_db_begin(db), GZ_OK);
	CHECK_INT(tx_insert(db, "b"), GZ_OK);
	CHECK_INT(gz_db_commit(db), GZ_OK);
	CHECK_INT(has_key(db, "b"), 1);

	/* Nested: the inner level is a savepoint. */
	CHECK_INT(gz_db_begin(db), GZ_OK);
	CHECK_INT(tx_insert(db, "c"), GZ_OK);
	CHECK_INT(gz_db_begin(db), GZ_OK);
	CHECK_INT(gz_db_tx_depth(db), 2);
	CHECK_INT(tx_insert(db, "d"), GZ_OK);
	gz_db_rollback(db);
	CHECK_INT(gz_db_begin(db), GZ_OK);
	CHECK_INT(tx_insert(db, "e"), GZ_OK);
	CHECK_INT(gz_db_commit(db), GZ_OK);
	CHECK_INT(gz_db_commit(db), GZ_OK);
	CHECK_INT(has_key(db, "c"), 1);
	CHECK_INT(has_key(db, "d"), 0);
	CHECK_INT(has_key(db, "e"), 1);

	/* A duplicate key is a conflict, not a generic error. */
	CHECK_INT(gz_db_tx(db, tx_insert, "b"), GZ_ECONFLICT);
	CHECK_INT(gz_db_tx(db, tx_fail, "f"), GZ_EINVAL);
	CHECK_INT(has_key(db, "f"), 0);
	CHECK_INT(gz_db_tx(db, tx_insert, "g"), GZ_OK);
	CHECK_INT(has_key(db, "g"), 1);
	CHECK_INT(gz_db_tx_depth(db), 0);

	/* A second connection waits for the write lock, then gives up. */
	{
		struct gz_db *other =
		    gz_db_open(testdb_path("t.db", path, sizeof(path)), 0, err, sizeof(err));

		CHECK(other != NULL);
		CHECK_INT(gz_db_begin(db), GZ_OK);
		sqlite3_busy_timeout(gz_db_handle(other), 10);
		CHECK_INT(gz_db_begin(other), GZ_EBUSY);
		CHECK_INT(gz_db_tx_depth(other), 0);
		gz_db_rollback(db);
		CHECK_INT(gz_db_begin(other), GZ_OK);
		CHECK_INT(gz_db_commit(other), GZ_OK);
		gz_db_close(other);
	}
	gz_db_close(db);
}

static void
test_generation(void)
{
	struct gz_db *db = testdb_create("g.db");
	char err[256];
	int64_t g;

	CHECK(db != NULL);
	if (db == NULL) {
		return;
	}
	CHECK_INT(gz_db_migrate(db, err, sizeof(err)), GZ_OK);
	g = gz_db_generation(db);
	CHECK_INT(g, 1);
	CHECK_INT(gz_db_begin(db), GZ_OK);
	CHECK_INT(gz_db_bump(db), GZ_OK);
	CHECK_INT(gz_db_bump(db), GZ_OK);
	CHECK_INT(gz_db_commit(db), GZ_OK);
	CHECK_INT(gz_db_generation(db), g + 2);
	CHECK_INT(gz_db_begin(db), GZ_OK);
	CHECK_INT(gz_db_bump(db), GZ_OK);
	gz_db_rollback(db);
	CHECK_INT(gz_db_generation(db), g + 2);
	gz_db_close(db);
}

#define NTHREADS 4
#define NTX 200

struct worker_arg {
	const char *path; /* database file, made by the main thread */
	int id;           /* thread number */
	int failures;     /* transactions that did not commit */
};

static int
worker_tx(struct gz_db *db, void *arg)
{
	struct worker_arg *w = arg;
	sqlite3_stmt *st;
	enum gz_err rc;

	st = gz_db_stmt(db, "INSERT INTO settings (key, value) "
	                    "VALUES ('w' || ?1 || '.' || (SELECT count(*) FROM settings "
	                    "WHERE key LIKE 'w' || ?1 || '.%'), 'x')");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, w->id);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		return rc;
	}
	return gz_db_bump(db);
}

static void *
worker(void *p)
{
	struct worker_arg *w = p;
	struct gz_db *db;
	char err[256];
	int i;

	if ((db = gz_db_open(w->path, 0, err, sizeof(err))) == NULL) {
		w->failures = NTX;
		return NULL;
	}
	for (i = 0; i < NTX; i++) {
		/* Reads between writes, so each connection also holds snapshots. */
		if (gz_db_generation(db) < 1 || gz_db_tx(db, worker_tx, w) != GZ_OK) {
			w->failures++;
		}
	}
	gz_db_close(db);
	return NULL;
}

static void
test_concurrent_writers(void)
{
	struct gz_db *db = testdb_create("c.db");
	struct worker_arg args[NTHREADS];
	pthread_t th[NTHREADS];
	char err[256], path[512];
	int i;

	CHECK(db != NULL);
	if (db == NULL) {
		return;
	}
	CHECK_INT(gz_db_migrate(db, err, sizeof(err)), GZ_OK);
	/* One buffer for all threads, written before the first starts: a
	 * shared buffer rewritten during set-up once made an open fail. */
	testdb_path("c.db", path, sizeof(path));
	for (i = 0; i < NTHREADS; i++) {
		args[i].path = path;
		args[i].id = i;
		args[i].failures = 0;
		CHECK(pthread_create(&th[i], NULL, worker, &args[i]) == 0);
	}
	for (i = 0; i < NTHREADS; i++) {
		pthread_join(th[i], NULL);
		CHECK_INT(args[i].failures, 0);
	}
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM settings WHERE key LIKE 'w%'"),
	          NTHREADS * NTX);
	CHECK_INT(gz_db_generation(db), 1 + NTHREADS * NTX);
	gz_db_close(db);
}

static void
test_teardown(void)
{
	testdb_teardown();
	CHECK(access(testdb_dir, F_OK) != 0);
}

TEST_MAIN(T(test_setup), T(test_open_pragmas), T(test_open_errors), T(test_migrate),
          T(test_stmt_cache), T(test_transactions), T(test_generation), T(test_concurrent_writers),
          T(test_teardown))
