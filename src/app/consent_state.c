/*
 * The reader's cookie choice as this request carries it, and the banner's
 * data for every page.  Shared by the page renderer (render.c) and the
 * handlers; it writes nothing and sets no cookie (reader/consent.c does,
 * for POST /consent).  The choice is read once per request: the banner, the
 * validator, the page-cache key and the comment form all ask.
 */
#include <string.h>

#include "gazette/app.h"
#include "gazette/arena.h"
#include "gazette/request.h"
#include "gazette/response.h"
#include "gazette/settings.h"
#include "gazette/str.h"
#include "gazette/value.h"
#include "internal.h"

/*
 * The choice in the consent cookie value v ("<accept|reject>.<version>.<time>"):
 * GZ_CONSENT_NONE when v is NULL or malformed, or when its version is not
 * the setting policy_version (read from c->db only for a well-formed v).
 */
static enum gz_consent
parse_choice(struct gz_ctx *c, const char *v)
{
	const char *dot;
	char num[24];
	long version;
	enum gz_consent state;

	if (v == NULL) {
		return GZ_CONSENT_NONE;
	}
	if (strncmp(v, "accept.", 7) == 0) {
		state = GZ_CONSENT_ACCEPT;
		v += 7;
	} else if (strncmp(v, "reject.", 7) == 0) {
		state = GZ_CONSENT_REJECT;
		v += 7;
	} else {
		return GZ_CONSENT_NONE;
	}
	if ((dot = strchr(v, '.')) == NULL || (size_t)(dot - v) >= sizeof(num)) {
		return GZ_CONSENT_NONE;
	}
	memcpy(num, v, (size_t)(dot - v));
	num[dot - v] = '\0';
	if (gz_str_to_long(num, 0, 1000000, &version) != GZ_OK ||
	    version != gz_setting_int(c->db, "policy_version", 1)) {
		return GZ_CONSENT_NONE;
	}
	return state;
}

enum gz_consent
gz_app_consent(struct gz_ctx *c)
{
	/* The banner, the validator, the page-cache key and the comment form
	 * all ask; the cookie is parsed and the setting read once. */
	if (!c->consent_read) {
		c->consent = parse_choice(c, gz_request_cookie(c->req, GZ_CONSENT_COOKIE));
		c->consent_read = 1;
	}
	return c->consent;
}

static const char *const consent_names[] = {"none", "accept", "reject"};

void
gz_app_consent_data(struct gz_ctx *c, struct gz_val *data)
{
	struct gz_val *m = gz_val_map_new(c->arena);
	enum gz_consent state = gz_app_consent(c);
	const char *next = c->req->target, *text;

	if (m == NULL) {
		return;
	}
	/* The banner returns the reader to where they were; "/consent" itself
	 * or anything odd falls back to the home page. */
	if (!gz_redirect_target_ok(next) || strncmp(next, "/consent", 8) == 0) {
		next = "/";
	}
	gz_val_map_set(m, "state", gz_val_str(c->arena, consent_names[state]));
	gz_val_map_set(m, "ask",
	               gz_val_bool(state == GZ_CONSENT_NONE ||
	                           gz_request_arg(c->req, "cookie-settings") != NULL));
	gz_val_map_set(m, "accepted", gz_val_bool(state == GZ_CONSENT_ACCEPT));
	text = gz_setting_get(c->db, c->arena, "consent_text", "");
	gz_val_map_set(m, "text", gz_val_str(c->arena, text != NULL ? text : ""));
	gz_val_map_set(m, "next", gz_val_str(c->arena, next));
	gz_val_map_set(data, "consent", m);
}
