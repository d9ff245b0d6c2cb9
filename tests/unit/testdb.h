/*
 * Shared fixture for tests that need a real, migrated SQLite file: a
 * temporary folder, a database in it, raw SQL for fixtures, and removal of
 * the folder at the end.  Header-only so each test stays one program.
 */
#ifndef GAZETTE_TESTDB_H
#define GAZETTE_TESTDB_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gazette/db.h"
#include "gazette/db_sql.h"

static char testdb_dir[256];

/* Create the temporary folder; returns 0 on success. */
static int
testdb_setup(const char *name)
{
	snprintf(testdb_dir, sizeof(testdb_dir), "%s/gz_%s_XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", name);
	return mkdtemp(testdb_dir) != NULL ? 0 : -1;
}

/* A migrated database file called name in the folder, or NULL. */
static struct gz_db *
testdb_open(const char *name)
{
	char path[512], err[256];
	struct gz_db *db;

	snprintf(path, sizeof(path), "%s/%s", testdb_dir, name);
	if ((db = gz_db_open(path, GZ_DB_CREATE, err, sizeof(err))) == NULL) {
		fprintf(stderr, "open %s: %s\n", path, err);
		return NULL;
	}
	if (gz_db_migrate(db, err, sizeof(err)) != GZ_OK) {
		fprintf(stderr, "migrate %s: %s\n", path, err);
		gz_db_close(db);
		return NULL;
	}
	return db;
}

/* Run fixture SQL; returns 1 on success. */
static int
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

/* Remove the folder and everything in it; returns 0 on success. */
static int
testdb_teardown(void)
{
	struct dirent *d;
	char path[512];
	DIR *dir;

	if ((dir = opendir(testdb_dir)) != NULL) {
		while ((d = readdir(dir)) != NULL) {
			if (strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0) {
				snprintf(path, sizeof(path), "%s/%s", testdb_dir, d->d_name);
				unlink(path);
			}
		}
		closedir(dir);
	}
	return rmdir(testdb_dir);
}

#endif
