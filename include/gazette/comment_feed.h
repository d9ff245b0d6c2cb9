/*
 * The site's comment feed (/feed/comments): the newest approved comments
 * on articles readers can see, each with its article's slug and title.
 * Held, spam and trashed comments never appear, nor comments on drafts,
 * trashed or not-yet-due articles.  The rows are struct gz_comment
 * (comment.h) with the fields a feed needs; the rest are zero or "".
 */
#ifndef GAZETTE_COMMENT_FEED_H
#define GAZETTE_COMMENT_FEED_H

#include <stddef.h>
#include <time.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_db;
struct gz_comment;

#define GZ_COMMENT_FEED_MAX 50   /* most comments one call returns */
#define GZ_COMMENT_FEED_SCAN 500 /* newest approved comments looked at, at most */

/*
 * The newest approved comments (created_at, then id, descending) whose
 * article is visible at now, at most limit (1..GZ_COMMENT_FEED_MAX), into
 * *out (array of *n in arena, NULL when none).  Only the newest
 * GZ_COMMENT_FEED_SCAN approved comments are looked at, so a flood of
 * comments on articles since hidden shortens the feed rather than
 * lengthening the walk.  Each row has id, article_id, parent_id, user_id,
 * author_name, author_url, body, status (approved), created_at,
 * article_slug and article_title; author_email is "" (never shown).
 * GZ_EINVAL for a bad limit.
 */
enum gz_err gz_comment_feed(struct gz_db *db, struct gz_arena *arena, time_t now, int limit,
                            struct gz_comment **out, size_t *n);

#endif
