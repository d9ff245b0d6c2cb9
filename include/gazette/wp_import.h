/*
 * Moving a WordPress site onto Gazette (src/wordpress/wp_import*.c): a WXR
 * export is read twice through the stream reader (wxr.h).  The first pass
 * makes the authors, categories, tags and media (attachments copied from
 * the old uploads folder through the same content checks as uploads); the
 * second makes the posts, pages and comments, which can then name their
 * author, category, featured image and body images.  Every item is looked
 * up in import_map first (keyed on the export's site and the WordPress id),
 * so running the same import again adds nothing, and an import that was
 * interrupted carries on where its last committed batch ended.  Every old
 * address of what was made is recorded in the redirects table.
 *
 * What each WordPress status becomes, and why nothing private leaks:
 *   post publish -> published; future -> scheduled (or a draft when its
 *   time has passed: WordPress's "missed schedule" was never public);
 *   draft, pending, private, any unknown status and any password-protected
 *   post -> draft; trash -> trash.  Pages: publish -> published, anything
 *   else -> draft.  Comments: "1" -> approved, "0" -> pending, "spam" ->
 *   spam, anything else -> trash; pingbacks and trackbacks are not kept.
 *
 * The importer writes through the model (import.h, media.h, redirect.h)
 * in batches of GZ_WP_IMPORT_BATCH items, one transaction each, the
 * content generation bumped once per batch that wrote something.  It knows
 * nothing of the command line: gazette import wordpress (src/cli/import.c)
 * prints its report.
 */
#ifndef GAZETTE_WP_IMPORT_H
#define GAZETTE_WP_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "gazette/err.h"

struct gz_db;

#define GZ_WP_IMPORT_BATCH 200      /* items per transaction */
#define GZ_WP_REPORT_LINES_MAX 1000 /* lines kept per list of the report; the rest counted */

/* The kinds the report counts; the same as import_map's. */
enum gz_wp_kind {
	GZ_WP_AUTHOR,
	GZ_WP_CATEGORY,
	GZ_WP_TAG,
	GZ_WP_POST,
	GZ_WP_PAGE,
	GZ_WP_MEDIA,
	GZ_WP_COMMENT,
	GZ_WP_OTHER,
	GZ_WP_NKINDS
};

/* Counts of one kind. */
struct gz_wp_count {
	int64_t imported; /* made by this run */
	int64_t existing; /* already imported by an earlier run, or an existing row reused */
	int64_t skipped;  /* not imported (see the report's lines) */
};

/* One line of a report list: an item and what happened to it. */
struct gz_wp_line {
	enum gz_wp_kind kind; /* what it is */
	char *id;   /* WordPress id (post, comment, term id) or login; file path for media */
	char *what; /* its title or name, "" when none */
	char *why;  /* the reason or the note */
};

/* A list of lines, at most GZ_WP_REPORT_LINES_MAX kept. */
struct gz_wp_lines {
	struct gz_wp_line *items; /* kept lines, in the order met */
	size_t nitems;            /* how many kept */
	int64_t dropped;          /* lines past the bound, counted only */
};

/* What an import did. */
struct gz_wp_report {
	char *site;                              /* the export's site (import_map.source) */
	char *wxr_version;                       /* "1.2" */
	struct gz_wp_count counts[GZ_WP_NKINDS]; /* per kind */
	int64_t redirects;                       /* old addresses recorded */
	int64_t several_categories;              /* posts in more than one category (one kept) */
	int64_t other_terms;        /* terms of other taxonomies (menus, formats) left out */
	int64_t batches;            /* transactions committed */
	struct gz_wp_lines skipped; /* items not imported, with the reason */
	struct gz_wp_lines notes;   /* items imported with a change ("private: kept as a draft") */
	struct gz_wp_lines missing; /* media not imported: path and why */
};

/* How to import. */
struct gz_wp_import_opts {
	const char *path;      /* the WXR file (read twice: a regular file, not a pipe) */
	const char *media_src; /* --media: the old wp-content/uploads folder, or NULL */
	const char *media_dir; /* Gazette's media folder (gz_cli_media_dir) */
	int dry_run;           /* 1: do everything, keep nothing (one transaction rolled back,
	                        * media written to a temporary folder that is removed) */
	int64_t now;           /* the clock: scheduled or not, status_changed_at */
	/* Progress after each item: pass 1 or 2, bytes read of total (0: unknown). */
	void (*progress)(void *ctx, int pass, uint64_t done, uint64_t total);
	void *ctx; /* for progress */
};

/*
 * Import the export o->path into db (migrated, outside any transaction),
 * filling *r (zeroed first; free with gz_wp_report_free, also after a
 * failure).  Returns GZ_OK; GZ_EINVAL when the file is not a readable
 * WordPress export, GZ_EIO when it cannot be read, with a reason in err;
 * a database error (GZ_EBUSY, GZ_EFULL, ...) with a reason in err, after
 * which the batches already committed stay (run again to resume) and the
 * one being written is rolled back.  Missing or refused media files, and
 * items Gazette has no place for, are not failures: they are in *r.
 */
enum gz_err gz_wp_import(struct gz_db *db, const struct gz_wp_import_opts *o,
                         struct gz_wp_report *r, char *err, size_t errsz);

/* Free what *r holds. */
void gz_wp_report_free(struct gz_wp_report *r);

/* "authors", "categories", ...: the plural a report prints for kind. */
const char *gz_wp_kind_plural(enum gz_wp_kind kind);

#endif
