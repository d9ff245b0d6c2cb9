/*
 * cmark-gfm on a leash, and Markdown as plain text (md.h).  Below the
 * model (search indexes this text) and the view (which renders HTML from
 * the same parse), so neither depends on the other.  It knows GitHub's
 * three extensions Gazette uses (tables, ~~strikethrough~~, bare-URL
 * autolinks) and the one convention of the renderer that changes text (a
 * figure's caption); it does not know HTML.
 *
 * Out of memory.  cmark does not check allocations: its default allocator
 * aborts the process when malloc fails, and a custom one that returned
 * NULL would only move the crash.  So cmark gets an allocator of ours
 * (cmark_parser_new_with_mem; the extensions, renderers and iterators use
 * the memory of the parser or of the nodes they are given) that never
 * returns NULL to it: every block is linked into a per-call list, and when
 * malloc fails, or the call's budget (MD_HEAP_MAX, far above what any
 * accepted input needs) would be passed, it longjmp()s back to
 * gz_md_protected, which frees every block on the list and returns
 * GZ_ENOMEM (noted on the arena, so the request is answered 503) or
 * GZ_ETOOBIG.  The jump only ever crosses cmark's frames and the one
 * function of the caller's that called it, which keeps nothing but arena
 * memory.  Alternatives rejected: a reserve buffer released on the first
 * failure cannot bound what cmark asks for next, and a size pre-check
 * cannot see the system running out.
 *
 * Global state.  cmark-gfm 0.29 has some, unlike cmark 0.30:
 *   - the registry of extensions, filled once per process by
 *     cmark_gfm_core_extensions_ensure_registered(), which is not
 *     thread-safe and allocates with cmark's default (aborting) allocator.
 *     It runs under pthread_once, outside any protected call, before the
 *     first parse: a few hundred bytes, once.
 *   - the table of "special" inline characters, which every parse with
 *     inline extensions (strikethrough's '~', autolink's ':' and 'w') sets
 *     when it starts parsing inlines and clears when it ends, for every
 *     thread at once.  Two parses at the same time would clear each
 *     other's characters (a ~~strike~~ or a bare URL left as text now and
 *     then), so the parse itself (feed and finish; rendering does not
 *     touch the table) holds parse_lock.  A jump out of a parse leaves the
 *     characters set, which is harmless because every parse sets the same
 *     ones, and gz_md_protected releases the lock.  Only staff write
 *     Markdown (articles and pages; comments are plain text) and pages are
 *     cached, so serialising parses costs little.
 */
#include <assert.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/md.h"

/* Most bytes cmark may hold at once for one call.  cmark 0.30.2 needed up
 * to ~140 times the input: 1 MiB (GZ_MD_MAX) of "[" peaked at 143 MiB,
 * of "a\n" at 114, of "*a " at 94; a 20 KiB article about 1.  cmark-gfm
 * 0.29 with its extensions needs more: those three 213, 170 and 130 MiB, a
 * 1 MiB table of 127 full columns 203, a 20 KiB article 0.6.  What passes
 * the budget now are 1 MiB bodies that multiply nodes through the
 * extensions (175,000 e-mail addresses; 260,000 rows of a two-column
 * table, or one-cell rows the table fills up to its header's width): they
 * get GZ_ETOOBIG, like any runaway; no article comes near. */
#define MD_HEAP_MAX (256u * 1024 * 1024)

#define MD_MAGIC 0x6d64626bu /* "mdbk": marks blocks of this allocator */

/* Header of a block handed to cmark; the payload follows it. */
union md_block {
	struct {
		union md_block *prev, *next; /* the heap's list of live blocks */
		size_t size;                 /* payload bytes */
		unsigned magic;              /* MD_MAGIC */
	} h;
	max_align_t align; /* keeps the payload aligned for any type */
};

/* The memory of one protected cmark call on this thread. */
struct md_heap {
	jmp_buf fail;         /* where a refused allocation returns to */
	union md_block *live; /* every block cmark holds */
	size_t used;          /* payload bytes in live */
	size_t budget;        /* most bytes used may reach */
	long countdown;       /* tests: allocations left before a forced failure; <0 never */
	enum gz_err err;      /* why it jumped: GZ_ENOMEM or GZ_ETOOBIG */
	int locked;           /* this thread holds parse_lock (a jump may leave it held) */
};

/* Static storage, not the caller's frame, so it survives the longjmp
 * with defined contents; one protected call runs per thread at a time. */
static _Thread_local struct md_heap heap;
static _Thread_local int heap_active;

/* The extensions every parse attaches, by their registered names; the
 * EXT_ bits are their places. */
static const char *const ext_names[] = {"table", "strikethrough", "autolink"};
#define NEXTS (sizeof(ext_names) / sizeof(ext_names[0]))
#define EXT_TABLE (1u << 0)
#define EXT_AUTOLINK (1u << 2)

/*
 * Bounds on the two quadratic paths of cmark-gfm 0.29.0.gfm.6's
 * extensions found by fuzzing (fixed upstream in later releases, not in
 * Debian 12's), beyond which a document is parsed without that extension
 * (see slow_extensions):
 *   - the table extension splits a row into cells in time quadratic in the
 *     row's '|': 1 MiB of lines of 10,000 '|' under a one-column table
 *     took 11 s, a 32,000-column header row in 128 KiB 2.2 s.  Lines of at
 *     most MD_ROW_PIPES_MAX cost at most ~0.3 s per MiB, a full 1 MiB
 *     table of 127 columns 0.6 s.  (A table's short rows are filled up to
 *     the header's width, so 1 MiB of one-cell rows under a 127-column
 *     header would be 64 million cells: the heap budget stops that one,
 *     GZ_ETOOBIG, in 0.3 s.)
 *   - the autolink extension, at each "www." after a space or one of
 *     "*_~(", scans the rest of the run of host characters (letters,
 *     digits, "_.-", non-ASCII) and gives up when it finds a '_' in the
 *     last two labels, so 64 KiB of "www._" took 1.9 s and 1 MiB would
 *     take minutes.  MD_WWW_SCAN_MAX bounds the bytes those scans may
 *     cover (~5 ns each), counted generously: from every "www." to the end
 *     of its run.
 */
#define MD_ROW_PIPES_MAX 128
#define MD_WWW_SCAN_MAX (16u * 1024 * 1024)

static cmark_syntax_extension *exts[NEXTS]; /* found once by ext_init */
/* The same, as the list cmark_render_html takes: static cells, so the
 * renderers need no allocation for it and it outlives every parser. */
static cmark_llist ext_list[NEXTS];
static int ext_ready; /* 1 when ext_init found every extension */
static pthread_once_t ext_once = PTHREAD_ONCE_INIT;

/* Serialises parses: see "Global state" above. */
static pthread_mutex_t parse_lock = PTHREAD_MUTEX_INITIALIZER;

/* Abandon the cmark call under way: back to gz_md_protected. */
static _Noreturn void
md_fail(enum gz_err err)
{
	heap.err = err;
	longjmp(heap.fail, 1);
}

/* Link b (size payload bytes) into the heap. */
static void *
md_link(union md_block *b, size_t size)
{
	b->h.size = size;
	b->h.magic = MD_MAGIC;
	b->h.prev = NULL;
	b->h.next = heap.live;
	if (heap.live != NULL) {
		heap.live->h.prev = b;
	}
	heap.live = b;
	heap.used += size;
	return b + 1;
}

/* Unlink b from the heap. */
static void
md_unlink(union md_block *b)
{
	assert(b->h.magic == MD_MAGIC);
	if (b->h.prev != NULL) {
		b->h.prev->h.next = b->h.next;
	} else {
		heap.live = b->h.next;
	}
	if (b->h.next != NULL) {
		b->h.next->h.prev = b->h.prev;
	}
	heap.used -= b->h.size;
}

/* Fail now when the budget would be passed by growing use by more bytes,
 * or when a test asked for a failure at this allocation. */
static void
md_check(size_t more)
{
	assert(heap_active);
	if (more > heap.budget - heap.used || more > SIZE_MAX - sizeof(union md_block)) {
		md_fail(GZ_ETOOBIG);
	}
	if (heap.countdown >= 0 && heap.countdown-- == 0) {
		md_fail(GZ_ENOMEM);
	}
}

static void *
md_calloc(size_t n, size_t size)
{
	union md_block *b;

	if (size != 0 && n > SIZE_MAX / size) {
		md_fail(GZ_ETOOBIG);
	}
	md_check(n * size);
	if ((b = calloc(1, sizeof(*b) + n * size)) == NULL) {
		md_fail(GZ_ENOMEM);
	}
	return md_link(b, n * size);
}

static void *
md_realloc(void *p, size_t size)
{
	union md_block *b, *nb;

	if (p == NULL) {
		return md_calloc(1, size);
	}
	b = (union md_block *)p - 1;
	md_check(size > b->h.size ? size - b->h.size : 0);
	md_unlink(b);
	if ((nb = realloc(b, sizeof(*nb) + size)) == NULL) {
		/* b is still valid: back on the list, freed with the rest. */
		md_link(b, b->h.size);
		md_fail(GZ_ENOMEM);
	}
	return md_link(nb, size);
}

static void
md_free(void *p)
{
	union md_block *b;

	if (p == NULL) {
		return;
	}
	b = (union md_block *)p - 1;
	md_unlink(b);
	b->h.magic = 0;
	free(b);
}

static cmark_mem md_mem = {md_calloc, md_realloc, md_free};

/* Forced failures for tests: GAZETTE_TEST_MD_FAIL=N fails the Nth
 * allocation (from 1) of every call.  -1 (never) in other builds. */
static long
test_countdown(void)
{
#ifdef GAZETTE_TEST_HOOKS
	const char *v = getenv("GAZETTE_TEST_MD_FAIL");
	char *end;
	long n;

	if (v != NULL && *v != '\0') {
		n = strtol(v, &end, 10);
		if (*end == '\0' && n >= 1) {
			return n - 1;
		}
	}
#endif
	return -1;
}

/* Register cmark-gfm's extensions and look ours up; pthread_once runs it. */
static void
ext_init(void)
{
	size_t i;

	cmark_gfm_core_extensions_ensure_registered();
	for (i = 0; i < NEXTS; i++) {
		if ((exts[i] = cmark_find_syntax_extension(ext_names[i])) == NULL) {
			return;
		}
		ext_list[i].data = exts[i];
		ext_list[i].next = i + 1 < NEXTS ? &ext_list[i + 1] : NULL;
	}
	ext_ready = 1;
}

enum gz_err
gz_md_protected(struct gz_arena *a, enum gz_err (*fn)(void *), void *arg)
{
	union md_block *b, *next;
	enum gz_err rc;

	assert(!heap_active);
	/* Outside the protected region: its allocations are cmark's own. */
	pthread_once(&ext_once, ext_init);
	if (!ext_ready) {
		/* A libcmark-gfm without the core extensions: nothing to parse with. */
		return GZ_EINVAL;
	}
	heap.live = NULL;
	heap.used = 0;
	heap.budget = MD_HEAP_MAX;
	heap.countdown = test_countdown();
	heap.err = GZ_OK;
	heap.locked = 0;
	heap_active = 1;
	if (setjmp(heap.fail) == 0) {
		rc = fn(arg);
	} else {
		rc = heap.err;
		if (rc == GZ_ENOMEM) {
			gz_arena_note_nomem(a);
		}
	}
	if (heap.locked) {
		/* The jump left a parse half done; the lock is still ours. */
		heap.locked = 0;
		pthread_mutex_unlock(&parse_lock);
	}
	/* After a jump, what cmark held; after a clean run, nothing. */
	for (b = heap.live; b != NULL; b = next) {
		next = b->h.next;
		b->h.magic = 0;
		free(b);
	}
	heap.live = NULL;
	heap.used = 0;
	heap_active = 0;
	return rc;
}

/* 1 when c may continue the autolink extension's scan of a host name:
 * a superset of what it accepts (a backslash also takes the next byte). */
static int
host_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == '-' || c == '\\' || c >= 0x80;
}

/*
 * The extensions (EXT_ bits) md (len bytes) must be parsed without to stay
 * off their quadratic paths (MD_ROW_PIPES_MAX, MD_WWW_SCAN_MAX): tables
 * when a line holds more than MD_ROW_PIPES_MAX '|' (whether or not it
 * would be in a table: telling would take the parse), autolinks when the
 * scans from every "www." to the end of its run of host bytes add up to
 * more than MD_WWW_SCAN_MAX.  One pass, no allocation.
 */
static unsigned
slow_extensions(const char *md, size_t len)
{
	const unsigned char *s = (const unsigned char *)md;
	unsigned off = 0;
	size_t i, pipes = 0, nwww = 0;
	uint64_t at = 0, scan = 0; /* sum of the run's "www." offsets; bytes scanned */

	for (i = 0; i <= len; i++) {
		unsigned char c = i < len ? s[i] : '\n';

		if (c == '|' && ++pipes > MD_ROW_PIPES_MAX) {
			off |= EXT_TABLE;
		} else if (c == '\n') {
			pipes = 0;
		}
		if (i < len && host_byte(c)) {
			if (c == 'w' && len - i >= 4 && memcmp(s + i, "www.", 4) == 0) {
				nwww++;
				at += i;
			} else if (c == '\\' && i + 1 < len && s[i + 1] != '\n' &&
			           s[i + 1] != '|') {
				i++; /* the escaped byte is part of the run */
			}
			continue;
		}
		/* A run of host bytes ends at i: each "www." in it scanned to i. */
		scan += (uint64_t)nwww * i - at;
		if (scan > MD_WWW_SCAN_MAX) {
			off |= EXT_AUTOLINK;
		}
		nwww = 0;
		at = 0;
	}
	return off;
}

cmark_node *
gz_md_parse(const char *md, size_t len)
{
	cmark_parser *p;
	cmark_node *doc;
	unsigned off = slow_extensions(md, len);
	size_t i;

	assert(heap_active && ext_ready);
	p = cmark_parser_new_with_mem(GZ_MD_OPTS, &md_mem);
	for (i = 0; i < NEXTS; i++) {
		if ((off & (1u << i)) == 0) {
			cmark_parser_attach_syntax_extension(p, exts[i]);
		}
	}
	pthread_mutex_lock(&parse_lock);
	heap.locked = 1;
	cmark_parser_feed(p, md, len);
	doc = cmark_parser_finish(p);
	heap.locked = 0;
	pthread_mutex_unlock(&parse_lock);
	cmark_parser_free(p);
	return doc;
}

char *
gz_md_render_html(cmark_node *n)
{
	assert(heap_active && ext_ready);
	return cmark_render_html(n, GZ_MD_OPTS, ext_list);
}

/* A custom node of type on the bounded heap with its HTML. */
static cmark_node *
custom_node(cmark_node_type type, const char *on_enter, const char *on_exit)
{
	cmark_node *n;

	assert(heap_active);
	n = cmark_node_new_with_mem(type, &md_mem);
	cmark_node_set_on_enter(n, on_enter);
	cmark_node_set_on_exit(n, on_exit);
	return n;
}

cmark_node *
gz_md_custom_block(const char *on_enter, const char *on_exit)
{
	return custom_node(CMARK_NODE_CUSTOM_BLOCK, on_enter, on_exit);
}

cmark_node *
gz_md_node_new(int type)
{
	assert(heap_active);
	return cmark_node_new_with_mem((cmark_node_type)type, &md_mem);
}

cmark_node *
gz_md_custom_inline(const char *on_enter, const char *on_exit)
{
	return custom_node(CMARK_NODE_CUSTOM_INLINE, on_enter, on_exit);
}

cmark_node *
gz_md_lone_child(cmark_node *para)
{
	cmark_node *c, *only = NULL;
	const char *lit;

	for (c = cmark_node_first_child(para); c != NULL; c = cmark_node_next(c)) {
		if (cmark_node_get_type(c) == CMARK_NODE_TEXT &&
		    ((lit = cmark_node_get_literal(c)) == NULL || *lit == '\0')) {
			continue; /* what the autolink extension leaves before a link */
		}
		if (only != NULL) {
			return NULL;
		}
		only = c;
	}
	return only;
}

/* 1 when the text in b ends a sentence or clause (so a heading needs no mark). */
static int
ends_clause(const struct gz_buf *b)
{
	static const char *const marks[] = {".", "!", "?", ":", ";", "…", "。", "！", "？", "："};
	size_t i, n;

	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		n = strlen(marks[i]);
		if (b->len >= n && memcmp(b->data + b->len - n, marks[i], n) == 0) {
			return 1;
		}
	}
	return 0;
}

/* 1 when n is a block (table rows and cells are, strikethrough is not). */
static int
is_block(cmark_node_type t)
{
	return (t & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK;
}

/* The caption of image n when it is a figure (md.h), else NULL: alone in
 * its paragraph, or followed only by a line break and one emphasis (the
 * credit line of markdown.h's "Caption and credit", whose text the walk
 * collects anyway). */
static const char *
figure_caption(cmark_node *n)
{
	cmark_node *para = cmark_node_parent(n), *br = cmark_node_next(n), *em;
	const char *title = cmark_node_get_title(n);
	int credit;

	if (title == NULL || *title == '\0' || para == NULL ||
	    cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH) {
		return NULL;
	}
	credit = cmark_node_first_child(para) == n && br != NULL &&
	         (cmark_node_get_type(br) == CMARK_NODE_SOFTBREAK ||
	          cmark_node_get_type(br) == CMARK_NODE_LINEBREAK) &&
	         (em = cmark_node_next(br)) != NULL && cmark_node_get_type(em) == CMARK_NODE_EMPH &&
	         cmark_node_next(em) == NULL;
	if (!credit && gz_md_lone_child(para) != n) {
		return NULL;
	}
	return title;
}

/*
 * Append the text under n, blocks separated by one space (so table cells
 * and rows are too).  A heading that does not end a sentence is followed
 * by " —", so it does not read as the start of the paragraph after it
 * ("Supply Steel prices rose").  A figure's caption follows its image's
 * alt text, since readers see it.
 */
static void
collect_text(struct gz_buf *b, cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;

	if (it == NULL) {
		b->err = GZ_ENOMEM;
		return;
	}
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		const char *lit;

		if (ev == CMARK_EVENT_ENTER &&
		    (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE || t == CMARK_NODE_CODE_BLOCK)) {
			if ((lit = cmark_node_get_literal(n)) != NULL) {
				gz_buf_puts(b, lit);
			}
		} else if (ev == CMARK_EVENT_ENTER &&
		           (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)) {
			gz_buf_putc(b, ' ');
		} else if (ev == CMARK_EVENT_EXIT && t == CMARK_NODE_IMAGE &&
		           (lit = figure_caption(n)) != NULL) {
			if (b->len > 0 && b->data[b->len - 1] != ' ') {
				gz_buf_putc(b, ' ');
			}
			gz_buf_puts(b, lit);
		} else if (ev == CMARK_EVENT_EXIT && is_block(t) && b->len > 0 &&
		           b->data[b->len - 1] != ' ') {
			if (t == CMARK_NODE_HEADING && !ends_clause(b)) {
				gz_buf_puts(b, " —");
			}
			gz_buf_putc(b, ' ');
		}
	}
	cmark_iter_free(it);
}

/* What gz_md_text hands to run_text. */
struct text_job {
	const char *md;  /* source */
	size_t len;      /* its bytes */
	struct gz_buf b; /* the text, in the arena */
};

/* Parse and collect the text; gz_md_protected calls it. */
static enum gz_err
run_text(void *arg)
{
	struct text_job *j = arg;
	cmark_node *doc = gz_md_parse(j->md, j->len);

	collect_text(&j->b, doc);
	cmark_node_free(doc);
	return GZ_OK;
}

enum gz_err
gz_md_text(struct gz_arena *a, const char *md, size_t len, char **out)
{
	struct text_job j;
	enum gz_err rc;

	*out = NULL;
	if (len > GZ_MD_MAX) {
		return GZ_ETOOBIG;
	}
	j.md = md;
	j.len = len;
	gz_buf_init(&j.b, a, 0);
	gz_buf_reserve(&j.b, len);
	if ((rc = gz_md_protected(a, run_text, &j)) != GZ_OK || (rc = gz_buf_err(&j.b)) != GZ_OK) {
		return rc;
	}
	while (j.b.len > 0 && j.b.data[j.b.len - 1] == ' ') {
		gz_buf_truncate(&j.b, j.b.len - 1);
	}
	*out = j.b.data;
	return GZ_OK;
}

void
gz_md_free(void *p)
{
	md_free(p);
}
