/*
 * Route matching over the static table in routes.c.  Patterns are literal
 * segments and placeholders: {name} matches any one non-empty segment,
 * {name:int} one made only of ASCII digits (so "/{year:int}/{month:int}"
 * takes /2026/12 but leaves /admin/users, /feed/atom and every other
 * two-segment path to the routes and the old-address lookup after it).
 * There are no wildcards or regular expressions, so a reader of routes.c
 * sees every URL the site answers.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/router.h"

#define INT_SUFFIX ":int}" /* the end of a digits-only placeholder */
#define INT_SUFFIX_LEN 5

/* 1 when the placeholder of plen bytes at p ("{...}") is a {name:int}. */
static int
int_param(const char *p, size_t plen)
{
	return plen > INT_SUFFIX_LEN + 1 &&
	       memcmp(p + plen - INT_SUFFIX_LEN, INT_SUFFIX, INT_SUFFIX_LEN) == 0;
}

/* 1 when the slen bytes at s are all ASCII digits (slen > 0). */
static int
all_digits(const char *s, size_t slen)
{
	size_t i;

	for (i = 0; i < slen; i++) {
		if (s[i] < '0' || s[i] > '9') {
			return 0;
		}
	}
	return 1;
}

int
gz_route_match(const char *pattern, const char *path, struct gz_request *req)
{
	const char *p = pattern, *s = path;
	size_t n = 0, plen, slen;

	while (*p == '/' && *s == '/') {
		p++;
		s++;
		plen = strcspn(p, "/");
		slen = strcspn(s, "/");
		if (p[0] == '{') {
			if (slen == 0 || n == GZ_MAX_PARAMS ||
			    (int_param(p, plen) && !all_digits(s, slen))) {
				return 0;
			}
			req->param_names[n] = NULL;
			req->params[n] = NULL;
			/* Names and values are copied only once the whole path matched. */
			n++;
		} else if (plen != slen || memcmp(p, s, plen) != 0) {
			return 0;
		}
		p += plen;
		s += slen;
	}
	if (*p != '\0' || *s != '\0') {
		return 0;
	}
	/* Second pass: record the parameters now that the route is ours. */
	n = 0;
	p = pattern;
	s = path;
	while (*p == '/') {
		p++;
		s++;
		plen = strcspn(p, "/");
		slen = strcspn(s, "/");
		if (p[0] == '{') {
			/* The name without its type: {year:int} is "year". */
			req->param_names[n] = gz_arena_strndup(
			    req->arena, p + 1,
			    plen - 2 - (int_param(p, plen) ? INT_SUFFIX_LEN - 1 : 0));
			req->params[n] = gz_arena_strndup(req->arena, s, slen);
			if (req->param_names[n] == NULL || req->params[n] == NULL) {
				return 0;
			}
			n++;
		}
		p += plen;
		s += slen;
	}
	req->nparams = n;
	return 1;
}

const struct gz_route *
gz_route_find(struct gz_request *req, unsigned *allow)
{
	unsigned m = req->method;
	size_t i;

	*allow = 0;
	for (i = 0; i < gz_nroutes; i++) {
		const struct gz_route *r = &gz_routes[i];
		unsigned methods = r->methods;

		if (methods & GZ_GET) {
			methods |= GZ_HEAD;
		}
		if (!gz_route_match(r->pattern, req->path, req)) {
			continue;
		}
		if (methods & m) {
			req->route_flags = r->flags;
			return r;
		}
		*allow |= methods;
	}
	req->nparams = 0;
	return NULL;
}
