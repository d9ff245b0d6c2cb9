/*
 * Fuzz the address parsers of gazette/cidr.h.  The input is split at its
 * first newline: the part before is parsed as a range (gz_cidr_parse) and
 * as an address; the part after (NUL-free copy) is an X-Forwarded-For
 * value walked by gz_cidr_client with that range and loopback trusted.
 * Checks: a parsed range has 0..128 bits and no host bits set, contains
 * its own network address, and the client chosen is the peer itself or an
 * address that parses and is not trusted (or the nearest trusted hop).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/cidr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *nl = memchr(data, '\n', size);
	size_t n1 = nl != NULL ? (size_t)(nl - s) : size, i;
	struct gz_cidr set[2];
	unsigned char a[16];
	struct gz_arena ar;
	const char *client;
	char *xff;
	size_t nset = 1;

	gz_arena_init(&ar, 4096, 1 << 20);
	if (gz_cidr_parse("127.0.0.1", 9, &set[0]) != GZ_OK) {
		abort();
	}
	if (gz_cidr_parse(s, n1, &set[1]) == GZ_OK) {
		if (set[1].bits < 0 || set[1].bits > 128 ||
		    !gz_cidr_contains(&set[1], set[1].addr)) {
			abort();
		}
		for (i = 0; i < 16; i++) {
			int keep = set[1].bits - (int)i * 8;

			if (keep <= 0 && set[1].addr[i] != 0) {
				abort();
			}
		}
		nset = 2;
	} else {
		for (i = 0; i < sizeof(set[1]); i++) {
			if (((unsigned char *)&set[1])[i] != 0) {
				abort();
			}
		}
	}
	(void)gz_cidr_addr_parse(s, n1, a);
	if (nl != NULL) {
		xff = gz_arena_strndup(&ar, nl + 1, size - n1 - 1);
		if (xff != NULL) {
			client = gz_cidr_client(&ar, "127.0.0.1", xff, set, nset);
			if (client == NULL ||
			    (strcmp(client, "127.0.0.1") != 0 &&
			     gz_cidr_addr_parse(client, strlen(client), a) != GZ_OK)) {
				abort();
			}
			client = gz_cidr_client(&ar, "192.0.2.1", xff, set, 1);
			if (strcmp(client, "192.0.2.1") != 0) {
				abort();
			}
		}
	}
	gz_arena_free(&ar);
	return 0;
}
