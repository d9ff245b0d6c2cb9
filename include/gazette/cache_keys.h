/*
 * Cache keys (issue 18): what a public answer was built from, and which
 * writes change it.  An answer names its keys ("article:12", "cat:3",
 * "tag:5", "author:2", "home", "feed", "search", "archive", "sitemap",
 * "sections", "order", "comments", "articles", and always "all"); a write
 * touches only the keys it changes.  Each touch gives the key the next
 * value of the content generation, so "the largest version among an
 * answer's keys" is one number that grows exactly when one of them
 * changed: the answer's validator.  Scheduled articles change keys with
 * no write at all; those keys get a due time (table cache_due) that the
 * validator also reads.
 *
 * After a write commits, the keys it touched wait in a queue (table
 * purge_queue) for the thread that purges them at the caches in front
 * (src/app/purge.c); this file keeps that queue but sends nothing.
 *
 * What the keys mean, and who touches them:
 *   article:ID   the article's own fields and comment count.  Named by its
 *                page and by every page that lists it.
 *   articles     some article's fields changed: named instead of
 *                article:ID by an answer that lists too many articles to
 *                name them one by one (sitemaps, long feeds).
 *   cat:ID, tag:ID, author:ID   which articles the listing holds (and
 *                for an article page, its related articles).
 *   home, feed, search, archive, sitemap   the same for those pages.
 *   order        which article is next to which (an article page's
 *                previous/next links): a publication, removal or new date.
 *   sections     the menu and /sections: which sections hold articles.
 *   comments     the comments feed.
 *   all          everything: settings, menus, renames, media, imports:
 *                gz_db_bump touches it (the conservative fallback).
 *
 * With GAZETTE_CACHE_KEYS=global in the environment every touch becomes a
 * touch of "all", as before this module: the benchmark's "before" runs.
 */
#ifndef GAZETTE_CACHE_KEYS_H
#define GAZETTE_CACHE_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_db;

#define GZ_CACHE_KEY_LEN 40      /* longest key in bytes, without the NUL */
#define GZ_CACHE_KEYS_MAX 64     /* keys one answer may name (and one query reads) */
#define GZ_CACHE_ARTICLE_KEYS 48 /* keys an article snapshot holds; more: touch "all" */

/*
 * Touch keys[0..n-1] inside the caller's open transaction: the content
 * generation grows by one (as gz_db_bump), each key gets its value as
 * version and the current time as changed_at, and each is queued for the
 * purge thread (purge_queue, target '').  Duplicate keys are harmless.
 * In global mode (GAZETTE_CACHE_KEYS=global) touches "all" instead.
 * GZ_EINVAL outside a transaction or for a key longer than
 * GZ_CACHE_KEY_LEN.
 */
enum gz_err gz_cache_touch(struct gz_db *db, const char *const *keys, size_t n);

/* 1 in global mode (GAZETTE_CACHE_KEYS=global, read once), else 0. */
int gz_cache_global(void);

/*
 * What an article looks like to the caches, taken before a write and
 * compared after it: whether it was found, its visibility and date (the
 * "order" signature), its section, author, tags and featured flag (the
 * "membership" signature), and the listing keys it belongs to.
 */
struct gz_cache_article {
	int64_t id;                                             /* the article */
	int found;                                              /* 1: the row existed */
	int listed;                                             /* 1: published or scheduled */
	int64_t published_at;                                   /* 0 for drafts */
	char order[64];                                         /* "status|published_at" */
	char member[256];                                       /* "cat|author|featured|tags..." */
	char keys[GZ_CACHE_ARTICLE_KEYS][GZ_CACHE_KEY_LEN + 1]; /* cat chain, tags, author */
	size_t nkeys;                                           /* keys in use */
	int overflow;                                           /* 1: more keys than fit */
};

/*
 * Fill snap with article id as stored now (inside or outside a
 * transaction; snap->found 0 when there is no such row).
 */
enum gz_err gz_cache_article_read(struct gz_db *db, int64_t id, struct gz_cache_article *snap);

/*
 * After a write to article id (inside the same transaction as the
 * gz_cache_article_read that filled before): touch what changed.  Always
 * article:ID, "articles" and "search" when it was or is listed; when its
 * membership changed, also the listing keys of its old and new state
 * (section chain, tags, author, home, feed, archive, sitemap) and
 * "sections"; when its visibility or date changed, also "order".  An article
 * scheduled for later (published_at > now) also gets due rows for the
 * keys that will change when it appears.  Snapshots that overflowed touch
 * "all".
 */
enum gz_err gz_cache_article_written(struct gz_db *db, const struct gz_cache_article *before,
                                     int64_t now);

/*
 * Inside a transaction: something shown wherever article_id is shown
 * changed, but not where it is listed (an update or correction note, its
 * modified date): touch article:ID and "articles".
 */
enum gz_err gz_cache_article_touch(struct gz_db *db, int64_t article_id);

/*
 * Inside a transaction: a visible comment of article_id appeared, changed
 * or went: touch article:ID (its page and every listing's count),
 * "articles" and "comments" (the comments feed).
 */
enum gz_err gz_cache_comment_written(struct gz_db *db, int64_t article_id);

/*
 * The validator of an answer naming keys[0..n-1] (n <= GZ_CACHE_KEYS_MAX),
 * at time now: *version, the largest version among them (0 when none was
 * ever touched); *changed, the latest changed_at or passed due time
 * (Last-Modified); *due, the latest due time at or before now (0 when
 * none).  One prepared statement.
 */
enum gz_err gz_cache_state(struct gz_db *db, const char *const *keys, size_t n, int64_t now,
                           int64_t *version, int64_t *changed, int64_t *due);

/* One row of the purge queue, strings in the caller's arena. */
struct gz_purge_row {
	const char *key;    /* the cache key */
	const char *target; /* the purge URL */
	int64_t attempts;   /* sends that failed so far */
};

/*
 * The purge thread's side of the queue, each its own short transaction
 * taken only when the write lock is free (GZ_EBUSY otherwise; try again
 * next round).
 *
 * gz_purge_prepare: queue the keys whose due time has come (cache_due rows
 * at <= now not yet queued), then give every target-less row one row per
 * targets[i] (none: they are dropped, nobody is listening).
 *
 * gz_purge_next: up to max rows whose next_try <= now, grouped by target,
 * into *rows (in arena).
 *
 * gz_purge_sent: delete the row of key at target.  It and gz_purge_failed
 * wait for the lock (gz_db_begin) and nest: the thread wraps a batch of
 * them in one transaction, one disk sync for the lot.
 *
 * gz_purge_failed: count a failed send of key at target and try again at
 * next_try; a row that failed max_attempts times is dropped (returns
 * GZ_ENOTFOUND then, so the caller can say so).
 */
enum gz_err gz_purge_prepare(struct gz_db *db, int64_t now, const char *const *targets, size_t n);
enum gz_err gz_purge_next(struct gz_db *db, struct gz_arena *arena, int64_t now, size_t max,
                          struct gz_purge_row **rows, size_t *nrows);
enum gz_err gz_purge_sent(struct gz_db *db, const char *key, const char *target);
enum gz_err gz_purge_failed(struct gz_db *db, const char *key, const char *target, int64_t next_try,
                            int64_t max_attempts);

/*
 * *pending 1 when gz_purge_prepare has work: target-less rows, or due
 * keys not yet queued whose time (<= now) came.  A read, no lock.
 */
enum gz_err gz_purge_pending(struct gz_db *db, int64_t now, int *pending);

/* Rows in the queue (tests and the CLI check). */
enum gz_err gz_purge_count(struct gz_db *db, int64_t *n);

#endif
