/*
 * A consistent copy of a live database (`gazette backup`) with SQLite's
 * online backup API, safe while the site serves and writes: the copy is
 * one snapshot (the moment it starts), read in batches of pages while
 * writers go on (the database is in WAL mode, where a reader never blocks
 * a writer), written to a temporary file next to the target, checked,
 * flushed to disk and only then renamed over the target, so the target is
 * either the old file or a whole new copy, never half of one.
 *
 * It copies the database file only: media files live in their own folder
 * (gz_cli_media_dir) and are copied with cp or rsync.
 */
#ifndef GAZETTE_BACKUP_H
#define GAZETTE_BACKUP_H

#include <stddef.h>
#include <stdint.h>

#include "gazette/err.h"

#define GZ_BACKUP_STEP_PAGES 256    /* pages copied per backup step */
#define GZ_BACKUP_WAIT_MS 20        /* pause when the source is busy or locked */
#define GZ_BACKUP_WAIT_MAX_MS 30000 /* give up after this much waiting in all */

/* What a backup did. */
struct gz_backup_stats {
	int64_t pages;   /* pages in the copy */
	int64_t bytes;   /* size of the copy in bytes */
	int64_t steps;   /* backup steps taken */
	int64_t waits;   /* times the source was busy or locked and the copy waited */
	int64_t elapsed; /* milliseconds from start to the rename */
};

/*
 * Copy the database at src (an existing Gazette database, opened
 * read-only) to the file dst:
 *  - refuses (GZ_EINVAL) when dst is the database itself (same device and
 *    inode, symbolic links followed) or a folder;
 *  - writes dst.tmp-XXXXXX in dst's folder (GZ_EIO when it cannot be
 *    created there), GZ_BACKUP_STEP_PAGES pages per step inside one read
 *    transaction on src, so the copy is the snapshot of its start; a busy
 *    or locked step is retried after GZ_BACKUP_WAIT_MS, up to
 *    GZ_BACKUP_WAIT_MAX_MS in all (then GZ_EBUSY);
 *  - runs PRAGMA quick_check on the copy (GZ_ECORRUPT when not "ok"),
 *    fsyncs it, renames it over dst and fsyncs the folder.
 * On any failure the temporary file is removed and dst is left as it was;
 * err gets one line naming the problem.  *stats (may be NULL) is filled
 * on success.
 */
enum gz_err gz_backup_copy(const char *src, const char *dst, struct gz_backup_stats *stats,
                           char *err, size_t errsz);

#endif
