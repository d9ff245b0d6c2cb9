/*
 * Local spam filtering for comments: a tokenizer, a naive Bayes classifier
 * (Robinson's per-token probabilities combined with Fisher's chi-square,
 * as in SpamBayes) whose counts live in the spam_tokens table and grow with
 * every moderator decision, the blocklist, and the rule that turns the
 * facts about one comment into a verdict with its score and its reasons.
 *
 * Nothing here leaves the server: no hosted service is asked.  This module
 * knows nothing of HTTP, forms or form tokens (src/app/reader/comment.c checks
 * those before anything reaches it) and never writes comments itself.
 */
#ifndef GAZETTE_SPAM_H
#define GAZETTE_SPAM_H

#include <stddef.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_db;

#define GZ_SPAM_MAX_TOKENS 400 /* distinct tokens taken from one comment */
#define GZ_SPAM_TOKEN_MAX 40   /* bytes in one token (longer words are summarised) */
#define GZ_SPAM_CLUES 150      /* most telling tokens combined into a score */
#define GZ_SPAM_MIN_TRAINED 5  /* spam and ham messages each before Bayes may act */
#define GZ_SPAM_HOLD_AT 0.5    /* Bayes score from which a comment is held */
#define GZ_SPAM_SPAM_AT 0.9    /* Bayes score from which a comment is spam */

/* The parts of a comment the filters look at; all NUL-terminated, "" when absent. */
struct gz_spam_input {
	const char *author_name;  /* as typed */
	const char *author_email; /* as typed */
	const char *author_url;   /* as typed, may be "" */
	const char *body;         /* plain text */
	const char *client_addr;  /* peer address, for the blocklist only; may be NULL */
};

/*
 * The distinct tokens of in, at most GZ_SPAM_MAX_TOKENS, in first-seen
 * order: lowercased words of the body (ASCII case folded; UTF-8 letters
 * kept as they are; words over GZ_SPAM_TOKEN_MAX bytes become "skip:<first
 * byte><length/10>"), "url:<host>" for each link in the body,
 * "links:<0|1|2|3+>", "name:<word>" per word of the author name,
 * "email:<domain>", "aurl:<host>" or "aurl:none".  *out is an array of *n
 * strings in arena.  GZ_ENOMEM when the arena is full.
 */
enum gz_err gz_spam_tokens(struct gz_arena *arena, const struct gz_spam_input *in,
                           const char ***out, size_t *n);

/*
 * Number of links in text: "http://", "https://" and "www." starts, plus
 * "<a " tags pasted as text.  Cheap and pure, for the comment_max_links rule.
 */
int gz_spam_count_links(const char *text);

/*
 * The Bayes spam probability of in (0 = surely ham, 1 = surely spam) from
 * the counts in spam_tokens, into *score; *ready is 1 when at least
 * GZ_SPAM_MIN_TRAINED spam and ham messages each have been learned (below
 * that the score is only shown, never acted on; with nothing learned it is
 * 0.5).  Reads only.
 */
enum gz_err gz_spam_score(struct gz_db *db, struct gz_arena *arena, const struct gz_spam_input *in,
                          double *score, int *ready);

/*
 * Learn in as spam (spam != 0) or ham; with delta -1 unlearn a previous
 * lesson (a moderator changed their mind), never going below zero.  One
 * transaction (a savepoint inside a caller's); does not bump the content
 * generation, since readers never see token counts.
 */
enum gz_err gz_spam_train(struct gz_db *db, struct gz_arena *arena, const struct gz_spam_input *in,
                          int spam, int delta);

/* Messages learned so far as spam and as ham. */
enum gz_err gz_spam_trained(struct gz_db *db, long long *nspam, long long *nham);

/*
 * The first entry of blocklist (one per line; blank lines and lines
 * starting with '#' skipped; surrounding spaces trimmed) found in in: an
 * entry matches the client address exactly, and the body, author name,
 * e-mail or URL as a substring ignoring ASCII case.  Returns the entry in
 * arena, or NULL when none matches (or the arena is full).
 */
const char *gz_spam_blocklisted(struct gz_arena *arena, const char *blocklist,
                                const struct gz_spam_input *in);

/* Where a new comment goes. */
enum gz_spam_status {
	GZ_SPAM_APPROVE = 0, /* shown at once */
	GZ_SPAM_HOLD,        /* pending: a moderator decides */
	GZ_SPAM_SPAM,        /* spam folder, kept GZ_COMMENT_SPAM_DAYS for review */
};

/* What is known about a new comment when it is judged. */
struct gz_spam_facts {
	int known_author;    /* the e-mail already has an approved comment */
	int links;           /* gz_spam_count_links of body (+1 for an author URL is not counted) */
	int max_links;       /* setting comment_max_links */
	int article_busy;    /* the article's comment rate limit is exceeded */
	const char *blocked; /* matching blocklist entry, or NULL */
	double bayes;        /* gz_spam_score */
	int bayes_ready;     /* the classifier has learned enough to act */
	int staff;           /* written by a logged-in staff member */
};

/* The verdict on a new comment. */
struct gz_spam_verdict {
	enum gz_spam_status status; /* where it goes */
	double score;               /* the Bayes score, stored with the comment */
	const char *reasons;        /* "held: 3 links; bayes 0.97; new author", in arena */
};

/*
 * Judge a new comment from facts (pure).  Rules, strongest first: a
 * blocklist hit or a ready Bayes score >= GZ_SPAM_SPAM_AT is spam; more
 * than max_links links, a busy article, a ready Bayes score >=
 * GZ_SPAM_HOLD_AT or an author with no approved comment yet is held;
 * otherwise (and always for staff) approved.  Every rule that fired, and
 * the Bayes score, is named in the reasons.  GZ_ENOMEM when the arena is full.
 */
enum gz_err gz_spam_decide(struct gz_arena *arena, const struct gz_spam_facts *facts,
                           struct gz_spam_verdict *out);

#endif
