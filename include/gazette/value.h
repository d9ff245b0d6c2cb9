/*
 * The data a template renders: a small tree of values (null, bool, int,
 * string, trusted HTML, list, map) that a handler builds in its request
 * arena.  Strings are byte runs with a length; they should be UTF-8 but the
 * template module copes with anything.  Maps keep insertion order and are
 * searched linearly, which is fast for the handful of keys a page uses.
 *
 * gz_val_html is the only way to make a trusted-HTML value, the one kind a
 * template may write unescaped (through the `safe` filter).  It is meant
 * for sanitised Markdown output only; a lint rule keeps it that way.
 *
 * Nothing here is thread-safe while being built; a finished tree is only
 * read by the renderer and may be shared by readers.
 */
#ifndef GAZETTE_VALUE_H
#define GAZETTE_VALUE_H

#include <stddef.h>

#include "gazette/err.h"

struct gz_arena;

enum gz_val_kind {
	GZ_VAL_NULL = 0, /* no value; renders empty, is false */
	GZ_VAL_BOOL,     /* true or false */
	GZ_VAL_INT,      /* signed 64-bit integer (timestamps too) */
	GZ_VAL_STR,      /* text, escaped for its context on output */
	GZ_VAL_HTML,     /* trusted HTML: written raw only through `safe` */
	GZ_VAL_LIST,     /* ordered list of values */
	GZ_VAL_MAP,      /* ordered string-keyed map of values */
};

struct gz_val;

/* One entry of a map. */
struct gz_val_pair {
	const char *key;          /* NUL-terminated key, in the arena */
	size_t klen;              /* strlen(key), cached for lookups */
	const struct gz_val *val; /* never NULL */
};

struct gz_val {
	enum gz_val_kind kind; /* which member of u is meaningful */
	union {
		int b;       /* GZ_VAL_BOOL: 0 or 1 */
		long long i; /* GZ_VAL_INT */
		struct {
			const char *p; /* bytes, NUL-terminated */
			size_t n;      /* byte count, not counting the NUL */
		} s;                   /* GZ_VAL_STR and GZ_VAL_HTML */
		struct {
			const struct gz_val **items; /* the elements */
			size_t nitems;               /* elements in use */
			size_t cap;                  /* elements allocated */
			struct gz_arena *arena;      /* grows here */
		} list;                              /* GZ_VAL_LIST */
		struct {
			struct gz_val_pair *items; /* entries in insertion order */
			size_t nitems;             /* entries in use */
			size_t cap;                /* entries allocated */
			struct gz_arena *arena;    /* grows here */
		} map;                             /* GZ_VAL_MAP */
	} u;                                       /* the payload */
};

/* The shared null value (static storage, never freed). */
const struct gz_val *gz_val_null(void);

/* The shared true or false value (static storage). */
const struct gz_val *gz_val_bool(int b);

/* An integer value in the arena; NULL when the arena is full. */
struct gz_val *gz_val_int(struct gz_arena *a, long long i);

/* A string value holding a copy of the NUL-terminated s, in the arena. */
struct gz_val *gz_val_str(struct gz_arena *a, const char *s);

/* A string value holding a copy of n bytes at s (NUL appended), in the arena. */
struct gz_val *gz_val_strn(struct gz_arena *a, const char *s, size_t n);

/*
 * A string value pointing at s without copying: s (n bytes followed by a
 * NUL) must outlive every render of the value.  For strings already in the
 * request arena or in static storage.  The value itself is in the arena.
 */
struct gz_val *gz_val_str_ref(struct gz_arena *a, const char *s, size_t n);

/*
 * A trusted-HTML value holding a copy of the NUL-terminated html, in the
 * arena.  Only for sanitised Markdown output (gz_markdown_render); a
 * template writes it raw with `{{ x|safe }}` in HTML text.
 */
struct gz_val *gz_val_html(struct gz_arena *a, const char *html);

/* An empty list in the arena; it grows in the same arena. */
struct gz_val *gz_val_list_new(struct gz_arena *a);

/* Append v (not NULL) to list.  GZ_ENOMEM when the arena is full. */
enum gz_err gz_val_list_push(struct gz_val *list, const struct gz_val *v);

/* An empty map in the arena; it grows in the same arena. */
struct gz_val *gz_val_map_new(struct gz_arena *a);

/*
 * Set key to v in map.  key is copied into the arena; an existing key is
 * replaced in place (keeping its position).  GZ_ENOMEM when the arena is
 * full, GZ_EINVAL when v is NULL (a failed constructor upstream).
 */
enum gz_err gz_val_map_set(struct gz_val *map, const char *key, const struct gz_val *v);

/* The value stored under the klen bytes of key, or NULL when absent. */
const struct gz_val *gz_val_map_getn(const struct gz_val *map, const char *key, size_t klen);

/* The value stored under the NUL-terminated key, or NULL when absent. */
const struct gz_val *gz_val_map_get(const struct gz_val *map, const char *key);

/*
 * Template truthiness: null, false, 0, "" and empty lists and maps are
 * false; everything else is true.
 */
int gz_val_truthy(const struct gz_val *v);

/*
 * The text of a scalar for output: the bytes of a string or HTML value, an
 * integer in decimal (written into tmp), "true" or "false"; "" for null,
 * lists and maps.  Its length goes to *n; the text is not NUL-terminated
 * for strings.  The pointer is into v or tmp.
 */
const char *gz_val_text(const struct gz_val *v, char tmp[24], size_t *n);

#endif
