/*
 * The cache purger's small parsers (src/app/purge.c), public so unit tests
 * reach them: a purge URL from the settings, and the status line of a
 * cache's answer.  The thread itself is the app's business (internal.h).
 */
#ifndef GAZETTE_PURGE_H
#define GAZETTE_PURGE_H

#include <stddef.h>

/* A purge URL taken apart. */
struct gz_purge_url {
	char host[256]; /* name or address, no brackets */
	char port[6];   /* digits, "80" when the URL names none */
	char path[512]; /* from the first '/', "/" when none */
};

/*
 * Parse "http://host[:port][/path]" into out: 0, or -1 for another
 * scheme, an empty or too long host, a port not 1..65535, or a blank or
 * line break in the path or host (they would end the request line or a
 * header).  IPv6 literals are not taken.
 */
int gz_purge_url_parse(const char *url, struct gz_purge_url *out);

/*
 * The status of an HTTP/1.x answer from its first len bytes in buf
 * ("HTTP/1.1 200 OK\r\n..."): 100..999, or -1 when they do not start
 * with a well-formed status line.  Reads no further than len.
 */
int gz_purge_status(const char *buf, size_t len);

#endif
