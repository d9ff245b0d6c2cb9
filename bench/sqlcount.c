/*
 * An LD_PRELOAD shim for one CGI run of gazette: counts the SQL statements
 * the request executes (a sqlite3_step on a statement that was just
 * prepared or reset is one execution) and the rows they return, and prints
 * them, one line per distinct statement, to stderr when the process ends.
 * bench/sqlcount.sh builds and drives it; it is a measuring tool only and
 * knows nothing of Gazette.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 512

/* One distinct statement text: its executions and rows. */
struct slot {
	sqlite3_stmt *st; /* the statement (the key) */
	char *sql;        /* its text, copied at first sight */
	int fresh;        /* 1: the next step starts an execution */
	long execs;       /* executions seen */
	long rows;        /* SQLITE_ROW results seen */
};

static struct slot slots[SLOTS];
static int nslots;

static struct slot *
find(sqlite3_stmt *st)
{
	int i;

	for (i = 0; i < nslots; i++) {
		if (slots[i].st == st) {
			return &slots[i];
		}
	}
	if (nslots == SLOTS) {
		return NULL;
	}
	slots[nslots].st = st;
	slots[nslots].sql = sqlite3_sql(st) ? strdup(sqlite3_sql(st)) : NULL;
	slots[nslots].fresh = 1;
	return &slots[nslots++];
}

int
sqlite3_step(sqlite3_stmt *st)
{
	static int (*real)(sqlite3_stmt *);
	struct slot *s = find(st);
	int rc;

	if (real == NULL) {
		*(void **)&real = dlsym(RTLD_NEXT, "sqlite3_step");
	}
	if (s != NULL && s->fresh) {
		s->execs++;
		s->fresh = 0;
	}
	rc = real(st);
	if (s != NULL && rc == SQLITE_ROW) {
		s->rows++;
	}
	return rc;
}

int
sqlite3_reset(sqlite3_stmt *st)
{
	static int (*real)(sqlite3_stmt *);
	struct slot *s = find(st);

	if (real == NULL) {
		*(void **)&real = dlsym(RTLD_NEXT, "sqlite3_reset");
	}
	if (s != NULL) {
		s->fresh = 1;
	}
	return real(st);
}

int
sqlite3_finalize(sqlite3_stmt *st)
{
	static int (*real)(sqlite3_stmt *);
	struct slot *s = find(st);

	if (real == NULL) {
		*(void **)&real = dlsym(RTLD_NEXT, "sqlite3_finalize");
	}
	/* The address may come back for another statement. */
	if (s != NULL) {
		s->st = NULL;
	}
	return real(st);
}

__attribute__((destructor)) static void
report(void)
{
	long execs = 0, rows = 0;
	int i;

	for (i = 0; i < nslots; i++) {
		const char *sql;

		if (slots[i].execs == 0) {
			continue;
		}
		execs += slots[i].execs;
		rows += slots[i].rows;
		sql = slots[i].sql;
		fprintf(stderr, "sqlcount %4ld %5ld  %.150s\n", slots[i].execs, slots[i].rows,
		        sql ? sql : "?");
	}
	fprintf(stderr, "sqlcount total: %ld executions, %ld rows\n", execs, rows);
}
