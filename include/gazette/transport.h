/*
 * The three ways requests reach Gazette: a standalone HTTP server
 * (libmicrohttpd), a FastCGI server (libfcgi) and one CGI request.  Each
 * only translates bytes into a struct gz_request and a struct gz_response
 * back into bytes; gz_app_handle() does the rest.
 *
 * Each entry point runs until the server stops and returns the process
 * exit status: 0 after a clean SIGTERM/SIGINT shutdown (or an answered CGI
 * request), 1 after a start-up failure, with one line on stderr such as
 * "gazette: cannot listen on 127.0.0.1:8080: Address already in use".
 * The caller has prepared app (database migrated, templates compiled); the
 * transports open their own per-thread connections with gz_worker_init().
 */
#ifndef GAZETTE_TRANSPORT_H
#define GAZETTE_TRANSPORT_H

struct gz_app;

/*
 * gazette serve: HTTP/1.1 on listen ("127.0.0.1:8080", "[::1]:8080"), with
 * /static/ and /media/ served from app->static_dir and app->media_dir.
 */
int gz_transport_http(struct gz_app *app, const char *listen);

/* How gazette fcgi runs, beyond where it listens; 0 picks a default. */
struct gz_fcgi_opts {
	int threads;      /* worker threads; default two per core */
	int backlog;      /* connections the kernel may queue; default its somaxconn */
	int read_timeout; /* seconds a request may take to arrive whole; default 10 */
};

/*
 * gazette fcgi: FastCGI on the unix socket socket_path, or the TCP address
 * listen (exactly that address), or, when both are NULL, the listening
 * socket inherited on fd 0 (spawn-fcgi, systemd; its queue is resized only
 * when o->backlog is given).  Runs as a supervisor that restarts a worker
 * process that dies; SIGTERM drains the worker (src/transport/fcgi.c).
 */
int gz_transport_fcgi(struct gz_app *app, const char *socket_path, const char *listen,
                      const struct gz_fcgi_opts *o);

/* Answer the one CGI request described by the environment and stdin. */
int gz_transport_cgi(struct gz_app *app);

/* True when the process was started as CGI (GATEWAY_INTERFACE is set). */
int gz_transport_is_cgi(void);

#endif
