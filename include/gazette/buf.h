/*
 * Growable byte buffer with a sticky error and a size cap.
 *
 * Appends never fail loudly: on overflow of the cap or allocation failure
 * the buffer records the error, stops growing and ignores later appends, so
 * an append chain returns void and the caller checks gz_buf_err() once.
 * data is always NUL-terminated (after the first append or gz_buf_reserve).
 *
 * Memory comes from an arena when one is given (the old block stays in the
 * arena until it is reset) or from malloc otherwise (caller frees with
 * gz_buf_free).  A pointer into data is invalidated by any later append;
 * keep offsets, not pointers, across appends.
 */
#ifndef GAZETTE_BUF_H
#define GAZETTE_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "gazette/err.h"

struct gz_arena;

struct gz_buf {
	char *data;             /* bytes, NUL-terminated; NULL until first growth */
	size_t len;             /* bytes used, not counting the NUL */
	size_t cap;             /* bytes allocated */
	size_t max;             /* largest len allowed; 0 means SIZE_MAX/2 */
	enum gz_err err;        /* first error seen, sticky */
	struct gz_arena *arena; /* allocate from here, or malloc when NULL */
};

/* Initialise an empty buffer.  arena may be NULL; max 0 means no cap. */
void gz_buf_init(struct gz_buf *b, struct gz_arena *arena, size_t max);

/* Free a malloc-backed buffer and reset it to empty.  No-op for arenas. */
void gz_buf_free(struct gz_buf *b);

/* Drop the contents and the error but keep the allocation. */
void gz_buf_reset(struct gz_buf *b);

/* Make room for n more bytes; sets the sticky error on failure. */
void gz_buf_reserve(struct gz_buf *b, size_t n);

void gz_buf_append(struct gz_buf *b, const void *p, size_t n);
void gz_buf_puts(struct gz_buf *b, const char *s);
void gz_buf_putc(struct gz_buf *b, char c);
/* v in decimal: what response headers need on every request, without printf. */
void gz_buf_put_u64(struct gz_buf *b, uint64_t v);
void gz_buf_printf(struct gz_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void gz_buf_vprintf(struct gz_buf *b, const char *fmt, va_list ap);

/* Cut the buffer back to len bytes (len <= b->len). */
void gz_buf_truncate(struct gz_buf *b, size_t len);

/* The sticky error, GZ_OK if every append so far succeeded. */
enum gz_err gz_buf_err(const struct gz_buf *b);

/* The contents as a C string; "" for an empty buffer, never NULL. */
const char *gz_buf_str(const struct gz_buf *b);

#endif
