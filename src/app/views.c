/*
 * Page-view counting for the most-read list.  A write per page view would
 * put an fsync on every read, so views are counted in memory (one small
 * table per process, behind a mutex) and written in one transaction every
 * few seconds by whichever request thread notices the time has come.
 * Views lost in a crash are an accepted cost; nothing else depends on them.
 */
#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include "gazette/article.h"
#include "internal.h"

#define VIEW_SLOTS 256     /* distinct articles buffered between flushes */
#define FLUSH_SECONDS 5    /* flush at least this often when views arrive */

static pthread_mutex_t views_lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t view_ids[VIEW_SLOTS];
static int64_t view_counts[VIEW_SLOTS];
static size_t nviews;
static time_t last_flush;

void
gz_app_count_view(struct gz_request *req, long long id)
{
	int64_t ids[VIEW_SLOTS], counts[VIEW_SLOTS];
	size_t i, n = 0;
	int flush;

	req->view_id = id;
	pthread_mutex_lock(&views_lock);
	for (i = 0; i < nviews && view_ids[i] != id; i++) {
	}
	if (i < nviews) {
		view_counts[i]++;
	} else if (nviews < VIEW_SLOTS) {
		view_ids[nviews] = id;
		view_counts[nviews++] = 1;
	}
	if (last_flush == 0) {
		last_flush = req->now;
	}
	flush = nviews == VIEW_SLOTS || req->now - last_flush >= FLUSH_SECONDS;
	if (flush) {
		for (n = 0; n < nviews; n++) {
			ids[n] = view_ids[n];
			counts[n] = view_counts[n];
		}
		nviews = 0;
		last_flush = req->now;
	}
	pthread_mutex_unlock(&views_lock);
	/* Written outside the lock, on this request's own connection. */
	if (n > 0) {
		gz_article_add_views(req->db, ids, counts, n);
	}
}
