/*
 * The consent log for admins: counts of recorded choices per choice and
 * per policy version, and the records themselves for export.  Recording a
 * choice stays with the consent handler (src/app/reader/consent.c); this module
 * only reads.
 */
#ifndef GAZETTE_CONSENT_H
#define GAZETTE_CONSENT_H

#include <stddef.h>
#include <stdint.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_db;

#define GZ_CONSENT_EXPORT_MAX 20000 /* records in one CSV file */

/* Count of records for one policy version. */
struct gz_consent_count {
	int64_t policy_version; /* consent_records.policy_version */
	int64_t accept;         /* choices "accept" */
	int64_t reject;         /* choices "reject" */
};

/* One record of the log. */
struct gz_consent_record {
	int64_t id;             /* consent_records.id, ascending */
	int64_t at;             /* Unix seconds */
	const char *choice;     /* "accept" or "reject", static */
	int64_t policy_version; /* version the choice was made under */
	char client_hash[33];   /* 16-byte hash as lowercase hex */
};

/*
 * Counts per policy version, newest version first, into *items (*nitems),
 * in arena.
 */
enum gz_err gz_consent_counts(struct gz_db *db, struct gz_arena *arena,
                              struct gz_consent_count **items, size_t *nitems);

/*
 * Up to limit records with id > after, oldest first, into *items
 * (*nitems), in arena.
 */
enum gz_err gz_consent_records(struct gz_db *db, struct gz_arena *arena, int64_t after, int limit,
                               struct gz_consent_record **items, size_t *nitems);

/*
 * The ids where the export files start: after-values 0, then the id of
 * every GZ_CONSENT_EXPORT_MAX-th record, into *afters (*nafters), in arena.
 */
enum gz_err gz_consent_export_parts(struct gz_db *db, struct gz_arena *arena, int64_t **afters,
                                    size_t *nafters);

/*
 * Log one reader's choice ("accept" or "reject") made at now under policy
 * version, with the 16-byte salted hash of their address (never the
 * address), and in the same transaction delete records older than
 * retention_days.  Either both happen or neither.
 */
enum gz_err gz_consent_log(struct gz_db *db, int64_t now, const char *choice, int64_t version,
                           const unsigned char client_hash[16], long retention_days);

#endif
