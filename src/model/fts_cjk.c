/*
 * The search machinery each connection needs: the FTS5 tokenizer "gz_cjk",
 * the SQL function gz_search_sync() that keeps article_fts in step with
 * articles, gz_search_text() that gives it the text a reader sees, and
 * gz_search_len() that reads how long FTS5 found a document.
 * gz_search_register() installs them.
 *
 * gz_cjk wraps FTS5's own unicode61 tokenizer (remove_diacritics 2).  Text
 * in CJK scripts has no spaces between words, and unicode61 would make a
 * whole sentence one token, so runs of Han, kana and Hangul are cut out and
 * indexed as overlapping bigrams instead: "先进制造" gives 先进 进制 制造.
 * A two-character query word is then one token, and a longer one a phrase
 * of consecutive bigrams.  In documents the last character of every run is
 * also emitted, at the position of the run's last bigram, so a prefix query
 * for one character ("制"*) finds it wherever it stands.  Byte offsets are
 * those of the original text, so snippets (search_snippet.c) and FTS5's
 * highlight() mark the right characters.  Everything else goes to
 * unicode61 untouched, with offsets shifted back into the whole text.
 *
 * Why a function and not plain trigger SQL: Gazette's connections run with
 * trusted_schema off, under which a trigger may not write to a virtual
 * table.  A trigger may call a function flagged SQLITE_INNOCUOUS, and this
 * one's only effect is to index the text it is given in article_fts of the
 * same database; a hostile database file gains nothing by calling it.
 *
 * This file knows nothing of queries, ranking or the articles' other
 * columns.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include <sqlite3.h>

#include "gazette/arena.h"
#include "gazette/md.h"
#include "gazette/search.h"
#include "gazette/search_fts.h"
#include "gazette/utf8.h"

/* One gz_cjk instance: the unicode61 instance it hands other text to. */
struct cjk_tokenizer {
	fts5_tokenizer inner;     /* unicode61's methods */
	Fts5Tokenizer *inner_tok; /* unicode61 instance made by inner.xCreate */
};

typedef int (*token_fn)(void *ctx, int tflags, const char *tok, int ntok, int start, int end);

/* Passes unicode61's tokens on with offsets relative to the whole text. */
struct shift_ctx {
	void *ctx;     /* the caller's context */
	token_fn emit; /* the caller's callback */
	int shift;     /* where the piece given to unicode61 starts */
};

/*
 * 1 for a code point of a script written without spaces between words,
 * which gz_cjk indexes as bigrams: Han (with the iteration marks 々 and
 * 〆), kana and Hangul.  Hangul does use spaces, but its words carry
 * particles ("서울에서"), so bigrams serve it better than whole words too.
 */
static int
is_cjk(uint32_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) ||                /* CJK Unified Ideographs */
	       (c >= 0x3400 && c <= 0x4DBF) ||                /* Extension A */
	       (c >= 0xF900 && c <= 0xFAFF) ||                /* Compatibility Ideographs */
	       (c >= 0x20000 && c <= 0x3FFFF) ||              /* Extensions B.., planes 2 and 3 */
	       (c >= 0x3005 && c <= 0x3007) ||                /* 々 〆 〇 */
	       (c >= 0x3041 && c <= 0x309F) ||                /* Hiragana */
	       (c >= 0x30A0 && c <= 0x30FF && c != 0x30FB) || /* Katakana, not ・ */
	       (c >= 0x31F0 && c <= 0x31FF) ||                /* Katakana extensions */
	       (c >= 0xFF66 && c <= 0xFF9F) ||                /* halfwidth Katakana */
	       (c >= 0x1100 && c <= 0x11FF) ||                /* Hangul Jamo */
	       (c >= 0x3131 && c <= 0x318E) ||                /* Hangul compatibility Jamo */
	       (c >= 0xAC00 && c <= 0xD7A3);                  /* Hangul syllables */
}

static int
shifted_token(void *p, int tflags, const char *tok, int ntok, int start, int end)
{
	struct shift_ctx *s = p;

	return s->emit(s->ctx, tflags, tok, ntok, start + s->shift, end + s->shift);
}

static int
cjk_create(void *udata, const char **argv, int argc, Fts5Tokenizer **out)
{
	fts5_api *api = udata;
	struct cjk_tokenizer *t;
	const char **args;
	void *inner_udata = NULL;
	int rc, i;

	*out = NULL;
	if ((t = sqlite3_malloc(sizeof(*t))) == NULL) {
		return SQLITE_NOMEM;
	}
	memset(t, 0, sizeof(*t));
	/* Our default first, so arguments given in the table can override it. */
	if ((args = sqlite3_malloc64(sizeof(*args) * ((sqlite3_uint64)argc + 2))) == NULL) {
		sqlite3_free(t);
		return SQLITE_NOMEM;
	}
	args[0] = "remove_diacritics";
	args[1] = "2";
	for (i = 0; i < argc; i++) {
		args[i + 2] = argv[i];
	}
	rc = api->xFindTokenizer(api, "unicode61", &inner_udata, &t->inner);
	if (rc == SQLITE_OK) {
		rc = t->inner.xCreate(inner_udata, args, argc + 2, &t->inner_tok);
	}
	sqlite3_free(args);
	if (rc != SQLITE_OK) {
		sqlite3_free(t);
		return rc;
	}
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

static void
cjk_delete(Fts5Tokenizer *p)
{
	struct cjk_tokenizer *t = (struct cjk_tokenizer *)p;

	if (t != NULL) {
		if (t->inner_tok != NULL) {
			t->inner.xDelete(t->inner_tok);
		}
		sqlite3_free(t);
	}
}

/* Hand bytes [from, to) of text to unicode61. */
static int
other_text(struct cjk_tokenizer *t, void *ctx, int flags, const char *text, int from, int to,
           token_fn emit)
{
	struct shift_ctx s = {ctx, emit, from};

	if (from >= to) {
		return SQLITE_OK;
	}
	return t->inner.xTokenize(t->inner_tok, &s, flags, text + from, to - from, shifted_token);
}

/*
 * Emit the tokens of the CJK run starting at byte from, and return (in
 * *end) the byte just after it.  Bigrams of consecutive characters; a run
 * of one character is that character; outside queries, the last character
 * of a longer run again, colocated with the last bigram.
 */
static int
cjk_run(void *ctx, int flags, const char *text, int n, int from, int *end, token_fn emit)
{
	uint32_t cp;
	size_t len;
	int prev = from, cur, last = from, count = 0, rc;

	cur = from;
	while (cur < n && (len = gz_utf8_decode(text + cur, (size_t)(n - cur), &cp)) != 0 &&
	       is_cjk(cp)) {
		if (count > 0) {
			rc = emit(ctx, 0, text + prev, cur + (int)len - prev, prev, cur + (int)len);
			if (rc != SQLITE_OK) {
				return rc;
			}
		}
		prev = cur;
		last = cur;
		cur += (int)len;
		count++;
	}
	assert(count > 0);
	*end = cur;
	if (count == 1) {
		return emit(ctx, 0, text + from, cur - from, from, cur);
	}
	if (!(flags & FTS5_TOKENIZE_QUERY)) {
		return emit(ctx, FTS5_TOKEN_COLOCATED, text + last, cur - last, last, cur);
	}
	return SQLITE_OK;
}

static int
cjk_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int n, token_fn emit)
{
	struct cjk_tokenizer *t = (struct cjk_tokenizer *)p;
	uint32_t cp;
	size_t len;
	int i = 0, other = 0, end, rc;

	while (i < n) {
		/* ASCII is never CJK: most text need not be decoded here. */
		if ((unsigned char)text[i] < 0x80) {
			i++;
			continue;
		}
		len = gz_utf8_decode(text + i, (size_t)(n - i), &cp);
		if (len == 0) {
			/* Invalid bytes are unicode61's business, one at a time. */
			i++;
			continue;
		}
		if (!is_cjk(cp)) {
			i += (int)len;
			continue;
		}
		if ((rc = other_text(t, ctx, flags, text, other, i, emit)) != SQLITE_OK ||
		    (rc = cjk_run(ctx, flags, text, n, i, &end, emit)) != SQLITE_OK) {
			return rc;
		}
		i = other = end;
	}
	return other_text(t, ctx, flags, text, other, n, emit);
}

/*
 * gz_search_sync(op, rowid, title, summary, body): op 'insert' adds the
 * text to article_fts under rowid, 'delete' removes it (the text must be
 * what was indexed, as FTS5's external-content 'delete' requires).  Errors
 * become the calling statement's error, so a failed index update fails the
 * write that caused it.  The statement is prepared per call: writes are
 * rare, and a statement cached here would outlive gz_db_close.
 */
static void
sync_fn(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	static const char *const ins =
	    "INSERT INTO main.article_fts (rowid, title, summary, body) VALUES (?1, ?2, ?3, ?4)";
	static const char *const del =
	    "INSERT INTO main.article_fts (article_fts, rowid, title, summary, body) "
	    "VALUES ('delete', ?1, ?2, ?3, ?4)";
	sqlite3 *h = sqlite3_context_db_handle(cx);
	sqlite3_stmt *st = NULL;
	const char *op, *sql;
	int rc, i;

	assert(argc == 5);
	op = (const char *)sqlite3_value_text(argv[0]);
	if (op != NULL && strcmp(op, "insert") == 0) {
		sql = ins;
	} else if (op != NULL && strcmp(op, "delete") == 0) {
		sql = del;
	} else {
		sqlite3_result_error(cx, "gz_search_sync: op must be 'insert' or 'delete'", -1);
		return;
	}
	rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
	for (i = 1; rc == SQLITE_OK && i < 5; i++) {
		rc = sqlite3_bind_value(st, i, argv[i]);
	}
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_DONE) {
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_OK) {
		/* The message belongs to the connection; copy it before finalize. */
		sqlite3_result_error(cx, sqlite3_errmsg(h), -1);
		sqlite3_result_error_code(cx, rc);
	}
	sqlite3_finalize(st);
}

/*
 * gz_search_text(md): the plain text of an article body as a reader sees
 * it (gz_md_text: link targets, markup and raw HTML gone), which is
 * what search indexes and makes snippets from.  A body too large for cmark
 * is returned as it is rather than failing the write that stores it.
 */
static void
text_fn(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct gz_arena a;
	const char *md;
	char *out = NULL;
	enum gz_err rc;
	int n;

	assert(argc == 1);
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_text(cx, "", 0, SQLITE_STATIC);
		return;
	}
	md = (const char *)sqlite3_value_text(argv[0]);
	n = sqlite3_value_bytes(argv[0]);
	if (md == NULL) {
		sqlite3_result_error_nomem(cx);
		return;
	}
	gz_arena_init(&a, (size_t)n + 1024, 0);
	rc = gz_md_text(&a, md, (size_t)n, &out);
	if (rc == GZ_OK) {
		sqlite3_result_text(cx, out, -1, SQLITE_TRANSIENT);
	} else if (rc == GZ_ETOOBIG) {
		sqlite3_result_value(cx, argv[0]);
	} else {
		sqlite3_result_error_nomem(cx);
	}
	gz_arena_free(&a);
}

/*
 * Total tokens in a docsize record (one SQLite varint per column, as FTS5
 * writes them); -1 if the record is not exactly that.
 */
static int64_t
docsize_total(const unsigned char *p, int n)
{
	int64_t total = 0;
	uint64_t v;
	int i = 0, k;

	if (p == NULL) {
		return n == 0 ? 0 : -1;
	}
	while (i < n) {
		v = 0;
		for (k = 0; k < 9; k++) {
			if (i >= n) {
				return -1;
			}
			if (k == 8) {
				v = (v << 8) | p[i++];
				break;
			}
			v = (v << 7) | (p[i] & 0x7f);
			if ((p[i++] & 0x80) == 0) {
				break;
			}
		}
		if (v > INT32_MAX || total > INT64_MAX - INT32_MAX) {
			return -1;
		}
		total += (int64_t)v;
	}
	return total;
}

/*
 * gz_search_len(rowid): how many tokens article_fts holds for rowid, all
 * columns together (0 if none), from FTS5's docsize table.  The triggers
 * keep it in articles.search_len, beside the visibility test, so ranking
 * a candidate costs no read of its own (see search_rank.c).
 */
static void
len_fn(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	static const char *const sql = "SELECT sz FROM main.article_fts_docsize WHERE id = ?1";
	sqlite3 *h = sqlite3_context_db_handle(cx);
	sqlite3_stmt *st = NULL;
	int64_t n = 0;
	int rc;

	assert(argc == 1);
	rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_bind_value(st, 1, argv[0]);
	}
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		n = docsize_total(sqlite3_column_blob(st, 0), sqlite3_column_bytes(st, 0));
		rc = n >= 0 ? SQLITE_OK : SQLITE_CORRUPT;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_OK) {
		sqlite3_result_error(cx,
		                     rc == SQLITE_CORRUPT ? "gz_search_len: bad docsize record"
		                                          : sqlite3_errmsg(h),
		                     -1);
		sqlite3_result_error_code(cx, rc);
	} else {
		sqlite3_result_int64(cx, n);
	}
	sqlite3_finalize(st);
}

fts5_api *
gz_search_fts5_api(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL) == SQLITE_OK) {
		(void)sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (api != NULL && api->iVersion < 2) {
		return NULL;
	}
	return api;
}

int
gz_search_register(sqlite3 *db)
{
	static fts5_tokenizer methods = {cjk_create, cjk_delete, cjk_tokenize};
	fts5_tokenizer found;
	fts5_api *api;
	void *udata;
	int rc;

	if ((api = gz_search_fts5_api(db)) == NULL) {
		return SQLITE_ERROR;
	}
	/*
	 * Registered already: stop, because redefining the function while a
	 * statement uses it would fail, and each tokenizer registration adds
	 * an entry FTS5 keeps until the connection closes.
	 */
	if (api->xFindTokenizer(api, "gz_cjk", &udata, &found) == SQLITE_OK) {
		return SQLITE_OK;
	}
	rc = sqlite3_create_function_v2(db, "gz_search_sync", 5, SQLITE_UTF8 | SQLITE_INNOCUOUS,
	                                NULL, sync_fn, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		return rc;
	}
	rc = sqlite3_create_function_v2(db, "gz_search_len", 1, SQLITE_UTF8 | SQLITE_INNOCUOUS,
	                                NULL, len_fn, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		return rc;
	}
	rc = sqlite3_create_function_v2(db, "gz_search_text", 1,
	                                SQLITE_UTF8 | SQLITE_INNOCUOUS | SQLITE_DETERMINISTIC, NULL,
	                                text_fn, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		return rc;
	}
	if ((rc = gz_search_rank_register(api)) != SQLITE_OK) {
		return rc;
	}
	/* Last, so a half-done registration is retried in full next time. */
	return api->xCreateTokenizer(api, "gz_cjk", api, &methods, NULL);
}
