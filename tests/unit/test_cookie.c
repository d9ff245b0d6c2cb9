/*
 * Cookies: header parsing (spacing, quotes, skipped malformed pairs,
 * controls, NUL, invalid UTF-8, duplicates, count limit, input not
 * NUL-terminated, long header) and Set-Cookie building (attributes,
 * deletion, session cookies, refusal of injection and prefix misuse).
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/cookie.h"
#include "gazette/kv.h"
#include "test.h"

struct c_case {
	const char *in;
	size_t n;
	size_t max;
	enum gz_err want;
	const char *flat;
};

#define S(lit) lit, sizeof(lit) - 1

static const struct c_case c_cases[] = {
    {S(""), 10, GZ_OK, ""},
    {S("a=b"), 10, GZ_OK, "a=b"},
    {S("a=b; c=d"), 10, GZ_OK, "a=b|c=d"},
    {S("a=b;c=d"), 10, GZ_OK, "a=b|c=d"},
    {S("  a = b ;\tc=d  ;"), 10, GZ_OK, "a=b|c=d"},
    {S("a="), 10, GZ_OK, "a="},
    {S("a=\"quoted\""), 10, GZ_OK, "a=quoted"},
    {S("a=\"\""), 10, GZ_OK, "a="},
    {S("a=\""), 10, GZ_OK, "a=\""},
    {S("a=x=y"), 10, GZ_OK, "a=x=y"},
    {S("a=%41"), 10, GZ_OK, "a=%41"}, /* not decoded */
    {S("a=b c"), 10, GZ_OK, "a=b c"}, /* lenient inner space */
    {S("a=\xC3\xA9"), 10, GZ_OK, "a=\xC3\xA9"},
    {S("a=1; a=2"), 10, GZ_OK, "a=1|a=2"},
    {S("noequals; a=1"), 10, GZ_OK, "a=1"},
    {S("=v; a=1"), 10, GZ_OK, "a=1"},
    {S(" =v"), 10, GZ_OK, ""},
    {S("a b=1; c=2"), 10, GZ_OK, "c=2"}, /* name not a token */
    {S("a(b)=1; c=2"), 10, GZ_OK, "c=2"},
    {S("a=\x01; c=2"), 10, GZ_OK, "c=2"},
    {S("a=x\ry; c=2"), 10, GZ_OK, "c=2"},
    {S("a=x\ny; c=2"), 10, GZ_OK, "c=2"},
    {S("a=x\x7f; c=2"), 10, GZ_OK, "c=2"},
    {S("a=x\0y; c=2"), 10, GZ_OK, "c=2"},
    {S("a\0=x; c=2"), 10, GZ_OK, "c=2"},
    {S("a=\xC0\x80; c=2"), 10, GZ_OK, "c=2"},
    {S("a=\xED\xA0\x80; c=2"), 10, GZ_OK, "c=2"},
    {S("a=\xFF; c=2"), 10, GZ_OK, "c=2"},
    {S(";;;;"), 10, GZ_OK, ""},
    {S("a=1; b=2; c=3"), 3, GZ_OK, "a=1|b=2|c=3"},
    {S("a=1; b=2; c=3; d=4"), 3, GZ_ETOOBIG, NULL},
    {S("a=1; bad; bad; bad; b=2"), 2, GZ_OK, "a=1|b=2"},
    {S("a=1"), 0, GZ_ETOOBIG, NULL},
};

static void
flatten(const struct gz_kvlist *l, char *out, size_t outsz)
{
	size_t i;

	out[0] = '\0';
	for (i = 0; i < l->nitems; i++) {
		if (i > 0) {
			strncat(out, "|", outsz - strlen(out) - 1);
		}
		strncat(out, l->items[i].key, outsz - strlen(out) - 1);
		strncat(out, "=", outsz - strlen(out) - 1);
		strncat(out, l->items[i].val, outsz - strlen(out) - 1);
	}
}

static void
test_parse_table(void)
{
	struct gz_arena a;
	struct gz_kvlist l;
	char flat[256];
	size_t i;

	gz_arena_init(&a, 0, 1 << 20);
	for (i = 0; i < sizeof(c_cases) / sizeof(c_cases[0]); i++) {
		const struct c_case *c = &c_cases[i];
		enum gz_err rc;

		rc = gz_cookie_parse(&a, c->in, c->n, c->max, &l);
		if (rc != c->want) {
			fprintf(stderr, "cookie case %zu \"%s\"\n", i, c->in);
		}
		CHECK_INT(rc, c->want);
		if (c->flat != NULL) {
			flatten(&l, flat, sizeof(flat));
			CHECK_STR(flat, c->flat);
		} else {
			CHECK(l.items == NULL && l.nitems == 0);
		}
	}
	gz_arena_free(&a);
}

static void
test_parse_bounds(void)
{
	struct gz_arena a;
	struct gz_kvlist l;
	char in[7] = {'a', '=', '1', ';', 'b', '=', '2'};
	static char big[200000];
	size_t i;

	gz_arena_init(&a, 0, 1 << 20);
	CHECK_INT(gz_cookie_parse(&a, in, 5, 10, &l), GZ_OK);
	CHECK_INT(l.nitems, 1);
	CHECK_STR(gz_kv_get(&l, "a"), "1");
	CHECK_INT(gz_cookie_parse(&a, NULL, 0, 10, &l), GZ_OK);
	CHECK_INT(l.nitems, 0);
	/* 50000 cookies: refused against a limit of 50 before allocating. */
	for (i = 0; i + 4 <= sizeof(big); i += 4) {
		memcpy(big + i, "x=1;", 4);
	}
	gz_arena_reset(&a);
	CHECK_INT(gz_cookie_parse(&a, big, sizeof(big), 50, &l), GZ_ETOOBIG);
	CHECK_INT(a.used, 0);
	/* One long value. */
	memset(big, 'v', sizeof(big));
	memcpy(big, "long=", 5);
	CHECK_INT(gz_cookie_parse(&a, big, sizeof(big), 50, &l), GZ_OK);
	CHECK_INT(l.items[0].vlen, sizeof(big) - 5);
	gz_arena_free(&a);

	gz_arena_init(&a, 0, 32);
	CHECK_INT(gz_cookie_parse(&a, "a=1; b=2; c=3", 13, 10, &l), GZ_ENOMEM);
	CHECK(l.nitems == 0);
	gz_arena_free(&a);
}

static void
test_format(void)
{
	struct gz_arena a;
	struct gz_buf b;
	struct gz_cookie c;

	gz_arena_init(&a, 0, 1 << 20);
	gz_buf_init(&b, &a, 4096);

	memset(&c, 0, sizeof(c));
	c.name = "gz_session";
	c.value = "abc123";
	c.path = "/";
	c.max_age = 3600;
	c.expires_base = 784111777;
	c.secure = 1;
	c.http_only = 1;
	c.samesite = GZ_SAMESITE_LAX;
	CHECK_INT(gz_cookie_format(&b, &c), GZ_OK);
	CHECK_STR(gz_buf_str(&b),
	          "gz_session=abc123; Path=/; Max-Age=3600; "
	          "Expires=Sun, 06 Nov 1994 09:49:37 GMT; Secure; HttpOnly; SameSite=Lax");

	gz_buf_reset(&b);
	c.max_age = 0;
	c.samesite = GZ_SAMESITE_STRICT;
	c.value = "";
	CHECK_INT(gz_cookie_format(&b, &c), GZ_OK);
	CHECK_STR(gz_buf_str(&b), "gz_session=; Path=/; Max-Age=0; "
	                          "Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure; HttpOnly; "
	                          "SameSite=Strict");

	gz_buf_reset(&b);
	c.max_age = -1;
	c.path = NULL;
	c.secure = 0;
	c.http_only = 0;
	c.value = "v";
	CHECK_INT(gz_cookie_format(&b, &c), GZ_OK);
	CHECK_STR(gz_buf_str(&b), "gz_session=v; SameSite=Strict");

	gz_buf_reset(&b);
	c.samesite = GZ_SAMESITE_NONE;
	c.secure = 1;
	CHECK_INT(gz_cookie_format(&b, &c), GZ_OK);
	CHECK_STR(gz_buf_str(&b), "gz_session=v; Secure; SameSite=None");
	gz_arena_free(&a);
}

struct bad_cookie {
	const char *name, *value, *path;
	int secure, samesite;
	long max_age;
};

static const struct bad_cookie bad[] = {
    {"", "v", "/", 1, GZ_SAMESITE_LAX, 10},
    {"a b", "v", "/", 1, GZ_SAMESITE_LAX, 10},
    {"a;b", "v", "/", 1, GZ_SAMESITE_LAX, 10},
    {"a=b", "v", "/", 1, GZ_SAMESITE_LAX, 10},
    {"a\r\nSet-Cookie: x", "v", "/", 1, GZ_SAMESITE_LAX, 10},
    {"n\xC3\xA9", "v", "/", 1, GZ_SAMESITE_LAX, 10},
    {"n", "v; Domain=evil.example", "/", 1, GZ_SAMESITE_LAX, 10},
    {"n", "v\r\nX: y", "/", 1, GZ_SAMESITE_LAX, 10},
    {"n", "a b", "/", 1, GZ_SAMESITE_LAX, 10},
    {"n", "a,b", "/", 1, GZ_SAMESITE_LAX, 10},
    {"n", "\"q\"", "/", 1, GZ_SAMESITE_LAX, 10},
    {"n", "a\\b", "/", 1, GZ_SAMESITE_LAX, 10},
    {"n", "\xC3\xA9", "/", 1, GZ_SAMESITE_LAX, 10},
    {"n", "v", "/; Domain=x", 1, GZ_SAMESITE_LAX, 10},
    {"n", "v", "/\r\n", 1, GZ_SAMESITE_LAX, 10},
    {"n", "v", "/caf\xC3\xA9", 1, GZ_SAMESITE_LAX, 10},
    {"n", "v", "/", 0, GZ_SAMESITE_NONE, 10},
    {"n", "v", "/", 1, 7, 10},
    {"__Secure-n", "v", "/", 0, GZ_SAMESITE_LAX, 10},
    {"__Host-n", "v", "/", 0, GZ_SAMESITE_LAX, 10},
    {"__Host-n", "v", "/admin", 1, GZ_SAMESITE_LAX, 10},
    {"__Host-n", "v", NULL, 1, GZ_SAMESITE_LAX, 10},
    {"n", "v", "/", 1, GZ_SAMESITE_LAX, 900000000000L}, /* year > 9999 */
};

static void
test_format_refuses(void)
{
	struct gz_arena a;
	struct gz_buf b;
	struct gz_cookie c;
	size_t i;

	gz_arena_init(&a, 0, 1 << 20);
	gz_buf_init(&b, &a, 4096);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&c, 0, sizeof(c));
		c.name = bad[i].name;
		c.value = bad[i].value;
		c.path = bad[i].path;
		c.secure = bad[i].secure;
		c.samesite = (enum gz_samesite)bad[i].samesite;
		c.max_age = bad[i].max_age;
		c.expires_base = 1795864800;
		gz_buf_reset(&b);
		if (gz_cookie_format(&b, &c) != GZ_EINVAL) {
			fprintf(stderr, "bad cookie %zu accepted\n", i);
		}
		CHECK_INT(gz_cookie_format(&b, &c), GZ_EINVAL);
		CHECK_INT(b.len, 0);
	}
	/* A valid __Host- cookie. */
	memset(&c, 0, sizeof(c));
	c.name = "__Host-csrf";
	c.value = "t0k3n";
	c.path = "/";
	c.secure = 1;
	c.max_age = -1;
	gz_buf_reset(&b);
	CHECK_INT(gz_cookie_format(&b, &c), GZ_OK);
	CHECK_STR(gz_buf_str(&b), "__Host-csrf=t0k3n; Path=/; Secure; SameSite=Lax");
	gz_arena_free(&a);

	/* The buffer's cap comes back as its sticky error. */
	gz_buf_init(&b, NULL, 8);
	CHECK_INT(gz_cookie_format(&b, &c), GZ_ETOOBIG);
	gz_buf_free(&b);
}

TEST_MAIN(T(test_parse_table), T(test_parse_bounds), T(test_format), T(test_format_refuses))
