/*
 * Local spam filtering: tokenizer, naive Bayes over spam_tokens, blocklist
 * and the verdict rule (see gazette/spam.h).  The classifier follows Gary
 * Robinson's method as SpamBayes uses it: each token gets a smoothed spam
 * probability f(w) from how often it was seen in spam and in ham, the most
 * telling tokens are combined with Fisher's chi-square test once for
 * spamminess and once for hamminess, and the score is their balance.  It
 * is robust with the few hundred messages a small site's moderators teach
 * it and says "unsure" (around 0.5) rather than guess.
 *
 * The message totals live in spam_tokens too, in the row whose token is
 * " messages": the tokenizer never makes a token with a space.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/spam.h"
#include "gazette/utf8.h"

#define TOTALS_TOKEN " messages" /* row holding the message counts */
#define UNKNOWN_STRENGTH 0.45    /* Robinson's s: weight of the 0.5 prior */
#define MIN_STRENGTH 0.1         /* |f - 0.5| below this is not a clue */

/* Tokens being collected for one comment. */
struct toks {
	struct gz_arena *arena; /* where the strings go */
	const char **items;     /* distinct tokens, first-seen order */
	size_t n;               /* tokens in items */
	int oom;                /* the arena ran out */
};

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Add the n bytes at s after prefix, lowercased, unless already present. */
static void
add_token(struct toks *t, const char *prefix, const char *s, size_t n)
{
	size_t plen = strlen(prefix), i;
	char *tok;

	if (t->n >= GZ_SPAM_MAX_TOKENS || t->oom) {
		return;
	}
	if ((tok = gz_arena_alloc(t->arena, plen + n + 1)) == NULL) {
		t->oom = 1;
		return;
	}
	memcpy(tok, prefix, plen);
	for (i = 0; i < n; i++) {
		tok[plen + i] = (char)lower((unsigned char)s[i]);
	}
	tok[plen + n] = '\0';
	/* Linear: a comment has at most a few hundred tokens. */
	for (i = 0; i < t->n; i++) {
		if (strcmp(t->items[i], tok) == 0) {
			return;
		}
	}
	t->items[t->n++] = tok;
}

/* Length of an "http://" or "https://" prefix at s (any case), else 0. */
static size_t
scheme_len(const char *s)
{
	static const char *const schemes[] = {"https://", "http://"};
	size_t i, j, len;

	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		len = strlen(schemes[i]);
		for (j = 0; j < len; j++) {
			if (lower((unsigned char)s[j]) != schemes[i][j]) {
				break;
			}
		}
		if (j == len) {
			return len;
		}
	}
	return 0;
}

/* 1 when a link starts at s: a scheme, or "www." at a word start. */
static int
is_link(const char *s, const char *begin)
{
	size_t j;
	int prev;

	if (scheme_len(s) > 0) {
		return 1;
	}
	for (j = 0; j < 4; j++) {
		if (lower((unsigned char)s[j]) != "www."[j]) {
			return 0;
		}
	}
	/* Not inside "x.www.y" nor right after a scheme already counted. */
	prev = s > begin ? lower((unsigned char)s[-1]) : ' ';
	return !(prev == '/' || prev == '.' || prev == '-' || (prev >= 'a' && prev <= 'z') ||
	         (prev >= '0' && prev <= '9'));
}

static int
host_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '-';
}

/* The host of the link at s into (*h, *hn); returns bytes up to the link's end. */
static size_t
link_host(const char *s, const char **h, size_t *hn)
{
	size_t skip = scheme_len(s), i, end;

	*h = s + skip;
	for (i = 0; host_char((unsigned char)(*h)[i]); i++) {
	}
	*hn = i;
	while (*hn > 0 && (*h)[*hn - 1] == '.') {
		(*hn)--;
	}
	/* The rest of the link (path, query) is not tokenized as words. */
	for (end = skip + i; s[end] != '\0' && s[end] != ' ' && s[end] != '\n' && s[end] != '\t' &&
	                     s[end] != '\r' && s[end] != '"' && s[end] != '<' && s[end] != '>';
	     end++) {
	}
	return end;
}

/* 1 when code point cp separates words (ASCII non-alnum, common punctuation). */
static int
separator(uint32_t cp)
{
	if (cp < 0x80) {
		return !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		         (cp >= '0' && cp <= '9') || cp == '\'' || cp == '$');
	}
	return cp <= 0xBF || (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
	       (cp >= 0xFF00 && cp <= 0xFF0F);
}

/* Emit one word of n bytes at w as a token (or a summary of it). */
static void
add_word(struct toks *t, const char *prefix, const char *w, size_t n)
{
	char sum[32];
	size_t i;
	int digits = 1;

	while (n > 0 && w[0] == '\'') {
		w++, n--;
	}
	while (n > 0 && w[n - 1] == '\'') {
		n--;
	}
	if (n < 2 && !(n == 1 && (unsigned char)w[0] >= 0x80) && !(n == 1 && w[0] == '$')) {
		return;
	}
	for (i = 0; i < n; i++) {
		if (w[i] < '0' || w[i] > '9') {
			digits = 0;
		}
	}
	if (digits) {
		/* Numbers as such rarely recur; their length does (prices, phones). */
		snprintf(sum, sizeof(sum), "num:%zu", n > 9 ? (size_t)9 : n);
		add_token(t, prefix, sum, strlen(sum));
		return;
	}
	if (n > GZ_SPAM_TOKEN_MAX) {
		snprintf(sum, sizeof(sum), "skip:%c%zu", lower((unsigned char)w[0]), n / 10);
		add_token(t, prefix, sum, strlen(sum));
		return;
	}
	add_token(t, prefix, w, n);
}

/* Words of s (links folded into url: tokens when links != NULL). */
static void
add_words(struct toks *t, const char *prefix, const char *s, int *links)
{
	const char *p = s, *w = NULL;
	size_t len = strlen(s);

	while (*p != '\0') {
		uint32_t cp;
		size_t k;

		if (links != NULL && (w == NULL) && is_link(p, s)) {
			const char *h;
			size_t hn, end = link_host(p, &h, &hn);

			if (hn > 0) {
				add_token(t, "url:", h, hn);
			}
			(*links)++;
			p += end > 0 ? end : 1;
			continue;
		}
		k = gz_utf8_decode(p, len - (size_t)(p - s), &cp);
		if (k == 0) {
			cp = 0xFFFD;
			k = 1;
		}
		if (separator(cp)) {
			if (w != NULL) {
				add_word(t, prefix, w, (size_t)(p - w));
				w = NULL;
			}
		} else if (w == NULL) {
			w = p;
		}
		p += k;
	}
	if (w != NULL) {
		add_word(t, prefix, w, (size_t)(p - w));
	}
}

enum gz_err
gz_spam_tokens(struct gz_arena *arena, const struct gz_spam_input *in, const char ***out, size_t *n)
{
	struct toks t = {arena, NULL, 0, 0};
	const char *at, *h;
	size_t hn;
	int links = 0;

	*out = NULL;
	*n = 0;
	if ((t.items = gz_arena_calloc(arena, GZ_SPAM_MAX_TOKENS, sizeof(*t.items))) == NULL) {
		return GZ_ENOMEM;
	}
	/* Fields first, so a flood of body words cannot crowd them out. */
	add_words(&t, "name:", in->author_name ? in->author_name : "", NULL);
	if (in->author_email != NULL && (at = strrchr(in->author_email, '@')) != NULL) {
		add_token(&t, "email:", at + 1, strlen(at + 1));
	}
	if (in->author_url != NULL && in->author_url[0] != '\0' &&
	    is_link(in->author_url, in->author_url)) {
		link_host(in->author_url, &h, &hn);
		add_token(&t, "aurl:", h, hn);
	} else {
		add_token(&t, "aurl:", "none", 4);
	}
	add_words(&t, "", in->body ? in->body : "", &links);
	add_token(&t, "links:",
	          links >= 3   ? "3+"
	          : links == 2 ? "2"
	          : links == 1 ? "1"
	                       : "0",
	          links >= 3 ? 2 : 1);
	if (t.oom) {
		return GZ_ENOMEM;
	}
	*out = t.items;
	*n = t.n;
	return GZ_OK;
}

int
gz_spam_count_links(const char *text)
{
	const char *p;
	int n = 0;

	for (p = text; *p != '\0'; p++) {
		if (is_link(p, text)) {
			n++;
			/* Skip to the end of this link so "http://www.x" counts once. */
			while (*p != '\0' && *p != ' ' && *p != '\n' && *p != '\t' && *p != '"' &&
			       *p != '<') {
				p++;
			}
			if (*p == '\0') {
				break;
			}
		} else if (p[0] == '<' && lower((unsigned char)p[1]) == 'a' &&
		           (p[2] == ' ' || p[2] == '\t' || p[2] == '\n')) {
			n++;
		}
	}
	return n;
}

/* Counts of token (0, 0 when unknown) through the cached statement. */
static enum gz_err
token_counts(struct gz_db *db, const char *token, long long *spam, long long *ham)
{
	sqlite3_stmt *st = gz_db_stmt(db, "SELECT spam, ham FROM spam_tokens WHERE token = ?1");
	int rc;

	*spam = *ham = 0;
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, token);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*spam = sqlite3_column_int64(st, 0);
		*ham = sqlite3_column_int64(st, 1);
	} else if (rc != SQLITE_DONE) {
		gz_db_reset(st);
		return gz_db_error(db, rc, "spam token");
	}
	gz_db_reset(st);
	return GZ_OK;
}

enum gz_err
gz_spam_trained(struct gz_db *db, long long *nspam, long long *nham)
{
	return token_counts(db, TOTALS_TOKEN, nspam, nham);
}

/* P(chi-square with v degrees of freedom >= x2), v even. */
static double
chi2q(double x2, int v)
{
	double m = x2 / 2.0, sum, term;
	int i;

	sum = term = exp(-m);
	for (i = 1; i < v / 2; i++) {
		term *= m / i;
		sum += term;
	}
	return sum < 1.0 ? sum : 1.0;
}

/* Order clues by strength, strongest first. */
static int
by_strength(const void *a, const void *b)
{
	double x = fabs(*(const double *)a - 0.5), y = fabs(*(const double *)b - 0.5);

	return x < y ? 1 : x > y ? -1 : 0;
}

enum gz_err
gz_spam_score(struct gz_db *db, struct gz_arena *arena, const struct gz_spam_input *in,
              double *score, int *ready)
{
	const char **toks;
	long long nspam, nham, s, h;
	double *clues, sl = 0, hl = 0, S, H;
	size_t ntoks, nclues = 0, i;
	enum gz_err rc;

	*score = 0.5;
	*ready = 0;
	if ((rc = gz_spam_tokens(arena, in, &toks, &ntoks)) != GZ_OK ||
	    (rc = gz_spam_trained(db, &nspam, &nham)) != GZ_OK) {
		return rc;
	}
	if (nspam == 0 && nham == 0) {
		return GZ_OK;
	}
	*ready = nspam >= GZ_SPAM_MIN_TRAINED && nham >= GZ_SPAM_MIN_TRAINED;
	if ((clues = gz_arena_calloc(arena, ntoks + 1, sizeof(*clues))) == NULL) {
		return GZ_ENOMEM;
	}
	for (i = 0; i < ntoks; i++) {
		double sr, hr, p, f;

		if ((rc = token_counts(db, toks[i], &s, &h)) != GZ_OK) {
			return rc;
		}
		if (s + h == 0) {
			continue;
		}
		/* Ratios, not raw counts, so an unbalanced training set is fair. */
		sr = nspam > 0 ? (double)s / (double)nspam : 0;
		hr = nham > 0 ? (double)h / (double)nham : 0;
		p = sr + hr > 0 ? sr / (sr + hr) : 0.5;
		f = (UNKNOWN_STRENGTH * 0.5 + (double)(s + h) * p) /
		    (UNKNOWN_STRENGTH + (double)(s + h));
		if (fabs(f - 0.5) >= MIN_STRENGTH) {
			clues[nclues++] = f;
		}
	}
	if (nclues == 0) {
		return GZ_OK;
	}
	qsort(clues, nclues, sizeof(*clues), by_strength);
	if (nclues > GZ_SPAM_CLUES) {
		nclues = GZ_SPAM_CLUES;
	}
	for (i = 0; i < nclues; i++) {
		/* Keep logs finite: f is never exactly 0 or 1 after smoothing,
		 * but clamp anyway. */
		double f = clues[i] < 1e-6 ? 1e-6 : clues[i] > 1 - 1e-6 ? 1 - 1e-6 : clues[i];

		sl += log(1.0 - f);
		hl += log(f);
	}
	S = 1.0 - chi2q(-2.0 * sl, 2 * (int)nclues);
	H = 1.0 - chi2q(-2.0 * hl, 2 * (int)nclues);
	*score = (S - H + 1.0) / 2.0;
	return GZ_OK;
}

/* Add delta to the spam or ham count of token (not below zero). */
static enum gz_err
bump_token(struct gz_db *db, const char *token, int spam, int delta)
{
	sqlite3_stmt *st;
	enum gz_err rc;

	st = gz_db_stmt(
	    db, "INSERT INTO spam_tokens (token, spam, ham) VALUES (?1, max(0, ?2), max(0, ?3)) "
	        "ON CONFLICT (token) DO UPDATE SET spam = max(0, spam + ?2), "
	        "ham = max(0, ham + ?3)");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, token);
	gz_db_bind_int64(st, 2, spam ? delta : 0);
	gz_db_bind_int64(st, 3, spam ? 0 : delta);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK || delta > 0) {
		return rc;
	}
	/* Unlearning: drop rows that no longer say anything. */
	st = gz_db_stmt(db, "DELETE FROM spam_tokens WHERE token = ?1 AND spam = 0 AND ham = 0");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, token);
	return gz_db_step_done(db, st);
}

enum gz_err
gz_spam_train(struct gz_db *db, struct gz_arena *arena, const struct gz_spam_input *in, int spam,
              int delta)
{
	const char **toks;
	size_t ntoks, i;
	enum gz_err rc;

	if ((rc = gz_spam_tokens(arena, in, &toks, &ntoks)) != GZ_OK) {
		return rc;
	}
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	for (i = 0; i < ntoks; i++) {
		if ((rc = bump_token(db, toks[i], spam, delta)) != GZ_OK) {
			goto fail;
		}
	}
	if ((rc = bump_token(db, TOTALS_TOKEN, spam, delta)) != GZ_OK) {
		goto fail;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}

/* 1 when needle (n bytes) occurs in hay, ignoring ASCII case. */
static int
contains_case(const char *hay, const char *needle, size_t n)
{
	size_t i;

	if (hay == NULL || n == 0) {
		return 0;
	}
	for (; *hay != '\0'; hay++) {
		for (i = 0; i < n && hay[i] != '\0'; i++) {
			if (lower((unsigned char)hay[i]) != lower((unsigned char)needle[i])) {
				break;
			}
		}
		if (i == n) {
			return 1;
		}
	}
	return 0;
}

const char *
gz_spam_blocklisted(struct gz_arena *arena, const char *blocklist, const struct gz_spam_input *in)
{
	const char *line = blocklist, *end;

	while (line != NULL && *line != '\0') {
		const char *s = line, *e;
		size_t n;

		end = strchr(line, '\n');
		e = end ? end : line + strlen(line);
		line = end ? end + 1 : NULL;
		while (s < e && (*s == ' ' || *s == '\t')) {
			s++;
		}
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) {
			e--;
		}
		n = (size_t)(e - s);
		if (n == 0 || *s == '#') {
			continue;
		}
		if ((in->client_addr != NULL && strlen(in->client_addr) == n &&
		     strncmp(in->client_addr, s, n) == 0) ||
		    contains_case(in->body, s, n) || contains_case(in->author_name, s, n) ||
		    contains_case(in->author_email, s, n) || contains_case(in->author_url, s, n)) {
			return gz_arena_strndup(arena, s, n);
		}
	}
	return NULL;
}

enum gz_err
gz_spam_decide(struct gz_arena *arena, const struct gz_spam_facts *f, struct gz_spam_verdict *out)
{
	char reasons[512];
	size_t len = 0;
	enum gz_spam_status st = GZ_SPAM_APPROVE;

#define REASON(...)                                                                                \
	do {                                                                                       \
		if (len < sizeof(reasons)) {                                                       \
			int w_ =                                                                   \
			    snprintf(reasons + len, sizeof(reasons) - len, "%s", len ? "; " : ""); \
			len += w_ > 0 ? (size_t)w_ : 0;                                            \
		}                                                                                  \
		if (len < sizeof(reasons)) {                                                       \
			int w_ = snprintf(reasons + len, sizeof(reasons) - len, __VA_ARGS__);      \
			len += w_ > 0 ? (size_t)w_ : 0;                                            \
		}                                                                                  \
	} while (0)

	reasons[0] = '\0';
	out->score = f->bayes;
	if (f->staff) {
		REASON("staff");
	} else {
		if (f->blocked != NULL) {
			REASON("spam: blocklist \"%.60s\"", f->blocked);
			st = GZ_SPAM_SPAM;
		}
		if (f->bayes_ready && f->bayes >= GZ_SPAM_SPAM_AT) {
			st = GZ_SPAM_SPAM;
		}
		if (f->links > f->max_links) {
			REASON("held: %d links", f->links);
			st = st > GZ_SPAM_HOLD ? st : GZ_SPAM_HOLD;
		}
		if (f->article_busy) {
			REASON("held: many comments on this article");
			st = st > GZ_SPAM_HOLD ? st : GZ_SPAM_HOLD;
		}
		if (f->bayes_ready && f->bayes >= GZ_SPAM_HOLD_AT) {
			st = st > GZ_SPAM_HOLD ? st : GZ_SPAM_HOLD;
		}
		if (!f->known_author) {
			st = st > GZ_SPAM_HOLD ? st : GZ_SPAM_HOLD;
		}
	}
	REASON("bayes %.2f%s", f->bayes, f->bayes_ready ? "" : " (learning)");
	if (!f->staff) {
		REASON("%s", f->known_author ? "known author" : "new author");
	}
#undef REASON
	out->status = st;
	if ((out->reasons = gz_arena_strndup(
	         arena, reasons, len < sizeof(reasons) ? len : sizeof(reasons) - 1)) == NULL) {
		return GZ_ENOMEM;
	}
	return GZ_OK;
}
