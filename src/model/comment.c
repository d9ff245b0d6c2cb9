/*
 * Comments over the comments table (see gazette/comment.h): the approved
 * thread, storing a submission exactly once, moderation moves that teach
 * the classifier, queues, counts and the purge.
 *
 * Exactly-once storage rests on two things: every check and the insert run
 * in one BEGIN IMMEDIATE transaction, so two submissions never interleave
 * between "is this a duplicate?" and "store it"; and the nonce column is
 * UNIQUE, so even a path that skipped the check could not store a form twice.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/cache_keys.h"
#include "gazette/comment.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/spam.h"

static const char *const status_names[GZ_COMMENT_NSTATUS] = {"pending", "approved", "spam",
                                                             "trash"};

const char *
gz_comment_status_name(enum gz_comment_status s)
{
	return (unsigned)s < GZ_COMMENT_NSTATUS ? status_names[s] : "pending";
}

int
gz_comment_status_parse(const char *name)
{
	int i;

	for (i = 0; name != NULL && i < GZ_COMMENT_NSTATUS; i++) {
		if (strcmp(name, status_names[i]) == 0) {
			return i;
		}
	}
	return -1;
}

/* The columns read_row expects, joined with the article for its slug and title. */
#define COMMENT_COLUMNS                                                                            \
	"SELECT c.id, c.article_id, coalesce(c.parent_id, 0), coalesce(c.user_id, 0), "            \
	"c.author_name, c.author_email, c.author_url, c.body, c.status, c.spam_score, "            \
	"c.reasons, c.trained, c.created_at, c.status_changed_at, a.slug, a.title "                \
	"FROM comments c JOIN articles a ON a.id = c.article_id "

/* Fill the struct gz_comment at item from a COMMENT_COLUMNS row. */
static enum gz_err
read_row(struct gz_arena *arena, sqlite3_stmt *st, void *item)
{
	struct gz_comment *out = item;

	int s;

	memset(out, 0, sizeof(*out));
	out->id = sqlite3_column_int64(st, 0);
	out->article_id = sqlite3_column_int64(st, 1);
	out->parent_id = sqlite3_column_int64(st, 2);
	out->user_id = sqlite3_column_int64(st, 3);
	out->author_name = gz_db_col_text(arena, st, 4);
	out->author_email = gz_db_col_text(arena, st, 5);
	out->author_url = gz_db_col_text(arena, st, 6);
	out->body = gz_db_col_text(arena, st, 7);
	s = gz_comment_status_parse((const char *)sqlite3_column_text(st, 8));
	out->status = s < 0 ? GZ_COMMENT_PENDING : (enum gz_comment_status)s;
	out->spam_score = sqlite3_column_double(st, 9);
	out->reasons = gz_db_col_text(arena, st, 10);
	out->trained = gz_db_col_text(arena, st, 11);
	out->created_at = sqlite3_column_int64(st, 12);
	out->status_changed_at = sqlite3_column_int64(st, 13);
	out->article_slug = gz_db_col_text(arena, st, 14);
	out->article_title = gz_db_col_text(arena, st, 15);
	if (out->author_name == NULL || out->author_email == NULL || out->author_url == NULL ||
	    out->body == NULL || out->reasons == NULL || out->trained == NULL ||
	    out->article_slug == NULL || out->article_title == NULL) {
		return GZ_ENOMEM;
	}
	return GZ_OK;
}

/* Step st (bound by the caller) into an array of at most max comments. */
static enum gz_err
read_rows(struct gz_db *db, struct gz_arena *arena, sqlite3_stmt *st, size_t max,
          struct gz_comment **out, size_t *n)
{
	return gz_db_rows(db, arena, st, sizeof(**out), 16, max, read_row, out, n, "comments");
}

enum gz_err
gz_comment_approved(struct gz_db *db, struct gz_arena *arena, int64_t article_id,
                    struct gz_comment **out, size_t *n)
{
	sqlite3_stmt *st = gz_db_stmt(db, COMMENT_COLUMNS "WHERE c.article_id = ?1 AND "
	                                                  "c.status = 'approved' "
	                                                  "ORDER BY c.created_at, c.id LIMIT ?2");

	*out = NULL;
	*n = 0;
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, article_id);
	gz_db_bind_int64(st, 2, GZ_COMMENT_MAX_THREAD);
	return read_rows(db, arena, st, GZ_COMMENT_MAX_THREAD, out, n);
}

enum gz_err
gz_comment_get(struct gz_db *db, struct gz_arena *arena, int64_t id, struct gz_comment *out)
{
	sqlite3_stmt *st = gz_db_stmt(db, COMMENT_COLUMNS "WHERE c.id = ?1");
	struct gz_comment *rows;
	size_t n;
	enum gz_err rc;

	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	if ((rc = read_rows(db, arena, st, 1, &rows, &n)) != GZ_OK) {
		return rc;
	}
	if (n == 0) {
		return GZ_ENOTFOUND;
	}
	*out = rows[0];
	return GZ_OK;
}

/*
 * Run a one-row, one-integer query bound with up to three values (a text
 * when the matching s is not NULL, else the integer); *v gets the value or
 * def when there is no row.
 */
static enum gz_err
query_int(struct gz_db *db, const char *sql, const char *s1, int64_t i1, const char *s2, int64_t i2,
          const char *s3, int64_t i3, int64_t def, int64_t *v)
{
	sqlite3_stmt *st = gz_db_stmt(db, sql);
	int rc;

	*v = def;
	if (st == NULL) {
		return GZ_EDB;
	}
	s1 ? gz_db_bind_text(st, 1, s1) : gz_db_bind_int64(st, 1, i1);
	if (sqlite3_bind_parameter_count(st) >= 2) {
		s2 ? gz_db_bind_text(st, 2, s2) : gz_db_bind_int64(st, 2, i2);
	}
	if (sqlite3_bind_parameter_count(st) >= 3) {
		s3 ? gz_db_bind_text(st, 3, s3) : gz_db_bind_int64(st, 3, i3);
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*v = sqlite3_column_int64(st, 0);
	} else if (rc != SQLITE_DONE) {
		gz_db_reset(st);
		return gz_db_error(db, rc, "comments");
	}
	gz_db_reset(st);
	return GZ_OK;
}

enum gz_err
gz_comment_count_client(struct gz_db *db, const unsigned char *client_hash, int64_t since,
                        int64_t *count)
{
	sqlite3_stmt *st = gz_db_stmt(db, "SELECT count(*) FROM comments WHERE client_hash = ?1 "
	                                  "AND created_at >= ?2");
	int rc;

	*count = 0;
	if (st == NULL) {
		return GZ_EDB;
	}
	sqlite3_bind_blob(st, 1, client_hash, 16, SQLITE_TRANSIENT);
	gz_db_bind_int64(st, 2, since);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*count = sqlite3_column_int64(st, 0);
	}
	gz_db_reset(st);
	return rc == SQLITE_ROW ? GZ_OK : gz_db_error(db, rc, "comment rate");
}

enum gz_err
gz_comment_count_article(struct gz_db *db, int64_t article_id, int64_t since, int64_t *count)
{
	/* Every status: the index (article_id, status, created_at) is walked
	 * once per status, four short ranges. */
	return query_int(db,
	                 "SELECT count(*) FROM comments WHERE article_id = ?1 AND status IN "
	                 "('pending', 'approved', 'spam', 'trash') AND created_at >= ?2",
	                 NULL, article_id, NULL, since, NULL, 0, 0, count);
}

/* State shared with submit_tx across gz_db_tx retries. */
struct submit {
	struct gz_arena *arena;        /* for the verdict reasons */
	struct gz_comment_new *c;      /* the comment */
	struct gz_comment_result *out; /* what happened */
};

static const enum gz_comment_status verdict_status[] = {
    [GZ_SPAM_APPROVE] = GZ_COMMENT_APPROVED,
    [GZ_SPAM_HOLD] = GZ_COMMENT_PENDING,
    [GZ_SPAM_SPAM] = GZ_COMMENT_SPAM,
};

static int
submit_tx(struct gz_db *db, void *arg)
{
	struct submit *s = arg;
	struct gz_comment_new *c = s->c;
	struct gz_comment_result *out = s->out;
	struct gz_spam_facts staff = {0}, *facts = c->facts ? c->facts : &staff;
	struct gz_spam_verdict v;
	sqlite3_stmt *st;
	int64_t v64;
	enum gz_err rc;

	memset(out, 0, sizeof(*out));
	/* 1. The same form again (a retry after a lost answer). */
	if (c->nonce != NULL) {
		if ((rc = query_int(db, "SELECT id FROM comments WHERE nonce = ?1", c->nonce, 0,
		                    NULL, 0, NULL, 0, 0, &v64)) != GZ_OK) {
			return rc;
		}
		if (v64 != 0) {
			out->outcome = GZ_COMMENT_RETRY;
			out->id = v64;
			if ((rc = query_int(db,
			                    "SELECT CASE status WHEN 'approved' THEN 1 WHEN "
			                    "'spam' THEN 2 WHEN 'trash' THEN 3 ELSE 0 END "
			                    "FROM comments WHERE id = ?1",
			                    NULL, v64, NULL, 0, NULL, 0, 0, &v64)) != GZ_OK) {
				return rc;
			}
			out->status = (enum gz_comment_status)v64;
			return GZ_OK;
		}
	}
	/* 2. A reply must answer a visible comment of the same article. */
	if (c->parent_id != 0) {
		if ((rc = query_int(
		         db,
		         "SELECT count(*) FROM comments WHERE id = ?1 AND article_id = ?2 "
		         "AND status = 'approved'",
		         NULL, c->parent_id, NULL, c->article_id, NULL, 0, 0, &v64)) != GZ_OK) {
			return rc;
		}
		if (v64 == 0) {
			out->outcome = GZ_COMMENT_BAD_PARENT;
			return GZ_OK;
		}
	}
	/* 3. The same words from the same author again, from a fresh form. */
	st = gz_db_stmt(db, "SELECT id FROM comments WHERE article_id = ?1 AND author_email = ?2 "
	                    "AND body = ?3 AND created_at >= ?4 LIMIT 1");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, c->article_id);
	gz_db_bind_text(st, 2, c->author_email);
	gz_db_bind_text(st, 3, c->body);
	gz_db_bind_int64(st, 4, c->now - GZ_COMMENT_DUP_SECONDS);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->outcome = GZ_COMMENT_DUPLICATE;
		out->id = sqlite3_column_int64(st, 0);
		gz_db_reset(st);
		return GZ_OK;
	}
	gz_db_reset(st);
	if (rc != SQLITE_DONE) {
		return gz_db_error(db, rc, "comment duplicate");
	}
	/* 4. Too many from one client lately: refused, the reader is told. */
	if (c->client_limit > 0 && c->client_hash != NULL) {
		if ((rc = gz_comment_count_client(
		         db, c->client_hash, c->now - GZ_COMMENT_RATE_WINDOW, &v64)) != GZ_OK) {
			return rc;
		}
		if (v64 >= c->client_limit) {
			out->outcome = GZ_COMMENT_RATE;
			return GZ_OK;
		}
	}
	/* 5. The facts only this snapshot knows, then the verdict. */
	if (c->facts != NULL) {
		if ((rc = query_int(db,
		                    "SELECT count(*) FROM (SELECT 1 FROM comments WHERE "
		                    "author_email = ?1 AND status = 'approved' LIMIT 1)",
		                    c->author_email, 0, NULL, 0, NULL, 0, 0, &v64)) != GZ_OK) {
			return rc;
		}
		facts->known_author = v64 > 0;
		facts->article_busy = 0;
		if (c->article_limit > 0) {
			if ((rc = gz_comment_count_article(db, c->article_id,
			                                   c->now - GZ_COMMENT_RATE_WINDOW,
			                                   &v64)) != GZ_OK) {
				return rc;
			}
			facts->article_busy = v64 >= c->article_limit;
		}
	} else {
		staff.staff = 1;
	}
	if ((rc = gz_spam_decide(s->arena, facts, &v)) != GZ_OK) {
		return rc;
	}
	st =
	    gz_db_stmt(db, "INSERT INTO comments (article_id, parent_id, user_id, author_name, "
	                   "author_email, author_url, body, status, spam_score, reasons, "
	                   "client_hash, nonce, created_at, status_changed_at) VALUES (?1, ?2, ?3, "
	                   "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, c->article_id);
	if (c->parent_id != 0) {
		gz_db_bind_int64(st, 2, c->parent_id);
	}
	if (c->user_id != 0) {
		gz_db_bind_int64(st, 3, c->user_id);
	}
	gz_db_bind_text(st, 4, c->author_name);
	gz_db_bind_text(st, 5, c->author_email);
	gz_db_bind_text(st, 6, c->author_url ? c->author_url : "");
	gz_db_bind_text(st, 7, c->body);
	gz_db_bind_text(st, 8, gz_comment_status_name(verdict_status[v.status]));
	sqlite3_bind_double(st, 9, v.score);
	gz_db_bind_text(st, 10, v.reasons);
	if (c->client_hash != NULL) {
		sqlite3_bind_blob(st, 11, c->client_hash, 16, SQLITE_TRANSIENT);
	}
	gz_db_bind_text(st, 12, c->nonce);
	gz_db_bind_int64(st, 13, c->now);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		return rc;
	}
	out->outcome = GZ_COMMENT_STORED;
	out->id = sqlite3_last_insert_rowid(gz_db_handle(db));
	out->status = verdict_status[v.status];
	out->reasons = v.reasons;
	/* Only an approved comment shows: its article and the counts. */
	if (out->status == GZ_COMMENT_APPROVED) {
		return gz_cache_comment_written(db, c->article_id);
	}
	return GZ_OK;
}

enum gz_err
gz_comment_submit(struct gz_db *db, struct gz_arena *arena, struct gz_comment_new *c,
                  struct gz_comment_result *out)
{
	struct submit s = {arena, c, out};

	return gz_db_tx(db, submit_tx, &s);
}

enum gz_err
gz_comment_set_status(struct gz_db *db, struct gz_arena *arena, int64_t id,
                      enum gz_comment_status to, time_t now)
{
	struct gz_comment c;
	struct gz_spam_input in;
	sqlite3_stmt *st;
	const char *lesson = NULL;
	enum gz_err rc;

	if ((unsigned)to >= GZ_COMMENT_NSTATUS) {
		return GZ_EINVAL;
	}
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	if ((rc = gz_comment_get(db, arena, id, &c)) != GZ_OK) {
		goto fail;
	}
	if (c.status == to) {
		gz_db_rollback(db);
		return GZ_OK;
	}
	/* Every moderator decision about spam is a lesson; trash is not one. */
	if (to == GZ_COMMENT_SPAM) {
		lesson = "spam";
	} else if (to == GZ_COMMENT_APPROVED ||
	           (to == GZ_COMMENT_PENDING && c.status == GZ_COMMENT_SPAM)) {
		lesson = "ham";
	}
	if (lesson != NULL && strcmp(lesson, c.trained) != 0) {
		in.author_name = c.author_name;
		in.author_email = c.author_email;
		in.author_url = c.author_url;
		in.body = c.body;
		in.client_addr = NULL;
		if (c.trained[0] != '\0' &&
		    (rc = gz_spam_train(db, arena, &in, strcmp(c.trained, "spam") == 0, -1)) !=
		        GZ_OK) {
			goto fail;
		}
		if ((rc = gz_spam_train(db, arena, &in, strcmp(lesson, "spam") == 0, 1)) != GZ_OK) {
			goto fail;
		}
	}
	st = gz_db_stmt(db, "UPDATE comments SET status = ?2, status_changed_at = ?3, "
	                    "trained = ?4 WHERE id = ?1");
	if (st == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_int64(st, 1, id);
	gz_db_bind_text(st, 2, gz_comment_status_name(to));
	gz_db_bind_int64(st, 3, (int64_t)now);
	gz_db_bind_text(st, 4, lesson ? lesson : c.trained);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		goto fail;
	}
	if ((c.status == GZ_COMMENT_APPROVED || to == GZ_COMMENT_APPROVED) &&
	    (rc = gz_cache_comment_written(db, c.article_id)) != GZ_OK) {
		goto fail;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}

/* Run st (bound, a write) in its own transaction, bump, report changes. */
static enum gz_err
write_one(struct gz_db *db, sqlite3_stmt *st, int64_t *changed)
{
	enum gz_err rc;

	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		return rc;
	}
	*changed = sqlite3_changes64(gz_db_handle(db));
	return *changed > 0 ? gz_db_bump(db) : GZ_OK;
}

/*
 * Inside a transaction: the article of comment id into *article_id;
 * GZ_ENOTFOUND when there is no such comment.
 */
static enum gz_err
comment_article(struct gz_db *db, int64_t id, int64_t *article_id)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	if ((st = gz_db_stmt(db, "SELECT article_id FROM comments WHERE id = ?1")) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	if ((src = sqlite3_step(st)) == SQLITE_ROW) {
		*article_id = sqlite3_column_int64(st, 0);
	} else {
		rc = src == SQLITE_DONE ? GZ_ENOTFOUND : gz_db_error(db, src, "comment article");
	}
	gz_db_reset(st);
	return rc;
}

/* Run st (bound, a write to comment id of article_id) and touch the article's keys. */
static enum gz_err
write_comment(struct gz_db *db, sqlite3_stmt *st, int64_t article_id)
{
	enum gz_err rc;

	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		return rc;
	}
	/* Its page and the listings' counts: only that article's keys (a held
	 * comment's edit touches them too, which costs one refresh). */
	return gz_cache_comment_written(db, article_id);
}

enum gz_err
gz_comment_delete(struct gz_db *db, int64_t id)
{
	sqlite3_stmt *st;
	int64_t article_id = 0;
	enum gz_err rc;

	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	if ((rc = comment_article(db, id, &article_id)) != GZ_OK) {
		goto fail;
	}
	if ((st = gz_db_stmt(db, "DELETE FROM comments WHERE id = ?1")) == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_int64(st, 1, id);
	if ((rc = write_comment(db, st, article_id)) != GZ_OK) {
		goto fail;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}

enum gz_err
gz_comment_update(struct gz_db *db, int64_t id, const char *name, const char *email,
                  const char *url, const char *body)
{
	sqlite3_stmt *st;
	int64_t article_id = 0;
	enum gz_err rc;

	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	if ((rc = comment_article(db, id, &article_id)) != GZ_OK) {
		goto fail;
	}
	st = gz_db_stmt(db, "UPDATE comments SET author_name = ?2, author_email = ?3, "
	                    "author_url = ?4, body = ?5 WHERE id = ?1");
	if (st == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_int64(st, 1, id);
	gz_db_bind_text(st, 2, name);
	gz_db_bind_text(st, 3, email);
	gz_db_bind_text(st, 4, url ? url : "");
	gz_db_bind_text(st, 5, body);
	if ((rc = write_comment(db, st, article_id)) != GZ_OK) {
		goto fail;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}

enum gz_err
gz_comment_queue(struct gz_db *db, struct gz_arena *arena, enum gz_comment_status status,
                 int64_t offset, int limit, struct gz_comment **out, size_t *n)
{
	sqlite3_stmt *st;

	*out = NULL;
	*n = 0;
	if ((unsigned)status >= GZ_COMMENT_NSTATUS || limit < 1 || limit > GZ_COMMENT_QUEUE_MAX ||
	    offset < 0) {
		return GZ_EINVAL;
	}
	st = gz_db_stmt(db,
	                COMMENT_COLUMNS "WHERE c.status = ?1 "
	                                "ORDER BY c.created_at DESC, c.id DESC LIMIT ?2 OFFSET ?3");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, gz_comment_status_name(status));
	gz_db_bind_int64(st, 2, limit);
	gz_db_bind_int64(st, 3, offset);
	return read_rows(db, arena, st, (size_t)limit, out, n);
}

enum gz_err
gz_comment_counts(struct gz_db *db, int64_t counts[GZ_COMMENT_NSTATUS])
{
	sqlite3_stmt *st = gz_db_stmt(db, "SELECT status, count(*) FROM comments GROUP BY status");
	int rc, s;

	memset(counts, 0, GZ_COMMENT_NSTATUS * sizeof(counts[0]));
	if (st == NULL) {
		return GZ_EDB;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((s = gz_comment_status_parse((const char *)sqlite3_column_text(st, 0))) >= 0) {
			counts[s] = sqlite3_column_int64(st, 1);
		}
	}
	gz_db_reset(st);
	return rc == SQLITE_DONE ? GZ_OK : gz_db_error(db, rc, "comment counts");
}

enum gz_err
gz_comment_purge(struct gz_db *db, time_t now, int days, int64_t *purged)
{
	sqlite3_stmt *st;
	int64_t changed = 0;
	enum gz_err rc;

	if (purged != NULL) {
		*purged = 0;
	}
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	st = gz_db_stmt(db, "DELETE FROM comments WHERE status IN ('spam', 'trash') AND "
	                    "status_changed_at < ?1");
	if (st == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_int64(st, 1, (int64_t)now - (int64_t)days * 86400);
	/* Replies cascade; one of them may have been approved, hence the bump. */
	if ((rc = write_one(db, st, &changed)) != GZ_OK) {
		goto fail;
	}
	if (purged != NULL) {
		*purged = changed;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}
