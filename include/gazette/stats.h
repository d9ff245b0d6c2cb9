/*
 * Counts for the admin dashboard that no other model keeps: articles by
 * editorial state.  Comments and consent records have their own counts
 * (comment.h, consent.h).
 */
#ifndef GAZETTE_STATS_H
#define GAZETTE_STATS_H

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

#endif
