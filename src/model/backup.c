/*
 * `gazette backup`'s copy (backup.h): SQLite's online backup API from a
 * read-only connection on the live database to a temporary file, then
 * quick_check, fsync and rename.
 *
 * Why one read transaction around the steps: the backup API restarts from
 * the first page whenever another connection changes the source between
 * two steps, so on a site that keeps writing a copy in small steps might
 * never end.  Holding a read transaction pins the WAL snapshot instead:
 * every step reads the same database, writers carry on (in WAL mode a
 * reader never blocks them; only the checkpoint waits for the copy to
 * finish), and the copy is exactly what was committed when it began.
 *
 * It knows nothing of the schema or of media files, and never writes to
 * the source.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gazette/backup.h"
#include "gazette/clock.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"

/* fsync the folder that holds path, so a rename in it is on disk too. */
static int
sync_folder(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd, rc;

	if (slash == NULL) {
		dir = strdup(".");
	} else if (slash == path) {
		dir = strdup("/");
	} else {
		dir = strndup(path, (size_t)(slash - path));
	}
	if (dir == NULL) {
		return -1;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	free(dir);
	if (fd < 0) {
		return -1;
	}
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Remove the temporary copy and whatever SQLite left beside it. */
static void
remove_tmp(const char *tmp)
{
	static const char *const sidecars[] = {"-journal", "-wal", "-shm"};
	char path[4096];
	size_t i;

	unlink(tmp);
	for (i = 0; i < sizeof(sidecars) / sizeof(sidecars[0]); i++) {
		if ((size_t)snprintf(path, sizeof(path), "%s%s", tmp, sidecars[i]) < sizeof(path)) {
			unlink(path);
		}
	}
}

/* 1 when PRAGMA quick_check on h answers the single row "ok". */
static int
quick_ok(sqlite3 *h, char *err, size_t errsz)
{
	sqlite3_stmt *st = NULL;
	const unsigned char *v;
	int ok = 0;

	if (sqlite3_prepare_v2(h, "PRAGMA quick_check", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		v = sqlite3_column_text(st, 0);
		ok = v != NULL && strcmp((const char *)v, "ok") == 0;
		if (!ok) {
			gz_errf(err, errsz, "the copy fails quick_check: %s",
			        v != NULL ? (const char *)v : "(no answer)");
		}
	} else {
		gz_errf(err, errsz, "cannot check the copy: %s", sqlite3_errmsg(h));
	}
	sqlite3_finalize(st);
	return ok;
}

enum gz_err
gz_backup_copy(const char *src, const char *dst, struct gz_backup_stats *stats, char *err,
               size_t errsz)
{
	struct gz_backup_stats s = {0};
	double start = gz_clock_mono_ms();
	struct stat ss, ds;
	struct gz_db *db = NULL;
	sqlite3 *out = NULL;
	sqlite3_backup *b = NULL;
	sqlite3_stmt *st;
	char *tmp = NULL, why[512];
	enum gz_err rc = GZ_EIO;
	int fd = -1, in_tx = 0, step, made = 0;
	size_t len;

	if (stat(src, &ss) != 0) {
		gz_errf(err, errsz, "cannot read the database %s: %s", src, strerror(errno));
		rc = GZ_ENOTFOUND;
		goto fail;
	}
	if (stat(dst, &ds) == 0) {
		if (ds.st_dev == ss.st_dev && ds.st_ino == ss.st_ino) {
			gz_errf(err, errsz,
			        "%s is the live database itself: name another file for the backup",
			        dst);
			rc = GZ_EINVAL;
			goto fail;
		}
		if (S_ISDIR(ds.st_mode)) {
			gz_errf(err, errsz,
			        "%s is a folder: name the backup file, e.g. %s/gazette.db", dst,
			        dst);
			rc = GZ_EINVAL;
			goto fail;
		}
	}
	if ((db = gz_db_open(src, GZ_DB_READONLY, why, sizeof(why))) == NULL) {
		gz_errf(err, errsz, "%s", why);
		rc = GZ_EDB;
		goto fail;
	}
	len = strlen(dst);
	if ((tmp = malloc(len + sizeof(".tmp-XXXXXX"))) == NULL) {
		gz_errf(err, errsz, "out of memory");
		rc = GZ_ENOMEM;
		goto fail;
	}
	memcpy(tmp, dst, len);
	memcpy(tmp + len, ".tmp-XXXXXX", sizeof(".tmp-XXXXXX"));
	/* In dst's own folder, so the final rename cannot cross devices.
	 * mkstemp makes it 0600: the copy holds what the database holds. */
	if ((fd = mkstemp(tmp)) < 0) {
		gz_errf(err, errsz, "cannot create the copy %s.tmp-XXXXXX next to it: %s", dst,
		        strerror(errno));
		goto fail;
	}
	made = 1;
	close(fd);
	fd = -1;
	if (sqlite3_open_v2(tmp, &out, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		gz_errf(err, errsz, "cannot open %s: %s", tmp,
		        out != NULL ? sqlite3_errmsg(out) : "out of memory");
		goto fail;
	}
	/* Pin the snapshot: see the top of the file. */
	if ((rc = gz_db_exec(db, "BEGIN")) != GZ_OK) {
		gz_errf(err, errsz, "cannot start reading %s: %s", src, gz_strerror(rc));
		goto fail;
	}
	in_tx = 1;
	if ((st = gz_db_stmt(db, "SELECT count(*) FROM sqlite_schema")) == NULL ||
	    (step = sqlite3_step(st)) != SQLITE_ROW) {
		gz_db_reset(st);
		gz_errf(err, errsz, "cannot read %s: %s", src, sqlite3_errmsg(gz_db_handle(db)));
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_reset(st);
	if ((b = sqlite3_backup_init(out, "main", gz_db_handle(db), "main")) == NULL) {
		gz_errf(err, errsz, "cannot start the copy: %s", sqlite3_errmsg(out));
		rc = GZ_EDB;
		goto fail;
	}
	for (;;) {
		step = sqlite3_backup_step(b, GZ_BACKUP_STEP_PAGES);
		s.steps++;
		if (step == SQLITE_DONE) {
			break;
		}
		if (step == SQLITE_OK) {
			continue;
		}
		if (step == SQLITE_BUSY || step == SQLITE_LOCKED) {
			if (s.waits * GZ_BACKUP_WAIT_MS >= GZ_BACKUP_WAIT_MAX_MS) {
				gz_errf(err, errsz, "%s stayed busy for %d s; try again later", src,
				        GZ_BACKUP_WAIT_MAX_MS / 1000);
				rc = GZ_EBUSY;
				goto fail;
			}
			s.waits++;
			sqlite3_sleep(GZ_BACKUP_WAIT_MS);
			continue;
		}
		gz_errf(err, errsz, "copy failed: %s", sqlite3_errstr(step));
		rc = step == SQLITE_FULL ? GZ_EFULL : step == SQLITE_IOERR ? GZ_EIO : GZ_EDB;
		goto fail;
	}
	s.pages = sqlite3_backup_pagecount(b);
	step = sqlite3_backup_finish(b);
	b = NULL;
	if (step != SQLITE_OK) {
		gz_errf(err, errsz, "copy failed: %s", sqlite3_errmsg(out));
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_exec(db, "COMMIT");
	in_tx = 0;
	if (!quick_ok(out, err, errsz)) {
		rc = GZ_ECORRUPT;
		goto fail;
	}
	step = sqlite3_close(out);
	out = NULL;
	rc = GZ_EIO;
	if (step != SQLITE_OK) {
		gz_errf(err, errsz, "cannot close %s: %s", tmp, sqlite3_errstr(step));
		goto fail;
	}
	if ((fd = open(tmp, O_RDONLY)) < 0 || fsync(fd) != 0 || fstat(fd, &ds) != 0) {
		gz_errf(err, errsz, "cannot flush %s to disk: %s", tmp, strerror(errno));
		goto fail;
	}
	close(fd);
	fd = -1;
	s.bytes = (int64_t)ds.st_size;
	if (rename(tmp, dst) != 0) {
		gz_errf(err, errsz, "cannot rename %s to %s: %s", tmp, dst, strerror(errno));
		goto fail;
	}
	made = 0;
	/* The copy is in place; a folder that will not sync is worth saying,
	 * not undoing. */
	if (sync_folder(dst) != 0) {
		fprintf(stderr, "gazette: warning: cannot flush the folder of %s: %s\n", dst,
		        strerror(errno));
	}
	gz_db_close(db);
	free(tmp);
	s.elapsed = (int64_t)(gz_clock_mono_ms() - start);
	if (stats != NULL) {
		*stats = s;
	}
	return GZ_OK;

fail:
	if (fd >= 0) {
		close(fd);
	}
	if (b != NULL) {
		sqlite3_backup_finish(b);
	}
	if (out != NULL) {
		sqlite3_close(out);
	}
	if (made) {
		remove_tmp(tmp);
	}
	if (in_tx) {
		gz_db_exec(db, "ROLLBACK");
	}
	gz_db_close(db);
	free(tmp);
	return rc;
}
