/*
 * The FastCGI transport, `gazette fcgi`: libfcgi with N worker threads, each
 * with its own FCGX_Request and its own struct gz_worker (so its own SQLite
 * connection).
 *
 * Connections are kept alive (nginx: keepalive + fastcgi_keep_conn on) but
 * no thread is tied to one.  libfcgi on its own would keep a thread blocked
 * on its connection between requests, so idle connections kept by nginx
 * could hold every thread while new ones queue unaccepted (measured: p99
 * of 1.5 s, and runs of 0 requests/s).  Instead the threads share one
 * epoll set holding the listening socket and every idle connection, each
 * registered one-shot: the thread woken by a readable connection reads
 * and answers one request on it with libfcgi (handed the descriptor in
 * FCGX_Request.ipcFd), then puts the connection back in the set, idle.
 * libfcgi never accepts by itself (its listen_sock is -1).
 *
 * Two processes: a small supervisor opens the socket and forks the worker
 * process, which inherits it.  Debian's libfcgi aborts on some malformed
 * records, so the supervisor restarts a worker that dies at once (pausing a
 * second when it crash-loops); queued connections wait in the socket's
 * backlog meanwhile.  SIGTERM or SIGINT to the supervisor is passed on; the
 * worker stops accepting, finishes the requests under way and exits, and so
 * does the supervisor, with status 0.
 *
 * The meta-variable mapping is shared with CGI (cgivars.c).  This file
 * knows processes, threads and libfcgi streams; nothing of HTTP routing.
 */
#include <errno.h>
#include <fcgiapp.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gazette/clock.h"
#include "gazette/app.h"
#include "gazette/transport.h"
#include "internal.h"

#define MAX_THREADS 256         /* upper bound on --threads */
#define STOP_GRACE_MS 30000.0   /* in-flight requests get this long at shutdown */
#define CRASH_WINDOW_MS 10000.0 /* restarts counted over this window ... */
#define CRASH_BURST 10          /* ... more than this many, and ... */
#define CRASH_PAUSE_MS 1000     /* ... the supervisor waits this long */
#define IO_TIMEOUT_S 30         /* a read or write on a connection gives up after this */

/* One worker thread. */
struct fthread {
	pthread_t tid;      /* the thread */
	int started;        /* tid is valid */
	struct gz_worker w; /* its request state and database connection */
	FCGX_Request fr;    /* its libfcgi request */
	atomic_int done;    /* the thread has left its loop */
};

/* What the threads share: one epoll set and what is registered in it. */
static struct {
	int ep;        /* the epoll set */
	int listen_fd; /* the listening socket, one-shot */
	int stop_fd;   /* eventfd, level-triggered: readable once stopping */
} loop = {-1, -1, -1};

static atomic_int stopping; /* the worker process is shutting down */

/* Read up to n body bytes from the FastCGI stdin stream. */
static ssize_t
fcgi_read(void *ctx, char *buf, size_t n)
{
	int r = FCGX_GetStr(buf, n > INT_MAX ? INT_MAX : (int)n, ctx);

	return r < 0 ? -1 : r;
}

/* Write n bytes to a FastCGI stream in pieces libfcgi's int count can take. */
static void
fcgi_write(FCGX_Stream *out, const char *p, size_t n)
{
	while (n > 0) {
		int chunk = n > (1u << 30) ? (1 << 30) : (int)n;

		if (FCGX_PutStr(p, chunk, out) != chunk) {
			return;
		}
		p += chunk;
		n -= (size_t)chunk;
	}
}

/* Answer the request t->fr holds. */
static void
handle(struct fthread *t)
{
	static const char failed[] = "Status: 500 Internal Server Error\r\n"
	                             "Content-Type: text/plain; charset=utf-8\r\n"
	                             "Content-Length: 22\r\n\r\nInternal server error\n";
	struct gz_worker *w = &t->w;
	double start = gz_clock_mono_ms();
	const char *head;
	size_t headlen = 0;
	int status;

	gz_worker_begin(w);
	status = gz_transport_cgi_request(w, t->fr.envp, fcgi_read, t->fr.in);
	if (status != 0) {
		gz_transport_refuse(w, status);
		/*
		 * The body may be unread: do not let libfcgi look for the next
		 * request behind it on this connection.
		 */
		t->fr.keepConnection = 0;
	} else {
		gz_app_handle(w);
	}
	head = gz_transport_cgi_head(w, &headlen);
	if (head == NULL) {
		fcgi_write(t->fr.out, failed, sizeof(failed) - 1);
	} else {
		fcgi_write(t->fr.out, head, headlen);
		if (!w->resp.head_only) {
			fcgi_write(t->fr.out, w->resp.body.data, w->resp.body.len);
		}
	}
	gz_app_log(w, gz_clock_mono_ms() - start);
}

/* (Re)arm fd in the epoll set for one readable event. */
static int
arm(int fd)
{
	struct epoll_event ev = {.events = EPOLLIN | EPOLLONESHOT, .data.fd = fd};

	if (epoll_ctl(loop.ep, EPOLL_CTL_MOD, fd, &ev) == 0) {
		return 0;
	}
	return errno == ENOENT ? epoll_ctl(loop.ep, EPOLL_CTL_ADD, fd, &ev) : -1;
}

/*
 * Answer one request on connection fd, then put the connection back in
 * the set if the web server asked to keep it (FCGI_KEEP_CONN) and it is
 * healthy; libfcgi closes it otherwise.  A connection the server closed
 * while idle arrives here readable too: libfcgi reads its end, closes it
 * and, with no socket to accept on, returns an error.
 */
static void
answer(struct fthread *t, int fd)
{
	int fd_kept;

	t->fr.ipcFd = fd;
	t->fr.keepConnection = 1; /* so the Finish that Accept begins with keeps fd */
	if (FCGX_Accept_r(&t->fr) < 0) {
		if (t->fr.ipcFd >= 0) {
			close(t->fr.ipcFd);
		}
		t->fr.ipcFd = -1;
		return;
	}
	handle(t);
	FCGX_Finish_r(&t->fr);
	fd_kept = t->fr.ipcFd;
	t->fr.ipcFd = -1;
	if (fd_kept < 0) {
		return;
	}
	if (atomic_load(&stopping) || arm(fd_kept) != 0) {
		close(fd_kept);
	}
}

/* A new connection: bounded waits on it, then its first request. */
static void
accept_one(struct fthread *t)
{
	struct timeval tv = {IO_TIMEOUT_S, 0};
	int fd = accept4(loop.listen_fd, NULL, NULL, SOCK_CLOEXEC), err = errno;

	/* Let the next connection be taken by another thread meanwhile. */
	(void)arm(loop.listen_fd);
	if (fd < 0) {
		if (err != EAGAIN && err != EWOULDBLOCK && err != EINTR && err != ECONNABORTED) {
			struct timespec pause = {0, 50 * 1000000L};

			/* EMFILE and the like: do not spin. */
			fprintf(stderr, "gazette: fcgi accept: %s\n", strerror(err));
			nanosleep(&pause, NULL);
		}
		return;
	}
	/* A peer that stops mid-record must not hold this thread for ever. */
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	answer(t, fd);
}

/* A worker thread: wait for a connection with work, answer, repeat. */
static void *
serve(void *arg)
{
	struct fthread *t = arg;

	while (!atomic_load(&stopping)) {
		struct epoll_event ev;
		int n = epoll_wait(loop.ep, &ev, 1, -1);

		if (n < 0 && errno != EINTR) {
			struct timespec pause = {0, 50 * 1000000L};

			fprintf(stderr, "gazette: fcgi epoll_wait: %s\n", strerror(errno));
			nanosleep(&pause, NULL);
		}
		if (n <= 0 || ev.data.fd == loop.stop_fd) {
			continue;
		}
		if (ev.data.fd == loop.listen_fd) {
			accept_one(t);
		} else {
			answer(t, ev.data.fd);
		}
	}
	atomic_store(&t->done, 1);
	return NULL;
}

/* The shared epoll set with the listening socket and the stop eventfd. */
static int
loop_open(int listen_fd)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.fd = -1};
	int fl = fcntl(listen_fd, F_GETFL);

	/* Non-blocking: a thread woken for a connection another took gets EAGAIN. */
	if (fl < 0 || fcntl(listen_fd, F_SETFL, fl | O_NONBLOCK) != 0) {
		return -1;
	}
	loop.listen_fd = listen_fd;
	if ((loop.ep = epoll_create1(EPOLL_CLOEXEC)) < 0 ||
	    (loop.stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) < 0) {
		return -1;
	}
	ev.data.fd = loop.stop_fd;
	if (epoll_ctl(loop.ep, EPOLL_CTL_ADD, loop.stop_fd, &ev) != 0) {
		return -1;
	}
	return arm(listen_fd);
}

/*
 * The worker process: open per-thread state, report readiness on ready_fd,
 * serve until SIGTERM/SIGINT, then stop.  Returns its exit status.
 */
static int
worker_main(struct gz_app *app, int listen_fd, int nthreads, int ready_fd)
{
	struct fthread *ts = calloc((size_t)nthreads, sizeof(*ts));
	sigset_t stop;
	char err[256];
	double until;
	int i, sig, alive;

	if (ts == NULL) {
		fprintf(stderr, "gazette: fcgi: out of memory\n");
		return 1;
	}
	if (app->worker_start != NULL) {
		app->worker_start(app);
	}
	signal(SIGPIPE, SIG_IGN);
	if (loop_open(listen_fd) != 0) {
		fprintf(stderr, "gazette: fcgi: cannot set up epoll: %s\n", strerror(errno));
		return 1;
	}
	if (FCGX_Init() != 0) {
		fprintf(stderr, "gazette: fcgi: cannot initialise libfcgi\n");
		return 1;
	}
	for (i = 0; i < nthreads; i++) {
		if (gz_worker_init(&ts[i].w, app, err, sizeof(err)) != GZ_OK) {
			fprintf(stderr, "gazette: %s\n", err);
			return 1;
		}
		/* No socket of its own: connections come from the epoll set. */
		FCGX_InitRequest(&ts[i].fr, -1, 0);
	}
	for (i = 0; i < nthreads; i++) {
		if (pthread_create(&ts[i].tid, NULL, serve, &ts[i]) != 0) {
			fprintf(stderr, "gazette: fcgi: cannot start thread %d\n", i);
			return 1;
		}
		ts[i].started = 1;
	}
	if (ready_fd >= 0) {
		(void)!write(ready_fd, "1", 1);
		close(ready_fd);
	}
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	do {
		if (sigwait(&stop, &sig) != 0) {
			sig = 0;
		}
	} while (sig != SIGTERM && sig != SIGINT);

	atomic_store(&stopping, 1);
	/*
	 * The eventfd stays readable, so every thread waiting in epoll_wait
	 * wakes and leaves.  Threads answering a request finish it first.
	 */
	(void)!write(loop.stop_fd, &(uint64_t){1}, sizeof(uint64_t));
	until = gz_clock_mono_ms() + STOP_GRACE_MS;
	do {
		struct timespec tick = {0, 20 * 1000000L};

		alive = 0;
		for (i = 0; i < nthreads; i++) {
			alive += !atomic_load(&ts[i].done);
		}
		if (alive) {
			nanosleep(&tick, NULL);
		}
	} while (alive && gz_clock_mono_ms() < until);
	if (alive) {
		fprintf(stderr, "gazette: fcgi: %d requests still running; stopping anyway\n",
		        alive);
		return 0;
	}
	for (i = 0; i < nthreads; i++) {
		pthread_join(ts[i].tid, NULL);
		gz_worker_free(&ts[i].w);
	}
	free(ts);
	return 0;
}

/*
 * Fork the worker process.  When ready is non-NULL, wait until it has
 * started and set *ready to 1 (it reported in) or 0 (it died first).
 * Returns its pid, or -1 when fork fails.
 */
static pid_t
spawn(struct gz_app *app, int listen_fd, int nthreads, int *ready)
{
	pid_t parent = getpid();
	int fds[2] = {-1, -1};
	char c;
	pid_t pid;

	if (ready != NULL && pipe(fds) != 0) {
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		if (ready != NULL) {
			close(fds[0]);
			close(fds[1]);
		}
		return -1;
	}
	if (pid == 0) {
		int rc;

		/* A supervisor killed with SIGKILL must not leave a worker behind. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent) {
			_exit(0);
		}
		if (ready != NULL) {
			close(fds[0]);
		}
		rc = worker_main(app, listen_fd, nthreads, ready != NULL ? fds[1] : -1);
		fflush(NULL);
		_exit(rc);
	}
	if (ready != NULL) {
		ssize_t n;

		close(fds[1]);
		do {
			n = read(fds[0], &c, 1);
		} while (n < 0 && errno == EINTR);
		close(fds[0]);
		*ready = n == 1;
	}
	return pid;
}

/*
 * Listen on the unix socket path, replacing a stale socket file (but no
 * other kind of file).  Returns the descriptor or -1 with a message in err.
 */
static int
unix_listen(const char *path, char *err, size_t errsz)
{
	struct sockaddr_un sun;
	struct stat st;
	int fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		snprintf(err, errsz, "cannot listen on %s: path too long", path);
		return -1;
	}
	strcpy(sun.sun_path, path);
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			snprintf(err, errsz, "cannot listen on %s: exists and is not a socket",
			         path);
			return -1;
		}
		unlink(path);
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0 ||
	    chmod(path, 0660) != 0 || listen(fd, GZ_LISTEN_BACKLOG) != 0) {
		snprintf(err, errsz, "cannot listen on %s: %s", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
		}
		return -1;
	}
	return fd;
}

/* True when fd 0 is a listening socket (spawn-fcgi, systemd). */
static int
stdin_is_listener(void)
{
	int v = 0;
	socklen_t len = sizeof(v);

	return getsockopt(0, SOL_SOCKET, SO_ACCEPTCONN, &v, &len) == 0 && v;
}

/*
 * Wait up to ms for one of the signals in set; returns it, or 0 on
 * timeout.
 */
static int
wait_signal(const sigset_t *set, long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	int sig;

	do {
		sig = ms < 0 ? sigwaitinfo(set, NULL) : sigtimedwait(set, NULL, &ts);
	} while (sig < 0 && errno == EINTR);
	return sig < 0 ? 0 : sig;
}

/* Stop the worker: SIGTERM, then SIGKILL if it outstays the grace period. */
static void
stop_worker(pid_t child, const sigset_t *chld)
{
	double until = gz_clock_mono_ms() + STOP_GRACE_MS + 5000.0;

	kill(child, SIGTERM);
	while (waitpid(child, NULL, WNOHANG) == 0) {
		if (gz_clock_mono_ms() > until) {
			kill(child, SIGKILL);
			waitpid(child, NULL, 0);
			return;
		}
		wait_signal(chld, 100);
	}
}

/* Print why the worker ended; returns 1 when it should be restarted. */
static int
report_exit(pid_t pid, int status)
{
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "gazette: fcgi worker %d killed by signal %d (%s); restarting\n",
		        (int)pid, WTERMSIG(status), strsignal(WTERMSIG(status)));
		return 1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
		fprintf(stderr, "gazette: fcgi worker %d exited with status %d; restarting\n",
		        (int)pid, WEXITSTATUS(status));
		return 1;
	}
	return 0;
}

int
gz_transport_fcgi(struct gz_app *app, const char *socket_path, const char *listen_addr, int threads)
{
	double restarts[CRASH_BURST] = {0};
	size_t nrestarts = 0;
	sigset_t set, chld, stop;
	char err[256], bound[80];
	const char *where;
	pid_t child;
	int fd, ready = 0, rc = 0;

	if (socket_path != NULL) {
		fd = unix_listen(socket_path, err, sizeof(err));
		where = socket_path;
	} else if (listen_addr != NULL) {
		fd = gz_transport_listen(listen_addr, err, sizeof(err));
		/* The bound port, not the asked one: --listen ADDR:0 works too. */
		gz_transport_bound_name(fd, bound, sizeof(bound));
		where = bound;
	} else if (stdin_is_listener()) {
		fd = 0;
		gz_transport_bound_name(fd, bound, sizeof(bound));
		where = bound;
	} else {
		snprintf(err, sizeof(err),
		         "fcgi: fd 0 is not a listening socket; use --socket PATH or --listen "
		         "ADDR:PORT");
		fd = -1;
		where = "";
	}
	if (fd < 0) {
		fprintf(stderr, "gazette: %s\n", err);
		return 1;
	}
	if (threads <= 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		threads = n > 0 ? (int)(2 * n) : 2;
	}
	if (threads > MAX_THREADS) {
		threads = MAX_THREADS;
	}
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	set = stop;
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);

	child = spawn(app, fd, threads, &ready);
	if (child < 0 || !ready) {
		if (child > 0) {
			waitpid(child, NULL, 0);
		} else {
			fprintf(stderr, "gazette: fcgi: cannot start the worker: %s\n",
			        strerror(errno));
		}
		rc = 1;
		goto done;
	}
	fprintf(stderr, "gazette: fastcgi on %s, %d threads, worker pid %d\n", where, threads,
	        (int)child);
	for (;;) {
		int sig = wait_signal(&set, -1), status;
		pid_t pid;

		if (sig == SIGTERM || sig == SIGINT) {
			stop_worker(child, &chld);
			break;
		}
		if (sig == SIGHUP) {
			/* Template reload happens in the worker, which serves. */
			kill(child, SIGHUP);
			continue;
		}
		if (sig != SIGCHLD) {
			continue;
		}
		pid = waitpid(child, &status, WNOHANG);
		if (pid != child) {
			continue;
		}
		if (!report_exit(pid, status)) {
			/* It was stopped on purpose (say SIGTERM sent to it alone). */
			break;
		}
		/* Crash-looping: more than CRASH_BURST restarts in the window. */
		if (nrestarts >= CRASH_BURST &&
		    gz_clock_mono_ms() - restarts[nrestarts % CRASH_BURST] < CRASH_WINDOW_MS) {
			sig = wait_signal(&stop, CRASH_PAUSE_MS);
			if (sig == SIGTERM || sig == SIGINT) {
				break;
			}
		}
		restarts[nrestarts % CRASH_BURST] = gz_clock_mono_ms();
		nrestarts++;
		child = spawn(app, fd, threads, NULL);
		if (child < 0) {
			fprintf(stderr, "gazette: fcgi: cannot restart the worker: %s\n",
			        strerror(errno));
			rc = 1;
			break;
		}
	}
done:
	if (fd > 0) {
		close(fd);
	}
	if (socket_path != NULL) {
		unlink(socket_path);
	}
	return rc;
}
