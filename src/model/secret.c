/*
 * The per-site secret in the settings table.  It does not decide what the
 * secret is used for; callers derive their own keys from it.
 */
#include <string.h>

#include <sodium.h>

#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/secret.h"

/* The stored secret into out: GZ_OK, GZ_ENOTFOUND (none or malformed), or an error. */
static enum gz_err
read_secret(struct gz_db *db, unsigned char out[GZ_SECRET_SIZE])
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_ENOTFOUND;
	size_t len = 0;
	int src;

	if ((st = gz_db_stmt(db, "SELECT value FROM settings WHERE key = 'site_secret'")) == NULL) {
		return GZ_EDB;
	}
	if ((src = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);

		if (v != NULL && strlen(v) == GZ_SECRET_SIZE * 2 &&
		    sodium_hex2bin(out, GZ_SECRET_SIZE, v, strlen(v), NULL, &len, NULL) == 0 &&
		    len == GZ_SECRET_SIZE) {
			rc = GZ_OK;
		}
	} else if (src != SQLITE_DONE) {
		rc = gz_db_error(db, src, "site secret");
	}
	gz_db_reset(st);
	return rc;
}

enum gz_err
gz_secret_get(struct gz_db *db, unsigned char out[GZ_SECRET_SIZE])
{
	unsigned char fresh[GZ_SECRET_SIZE];
	char hex[GZ_SECRET_SIZE * 2 + 1];
	sqlite3_stmt *st;
	enum gz_err rc;

	/* Every CGI request starts here: a site that has its secret must not
	 * wait for the write lock to learn it. */
	if ((rc = read_secret(db, out)) != GZ_ENOTFOUND) {
		return rc;
	}
	randombytes_buf(fresh, sizeof(fresh));
	sodium_bin2hex(hex, sizeof(hex), fresh, sizeof(fresh));
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	st = gz_db_stmt(db,
	                "INSERT OR IGNORE INTO settings (key, value) VALUES ('site_secret', ?1)");
	if (st == NULL) {
		gz_db_rollback(db);
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, hex);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		gz_db_rollback(db);
		return rc;
	}
	if ((rc = gz_db_commit(db)) != GZ_OK) {
		return rc;
	}
	sodium_memzero(fresh, sizeof(fresh));
	sodium_memzero(hex, sizeof(hex));
	/* Another process may have stored its own first: read the winner. */
	rc = read_secret(db, out);
	return rc == GZ_ENOTFOUND ? GZ_EDB : rc;
}

void
gz_secret_client_hash(const unsigned char secret[GZ_SECRET_SIZE], const char *addr,
                      unsigned char out[16])
{
	crypto_generichash(out, 16, (const unsigned char *)addr, strlen(addr), secret,
	                   GZ_SECRET_SIZE);
}
