/*
 * Counts for the admin dashboard that no other model keeps: articles by
 * editorial state.  Comments and consent records have their own counts
 * (comment.h, consent.h).  And the page-view counters behind the
 * most-read list, written in batches.
 */
#ifndef GAZETTE_STATS_H
#define GAZETTE_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "gazette/err.h"

struct gz_db;

/* Articles by state at now. */
struct gz_article_stats {
	int64_t published; /* visible to readers */
	int64_t drafts;    /* status draft */
	int64_t scheduled; /* published or scheduled, publish time still ahead */
	int64_t trash;     /* status trash */
};

/* Fill *s with the article counts at now. */
enum gz_err gz_stats_articles(struct gz_db *db, int64_t now, struct gz_article_stats *s);

/*
 * Add page views: counts[i] views of article ids[i] (ids of deleted
 * articles are skipped), in one transaction that is only started if the
 * write lock is free now (gz_db_try_begin): GZ_EBUSY, with nothing
 * written, when another writer holds it, so the caller keeps the counts
 * for its next batch.  Views do not bump the content generation: the
 * most-read list may lag, nothing else depends on them.
 */
enum gz_err gz_stats_add_views(struct gz_db *db, const int64_t *ids, const int64_t *counts,
                               size_t n);

#endif
