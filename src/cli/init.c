/*
 * `gazette init`: create and migrate the database, optionally with demo
 * content.  It does not know the schema or the demo content; db.c and
 * demo.c do.
 */
#include <stdio.h>

#include <sodium.h>

#include "gazette/cli.h"
#include "gazette/db.h"
#include "gazette/demo.h"
#include "gazette/user.h"

static const char usage[] = "usage: gazette init [--db FILE] [--demo]\n";

/* Rows in articles, or -1 on error. */
static long long
count_articles(struct gz_db *db)
{
	sqlite3_stmt *st = gz_db_stmt(db, "SELECT count(*) FROM articles");
	long long n = -1;

	if (st != NULL && sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_int64(st, 0);
	}
	gz_db_reset(st);
	return n;
}

int
gz_cli_init(int argc, char **argv)
{
	const char *path = NULL, *demo = NULL, *help = NULL;
	const struct gz_cli_opt opts[] = {
	    {"db", 1, &path},
	    {"demo", 0, &demo},
	    {"help", 0, &help},
	};
	char err[512], pw[GZ_USER_RANDOM_PASSWORD_LEN + 1];
	struct gz_db *db = NULL;
	long long narticles;
	size_t npos;
	int status = 1;

	if (gz_cli_parse(argc, argv, opts, sizeof(opts) / sizeof(opts[0]), NULL, 0, &npos, err,
	                 sizeof(err)) != 0) {
		fprintf(stderr, "gazette init: %s\n%s", err, usage);
		return GZ_EXIT_USAGE;
	}
	if (help != NULL) {
		fputs(usage, stdout);
		return 0;
	}
	if (path == NULL) {
		path = gz_cli_default_db();
	}
	if ((db = gz_db_open(path, GZ_DB_CREATE, err, sizeof(err))) == NULL ||
	    gz_db_migrate(db, err, sizeof(err)) != GZ_OK) {
		fprintf(stderr, "gazette: %s\n", err);
		goto fail;
	}
	if (demo != NULL) {
		if ((narticles = count_articles(db)) != 0) {
			if (narticles < 0) {
				fprintf(stderr, "gazette: database %s: %s\n", path,
				        sqlite3_errmsg(gz_db_handle(db)));
			} else {
				fprintf(stderr,
				        "gazette: database %s already has articles; "
				        "not loading demo content\n",
				        path);
			}
			goto fail;
		}
		if (gz_demo_load(db, pw, sizeof(pw), err, sizeof(err)) != GZ_OK) {
			fprintf(stderr, "gazette: database %s: %s\n", path, err);
			goto fail;
		}
	}
	printf("database %s ready (schema version %d)\n", path, gz_db_schema_version(db));
	if (demo != NULL) {
		printf("demo content loaded\nadmin password: %s (shown once)\n", pw);
		sodium_memzero(pw, sizeof(pw));
	}
	status = 0;
fail:
	gz_db_close(db);
	return status;
}
