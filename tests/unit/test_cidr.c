/*
 * Address ranges and the client behind trusted proxies (gazette/cidr.h):
 * parsing of IPv4 and IPv6 addresses and ranges with their malformed
 * forms, containment at prefix boundaries, IPv4-mapped addresses, and the
 * X-Forwarded-For walk (rightmost untrusted hop, ports, junk, all
 * trusted, no header, untrusted peer).
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/cidr.h"
#include "test.h"

static int
parses(const char *s)
{
	struct gz_cidr c;

	return gz_cidr_parse(s, strlen(s), &c) == GZ_OK;
}

static int
in(const char *range, const char *addr)
{
	struct gz_cidr c;
	unsigned char a[16];

	return gz_cidr_parse(range, strlen(range), &c) == GZ_OK &&
	       gz_cidr_addr_parse(addr, strlen(addr), a) == GZ_OK && gz_cidr_contains(&c, a);
}

static void
test_parse(void)
{
	static const char *good[] = {"127.0.0.1",       "10.0.0.0/8",    "0.0.0.0/0",
	                             "192.168.1.7/32",  "::1",           "::/0",
	                             "fd00::/8",        "2001:db8::/32", "::ffff:10.0.0.0/104",
	                             "2001:db8::1/128", "1.2.3.4/1"};
	static const char *bad[] = {"",
	                            "/",
	                            "/8",
	                            "10.0.0.0/",
	                            "10.0.0.0/33",
	                            "10.0.0.0/-1",
	                            "10.0.0.0/08",
	                            "10.0.0/8",
	                            "10.0.0.0.0",
	                            "256.1.1.1",
	                            "1.2.3.04x",
	                            "::1/129",
	                            "fd00::/1000",
	                            "fd00::%eth0",
	                            "[::1]",
	                            "10.0.0.0/8/8",
	                            "10.0.0.0 /8",
	                            " 10.0.0.1",
	                            "localhost",
	                            "1.2.3.4/+8",
	                            "::g",
	                            "1::2::3"};
	char longtext[200];
	struct gz_cidr c;
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		CHECK(parses(good[i]));
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parses(bad[i])) {
			fprintf(stderr, "accepted: %s\n", bad[i]);
		}
		CHECK(!parses(bad[i]));
	}
	memset(longtext, '1', sizeof(longtext));
	CHECK_INT(gz_cidr_parse(longtext, sizeof(longtext), &c), GZ_EINVAL);
	/* An embedded NUL is not an address. */
	CHECK_INT(gz_cidr_parse("10.0.0.1\0/8", 11, &c), GZ_EINVAL);
	/* Host bits are cleared; IPv4 counts from bit 96. */
	CHECK_INT(gz_cidr_parse("10.1.2.3/8", 10, &c), GZ_OK);
	CHECK_INT(c.bits, 104);
	CHECK_INT(c.addr[12], 10);
	CHECK_INT(c.addr[13], 0);
}

static void
test_contains(void)
{
	CHECK(in("10.0.0.0/8", "10.255.255.255"));
	CHECK(!in("10.0.0.0/8", "11.0.0.0"));
	CHECK(in("192.168.0.0/23", "192.168.1.200"));
	CHECK(!in("192.168.0.0/23", "192.168.2.0"));
	CHECK(in("127.0.0.1", "127.0.0.1"));
	CHECK(!in("127.0.0.1", "127.0.0.2"));
	CHECK(in("0.0.0.0/0", "8.8.8.8"));
	/* An IPv4 range does not hold IPv6 addresses, and the other way round. */
	CHECK(!in("0.0.0.0/0", "2001:db8::1"));
	CHECK(!in("2001:db8::/32", "10.0.0.1"));
	CHECK(in("::/0", "10.0.0.1")); /* everything, mapped IPv4 included */
	/* The mapped form a dual-stack socket reports matches the IPv4 range. */
	CHECK(in("127.0.0.0/8", "::ffff:127.0.0.1"));
	CHECK(in("fd00::/8", "fdab:1::9"));
	CHECK(!in("fd00::/8", "fe80::1"));
	CHECK(in("2001:db8::/127", "2001:db8::1"));
	CHECK(!in("2001:db8::/127", "2001:db8::2"));
}

static void
test_client(void)
{
	struct gz_cidr set[3];
	struct gz_arena a;

	gz_arena_init(&a, 4096, 1 << 20);
	CHECK_INT(gz_cidr_parse("127.0.0.1", 9, &set[0]), GZ_OK);
	CHECK_INT(gz_cidr_parse("10.0.0.0/8", 10, &set[1]), GZ_OK);
	CHECK_INT(gz_cidr_parse("::1", 3, &set[2]), GZ_OK);
	/* No proxies trusted: the peer, whatever the header says. */
	CHECK_STR(gz_cidr_client(&a, "203.0.113.9", "1.2.3.4", set, 0), "203.0.113.9");
	/* An untrusted peer's header is ignored. */
	CHECK_STR(gz_cidr_client(&a, "203.0.113.9", "1.2.3.4", set, 3), "203.0.113.9");
	/* Trusted peer without the header: the peer. */
	CHECK_STR(gz_cidr_client(&a, "127.0.0.1", NULL, set, 3), "127.0.0.1");
	CHECK_STR(gz_cidr_client(&a, "127.0.0.1", " , ,", set, 3), "127.0.0.1");
	/* The rightmost hop that is not a proxy; what the client wrote to its left is ignored. */
	CHECK_STR(gz_cidr_client(&a, "127.0.0.1", "6.6.6.6, 198.51.100.7", set, 3), "198.51.100.7");
	CHECK_STR(gz_cidr_client(&a, "127.0.0.1", "6.6.6.6, 198.51.100.7, 10.1.1.1", set, 3),
	          "198.51.100.7");
	CHECK_STR(gz_cidr_client(&a, "::1", "2001:DB8::0:1", set, 3), "2001:db8::1");
	CHECK_STR(gz_cidr_client(&a, "::ffff:127.0.0.1", "198.51.100.7", set, 3), "198.51.100.7");
	/* Ports. */
	CHECK_STR(gz_cidr_client(&a, "127.0.0.1", "198.51.100.7:5123", set, 3), "198.51.100.7");
	CHECK_STR(gz_cidr_client(&a, "127.0.0.1", "[2001:db8::5]:443", set, 3), "2001:db8::5");
	/* Junk stops the walk: the nearest trusted hop to its right stands in. */
	CHECK_STR(gz_cidr_client(&a, "127.0.0.1", "unknown, 10.2.2.2", set, 3), "10.2.2.2");
	CHECK_STR(gz_cidr_client(&a, "127.0.0.1", "junk", set, 3), "127.0.0.1");
	/* Every hop trusted: the leftmost. */
	CHECK_STR(gz_cidr_client(&a, "127.0.0.1", "10.0.0.5, 10.0.0.6", set, 3), "10.0.0.5");
	/* A peer that is not an address at all is not trusted. */
	CHECK_STR(gz_cidr_client(&a, "", "1.2.3.4", set, 3), "");
	CHECK(gz_cidr_list_match(set, 3, "10.9.9.9"));
	CHECK(!gz_cidr_list_match(set, 3, "11.9.9.9"));
	CHECK(!gz_cidr_list_match(set, 3, NULL));
	gz_arena_free(&a);
}

TEST_MAIN({"parse", test_parse}, {"contains", test_contains}, {"client", test_client})
