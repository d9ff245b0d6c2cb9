/*
 * Checking a database for damage (`gazette check`): SQLite's integrity or
 * quick check, the foreign keys, the search index against the articles,
 * and the media files the media table names.  Findings are handed to the
 * caller one by one; what to do about them is the caller's to say.
 */
#ifndef GAZETTE_CHECK_H
#define GAZETTE_CHECK_H

#include <stdint.h>

struct gz_db;

#define GZ_CHECK_MAX_ROWS 20 /* findings reported per check; the rest are counted */

/* Which check found something, so the caller can name the remedy. */
enum gz_check_kind {
	GZ_CHECK_PAGES,  /* integrity_check / quick_check: the file is damaged */
	GZ_CHECK_FKEYS,  /* rows point at rows that are gone */
	GZ_CHECK_SEARCH, /* the search index does not match the articles */
	GZ_CHECK_MEDIA,  /* media files missing from the media folder, or cut short */
};

/*
 * One finding: text is one line ("integrity_check: row 5 missing from index
 * ...", "search index could not run: ..."); first is 1 for the first finding
 * of its check, 0 for the lines that follow it.
 */
typedef void gz_check_fn(void *arg, enum gz_check_kind kind, int first, const char *text);

/*
 * Run the checks on db in order, reporting each finding through report:
 * PRAGMA integrity_check (quick_check when quick is non-zero), and when it is
 * clean, PRAGMA foreign_key_check and, when the schema has article_fts, the
 * FTS5 integrity-check with rank 1 (index against content).  Returns the
 * number of findings.  It only reads.
 */
int gz_db_check(struct gz_db *db, int quick, gz_check_fn *report, void *arg);

/*
 * Whether every media row's file, media_dir/<hash>.<ext>, is a regular
 * file of the size the row records.  One finding per file missing, cut
 * short or of another size (the first GZ_CHECK_MAX_ROWS, then one line
 * counting the rest); a media folder that does not exist while rows name
 * files in it is one finding.  A row whose name could leave the folder
 * ('/' or ".." in hash or ext) is a finding, never looked up.  *present
 * gets the number of files found whole.  Returns the number of findings;
 * a database without a media table has none.  It only reads.
 */
int gz_db_check_media(struct gz_db *db, const char *media_dir, int64_t *present,
                      gz_check_fn *report, void *arg);

#endif
