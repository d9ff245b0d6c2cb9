/*
 * Helpers shared by the three transports and nothing else: opening a
 * listening socket on an exact address, the request-body bounds, and the
 * CGI-style mapping (environment variables in, "Status:" header block out)
 * that FastCGI and CGI have in common, and the static files of the
 * standalone server.  None of it knows HTTP routing.
 */
#ifndef GAZETTE_TRANSPORT_INTERNAL_H
#define GAZETTE_TRANSPORT_INTERNAL_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "gazette/httpdate.h"

struct gz_response;
struct gz_worker;

#define GZ_LISTEN_BACKLOG 511    /* pending connections the kernel may queue */
#define GZ_BACKLOG_MAX 65535     /* the most gz_transport_backlog gives */
#define GZ_BACKLOG_FALLBACK 4096 /* when somaxconn cannot be read */

/*
 * Open a TCP socket bound to exactly addr ("127.0.0.1:8080", "[::1]:8080";
 * numeric addresses only) and listening.  Returns the descriptor
 * (close-on-exec, blocking), or -1 with "cannot listen on ADDR: reason" in
 * err.  Its queue holds GZ_LISTEN_BACKLOG connections.
 */
int gz_transport_listen(const char *addr, char *err, size_t errsz);

/* The same with a queue of backlog connections (the kernel caps it at somaxconn). */
int gz_transport_listen_backlog(const char *addr, int backlog, char *err, size_t errsz);

/*
 * The listen queue to use when asked for want connections: want itself
 * when above 0, else the kernel's limit (/proc/sys/net/core/somaxconn,
 * GZ_BACKLOG_FALLBACK when unreadable); never above GZ_BACKLOG_MAX.
 */
int gz_transport_backlog(int want);

/*
 * The address fd is bound to, as "127.0.0.1:8080", "[::1]:8080" or
 * "unix:/run/gazette.sock", into out (NUL-terminated; "?" when unknown).  After listening on port 0
 * this is how the kernel's choice is learnt and announced, so tests need not guess a free port and
 * race another program for it.
 */
void gz_transport_bound_name(int fd, char *out, size_t outsz);

/*
 * The largest request body Gazette accepts for a Content-Type value (NULL
 * means none): GZ_UPLOAD_MAX for multipart/form-data, GZ_FORM_MAX for
 * everything else.
 */
size_t gz_transport_body_limit(const char *content_type);

/*
 * Parse a Content-Length value: one or more ASCII digits, nothing else, at
 * most 18 of them.  Returns 0 and sets *n, or -1.
 */
int gz_transport_parse_length(const char *s, size_t *n);

/*
 * True for response headers the transport computes itself and so never
 * copies from a handler's response (Content-Length, Transfer-Encoding,
 * Connection, Status).
 */
int gz_transport_own_header(const char *name);

/* Read up to n bytes of request body; returns bytes read, 0 at the end, -1 on error. */
typedef ssize_t (*gz_transport_read_fn)(void *ctx, char *buf, size_t n);

/*
 * Fill w->req (after gz_worker_begin) from CGI meta-variables in envp
 * ("NAME=value" strings, NULL-terminated) and the body read through rd:
 * REQUEST_METHOD, REQUEST_URI (else SCRIPT_NAME + PATH_INFO + "?" +
 * QUERY_STRING), HTTP_* as lowercase headers with '_' turned into '-'
 * (those whose names are not tokens are dropped), CONTENT_TYPE and
 * CONTENT_LENGTH as headers (each time they appear), REMOTE_ADDR, HTTPS.  The body
 * is read only when CONTENT_LENGTH is valid and within the limit, and never
 * past it.  Returns 0, or the status (400, 413, 500) to refuse the request
 * with before the application runs.
 */
int gz_transport_cgi_request(struct gz_worker *w, char **envp, gz_transport_read_fn rd, void *ctx);

/*
 * Refuse the request in w with status: an error page in w->resp, headers
 * only for HEAD.
 */
void gz_transport_refuse(struct gz_worker *w, int status);

/*
 * The CGI response head for w->resp: "Status: 200 OK\r\n", the handler's
 * headers, Content-Length and the blank line.  In the request arena; NULL
 * when out of memory.  *len is its length.
 */
const char *gz_transport_cgi_head(struct gz_worker *w, size_t *len);

/*
 * Files under /static/ and /media/ for gazette serve (static.c).
 */
struct gz_static_file {
	int fd;                          /* the open regular file, or -1 */
	struct stat st;                  /* its metadata */
	char etag[64];                   /* strong: "size-mtime in ns", hex */
	char lastmod[GZ_HTTP_DATE_SIZE]; /* its mtime as an HTTP date, or "" */
	char ctype[64];                  /* Content-Type (charset for text under /static/) */
	int is_static;                   /* 1: /static/ asset, 0: /media/ upload */
	int immutable;                   /* fingerprinted asset name: cache for a year */
};

/*
 * Decode rel (the raw target after "/static/" or "/media/"; a query is cut
 * off) and open it beneath root into *f.  Returns 0, or the status to answer:
 * 400 for hostile paths (bad escapes, controls, backslashes, "." or ".."
 * segments however spelt), 404 for what is not served (missing, directories,
 * dotfiles, links, anything but a regular file).  On 0 the caller owns f->fd.
 */
int gz_static_open(const char *root, const char *rel, int is_static, struct gz_static_file *f);

/*
 * True when the client's copy is current: inm (If-None-Match, or NULL)
 * names f's tag, or, without inm, ims (If-Modified-Since, or NULL) is an
 * HTTP date not older than the file.
 */
int gz_static_fresh(const struct gz_static_file *f, const char *inm, const char *ims);

/* Add f's headers to resp (Content-Type only when not fresh, i.e. not a 304). */
void gz_static_headers(struct gz_response *resp, const struct gz_static_file *f, int fresh);

#endif
