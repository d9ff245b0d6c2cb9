/*
 * Small form and parameter readers the newsroom's admin handlers share
 * (articles, categories, tags, media): trimmed fields, ids from the route
 * or a field, and every value of a repeated field (bulk checkboxes).  They
 * only read what the guard and the request parser already decoded.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/str.h"
#include "../internal.h"

const char *
gz_app_trimmed(struct gz_ctx *c, const char *name)
{
	const char *v = gz_app_field(c, name);
	struct gz_span s;
	char *out;

	if (v == NULL) {
		return "";
	}
	s = gz_str_trim(v, strlen(v));
	out = gz_arena_strndup(c->arena, s.p, s.n);
	return out != NULL ? out : "";
}

/* s as a positive id, 0 when it is not one. */
static int64_t
to_id(const char *s)
{
	long id;

	if (s == NULL || gz_str_to_long(s, 1, 0x7fffffffffffffffL, &id) != GZ_OK) {
		return 0;
	}
	return id;
}

int64_t
gz_app_param_id(struct gz_ctx *c, const char *name)
{
	return to_id(gz_request_param(c->req, name));
}

int
gz_app_loaded(struct gz_ctx *c, enum gz_err rc)
{
	if (rc == GZ_OK) {
		return 1;
	}
	gz_app_error(c, rc == GZ_ENOTFOUND ? 404 : 500);
	return 0;
}

int64_t
gz_app_field_id(struct gz_ctx *c, const char *name)
{
	const char *v = gz_app_trimmed(c, name);

	if (v[0] == '\0' || strcmp(v, "0") == 0) {
		return 0;
	}
	return to_id(v) > 0 ? to_id(v) : -1;
}

size_t
gz_app_field_ids(struct gz_ctx *c, const char *name, int64_t *ids, size_t max)
{
	size_t i, n = 0;
	int64_t id;

	for (i = 0; i < c->req->form.nitems && n < max; i++) {
		if (strcmp(c->req->form.items[i].key, name) == 0 &&
		    (id = to_id(c->req->form.items[i].val)) > 0) {
			ids[n++] = id;
		}
	}
	return n;
}
