/*
 * Per-request arena: a bump allocator over a chain of chunks with a hard cap
 * on the total bytes it may hand out.  Everything a request allocates comes
 * from here and is released at once by gz_arena_reset(), which keeps the
 * first chunk so a steady stream of requests does not touch malloc.
 *
 * An arena is used by one thread at a time.
 */
#ifndef GAZETTE_ARENA_H
#define GAZETTE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct gz_arena_chunk;

struct gz_arena {
	struct gz_arena_chunk *head;  /* chunk being filled (newest) */
	struct gz_arena_chunk *first; /* chunk kept across resets */
	size_t used;                  /* bytes handed out since last reset */
	size_t cap;                   /* hard cap on used; 0 means no cap */
	size_t chunk_size;            /* default size of a new chunk */
	unsigned failed;              /* GZ_ARENA_CAPPED | GZ_ARENA_NOMEM since the reset */
};

/*
 * Why allocations failed since the last reset (gz_arena_failed): the cap
 * was reached, which the same request will always reach again, or the
 * system refused memory, which passes.  The app answers the first with
 * 413 or 500 and the second with 503.
 */
#define GZ_ARENA_CAPPED 1u /* an allocation would have passed the cap */
#define GZ_ARENA_NOMEM 2u  /* malloc failed, or gz_arena_note_nomem was called */

/* Initialise a with chunks of chunk_size bytes and a total cap (0: none). */
void gz_arena_init(struct gz_arena *a, size_t chunk_size, size_t cap);

/* Release every chunk.  a may be re-initialised afterwards. */
void gz_arena_free(struct gz_arena *a);

/* Forget every allocation and failure but keep the first chunk for reuse. */
void gz_arena_reset(struct gz_arena *a);

/* GZ_ARENA_CAPPED and/or GZ_ARENA_NOMEM, or 0: failures since the reset. */
unsigned gz_arena_failed(const struct gz_arena *a);

/*
 * Record that the system refused memory to work done for this arena's
 * request outside it (a library's own malloc), so the request is answered
 * as one that ran out of memory.
 */
void gz_arena_note_nomem(struct gz_arena *a);

/*
 * Return n bytes aligned for any type, in the arena, or NULL when the cap
 * would be exceeded or malloc fails.  n == 0 returns a valid unique pointer.
 */
void *gz_arena_alloc(struct gz_arena *a, size_t n);

/* gz_arena_alloc, zero-filled; nmemb * size is overflow-checked. */
void *gz_arena_calloc(struct gz_arena *a, size_t nmemb, size_t size);

/*
 * Room for one more element in an array of size-byte elements that grows in
 * the arena.  items holds n elements and room for *cap; when n < *cap it is
 * returned as is, else a zero-filled block of twice the room (first
 * elements the first time) receives the n elements and *cap is updated.
 * The old block stays in the arena until the reset.  NULL when out of
 * memory (items is then still valid).
 */
void *gz_arena_grow(struct gz_arena *a, void *items, size_t n, size_t *cap, size_t size,
                    size_t first);

/* Copy of the NUL-terminated s, in the arena; NULL if out of memory. */
char *gz_arena_strdup(struct gz_arena *a, const char *s);

/* Copy of the first n bytes of s plus a NUL, in the arena. */
char *gz_arena_strndup(struct gz_arena *a, const char *s, size_t n);

/* printf into a new string in the arena; NULL if out of memory. */
char *gz_arena_printf(struct gz_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *gz_arena_vprintf(struct gz_arena *a, const char *fmt, va_list ap);

#endif
