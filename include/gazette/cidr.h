/*
 * Address ranges and the client address behind trusted proxies.
 *
 * A range is written as CIDR, "10.0.0.0/8", "fd00::/8", or as one address
 * ("127.0.0.1", "::1": a /32 or /128).  IPv4 ranges and addresses are kept
 * as IPv4-mapped IPv6 (::ffff:a.b.c.d), so "127.0.0.1/8" also matches the
 * ::ffff:127.0.0.1 a dual-stack socket reports.  Parsing is bounded: at
 * most GZ_CIDR_TEXT_MAX bytes are looked at, longer text is refused.
 *
 * gz_cidr_client picks the address a request stands for: the peer itself,
 * unless the peer is a trusted proxy; then the rightmost X-Forwarded-For
 * entry that is not itself a trusted proxy (entries to its left were
 * written by the client and prove nothing).  It knows nothing of where the
 * ranges come from (the --trusted-proxy flag) nor what the address is used
 * for (login throttling, comment and consent hashes).
 */
#ifndef GAZETTE_CIDR_H
#define GAZETTE_CIDR_H

#include <stddef.h>

#include "gazette/err.h"

struct gz_arena;

#define GZ_CIDR_TEXT_MAX 64 /* bytes of one range or address, at most */
#define GZ_CIDR_HOPS_MAX 32 /* X-Forwarded-For entries walked, from the right */
#define GZ_CIDR_LIST_MAX 64 /* ranges one server trusts, at most */

/* One address range. */
struct gz_cidr {
	unsigned char addr[16]; /* network address, IPv4 as ::ffff:a.b.c.d, host bits zero */
	int bits;               /* prefix length over the 128 bits, 0..128 */
};

/*
 * Parse one address (IPv4 dotted quad or IPv6 text, no zone, no brackets)
 * from the n bytes at s into out (16 bytes, IPv4 mapped).  GZ_OK or
 * GZ_EINVAL.
 */
enum gz_err gz_cidr_addr_parse(const char *s, size_t n, unsigned char out[16]);

/*
 * Parse a range "ADDR/BITS" or "ADDR" from the n bytes at s into *out.
 * BITS is 0..32 for IPv4, 0..128 for IPv6, plain decimal without a sign
 * or leading zeros; host bits set in ADDR are cleared ("10.1.2.3/8" is
 * 10.0.0.0/8).  GZ_OK or GZ_EINVAL (*out then zeroed).
 */
enum gz_err gz_cidr_parse(const char *s, size_t n, struct gz_cidr *out);

/* 1 when addr (16 bytes, as from gz_cidr_addr_parse) lies in c. */
int gz_cidr_contains(const struct gz_cidr *c, const unsigned char addr[16]);

/* 1 when the address text addr parses and lies in one of the n ranges. */
int gz_cidr_list_match(const struct gz_cidr *set, size_t n, const char *addr);

/*
 * The client address of a request from peer (the socket's address text)
 * carrying X-Forwarded-For xff (NULL when absent), trusting the n ranges
 * in set: peer when it is not in set (or n is 0, or xff is NULL or has no
 * entry); else walking xff's comma-separated entries from the right,
 * skipping those in set, the first that is not, written canonically
 * (inet_ntop; IPv4-mapped as a dotted quad).  An entry may carry a port
 * ("1.2.3.4:56", "[2001:db8::1]:56").  When an entry does not parse, or
 * GZ_CIDR_HOPS_MAX were walked, the walk stops and the nearest hop to its
 * right stands for the client (it is trusted, so it is what we know).
 * When every entry is trusted, the leftmost.  The result is peer itself
 * or a string in arena; peer when out of memory.
 */
const char *gz_cidr_client(struct gz_arena *arena, const char *peer, const char *xff,
                           const struct gz_cidr *set, size_t n);

#endif
