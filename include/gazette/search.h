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
 * turns every word into a quoted FTS5 string, so quotes, *, NEAR, AND, OR,
 * NOT, -, ^, parentheses and column filters are searched as plain text.
 *
 * Results are ranked by bm25 (gz_rank, which samples each term's document
 * count so its cost stays bounded) with the title weighted 10, the summary
 * 3 and the body 1.  To keep the cost of a query bounded however large the
 * archive grows, only the newest GZ_SEARCH_CANDIDATES visible matches (by
 * article id, which follows creation order) are ranked; see gz_search().
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
#define GZ_SEARCH_TERMS_MAX 16    /* most words in a query */
#define GZ_SEARCH_PER_PAGE_MAX 50 /* largest per_page gz_search accepts */
#define GZ_SEARCH_CANDIDATES 200  /* newest visible matches that are ranked and counted */

/* One word of the reader's query, as gz_search_query_words finds it. */
struct gz_search_word {
	const char *s; /* first byte, inside the query string */
	size_t len;    /* its length in bytes */
	int prefix;    /* 1 for a lone CJK character: it matches the start of a token */
};

/*
 * Split the user's query q (NUL-terminated UTF-8) into the words that are
 * searched for, in order, into words (room for GZ_SEARCH_TERMS_MAX) and
 * their count into *nwords.  The words point into q.
 *
 * q is trimmed and split on whitespace (ASCII and Unicode spaces such as
 * U+3000); words without any letter or digit (a lone "-", "*", "(") are
 * dropped.  A word that is a single CJK character is marked prefix,
 * because the index holds CJK text as bigrams.  gz_search_query_build and
 * the snippet maker (search_snippet.h) both read the query through this,
 * so they agree on what the words are.
 *
 * GZ_EINVAL when q is NULL, invalid UTF-8 or has no searchable word
 * (empty, blank, punctuation only); GZ_ETOOBIG when the trimmed q is
 * longer than GZ_SEARCH_Q_MAX bytes or has more than GZ_SEARCH_TERMS_MAX
 * words.  *nwords is 0 unless GZ_OK.
 */
enum gz_err gz_search_query_words(const char *q, struct gz_search_word *words, size_t *nwords);

/*
 * Turn the user's query q (NUL-terminated UTF-8) into a safe FTS5 MATCH
 * expression, in the arena (*match).
 *
 * The words are those of gz_search_query_words.  Every word becomes one
 * FTS5 string: wrapped in double quotes, with each '"' inside doubled.  The
 * strings are joined by spaces, which FTS5 reads as AND.  A prefix word (a
 * single CJK character) becomes a prefix query ("字"*).
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

/*
 * Search the articles visible at time now for the user's query q (raw, as
 * typed: it goes through gz_search_query_build) and return page page
 * (1-based) of per_page (1..GZ_SEARCH_PER_PAGE_MAX) hits, best first.
 *
 * The newest GZ_SEARCH_CANDIDATES visible matches are ranked by bm25
 * (title 10, summary 3, body 1); ties go to the newer article.  *total is
 * the number of visible matches, exact up to GZ_SEARCH_CANDIDATES; a value
 * above it (GZ_SEARCH_CANDIDATES + 1) means "more than that" and only the
 * first GZ_SEARCH_CANDIDATES are reachable by paging.  A page past the end
 * gives 0 hits and GZ_OK.
 *
 * Each hit's snippet is made by gz_search_snippet_make (search_snippet.h)
 * from the body's plain text (articles.body_text: what the page shows, no
 * Markdown), or from the summary when only the summary matches, or is the
 * start of the body when neither does: about 24 words with "\x01" before
 * and "\x02" after every match, and "…" where text was cut.
 * It is plain text: the view must escape it, then turn \x01 and \x02 into
 * <mark> and </mark>.
 *
 * *hits is an array of *nhits in a (NULL when 0).  Returns GZ_EINVAL or
 * GZ_ETOOBIG for a query gz_search_query_build refuses (the handler shows
 * its help page), GZ_EINVAL for a bad page or per_page, GZ_EDB, GZ_EBUSY or
 * GZ_ENOMEM otherwise.
 */
enum gz_err gz_search(struct gz_db *db, struct gz_arena *a, const char *q, time_t now, int page,
                      int per_page, struct gz_search_hit **hits, size_t *nhits, int64_t *total);

/* How gz_search_ordered puts the matches in order. */
enum gz_search_order {
	GZ_SEARCH_BEST,   /* bm25, as gz_search */
	GZ_SEARCH_NEWEST, /* published time, newest first; nothing is ranked */
};

/*
 * gz_search with a choice of order.  Both orders take the same matches
 * (the newest GZ_SEARCH_CANDIDATES visible ones) and the same snippets;
 * GZ_SEARCH_NEWEST sorts them by published time (then id), newest first.
 */
enum gz_err gz_search_ordered(struct gz_db *db, struct gz_arena *a, const char *q, time_t now,
                              enum gz_search_order order, int page, int per_page,
                              struct gz_search_hit **hits, size_t *nhits, int64_t *total);

#endif
