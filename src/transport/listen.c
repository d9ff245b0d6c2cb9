/*
 * Listening sockets on an exact address.  `gazette serve --listen` and
 * `gazette fcgi --listen` bind the one address they are given (libfcgi's own
 * ":port" form would bind every interface), so this file parses
 * "127.0.0.1:8080" and "[::1]:8080" itself.  It knows nothing about HTTP or
 * FastCGI; names are never resolved, so no DNS happens at start-up.
 */
#include <errno.h>
#include <fcntl.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "internal.h"

/*
 * Split "host:port" or "[v6]:port" into host and port (copied into the
 * given arrays).  Returns 0, or -1 when the shape is wrong.
 */
static int
split_addr(const char *addr, char *host, size_t hostsz, char *port, size_t portsz)
{
	const char *colon;
	const char *h;
	size_t hlen;

	if (addr[0] == '[') {
		const char *close = strchr(addr, ']');

		if (close == NULL || close[1] != ':') {
			return -1;
		}
		h = addr + 1;
		hlen = (size_t)(close - h);
		colon = close + 1;
	} else {
		colon = strrchr(addr, ':');
		if (colon == NULL || memchr(addr, ':', (size_t)(colon - addr)) != NULL) {
			return -1;
		}
		h = addr;
		hlen = (size_t)(colon - addr);
	}
	if (hlen == 0 || hlen >= hostsz || strlen(colon + 1) == 0 || strlen(colon + 1) >= portsz ||
	    strspn(colon + 1, "0123456789") != strlen(colon + 1)) {
		return -1;
	}
	memcpy(host, h, hlen);
	host[hlen] = '\0';
	strcpy(port, colon + 1);
	return 0;
}

int
gz_transport_backlog(int want)
{
	FILE *f;
	long n = 0;

	if (want <= 0 && (f = fopen("/proc/sys/net/core/somaxconn", "r")) != NULL) {
		if (fscanf(f, "%ld", &n) != 1) {
			n = 0;
		}
		fclose(f);
	}
	if (want > 0) {
		n = want;
	} else if (n <= 0) {
		n = GZ_BACKLOG_FALLBACK;
	}
	return n > GZ_BACKLOG_MAX ? GZ_BACKLOG_MAX : (int)n;
}

int
gz_transport_listen(const char *addr, char *err, size_t errsz)
{
	return gz_transport_listen_backlog(addr, GZ_LISTEN_BACKLOG, err, errsz);
}

int
gz_transport_listen_backlog(const char *addr, int backlog, char *err, size_t errsz)
{
	char host[64], port[8];
	struct addrinfo hints, *ai = NULL;
	int fd = -1, one = 1, rc;

	if (split_addr(addr, host, sizeof(host), port, sizeof(port)) != 0) {
		snprintf(err, errsz, "cannot listen on %s: expected ADDR:PORT or [ADDR6]:PORT",
		         addr);
		return -1;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	rc = getaddrinfo(host, port, &hints, &ai);
	if (rc != 0) {
		snprintf(err, errsz, "cannot listen on %s: not a numeric address and port", addr);
		return -1;
	}
	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
	if (fd < 0) {
		goto fail;
	}
	/* A restarted server must not wait out TIME_WAIT of its predecessor. */
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (ai->ai_family == AF_INET6) {
		/* "[::]:80" means IPv6 only; nobody asked for IPv4 too. */
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	}
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, backlog) != 0) {
		goto fail;
	}
	freeaddrinfo(ai);
	return fd;
fail:
	snprintf(err, errsz, "cannot listen on %s: %s", addr, strerror(errno));
	if (fd >= 0) {
		close(fd);
	}
	freeaddrinfo(ai);
	return -1;
}

void
gz_transport_bound_name(int fd, char *out, size_t outsz)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char host[INET6_ADDRSTRLEN];
	const void *a;
	int port;

	snprintf(out, outsz, "?");
	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0) {
		return;
	}
	if (ss.ss_family == AF_INET) {
		a = &((struct sockaddr_in *)&ss)->sin_addr;
		port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
	} else if (ss.ss_family == AF_INET6) {
		a = &((struct sockaddr_in6 *)&ss)->sin6_addr;
		port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	} else if (ss.ss_family == AF_UNIX) {
		snprintf(out, outsz, "unix:%.*s",
		         (int)sizeof(((struct sockaddr_un *)&ss)->sun_path),
		         ((struct sockaddr_un *)&ss)->sun_path);
		return;
	} else {
		return;
	}
	if (inet_ntop(ss.ss_family, a, host, sizeof(host)) == NULL) {
		return;
	}
	snprintf(out, outsz, ss.ss_family == AF_INET6 ? "[%s]:%d" : "%s:%d", host, port);
}
