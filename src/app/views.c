/*
 * Page-view counting for the most-read list, off the request path.  A
 * request only adds its view to a table in memory (a mutex held for one
 * hash probe); a background thread takes the table every FLUSH_MS and
 * writes the counts in one short transaction on a connection of its own,
 * and only if the write lock is free at that moment.  So a reader never
 * waits on a writer for a view: when requests wrote the counts, an
 * article GET waited 11.6 s behind a held lock (issue 13).
 *
 * Counts the database cannot take yet (locked, damaged) wait for the next
 * round, as many articles as a table holds; views that find no room are
 * dropped and counted, and views still in memory when the process dies
 * are lost.  Nothing else depends on them.
 *
 * The thread starts with the first view and stops when the last worker
 * leaves (gz_worker_free), writing what is left.  A CGI process (one
 * request, app->one_request) starts none: it writes its view as it
 * leaves, also without waiting.  This file does not know the transports.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gazette/app.h"
#include "gazette/clock.h"
#include "gazette/db.h"
#include "gazette/stats.h"
#include "internal.h"

#define VIEW_SLOTS 1024               /* hash slots per table, a power of two */
#define VIEW_MAX (VIEW_SLOTS * 3 / 4) /* distinct articles a table holds */
#define FLUSH_MS 5000                 /* a batch is written this often */
#define DROP_LOG_MS 60000.0           /* dropped views are reported this often at most */

/* Views per article: open addressing on the id; id 0 marks a free slot. */
struct vtab {
	int64_t ids[VIEW_SLOTS];    /* article ids; 0: free */
	int64_t counts[VIEW_SLOTS]; /* views of ids[i] */
	size_t n;                   /* slots in use, at most VIEW_MAX */
};

static pthread_mutex_t views_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t wake_once = PTHREAD_ONCE_INIT;
static pthread_cond_t wake; /* the writer's timer; signalled to stop it */
static struct vtab tabs[3];
static struct vtab *active = &tabs[0];  /* requests add here, under views_lock */
static struct vtab *spare = &tabs[1];   /* the writer's: swapped with active each round */
static struct vtab *pending = &tabs[2]; /* the writer's: counted, not yet written */
static uint64_t dropped;                /* views that found no room, under views_lock */
static uint64_t reported;               /* dropped views already logged (writer's) */
static double reported_at;              /* gz_clock_mono_ms() of that log line (writer's) */
static int nworkers;                    /* workers joined, under views_lock */
static int running;                     /* the writer thread exists, under views_lock */
static int stopping;                    /* the writer writes once more and ends */
static int no_thread;                   /* CGI, or the thread could not start */
static char *db_path;                   /* the database, malloc'd, under views_lock */
static pthread_t writer;                /* valid while running */

/* The slot where id is, or where it would go. */
static size_t
slot_of(const struct vtab *t, int64_t id)
{
	size_t i = (size_t)(((uint64_t)id * 0x9E3779B97F4A7C15ull) >> 54) & (VIEW_SLOTS - 1);

	while (t->ids[i] != 0 && t->ids[i] != id) {
		i = (i + 1) & (VIEW_SLOTS - 1);
	}
	return i;
}

/* Add count views of id (> 0) to t; -1 when id is new and t is full. */
static int
vtab_add(struct vtab *t, int64_t id, int64_t count)
{
	size_t i = slot_of(t, id);

	if (t->ids[i] == 0) {
		/* The load bound keeps every probe short and ending. */
		if (t->n >= VIEW_MAX) {
			return -1;
		}
		t->ids[i] = id;
		t->n++;
	}
	t->counts[i] += count;
	return 0;
}

static void
wake_init(void)
{
	pthread_condattr_t a;

	/* Timed waits on the monotonic clock: a clock step must not stall it. */
	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_init(&wake, &a);
	pthread_condattr_destroy(&a);
}

/* Requests move on to the spare table; the old one is the writer's now. */
static void
swap_locked(void)
{
	struct vtab *t = active;

	active = spare;
	spare = t;
}

/* A line about dropped views, at most once a DROP_LOG_MS. */
static void
report_drops(int last)
{
	uint64_t n;
	double now = gz_clock_mono_ms();

	pthread_mutex_lock(&views_lock);
	n = dropped;
	pthread_mutex_unlock(&views_lock);
	if (n > reported && (last || reported_at == 0 || now - reported_at >= DROP_LOG_MS)) {
		fprintf(stderr,
		        "gazette: views: %llu page views not counted (more than %d articles "
		        "viewed while the database could not take the counts)\n",
		        (unsigned long long)(n - reported), VIEW_MAX);
		reported = n;
		reported_at = now;
	}
}

/*
 * One round of the writer (or the last worker's write): move spare's
 * counts into pending (what does not fit is dropped and counted), empty
 * spare, and write pending on use, or on a connection opened for the round
 * when use is NULL, so the writer holds no file between rounds.  pending
 * is emptied when written and kept when the database is locked or damaged.
 * Only the writer, or the last worker once the writer has ended, calls it.
 */
static void
write_round(struct gz_db *use, const char *path, int last)
{
	static int64_t ids[VIEW_MAX], counts[VIEW_MAX];
	struct gz_db *db = use;
	uint64_t lost = 0;
	char err[256];
	size_t i, n = 0;

	for (i = 0; i < VIEW_SLOTS; i++) {
		if (spare->ids[i] != 0 && vtab_add(pending, spare->ids[i], spare->counts[i]) != 0) {
			lost += (uint64_t)spare->counts[i];
		}
	}
	memset(spare, 0, sizeof(*spare));
	if (lost > 0) {
		pthread_mutex_lock(&views_lock);
		dropped += lost;
		pthread_mutex_unlock(&views_lock);
	}
	for (i = 0; i < VIEW_SLOTS && n < VIEW_MAX; i++) {
		if (pending->ids[i] != 0) {
			ids[n] = pending->ids[i];
			counts[n++] = pending->counts[i];
		}
	}
	if (n > 0 && db == NULL && path != NULL) {
		/* Cannot open (damaged, gone): gz_db_health's log says so. */
		db = gz_db_open(path, 0, err, sizeof(err));
	}
	if (n > 0 && db != NULL && gz_db_health(db, 0) == GZ_OK &&
	    gz_stats_add_views(db, ids, counts, n) == GZ_OK) {
		memset(pending, 0, sizeof(*pending));
	} else if (n > 0 && last) {
		pthread_mutex_lock(&views_lock);
		for (i = 0; i < n; i++) {
			dropped += (uint64_t)counts[i];
		}
		pthread_mutex_unlock(&views_lock);
		memset(pending, 0, sizeof(*pending));
	}
	if (db != use) {
		gz_db_close(db);
	}
	report_drops(last);
}

/* The writer thread: a round every FLUSH_MS, and a last one when stopped. */
static void *
writer_main(void *arg)
{
	struct timespec until;
	char *path;
	int last = 0;

	(void)arg;
	pthread_mutex_lock(&views_lock);
	path = db_path;
	while (!last) {
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += FLUSH_MS / 1000;
		until.tv_nsec += (long)(FLUSH_MS % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		while (!stopping &&
		       pthread_cond_timedwait(&wake, &views_lock, &until) != ETIMEDOUT) {
		}
		last = stopping;
		swap_locked();
		pthread_mutex_unlock(&views_lock);
		/* db_path stays until this thread is joined. */
		write_round(NULL, path, last);
		pthread_mutex_lock(&views_lock);
	}
	pthread_mutex_unlock(&views_lock);
	return NULL;
}

/* Start the writer; called under views_lock.  On failure views wait for
 * the last worker's write. */
static void
start_writer(void)
{
	sigset_t all, old;
	int rc;

	pthread_once(&wake_once, wake_init);
	/* The thread must not take a signal meant for the server's sigwait. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&writer, NULL, writer_main, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		fprintf(stderr, "gazette: views: cannot start the writer thread: %s\n",
		        strerror(rc));
		no_thread = 1;
		return;
	}
	running = 1;
}

void
gz_app_count_view(struct gz_ctx *c, long long id)
{
	c->view_id = id;
	if (id <= 0) {
		return;
	}
	pthread_mutex_lock(&views_lock);
	if (vtab_add(active, id, 1) != 0) {
		dropped++;
	}
	if (!running && !no_thread && nworkers > 0 && db_path != NULL) {
		start_writer();
	}
	pthread_mutex_unlock(&views_lock);
}

void
gz_app_views_join(struct gz_app *app)
{
	pthread_mutex_lock(&views_lock);
	nworkers++;
	if (db_path == NULL && app->db_path != NULL) {
		db_path = strdup(app->db_path);
	}
	no_thread = no_thread || app->one_request;
	pthread_mutex_unlock(&views_lock);
}

void
gz_app_views_leave(struct gz_db *db)
{
	int join;

	pthread_mutex_lock(&views_lock);
	if (nworkers > 0 && --nworkers > 0) {
		pthread_mutex_unlock(&views_lock);
		return;
	}
	join = running;
	if (running) {
		stopping = 1;
		pthread_cond_signal(&wake);
	}
	pthread_mutex_unlock(&views_lock);
	if (join) {
		pthread_join(writer, NULL);
	}
	/* No worker is left to count, and no writer: the tables are ours.
	 * Views that came after the writer's last swap are written here. */
	pthread_mutex_lock(&views_lock);
	swap_locked();
	pthread_mutex_unlock(&views_lock);
	write_round(db, NULL, 1);
	pthread_mutex_lock(&views_lock);
	running = stopping = no_thread = 0;
	free(db_path);
	db_path = NULL;
	pthread_mutex_unlock(&views_lock);
}
