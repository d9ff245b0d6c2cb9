/*
 * `gazette check`: is the database file whole, and if not, what to do.  It
 * looks at the file's header itself (a truncated file or one that is not a
 * database at all), then asks SQLite: integrity_check (or quick_check),
 * foreign_key_check, the FTS5 integrity-check of the search index against
 * the articles, the schema version, and the media files (each media row's
 * file in the media folder, with its size).  One line per finding, each
 * with what to do.
 *
 * It only reads: the remedies are the operator's, through the sqlite3
 * shell or `gazette sql`.  It knows the search index's name and no other
 * part of the schema.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gazette/check.h"
#include "gazette/cli.h"
#include "gazette/db.h"

static const char usage[] = "usage: gazette check [--db FILE] [--quick] [--media DIR]\n";

/* What to do about a finding. */
enum remedy {
	REMEDY_NONE,          /* a follow-up line of a finding already advised on */
	REMEDY_RESTORE,       /* the file is damaged: restore or salvage */
	REMEDY_FKEYS,         /* rows point at rows that are gone */
	REMEDY_REBUILD_INDEX, /* the search index does not match the articles */
	REMEDY_WRONG_FILE,    /* no Gazette schema in it */
	REMEDY_MEDIA,         /* media files missing or cut short */
};

/* What to do about a finding on path (for REMEDY_MEDIA, the media folder). */
static void
advise(enum remedy remedy, const char *path)
{
	switch (remedy) {
	case REMEDY_RESTORE:
		printf(
		    "  to do: stop gazette and keep a copy of %s (and its -wal); then restore the\n"
		    "         last backup (copy it next to the database, mv it over the file) or\n"
		    "         salvage what is readable: sqlite3 %s .recover | sqlite3 NEW.db,\n"
		    "         gazette check --db NEW.db, mv NEW.db over the file; start gazette\n",
		    path, path);
		break;
	case REMEDY_FKEYS:
		printf(
		    "  to do: if the integrity check is clean, remove or repair those rows with\n"
		    "         gazette sql --db %s (PRAGMA foreign_key_check lists them)\n",
		    path);
		break;
	case REMEDY_REBUILD_INDEX:
		printf(
		    "  to do: rebuild the search index from the articles (they are intact):\n"
		    "         echo \"INSERT INTO article_fts(article_fts) VALUES('rebuild');\" | "
		    "gazette sql --db %s\n",
		    path);
		break;
	case REMEDY_WRONG_FILE:
		printf("  to do: is it the right file?  gazette init --db FILE makes a new one\n");
		break;
	case REMEDY_MEDIA:
		printf(
		    "  to do: restore the media folder from your backup of it (files are named by\n"
		    "         their content, so any copy taken after the upload fits), e.g.\n"
		    "         rsync -a BACKUP/media/ %s/\n"
		    "         then run gazette check again\n",
		    path);
		break;
	case REMEDY_NONE:
		break;
	}
}

/* One finding: "damaged: <what>", then what to do. */
static void finding(int *n, const char *path, enum remedy remedy, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
finding(int *n, const char *path, enum remedy remedy, const char *fmt, ...)
{
	va_list ap;

	fputs("damaged: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	advise(remedy, path);
	(*n)++;
}

/*
 * The header of the file at path, read directly: this process holds no
 * lock on it yet.  Adds a finding when the file is not a database or is
 * shorter than its header says.  Returns 0 when the header looks whole.
 */
static int
check_header(const char *path, int *n)
{
	unsigned char hd[100];
	unsigned long pgsz, npages;
	struct stat sb;
	size_t got;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL || fstat(fileno(f), &sb) != 0) {
		finding(n, path, REMEDY_RESTORE, "cannot read %s: %s", path, strerror(errno));
		if (f != NULL) {
			fclose(f);
		}
		return -1;
	}
	got = fread(hd, 1, sizeof(hd), f);
	fclose(f);
	if (got < sizeof(hd)) {
		finding(n, path, REMEDY_RESTORE, "%s is %lld bytes, shorter than a database header",
		        path, (long long)sb.st_size);
		return -1;
	}
	if (memcmp(hd, "SQLite format 3", 16) != 0) {
		finding(n, path, REMEDY_RESTORE,
		        "%s does not start with the SQLite header: not a database, or its first "
		        "page was overwritten",
		        path);
		return -1;
	}
	pgsz = (unsigned long)hd[16] << 8 | hd[17];
	pgsz = pgsz == 1 ? 65536 : pgsz;
	npages = (unsigned long)hd[28] << 24 | (unsigned long)hd[29] << 16 |
	         (unsigned long)hd[30] << 8 | hd[31];
	/* The page count is valid when the change counter matches (offset 92). */
	if (memcmp(hd + 24, hd + 92, 4) == 0 && npages > 0 &&
	    (unsigned long long)sb.st_size < (unsigned long long)npages * pgsz) {
		finding(n, path, REMEDY_RESTORE,
		        "%s is %lld bytes, its header says %llu (%lu pages of %lu): truncated",
		        path, (long long)sb.st_size, (unsigned long long)npages * pgsz, npages,
		        pgsz);
		return -1;
	}
	return 0;
}

/* The reporter gz_db_check calls: one finding, with what to do after the first. */
struct report_state {
	const char *path;  /* the database, for the advice */
	const char *media; /* the media folder, for the media check's advice */
	int n;             /* findings so far */
	int pages;         /* 1 once integrity_check found damage */
};

static void
report(void *arg, enum gz_check_kind kind, int first, const char *text)
{
	static const enum remedy remedies[] = {[GZ_CHECK_PAGES] = REMEDY_RESTORE,
	                                       [GZ_CHECK_FKEYS] = REMEDY_FKEYS,
	                                       [GZ_CHECK_SEARCH] = REMEDY_REBUILD_INDEX,
	                                       [GZ_CHECK_MEDIA] = REMEDY_MEDIA};
	struct report_state *rs = arg;

	rs->pages |= kind == GZ_CHECK_PAGES;
	finding(&rs->n, kind == GZ_CHECK_MEDIA ? rs->media : rs->path,
	        first ? remedies[kind] : REMEDY_NONE, "%s", text);
}

int
gz_cli_check(int argc, char **argv)
{
	const char *path = NULL, *quick = NULL, *help = NULL, *media = NULL;
	const struct gz_cli_opt opts[] = {
	    {"db", 1, &path},
	    {"quick", 0, &quick},
	    {"help", 0, &help},
	    {"media", 1, &media},
	};
	char err[512], *media_dir = NULL;
	int64_t present = 0;
	struct gz_db *db = NULL;
	struct report_state rs;
	struct stat sb;
	size_t npos;
	int n = 0, version = -1, latest;

	if (gz_cli_parse(argc, argv, opts, sizeof(opts) / sizeof(opts[0]), NULL, 0, &npos, err,
	                 sizeof(err)) != 0) {
		fprintf(stderr, "gazette check: %s\n%s", err, usage);
		return GZ_EXIT_USAGE;
	}
	if (help != NULL) {
		fputs(usage, stdout);
		return 0;
	}
	if (path == NULL) {
		path = gz_cli_default_db();
	}
	if (stat(path, &sb) != 0) {
		finding(&n, path, REMEDY_RESTORE, "%s: %s", path, strerror(errno));
		goto done;
	}
	if (check_header(path, &n) != 0) {
		goto done;
	}
	/* Never created (no GZ_DB_CREATE), never migrated: check leaves it as found. */
	if ((db = gz_db_open(path, 0, err, sizeof(err))) == NULL) {
		finding(&n, path, REMEDY_RESTORE, "%s", err);
		goto done;
	}
	rs.path = path;
	rs.media = NULL;
	rs.n = n;
	rs.pages = 0;
	gz_db_check(db, quick != NULL, report, &rs);
	n = rs.n;
	if (rs.pages) {
		/* Whatever else fails follows from this; the remedy is the same. */
		goto done;
	}
	version = gz_db_schema_version(db);
	latest = gz_db_schema_latest();
	if (version < 1) {
		finding(&n, path, REMEDY_WRONG_FILE, "%s has no Gazette schema (version %d)", path,
		        version);
	} else if (version < latest) {
		printf("note: schema version %d, this program's is %d: the next gazette start "
		       "(or gazette init --db %s) migrates it\n",
		       version, latest, path);
	} else if (version > latest) {
		printf("note: schema version %d is newer than this program's %d: upgrade gazette\n",
		       version, latest);
	}
	if (version >= 1) {
		if (media == NULL && (media = media_dir = gz_cli_media_dir(path)) == NULL) {
			fprintf(stderr, "gazette check: out of memory\n");
			n++;
			goto done;
		}
		rs.media = media;
		rs.n = n;
		gz_db_check_media(db, media, &present, report, &rs);
		n = rs.n;
		printf("media: %lld files present (%s)\n", (long long)present, media);
	}
done:
	gz_db_close(db);
	free(media_dir);
	if (n > 0) {
		printf("%s: %d finding%s\n", path, n, n == 1 ? "" : "s");
		return 1;
	}
	printf("%s: ok (%s, foreign keys, search index, schema version %d)\n", path,
	       quick != NULL ? "quick_check" : "integrity_check", version);
	return 0;
}
