/*
 * HTTP caching of public pages by cache keys (issue 18).  A page names the
 * keys it was built from while it renders (gazette/cache_keys.h lists
 * them): the handler its own ("home", "cat:3", "article:12"), the listing
 * helper every article it shows, and this file "all" and "sections" (the
 * menu) for every page.  Once the page is rendered its validator is the
 * largest version among those keys plus the latest due time passed
 * (scheduled articles), read by one statement, and the reader's consent
 * state (the banner).  So a 304 is never wrong, a comment on one article
 * leaves every page that does not show it valid, and shared caches learn
 * the keys from the xkey and Surrogate-Key headers, to be purged by them
 * (src/app/purge.c).  Pages for logged-in users and commenters are never
 * shared.
 *
 * The listing helper (gz_app_summary_val) takes no request, so the keys it
 * names go to the request this thread is handling: gz_app_keys_begin
 * points a thread-local at it for the length of gz_app_handle.  Every
 * worker handles one request at a time on its own thread; outside a
 * request (tests, the CLI) nothing is collected.
 *
 * It does not know what the keys mean, nor who purges them.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/article.h"
#include "gazette/cache_keys.h"
#include "gazette/db.h"
#include "gazette/etag.h"
#include "gazette/httpdate.h"
#include "internal.h"

/* "article:ID" keys a page names one by one; past that it names "articles". */
#define ARTICLE_KEYS_MAX 40

/* The request this thread is handling, for gz_app_key_article. */
static _Thread_local struct gz_ctx *current;

void
gz_app_keys_begin(struct gz_ctx *c)
{
	current = c;
}

void
gz_app_keys_end(void)
{
	current = NULL;
}

void
gz_app_key(struct gz_ctx *c, const char *key)
{
	size_t i;

	for (i = 0; i < c->nkeys; i++) {
		if (strcmp(c->keys[i], key) == 0) {
			return;
		}
	}
	/* A page naming more than a query reads cannot be validated by
	 * its keys: it is simply not kept. */
	if (c->nkeys == GZ_CTX_KEYS) {
		c->no_store = 1;
		return;
	}
	c->keys[c->nkeys++] = key;
}

void
gz_app_key_id(struct gz_ctx *c, const char *prefix, long long id)
{
	const char *key = gz_arena_printf(c->arena, "%s%lld", prefix, id);

	if (key == NULL) {
		c->no_store = 1;
		return;
	}
	gz_app_key(c, key);
}

void
gz_app_key_article(long long id)
{
	struct gz_ctx *c = current;

	if (c == NULL || id <= 0) {
		return;
	}
	if (c->narticle_keys >= ARTICLE_KEYS_MAX) {
		/* Any article's change touches "articles" too. */
		gz_app_key(c, "articles");
		return;
	}
	c->narticle_keys++;
	gz_app_key_id(c, "article:", id);
}

enum gz_err
gz_app_state(struct gz_ctx *c, int64_t *gen, int64_t *changed, int64_t *mark)
{
	enum gz_err rc;

	if (!c->state_read) {
		int64_t g, ch, m;

		if ((rc = gz_article_page_state(c->db, c->now, &g, &ch, &m)) != GZ_OK) {
			return rc;
		}
		c->state_gen = g;
		c->state_changed = ch;
		c->state_mark = m;
		c->state_read = 1;
	}
	*gen = c->state_gen;
	*changed = c->state_changed;
	*mark = c->state_mark;
	return GZ_OK;
}

int
gz_app_cache(struct gz_ctx *c)
{
	if (c->req->method != GZ_GET && c->req->method != GZ_HEAD) {
		return 0;
	}
	/* A logged-in reader may see things others do not, and a commenter
	 * gets a form prefilled with their details: never cached. */
	if (c->personal) {
		gz_response_set_header(c->resp, "Cache-Control", "private, no-store");
		return 0;
	}
	c->shared = 1;
	gz_app_key(c, "all");
	gz_app_key(c, "sections");
	/* Browsers revalidate every time (a cheap 304); shared caches such as
	 * nginx's micro-cache may keep the page for a few seconds, and one
	 * that purges by key (deploy/varnish) for longer.  The page differs
	 * by the consent cookie, hence Vary. */
	gz_response_set_header(c->resp, "Cache-Control",
	                       "public, max-age=0, s-maxage=10, must-revalidate");
	gz_response_set_header(c->resp, "Vary", "Cookie");
	return 0;
}

/*
 * A key set's validator is a function of the content state: it moves only
 * with a write (the generation moves on every one, whatever keys it
 * touches) or when a scheduled article comes due (the visible mark moves).
 * gz_pagecache_serve trusts that rule for its cheap check; here it spares
 * a rendered page the statement over its keys: each worker thread keeps
 * the last validators it read, by the joined keys, and asks SQLite again
 * only when the state has moved.  Key sets longer than a slot are not
 * kept.  Per thread, so no lock: a worker handles one request at a time.
 */
#define STATE_SLOTS 64
#define STATE_KEYS_MAX 1024

struct state_slot {
	const struct gz_db *db; /* the connection it was read on */
	int64_t gen, gen_changed, mark;
	int64_t version, changed, due;
	char keys[STATE_KEYS_MAX]; /* the joined keys; "" = empty slot */
};

static _Thread_local struct state_slot state_slots[STATE_SLOTS];

/* The validator of c's keys (joined in joined), from the thread's memo or SQLite. */
static enum gz_err
keys_state(struct gz_ctx *c, const char *joined, int64_t *version, int64_t *changed, int64_t *due)
{
	struct state_slot *s = NULL;
	int64_t gen, gen_changed, mark;
	uint32_t h = 2166136261u; /* FNV-1a */
	size_t len = strlen(joined);
	const char *p;
	enum gz_err rc;

	if (len < STATE_KEYS_MAX && gz_app_state(c, &gen, &gen_changed, &mark) == GZ_OK) {
		for (p = joined; *p; p++) {
			h = (h ^ (unsigned char)*p) * 16777619u;
		}
		s = &state_slots[h % STATE_SLOTS];
		if (s->db == c->db && s->gen == gen && s->gen_changed == gen_changed &&
		    s->mark == mark && strcmp(s->keys, joined) == 0) {
			*version = s->version;
			*changed = s->changed;
			*due = s->due;
			return GZ_OK;
		}
	}
	rc = gz_cache_state(c->db, c->keys, c->nkeys, c->now, version, changed, due);
	if (rc == GZ_OK && s != NULL) {
		s->db = c->db;
		s->gen = gen;
		s->gen_changed = gen_changed;
		s->mark = mark;
		s->version = *version;
		s->changed = *changed;
		s->due = *due;
		memcpy(s->keys, joined, len + 1);
	}
	return rc;
}

void
gz_app_cache_finish(struct gz_ctx *c)
{
	int64_t version, changed, due;
	char etag[96], date[GZ_HTTP_DATE_SIZE];
	struct gz_buf keys;
	size_t i;

	if (!c->shared || c->personal || c->resp->status != 200) {
		return;
	}
	gz_buf_init(&keys, c->arena, GZ_CTX_KEYS * (GZ_CACHE_KEY_LEN + 1) + 1);
	for (i = 0; i < c->nkeys; i++) {
		if (i > 0) {
			gz_buf_putc(&keys, ' ');
		}
		gz_buf_puts(&keys, c->keys[i]);
	}
	/* Too many keys, or a key that cannot be read: no validator, so no
	 * cache may keep the page beyond its few seconds. */
	if (c->no_store || gz_buf_err(&keys) != GZ_OK ||
	    keys_state(c, gz_buf_str(&keys), &version, &changed, &due) != GZ_OK) {
		c->no_store = 1;
		return;
	}
	snprintf(etag, sizeof(etag), "W/\"k%lld-d%lld-c%d%d\"", (long long)version, (long long)due,
	         (int)gz_app_consent(c), gz_request_arg(c->req, "cookie-settings") != NULL);
	gz_response_set_header(c->resp, "ETag", etag);
	if (gz_http_date_format((time_t)changed, date) == GZ_OK) {
		gz_response_set_header(c->resp, "Last-Modified", date);
	}
	/* xkey for Varnish's vmod, Surrogate-Key for CDNs (Fastly's name). */
	gz_response_set_header(c->resp, "xkey", gz_buf_str(&keys));
	gz_response_set_header(c->resp, "Surrogate-Key", gz_buf_str(&keys));
}

void
gz_app_cache_conditional(struct gz_ctx *c)
{
	const char *etag, *lm, *inm, *ims;
	time_t since, modified;

	if (c->resp->status != 200 || (c->req->method != GZ_GET && c->req->method != GZ_HEAD) ||
	    (etag = gz_response_get_header(c->resp, "ETag")) == NULL) {
		return;
	}
	inm = gz_request_header(c->req, "if-none-match");
	ims = gz_request_header(c->req, "if-modified-since");
	lm = gz_response_get_header(c->resp, "Last-Modified");
	/* If-None-Match wins; If-Modified-Since only counts without it. */
	if ((inm != NULL && gz_etag_match(inm, etag)) ||
	    (inm == NULL && ims != NULL && lm != NULL && gz_http_date_parse(ims, &since) == GZ_OK &&
	     gz_http_date_parse(lm, &modified) == GZ_OK && since >= modified)) {
		c->resp->status = 304;
		gz_buf_reset(&c->resp->body);
	}
}
