/*
 * The CGI transport: one request from the environment and stdin, one
 * answer on stdout, then exit.  Any CGI host can run the gazette binary; it
 * notices by GATEWAY_INTERFACE.  The mapping of meta-variables is shared
 * with FastCGI (cgivars.c); this file only owns stdin and stdout.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "gazette/clock.h"
#include "gazette/app.h"
#include "gazette/transport.h"
#include "internal.h"

extern char **environ;

int
gz_transport_is_cgi(void)
{
	return getenv("GATEWAY_INTERFACE") != NULL;
}

/* Read body bytes from stdin; never asks for more than the caller's bound. */
static ssize_t
stdin_read(void *ctx, char *buf, size_t n)
{
	ssize_t r;

	(void)ctx;
	do {
		r = read(STDIN_FILENO, buf, n);
	} while (r < 0 && errno == EINTR);
	return r;
}

/* Write all n bytes to stdout; -1 when the server went away. */
static int
write_all(const char *p, size_t n)
{
	while (n > 0) {
		ssize_t r = write(STDOUT_FILENO, p, n);

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

int
gz_transport_cgi(struct gz_app *app)
{
	static const char unavailable[] = "Status: 503 Service Unavailable\r\n"
	                                  "Content-Type: text/plain; charset=utf-8\r\n"
	                                  "Content-Length: 20\r\n\r\n"
	                                  "Service unavailable\n";
	struct gz_worker w;
	char err[256];
	const char *head;
	size_t headlen = 0;
	double start = gz_clock_mono_ms();
	int status;

	/* The process ends with the request: nothing is left to run later. */
	app->one_request = 1;
	if (gz_worker_init(&w, app, err, sizeof(err)) != GZ_OK) {
		fprintf(stderr, "gazette: %s\n", err);
		(void)write_all(unavailable, sizeof(unavailable) - 1);
		return 1;
	}
	gz_worker_begin(&w);
	status = gz_transport_cgi_request(&w, environ, stdin_read, NULL);
	if (status != 0) {
		gz_transport_refuse(&w, status);
	} else {
		gz_app_handle(&w);
	}
	head = gz_transport_cgi_head(&w, &headlen);
	/* A failed write means the web server hung up; nobody is left to tell. */
	if (head == NULL) {
		(void)write_all(unavailable, sizeof(unavailable) - 1);
	} else if (write_all(head, headlen) == 0 && !w.resp.head_only) {
		(void)write_all(w.resp.body.data, w.resp.body.len);
	}
	gz_app_log(&w, gz_clock_mono_ms() - start);
	gz_worker_free(&w);
	return 0;
}
