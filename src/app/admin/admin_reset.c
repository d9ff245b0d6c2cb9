/*
 * The other end of a password-reset link: GET /admin/reset/{token} shows
 * a "choose a new password" form while the link works, POST sets the
 * password (argon2id, the same rules as everywhere: GZ_USER_PASSWORD_MIN..
 * MAX bytes, typed twice) and ends every session of the user, then sends
 * them to log in.  Links are made by admins (admin_users.c) and by
 * `gazette user reset` (src/cli/user.c); gazette/reset.h keeps them.
 *
 * No session exists here, so the form carries its own token: a keyed hash
 * of the link's token under the site secret, which only this server can
 * make; with the route's same-origin check a cross-site page cannot post
 * a password into someone's link.  An unknown, used or expired link gets
 * 404 or 410 with a sentence saying so, never the form.
 */
#include <string.h>

#include <sodium.h>

#include "gazette/app.h"
#include "gazette/arena.h"
#include "gazette/audit.h"
#include "gazette/i18n.h"
#include "gazette/reset.h"
#include "gazette/user.h"
#include "../internal.h"

/* The form token for a link token, as hex into out (65 bytes). */
static void
form_token(const struct gz_ctx *c, const char *token, char out[65])
{
	unsigned char key[crypto_auth_KEYBYTES], mac[crypto_auth_BYTES];

	crypto_kdf_derive_from_key(key, sizeof(key), 3, "gzreset_", c->app->secret);
	crypto_auth(mac, (const unsigned char *)token, strlen(token), key);
	sodium_bin2hex(out, 65, mac, 32);
	sodium_memzero(key, sizeof(key));
}

/*
 * Render the reset page: the form (when token is not NULL) with an error
 * for the password field, or only a message (gone: the link does not
 * work).
 */
static void
render(struct gz_ctx *c, int status, const char *token, const char *login, const char *error,
       const char *gone)
{
	struct gz_val *data = gz_app_admin_page(c, "login");
	char ft[65];

	if (data == NULL) {
		gz_app_error(c, 500);
		return;
	}
	if (token != NULL) {
		form_token(c, token, ft);
		gz_app_set_str(data, "form_token", ft);
		gz_app_set_str(data, "action", gz_arena_printf(c->arena, "/admin/reset/%s", token));
	} else {
		gz_app_set_str(data, "form_token", NULL);
		gz_app_set_str(data, "action", NULL);
	}
	gz_app_set_str(data, "login", login);
	gz_app_set_str(data, "error", error);
	gz_app_set_str(data, "gone", gone);
	c->resp->status = status;
	c->no_store = 1;
	gz_response_set_header(c->resp, "Cache-Control", "private, no-store");
	/* The link's token must not leak to another site through Referer.
	 * Not "no-referrer": Chromium then sends "Origin: null" with the
	 * form, which the same-origin check rightly refuses. */
	gz_response_set_header(c->resp, "Referrer-Policy", "same-origin");
	gz_app_render(c, "admin/reset.html", data);
}

/* Answer a link that does not work (rc from gz_reset_check); 1 when answered. */
static int
link_dead(struct gz_ctx *c, enum gz_err rc)
{
	if (rc == GZ_OK) {
		return 0;
	}
	if (rc == GZ_ENOTFOUND) {
		render(c, 404, NULL, NULL, NULL,
		       GZ_N_("This reset link is not known. Ask an admin for a new one."));
	} else if (rc == GZ_EPERM) {
		render(c, 410, NULL, NULL, NULL,
		       GZ_N_("This reset link was used already. Ask an admin for a new one."));
	} else if (rc == GZ_ETIMEOUT) {
		render(c, 410, NULL, NULL, NULL,
		       GZ_N_("This reset link has expired. Ask an admin for a new one."));
	} else {
		gz_app_error(c, 500);
	}
	return 1;
}

void
gz_handle_admin_reset_form(struct gz_ctx *c)
{
	const char *token = gz_request_param(c->req, "token");
	struct gz_user u;
	int64_t uid;

	if (link_dead(c, gz_reset_check(c->db, token, c->now, &uid))) {
		return;
	}
	if (gz_user_by_id(c->db, c->arena, uid, &u) != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	render(c, 200, token, u.login, NULL, NULL);
}

void
gz_handle_admin_reset_post(struct gz_ctx *c)
{
	const char *token = gz_request_param(c->req, "token");
	const char *sent = gz_request_field(c->req, "form_token");
	const char *pw = gz_request_field(c->req, "new_password");
	const char *again = gz_request_field(c->req, "new_password2");
	const char *problem = NULL;
	char want[65];
	struct gz_user u;
	int64_t uid;
	int busy;
	enum gz_err rc;
	size_t n;

	if (link_dead(c, gz_reset_check(c->db, token, c->now, &uid))) {
		return;
	}
	if (gz_user_by_id(c->db, c->arena, uid, &u) != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	form_token(c, token, want);
	if (sent == NULL || strlen(sent) != 64 || sodium_memcmp(want, sent, 64) != 0) {
		render(c, 403, token, u.login, GZ_N_("This form has expired. Please try again."),
		       NULL);
		return;
	}
	pw = pw != NULL ? pw : "";
	n = strlen(pw);
	if (n < GZ_USER_PASSWORD_MIN) {
		problem = GZ_N_("Use at least 8 characters.");
	} else if (n > GZ_USER_PASSWORD_MAX) {
		problem = GZ_N_("Use at most 1024 characters.");
	} else if (again == NULL || strcmp(pw, again) != 0) {
		problem = GZ_N_("The two passwords differ.");
	}
	if (problem != NULL) {
		render(c, 422, token, u.login, problem, NULL);
		return;
	}
	rc = gz_reset_use(c->db, token, c->now, pw, &uid, &busy);
	if (busy) {
		gz_app_error(c, 503);
		gz_response_set_header(c->resp, "Retry-After", gz_app_retry_after(rc));
		return;
	}
	if (link_dead(c, rc)) {
		return;
	}
	(void)gz_audit_log(c->db, uid, GZ_AUDIT_PASSWORD_RESET,
	                   gz_arena_printf(c->arena, "user %s", u.login), "password set by link");
	gz_response_redirect(c->resp, 303, "/admin/login?reset=1");
}
