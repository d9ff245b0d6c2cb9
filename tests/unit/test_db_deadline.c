/*
 * Tests for the request deadline of src/model/db.c (gz_db_deadline_set) on
 * real SQLite files: a write lock held by another connection makes
 * gz_db_begin give up with GZ_ETIMEOUT once the deadline has passed, the
 * retries of gz_db_tx stop at it instead of multiplying the wait, a lock
 * released during the wait is taken, and a failed transaction stores
 * nothing.  No check depends on how long anything took: each one follows
 * from the order of events (the deadline was in the past, or the lock was
 * released), never from a measured time.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gazette/clock.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "test.h"
#include "testdb.h"

static struct gz_db *holder; /* holds the write lock in the tests below */
static struct gz_db *waiter; /* a request's connection, meeting the lock */

/* Rows in settings with key, or -1. */
static int64_t
count_key(struct gz_db *db, const char *key)
{
	sqlite3_stmt *st = gz_db_stmt(db, "SELECT count(*) FROM settings WHERE key = ?1");
	int64_t v = -1;

	if (st != NULL) {
		gz_db_bind_text(st, 1, key);
		if (sqlite3_step(st) == SQLITE_ROW) {
			v = sqlite3_column_int64(st, 0);
		}
	}
	gz_db_reset(st);
	return v;
}

/* gz_db_tx body: insert the key named by arg; counts its calls. */
static int calls;

static int
tx_insert(struct gz_db *db, void *arg)
{
	sqlite3_stmt *st = gz_db_stmt(db, "INSERT INTO settings (key, value) VALUES (?1, 'x')");

	calls++;
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, arg);
	return gz_db_step_done(db, st);
}

/* gz_db_tx body that always meets a busy database (a retryable failure). */
static int
tx_busy(struct gz_db *db, void *arg)
{
	(void)db;
	(void)arg;
	calls++;
	return GZ_EBUSY;
}

static void
test_setup(void)
{
	char path[512], err[256];

	CHECK(testdb_setup("db_deadline") == 0);
	holder = testdb_open("d.db");
	CHECK(holder != NULL);
	waiter = gz_db_open(testdb_path("d.db", path, sizeof(path)), 0, err, sizeof(err));
	CHECK(waiter != NULL);
}

static void
test_no_deadline(void)
{
	if (holder == NULL || waiter == NULL) {
		return;
	}
	/* A fresh connection has none; 0 removes one. */
	CHECK_INT(gz_db_deadline_passed(waiter), 0);
	gz_db_deadline_set(waiter, 1);
	CHECK_INT(gz_db_deadline_passed(waiter), 1);
	gz_db_deadline_set(waiter, 0);
	CHECK_INT(gz_db_deadline_passed(waiter), 0);
	/* Without a lock in the way the deadline changes nothing. */
	gz_db_deadline_set(waiter, gz_clock_mono_ms() + 60000);
	calls = 0;
	CHECK_INT(gz_db_tx(waiter, tx_insert, "free"), GZ_OK);
	CHECK_INT(calls, 1);
	CHECK_INT(count_key(holder, "free"), 1);
	gz_db_deadline_set(waiter, 0);
}

static void
test_past_deadline(void)
{
	if (holder == NULL || waiter == NULL) {
		return;
	}
	CHECK_INT(gz_db_begin(holder), GZ_OK);
	/* A deadline that has passed: no waiting, no retry, the fault is
	 * remembered as a timeout (503, Retry-After) and nothing is stored. */
	gz_db_fault_clear(waiter);
	gz_db_deadline_set(waiter, gz_clock_mono_ms() - 1);
	CHECK_INT(gz_db_begin(waiter), GZ_ETIMEOUT);
	CHECK_INT(gz_db_tx_depth(waiter), 0);
	CHECK_INT(gz_db_fault(waiter), GZ_ETIMEOUT);
	calls = 0;
	CHECK_INT(gz_db_tx(waiter, tx_insert, "late"), GZ_ETIMEOUT);
	CHECK_INT(calls, 0);
	gz_db_rollback(holder);
	CHECK_INT(count_key(holder, "late"), 0);
	gz_db_deadline_set(waiter, 0);
}

static void
test_deadline_ends_wait(void)
{
	if (holder == NULL || waiter == NULL) {
		return;
	}
	/* A deadline a moment ahead: the busy handler waits it out, then
	 * gz_db_begin stops retrying because it has passed. */
	CHECK_INT(gz_db_begin(holder), GZ_OK);
	gz_db_fault_clear(waiter);
	gz_db_deadline_set(waiter, gz_clock_mono_ms() + 150);
	CHECK_INT(gz_db_begin(waiter), GZ_ETIMEOUT);
	CHECK_INT(gz_db_deadline_passed(waiter), 1);
	CHECK_INT(gz_db_fault(waiter), GZ_ETIMEOUT);
	gz_db_rollback(holder);
	gz_db_deadline_set(waiter, 0);
}

static void
test_tx_retries_stop(void)
{
	if (waiter == NULL) {
		return;
	}
	/* Without a deadline a busy body is retried GZ_DB_TX_TRIES times... */
	calls = 0;
	CHECK_INT(gz_db_tx(waiter, tx_busy, NULL), GZ_EBUSY);
	CHECK_INT(calls, GZ_DB_TX_TRIES);
	/* ...and once the deadline has passed, not at all. */
	calls = 0;
	gz_db_deadline_set(waiter, gz_clock_mono_ms() + 60000);
	CHECK_INT(gz_db_tx(waiter, tx_busy, NULL), GZ_EBUSY);
	CHECK_INT(calls, GZ_DB_TX_TRIES);
	gz_db_deadline_set(waiter, gz_clock_mono_ms() - 1);
	calls = 0;
	CHECK_INT(gz_db_tx(waiter, tx_busy, NULL), GZ_EBUSY);
	CHECK_INT(calls, 1);
	CHECK_INT(gz_db_tx_depth(waiter), 0);
	gz_db_deadline_set(waiter, 0);
}

/* Thread: end the holder's transaction once the waiter is waiting. */
static void *
release(void *arg)
{
	volatile int *go = arg;
	int i;

	/* The waiter cannot signal from inside SQLite's busy handler; a lock
	 * released before it starts waiting is the same outcome (taken). */
	for (i = 0; i < 1000 && !*go; i++) {
		usleep(1000);
	}
	usleep(20000);
	gz_db_rollback(holder);
	return NULL;
}

static void
test_released_lock_taken(void)
{
	static volatile int go;
	pthread_t th;

	if (holder == NULL || waiter == NULL) {
		return;
	}
	CHECK_INT(gz_db_begin(holder), GZ_OK);
	CHECK(pthread_create(&th, NULL, release, (void *)&go) == 0);
	gz_db_fault_clear(waiter);
	gz_db_deadline_set(waiter, gz_clock_mono_ms() + 60000);
	go = 1;
	calls = 0;
	CHECK_INT(gz_db_tx(waiter, tx_insert, "after"), GZ_OK);
	pthread_join(th, NULL);
	CHECK_INT(calls, 1);
	CHECK_INT(gz_db_fault(waiter), GZ_OK);
	CHECK_INT(count_key(holder, "after"), 1);
	gz_db_deadline_set(waiter, 0);
}

static void
test_busy_error_kind(void)
{
	if (waiter == NULL) {
		return;
	}
	/* The same SQLITE_BUSY is "busy" before the deadline, "timeout" after. */
	gz_db_fault_clear(waiter);
	gz_db_deadline_set(waiter, gz_clock_mono_ms() + 60000);
	CHECK_INT(gz_db_error(waiter, SQLITE_BUSY, "test"), GZ_EBUSY);
	CHECK_INT(gz_db_fault(waiter), GZ_EBUSY);
	gz_db_fault_clear(waiter);
	gz_db_deadline_set(waiter, gz_clock_mono_ms() - 1);
	CHECK_INT(gz_db_error(waiter, SQLITE_BUSY, "test"), GZ_ETIMEOUT);
	CHECK_INT(gz_db_fault(waiter), GZ_ETIMEOUT);
	gz_db_fault_clear(waiter);
	gz_db_deadline_set(waiter, 0);
}

static void
test_teardown(void)
{
	/* Both connections still write once nobody holds the lock. */
	CHECK(holder == NULL || testdb_exec(holder, "DELETE FROM settings WHERE key = 'after'"));
	CHECK(waiter == NULL || gz_db_tx(waiter, tx_insert, "last") == GZ_OK);
	gz_db_close(waiter);
	gz_db_close(holder);
	testdb_teardown();
}

TEST_MAIN(T(test_setup), T(test_no_deadline), T(test_past_deadline), T(test_deadline_ends_wait),
          T(test_tx_retries_stop), T(test_released_lock_taken), T(test_busy_error_kind),
          T(test_teardown))
