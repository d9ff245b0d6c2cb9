/*
 * HTTP caching of public pages.  A page is a function of the content
 * generation (bumped by every visible write), of the clock only through
 * scheduled articles coming due (the newest visible publish time), and of
 * the reader's consent state (the banner).  The validator is built from
 * exactly those, so a 304 is never wrong and shared caches can keep
 * anonymous pages briefly.  Pages for logged-in users are never cached.
 */
#include <stdio.h>
#include <string.h>

#include "gazette/article.h"
#include "gazette/db.h"
#include "gazette/httpdate.h"
#include "internal.h"

/* True when the If-None-Match list holds etag (weak comparison). */
static int
etag_matches(const char *list, const char *etag)
{
	const char *p = list;
	size_t elen = strlen(etag);

	if (strcmp(list, "*") == 0) {
		return 1;
	}
	while (*p) {
		while (*p == ' ' || *p == ',' || *p == '\t') {
			p++;
		}
		if (strncmp(p, "W/", 2) == 0) {
			p += 2;
		}
		/* Our own tags are always weak; compare the opaque part. */
		if (strncmp(p, etag + 2, elen - 2) == 0 &&
		    (p[elen - 2] == '\0' || p[elen - 2] == ',' || p[elen - 2] == ' ')) {
			return 1;
		}
		p = strchr(p, ',');
		if (p == NULL) {
			break;
		}
	}
	return 0;
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
	int64_t gen, changed, mark, modified;
	char etag[96], date[GZ_HTTP_DATE_SIZE];
	const char *inm, *ims;
	time_t since;
	int consent, ask;

	if (c->req->method != GZ_GET && c->req->method != GZ_HEAD) {
		return 0;
	}
	/* A logged-in reader may see things others do not, and a commenter
	 * gets a form prefilled with their details: never cached. */
	if (c->personal) {
		gz_response_set_header(c->resp, "Cache-Control", "private, no-store");
		return 0;
	}
	if (gz_app_state(c, &gen, &changed, &mark) != GZ_OK) {
		return 0;
	}
	consent = gz_app_consent(c);
	ask = gz_request_arg(c->req, "cookie-settings") != NULL;
	snprintf(etag, sizeof(etag), "W/\"g%lld-m%lld-c%d%d\"", (long long)gen, (long long)mark,
	         consent, ask);
	modified = changed > mark ? changed : mark;
	gz_response_set_header(c->resp, "ETag", etag);
	if (gz_http_date_format((time_t)modified, date) == GZ_OK) {
		gz_response_set_header(c->resp, "Last-Modified", date);
	}
	/* Browsers revalidate every time (a cheap 304); shared caches such as
	 * nginx's micro-cache may keep the page for a few seconds.  The page
	 * differs by the consent cookie, hence Vary. */
	gz_response_set_header(c->resp, "Cache-Control",
	                       "public, max-age=0, s-maxage=10, must-revalidate");
	gz_response_set_header(c->resp, "Vary", "Cookie");
	inm = gz_request_header(c->req, "if-none-match");
	ims = gz_request_header(c->req, "if-modified-since");
	if ((inm != NULL && etag_matches(inm, etag)) ||
	    (inm == NULL && ims != NULL && gz_http_date_parse(ims, &since) == GZ_OK &&
	     (int64_t)since >= modified)) {
		c->resp->status = 304;
		gz_buf_reset(&c->resp->body);
		return 1;
	}
	return 0;
}
