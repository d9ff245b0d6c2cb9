/*
 * Cookie consent: POST /consent.  Reading the reader's choice and the
 * banner's data is src/app/consent_state.c.  The choice lives in one first-party cookie,
 * "gz_consent=<accept|reject>.<policy version>.<unix time>", and every
 * choice is logged with a salted hash of the client address as proof of
 * consent.  A choice made under an older policy version counts as none,
 * so bumping the version asks everyone again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/app.h"
#include "gazette/arena.h"
#include "gazette/cookie.h"
#include "gazette/consent.h"
#include "gazette/secret.h"
#include "gazette/settings.h"
#include "gazette/str.h"
#include "../internal.h"

#define CONSENT_MAX_AGE (183L * 86400) /* six months, for accept and reject alike */

int
gz_app_same_origin(const struct gz_ctx *c)
{
	const char *origin = gz_request_header(c->req, "origin");
	const char *referer = gz_request_header(c->req, "referer");
	const char *src = origin ? origin : referer;
	const char *host;
	size_t hlen;

	if (src == NULL) {
		return 1;
	}
	if (strncmp(src, "https://", 8) == 0) {
		host = src + 8;
	} else if (strncmp(src, "http://", 7) == 0) {
		host = src + 7;
	} else {
		return 0; /* "null" and anything else */
	}
	hlen = strcspn(host, "/?#");
	return c->req->host[0] != '\0' && strlen(c->req->host) == hlen &&
	       strncmp(host, c->req->host, hlen) == 0;
}

/*
 * Log the choice and purge records older than the retention setting.  A
 * failure is not the reader's problem: the cookie still records the choice,
 * and the error is in the log.
 */
static void
record_choice(struct gz_ctx *c, const char *choice, long version)
{
	unsigned char hash[16];
	long days = gz_setting_int(c->db, "consent_retention_days", 365);

	gz_secret_client_hash(c->app->secret, c->req->remote_addr ? c->req->remote_addr : "", hash);
	(void)gz_consent_log(c->db, c->now, choice, version, hash, days);
}

void
gz_handle_consent_post(struct gz_ctx *c)
{
	const char *choice = gz_request_field(c->req, "choice");
	const char *next = gz_request_field(c->req, "next");
	long version = gz_setting_int(c->db, "policy_version", 1);
	struct gz_cookie ck = {0};
	char *value;

	if (next == NULL || next[0] == '\0') {
		next = "/";
	}
	if (choice == NULL || (strcmp(choice, "accept") != 0 && strcmp(choice, "reject") != 0) ||
	    gz_kv_count(&c->req->form, "choice") != 1 || !gz_redirect_target_ok(next)) {
		gz_app_error(c, 400);
		return;
	}
	value = gz_arena_printf(c->arena, "%s.%ld.%lld", choice, version, (long long)c->now);
	ck.name = GZ_CONSENT_COOKIE;
	ck.value = value;
	ck.path = "/";
	ck.max_age = CONSENT_MAX_AGE;
	ck.expires_base = c->now;
	ck.secure = c->req->https;
	ck.http_only = 1;
	ck.samesite = GZ_SAMESITE_LAX;
	if (value == NULL || gz_response_cookie(c->resp, &ck) != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	record_choice(c, choice, version);
	gz_response_redirect(c->resp, 303, next);
	gz_response_set_header(c->resp, "Cache-Control", "no-store");
}
