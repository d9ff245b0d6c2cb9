/*
 * The Markdown writer behind the HTML converter: it is handed blocks,
 * container levels and inline pieces (text, emphasis, links, atoms) and
 * writes CommonMark (plus GitHub's tables and ~~strikethrough~~) that reads
 * back as exactly that.  It knows Markdown's syntax and nothing of HTML.
 *
 * Three things make that hard and are handled here once:
 *   - Containers.  A quote prefixes each of its lines with "> ", a list
 *     item its first line with its marker and the others with spaces.  The
 *     prefix of every line is written from the level stack when the line is
 *     opened; a blank line gets the same prefix without trailing spaces.
 *   - Laziness.  Nothing is written until there is content: a block, its
 *     separator, a heading's "## ", a link's "[", an emphasis opener and
 *     pending whitespace wait for the first character, so empty elements
 *     leave no trace and spaces never sit just inside a delimiter.
 *   - Flanking.  CommonMark reads "*" as emphasis only when the characters
 *     around it allow (a closer after punctuation must be followed by space
 *     or punctuation, "**Note:**Text" is not bold).  Openers wait past
 *     leading punctuation, closers are moved before trailing punctuation,
 *     and when neither helps the emphasis is removed rather than left as
 *     stray asterisks: the reader's text always survives, its styling
 *     nearly always.
 * Text is escaped so that nothing in it reads as syntax.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "gazette/utf8.h"

#include "internal.h"

enum { LS_START, LS_DIGITS, LS_OTHER };     /* what a line holds so far */
enum { CL_WS, CL_PUNCT, CL_OTHER, CL_END }; /* classes of a neighbour character */
enum { D_PENDING, D_OPEN, D_DEAD };         /* states of a delimiter */
#define BREAK_MARK '\n'                     /* a line break in the pending bytes */
#define LIST_NUMBER_MAX 999999999L          /* CommonMark allows 9 digits */

/* Append n bytes to the output, nothing else. */
static void
put(struct gz_mdw *w, const char *s, size_t n)
{
	gz_buf_append(w->out, s, n);
}

/* ASCII letter or digit. */
static int
is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Unicode whitespace as CommonMark counts it (category Zs), beyond ASCII. */
static int
is_uspace(uint32_t cp)
{
	return cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x202f ||
	       cp == 0x205f || cp == 0x3000;
}

/*
 * Punctuation beyond ASCII, generously: the Latin-1 signs, the general
 * punctuation, arrows and symbols blocks, CJK and full-width punctuation.
 * Counting a symbol as punctuation when CommonMark does not only costs a
 * delimiter moved by one character; the reverse would leave asterisks.
 */
static int
is_upunct(uint32_t cp)
{
	return (cp >= 0xa1 && cp <= 0xbf) || cp == 0xd7 || cp == 0xf7 ||
	       (cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x2030 && cp <= 0x205e) ||
	       (cp >= 0x2190 && cp <= 0x2bff) || (cp >= 0x2e00 && cp <= 0x2e7f) ||
	       (cp >= 0x3001 && cp <= 0x3020) || cp == 0x3030 || cp == 0x30fb ||
	       (cp >= 0xfe10 && cp <= 0xfe19) || (cp >= 0xfe30 && cp <= 0xfe6b) ||
	       (cp >= 0xff01 && cp <= 0xff0f) || (cp >= 0xff1a && cp <= 0xff20) ||
	       (cp >= 0xff3b && cp <= 0xff40) || (cp >= 0xff5b && cp <= 0xff65);
}

/* Whitespace, punctuation or other, for CommonMark's flanking rules. */
static int
class_of(uint32_t cp)
{
	if (cp < 0x80) {
		if (cp <= 0x20) {
			return CL_WS;
		}
		return is_alnum((unsigned char)cp) ? CL_OTHER : CL_PUNCT;
	}
	if (is_uspace(cp)) {
		return CL_WS;
	}
	return is_upunct(cp) ? CL_PUNCT : CL_OTHER;
}

/*
 * Class of the character that ends at byte end of the output, as
 * cmark-gfm sees it: its strikethrough extension makes '~' transparent to
 * the flanking rules (the character before a run of them counts), and the
 * start of the line reads as a line break.
 */
static int
class_before(const struct gz_mdw *w, size_t end)
{
	const char *d = w->out->data;
	size_t start, k;
	uint32_t cp;

	while (d != NULL && end > w->line_start && d[end - 1] == '~') {
		end--;
	}
	if (end == 0 || d == NULL || end <= w->line_start) {
		return CL_WS;
	}
	start = end;
	while (start > 0 && end - start < 4 && ((unsigned char)d[start - 1] & 0xc0) == 0x80) {
		start--;
	}
	if (start > 0) {
		start--;
	}
	k = gz_utf8_decode(d + start, end - start, &cp);
	if (k != end - start) {
		return CL_OTHER;
	}
	return class_of(cp);
}

/* Class of the last character of the current line's inline content. */
static int
class_last(const struct gz_mdw *w)
{
	if (!w->line_open || w->atstart) {
		return CL_WS;
	}
	return class_before(w, w->out->len);
}

/* See internal.h: an empty document, nothing written. */
void
gz_mdw_init(struct gz_mdw *w, struct gz_buf *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->nlv = 1;
	w->lv[0].kind = GZ_MDW_DOC;
	w->atstart = 1;
}

/*
 * The prefix of levels [0, upto): "> " for quotes, an item's marker the
 * first time (when mark) and its width in spaces after.  A blank line's
 * prefix (blank) never writes a marker and loses its trailing spaces.
 */
static void
write_prefix(struct gz_mdw *w, int upto, int blank)
{
	char p[GZ_MDW_LEVELS * 16 + 1];
	size_t n = 0, k;
	int i;

	for (i = 0; i < upto; i++) {
		struct gz_mdw_level *l = &w->lv[i];

		if (l->kind == GZ_MDW_QLV) {
			memcpy(p + n, "> ", 2);
			n += 2;
		} else if (l->kind == GZ_MDW_ILV) {
			if (!l->marker_done && !blank) {
				k = strlen(l->marker);
				memcpy(p + n, l->marker, k);
				n += k;
				l->marker_done = 1;
			} else {
				memset(p + n, ' ', l->width);
				n += l->width;
			}
		}
	}
	if (blank) {
		while (n > 0 && p[n - 1] == ' ') {
			n--;
		}
	}
	put(w, p, n);
}

/* Start the current line with its prefix if it is not started yet. */
static void
open_line(struct gz_mdw *w)
{
	if (w->line_open) {
		return;
	}
	write_prefix(w, w->nlv, 0);
	w->line_start = w->out->len;
	w->line_open = 1;
	w->line_state = LS_START;
	w->line_colons = 0;
	w->ndigits = 0;
}

/*
 * A block begun somewhere up the stack writes its first byte: the
 * separator from the block before it at its level (a blank line, or a
 * newline between list items and before a list that may interrupt the
 * paragraph it follows), then every begun level counts it.
 */
static void
resolve_blocks(struct gz_mdw *w)
{
	struct gz_mdw_level *l;
	int i, j, tight;

	for (i = 0; i < w->nlv && !w->lv[i].pending; i++) {
	}
	if (i == w->nlv) {
		return;
	}
	l = &w->lv[i];
	if (l->nblocks > 0) {
		tight = l->kind == GZ_MDW_LLV ||
		        (l->kind == GZ_MDW_ILV && l->pending == GZ_MDW_LIST_INTR &&
		         l->last == GZ_MDW_PARA);
		put(w, "\n", 1);
		w->line_open = 0;
		if (!tight) {
			write_prefix(w, i + 1, 1);
			put(w, "\n", 1);
		}
	}
	for (j = i; j < w->nlv; j++) {
		if (w->lv[j].pending) {
			w->lv[j].nblocks++;
			w->lv[j].last = w->lv[j].pending;
			w->lv[j].last_bullet = w->lv[j].pending_bullet;
			w->lv[j].pending = 0;
		}
	}
}

/* Bytes of inline markup: the line is no longer at its start. */
static void
emit_markup(struct gz_mdw *w, const char *s, size_t n)
{
	open_line(w);
	put(w, s, n);
	w->line_state = LS_OTHER;
	w->line_colons = 0;
	w->atstart = 0;
	w->tail_punct = 0;
}

/* Delimiters written as markup: where they end and their character are
 * kept, so an opener is not written against a closer of the same
 * character (the two would be read as one run). */
static void
emit_delims(struct gz_mdw *w, const char *s, size_t n)
{
	int ls = w->line_open ? w->line_state : LS_START;

	int colons = w->line_colons;

	emit_markup(w, s, n);
	w->delim_end = w->out->len;
	w->delim_char = s[n - 1];
	/* The text after them is escaped as if at the line's start still:
	 * an opener may be taken out again ("**-**x" would leave "-x"). */
	w->line_state = ls;
	w->line_colons = colons;
}

static int entity_before(const struct gz_mdw *w, size_t end);

/*
 * Keep the positions the writer holds true after n bytes were inserted at
 * pos (grow) or removed from it: starts (openers, the last code span) at
 * or after pos move, ends (line start, last delimiters, code span end)
 * only when after it; a position inside removed bytes goes to pos.
 */
static void
shift_one(size_t *p, size_t pos, size_t n, int grow, int start)
{
	if (grow) {
		if (*p > pos || (start && *p == pos)) {
			*p += n;
		}
	} else if (*p >= pos + n) {
		*p -= n;
	} else if (*p > pos) {
		*p = pos;
	}
}

static void
shift(struct gz_mdw *w, size_t pos, size_t n, int grow)
{
	int i;

	for (i = 0; i < w->ndelims; i++) {
		shift_one(&w->delims[i].pos, pos, n, grow, 1);
	}
	shift_one(&w->code_start, pos, n, grow, 1);
	shift_one(&w->code_end, pos, n, grow, 0);
	shift_one(&w->delim_end, pos, n, grow, 0);
	shift_one(&w->line_start, pos, n, grow, 0);
}

/* Remove n bytes at pos from the output (pos + n <= len). */
static void
cut(struct gz_mdw *w, size_t pos, size_t n)
{
	struct gz_buf *b = w->out;

	if (gz_buf_err(b) != GZ_OK) {
		return;
	}
	memmove(b->data + pos, b->data + pos + n, b->len - pos - n);
	gz_buf_truncate(b, b->len - n);
	shift(w, pos, n, 0);
}

/* Insert n bytes of s at pos in the output. */
static void
insert(struct gz_mdw *w, size_t pos, const char *s, size_t n)
{
	struct gz_buf *b = w->out;
	size_t tail = b->len - pos;

	gz_buf_reserve(b, n);
	if (gz_buf_err(b) != GZ_OK) {
		return;
	}
	memmove(b->data + pos + n, b->data + pos, tail);
	memcpy(b->data + pos, s, n);
	b->len += n;
	b->data[b->len] = '\0';
	shift(w, pos, n, 1);
}

/* The delimiter character of d: runs are of one character. */
static char
family(const struct gz_mdw_delim *d)
{
	return d->s[0];
}

/* Whether the byte before end is a '!' that no backslash escapes. */
static int
bang_at(const struct gz_mdw *w, size_t end)
{
	const char *d = w->out->data;
	size_t k = 0;

	if (end == 0 || d[end - 1] != '!') {
		return 0;
	}
	while (end - 1 - k > 0 && d[end - 2 - k] == '\\') {
		k++;
	}
	return k % 2 == 0;
}

/*
 * An opener cut out at pos may leave "![" (an image) behind: the '!' is
 * escaped then; or two code spans touching ("`a``b`" is one span): a word
 * joiner (U+2060, invisible) keeps them apart; or an entity's two halves.
 */
static void
unbang(struct gz_mdw *w, size_t pos)
{
	const char *d = w->out->data;

	size_t f = pos;

	if (pos < w->out->len && d[pos] == '[' && bang_at(w, pos)) {
		insert(w, pos - 1, "\\", 1);
	} else if (pos > 0 && pos < w->out->len && d[pos - 1] == '`' && d[pos] == '`') {
		insert(w, pos, "\xe2\x81\xa0", 3);
	} else {
		/* "&am" and "p;" brought together: the ';' is escaped. */
		while (f < w->out->len && f - pos < 40 && is_alnum((unsigned char)d[f])) {
			f++;
		}
		if (f < w->out->len && d[f] == ';' && entity_before(w, f)) {
			insert(w, f, "\\", 1);
		}
	}
}

/*
 * Write the closers that wait (elements ended, their closers not yet
 * written: one contiguous group of the stack, below any openers not yet
 * written), now that the next character's class is known (CL_END: the
 * inline content ends).  A run of closers of one family (the "***" of
 * strong inside emphasis) is judged as one, as CommonMark does.  When the
 * character before them is punctuation and the next is a letter, they are
 * written before the trailing punctuation instead ("**Note**:Text"), or,
 * when the content is nothing but that punctuation, their openers are
 * taken out again.
 */
static void
resolve_closers(struct gz_mdw *w, int next)
{
	char buf[GZ_MDW_DELIMS * 2];
	size_t nbuf = 0, cs, at;
	int first, last, i, prev, ok = 1, nxt;

	for (first = 0; first < w->ndelims && !w->delims[first].closed; first++) {
	}
	for (last = first; last < w->ndelims && w->delims[last].closed; last++) {
	}
	if (first == last) {
		return;
	}
	prev = class_last(w);
	/* Innermost first: that is the order the closers are written in. */
	for (i = last - 1; i >= first; i--) {
		const struct gz_mdw_delim *d = &w->delims[i];

		memcpy(buf + nbuf, d->s, d->len);
		nbuf += d->len;
		if (i > first && family(&w->delims[i - 1]) == family(d)) {
			continue; /* same run */
		}
		nxt = i > first ? CL_PUNCT : next;
		if (prev == CL_WS || (prev == CL_PUNCT && nxt == CL_OTHER)) {
			ok = 0;
		}
		prev = CL_PUNCT;
	}
	if (ok) {
		emit_delims(w, buf, nbuf);
	} else {
		cs = w->delims[last - 1].pos + w->delims[last - 1].len;
		at = w->out->len - w->tail_punct;
		if (w->tail_punct > 0 && at > cs && class_before(w, at) == CL_OTHER) {
			insert(w, at, buf, nbuf);
		} else {
			/* Outermost last in the buffer: cut from the end backwards. */
			for (i = last - 1; i >= first; i--) {
				cut(w, w->delims[i].pos, w->delims[i].len);
				unbang(w, w->delims[i].pos);
			}
		}
	}
	memmove(&w->delims[first], &w->delims[last],
	        (size_t)(w->ndelims - last) * sizeof(w->delims[0]));
	w->ndelims -= last - first;
}

/*
 * Write openers that wait, now that the next character's class is known:
 * a run of one family opens when CommonMark will read it as left-flanking
 * (not before whitespace; before punctuation only after whitespace or
 * punctuation).  A link's "[" always opens; emphasis that could not open
 * before it never will (it cannot open inside the link and close outside)
 * and is given up.
 */
static void
open_delims(struct gz_mdw *w, int next)
{
	int i = 0, j, k, prev, nxt, has_link;

	while (i < w->ndelims && w->delims[i].state != D_PENDING) {
		i++;
	}
	while (i < w->ndelims) {
		struct gz_mdw_delim *d = &w->delims[i];

		if (d->state == D_DEAD) {
			i++;
			continue;
		}
		prev = class_last(w);
		if (d->s[0] == '[') {
			if (bang_at(w, w->out->len)) {
				/* "!" then "[" would make the link an image. */
				insert(w, w->out->len - 1, "\\", 1);
			}
			d->pos = w->out->len;
			emit_markup(w, "[", 1);
			d->state = D_OPEN;
			i++;
			continue;
		}
		for (j = i + 1; j < w->ndelims && family(&w->delims[j]) == family(d); j++) {
		}
		nxt = j < w->ndelims ? CL_PUNCT : next;
		if (nxt != CL_WS && nxt != CL_END &&
		    (nxt != CL_PUNCT || prev == CL_WS || prev == CL_PUNCT) &&
		    !(w->out->len == w->delim_end && w->delim_char == family(d))) {
			for (k = i; k < j; k++) {
				if (w->delims[k].state == D_DEAD) {
					continue; /* the same emphasis inside itself */
				}
				open_line(w);
				w->delims[k].pos = w->out->len;
				emit_delims(w, w->delims[k].s, w->delims[k].len);
				w->delims[k].state = D_OPEN;
			}
			i = j;
			continue;
		}
		for (has_link = 0, k = j; k < w->ndelims; k++) {
			has_link |= w->delims[k].s[0] == '[';
		}
		if (!has_link) {
			return;
		}
		for (k = i; k < w->ndelims && w->delims[k].s[0] != '['; k++) {
			w->delims[k].state = D_DEAD;
		}
		i = k;
	}
}

/* Pending whitespace goes out before content: spaces only between
 * content, breaks only after it, kept spaces (no-break) always. */
static void
flush_pend(struct gz_mdw *w)
{
	size_t i;

	for (i = 0; i < w->npend; i++) {
		char c = w->pend[i];

		if (c == BREAK_MARK) {
			if (!w->atstart) {
				open_line(w);
				put(w, "\\\n", 2);
				w->line_open = 0;
				w->atstart = 1;
			}
		} else if (c == ' ') {
			if (!w->atstart) {
				open_line(w);
				put(w, " ", 1);
			}
		} else {
			open_line(w);
			put(w, &w->pend[i], 1);
			w->atstart = 0;
			w->line_state = LS_OTHER;
			w->line_colons = 0;
		}
	}
	w->npend = 0;
	w->tail_punct = 0;
}

/*
 * Everything that waits for content goes out before a character (or atom)
 * of class cls: the block and its separator, the line's prefix, the
 * block's lead, closers, whitespace, openers.
 */
static void
content(struct gz_mdw *w, int cls)
{
	resolve_blocks(w);
	open_line(w);
	if (w->lead != NULL) {
		put(w, w->lead, strlen(w->lead));
		w->lead = NULL;
		w->line_state = LS_OTHER;
	}
	resolve_closers(w, w->npend > 0 ? CL_WS : cls);
	flush_pend(w);
	open_line(w);
	open_delims(w, cls);
}

/* A collapsible space waits (one at most, none after a break). */
static void
add_soft(struct gz_mdw *w)
{
	if (w->npend > 0 && (w->pend[w->npend - 1] == ' ' || w->pend[w->npend - 1] == BREAK_MARK)) {
		return;
	}
	if (w->npend == GZ_MDW_PEND) {
		content(w, CL_WS);
	}
	w->pend[w->npend++] = ' ';
}

/* A line break waits (replacing the spaces before it; a space in a
 * heading or cell). */
static void
add_break(struct gz_mdw *w)
{
	if (w->single_line) {
		add_soft(w);
		return;
	}
	while (w->npend > 0 && w->pend[w->npend - 1] == ' ') {
		w->npend--;
	}
	if (w->npend > 0 && w->pend[w->npend - 1] == BREAK_MARK) {
		return;
	}
	if (w->npend == GZ_MDW_PEND) {
		content(w, CL_WS);
	}
	w->pend[w->npend++] = BREAK_MARK;
}

/* A kept space character (no-break and other Unicode spaces) waits. */
static void
add_kept(struct gz_mdw *w, const char *s, size_t n)
{
	if (w->npend + n > GZ_MDW_PEND) {
		content(w, CL_WS);
	}
	memcpy(w->pend + w->npend, s, n);
	w->npend += n;
}

/* See internal.h. */
void
gz_mdw_block(struct gz_mdw *w, enum gz_mdw_block kind, const char *lead)
{
	w->lv[w->nlv - 1].pending = kind;
	w->lv[w->nlv - 1].pending_bullet = 0;
	w->lead = lead;
	w->atstart = 1;
	w->npend = 0;
}

/* See internal.h. */
void
gz_mdw_inline_end(struct gz_mdw *w)
{
	resolve_closers(w, CL_END);
	w->npend = 0;
	w->ndelims = 0;
	w->tail_punct = 0;
}

/* See internal.h. */
void
gz_mdw_block_end(struct gz_mdw *w)
{
	gz_mdw_inline_end(w);
	w->lv[w->nlv - 1].pending = 0;
	w->lead = NULL;
	w->atstart = 1;
}

/* See internal.h. */
int
gz_mdw_can_nest(const struct gz_mdw *w, int need)
{
	return w->nlv + need <= GZ_MDW_LEVELS;
}

/* Enter a container level of kind (room checked by the caller). */
static struct gz_mdw_level *
push(struct gz_mdw *w, enum gz_mdw_level_kind kind)
{
	struct gz_mdw_level *l;

	assert(w->nlv < GZ_MDW_LEVELS);
	l = &w->lv[w->nlv++];
	memset(l, 0, sizeof(*l));
	l->kind = kind;
	return l;
}

/* Leave a level; the block that held it is forgotten if it wrote nothing. */
static void
pop(struct gz_mdw *w)
{
	assert(w->nlv > 1);
	w->nlv--;
	w->lv[w->nlv - 1].pending = 0;
	w->lead = NULL;
	w->atstart = 1;
}

/* See internal.h. */
void
gz_mdw_quote_begin(struct gz_mdw *w)
{
	gz_mdw_block(w, GZ_MDW_QUOTE, NULL);
	push(w, GZ_MDW_QLV);
}

/* See internal.h. */
void
gz_mdw_quote_end(struct gz_mdw *w)
{
	pop(w);
}

/* See internal.h: the start is clamped to 0..999999999. */
void
gz_mdw_list_begin(struct gz_mdw *w, int ordered, long start)
{
	struct gz_mdw_level *parent = &w->lv[w->nlv - 1], *l;
	char bullet;

	/* Two lists in a row would merge into one unless their markers differ. */
	if (ordered) {
		bullet = parent->nblocks > 0 && parent->last_bullet == '.' ? ')' : '.';
	} else {
		bullet = parent->nblocks > 0 && parent->last_bullet == '-' ? '*' : '-';
	}
	if (start < 0) {
		start = 0;
	}
	if (start > LIST_NUMBER_MAX) {
		start = LIST_NUMBER_MAX;
	}
	gz_mdw_block(w, (!ordered || start == 1) ? GZ_MDW_LIST_INTR : GZ_MDW_LIST, NULL);
	parent->pending_bullet = bullet;
	l = push(w, GZ_MDW_LLV);
	l->ordered = ordered;
	l->counter = start;
	l->bullet = bullet;
}

/* See internal.h: the marker is "- " or "N. " with the list's own
 * character. */
void
gz_mdw_item_begin(struct gz_mdw *w)
{
	struct gz_mdw_level *list = &w->lv[w->nlv - 1], *l;
	char marker[16];

	assert(list->kind == GZ_MDW_LLV);
	if (list->ordered) {
		snprintf(marker, sizeof(marker), "%ld%c ", list->counter, list->bullet);
	} else {
		snprintf(marker, sizeof(marker), "%c ", list->bullet);
	}
	gz_mdw_block(w, GZ_MDW_ITEM, NULL);
	l = push(w, GZ_MDW_ILV);
	memcpy(l->marker, marker, sizeof(marker));
	l->width = strlen(marker);
}

/* See internal.h. */
void
gz_mdw_item_end(struct gz_mdw *w)
{
	int wrote = w->lv[w->nlv - 1].nblocks > 0;
	struct gz_mdw_level *list;

	pop(w);
	list = &w->lv[w->nlv - 1];
	if (wrote && list->counter < LIST_NUMBER_MAX) {
		list->counter++;
	}
}

/* See internal.h. */
void
gz_mdw_list_end(struct gz_mdw *w)
{
	pop(w);
}

/* 1 when s (n bytes) after an '&' would make cmark read an entity. */
static int
entity_like(const char *s, size_t n)
{
	size_t i = 0;

	if (i < n && s[i] == '#') {
		i++;
	}
	while (i < n && i < 40 && is_alnum((unsigned char)s[i])) {
		i++;
	}
	/* Text that ends here ends the entity too: the next node's text is
	 * never joined to this one by the parser. */
	return i < n && i > 0 && s[i] == ';';
}

/* Whether the line's text ends with the word "www" (any case). */
static int
after_www(const struct gz_mdw *w)
{
	const char *d = w->out->data;
	size_t n = w->out->len;

	if (!w->line_open || w->atstart || n < 3 || w->tail_punct > 0 ||
	    strncasecmp(d + n - 3, "www", 3) != 0) {
		return 0;
	}
	return n == 3 || !is_alnum((unsigned char)d[n - 4]);
}

/* 1 when the output before end is "&name" or "&#digits" with an '&' no
 * backslash escapes: a ';' at end would make cmark decode an entity. */
static int
entity_before(const struct gz_mdw *w, size_t end)
{
	const char *d = w->out->data;
	size_t b = end, k = 0;

	while (b > 0 && end - b < 40 && (is_alnum((unsigned char)d[b - 1]) || d[b - 1] == '#')) {
		b--;
	}
	if (b == end || b == 0 || d[b - 1] != '&') {
		return 0;
	}
	while (b - 1 - k > 0 && d[b - 2 - k] == '\\') {
		k++;
	}
	return k % 2 == 0;
}

/* One ASCII character of text, escaped where Markdown would read syntax. */
static void
text_ascii(struct gz_mdw *w, unsigned char c, const char *s, size_t i, size_t n)
{
	int esc = 0;
	char out[2];

	switch (c) {
	case '\\':
	case '`':
	case '*':
	case '[':
	case ']':
	case '<':
	case '>':
	case '|':
	case '~':
		esc = 1;
		break;
	case '_':
		/* Only an underscore inside a word can never be emphasis. */
		esc = !(w->line_open && !w->atstart && w->out->len > 0 &&
		        is_alnum((unsigned char)w->out->data[w->out->len - 1]) && i + 1 < n &&
		        is_alnum((unsigned char)s[i + 1]));
		break;
	case ';':
		/* "&amp;" (or "&#38;") would be decoded: its ';' is escaped,
		 * whatever made the '&' and the name meet in the output. */
		esc = entity_before(w, w->out->len);
		break;
	case '#':
		esc = w->heading || w->line_state == LS_START;
		break;
	case '-':
		/* A line of only '-' and ':' would be a table's delimiter row. */
		esc = w->line_state == LS_START || w->line_colons;
		break;
	case '+':
	case '=':
		esc = w->line_state == LS_START;
		break;
	case '.':
		/* "www." would become a link (GitHub's autolinks): the text was
		 * not one, and an escape inside a link would show. */
		esc = w->line_state == LS_DIGITS || after_www(w);
		break;
	case ')':
		esc = w->line_state == LS_DIGITS;
		break;
	case ':':
		/* Likewise "http://" and any "scheme://". */
		esc = i + 2 < n && s[i + 1] == '/' && s[i + 2] == '/';
		break;
	default:
		break;
	}
	w->line_colons = (w->line_state == LS_START || w->line_colons) && c == ':';
	if (w->line_state == LS_START && c >= '0' && c <= '9') {
		w->line_state = LS_DIGITS;
		w->ndigits = 1;
	} else if (w->line_state == LS_DIGITS && c >= '0' && c <= '9' && w->ndigits < 10) {
		w->ndigits++;
	} else {
		w->line_state = LS_OTHER;
	}
	out[0] = '\\';
	out[1] = (char)c;
	put(w, esc ? out : out + 1, esc ? 2 : 1);
	w->atstart = 0;
	w->tail_punct = is_alnum(c) ? 0 : w->tail_punct + 1 + (size_t)esc;
}

/* See internal.h. */
void
gz_mdw_text(struct gz_mdw *w, const char *s, size_t n, int newline_breaks)
{
	static const char fffd[] = "\xef\xbf\xbd";
	size_t i = 0, k;
	uint32_t cp;
	int cls;

	while (i < n && gz_buf_err(w->out) == GZ_OK) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			if (c == '\r' && i + 1 < n && s[i + 1] == '\n') {
				i++;
				continue;
			}
			if (c == '\n' || c == '\r') {
				if (newline_breaks) {
					add_break(w);
				} else {
					add_soft(w);
				}
			} else if (c == ' ' || c == '\t' || c == '\f' || c == '\v') {
				add_soft(w);
			} else if (c >= 0x20 && c != 0x7f) {
				content(w, is_alnum(c) ? CL_OTHER : CL_PUNCT);
				text_ascii(w, c, s, i, n);
			}
			i++;
			continue;
		}
		k = gz_utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			/* Callers' strings (captions, alt text) may be anything. */
			content(w, CL_OTHER);
			put(w, fffd, 3);
			w->atstart = 0;
			w->line_state = LS_OTHER;
			w->line_colons = 0;
			w->tail_punct = 0;
			i++;
			continue;
		}
		if (is_uspace(cp)) {
			add_kept(w, s + i, k);
		} else if (cp >= 0x80 && cp < 0xa0) {
			/* C1 controls are dropped like C0's. */
		} else {
			cls = class_of(cp);
			content(w, cls);
			put(w, s + i, k);
			w->atstart = 0;
			w->line_state = LS_OTHER;
			w->line_colons = 0;
			w->tail_punct = cls == CL_PUNCT ? w->tail_punct + k : 0;
		}
		i += k;
	}
}

/* See internal.h. */
void
gz_mdw_break(struct gz_mdw *w)
{
	add_break(w);
}

/* See internal.h. */
void
gz_mdw_space(struct gz_mdw *w)
{
	add_soft(w);
}

/* Push a delimiter in state; a full stack kills the innermost instead. */
static void
push_delim(struct gz_mdw *w, const char *s, int state)
{
	struct gz_mdw_delim *d;

	if (w->ndelims == GZ_MDW_DELIMS) {
		/* The walk's depth cap keeps us below this; stay safe anyway. */
		w->delims[w->ndelims - 1].state = D_DEAD;
		return;
	}
	d = &w->delims[w->ndelims++];
	memset(d, 0, sizeof(*d));
	d->s = s;
	d->len = strlen(s);
	d->state = state;
}

/* See internal.h. */
void
gz_mdw_open(struct gz_mdw *w, const char *delim)
{
	int i, state = D_PENDING;

	/* "<em>a</em><em>b</em>": the first goes on instead ("*a**b*" would
	 * not read back as two emphases), when it is the outermost that just
	 * ended (one inside another that ended cannot go on alone). */
	if (w->ndelims > 0 && w->npend == 0 && w->delims[w->ndelims - 1].closed &&
	    (w->ndelims == 1 || !w->delims[w->ndelims - 2].closed) &&
	    strcmp(w->delims[w->ndelims - 1].s, delim) == 0) {
		w->delims[w->ndelims - 1].closed = 0;
		return;
	}
	/* Emphasis inside the same emphasis adds nothing a reader sees. */
	for (i = 0; i < w->ndelims; i++) {
		if (!w->delims[i].closed && w->delims[i].state != D_DEAD &&
		    strcmp(w->delims[i].s, delim) == 0) {
			state = D_DEAD;
		}
	}
	push_delim(w, delim, state);
}

/* Index of the innermost delimiter whose element has not ended, or -1. */
static int
innermost(const struct gz_mdw *w)
{
	int i;

	for (i = w->ndelims - 1; i >= 0 && w->delims[i].closed; i--) {
	}
	return i;
}

/* Take entry i out of the delimiter stack. */
static void
remove_delim(struct gz_mdw *w, int i)
{
	memmove(&w->delims[i], &w->delims[i + 1],
	        (size_t)(w->ndelims - i - 1) * sizeof(w->delims[0]));
	w->ndelims--;
}

/* See internal.h: an opener never written takes its closer with it. */
void
gz_mdw_close(struct gz_mdw *w)
{
	int i = innermost(w);

	if (i < 0) {
		return;
	}
	if (w->delims[i].state == D_OPEN) {
		w->delims[i].closed = 1;
	} else {
		remove_delim(w, i);
	}
}

/* See internal.h. */
void
gz_mdw_link_open(struct gz_mdw *w)
{
	push_delim(w, "[", D_PENDING);
}

/* See internal.h: closers inside the link go first. */
void
gz_mdw_link_close(struct gz_mdw *w, const char *dest_title, size_t n)
{
	int i;

	resolve_closers(w, CL_PUNCT);
	i = innermost(w);
	if (i < 0) {
		return;
	}
	if (w->delims[i].state == D_OPEN) {
		emit_markup(w, "](", 2);
		put(w, dest_title, n);
		put(w, ")", 1);
	}
	remove_delim(w, i);
}

/* See internal.h. */
void
gz_mdw_atom(struct gz_mdw *w, const char *md, size_t n)
{
	if (n == 0) {
		return;
	}
	content(w, class_of((unsigned char)md[0]));
	emit_markup(w, md, n);
}

/* See internal.h. */
/* Whether a delimiter waits to be written (an opener, or a closer). */
static int
waiting(const struct gz_mdw *w)
{
	int i;

	for (i = 0; i < w->ndelims; i++) {
		if (w->delims[i].closed || w->delims[i].state == D_PENDING) {
			return 1;
		}
	}
	return 0;
}

/* Whether a link's text is being written. */
static int
in_link(const struct gz_mdw *w)
{
	int i;

	for (i = 0; i < w->ndelims; i++) {
		if (w->delims[i].s[0] == '[' && !w->delims[i].closed) {
			return 1;
		}
	}
	return 0;
}

/*
 * See internal.h.  Two code spans with nothing between them would read
 * back as one span holding both fences ("`a``b`"), so a span right after
 * another is merged into it: the first's content is taken back out of
 * the output and the two are written as one.
 */
void
gz_mdw_code(struct gz_mdw *w, const char *s, size_t n)
{
	struct gz_buf text, span;
	const char *d;
	size_t k, len, i;
	int merge = w->line_open && w->code_end == w->out->len && w->code_end > w->code_start &&
	            w->npend == 0 && !waiting(w);

	gz_buf_init(&text, NULL, 0);
	gz_buf_init(&span, NULL, 0);
	if (merge) {
		d = w->out->data + w->code_start;
		len = w->code_end - w->code_start;
		for (k = 0; k < len && d[k] == '`'; k++) {
		}
		d += k;
		len -= 2 * k;
		if (len >= 2 && d[0] == ' ' && d[len - 1] == ' ') {
			d++;
			len -= 2;
		}
		for (i = 0; i < len; i++) {
			/* A cell's "\|" is the span writer's own escape. */
			if (w->cell && d[i] == '\\' && i + 1 < len && d[i + 1] == '|') {
				continue;
			}
			gz_buf_putc(&text, d[i]);
		}
	}
	gz_buf_append(&text, s, n);
	if (in_link(w) && memchr(gz_buf_str(&text), ']', text.len) != NULL) {
		/* "[`a]:b`](/x)" at a paragraph's start is a link reference
		 * definition: a link's code holding ']' is written as text. */
		gz_mdw_text(w, gz_buf_str(&text), text.len, 0);
		gz_buf_free(&text);
		gz_buf_free(&span);
		return;
	}
	gz_mdw_code_span(&span, gz_buf_str(&text), text.len, w->cell);
	if (gz_buf_err(&text) != GZ_OK || gz_buf_err(&span) != GZ_OK) {
		w->out->err = GZ_ENOMEM;
	} else if (span.len > 0) {
		if (merge) {
			gz_buf_truncate(w->out, w->code_start);
			emit_markup(w, span.data, span.len);
		} else {
			gz_mdw_atom(w, span.data, span.len);
		}
		w->code_start = w->out->len - span.len;
		w->code_end = w->out->len;
	}
	gz_buf_free(&text);
	gz_buf_free(&span);
}

void
gz_mdw_raw(struct gz_mdw *w, const char *s, size_t n)
{
	resolve_blocks(w);
	emit_markup(w, s, n);
	w->atstart = 1;
}

/* See internal.h: a line with nothing on it gets the blank prefix. */
void
gz_mdw_newline(struct gz_mdw *w)
{
	resolve_blocks(w);
	if (!w->line_open) {
		write_prefix(w, w->nlv, 1);
	}
	put(w, "\n", 1);
	w->line_open = 0;
	w->atstart = 1;
}

/* See internal.h. */
void
gz_mdw_finish(struct gz_mdw *w)
{
	if (w->out->len > 0) {
		put(w, "\n", 1);
	}
}

/* Append c percent-encoded. */
static void
put_hex(struct gz_buf *b, unsigned char c)
{
	static const char hex[] = "0123456789ABCDEF";
	char e[3] = {'%', hex[c >> 4], hex[c & 15]};

	gz_buf_append(b, e, 3);
}

/* See internal.h: spaces, controls, <, >, |, backslash, " and ` are
 * percent-encoded, parentheses and entity-like & backslash-escaped. */
void
gz_mdw_dest(struct gz_buf *b, const char *url, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)url[i];

		if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == '|' || c == '\\' ||
		    c == '"' || c == '`') {
			put_hex(b, c);
		} else if (c == '(' || c == ')' ||
		           (c == '&' && entity_like(url + i + 1, n - i - 1))) {
			gz_buf_putc(b, '\\');
			gz_buf_putc(b, (char)c);
		} else {
			gz_buf_putc(b, (char)c);
		}
	}
}

/* Append s collapsed (ASCII whitespace runs to one space, controls out),
 * backslash-escaping the bytes in esc. */
static void
put_escaped(struct gz_buf *b, const char *s, size_t n, const char *esc)
{
	size_t i;
	int space = 0, any = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
			space = any;
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			continue;
		}
		if (space) {
			gz_buf_putc(b, ' ');
			space = 0;
		}
		/* An underscore inside a word is never emphasis: kept bare. */
		if (c == '_' && i > 0 && i + 1 < n && is_alnum((unsigned char)s[i - 1]) &&
		    is_alnum((unsigned char)s[i + 1])) {
			gz_buf_putc(b, '_');
			any = 1;
			continue;
		}
		if ((c < 0x80 && strchr(esc, c) != NULL) ||
		    (c == '&' && entity_like(s + i + 1, n - i - 1))) {
			gz_buf_putc(b, '\\');
		}
		gz_buf_putc(b, (char)c);
		any = 1;
	}
}

/* See internal.h. */
void
gz_mdw_title(struct gz_buf *b, const char *s, size_t n)
{
	gz_buf_putc(b, '"');
	put_escaped(b, s, n, "\"\\|");
	gz_buf_putc(b, '"');
}

/* See internal.h. */
void
gz_mdw_escape(struct gz_buf *b, const char *s, size_t n)
{
	put_escaped(b, s, n, "\\`*_[]<>|~");
}

/* See internal.h: whitespace collapsed, in a cell | escaped. */
void
gz_mdw_code_span(struct gz_buf *b, const char *s, size_t n, int cell)
{
	size_t i, run = 0, longest = 0, k;
	unsigned char first = 0, last = 0;
	int space = 0, any = 0, pad;

	/* A code span's content is literal: only its fence must be longer
	 * than any backtick run inside, and a space pads content that starts
	 * or ends with a backtick. */
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		run = c == '`' ? run + 1 : 0;
		longest = run > longest ? run : longest;
		if (c > 0x20 && c != 0x7f) {
			first = first ? first : c;
			last = c;
		}
	}
	if (first == 0) {
		return; /* nothing but whitespace: no span at all */
	}
	pad = first == '`' || last == '`';
	for (k = 0; k <= longest; k++) {
		gz_buf_putc(b, '`');
	}
	if (pad) {
		gz_buf_putc(b, ' ');
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
			space = any;
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			continue;
		}
		if (space) {
			gz_buf_putc(b, ' ');
			space = 0;
		}
		if (c == '|' && cell) {
			gz_buf_putc(b, '\\');
		}
		gz_buf_putc(b, (char)c);
		any = 1;
	}
	if (pad) {
		gz_buf_putc(b, ' ');
	}
	for (k = 0; k <= longest; k++) {
		gz_buf_putc(b, '`');
	}
}

/* See internal.h: http(s), nothing CommonMark would end or decode. */
int
gz_mdw_autolink_ok(const char *url, size_t n)
{
	size_t i;

	if (!((n > 7 && strncasecmp(url, "http://", 7) == 0) ||
	      (n > 8 && strncasecmp(url, "https://", 8) == 0))) {
		return 0;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)url[i];

		if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == '\\' || c == '"' ||
		    (c == '&' && entity_like(url + i + 1, n - i - 1))) {
			return 0;
		}
	}
	return 1;
}
