/*
 * Bump allocator over a chain of chunks.  It knows nothing of requests; the
 * transports own one arena per worker and reset it after each response.
 */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"

struct gz_arena_chunk {
	struct gz_arena_chunk *next; /* older chunk */
	size_t size;                 /* bytes in mem */
	size_t off;                  /* next free byte in mem */
	max_align_t mem[];           /* payload, suitably aligned */
};

#define ALIGN (sizeof(max_align_t))

void
gz_arena_init(struct gz_arena *a, size_t chunk_size, size_t cap)
{
	memset(a, 0, sizeof(*a));
	a->chunk_size = chunk_size ? chunk_size : 64 * 1024;
	a->cap = cap;
}

void
gz_arena_free(struct gz_arena *a)
{
	struct gz_arena_chunk *c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head = a->first = NULL;
	a->used = 0;
	a->failed = 0;
}

void
gz_arena_reset(struct gz_arena *a)
{
	struct gz_arena_chunk *c, *next;

	for (c = a->head; c != NULL && c != a->first; c = next) {
		next = c->next;
		free(c);
	}
	a->head = a->first;
	if (a->first != NULL) {
		a->first->off = 0;
		a->first->next = NULL;
	}
	a->used = 0;
	a->failed = 0;
}

unsigned
gz_arena_failed(const struct gz_arena *a)
{
	return a->failed;
}

void
gz_arena_note_nomem(struct gz_arena *a)
{
	a->failed |= GZ_ARENA_NOMEM;
}

void *
gz_arena_alloc(struct gz_arena *a, size_t n)
{
	struct gz_arena_chunk *c;
	size_t need, size;
	char *p;

	if (n > SIZE_MAX / 2) {
		a->failed |= GZ_ARENA_CAPPED;
		return NULL;
	}
	need = (n + ALIGN - 1) & ~(ALIGN - 1);
	if (need == 0) {
		need = ALIGN;
	}
	if (a->cap != 0 && (need > a->cap || a->used > a->cap - need)) {
		a->failed |= GZ_ARENA_CAPPED;
		return NULL;
	}
	c = a->head;
	if (c == NULL || c->size - c->off < need) {
		size = need > a->chunk_size ? need : a->chunk_size;
		c = malloc(sizeof(*c) + size);
		if (c == NULL) {
			a->failed |= GZ_ARENA_NOMEM;
			return NULL;
		}
		c->size = size;
		c->off = 0;
		c->next = a->head;
		a->head = c;
		if (a->first == NULL) {
			a->first = c;
		}
	}
	p = (char *)c->mem + c->off;
	c->off += need;
	a->used += need;
	return p;
}

void *
gz_arena_calloc(struct gz_arena *a, size_t nmemb, size_t size)
{
	void *p;

	if (size != 0 && nmemb > SIZE_MAX / size) {
		a->failed |= GZ_ARENA_CAPPED;
		return NULL;
	}
	p = gz_arena_alloc(a, nmemb * size);
	if (p != NULL) {
		memset(p, 0, nmemb * size);
	}
	return p;
}

void *
gz_arena_grow(struct gz_arena *a, void *items, size_t n, size_t *cap, size_t size, size_t first)
{
	size_t ncap;
	void *grown;

	assert(n <= *cap);
	if (n < *cap) {
		return items;
	}
	ncap = *cap ? *cap * 2 : first;
	if (ncap <= n || (grown = gz_arena_calloc(a, ncap, size)) == NULL) {
		return NULL;
	}
	if (n > 0) {
		memcpy(grown, items, n * size);
	}
	*cap = ncap;
	return grown;
}

char *
gz_arena_strndup(struct gz_arena *a, const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX) {
		return NULL;
	}
	p = gz_arena_alloc(a, n + 1);
	if (p != NULL) {
		if (n) {
			memcpy(p, s, n);
		}
		p[n] = '\0';
	}
	return p;
}

char *
gz_arena_strdup(struct gz_arena *a, const char *s)
{
	return gz_arena_strndup(a, s, strlen(s));
}

char *
gz_arena_vprintf(struct gz_arena *a, const char *fmt, va_list ap)
{
	va_list aq;
	char *p;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0) {
		return NULL;
	}
	p = gz_arena_alloc(a, (size_t)n + 1);
	if (p != NULL) {
		vsnprintf(p, (size_t)n + 1, fmt, ap);
	}
	return p;
}

char *
gz_arena_printf(struct gz_arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = gz_arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}
