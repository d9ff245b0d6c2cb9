/*
 * Template values: constructors and lookups over arena memory.  This file
 * knows the arena and nothing of templates, escaping or output.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/value.h"

static const struct gz_val val_null = {.kind = GZ_VAL_NULL};
static const struct gz_val val_true = {.kind = GZ_VAL_BOOL, .u.b = 1};
static const struct gz_val val_false = {.kind = GZ_VAL_BOOL, .u.b = 0};

const struct gz_val *
gz_val_null(void)
{
	return &val_null;
}

const struct gz_val *
gz_val_bool(int b)
{
	return b ? &val_true : &val_false;
}

struct gz_val *
gz_val_int(struct gz_arena *a, long long i)
{
	struct gz_val *v = gz_arena_alloc(a, sizeof(*v));

	if (v != NULL) {
		v->kind = GZ_VAL_INT;
		v->u.i = i;
	}
	return v;
}

struct gz_val *
gz_val_str_ref(struct gz_arena *a, const char *s, size_t n)
{
	struct gz_val *v = gz_arena_alloc(a, sizeof(*v));

	if (v != NULL) {
		v->kind = GZ_VAL_STR;
		v->u.s.p = s;
		v->u.s.n = n;
	}
	return v;
}

struct gz_val *
gz_val_strn(struct gz_arena *a, const char *s, size_t n)
{
	char *p = gz_arena_strndup(a, s, n);

	return p == NULL ? NULL : gz_val_str_ref(a, p, n);
}

struct gz_val *
gz_val_str(struct gz_arena *a, const char *s)
{
	return gz_val_strn(a, s, strlen(s));
}

struct gz_val *
gz_val_html(struct gz_arena *a, const char *html)
{
	struct gz_val *v = gz_val_str(a, html);

	if (v != NULL) {
		v->kind = GZ_VAL_HTML;
	}
	return v;
}

struct gz_val *
gz_val_list_new(struct gz_arena *a)
{
	struct gz_val *v = gz_arena_calloc(a, 1, sizeof(*v));

	if (v != NULL) {
		v->kind = GZ_VAL_LIST;
		v->u.list.arena = a;
	}
	return v;
}

/*
 * Grow an array of n elements of size sz to at least n + 1, doubling, in
 * the arena.  The old block stays in the arena (it is freed with it).
 */
static void *
grow(struct gz_arena *a, void *items, size_t n, size_t *cap, size_t sz)
{
	size_t ncap;
	void *p;

	if (n < *cap) {
		return items;
	}
	ncap = *cap ? *cap * 2 : 8;
	if (ncap > SIZE_MAX / sz) {
		return NULL;
	}
	if ((p = gz_arena_alloc(a, ncap * sz)) == NULL) {
		return NULL;
	}
	if (n) {
		memcpy(p, items, n * sz);
	}
	*cap = ncap;
	return p;
}

enum gz_err
gz_val_list_push(struct gz_val *list, const struct gz_val *v)
{
	const struct gz_val **items;

	if (list == NULL || v == NULL || list->kind != GZ_VAL_LIST) {
		return GZ_EINVAL;
	}
	items = grow(list->u.list.arena, list->u.list.items, list->u.list.nitems, &list->u.list.cap,
	             sizeof(*items));
	if (items == NULL) {
		return GZ_ENOMEM;
	}
	list->u.list.items = items;
	items[list->u.list.nitems++] = v;
	return GZ_OK;
}

struct gz_val *
gz_val_map_new(struct gz_arena *a)
{
	struct gz_val *v = gz_arena_calloc(a, 1, sizeof(*v));

	if (v != NULL) {
		v->kind = GZ_VAL_MAP;
		v->u.map.arena = a;
	}
	return v;
}

enum gz_err
gz_val_map_set(struct gz_val *map, const char *key, const struct gz_val *v)
{
	struct gz_val_pair *items;
	size_t klen, i;
	char *k;

	if (map == NULL || v == NULL || map->kind != GZ_VAL_MAP) {
		return GZ_EINVAL;
	}
	klen = strlen(key);
	for (i = 0; i < map->u.map.nitems; i++) {
		if (map->u.map.items[i].klen == klen &&
		    memcmp(map->u.map.items[i].key, key, klen) == 0) {
			map->u.map.items[i].val = v;
			return GZ_OK;
		}
	}
	items = grow(map->u.map.arena, map->u.map.items, map->u.map.nitems, &map->u.map.cap,
	             sizeof(*items));
	if (items == NULL || (k = gz_arena_strndup(map->u.map.arena, key, klen)) == NULL) {
		return GZ_ENOMEM;
	}
	map->u.map.items = items;
	items[map->u.map.nitems].key = k;
	items[map->u.map.nitems].klen = klen;
	items[map->u.map.nitems].val = v;
	map->u.map.nitems++;
	return GZ_OK;
}

const struct gz_val *
gz_val_map_getn(const struct gz_val *map, const char *key, size_t klen)
{
	const struct gz_val_pair *it, *end;

	if (map == NULL || map->kind != GZ_VAL_MAP) {
		return NULL;
	}
	it = map->u.map.items;
	end = it + map->u.map.nitems;
	for (; it < end; it++) {
		/* Comparing lengths first skips most keys without touching bytes. */
		if (it->klen == klen && memcmp(it->key, key, klen) == 0) {
			return it->val;
		}
	}
	return NULL;
}

const struct gz_val *
gz_val_map_get(const struct gz_val *map, const char *key)
{
	return gz_val_map_getn(map, key, strlen(key));
}

int
gz_val_truthy(const struct gz_val *v)
{
	if (v == NULL) {
		return 0;
	}
	switch (v->kind) {
	case GZ_VAL_NULL:
		return 0;
	case GZ_VAL_BOOL:
		return v->u.b;
	case GZ_VAL_INT:
		return v->u.i != 0;
	case GZ_VAL_STR:
	case GZ_VAL_HTML:
		return v->u.s.n != 0;
	case GZ_VAL_LIST:
		return v->u.list.nitems != 0;
	case GZ_VAL_MAP:
		return v->u.map.nitems != 0;
	}
	return 0;
}

const char *
gz_val_text(const struct gz_val *v, char tmp[24], size_t *n)
{
	unsigned long long u;
	char *e = tmp + 23, *q = e;

	switch (v->kind) {
	case GZ_VAL_STR:
	case GZ_VAL_HTML:
		*n = v->u.s.n;
		return v->u.s.p;
	case GZ_VAL_INT:
		u = v->u.i < 0 ? 0ULL - (unsigned long long)v->u.i : (unsigned long long)v->u.i;
		*q = '\0';
		do {
			*--q = (char)('0' + u % 10);
			u /= 10;
		} while (u);
		if (v->u.i < 0) {
			*--q = '-';
		}
		*n = (size_t)(e - q);
		return q;
	case GZ_VAL_BOOL:
		*n = v->u.b ? 4 : 5;
		return v->u.b ? "true" : "false";
	default:
		*n = 0;
		return "";
	}
}
