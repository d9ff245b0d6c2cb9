/*
 * Fuzz the route matcher (gz_route_find over the table in routes.c): a
 * method and a path in, a route with its parameters, or the methods the
 * path allows, out.
 *
 * Input: byte 0 picks the method (bits 0-2: GET HEAD POST PUT DELETE
 * OPTIONS PATCH or none) and, with bit 3, builds the path from route
 * number byte 1 (modulo the table) with its {params} replaced by the
 * input's '/'-separated pieces, so deep routes are reached; otherwise the
 * path is the input after byte 1, up to a NUL.
 *
 * Checks, against a matcher written here (split both on '/', a {name}
 * segment takes any non-empty segment, a {name:int} one of ASCII digits
 * only, and its parameter is called name): the route returned is the first
 * whose pattern matches and whose methods (GET implying HEAD) hold the
 * method; its parameters are named as in the pattern, non-empty, free of
 * '/', and put back into the pattern give the path again; with no route,
 * there are no parameters and the allow mask is exactly the methods of
 * the routes matching the path (so non-zero, the 405 case, exactly when
 * one does, and never holding the method asked for).  Once, the table
 * itself: patterns start with '/', placeholders are whole "{name}" or
 * "{name:int}" segments, at most GZ_MAX_PARAMS, and no route is shadowed
 * by an earlier one for its own method (placeholders filled with a value
 * no literal segment uses: digits for {name:int}).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/request.h"
#include "gazette/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const enum gz_method methods[8] = {GZ_GET,    GZ_HEAD,    GZ_POST,  GZ_PUT,
                                          GZ_DELETE, GZ_OPTIONS, GZ_PATCH, GZ_METHOD_OTHER};

/* A placeholder segment (n bytes at s): "{name}" or "{name:int}". */
static int
is_param(const char *s, size_t n)
{
	return n >= 2 && s[0] == '{' && s[n - 1] == '}';
}

/* A digits-only placeholder segment: "{name:int}". */
static int
is_int_param(const char *s, size_t n)
{
	return is_param(s, n) && n > 6 && memcmp(s + n - 5, ":int}", 5) == 0;
}

/* The length of a placeholder's name: "{year:int}" names "year". */
static size_t
param_name_len(const char *s, size_t n)
{
	return is_int_param(s, n) ? n - 6 : n - 2;
}

/* 1 when the n bytes at s are one or more ASCII digits. */
static int
digits_only(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9') {
			return 0;
		}
	}
	return n > 0;
}

/* 1 when path matches pattern, segment by segment. */
static int
ref_match(const char *pattern, const char *path)
{
	const char *p = pattern, *s = path;
	size_t plen, slen;

	if (*p != '/' || *s != '/') {
		return 0;
	}
	for (;;) {
		p++;
		s++;
		plen = strcspn(p, "/");
		slen = strcspn(s, "/");
		if (is_int_param(p, plen) ? !digits_only(s, slen)
		    : is_param(p, plen)   ? slen == 0
		                          : (plen != slen || memcmp(p, s, plen) != 0)) {
			return 0;
		}
		p += plen;
		s += slen;
		if (*p == '\0' || *s == '\0') {
			return *p == *s;
		}
	}
}

/* The methods route r answers: GET implies HEAD. */
static unsigned
route_methods(const struct gz_route *r)
{
	return r->methods | ((r->methods & GZ_GET) ? GZ_HEAD : 0);
}

/*
 * Check what gz_route_find did for method m and path: see the file
 * comment.  Returns the route found.
 */
static const struct gz_route *
check_find(struct gz_arena *a, enum gz_method m, const char *path)
{
	struct gz_request req;
	const struct gz_route *r, *want = NULL;
	unsigned allow, want_allow = 0;
	const char *p, *s;
	size_t i, plen, slen, np = 0;

	memset(&req, 0, sizeof(req));
	req.arena = a;
	req.method = m;
	req.path = path;
	r = gz_route_find(&req, &allow);
	for (i = 0; i < gz_nroutes && want == NULL; i++) {
		if (ref_match(gz_routes[i].pattern, path)) {
			if (route_methods(&gz_routes[i]) & m) {
				want = &gz_routes[i];
			}
			want_allow |= route_methods(&gz_routes[i]);
		}
	}
	if (r != want) {
		abort();
	}
	if (r == NULL) {
		if (allow != want_allow || (allow & m) != 0 || req.nparams != 0) {
			abort();
		}
		return NULL;
	}
	if (req.route_flags != r->flags) {
		abort();
	}
	/* Substitute the parameters back: the path must come out. */
	for (p = r->pattern, s = path; *p == '/' && *s == '/';) {
		p++;
		s++;
		plen = strcspn(p, "/");
		slen = strcspn(s, "/");
		if (is_param(p, plen)) {
			const char *v, *nm;

			if (np >= req.nparams || np >= GZ_MAX_PARAMS) {
				abort();
			}
			v = req.params[np];
			nm = req.param_names[np];
			if (v == NULL || nm == NULL || v[0] == '\0' || strchr(v, '/') != NULL ||
			    strlen(v) != slen || memcmp(v, s, slen) != 0 ||
			    strlen(nm) != param_name_len(p, plen) ||
			    memcmp(nm, p + 1, param_name_len(p, plen)) != 0 ||
			    (is_int_param(p, plen) && !digits_only(v, strlen(v)))) {
				abort();
			}
			/* The lookup handlers use gives the first parameter of that name. */
			if (gz_request_param(&req, nm) == NULL) {
				abort();
			}
			np++;
		}
		p += plen;
		s += slen;
	}
	if (*p != '\0' || *s != '\0' || np != req.nparams) {
		abort();
	}
	return r;
}

/*
 * The table's own shape, checked once: well-formed patterns, and each
 * route reached, for each of its methods, by its pattern with every
 * placeholder filled by a value no literal segment uses.
 */
static void
check_table(struct gz_arena *a)
{
	char path[512];
	size_t i, k, plen, np;
	const char *p;
	unsigned bit;

	for (i = 0; i < gz_nroutes; i++) {
		const struct gz_route *r = &gz_routes[i];

		if (r->pattern == NULL || r->pattern[0] != '/' || r->methods == 0 ||
		    r->fn == NULL) {
			abort();
		}
		k = 0;
		np = 0;
		for (p = r->pattern; *p == '/';) {
			p++;
			plen = strcspn(p, "/");
			if (memchr(p, '{', plen) != NULL || memchr(p, '}', plen) != NULL) {
				if (!is_param(p, plen) || param_name_len(p, plen) == 0 ||
				    memchr(p + 1, '{', plen - 2) != NULL ||
				    memchr(p + 1, '}', plen - 2) != NULL ||
				    memchr(p + 1, ':', param_name_len(p, plen)) != NULL ||
				    (memchr(p + 1, ':', plen - 2) != NULL &&
				     !is_int_param(p, plen)) ||
				    ++np > GZ_MAX_PARAMS) {
					abort();
				}
				if (k + 6 >= sizeof(path)) {
					abort();
				}
				/* Digits for {name:int}, else a value no route spells. */
				memcpy(path + k, is_int_param(p, plen) ? "/1234" : "/\xE2\x80\xBDw",
				       5);
				k += 5;
			} else {
				if (k + plen + 1 >= sizeof(path)) {
					abort();
				}
				path[k++] = '/';
				memcpy(path + k, p, plen);
				k += plen;
			}
			p += plen;
		}
		if (*p != '\0') {
			abort();
		}
		path[k] = '\0';
		for (bit = 1; bit <= GZ_PATCH; bit <<= 1) {
			if ((r->methods & bit) && check_find(a, (enum gz_method)bit, path) != r) {
				abort();
			}
		}
		gz_arena_reset(a);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int table_checked;
	struct gz_arena a;
	char *path;
	const char *p, *in, *end;
	size_t n, k, plen;

	if (size < 2) {
		return 0;
	}
	gz_arena_init(&a, 4096, 4 * 1024 * 1024);
	if (!table_checked) {
		check_table(&a);
		table_checked = 1;
	}
	in = (const char *)data + 2;
	end = (const char *)data + size;
	n = (size_t)(end - in);
	if (data[0] & 8) {
		/* Pattern with {params} filled from the input's pieces: at most
		 * the pattern plus the whole input. */
		const struct gz_route *r = &gz_routes[data[1] % gz_nroutes];

		if ((path = malloc(strlen(r->pattern) + n + 1)) == NULL) {
			goto out;
		}
		k = 0;
		for (p = r->pattern; *p == '/';) {
			p++;
			plen = strcspn(p, "/");
			path[k++] = '/';
			if (is_param(p, plen)) {
				const char *piece = in;
				size_t m;

				while (in < end && *in != '/' && *in != '\0') {
					in++;
				}
				m = (size_t)(in - piece);
				memcpy(path + k, piece, m);
				k += m;
				if (in < end) {
					in++;
				}
			} else {
				memcpy(path + k, p, plen);
				k += plen;
			}
			p += plen;
		}
		path[k] = '\0';
	} else {
		if ((path = malloc(n + 1)) == NULL) {
			goto out;
		}
		memcpy(path, in, n);
		path[n] = '\0';
	}
	(void)check_find(&a, methods[data[0] & 7], path);
	free(path);
out:
	gz_arena_free(&a);
	return 0;
}
