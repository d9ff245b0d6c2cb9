/*
 * Search snippets made from an article's text and the reader's query,
 * without an FTS5 cursor (include/gazette/search_snippet.h says why).
 *
 * The maker tokenizes each query word once, with the index's tokenizer
 * chain, into a phrase of tokens.  For each text it streams the text's
 * tokens through an incremental phrase matcher: a phrase of one token
 * matches at each token equal to it; a longer phrase keeps its partial
 * matches (started at one of the last few positions) and completes when
 * the position of its last token closes.  Positions are FTS5's: a
 * colocated token (gz_cjk emits a run's last CJK character colocated with
 * the run's last bigram) shares the position of the token before it.
 * Every match is kept with its positions and bytes, in position order of
 * its end, so that "every query word within one window" can be checked
 * as each match arrives; once it holds, reading stops one window later,
 * since no window after it can hold more words and every window before it
 * has been read.  The window is chosen from the kept matches afterwards,
 * then the text is copied out with the matches marked and its blanks
 * tidied.
 *
 * It knows the tokenizer only through the fts5_api, and nothing of
 * articles, the index or HTML.
 */
#include <assert.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/search.h"
#include "gazette/search_fts.h"
#include "gazette/search_snippet.h"
#include "gazette/utf8.h"

#define SNIP_OPEN '\x01'  /* before each match in a snippet */
#define SNIP_CLOSE '\x02' /* after each match */
#define ELLIPSIS "…"      /* where text was cut */
#define WINDOW GZ_SNIPPET_WINDOW
#define LEAD 4                       /* tokens shown before the first match, room allowed */
#define QTOKENS GZ_SEARCH_Q_MAX      /* query tokens: each takes at least one byte */
#define QBYTES (4 * GZ_SEARCH_Q_MAX) /* their bytes; case folding may lengthen a few */
#define STOP SQLITE_ABORT            /* callback result that ends tokenizing early */

/* One query token. */
struct qtoken {
	const char *s; /* bytes, in the maker's qbytes */
	int n;         /* length */
};

/* One query word as a phrase of tokens, and its matching state. */
struct phrase {
	int first;           /* index of its first token in toks[], and of its part_*[] slots */
	int ntoks;           /* tokens, at least 1 */
	int prefix;          /* the last token matches the start of a text token */
	int npart;           /* partial matches under way, in part_*[first..] */
	int start_ok;        /* its first token matched at the open position */
	uint32_t start_byte; /* where that token starts, when start_ok */
};

/* One match of a phrase in the text. */
struct match {
	uint32_t bstart; /* first byte marked */
	uint32_t bend;   /* byte after the last one marked */
	uint16_t start;  /* position of its first token */
	uint16_t end;    /* position of its last token */
	uint8_t phrase;  /* index in phrases[] */
};

struct gz_search_snippet {
	fts5_tokenizer methods; /* porter's, which hands text to gz_cjk */
	Fts5Tokenizer *tok;     /* the "porter gz_cjk" instance */
	struct phrase phrases[GZ_SEARCH_TERMS_MAX];
	int nphrases; /* distinct words that have tokens */
	uint32_t all; /* bit i set for each phrase i */
	struct qtoken toks[QTOKENS];
	int ntoks;           /* tokens of all phrases */
	char qbytes[QBYTES]; /* the tokens' bytes */
	int nqbytes;         /* bytes used in qbytes */
	/* Partial matches of phrase p in slots [p.first, p.first + p.npart). */
	uint32_t part_pos[QTOKENS];  /* position of the first token */
	uint32_t part_byte[QTOKENS]; /* its first byte */
	uint32_t part_end[QTOKENS];  /* end byte of the last token, once matched */
	uint8_t part_ok[QTOKENS];    /* the next token matched at the open position */

	/* The text being read, reset by each gz_search_snippet_make. */
	int ntext; /* bytes given to the tokenizer */
	const char *text;
	int pos;      /* position of the latest token; -1 before the first */
	int stop_at;  /* stop when a token would take this position */
	int stopped;  /* tokenizing was stopped before the end */
	int full;     /* matches[] has no room left */
	int nmatches; /* in matches[] */
	uint32_t pos_start[GZ_SNIPPET_SCAN_TOKENS]; /* first byte of each position */
	uint32_t pos_end[GZ_SNIPPET_SCAN_TOKENS];   /* byte after each position */
	struct match matches[GZ_SNIPPET_MATCHES];
};

static enum gz_err
sqlite_err(int rc)
{
	switch (rc) {
	case SQLITE_NOMEM:
		return GZ_ENOMEM;
	case SQLITE_TOOBIG:
		return GZ_ETOOBIG;
	default:
		return GZ_EDB;
	}
}

/* Collects a query word's tokens into the maker. */
static int
query_token(void *ctx, int tflags, const char *t, int n, int start, int end)
{
	struct gz_search_snippet *sn = ctx;

	/* Synonyms would be alternatives; this chain makes none for queries. */
	if ((tflags & FTS5_TOKEN_COLOCATED) || n <= 0) {
		return SQLITE_OK;
	}
	if (sn->ntoks == QTOKENS || n > QBYTES - sn->nqbytes) {
		return SQLITE_TOOBIG;
	}
	memcpy(sn->qbytes + sn->nqbytes, t, (size_t)n);
	sn->toks[sn->ntoks].s = sn->qbytes + sn->nqbytes;
	sn->toks[sn->ntoks].n = n;
	sn->ntoks++;
	sn->nqbytes += n;
	return SQLITE_OK;
}

/* 1 when phrase p has the same tokens as an earlier phrase. */
static int
duplicate(const struct gz_search_snippet *sn, const struct phrase *p)
{
	const struct phrase *o;
	int i;

	for (o = sn->phrases; o < p; o++) {
		if (o->ntoks != p->ntoks || o->prefix != p->prefix) {
			continue;
		}
		for (i = 0; i < p->ntoks; i++) {
			const struct qtoken *x = &sn->toks[o->first + i],
			                    *y = &sn->toks[p->first + i];

			if (x->n != y->n || memcmp(x->s, y->s, (size_t)x->n) != 0) {
				break;
			}
		}
		if (i == p->ntoks) {
			return 1;
		}
	}
	return 0;
}

enum gz_err
gz_search_snippet_new(sqlite3 *db, const char *q, struct gz_search_snippet **out)
{
	const char *args[] = {"gz_cjk"};
	struct gz_search_terms *terms;
	struct gz_search_word *words;
	struct gz_search_snippet *sn;
	struct phrase *p;
	fts5_api *api;
	void *udata = NULL;
	enum gz_err rc;
	size_t nwords, i;
	int src, ntoks, nqbytes;

	*out = NULL;
	if ((terms = malloc(sizeof(*terms))) == NULL) {
		return GZ_ENOMEM;
	}
	if ((rc = gz_search_query_words(q, terms)) != GZ_OK) {
		free(terms);
		return rc;
	}
	words = terms->words;
	nwords = terms->nwords;
	if ((api = gz_search_fts5_api(db)) == NULL) {
		free(terms);
		return GZ_EDB;
	}
	/* Not calloc: the big arrays are written before they are read. */
	if ((sn = malloc(sizeof(*sn))) == NULL) {
		free(terms);
		return GZ_ENOMEM;
	}
	sn->tok = NULL;
	sn->nphrases = sn->ntoks = sn->nqbytes = 0;
	src = api->xFindTokenizer(api, "porter", &udata, &sn->methods);
	if (src == SQLITE_OK) {
		src = sn->methods.xCreate(udata, args, 1, &sn->tok);
	}
	for (i = 0; src == SQLITE_OK && i < nwords; i++) {
		p = &sn->phrases[sn->nphrases];
		ntoks = sn->ntoks;
		nqbytes = sn->nqbytes;
		p->first = sn->ntoks;
		p->prefix = words[i].prefix;
		src = sn->methods.xTokenize(
		    sn->tok, sn, FTS5_TOKENIZE_QUERY | (p->prefix ? FTS5_TOKENIZE_PREFIX : 0),
		    words[i].s, (int)words[i].len, query_token);
		p->ntoks = sn->ntoks - p->first;
		/* A word without tokens matches nothing (FTS5 ignores it too). */
		if (src == SQLITE_OK && (p->ntoks == 0 || duplicate(sn, p))) {
			sn->ntoks = ntoks;
			sn->nqbytes = nqbytes;
		} else if (src == SQLITE_OK) {
			sn->nphrases++;
		}
	}
	free(terms);
	if (src != SQLITE_OK) {
		gz_search_snippet_free(sn);
		return sqlite_err(src);
	}
	sn->all = sn->nphrases ? (uint32_t)((1ull << sn->nphrases) - 1) : 0;
	*out = sn;
	return GZ_OK;
}

void
gz_search_snippet_free(struct gz_search_snippet *sn)
{
	if (sn == NULL) {
		return;
	}
	if (sn->tok != NULL) {
		sn->methods.xDelete(sn->tok);
	}
	free(sn);
}

/* 1 when text token t (n bytes) matches query token q. */
static int
token_eq(const struct qtoken *q, int prefix, const char *t, int n)
{
	if (prefix) {
		return n >= q->n && memcmp(t, q->s, (size_t)q->n) == 0;
	}
	return n == q->n && memcmp(t, q->s, (size_t)n) == 0;
}

/*
 * Where the mark of a match ends in token [start, end) for query token q.
 * A prefix is a lone CJK character, and CJK tokens are the text's own
 * bytes: mark that character only, not the whole bigram it starts.
 */
static uint32_t
mark_end(const struct gz_search_snippet *sn, const struct qtoken *q, int prefix, int start, int end)
{
	if (prefix && q->n <= end - start && memcmp(sn->text + start, q->s, (size_t)q->n) == 0) {
		return (uint32_t)(start + q->n);
	}
	return (uint32_t)end;
}

/*
 * Once every phrase has a match inside the last WINDOW positions ending at
 * position e, the best window is found (it holds them all) and starts at
 * or before the first of those matches: read one window past that, so that
 * every window that could start earlier is complete, and stop.
 */
static void
check_all_seen(struct gz_search_snippet *sn, int e)
{
	const struct match *m;
	uint32_t seen = 0;
	int lo = e - WINDOW + 1, first = e, k;

	for (k = sn->nmatches - 1; k >= 0 && sn->matches[k].end >= lo; k--) {
		m = &sn->matches[k];
		if (m->start >= lo) {
			seen |= 1u << m->phrase;
			first = m->start < first ? m->start : first;
		}
	}
	if (seen == sn->all) {
		sn->stop_at = first + WINDOW;
	}
}

static void
add_match(struct gz_search_snippet *sn, int phrase, int start, int end, uint32_t bstart,
          uint32_t bend)
{
	struct match *m;

	if (sn->nmatches == GZ_SNIPPET_MATCHES) {
		sn->full = 1;
		return;
	}
	m = &sn->matches[sn->nmatches++];
	m->bstart = bstart;
	m->bend = bend;
	m->start = (uint16_t)start;
	m->end = (uint16_t)end;
	m->phrase = (uint8_t)phrase;
	if (sn->stop_at == INT_MAX) {
		check_all_seen(sn, end);
	}
}

/* Match text token t (n bytes, at [start, end)) at the open position. */
static void
match_token(struct gz_search_snippet *sn, const char *t, int n, int start, int end)
{
	struct phrase *p;
	const struct qtoken *q;
	int i, k, j, last;

	for (i = 0; i < sn->nphrases; i++) {
		p = &sn->phrases[i];
		q = &sn->toks[p->first];
		if (p->ntoks == 1) {
			if (token_eq(q, p->prefix, t, n)) {
				add_match(sn, i, sn->pos, sn->pos, (uint32_t)start,
				          mark_end(sn, q, p->prefix, start, end));
			}
			continue;
		}
		for (k = p->first; k < p->first + p->npart; k++) {
			j = sn->pos - (int)sn->part_pos[k];
			last = j == p->ntoks - 1;
			if (!sn->part_ok[k] && token_eq(&q[j], last && p->prefix, t, n)) {
				sn->part_ok[k] = 1;
				sn->part_end[k] =
				    mark_end(sn, &q[j], last && p->prefix, start, end);
			}
		}
		if (!p->start_ok && token_eq(q, 0, t, n)) {
			p->start_ok = 1;
			p->start_byte = (uint32_t)start;
		}
	}
}

/*
 * Close the open position: partial matches whose token matched there
 * advance (and complete at their last token), the others are dropped, and
 * a first token matched there starts a new one.  A phrase of n tokens has
 * at most n - 1 partials under way, one per start position, so its n slots
 * suffice.
 */
static void
close_position(struct gz_search_snippet *sn)
{
	struct phrase *p;
	int i, k, keep;

	for (i = 0; i < sn->nphrases; i++) {
		p = &sn->phrases[i];
		if (p->ntoks == 1) {
			continue;
		}
		keep = p->first;
		for (k = p->first; k < p->first + p->npart; k++) {
			if (!sn->part_ok[k]) {
				continue;
			}
			if (sn->pos - (int)sn->part_pos[k] == p->ntoks - 1) {
				add_match(sn, i, (int)sn->part_pos[k], sn->pos, sn->part_byte[k],
				          sn->part_end[k]);
				continue;
			}
			sn->part_pos[keep] = sn->part_pos[k];
			sn->part_byte[keep] = sn->part_byte[k];
			sn->part_ok[keep] = 0;
			keep++;
		}
		if (p->start_ok) {
			sn->part_pos[keep] = (uint32_t)sn->pos;
			sn->part_byte[keep] = p->start_byte;
			sn->part_ok[keep] = 0;
			keep++;
			p->start_ok = 0;
		}
		assert(keep - p->first < p->ntoks);
		p->npart = keep - p->first;
	}
}

/* The tokenizer's callback for the text. */
static int
text_token(void *ctx, int tflags, const char *t, int n, int start, int end)
{
	struct gz_search_snippet *sn = ctx;
	int next;

	if (sn->stopped) {
		return STOP;
	}
	/* Offsets outside the text are not trusted: the token is skipped. */
	if (start < 0 || end < start || end > sn->ntext || n < 0) {
		return SQLITE_OK;
	}
	if (!(tflags & FTS5_TOKEN_COLOCATED) || sn->pos < 0) {
		if (sn->pos >= 0) {
			close_position(sn);
		}
		next = sn->pos + 1;
		if (next >= sn->stop_at || next >= GZ_SNIPPET_SCAN_TOKENS || sn->full) {
			sn->stopped = 1;
			return STOP;
		}
		sn->pos = next;
		sn->pos_start[next] = (uint32_t)start;
		sn->pos_end[next] = (uint32_t)end;
	} else {
		if ((uint32_t)start < sn->pos_start[sn->pos]) {
			sn->pos_start[sn->pos] = (uint32_t)start;
		}
		if ((uint32_t)end > sn->pos_end[sn->pos]) {
			sn->pos_end[sn->pos] = (uint32_t)end;
		}
	}
	if (n > 0) {
		match_token(sn, t, n, start, end);
	}
	return SQLITE_OK;
}

static int
match_cmp(const void *x, const void *y)
{
	const struct match *a = x, *b = y;

	if (a->start != b->start) {
		return a->start < b->start ? -1 : 1;
	}
	if (a->end != b->end) {
		return a->end < b->end ? -1 : 1;
	}
	return a->bstart < b->bstart ? -1 : a->bstart > b->bstart;
}

static int
bits(uint32_t x)
{
	int n = 0;

	for (; x; x &= x - 1) {
		n++;
	}
	return n;
}

/*
 * Choose the window [*first, *last] among positions 0..ntok-1 (ntok > 0):
 * of the windows starting at a match, the one whose matches (wholly
 * inside) cover the most phrases, the earliest of equals; then moved back
 * by up to LEAD positions while the first match of each phrase stays
 * inside, and further when the text ends before the window does.  With
 * no match, the first WINDOW positions.  Sorts matches[] by position.
 */
static void
choose_window(struct gz_search_snippet *sn, int ntok, int *first, int *last)
{
	const struct match *m = sn->matches;
	int nm = sn->nmatches, best = 0, best_s = 0, s, prev = -1, i, j, score, c_end, lead;
	int first_end[GZ_SEARCH_TERMS_MAX];
	uint32_t seen;

	qsort(sn->matches, (size_t)nm, sizeof(*m), match_cmp);
	for (i = 0; i < nm; i++) {
		s = m[i].start;
		if (m[i].end >= ntok || s == prev) {
			continue;
		}
		prev = s;
		seen = 0;
		for (j = i; j < nm && m[j].start < s + WINDOW; j++) {
			if (m[j].end < s + WINDOW && m[j].end < ntok) {
				seen |= 1u << m[j].phrase;
			}
		}
		if ((score = bits(seen)) > best) {
			best = score;
			best_s = s;
		}
	}
	*first = 0;
	if (best > 0) {
		/* The latest of each phrase's first match decides the room left. */
		for (i = 0; i < GZ_SEARCH_TERMS_MAX; i++) {
			first_end[i] = INT_MAX;
		}
		c_end = best_s;
		for (j = 0; j < nm && m[j].start < best_s + WINDOW; j++) {
			if (m[j].start >= best_s && m[j].end < best_s + WINDOW && m[j].end < ntok &&
			    m[j].end < first_end[m[j].phrase]) {
				first_end[m[j].phrase] = m[j].end;
			}
		}
		for (i = 0; i < sn->nphrases; i++) {
			if (first_end[i] != INT_MAX && first_end[i] > c_end) {
				c_end = first_end[i];
			}
		}
		lead = WINDOW - 1 - (c_end - best_s);
		lead = lead < LEAD ? lead : LEAD;
		*first = best_s - lead > 0 ? best_s - lead : 0;
		if (*first + WINDOW > ntok) {
			*first = ntok - WINDOW > 0 ? ntok - WINDOW : 0;
		}
	}
	*last = *first + WINDOW - 1 < ntok - 1 ? *first + WINDOW - 1 : ntok - 1;
}

/* Append the text's bytes [from, to): invalid bytes as U+FFFD, controls dropped or blank. */
static void
put_text(struct gz_buf *b, const char *text, uint32_t from, uint32_t to)
{
	uint32_t c, run;
	size_t len;

	while (from < to) {
		/* Printable ASCII in one piece. */
		for (run = from; run < to && text[run] >= 0x20 && text[run] < 0x7F; run++) {
		}
		if (run > from) {
			gz_buf_append(b, text + from, run - from);
			from = run;
			continue;
		}
		len = gz_utf8_decode(text + from, to - from, &c);
		if (len == 0) {
			gz_buf_puts(b, "\xef\xbf\xbd");
			from++;
			continue;
		}
		if (c == 0 || c == (uint32_t)SNIP_OPEN || c == (uint32_t)SNIP_CLOSE) {
			/* Would end the string or fake a mark. */
		} else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
			gz_buf_putc(b, ' ');
		} else {
			gz_buf_append(b, text + from, len);
		}
		from += (uint32_t)len;
	}
}

/*
 * Copy text bytes [from, to) into b with the matches of positions
 * [first, last] marked.  Their byte ranges are clipped to [from, to),
 * sorted and merged where they overlap or touch.  Reorders matches[].
 */
static void
put_marked(struct gz_search_snippet *sn, struct gz_buf *b, uint32_t from, uint32_t to, int first,
           int last)
{
	struct match *m = sn->matches, tmp;
	int nr = 0, i, j;
	uint32_t at = from;

	for (i = 0; i < sn->nmatches; i++) {
		if (m[i].start < first || m[i].end > last) {
			continue;
		}
		tmp = m[i];
		tmp.bstart = tmp.bstart > from ? tmp.bstart : from;
		tmp.bend = tmp.bend < to ? tmp.bend : to;
		if (tmp.bstart < tmp.bend) {
			m[nr++] = tmp;
		}
	}
	/* By first byte: insertion sort, the few matches of one window. */
	for (i = 1; i < nr; i++) {
		tmp = m[i];
		for (j = i; j > 0 && m[j - 1].bstart > tmp.bstart; j--) {
			m[j] = m[j - 1];
		}
		m[j] = tmp;
	}
	for (i = 0; i < nr; i = j) {
		uint32_t end = m[i].bend;

		for (j = i + 1; j < nr && m[j].bstart <= end; j++) {
			end = m[j].bend > end ? m[j].bend : end;
		}
		put_text(b, sn->text, at, m[i].bstart);
		gz_buf_putc(b, SNIP_OPEN);
		put_text(b, sn->text, m[i].bstart, end);
		gz_buf_putc(b, SNIP_CLOSE);
		at = end;
	}
	put_text(b, sn->text, at, to);
}

/*
 * The snippet as a reader should see it: line breaks and runs of blanks
 * become one space, none at either end.  The text is plain already
 * (articles.body_text, the summary).  Returns a copy in a.
 */
static char *
tidy_snippet(struct gz_arena *a, const char *s)
{
	size_t n = strlen(s), i, o = 0;
	char *out;

	if ((out = gz_arena_alloc(a, n + 1)) == NULL) {
		return NULL;
	}
	for (i = 0; i < n; i++) {
		char ch = s[i];

		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
			if (o > 0 && out[o - 1] != ' ') {
				out[o++] = ' ';
			}
			continue;
		}
		out[o++] = ch;
	}
	while (o > 0 && out[o - 1] == ' ') {
		o--;
	}
	out[o] = '\0';
	return out;
}

/* Read the text's tokens and matches into sn; *ntok gets the positions usable. */
static enum gz_err
scan(struct gz_search_snippet *sn, const char *text, size_t n, int *ntok)
{
	int i, rc;

	sn->text = text;
	sn->ntext =
	    (int)(n > GZ_SNIPPET_SCAN_BYTES ? gz_utf8_truncate(text, n, GZ_SNIPPET_SCAN_BYTES) : n);
	sn->pos = -1;
	/* With no phrase there is nothing to look for past the first window. */
	sn->stop_at = sn->nphrases ? INT_MAX : WINDOW;
	sn->stopped = sn->full = sn->nmatches = 0;
	for (i = 0; i < sn->nphrases; i++) {
		sn->phrases[i].npart = sn->phrases[i].start_ok = 0;
	}
	rc =
	    sn->methods.xTokenize(sn->tok, sn, FTS5_TOKENIZE_DOCUMENT, text, sn->ntext, text_token);
	if (rc != SQLITE_OK && !sn->stopped) {
		return sqlite_err(rc);
	}
	if (!sn->stopped && sn->pos >= 0) {
		close_position(sn);
	}
	*ntok = sn->pos + 1;
	/* Cut at GZ_SNIPPET_SCAN_BYTES: the last word may be cut in two. */
	if (!sn->stopped && (size_t)sn->ntext<n && * ntok> 0 &&
	    sn->pos_end[*ntok - 1] >= (uint32_t)sn->ntext) {
		(*ntok)--;
	}
	return GZ_OK;
}

enum gz_err
gz_search_snippet_make(struct gz_search_snippet *sn, struct gz_arena *a, const char *text, size_t n,
                       const char **snippet, int *matched)
{
	struct gz_buf b;
	enum gz_err rc;
	uint32_t from, to, first_mark = UINT32_MAX;
	int ntok, first = 0, last = -1, cut_before, cut_after, more, i;

	*snippet = NULL;
	*matched = 0;
	if (text == NULL) {
		text = "";
		n = 0;
	}
	if ((rc = scan(sn, text, n, &ntok)) != GZ_OK) {
		return rc;
	}
	more = sn->stopped || (size_t)sn->ntext < n;
	if (ntok > 0) {
		choose_window(sn, ntok, &first, &last);
	}
	for (i = 0; i < sn->nmatches; i++) {
		if (sn->matches[i].end < ntok) {
			*matched = 1;
		}
		if (sn->matches[i].start >= first && sn->matches[i].end <= last &&
		    sn->matches[i].bstart < first_mark) {
			first_mark = sn->matches[i].bstart;
		}
	}
	cut_before = first > 0;
	from = cut_before ? sn->pos_start[first] : 0;
	if (ntok == 0) {
		/* No word at all: the text as it is, up to what was read. */
		to = (uint32_t)sn->ntext;
		cut_after = more;
	} else if (last < ntok - 1 || more) {
		to = sn->pos_end[last];
		cut_after = 1;
	} else {
		to = (uint32_t)n;
		cut_after = 0;
	}
	if (to < from) {
		to = from; /* only a tokenizer gone wrong */
	}
	if (to - from > GZ_SNIPPET_TEXT_MAX) {
		/* A giant word before the first match: keep the match in view. */
		if (first_mark < to && first_mark > from + GZ_SNIPPET_TEXT_MAX / 4) {
			from = first_mark;
			cut_before = 1;
		}
		if (to - from > GZ_SNIPPET_TEXT_MAX) {
			to = from + (uint32_t)gz_utf8_truncate(text + from, to - from,
			                                       GZ_SNIPPET_TEXT_MAX);
			cut_after = 1;
		}
	}
	gz_buf_init(&b, a, 0);
	gz_buf_puts(&b, cut_before ? ELLIPSIS : "");
	put_marked(sn, &b, from, to, first, last);
	if (cut_after) {
		gz_buf_puts(&b, ELLIPSIS);
	}
	if (gz_buf_err(&b) != GZ_OK) {
		return gz_buf_err(&b);
	}
	if ((*snippet = tidy_snippet(a, gz_buf_str(&b))) == NULL) {
		return GZ_ENOMEM;
	}
	return GZ_OK;
}
