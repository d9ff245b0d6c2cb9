/*
 * Full-text search for readers: running the MATCH expression made from what
 * a reader typed (search_query.c) against article_fts with visibility,
 * filters (section, dates), ranking, a bounded count, batches, pages and
 * snippets.
 *
 * A search runs in two steps.  The first walks the matches newest first
 * (FTS5 streams them in rowid order, from below a batch cursor when one is
 * given), tests each visible one against the filters and reads the rank of
 * those that pass, at most GZ_SEARCH_CANDIDATES + 1 of them and at most
 * GZ_SEARCH_SCAN rows in all; the C code sorts the candidates and cuts out
 * the page.  The filters are tested in the row rather than in WHERE so
 * that the walk's LIMIT counts every row examined: a narrow filter over a
 * common word then costs a bounded walk and an "older results" cursor,
 * not a walk over every match.  The second fetches each hit of the page by id
 * and makes its snippet in C (search_snippet.c) from the text and the
 * query.  Ranking all matches instead (ORDER BY rank over the whole index)
 * costs time in proportion to how many articles contain a word: seconds
 * for a common word in a large archive.  Snippets are made only for the
 * hits shown, since each one re-reads the article's text.
 *
 * It knows nothing of HTML: snippets mark matches with \x01 and \x02 and
 * the view escapes them.  The tokenizer lives in fts_cjk.c.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/search.h"
#include "gazette/search_snippet.h"
#include "internal.h"

/* One candidate of step one. */
struct cand {
	int64_t id;        /* articles.id */
	double rank;       /* gz_rank, bm25's scale: lower is better */
	int64_t published; /* articles.published_at */
};

/* Best first: rank, then the newer article. */
static int
cand_cmp(const void *x, const void *y)
{
	const struct cand *p = x, *q = y;

	if (p->rank != q->rank) {
		return p->rank < q->rank ? -1 : 1;
	}
	return p->id > q->id ? -1 : p->id < q->id;
}

/* Newest first: published time, then id. */
static int
cand_newest_cmp(const void *x, const void *y)
{
	const struct cand *p = x, *q = y;

	if (p->published != q->published) {
		return p->published > q->published ? -1 : 1;
	}
	return p->id > q->id ? -1 : p->id < q->id;
}

/* The visibility condition; must match the partial indexes' WHERE. */
#define VISIBLE GZ_SQL_VISIBLE("a", "?2")

/*
 * Step one.  CROSS JOIN keeps article_fts the outer loop, so FTS5 streams
 * matches in rowid order (below ?7, the batch cursor: FTS5 seeks there)
 * and the LIMIT (?3, GZ_SEARCH_SCAN) stops the walk; rank is computed only
 * for rows that pass the visibility test and the filters.  The visibility
 * test reads the small covering index of sql/006_search_text.sql: in the
 * table, status and published_at sit behind the body, in its overflow
 * pages, which made the test cost more than the ranking.  The same index
 * holds each article's length in tokens, which bm25 needs and FTS5 would
 * read row by row.
 *
 * The filters: the date range (?4 <= published_at < ?5, from the same
 * index) and the section ?6 with its subsections (NULL: any).  The section
 * tree is the recursive CTE sect, made once per statement (UNION, so a
 * loop in parent_id ends); for each row the section test is one seek per
 * section into articles_cat_pub on (category_id, published_at, id), an
 * index that holds the whole key, again without touching the table.  A
 * row that fails a filter has a NULL rank, which the C code counts as
 * examined and skips.
 */
#define SECTION_TREE                                                                               \
	"WITH RECURSIVE sect(id) AS (SELECT ?6 UNION "                                             \
	"SELECT c.id FROM categories c JOIN sect s ON c.parent_id = s.id) "
#define PASSES                                                                                     \
	"a.published_at >= ?4 AND a.published_at < ?5 AND (?6 IS NULL OR EXISTS ("                 \
	"SELECT 1 FROM sect s JOIN articles x INDEXED BY articles_cat_pub "                        \
	"ON x.category_id = s.id AND x.published_at = a.published_at AND x.id = a.id "             \
	"WHERE x.status IN ('published', 'scheduled'))) "
#define CAND_FROM                                                                                  \
	"FROM article_fts f "                                                                      \
	"CROSS JOIN articles a INDEXED BY articles_search_visible ON a.id = f.rowid "              \
	"WHERE article_fts MATCH ?1 AND f.rowid <= ?7 AND " VISIBLE                                \
	"ORDER BY f.rowid DESC LIMIT ?3"

/*
 * The jump for an upper date bound (?2, the filter's to): among the ?3
 * visible-index entries at or below id ?1, newest id first, the highest id
 * published before ?2, the lowest id seen, and how many were seen.  Every
 * id above the first is of an article published at or after to, so the
 * walk may start there, skipping matches that could never pass; the
 * index holds (id, published_at), so this reads nothing else.
 */
static const char skip_sql[] =
    "SELECT max(CASE WHEN x.published_at < ?2 THEN x.id END), min(x.id), count(*) FROM "
    "(SELECT a.id, a.published_at FROM articles a INDEXED BY articles_search_visible "
    "WHERE a.status IN ('published', 'scheduled') AND a.id <= ?1 "
    "ORDER BY a.id DESC LIMIT ?3) x";

static const char cand_sql[] =
    SECTION_TREE "SELECT f.rowid, CASE WHEN " PASSES
                 "THEN gz_rank(article_fts, a.search_len, 10.0, 3.0, 1.0) END, "
                 "a.published_at " CAND_FROM;

/* The same matches, unranked, for newest first. */
static const char cand_newest_sql[] =
    SECTION_TREE "SELECT f.rowid, CASE WHEN " PASSES "THEN 0.0 END, a.published_at " CAND_FROM;

/*
 * Step two, one hit, by id: no MATCH, so its cost does not grow with the
 * index (a MATCH ... AND rowid = ? seek did).  The snippet is made in C,
 * from the body's plain text (body_text, what the index holds).
 */
#define HIT_LANG GZ_SQL_LANG("a") /* the article's language, else the site's */
static const char hit_sql[] =
    "SELECT a.slug, a.title, a.summary, coalesce(c.slug, ''), coalesce(c.name, ''), "
    "u.login, u.display_name, a.published_at, a.body_text, " HIT_LANG " "
    "FROM articles a JOIN users u ON u.id = a.author_id "
    "LEFT JOIN categories c ON c.id = a.category_id "
    "WHERE a.id = ?1 AND " VISIBLE;

/* A column's text and length; "" for NULL. */
static const char *
col_text(sqlite3_stmt *st, int idx, size_t *n)
{
	const char *s = (const char *)sqlite3_column_text(st, idx);

	*n = s != NULL ? (size_t)sqlite3_column_bytes(st, idx) : 0;
	return s != NULL ? s : "";
}

/*
 * Fill *h from a row of hit_sql, with the snippet of the body when it
 * matches, else of the summary when that does, else the start of the body
 * (of the summary when the body shows nothing).  GZ_ENOMEM if the arena is
 * full, or an error of gz_search_snippet_make.
 */
static enum gz_err
fill_hit(struct gz_arena *a, struct gz_search_snippet *sn, sqlite3_stmt *st,
         struct gz_search_hit *h)
{
	const char *body, *summary, *snip_body, *snip_summary;
	size_t nbody, nsummary;
	enum gz_err rc;
	int body_hit, summary_hit;

	h->slug = gz_db_col_text(a, st, 0);
	h->title = gz_db_col_text(a, st, 1);
	h->summary = gz_db_col_text(a, st, 2);
	h->category_slug = gz_db_col_text(a, st, 3);
	h->category_name = gz_db_col_text(a, st, 4);
	h->author_login = gz_db_col_text(a, st, 5);
	h->author_name = gz_db_col_text(a, st, 6);
	h->published_at = sqlite3_column_int64(st, 7);
	h->lang = gz_db_col_text(a, st, 9);
	if (h->slug == NULL || h->title == NULL || h->summary == NULL || h->category_slug == NULL ||
	    h->category_name == NULL || h->author_login == NULL || h->author_name == NULL ||
	    h->lang == NULL) {
		return GZ_ENOMEM;
	}
	body = col_text(st, 8, &nbody);
	if ((rc = gz_search_snippet_make(sn, a, body, nbody, &snip_body, &body_hit)) != GZ_OK) {
		return rc;
	}
	h->snippet = snip_body;
	if (body_hit) {
		return GZ_OK;
	}
	/* The title is shown anyway: prefer text that shows the match. */
	summary = col_text(st, 2, &nsummary);
	if ((rc = gz_search_snippet_make(sn, a, summary, nsummary, &snip_summary, &summary_hit)) !=
	    GZ_OK) {
		return rc;
	}
	if (summary_hit || *snip_body == '\0') {
		h->snippet = snip_summary;
	}
	return GZ_OK;
}

enum gz_err
gz_search(struct gz_db *db, struct gz_arena *a, const char *q, time_t now, int page, int per_page,
          struct gz_search_hit **hits, size_t *nhits, int64_t *total)
{
	return gz_search_ordered(db, a, q, now, GZ_SEARCH_BEST, page, per_page, hits, nhits, total);
}

enum gz_err
gz_search_ordered(struct gz_db *db, struct gz_arena *a, const char *q, time_t now,
                  enum gz_search_order order, int page, int per_page, struct gz_search_hit **hits,
                  size_t *nhits, int64_t *total)
{
	struct gz_search_query sq = {0};
	struct gz_search_result res;
	enum gz_err rc;

	sq.q = q;
	sq.order = order;
	sq.page = page;
	sq.per_page = per_page;
	rc = gz_search_run(db, a, &sq, now, &res);
	*hits = res.hits;
	*nhits = res.nhits;
	/* Without filters a batch stops early only when it ran full. */
	*total = res.total + (res.more ? 1 : 0);
	return rc;
}

/*
 * Lower *upper (the highest article id the walk may take) for the date
 * bound to: past every id whose article was published at or after to,
 * looking at GZ_SEARCH_SKIP ids at most.  *upper becomes 0 when no
 * article at or below it was published before to: nothing can match.
 */
static enum gz_err
skip_newer(struct gz_db *db, int64_t to, int64_t *upper)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	if ((st = gz_db_stmt(db, skip_sql)) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, *upper);
	gz_db_bind_int64(st, 2, to);
	gz_db_bind_int64(st, 3, GZ_SEARCH_SKIP);
	if ((src = sqlite3_step(st)) != SQLITE_ROW) {
		rc = gz_db_error(db, src, "search skip");
	} else if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*upper = sqlite3_column_int64(st, 0);
	} else if (sqlite3_column_int64(st, 2) == GZ_SEARCH_SKIP) {
		/* All of them newer: go on below the last one looked at. */
		*upper = sqlite3_column_int64(st, 1) - 1;
	} else {
		*upper = 0;
	}
	gz_db_reset(st);
	return rc;
}

/*
 * Step one into cands (room for GZ_SEARCH_CANDIDATES), in walk order
 * (newest id first): *ncands of them; res gets total, scanned, more and
 * next_before.
 */
static enum gz_err
walk(struct gz_db *db, const char *match, const struct gz_search_query *sq, time_t now,
     struct cand *cands, size_t *ncands, struct gz_search_result *res)
{
	sqlite3_stmt *st;
	int64_t id, last = 0, upper;
	enum gz_err rc = GZ_OK;
	int src;

	*ncands = 0;
	upper = sq->before > 0 ? sq->before - 1 : INT64_MAX;
	if (sq->to > 0 && (rc = skip_newer(db, sq->to, &upper)) != GZ_OK) {
		return rc;
	}
	if (upper <= 0) {
		return GZ_OK;
	}
	st = gz_db_stmt(db, sq->order == GZ_SEARCH_NEWEST ? cand_newest_sql : cand_sql);
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, match);
	gz_db_bind_int64(st, 2, (int64_t)now);
	gz_db_bind_int64(st, 3, GZ_SEARCH_SCAN);
	gz_db_bind_int64(st, 4, sq->from > 0 ? sq->from : INT64_MIN);
	gz_db_bind_int64(st, 5, sq->to > 0 ? sq->to : INT64_MAX);
	if (sq->section > 0) {
		gz_db_bind_int64(st, 6, sq->section);
	}
	gz_db_bind_int64(st, 7, upper);
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if (sqlite3_column_type(st, 1) == SQLITE_NULL) {
			/* Visible but filtered out: examined all the same. */
			res->scanned++;
			last = id;
			continue;
		}
		if (*ncands == GZ_SEARCH_CANDIDATES) {
			/* One more than is ranked: the next batch starts below
			 * the last candidate kept. */
			res->more = 1;
			res->next_before = cands[*ncands - 1].id;
			break;
		}
		res->scanned++;
		last = id;
		cands[*ncands].id = id;
		cands[*ncands].rank = sqlite3_column_double(st, 1);
		cands[*ncands].published = sqlite3_column_int64(st, 2);
		(*ncands)++;
	}
	if (src != SQLITE_ROW && src != SQLITE_DONE) {
		rc = gz_db_error(db, src, "search candidates");
	} else if (src == SQLITE_DONE && res->scanned == GZ_SEARCH_SCAN) {
		/* The LIMIT ended the walk, not the matches. */
		res->more = 1;
		res->next_before = last;
	}
	gz_db_reset(st);
	res->total = (int64_t)*ncands;
	return rc;
}

enum gz_err
gz_search_run(struct gz_db *db, struct gz_arena *a, const struct gz_search_query *sq, time_t now,
              struct gz_search_result *res)
{
	struct gz_search_hit *items;
	struct gz_search_snippet *sn;
	struct cand *cands;
	sqlite3_stmt *st = NULL;
	enum gz_err rc;
	char *match;
	size_t ncands = 0, nitems = 0, first, last, i;
	int src;

	memset(res, 0, sizeof(*res));
	if ((rc = gz_search_query_build(a, sq->q, &match)) != GZ_OK) {
		return rc;
	}
	if (sq->page < 1 || sq->per_page < 1 || sq->per_page > GZ_SEARCH_PER_PAGE_MAX ||
	    sq->section < 0 || sq->from < 0 || sq->to < 0 || sq->before < 0 ||
	    (sq->from > 0 && sq->to > 0 && sq->from >= sq->to)) {
		return GZ_EINVAL;
	}
	if ((cands = gz_arena_calloc(a, GZ_SEARCH_CANDIDATES, sizeof(*cands))) == NULL) {
		return GZ_ENOMEM;
	}
	if ((rc = walk(db, match, sq, now, cands, &ncands, res)) != GZ_OK) {
		memset(res, 0, sizeof(*res));
		return rc;
	}
	/* int * int fits in 64 bits; the page may lie past the end. */
	if ((uint64_t)(sq->page - 1) * (uint64_t)sq->per_page >= ncands) {
		return GZ_OK;
	}
	qsort(cands, ncands, sizeof(*cands),
	      sq->order == GZ_SEARCH_NEWEST ? cand_newest_cmp : cand_cmp);
	first = (size_t)(sq->page - 1) * (size_t)sq->per_page;
	last = first + (size_t)sq->per_page < ncands ? first + (size_t)sq->per_page : ncands;
	if ((items = gz_arena_calloc(a, last - first, sizeof(*items))) == NULL) {
		memset(res, 0, sizeof(*res));
		return GZ_ENOMEM;
	}
	if ((rc = gz_search_snippet_new(gz_db_handle(db), sq->q, &sn)) != GZ_OK) {
		memset(res, 0, sizeof(*res));
		return rc;
	}
	if ((st = gz_db_stmt(db, hit_sql)) == NULL) {
		gz_search_snippet_free(sn);
		memset(res, 0, sizeof(*res));
		return GZ_EDB;
	}
	for (i = first; i < last; i++) {
		sqlite3_reset(st);
		gz_db_bind_int64(st, 1, cands[i].id);
		gz_db_bind_int64(st, 2, (int64_t)now);
		src = sqlite3_step(st);
		if (src == SQLITE_DONE) {
			/* Changed since step one (each step reads its own snapshot). */
			continue;
		}
		if (src != SQLITE_ROW) {
			rc = gz_db_error(db, src, "search hit");
			goto fail;
		}
		items[nitems].id = cands[i].id;
		if ((rc = fill_hit(a, sn, st, &items[nitems])) != GZ_OK) {
			goto fail;
		}
		nitems++;
	}
	gz_db_reset(st);
	gz_search_snippet_free(sn);
	res->hits = nitems ? items : NULL;
	res->nhits = nitems;
	return GZ_OK;
fail:
	gz_db_reset(st);
	gz_search_snippet_free(sn);
	memset(res, 0, sizeof(*res));
	return rc;
}
