/*
 * Address ranges (CIDR) and the client address behind trusted proxies
 * (gazette/cidr.h).  Text is copied into a bounded buffer before libc's
 * inet_pton reads it, so no parser here walks past GZ_CIDR_TEXT_MAX bytes.
 * It does not know where the ranges come from nor what the address is for.
 */
#include <arpa/inet.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/cidr.h"

/* Copy the n bytes at s into buf (bufsz) with a NUL; -1 when too long or holding a NUL. */
static int
copy_text(char *buf, size_t bufsz, const char *s, size_t n)
{
	if (n == 0 || n >= bufsz || memchr(s, '\0', n) != NULL) {
		return -1;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	return 0;
}

enum gz_err
gz_cidr_addr_parse(const char *s, size_t n, unsigned char out[16])
{
	char buf[GZ_CIDR_TEXT_MAX + 1];
	unsigned char v4[4];

	memset(out, 0, 16);
	if (copy_text(buf, sizeof(buf), s, n) != 0) {
		return GZ_EINVAL;
	}
	if (strchr(buf, ':') == NULL) {
		/* inet_pton's AF_INET takes exactly the dotted quad, no octal. */
		if (inet_pton(AF_INET, buf, v4) != 1) {
			return GZ_EINVAL;
		}
		out[10] = 0xff;
		out[11] = 0xff;
		memcpy(out + 12, v4, 4);
		return GZ_OK;
	}
	if (inet_pton(AF_INET6, buf, out) != 1) {
		memset(out, 0, 16);
		return GZ_EINVAL;
	}
	return GZ_OK;
}

/* 1 when addr is IPv4-mapped (::ffff:0:0/96). */
static int
is_mapped(const unsigned char addr[16])
{
	static const unsigned char prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

	return memcmp(addr, prefix, sizeof(prefix)) == 0;
}

/* Parse the prefix length digits (no sign, no leading zero) up to max; -1 when bad. */
static int
parse_bits(const char *s, size_t n, int max)
{
	int v = 0;
	size_t i;

	if (n == 0 || n > 3 || (n > 1 && s[0] == '0')) {
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9') {
			return -1;
		}
		v = v * 10 + (s[i] - '0');
	}
	return v <= max ? v : -1;
}

enum gz_err
gz_cidr_parse(const char *s, size_t n, struct gz_cidr *out)
{
	const char *slash;
	size_t alen;
	int bits, i, v4;

	memset(out, 0, sizeof(*out));
	if (n > GZ_CIDR_TEXT_MAX) {
		return GZ_EINVAL;
	}
	slash = memchr(s, '/', n);
	alen = slash != NULL ? (size_t)(slash - s) : n;
	if (gz_cidr_addr_parse(s, alen, out->addr) != GZ_OK) {
		return GZ_EINVAL;
	}
	/* "::ffff:1.2.3.4/24" written as IPv6 counts its bits over 128. */
	v4 = is_mapped(out->addr) && memchr(s, ':', alen) == NULL;
	if (slash == NULL) {
		bits = 128;
	} else if ((bits = parse_bits(slash + 1, n - alen - 1, v4 ? 32 : 128)) < 0) {
		memset(out, 0, sizeof(*out));
		return GZ_EINVAL;
	} else if (v4) {
		bits += 96;
	}
	out->bits = bits;
	for (i = 0; i < 16; i++) {
		int keep = bits - i * 8;

		if (keep <= 0) {
			out->addr[i] = 0;
		} else if (keep < 8) {
			out->addr[i] &= (unsigned char)(0xff << (8 - keep));
		}
	}
	return GZ_OK;
}

int
gz_cidr_contains(const struct gz_cidr *c, const unsigned char addr[16])
{
	int whole = c->bits / 8, rest = c->bits % 8;

	if (memcmp(c->addr, addr, (size_t)whole) != 0) {
		return 0;
	}
	if (rest == 0) {
		return 1;
	}
	return ((addr[whole] ^ c->addr[whole]) & (unsigned char)(0xff << (8 - rest))) == 0;
}

/* 1 when the 16-byte addr lies in one of the n ranges. */
static int
in_set(const struct gz_cidr *set, size_t n, const unsigned char addr[16])
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (gz_cidr_contains(&set[i], addr)) {
			return 1;
		}
	}
	return 0;
}

int
gz_cidr_list_match(const struct gz_cidr *set, size_t n, const char *addr)
{
	unsigned char a[16];

	return addr != NULL && gz_cidr_addr_parse(addr, strlen(addr), a) == GZ_OK &&
	       in_set(set, n, a);
}

/*
 * Parse one X-Forwarded-For entry (the n bytes at s, already trimmed) into
 * out, dropping a port: "[v6]:port", "v4:port", or a bare address.  GZ_OK
 * or GZ_EINVAL.
 */
static enum gz_err
parse_hop(const char *s, size_t n, unsigned char out[16])
{
	const char *colon, *close;

	if (n > 0 && s[0] == '[') {
		close = memchr(s, ']', n);
		if (close == NULL || (close + 1 != s + n && close[1] != ':')) {
			return GZ_EINVAL;
		}
		return gz_cidr_addr_parse(s + 1, (size_t)(close - s - 1), out);
	}
	colon = memchr(s, ':', n);
	if (colon != NULL && memchr(colon + 1, ':', n - (size_t)(colon - s) - 1) == NULL) {
		/* Exactly one colon: an IPv4 address and a port. */
		return gz_cidr_addr_parse(s, (size_t)(colon - s), out);
	}
	return gz_cidr_addr_parse(s, n, out);
}

/* The canonical text of addr in arena (IPv4-mapped as a dotted quad), or NULL. */
static const char *
addr_text(struct gz_arena *arena, const unsigned char addr[16])
{
	char buf[INET6_ADDRSTRLEN];

	if (is_mapped(addr)) {
		if (inet_ntop(AF_INET, addr + 12, buf, sizeof(buf)) == NULL) {
			return NULL;
		}
	} else if (inet_ntop(AF_INET6, addr, buf, sizeof(buf)) == NULL) {
		return NULL;
	}
	return gz_arena_strdup(arena, buf);
}

const char *
gz_cidr_client(struct gz_arena *arena, const char *peer, const char *xff, const struct gz_cidr *set,
               size_t n)
{
	unsigned char hop[16], nearest[16];
	const char *end, *start, *p, *text;
	int have_nearest = 0, walked = 0;

	if (n == 0 || xff == NULL || peer == NULL || !gz_cidr_list_match(set, n, peer)) {
		return peer;
	}
	end = xff + strlen(xff);
	while (end > xff && walked < GZ_CIDR_HOPS_MAX) {
		for (p = end; p > xff && p[-1] != ','; p--) {
		}
		start = p;
		/* Trim spaces and tabs around the entry. */
		while (start < end && (*start == ' ' || *start == '\t')) {
			start++;
		}
		for (p = end; p > start && (p[-1] == ' ' || p[-1] == '\t'); p--) {
		}
		if (p > start) {
			walked++;
			if (parse_hop(start, (size_t)(p - start), hop) != GZ_OK) {
				break;
			}
			if (!in_set(set, n, hop)) {
				text = addr_text(arena, hop);
				return text != NULL ? text : peer;
			}
			memcpy(nearest, hop, sizeof(nearest));
			have_nearest = 1;
		}
		/* Step over the comma, if any, to the entry on the left. */
		end = start;
		while (end > xff && end[-1] != ',') {
			end--;
		}
		if (end > xff) {
			end--;
		}
	}
	if (!have_nearest) {
		return peer;
	}
	text = addr_text(arena, nearest);
	return text != NULL ? text : peer;
}
