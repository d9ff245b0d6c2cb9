/*
 * An in-process cache of rendered public pages, one per worker thread (so
 * no locks).  A public page is a function of its URL, the reader's consent
 * state and the cache keys it names (cache.c): an entry is reused while
 * the version and passed due time of its keys are those it was stored
 * with, and for at most PAGE_TTL seconds so that per-render details (the
 * comment form's token time) stay fresh.  Pages for sessions are never
 * stored.
 *
 * The check is cheap in the common case: the request already read the
 * content generation and the newest visible publish time (gz_app_state,
 * one query); while both are what the entry last saw, nothing at all was
 * written or came due, and the entry is good.  Otherwise one more query
 * reads its keys' versions (O(keys)); if those did not move (a comment on
 * another article) the entry stays and remembers the new generation.
 * This turns the common case, many readers on few pages, into two indexed
 * lookups and a copy.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gazette/app.h"
#include "gazette/arena.h"
#include "gazette/article.h"
#include "gazette/cache_keys.h"
#include "gazette/db.h"
#include "gazette/httpdate.h"
#include "internal.h"

#define PAGE_SLOTS 32         /* entries per worker (direct-mapped) */
#define PAGE_TTL 10           /* seconds an entry may be served */
#define PAGE_MAX (512 * 1024) /* larger pages are not kept */

struct page {
	char *key;                        /* consent, scheme, host + target; NULL: empty slot */
	int64_t gen;                      /* content generation when last checked */
	int64_t mark;                     /* newest visible publish time when last checked */
	int64_t version;                  /* its keys' largest version when stored */
	int64_t due;                      /* its keys' latest passed due time when stored */
	char *keybuf;                     /* its keys, NUL-separated */
	const char *keys[GZ_CTX_KEYS];    /* pointers into keybuf */
	size_t nkeys;                     /* keys in use */
	time_t stored;                    /* when stored */
	long long view_id;                /* article view to count on reuse, or 0 */
	size_t nheaders;                  /* headers kept */
	char *names[GZ_MAX_HEADERS_OUT];  /* header names */
	char *values[GZ_MAX_HEADERS_OUT]; /* header values */
	char *body;                       /* the page */
	size_t len;                       /* bytes in body */
};

struct gz_pagecache {
	struct page slots[PAGE_SLOTS]; /* direct-mapped by key hash */
};

static void
page_clear(struct page *p)
{
	size_t i;

	free(p->key);
	free(p->keybuf);
	for (i = 0; i < p->nheaders; i++) {
		free(p->names[i]);
		free(p->values[i]);
	}
	free(p->body);
	memset(p, 0, sizeof(*p));
}

void
gz_pagecache_free(struct gz_pagecache *cache)
{
	size_t i;

	if (cache == NULL) {
		return;
	}
	for (i = 0; i < PAGE_SLOTS; i++) {
		page_clear(&cache->slots[i]);
	}
	free(cache);
}

/* FNV-1a: short keys, a cheap spread is all that is needed. */
static size_t
slot_of(const char *key)
{
	uint32_t h = 2166136261u;

	for (; *key; key++) {
		h = (h ^ (unsigned char)*key) * 16777619u;
	}
	return h % PAGE_SLOTS;
}

/* Whether c's request may be answered from or stored into the cache; fills key. */
static int
cacheable(struct gz_ctx *c, char **key, int64_t *gen, int64_t *mark)
{
	int64_t changed;
	size_t n;
	char *k;

	if (c->app->no_pagecache || !(c->req->route_flags & GZ_ROUTE_PUBLIC) ||
	    (c->req->method != GZ_GET && c->req->method != GZ_HEAD) || c->personal) {
		return 0;
	}
	if (gz_app_state(c, gen, &changed, mark) != GZ_OK) {
		return 0;
	}
	/* The consent state (one digit), the scheme and Host, and the
	 * target: until an admin saves the base URL, a page's absolute links
	 * come from the Host it was asked under, so a page must never be
	 * served to a request for another host.  The Host passed
	 * gz_request_finish's host[:port] check (no space in it). */
	n = strlen(c->req->target) + strlen(c->req->host);
	if ((k = gz_arena_alloc(c->arena, n + 4)) == NULL) {
		return 0;
	}
	k[0] = (char)('0' + (int)gz_app_consent(c));
	k[1] = c->req->https ? 's' : 'h';
	strcpy(k + 2, c->req->host);
	strcat(k + 2, " ");
	strcat(k + 2, c->req->target);
	*key = k;
	return 1;
}

int
gz_pagecache_serve(struct gz_worker *w)
{
	struct gz_ctx *c = &w->ctx;
	const char *inm, *etag, *ims, *lm;
	time_t since, modified;
	struct page *p;
	int64_t gen, mark;
	char *key;
	size_t i;

	if (w->cache == NULL || !cacheable(c, &key, &gen, &mark)) {
		return 0;
	}
	p = &w->cache->slots[slot_of(key)];
	if (p->key == NULL || strcmp(p->key, key) != 0 || c->now - p->stored >= PAGE_TTL ||
	    c->now < p->stored) {
		return 0;
	}
	if (p->gen != gen || p->mark != mark) {
		int64_t version, changed, due;

		/* Something was written or came due: was it one of ours? */
		if (gz_cache_state(c->db, p->keys, p->nkeys, c->now, &version, &changed, &due) !=
		        GZ_OK ||
		    version != p->version || due != p->due) {
			return 0;
		}
		p->gen = gen;
		p->mark = mark;
	}
	for (i = 0; i < p->nheaders; i++) {
		gz_response_header(c->resp, p->names[i], p->values[i]);
	}
	if (p->view_id != 0 && c->req->method == GZ_GET) {
		gz_app_count_view(c, p->view_id);
	}
	etag = gz_response_get_header(c->resp, "ETag");
	inm = gz_request_header(c->req, "if-none-match");
	ims = gz_request_header(c->req, "if-modified-since");
	lm = gz_response_get_header(c->resp, "Last-Modified");
	if ((etag != NULL && inm != NULL && strstr(inm, etag + 2) != NULL) ||
	    (inm == NULL && ims != NULL && lm != NULL && gz_http_date_parse(ims, &since) == GZ_OK &&
	     gz_http_date_parse(lm, &modified) == GZ_OK && since >= modified)) {
		c->resp->status = 304;
		return 1;
	}
	c->resp->status = 200;
	gz_buf_append(&c->resp->body, p->body, p->len);
	return 1;
}

/*
 * Copy c's cache keys into p with the validator they had when the page
 * was rendered: the numbers in its ETag ("W/\"k<version>-d<due>-..."),
 * which gz_app_cache_finish read moments ago.  0 when there is none (the
 * page has no validator: not kept) or out of memory.
 */
static int
store_keys(struct gz_ctx *c, struct page *p)
{
	const char *etag = gz_response_get_header(c->resp, "ETag");
	long long version, due;
	size_t i, len = 0, off = 0;

	if (etag == NULL || sscanf(etag, "W/\"k%lld-d%lld-", &version, &due) != 2) {
		return 0;
	}
	for (i = 0; i < c->nkeys; i++) {
		len += strlen(c->keys[i]) + 1;
	}
	if ((p->keybuf = malloc(len + 1)) == NULL) {
		return 0;
	}
	for (i = 0; i < c->nkeys; i++) {
		size_t n = strlen(c->keys[i]) + 1;

		memcpy(p->keybuf + off, c->keys[i], n);
		p->keys[i] = p->keybuf + off;
		off += n;
	}
	p->nkeys = c->nkeys;
	p->version = version;
	p->due = due;
	return 1;
}

void
gz_pagecache_store(struct gz_worker *w)
{
	struct gz_ctx *c = &w->ctx;
	struct page *p;
	int64_t gen, mark;
	char *key;
	size_t i;

	if (c->resp->status != 200 || c->no_store || c->resp->body.len > PAGE_MAX ||
	    gz_buf_err(&c->resp->body) != GZ_OK) {
		return;
	}
	if (w->cache == NULL && (w->cache = calloc(1, sizeof(*w->cache))) == NULL) {
		return;
	}
	if (!cacheable(c, &key, &gen, &mark)) {
		return;
	}
	p = &w->cache->slots[slot_of(key)];
	page_clear(p);
	p->key = strdup(key);
	p->body = malloc(c->resp->body.len + 1);
	if (p->key == NULL || p->body == NULL) {
		page_clear(p);
		return;
	}
	memcpy(p->body, gz_buf_str(&c->resp->body), c->resp->body.len);
	p->len = c->resp->body.len;
	for (i = 0; i < c->resp->nheaders; i++) {
		/* Set-Cookie belongs to one reader, never to a shared copy. */
		if (strcasecmp(c->resp->headers[i].name, "Set-Cookie") == 0) {
			page_clear(p);
			return;
		}
		p->names[i] = strdup(c->resp->headers[i].name);
		p->values[i] = strdup(c->resp->headers[i].value);
		p->nheaders = i + 1;
		if (p->names[i] == NULL || p->values[i] == NULL) {
			page_clear(p);
			return;
		}
	}
	if (!store_keys(c, p)) {
		page_clear(p);
		return;
	}
	p->gen = gen;
	p->mark = mark;
	p->stored = c->now;
	p->view_id = c->view_id;
}
