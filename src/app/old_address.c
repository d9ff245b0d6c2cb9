/*
 * Old addresses: what a GET or HEAD that no route answers gets before the
 * 404, and what "/" does with WordPress's query-string links.  In order:
 * one lookup in the redirects table (the importer's permalinks, "/?p=12",
 * "/category/a/b/"), then WordPress's search addresses ("/?s=term",
 * "/search/term/") and feed aliases ("/comments/feed/" to the comment feed, "/feed/rss2/"),
 * then a path that differs from a route only by its trailing slash
 * ("/feed/", "/tag/x/").  Each answer is a 301 that browsers and proxies
 * may keep for an hour.
 *
 * The dispatcher calls in only once routing failed (or for "/" with a
 * query), so a matched route pays nothing.  What an old address maps to is
 * the importer's business; this file only reads the table.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/redirect.h"
#include "gazette/router.h"
#include "gazette/url.h"
#include "internal.h"

/* The query-string parameters that name one WordPress item on "/". */
static const char *const item_args[] = {"p", "page_id", "attachment_id", "cat", "tag", "author"};

/*
 * WordPress feed addresses that have no route of their own, without their
 * trailing slash, and where they land (the site's comments feed is
 * /feed/comments).
 */
static const struct {
	const char *from; /* decoded path, no trailing slash */
	const char *to;   /* route path */
} feed_aliases[] = {
    {"/comments/feed", "/feed/comments"},
    {"/feed/rss2", "/feed"},
    {"/feed/rss", "/feed"},
    {"/feed/rdf", "/feed"},
    {"/feed/rss2/atom", "/feed/atom"},
};

/*
 * Answer 301 to location (a local path, already percent-encoded) with a
 * short public lifetime: a moved address stays moved, but an operator who
 * fixes a wrong row should not wait days for caches.  The page cache
 * stores only 200s, so it never keeps this.  Returns 1 when the answer is
 * set, 0 when location was refused (not a local path).
 */
static int
moved(struct gz_ctx *c, const char *location)
{
	if (location == NULL || gz_response_redirect(c->resp, 301, location) != GZ_OK) {
		return 0;
	}
	gz_response_set_header(c->resp, "Cache-Control", "public, max-age=3600");
	return 1;
}

/*
 * Append a raw query string to b for a Location header: bytes that are not
 * printable ASCII, and those browsers would treat specially or that are
 * not allowed in a URL (space, quotes, angle brackets, backslash...), are
 * percent-encoded; everything else, existing escapes included, is kept.
 */
static void
append_query(struct gz_buf *b, const char *q)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)q; *p != '\0'; p++) {
		if (*p <= 0x20 || *p >= 0x7f || strchr("\"<>\\^`{|}", *p) != NULL) {
			gz_buf_putc(b, '%');
			gz_buf_putc(b, hex[*p >> 4]);
			gz_buf_putc(b, hex[*p & 15]);
		} else {
			gz_buf_putc(b, (char)*p);
		}
	}
}

/*
 * "/search?q=" + term percent-encoded, in the arena ("/search" alone for
 * an empty term); NULL when out of memory.
 */
static const char *
search_location(struct gz_arena *a, const char *term, size_t n)
{
	struct gz_buf b;

	gz_buf_init(&b, a, 4 * GZ_TARGET_MAX);
	gz_buf_puts(&b, "/search");
	if (n > 0) {
		gz_buf_puts(&b, "?q=");
		gz_url_encode(&b, term, n);
	}
	return gz_buf_err(&b) == GZ_OK ? gz_buf_str(&b) : NULL;
}

/*
 * "/search/term" or "/search/term/" (WordPress's pretty search address,
 * where '+' stands for a space): 301 to "/search?q=term".  Returns 1 when
 * it answered.
 */
static int
pretty_search(struct gz_ctx *c)
{
	const char *path = c->req->path, *term;
	size_t n;
	char *copy, *p;

	if (strncmp(path, "/search/", 8) != 0) {
		return 0;
	}
	term = path + 8;
	n = strcspn(term, "/");
	if (n == 0 || (term[n] == '/' && term[n + 1] != '\0')) {
		return 0;
	}
	if ((copy = gz_arena_strndup(c->arena, term, n)) == NULL) {
		return 0;
	}
	for (p = copy; *p != '\0'; p++) {
		if (*p == '+') {
			*p = ' ';
		}
	}
	return moved(c, search_location(c->arena, copy, n));
}

/*
 * A path that a route answers once its trailing slash is gone, or that is
 * one of the feed aliases with or without it: 301 there, keeping the
 * query.  Returns 1 when it answered.
 */
static int
slash_or_alias(struct gz_ctx *c)
{
	const char *path = c->req->path, *to = NULL;
	size_t n = strlen(path), i;
	struct gz_request probe;
	unsigned allow;
	struct gz_buf b;
	char *bare;

	if (n > 1 && path[n - 1] == '/') {
		n--;
	}
	if ((bare = gz_arena_strndup(c->arena, path, n)) == NULL) {
		return 0;
	}
	for (i = 0; i < sizeof(feed_aliases) / sizeof(feed_aliases[0]); i++) {
		if (strcmp(bare, feed_aliases[i].from) == 0) {
			to = feed_aliases[i].to;
			break;
		}
	}
	if (to == NULL) {
		if (n == strlen(path)) {
			return 0;
		}
		/* A copy, so matching cannot touch the request's own params. */
		probe = *c->req;
		probe.path = bare;
		probe.method = GZ_GET;
		if (gz_route_find(&probe, &allow) == NULL) {
			return 0;
		}
	}
	gz_buf_init(&b, c->arena, 4 * GZ_TARGET_MAX);
	if (to != NULL) {
		gz_buf_puts(&b, to);
	} else {
		gz_url_encode_path(&b, bare, n);
	}
	if (c->req->query[0] != '\0') {
		gz_buf_putc(&b, '?');
		append_query(&b, c->req->query);
	}
	return gz_buf_err(&b) == GZ_OK && moved(c, gz_buf_str(&b));
}

/* The path as received, up to the query (so it is decoded only once, by
 * the redirect key), in the arena; NULL when out of memory. */
static const char *
raw_path(struct gz_ctx *c)
{
	return gz_arena_strndup(c->arena, c->req->target, strcspn(c->req->target, "?"));
}

/*
 * Look the old address up.  Returns 1 with a 301 set when found, 1 with an
 * error page when the lookup failed (500, which becomes 503 for a passing
 * fault), 0 when there is no row.
 */
static int
lookup(struct gz_ctx *c, const char *path)
{
	enum gz_err rc;
	char *target;

	if (c->db == NULL) {
		return 0;
	}
	if (path == NULL) {
		gz_app_error(c, 500);
		return 1;
	}
	rc = gz_redirect_find(c->db, c->arena, path, c->req->query, &target);
	if (rc == GZ_ENOTFOUND) {
		return 0;
	}
	if (rc != GZ_OK || !moved(c, target)) {
		gz_app_error(c, 500);
	}
	return 1;
}

int
gz_app_old_address(struct gz_ctx *c, int root)
{
	const char *s;
	size_t i;

	if (c->req->method != GZ_GET && c->req->method != GZ_HEAD) {
		return 0;
	}
	if (root) {
		for (i = 0; i < sizeof(item_args) / sizeof(item_args[0]); i++) {
			const char *v = gz_request_arg(c->req, item_args[i]);

			if (v != NULL && v[0] != '\0') {
				break;
			}
		}
		if (i < sizeof(item_args) / sizeof(item_args[0])) {
			if (lookup(c, "/")) {
				return 1;
			}
		}
		if ((s = gz_request_arg(c->req, "s")) != NULL) {
			if (!moved(c, search_location(c->arena, s, strlen(s)))) {
				gz_app_error(c, 500);
			}
			return 1;
		}
		/* "/?p=999": an old item that was never imported is gone,
		 * not the front page. */
		if (i < sizeof(item_args) / sizeof(item_args[0])) {
			gz_app_error(c, 404);
			return 1;
		}
		return 0;
	}
	if (lookup(c, raw_path(c))) {
		return 1;
	}
	return pretty_search(c) || slash_or_alias(c);
}
