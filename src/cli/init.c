/*
 * `gazette init`: create and migrate the database, optionally with demo
 * content, optionally in a language other than English (--lang sets the
 * site language, and with --demo picks that language's demo newsroom).
 * It does not know the schema or the demo content; db.c and demo.c do.
 */
#include <stdio.h>

#include <sodium.h>

#include "gazette/body_html.h"
#include "gazette/cli.h"
#include "gazette/db.h"
#include "gazette/demo.h"
#include "gazette/lang.h"
#include "gazette/settings.h"
#include "gazette/user.h"

static const char usage[] =
    "usage: gazette init [--db FILE] [--demo] [--lang TAG]\n"
    "  --lang TAG  the site's language, a BCP 47 tag: en (the default) or zh-CN;\n"
    "              with --demo, the demo newsroom written in that language\n";

/* The supported tags, "en, zh-CN", for messages. */
static void
print_langs(FILE *f)
{
	const struct gz_lang *l;
	size_t n, i;

	l = gz_lang_list(&n);
	for (i = 0; i < n; i++) {
		fprintf(f, "%s%s", i > 0 ? ", " : "", l[i].tag);
	}
}

int
gz_cli_init(int argc, char **argv)
{
	const char *path = NULL, *demo = NULL, *help = NULL, *lang_arg = NULL, *lang = NULL;
	const struct gz_cli_opt opts[] = {
	    {"db", 1, &path},
	    {"demo", 0, &demo},
	    {"lang", 1, &lang_arg},
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
	/* Refused before anything is created, so a typo leaves no database. */
	if (lang_arg != NULL && (lang = gz_lang_canon(lang_arg)) == NULL) {
		fprintf(stderr, "gazette init: unknown language '%s' (supported: ", lang_arg);
		print_langs(stderr);
		fprintf(stderr, ")\n%s", usage);
		return GZ_EXIT_USAGE;
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
		rc = gz_demo_load_lang(db, lang != NULL ? lang : GZ_LANG_DEFAULT, pw, sizeof(pw),
		                       err, sizeof(err));
		if (rc == GZ_ECONFLICT) {
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
	/* The demo scripts set their own language; this covers a site without
	 * one, and says it again for one with it. */
	if (lang != NULL && (rc = gz_setting_set(db, "site_language", lang)) != GZ_OK) {
		fprintf(stderr, "gazette: database %s: cannot set the site language: %s\n", path,
		        gz_strerror(rc));
		goto fail;
	}
	/* Bodies migrated from before stored HTML (or made by an older
	 * renderer) get theirs now; pages render any left over. */
	if (gz_body_html_fill(db, 0, NULL) != GZ_OK) {
		fprintf(stderr, "gazette: database %s: article HTML not stored\n", path);
	}
	printf("database %s ready (schema version %d)\n", path, gz_db_schema_version(db));
	if (lang != NULL) {
		printf("site language: %s\n", lang);
	}
	if (demo != NULL) {
		printf("demo content loaded\nadmin password: %s (shown once)\n", pw);
		sodium_memzero(pw, sizeof(pw));
	}
	status = 0;
fail:
	gz_db_close(db);
	return status;
}
