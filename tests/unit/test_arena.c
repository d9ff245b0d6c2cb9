/*
 * The per-request arena and the growable buffer: alignment, the hard cap,
 * reset keeping the first chunk, overflow checks, growing arrays, and the
 * buffer's sticky error, size cap and NUL termination.
 */
#include <stdint.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "test.h"

static void
test_alloc(void)
{
	struct gz_arena a;
	char *p, *q;
	size_t i;

	gz_arena_init(&a, 1024, 0);
	for (i = 1; i < 100; i += 7) {
		p = gz_arena_alloc(&a, i);
		CHECK(p != NULL);
		CHECK(((uintptr_t)p % sizeof(max_align_t)) == 0);
		memset(p, 'x', i);
	}
	/* Larger than a chunk: a chunk of its own. */
	p = gz_arena_alloc(&a, 5000);
	CHECK(p != NULL);
	memset(p, 'y', 5000);
	CHECK(gz_arena_alloc(&a, 0) != NULL);
	CHECK(gz_arena_alloc(&a, SIZE_MAX) == NULL);
	CHECK(gz_arena_calloc(&a, SIZE_MAX / 2, 4) == NULL);
	q = gz_arena_calloc(&a, 10, 10);
	CHECK(q != NULL && q[0] == 0 && q[99] == 0);
	CHECK_STR(gz_arena_strdup(&a, "hello"), "hello");
	CHECK_STR(gz_arena_strndup(&a, "hello", 3), "hel");
	CHECK_STR(gz_arena_printf(&a, "%d-%s", 42, "x"), "42-x");
	gz_arena_free(&a);
}

static void
test_cap_and_reset(void)
{
	struct gz_arena a;
	void *first;

	gz_arena_init(&a, 256, 1000);
	CHECK(gz_arena_alloc(&a, 600) != NULL);
	CHECK(gz_arena_alloc(&a, 600) == NULL); /* over the cap */
	CHECK(gz_arena_alloc(&a, 300) != NULL);
	first = a.first;
	gz_arena_reset(&a);
	CHECK(a.used == 0);
	CHECK(a.first == first);
	CHECK(a.head == first);
	CHECK(gz_arena_alloc(&a, 900) != NULL); /* the cap counts from the reset */
	gz_arena_free(&a);
	CHECK(a.head == NULL);
}

static void
test_grow(void)
{
	struct gz_arena a;
	int *v = NULL, *g;
	size_t n, cap = 0;

	gz_arena_init(&a, 4096, 0);
	for (n = 0; n < 1000; n++) {
		if (n == cap) {
			g = gz_arena_grow(&a, v, n, &cap, sizeof(*v), 4);
			CHECK(g != NULL);
			if (g == NULL) {
				break;
			}
			v = g;
		}
		v[n] = (int)n;
	}
	CHECK(cap >= 1000);
	for (n = 0; n < 1000 && v != NULL; n++) {
		if (v[n] != (int)n) {
			CHECK(v[n] == (int)n);
			break;
		}
	}
	/* Not full: the same array comes back. */
	cap = 8;
	CHECK(gz_arena_grow(&a, v, 3, &cap, sizeof(*v), 4) == v && cap == 8);
	/* Out of room under a cap: NULL, and the old array is untouched. */
	gz_arena_free(&a);
	gz_arena_init(&a, 64, 256);
	v = NULL;
	cap = 0;
	v = gz_arena_grow(&a, v, 0, &cap, 64, 2);
	CHECK(v != NULL && cap == 2);
	CHECK(gz_arena_grow(&a, v, 2, &cap, 64, 2) == NULL);
	CHECK(cap == 2);
	gz_arena_free(&a);
}

static void
test_buf(void)
{
	struct gz_arena a;
	struct gz_buf b;

	gz_buf_init(&b, NULL, 10);
	CHECK_STR(gz_buf_str(&b), "");
	gz_buf_puts(&b, "abc");
	gz_buf_putc(&b, 'd');
	gz_buf_printf(&b, "%d", 12);
	CHECK_STR(gz_buf_str(&b), "abcd12");
	CHECK_INT(gz_buf_err(&b), GZ_OK);
	gz_buf_puts(&b, "12345"); /* 11 bytes > cap 10 */
	CHECK_INT(gz_buf_err(&b), GZ_ETOOBIG);
	gz_buf_puts(&b, "x"); /* sticky: ignored */
	CHECK_STR(gz_buf_str(&b), "abcd12");
	gz_buf_truncate(&b, 2);
	CHECK_STR(gz_buf_str(&b), "ab");
	gz_buf_reset(&b);
	CHECK_INT(gz_buf_err(&b), GZ_OK);
	CHECK_STR(gz_buf_str(&b), "");
	gz_buf_append(&b, "a\0b", 3); /* binary-safe, still terminated */
	CHECK_INT(b.len, 3);
	CHECK(b.data[3] == '\0');
	gz_buf_free(&b);

	gz_arena_init(&a, 128, 0);
	gz_buf_init(&b, &a, 0);
	for (int i = 0; i < 1000; i++) {
		gz_buf_puts(&b, "0123456789");
	}
	CHECK_INT(gz_buf_err(&b), GZ_OK);
	CHECK_INT(b.len, 10000);
	CHECK(strncmp(b.data + 9990, "0123456789", 10) == 0);
	gz_arena_free(&a);
}

TEST_MAIN(T(test_alloc), T(test_cap_and_reset), T(test_grow), T(test_buf))
