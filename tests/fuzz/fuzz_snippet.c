/*
 * Fuzz the search snippet maker with (query, text) pairs.  The first byte
 * is the query's length, the query follows, the rest is the text (any
 * bytes).  Checks the snippet's contract: valid UTF-8, marks that open and
 * close in turn, a bounded length, marks only when a word matched.  FTS5
 * itself is the oracle for matching: the text is indexed in a one-row
 * table with the same tokenizer, and the maker must report a match exactly
 * when one of the query's terms (a word, or a phrase in quotes), searched
 * alone, finds the row (inputs are far below the scan bounds, so the maker
 * reads the whole text).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "gazette/arena.h"
#include "gazette/search.h"
#include "gazette/search_fts.h"
#include "gazette/search_snippet.h"
#include "gazette/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3 *db;

static void
must(int ok)
{
	if (!ok) {
		abort();
	}
}

static void
setup(void)
{
	must(sqlite3_open(":memory:", &db) == SQLITE_OK);
	must(gz_search_register(db) == SQLITE_OK);
	must(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'porter gz_cjk')",
	                  NULL, NULL, NULL) == SQLITE_OK);
}

/*
 * 1 when FTS5 finds the indexed text for the one term w: a word as typed,
 * a phrase in quotes again (its text holds no quote mark).
 */
static int
fts5_finds(struct gz_arena *a, const struct gz_search_word *w)
{
	sqlite3_stmt *st = NULL;
	char *q, *m;
	int found;

	must((q = gz_arena_alloc(a, w->len + 3)) != NULL);
	q[0] = '"';
	memcpy(q + 1, w->s, w->len);
	q[w->len + 1] = '"';
	q[w->len + 2] = '\0';
	if (!w->phrase) {
		q[w->len + 1] = '\0';
		q++;
	}
	must(gz_search_query_build(a, q, &m) == GZ_OK);
	must(sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?1", -1, &st, NULL) ==
	     SQLITE_OK);
	must(sqlite3_bind_text(st, 1, m, -1, SQLITE_STATIC) == SQLITE_OK);
	must(sqlite3_step(st) == SQLITE_ROW);
	found = sqlite3_column_int(st, 0) > 0;
	sqlite3_finalize(st);
	return found;
}

/* The snippet's own rules; abort when one is broken. */
static void
check_snippet(const char *s, int matched)
{
	size_t n = strlen(s), i;
	int open = 0, marks = 0;

	must(gz_utf8_valid(s, n));
	/* Text (U+FFFD may triple it), two ellipses, a mark pair per byte. */
	must(n <= 5 * GZ_SNIPPET_TEXT_MAX + 6);
	for (i = 0; i < n; i++) {
		if (s[i] == '\x01') {
			must(!open);
			open = 1;
			marks++;
		} else if (s[i] == '\x02') {
			must(open);
			open = 0;
		}
	}
	must(!open);
	must(marks == 0 || matched);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gz_search_terms terms;
	struct gz_search_snippet *sn = NULL;
	struct gz_arena a;
	sqlite3_stmt *st = NULL;
	const char *text, *out, *again;
	enum gz_err rc;
	size_t qlen, n, i;
	char *q;
	int matched, matched_again, want = 0;

	if (size == 0) {
		return 0;
	}
	if (db == NULL) {
		setup();
	}
	qlen = data[0] < size - 1 ? data[0] : size - 1;
	text = (const char *)data + 1 + qlen;
	n = size - 1 - qlen;
	gz_arena_init(&a, 4096, 16 * 1024 * 1024);
	must((q = gz_arena_strndup(&a, (const char *)data + 1, qlen)) != NULL);

	rc = gz_search_snippet_new(db, q, &sn);
	must(rc == GZ_OK || rc == GZ_EINVAL || rc == GZ_ETOOBIG);
	must(rc == gz_search_query_words(q, &terms));
	if (rc != GZ_OK) {
		must(sn == NULL);
		gz_arena_free(&a);
		return 0;
	}
	must(gz_search_snippet_make(sn, &a, text, n, &out, &matched) == GZ_OK);
	check_snippet(out, matched);
	/* Again on the same maker: nothing of the first text is left over. */
	must(gz_search_snippet_make(sn, &a, text, n, &again, &matched_again) == GZ_OK);
	must(matched_again == matched && strcmp(again, out) == 0);
	gz_search_snippet_free(sn);

	must(sqlite3_prepare_v2(db, "INSERT INTO t (rowid, body) VALUES (1, ?1)", -1, &st, NULL) ==
	     SQLITE_OK);
	must(sqlite3_bind_text(st, 1, text, (int)n, SQLITE_STATIC) == SQLITE_OK);
	must(sqlite3_step(st) == SQLITE_DONE);
	sqlite3_finalize(st);
	for (i = 0; i < terms.nwords && !want; i++) {
		want = fts5_finds(&a, &terms.words[i]);
	}
	must(sqlite3_exec(db, "DELETE FROM t", NULL, NULL, NULL) == SQLITE_OK);
	/* Each token takes a byte of its own: the maker read every token. */
	if (n < GZ_SNIPPET_SCAN_TOKENS) {
		must(matched == want);
	}
	gz_arena_free(&a);
	return 0;
}
