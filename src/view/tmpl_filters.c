/*
 * The filter table: what may follow a '|' in a template.  Each filter maps
 * one value (and an optional argument) to a new value, allocated in the
 * request arena, and never fails: a value it cannot use sets env->bad (a
 * render error in strict sets, an empty result otherwise).  Filters know
 * nothing of HTML; their results are escaped by context like any value,
 * except through `safe`, which only marks trusted HTML for raw output.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "gazette/i18n.h"
#include "gazette/str.h"
#include "gazette/utf8.h"
#include "internal.h"

static const struct gz_val empty_str = {.kind = GZ_VAL_STR, .u.s = {"", 0}};

static int
is_scalar(const struct gz_val *v)
{
	return v->kind != GZ_VAL_LIST && v->kind != GZ_VAL_MAP;
}

/* A string value of the buffer's contents, in the arena. */
static const struct gz_val *
from_buf(struct filter_env *env, struct gz_buf *b)
{
	struct gz_val *v;

	if (gz_buf_err(b) || (v = gz_val_str_ref(env->arena, gz_buf_str(b), b->len)) == NULL) {
		env->bad = 1;
		return &empty_str;
	}
	return v;
}

static const struct gz_val *
bad(struct filter_env *env)
{
	env->bad = 1;
	return &empty_str;
}

/* v, or the empty string with env->bad set when a constructor failed. */
static const struct gz_val *
or_bad(struct filter_env *env, const struct gz_val *v)
{
	return v != NULL ? v : bad(env);
}

/* ---- date and numbers ---- */

static const char *
check_date(const struct gz_val *arg)
{
	if (arg->kind != GZ_VAL_STR) {
		return "the format must be a string";
	}
	if (strcmp(arg->u.s.p, "iso") == 0 || strcmp(arg->u.s.p, "rfc822") == 0) {
		return NULL;
	}
	if (memchr(arg->u.s.p, '\0', arg->u.s.n) != NULL) {
		return "NUL in the format";
	}
	return gz_i18n_date_check(arg->u.s.p);
}

/*
 * The time in the page's language: gz_i18n_date translates the format
 * (a catalog entry in context "date format") and the month and day names.
 */
static const struct gz_val *
f_date(struct filter_env *env, const struct gz_val *in, const struct gz_val *arg)
{
	struct gz_buf b;

	if (in->kind == GZ_VAL_NULL) {
		return &empty_str;
	}
	if (in->kind != GZ_VAL_INT || arg->kind != GZ_VAL_STR || check_date(arg) != NULL) {
		return bad(env);
	}
	gz_buf_init(&b, env->arena, 0);
	gz_buf_reserve(&b, 64);
	if (gz_i18n_date_tz(&b, env->lang, arg->u.s.p, in->u.i, env->tz) != GZ_OK) {
		return bad(env);
	}
	/* An empty result is legitimate (format ""). */
	if (b.len == 0) {
		return &empty_str;
	}
	return from_buf(env, &b);
}

/* An integer with the language's digit grouping: 12,345. */
static const struct gz_val *
f_number(struct filter_env *env, const struct gz_val *in, const struct gz_val *arg)
{
	struct gz_buf b;

	if (in->kind == GZ_VAL_NULL) {
		return &empty_str;
	}
	if (in->kind != GZ_VAL_INT) {
		return bad(env);
	}
	gz_buf_init(&b, env->arena, 0);
	gz_i18n_number(&b, env->lang, in->u.i);
	return from_buf(env, &b);
}

/*
 * A message a handler made (a string, or a gz_i18n_message map) in the page's
 * language: the catalog's translation with {name} filled from the map.
 * Text the catalog does not hold stays as it is.
 */
static const struct gz_val *
f_t(struct filter_env *env, const struct gz_val *in, const struct gz_val *arg)
{
	const struct gz_val *id, *v;
	const char *text, *name;
	char *key, tmp[24];
	struct gz_buf b;
	size_t len, i = 0, skip, nname, tn;

	if (in->kind == GZ_VAL_NULL) {
		return &empty_str;
	}
	if (in->kind == GZ_VAL_STR) {
		if (in->u.s.n == 0 || memchr(in->u.s.p, '\0', in->u.s.n) != NULL ||
		    (key = gz_arena_strndup(env->arena, in->u.s.p, in->u.s.n)) == NULL) {
			return in;
		}
		text = gz_i18n_text(env->lang, NULL, key, NULL, 0);
		return text == key ? in : or_bad(env, gz_val_str(env->arena, text));
	}
	if (in->kind != GZ_VAL_MAP || (id = gz_val_map_get(in, "msgid")) == NULL ||
	    id->kind != GZ_VAL_STR ||
	    (key = gz_arena_strndup(env->arena, id->u.s.p, id->u.s.n)) == NULL) {
		return bad(env);
	}
	text = gz_i18n_text(env->lang, NULL, key, NULL, 0);
	len = strlen(text);
	gz_buf_init(&b, env->arena, 0);
	gz_buf_reserve(&b, len + 32);
	while (i < len) {
		skip = gz_i18n_placeholder(text + i, len - i, &name, &nname);
		if (skip > 0 && !(nname == 5 && memcmp(name, "msgid", 5) == 0) &&
		    (v = gz_val_map_getn(in, name, nname)) != NULL && is_scalar(v)) {
			if (v->kind == GZ_VAL_INT) {
				gz_i18n_number(&b, env->lang, v->u.i);
			} else if (v->kind != GZ_VAL_NULL) {
				const char *t = gz_val_text(v, tmp, &tn);

				gz_buf_append(&b, t, tn);
			}
			i += skip;
		} else {
			gz_buf_putc(&b, text[i++]);
		}
	}
	return b.len == 0 ? &empty_str : from_buf(env, &b);
}

/* ---- text ---- */

static const char *
check_truncate(const struct gz_val *arg)
{
	return arg->kind == GZ_VAL_INT && arg->u.i > 0 ? NULL : "needs a positive integer";
}

/*
 * At most arg characters of the text; when cut, the cut falls on a
 * character boundary and "…" follows.  Invalid bytes count as one
 * character each (they become U+FFFD on output).
 */
static const struct gz_val *
f_truncate(struct filter_env *env, const struct gz_val *in, const struct gz_val *arg)
{
	char tmp[24], *out;
	const char *p;
	size_t n, i = 0, k;
	long long chars = 0;
	uint32_t cp;

	if (!is_scalar(in) || check_truncate(arg) != NULL) {
		return bad(env);
	}
	p = gz_val_text(in, tmp, &n);
	while (i < n && chars < arg->u.i) {
		k = gz_utf8_decode(p + i, n - i, &cp);
		i += k ? k : 1;
		chars++;
	}
	if (i >= n) {
		return in->kind == GZ_VAL_STR ? in : or_bad(env, gz_val_strn(env->arena, p, n));
	}
	/* Trailing spaces before the ellipsis look like a typo. */
	while (i > 0 && p[i - 1] == ' ') {
		i--;
	}
	if ((out = gz_arena_alloc(env->arena, i + 4)) == NULL) {
		return bad(env);
	}
	memcpy(out, p, i);
	memcpy(out + i, "\xE2\x80\xA6", 4);
	return or_bad(env, gz_val_str_ref(env->arena, out, i + 3));
}

static const struct gz_val *
f_default(struct filter_env *env, const struct gz_val *in, const struct gz_val *arg)
{
	return gz_val_truthy(in) ? in : arg;
}

static const struct gz_val *
f_urlencode(struct filter_env *env, const struct gz_val *in, const struct gz_val *arg)
{
	static const char hexd[] = "0123456789ABCDEF";
	struct gz_buf b;
	char tmp[24];
	const char *p;
	size_t n, i;

	if (!is_scalar(in)) {
		return bad(env);
	}
	p = gz_val_text(in, tmp, &n);
	gz_buf_init(&b, env->arena, 0);
	gz_buf_reserve(&b, n * 3);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			gz_buf_putc(&b, (char)c);
		} else {
			char enc[3] = {'%', hexd[c >> 4], hexd[c & 15]};

			gz_buf_append(&b, enc, 3);
		}
	}
	return from_buf(env, &b);
}

static const char *
check_pluralize(const struct gz_val *arg)
{
	return arg->kind == GZ_VAL_STR ? NULL : "needs a string (\"s\" or \"y,ies\")";
}

/* "s" unless the count is 1; with "y,ies" the singular or plural suffix. */
static const struct gz_val *
f_pluralize(struct filter_env *env, const struct gz_val *in, const struct gz_val *arg)
{
	const char *sing = "", *plur = "s", *comma;
	size_t nsing = 0, nplur = 1;
	long long count;

	if (in->kind == GZ_VAL_INT) {
		count = in->u.i;
	} else if (in->kind == GZ_VAL_LIST) {
		count = (long long)in->u.list.nitems;
	} else {
		return bad(env);
	}
	if (arg != NULL) {
		if (arg->kind != GZ_VAL_STR) {
			return bad(env);
		}
		if ((comma = memchr(arg->u.s.p, ',', arg->u.s.n)) != NULL) {
			sing = arg->u.s.p;
			nsing = (size_t)(comma - sing);
			plur = comma + 1;
			nplur = arg->u.s.n - nsing - 1;
		} else {
			plur = arg->u.s.p;
			nplur = arg->u.s.n;
		}
	}
	return or_bad(env, count == 1 ? gz_val_strn(env->arena, sing, nsing)
	                              : gz_val_strn(env->arena, plur, nplur));
}

static const struct gz_val *
f_json(struct filter_env *env, const struct gz_val *in, const struct gz_val *arg)
{
	struct gz_buf b;

	gz_buf_init(&b, env->arena, 0);
	esc_json(&b, in, 0);
	return from_buf(env, &b);
}

static const struct gz_val *
f_slug(struct filter_env *env, const struct gz_val *in, const struct gz_val *arg)
{
	char tmp[24], *s, *z;
	const char *p;
	size_t n;

	if (!is_scalar(in)) {
		return bad(env);
	}
	p = gz_val_text(in, tmp, &n);
	/* gz_slugify wants a C string; values may hold NUL bytes. */
	if ((z = gz_arena_strndup(env->arena, p, n)) == NULL ||
	    gz_slugify(env->arena, z, 120, &s) != GZ_OK) {
		return bad(env);
	}
	return or_bad(env, gz_val_str_ref(env->arena, s, strlen(s)));
}

static const struct gz_val *
f_length(struct filter_env *env, const struct gz_val *in, const struct gz_val *arg)
{
	long long len = 0;
	size_t i = 0, k;
	uint32_t cp;

	switch (in->kind) {
	case GZ_VAL_LIST:
		len = (long long)in->u.list.nitems;
		break;
	case GZ_VAL_MAP:
		len = (long long)in->u.map.nitems;
		break;
	case GZ_VAL_STR:
	case GZ_VAL_HTML:
		while (i < in->u.s.n) {
			k = gz_utf8_decode(in->u.s.p + i, in->u.s.n - i, &cp);
			i += k ? k : 1;
			len++;
		}
		break;
	case GZ_VAL_NULL:
		break;
	default:
		return bad(env);
	}
	return or_bad(env, gz_val_int(env->arena, len));
}

static const struct gz_val *
change_case(struct filter_env *env, const struct gz_val *in, int up)
{
	char tmp[24], *out;
	const char *p;
	size_t n, i;

	if (!is_scalar(in)) {
		return bad(env);
	}
	p = gz_val_text(in, tmp, &n);
	if ((out = gz_arena_strndup(env->arena, p, n)) == NULL) {
		return bad(env);
	}
	for (i = 0; i < n; i++) {
		if (up && out[i] >= 'a' && out[i] <= 'z') {
			out[i] = (char)(out[i] - 32);
		} else if (!up && out[i] >= 'A' && out[i] <= 'Z') {
			out[i] = (char)(out[i] + 32);
		}
	}
	return or_bad(env, gz_val_str_ref(env->arena, out, n));
}

static const struct gz_val *
f_upper(struct filter_env *env, const struct gz_val *in, const struct gz_val *arg)
{
	return change_case(env, in, 1);
}

static const struct gz_val *
f_lower(struct filter_env *env, const struct gz_val *in, const struct gz_val *arg)
{
	return change_case(env, in, 0);
}

static const struct gz_val *
f_first(struct filter_env *env, const struct gz_val *in, const struct gz_val *arg)
{
	size_t k;
	uint32_t cp;

	if (in->kind == GZ_VAL_LIST) {
		return in->u.list.nitems ? in->u.list.items[0] : gz_val_null();
	}
	if (in->kind == GZ_VAL_STR) {
		if (in->u.s.n == 0) {
			return in;
		}
		k = gz_utf8_decode(in->u.s.p, in->u.s.n, &cp);
		return or_bad(env, gz_val_strn(env->arena, in->u.s.p, k ? k : 1));
	}
	return in->kind == GZ_VAL_NULL ? in : bad(env);
}

static const struct gz_val *
f_last(struct filter_env *env, const struct gz_val *in, const struct gz_val *arg)
{
	if (in->kind == GZ_VAL_LIST) {
		return in->u.list.nitems ? in->u.list.items[in->u.list.nitems - 1] : gz_val_null();
	}
	return in->kind == GZ_VAL_NULL ? in : bad(env);
}

static const struct gz_val *
f_join(struct filter_env *env, const struct gz_val *in, const struct gz_val *arg)
{
	struct gz_buf b;
	char tmp[24];
	const char *sep = ", ", *p;
	size_t nsep = 2, i, n;

	if (in->kind != GZ_VAL_LIST) {
		return in->kind == GZ_VAL_NULL ? &empty_str : bad(env);
	}
	if (arg != NULL) {
		if (!is_scalar(arg)) {
			return bad(env);
		}
		sep = gz_val_text(arg, tmp, &nsep);
	}
	gz_buf_init(&b, env->arena, 0);
	gz_buf_reserve(&b, 64);
	for (i = 0; i < in->u.list.nitems; i++) {
		char t2[24];

		if (!is_scalar(in->u.list.items[i])) {
			return bad(env);
		}
		if (i) {
			gz_buf_append(&b, sep, nsep);
		}
		p = gz_val_text(in->u.list.items[i], t2, &n);
		gz_buf_append(&b, p, n);
	}
	return from_buf(env, &b);
}

static const struct gz_val *
f_safe(struct filter_env *env, const struct gz_val *in, const struct gz_val *arg)
{
	return in;
}

const struct filter_def filter_default_def = {"default", FARG_REQUIRED, f_default, NULL};
const struct filter_def filter_safe_def = {"safe", FARG_NONE, f_safe, NULL};
const struct filter_def filter_json_def = {"json", FARG_NONE, f_json, NULL};
const struct filter_def filter_urlencode_def = {"urlencode", FARG_NONE, f_urlencode, NULL};

static const struct filter_def filters[] = {
    {"date", FARG_REQUIRED, f_date, check_date},
    {"number", FARG_NONE, f_number, NULL},
    {"t", FARG_NONE, f_t, NULL},
    {"truncate", FARG_REQUIRED, f_truncate, check_truncate},
    {"pluralize", FARG_OPTIONAL, f_pluralize, check_pluralize},
    {"slug", FARG_NONE, f_slug, NULL},
    {"length", FARG_NONE, f_length, NULL},
    {"upper", FARG_NONE, f_upper, NULL},
    {"lower", FARG_NONE, f_lower, NULL},
    {"first", FARG_NONE, f_first, NULL},
    {"last", FARG_NONE, f_last, NULL},
    {"join", FARG_OPTIONAL, f_join, NULL},
};

const struct filter_def *
filter_find(const char *name, size_t n)
{
	static const struct filter_def *const special[] = {&filter_default_def, &filter_safe_def,
	                                                   &filter_json_def, &filter_urlencode_def};
	size_t i;

	for (i = 0; i < sizeof(special) / sizeof(special[0]); i++) {
		if (strlen(special[i]->name) == n && memcmp(special[i]->name, name, n) == 0) {
			return special[i];
		}
	}
	for (i = 0; i < sizeof(filters) / sizeof(filters[0]); i++) {
		if (strlen(filters[i].name) == n && memcmp(filters[i].name, name, n) == 0) {
			return &filters[i];
		}
	}
	return NULL;
}
