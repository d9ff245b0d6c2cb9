/*
 * The FastCGI transport, `gazette fcgi`: N worker threads sharing one epoll
 * set, libfcgi for the protocol, and a supervisor process that restarts a
 * worker that dies.
 *
 * Connections are kept alive (nginx: keepalive + fastcgi_keep_conn on) but
 * no thread is tied to one, nor to a request still arriving.  Every
 * connection sits in the shared epoll set, edge-triggered; the thread woken
 * by bytes on it looks at them without taking them (recv MSG_PEEK) and has
 * fcgi_rec.c walk them.  Until a request head (and a body of less than
 * GZ_FCGI_BODY_EAGER bytes) is whole, the connection goes back to the set:
 * a half-sent request holds no thread, and one not whole within
 * --read-timeout (10 s) of its first byte is closed by the sweep, a timer
 * every SWEEP_MS.  A whole request is then taken off the socket by exactly
 * its length (a pipelined next one stays there), its head handed to libfcgi
 * through the thread's own pipe (so libfcgi only ever parses a walked head),
 * its body read here, record by record, within the same deadline, and the
 * answer written by libfcgi's output stream to the connection.  Management
 * records (GET_VALUES) are answered here; a broken record closes the
 * connection, as nothing after it can be trusted to be in step.
 *
 * One thread at a time owns a connection: its slot in a table indexed by
 * descriptor holds a generation and a state (free, idle, busy, busy and
 * woken again), changed by compare-and-swap.  An event that finds the
 * connection busy leaves a note that makes the owner look again before it
 * lets go (edge-triggered events do not repeat), and the generation makes an
 * event for a closed connection whose descriptor was reused harmless.
 *
 * Two processes: a small supervisor opens the socket (its queue --backlog,
 * by default the kernel's somaxconn) and forks the worker process, which
 * inherits it; it restarts a worker that dies, pausing a second when it
 * crash-loops, while queued connections wait in the socket's backlog.
 * SIGTERM or SIGINT to the supervisor is passed on and the worker drains: it
 * stops accepting (connections queue for the next worker: systemd or
 * whoever passed fd 0 keeps the socket), answers every request already
 * sent on its connections and closes each after its answer, closes the idle
 * ones, and exits; so does the supervisor, with status 0.
 *
 * The meta-variable mapping is shared with CGI (cgivars.c), the record
 * checks live in fcgi_rec.c.  This file knows processes, threads, sockets
 * and libfcgi streams; nothing of HTTP routing.
 */
#include <errno.h>
#include <fcgiapp.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
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
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gazette/clock.h"
#include "gazette/app.h"
#include "gazette/fcgi_rec.h"
#include "gazette/transport.h"
#include "internal.h"

#define MAX_THREADS 256         /* upper bound on --threads */
#define MAX_CONNS 65536         /* connections held at once: descriptors below this */
#define STOP_GRACE_MS 30000.0   /* a draining worker waits this long for its requests */
#define CRASH_WINDOW_MS 10000.0 /* restarts counted over this window ... */
#define CRASH_BURST 10          /* ... more than this many, and ... */
#define CRASH_PAUSE_MS 1000     /* ... the supervisor waits this long */
#define WRITE_TIMEOUT_S 10      /* a write to a connection gives up after this */
#define READ_TIMEOUT_S 10       /* default --read-timeout */
#define SWEEP_MS 250            /* how often request deadlines are checked */
#define ACCEPT_BATCH 64         /* connections accepted per wake-up */
#define SKIP_MAX (64 * 1024)    /* body bytes past CONTENT_LENGTH that are dropped, not refused */
/* What is looked at on a connection: a full head and an eager body, with room. */
#define PEEK_MAX (GZ_FCGI_HEAD_MAX + GZ_FCGI_BODY_EAGER + GZ_FCGI_RECORD_MAX)

/* What a worker process needs to know, set by the supervisor. */
struct config {
	int threads;    /* worker threads */
	double read_ms; /* a request must arrive whole within this of its first byte */
};

/* One worker thread. */
struct fthread {
	pthread_t tid;      /* the thread */
	int started;        /* tid is valid */
	struct gz_worker w; /* its request state and database connection */
	FCGX_Request fr;    /* its libfcgi request */
	int pipe[2];        /* carries a walked request head to libfcgi */
	unsigned char *buf; /* PEEK_MAX bytes: what is looked at, then the request taken */
	atomic_int done;    /* the thread has left its loop */
};

/* Connection states, the low half of struct conn's word. */
enum {
	C_FREE,  /* no connection on this descriptor */
	C_IDLE,  /* in the epoll set, no thread on it */
	C_BUSY,  /* a thread owns it */
	C_AGAIN, /* a thread owns it and an event came meanwhile: look again */
};

/* One connection, at the index of its descriptor. */
struct conn {
	_Atomic uint64_t word; /* generation << 32 | state */
	_Atomic int64_t since; /* ms (monotonic) its waiting request began; 0: none */
};

/* What the threads share. */
static struct {
	int ep;             /* the epoll set */
	int listen_fd;      /* the listening socket, one-shot */
	int stop_fd;        /* eventfd, level-triggered: readable once the threads must leave */
	int timer_fd;       /* timerfd: the sweep */
	struct conn *conns; /* nconns slots */
	int nconns;         /* descriptors at or above this are refused */
	atomic_int top;     /* one past the highest descriptor ever used */
	atomic_int open;    /* connections open */
	struct config cfg;  /* threads and deadlines */
} loop = {-1, -1, -1, -1, NULL, 0, 0, 0, {0, 0}};

static atomic_int stopping; /* draining: accept nothing, answer what came, close */
static atomic_int leaving;  /* the threads leave their loops */

/* What one thread's work on a connection came to. */
enum outcome {
	O_WAIT,  /* nothing more to do now: let it go */
	O_AGAIN, /* bytes are waiting: look again */
	O_CLOSE, /* close it */
};

/* A struct conn word: generation gen in state state. */
static uint64_t
pack(uint32_t gen, unsigned state)
{
	return (uint64_t)gen << 32 | state;
}

/* The monotonic clock in whole milliseconds, for struct conn's since. */
static int64_t
now_ms(void)
{
	return (int64_t)gz_clock_mono_ms();
}

/*
 * Say why a connection was closed, at most once a second (a peer writing
 * garbage in a loop must not fill the log), with how many went unsaid.
 */
static void
note_closed(const char *why)
{
	static atomic_llong last;
	static atomic_int unsaid;
	long long sec = (long long)(gz_clock_mono_ms() / 1000.0), prev = atomic_load(&last);

	if (sec == prev || !atomic_compare_exchange_strong(&last, &prev, sec)) {
		atomic_fetch_add(&unsaid, 1);
		return;
	}
	fprintf(stderr, "gazette: fcgi: closed a connection: %s (%d more not logged)\n", why,
	        atomic_exchange(&unsaid, 0));
}

/*
 * Take connection fd of generation gen for this thread: 1 when taken.  A
 * busy one gets the note that makes its owner look again.
 */
static int
take(int fd, uint32_t gen)
{
	struct conn *c = &loop.conns[fd];
	uint64_t w = atomic_load(&c->word);

	for (;;) {
		if ((uint32_t)(w >> 32) != gen) {
			return 0;
		}
		switch ((unsigned)(w & 0xffffffffu)) {
		case C_IDLE:
			if (atomic_compare_exchange_weak(&c->word, &w, pack(gen, C_BUSY))) {
				return 1;
			}
			break;
		case C_BUSY:
			if (atomic_compare_exchange_weak(&c->word, &w, pack(gen, C_AGAIN))) {
				return 0;
			}
			break;
		default:
			return 0;
		}
	}
}

/*
 * Let go of fd, which this thread owns: 0 when done, 1 when an event came
 * meanwhile (the thread still owns it and must look again).
 */
static int
let_go(int fd, uint32_t gen)
{
	struct conn *c = &loop.conns[fd];
	uint64_t w = pack(gen, C_BUSY);

	if (atomic_compare_exchange_strong(&c->word, &w, pack(gen, C_IDLE))) {
		return 0;
	}
	atomic_store(&c->word, pack(gen, C_BUSY));
	return 1;
}

/* Close fd, which this thread owns; its slot goes to the next generation. */
static void
drop(int fd, uint32_t gen)
{
	atomic_store(&loop.conns[fd].since, 0);
	atomic_store(&loop.conns[fd].word, pack(gen + 1, C_FREE));
	close(fd);
	atomic_fetch_sub(&loop.open, 1);
}

/* Write all n bytes to connection fd (bounded by its send timeout); 0 or -1. */
static int
send_all(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t r = send(fd, p, n, MSG_NOSIGNAL);

		if (r < 0 && errno == EINTR) {
			continue;
		}
		if (r <= 0) {
			return -1;
		}
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* Take exactly n bytes that MSG_PEEK saw waiting on fd into buf; 0 or -1. */
static int
take_bytes(int fd, unsigned char *buf, size_t n)
{
	while (n > 0) {
		ssize_t r = recv(fd, buf, n, MSG_DONTWAIT);

		if (r < 0 && errno == EINTR) {
			continue;
		}
		if (r <= 0) {
			return -1;
		}
		buf += r;
		n -= (size_t)r;
	}
	return 0;
}

/* A request body as it is read: STDIN records, taken bytes first, then the socket. */
struct body {
	int fd;                 /* the connection */
	unsigned id;            /* the request id */
	const unsigned char *p; /* taken bytes not yet read (whole STDIN records) */
	size_t n;               /* their number */
	size_t left;            /* content bytes left in the current record */
	size_t pad;             /* padding bytes left after them */
	int ended;              /* the empty STDIN record has been read */
	int failed;             /* a bad record, a read error or the deadline */
	double deadline;        /* ms (monotonic) by which the request must be in */
};

/* Mark b failed (why: NULL for a plain read error or EOF); returns -1. */
static int
body_fail(struct body *b, const char *why)
{
	if (why != NULL && !b->failed) {
		note_closed(why);
	}
	b->failed = 1;
	return -1;
}

/*
 * Up to n bytes of the request into out: from the taken bytes, else from
 * the socket, waiting for them no later than the deadline.  Returns the
 * count (> 0) or -1.
 */
static ssize_t
body_bytes(struct body *b, unsigned char *out, size_t n)
{
	if (b->n > 0) {
		size_t k = n < b->n ? n : b->n;

		memcpy(out, b->p, k);
		b->p += k;
		b->n -= k;
		return (ssize_t)k;
	}
	for (;;) {
		struct pollfd pfd = {b->fd, POLLIN, 0};
		double left = b->deadline - gz_clock_mono_ms();
		ssize_t r = recv(b->fd, out, n, MSG_DONTWAIT);

		if (r > 0) {
			return r;
		}
		if (r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
			return body_fail(b, NULL);
		}
		if (left <= 0) {
			return body_fail(b, "request body not in within --read-timeout");
		}
		if (poll(&pfd, 1, (int)left + 1) < 0 && errno != EINTR) {
			return body_fail(b, NULL);
		}
	}
}

/* Read and check the next record header of the body; 0 or -1. */
static int
body_header(struct body *b)
{
	unsigned char raw[GZ_FCGI_HEADER_LEN];
	struct gz_fcgi_header h;
	const char *why;
	size_t got = 0;

	while (got < sizeof(raw)) {
		ssize_t r = body_bytes(b, raw + got, sizeof(raw) - got);

		if (r < 0) {
			return -1;
		}
		got += (size_t)r;
	}
	gz_fcgi_header_decode(raw, &h);
	if ((why = gz_fcgi_stdin_check(&h, b->id)) != NULL) {
		return body_fail(b, why);
	}
	b->left = h.content_len;
	b->pad = h.padding_len;
	b->ended = h.content_len == 0;
	return 0;
}

/* gz_transport_read_fn over struct body: up to n content bytes, 0 at the end. */
static ssize_t
body_read(void *ctx, char *buf, size_t n)
{
	struct body *b = ctx;

	while (!b->failed) {
		if (b->left > 0) {
			ssize_t r = body_bytes(b, (unsigned char *)buf, n < b->left ? n : b->left);

			if (r > 0) {
				b->left -= (size_t)r;
			}
			return r;
		}
		if (b->pad > 0) {
			unsigned char skip[256];
			ssize_t r = body_bytes(b, skip, b->pad);

			if (r < 0) {
				return -1;
			}
			b->pad -= (size_t)r;
			continue;
		}
		if (b->ended) {
			return 0;
		}
		if (body_header(b) != 0) {
			return -1;
		}
	}
	return -1;
}

/*
 * Read the body to its end (the empty STDIN record) and drop what is
 * read, at most max bytes.  Returns 0, or -1 when the connection is out of
 * step (too much, a bad record, the deadline).
 */
static int
body_skip(struct body *b, size_t max)
{
	char skip[4096];
	size_t skipped = 0;
	ssize_t r;

	while ((r = body_read(b, skip, sizeof(skip))) > 0) {
		skipped += (size_t)r;
		if (skipped > max) {
			return body_fail(b, "body longer than CONTENT_LENGTH or the limit");
		}
	}
	return r == 0 ? 0 : -1;
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

/*
 * Answer the request libfcgi has set up in t->fr, its body read through b.
 * Returns 1 when the request was read to its end and the connection may
 * serve another, 0 when it was answered but must be closed, -1 when it is
 * not to be answered at all (its body never came whole: the peer is gone
 * or out of step).
 */
static int
handle(struct fthread *t, struct body *b)
{
	static const char failed[] = "Status: 500 Internal Server Error\r\n"
	                             "Content-Type: text/plain; charset=utf-8\r\n"
	                             "Content-Length: 22\r\n\r\nInternal server error\n";
	struct gz_worker *w = &t->w;
	double start = gz_clock_mono_ms();
	const char *head;
	size_t headlen = 0;
	int status, reusable = 1;

	gz_worker_begin(w);
	status = gz_transport_cgi_request(w, t->fr.envp, body_read, b);
	if (b->failed) {
		return -1;
	}
	if (status != 0) {
		gz_transport_refuse(w, status);
		/*
		 * Read past the body it will not use (up to the largest nginx
		 * sends): a web server still sending it would get the closed
		 * connection as an error instead of this answer.  If the rest
		 * does not come, answer anyway and close.
		 */
		reusable = body_skip(b, GZ_UPLOAD_MAX + SKIP_MAX) == 0;
	} else if (body_skip(b, SKIP_MAX) != 0) {
		/* Past CONTENT_LENGTH the body must end soon. */
		return -1;
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
	return reusable;
}

/* A fresh pipe for t after libfcgi gave up on the old one. */
static int
pipe_renew(struct fthread *t, int libfcgi_closed_read_end)
{
	if (!libfcgi_closed_read_end && t->pipe[0] >= 0) {
		close(t->pipe[0]);
	}
	if (t->pipe[1] >= 0) {
		close(t->pipe[1]);
	}
	t->pipe[0] = t->pipe[1] = -1;
	/*
	 * Both ends non-blocking: should libfcgi ever want more than the
	 * head, it gets an error, not a thread stuck on an empty pipe.
	 */
	return pipe2(t->pipe, O_CLOEXEC | O_NONBLOCK);
}

/*
 * Serve the request s found at the start of connection fd (n bytes were
 * looked at): take it off the socket, let libfcgi parse its head, answer
 * it, and say what next.
 */
static enum outcome
serve_request(struct fthread *t, int fd, const struct gz_fcgi_scan *s, size_t n)
{
	struct conn *c = &loop.conns[fd];
	struct body b;
	int64_t since = atomic_load(&c->since);
	int reusable, out_failed;

	if (s->role != GZ_FCGI_RESPONDER) {
		unsigned char end[16];

		note_closed("role other than responder");
		(void)send_all(fd, end,
		               gz_fcgi_end_request(end, s->request_id, GZ_FCGI_UNKNOWN_ROLE));
		return O_CLOSE;
	}
	if (since == 0) {
		since = now_ms();
		atomic_store(&c->since, since);
	}
	if (take_bytes(fd, t->buf, s->len) != 0) {
		return O_CLOSE;
	}
	if (write(t->pipe[1], t->buf, s->head_len) != (ssize_t)s->head_len) {
		(void)pipe_renew(t, 0);
		return O_CLOSE;
	}
	t->fr.ipcFd = t->pipe[0];
	/* So the Finish that Accept begins with closes nothing. */
	t->fr.keepConnection = 1;
	if (FCGX_Accept_r(&t->fr) < 0) {
		/* Not for a walked head; libfcgi may have closed the pipe's end. */
		note_closed("libfcgi refused a request head");
		(void)pipe_renew(t, t->fr.ipcFd < 0);
		t->fr.ipcFd = -1;
		return O_CLOSE;
	}
	/* The answer goes to the connection; the body is read here. */
	t->fr.ipcFd = fd;
	b = (struct body){.fd = fd,
	                  .id = s->request_id,
	                  .p = t->buf + s->head_len,
	                  .n = s->len - s->head_len,
	                  .deadline = (double)since + loop.cfg.read_ms};
	reusable = handle(t, &b);
	if (reusable < 0) {
		/* Nothing is sent, not even END_REQUEST: libfcgi's writes fail. */
		t->fr.ipcFd = -1;
	}
	/*
	 * libfcgi writes the end of the output and END_REQUEST; it is never
	 * left to close the connection itself (its close waits on the peer,
	 * and this table must know first), so it gets no descriptor to close.
	 */
	FCGX_FClose(t->fr.err);
	FCGX_FClose(t->fr.out);
	out_failed = FCGX_GetError(t->fr.out) != 0 || FCGX_GetError(t->fr.err) != 0;
	t->fr.ipcFd = -1;
	t->fr.keepConnection = 1;
	FCGX_Finish_r(&t->fr);
	atomic_store(&c->since, 0);
	if (reusable <= 0 || out_failed || !s->keep_conn) {
		return O_CLOSE;
	}
	/*
	 * Look again when the next request was already there behind this
	 * one, and while draining: a request the web server sent since is
	 * answered, and an idle connection closed (serve_once).
	 */
	if ((s->body_complete && n > s->len) || atomic_load(&stopping)) {
		return O_AGAIN;
	}
	return s->body_complete ? O_WAIT : O_AGAIN;
}

/* Look at what waits on connection fd and deal with it once. */
static enum outcome
serve_once(struct fthread *t, int fd)
{
	struct gz_fcgi_scan s;
	struct gz_fcgi_values vals = {(unsigned)loop.nconns, (unsigned)loop.cfg.threads};
	unsigned char answer[GZ_FCGI_ANSWER_MAX];
	ssize_t n;
	size_t alen;

	do {
		n = recv(fd, t->buf, PEEK_MAX, MSG_PEEK | MSG_DONTWAIT);
	} while (n < 0 && errno == EINTR);
	if (n == 0) {
		/* The peer closed it (after a request: an unfinished one). */
		return O_CLOSE;
	}
	if (n < 0) {
		if (errno != EAGAIN && errno != EWOULDBLOCK) {
			return O_CLOSE;
		}
		/* Idle: a draining worker closes it, others keep it. */
		return atomic_load(&stopping) ? O_CLOSE : O_WAIT;
	}
	switch (gz_fcgi_scan(t->buf, (size_t)n, PEEK_MAX, &s)) {
	case GZ_FCGI_MORE: {
		int64_t zero = 0;

		/* The deadline runs from the first bytes seen. */
		(void)atomic_compare_exchange_strong(&loop.conns[fd].since, &zero, now_ms());
		return O_WAIT;
	}
	case GZ_FCGI_BAD:
		note_closed(s.why);
		return O_CLOSE;
	case GZ_FCGI_MANAGEMENT:
		alen = gz_fcgi_answer_management(t->buf, s.len, &vals, answer, sizeof(answer));
		if (alen == 0 || send_all(fd, answer, alen) != 0 ||
		    take_bytes(fd, t->buf, s.len) != 0) {
			return O_CLOSE;
		}
		return O_AGAIN;
	case GZ_FCGI_REQUEST:
		break;
	}
	return serve_request(t, fd, &s, (size_t)n);
}

/*
 * Serve connection fd (generation gen), which this thread has just taken,
 * until nothing waits on it; then let it go or close it.
 */
static void
work(struct fthread *t, int fd, uint32_t gen)
{
	for (;;) {
		enum outcome o = serve_once(t, fd);

		if (o == O_CLOSE) {
			drop(fd, gen);
			return;
		}
		if (o == O_AGAIN) {
			continue;
		}
		if (!let_go(fd, gen)) {
			return;
		}
	}
}

/* Accept the connections waiting on the listening socket, a batch at most. */
static void
accept_some(void)
{
	struct timeval tv = {WRITE_TIMEOUT_S, 0};
	int i;

	for (i = 0; i < ACCEPT_BATCH && !atomic_load(&stopping); i++) {
		struct epoll_event ev;
		uint32_t gen;
		int fd = accept4(loop.listen_fd, NULL, NULL, SOCK_CLOEXEC), top;

		if (fd < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR &&
			    errno != ECONNABORTED) {
				struct timespec pause = {0, 50 * 1000000L};

				/* EMFILE and the like: do not spin. */
				fprintf(stderr, "gazette: fcgi accept: %s\n", strerror(errno));
				nanosleep(&pause, NULL);
			}
			break;
		}
		if (fd >= loop.nconns) {
			note_closed("too many connections");
			close(fd);
			continue;
		}
		/* An answer the peer does not read must not hold a thread for ever. */
		(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		gen = (uint32_t)(atomic_load(&loop.conns[fd].word) >> 32);
		atomic_store(&loop.conns[fd].since, 0);
		atomic_store(&loop.conns[fd].word, pack(gen, C_IDLE));
		atomic_fetch_add(&loop.open, 1);
		top = atomic_load(&loop.top);
		while (fd >= top && !atomic_compare_exchange_weak(&loop.top, &top, fd + 1)) {
		}
		/* Bytes already there are reported at once. */
		ev.events = EPOLLIN | EPOLLRDHUP | EPOLLET;
		ev.data.u64 = (uint64_t)gen << 32 | (uint32_t)fd;
		if (epoll_ctl(loop.ep, EPOLL_CTL_ADD, fd, &ev) != 0) {
			atomic_store(&loop.conns[fd].word, pack(gen, C_BUSY));
			drop(fd, gen);
		}
	}
	if (!atomic_load(&stopping)) {
		struct epoll_event ev = {.events = EPOLLIN | EPOLLONESHOT,
		                         .data.u64 = (uint32_t)loop.listen_fd};

		(void)epoll_ctl(loop.ep, EPOLL_CTL_MOD, loop.listen_fd, &ev);
	}
}

/*
 * The sweep: close connections whose request has not arrived whole within
 * the read timeout; while draining, also serve or close every idle one.
 */
static void
sweep(struct fthread *t)
{
	uint64_t expirations;
	int64_t now = now_ms();
	int fd, top = atomic_load(&loop.top), drain = atomic_load(&stopping);

	/* One thread sweeps per tick: the one that reads the timer. */
	if (read(loop.timer_fd, &expirations, sizeof(expirations)) != sizeof(expirations)) {
		return;
	}
	for (fd = 0; fd < top; fd++) {
		struct conn *c = &loop.conns[fd];
		uint64_t w = atomic_load(&c->word);
		uint32_t gen = (uint32_t)(w >> 32);
		int64_t since = atomic_load(&c->since);
		int late = since != 0 && now - since >= (int64_t)loop.cfg.read_ms;

		if ((w & 0xffffffffu) != C_IDLE || (!late && !drain) || !take(fd, gen)) {
			continue;
		}
		since = atomic_load(&c->since);
		if (since != 0 && now - since >= (int64_t)loop.cfg.read_ms) {
			note_closed("request not in within --read-timeout");
			drop(fd, gen);
		} else if (drain || let_go(fd, gen)) {
			work(t, fd, gen);
		}
	}
}

/* A worker thread: wait for a connection with work, serve it, repeat. */
static void *
serve(void *arg)
{
	struct fthread *t = arg;

	while (!atomic_load(&leaving)) {
		struct epoll_event ev;
		int n = epoll_wait(loop.ep, &ev, 1, -1), fd;

		if (n < 0 && errno != EINTR) {
			struct timespec pause = {0, 50 * 1000000L};

			fprintf(stderr, "gazette: fcgi epoll_wait: %s\n", strerror(errno));
			nanosleep(&pause, NULL);
		}
		if (n <= 0) {
			continue;
		}
		fd = (int)(uint32_t)ev.data.u64;
		if (fd == loop.stop_fd) {
			continue;
		}
		if (fd == loop.listen_fd) {
			accept_some();
		} else if (fd == loop.timer_fd) {
			sweep(t);
		} else if (take(fd, (uint32_t)(ev.data.u64 >> 32))) {
			work(t, fd, (uint32_t)(ev.data.u64 >> 32));
		}
	}
	atomic_store(&t->done, 1);
	return NULL;
}

/*
 * The shared epoll set with the listening socket (one-shot: the thread it
 * wakes re-arms it after a batch), the stop eventfd and the sweep timer.
 */
static int
loop_open(int listen_fd)
{
	struct itimerspec its = {{0, SWEEP_MS * 1000000L}, {0, SWEEP_MS * 1000000L}};
	struct epoll_event ev = {.events = EPOLLIN};
	int fl = fcntl(listen_fd, F_GETFL);

	/* Non-blocking: accepting stops at EAGAIN. */
	if (fl < 0 || fcntl(listen_fd, F_SETFL, fl | O_NONBLOCK) != 0) {
		return -1;
	}
	loop.listen_fd = listen_fd;
	loop.conns = calloc((size_t)loop.nconns, sizeof(*loop.conns));
	if (loop.conns == NULL || (loop.ep = epoll_create1(EPOLL_CLOEXEC)) < 0 ||
	    (loop.stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) < 0 ||
	    (loop.timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK)) < 0 ||
	    timerfd_settime(loop.timer_fd, 0, &its, NULL) != 0) {
		return -1;
	}
	ev.data.u64 = (uint32_t)loop.stop_fd;
	if (epoll_ctl(loop.ep, EPOLL_CTL_ADD, loop.stop_fd, &ev) != 0) {
		return -1;
	}
	/* Edge-triggered: one thread wakes per tick, not all of them. */
	ev.events = EPOLLIN | EPOLLET;
	ev.data.u64 = (uint32_t)loop.timer_fd;
	if (epoll_ctl(loop.ep, EPOLL_CTL_ADD, loop.timer_fd, &ev) != 0) {
		return -1;
	}
	ev.events = EPOLLIN | EPOLLONESHOT;
	ev.data.u64 = (uint32_t)listen_fd;
	return epoll_ctl(loop.ep, EPOLL_CTL_ADD, listen_fd, &ev);
}

/*
 * Drain, then let the threads go: accept nothing more, sweep at once (which
 * closes the idle connections and serves those with bytes waiting), and
 * wait until every connection is closed or the grace period is over.
 * Returns how many threads are still busy.
 */
static int
drain(struct fthread *ts, int nthreads)
{
	struct itimerspec now = {{0, SWEEP_MS * 1000000L}, {0, 1}};
	double until = gz_clock_mono_ms() + STOP_GRACE_MS;
	int i, alive;

	atomic_store(&stopping, 1);
	(void)epoll_ctl(loop.ep, EPOLL_CTL_DEL, loop.listen_fd, NULL);
	(void)timerfd_settime(loop.timer_fd, 0, &now, NULL);
	while (atomic_load(&loop.open) > 0 && gz_clock_mono_ms() < until) {
		struct timespec tick = {0, 10 * 1000000L};

		nanosleep(&tick, NULL);
	}
	/* The eventfd stays readable: every thread waiting in epoll_wait leaves. */
	atomic_store(&leaving, 1);
	(void)!write(loop.stop_fd, &(uint64_t){1}, sizeof(uint64_t));
	do {
		struct timespec tick = {0, 10 * 1000000L};

		alive = 0;
		for (i = 0; i < nthreads; i++) {
			alive += ts[i].started && !atomic_load(&ts[i].done);
		}
		if (alive) {
			nanosleep(&tick, NULL);
		}
	} while (alive && gz_clock_mono_ms() < until);
	return alive;
}

/*
 * The worker process: open per-thread state, report readiness on ready_fd,
 * serve until SIGTERM/SIGINT, then drain and stop.  Returns its exit status.
 */
static int
worker_main(struct gz_app *app, int listen_fd, const struct config *cfg, int ready_fd)
{
	int nthreads = cfg->threads;
	struct fthread *ts = calloc((size_t)nthreads, sizeof(*ts));
	struct rlimit rl;
	sigset_t stop;
	char err[256];
	int i, sig, alive;

	if (ts == NULL) {
		fprintf(stderr, "gazette: fcgi: out of memory\n");
		return 1;
	}
	loop.cfg = *cfg;
	loop.nconns = MAX_CONNS;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)loop.nconns) {
		loop.nconns = (int)rl.rlim_cur;
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
		ts[i].pipe[0] = ts[i].pipe[1] = -1;
		if (gz_worker_init(&ts[i].w, app, err, sizeof(err)) != GZ_OK) {
			fprintf(stderr, "gazette: %s\n", err);
			return 1;
		}
		ts[i].buf = malloc(PEEK_MAX);
		if (ts[i].buf == NULL || pipe_renew(&ts[i], 0) != 0) {
			fprintf(stderr, "gazette: fcgi: cannot set up thread %d: %s\n", i,
			        strerror(errno));
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

	alive = drain(ts, nthreads);
	if (alive) {
		fprintf(stderr, "gazette: fcgi: %d requests still running; stopping anyway\n",
		        alive);
		return 0;
	}
	for (i = 0; i < nthreads; i++) {
		pthread_join(ts[i].tid, NULL);
		gz_worker_free(&ts[i].w);
		free(ts[i].buf);
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
spawn(struct gz_app *app, int listen_fd, const struct config *cfg, int *ready)
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
		rc = worker_main(app, listen_fd, cfg, ready != NULL ? fds[1] : -1);
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
 * Listen on the unix socket path with a queue of backlog, replacing a stale
 * socket file (but no other kind of file).  Returns the descriptor or -1
 * with a message in err.
 */
static int
unix_listen(const char *path, int backlog, char *err, size_t errsz)
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
	    chmod(path, 0660) != 0 || listen(fd, backlog) != 0) {
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

/*
 * Raise the soft limit on open descriptors to the hard one (at most
 * MAX_CONNS and a few): under load every queued request is a connection
 * the worker holds, and systemd's default soft limit is 1024.
 */
static void
raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0) {
		return;
	}
	rl.rlim_cur = rl.rlim_max < MAX_CONNS + 64 ? rl.rlim_max : MAX_CONNS + 64;
	(void)setrlimit(RLIMIT_NOFILE, &rl);
}

int
gz_transport_fcgi(struct gz_app *app, const char *socket_path, const char *listen_addr,
                  const struct gz_fcgi_opts *o)
{
	double restarts[CRASH_BURST] = {0};
	size_t nrestarts = 0;
	sigset_t set, chld, stop;
	char err[256], bound[80];
	struct config cfg = {o->threads,
	                     1000.0 * (o->read_timeout > 0 ? o->read_timeout : READ_TIMEOUT_S)};
	int backlog = gz_transport_backlog(o->backlog);
	const char *where;
	pid_t child;
	int fd, ready = 0, rc = 0;

	if (socket_path != NULL) {
		fd = unix_listen(socket_path, backlog, err, sizeof(err));
		where = socket_path;
	} else if (listen_addr != NULL) {
		fd = gz_transport_listen_backlog(listen_addr, backlog, err, sizeof(err));
		/* The bound port, not the asked one: --listen ADDR:0 works too. */
		gz_transport_bound_name(fd, bound, sizeof(bound));
		where = bound;
	} else if (stdin_is_listener()) {
		fd = 0;
		gz_transport_bound_name(fd, bound, sizeof(bound));
		where = bound;
		/*
		 * systemd's Backlog= (or spawn-fcgi's -b) sized this queue; a
		 * --backlog given on the command line resizes it (Linux lets
		 * listen() run again on a listening socket).
		 */
		if (o->backlog > 0 && listen(fd, backlog) != 0) {
			fprintf(stderr, "gazette: fcgi: cannot resize the queue of fd 0: %s\n",
			        strerror(errno));
		}
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
	if (cfg.threads <= 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		cfg.threads = n > 0 ? (int)(2 * n) : 2;
	}
	if (cfg.threads > MAX_THREADS) {
		cfg.threads = MAX_THREADS;
	}
	raise_nofile();
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	set = stop;
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);

	child = spawn(app, fd, &cfg, &ready);
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
	fprintf(stderr, "gazette: fastcgi on %s, %d threads, worker pid %d\n", where, cfg.threads,
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
		child = spawn(app, fd, &cfg, NULL);
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
