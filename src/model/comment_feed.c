/*
 * The comment feed's rows (include/gazette/comment_feed.h): one statement
 * that takes the newest approved comments from the (status, created_at)
 * index, keeps those whose article is visible and stops at the limit.  It
 * knows nothing of RSS, URLs or anchors (the handler and template make
 * those), nor of moderation (comment.c).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/comment.h"
#include "gazette/comment_feed.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "internal.h"

/*
 * The inner query walks comments_status (status, created_at) backwards
 * and stops at ?3; the outer one joins each to its article, which must be
 * visible at ?1, and stops at ?2.
 */
static const char feed_sql[] =
    "SELECT m.id, m.article_id, coalesce(m.parent_id, 0), coalesce(m.user_id, 0), "
    "m.author_name, m.author_url, m.body, m.created_at, a.slug, a.title "
    "FROM (SELECT id, article_id, parent_id, user_id, author_name, author_url, body, created_at "
    "FROM comments WHERE status = 'approved' ORDER BY created_at DESC, id DESC LIMIT ?3) m "
    "JOIN articles a ON a.id = m.article_id "
    "WHERE " GZ_SQL_VISIBLE("a", "?1") "ORDER BY m.created_at DESC, m.id DESC LIMIT ?2";

static enum gz_err
fill(struct gz_arena *arena, sqlite3_stmt *st, void *item)
{
	struct gz_comment *c = item;

	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(st, 0);
	c->article_id = sqlite3_column_int64(st, 1);
	c->parent_id = sqlite3_column_int64(st, 2);
	c->user_id = sqlite3_column_int64(st, 3);
	c->author_name = gz_db_col_text(arena, st, 4);
	c->author_url = gz_db_col_text(arena, st, 5);
	c->body = gz_db_col_text(arena, st, 6);
	c->created_at = sqlite3_column_int64(st, 7);
	c->article_slug = gz_db_col_text(arena, st, 8);
	c->article_title = gz_db_col_text(arena, st, 9);
	c->status = GZ_COMMENT_APPROVED;
	c->author_email = "";
	c->reasons = "";
	c->trained = "";
	if (c->author_name == NULL || c->author_url == NULL || c->body == NULL ||
	    c->article_slug == NULL || c->article_title == NULL) {
		return GZ_ENOMEM;
	}
	return GZ_OK;
}

enum gz_err
gz_comment_feed(struct gz_db *db, struct gz_arena *arena, time_t now, int limit,
                struct gz_comment **out, size_t *n)
{
	sqlite3_stmt *st;

	*out = NULL;
	*n = 0;
	if (limit < 1 || limit > GZ_COMMENT_FEED_MAX) {
		return GZ_EINVAL;
	}
	if ((st = gz_db_stmt(db, feed_sql)) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, (int64_t)now);
	gz_db_bind_int64(st, 2, limit);
	gz_db_bind_int64(st, 3, GZ_COMMENT_FEED_SCAN);
	return gz_db_rows(db, arena, st, sizeof(**out), (size_t)limit, (size_t)limit, fill, out, n,
	                  "comment feed");
}
