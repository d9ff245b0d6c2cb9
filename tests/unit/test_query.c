/*
 * Urlencoded parsing: splitting, '=' optional, empty segments, '+' and
 * escapes, duplicates kept in order, pair limit, size ceiling, every
 * malformed escape / NUL / invalid UTF-8 refusing the whole input, input
 * not NUL-terminated.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/kv.h"
#include "gazette/query.h"
#include "test.h"

struct q_case {
	const char *in;
	size_t max;
	enum gz_err want;
	const char *flat; /* "k=v|k=v" of the result, for GZ_OK */
};

static const struct q_case q_cases[] = {
    {"", 10, GZ_OK, ""},
    {"a=1", 10, GZ_OK, "a=1"},
    {"a=1&b=2", 10, GZ_OK, "a=1|b=2"},
    {"a", 10, GZ_OK, "a="},
    {"a=", 10, GZ_OK, "a="},
    {"=x", 10, GZ_OK, "=x"},
    {"a=b=c", 10, GZ_OK, "a=b=c"},
    {"&&a=1&&&b=2&", 10, GZ_OK, "a=1|b=2"},
    {"&", 10, GZ_OK, ""},
    {"q=hello+world&x=%2B", 10, GZ_OK, "q=hello world|x=+"},
    {"na+me=v%20v", 10, GZ_OK, "na me=v v"},
    {"a=1&a=2&a=3", 10, GZ_OK, "a=1|a=2|a=3"},
    {"t=%E4%B8%AD%E6%96%87", 10, GZ_OK, "t=\xE4\xB8\xAD\xE6\x96\x87"},
    {"body=line1%0D%0Aline2", 10, GZ_OK, "body=line1\r\nline2"},
    {"a;b=1", 10, GZ_OK, "a;b=1"},
    {"a=1&b=2&c=3", 3, GZ_OK, "a=1|b=2|c=3"},
    {"a=1&b=2&c=3&d=4", 3, GZ_ETOOBIG, NULL},
    {"a=1&&&&&&b=2", 2, GZ_OK, "a=1|b=2"},
    {"a", 0, GZ_ETOOBIG, NULL},
    {"", 0, GZ_OK, ""},
    {"a=%", 10, GZ_EINVAL, NULL},
    {"a=%4", 10, GZ_EINVAL, NULL},
    {"a=%zz", 10, GZ_EINVAL, NULL},
    {"%=1", 10, GZ_EINVAL, NULL},
    {"ok=1&bad=%4&ok2=2", 10, GZ_EINVAL, NULL},
    {"a=%00", 10, GZ_EINVAL, NULL},
    {"%00=1", 10, GZ_EINVAL, NULL},
    {"a=%C0%80", 10, GZ_EINVAL, NULL},
    {"a=%ED%A0%80", 10, GZ_EINVAL, NULL},
    {"a=%F5%80%80%80", 10, GZ_EINVAL, NULL},
    {"a=\xFF", 10, GZ_EINVAL, NULL},
    {"%C3=1", 10, GZ_EINVAL, NULL},
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
test_table(void)
{
	struct gz_arena a;
	struct gz_kvlist l;
	char flat[256];
	size_t i, j;

	gz_arena_init(&a, 0, 1 << 20);
	for (i = 0; i < sizeof(q_cases) / sizeof(q_cases[0]); i++) {
		const struct q_case *c = &q_cases[i];
		enum gz_err rc;

		rc = gz_query_parse(&a, c->in, strlen(c->in), c->max, &l);
		if (rc != c->want) {
			fprintf(stderr, "query case %zu \"%s\"\n", i, c->in);
		}
		CHECK_INT(rc, c->want);
		if (c->flat != NULL) {
			flatten(&l, flat, sizeof(flat));
			CHECK_STR(flat, c->flat);
			for (j = 0; j < l.nitems; j++) {
				CHECK_INT(l.items[j].vlen, strlen(l.items[j].val));
			}
		} else {
			CHECK(l.items == NULL && l.nitems == 0);
		}
	}
	gz_arena_free(&a);
}

static void
test_duplicates(void)
{
	struct gz_arena a;
	struct gz_kvlist l;
	static const char in[] = "tag=a&x=1&tag=b";

	gz_arena_init(&a, 0, 1 << 20);
	CHECK_INT(gz_query_parse(&a, in, sizeof(in) - 1, 10, &l), GZ_OK);
	CHECK_STR(gz_kv_get(&l, "tag"), "a");
	CHECK_INT(gz_kv_count(&l, "tag"), 2);
	CHECK_INT(gz_kv_count(&l, "x"), 1);
	CHECK(gz_kv_get(&l, "missing") == NULL);
	gz_arena_free(&a);
}

static void
test_bounds(void)
{
	struct gz_arena a;
	struct gz_kvlist l;
	char in[8] = {'a', '=', '1', '&', 'b', '=', '%', '4'};

	gz_arena_init(&a, 0, 1 << 20);
	/* Not NUL-terminated: n ends inside a valid pair. */
	CHECK_INT(gz_query_parse(&a, in, 3, 10, &l), GZ_OK);
	CHECK_INT(l.nitems, 1);
	CHECK_INT(gz_query_parse(&a, in, 8, 10, &l), GZ_EINVAL);
	CHECK_INT(gz_query_parse(&a, NULL, 0, 10, &l), GZ_OK);
	CHECK_INT(l.nitems, 0);
	/* Raw NUL inside the input. */
	CHECK_INT(gz_query_parse(&a, "a=1\0&b=2", 8, 10, &l), GZ_EINVAL);
	gz_arena_free(&a);
}

static void
test_huge(void)
{
	static char big[GZ_QUERY_MAX_INPUT + 1];
	struct gz_arena a;
	struct gz_kvlist l;
	size_t i;

	/* 500k one-byte pairs: over any sane limit, refused before decoding. */
	for (i = 0; i < sizeof(big); i++) {
		big[i] = i % 2 ? '&' : 'k';
	}
	gz_arena_init(&a, 0, 1 << 20);
	CHECK_INT(gz_query_parse(&a, big, GZ_QUERY_MAX_INPUT, 256, &l), GZ_ETOOBIG);
	CHECK_INT(a.used, 0);
	CHECK_INT(gz_query_parse(&a, big, sizeof(big), (size_t)-1, &l), GZ_ETOOBIG);
	/* A 64 KiB form of 4000 pairs within limits. */
	CHECK_INT(gz_query_parse(&a, big, 8000, 4000, &l), GZ_OK);
	CHECK_INT(l.nitems, 4000);
	CHECK_STR(l.items[3999].key, "k");
	/* One long value. */
	memset(big, 'v', 65536);
	big[0] = 'k';
	big[1] = '=';
	CHECK_INT(gz_query_parse(&a, big, 65536, 1, &l), GZ_OK);
	CHECK_INT(l.items[0].vlen, 65534);
	gz_arena_free(&a);

	/* Arena too small for the items. */
	gz_arena_init(&a, 0, 64);
	CHECK_INT(gz_query_parse(&a, big, 8000, 4000, &l), GZ_ENOMEM);
	CHECK(l.nitems == 0);
	gz_arena_free(&a);
}

TEST_MAIN(T(test_table), T(test_duplicates), T(test_bounds), T(test_huge))
