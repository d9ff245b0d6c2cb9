/*
 * Comments: the approved thread of an article for readers, storing a new
 * comment (once, whatever the retries), moderation state changes that teach
 * the spam classifier, the moderator queues with their counts, and the purge
 * of old spam and trash.
 *
 * A comment's status is 'pending', 'approved', 'spam' or 'trash'; only
 * approved ones are shown or counted for readers, so only changes into or
 * out of 'approved' bump the content generation.  This module knows nothing
 * of forms, tokens or HTML (src/app/reader/comment.c) and takes its verdicts from
 * gazette/spam.h.
 */
#ifndef GAZETTE_COMMENT_H
#define GAZETTE_COMMENT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_db;
struct gz_spam_facts;

#define GZ_COMMENT_SPAM_DAYS 30    /* spam and trash kept this long for review */
#define GZ_COMMENT_DUP_SECONDS 600 /* same author and text within this is a duplicate */
#define GZ_COMMENT_RATE_WINDOW 600 /* seconds the rate limits count over */
#define GZ_COMMENT_MAX_THREAD 2000 /* approved comments one article page shows */
#define GZ_COMMENT_QUEUE_MAX 200   /* rows one moderation page lists */

/* Moderation states, in the order the admin tabs show them. */
enum gz_comment_status {
	GZ_COMMENT_PENDING = 0, /* waiting for a moderator */
	GZ_COMMENT_APPROVED,    /* shown to readers */
	GZ_COMMENT_SPAM,        /* spam folder, purged after GZ_COMMENT_SPAM_DAYS */
	GZ_COMMENT_TRASH,       /* bin, purged after GZ_COMMENT_SPAM_DAYS */
	GZ_COMMENT_NSTATUS      /* number of states */
};

/* The status word stored in the database ("pending"...), static. */
const char *gz_comment_status_name(enum gz_comment_status s);

/* Parse a status word; -1 when it is none of them. */
int gz_comment_status_parse(const char *name);

/* One comment; strings in the caller's arena. */
struct gz_comment {
	int64_t id;                    /* comments.id */
	int64_t article_id;            /* articles.id */
	int64_t parent_id;             /* 0 for a top-level comment */
	int64_t user_id;               /* staff author, 0 for readers */
	const char *author_name;       /* as typed */
	const char *author_email;      /* never shown to readers */
	const char *author_url;        /* http(s) URL or "" */
	const char *body;              /* plain text */
	enum gz_comment_status status; /* moderation state */
	double spam_score;             /* Bayes score at submission */
	const char *reasons;           /* verdict reasons, "held: 3 links; bayes 0.97" */
	const char *trained;           /* what it taught the classifier: "", "spam", "ham" */
	int64_t created_at;            /* Unix seconds */
	int64_t status_changed_at;     /* Unix seconds */
	const char *article_slug;      /* for moderator lists (queue, get); else "" */
	const char *article_title;     /* likewise */
};

/*
 * The approved comments of article_id, oldest first (created_at, id), at
 * most GZ_COMMENT_MAX_THREAD, into *out (array of *n in arena, NULL when
 * none).  Threading is the caller's job: parents come before replies.
 */
enum gz_err gz_comment_approved(struct gz_db *db, struct gz_arena *arena, int64_t article_id,
                                struct gz_comment **out, size_t *n);

/* The comment id with its article fields, strings in arena; GZ_ENOTFOUND if none. */
enum gz_err gz_comment_get(struct gz_db *db, struct gz_arena *arena, int64_t id,
                           struct gz_comment *out);

/* A new comment as the submission handler has judged it. */
struct gz_comment_new {
	int64_t article_id;               /* must exist */
	int64_t parent_id;                /* 0, or an approved comment of the same article */
	int64_t user_id;                  /* staff reply: the user; 0 for readers */
	const char *author_name;          /* validated */
	const char *author_email;         /* validated, lowercased domain not required */
	const char *author_url;           /* "" or http(s) */
	const char *body;                 /* validated plain text */
	const char *nonce;                /* one-time key (UNIQUE), or NULL for staff replies */
	const unsigned char *client_hash; /* 16 bytes (gz_secret_client_hash) or NULL */
	int64_t now;                      /* Unix seconds */
	/* Inputs of the verdict that only the transaction can know. */
	int client_limit;  /* comments per GZ_COMMENT_RATE_WINDOW from one client; 0: none */
	int article_limit; /* per article before new ones are held; 0: none */
	struct gz_spam_facts
	    *facts; /* filled in: known_author, article_busy; may be NULL (staff) */
};

/* What gz_comment_submit did. */
enum gz_comment_outcome {
	GZ_COMMENT_STORED = 0, /* stored; see status */
	GZ_COMMENT_RETRY,      /* the nonce was used before: the earlier comment is *id */
	GZ_COMMENT_DUPLICATE,  /* same author and text on this article lately: not stored */
	GZ_COMMENT_RATE,       /* the client posted too often: not stored */
	GZ_COMMENT_BAD_PARENT, /* parent is not an approved comment of the article */
};

/* The result of gz_comment_submit. */
struct gz_comment_result {
	enum gz_comment_outcome outcome; /* what happened */
	int64_t id;                      /* stored (or earlier) comment, 0 otherwise */
	enum gz_comment_status status;   /* its status */
	const char *reasons;             /* the verdict reasons, in arena */
};

/*
 * Store c exactly once, in one write transaction (gz_db_tx: BEGIN
 * IMMEDIATE with retries on SQLITE_BUSY), so concurrent submissions are
 * judged one after the other: checks, in order, the nonce (a retried POST
 * finds its earlier comment), the parent, the duplicate rule (same article,
 * e-mail and body within GZ_COMMENT_DUP_SECONDS), the client rate limit,
 * then fills c->facts->known_author (an approved comment with this e-mail
 * exists) and ->article_busy, asks gz_spam_decide, and inserts with the
 * verdict.  An approved comment bumps the content generation.
 */
enum gz_err gz_comment_submit(struct gz_db *db, struct gz_arena *arena, struct gz_comment_new *c,
                              struct gz_comment_result *out);

/*
 * Move comment id to status to, at time now.  Moving into 'spam' teaches
 * the classifier spam; into 'approved' (or out of 'spam' into 'pending':
 * "not spam") teaches ham, unlearning an earlier opposite lesson first;
 * trash teaches nothing.  Bumps the generation when the comment enters or
 * leaves 'approved'.  GZ_ENOTFOUND when there is no such comment.
 */
enum gz_err gz_comment_set_status(struct gz_db *db, struct gz_arena *arena, int64_t id,
                                  enum gz_comment_status to, time_t now);

/* Delete comment id and its replies for good.  GZ_ENOTFOUND when missing. */
enum gz_err gz_comment_delete(struct gz_db *db, int64_t id);

/*
 * Replace the author fields and body of comment id (a moderator's edit;
 * the caller validates them).  Bumps the generation when it is approved.
 */
enum gz_err gz_comment_update(struct gz_db *db, int64_t id, const char *name, const char *email,
                              const char *url, const char *body);

/*
 * One page of a moderation queue: comments in status, newest first,
 * skipping offset, at most limit (1..GZ_COMMENT_QUEUE_MAX), with their
 * article slug and title.  *out is an array of *n in arena.
 */
enum gz_err gz_comment_queue(struct gz_db *db, struct gz_arena *arena,
                             enum gz_comment_status status, int64_t offset, int limit,
                             struct gz_comment **out, size_t *n);

/* Number of comments in each status, indexed by enum gz_comment_status. */
enum gz_err gz_comment_counts(struct gz_db *db, int64_t counts[GZ_COMMENT_NSTATUS]);

/*
 * Delete spam and trash whose status changed more than days days before
 * now; *purged (may be NULL) gets how many went.
 */
enum gz_err gz_comment_purge(struct gz_db *db, time_t now, int days, int64_t *purged);

/* Comments stored from client_hash (16 bytes) since since, any status. */
enum gz_err gz_comment_count_client(struct gz_db *db, const unsigned char *client_hash,
                                    int64_t since, int64_t *count);

/* Comments stored on article_id since since, any status. */
enum gz_err gz_comment_count_article(struct gz_db *db, int64_t article_id, int64_t since,
                                     int64_t *count);

#endif
