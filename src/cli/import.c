/*
 * `gazette import wordpress FILE.xml [--media DIR] [--db FILE] [--dry-run]`:
 * the command around the importer (gazette/wp_import.h).  It opens the
 * database, finds the media folder next to it, draws a progress bar on a
 * terminal and prints the report: counts per kind, then every item that
 * was changed, skipped or whose media file is missing, with the reason.
 * What becomes of a post is the importer's business, not this file's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gazette/body_html.h"
#include "gazette/cli.h"
#include "gazette/clock.h"
#include "gazette/db.h"
#include "gazette/wp_import.h"

static const char usage[] =
    "usage: gazette import wordpress FILE.xml [--media DIR] [--db FILE] [--dry-run]\n"
    "  FILE.xml   a WordPress export (Tools > Export > All content), WXR 1.0 to 1.2\n"
    "  --media    the old site's wp-content/uploads folder: attachments and the\n"
    "             images in posts are copied from it into the media library\n"
    "  --db       the Gazette database (default $GAZETTE_DB or gazette.db)\n"
    "  --dry-run  do the whole import and print its report, keep nothing\n"
    "Running it again adds only what is new; an interrupted import resumes.\n";

/* The progress bar's state: drawn on stderr at most ten times a second. */
struct bar {
	double last_ms; /* when it was last drawn */
	int drawn;      /* something is on the line */
};

/*
 * Redraw the bar (at most every 100 ms): pass 1 fills its first half,
 * pass 2 the second; without the file's size, megabytes read.
 */
static void
on_progress(void *ctx, int pass, uint64_t done, uint64_t total)
{
	struct bar *b = ctx;
	double now = gz_clock_mono_ms(), part;
	char cells[31];
	int i, filled;

	if (b->drawn && now - b->last_ms < 100) {
		return;
	}
	b->last_ms = now;
	b->drawn = 1;
	part = total > 0 ? (double)done / (double)total : 0;
	part = part > 1 ? 1 : part;
	/* Pass 1 (authors, terms, media) is the first half of the bar. */
	part = (pass - 1 + part) / 2;
	filled = (int)(part * 30);
	for (i = 0; i < 30; i++) {
		cells[i] = i < filled ? '#' : '-';
	}
	cells[30] = '\0';
	if (total > 0) {
		fprintf(stderr, "\rimporting [%s] %3d%%  pass %d of 2 ", cells, (int)(part * 100),
		        pass);
	} else {
		fprintf(stderr, "\rimporting: pass %d of 2, %llu MB read ", pass,
		        (unsigned long long)(done >> 20));
	}
	fflush(stderr);
}

/* The bar's line cleared, so the report starts on a clean screen. */
static void
bar_done(struct bar *b)
{
	if (b->drawn) {
		fprintf(stderr, "\r%60s\r", "");
		fflush(stderr);
	}
}

/* One list of the report under its title: "kind id \"title\": why" (media: "path (\"title\"):
 * why"). */
static void
print_lines(const char *title, const struct gz_wp_lines *l, int media)
{
	static const char *const singular[GZ_WP_NKINDS] = {
	    "author", "category", "tag", "post", "page", "media", "comment", "item",
	};
	const struct gz_wp_line *x;
	size_t i;

	if (l->nitems == 0 && l->dropped == 0) {
		return;
	}
	printf("\n%s:\n", title);
	for (i = 0; i < l->nitems; i++) {
		x = &l->items[i];
		if (media) {
			printf("  %s%s%s%s: %s\n", x->id, x->what[0] != '\0' ? " (\"" : "", x->what,
			       x->what[0] != '\0' ? "\")" : "", x->why);
		} else {
			printf("  %s %s%s%s%s: %s\n", singular[x->kind], x->id,
			       x->what[0] != '\0' ? " \"" : "", x->what,
			       x->what[0] != '\0' ? "\"" : "", x->why);
		}
	}
	if (l->dropped > 0) {
		printf("  ... and %lld more\n", (long long)l->dropped);
	}
}

/* The report on stdout: counts per kind, the summary, then the lists. */
static void
print_report(const struct gz_wp_report *r, const char *db, int dry_run)
{
	int64_t n = 0, e = 0, s = 0;
	int k;

	printf("%s %s (WXR %s) into %s\n\n", dry_run ? "Dry run: would import" : "Imported",
	       r->site != NULL ? r->site : "?", r->wxr_version != NULL ? r->wxr_version : "?", db);
	printf("  %-12s %9s %14s %8s\n", "", "new", "already there", "skipped");
	for (k = 0; k < GZ_WP_NKINDS; k++) {
		const struct gz_wp_count *c = &r->counts[k];

		printf("  %-12s %9lld %14lld %8lld\n", gz_wp_kind_plural((enum gz_wp_kind)k),
		       (long long)c->imported, (long long)c->existing, (long long)c->skipped);
		n += c->imported;
		e += c->existing;
		s += c->skipped;
	}
	printf("\nSummary: %lld new, %lld already there, %lld skipped\n", (long long)n,
	       (long long)e, (long long)s);
	printf("Old addresses recorded (they answer 301): %lld\n", (long long)r->redirects);
	if (r->several_categories > 0) {
		printf("Posts in several categories (Gazette keeps one): %lld\n",
		       (long long)r->several_categories);
	}
	if (r->other_terms > 0) {
		printf("Terms of other taxonomies (menus, post formats) left out: %lld\n",
		       (long long)r->other_terms);
	}
	print_lines("Changed on the way in", &r->notes, 0);
	print_lines("Skipped", &r->skipped, 0);
	print_lines("Missing media", &r->missing, 1);
	if (dry_run) {
		printf("\nDry run: nothing was kept.\n");
	}
}

int
gz_cli_import(int argc, char **argv)
{
	const char *path = NULL, *media = NULL, *dry = NULL, *help = NULL, *pos[2];
	const struct gz_cli_opt opts[] = {
	    {"db", 1, &path},
	    {"media", 1, &media},
	    {"dry-run", 0, &dry},
	    {"help", 0, &help},
	};
	struct gz_wp_import_opts o;
	struct gz_wp_report r;
	struct gz_db *db = NULL;
	struct bar bar = {0, 0};
	char err[1024], *media_dir = NULL;
	enum gz_err rc;
	size_t npos;
	int status = 1;

	if (gz_cli_parse(argc, argv, opts, sizeof(opts) / sizeof(opts[0]), pos, 2, &npos, err,
	                 sizeof(err)) != 0) {
		fprintf(stderr, "gazette import: %s\n%s", err, usage);
		return GZ_EXIT_USAGE;
	}
	if (help != NULL) {
		fputs(usage, stdout);
		return 0;
	}
	if (npos != 2 || strcmp(pos[0], "wordpress") != 0) {
		fprintf(stderr, "gazette import: %s\n%s",
		        npos == 0 || strcmp(pos[0], "wordpress") != 0
		            ? "the only source is wordpress"
		            : "give the export file",
		        usage);
		return GZ_EXIT_USAGE;
	}
	if (path == NULL) {
		path = gz_cli_default_db();
	}
	if (access(path, F_OK) != 0) {
		fprintf(stderr,
		        "gazette import: database %s does not exist; create it with "
		        "'gazette init --db %s'\n",
		        path, path);
		return 1;
	}
	if ((db = gz_db_open(path, 0, err, sizeof(err))) == NULL ||
	    gz_db_migrate(db, err, sizeof(err)) != GZ_OK) {
		fprintf(stderr, "gazette import: %s\n", err);
		goto fail;
	}
	if ((media_dir = gz_cli_media_dir(path)) == NULL) {
		fprintf(stderr, "gazette import: out of memory\n");
		goto fail;
	}
	memset(&o, 0, sizeof(o));
	o.path = pos[1];
	o.media_src = media;
	o.media_dir = media_dir;
	o.dry_run = dry != NULL;
	o.now = (int64_t)gz_clock_now();
	if (isatty(STDERR_FILENO)) {
		o.progress = on_progress;
		o.ctx = &bar;
	}
	err[0] = '\0';
	rc = gz_wp_import(db, &o, &r, err, sizeof(err));
	bar_done(&bar);
	if (rc == GZ_OK) {
		print_report(&r, path, o.dry_run);
		/* The imported bodies' HTML, made once now rather than by
		 * each article's readers (they render any left over). */
		if (!o.dry_run && gz_body_html_fill(db, 0, NULL) != GZ_OK) {
			fprintf(stderr, "gazette import: warning: article HTML not stored; "
			                "pages render it until the next start\n");
		}
		status = 0;
	} else if (rc == GZ_EINVAL || rc == GZ_EIO) {
		/* The file or the media folder: nothing was written. */
		fprintf(stderr, "gazette import: %s\n",
		        err[0] != '\0' ? err : "cannot read the export");
	} else {
		fprintf(stderr,
		        "gazette import: %s\n"
		        "gazette import: %s; run the same command again to finish\n",
		        err[0] != '\0' ? err : gz_strerror(rc),
		        o.dry_run || r.batches == 0 ? "nothing was kept"
		                                    : "what was committed before stays");
	}
	gz_wp_report_free(&r);
fail:
	free(media_dir);
	gz_db_close(db);
	return status;
}
