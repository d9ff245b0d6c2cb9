/*
 * The consent log (consent_records): a reader's choice logged with the
 * retention purge, and for admins the counts per policy version and the
 * records in id order for the CSV export.  It does not know cookies or how
 * the address hash is made.
 */
#include <string.h>

#include <sodium.h>

#include "gazette/arena.h"
#include "gazette/consent.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"

/* One policy version's accept and reject counts. */
static enum gz_err
fill_count(struct gz_arena *arena, sqlite3_stmt *st, void *item)
{
	struct gz_consent_count *c = item;

	c->policy_version = sqlite3_column_int64(st, 0);
	c->accept = sqlite3_column_int64(st, 1);
	c->reject = sqlite3_column_int64(st, 2);
	return GZ_OK;
}

/* One consent record; its address hash as hex. */
static enum gz_err
fill_record(struct gz_arena *arena, sqlite3_stmt *st, void *item)
{
	struct gz_consent_record *r = item;
	const unsigned char *choice = sqlite3_column_text(st, 2);
	const void *h = sqlite3_column_blob(st, 4);

	r->id = sqlite3_column_int64(st, 0);
	r->at = sqlite3_column_int64(st, 1);
	/* The schema allows only these two; static strings save copies. */
	r->choice =
	    choice != NULL && strcmp((const char *)choice, "accept") == 0 ? "accept" : "reject";
	r->policy_version = sqlite3_column_int64(st, 3);
	if (h != NULL && sqlite3_column_bytes(st, 4) == 16) {
		sodium_bin2hex(r->client_hash, sizeof(r->client_hash), h, 16);
	}
	return GZ_OK;
}

enum gz_err
gz_consent_counts(struct gz_db *db, struct gz_arena *arena, struct gz_consent_count **items,
                  size_t *nitems)
{
	sqlite3_stmt *st;

	*items = NULL;
	*nitems = 0;
	st = gz_db_stmt(
	    db, "SELECT policy_version, sum(choice = 'accept'), sum(choice = 'reject') "
	        "FROM consent_records GROUP BY policy_version ORDER BY policy_version DESC");
	if (st == NULL) {
		return GZ_EDB;
	}
	return gz_db_rows(db, arena, st, sizeof(**items), 8, 0, fill_count, items, nitems,
	                  "consent counts");
}

enum gz_err
gz_consent_records(struct gz_db *db, struct gz_arena *arena, int64_t after, int limit,
                   struct gz_consent_record **items, size_t *nitems)
{
	sqlite3_stmt *st;

	*items = NULL;
	*nitems = 0;
	if (limit < 1) {
		return GZ_OK;
	}
	st = gz_db_stmt(db,
	                "SELECT id, at, choice, policy_version, client_hash FROM consent_records "
	                "WHERE id > ?1 ORDER BY id LIMIT ?2");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, after);
	gz_db_bind_int64(st, 2, limit);
	return gz_db_rows(db, arena, st, sizeof(**items), (size_t)limit, (size_t)limit, fill_record,
	                  items, nitems, "consent records");
}

enum gz_err
gz_consent_export_parts(struct gz_db *db, struct gz_arena *arena, int64_t **afters, size_t *nafters)
{
	int64_t *v = NULL, *nv, after = 0;
	size_t n = 0, cap = 0;
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	*afters = NULL;
	*nafters = 0;
	/* Each part starts after the last id of the one before it. */
	for (;;) {
		if (n == cap) {
			nv = gz_arena_grow(arena, v, n, &cap, sizeof(*v), 8);
			if (nv == NULL) {
				return GZ_ENOMEM;
			}
			v = nv;
		}
		v[n++] = after;
		st = gz_db_stmt(db, "SELECT id FROM consent_records WHERE id > ?1 ORDER BY id "
		                    "LIMIT 1 OFFSET ?2");
		if (st == NULL) {
			return GZ_EDB;
		}
		gz_db_bind_int64(st, 1, after);
		/* The id of the last record in this part, if there is a next part. */
		gz_db_bind_int64(st, 2, GZ_CONSENT_EXPORT_MAX);
		src = sqlite3_step(st);
		if (src == SQLITE_ROW) {
			/* OFFSET MAX is the first record of the next part; the
			 * part boundary is the record just before it. */
			after = sqlite3_column_int64(st, 0) - 1;
		} else if (src != SQLITE_DONE) {
			rc = gz_db_error(db, src, "consent parts");
		}
		gz_db_reset(st);
		if (rc != GZ_OK) {
			return rc;
		}
		if (src != SQLITE_ROW) {
			break;
		}
	}
	*afters = v;
	*nafters = n;
	return GZ_OK;
}

enum gz_err
gz_consent_log(struct gz_db *db, int64_t now, const char *choice, int64_t version,
               const unsigned char client_hash[16], long retention_days)
{
	sqlite3_stmt *st;
	enum gz_err rc;

	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	st = gz_db_stmt(db, "INSERT INTO consent_records (at, choice, policy_version, "
	                    "client_hash) VALUES (?1, ?2, ?3, ?4)");
	if (st == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_int64(st, 1, now);
	gz_db_bind_text(st, 2, choice);
	gz_db_bind_int64(st, 3, version);
	sqlite3_bind_blob(st, 4, client_hash, 16, SQLITE_TRANSIENT);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		goto fail;
	}
	if ((st = gz_db_stmt(db, "DELETE FROM consent_records WHERE at < ?1")) == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_int64(st, 1, now - (int64_t)retention_days * 86400);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		goto fail;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}
