/*
 * Template compiler: turns the parsed files of a set into one program per
 * file.  Layouts are resolved here (a page's blocks replace its parent's),
 * includes are inlined, adjacent text is merged so it is written with one
 * append, and the HTML context tracker (tmpl_escape.c) walks the literal
 * text to fix each output's escaper.  Because includes are inlined, a
 * partial is escaped for the context it is included in.  Branches of an if
 * and the body of a loop must agree on the context they end in, as in Go's
 * html/template; otherwise compiling fails with the position.
 *
 * It knows nothing of values or rendering.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gazette/i18n.h"
#include "gazette/tmpl.h"
#include "internal.h"

#define MAX_CHAIN 16 /* extends levels */

struct comp {
	struct gz_arena *a;  /* the set's arena */
	struct tfile *files; /* every file of the set, sorted by name */
	size_t nfiles;       /* how many */
	char *err;           /* message buffer */
	size_t errsz;        /* its size */
	int failed;          /* an error was reported */
	const struct tfile *stack[GZ_TMPL_MAX_DEPTH + 1]; /* files being inlined */
	int nstack;                                       /* depth of stack */
	const struct tfile **chain;                       /* extends chain of the innermost unit */
	int nchain;                                       /* its length */
	size_t nodes;                                     /* nodes emitted for the current page */
};

/* The list being built. */
struct emit {
	struct cnode *head;  /* first node */
	struct cnode **tail; /* where the next goes */
	struct cnode *last;  /* last node, for text merging */
};

static void __attribute__((format(printf, 5, 6)))
fail(struct comp *cp, const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (cp->failed) {
		return;
	}
	cp->failed = 1;
	if (cp->errsz == 0) {
		return;
	}
	n = snprintf(cp->err, cp->errsz, "%s:%d:%d: ", file, line, col);
	if (n < 0 || (size_t)n >= cp->errsz) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(cp->err + n, cp->errsz - (size_t)n, fmt, ap);
	va_end(ap);
}

static void
emit_init(struct emit *e)
{
	e->head = NULL;
	e->tail = &e->head;
	e->last = NULL;
}

static struct cnode *
new_cnode(struct comp *cp, struct emit *e, enum cop op, const char *file)
{
	struct cnode *n;

	if (++cp->nodes > GZ_TMPL_MAX_NODES) {
		fail(cp, file, 1, 1, "page too large once includes are inlined (over %d nodes)",
		     GZ_TMPL_MAX_NODES);
		return NULL;
	}
	if ((n = gz_arena_calloc(cp->a, 1, sizeof(*n))) == NULL) {
		fail(cp, file, 1, 1, "out of memory");
		return NULL;
	}
	n->op = op;
	n->file = file;
	*e->tail = n;
	e->tail = &n->next;
	e->last = n;
	return n;
}

/* Append text, merging with a preceding text node (amortised doubling). */
static void
emit_text(struct comp *cp, struct emit *e, const char *p, size_t n, const char *file)
{
	struct cnode *t = e->last;

	if (n == 0) {
		return;
	}
	if (t != NULL && t->op == C_TEXT) {
		if (t->ntext + n > t->cap) {
			size_t ncap = (t->ntext + n) * 2;
			char *buf = gz_arena_alloc(cp->a, ncap);

			if (buf == NULL) {
				fail(cp, file, 1, 1, "out of memory");
				return;
			}
			memcpy(buf, t->text, t->ntext);
			t->text = buf;
			t->cap = ncap;
		}
		memcpy((char *)t->text + t->ntext, p, n);
		t->ntext += n;
		return;
	}
	if ((t = new_cnode(cp, e, C_TEXT, file)) != NULL) {
		t->text = p;
		t->ntext = n;
	}
}

static struct tfile *
find_file(struct comp *cp, const char *name)
{
	size_t lo = 0, hi = cp->nfiles;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(cp->files[mid].name, name);

		if (c == 0) {
			return &cp->files[mid];
		}
		if (c < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return NULL;
}

static void compile_unit(struct comp *cp, const struct tfile *f, struct ctx *c, struct emit *e,
                         int depth, const struct tfile *from, int line, int col);

static void compile_list(struct comp *cp, const struct tfile *f, const struct tnode *n,
                         struct ctx *c, struct emit *e, int depth);

/* Compile body into a fresh list starting at *c; *c becomes the end context. */
static struct cnode *
compile_body(struct comp *cp, const struct tfile *f, const struct tnode *body, struct ctx *c,
             int depth)
{
	struct emit sub;

	emit_init(&sub);
	compile_list(cp, f, body, c, &sub, depth);
	return sub.head;
}

static void
compile_if(struct comp *cp, const struct tfile *f, const struct tnode *n, struct ctx *c,
           struct emit *e, int depth)
{
	const struct tbranch *b;
	struct cnode *out;
	struct ctx end = *c, bc;
	size_t i = 0, nb = 0;
	int has_else = 0;

	for (b = n->branches; b != NULL; b = b->next) {
		nb++;
	}
	if ((out = new_cnode(cp, e, C_IF, f->name)) == NULL ||
	    (out->branches = gz_arena_calloc(cp->a, nb, sizeof(*out->branches))) == NULL) {
		fail(cp, f->name, n->line, n->col, "out of memory");
		return;
	}
	out->nbranches = nb;
	for (b = n->branches; b != NULL && !cp->failed; b = b->next, i++) {
		bc = *c;
		out->branches[i].cond = b->cond;
		out->branches[i].body = compile_body(cp, f, b->body, &bc, depth + 1);
		if (b->cond == NULL) {
			has_else = 1;
		}
		if (i == 0) {
			end = bc;
		} else if (ctx_join(end, bc, &end) != 0) {
			fail(cp, f->name, n->line, n->col,
			     "branches of this if end in different contexts (%s and %s)",
			     ctx_name(end), ctx_name(bc));
			return;
		}
	}
	if (!has_else && !cp->failed && ctx_join(end, *c, &end) != 0) {
		fail(cp, f->name, n->line, n->col,
		     "this if without else changes the context (from %s to %s)", ctx_name(*c),
		     ctx_name(end));
		return;
	}
	*c = end;
}

static void
compile_for(struct comp *cp, const struct tfile *f, const struct tnode *n, struct ctx *c,
            struct emit *e, int depth)
{
	struct cnode *out;
	struct ctx start = *c, end = *c, joined, else_end = *c;

	if ((out = new_cnode(cp, e, C_FOR, f->name)) == NULL) {
		return;
	}
	out->text = n->text;
	out->ntext = n->ntext;
	out->expr = n->expr;
	out->body = compile_body(cp, f, n->body, &end, depth + 1);
	if (cp->failed) {
		return;
	}
	if (!ctx_eq(start, end)) {
		/* The second iteration starts where the first ended: recompile once. */
		if (ctx_join(start, end, &joined) != 0) {
			fail(cp, f->name, n->line, n->col,
			     "loop body ends in a different context (%s) than it starts (%s)",
			     ctx_name(end), ctx_name(start));
			return;
		}
		end = joined;
		out->body = compile_body(cp, f, n->body, &end, depth + 1);
		if (cp->failed) {
			return;
		}
		if (ctx_join(joined, end, &end) != 0 || !ctx_eq(end, joined)) {
			fail(cp, f->name, n->line, n->col,
			     "loop body does not end in the context it starts in (%s)",
			     ctx_name(joined));
			return;
		}
	}
	if (n->else_body != NULL) {
		out->else_body = compile_body(cp, f, n->else_body, &else_end, depth + 1);
		if (cp->failed) {
			return;
		}
	}
	if (ctx_join(end, else_end, c) != 0) {
		fail(cp, f->name, n->line, n->col,
		     "the loop and its else end in different contexts (%s and %s)", ctx_name(end),
		     ctx_name(else_end));
	}
}

/*
 * A translation without values (_("text"), _p(ctx, "text")) writes the same
 * bytes on every page of one language: escape each catalog's text once,
 * here, so that rendering it costs what literal text costs.
 */
static void
precompute(struct comp *cp, const struct tfile *f, struct cnode *out, const struct texpr *x)
{
	const struct tmsg *m = x->msg;
	const char **pre = gz_arena_calloc(cp->a, gz_i18n_ncatalogs, sizeof(*pre));
	size_t *npre = gz_arena_calloc(cp->a, gz_i18n_ncatalogs, sizeof(*npre)), i;

	if (pre == NULL || npre == NULL) {
		fail(cp, f->name, x->line, x->col, "out of memory");
		return;
	}
	for (i = 0; i < gz_i18n_ncatalogs; i++) {
		const char *text = gz_i18n_text(&gz_i18n_catalogs[i], m->ctxt, m->id, NULL, 0);
		struct gz_val v = {.kind = GZ_VAL_STR};
		struct gz_buf b;

		v.u.s.p = text;
		v.u.s.n = strlen(text);
		gz_buf_init(&b, cp->a, 0);
		if (out->esc == ESC_JS_VALUE) {
			esc_json(&b, &v, 0);
		} else {
			esc_write(&b, out->esc, v.u.s.p, v.u.s.n);
		}
		if (gz_buf_err(&b)) {
			fail(cp, f->name, x->line, x->col, "out of memory");
			return;
		}
		pre[i] = b.data != NULL ? b.data : "";
		npre[i] = b.len;
	}
	out->pre = pre;
	out->npre = npre;
}

static void
compile_out(struct comp *cp, const struct tfile *f, const struct tnode *n, struct ctx *c,
            struct emit *e)
{
	struct cnode *out;
	const char *why = NULL;
	const struct texpr *x = n->expr;
	int raw = n->safe && ctx_raw_ok(*c);
	enum esc esc;

	if (ctx_expr(c, &esc, &why) != 0) {
		fail(cp, f->name, n->line, n->col, "%s", why);
		return;
	}
	/* What the context does anyway need not be done twice. */
	if (x->kind == X_FILTER && ((esc == ESC_JS_VALUE && x->filter == &filter_json_def) ||
	                            (esc == ESC_URL_QUERY && x->filter == &filter_urlencode_def))) {
		x = x->a;
	}
	if ((out = new_cnode(cp, e, C_OUT, f->name)) != NULL) {
		out->expr = x;
		out->esc = esc;
		out->raw = raw;
		if (x->kind == X_TRANS && x->msg->plural == NULL && x->msg->nargs == 0) {
			precompute(cp, f, out, x);
		}
	}
}

/*
 * A translated sentence with parts: it stands in element text (or a plain
 * text file), its words are escaped as text, and each part, which a
 * translation may move anywhere in the sentence, must end in the context
 * it starts in.
 */
static void
compile_trans(struct comp *cp, const struct tfile *f, const struct tnode *n, struct ctx *c,
              struct emit *e, int depth)
{
	struct cnode *out;
	struct ctx probe = *c, pc;
	const char *why = NULL;
	enum esc esc;
	size_t i;

	if (ctx_expr(&probe, &esc, &why) != 0 || (esc != ESC_NONE && !ctx_raw_ok(*c))) {
		fail(cp, f->name, n->line, n->col,
		     "{%% trans %%} must stand in HTML text, not in %s", ctx_name(*c));
		return;
	}
	if ((out = new_cnode(cp, e, C_TRANS, f->name)) == NULL) {
		return;
	}
	out->msg = n->msg;
	out->esc = esc;
	if (n->msg->nargs > 0 &&
	    (out->parts = gz_arena_calloc(cp->a, n->msg->nargs, sizeof(*out->parts))) == NULL) {
		fail(cp, f->name, n->line, n->col, "out of memory");
		return;
	}
	for (i = 0; i < n->msg->nargs && !cp->failed; i++) {
		pc = *c;
		out->parts[i] = compile_body(cp, f, n->parts[i], &pc, depth + 1);
		if (!cp->failed && !ctx_eq(pc, *c)) {
			fail(cp, f->name, n->line, n->col,
			     "part '%.*s' ends in %s; it must end in the context it starts in (%s)",
			     (int)n->msg->args[i].n, n->msg->args[i].name, ctx_name(pc),
			     ctx_name(*c));
		}
	}
}

/* The body that a block named like n resolves to in the current chain. */
static const struct tnode *
resolve_block(struct comp *cp, const struct tnode *n, const struct tfile **owner)
{
	int i;
	size_t k;

	for (i = 0; i < cp->nchain; i++) {
		const struct tfile *f = cp->chain[i];

		for (k = 0; k < f->nblocks; k++) {
			if (f->blocks[k]->ntext == n->ntext &&
			    memcmp(f->blocks[k]->text, n->text, n->ntext) == 0) {
				*owner = f;
				return f->blocks[k]->body;
			}
		}
	}
	return NULL;
}

static void
compile_list(struct comp *cp, const struct tfile *f, const struct tnode *n, struct ctx *c,
             struct emit *e, int depth)
{
	const char *why = NULL;

	if (depth > GZ_TMPL_MAX_DEPTH) {
		fail(cp, f->name, n ? n->line : 1, n ? n->col : 1,
		     "nesting deeper than %d (if/for/block/include)", GZ_TMPL_MAX_DEPTH);
		return;
	}
	for (; n != NULL && !cp->failed; n = n->next) {
		switch (n->kind) {
		case N_TEXT:
			if (ctx_text(c, n->text, n->ntext, &why) != 0) {
				fail(cp, f->name, n->line, n->col, "%s", why);
				return;
			}
			emit_text(cp, e, n->text, n->ntext, f->name);
			break;
		case N_OUT:
			compile_out(cp, f, n, c, e);
			break;
		case N_IF:
			compile_if(cp, f, n, c, e, depth);
			break;
		case N_FOR:
			compile_for(cp, f, n, c, e, depth);
			break;
		case N_TRANS:
			compile_trans(cp, f, n, c, e, depth);
			break;
		case N_INCLUDE: {
			const struct tfile *t = find_file(cp, n->text);

			if (t == NULL) {
				fail(cp, f->name, n->line, n->col,
				     "include: no template named \"%s\"", n->text);
				return;
			}
			compile_unit(cp, t, c, e, depth + 1, f, n->line, n->col);
			break;
		}
		case N_BLOCK: {
			const struct tfile *owner = f;
			const struct tnode *body = resolve_block(cp, n, &owner);

			compile_list(cp, owner, body ? body : n->body, c, e, depth + 1);
			break;
		}
		}
	}
}

/*
 * Compile file f (following its extends chain) at context *c, appending to
 * e.  from/line/col name the include site for cycle messages.
 */
static void
compile_unit(struct comp *cp, const struct tfile *f, struct ctx *c, struct emit *e, int depth,
             const struct tfile *from, int line, int col)
{
	const struct tfile *chain[MAX_CHAIN], **saved_chain = cp->chain;
	int nchain = 0, saved_n = cp->nchain, i;
	const struct tfile *t = f;

	for (i = 0; i < cp->nstack; i++) {
		if (cp->stack[i] == f) {
			fail(cp, from->name, line, col, "include cycle: \"%s\" includes itself",
			     f->name);
			return;
		}
	}
	if (cp->nstack > GZ_TMPL_MAX_DEPTH || depth > GZ_TMPL_MAX_DEPTH) {
		fail(cp, from->name, line, col, "includes nested deeper than %d",
		     GZ_TMPL_MAX_DEPTH);
		return;
	}
	while (t != NULL) {
		for (i = 0; i < nchain; i++) {
			if (chain[i] == t) {
				fail(cp, f->name, f->ext_line, f->ext_col,
				     "extends cycle through \"%s\"", t->name);
				return;
			}
		}
		if (nchain == MAX_CHAIN) {
			fail(cp, f->name, f->ext_line, f->ext_col, "extends chain longer than %d",
			     MAX_CHAIN);
			return;
		}
		chain[nchain++] = t;
		if (t->extends == NULL) {
			break;
		}
		{
			const struct tfile *parent = find_file(cp, t->extends);

			if (parent == NULL) {
				fail(cp, t->name, t->ext_line, t->ext_col,
				     "extends: no template named \"%s\"", t->extends);
				return;
			}
			t = parent;
		}
	}
	cp->stack[cp->nstack++] = f;
	cp->chain = chain;
	cp->nchain = nchain;
	/* The root layout's body, with blocks resolved along the chain. */
	compile_list(cp, chain[nchain - 1], chain[nchain - 1]->body, c, e, depth);
	cp->chain = saved_chain;
	cp->nchain = saved_n;
	cp->nstack--;
}

int
compile_set(struct gz_arena *a, struct tfile *files, size_t nfiles, char *err, size_t errsz)
{
	struct comp cp;
	size_t i;

	memset(&cp, 0, sizeof(cp));
	cp.a = a;
	cp.files = files;
	cp.nfiles = nfiles;
	cp.err = err;
	cp.errsz = errsz;
	for (i = 0; i < nfiles && !cp.failed; i++) {
		struct ctx c = ctx_start(files[i].plain);
		struct emit e;

		emit_init(&e);
		cp.nodes = 0;
		compile_unit(&cp, &files[i], &c, &e, 0, &files[i], 1, 1);
		if (!cp.failed && !ctx_can_end(c)) {
			fail(&cp, files[i].name, 1, 1,
			     "template ends inside %s (unclosed tag, "
			     "attribute or comment)",
			     ctx_name(c));
		}
		files[i].prog = e.head;
	}
	return cp.failed ? -1 : 0;
}
