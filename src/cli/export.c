/*
 * `gazette export wordpress`: the whole site as a WordPress export (WXR
 * 1.2) on standard output, for WordPress's importer or another Gazette's.
 * It chooses the database and the base URL the export's addresses are
 * made absolute on, and reports what it wrote on stderr; the rows come
 * from the model (export.h) and the document from the writer
 * (wxr_write.h).  It only reads the database.
 */
#include <stdio.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/cli.h"
#include "gazette/clock.h"
#include "gazette/db.h"
#include "gazette/export.h"
#include "gazette/settings.h"
#include "gazette/wxr_write.h"

static const char usage[] =
    "usage: gazette export wordpress [--db FILE] [--base-url URL] > site.xml\n"
    "  --base-url  the address the site is served at (default: the base URL\n"
    "              setting); links and media addresses in the export use it\n";

/*
 * The base URL: --base-url when given, else the site's base_url setting
 * when one was saved, else the built-in default with a note on stderr (an
 * importer would fetch media from it).  In the arena; NULL after a
 * message, with *status the exit status.
 */
static const char *
choose_base_url(struct gz_db *db, struct gz_arena *a, const char *given, int *status)
{
	const char *url, *dflt = gz_setting_default("base_url");
	char err[512];

	*status = 1;
	if (given != NULL) {
		if ((url = gz_wxr_base_url(a, given, err, sizeof(err))) == NULL) {
			fprintf(stderr, "gazette export: --base-url: %s\n", err);
			*status = GZ_EXIT_USAGE;
		}
		return url;
	}
	url = gz_setting_get(db, a, "base_url", NULL);
	/* An unsaved setting reads as the default's own static string. */
	if (url == NULL || url == dflt) {
		fprintf(stderr,
		        "gazette export: the site has no base URL setting; using %s (give "
		        "--base-url https://your.site so the export's links and media addresses "
		        "work elsewhere)\n",
		        dflt);
		url = dflt;
	}
	if ((url = gz_wxr_base_url(a, url, err, sizeof(err))) == NULL) {
		fprintf(stderr, "gazette export: the base URL setting: %s; give --base-url\n", err);
	}
	return url;
}

int
gz_cli_export(int argc, char **argv)
{
	const char *path = NULL, *base = NULL, *help = NULL, *pos[1];
	const struct gz_cli_opt opts[] = {
	    {"db", 1, &path},
	    {"base-url", 1, &base},
	    {"help", 0, &help},
	};
	struct gz_wxr_write_opts wo;
	struct gz_export_counts n;
	struct gz_arena a;
	struct gz_db *db = NULL;
	char err[512];
	size_t npos;
	int status = 1, version;

	gz_arena_init(&a, 4096, 64 * 1024);
	if (gz_cli_parse(argc, argv, opts, sizeof(opts) / sizeof(opts[0]), pos, 1, &npos, err,
	                 sizeof(err)) != 0) {
		fprintf(stderr, "gazette export: %s\n%s", err, usage);
		status = GZ_EXIT_USAGE;
		goto done;
	}
	if (help != NULL) {
		fputs(usage, stdout);
		status = 0;
		goto done;
	}
	if (npos != 1 || strcmp(pos[0], "wordpress") != 0) {
		fprintf(stderr, "gazette export: which format? only 'wordpress' is known\n%s",
		        usage);
		status = GZ_EXIT_USAGE;
		goto done;
	}
	if (path == NULL) {
		path = gz_cli_default_db();
	}
	/* Not created, not migrated: an export leaves the file as it found it. */
	if ((db = gz_db_open(path, 0, err, sizeof(err))) == NULL) {
		fprintf(stderr, "gazette export: %s\n", err);
		goto done;
	}
	if ((version = gz_db_schema_version(db)) < 1) {
		fprintf(stderr, "gazette export: %s holds no Gazette site (schema version %d)\n",
		        path, version);
		goto done;
	}
	if ((wo.base_url = choose_base_url(db, &a, base, &status)) == NULL) {
		goto done;
	}
	wo.now = (int64_t)gz_clock_now();
	if (gz_wxr_write(db, stdout, &wo, &n, err, sizeof(err)) != GZ_OK) {
		fprintf(stderr,
		        "gazette export: %s; the output stops part-way and is not a whole export, "
		        "do not import it\n",
		        err);
		status = 1;
		goto done;
	}
	fprintf(stderr,
	        "gazette export: wrote %zu articles, %zu comments, %zu pages, %zu media, "
	        "%zu sections, %zu tags, %zu staff from %s (addresses on %s)\n",
	        n.articles, n.comments, n.pages, n.media, n.categories, n.tags, n.users, path,
	        wo.base_url);
	status = 0;
done:
	gz_db_close(db);
	gz_arena_free(&a);
	return status;
}
