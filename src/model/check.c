/*
 * The database checks behind `gazette check` (check.h).  Each check is a
 * statement whose rows are findings; the statements are prepared here and
 * not cached, since a check runs once.  It knows the search index's name and
 * nothing else of the schema; it never writes.
 */
#include <stdio.h>
#include <string.h>

#include "gazette/check.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"

/*
 * Run sql, whose rows are findings of kind; ok_row, when not NULL, is the
 * one-row answer that means clean ("ok").  Each row's columns are joined as
 * one finding; a statement that cannot run or finish is a finding too.
 * Returns the number of findings reported.
 */
static int
check_rows(sqlite3 *h, const char *sql, const char *what, const char *ok_row,
           enum gz_check_kind kind, gz_check_fn *report, void *arg)
{
	sqlite3_stmt *st = NULL;
	char line[512];
	const unsigned char *v;
	size_t len;
	int rc, i, rows = 0, found = 0;

	if ((rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL)) != SQLITE_OK) {
		snprintf(line, sizeof(line), "%s could not run: %s", what, sqlite3_errmsg(h));
		report(arg, kind, 1, line);
		return 1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = sqlite3_column_text(st, 0);
		if (ok_row != NULL && rows == 0 && v != NULL &&
		    strcmp((const char *)v, ok_row) == 0) {
			continue;
		}
		if (rows++ >= GZ_CHECK_MAX_ROWS) {
			continue;
		}
		len = (size_t)snprintf(line, sizeof(line), "%s:", what);
		for (i = 0; i < sqlite3_column_count(st) && len < sizeof(line); i++) {
			v = sqlite3_column_text(st, i);
			len += (size_t)snprintf(line + len, sizeof(line) - len, " %s",
			                        v != NULL ? (const char *)v : "NULL");
		}
		report(arg, kind, found++ == 0, line);
	}
	if (rows > GZ_CHECK_MAX_ROWS) {
		snprintf(line, sizeof(line), "%s: %d more lines like these", what,
		         rows - GZ_CHECK_MAX_ROWS);
		report(arg, kind, 0, line);
		found++;
	}
	if (rc != SQLITE_DONE) {
		snprintf(line, sizeof(line), "%s could not finish: %s", what, sqlite3_errmsg(h));
		report(arg, kind, found++ == 0, line);
	}
	sqlite3_finalize(st);
	return found;
}

/* 1 when the schema has an object called name. */
static int
has_object(sqlite3 *h, const char *name)
{
	sqlite3_stmt *st = NULL;
	int found = 0;

	if (sqlite3_prepare_v2(h, "SELECT 1 FROM sqlite_schema WHERE name = ?1", -1, &st, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		found = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	return found;
}

int
gz_db_check(struct gz_db *db, int quick, gz_check_fn *report, void *arg)
{
	sqlite3 *h = gz_db_handle(db);
	int n;

	n = check_rows(h, quick ? "PRAGMA quick_check" : "PRAGMA integrity_check",
	               quick ? "quick_check" : "integrity_check", "ok", GZ_CHECK_PAGES, report,
	               arg);
	if (n > 0) {
		/* Whatever else fails follows from this; the remedy is the same. */
		return n;
	}
	n += check_rows(h, "PRAGMA foreign_key_check", "foreign key (table rowid parent fk)", NULL,
	                GZ_CHECK_FKEYS, report, arg);
	if (has_object(h, "article_fts")) {
		/* rank 1: also compare the index with the articles it indexes. */
		n += check_rows(h,
		                "INSERT INTO article_fts(article_fts, rank) VALUES "
		                "('integrity-check', 1)",
		                "search index", NULL, GZ_CHECK_SEARCH, report, arg);
	}
	return n;
}
