/*
 * Template parser: turns one file's pieces into a syntax tree (statements
 * with nested bodies, expressions with filters).  It checks everything that
 * one file can show wrong (unknown statements and filters, unbalanced
 * blocks, nesting beyond the limits, misplaced extends) and reports
 * file:line:col.  It does not know other files (includes and extends are
 * resolved by tmpl_compile.c) nor HTML.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gazette/i18n.h"
#include "gazette/tmpl.h"
#include "internal.h"

struct parser {
	struct gz_arena *a;    /* the set's arena: tree nodes go here */
	struct tfile *tf;      /* file being parsed */
	struct lex lx;         /* piece scanner */
	struct piece pc;       /* current piece */
	struct toklex tl;      /* tokens of the current tag */
	struct token tok;      /* current token */
	char *err;             /* message buffer */
	size_t errsz;          /* its size */
	int failed;            /* an error was reported */
	struct tnode **blocks; /* blocks seen so far (grown by doubling) */
	size_t nblocks;        /* how many */
	size_t capblocks;      /* allocated */
	int seen_content;      /* a non-space node precedes (extends check) */
	int allow_assign;      /* the next token may be '=' (a named argument) */
};

/* Record the first error only; later ones are consequences. */
static void __attribute__((format(printf, 4, 5)))
fail(struct parser *ps, int line, int col, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (ps->failed) {
		return;
	}
	ps->failed = 1;
	if (ps->errsz == 0) {
		return;
	}
	n = snprintf(ps->err, ps->errsz, "%s:%d:%d: ", ps->tf->name, line, col);
	if (n < 0 || (size_t)n >= ps->errsz) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(ps->err + n, ps->errsz - (size_t)n, fmt, ap);
	va_end(ap);
}

static void
next_tok(struct parser *ps)
{
	toklex_next(&ps->tl, &ps->tok);
	if (ps->tok.kind == T_BAD || (ps->tok.kind == T_ASSIGN && !ps->allow_assign)) {
		fail(ps, ps->tok.line, ps->tok.col, "%s", ps->tok.err);
	}
}

static int
tok_is(const struct parser *ps, const char *word)
{
	size_t n = strlen(word);

	return ps->tok.kind == T_IDENT && ps->tok.n == n && memcmp(ps->tok.p, word, n) == 0;
}

static void *
alloc(struct parser *ps, size_t n)
{
	void *p = gz_arena_calloc(ps->a, 1, n);

	if (p == NULL) {
		fail(ps, ps->pc.line, ps->pc.col, "out of memory");
	}
	return p;
}

static struct texpr *
new_expr(struct parser *ps, enum xkind kind, const struct token *at)
{
	struct texpr *e = alloc(ps, sizeof(*e));

	if (e != NULL) {
		e->kind = kind;
		e->line = at->line;
		e->col = at->col;
		e->depth = 1;
	}
	return e;
}

/* Set e's height from its children; fail past the limit. */
static struct texpr *
seal(struct parser *ps, struct texpr *e)
{
	int d = 0;

	if (e == NULL) {
		return NULL;
	}
	if (e->a != NULL && e->a->depth > d) {
		d = e->a->depth;
	}
	if (e->b != NULL && e->b->depth > d) {
		d = e->b->depth;
	}
	e->depth = d + 1;
	if (e->depth > GZ_TMPL_MAX_EXPR_DEPTH) {
		fail(ps, e->line, e->col, "expression nested too deeply (limit %d)",
		     GZ_TMPL_MAX_EXPR_DEPTH);
		return NULL;
	}
	return e;
}

/* The inside of a string token with \\, \", \', \n, \t resolved, in the arena. */
static char *
unquote(struct parser *ps, const struct token *t, size_t *len)
{
	const char *s = t->p + 1, *end = t->p + t->n - 1;
	char *out = alloc(ps, t->n), *o = out;

	if (out == NULL) {
		return NULL;
	}
	for (; s < end; s++) {
		if (*s == '\\' && s + 1 < end) {
			s++;
			*o++ = *s == 'n' ? '\n' : *s == 't' ? '\t' : *s;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
	*len = (size_t)(o - out);
	return out;
}

static struct texpr *parse_expr(struct parser *ps, int depth);
static int has_safe(const struct texpr *e);
static int is_keyword(const struct token *t);

/* 1 when text has placeholder {name}. */
static int
uses_placeholder(const char *text, const char *name, size_t n)
{
	const char *nm;
	size_t i, len, nn, k;

	for (i = 0, len = text ? strlen(text) : 0; i < len; i++) {
		if ((k = gz_i18n_placeholder(text + i, len - i, &nm, &nn)) > 0 && nn == n &&
		    memcmp(nm, name, n) == 0) {
			return 1;
		}
	}
	return 0;
}

/*
 * Every placeholder of text must be an argument of m (or {n}, the count,
 * when count; a {% part %} when parts); else fail at line:col.
 */
static void
check_placeholders(struct parser *ps, int line, int col, const struct tmsg *m, const char *text,
                   int count, int parts)
{
	const char *nm;
	size_t i, j, len, nn, k;

	for (i = 0, len = text ? strlen(text) : 0; i < len; i++) {
		if ((k = gz_i18n_placeholder(text + i, len - i, &nm, &nn)) == 0) {
			continue;
		}
		if (count && nn == 1 && nm[0] == 'n') {
			continue;
		}
		for (j = 0;
		     j < m->nargs && !(m->args[j].n == nn && memcmp(m->args[j].name, nm, nn) == 0);
		     j++) {
		}
		if (j == m->nargs) {
			fail(ps, line, col,
			     parts ? "{%.*s} has no part (add {%% part %.*s %%})"
			           : "{%.*s} has no argument (add %.*s=...)",
			     (int)nn, nm, (int)nn, nm);
			return;
		}
	}
}

/*
 * A translation: _("msgid", name=x...), _n("one", "many", count, ...),
 * _p("context", "msgid", ...), _np("context", "one", "many", count, ...).
 * The texts must be literals (so that po2c extract finds them); the
 * current token is the '(' after the name at t.
 */
static struct texpr *
parse_trans(struct parser *ps, const struct token *t, int depth)
{
	const char *texts[3] = {NULL, NULL, NULL};
	int ctxt = t->n >= 2 && t->p[t->n - 1] == 'p', plural = t->n >= 2 && t->p[1] == 'n';
	int nlit = 1 + ctxt + plural, k;
	struct targ args[8];
	struct texpr *e;
	struct tmsg *m;
	size_t nargs = 0, i, len;

	next_tok(ps);
	for (k = 0; k < nlit; k++) {
		if (k > 0) {
			if (ps->tok.kind != T_COMMA) {
				fail(ps, ps->tok.line, ps->tok.col,
				     "%.*s() needs %d quoted texts first", (int)t->n, t->p, nlit);
				return NULL;
			}
			next_tok(ps);
		}
		if (ps->tok.kind != T_STR) {
			fail(ps, ps->tok.line, ps->tok.col,
			     "%.*s() needs a quoted text here (the catalog cannot find a computed "
			     "one)",
			     (int)t->n, t->p);
			return NULL;
		}
		if ((texts[k] = unquote(ps, &ps->tok, &len)) == NULL) {
			return NULL;
		}
		if (len == 0 || memchr(texts[k], '\0', len) != NULL) {
			fail(ps, ps->tok.line, ps->tok.col, "empty text in %.*s()", (int)t->n,
			     t->p);
			return NULL;
		}
		next_tok(ps);
	}
	if ((e = new_expr(ps, X_TRANS, t)) == NULL || (m = alloc(ps, sizeof(*m))) == NULL) {
		return NULL;
	}
	m->ctxt = ctxt ? texts[0] : NULL;
	m->id = texts[ctxt];
	m->plural = plural ? texts[ctxt + 1] : NULL;
	e->msg = m;
	if (plural) {
		if (ps->tok.kind != T_COMMA) {
			fail(ps, ps->tok.line, ps->tok.col,
			     "%.*s() needs the count after its texts", (int)t->n, t->p);
			return NULL;
		}
		next_tok(ps);
		if ((e->a = parse_expr(ps, depth + 1)) == NULL) {
			return NULL;
		}
		e->depth = e->a->depth + 1;
	}
	while (ps->tok.kind == T_COMMA && !ps->failed) {
		struct token nt;

		next_tok(ps);
		nt = ps->tok;
		if (nt.kind != T_IDENT || is_keyword(&nt)) {
			fail(ps, nt.line, nt.col, "expected name=value");
			return NULL;
		}
		if (nargs == sizeof(args) / sizeof(args[0])) {
			fail(ps, nt.line, nt.col, "more than 8 named arguments");
			return NULL;
		}
		if ((plural && nt.n == 1 && nt.p[0] == 'n') || nt.n > 32) {
			fail(ps, nt.line, nt.col, "'%.*s' cannot be an argument name%s", (int)nt.n,
			     nt.p, nt.n > 32 ? " (longer than 32 bytes)" : ": {n} is the count");
			return NULL;
		}
		for (i = 0; i < nargs; i++) {
			if (args[i].n == nt.n && memcmp(args[i].name, nt.p, nt.n) == 0) {
				fail(ps, nt.line, nt.col, "argument '%.*s' given twice", (int)nt.n,
				     nt.p);
				return NULL;
			}
		}
		if (!uses_placeholder(m->id, nt.p, nt.n) &&
		    !uses_placeholder(m->plural, nt.p, nt.n)) {
			fail(ps, nt.line, nt.col, "the text has no {%.*s}", (int)nt.n, nt.p);
			return NULL;
		}
		ps->allow_assign = 1;
		next_tok(ps);
		ps->allow_assign = 0;
		if (ps->tok.kind != T_ASSIGN) {
			fail(ps, ps->tok.line, ps->tok.col, "expected '=' after %.*s", (int)nt.n,
			     nt.p);
			return NULL;
		}
		next_tok(ps);
		args[nargs].name = nt.p;
		args[nargs].n = nt.n;
		if ((args[nargs].val = parse_expr(ps, depth + 1)) == NULL) {
			return NULL;
		}
		if (has_safe(args[nargs].val)) {
			fail(ps, args[nargs].val->line, args[nargs].val->col,
			     "'safe' is for output only");
			return NULL;
		}
		if (args[nargs].val->depth + 1 > e->depth) {
			e->depth = args[nargs].val->depth + 1;
		}
		nargs++;
	}
	if (ps->failed) {
		return NULL;
	}
	if (ps->tok.kind != T_RPAREN) {
		fail(ps, ps->tok.line, ps->tok.col, "expected ')' or ', name=value'");
		return NULL;
	}
	next_tok(ps);
	if (nargs > 0) {
		if ((m->args = alloc(ps, nargs * sizeof(*args))) == NULL) {
			return NULL;
		}
		memcpy(m->args, args, nargs * sizeof(*args));
		m->nargs = nargs;
	}
	check_placeholders(ps, e->line, e->col, m, m->id, plural, 0);
	check_placeholders(ps, e->line, e->col, m, m->plural, plural, 0);
	if (ps->failed) {
		return NULL;
	}
	if (e->depth > GZ_TMPL_MAX_EXPR_DEPTH) {
		fail(ps, e->line, e->col, "expression nested too deeply (limit %d)",
		     GZ_TMPL_MAX_EXPR_DEPTH);
		return NULL;
	}
	return e;
}

/* 1 when t names a translation function: _ _n _p _np. */
static int
is_trans_name(const struct token *t)
{
	return (t->n == 1 && t->p[0] == '_') ||
	       (t->n == 2 && t->p[0] == '_' && (t->p[1] == 'n' || t->p[1] == 'p')) ||
	       (t->n == 3 && memcmp(t->p, "_np", 3) == 0);
}

static int
is_keyword(const struct token *t)
{
	static const char *const kw[] = {"and", "or", "not", "in", "true", "false", "null", "none"};
	size_t i;

	for (i = 0; i < sizeof(kw) / sizeof(kw[0]); i++) {
		if (t->n == strlen(kw[i]) && memcmp(t->p, kw[i], t->n) == 0) {
			return 1;
		}
	}
	return 0;
}

static struct texpr *
parse_primary(struct parser *ps, int depth)
{
	struct token t = ps->tok;
	struct texpr *e;

	if (ps->failed) {
		return NULL;
	}
	if (depth > GZ_TMPL_MAX_EXPR_DEPTH) {
		fail(ps, t.line, t.col, "expression nested too deeply (limit %d)",
		     GZ_TMPL_MAX_EXPR_DEPTH);
		return NULL;
	}
	switch (t.kind) {
	case T_INT:
		if ((e = new_expr(ps, X_LIT, &t)) != NULL) {
			e->lit.kind = GZ_VAL_INT;
			e->lit.u.i = t.ival;
		}
		next_tok(ps);
		return e;
	case T_STR:
		if ((e = new_expr(ps, X_LIT, &t)) != NULL) {
			e->lit.kind = GZ_VAL_STR;
			e->lit.u.s.p = unquote(ps, &t, &e->lit.u.s.n);
		}
		next_tok(ps);
		return e;
	case T_LPAREN:
		next_tok(ps);
		e = parse_expr(ps, depth + 1);
		if (ps->tok.kind != T_RPAREN) {
			fail(ps, ps->tok.line, ps->tok.col, "expected ')'");
			return NULL;
		}
		next_tok(ps);
		return e;
	case T_IDENT:
		break;
	default:
		fail(ps, t.line, t.col, t.kind == T_EOF ? "expected a value" : "unexpected '%.*s'",
		     (int)t.n, t.p);
		return NULL;
	}
	if (tok_is(ps, "true") || tok_is(ps, "false")) {
		if ((e = new_expr(ps, X_LIT, &t)) != NULL) {
			e->lit.kind = GZ_VAL_BOOL;
			e->lit.u.b = tok_is(ps, "true");
		}
		next_tok(ps);
		return e;
	}
	if (tok_is(ps, "null") || tok_is(ps, "none")) {
		e = new_expr(ps, X_LIT, &t);
		next_tok(ps);
		return e;
	}
	if (is_keyword(&t)) {
		fail(ps, t.line, t.col, "'%.*s' cannot start a value", (int)t.n, t.p);
		return NULL;
	}
	/* A path: name(.name|.digits)* */
	{
		struct seg segs[32];
		size_t n = 0;
		const char *start = t.p, *end = t.p + t.n;

		segs[n].name = t.p;
		segs[n++].n = t.n;
		next_tok(ps);
		if (ps->tok.kind == T_LPAREN && is_trans_name(&t)) {
			return parse_trans(ps, &t, depth);
		}
		while (ps->tok.kind == T_DOT && !ps->failed) {
			next_tok(ps);
			if (ps->tok.kind != T_IDENT &&
			    !(ps->tok.kind == T_INT && ps->tok.p[0] != '-')) {
				fail(ps, ps->tok.line, ps->tok.col, "expected a name after '.'");
				return NULL;
			}
			if (n == sizeof(segs) / sizeof(segs[0])) {
				fail(ps, ps->tok.line, ps->tok.col, "path too long");
				return NULL;
			}
			segs[n].name = ps->tok.p;
			segs[n++].n = ps->tok.n;
			end = ps->tok.p + ps->tok.n;
			next_tok(ps);
		}
		if ((e = new_expr(ps, X_PATH, &t)) == NULL ||
		    (e->segs = alloc(ps, n * sizeof(*segs))) == NULL) {
			return NULL;
		}
		memcpy(e->segs, segs, n * sizeof(*segs));
		e->nsegs = n;
		e->text = start;
		e->ntext = (size_t)(end - start);
		return e;
	}
}

static struct texpr *
parse_filtered(struct parser *ps, int depth)
{
	struct texpr *e = parse_primary(ps, depth);

	while (e != NULL && ps->tok.kind == T_PIPE && !ps->failed) {
		struct token at;
		struct texpr *f;

		next_tok(ps);
		at = ps->tok;
		if (at.kind != T_IDENT) {
			fail(ps, at.line, at.col, "expected a filter name after '|'");
			return NULL;
		}
		if ((f = new_expr(ps, X_FILTER, &at)) == NULL) {
			return NULL;
		}
		if ((f->filter = filter_find(at.p, at.n)) == NULL) {
			fail(ps, at.line, at.col, "unknown filter '%.*s'", (int)at.n, at.p);
			return NULL;
		}
		f->a = e;
		next_tok(ps);
		if (ps->tok.kind == T_COLON) {
			next_tok(ps);
			if (f->filter->arg == FARG_NONE) {
				fail(ps, at.line, at.col, "filter '%s' takes no argument",
				     f->filter->name);
				return NULL;
			}
			if ((f->b = parse_primary(ps, depth + 1)) == NULL) {
				return NULL;
			}
			if (f->b->kind == X_LIT && f->filter->check != NULL) {
				const char *why = f->filter->check(&f->b->lit);

				if (why != NULL) {
					fail(ps, f->b->line, f->b->col, "%s: %s", f->filter->name,
					     why);
					return NULL;
				}
			}
		} else if (f->filter->arg == FARG_REQUIRED) {
			fail(ps, at.line, at.col, "filter '%s' needs an argument (%s:...)",
			     f->filter->name, f->filter->name);
			return NULL;
		}
		e = seal(ps, f);
	}
	return e;
}

static struct texpr *
parse_cmp(struct parser *ps, int depth)
{
	struct texpr *e = parse_filtered(ps, depth), *c;

	if (e == NULL) {
		return NULL;
	}
	switch (ps->tok.kind) {
	case T_EQ:
	case T_NE:
	case T_LT:
	case T_GT:
	case T_LE:
	case T_GE:
		if ((c = new_expr(ps, X_CMP, &ps->tok)) == NULL) {
			return NULL;
		}
		c->op = ps->tok.kind;
		next_tok(ps);
		c->a = e;
		if ((c->b = parse_filtered(ps, depth)) == NULL) {
			return NULL;
		}
		return seal(ps, c);
	default:
		return e;
	}
}

static struct texpr *
parse_not(struct parser *ps, int depth)
{
	struct texpr *e;

	if (!tok_is(ps, "not")) {
		return parse_cmp(ps, depth);
	}
	if (depth > GZ_TMPL_MAX_EXPR_DEPTH) {
		fail(ps, ps->tok.line, ps->tok.col, "expression nested too deeply (limit %d)",
		     GZ_TMPL_MAX_EXPR_DEPTH);
		return NULL;
	}
	if ((e = new_expr(ps, X_NOT, &ps->tok)) == NULL) {
		return NULL;
	}
	next_tok(ps);
	if ((e->a = parse_not(ps, depth + 1)) == NULL) {
		return NULL;
	}
	return seal(ps, e);
}

static struct texpr *
parse_binary(struct parser *ps, int depth, int is_or)
{
	struct texpr *e = is_or ? parse_binary(ps, depth, 0) : parse_not(ps, depth);

	while (e != NULL && tok_is(ps, is_or ? "or" : "and") && !ps->failed) {
		struct texpr *b = new_expr(ps, is_or ? X_OR : X_AND, &ps->tok);

		if (b == NULL) {
			return NULL;
		}
		next_tok(ps);
		b->a = e;
		if ((b->b = is_or ? parse_binary(ps, depth, 0) : parse_not(ps, depth)) == NULL) {
			return NULL;
		}
		e = seal(ps, b);
	}
	return e;
}

static struct texpr *
parse_expr(struct parser *ps, int depth)
{
	return parse_binary(ps, depth, 1);
}

/* 1 when e uses the safe filter anywhere. */
static int
has_safe(const struct texpr *e)
{
	if (e == NULL) {
		return 0;
	}
	if (e->kind == X_FILTER && e->filter == &filter_safe_def) {
		return 1;
	}
	/* A translation's arguments were checked when it was parsed. */
	return has_safe(e->a) || has_safe(e->b);
}

/* Start tokenizing the current tag. */
static void
tag_begin(struct parser *ps)
{
	toklex_init(&ps->tl, &ps->pc);
	next_tok(ps);
}

static void
tag_end(struct parser *ps)
{
	if (!ps->failed && ps->tok.kind != T_EOF) {
		fail(ps, ps->tok.line, ps->tok.col, "unexpected '%.*s' at end of tag",
		     (int)ps->tok.n, ps->tok.p);
	}
}

static struct tnode *
new_node(struct parser *ps, enum tkind kind)
{
	struct tnode *n = alloc(ps, sizeof(*n));

	if (n != NULL) {
		n->kind = kind;
		n->line = ps->pc.line;
		n->col = ps->pc.col;
	}
	return n;
}

static int
all_space(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\n' && p[i] != '\r') {
			return 0;
		}
	}
	return 1;
}

/*
 * Parse statements until one of the words in enders (NULL-terminated list)
 * or the end of the file (allowed only when enders is NULL).  *which gets
 * the index of the ender found.  opener names the open construct for the
 * "missing end" message.
 */
static struct tnode *parse_body(struct parser *ps, int depth, const char *const *enders, int *which,
                                const struct piece *opener, const char *endname);

static struct tnode *
parse_if(struct parser *ps, int depth)
{
	static const char *const enders[] = {"elif", "else", "endif", NULL};
	struct tnode *n = new_node(ps, N_IF);
	struct tbranch **tail;
	struct piece open = ps->pc;
	int which = 0;

	if (n == NULL) {
		return NULL;
	}
	tail = &n->branches;
	next_tok(ps);
	for (;;) {
		struct tbranch *b = alloc(ps, sizeof(*b));

		if (b == NULL) {
			return NULL;
		}
		if (which != 1) {
			if ((b->cond = parse_expr(ps, 0)) == NULL) {
				return NULL;
			}
			if (has_safe(b->cond)) {
				fail(ps, b->cond->line, b->cond->col, "'safe' is for output only");
				return NULL;
			}
		}
		tag_end(ps);
		*tail = b;
		tail = &b->next;
		b->body = parse_body(ps, depth + 1, which == 1 ? enders + 2 : enders, &which, &open,
		                     "endif");
		if (ps->failed) {
			return NULL;
		}
		if (b->cond == NULL) {
			break; /* else ... endif */
		}
		if (which == 2) {
			break;
		}
		next_tok(ps); /* past elif / else */
	}
	next_tok(ps); /* past endif */
	tag_end(ps);
	return n;
}

static struct tnode *
parse_for(struct parser *ps, int depth)
{
	static const char *const enders[] = {"else", "endfor", NULL};
	struct tnode *n = new_node(ps, N_FOR);
	struct piece open = ps->pc;
	int which = 0;

	if (n == NULL) {
		return NULL;
	}
	next_tok(ps);
	if (ps->tok.kind != T_IDENT || is_keyword(&ps->tok) ||
	    (ps->tok.n == 4 && memcmp(ps->tok.p, "loop", 4) == 0)) {
		fail(ps, ps->tok.line, ps->tok.col, "expected a loop variable name after 'for'");
		return NULL;
	}
	n->text = ps->tok.p;
	n->ntext = ps->tok.n;
	next_tok(ps);
	if (!tok_is(ps, "in")) {
		fail(ps, ps->tok.line, ps->tok.col, "expected 'in'");
		return NULL;
	}
	next_tok(ps);
	if ((n->expr = parse_expr(ps, 0)) == NULL) {
		return NULL;
	}
	tag_end(ps);
	n->body = parse_body(ps, depth + 1, enders, &which, &open, "endfor");
	if (ps->failed) {
		return NULL;
	}
	if (which == 0) {
		next_tok(ps);
		tag_end(ps);
		n->else_body = parse_body(ps, depth + 1, enders + 1, &which, &open, "endfor");
		if (ps->failed) {
			return NULL;
		}
	}
	next_tok(ps);
	tag_end(ps);
	return n;
}

static struct tnode *
parse_block(struct parser *ps, int depth)
{
	static const char *const enders[] = {"endblock", NULL};
	struct tnode *n = new_node(ps, N_BLOCK);
	struct piece open = ps->pc;
	size_t i;
	int which;

	if (n == NULL) {
		return NULL;
	}
	next_tok(ps);
	if (ps->tok.kind != T_IDENT) {
		fail(ps, ps->tok.line, ps->tok.col, "expected a block name");
		return NULL;
	}
	n->text = ps->tok.p;
	n->ntext = ps->tok.n;
	for (i = 0; i < ps->nblocks; i++) {
		if (ps->blocks[i]->ntext == n->ntext &&
		    memcmp(ps->blocks[i]->text, n->text, n->ntext) == 0) {
			fail(ps, ps->tok.line, ps->tok.col,
			     "block '%.*s' defined twice (first at %d:%d)", (int)n->ntext, n->text,
			     ps->blocks[i]->line, ps->blocks[i]->col);
			return NULL;
		}
	}
	if (ps->nblocks == ps->capblocks) {
		size_t ncap = ps->capblocks ? ps->capblocks * 2 : 8;
		struct tnode **nb = alloc(ps, ncap * sizeof(*nb));

		if (nb == NULL) {
			return NULL;
		}
		if (ps->nblocks) {
			memcpy(nb, ps->blocks, ps->nblocks * sizeof(*nb));
		}
		ps->blocks = nb;
		ps->capblocks = ncap;
	}
	ps->blocks[ps->nblocks++] = n;
	next_tok(ps);
	tag_end(ps);
	n->body = parse_body(ps, depth + 1, enders, &which, &open, "endblock");
	if (ps->failed) {
		return NULL;
	}
	next_tok(ps);
	if (ps->tok.kind == T_IDENT) {
		if (ps->tok.n != n->ntext || memcmp(ps->tok.p, n->text, n->ntext) != 0) {
			fail(ps, ps->tok.line, ps->tok.col, "endblock '%.*s' closes block '%.*s'",
			     (int)ps->tok.n, ps->tok.p, (int)n->ntext, n->text);
			return NULL;
		}
		next_tok(ps);
	}
	tag_end(ps);
	return n;
}

/*
 * {% trans "msgid" %} {% part name %}...{% endpart %}... {% endtrans %}: a
 * sentence translated as a whole whose placeholders are pieces of
 * template (a link, a <time>), so a translation may reorder them around
 * its words.  Only parts and spaces may stand between the tags; every
 * placeholder needs a part and every part a placeholder.
 */
static struct tnode *
parse_trans_block(struct parser *ps, int depth)
{
	static const char *const enders[] = {"part", "endtrans", NULL};
	static const char *const part_end[] = {"endpart", NULL};
	struct tnode *n = new_node(ps, N_TRANS), *between, *parts[8];
	struct piece open = ps->pc;
	struct targ args[8];
	struct tmsg *m;
	size_t nparts = 0, i, len;
	int which = 0;

	if (n == NULL || (m = alloc(ps, sizeof(*m))) == NULL) {
		return NULL;
	}
	next_tok(ps);
	if (ps->tok.kind != T_STR) {
		fail(ps, ps->tok.line, ps->tok.col, "trans needs the quoted English text");
		return NULL;
	}
	if ((m->id = unquote(ps, &ps->tok, &len)) == NULL) {
		return NULL;
	}
	if (len == 0 || memchr(m->id, '\0', len) != NULL) {
		fail(ps, ps->tok.line, ps->tok.col, "empty text in trans");
		return NULL;
	}
	next_tok(ps);
	tag_end(ps);
	for (;;) {
		struct token nt;
		struct piece at;

		between = parse_body(ps, depth + 1, enders, &which, &open, "endtrans");
		if (ps->failed) {
			return NULL;
		}
		for (; between != NULL; between = between->next) {
			if (between->kind != N_TEXT || !all_space(between->text, between->ntext)) {
				fail(ps, between->line, between->col,
				     "only {%% part %%} blocks and spaces may stand inside {%% "
				     "trans %%}");
				return NULL;
			}
		}
		if (which == 1) {
			break;
		}
		at = ps->pc;
		next_tok(ps);
		nt = ps->tok;
		if (nt.kind != T_IDENT || nt.n > 32 || !uses_placeholder(m->id, nt.p, nt.n)) {
			fail(ps, nt.line, nt.col,
			     "part needs the name of a placeholder of the text");
			return NULL;
		}
		for (i = 0; i < nparts; i++) {
			if (args[i].n == nt.n && memcmp(args[i].name, nt.p, nt.n) == 0) {
				fail(ps, nt.line, nt.col, "part '%.*s' given twice", (int)nt.n,
				     nt.p);
				return NULL;
			}
		}
		if (nparts == sizeof(parts) / sizeof(parts[0])) {
			fail(ps, nt.line, nt.col, "more than 8 parts");
			return NULL;
		}
		next_tok(ps);
		tag_end(ps);
		args[nparts].name = nt.p;
		args[nparts].n = nt.n;
		args[nparts].val = NULL;
		parts[nparts] = parse_body(ps, depth + 1, part_end, &which, &at, "endpart");
		if (ps->failed) {
			return NULL;
		}
		nparts++;
		next_tok(ps);
		tag_end(ps);
	}
	next_tok(ps); /* past endtrans */
	tag_end(ps);
	if (nparts > 0) {
		if ((m->args = alloc(ps, nparts * sizeof(*args))) == NULL ||
		    (n->parts = alloc(ps, nparts * sizeof(*parts))) == NULL) {
			return NULL;
		}
		memcpy(m->args, args, nparts * sizeof(*args));
		memcpy(n->parts, parts, nparts * sizeof(*parts));
		m->nargs = nparts;
	}
	n->msg = m;
	check_placeholders(ps, open.line, open.col, m, m->id, 0, 1);
	return ps->failed ? NULL : n;
}

/* include "name" or extends "name": the quoted name, in the arena. */
static const char *
parse_name_arg(struct parser *ps, const char *what)
{
	const char *name;
	size_t n;

	next_tok(ps);
	if (ps->tok.kind != T_STR) {
		fail(ps, ps->tok.line, ps->tok.col, "%s needs a quoted template name", what);
		return NULL;
	}
	name = unquote(ps, &ps->tok, &n);
	next_tok(ps);
	tag_end(ps);
	return name;
}

static struct tnode *
parse_stmt(struct parser *ps, int depth, const char *const *enders, int *which, int *done)
{
	struct tnode *n;
	size_t i;

	tag_begin(ps);
	if (ps->failed) {
		return NULL;
	}
	if (ps->tok.kind != T_IDENT) {
		fail(ps, ps->tok.line, ps->tok.col, "expected a statement name after {%%");
		return NULL;
	}
	for (i = 0; enders != NULL && enders[i] != NULL; i++) {
		if (tok_is(ps, enders[i])) {
			*which = (int)i;
			*done = 1;
			return NULL;
		}
	}
	if (depth >= GZ_TMPL_MAX_DEPTH &&
	    (tok_is(ps, "if") || tok_is(ps, "for") || tok_is(ps, "block") || tok_is(ps, "trans"))) {
		fail(ps, ps->pc.line, ps->pc.col, "statements nested too deeply (limit %d)",
		     GZ_TMPL_MAX_DEPTH);
		return NULL;
	}
	if (tok_is(ps, "if")) {
		return parse_if(ps, depth);
	}
	if (tok_is(ps, "for")) {
		return parse_for(ps, depth);
	}
	if (tok_is(ps, "block")) {
		return parse_block(ps, depth);
	}
	if (tok_is(ps, "trans")) {
		return parse_trans_block(ps, depth);
	}
	if (tok_is(ps, "include")) {
		if ((n = new_node(ps, N_INCLUDE)) == NULL) {
			return NULL;
		}
		n->text = parse_name_arg(ps, "include");
		n->ntext = n->text ? strlen(n->text) : 0;
		return n;
	}
	if (tok_is(ps, "extends")) {
		int line = ps->pc.line, col = ps->pc.col;
		const char *name;

		if (depth != 0 || ps->seen_content || ps->tf->extends != NULL) {
			fail(ps, line, col, "extends must come first in a file, once");
			return NULL;
		}
		if ((name = parse_name_arg(ps, "extends")) == NULL) {
			return NULL;
		}
		ps->tf->extends = name;
		ps->tf->ext_line = line;
		ps->tf->ext_col = col;
		*done = 0;
		return NULL;
	}
	if (tok_is(ps, "elif") || tok_is(ps, "else") || tok_is(ps, "endif") ||
	    tok_is(ps, "endfor") || tok_is(ps, "endblock") || tok_is(ps, "part") ||
	    tok_is(ps, "endpart") || tok_is(ps, "endtrans")) {
		fail(ps, ps->tok.line, ps->tok.col, "unexpected {%% %.*s %%}", (int)ps->tok.n,
		     ps->tok.p);
		return NULL;
	}
	fail(ps, ps->tok.line, ps->tok.col, "unknown statement '%.*s'", (int)ps->tok.n, ps->tok.p);
	return NULL;
}

static struct tnode *
parse_out(struct parser *ps)
{
	struct tnode *n = new_node(ps, N_OUT);

	if (n == NULL) {
		return NULL;
	}
	tag_begin(ps);
	if ((n->expr = parse_expr(ps, 0)) == NULL) {
		return NULL;
	}
	tag_end(ps);
	if (n->expr->kind == X_FILTER && n->expr->filter == &filter_safe_def) {
		n->safe = 1;
		n->expr = n->expr->a;
	}
	if (has_safe(n->expr)) {
		fail(ps, n->line, n->col, "'safe' must be the last filter");
		return NULL;
	}
	return n;
}

static struct tnode *
parse_body(struct parser *ps, int depth, const char *const *enders, int *which,
           const struct piece *opener, const char *endname)
{
	struct tnode *head = NULL, **tail = &head, *n = NULL;
	const char *msg;

	for (;;) {
		int done = 0;

		if (ps->failed) {
			return NULL;
		}
		if (lex_next(&ps->lx, &ps->pc, &msg) != 0) {
			fail(ps, ps->lx.line, ps->lx.col, "%s", msg);
			return NULL;
		}
		switch (ps->pc.kind) {
		case P_EOF:
			if (enders != NULL) {
				fail(ps, opener->line, opener->col,
				     "missing {%% %s %%} for this tag", endname);
				return NULL;
			}
			return head;
		case P_TEXT:
			if ((n = new_node(ps, N_TEXT)) == NULL) {
				return NULL;
			}
			n->text = ps->pc.p;
			n->ntext = ps->pc.n;
			if (!all_space(n->text, n->ntext)) {
				ps->seen_content = 1;
			}
			break;
		case P_OUT:
			ps->seen_content = 1;
			n = parse_out(ps);
			break;
		case P_STMT:
			n = parse_stmt(ps, depth, enders, which, &done);
			if (done) {
				return head;
			}
			if (n == NULL && !ps->failed) {
				continue; /* extends */
			}
			ps->seen_content = 1;
			break;
		}
		if (n == NULL) {
			return NULL;
		}
		*tail = n;
		tail = &n->next;
	}
}

int
parse_file(struct gz_arena *a, struct tfile *tf, const char *src, size_t len, char *err,
           size_t errsz)
{
	struct parser ps;
	struct tnode *n;

	memset(&ps, 0, sizeof(ps));
	ps.a = a;
	ps.tf = tf;
	ps.err = err;
	ps.errsz = errsz;
	lex_init(&ps.lx, tf->name, src, len);
	if (len > GZ_TMPL_MAX_SIZE) {
		fail(&ps, 1, 1, "template larger than %u bytes", GZ_TMPL_MAX_SIZE);
		return -1;
	}
	if (memchr(src, '\0', len) != NULL) {
		const char *z = memchr(src, '\0', len), *q;
		int line = 1, col = 1;

		for (q = src; q < z; q++) {
			line += *q == '\n';
			col = *q == '\n' ? 1 : col + 1;
		}
		fail(&ps, line, col, "NUL byte in template");
		return -1;
	}
	tf->body = parse_body(&ps, 0, NULL, NULL, NULL, NULL);
	if (ps.failed) {
		return -1;
	}
	tf->blocks = ps.blocks;
	tf->nblocks = ps.nblocks;
	if (tf->extends != NULL) {
		for (n = tf->body; n != NULL; n = n->next) {
			if (n->kind == N_BLOCK ||
			    (n->kind == N_TEXT && all_space(n->text, n->ntext))) {
				continue;
			}
			fail(&ps, n->line, n->col,
			     "a template that extends another may hold only {%% block %%}s at top "
			     "level");
			return -1;
		}
	}
	return 0;
}
