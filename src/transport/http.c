/*
 * The standalone HTTP transport, `gazette serve`: libmicrohttpd with an
 * internal thread pool over epoll, one struct gz_worker (so one SQLite
 * connection) per pool thread.  It serves /static/ and /media/ files itself
 * and hands every other request to gz_app_handle().
 *
 * libmicrohttpd is lenient where nginx is strict, so this file refuses on
 * its own what a front proxy would: duplicate or conflicting framing
 * headers, control bytes in header values, NUL, blanks or control bytes in
 * the request-target, HTTP/1.1 without Host, bodies over Gazette's limits
 * (413 before reading them when Content-Length says so; for a chunked body,
 * 413 once it is over, after reading and dropping at most DISCARD_MAX more).
 * It also bounds the time a request may take to arrive (a watchdog closes
 * connections that trickle), because libmicrohttpd's own timeout only
 * counts idle time.
 *
 * libmicrohttpd 0.9.75 writes the head of the error answers it makes after
 * reading the headers twice, the second copy inside the body.  Its
 * "strict" mode (a missing Host, blanks in the target) is therefore off
 * and those checks are made here, where the answer is ours.  A malformed
 * Content-Length is still answered by libmicrohttpd itself, before any
 * callback can see it: the status line is right, the body is not.
 *
 * It does not know routes, HTML or the database; it never parses a path
 * beyond the two file prefixes.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gazette/clock.h"
#include "gazette/app.h"
#include "gazette/transport.h"
#include "internal.h"

#define CONNECTION_LIMIT 512          /* open connections in all */
#define PER_IP_LIMIT 32               /* open connections from one address */
#define HEAD_MAX (16 * 1024)          /* request line and headers, as nginx's large buffers */
#define CONNECTION_MEMORY (32 * 1024) /* per-connection pool; HEAD_MAX is checked on top */
#define IDLE_TIMEOUT 15               /* seconds a connection may stay silent */
#define REQUEST_DEADLINE_MS 30000.0   /* first byte to complete request */
#define WATCHDOG_PERIOD_MS 500        /* how often the deadline is checked */
#define DRAIN_MS 10000.0              /* at shutdown, how long in-flight requests get */
#define SMALL_FILE (1024 * 1024)      /* files up to this are sent from memory */
#define DISCARD_MAX (1024 * 1024)     /* body bytes dropped before a refusal goes out */

/*
 * One accepted connection (libmicrohttpd's socket context).  Every
 * connection sits on the watchdog's list from accept to close.
 */
struct conn {
	struct conn *prev, *next; /* watchdog list, under watch_lock */
	int fd;                   /* the socket, for shutdown() by the watchdog */
	double start;             /* ms when the current request began to arrive */
	int receiving;            /* 1 while a request is arriving: the deadline applies */
	int killed;               /* the watchdog has shut the socket down */
};

/* One request on a connection (libmicrohttpd's request context). */
struct req {
	struct conn *conn;   /* its connection, or NULL if unknown */
	char *target;        /* request-target as received up to a NUL, malloc'd */
	const char *raw;     /* the target in libmicrohttpd's read buffer */
	int bad_target;      /* blank or control byte in target: 400 */
	double start;        /* ms when the request line was complete */
	int headers_checked; /* the first access-handler call happened */
	int answered;        /* a response was queued */
	int counted;         /* counted in inflight until completion */
	int refusal;         /* status to answer once the body is in (413, 503), or 0 */
	size_t discarded;    /* body bytes dropped since the refusal */
	size_t limit;        /* largest body accepted */
	char *body;          /* body so far, malloc'd; NUL-terminated */
	size_t body_len;     /* bytes in body */
	size_t body_cap;     /* bytes allocated for body */
};

static struct gz_app *the_app;   /* set once before the daemon starts */
static pthread_key_t worker_key; /* this pool thread's struct gz_worker */
static pthread_mutex_t watch_lock = PTHREAD_MUTEX_INITIALIZER;
static struct conn *watch_list; /* every open connection */
static atomic_int watch_stop;   /* tells the watchdog to return */
static atomic_int inflight;     /* requests dispatched, not yet completed */

/* Thread-key destructor: a pool thread is exiting, close its worker. */
static void
worker_destroy(void *p)
{
	struct gz_worker *w = p;

	gz_worker_free(w);
	free(w);
}

/*
 * This thread's worker, created on first use.  NULL when the database
 * cannot be opened (the request then gets a 503 and the next one retries).
 */
static struct gz_worker *
thread_worker(void)
{
	struct gz_worker *w = pthread_getspecific(worker_key);
	char err[256];

	if (w != NULL) {
		return w;
	}
	w = malloc(sizeof(*w));
	if (w == NULL) {
		return NULL;
	}
	if (gz_worker_init(w, the_app, err, sizeof(err)) != GZ_OK) {
		fprintf(stderr, "gazette: worker: %s\n", err);
		free(w);
		return NULL;
	}
	pthread_setspecific(worker_key, w);
	return w;
}

/* libmicrohttpd's connection notifier: join or leave the watchdog's list. */
static void
on_connection(void *cls, struct MHD_Connection *mc, void **socket_context,
              enum MHD_ConnectionNotificationCode code)
{
	struct conn *c;

	(void)cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
		    MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CONNECTION_FD);

		c = calloc(1, sizeof(*c));
		if (c == NULL || ci == NULL) {
			free(c);
			*socket_context = NULL;
			return;
		}
		c->fd = ci->connect_fd;
		c->start = gz_clock_mono_ms();
		c->receiving = 1;
		pthread_mutex_lock(&watch_lock);
		c->next = watch_list;
		if (watch_list != NULL) {
			watch_list->prev = c;
		}
		watch_list = c;
		pthread_mutex_unlock(&watch_lock);
		*socket_context = c;
		return;
	}
	/*
	 * MHD_CONNECTION_NOTIFY_CLOSED comes before libmicrohttpd closes the
	 * descriptor, so once c is off the list the watchdog can never shut
	 * down a reused descriptor number.
	 */
	c = *socket_context;
	if (c == NULL) {
		return;
	}
	pthread_mutex_lock(&watch_lock);
	if (c->prev != NULL) {
		c->prev->next = c->next;
	} else {
		watch_list = c->next;
	}
	if (c->next != NULL) {
		c->next->prev = c->prev;
	}
	pthread_mutex_unlock(&watch_lock);
	free(c);
	*socket_context = NULL;
}

/* Restart or stop the deadline clock of c (NULL is allowed). */
static void
conn_receiving(struct conn *c, int receiving)
{
	if (c == NULL) {
		return;
	}
	pthread_mutex_lock(&watch_lock);
	c->receiving = receiving;
	c->start = gz_clock_mono_ms();
	pthread_mutex_unlock(&watch_lock);
}

/*
 * The watchdog thread: every WATCHDOG_PERIOD_MS, shut down the socket of any
 * connection whose request has been arriving for longer than the deadline.
 * shutdown() (not close()) leaves the descriptor to libmicrohttpd, whose
 * next read sees the end of the stream and cleans the connection up in its
 * own thread, releasing the per-address slot too.
 */
static void *
watchdog(void *arg)
{
	struct timespec period = {0, WATCHDOG_PERIOD_MS * 1000000L};

	(void)arg;
	while (!atomic_load(&watch_stop)) {
		double now = gz_clock_mono_ms();
		struct conn *c;

		pthread_mutex_lock(&watch_lock);
		for (c = watch_list; c != NULL; c = c->next) {
			if (c->receiving && !c->killed && now - c->start > REQUEST_DEADLINE_MS) {
				shutdown(c->fd, SHUT_RDWR);
				c->killed = 1;
			}
		}
		pthread_mutex_unlock(&watch_lock);
		nanosleep(&period, NULL);
	}
	return NULL;
}

/*
 * libmicrohttpd's URI logger runs once the request line is in: the only
 * place that sees the request-target exactly as sent (the access handler
 * gets it percent-decoded and without its query).  Returns the request
 * context.
 */
static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *mc)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(mc, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct req *r = calloc(1, sizeof(*r));
	const unsigned char *p;

	(void)cls;
	if (r == NULL) {
		return NULL;
	}
	r->conn = ci != NULL ? ci->socket_context : NULL;
	r->start = gz_clock_mono_ms();
	r->raw = uri;
	r->target = strdup(uri != NULL ? uri : "");
	if (r->target == NULL) {
		free(r);
		return NULL;
	}
	/* A blank ends the target on the wire; nginx refuses one inside it. */
	for (p = (const unsigned char *)r->target; *p != '\0'; p++) {
		if (*p <= ' ' || *p == 0x7f) {
			r->bad_target = 1;
		}
	}
	return r;
}

/*
 * True when the request-target held a NUL byte.  libmicrohttpd 0.9.75
 * splits the request line in place in its read buffer: the target starts
 * where the URI logger saw it (r->raw), the blank before the version
 * becomes a NUL and the version follows, and the target is then handled
 * as a C string, so "/\0admin" would arrive as "/".  The target ran to the
 * byte before version; if its copy is shorter, a NUL cut it.  A version
 * outside the line (none was sent) leaves nothing to compare.
 */
static int
target_nul(const struct req *r, const char *version)
{
	uintptr_t start = (uintptr_t)r->raw, end = (uintptr_t)version;

	if (r->raw == NULL || version == NULL || end <= start || end - start > HEAD_MAX + 1) {
		return 0;
	}
	return end - start - 1 != strlen(r->target);
}

/* libmicrohttpd's completion notifier: the response went out (or not). */
static void
on_completed(void *cls, struct MHD_Connection *mc, void **req_cls,
             enum MHD_RequestTerminationCode code)
{
	struct req *r = *req_cls;

	(void)cls;
	(void)mc;
	(void)code;
	if (r == NULL) {
		return;
	}
	/* A kept-alive connection is waiting for its next request now. */
	conn_receiving(r->conn, 1);
	if (r->counted) {
		atomic_fetch_sub(&inflight, 1);
	}
	free(r->body);
	free(r->target);
	free(r);
	*req_cls = NULL;
}

/* What the header scan found. */
struct scan {
	size_t n;               /* headers seen */
	size_t bytes;           /* their size on the wire, about */
	int nlength;            /* Content-Length headers */
	int nte;                /* Transfer-Encoding headers */
	int nhost;              /* Host headers */
	int bad;                /* a value holds CR, LF or NUL, or a name is empty */
	const char *length;     /* the Content-Length value */
	const char *te;         /* the Transfer-Encoding value */
	const char *ctype;      /* the Content-Type value */
	struct gz_kv *items;    /* when set, headers are copied here */
	struct gz_arena *arena; /* for the copies */
};

/* Header iterator: count, check, and optionally copy one header. */
static enum MHD_Result
scan_header(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size, const char *value,
            size_t value_size)
{
	struct scan *s = cls;

	(void)kind;
	if (key_size == 0 || strlen(key) != key_size || value == NULL ||
	    strlen(value) != value_size || strpbrk(value, "\r\n") != NULL) {
		s->bad = 1;
	}
	if (strcasecmp(key, "Content-Length") == 0) {
		s->nlength++;
		s->length = value;
	} else if (strcasecmp(key, "Transfer-Encoding") == 0) {
		s->nte++;
		s->te = value;
	} else if (strcasecmp(key, "Host") == 0) {
		s->nhost++;
	} else if (strcasecmp(key, "Content-Type") == 0) {
		s->ctype = value;
	}
	if (s->items != NULL && s->n < GZ_MAX_HEADERS_IN) {
		struct gz_kv *kv = &s->items[s->n];
		char *k = gz_arena_strndup(s->arena, key, key_size);
		size_t i;

		if (k == NULL) {
			return MHD_NO;
		}
		for (i = 0; i < key_size; i++) {
			k[i] = (char)((k[i] >= 'A' && k[i] <= 'Z') ? k[i] + 32 : k[i]);
		}
		kv->key = k;
		kv->val = value != NULL ? value : "";
		kv->vlen = strlen(kv->val);
	}
	s->n++;
	s->bytes += key_size + value_size + 4;
	return MHD_YES;
}

/* Where one header sits in libmicrohttpd's read buffer. */
struct span {
	const char *key;   /* the name */
	const char *value; /* the value, NUL-terminated by libmicrohttpd */
	size_t value_size; /* its length as libmicrohttpd reports it */
};

/* A list of spans being collected. */
struct spans {
	struct span items[GZ_MAX_HEADERS_IN + 1]; /* in arrival order */
	size_t n;                                 /* number collected */
};

/* Header iterator: remember where each header lies. */
static enum MHD_Result
collect_span(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
             const char *value, size_t value_size)
{
	struct spans *sp = cls;

	(void)kind;
	(void)key_size;
	if (sp->n >= sizeof(sp->items) / sizeof(sp->items[0]) || value == NULL) {
		return MHD_NO;
	}
	sp->items[sp->n].key = key;
	sp->items[sp->n].value = value;
	sp->items[sp->n].value_size = value_size;
	sp->n++;
	return MHD_YES;
}

/*
 * True when a header value held a NUL byte.  libmicrohttpd 0.9.75 keeps the
 * head in its read buffer, cuts each line at CR/LF by writing NULs, and
 * reports values by strlen(), so "a\0b" arrives as "a" and the rest is
 * silently dropped.  What follows a value up to the next name may only be
 * trailing blanks and the (overwritten) line end; any other byte there was
 * hidden behind a NUL.  For the last header only the byte after the
 * terminator can be checked without reading past the head.
 */
static int
hidden_nul(struct MHD_Connection *mc)
{
	static const char line_end[] = " \t\r\n";
	struct spans sp;
	size_t i;

	sp.n = 0;
	MHD_get_connection_values_n(mc, MHD_HEADER_KIND, collect_span, &sp);
	for (i = 0; i < sp.n; i++) {
		const char *p = sp.items[i].value + sp.items[i].value_size;

		if (i + 1 < sp.n && sp.items[i + 1].key > p &&
		    sp.items[i + 1].key - p < 64 * 1024) {
			for (; p < sp.items[i + 1].key; p++) {
				if (*p != '\0' && strchr(line_end, *p) == NULL) {
					return 1;
				}
			}
		} else if (i + 1 == sp.n) {
			while (*p == ' ' || *p == '\t') {
				p++;
			}
			if (*p == '\0' && p[1] != '\0' && strchr(line_end, p[1]) == NULL) {
				return 1;
			}
		}
	}
	return 0;
}

/*
 * Check the request head the way a strict proxy would.  Returns 0, or the
 * status to refuse with; sets r->limit.
 */
static int
check_head(struct MHD_Connection *mc, const char *version, struct req *r)
{
	struct scan s;
	size_t len;

	memset(&s, 0, sizeof(s));
	MHD_get_connection_values_n(mc, MHD_HEADER_KIND, scan_header, &s);
	if (s.bad || s.n > GZ_MAX_HEADERS_IN || s.nhost > 1 || hidden_nul(mc) || r->bad_target ||
	    target_nul(r, version)) {
		return 400;
	}
	if (strcmp(version, MHD_HTTP_VERSION_1_1) == 0 && s.nhost == 0) {
		return 400;
	}
	if (r->target == NULL || strlen(r->target) > GZ_TARGET_MAX) {
		return 414;
	}
	/*
	 * libmicrohttpd's pool bounds the head only loosely (cookies count
	 * twice there), so the documented limit is checked here.
	 */
	if (s.bytes + strlen(r->target) > HEAD_MAX) {
		return 431;
	}
	/* Request smuggling needs two framings to disagree; allow only one. */
	if (s.nlength > 1 || s.nte > 1 || (s.nlength && s.nte)) {
		return 400;
	}
	if (s.nte && strcasecmp(s.te, "chunked") != 0) {
		return 400;
	}
	r->limit = gz_transport_body_limit(s.ctype);
	if (s.nlength) {
		if (gz_transport_parse_length(s.length, &len) != 0) {
			return 400;
		}
		if (len > r->limit) {
			return 413;
		}
	}
	return 0;
}

/* Peer address of mc as text, in the arena; "" if unknown. */
static const char *
peer_address(struct MHD_Connection *mc, struct gz_arena *a)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char host[INET6_ADDRSTRLEN];
	socklen_t len;

	if (ci == NULL || ci->client_addr == NULL) {
		return "";
	}
	len = ci->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
	                                             : sizeof(struct sockaddr_in);
	if (getnameinfo(ci->client_addr, len, host, sizeof(host), NULL, 0, NI_NUMERICHOST) != 0) {
		return "";
	}
	return gz_arena_strdup(a, host);
}

/*
 * Start a request on w with the fields every answer (even a refusal) logs:
 * method, target, peer.
 */
static void
begin(struct gz_worker *w, struct MHD_Connection *mc, const char *method, struct req *r)
{
	gz_worker_begin(w);
	w->req.method_name = gz_arena_strdup(&w->arena, method);
	w->req.method = gz_method_parse(method);
	w->req.target = gz_arena_strdup(&w->arena, r->target != NULL ? r->target : "");
	w->req.remote_addr = peer_address(mc, &w->arena);
	if (w->req.method_name == NULL || w->req.target == NULL) {
		w->req.method_name = "";
		w->req.target = "";
	}
}

/* Copy w->resp's headers onto response, except those MHD computes. */
static void
add_headers(struct MHD_Response *response, const struct gz_response *resp)
{
	size_t i;

	for (i = 0; i < resp->nheaders; i++) {
		if (!gz_transport_own_header(resp->headers[i].name)) {
			MHD_add_response_header(response, resp->headers[i].name,
			                        resp->headers[i].value);
		}
	}
}

/*
 * Count r as in flight until libmicrohttpd reports it completed, so a
 * shutdown waits for it to be answered and its bytes to go out.
 */
static void
track(struct req *r)
{
	if (!r->counted) {
		r->counted = 1;
		atomic_fetch_add(&inflight, 1);
	}
}

/* Mark r answered (a response is queued) and track it. */
static void
answered(struct req *r)
{
	r->answered = 1;
	track(r);
}

/*
 * Send w->resp (whose body libmicrohttpd copies, because the arena is reset
 * by the next request on this thread while the bytes may still be going
 * out) and log it.  For HEAD libmicrohttpd sends the headers and the body's
 * Content-Length only.
 */
static enum MHD_Result
send_response(struct MHD_Connection *mc, struct gz_worker *w, struct req *r)
{
	struct MHD_Response *response;
	enum MHD_Result ok;

	response = MHD_create_response_from_buffer(
	    w->resp.body.len, w->resp.body.len ? w->resp.body.data : "", MHD_RESPMEM_MUST_COPY);
	if (response == NULL) {
		return MHD_NO;
	}
	add_headers(response, &w->resp);
	ok = MHD_queue_response(mc, (unsigned)w->resp.status, response);
	MHD_destroy_response(response);
	answered(r);
	gz_app_log(w, gz_clock_mono_ms() - r->start);
	return ok;
}

/*
 * Answer without the application: an error page when this thread has a
 * worker, a bare status line when it does not.
 */
static enum MHD_Result
refuse(struct MHD_Connection *mc, const char *method, struct req *r, int status)
{
	struct gz_worker *w = thread_worker();
	struct MHD_Response *response;
	enum MHD_Result ok;

	/* The body was not read, so the connection cannot be reused. */
	conn_receiving(r->conn, 0);
	if (w != NULL) {
		begin(w, mc, method, r);
		gz_transport_refuse(w, status);
		gz_response_set_header(&w->resp, "Connection", "close");
		if (status == 503) {
			/* Memory or the database: both come back within seconds. */
			gz_response_set_header(&w->resp, "Retry-After", "5");
		}
		return send_response(mc, w, r);
	}
	response = MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
	if (response == NULL) {
		return MHD_NO;
	}
	if (status == 503) {
		MHD_add_response_header(response, "Retry-After", "5");
	}
	ok = MHD_queue_response(mc, (unsigned)status, response);
	MHD_destroy_response(response);
	answered(r);
	return ok;
}

/*
 * Serve a file under root for GET or HEAD of /static/ (is_static) or
 * /media/; rel is the raw target after the prefix.  Small files go out from
 * memory (so the access log counts their bytes); large ones from the
 * descriptor, which libmicrohttpd sends with sendfile() and closes.
 */
static enum MHD_Result
serve_file(struct MHD_Connection *mc, const char *method, struct req *r, const char *root,
           const char *rel, int is_static)
{
	struct gz_worker *w = thread_worker();
	struct MHD_Response *response = NULL;
	struct gz_static_file f;
	enum MHD_Result ok;
	int status, fresh;

	if (w == NULL) {
		return refuse(mc, method, r, 503);
	}
	conn_receiving(r->conn, 0);
	begin(w, mc, method, r);
	if ((status = gz_static_open(root, rel, is_static, &f)) != 0) {
		gz_transport_refuse(w, status);
		return send_response(mc, w, r);
	}
	fresh =
	    gz_static_fresh(&f, MHD_lookup_connection_value(mc, MHD_HEADER_KIND, "If-None-Match"),
	                    MHD_lookup_connection_value(mc, MHD_HEADER_KIND, "If-Modified-Since"));
	if (fresh) {
		w->resp.status = 304;
		close(f.fd);
		f.fd = -1;
	} else if (f.st.st_size <= SMALL_FILE) {
		gz_buf_reserve(&w->resp.body, (size_t)f.st.st_size);
		while (gz_buf_err(&w->resp.body) == GZ_OK &&
		       w->resp.body.len < (size_t)f.st.st_size) {
			ssize_t n = read(f.fd, w->resp.body.data + w->resp.body.len,
			                 (size_t)f.st.st_size - w->resp.body.len);

			if (n <= 0) {
				break;
			}
			w->resp.body.len += (size_t)n;
		}
		close(f.fd);
		f.fd = -1;
		if (gz_buf_err(&w->resp.body) != GZ_OK ||
		    w->resp.body.len != (size_t)f.st.st_size) {
			gz_transport_refuse(w, 500);
			return send_response(mc, w, r);
		}
		w->resp.body.data[w->resp.body.len] = '\0';
	}
	gz_static_headers(&w->resp, &f, fresh);
	if (f.fd < 0) {
		return send_response(mc, w, r);
	}
	response = MHD_create_response_from_fd((uint64_t)f.st.st_size, f.fd);
	if (response == NULL) {
		close(f.fd);
		return MHD_NO;
	}
	add_headers(response, &w->resp);
	ok = MHD_queue_response(mc, 200, response);
	MHD_destroy_response(response);
	answered(r);
	gz_app_log(w, gz_clock_mono_ms() - r->start);
	return ok;
}

/*
 * If target asks for a file under /static/ or /media/, serve it and return
 * 1 with *ok set; else 0.
 */
static int
try_file(struct MHD_Connection *mc, const char *method, struct req *r, enum MHD_Result *ok)
{
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		return 0;
	}
	if (strncmp(r->target, "/static/", 8) == 0) {
		*ok = serve_file(mc, method, r, the_app->static_dir, r->target + 8, 1);
		return 1;
	}
	if (strncmp(r->target, "/media/", 7) == 0) {
		*ok = serve_file(mc, method, r, the_app->media_dir, r->target + 7, 0);
		return 1;
	}
	return 0;
}

/*
 * Append upload bytes to r's body.  0, or the status to refuse the
 * request with: 413 when the body would pass the limit, 503 when memory
 * for it cannot be had (which passes; the body is not too large).
 */
static int
body_append(struct req *r, const char *data, size_t n)
{
	if (n > r->limit - r->body_len) {
		return 413;
	}
	if (r->body_len + n + 1 > r->body_cap) {
		size_t cap = r->body_cap ? r->body_cap : 4096;
		char *p;

		while (cap < r->body_len + n + 1) {
			cap *= 2;
		}
		p = realloc(r->body, cap);
		if (p == NULL) {
			return 503;
		}
		r->body = p;
		r->body_cap = cap;
	}
	memcpy(r->body + r->body_len, data, n);
	r->body_len += n;
	r->body[r->body_len] = '\0';
	return 0;
}

/* The whole request is in: run the application and send its answer. */
static enum MHD_Result
dispatch(struct MHD_Connection *mc, const char *method, struct req *r)
{
	struct gz_worker *w = thread_worker();
	struct scan s;

	if (w == NULL) {
		return refuse(mc, method, r, 503);
	}
	begin(w, mc, method, r);
	memset(&s, 0, sizeof(s));
	s.arena = &w->arena;
	s.items = gz_arena_calloc(&w->arena, GZ_MAX_HEADERS_IN, sizeof(*s.items));
	if (s.items == NULL) {
		gz_transport_refuse(w, 500);
		return send_response(mc, w, r);
	}
	MHD_get_connection_values_n(mc, MHD_HEADER_KIND, scan_header, &s);
	w->req.headers.items = s.items;
	w->req.headers.nitems = s.n < GZ_MAX_HEADERS_IN ? s.n : GZ_MAX_HEADERS_IN;
	w->req.body = r->body;
	w->req.body_len = r->body_len;
	gz_app_handle(w);
	return send_response(mc, w, r);
}

/*
 * libmicrohttpd's access handler, called once when the head is in, then
 * once per piece of body, then once more with nothing when it is complete.
 */
static enum MHD_Result
on_request(void *cls, struct MHD_Connection *mc, const char *url, const char *method,
           const char *version, const char *upload_data, size_t *upload_data_size, void **req_cls)
{
	struct req *r = *req_cls;
	enum MHD_Result ok;
	int status;

	(void)cls;
	(void)url;
	if (r == NULL) {
		/* The URI logger could not allocate; nothing sensible to say. */
		return MHD_NO;
	}
	if (r->answered) {
		/* Refused early: drop whatever body still arrives. */
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (!r->headers_checked) {
		r->headers_checked = 1;
		status = check_head(mc, version, r);
		if (status != 0) {
			return refuse(mc, method, r, status);
		}
		/*
		 * Even files wait for the (normally empty) body: a response
		 * queued before the request is complete makes libmicrohttpd
		 * close the connection afterwards.
		 */
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		/*
		 * libmicrohttpd 0.9.75 takes a response only before the first
		 * body byte or after the last, so a body that turns out too
		 * large (chunked: no length up front) or that memory cannot
		 * hold is read and dropped, and the refusal goes out at the
		 * end; past DISCARD_MAX more bytes the connection is closed
		 * instead, so a client cannot keep a thread reading forever.
		 */
		if (r->refusal == 0) {
			r->refusal = body_append(r, upload_data, *upload_data_size);
			if (r->refusal != 0) {
				free(r->body);
				r->body = NULL;
				r->body_len = r->body_cap = 0;
			}
		} else if ((r->discarded += *upload_data_size) > DISCARD_MAX) {
			return MHD_NO;
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (r->refusal != 0) {
		return refuse(mc, method, r, r->refusal);
	}
	conn_receiving(r->conn, 0);
	/* From here a shutdown waits for this request. */
	track(r);
	if (try_file(mc, method, r, &ok)) {
		return ok;
	}
	return dispatch(mc, method, r);
}

/*
 * Block the stop signals in this thread (and so in every thread started
 * after, which inherit the mask) so only sigwait() in the main thread sees
 * them.
 */
static void
block_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	pthread_sigmask(SIG_BLOCK, set, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* Pool size: two threads per core, within sane bounds. */
static unsigned
pool_size(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1) {
		n = 1;
	}
	n *= 2;
	return (unsigned)(n > 64 ? 64 : n);
}

int
gz_transport_http(struct gz_app *app, const char *listen_addr)
{
	struct MHD_Daemon *d;
	pthread_t watcher;
	sigset_t set;
	char err[256], name[80];
	double until;
	int fd, sig, flags;

	the_app = app;
	fd = gz_transport_listen(listen_addr, err, sizeof(err));
	if (fd < 0) {
		fprintf(stderr, "gazette: %s\n", err);
		return 1;
	}
	/* Pool threads share the socket; none may block in accept(). */
	flags = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, flags | O_NONBLOCK);
	if (pthread_key_create(&worker_key, worker_destroy) != 0) {
		fprintf(stderr, "gazette: cannot create thread key\n");
		close(fd);
		return 1;
	}
	block_signals(&set);
	atomic_store(&watch_stop, 0);
	if (pthread_create(&watcher, NULL, watchdog, NULL) != 0) {
		fprintf(stderr, "gazette: cannot start the watchdog thread\n");
		close(fd);
		return 1;
	}
	/* Not "strict": its refusals come out garbled (see the file comment),
	 * and check_head makes the same ones. */
	d = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC, 0, NULL, NULL,
	    on_request, NULL, MHD_OPTION_LISTEN_SOCKET, fd, MHD_OPTION_THREAD_POOL_SIZE,
	    pool_size(), MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONNECTION_LIMIT,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)PER_IP_LIMIT,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)IDLE_TIMEOUT, MHD_OPTION_STRICT_FOR_CLIENT,
	    (int)0, MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL, MHD_OPTION_NOTIFY_CONNECTION,
	    on_connection, NULL, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_END);
	if (d == NULL) {
		fprintf(stderr, "gazette: cannot start the HTTP server on %s\n", listen_addr);
		atomic_store(&watch_stop, 1);
		pthread_join(watcher, NULL);
		close(fd);
		return 1;
	}
	gz_transport_bound_name(fd, name, sizeof(name));
	fprintf(stderr, "gazette: serving http://%s/\n", name);
	do {
		if (sigwait(&set, &sig) != 0) {
			sig = 0;
		}
	} while (sig != SIGTERM && sig != SIGINT);
	fprintf(stderr, "gazette: stopping\n");
	/* Refuse new connections, let answers under way finish, then stop. */
	MHD_quiesce_daemon(d);
	until = gz_clock_mono_ms() + DRAIN_MS;
	while (atomic_load(&inflight) > 0 && gz_clock_mono_ms() < until) {
		struct timespec tick = {0, 20 * 1000000L};

		nanosleep(&tick, NULL);
	}
	MHD_stop_daemon(d);
	close(fd);
	atomic_store(&watch_stop, 1);
	pthread_join(watcher, NULL);
	return 0;
}
