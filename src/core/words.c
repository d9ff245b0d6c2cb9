/*
 * Word counts and word-level diffs (include/gazette/words.h).  Both start
 * from the same tokenizer, so the editor's count and the revisions page's
 * diff agree on what a word is.  The diff is Myers' greedy O(ND) search
 * with the furthest-reaching front of every step kept for the walk back;
 * the number of steps is capped, which caps both time and scratch memory.
 * This file knows nothing of articles, Markdown or HTML: the caller
 * escapes the segments when it shows them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/utf8.h"
#include "gazette/words.h"

/* The kinds of token. */
enum kind {
	K_SPACE, /* a run of whitespace */
	K_CJK,   /* one Han or kana character (a counted word) */
	K_MARK,  /* one CJK or full-width punctuation character */
	K_PUNCT, /* one other character that is no letter or digit: "*", "(", "—" */
	K_WORD,  /* letters and digits, joined by an inner ' ’ - . , ("don't", "3.5") */
};

/* An op of the script besides enum gz_words_op's: whitespace in both
 * texts that is shown inside the change around it. */
#define JOINED 3

struct token {
	uint32_t off;  /* byte offset in the text */
	uint32_t len;  /* bytes */
	uint32_t hash; /* FNV-1a of the bytes, to compare quickly */
	uint8_t kind;  /* enum kind */
};

/* The kind of one code point (cp from gz_utf8_decode, or a lone byte). */
static enum kind
cp_kind(uint32_t cp)
{
	if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
	    cp == 0x00a0 || cp == 0x3000) {
		return K_SPACE;
	}
	if ((cp >= 0x3040 && cp <= 0x30ff) ||   /* hiragana, katakana */
	    (cp >= 0x3400 && cp <= 0x4dbf) ||   /* CJK extension A */
	    (cp >= 0x4e00 && cp <= 0x9fff) ||   /* CJK unified ideographs */
	    (cp >= 0xf900 && cp <= 0xfaff) ||   /* compatibility ideographs */
	    (cp >= 0x20000 && cp <= 0x3134f)) { /* extensions B..G */
		return K_CJK;
	}
	if ((cp >= 0x3001 && cp <= 0x303f) || (cp >= 0xff00 && cp <= 0xffef)) {
		return K_MARK;
	}
	/* Letters and digits: ASCII ones, and every character from U+00C0
	 * on but the multiplication and division signs and the block of
	 * general punctuation, arrows and symbols (U+2000..U+2BFF). */
	if ((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
	    (cp >= 0xc0 && cp != 0xd7 && cp != 0xf7 && !(cp >= 0x2000 && cp <= 0x2bff))) {
		return K_WORD;
	}
	return K_PUNCT;
}

/* Whether cp, between two letters or digits, keeps them one word. */
static int
cp_joiner(uint32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == '-' || cp == '.' || cp == ',';
}

/*
 * The next code point of s[i..n): its bytes in *len (1 for an invalid
 * byte, which reads as a code point of its own that is a word character).
 */
static uint32_t
next_cp(const char *s, size_t n, size_t i, size_t *len)
{
	uint32_t cp = 0;
	size_t k = gz_utf8_decode(s + i, n - i, &cp);

	if (k == 0) {
		*len = 1;
		return 0xfffd;
	}
	*len = k;
	return cp;
}

/*
 * Cut s into tokens, calling fn(tok, arg) for each; stops and returns -1
 * when fn does.
 */
static int
tokenize(const char *s, size_t n, int (*fn)(const struct token *, void *), void *arg)
{
	struct token t;
	size_t i = 0, k;
	uint32_t cp;
	enum kind kd;

	while (i < n) {
		cp = next_cp(s, n, i, &k);
		kd = cp_kind(cp);
		t.off = (uint32_t)i;
		t.kind = (uint8_t)kd;
		i += k;
		while ((kd == K_SPACE || kd == K_WORD) && i < n) {
			cp = next_cp(s, n, i, &k);
			if (cp_kind(cp) == kd) {
				i += k;
				continue;
			}
			/* "don't", "3.5", "well-known": one word */
			if (kd == K_WORD && cp_joiner(cp) && i + k < n) {
				size_t k2;
				uint32_t after = next_cp(s, n, i + k, &k2);

				if (cp_kind(after) == K_WORD) {
					i += k + k2;
					continue;
				}
			}
			break;
		}
		t.len = (uint32_t)(i - t.off);
		if (fn(&t, arg) != 0) {
			return -1;
		}
	}
	return 0;
}

/* Counting: tokens into a struct gz_words_count. */
static int
count_one(const struct token *t, void *arg)
{
	struct gz_words_count *c = arg;

	if (t->kind == K_CJK) {
		c->cjk++;
		c->words++;
	} else if (t->kind == K_WORD) {
		c->words++;
	}
	return 0;
}

void
gz_words_count(const char *s, size_t n, struct gz_words_count *out)
{
	size_t spaced, per;

	memset(out, 0, sizeof(*out));
	if (n > UINT32_MAX) {
		n = UINT32_MAX;
	}
	(void)tokenize(s, n, count_one, out);
	/* minutes = ceil(spaced / 230 + cjk / 400), in whole numbers */
	spaced = out->words - out->cjk;
	per = (size_t)GZ_WORDS_PER_MIN * GZ_WORDS_CJK_PER_MIN;
	out->minutes =
	    (spaced * GZ_WORDS_CJK_PER_MIN + out->cjk * GZ_WORDS_PER_MIN + per - 1) / per;
}

/* A text's tokens for the diff. */
struct toks {
	const char *s;     /* the text */
	struct token *tok; /* its tokens */
	size_t n;          /* how many */
	size_t cap;        /* allocated */
};

/* Append one token (with its hash) to the struct toks arg; -1 past the cap. */
static int
collect_one(const struct token *t, void *arg)
{
	struct toks *tk = arg;
	struct token *grown;
	uint32_t h = 2166136261u;
	size_t i;

	if (tk->n == GZ_WORDS_TOKENS_MAX) {
		return -1;
	}
	if (tk->n == tk->cap) {
		tk->cap = tk->cap ? tk->cap * 2 : 256;
		if ((grown = realloc(tk->tok, tk->cap * sizeof(*grown))) == NULL) {
			return -1;
		}
		tk->tok = grown;
	}
	for (i = 0; i < t->len; i++) {
		h = (h ^ (unsigned char)tk->s[t->off + i]) * 16777619u;
	}
	tk->tok[tk->n] = *t;
	tk->tok[tk->n].hash = h;
	tk->n++;
	return 0;
}

/* Whether token i of a equals token j of b. */
static int
tok_eq(const struct toks *a, size_t i, const struct toks *b, size_t j)
{
	const struct token *x = &a->tok[i], *y = &b->tok[j];

	return x->hash == y->hash && x->len == y->len &&
	       memcmp(a->s + x->off, b->s + y->off, x->len) == 0;
}

/*
 * Myers' search over a->tok[a0..a1) and b->tok[b0..b1), writing one op
 * per token of either side into ops (SAME consumes one of each), from
 * the end backwards, so ops[*nops..] ends up in order.  Returns GZ_OK,
 * GZ_ETOOBIG past GZ_WORDS_EDITS_MAX steps, GZ_ENOMEM.
 */
static enum gz_err
myers(const struct toks *a, size_t a0, size_t a1, const struct toks *b, size_t b0, size_t b1,
      uint8_t *ops, size_t *nops)
{
	long n = (long)(a1 - a0), m = (long)(b1 - b0), max = GZ_WORDS_EDITS_MAX;
	long d, k, x, y, px, py, pk, *v = NULL, *trace = NULL, *row, *grown;
	size_t *start = NULL, used = 0, cap = 1024;
	enum gz_err rc = GZ_ENOMEM;
	long found = -1;

	if (n + m < max) {
		max = n + m;
	}
	/* v[k] for k in -max-1..max+1; trace: each step's v over -d-1..d+1 */
	v = calloc((size_t)(2 * max + 3), sizeof(*v));
	start = calloc((size_t)(max + 1), sizeof(*start));
	/* grown as the search goes: a small change needs a few steps only */
	trace = malloc(cap * sizeof(*trace));
	if (v == NULL || start == NULL || trace == NULL) {
		goto fail;
	}
	v += max + 1;
	v[1] = 0;
	for (d = 0; d <= max && found < 0; d++) {
		start[d] = used;
		if (used + (size_t)(2 * d + 3) > cap) {
			while (used + (size_t)(2 * d + 3) > cap) {
				cap *= 2;
			}
			if ((grown = realloc(trace, cap * sizeof(*trace))) == NULL) {
				goto fail;
			}
			trace = grown;
		}
		memcpy(trace + used, v - d - 1, (size_t)(2 * d + 3) * sizeof(*v));
		used += (size_t)(2 * d + 3);
		for (k = -d; k <= d; k += 2) {
			if (k == -d || (k != d && v[k - 1] < v[k + 1])) {
				x = v[k + 1];
			} else {
				x = v[k - 1] + 1;
			}
			y = x - k;
			while (x < n && y < m && tok_eq(a, a0 + (size_t)x, b, b0 + (size_t)y)) {
				x++;
				y++;
			}
			v[k] = x;
			if (x >= n && y >= m) {
				found = d;
				break;
			}
		}
	}
	if (found < 0) {
		rc = GZ_ETOOBIG;
		goto fail;
	}
	/* Walk back from (n, m), each step's saved front giving where it came from. */
	x = n;
	y = m;
	for (d = found; d >= 0; d--) {
		row = trace + start[d] + d + 1; /* row[k] for k in -d-1..d+1 */
		k = x - y;
		if (k == -d || (k != d && row[k - 1] < row[k + 1])) {
			pk = k + 1;
		} else {
			pk = k - 1;
		}
		px = d == 0 ? 0 : row[pk];
		py = px - pk;
		while (x > px && y > py && (d > 0 || (x > 0 && y > 0))) {
			ops[--*nops] = GZ_WORDS_SAME;
			x--;
			y--;
		}
		if (d > 0) {
			ops[--*nops] = x == px ? GZ_WORDS_INS : GZ_WORDS_DEL;
			x = px;
			y = py;
		}
	}
	rc = GZ_OK;
fail:
	if (v != NULL) {
		free(v - max - 1);
	}
	free(start);
	free(trace);
	return rc;
}

/* Make a segment of op from the bytes s[0..len) in a; -1 when out of memory. */
static int
seg_push(struct gz_arena *a, struct gz_words_seg **segs, size_t *nsegs, size_t *cap,
         enum gz_words_op op, const char *s, size_t len)
{
	struct gz_words_seg *grown;

	if (len == 0) {
		return 0;
	}
	grown = gz_arena_grow(a, *segs, *nsegs, cap, sizeof(**segs), 16);
	if (grown == NULL) {
		return -1;
	}
	*segs = grown;
	grown[*nsegs].op = op;
	grown[*nsegs].len = len;
	if ((grown[*nsegs].text = gz_arena_strndup(a, s, len)) == NULL) {
		return -1;
	}
	(*nsegs)++;
	return 0;
}

enum gz_err
gz_words_diff(struct gz_arena *a, const char *old, size_t nold, const char *new, size_t nnew,
              struct gz_words_seg **segs, size_t *nsegs)
{
	struct toks ta = {old, NULL, 0, 0}, tb = {new, NULL, 0, 0};
	size_t pre = 0, suf = 0, nops, i, j, e, t, xa, ia, ib, da, db, cap = 0, la, lb, start;
	uint8_t *ops = NULL;
	enum gz_err rc = GZ_ETOOBIG;

	*segs = NULL;
	*nsegs = 0;
	if (nold > UINT32_MAX || nnew > UINT32_MAX || tokenize(old, nold, collect_one, &ta) != 0 ||
	    tokenize(new, nnew, collect_one, &tb) != 0) {
		/* a failed realloc reads as too big as well: either way no diff */
		goto fail;
	}
	while (pre < ta.n && pre < tb.n && tok_eq(&ta, pre, &tb, pre)) {
		pre++;
	}
	while (suf < ta.n - pre && suf < tb.n - pre &&
	       tok_eq(&ta, ta.n - 1 - suf, &tb, tb.n - 1 - suf)) {
		suf++;
	}
	/* one op per token of each side at most: SAME counts for two */
	nops = (ta.n - pre - suf) + (tb.n - pre - suf);
	if ((ops = malloc(nops + 1)) == NULL) {
		rc = GZ_ENOMEM;
		goto fail;
	}
	i = nops;
	if ((rc = myers(&ta, pre, ta.n - suf, &tb, pre, tb.n - suf, ops, &i)) != GZ_OK) {
		goto fail;
	}
	/* ops[i..nops) now holds the script in order.  Whitespace kept
	 * between two changes joins them: such ops become JOINED, shown on
	 * both sides of the change (xa counts old-side tokens from pre). */
	for (j = i, xa = 0; j < nops;) {
		if (ops[j] != GZ_WORDS_SAME) {
			xa += ops[j] != GZ_WORDS_INS;
			j++;
			continue;
		}
		for (e = j; e < nops && ops[e] == GZ_WORDS_SAME; e++) {
		}
		for (t = 0; j > i && e < nops && t < e - j; t++) {
			if (ta.tok[pre + xa + t].kind != K_SPACE) {
				break;
			}
		}
		if (j > i && e < nops && t == e - j) {
			memset(ops + j, JOINED, e - j);
		}
		xa += e - j;
		j = e;
	}
	/* Emit: common start, then each SAME run or change group (its DEL
	 * bytes, then its INS bytes), then the common end.  Token runs of
	 * one side are contiguous in their text, so a group is two spans. */
	ia = pre;
	ib = pre;
	if (pre > 0 && seg_push(a, segs, nsegs, &cap, GZ_WORDS_SAME, old,
	                        ta.tok[pre - 1].off + ta.tok[pre - 1].len) != 0) {
		rc = GZ_ENOMEM;
		goto fail;
	}
	j = i;
	while (j < nops) {
		if (ops[j] == GZ_WORDS_SAME) {
			start = ia;
			while (j < nops && ops[j] == GZ_WORDS_SAME) {
				ia++;
				ib++;
				j++;
			}
			la = ta.tok[ia - 1].off + ta.tok[ia - 1].len - ta.tok[start].off;
			if (seg_push(a, segs, nsegs, &cap, GZ_WORDS_SAME, old + ta.tok[start].off,
			             la) != 0) {
				rc = GZ_ENOMEM;
				goto fail;
			}
			continue;
		}
		da = ia;
		db = ib;
		while (j < nops && ops[j] != GZ_WORDS_SAME) {
			ia += ops[j] != GZ_WORDS_INS;
			ib += ops[j] != GZ_WORDS_DEL;
			j++;
		}
		la = ia > da ? ta.tok[ia - 1].off + ta.tok[ia - 1].len - ta.tok[da].off : 0;
		lb = ib > db ? tb.tok[ib - 1].off + tb.tok[ib - 1].len - tb.tok[db].off : 0;
		if ((la > 0 &&
		     seg_push(a, segs, nsegs, &cap, GZ_WORDS_DEL, old + ta.tok[da].off, la) != 0) ||
		    (lb > 0 &&
		     seg_push(a, segs, nsegs, &cap, GZ_WORDS_INS, new + tb.tok[db].off, lb) != 0)) {
			rc = GZ_ENOMEM;
			goto fail;
		}
	}
	if (suf > 0 && seg_push(a, segs, nsegs, &cap, GZ_WORDS_SAME, old + ta.tok[ta.n - suf].off,
	                        nold - ta.tok[ta.n - suf].off) != 0) {
		rc = GZ_ENOMEM;
		goto fail;
	}
	rc = GZ_OK;
fail:
	free(ops);
	free(ta.tok);
	free(tb.tok);
	if (rc != GZ_OK) {
		*segs = NULL;
		*nsegs = 0;
	}
	return rc;
}
