/*
 * Time zones from the IANA database (RFC 8536 TZif files under
 * /usr/share/zoneinfo), read and evaluated here rather than through
 * setenv("TZ") + localtime_r: glibc keeps one process-wide zone, so two
 * threads rendering for two zones (or one thread while another changes
 * TZ) would race.  A parsed zone is immutable and may be shared by every
 * thread.  Times are Unix seconds (UTC); "local" times are the wall clock
 * of the zone written as if it were UTC (local = utc + offset), which is
 * what the calendar arithmetic in caldate.h and gmtime_r expect.  This
 * module knows nothing of settings, requests or how a time is formatted.
 */
#ifndef GAZETTE_TZ_H
#define GAZETTE_TZ_H

#include <stddef.h>
#include <stdint.h>

#include "gazette/err.h"

#define GZ_TZ_NAME_MAX 64          /* bytes in a zone name, "America/Argentina/Buenos_Aires" */
#define GZ_TZ_FILE_MAX (64 * 1024) /* bytes in a TZif file (the largest shipped is ~3.5 KiB) */
#define GZ_TZ_TRANS_MAX 4096       /* transitions kept from one file */
#define GZ_TZ_ABBR_MAX 16          /* bytes in an abbreviation, NUL included */

struct gz_tz;

/* What the zone says at one instant. */
struct gz_tz_info {
	int32_t offset;            /* seconds east of UTC: +3600 for BST, -18000 for EST */
	int isdst;                 /* 1 in summer (daylight saving) time */
	char abbr[GZ_TZ_ABBR_MAX]; /* "BST", "EST", "CST", "+0545"; may be "" */
};

/* How gz_tz_from_local resolved a wall-clock time. */
enum gz_tz_local {
	GZ_TZ_LOCAL_EXACT = 0, /* the wall time happened exactly once */
	GZ_TZ_LOCAL_FIRST,   /* it happened twice (clocks went back): the first, earlier instant */
	GZ_TZ_LOCAL_SKIPPED, /* it never happened (clocks went forward): moved on by the gap */
};

/*
 * 1 when name is a plausible zone name: 1..GZ_TZ_NAME_MAX bytes of
 * [A-Za-z0-9_+-] in '/'-separated parts, none empty and none starting with
 * '.' or '-', so it can never leave the zoneinfo folder or name an option.
 * Says nothing of whether the zone exists (gz_tz_load does).
 */
int gz_tz_name_valid(const char *name);

/*
 * Parse a TZif file (version 1, 2, 3 or 4) of n bytes at data into *out.
 * Version 2+ files are read from their 64-bit part and their footer's
 * POSIX TZ rule, which decides every time after the last transition;
 * version 1 files from their 32-bit part.  Bounds: n <= GZ_TZ_FILE_MAX,
 * at most GZ_TZ_TRANS_MAX transitions, 1..256 local time types, every
 * index and abbreviation within its table, transitions strictly
 * ascending.  GZ_EINVAL for anything else (truncation, bad magic, a bad
 * footer), GZ_ENOMEM.  The caller frees *out with gz_tz_free; name (may
 * be NULL) is copied as the zone's name.
 */
enum gz_err gz_tz_parse(const unsigned char *data, size_t n, const char *name, struct gz_tz **out);

/*
 * The built-in UTC zone (offset 0, abbreviation "UTC"), which needs no
 * file.  Static; never freed.
 */
const struct gz_tz *gz_tz_utc(void);

/*
 * Read and parse the zone called name from dir (NULL: /usr/share/zoneinfo)
 * into *out, which the caller frees with gz_tz_free.  "UTC" and "Etc/UTC"
 * work without a file.  GZ_EINVAL for a bad name or an unreadable or
 * malformed file, GZ_ENOTFOUND when no such file exists.
 */
enum gz_err gz_tz_load(const char *dir, const char *name, struct gz_tz **out);

/*
 * A shared, never-freed copy of the zone called name (from
 * /usr/share/zoneinfo), loaded on first use and kept for the life of the
 * process (at most 32 different zones; a lock guards the table, so any
 * thread may call it).  NULL when the name is bad, the zone cannot be
 * read or the table is full; callers fall back to gz_tz_utc().
 */
const struct gz_tz *gz_tz_get(const char *name);

/* Free a zone from gz_tz_parse or gz_tz_load; NULL and gz_tz_utc() are ignored. */
void gz_tz_free(struct gz_tz *tz);

/* The zone's name as loaded ("Europe/London"), "" when parsed without one. */
const char *gz_tz_name(const struct gz_tz *tz);

/*
 * The zone's offset, daylight flag and abbreviation at Unix time t into
 * *info.  Before the first transition the zone's first local time type
 * holds; after the last, the footer rule (or else the last type).
 */
void gz_tz_info_at(const struct gz_tz *tz, int64_t t, struct gz_tz_info *info);

/* Seconds east of UTC at Unix time t: gz_tz_info_at's offset. */
int32_t gz_tz_offset(const struct gz_tz *tz, int64_t t);

/*
 * The Unix time at which the zone's wall clock showed local (wall time
 * written as Unix seconds) into *t, and how it was resolved: when the
 * clocks went back and local happened twice, the earlier instant
 * (GZ_TZ_LOCAL_FIRST); when they went forward over it, the instant the
 * same distance past the change (01:30 on the morning London skips 01:00
 * to 02:00 becomes 02:30 BST, GZ_TZ_LOCAL_SKIPPED).  Changes are assumed
 * at least two days apart, as in every zone of the database.
 */
enum gz_tz_local gz_tz_from_local(const struct gz_tz *tz, int64_t local, int64_t *t);

#endif
