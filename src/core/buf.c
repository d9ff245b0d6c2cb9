/*
 * Growable buffer with sticky error.  See include/gazette/buf.h for the
 * contract; this file knows only malloc and the arena.
 */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/buf.h"

#define BUF_NOCAP (SIZE_MAX / 2)

void
gz_buf_init(struct gz_buf *b, struct gz_arena *arena, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->arena = arena;
	b->max = max ? max : BUF_NOCAP;
}

void
gz_buf_free(struct gz_buf *b)
{
	if (b->arena == NULL) {
		free(b->data);
	}
	b->data = NULL;
	b->len = b->cap = 0;
	b->err = GZ_OK;
}

void
gz_buf_reset(struct gz_buf *b)
{
	b->len = 0;
	b->err = GZ_OK;
	if (b->data != NULL) {
		b->data[0] = '\0';
	}
}

void
gz_buf_reserve(struct gz_buf *b, size_t n)
{
	size_t want, ncap;
	char *p;

	if (b->err) {
		return;
	}
	if (n > b->max || b->len > b->max - n) {
		b->err = GZ_ETOOBIG;
		return;
	}
	want = b->len + n + 1;
	if (want <= b->cap) {
		return;
	}
	ncap = b->cap ? b->cap : 256;
	while (ncap < want) {
		ncap = ncap > BUF_NOCAP / 2 ? want : ncap * 2;
	}
	if (b->arena != NULL) {
		p = gz_arena_alloc(b->arena, ncap);
		if (p != NULL && b->data != NULL) {
			memcpy(p, b->data, b->len + 1);
		}
	} else {
		p = realloc(b->data, ncap);
	}
	if (p == NULL) {
		b->err = GZ_ENOMEM;
		return;
	}
	if (b->data == NULL) {
		p[0] = '\0';
	}
	b->data = p;
	b->cap = ncap;
}

void
gz_buf_append(struct gz_buf *b, const void *p, size_t n)
{
	gz_buf_reserve(b, n);
	if (b->err) {
		return;
	}
	if (n) {
		memcpy(b->data + b->len, p, n);
	}
	b->len += n;
	b->data[b->len] = '\0';
}

void
gz_buf_puts(struct gz_buf *b, const char *s)
{
	gz_buf_append(b, s, strlen(s));
}

void
gz_buf_putc(struct gz_buf *b, char c)
{
	gz_buf_append(b, &c, 1);
}

void
gz_buf_put_u64(struct gz_buf *b, uint64_t v)
{
	char d[20]; /* 2^64 - 1 has 20 digits */
	size_t i = sizeof(d);

	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	gz_buf_append(b, d + i, sizeof(d) - i);
}

void
gz_buf_vprintf(struct gz_buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	if (b->err) {
		return;
	}
	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0) {
		b->err = GZ_EINVAL;
		return;
	}
	gz_buf_reserve(b, (size_t)n);
	if (b->err) {
		return;
	}
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
gz_buf_printf(struct gz_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	gz_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
gz_buf_truncate(struct gz_buf *b, size_t len)
{
	assert(len <= b->len);
	if (len < b->len) {
		b->len = len;
		b->data[len] = '\0';
	}
}

enum gz_err
gz_buf_err(const struct gz_buf *b)
{
	return b->err;
}

const char *
gz_buf_str(const struct gz_buf *b)
{
	return b->data ? b->data : "";
}
