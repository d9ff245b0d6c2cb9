/*
 * po2c: Gazette's gettext tool, run by the build.  Three commands:
 *
 *   po2c compile OUT.c TAG=FILE.po...
 *       Read the catalogs (the first is the source language, English: its
 *       empty msgstr means "same as msgid") and write the C tables
 *       include/gazette/i18n.h declares, each sorted for binary search.
 *   po2c extract FILE...
 *       Print a .pot of every translatable string in templates (.html,
 *       .xml, .txt: _("..."), _n(...), _p(...), _np(...), {% trans "..." %},
 *       date:"format")
 *       and C sources (.c, .h: gz_i18n_get/pget/nget/message calls with
 *       literal text, GZ_N_ and GZ_NP_ markers).
 *   po2c check FILE.pot SRC.po [FILE.po...]
 *       Fail when a string of the .pot has no entry in a catalog (with its
 *       plural when it has one).
 *
 * Reading a catalog checks it whole and stops at the first problem with
 * "FILE:LINE: problem" on stderr and exit status 1, so a broken catalog
 * fails the build: malformed syntax (keywords, strings, escapes, entries
 * out of order, duplicates), a charset other than UTF-8, invalid UTF-8, a
 * Plural-Forms the tool cannot compile, a fuzzy entry, an empty
 * translation outside the source language, a placeholder the English text
 * does not have, a date format with an unknown conversion, or a catalog
 * whose messages differ from the source language's.  Everything is
 * bounded: file size, string length, entries, plural forms, expression
 * depth.  The plural expression is parsed with C's precedence and written
 * back as C, fully parenthesised, with division by zero defined as 0.
 *
 * A build-time tool: it allocates without freeing and exits on the first
 * error; nothing here runs inside the server.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILE (8u << 20) /* bytes in one .po or source file */
#define MAX_STR (64u << 10) /* bytes in one string, after joining lines */
#define MAX_ENTRIES 100000  /* messages in one catalog */
#define MAX_PLURALS 6       /* nplurals at most (gettext knows none above 6) */
#define MAX_CATALOGS 32     /* languages in one build */
#define MAX_EXPR_DEPTH 32   /* nesting in a Plural-Forms expression */
#define MAX_DATE_FMT 128    /* bytes in a date format (GZ_I18N_DATE_FMT_MAX) */

struct entry {
	char *ctxt;              /* msgctxt or NULL */
	char *id;                /* msgid */
	char *plural;            /* msgid_plural or NULL */
	char *strs[MAX_PLURALS]; /* msgstr, or msgstr[0..nstrs-1] */
	int nstrs;               /* how many strs were given */
	int fuzzy;               /* "#, fuzzy" flag */
	int line;                /* line of the msgid (of msgctxt when given) */
	const char *where;       /* extract: first "file:line" reference */
};

struct catalog {
	const char *path; /* file name, for messages */
	const char *tag;  /* BCP 47 tag */
	int source;       /* the source language: empty msgstr allowed */
	struct entry *e;  /* entries, header excluded */
	size_t n;         /* how many */
	size_t cap;       /* allocated */
	int nplurals;     /* from Plural-Forms (default 2) */
	char *plural_c;   /* the plural expression as C */
	char *name;       /* X-Language-Name, or the tag */
};

static const char *cur_path; /* file being read, for die_at */

static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "po2c: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void __attribute__((noreturn, format(printf, 2, 3))) die_at(int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d: ", cur_path, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* malloc that exits on failure (a build tool has nothing better to do). */
static void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL) {
		die("out of memory");
	}
	return p;
}

/* The n bytes at s as a new NUL-terminated string. */
static char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* The whole file, NUL-terminated, at most MAX_FILE bytes. */
static char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (f == NULL) {
		die("%s: %s", path, strerror(errno));
	}
	buf = xmalloc(MAX_FILE + 1);
	n = fread(buf, 1, MAX_FILE + 1, f);
	if (ferror(f)) {
		die("%s: %s", path, strerror(errno));
	}
	fclose(f);
	if (n > MAX_FILE) {
		die("%s: larger than %u bytes", path, MAX_FILE);
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Length of the valid UTF-8 sequence at p (n bytes left), 0 when invalid. */
static size_t
utf8_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0], cp;
	size_t k, i;

	if (c < 0x80) {
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		k = 2;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		k = 3;
		cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		k = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < k) {
		return 0;
	}
	for (i = 1; i < k; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			return 0;
		}
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if ((k == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (k == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
		return 0;
	}
	return k;
}

/* ---- strings: "..." with C escapes, in .po files and C sources ---- */

struct sbuf {
	char *p;    /* bytes */
	size_t n;   /* used */
	size_t cap; /* allocated */
};

/* Append c to b, keeping it NUL-terminated; a string past MAX_STR is an error at line. */
static void
sb_putc(struct sbuf *b, char c, int line)
{
	if (b->n + 1 >= MAX_STR) {
		die_at(line, "string longer than %u bytes", MAX_STR);
	}
	if (b->n + 2 > b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		if ((b->p = realloc(b->p, b->cap)) == NULL) {
			die("out of memory");
		}
	}
	b->p[b->n++] = c;
	b->p[b->n] = '\0';
}

/*
 * Parse one quoted string starting at *pp ('"'), appending its value to b;
 * *pp ends past the closing quote.  Escapes: \n \t \r \a \b \f \v \\ \" \'
 * \? \ooo \xhh.  A NUL, a raw newline or control byte, a bad escape or an
 * unterminated string is an error at line.
 */
static void
parse_quoted(const char **pp, struct sbuf *b, int line)
{
	const char *p = *pp + 1;

	for (;;) {
		unsigned char c = (unsigned char)*p;

		if (c == '\0' || c == '\n') {
			die_at(line, "unterminated string");
		}
		if (c == '"') {
			break;
		}
		if (c < 0x20 && c != '\t') {
			die_at(line, "control character 0x%02x in a string (write it as an escape)",
			       c);
		}
		if (c != '\\') {
			sb_putc(b, (char)c, line);
			p++;
			continue;
		}
		p++;
		switch (*p) {
		case 'n':
			c = '\n';
			break;
		case 't':
			c = '\t';
			break;
		case 'r':
			c = '\r';
			break;
		case 'a':
			c = '\a';
			break;
		case 'b':
			c = '\b';
			break;
		case 'f':
			c = '\f';
			break;
		case 'v':
			c = '\v';
			break;
		case '\\':
		case '"':
		case '\'':
		case '?':
			c = (unsigned char)*p;
			break;
		case 'x': {
			unsigned v = 0;
			int k = 0;

			while (k < 2 &&
			       ((p[1] >= '0' && p[1] <= '9') || (p[1] >= 'a' && p[1] <= 'f') ||
			        (p[1] >= 'A' && p[1] <= 'F'))) {
				p++;
				v = v * 16 +
				    (unsigned)(*p <= '9' ? *p - '0' : (*p | 0x20) - 'a' + 10);
				k++;
			}
			if (k == 0) {
				die_at(line, "\\x without hex digits");
			}
			c = (unsigned char)v;
			break;
		}
		default:
			if (*p >= '0' && *p <= '7') {
				unsigned v = (unsigned)(*p - '0');
				int k = 1;

				while (k < 3 && p[1] >= '0' && p[1] <= '7') {
					p++;
					v = v * 8 + (unsigned)(*p - '0');
					k++;
				}
				if (v > 255) {
					die_at(line, "octal escape above \\377");
				}
				c = (unsigned char)v;
				break;
			}
			if (*p == '\0' || *p == '\n') {
				die_at(line, "unterminated string");
			}
			die_at(line, "unknown escape \\%c", *p);
		}
		if (c == '\0') {
			die_at(line, "NUL byte in a string");
		}
		sb_putc(b, (char)c, line);
		p++;
	}
	*pp = p + 1;
}

/* Die unless s (at line) is UTF-8 without NUL or stray control bytes. */
static void
check_text(const char *s, int line)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), k;

	while (n > 0) {
		if (*p < 0x20 && *p != '\n' && *p != '\t') {
			die_at(line, "control character 0x%02x in a message", *p);
		}
		if ((k = utf8_len(p, n)) == 0) {
			die_at(line, "invalid UTF-8 in a message");
		}
		p += k;
		n -= k;
	}
}

/* ---- placeholders and date formats (the rules of src/view/i18n.c) ---- */

/* Length of a "{name}" placeholder at p, 0 when none (as gz_i18n_placeholder). */
static size_t
placeholder(const char *p, const char **name, size_t *nname)
{
	size_t i = 1;

	if (p[0] != '{' || !((p[1] >= 'a' && p[1] <= 'z') || p[1] == '_')) {
		return 0;
	}
	while (i <= 33 &&
	       ((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9') || p[i] == '_')) {
		i++;
	}
	if (p[i] != '}' || i > 33) {
		return 0;
	}
	*name = p + 1;
	*nname = i - 1;
	return i + 1;
}

/* 1 when text holds placeholder {name}. */
static int
has_placeholder(const char *text, const char *name, size_t nname)
{
	const char *p, *nm;
	size_t k, nn;

	for (p = text; text != NULL && *p != '\0'; p++) {
		if ((k = placeholder(p, &nm, &nn)) > 0 && nn == nname &&
		    memcmp(nm, name, nn) == 0) {
			return 1;
		}
	}
	return 0;
}

/* Die when str uses a placeholder that neither English text has. */
static void
check_placeholders(const struct entry *e, const char *str)
{
	const char *p, *nm;
	size_t k, nn;

	for (p = str; *p != '\0'; p++) {
		if ((k = placeholder(p, &nm, &nn)) == 0) {
			continue;
		}
		if (!has_placeholder(e->id, nm, nn) && !has_placeholder(e->plural, nm, nn)) {
			die_at(e->line, "translation uses {%.*s}, which \"%s\" does not have",
			       (int)nn, nm, e->id);
		}
	}
}

/* NULL when fmt is a date format the runtime accepts (gz_i18n_date_check). */
static const char *
date_problem(const char *fmt)
{
	static const char ok[] = "aAbBdeHIjmMpSyYzZFTDRuwGgVCn%";
	static const char unpadded[] = "deHIjmMS";
	size_t i, n = strlen(fmt);

	if (n > MAX_DATE_FMT) {
		return "date format longer than 128 bytes";
	}
	for (i = 0; i < n; i++) {
		if (fmt[i] != '%') {
			continue;
		}
		if (fmt[i + 1] == '-') {
			if (fmt[i + 2] == '\0' || strchr(unpadded, fmt[i + 2]) == NULL) {
				return "%- goes only before d e H I j m M S";
			}
			i += 2;
		} else if (fmt[i + 1] == '\0' || strchr(ok, fmt[i + 1]) == NULL) {
			return "unknown % conversion";
		} else {
			i++;
		}
	}
	return NULL;
}

/* ---- Plural-Forms: a C expression in n, parsed and written back as C ---- */

struct pexpr {
	const char *p;   /* next byte */
	struct sbuf out; /* C being written */
	int line;        /* header line, for messages */
	int depth;       /* nesting */
};

/* Skip blanks in the Plural-Forms expression. */
static void
px_space(struct pexpr *x)
{
	while (*x->p == ' ' || *x->p == '\t' || *x->p == '\n') {
		x->p++;
	}
}

/* Append s to the C being written. */
static void
px_emit(struct pexpr *x, const char *s)
{
	for (; *s != '\0'; s++) {
		sb_putc(&x->out, *s, x->line);
	}
}

/* 1 and skip op when the input starts with it (and not a longer operator). */
static int
px_take(struct pexpr *x, const char *op)
{
	size_t n = strlen(op);

	px_space(x);
	if (strncmp(x->p, op, n) != 0) {
		return 0;
	}
	/* "<" must not take the start of "<=", "=" is never an operator here. */
	if (n == 1 && (op[0] == '<' || op[0] == '>' || op[0] == '!') && x->p[1] == '=') {
		return 0;
	}
	if (n == 1 && (op[0] == '|' || op[0] == '&') && x->p[1] == op[0]) {
		return 0;
	}
	x->p += n;
	return 1;
}

static void px_cond(struct pexpr *x);

/* A primary: !primary, (expression), n or a decimal constant (as unsigned long). */
static void
px_primary(struct pexpr *x)
{
	if (++x->depth > MAX_EXPR_DEPTH) {
		die_at(x->line, "Plural-Forms expression nested too deeply");
	}
	px_space(x);
	if (px_take(x, "!")) {
		px_emit(x, "!");
		px_primary(x);
	} else if (px_take(x, "(")) {
		px_emit(x, "(");
		px_cond(x);
		if (!px_take(x, ")")) {
			die_at(x->line, "Plural-Forms: expected ')'");
		}
		px_emit(x, ")");
	} else if (*x->p == 'n' && !((x->p[1] >= 'a' && x->p[1] <= 'z') || x->p[1] == '_')) {
		x->p++;
		px_emit(x, "n");
	} else if (*x->p >= '0' && *x->p <= '9') {
		int k = 0;

		while (*x->p >= '0' && *x->p <= '9') {
			if (++k > 9) {
				die_at(x->line, "Plural-Forms: number too large");
			}
			sb_putc(&x->out, *x->p++, x->line);
		}
		px_emit(x, "UL");
	} else {
		die_at(x->line, "Plural-Forms: unexpected '%.10s'", x->p);
	}
	x->depth--;
}

/*
 * One precedence level of binary operators: level 0 is || and the deepest
 * is * / %.  Division goes through pdiv/pmod so that n / 0 is 0.
 */
static void
px_binary(struct pexpr *x, int level)
{
	static const char *const ops[][5] = {
	    {"||", NULL},       {"&&", NULL},
	    {"==", "!=", NULL}, {"<=", ">=", "<", ">", NULL},
	    {"+", "-", NULL},   {"*", "/", "%", NULL},
	};
	size_t start = x->out.n;

	if (level == 6) {
		px_primary(x);
		return;
	}
	if (++x->depth > MAX_EXPR_DEPTH) {
		die_at(x->line, "Plural-Forms expression nested too deeply");
	}
	px_binary(x, level + 1);
	for (;;) {
		const char *op = NULL;
		char *left;
		int i;

		for (i = 0; ops[level][i] != NULL; i++) {
			if (px_take(x, ops[level][i])) {
				op = ops[level][i];
				break;
			}
		}
		if (op == NULL) {
			break;
		}
		/* Wrap what was written so far: "(left op right)". */
		left = xstrndup(x->out.p + start, x->out.n - start);
		x->out.n = start;
		if (strcmp(op, "/") == 0 || strcmp(op, "%") == 0) {
			px_emit(x, op[0] == '/' ? "pdiv(" : "pmod(");
			px_emit(x, left);
			px_emit(x, ", ");
			px_binary(x, level + 1);
			px_emit(x, ")");
		} else {
			px_emit(x, "(");
			px_emit(x, left);
			px_emit(x, " ");
			px_emit(x, op);
			px_emit(x, " ");
			px_binary(x, level + 1);
			px_emit(x, ")");
		}
		free(left);
	}
	x->depth--;
}

/* The whole expression: a || chain, optionally followed by ? cond : cond (right-associative). */
static void
px_cond(struct pexpr *x)
{
	size_t start = x->out.n;
	char *c;

	if (++x->depth > MAX_EXPR_DEPTH) {
		die_at(x->line, "Plural-Forms expression nested too deeply");
	}
	px_binary(x, 0);
	if (px_take(x, "?")) {
		c = xstrndup(x->out.p + start, x->out.n - start);
		x->out.n = start;
		px_emit(x, "(");
		px_emit(x, c);
		px_emit(x, " ? ");
		free(c);
		px_cond(x);
		if (!px_take(x, ":")) {
			die_at(x->line, "Plural-Forms: expected ':'");
		}
		px_emit(x, " : ");
		px_cond(x);
		px_emit(x, ")");
	}
	x->depth--;
}

/* Parse "nplurals=N; plural=EXPR;" from a header value. */
static void
parse_plural_forms(struct catalog *c, const char *v, int line)
{
	struct pexpr x;
	const char *p = v;
	long np;
	char *end;

	while (*p == ' ') {
		p++;
	}
	if (strncmp(p, "nplurals", 8) != 0) {
		die_at(line, "Plural-Forms must start with nplurals=");
	}
	p += 8;
	while (*p == ' ') {
		p++;
	}
	if (*p++ != '=') {
		die_at(line, "Plural-Forms: expected '=' after nplurals");
	}
	np = strtol(p, &end, 10);
	if (end == p || np < 1 || np > MAX_PLURALS) {
		die_at(line, "Plural-Forms: nplurals must be 1 to %d", MAX_PLURALS);
	}
	p = end;
	while (*p == ' ') {
		p++;
	}
	if (*p++ != ';') {
		die_at(line, "Plural-Forms: expected ';' after nplurals");
	}
	while (*p == ' ') {
		p++;
	}
	if (strncmp(p, "plural", 6) != 0) {
		die_at(line, "Plural-Forms: expected plural=");
	}
	p += 6;
	while (*p == ' ') {
		p++;
	}
	if (*p++ != '=') {
		die_at(line, "Plural-Forms: expected '=' after plural");
	}
	memset(&x, 0, sizeof(x));
	x.p = p;
	x.line = line;
	px_cond(&x);
	px_space(&x);
	if (*x.p == ';') {
		x.p++;
	}
	px_space(&x);
	if (*x.p != '\0') {
		die_at(line, "Plural-Forms: unexpected '%.10s' after the expression", x.p);
	}
	c->nplurals = (int)np;
	c->plural_c = x.out.p;
}

/* Read the header entry's "Key: value" lines. */
static void
parse_header(struct catalog *c, const struct entry *e)
{
	const char *p = e->strs[0];

	while (*p != '\0') {
		const char *nl = strchr(p, '\n'), *colon;
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, n), *v;

		p += n + (nl != NULL);
		if ((colon = strchr(line, ':')) == NULL) {
			free(line);
			continue;
		}
		v = line + (colon - line) + 1;
		while (*v == ' ') {
			v++;
		}
		if (strncasecmp(line, "Content-Type:", 13) == 0) {
			const char *cs = strstr(v, "charset=");

			if (cs == NULL || strncasecmp(cs + 8, "UTF-8", 5) != 0) {
				die_at(e->line,
				       "the catalog must be UTF-8 (Content-Type: text/plain; "
				       "charset=UTF-8)");
			}
		} else if (strncasecmp(line, "Plural-Forms:", 13) == 0) {
			parse_plural_forms(c, v, e->line);
		} else if (strncasecmp(line, "X-Language-Name:", 16) == 0) {
			c->name = xstrndup(v, strlen(v));
		}
		free(line);
	}
}

/* ---- reading a .po file ---- */

enum field { F_NONE, F_CTXT, F_ID, F_PLURAL, F_STR };

struct reader {
	struct catalog *c;   /* catalog being filled */
	struct entry cur;    /* entry being read */
	enum field last;     /* field a continuation string extends */
	int field_line;      /* line where that field began */
	struct sbuf sb;      /* its value so far */
	int pending_fuzzy;   /* a "#, fuzzy" comment precedes */
	char *pending_where; /* a "#: file:line" comment precedes */
	int have_header;     /* the msgid "" entry was seen */
	int obsolete;        /* inside a #~ entry */
	int started;         /* some keyword of cur was seen */
};

/* Store the string being read in its field. */
static void
flush_field(struct reader *r, int line)
{
	char *s;

	if (r->last == F_NONE) {
		return;
	}
	s = r->sb.p != NULL ? r->sb.p : xstrndup("", 0);
	check_text(s, r->field_line ? r->field_line : line);
	r->sb.p = NULL;
	r->sb.n = r->sb.cap = 0;
	switch (r->last) {
	case F_CTXT:
		r->cur.ctxt = s;
		break;
	case F_ID:
		r->cur.id = s;
		break;
	case F_PLURAL:
		r->cur.plural = s;
		break;
	default:
		r->cur.strs[r->cur.nstrs - 1] = s;
		break;
	}
	r->last = F_NONE;
}

/* Finish the entry being read: check it and add it (or the header). */
static void
end_entry(struct reader *r, int line)
{
	struct catalog *c = r->c;
	struct entry *e = &r->cur;

	flush_field(r, line);
	if (!r->started) {
		return;
	}
	if (e->id == NULL) {
		die_at(e->line, "entry without msgid");
	}
	if (e->nstrs == 0) {
		die_at(e->line, "msgid \"%s\" has no msgstr", e->id);
	}
	if (e->id[0] == '\0' && e->ctxt == NULL) {
		if (r->have_header || c->n > 0) {
			die_at(e->line, "the header (msgid \"\") must be the first entry, once");
		}
		r->have_header = 1;
		parse_header(c, e);
	} else {
		if (e->id[0] == '\0') {
			die_at(e->line, "empty msgid");
		}
		if (c->n == MAX_ENTRIES) {
			die_at(e->line, "more than %d entries", MAX_ENTRIES);
		}
		if (c->n == c->cap) {
			c->cap = c->cap ? c->cap * 2 : 256;
			if ((c->e = realloc(c->e, c->cap * sizeof(*c->e))) == NULL) {
				die("out of memory");
			}
		}
		c->e[c->n++] = *e;
	}
	memset(&r->cur, 0, sizeof(r->cur));
	r->started = 0;
}

/* Begin a keyword's string; the rest of the line holds "...". */
static void
begin_field(struct reader *r, enum field f, const char *rest, int line)
{
	flush_field(r, line);
	if (!r->started) {
		r->started = 1;
		r->cur.line = line;
		r->cur.fuzzy = r->pending_fuzzy;
		r->pending_fuzzy = 0;
		r->cur.where = r->pending_where;
		r->pending_where = NULL;
	}
	while (*rest == ' ' || *rest == '\t') {
		rest++;
	}
	if (*rest != '"') {
		die_at(line, "expected a quoted string");
	}
	r->last = f;
	r->field_line = line;
	parse_quoted(&rest, &r->sb, line);
	while (*rest == ' ' || *rest == '\t') {
		rest++;
	}
	if (*rest != '\0') {
		die_at(line, "unexpected text after the string");
	}
	if (r->sb.p == NULL) {
		r->sb.p = xstrndup("", 0);
	}
}

/* A "#, flag, flag" comment: note fuzzy. */
static void
read_flags(struct reader *r, const char *p)
{
	while (*p != '\0') {
		size_t n;

		while (*p == ' ' || *p == ',') {
			p++;
		}
		n = strcspn(p, " ,");
		if (n == 5 && strncmp(p, "fuzzy", 5) == 0) {
			r->pending_fuzzy = 1;
		}
		p += n;
	}
}

/*
 * One line of a .po file: a blank line ends the entry; comments note flags
 * and references (#~ obsolete entries are skipped); a keyword starts a
 * field, a bare string continues the current one.
 */
static void
read_line(struct reader *r, char *s, int line)
{
	while (*s == ' ' || *s == '\t') {
		s++;
	}
	if (*s == '\0') {
		end_entry(r, line);
		r->obsolete = 0;
		return;
	}
	if (s[0] == '#') {
		if (s[1] == '~') {
			r->obsolete = 1; /* an obsolete entry: msgfmt ignores it too */
			return;
		}
		if (r->started && r->cur.nstrs > 0) {
			end_entry(r, line);
		}
		if (s[1] == ',') {
			read_flags(r, s + 2);
		} else if (s[1] == ':' && r->pending_where == NULL) {
			const char *w = s + 2;

			while (*w == ' ' || *w == '\t') {
				w++;
			}
			r->pending_where = xstrndup(w, strcspn(w, " \t"));
		}
		return;
	}
	if (r->obsolete) {
		die_at(line, "an obsolete (#~) entry must end with a blank line");
	}
	if (s[0] == '"') {
		if (r->last == F_NONE) {
			die_at(line, "string without a keyword");
		}
		parse_quoted((const char **)&s, &r->sb, line);
		while (*s == ' ' || *s == '\t') {
			s++;
		}
		if (*s != '\0') {
			die_at(line, "unexpected text after the string");
		}
		return;
	}
	if (strncmp(s, "msgctxt", 7) == 0 && (s[7] == ' ' || s[7] == '\t')) {
		if (r->started && r->cur.nstrs > 0) {
			end_entry(r, line);
		}
		if (r->started) {
			die_at(line, "msgctxt must come first in an entry");
		}
		begin_field(r, F_CTXT, s + 7, line);
	} else if (strncmp(s, "msgid_plural", 12) == 0 && (s[12] == ' ' || s[12] == '\t')) {
		if (r->cur.id == NULL && r->last != F_ID) {
			die_at(line, "msgid_plural without msgid");
		}
		if (r->cur.plural != NULL || r->cur.nstrs > 0) {
			die_at(line, "msgid_plural out of place");
		}
		begin_field(r, F_PLURAL, s + 12, line);
	} else if (strncmp(s, "msgid", 5) == 0 && (s[5] == ' ' || s[5] == '\t')) {
		if (r->started && r->cur.nstrs > 0) {
			end_entry(r, line);
		}
		if (r->cur.id != NULL || r->last == F_ID) {
			die_at(line, "second msgid in one entry");
		}
		begin_field(r, F_ID, s + 5, line);
	} else if (strncmp(s, "msgstr", 6) == 0) {
		const char *p = s + 6;
		int idx = -1;

		flush_field(r, line);
		if (r->cur.id == NULL) {
			die_at(line, "msgstr without msgid");
		}
		if (*p == '[') {
			char *end;
			long v = strtol(p + 1, &end, 10);

			if (end == p + 1 || *end != ']' || v < 0) {
				die_at(line, "malformed msgstr[N]");
			}
			idx = (int)(v > MAX_PLURALS ? MAX_PLURALS : v);
			p = end + 1;
			if (r->cur.plural == NULL) {
				die_at(line, "msgstr[%ld] in an entry without msgid_plural", v);
			}
			if (idx != r->cur.nstrs || idx >= MAX_PLURALS) {
				die_at(line, "msgstr[%ld] out of order (expected msgstr[%d])", v,
				       r->cur.nstrs);
			}
		} else if (r->cur.plural != NULL) {
			die_at(line, "an entry with msgid_plural needs msgstr[0], msgstr[1]...");
		} else if (r->cur.nstrs > 0) {
			die_at(line, "second msgstr in one entry");
		}
		if (*p != ' ' && *p != '\t') {
			die_at(line, "unknown keyword");
		}
		r->cur.nstrs++;
		begin_field(r, F_STR, p, line);
	} else {
		die_at(line, "unknown keyword '%.20s'", s);
	}
}

/* The key as stored in the table: ctxt "\004" id, or id. */
static char *
joined_key(const struct entry *e)
{
	size_t nc = e->ctxt ? strlen(e->ctxt) : 0, ni = strlen(e->id);
	char *k = xmalloc(nc + ni + 2);

	if (e->ctxt != NULL) {
		memcpy(k, e->ctxt, nc);
		k[nc++] = '\004';
	}
	memcpy(k + nc, e->id, ni + 1);
	return k;
}

/* Order of entries in the table: strcmp of the joined keys, as the runtime searches. */
static int
qsort_key(const void *a, const void *b)
{
	char *x = joined_key(a), *y = joined_key(b);
	int c = strcmp(x, y);

	free(x);
	free(y);
	return c;
}

/*
 * Read and check one catalog.  A translation (source == 0) must translate
 * every message, without fuzzy entries.
 */
static void
load_catalog(struct catalog *c)
{
	struct reader r;
	size_t len, i;
	char *buf, *p;
	int line = 0;

	memset(&r, 0, sizeof(r));
	r.c = c;
	c->nplurals = 2;
	c->plural_c = xstrndup("(n != 1UL)", 10);
	cur_path = c->path;
	buf = read_file(c->path, &len);
	if (memchr(buf, '\0', len) != NULL) {
		die_at(1, "NUL byte in the file");
	}
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3; /* a byte order mark, as some editors write */
	}
	for (p = buf; *p != '\0';) {
		char *nl = strchr(p, '\n');

		if (nl != NULL) {
			*nl = '\0';
		}
		if (nl != NULL && nl > p && nl[-1] == '\r') {
			nl[-1] = '\0';
		}
		read_line(&r, p, ++line);
		p = nl ? nl + 1 : p + strlen(p);
	}
	end_entry(&r, line + 1);
	if (!r.have_header) {
		die_at(1, "no header entry (msgid \"\" with Content-Type and Plural-Forms)");
	}
	if (c->name == NULL) {
		c->name = xstrndup(c->tag, strlen(c->tag));
	}
	for (i = 0; i < c->n; i++) {
		struct entry *e = &c->e[i];
		int k;

		if (e->fuzzy) {
			die_at(e->line,
			       "fuzzy translation of \"%s\": check it and remove the fuzzy flag",
			       e->id);
		}
		if (e->plural != NULL && e->nstrs != c->nplurals) {
			die_at(e->line, "\"%s\" has %d plural forms; the language has %d", e->id,
			       e->nstrs, c->nplurals);
		}
		for (k = 0; k < e->nstrs; k++) {
			if (e->strs[k][0] == '\0' && !c->source) {
				die_at(e->line, "\"%s\" is not translated", e->id);
			}
			check_placeholders(e, e->strs[k]);
			if (e->ctxt != NULL && strcmp(e->ctxt, "date format") == 0) {
				const char *why = date_problem(e->strs[k][0] ? e->strs[k] : e->id);

				if (why != NULL) {
					die_at(e->line, "date format: %s", why);
				}
			}
		}
	}
	qsort(c->e, c->n, sizeof(*c->e), qsort_key);
	for (i = 1; i < c->n; i++) {
		if (qsort_key(&c->e[i - 1], &c->e[i]) == 0) {
			die_at(c->e[i].line, "duplicate message \"%s\" (also at line %d)",
			       c->e[i].id, c->e[i - 1].line);
		}
	}
}

/* The entry of sorted catalog c with want's context and msgid, or NULL. */
static const struct entry *
find_entry(const struct catalog *c, const struct entry *want)
{
	size_t lo = 0, hi = c->n;
	char *k = joined_key(want);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		char *m = joined_key(&c->e[mid]);
		int cmp = strcmp(m, k);

		free(m);
		if (cmp == 0) {
			free(k);
			return &c->e[mid];
		}
		if (cmp < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	free(k);
	return NULL;
}

/* Die unless a and b hold the same plural text (both none, or equal). */
static int
same_plural(const struct entry *a, const struct entry *b)
{
	if (a->plural == NULL || b->plural == NULL) {
		return a->plural == b->plural;
	}
	return strcmp(a->plural, b->plural) == 0;
}

/* A translation must hold exactly the source language's messages. */
static void
match_source(const struct catalog *src, const struct catalog *c)
{
	size_t i;
	const struct entry *o;

	cur_path = c->path;
	for (i = 0; i < src->n; i++) {
		if ((o = find_entry(c, &src->e[i])) == NULL) {
			die_at(1, "no entry for \"%s\"%s%s%s (%s:%d): translate it", src->e[i].id,
			       src->e[i].ctxt ? " in context \"" : "",
			       src->e[i].ctxt ? src->e[i].ctxt : "", src->e[i].ctxt ? "\"" : "",
			       src->path, src->e[i].line);
		}
		if (!same_plural(o, &src->e[i])) {
			die_at(o->line, "\"%s\": msgid_plural differs from %s:%d", o->id, src->path,
			       src->e[i].line);
		}
	}
	for (i = 0; i < c->n; i++) {
		if (find_entry(src, &c->e[i]) == NULL) {
			die_at(c->e[i].line,
			       "\"%s\" is not in %s (remove it, or add it there first)", c->e[i].id,
			       src->path);
		}
	}
}

/* ---- writing C ---- */

/*
 * s as a C string literal: quotes and backslashes escaped, bytes outside
 * printable ASCII as three-digit octal (never ambiguous with what follows),
 * '?' escaped so no trigraph can form.
 */
static void
emit_str(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', out);
	for (; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\') {
			fprintf(out, "\\%c", *p);
		} else if (*p == '?') {
			fputs("\\?", out); /* no trigraphs */
		} else if (*p < 0x20 || *p >= 0x7F) {
			fprintf(out, "\\%03o", *p);
		} else {
			fputc(*p, out);
		}
	}
	fputc('"', out);
}

/* po2c compile OUT.c TAG=FILE.po...: read, check and write the tables. */
static int
cmd_compile(int argc, char **argv)
{
	struct catalog cats[MAX_CATALOGS];
	FILE *out;
	int ncats = argc - 3, i;
	size_t k;

	if (argc < 4) {
		die("usage: po2c compile OUT.c TAG=FILE.po...");
	}
	if (ncats > MAX_CATALOGS) {
		die("more than %d catalogs", MAX_CATALOGS);
	}
	memset(cats, 0, sizeof(cats));
	for (i = 0; i < ncats; i++) {
		char *arg = argv[3 + i], *eq = strchr(arg, '=');

		if (eq == NULL || eq == arg || eq[1] == '\0') {
			die("'%s': expected TAG=FILE.po", arg);
		}
		*eq = '\0';
		cats[i].tag = arg;
		cats[i].path = eq + 1;
		cats[i].source = i == 0;
		load_catalog(&cats[i]);
	}
	for (i = 1; i < ncats; i++) {
		match_source(&cats[0], &cats[i]);
	}
	if ((out = fopen(argv[2], "w")) == NULL) {
		die("%s: %s", argv[2], strerror(errno));
	}
	fprintf(out, "/* Generated by tools/po2c.c from the po/ catalogs; do not edit. */\n"
	             "#include \"gazette/i18n.h\"\n\n"
	             "static unsigned long\npdiv(unsigned long a, unsigned long b)\n{\n"
	             "\treturn b ? a / b : 0;\n}\n\n"
	             "static unsigned long\npmod(unsigned long a, unsigned long b)\n{\n"
	             "\treturn b ? a %% b : 0;\n}\n");
	for (i = 0; i < ncats; i++) {
		const struct catalog *c = &cats[i];
		size_t s = 0;

		fprintf(out,
		        "\n/* %s */\nstatic unsigned long\nplural%d(unsigned long n)\n{\n"
		        "\t(void)pdiv;\n\t(void)pmod;\n\t(void)n;\n\treturn %s;\n}\n",
		        c->path, i, c->plural_c);
		fprintf(out, "static const char *const s%d[] = {\n", i);
		for (k = 0; k < c->n; k++) {
			const struct entry *e = &c->e[k];
			int j;

			for (j = 0; j < e->nstrs; j++) {
				const char *t = e->strs[j];

				/* The source language's empty msgstr: the English itself. */
				if (t[0] == '\0') {
					t = j == 0 ? e->id : e->plural;
				}
				fputc('\t', out);
				emit_str(out, t);
				fputs(",\n", out);
			}
		}
		fprintf(out, "\t 0};\nstatic const struct gz_i18n_msg m%d[] = {\n", i);
		for (k = 0; k < c->n; k++) {
			char *key = joined_key(&c->e[k]);

			fputs("\t{", out);
			emit_str(out, key);
			fprintf(out, ", s%d + %zu, %d},\n", i, s, c->e[k].nstrs);
			s += (size_t)c->e[k].nstrs;
			free(key);
		}
		fprintf(out, "\t{0, 0, 0}};\n");
	}
	fprintf(out, "\nconst struct gz_i18n_catalog gz_i18n_catalogs[] = {\n");
	for (i = 0; i < ncats; i++) {
		fputs("\t{", out);
		emit_str(out, cats[i].tag);
		fputs(", ", out);
		emit_str(out, cats[i].name);
		fprintf(out, ", m%d, %zu, %d, plural%d},\n", i, cats[i].n, cats[i].nplurals, i);
	}
	fprintf(out, "};\nconst size_t gz_i18n_ncatalogs = %d;\n", ncats);
	if (ferror(out) || fclose(out) != 0) {
		die("%s: write failed", argv[2]);
	}
	return 0;
}

/* ---- extract ---- */

struct pot {
	struct entry *e; /* messages in first-seen order */
	size_t n;        /* how many */
	size_t cap;      /* allocated */
};

/*
 * Add a message found at path:line, once per context and msgid; the same
 * msgid used with two different plurals is an error.
 */
static void
pot_add(struct pot *pt, const char *ctxt, const char *id, const char *plural, const char *path,
        int line)
{
	struct entry e;
	size_t i;
	char where[512];

	cur_path = path;
	if (id[0] == '\0') {
		die_at(line, "empty message");
	}
	check_text(id, line);
	if (plural != NULL) {
		check_text(plural, line);
	}
	for (i = 0; i < pt->n; i++) {
		const char *c2 = pt->e[i].ctxt;

		if (strcmp(pt->e[i].id, id) == 0 &&
		    ((c2 == NULL && ctxt == NULL) || (c2 && ctxt && strcmp(c2, ctxt) == 0))) {
			if ((plural == NULL) != (pt->e[i].plural == NULL) ||
			    (plural && strcmp(plural, pt->e[i].plural) != 0)) {
				die_at(line,
				       "\"%s\" is used with two different plurals (also at %s)", id,
				       pt->e[i].where);
			}
			return;
		}
	}
	if (pt->n == MAX_ENTRIES) {
		die_at(line, "more than %d messages", MAX_ENTRIES);
	}
	if (pt->n == pt->cap) {
		pt->cap = pt->cap ? pt->cap * 2 : 256;
		if ((pt->e = realloc(pt->e, pt->cap * sizeof(*pt->e))) == NULL) {
			die("out of memory");
		}
	}
	memset(&e, 0, sizeof(e));
	e.ctxt = ctxt ? xstrndup(ctxt, strlen(ctxt)) : NULL;
	e.id = xstrndup(id, strlen(id));
	e.plural = plural ? xstrndup(plural, strlen(plural)) : NULL;
	snprintf(where, sizeof(where), "%s:%d", path, line);
	e.where = xstrndup(where, strlen(where));
	e.line = line;
	pt->e[pt->n++] = e;
}

/* 1-based line of p in the text starting at start. */
static int
line_at(const char *start, const char *p)
{
	int line = 1;

	for (; start < p; start++) {
		line += *start == '\n';
	}
	return line;
}

/* 1 for the characters of a C or template identifier. */
static int
is_ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/* p past blanks and newlines, at most to end. */
static const char *
skip_space(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) {
		p++;
	}
	return p;
}

/*
 * A template string literal at p ("..." or '...', escapes \\ \" \' \n \t as
 * tmpl_parse.c reads them) into a new string; *pp past it.  NULL when p
 * does not hold one.
 */
static char *
tmpl_string(const char **pp, const char *end)
{
	const char *p = *pp;
	char q, *out, *o;

	if (p >= end || (*p != '"' && *p != '\'')) {
		return NULL;
	}
	q = *p++;
	out = o = xmalloc((size_t)(end - p) + 1);
	while (p < end && *p != q) {
		if (*p == '\\' && p + 1 < end) {
			p++;
			*o++ = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
		} else {
			*o++ = *p;
		}
		p++;
	}
	if (p >= end) {
		free(out);
		return NULL;
	}
	*o = '\0';
	*pp = p + 1;
	return out;
}

/* The messages in one template tag's inside, [p, end). */
static void
extract_tag(struct pot *pt, const char *file, const char *src, const char *p, const char *end)
{
	const char *tag_start = skip_space(p, end);

	if (tag_start < end && *tag_start == '-') {
		tag_start = skip_space(tag_start + 1, end); /* {%- trans */
	}

	while (p < end) {
		const char *q = p;
		char *strs[3] = {NULL, NULL, NULL};
		int nlit, k, line;

		if (*p == '"' || *p == '\'') {
			char *s = tmpl_string(&p, end);

			if (s == NULL) {
				return;
			}
			free(s);
			continue;
		}
		if (!is_ident_char(*p) || (p > src && is_ident_char(p[-1]))) {
			p++;
			continue;
		}
		while (q < end && is_ident_char(*q)) {
			q++;
		}
		line = line_at(src, p);
		nlit = 0;
		if (q - p == 4 && memcmp(p, "date", 4) == 0) {
			const char *r = skip_space(q, end);

			if (r < end && *r == ':') {
				r = skip_space(r + 1, end);
				if ((strs[0] = tmpl_string(&r, end)) != NULL) {
					if (strcmp(strs[0], "iso") != 0 &&
					    strcmp(strs[0], "rfc822") != 0) {
						pot_add(pt, "date format", strs[0], NULL, file,
						        line);
					}
					free(strs[0]);
					p = r;
					continue;
				}
			}
		} else if (q - p == 5 && memcmp(p, "trans", 5) == 0 && p == tag_start) {
			const char *r = skip_space(q, end);

			if ((strs[0] = tmpl_string(&r, end)) != NULL) {
				pot_add(pt, NULL, strs[0], NULL, file, line);
				free(strs[0]);
				p = r;
				continue;
			}
		} else if (q - p == 1 && *p == '_') {
			nlit = 1;
		} else if (q - p == 2 && memcmp(p, "_n", 2) == 0) {
			nlit = 2;
		} else if (q - p == 2 && memcmp(p, "_p", 2) == 0) {
			nlit = 2;
		} else if (q - p == 3 && memcmp(p, "_np", 3) == 0) {
			nlit = 3;
		}
		if (nlit > 0) {
			const char *r = skip_space(q, end);

			if (r < end && *r == '(') {
				r = skip_space(r + 1, end);
				for (k = 0; k < nlit; k++) {
					if (k > 0) {
						r = skip_space(r, end);
						if (r >= end || *r != ',') {
							break;
						}
						r = skip_space(r + 1, end);
					}
					if ((strs[k] = tmpl_string(&r, end)) == NULL) {
						break;
					}
				}
				if (k == nlit) {
					if (q - p == 1) {
						pot_add(pt, NULL, strs[0], NULL, file, line);
					} else if (p[1] == 'n' && q - p == 2) {
						pot_add(pt, NULL, strs[0], strs[1], file, line);
					} else if (q - p == 2) {
						pot_add(pt, strs[0], strs[1], NULL, file, line);
					} else {
						pot_add(pt, strs[0], strs[1], strs[2], file, line);
					}
				} else {
					cur_path = file;
					die_at(line, "%.*s( needs literal strings first",
					       (int)(q - p), p);
				}
				for (k = 0; k < 3; k++) {
					free(strs[k]);
				}
				p = r;
				continue;
			}
		}
		p = q;
	}
}

/* Every {{ }} and {% %} tag of a template; {# #} comments are skipped. */
static void
extract_template(struct pot *pt, const char *file, const char *src, size_t len)
{
	const char *p = src, *end = src + len;

	while (p + 1 < end) {
		const char *close;
		char q = 0;

		if (p[0] != '{' || (p[1] != '{' && p[1] != '%' && p[1] != '#')) {
			p++;
			continue;
		}
		if (p[1] == '#') {
			close = strstr(p + 2, "#}");
			p = close ? close + 2 : end;
			continue;
		}
		/* Find the closer outside quoted strings, as tmpl_lex.c does. */
		for (close = p + 2; close + 1 < end; close++) {
			if (q) {
				if (*close == '\\') {
					close++;
				} else if (*close == q) {
					q = 0;
				}
			} else if (*close == '"' || *close == '\'') {
				q = *close;
			} else if (*close == (p[1] == '{' ? '}' : '%') && close[1] == '}') {
				break;
			}
		}
		extract_tag(pt, file, src, p + 2, close);
		p = close + 2;
	}
}

/*
 * C string literal(s) at p, adjacent ones joined ("a" "b"), into a new
 * string; NULL when p holds none.  *pp past them.
 */
static char *
c_string(const char *src, const char **pp, const char *end)
{
	struct sbuf b;
	const char *p = skip_space(*pp, end);

	if (p >= end || *p != '"') {
		return NULL;
	}
	memset(&b, 0, sizeof(b));
	while (p < end && *p == '"') {
		parse_quoted(&p, &b, line_at(src, p));
		p = skip_space(p, end);
	}
	*pp = p;
	return b.p != NULL ? b.p : xstrndup("", 0);
}

/* Skip one C argument (balanced brackets, strings) up to its ',' or ')'. */
static const char *
skip_c_arg(const char *p, const char *end)
{
	int depth = 0;

	for (; p < end; p++) {
		if (*p == '"' || *p == '\'') {
			char q = *p;

			for (p++; p < end && *p != q; p++) {
				if (*p == '\\') {
					p++;
				}
			}
		} else if (*p == '(' || *p == '[' || *p == '{') {
			depth++;
		} else if (*p == ')' || *p == ']' || *p == '}') {
			if (depth-- == 0) {
				return p;
			}
		} else if (*p == ',' && depth == 0) {
			return p;
		}
	}
	return end;
}

/* The marked messages of a C source: calls and markers with literal text. */
static void
extract_c(struct pot *pt, const char *file, char *src, size_t len)
{
	static const struct {
		const char *name; /* function or marker */
		int skip;         /* arguments before the texts */
		int ctxt;         /* the first text is a context */
		int plural;       /* a plural text follows the msgid */
	} calls[] = {
	    {"gz_i18n_get", 1, 0, 0}, {"gz_i18n_pget", 1, 1, 0}, {"gz_i18n_nget", 1, 0, 1},
	    {"GZ_N_", 0, 0, 0},       {"GZ_NP_", 0, 1, 0},       {"gz_i18n_message", 1, 0, 0},
	};
	const char *p = src, *end = src + len;
	size_t sp;

	cur_path = file;
	/* Spliced lines (a macro's backslash-newline) join as the compiler joins
	 * them; a space keeps the line count for references. */
	for (sp = 0; sp + 1 < len; sp++) {
		if (src[sp] == '\\' && src[sp + 1] == '\n') {
			src[sp] = ' ';
		}
	}
	while (p < end) {
		size_t i, n;
		const char *q;

		if (p[0] == '/' && p + 1 < end && p[1] == '*') {
			const char *c = strstr(p + 2, "*/");

			p = c ? c + 2 : end;
			continue;
		}
		if (p[0] == '/' && p + 1 < end && p[1] == '/') {
			while (p < end && *p != '\n') {
				p++;
			}
			continue;
		}
		if (*p == '"' || *p == '\'') {
			char qc = *p;

			for (p++; p < end && *p != qc && *p != '\n'; p++) {
				if (*p == '\\') {
					p++;
				}
			}
			p++;
			continue;
		}
		if (!is_ident_char(*p)) {
			p++;
			continue;
		}
		for (q = p; q < end && is_ident_char(*q); q++) {
		}
		n = (size_t)(q - p);
		for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
			if (strlen(calls[i].name) == n && memcmp(calls[i].name, p, n) == 0) {
				break;
			}
		}
		if (i < sizeof(calls) / sizeof(calls[0])) {
			const char *r = skip_space(q, end);
			int line = line_at(src, p), k;
			char *ctxt = NULL, *id = NULL, *plural = NULL;

			if (r < end && *r == '(') {
				r++;
				for (k = 0; k < calls[i].skip && r < end; k++) {
					r = skip_c_arg(r, end);
					r = r < end && *r == ',' ? r + 1 : end;
				}
				if (calls[i].ctxt && (ctxt = c_string(src, &r, end)) != NULL) {
					r = r < end && *r == ',' ? r + 1 : end;
				}
				if ((!calls[i].ctxt || ctxt != NULL) &&
				    (id = c_string(src, &r, end)) != NULL && calls[i].plural) {
					r = r < end && *r == ',' ? r + 1 : end;
					plural = c_string(src, &r, end);
				}
				/* A computed message (a variable) was marked where it was written.
				 */
				if (id != NULL && (!calls[i].plural || plural != NULL)) {
					pot_add(pt, ctxt, id, plural, file, line);
				}
				free(ctxt);
				free(id);
				free(plural);
			}
		}
		p = q;
	}
}

/* A .po string: "..." escaped, split after each \n for readability. */
static void
write_po_str(FILE *out, const char *kw, const char *s)
{
	const char *nl = strchr(s, '\n');

	fprintf(out, "%s ", kw);
	if (nl != NULL && nl[1] != '\0') {
		fputs("\"\"\n", out);
	}
	fputc('"', out);
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		case '\n':
			fputs(s[1] != '\0' ? "\\n\"\n\"" : "\\n", out);
			break;
		default:
			fputc(*s, out);
		}
	}
	fputs("\"\n", out);
}

/* The messages as a .pot: a header, then each with its first reference and empty msgstr. */
static void
write_pot(FILE *out, const struct pot *pt)
{
	size_t i;

	fputs("msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
	      "\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n",
	      out);
	for (i = 0; i < pt->n; i++) {
		const struct entry *e = &pt->e[i];

		fprintf(out, "\n#: %s\n", e->where);
		if (e->ctxt != NULL) {
			write_po_str(out, "msgctxt", e->ctxt);
		}
		write_po_str(out, "msgid", e->id);
		if (e->plural != NULL) {
			write_po_str(out, "msgid_plural", e->plural);
			fputs("msgstr[0] \"\"\nmsgstr[1] \"\"\n", out);
		} else {
			fputs("msgstr \"\"\n", out);
		}
	}
}

/* 1 when s ends with suffix. */
static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* po2c extract FILE...: the .pot of every marked string, on stdout. */
static int
cmd_extract(int argc, char **argv)
{
	struct pot pt;
	int i;

	memset(&pt, 0, sizeof(pt));
	for (i = 2; i < argc; i++) {
		size_t len;
		char *src = read_file(argv[i], &len);

		if (ends_with(argv[i], ".c") || ends_with(argv[i], ".h")) {
			extract_c(&pt, argv[i], src, len);
		} else if (ends_with(argv[i], ".html") || ends_with(argv[i], ".xml") ||
		           ends_with(argv[i], ".txt")) {
			extract_template(&pt, argv[i], src, len);
		} else {
			die("%s: not a template (.html .xml .txt) or C source (.c .h)", argv[i]);
		}
		free(src);
	}
	write_pot(stdout, &pt);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		die("write failed");
	}
	return 0;
}

/* ---- check ---- */

/*
 * po2c check FILE.pot SRC.po [FILE.po...]: exit 1 when a catalog lacks a
 * message of the .pot (or its plural differs); entries nothing uses are
 * warned about, not refused.
 */
static int
cmd_check(int argc, char **argv)
{
	struct catalog pot, cats[MAX_CATALOGS];
	int ncats = argc - 3, i, bad = 0;
	size_t k;

	if (argc < 4) {
		die("usage: po2c check FILE.pot SRC.po [FILE.po...]");
	}
	if (ncats > MAX_CATALOGS) {
		die("more than %d catalogs", MAX_CATALOGS);
	}
	memset(&pot, 0, sizeof(pot));
	pot.path = argv[2];
	pot.tag = "pot";
	pot.source = 1;
	load_catalog(&pot);
	memset(cats, 0, sizeof(cats));
	for (i = 0; i < ncats; i++) {
		cats[i].path = argv[3 + i];
		cats[i].tag = argv[3 + i];
		cats[i].source = i == 0;
		load_catalog(&cats[i]);
	}
	for (i = 0; i < ncats; i++) {
		for (k = 0; k < pot.n; k++) {
			const struct entry *e = &pot.e[k], *o = find_entry(&cats[i], e);

			if (o == NULL) {
				fprintf(stderr, "%s: no entry for %s%s%s\"%s\" (used at %s)\n",
				        cats[i].path, e->ctxt ? "[" : "", e->ctxt ? e->ctxt : "",
				        e->ctxt ? "] " : "", e->id, e->where ? e->where : "?");
				bad = 1;
			} else if (!same_plural(o, e)) {
				fprintf(stderr,
				        "%s:%d: \"%s\": the plural differs from the source's\n",
				        cats[i].path, o->line, e->id);
				bad = 1;
			}
		}
		for (k = 0; k < cats[i].n; k++) {
			if (find_entry(&pot, &cats[i].e[k]) == NULL) {
				fprintf(stderr, "%s:%d: warning: \"%s\" is not used any more\n",
				        cats[i].path, cats[i].e[k].line, cats[i].e[k].id);
			}
		}
	}
	if (!bad) {
		printf("po2c: %zu messages, every one in %d catalog%s\n", pot.n, ncats,
		       ncats == 1 ? "" : "s");
	}
	return bad;
}

/* Dispatch to a command; usage and exit 2 otherwise. */
int
main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "compile") == 0) {
		return cmd_compile(argc, argv);
	}
	if (argc >= 2 && strcmp(argv[1], "extract") == 0) {
		return cmd_extract(argc, argv);
	}
	if (argc >= 2 && strcmp(argv[1], "check") == 0) {
		return cmd_check(argc, argv);
	}
	fprintf(stderr, "usage: po2c compile OUT.c TAG=FILE.po...\n"
	                "       po2c extract FILE... > FILE.pot\n"
	                "       po2c check FILE.pot SRC.po [FILE.po...]\n");
	return 2;
}
