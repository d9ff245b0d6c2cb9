/*
 * Readers' personal data, for an admin answering a reader's request (issue
 * 19 point 4): every comment written under an e-mail address, and the
 * consent records tied to them, found, exported or erased.
 *
 * What ties a consent record to an address: consent records hold no e-mail
 * (only the time, the choice, the policy version and the salted hash of
 * the network address, sql/001_init.sql); comments keep the same salted
 * hash of the address they were sent from.  So the consent records "tied"
 * to an e-mail address are those made from a network address that one of
 * its comments was sent from: a link through the address, which other
 * people behind the same address (an office, a phone network) share.  The
 * admin page says so.  Nothing else links them.
 *
 * Addresses match without regard to ASCII case, after trimming.  It does
 * not know how the data is shown or exported, nor who may ask (the
 * handler, src/app/admin/admin_personal.c), nor the audit log, which the
 * handler writes in the same transaction as an erasure.
 */
#ifndef GAZETTE_PERSONAL_H
#define GAZETTE_PERSONAL_H

#include <stddef.h>
#include <stdint.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_db;

#define GZ_PERSONAL_EMAIL_MAX 254 /* bytes of an address (RFC 5321 path limit) */
#define GZ_PERSONAL_LIST_MAX 2000 /* comments (and consent records) listed at most */

/* One comment written under the address. */
struct gz_personal_comment {
	int64_t id;                /* comments.id */
	int64_t article_id;        /* the article it is on */
	const char *article_title; /* its title */
	const char *article_slug;  /* its slug */
	int64_t parent_id;         /* the comment it answers, 0 for none */
	const char *name;          /* author_name */
	const char *email;         /* author_email as stored */
	const char *url;           /* author_url, may be "" */
	const char *body;          /* the text */
	const char *status;        /* "pending", "approved", "spam" or "trash" */
	int64_t created_at;        /* Unix seconds */
	char client_hash[33];      /* address hash as hex, "" when none */
};

/* One consent record made from an address one of the comments came from. */
struct gz_personal_consent {
	int64_t id;             /* consent_records.id */
	int64_t at;             /* Unix seconds */
	const char *choice;     /* "accept" or "reject" */
	int64_t policy_version; /* version it was made under */
	char client_hash[33];   /* the shared address hash as hex */
};

/* What the site holds for one address. */
struct gz_personal_data {
	struct gz_personal_comment *comments; /* oldest first */
	size_t ncomments;                     /* listed, at most GZ_PERSONAL_LIST_MAX */
	int64_t comments_total;               /* all of them, for "and N more" */
	struct gz_personal_consent *consents; /* oldest first */
	size_t nconsents;                     /* listed, at most GZ_PERSONAL_LIST_MAX */
	int64_t consents_total;               /* all of them */
};

/* How gz_personal_erase treats the comments. */
enum gz_personal_mode {
	GZ_PERSONAL_ANONYMISE = 0, /* keep the text; name := anon, e-mail, website, hash removed */
	GZ_PERSONAL_DELETE,        /* delete them; others' replies become top-level comments */
};

/*
 * A normalised copy of the address typed, in arena: trimmed, at most
 * GZ_PERSONAL_EMAIL_MAX bytes, one '@' with something on both sides, no
 * space or control character.  NULL when it is not such an address (the
 * handler says so beside the field).
 */
const char *gz_personal_email(struct gz_arena *arena, const char *typed);

/* Everything held for email (from gz_personal_email) into *out, in arena. */
enum gz_err gz_personal_find(struct gz_db *db, struct gz_arena *arena, const char *email,
                             struct gz_personal_data *out);

/*
 * Erase what is held for email, in one transaction (a savepoint inside
 * the caller's): with with_consent, first delete the consent records tied
 * to its comments (above), then anonymise the comments (author_name :=
 * anon_name, author_email, author_url and the verdict reasons := '',
 * client_hash := NULL; text, time and status kept) or delete them (their
 * replies by others are kept as top-level comments).  Bumps the content
 * generation when a comment changed.  *ncomments and *nconsents get the
 * numbers of rows changed.  On any error nothing is changed.
 */
enum gz_err gz_personal_erase(struct gz_db *db, const char *email, enum gz_personal_mode mode,
                              const char *anon_name, int with_consent, int64_t *ncomments,
                              int64_t *nconsents);

#endif
