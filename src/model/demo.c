/*
 * Demo content loader.  The scripts are our own embedded SQL, not input, so
 * they run with sqlite3_exec; they assume the admin user has id 1 and use
 * times relative to now.  Each language has its own newsroom: the scripts
 * at the top of sql/demo/ are the English one, those in sql/demo/<tag>/
 * the one in that language (sql/demo/zh-CN/).  It does not know what the
 * scripts contain.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/demo.h"
#include "gazette/embed.h"
#include "gazette/lang.h"
#include "gazette/user.h"

/* Rows in users plus rows in articles; -1 on error. */
static int64_t
count_content(struct gz_db *db)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	st =
	    gz_db_stmt(db, "SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM articles)");
	if (st != NULL && sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_int64(st, 0);
	}
	gz_db_reset(st);
	return n;
}

/*
 * 1 when script name belongs to the demo of language lang: for
 * GZ_LANG_DEFAULT a name without '/', for another tag a name in the folder
 * of that tag ("zh-CN/001_demo.sql"); for lang NULL every name.
 */
static int
in_lang(const char *name, const char *lang)
{
	size_t n;

	if (lang == NULL) {
		return 1;
	}
	if (strcmp(lang, GZ_LANG_DEFAULT) == 0) {
		return strchr(name, '/') == NULL;
	}
	n = strlen(lang);
	return strncmp(name, lang, n) == 0 && name[n] == '/';
}

/* gz_demo_load_scripts over the scripts of lang only (NULL: all). */
static enum gz_err
load(struct gz_db *db, const struct gz_embedded *scripts, const char *lang, char *password_out,
     size_t pwsz, char *err, size_t errsz)
{
	const struct gz_embedded *e;
	enum gz_err rc;
	char *msg = NULL;
	int64_t id = 0, have;
	int src;

	assert(pwsz > GZ_USER_RANDOM_PASSWORD_LEN);
	password_out[0] = '\0';
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		gz_errf(err, errsz, "cannot load demo content: %s", gz_strerror(rc));
		return rc;
	}
	if ((have = count_content(db)) != 0) {
		rc = have < 0 ? GZ_EDB : GZ_ECONFLICT;
		gz_errf(err, errsz, "cannot load demo content: %s",
		        have < 0 ? sqlite3_errmsg(gz_db_handle(db))
		                 : "the database already has users or articles");
		goto fail;
	}
	gz_user_random_password(password_out, pwsz);
	if ((rc = gz_user_add(db, "admin", "admin", "admin", password_out, &id)) != GZ_OK) {
		gz_errf(err, errsz, "cannot load demo content: creating admin: %s",
		        gz_strerror(rc));
		goto fail;
	}
	if (id != 1) {
		rc = GZ_ECONFLICT;
		gz_errf(err, errsz, "cannot load demo content: admin got id %lld, not 1",
		        (long long)id);
		goto fail;
	}
	for (e = scripts; e->name != NULL; e++) {
		if (!in_lang(e->name, lang)) {
			continue;
		}
		src = sqlite3_exec(gz_db_handle(db), (const char *)e->data, NULL, NULL, &msg);
		if (src != SQLITE_OK) {
			rc = GZ_EDB;
			gz_errf(err, errsz, "cannot load demo content: %s: %s", e->name,
			        msg != NULL ? msg : sqlite3_errstr(src));
			sqlite3_free(msg);
			goto fail;
		}
	}
	if ((rc = gz_db_bump(db)) != GZ_OK) {
		gz_errf(err, errsz, "cannot load demo content: %s", gz_strerror(rc));
		goto fail;
	}
	if ((rc = gz_db_commit(db)) != GZ_OK) {
		gz_errf(err, errsz, "cannot load demo content: commit: %s", gz_strerror(rc));
		sodium_memzero(password_out, pwsz);
		return rc;
	}
	return GZ_OK;
fail:
	gz_db_rollback(db);
	sodium_memzero(password_out, pwsz);
	return rc;
}

enum gz_err
gz_demo_load_scripts(struct gz_db *db, const struct gz_embedded *scripts, char *password_out,
                     size_t pwsz, char *err, size_t errsz)
{
	return load(db, scripts, NULL, password_out, pwsz, err, errsz);
}

int
gz_demo_has_lang(const char *lang)
{
	const struct gz_embedded *e;

	for (e = gz_embedded_demo; lang != NULL && e->name != NULL; e++) {
		if (in_lang(e->name, lang)) {
			return 1;
		}
	}
	return 0;
}

enum gz_err
gz_demo_load_lang(struct gz_db *db, const char *lang, char *password_out, size_t pwsz, char *err,
                  size_t errsz)
{
	const char *tag = gz_lang_canon(lang);

	assert(pwsz > GZ_USER_RANDOM_PASSWORD_LEN);
	password_out[0] = '\0';
	if (tag == NULL || !gz_demo_has_lang(tag)) {
		gz_errf(err, errsz, "no demo content in language '%s'", lang != NULL ? lang : "");
		return GZ_EINVAL;
	}
	return load(db, gz_embedded_demo, tag, password_out, pwsz, err, errsz);
}

enum gz_err
gz_demo_load(struct gz_db *db, char *password_out, size_t pwsz, char *err, size_t errsz)
{
	return gz_demo_load_lang(db, GZ_LANG_DEFAULT, password_out, pwsz, err, errsz);
}
