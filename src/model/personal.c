/*
 * Readers' personal data over the comments and consent_records tables:
 * finding what one e-mail address wrote and the consent records made from
 * the same network addresses (the salted hash both tables keep), and
 * erasing both in one transaction.  See gazette/personal.h for what links
 * a consent record to an address.  It does not know who asks, how the
 * answer is shown, or the audit log.
 */
#include <string.h>

#include <sodium.h>

#include "gazette/arena.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/personal.h"
#include "gazette/str.h"

/* The comments of address ?1: one condition, spelled once. */
#define BY_EMAIL "author_email = ?1 COLLATE NOCASE"

/* The consent records made from an address a comment of ?1 came from. */
#define CONSENT_OF_EMAIL                                                                           \
	"client_hash IN (SELECT client_hash FROM comments WHERE " BY_EMAIL                         \
	" AND client_hash IS NOT NULL)"

const char *
gz_personal_email(struct gz_arena *arena, const char *typed)
{
	struct gz_span t;
	const char *at;
	size_t i;

	if (typed == NULL) {
		return NULL;
	}
	t = gz_str_trim(typed, strlen(typed));
	if (t.n == 0 || t.n > GZ_PERSONAL_EMAIL_MAX) {
		return NULL;
	}
	for (i = 0; i < t.n; i++) {
		unsigned char c = (unsigned char)t.p[i];

		if (c <= 0x20 || c == 0x7f) {
			return NULL;
		}
	}
	/* One '@', not first, not last. */
	at = memchr(t.p, '@', t.n);
	if (at == NULL || at == t.p || at == t.p + t.n - 1 ||
	    memchr(at + 1, '@', t.n - (size_t)(at - t.p) - 1) != NULL) {
		return NULL;
	}
	return gz_arena_strndup(arena, t.p, t.n);
}

/* A 16-byte address hash column as hex into out ("" when NULL). */
static void
hash_hex(sqlite3_stmt *st, int col, char out[33])
{
	const void *h = sqlite3_column_blob(st, col);

	out[0] = '\0';
	if (h != NULL && sqlite3_column_bytes(st, col) == 16) {
		sodium_bin2hex(out, 33, h, 16);
	}
}

static enum gz_err
fill_comment(struct gz_arena *arena, sqlite3_stmt *st, void *item)
{
	struct gz_personal_comment *c = item;

	c->id = sqlite3_column_int64(st, 0);
	c->article_id = sqlite3_column_int64(st, 1);
	c->article_title = gz_db_col_text(arena, st, 2);
	c->article_slug = gz_db_col_text(arena, st, 3);
	c->parent_id = sqlite3_column_int64(st, 4);
	c->name = gz_db_col_text(arena, st, 5);
	c->email = gz_db_col_text(arena, st, 6);
	c->url = gz_db_col_text(arena, st, 7);
	c->body = gz_db_col_text(arena, st, 8);
	c->status = gz_db_col_text(arena, st, 9);
	c->created_at = sqlite3_column_int64(st, 10);
	hash_hex(st, 11, c->client_hash);
	return c->article_title && c->article_slug && c->name && c->email && c->url && c->body &&
	               c->status
	           ? GZ_OK
	           : GZ_ENOMEM;
}

static enum gz_err
fill_consent(struct gz_arena *arena, sqlite3_stmt *st, void *item)
{
	struct gz_personal_consent *r = item;
	const unsigned char *choice = sqlite3_column_text(st, 2);

	(void)arena;
	r->id = sqlite3_column_int64(st, 0);
	r->at = sqlite3_column_int64(st, 1);
	/* The schema allows only these two; static strings save copies. */
	r->choice =
	    choice != NULL && strcmp((const char *)choice, "accept") == 0 ? "accept" : "reject";
	r->policy_version = sqlite3_column_int64(st, 3);
	hash_hex(st, 4, r->client_hash);
	return GZ_OK;
}

/* The single integer the statement sql gives for address email. */
static enum gz_err
count(struct gz_db *db, const char *sql, const char *email, int64_t *out)
{
	sqlite3_stmt *st = gz_db_stmt(db, sql);
	enum gz_err rc = GZ_OK;
	int src;

	*out = 0;
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, email);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
	} else {
		rc = gz_db_error(db, src, "personal count");
	}
	gz_db_reset(st);
	return rc;
}

enum gz_err
gz_personal_find(struct gz_db *db, struct gz_arena *arena, const char *email,
                 struct gz_personal_data *out)
{
	sqlite3_stmt *st;
	enum gz_err rc;

	memset(out, 0, sizeof(*out));
	if ((rc = count(db, "SELECT count(*) FROM comments WHERE " BY_EMAIL, email,
	                &out->comments_total)) != GZ_OK ||
	    (rc = count(db, "SELECT count(*) FROM consent_records WHERE " CONSENT_OF_EMAIL, email,
	                &out->consents_total)) != GZ_OK) {
		return rc;
	}
	st = gz_db_stmt(db, "SELECT c.id, c.article_id, a.title, a.slug, coalesce(c.parent_id, 0), "
	                    "c.author_name, c.author_email, c.author_url, c.body, c.status, "
	                    "c.created_at, c.client_hash FROM comments c JOIN articles a ON a.id = "
	                    "c.article_id WHERE c." BY_EMAIL " ORDER BY c.id LIMIT ?2");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, email);
	gz_db_bind_int64(st, 2, GZ_PERSONAL_LIST_MAX);
	if ((rc = gz_db_rows(db, arena, st, sizeof(*out->comments), 16, GZ_PERSONAL_LIST_MAX,
	                     fill_comment, &out->comments, &out->ncomments, "personal comments")) !=
	    GZ_OK) {
		return rc;
	}
	st = gz_db_stmt(db, "SELECT id, at, choice, policy_version, client_hash FROM "
	                    "consent_records WHERE " CONSENT_OF_EMAIL " ORDER BY id LIMIT ?2");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, email);
	gz_db_bind_int64(st, 2, GZ_PERSONAL_LIST_MAX);
	return gz_db_rows(db, arena, st, sizeof(*out->consents), 16, GZ_PERSONAL_LIST_MAX,
	                  fill_consent, &out->consents, &out->nconsents, "personal consent");
}

/* Run st (bound to email at ?1, and anon at ?2 when given) and count its changes. */
static enum gz_err
run(struct gz_db *db, const char *sql, const char *email, const char *anon, int64_t *changed)
{
	sqlite3_stmt *st = gz_db_stmt(db, sql);
	enum gz_err rc;

	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, email);
	if (anon != NULL) {
		gz_db_bind_text(st, 2, anon);
	}
	if ((rc = gz_db_step_done(db, st)) == GZ_OK && changed != NULL) {
		*changed = sqlite3_changes64(gz_db_handle(db));
	}
	return rc;
}

enum gz_err
gz_personal_erase(struct gz_db *db, const char *email, enum gz_personal_mode mode,
                  const char *anon_name, int with_consent, int64_t *ncomments, int64_t *nconsents)
{
	enum gz_err rc;

	*ncomments = 0;
	*nconsents = 0;
	if (email == NULL || email[0] == '\0' || anon_name == NULL || anon_name[0] == '\0') {
		return GZ_EINVAL;
	}
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	/* Consent first: the comments' address hashes are the link, and
	 * anonymising or deleting the comments removes them. */
	if (with_consent && (rc = run(db, "DELETE FROM consent_records WHERE " CONSENT_OF_EMAIL,
	                              email, NULL, nconsents)) != GZ_OK) {
		goto fail;
	}
	if (mode == GZ_PERSONAL_ANONYMISE) {
		rc =
		    run(db,
		        "UPDATE comments SET author_name = ?2, author_email = '', author_url = '', "
		        "reasons = '', client_hash = NULL WHERE " BY_EMAIL,
		        email, anon_name, ncomments);
	} else {
		/* Replies would go with their parent (ON DELETE CASCADE):
		 * those by others are someone else's words and stay, as
		 * top-level comments; detaching the reader's own too makes
		 * the DELETE below remove, and count, each one itself. */
		rc = run(db,
		         "UPDATE comments SET parent_id = NULL WHERE parent_id IN (SELECT id FROM "
		         "comments WHERE " BY_EMAIL ")",
		         email, NULL, NULL);
		if (rc == GZ_OK) {
			rc =
			    run(db, "DELETE FROM comments WHERE " BY_EMAIL, email, NULL, ncomments);
		}
	}
	if (rc != GZ_OK) {
		goto fail;
	}
	if (*ncomments > 0 && (rc = gz_db_bump(db)) != GZ_OK) {
		goto fail;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	*ncomments = 0;
	*nconsents = 0;
	return rc;
}
