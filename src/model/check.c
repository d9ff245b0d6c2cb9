/*
 * The database checks behind `gazette check` (check.h).  Each check is a
 * statement whose rows are findings; the statements are prepared here and
 * not cached, since a check runs once.  It knows the search index's name
 * and the media table's file naming (<hash>.<ext>, as media.c stores
 * uploads) and nothing else of the schema; it never writes.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "gazette/check.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"

/*
 * Run sql, whose rows are findings of kind; ok_row, when not NULL, is the
 * one-row answer that means clean ("ok").  Each row's columns are joined as
 * one finding; a statement that cannot run or finish is a finding too.
 * Returns the number of findings reported.
 */
static int
check_rows(sqlite3 *h, const char *sql, const char *what, const char *ok_row,
           enum gz_check_kind kind, gz_check_fn *report, void *arg)
{
	sqlite3_stmt *st = NULL;
	char line[512];
	const unsigned char *v;
	size_t len;
	int rc, i, rows = 0, found = 0;

	if ((rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL)) != SQLITE_OK) {
		snprintf(line, sizeof(line), "%s could not run: %s", what, sqlite3_errmsg(h));
		report(arg, kind, 1, line);
		return 1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = sqlite3_column_text(st, 0);
		if (ok_row != NULL && rows == 0 && v != NULL &&
		    strcmp((const char *)v, ok_row) == 0) {
			continue;
		}
		if (rows++ >= GZ_CHECK_MAX_ROWS) {
			continue;
		}
		len = (size_t)snprintf(line, sizeof(line), "%s:", what);
		for (i = 0; i < sqlite3_column_count(st) && len < sizeof(line); i++) {
			v = sqlite3_column_text(st, i);
			len += (size_t)snprintf(line + len, sizeof(line) - len, " %s",
			                        v != NULL ? (const char *)v : "NULL");
		}
		report(arg, kind, found++ == 0, line);
	}
	if (rows > GZ_CHECK_MAX_ROWS) {
		snprintf(line, sizeof(line), "%s: %d more lines like these", what,
		         rows - GZ_CHECK_MAX_ROWS);
		report(arg, kind, 0, line);
		found++;
	}
	if (rc != SQLITE_DONE) {
		snprintf(line, sizeof(line), "%s could not finish: %s", what, sqlite3_errmsg(h));
		report(arg, kind, found++ == 0, line);
	}
	sqlite3_finalize(st);
	return found;
}

/* 1 when the schema has an object called name. */
static int
has_object(sqlite3 *h, const char *name)
{
	sqlite3_stmt *st = NULL;
	int found = 0;

	if (sqlite3_prepare_v2(h, "SELECT 1 FROM sqlite_schema WHERE name = ?1", -1, &st, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		found = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	return found;
}

int
gz_db_check(struct gz_db *db, int quick, gz_check_fn *report, void *arg)
{
	sqlite3 *h = gz_db_handle(db);
	int n;

	n = check_rows(h, quick ? "PRAGMA quick_check" : "PRAGMA integrity_check",
	               quick ? "quick_check" : "integrity_check", "ok", GZ_CHECK_PAGES, report,
	               arg);
	if (n > 0) {
		/* Whatever else fails follows from this; the remedy is the same. */
		return n;
	}
	n += check_rows(h, "PRAGMA foreign_key_check", "foreign key (table rowid parent fk)", NULL,
	                GZ_CHECK_FKEYS, report, arg);
	if (has_object(h, "article_fts")) {
		/* rank 1: also compare the index with the articles it indexes. */
		n += check_rows(h,
		                "INSERT INTO article_fts(article_fts, rank) VALUES "
		                "('integrity-check', 1)",
		                "search index", NULL, GZ_CHECK_SEARCH, report, arg);
	}
	return n;
}

/* 1 when a name part from the media table stays inside the folder. */
static int
safe_part(const char *s)
{
	return s[0] != '\0' && strchr(s, '/') == NULL && strstr(s, "..") == NULL;
}

int
gz_db_check_media(struct gz_db *db, const char *media_dir, int64_t *present, gz_check_fn *report,
                  void *arg)
{
	sqlite3 *h = gz_db_handle(db);
	sqlite3_stmt *st = NULL;
	char line[4352], path[4096];
	struct stat sb;
	int64_t rows = 0, bad = 0;
	int rc, found = 0, folder;

	*present = 0;
	if (!has_object(h, "media")) {
		return 0;
	}
	folder = stat(media_dir, &sb) == 0 && S_ISDIR(sb.st_mode);
	/* The resized copies (media_variants, <hash>-<width>w.<ext>) are
	 * files like the originals; a lost one is made again by `gazette
	 * media rebuild`, so its finding says so. */
	if (sqlite3_prepare_v2(
	        h,
	        has_object(h, "media_variants")
	            ? "SELECT id, hash, ext, bytes, 0 FROM media UNION ALL "
	              "SELECT m.id, m.hash || '-' || v.width || 'w', m.ext, v.bytes, 1 "
	              "FROM media_variants v JOIN media m ON m.id = v.media_id "
	              "ORDER BY 1, 5, 4"
	            : "SELECT id, hash, ext, bytes, 0 FROM media ORDER BY id",
	        -1, &st, NULL) != SQLITE_OK) {
		snprintf(line, sizeof(line), "media could not run: %s", sqlite3_errmsg(h));
		report(arg, GZ_CHECK_MEDIA, 1, line);
		return 1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *hash = (const char *)sqlite3_column_text(st, 1);
		const char *ext = (const char *)sqlite3_column_text(st, 2);
		long long id = sqlite3_column_int64(st, 0), want = sqlite3_column_int64(st, 3);

		rows++;
		if (!folder) {
			/* One finding for the folder, not one per file. */
			continue;
		}
		line[0] = '\0';
		if (hash == NULL || ext == NULL || !safe_part(hash) || !safe_part(ext)) {
			snprintf(line, sizeof(line),
			         "media %lld: its file name is not a plain name", id);
		} else if ((size_t)snprintf(path, sizeof(path), "%s/%s.%s", media_dir, hash, ext) >=
		           sizeof(path)) {
			snprintf(line, sizeof(line), "media %lld: its path is too long", id);
		} else if (stat(path, &sb) != 0) {
			snprintf(line, sizeof(line), "media %lld: %s: %s", id, path,
			         strerror(errno));
		} else if (!S_ISREG(sb.st_mode)) {
			snprintf(line, sizeof(line), "media %lld: %s is not a regular file", id,
			         path);
		} else if ((long long)sb.st_size != want) {
			snprintf(line, sizeof(line),
			         "media %lld: %s is %lld bytes, the database says %lld%s", id, path,
			         (long long)sb.st_size, want,
			         (long long)sb.st_size < want ? " (cut short)" : "");
		} else {
			(*present)++;
			continue;
		}
		if (sqlite3_column_int(st, 4) != 0) {
			size_t used = strlen(line);

			snprintf(line + used, sizeof(line) - used,
			         " (a resized copy: `gazette media rebuild` makes it again)");
		}
		if (bad++ < GZ_CHECK_MAX_ROWS) {
			report(arg, GZ_CHECK_MEDIA, found++ == 0, line);
		}
	}
	if (rc != SQLITE_DONE) {
		snprintf(line, sizeof(line), "media could not finish: %s", sqlite3_errmsg(h));
		report(arg, GZ_CHECK_MEDIA, found++ == 0, line);
	}
	sqlite3_finalize(st);
	if (!folder && rows > 0) {
		snprintf(line, sizeof(line),
		         "media: the folder %s is missing; %lld files should be in it", media_dir,
		         (long long)rows);
		report(arg, GZ_CHECK_MEDIA, found++ == 0, line);
	}
	if (bad > GZ_CHECK_MAX_ROWS) {
		snprintf(line, sizeof(line), "media: %lld more files like these",
		         (long long)(bad - GZ_CHECK_MAX_ROWS));
		report(arg, GZ_CHECK_MEDIA, 0, line);
		found++;
	}
	return found;
}
