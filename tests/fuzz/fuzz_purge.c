/*
 * Fuzz the purge client's parsers (gazette/purge.h).  The whole input is
 * an answer's first bytes for gz_purge_status, which must read no further
 * than the length given (the buffer is an exact-size heap copy, so ASan
 * sees any overread) and return -1 or a three-digit status; a NUL-free
 * copy is a purge URL for gz_purge_url_parse, whose parts must then be
 * NUL-terminated inside their fields, the port 1..65535 and the path start
 * with '/', none holding a blank or line break.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/purge.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 1 when s holds a blank, tab, CR or LF. */
static int
has_break(const char *s)
{
	return strpbrk(s, " \t\r\n") != NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gz_purge_url u;
	char *buf = malloc(size + 1), *url;
	int status, port;

	if (buf == NULL) {
		return 0;
	}
	memcpy(buf, data, size);
	status = gz_purge_status(buf, size);
	if (status != -1 && (status < 100 || status > 999)) {
		abort();
	}
	/* The URL: the input up to its first NUL. */
	buf[size] = '\0';
	url = buf;
	if (gz_purge_url_parse(url, &u) == 0) {
		if (memchr(u.host, '\0', sizeof(u.host)) == NULL ||
		    memchr(u.port, '\0', sizeof(u.port)) == NULL ||
		    memchr(u.path, '\0', sizeof(u.path)) == NULL) {
			abort();
		}
		port = atoi(u.port);
		if (u.host[0] == '\0' || port < 1 || port > 65535 || u.path[0] != '/' ||
		    has_break(u.host) || has_break(u.path)) {
			abort();
		}
	}
	free(buf);
	return 0;
}
