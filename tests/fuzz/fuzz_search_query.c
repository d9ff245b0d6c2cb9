/*
 * Fuzz gz_search_query_build and the gz_cjk tokenizer.  The input is the
 * reader's query: whatever the builder accepts must be a MATCH expression
 * FTS5 runs without error (a syntax error here is a hole through which
 * query syntax reaches FTS5), made only of quoted strings.  The same bytes,
 * valid UTF-8 or not, are also indexed as a document and highlighted, so
 * the tokenizer's byte offsets are checked by FTS5 and the sanitizers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "gazette/arena.h"
#include "gazette/search.h"
#include "gazette/search_fts.h"
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
	must(sqlite3_exec(db,
	                  "CREATE VIRTUAL TABLE t USING fts5(title, summary, body, "
	                  "tokenize = 'porter gz_cjk');"
	                  "INSERT INTO t (t, rank) VALUES ('rank', 'bm25(10.0, 3.0, 1.0)');"
	                  "INSERT INTO t VALUES ('City council votes', 'Budget day', "
	                  "'The council published its budget: NEAR(a b) title:foo \"q\" *');"
	                  "INSERT INTO t VALUES ('制造业报告', '', '中国的先进制造业在增长。');"
	                  "INSERT INTO t VALUES ('東京で会議', '서울에서 회의', 'a OR b -x ^y');",
	                  NULL, NULL, NULL) == SQLITE_OK);
}

/* Step st to the end; any error aborts. */
static void
run(sqlite3_stmt *st)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
	}
	must(rc == SQLITE_DONE);
	sqlite3_reset(st);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gz_arena a;
	sqlite3_stmt *st = NULL;
	enum gz_err rc;
	char *q, *m;
	size_t i, n;

	if (db == NULL) {
		setup();
	}
	if ((q = malloc(size + 1)) == NULL) {
		return 0;
	}
	memcpy(q, data, size);
	q[size] = '\0';
	gz_arena_init(&a, 4096, 1024 * 1024);

	rc = gz_search_query_build(&a, q, &m);
	must(rc == GZ_OK || rc == GZ_EINVAL || rc == GZ_ETOOBIG);
	if (rc == GZ_OK) {
		n = strlen(m);
		must(n > 0 && m[0] == '"' && gz_utf8_valid(m, n));
		/* Outside quoted strings only spaces and a prefix star. */
		for (i = 0; i < n; i++) {
			if (m[i] == '"') {
				for (i++; i < n && !(m[i] == '"' && m[i + 1] != '"'); i++) {
					if (m[i] == '"') {
						i++;
					}
				}
				must(i < n);
			} else {
				must(m[i] == ' ' || m[i] == '*');
			}
		}
		must(sqlite3_prepare_v2(db,
		                        "SELECT rowid, rank, snippet(t, -1, char(1), char(2), "
		                        "'…', 24), highlight(t, 0, '[', ']') FROM t WHERE t "
		                        "MATCH ?1 ORDER BY rank",
		                        -1, &st, NULL) == SQLITE_OK);
		must(sqlite3_bind_text(st, 1, m, -1, SQLITE_STATIC) == SQLITE_OK);
		run(st);
		sqlite3_finalize(st);
	} else {
		must(m == NULL);
	}

	/* The raw bytes as a document, found again and highlighted. */
	must(sqlite3_prepare_v2(db, "INSERT INTO t (rowid, body) VALUES (1000, ?1)", -1, &st,
	                        NULL) == SQLITE_OK);
	must(sqlite3_bind_text(st, 1, (const char *)data, (int)size, SQLITE_STATIC) == SQLITE_OK);
	run(st);
	sqlite3_finalize(st);
	if (rc == GZ_OK) {
		must(sqlite3_prepare_v2(db,
		                        "SELECT highlight(t, 2, char(1), char(2)) FROM t "
		                        "WHERE t MATCH ?1 AND rowid = 1000",
		                        -1, &st, NULL) == SQLITE_OK);
		must(sqlite3_bind_text(st, 1, m, -1, SQLITE_STATIC) == SQLITE_OK);
		run(st);
		sqlite3_finalize(st);
	}
	must(sqlite3_exec(db, "DELETE FROM t WHERE rowid = 1000", NULL, NULL, NULL) == SQLITE_OK);

	gz_arena_free(&a);
	free(q);
	return 0;
}
