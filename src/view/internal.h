/*
 * Shared insides of the template module.  The pipeline is
 *
 *   tmpl_lex.c     source -> pieces (text, {{ }}, {% %}) and tokens
 *   tmpl_parse.c   tokens -> syntax tree of one file (struct tnode, texpr)
 *   tmpl_compile.c trees of a set -> one flat-ish program per page, with
 *                  includes and blocks inlined and an escaper chosen for
 *                  every output (struct cnode)
 *   tmpl_escape.c  the HTML context tracker and the escapers themselves
 *   tmpl_filters.c the filter table
 *   tmpl_render.c  program + data -> bytes
 *   tmpl.c         sets: loading files, lookup, the reload holder
 *
 * Nothing here is exported beyond src/view.
 */
#ifndef GAZETTE_VIEW_INTERNAL_H
#define GAZETTE_VIEW_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/err.h"
#include "gazette/value.h"

/* ---- lexer ---- */

enum piece_kind {
	P_EOF,  /* end of source */
	P_TEXT, /* literal text */
	P_OUT,  /* inside {{ }} */
	P_STMT, /* inside {% %} */
};

struct piece {
	enum piece_kind kind; /* what it is */
	const char *p;        /* text, or the tag's inside (without - markers) */
	size_t n;             /* bytes at p */
	int line;             /* 1-based line of p (tags: of the opening brace) */
	int col;              /* 1-based column, in bytes */
	int icol;             /* tags: column of the first byte inside */
};

/* A scanner over one file's source. */
struct lex {
	const char *file; /* template name, for messages */
	const char *src;  /* the source */
	size_t len;       /* bytes in src */
	size_t pos;       /* next unread byte */
	int line;         /* line of pos */
	int col;          /* column of pos */
	int trim_next;    /* previous tag ended with -: trim leading space */
};

enum tok_kind {
	T_EOF,    /* end of the tag */
	T_IDENT,  /* name or keyword */
	T_STR,    /* "..." or '...' (p, n: inside the quotes, raw) */
	T_INT,    /* decimal integer, ival */
	T_DOT,    /* . */
	T_PIPE,   /* | */
	T_COLON,  /* : */
	T_COMMA,  /* , */
	T_LPAREN, /* ( */
	T_RPAREN, /* ) */
	T_EQ,     /* == */
	T_NE,     /* != */
	T_LT,     /* < */
	T_GT,     /* > */
	T_LE,     /* <= */
	T_GE,     /* >= */
	T_ASSIGN, /* = (named arguments of _() only) */
	T_BAD,    /* anything else; err says what */
};

struct token {
	enum tok_kind kind; /* what it is */
	const char *p;      /* its bytes in the source */
	size_t n;           /* length */
	long long ival;     /* T_INT value */
	int line;           /* position of its first byte */
	int col;            /* column of its first byte */
	const char *err;    /* T_BAD: the problem */
};

/* A tokenizer over the inside of one tag. */
struct toklex {
	const char *p;   /* next byte */
	const char *end; /* end of the tag's inside */
	int line;        /* line of p */
	int col;         /* column of p */
};

void lex_init(struct lex *lx, const char *file, const char *src, size_t len);
/* Next piece; returns -1 with *errmsg set on an unterminated tag. */
int lex_next(struct lex *lx, struct piece *pc, const char **errmsg);
void toklex_init(struct toklex *tl, const struct piece *pc);
void toklex_next(struct toklex *tl, struct token *t);

/* ---- syntax tree ---- */

enum xkind {
	X_PATH,   /* a.b.c */
	X_LIT,    /* literal value in lit */
	X_NOT,    /* not a */
	X_AND,    /* a and b */
	X_OR,     /* a or b */
	X_CMP,    /* a op b */
	X_FILTER, /* a|filter:b */
	X_TRANS,  /* _("msgid", name=x), _n(...), _p(...), _np(...): a translation */
};

struct seg {
	const char *name; /* path component (not NUL-terminated) */
	size_t n;         /* its length */
};

struct filter_def;
struct texpr;

/* A named argument of _(): fills the placeholder {name}. */
struct targ {
	const char *name;  /* placeholder name (not NUL-terminated) */
	size_t n;          /* its length */
	struct texpr *val; /* its value */
};

/* What an X_TRANS expression translates; its count (plural) is texpr.a. */
struct tmsg {
	const char *ctxt;   /* msgctxt or NULL (NUL-terminated, like the rest) */
	const char *id;     /* msgid: the English text */
	const char *plural; /* msgid_plural or NULL */
	struct targ *args;  /* named arguments */
	size_t nargs;       /* how many */
};

struct texpr {
	enum xkind kind;                 /* what it is */
	int line;                        /* position, for messages */
	int col;                         /* column */
	struct texpr *a;                 /* operand / filter input */
	struct texpr *b;                 /* second operand / filter argument or NULL */
	enum tok_kind op;                /* X_CMP: T_EQ .. T_GE */
	const struct filter_def *filter; /* X_FILTER */
	const struct tmsg *msg;          /* X_TRANS */
	struct gz_val lit;               /* X_LIT */
	struct seg *segs;                /* X_PATH components */
	size_t nsegs;                    /* how many */
	const char *text;                /* X_PATH: source spelling, for messages */
	size_t ntext;                    /* its length */
	int depth;                       /* height of this tree, bounded */
};

enum tkind {
	N_TEXT,    /* literal text */
	N_OUT,     /* {{ expr }} */
	N_IF,      /* if/elif/else chain */
	N_FOR,     /* for loop */
	N_INCLUDE, /* include "name" */
	N_BLOCK,   /* block name */
	N_TRANS,   /* trans "msgid" with parts */
};

struct tbranch {
	struct texpr *cond;   /* NULL for else */
	struct tnode *body;   /* statements */
	struct tbranch *next; /* next elif/else */
};

struct tnode {
	enum tkind kind;          /* what it is */
	int line;                 /* position of the tag */
	int col;                  /* column */
	struct tnode *next;       /* next sibling */
	const char *text;         /* N_TEXT bytes; N_INCLUDE/N_BLOCK/N_FOR name */
	size_t ntext;             /* length of text */
	struct texpr *expr;       /* N_OUT value, N_FOR list */
	struct tbranch *branches; /* N_IF */
	struct tnode *body;       /* N_FOR, N_BLOCK */
	struct tnode *else_body;  /* N_FOR */
	int safe;                 /* N_OUT: ends in |safe */
	const struct tmsg *msg;   /* N_TRANS: the message; its args name the parts */
	struct tnode **parts;     /* N_TRANS: body of each part, as msg->args */
};

/* One parsed file. */
struct tfile {
	const char *name;      /* template name, NUL-terminated */
	int plain;             /* .txt: no HTML context, no escaping */
	const char *extends;   /* parent template or NULL */
	int ext_line;          /* position of the extends tag */
	int ext_col;           /* column */
	struct tnode *body;    /* top-level statements */
	struct tnode **blocks; /* every block defined in the file */
	size_t nblocks;        /* how many */
	struct cnode *prog;    /* compiled program (tmpl_compile.c) */
};

/* Parse src into tf (name and plain already set); -1 with err filled. */
int parse_file(struct gz_arena *a, struct tfile *tf, const char *src, size_t len, char *err,
               size_t errsz);

/* ---- compiled program ---- */

enum esc {
	ESC_NONE,      /* plain text files: raw (invalid UTF-8 still replaced) */
	ESC_HTML,      /* element text, RCDATA or quoted attribute value */
	ESC_URL_START, /* URL attribute, scheme not settled: scheme check */
	ESC_URL_PATH,  /* URL attribute, after the scheme: normalised */
	ESC_URL_QUERY, /* URL attribute, after ? or #: percent-encoded */
	ESC_JS_VALUE,  /* <script> code: a JSON value */
	ESC_JS_STR,    /* inside a JS string literal: \u escapes */
	ESC_CSS,       /* <style>: conservative characters or a placeholder */
};

enum cop {
	C_TEXT,  /* write text */
	C_OUT,   /* evaluate and escape */
	C_IF,    /* branches */
	C_FOR,   /* loop */
	C_TRANS, /* a translated sentence with template parts in it */
};

struct cbranch {
	const struct texpr *cond; /* NULL for else */
	struct cnode *body;       /* program to run */
};

struct cnode {
	enum cop op;              /* what to do */
	struct cnode *next;       /* next instruction */
	const char *text;         /* C_TEXT bytes; C_FOR loop variable */
	size_t ntext;             /* length */
	const struct texpr *expr; /* C_OUT value; C_FOR list */
	enum esc esc;             /* C_OUT escaper */
	int raw;                  /* C_OUT: trusted HTML may go out raw */
	struct cbranch *branches; /* C_IF */
	size_t nbranches;         /* how many (else included) */
	struct cnode *body;       /* C_FOR */
	struct cnode *else_body;  /* C_FOR, run when the list is empty */
	const char *file;         /* source file, for render-time messages */
	size_t cap;               /* C_TEXT: bytes owned at text, 0 if in source */
	const struct tmsg *msg;   /* C_TRANS: the message */
	const char *const *pre;   /* C_OUT of a fixed _(): output per catalog, escaped */
	const size_t *npre;       /* lengths of pre's strings */
	struct cnode **parts;     /* C_TRANS: program of each part, as msg->args */
};

/* ---- HTML context tracking (tmpl_escape.c) ---- */

struct ctx {
	uint8_t state; /* enum in tmpl_escape.c */
	uint8_t elem;  /* raw-text element a tag opens / is inside */
	uint8_t attr;  /* kind of the attribute being read */
	uint8_t url;   /* URL part inside a URL attribute */
	uint8_t js;    /* JS lexical state inside <script> */
};

/* Context at the start of a file. */
struct ctx ctx_start(int plain);
/* Feed literal text; -1 with *why on an impossible state. */
int ctx_text(struct ctx *c, const char *p, size_t n, const char **why);
/* Escaper for an expression at c, then advance c; -1 with *why when refused. */
int ctx_expr(struct ctx *c, enum esc *esc, const char **why);
/* Join two branch ends into *out; -1 when they disagree. */
int ctx_join(struct ctx a, struct ctx b, struct ctx *out);
int ctx_eq(struct ctx a, struct ctx b);
/* Short description for messages ("HTML text", "attribute name"). */
const char *ctx_name(struct ctx c);
/* 1 when a file may end in c (not inside a tag, comment or attribute). */
int ctx_can_end(struct ctx c);
/* 1 when trusted HTML may go out raw at c (element text only). */
int ctx_raw_ok(struct ctx c);

/* Escape n bytes at p with e, appending to out. */
void esc_write(struct gz_buf *out, enum esc e, const char *p, size_t n);
/* Write v as JSON (script-safe: <, >, &, U+2028/9 escaped). */
void esc_json(struct gz_buf *out, const struct gz_val *v, int depth);
/* Replace invalid UTF-8 and NUL with U+FFFD, else copy. */
void esc_utf8(struct gz_buf *out, const char *p, size_t n);

/* ---- filters (tmpl_filters.c) ---- */

enum farg {
	FARG_NONE,     /* takes no argument */
	FARG_OPTIONAL, /* may take one */
	FARG_REQUIRED, /* must take one */
};

struct gz_i18n_catalog;

struct filter_env {
	struct gz_arena *arena;             /* where results go */
	int bad;                            /* set by a filter given a value it cannot use */
	const struct gz_i18n_catalog *lang; /* the page's language (page.lang) */
	const struct gz_tz *tz;             /* the site's time zone (page.tz), NULL: UTC */
};

struct filter_def {
	const char *name; /* as written after | */
	enum farg arg;    /* argument rule */
	/* Result for in (NULL: missing) and arg (NULL if none); never NULL. */
	const struct gz_val *(*fn)(struct filter_env *env, const struct gz_val *in,
	                           const struct gz_val *arg);
	/* Compile-time check of a literal argument; NULL or the problem. */
	const char *(*check)(const struct gz_val *arg);
};

const struct filter_def *filter_find(const char *name, size_t n);
/* The `default` and `safe` filters, which the compiler treats specially. */
extern const struct filter_def filter_default_def;
extern const struct filter_def filter_safe_def;
extern const struct filter_def filter_json_def;
extern const struct filter_def filter_urlencode_def;

/* ---- compile and render ---- */

/* Compile every file of the set; -1 with err filled. */
int compile_set(struct gz_arena *a, struct tfile *files, size_t nfiles, char *err, size_t errsz);

enum gz_err render_prog(const struct cnode *prog, const struct gz_val *data, int strict,
                        struct gz_arena *arena, struct gz_buf *out, const char **msg);

#endif
