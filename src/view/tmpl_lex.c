/*
 * Template lexer.  Level one cuts a source into pieces: literal text,
 * {{ output }} tags and {% statement %} tags; {# comments #} vanish here,
 * and the - markers ({{- ... -}}) trim the whitespace of the neighbouring
 * text.  Level two splits the inside of a tag into tokens.  Both keep
 * line:column positions for messages.  It knows nothing of what the tokens
 * mean, nor of HTML.
 */
#include <stddef.h>
#include <string.h>

#include "internal.h"

void
lex_init(struct lex *lx, const char *file, const char *src, size_t len)
{
	memset(lx, 0, sizeof(*lx));
	lx->file = file;
	lx->src = src;
	lx->len = len;
	lx->line = 1;
	lx->col = 1;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Move pos to to, keeping line and column. */
static void
advance(struct lex *lx, size_t to)
{
	const char *p = lx->src + lx->pos, *end = lx->src + to;

	for (; p < end; p++) {
		if (*p == '\n') {
			lx->line++;
			lx->col = 1;
		} else {
			lx->col++;
		}
	}
	lx->pos = to;
}

/* Offset of the next "{{", "{%" or "{#" at or after from, or len. */
static size_t
find_open(const struct lex *lx, size_t from)
{
	const char *p = lx->src + from, *end = lx->src + lx->len, *q;

	while (p < end && (q = memchr(p, '{', (size_t)(end - p))) != NULL) {
		if (q + 1 < end && (q[1] == '{' || q[1] == '%' || q[1] == '#')) {
			return (size_t)(q - lx->src);
		}
		p = q + 1;
	}
	return lx->len;
}

/*
 * Offset of the closer c1 '}' of a tag whose inside starts at from, or
 * len.  Outside comments, quoted strings are skipped so "}}" may appear in
 * a string argument.
 */
static size_t
find_close(const struct lex *lx, size_t from, char c1, int quotes)
{
	size_t i;
	char q = 0;

	for (i = from; i + 1 < lx->len; i++) {
		char c = lx->src[i];

		if (q) {
			if (c == '\\' && i + 1 < lx->len) {
				i++;
			} else if (c == q) {
				q = 0;
			}
			continue;
		}
		if (quotes && (c == '"' || c == '\'')) {
			q = c;
		} else if (c == c1 && lx->src[i + 1] == '}') {
			return i;
		}
	}
	return lx->len;
}

int
lex_next(struct lex *lx, struct piece *pc, const char **errmsg)
{
	size_t open, start, inner, close;
	char kind, closer;

	for (;;) {
		if (lx->trim_next) {
			size_t i = lx->pos;

			while (i < lx->len && is_space(lx->src[i])) {
				i++;
			}
			advance(lx, i);
			lx->trim_next = 0;
		}
		if (lx->pos >= lx->len) {
			pc->kind = P_EOF;
			pc->p = lx->src + lx->len;
			pc->n = 0;
			pc->line = lx->line;
			pc->col = lx->col;
			return 0;
		}
		open = find_open(lx, lx->pos);
		if (open > lx->pos) {
			size_t end = open;

			/* A {{- or {%- or {#- eats the whitespace before it. */
			if (open + 2 < lx->len && lx->src[open + 2] == '-') {
				while (end > lx->pos && is_space(lx->src[end - 1])) {
					end--;
				}
			}
			pc->kind = P_TEXT;
			pc->p = lx->src + lx->pos;
			pc->n = end - lx->pos;
			pc->line = lx->line;
			pc->col = lx->col;
			advance(lx, open);
			if (pc->n > 0) {
				return 0;
			}
		}
		/* At a tag. */
		kind = lx->src[lx->pos + 1];
		closer = kind == '{' ? '}' : kind;
		pc->line = lx->line;
		pc->col = lx->col;
		start = lx->pos + 2;
		inner = start;
		if (inner < lx->len && lx->src[inner] == '-') {
			inner++;
		}
		close = find_close(lx, inner, closer, kind != '#');
		if (close >= lx->len) {
			*errmsg = kind == '{'   ? "unclosed {{ (missing }})"
			          : kind == '%' ? "unclosed {% (missing %})"
			                        : "unclosed {# (missing #})";
			return -1;
		}
		pc->p = lx->src + inner;
		pc->n = close - inner;
		pc->icol = lx->col + (int)(inner - lx->pos);
		if (close > inner && lx->src[close - 1] == '-') {
			pc->n--;
			lx->trim_next = 1;
		}
		advance(lx, close + 2);
		if (kind == '#') {
			continue;
		}
		pc->kind = kind == '{' ? P_OUT : P_STMT;
		return 0;
	}
}

void
toklex_init(struct toklex *tl, const struct piece *pc)
{
	tl->p = pc->p;
	tl->end = pc->p + pc->n;
	tl->line = pc->line;
	tl->col = pc->icol;
}

static int
is_ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int
is_ident(char c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9');
}

static void
tl_step(struct toklex *tl, size_t n)
{
	while (n-- > 0) {
		if (*tl->p == '\n') {
			tl->line++;
			tl->col = 1;
		} else {
			tl->col++;
		}
		tl->p++;
	}
}

void
toklex_next(struct toklex *tl, struct token *t)
{
	const char *s;
	char c;

	while (tl->p < tl->end && is_space(*tl->p)) {
		tl_step(tl, 1);
	}
	memset(t, 0, sizeof(*t));
	t->p = tl->p;
	t->line = tl->line;
	t->col = tl->col;
	if (tl->p >= tl->end) {
		t->kind = T_EOF;
		return;
	}
	c = *tl->p;
	s = tl->p;
	if (is_ident_start(c)) {
		while (s < tl->end && is_ident(*s)) {
			s++;
		}
		t->kind = T_IDENT;
	} else if ((c >= '0' && c <= '9') ||
	           (c == '-' && s + 1 < tl->end && s[1] >= '0' && s[1] <= '9')) {
		int neg = c == '-';
		unsigned long long v = 0;

		if (neg) {
			s++;
		}
		while (s < tl->end && *s >= '0' && *s <= '9') {
			if (v > (9223372036854775807ULL - (unsigned)(*s - '0')) / 10) {
				t->kind = T_BAD;
				t->err = "integer literal too large";
				t->n = (size_t)(s - tl->p);
				tl_step(tl, t->n);
				return;
			}
			v = v * 10 + (unsigned)(*s - '0');
			s++;
		}
		if (s < tl->end && is_ident(*s)) {
			t->kind = T_BAD;
			t->err = "malformed number";
		} else {
			t->kind = T_INT;
			t->ival = neg ? -(long long)v : (long long)v;
		}
	} else if (c == '"' || c == '\'') {
		s++;
		while (s < tl->end && *s != c) {
			if (*s == '\\' && s + 1 < tl->end) {
				s++;
			}
			s++;
		}
		if (s >= tl->end) {
			t->kind = T_BAD;
			t->err = "unterminated string";
			t->n = (size_t)(tl->end - tl->p);
			tl_step(tl, t->n);
			return;
		}
		s++;
		t->kind = T_STR;
	} else {
		char d = s + 1 < tl->end ? s[1] : 0;

		s++;
		switch (c) {
		case '.':
			t->kind = T_DOT;
			break;
		case '|':
			t->kind = T_PIPE;
			break;
		case ':':
			t->kind = T_COLON;
			break;
		case ',':
			t->kind = T_COMMA;
			break;
		case '(':
			t->kind = T_LPAREN;
			break;
		case ')':
			t->kind = T_RPAREN;
			break;
		case '=':
		case '!':
			if (d == '=') {
				t->kind = c == '=' ? T_EQ : T_NE;
				s++;
			} else if (c == '=') {
				/* Only a named argument of _() may use it; the parser says so. */
				t->kind = T_ASSIGN;
				t->err = "'=' is not an operator (use ==)";
			} else {
				t->kind = T_BAD;
				t->err = "'!' is not an operator (use not or !=)";
			}
			break;
		case '<':
		case '>':
			if (d == '=') {
				t->kind = c == '<' ? T_LE : T_GE;
				s++;
			} else {
				t->kind = c == '<' ? T_LT : T_GT;
			}
			break;
		default:
			t->kind = T_BAD;
			t->err = "unexpected character";
			break;
		}
	}
	t->n = (size_t)(s - tl->p);
	tl_step(tl, t->n);
}
