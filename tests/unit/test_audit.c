/*
 * Tests for src/model/audit.c against a real migrated SQLite file, with
 * the injectable clock (GAZETTE_TEST_CLOCK): what an entry stores (the
 * actor's login copied, bounded target and detail, invalid UTF-8 as "?"),
 * the refusals (no action, an over-long one), the list's filters and id
 * cursor, that an entry written inside a rolled-back transaction is gone
 * with it, and retention: the purge on each write removes exactly the
 * entries older than audit_retention_days, clamped to 1..36500.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/audit.h"
#include "gazette/clock.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/settings.h"
#include "test.h"
#include "testdb.h"

#define T0 1700000000
#define DAY 86400

static struct gz_arena arena;
static struct gz_db *db;
static char clock_path[512];

/* Set the test clock to t; 0 when this build ignores it. */
static int
set_clock(long long t)
{
	FILE *f = fopen(clock_path, "w");

	if (f == NULL) {
		return 0;
	}
	fprintf(f, "%lld\n", t);
	fclose(f);
	return (long long)gz_clock_now() == t;
}

static void
test_setup(void)
{
	CHECK(testdb_setup("audit") == 0);
	gz_arena_init(&arena, 4096, 0);
	testdb_path("clock", clock_path, sizeof(clock_path));
	setenv("GAZETTE_TEST_CLOCK", clock_path, 1);
	db = testdb_open("audit.db");
	CHECK(db != NULL);
	if (db != NULL) {
		CHECK(testdb_exec(db, "INSERT INTO users (id, login, display_name, email, role, "
		                      "password_hash, created_at) VALUES "
		                      "(7, 'ana', 'Ana', '', 'admin', 'x', 1), "
		                      "(8, 'bo', 'Bo', '', 'editor', 'x', 1)") == 1);
	}
}

/* The newest entry (all filters off). */
static const struct gz_audit_entry *
newest(void)
{
	struct gz_audit_entry *e;
	size_t n;

	if (gz_audit_list(db, &arena, NULL, 1, &e, &n) != GZ_OK || n != 1) {
		return NULL;
	}
	return e;
}

static void
test_write(void)
{
	const struct gz_audit_entry *e;
	char big[GZ_AUDIT_DETAIL_MAX + 100];

	if (db == NULL) {
		return;
	}
	set_clock(T0);
	CHECK_INT(gz_audit_log(db, 7, GZ_AUDIT_LOGIN_OK, "ana", NULL), GZ_OK);
	e = newest();
	CHECK(e != NULL);
	if (e != NULL) {
		CHECK_INT(e->actor_id, 7);
		CHECK_STR(e->actor_login, "ana");
		CHECK_STR(e->action, "login.ok");
		CHECK_STR(e->target, "ana");
		CHECK_STR(e->detail, "");
		if (set_clock(T0)) {
			CHECK_INT(e->at, T0);
		}
	}
	/* A failed login has no actor; the login typed is the target. */
	CHECK_INT(gz_audit_log(db, 0, GZ_AUDIT_LOGIN_FAILED, "nobody", "wrong password"), GZ_OK);
	e = newest();
	CHECK(e != NULL && e->actor_id == 0 && strcmp(e->actor_login, "") == 0);
	/* An id that is no user's: kept, with no login. */
	CHECK_INT(gz_audit_log_id(db, 99, GZ_AUDIT_ARTICLE_DELETE, "article", 12, "Title"), GZ_OK);
	e = newest();
	CHECK(e != NULL && strcmp(e->target, "article 12") == 0 && e->actor_id == 99 &&
	      strcmp(e->actor_login, "") == 0);

	/* Refusals: nothing is written. */
	CHECK_INT(gz_audit_log(db, 7, NULL, "x", "y"), GZ_EINVAL);
	CHECK_INT(gz_audit_log(db, 7, "", "x", "y"), GZ_EINVAL);
	CHECK_INT(
	    gz_audit_log(db, 7, "a.very.long.action.name.that.goes.past.forty.bytes", "x", "y"),
	    GZ_EINVAL);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM audit_log"), 3);

	/* Bounds: cut at a character boundary, never inside one. */
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	/* "é" (2 bytes) straddling the limit of the target. */
	big[GZ_AUDIT_TARGET_MAX - 1] = (char)0xc3;
	big[GZ_AUDIT_TARGET_MAX] = (char)0xa9;
	CHECK_INT(gz_audit_log(db, 7, GZ_AUDIT_SETTINGS, big, big), GZ_OK);
	e = newest();
	CHECK(e != NULL && strlen(e->target) == GZ_AUDIT_TARGET_MAX - 1 &&
	      strlen(e->detail) == GZ_AUDIT_DETAIL_MAX);
	/* Not UTF-8: stored as "?". */
	CHECK_INT(gz_audit_log(db, 7, GZ_AUDIT_SETTINGS, "bad \xff byte", "ok"), GZ_OK);
	e = newest();
	CHECK(e != NULL && strcmp(e->target, "?") == 0 && strcmp(e->detail, "ok") == 0);
	CHECK(gz_audit_action_known("login.ok"));
	CHECK(gz_audit_action_known("personal.erase"));
	CHECK(!gz_audit_action_known("login"));
	CHECK(!gz_audit_action_known(NULL));
}

/* The entry is part of the caller's transaction: rolled back with it. */
static void
test_transaction(void)
{
	int64_t before;

	if (db == NULL) {
		return;
	}
	before = testdb_int(db, "SELECT count(*) FROM audit_log");
	CHECK_INT(gz_db_begin(db), GZ_OK);
	CHECK_INT(gz_audit_log(db, 7, GZ_AUDIT_TAG_DELETE, "tag 3", "x"), GZ_OK);
	CHECK_INT(gz_db_tx_depth(db), 1);
	gz_db_rollback(db);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM audit_log"), before);
	CHECK_INT(gz_db_begin(db), GZ_OK);
	CHECK_INT(gz_audit_log(db, 7, GZ_AUDIT_TAG_DELETE, "tag 3", "x"), GZ_OK);
	CHECK_INT(gz_db_commit(db), GZ_OK);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM audit_log"), before + 1);
}

static void
test_list(void)
{
	struct gz_audit_filter f;
	struct gz_audit_entry *e;
	size_t n, i, seen = 0;
	int64_t last = 0;

	if (db == NULL) {
		return;
	}
	CHECK(testdb_exec(db, "DELETE FROM audit_log") == 1);
	set_clock(T0);
	for (i = 0; i < 25; i++) {
		set_clock(T0 + (long long)i * DAY);
		CHECK_INT(gz_audit_log(db, i % 2 ? 7 : 8,
		                       i % 5 == 0 ? GZ_AUDIT_ARTICLE_PUBLISH : GZ_AUDIT_LOGIN_OK,
		                       "t", NULL),
		          GZ_OK);
	}
	/* Pages of 10 by cursor: 10, 10, 5, strictly newest first, no repeats. */
	memset(&f, 0, sizeof(f));
	for (i = 0; i < 4; i++) {
		CHECK_INT(gz_audit_list(db, &arena, &f, 10, &e, &n), GZ_OK);
		CHECK_INT(n, i < 2 ? 10 : i == 2 ? 5 : 0);
		for (size_t k = 0; k < n; k++) {
			CHECK(last == 0 || e[k].id < last);
			last = e[k].id;
		}
		seen += n;
		if (n > 0) {
			f.before = e[n - 1].id;
		}
	}
	CHECK_INT(seen, 25);
	/* Filters: actor, action, both, a date range. */
	memset(&f, 0, sizeof(f));
	f.actor = "ana";
	CHECK_INT(gz_audit_list(db, &arena, &f, 100, &e, &n), GZ_OK);
	CHECK_INT(n, 12);
	f.action = GZ_AUDIT_ARTICLE_PUBLISH;
	CHECK_INT(gz_audit_list(db, &arena, &f, 100, &e, &n), GZ_OK);
	CHECK_INT(n, 2); /* i = 5, 15 */
	f.actor = "";
	CHECK_INT(gz_audit_list(db, &arena, &f, 100, &e, &n), GZ_OK);
	CHECK_INT(n, 5); /* i = 0, 5, 10, 15, 20 */
	if (set_clock(T0)) {
		memset(&f, 0, sizeof(f));
		f.from = T0 + 3 * DAY;
		f.until = T0 + 6 * DAY;
		CHECK_INT(gz_audit_list(db, &arena, &f, 100, &e, &n), GZ_OK);
		CHECK_INT(n, 3);
		CHECK(n == 3 && e[0].at == T0 + 5 * DAY && e[2].at == T0 + 3 * DAY);
	}
	/* The limit is clamped; 0 lists nothing. */
	CHECK_INT(gz_audit_list(db, &arena, NULL, 0, &e, &n), GZ_OK);
	CHECK_INT(n, 0);
	CHECK_INT(gz_audit_list(db, &arena, NULL, 100000, &e, &n), GZ_OK);
	CHECK_INT(n, 25);
}

static void
test_retention(void)
{
	int64_t removed;

	if (db == NULL) {
		return;
	}
	CHECK(testdb_exec(db, "DELETE FROM audit_log") == 1);
	CHECK_INT(gz_audit_retention(db), GZ_AUDIT_RETENTION_DEFAULT);
	CHECK_INT(gz_setting_set(db, "audit_retention_days", "0"), GZ_OK);
	CHECK_INT(gz_audit_retention(db), GZ_AUDIT_RETENTION_MIN);
	CHECK_INT(gz_setting_set(db, "audit_retention_days", "999999"), GZ_OK);
	CHECK_INT(gz_audit_retention(db), GZ_AUDIT_RETENTION_MAX);
	CHECK_INT(gz_setting_set(db, "audit_retention_days", "30"), GZ_OK);
	CHECK_INT(gz_audit_retention(db), 30);

	/* Entries at T0 - 40, -31, -30 (exactly the limit: kept), -1 days. */
	CHECK(testdb_exec(db, "INSERT INTO audit_log (at, action) VALUES "
	                      "(1700000000 - 40 * 86400, 'logout'), "
	                      "(1700000000 - 31 * 86400, 'logout'), "
	                      "(1700000000 - 30 * 86400, 'logout'), "
	                      "(1700000000 - 1 * 86400, 'logout')") == 1);
	CHECK_INT(gz_audit_purge(db, T0, 30, &removed), GZ_OK);
	CHECK_INT(removed, 2);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM audit_log"), 2);
	/* A write purges by itself, with the setting. */
	if (set_clock(T0 + 29 * DAY + 1)) {
		CHECK_INT(gz_audit_log(db, 7, GZ_AUDIT_LOGOUT, "ana", NULL), GZ_OK);
		/* The -30 day entry is now 59 days old, the -1 day one 30 days and 1 s. */
		CHECK_INT(testdb_int(db, "SELECT count(*) FROM audit_log"), 1);
		/* Days clamp: 0 reads as 1, the entry just written stays. */
		CHECK_INT(gz_audit_purge(db, T0 + 29 * DAY + 1, 0, &removed), GZ_OK);
		CHECK_INT(removed, 0);
	} else {
		printf("skip: this build ignores GAZETTE_TEST_CLOCK\n");
	}
	CHECK_INT(gz_setting_set(db, "audit_retention_days", "365"), GZ_OK);
}

static void
test_teardown(void)
{
	gz_db_close(db);
	gz_arena_free(&arena);
	unsetenv("GAZETTE_TEST_CLOCK");
	CHECK(testdb_teardown() == 0);
}

TEST_MAIN({"setup", test_setup}, {"write", test_write}, {"transaction", test_transaction},
          {"list", test_list}, {"retention", test_retention}, {"teardown", test_teardown})
