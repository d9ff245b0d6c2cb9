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
	enum gz_err rc;
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
		/* The model refuses a database with content (GZ_ECONFLICT). */
		if ((rc = gz_demo_load(db, pw, sizeof(pw), err, sizeof(err))) == GZ_ECONFLICT) {
			fprintf(stderr,
			        "gazette: database %s already has articles or users; "
			        "not loading demo content\n",
			        path);
			goto fail;
		} else if (rc != GZ_OK) {
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
