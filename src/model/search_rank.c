/*
 * gz_rank(article_fts, len, w1, w2, ...): the search ranking, an FTS5
 * auxiliary function.  It scores like FTS5's bm25() (column weights,
 * k1 = 1.2, b = 0.75, lower is better) with one difference that matters
 * for a large archive: how many documents contain a term is counted only
 * up to IDF_SAMPLE and extrapolated beyond it.
 *
 * bm25() counts every document that contains each term before it scores
 * the first row.  For a word in a quarter of 100,000 articles that walk
 * costs more than everything else a search does, and it grows with the
 * archive.  The count only sets how much a term weighs against the other
 * terms of the query, where "in about 25,000 articles" serves as well as
 * the exact figure.  The estimate takes the term's density over the ids
 * of its first IDF_SAMPLE documents (ids follow creation time, with few
 * gaps) and applies it to all N rows: if those documents span rowids
 * first..last, about (IDF_SAMPLE - 1) * N / (last - first) hold it.  A term
 * in fewer than IDF_SAMPLE documents is counted exactly, as bm25() would.
 *
 * len is the document's length in tokens, all columns together, when the
 * caller has it (articles.search_len, read from the index that also
 * answers visibility), or NULL.  For NULL it asks xColumnSize, which runs
 * a statement on FTS5's docsize table for every row: for a search that
 * ranks a few hundred candidates, more than the rest of the scoring.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "gazette/search.h"
#include "gazette/search_fts.h"

#define IDF_SAMPLE 256 /* documents counted per term before estimating */
#define MAX_COLS 8     /* weights accepted; article_fts has 3 columns */
#define K1 1.2
#define B 0.75

/* Per query: one IDF per phrase, kept as the function's auxdata. */
struct rank_data {
	int nphrase;
	double avgdl; /* mean tokens per document, all columns */
	double idf[];
};

/* Count state for the walk over one phrase's documents. */
struct df_count {
	int64_t n;     /* documents seen, at most IDF_SAMPLE */
	int64_t first; /* rowid of the first one seen */
	int64_t last;  /* rowid of the last one seen */
};

static int
count_cb(const Fts5ExtensionApi *api, Fts5Context *fts, void *udata)
{
	struct df_count *c = udata;

	c->last = api->xRowid(fts);
	if (c->n == 0) {
		c->first = c->last;
	}
	/* SQLITE_DONE ends xQueryPhrase early without an error. */
	return ++c->n >= IDF_SAMPLE ? SQLITE_DONE : SQLITE_OK;
}

/* Documents holding phrase i: exact below IDF_SAMPLE, estimated above. */
static int
doc_freq(const Fts5ExtensionApi *api, Fts5Context *fts, int i, int64_t nrow, double *df)
{
	struct df_count c = {0, 0, 0};
	int rc;

	if ((rc = api->xQueryPhrase(fts, i, &c, count_cb)) != SQLITE_OK) {
		return rc;
	}
	if (c.n < IDF_SAMPLE || c.last <= c.first) {
		*df = (double)c.n;
	} else {
		*df = (double)(IDF_SAMPLE - 1) * (double)nrow / (double)(c.last - c.first);
		if (*df < IDF_SAMPLE) {
			*df = IDF_SAMPLE; /* gaps in the ids: at least what we saw */
		}
		if (*df > (double)nrow) {
			*df = (double)nrow;
		}
	}
	return SQLITE_OK;
}

static int
rank_data_make(const Fts5ExtensionApi *api, Fts5Context *fts, struct rank_data **out)
{
	struct rank_data *d;
	sqlite3_int64 nrow = 0, ntok = 0;
	int nphrase = api->xPhraseCount(fts), i, rc;
	double df;

	*out = NULL;
	if ((d = sqlite3_malloc64(sizeof(*d) + (size_t)nphrase * sizeof(double))) == NULL) {
		return SQLITE_NOMEM;
	}
	d->nphrase = nphrase;
	if ((rc = api->xRowCount(fts, &nrow)) != SQLITE_OK ||
	    (rc = api->xColumnTotalSize(fts, -1, &ntok)) != SQLITE_OK) {
		goto fail;
	}
	d->avgdl = nrow > 0 && ntok > 0 ? (double)ntok / (double)nrow : 1.0;
	for (i = 0; i < nphrase; i++) {
		if ((rc = doc_freq(api, fts, i, nrow, &df)) != SQLITE_OK) {
			goto fail;
		}
		/* bm25()'s IDF, kept a little above 0 for terms in most documents. */
		d->idf[i] = log(((double)nrow - df + 0.5) / (df + 0.5));
		if (d->idf[i] <= 0.0) {
			d->idf[i] = 1e-6;
		}
	}
	*out = d;
	return SQLITE_OK;
fail:
	sqlite3_free(d);
	return rc;
}

/*
 * The score, as bm25() computes it: per phrase, its hits weighted by
 * column and summed (w1 * title hits + w2 * summary hits + ...), damped
 * by k1 and the document's length against the mean, times the IDF.
 */
static void
rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *cx, int nval,
        sqlite3_value **val)
{
	struct rank_data *d;
	double w[MAX_COLS], freq, norm, score = 0.0;
	sqlite3_int64 sz;
	int have_len;
	Fts5PhraseIter it;
	int ncol = api->xColumnCount(fts), len = 0, i, p, col, off, rc;

	if (ncol > MAX_COLS) {
		sqlite3_result_error(cx, "gz_rank: too many columns", -1);
		return;
	}
	if (nval < 1) {
		sqlite3_result_error(cx, "gz_rank: wrong number of arguments", -1);
		return;
	}
	have_len = sqlite3_value_type(val[0]) != SQLITE_NULL;
	if (have_len) {
		sz = sqlite3_value_int64(val[0]);
		len = sz < 0 ? 0 : sz > INT_MAX ? INT_MAX : (int)sz;
	}
	val++;
	nval--;
	for (i = 0; i < ncol; i++) {
		w[i] = i < nval ? sqlite3_value_double(val[i]) : 1.0;
	}
	if ((d = api->xGetAuxdata(fts, 0)) == NULL) {
		if ((rc = rank_data_make(api, fts, &d)) != SQLITE_OK) {
			sqlite3_result_error_code(cx, rc);
			return;
		}
		if ((rc = api->xSetAuxdata(fts, d, sqlite3_free)) != SQLITE_OK) {
			sqlite3_result_error_code(cx, rc);
			return;
		}
	}
	if (!have_len && (rc = api->xColumnSize(fts, -1, &len)) != SQLITE_OK) {
		sqlite3_result_error_code(cx, rc);
		return;
	}
	norm = K1 * (1.0 - B + B * (double)len / d->avgdl);
	/* Each phrase's own hits, straight from its position list: cheaper
	 * than xInstCount, which merges every phrase's hits into one sorted
	 * array first. */
	for (p = 0; p < d->nphrase; p++) {
		freq = 0.0;
		if ((rc = api->xPhraseFirst(fts, p, &it, &col, &off)) != SQLITE_OK) {
			sqlite3_result_error_code(cx, rc);
			return;
		}
		for (; col >= 0; api->xPhraseNext(fts, &it, &col, &off)) {
			if (col < ncol) {
				freq += w[col];
			}
		}
		score += d->idf[p] * freq * (K1 + 1.0) / (freq + norm);
	}
	sqlite3_result_double(cx, -score);
}

int
gz_search_rank_register(fts5_api *api)
{
	return api->xCreateFunction(api, "gz_rank", NULL, rank_fn, NULL);
}
