/*
 * Template renderer: runs a compiled program over a value tree and appends
 * the bytes to a buffer.  Every decision about escaping was made at compile
 * time; here each output node evaluates its expression and hands the text
 * to its escaper.  The program is shared and read-only; all per-render
 * state lives on the stack or in the caller's arena, so any number of
 * threads may render from one set at once.
 *
 * It knows nothing of HTML beyond calling the escaper chosen for a node,
 * and nothing of where templates come from.
 */
#include <string.h>

#include "gazette/i18n.h"
#include "gazette/tmpl.h"
#include "gazette/tz.h"
#include "internal.h"

/* A loop variable in scope. */
struct scope {
	const char *name;          /* loop variable name (not NUL-terminated) */
	size_t n;                  /* its length */
	const struct gz_val *item; /* current element */
	size_t index;              /* 0-based position of item */
	size_t length;             /* elements in the list */
};

struct render {
	const struct gz_val *data;                  /* root map */
	struct gz_buf *out;                         /* output */
	int strict;                                 /* missing variables are errors */
	enum gz_err err;                            /* first error, stops the render */
	const char **msg;                           /* where the message goes, or NULL */
	struct filter_env env;                      /* arena and the filters' bad flag */
	struct scope scopes[GZ_TMPL_MAX_DEPTH + 1]; /* loop variables, innermost last */
	int nscopes;                                /* in use */
	size_t steps;                               /* loop iterations left */
};

/* Record a strict-mode error (first one wins) and return null. */
static const struct gz_val *
fail(struct render *r, const char *file, const struct texpr *x, const char *what)
{
	if (r->strict && r->err == GZ_OK) {
		r->err = GZ_EINVAL;
		if (r->msg != NULL) {
			if (x->kind == X_FILTER) {
				*r->msg = gz_arena_printf(
				    r->env.arena, "%s:%d:%d: filter '%s' cannot use its input",
				    file, x->line, x->col, x->filter->name);
			} else if (x->kind == X_PATH) {
				*r->msg =
				    gz_arena_printf(r->env.arena, "%s:%d:%d: %s %.*s", file,
				                    x->line, x->col, what, (int)x->ntext, x->text);
			} else {
				*r->msg = gz_arena_printf(r->env.arena, "%s:%d:%d: %s", file,
				                          x->line, x->col, what);
			}
		}
	}
	return gz_val_null();
}

static const struct gz_val *
loop_attr(struct render *r, const struct scope *s, const struct seg *g)
{
	long long v;

	if (g->n == 5 && memcmp(g->name, "index", 5) == 0) {
		v = (long long)s->index + 1;
	} else if (g->n == 6 && memcmp(g->name, "index0", 6) == 0) {
		v = (long long)s->index;
	} else if (g->n == 6 && memcmp(g->name, "length", 6) == 0) {
		v = (long long)s->length;
	} else if (g->n == 8 && memcmp(g->name, "revindex", 8) == 0) {
		v = (long long)(s->length - s->index);
	} else if (g->n == 5 && memcmp(g->name, "first", 5) == 0) {
		return gz_val_bool(s->index == 0);
	} else if (g->n == 4 && memcmp(g->name, "last", 4) == 0) {
		return gz_val_bool(s->index + 1 == s->length);
	} else {
		return NULL;
	}
	return gz_val_int(r->env.arena, v);
}

/* The value a path names, or NULL when some part is missing. */
static const struct gz_val *
eval_path(struct render *r, const struct texpr *x)
{
	const struct seg *g = x->segs, *end = x->segs + x->nsegs;
	const struct gz_val *v = NULL;
	int i;

	for (i = r->nscopes - 1; i >= 0; i--) {
		if (r->scopes[i].n == g->n && memcmp(r->scopes[i].name, g->name, g->n) == 0) {
			v = r->scopes[i].item;
			break;
		}
	}
	if (v == NULL) {
		if (g->n == 4 && memcmp(g->name, "loop", 4) == 0 && r->nscopes > 0) {
			if (x->nsegs != 2) {
				return NULL;
			}
			return loop_attr(r, &r->scopes[r->nscopes - 1], g + 1);
		}
		v = gz_val_map_getn(r->data, g->name, g->n);
	}
	for (g++; v != NULL && g < end; g++) {
		if (v->kind == GZ_VAL_MAP) {
			v = gz_val_map_getn(v, g->name, g->n);
		} else if (v->kind == GZ_VAL_LIST && g->name[0] >= '0' && g->name[0] <= '9') {
			size_t idx = 0, k;

			for (k = 0; k < g->n && idx < ((size_t)-1) / 10 - 10; k++) {
				idx = idx * 10 + (size_t)(g->name[k] - '0');
			}
			v = idx < v->u.list.nitems ? v->u.list.items[idx] : NULL;
		} else {
			v = NULL;
		}
	}
	return v;
}

static int
compare(const struct gz_val *a, const struct gz_val *b, enum tok_kind op)
{
	int c;

	if (a->kind == GZ_VAL_INT && b->kind == GZ_VAL_INT) {
		c = a->u.i < b->u.i ? -1 : a->u.i > b->u.i;
	} else if ((a->kind == GZ_VAL_STR || a->kind == GZ_VAL_HTML) &&
	           (b->kind == GZ_VAL_STR || b->kind == GZ_VAL_HTML)) {
		size_t n = a->u.s.n < b->u.s.n ? a->u.s.n : b->u.s.n;

		c = n ? memcmp(a->u.s.p, b->u.s.p, n) : 0;
		if (c == 0) {
			c = a->u.s.n < b->u.s.n ? -1 : a->u.s.n > b->u.s.n;
		}
	} else if (a->kind == GZ_VAL_BOOL && b->kind == GZ_VAL_BOOL) {
		c = a->u.b - b->u.b;
	} else if (a->kind == GZ_VAL_NULL && b->kind == GZ_VAL_NULL) {
		c = 0;
	} else {
		/* Different kinds: only != holds; lists and maps compare by identity. */
		if (a == b) {
			return op == T_EQ || op == T_LE || op == T_GE;
		}
		return op == T_NE;
	}
	switch (op) {
	case T_EQ:
		return c == 0;
	case T_NE:
		return c != 0;
	case T_LT:
		return c < 0;
	case T_GT:
		return c > 0;
	case T_LE:
		return c <= 0;
	default:
		return c >= 0;
	}
}

static const struct gz_val *eval(struct render *r, const char *file, const struct texpr *x);
static const struct gz_val *eval_def(struct render *r, const char *file, const struct texpr *x);

/*
 * A translation in the page's language with its placeholders filled: {n}
 * is the count (digits grouped as the language does), {name} the text of
 * the argument name.  A string value in the arena; the escaper of the
 * output node then treats it like any other value.
 */
static const struct gz_val *
eval_trans(struct render *r, const char *file, const struct texpr *x)
{
	const struct tmsg *m = x->msg;
	const struct gz_val *count = NULL, *v;
	const char *text, *name;
	struct gz_buf b;
	size_t len, i = 0, k, skip, nname;
	unsigned long n = 0;

	if (m->plural != NULL) {
		count = eval_def(r, file, x->a);
		if (count->kind == GZ_VAL_LIST) {
			n = (unsigned long)count->u.list.nitems;
		} else if (count->kind == GZ_VAL_NULL) {
			n = 0; /* missing: reported above in strict sets, "0 ..." otherwise */
		} else if (count->kind == GZ_VAL_INT) {
			n = count->u.i < 0 ? 0UL - (unsigned long)count->u.i
			                   : (unsigned long)count->u.i;
		} else {
			return fail(r, file, x, "the count of _n() must be a number or a list");
		}
	}
	text = gz_i18n_text(r->env.lang, m->ctxt, m->id, m->plural, n);
	len = strlen(text);
	if (memchr(text, '{', len) == NULL) {
		v = gz_val_str_ref(r->env.arena, text, len);
		return v != NULL ? v : fail(r, file, x, "out of memory in");
	}
	gz_buf_init(&b, r->env.arena, 0);
	gz_buf_reserve(&b, len + 64);
	while (i < len) {
		skip = gz_i18n_placeholder(text + i, len - i, &name, &nname);
		if (skip > 0 && count != NULL && nname == 1 && name[0] == 'n') {
			gz_i18n_number(&b, r->env.lang,
			               count->kind == GZ_VAL_INT ? count->u.i : (long long)n);
			i += skip;
			continue;
		}
		for (k = 0; skip > 0 && k < m->nargs; k++) {
			if (m->args[k].n == nname && memcmp(m->args[k].name, name, nname) == 0) {
				char tmp[24];
				const char *t;
				size_t tn;

				v = eval_def(r, file, m->args[k].val);
				if (v->kind == GZ_VAL_LIST || v->kind == GZ_VAL_MAP) {
					return fail(r, file, m->args[k].val,
					            "a list or map cannot fill a placeholder:");
				}
				if (v->kind == GZ_VAL_INT) {
					gz_i18n_number(&b, r->env.lang, v->u.i);
				} else if (v->kind != GZ_VAL_NULL) {
					t = gz_val_text(v, tmp, &tn);
					gz_buf_append(&b, t, tn);
				}
				break;
			}
		}
		if (skip > 0 && k < m->nargs) {
			i += skip;
		} else {
			/* po2c keeps unknown names out of translations; a literal '{' stays. */
			gz_buf_putc(&b, text[i++]);
		}
	}
	if (gz_buf_err(&b) || (v = gz_val_str_ref(r->env.arena, b.data, b.len)) == NULL) {
		return fail(r, file, x, "out of memory in");
	}
	return v;
}

/* eval, with a missing value reported (strict) and turned into null. */
static const struct gz_val *
eval_def(struct render *r, const char *file, const struct texpr *x)
{
	const struct gz_val *v = eval(r, file, x);

	return v != NULL ? v : fail(r, file, x, "undefined variable");
}

/* The value of x, or NULL when a path in it is missing. */
static const struct gz_val *
eval(struct render *r, const char *file, const struct texpr *x)
{
	const struct gz_val *in, *arg = NULL, *v;

	switch (x->kind) {
	case X_PATH:
		return eval_path(r, x);
	case X_LIT:
		return &x->lit;
	case X_NOT:
		return gz_val_bool(!gz_val_truthy(eval_def(r, file, x->a)));
	case X_AND:
		if (!gz_val_truthy(eval_def(r, file, x->a))) {
			return gz_val_bool(0);
		}
		return gz_val_bool(gz_val_truthy(eval_def(r, file, x->b)));
	case X_OR:
		if (gz_val_truthy(eval_def(r, file, x->a))) {
			return gz_val_bool(1);
		}
		return gz_val_bool(gz_val_truthy(eval_def(r, file, x->b)));
	case X_CMP:
		in = eval_def(r, file, x->a);
		return gz_val_bool(compare(in, eval_def(r, file, x->b), x->op));
	case X_TRANS:
		return eval_trans(r, file, x);
	case X_FILTER:
		in = eval(r, file, x->a);
		if (x->b != NULL) {
			arg = eval_def(r, file, x->b);
		}
		if (x->filter == &filter_default_def) {
			return gz_val_truthy(in) ? in : arg;
		}
		if (in == NULL) {
			in = fail(r, file, x->a, "undefined variable");
		}
		r->env.bad = 0;
		v = x->filter->fn(&r->env, in, arg);
		if (r->env.bad) {
			fail(r, file, x, "filter cannot use its input");
			r->env.bad = 0;
		}
		return v;
	}
	return NULL;
}

static void
render_out(struct render *r, const struct cnode *n)
{
	const struct gz_val *v;
	const char *t;
	char tmp[24];
	size_t len;

	if (n->pre != NULL) {
		/* A fixed translation, escaped when compiled; lang points into the table. */
		size_t i = (size_t)(r->env.lang - gz_i18n_catalogs);

		gz_buf_append(r->out, n->pre[i], n->npre[i]);
		return;
	}
	v = eval(r, n->file, n->expr);
	if (v == NULL) {
		fail(r, n->file, n->expr, "undefined variable");
		return;
	}
	switch (v->kind) {
	case GZ_VAL_STR:
		if (n->esc == ESC_JS_VALUE) {
			esc_json(r->out, v, 0);
		} else {
			esc_write(r->out, n->esc, v->u.s.p, v->u.s.n);
		}
		return;
	case GZ_VAL_HTML:
		if (n->raw) {
			gz_buf_append(r->out, v->u.s.p, v->u.s.n);
		} else if (n->esc == ESC_JS_VALUE) {
			esc_json(r->out, v, 0);
		} else {
			esc_write(r->out, n->esc, v->u.s.p, v->u.s.n);
		}
		return;
	case GZ_VAL_LIST:
	case GZ_VAL_MAP:
		if (n->esc == ESC_JS_VALUE) {
			esc_json(r->out, v, 0);
		} else {
			fail(r, n->file, n->expr, "cannot write a list or map here:");
		}
		return;
	case GZ_VAL_NULL:
		if (n->esc == ESC_JS_VALUE) {
			gz_buf_append(r->out, "null", 4);
		}
		return;
	default:
		t = gz_val_text(v, tmp, &len);
		/* Digits and true/false need no escaping in any context. */
		gz_buf_append(r->out, t, len);
		return;
	}
}

static void render_list(struct render *r, const struct cnode *n);

/*
 * {% trans %}: the sentence in the page's language, its words escaped as
 * text, each {name} replaced by running its part.
 */
static void
render_trans(struct render *r, const struct cnode *n)
{
	const struct tmsg *m = n->msg;
	const char *text = gz_i18n_text(r->env.lang, NULL, m->id, NULL, 0), *name;
	size_t len = strlen(text), i = 0, run = 0, k, skip, nname;

	while (i < len && r->err == GZ_OK) {
		skip = gz_i18n_placeholder(text + i, len - i, &name, &nname);
		for (k = 0; skip > 0 && k < m->nargs; k++) {
			if (m->args[k].n == nname && memcmp(m->args[k].name, name, nname) == 0) {
				break;
			}
		}
		if (skip == 0 || k == m->nargs) {
			i++;
			continue;
		}
		esc_write(r->out, n->esc, text + run, i - run);
		render_list(r, n->parts[k]);
		i += skip;
		run = i;
	}
	esc_write(r->out, n->esc, text + run, len - run);
}

static void
render_for(struct render *r, const struct cnode *n)
{
	const struct gz_val *list = eval(r, n->file, n->expr);
	struct scope *s;
	size_t i;

	if (list == NULL) {
		fail(r, n->file, n->expr, "undefined variable");
		return;
	}
	if (list->kind != GZ_VAL_LIST) {
		if (list->kind != GZ_VAL_NULL) {
			fail(r, n->file, n->expr, "for needs a list:");
		}
		render_list(r, n->else_body);
		return;
	}
	if (list->u.list.nitems == 0) {
		render_list(r, n->else_body);
		return;
	}
	/* Nesting is bounded at compile time, so the scope stack cannot overflow. */
	s = &r->scopes[r->nscopes++];
	s->name = n->text;
	s->n = n->ntext;
	s->length = list->u.list.nitems;
	for (i = 0; i < list->u.list.nitems && r->err == GZ_OK; i++) {
		if (r->steps-- == 0) {
			/* Nested loops over big lists: stop rather than spin. */
			r->err = GZ_ETOOBIG;
			break;
		}
		s->item = list->u.list.items[i];
		s->index = i;
		render_list(r, n->body);
	}
	r->nscopes--;
}

static void
render_list(struct render *r, const struct cnode *n)
{
	size_t i;

	for (; n != NULL && r->err == GZ_OK && r->out->err == GZ_OK; n = n->next) {
		switch (n->op) {
		case C_TEXT:
			gz_buf_append(r->out, n->text, n->ntext);
			break;
		case C_OUT:
			render_out(r, n);
			break;
		case C_IF:
			for (i = 0; i < n->nbranches; i++) {
				const struct cbranch *b = &n->branches[i];

				if (b->cond == NULL ||
				    gz_val_truthy(eval_def(r, n->file, b->cond))) {
					render_list(r, b->body);
					break;
				}
			}
			break;
		case C_FOR:
			render_for(r, n);
			break;
		case C_TRANS:
			render_trans(r, n);
			break;
		}
	}
}

/*
 * The zone named by data.page.tz ("Europe/London"), shared and never
 * freed (gz_tz_get), or NULL (UTC) when absent, unknown or unreadable:
 * a page always renders.
 */
static const struct gz_tz *
page_tz(const struct gz_val *data)
{
	const struct gz_val *page, *tz;
	char name[GZ_TZ_NAME_MAX + 1];

	if (data == NULL || data->kind != GZ_VAL_MAP ||
	    (page = gz_val_map_get(data, "page")) == NULL || page->kind != GZ_VAL_MAP ||
	    (tz = gz_val_map_get(page, "tz")) == NULL || tz->kind != GZ_VAL_STR || tz->u.s.n == 0 ||
	    tz->u.s.n > GZ_TZ_NAME_MAX || strcmp(tz->u.s.p, "UTC") == 0) {
		return NULL;
	}
	memcpy(name, tz->u.s.p, tz->u.s.n);
	name[tz->u.s.n] = '\0';
	return gz_tz_get(name);
}

enum gz_err
render_prog(const struct cnode *prog, const struct gz_val *data, int strict, struct gz_arena *arena,
            struct gz_buf *out, const char **msg)
{
	struct render r;

	r.data = data;
	r.out = out;
	r.strict = strict;
	r.err = GZ_OK;
	r.msg = msg;
	r.env.arena = arena;
	r.env.bad = 0;
	r.env.lang = gz_i18n_find(gz_i18n_lang_of(data));
	r.env.tz = page_tz(data);
	r.nscopes = 0;
	r.steps = GZ_TMPL_MAX_STEPS;
	render_list(&r, prog);
	if (r.err != GZ_OK) {
		return r.err;
	}
	return gz_buf_err(out);
}
