/*
 * Full-text search over articles for the reader side (/search?q=).
 *
 * The index is the FTS5 table article_fts (sql/002_search.sql), an external
 * content index of articles.title, summary and body, kept in sync by
 * triggers.  Its tokenizer is "porter gz_cjk": gz_cjk (src/model/fts_cjk.c)
 * splits Chinese, Japanese and Korean runs into overlapping bigrams and
 * hands all other text to FTS5's unicode61 tokenizer; porter stems the
 * English tokens.  Both the tokenizer and the SQL function the triggers
 * call exist only on a connection that ran gz_search_register().
 *
 * User text never reaches MATCH as query syntax: gz_search_query_build()
 * turns every word, and every phrase the reader put in quotes, into a
 * quoted FTS5 string, so *, NEAR, AND, OR, NOT, -, ^, parentheses and
 * column filters are searched as plain text.  A word is a phrase of its
 * own tokens ("e-mail" is e, mail side by side; a Chinese word is a chain
 * of bigrams); a quoted phrase is one string, so its words must stand
 * together and in order.
 *
 * Results are ranked by bm25 (gz_rank, which samples each term's document
 * count so its cost stays bounded) with the title weighted 10, the summary
 * 3 and the body 1.  To keep the cost of a query bounded however large the
 * archive grows, one search looks at the newest matches only (by article
 * id, which follows creation order): it ranks at most GZ_SEARCH_CANDIDATES
 * of those that pass the filters, and examines at most GZ_SEARCH_SCAN.
 * Older matches are reached by continuing the walk below the last article
 * id it examined (struct gz_search_query's before), one bounded batch per
 * request; see gz_search_run().
 */
#ifndef GAZETTE_SEARCH_H
#define GAZETTE_SEARCH_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_db;

#define GZ_SEARCH_Q_MAX 200       /* longest query, in bytes after trimming */
#define GZ_SEARCH_TERMS_MAX 16    /* most terms (words and phrases) in a query */
#define GZ_SEARCH_PER_PAGE_MAX 50 /* largest per_page gz_search accepts */
#define GZ_SEARCH_CANDIDATES 200  /* matches passing the filters ranked per search */
#define GZ_SEARCH_SCAN 2000       /* visible matches one search examines, at most */
#define GZ_SEARCH_SKIP 50000      /* article ids a "to" date may skip per search, at most */

/* One term of the reader's query, as gz_search_query_words finds it. */
struct gz_search_word {
	const char *s; /* first byte: in the query string, or in the terms' buf */
	size_t len;    /* its length in bytes */
	int prefix;    /* 1: its last token is a lone CJK character, matched as a prefix */
	int phrase;    /* 1: typed in quotes */
};

/*
 * The terms of a query.  Words point into the query string, phrases into
 * buf, so a struct gz_search_terms must not be copied while in use.
 */
struct gz_search_terms {
	struct gz_search_word words[GZ_SEARCH_TERMS_MAX]; /* in the order typed */
	size_t nwords;                                    /* words and phrases */
	char buf[GZ_SEARCH_Q_MAX + 1];                    /* the phrases' text */
};

/*
 * Split the user's query q (NUL-terminated UTF-8) into the terms that are
 * searched for, in order, into *t.
 *
 * q is trimmed; its length bound applies to what is left.  Outside quotes
 * it is split on whitespace (ASCII and Unicode spaces such as U+3000) into
 * words.  A quote mark (" or the typographic “ ” „ 「 」 『 』 that phones
 * and CJK input methods type) opens a phrase and the next one closes it;
 * a quote also ends the word it touches ('say"hi"' is say and the phrase
 * hi).  An unbalanced quote opens a phrase that runs to the end of q,
 * since the reader most likely forgot to close it.  In a phrase, blanks
 * between two CJK characters are dropped (CJK text has no spaces between
 * words, so "中国 经济" means 中国经济) and other runs of blanks become one
 * space.  Terms without any letter or digit (a lone "-", "*", "(", an
 * empty "") are dropped.
 *
 * A term whose last token is a lone CJK character (a CJK run of one
 * character with no letter or digit after it: "制", "A股") is marked
 * prefix: documents hold CJK as bigrams, and that character is the start
 * of the bigram it begins in the text.  The MATCH builder and the snippet
 * maker (search_snippet.h) both read the query through this, so they
 * agree on what the terms are.
 *
 * GZ_EINVAL when q is NULL, invalid UTF-8 or has no searchable term
 * (empty, blank, punctuation only); GZ_ETOOBIG when the trimmed q is
 * longer than GZ_SEARCH_Q_MAX bytes or has more than GZ_SEARCH_TERMS_MAX
 * terms.  t->nwords is 0 unless GZ_OK.
 */
enum gz_err gz_search_query_words(const char *q, struct gz_search_terms *t);

/*
 * Turn the user's query q (NUL-terminated UTF-8) into a safe FTS5 MATCH
 * expression, in the arena (*match).
 *
 * The terms are those of gz_search_query_words.  Every term, word or
 * phrase, becomes one FTS5 string: wrapped in double quotes, with each '"'
 * inside doubled (none can be there today: quotes delimit phrases).  The
 * strings are joined by spaces, which FTS5 reads as AND.  A prefix term
 * becomes a prefix query ("字"*, "a 股"*: the star applies to the last
 * token).
 *
 * GZ_EINVAL or GZ_ETOOBIG as gz_search_query_words returns them; GZ_ENOMEM
 * when the arena is full.  *match is NULL unless GZ_OK.
 */
enum gz_err gz_search_query_build(struct gz_arena *a, const char *q, char **match);

/* One search result.  Strings are in the arena given to gz_search. */
struct gz_search_hit {
	int64_t id;                /* articles.id */
	const char *slug;          /* URL name, /article/{slug} */
	const char *title;         /* plain text */
	const char *summary;       /* plain text, may be "" */
	const char *category_slug; /* "" when uncategorised */
	const char *category_name; /* "" when uncategorised */
	const char *author_login;  /* /author/{login} */
	const char *author_name;   /* display name for the byline */
	int64_t published_at;      /* Unix seconds */
	const char *snippet;       /* text around the matches, see gz_search */
	const char *lang;          /* BCP 47 tag: the article's language, else the site's */
};

/* How gz_search_run puts the matches in order. */
enum gz_search_order {
	GZ_SEARCH_BEST,   /* bm25 (title 10, summary 3, body 1); ties go to the newer article */
	GZ_SEARCH_NEWEST, /* published time, newest first; nothing is ranked */
};

/* What to search for and how; zero it, then set q, page and per_page. */
struct gz_search_query {
	const char *q;              /* as the reader typed it (gz_search_query_build) */
	enum gz_search_order order; /* how the batch is sorted */
	int64_t section;            /* categories.id: it and its subsections only; 0: all */
	int64_t from;               /* published_at >= from; 0: no lower bound */
	int64_t to;                 /* published_at < to; 0: no upper bound */
	int64_t before;             /* only articles with id < before (a batch cursor); 0: none */
	int page;                   /* 1-based page of the batch */
	int per_page;               /* 1..GZ_SEARCH_PER_PAGE_MAX */
};

/* What one search found; hits and their strings are in the caller's arena. */
struct gz_search_result {
	struct gz_search_hit *hits; /* the page, best (or newest) first; NULL when none */
	size_t nhits;               /* hits on the page */
	int64_t total;              /* matches in this batch that passed the filters */
	int64_t scanned;            /* visible matches examined for the batch */
	int more;                   /* older matches may lie beyond this batch */
	int64_t next_before;        /* when more: the before that continues below it */
};

/*
 * Search the articles visible at time now for sq->q and return page
 * sq->page of the batch, sq->per_page hits per page, into *res.
 *
 * One batch: the matches are walked newest first by article id (FTS5
 * streams them in rowid order), from below sq->before when that is set;
 * each visible one is examined: whether it lies in the section (or one of
 * its subsections, any depth) and in [from, to), and if so it is ranked
 * and kept.  The walk stops after GZ_SEARCH_CANDIDATES kept matches (one
 * more is read to know whether there are more), after GZ_SEARCH_SCAN
 * examined ones, or at the end of the matches, so a request costs at
 * most that whatever the archive's size and however narrow the filters.
 * res->more says the walk stopped early; res->next_before is then the id
 * to pass as before to continue with the next batch (the last kept match
 * when the candidates ran full, else the last examined one).  With a to
 * date the walk first skips, in the small index of visible articles, the
 * ids above the newest one published before to (at most GZ_SEARCH_SKIP
 * of them per search; the next batch goes on from there): ids follow
 * creation, so in most archives a search of a past month starts at that
 * month instead of walking every newer match first.  Without
 * filters the batch is the newest GZ_SEARCH_CANDIDATES visible matches, as
 * before filters existed.
 *
 * The batch is sorted (GZ_SEARCH_BEST or GZ_SEARCH_NEWEST) and cut into
 * pages; a page past the end gives 0 hits and GZ_OK.
 *
 * Each hit's snippet is made by gz_search_snippet_make (search_snippet.h)
 * from the body's plain text (articles.body_text: what the page shows, no
 * Markdown), or from the summary when only the summary matches, or is the
 * start of the body when neither does: about 24 words with "\x01" before
 * and "\x02" after every match, and "…" where text was cut.
 * It is plain text: the view must escape it, then turn \x01 and \x02 into
 * <mark> and </mark>.
 *
 * Returns GZ_EINVAL or GZ_ETOOBIG for a query gz_search_query_build
 * refuses (the handler shows its help page), GZ_EINVAL for a bad page,
 * per_page, section, from/to (negative, or from >= to when both are set)
 * or before (negative); GZ_EDB, GZ_EBUSY or GZ_ENOMEM otherwise.  *res is
 * zeroed unless GZ_OK.
 */
enum gz_err gz_search_run(struct gz_db *db, struct gz_arena *a, const struct gz_search_query *sq,
                          time_t now, struct gz_search_result *res);

/*
 * gz_search_run without filters or cursor, in order order.  *total is the
 * number of matches, exact up to GZ_SEARCH_CANDIDATES; a value above it
 * (GZ_SEARCH_CANDIDATES + 1) means "more than that".  *hits is an array
 * of *nhits in a (NULL when 0).
 */
enum gz_err gz_search_ordered(struct gz_db *db, struct gz_arena *a, const char *q, time_t now,
                              enum gz_search_order order, int page, int per_page,
                              struct gz_search_hit **hits, size_t *nhits, int64_t *total);

/* gz_search_ordered, best match first. */
enum gz_err gz_search(struct gz_db *db, struct gz_arena *a, const char *q, time_t now, int page,
                      int per_page, struct gz_search_hit **hits, size_t *nhits, int64_t *total);

#endif
