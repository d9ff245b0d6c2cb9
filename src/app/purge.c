/*
 * Purging the caches in front (Varnish, a CDN) by cache key, off the
 * request path.  Writes queue the keys they touch in the database
 * (purge_queue, gazette/cache_keys.h), inside their own transaction, so a
 * purge is never lost to a crash between commit and send and the queue
 * survives a restart.  A background thread, on a connection of its own,
 * looks every PURGE_MS for work, gives each queued key one row per cache
 * (the setting purge_urls and the environment variable GAZETTE_PURGE,
 * each a list of URLs separated by blanks or commas), and sends one HTTP
 * "PURGE <path>" per cache with the keys in an "xkey-purge" header (what
 * deploy/varnish/gazette.vcl reads).  A 2xx answer deletes the rows; a
 * failure (refused, timed out, any other status) keeps them for another
 * try after 1, 2, 4 ... up to 60 seconds, at most MAX_ATTEMPTS times.
 * Scheduled articles coming due queue their keys here too, so a cache in
 * front learns of them without any cron job.
 *
 * The client is a plain HTTP/1.1 exchange on a socket, for caches on
 * loopback or the LAN: "http://" URLs only, every wait bounded by poll
 * (IO_MS), at most RESPONSE_MAX bytes of the answer read, only its status
 * line looked at.  A request never waits for any of this.
 *
 * The thread starts with the first worker (gz_app_purge_join) and stops
 * with the last (gz_app_purge_leave); a CGI process (one request) starts
 * none: the next long-running process sends what it queued.
 */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "gazette/arena.h"
#include "gazette/cache_keys.h"
#include "gazette/clock.h"
#include "gazette/db.h"
#include "gazette/purge.h"
#include "gazette/settings.h"
#include "internal.h"

#define PURGE_MS 200        /* the queue is looked at this often */
#define IO_MS 2000          /* longest wait for one connect, write or read */
#define RESPONSE_MAX 1024   /* bytes of an answer read */
#define TARGETS_MAX 8       /* caches purged */
#define KEYS_PER_REQUEST 32 /* keys in one xkey-purge header */
#define BATCH_MAX 256       /* queue rows taken per round */
#define MAX_ATTEMPTS 20     /* a row is dropped after this many failures */
#define BACKOFF_MAX 60      /* seconds between tries at most */

static pthread_mutex_t purge_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t purge_wake = PTHREAD_COND_INITIALIZER;
static pthread_t purge_thread;
static const char *purge_db_path; /* the app's database, for the thread's connection */
static int purge_workers;         /* workers joined, under purge_lock */
static int purge_running;         /* the thread exists, under purge_lock */
static int purge_stopping;        /* the thread ends at its next look */

int
gz_purge_status(const char *buf, size_t len)
{
	size_t i;
	int status = 0;

	/* "HTTP/1.1 200 ..." : the name, a version digit pair, a space, three digits. */
	if (len < 12 || memcmp(buf, "HTTP/1.", 7) != 0 || buf[7] < '0' || buf[7] > '9' ||
	    buf[8] != ' ') {
		return -1;
	}
	for (i = 9; i < 12; i++) {
		if (buf[i] < '0' || buf[i] > '9') {
			return -1;
		}
		status = status * 10 + (buf[i] - '0');
	}
	if (status < 100 || (len > 12 && buf[12] != ' ' && buf[12] != '\r')) {
		return -1;
	}
	return status;
}

int
gz_purge_url_parse(const char *url, struct gz_purge_url *out)
{
	const char *host, *end, *colon, *slash;
	size_t hlen;

	memset(out, 0, sizeof(*out));
	if (strncmp(url, "http://", 7) != 0) {
		return -1;
	}
	host = url + 7;
	slash = strchr(host, '/');
	end = slash != NULL ? slash : host + strlen(host);
	colon = memchr(host, ':', (size_t)(end - host));
	hlen = (size_t)((colon != NULL ? colon : end) - host);
	if (hlen == 0 || hlen >= sizeof(out->host)) {
		return -1;
	}
	memcpy(out->host, host, hlen);
	if (colon != NULL) {
		size_t plen = (size_t)(end - colon - 1);
		size_t i;

		if (plen == 0 || plen > 5) {
			return -1;
		}
		for (i = 0; i < plen; i++) {
			if (colon[1 + i] < '0' || colon[1 + i] > '9') {
				return -1;
			}
		}
		memcpy(out->port, colon + 1, plen);
		if (atoi(out->port) < 1 || atoi(out->port) > 65535) {
			return -1;
		}
	} else {
		memcpy(out->port, "80", 3);
	}
	if (slash == NULL) {
		memcpy(out->path, "/", 2);
	} else if (strlen(slash) >= sizeof(out->path) || strpbrk(slash, " \r\n\t") != NULL) {
		return -1;
	} else {
		memcpy(out->path, slash, strlen(slash) + 1);
	}
	/* The host goes into a header: nothing that could end it. */
	if (strpbrk(out->host, " \r\n\t") != NULL) {
		return -1;
	}
	return 0;
}

/* Wait until fd is ready for events or IO_MS passed: 1 ready, 0 not. */
static int
wait_fd(int fd, short events)
{
	struct pollfd p = {fd, events, 0};
	int rc;

	do {
		rc = poll(&p, 1, IO_MS);
	} while (rc < 0 && errno == EINTR);
	return rc > 0;
}

/* Connect to u without waiting longer than IO_MS; the socket or -1. */
static int
connect_to(const struct gz_purge_url *u)
{
	struct addrinfo hints, *res = NULL, *ai;
	int fd = -1, err;
	socklen_t elen = sizeof(err);

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(u->host, u->port, &hints, &res) != 0) {
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
		            ai->ai_protocol);
		if (fd < 0) {
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0 ||
		    (errno == EINPROGRESS && wait_fd(fd, POLLOUT) &&
		     getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) == 0 && err == 0)) {
			break;
		}
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd;
}

/*
 * Send "PURGE" with the keys to url: the answer's status, or -1 when the
 * cache could not be reached or did not answer HTTP in time.
 */
static int
send_purge(const char *url, const char *keys)
{
	struct gz_purge_url u;
	char req[KEYS_PER_REQUEST * (GZ_CACHE_KEY_LEN + 1) + 1024], resp[RESPONSE_MAX];
	size_t len, off = 0, got = 0;
	ssize_t n;
	int fd, status = -1;

	if (gz_purge_url_parse(url, &u) != 0) {
		return -1;
	}
	len = (size_t)snprintf(req, sizeof(req),
	                       "PURGE %s HTTP/1.1\r\nHost: %s:%s\r\nxkey-purge: %s\r\n"
	                       "Content-Length: 0\r\nConnection: close\r\n\r\n",
	                       u.path, u.host, u.port, keys);
	if (len >= sizeof(req) || (fd = connect_to(&u)) < 0) {
		return -1;
	}
	while (off < len) {
		if (!wait_fd(fd, POLLOUT)) {
			goto done;
		}
		n = send(fd, req + off, len - off, MSG_NOSIGNAL);
		if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
			continue;
		}
		if (n <= 0) {
			goto done;
		}
		off += (size_t)n;
	}
	/* The status line is all that counts; stop once it is in. */
	while (got < sizeof(resp) && memchr(resp, '\n', got) == NULL) {
		if (!wait_fd(fd, POLLIN)) {
			goto done;
		}
		n = recv(fd, resp + got, sizeof(resp) - got, 0);
		if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
			continue;
		}
		if (n <= 0) {
			break;
		}
		got += (size_t)n;
	}
	status = gz_purge_status(resp, got);
done:
	close(fd);
	return status;
}

/* Split list (blanks or commas) into targets; returns how many (at most max). */
static size_t
split_targets(struct gz_arena *a, const char *list, const char **targets, size_t n, size_t max)
{
	const char *p = list, *e;

	while (p != NULL && *p != '\0' && n < max) {
		p += strspn(p, " \t\r\n,");
		e = p + strcspn(p, " \t\r\n,");
		if (e > p) {
			char *t = gz_arena_strndup(a, p, (size_t)(e - p));
			struct gz_purge_url u;

			/* A URL this client cannot use is left out, not retried forever. */
			if (t != NULL && gz_purge_url_parse(t, &u) == 0) {
				targets[n++] = t;
			}
		}
		p = e;
	}
	return n;
}

/* Backoff before try attempts + 1: 1, 2, 4 ... BACKOFF_MAX seconds. */
static int64_t
backoff(int64_t attempts)
{
	return attempts >= 6 ? BACKOFF_MAX : (int64_t)1 << attempts;
}

/* Send rows[0..n-1] (one target) in requests of KEYS_PER_REQUEST keys. */
static void
send_rows(struct gz_db *db, struct gz_arena *a, const struct gz_purge_row *rows, size_t n,
          int64_t now)
{
	size_t i, j, k;

	for (i = 0; i < n; i = j) {
		struct gz_buf keys;
		int status;

		gz_buf_init(&keys, a, KEYS_PER_REQUEST * (GZ_CACHE_KEY_LEN + 1) + 1);
		for (j = i; j < n && j - i < KEYS_PER_REQUEST; j++) {
			if (j > i) {
				gz_buf_putc(&keys, ' ');
			}
			gz_buf_puts(&keys, rows[j].key);
		}
		if (gz_buf_err(&keys) != GZ_OK) {
			return;
		}
		status = send_purge(rows[i].target, gz_buf_str(&keys));
		/* One transaction (one disk sync) per request's keys: a commit
		 * per key held the write lock long enough to slow the newsroom's
		 * saves (measured with bench/breaking-news.sh). */
		if (gz_db_begin(db) != GZ_OK) {
			return;
		}
		for (k = i; k < j; k++) {
			if (status >= 200 && status < 300) {
				(void)gz_purge_sent(db, rows[k].key, rows[k].target);
			} else if (gz_purge_failed(db, rows[k].key, rows[k].target,
			                           now + backoff(rows[k].attempts),
			                           MAX_ATTEMPTS) == GZ_ENOTFOUND) {
				fprintf(stderr,
				        "gazette: purge of %s at %s dropped after %d tries\n",
				        rows[k].key, rows[k].target, MAX_ATTEMPTS);
			}
		}
		if (gz_db_commit(db) != GZ_OK) {
			return;
		}
	}
}

/* One look at the queue: prepare what came, send what is due. */
static void
purge_round(struct gz_db *db, struct gz_arena *a)
{
	const char *targets[TARGETS_MAX];
	struct gz_purge_row *rows;
	size_t ntargets, nrows, i, j;
	int64_t now = (int64_t)gz_clock_now();
	int pending;

	gz_arena_reset(a);
	/* Like every connection, this one lets go of a damaged or replaced
	 * file (and reopens once it reads well): an open handle on the old
	 * file would keep the whole process from taking the restored one. */
	if (gz_db_health(db, 0) != GZ_OK) {
		return;
	}
	ntargets =
	    split_targets(a, gz_setting_get(db, a, "purge_urls", ""), targets, 0, TARGETS_MAX);
	ntargets = split_targets(a, getenv("GAZETTE_PURGE"), targets, ntargets, TARGETS_MAX);
	if (gz_purge_pending(db, now, &pending) == GZ_OK && pending) {
		/* Busy: the next round does it. */
		(void)gz_purge_prepare(db, now, targets, ntargets);
	}
	if (ntargets == 0 || gz_purge_next(db, a, now, BATCH_MAX, &rows, &nrows) != GZ_OK) {
		return;
	}
	/* Rows come grouped by target. */
	for (i = 0; i < nrows; i = j) {
		for (j = i; j < nrows && strcmp(rows[j].target, rows[i].target) == 0; j++) {
		}
		send_rows(db, a, rows + i, j - i, now);
	}
}

static void *
purge_main(void *arg)
{
	struct gz_arena arena;
	struct timespec at;
	struct gz_db *db;
	char err[256];
	int stop = 0;

	(void)arg;
	gz_arena_init(&arena, 16 * 1024, 4 * 1024 * 1024);
	db = gz_db_open(purge_db_path, 0, err, sizeof(err));
	if (db == NULL) {
		fprintf(stderr, "gazette: cache purges off: %s\n", err);
	}
	while (!stop) {
		if (db != NULL) {
			purge_round(db, &arena);
		}
		pthread_mutex_lock(&purge_lock);
		clock_gettime(CLOCK_REALTIME, &at);
		at.tv_nsec += PURGE_MS * 1000000L;
		if (at.tv_nsec >= 1000000000L) {
			at.tv_sec++;
			at.tv_nsec -= 1000000000L;
		}
		if (!purge_stopping) {
			pthread_cond_timedwait(&purge_wake, &purge_lock, &at);
		}
		stop = purge_stopping;
		pthread_mutex_unlock(&purge_lock);
	}
	gz_db_close(db);
	gz_arena_free(&arena);
	return NULL;
}

void
gz_app_purge_join(struct gz_app *app)
{
	if (app->one_request || app->db_path == NULL) {
		return;
	}
	pthread_mutex_lock(&purge_lock);
	purge_workers++;
	if (!purge_running) {
		purge_db_path = app->db_path;
		purge_stopping = 0;
		if (pthread_create(&purge_thread, NULL, purge_main, NULL) == 0) {
			purge_running = 1;
		} else {
			fprintf(stderr, "gazette: cache purges off: cannot start their thread\n");
		}
	}
	pthread_mutex_unlock(&purge_lock);
}

void
gz_app_purge_leave(struct gz_app *app)
{
	int join = 0;

	if (app->one_request || app->db_path == NULL) {
		return;
	}
	pthread_mutex_lock(&purge_lock);
	if (purge_workers > 0 && --purge_workers == 0 && purge_running) {
		purge_stopping = 1;
		purge_running = 0;
		join = 1;
		pthread_cond_signal(&purge_wake);
	}
	pthread_mutex_unlock(&purge_lock);
	if (join) {
		pthread_join(purge_thread, NULL);
	}
}
