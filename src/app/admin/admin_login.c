/*
 * Logging in and out of the admin area: GET/POST /admin/login and POST
 * /admin/logout.
 *
 * The login form is defended against cross-site posting before any
 * session exists by a signed double-submit token: GET sets a short-lived
 * random cookie ("__Host-gz_login" over https, "gz_login" otherwise;
 * HttpOnly, SameSite=Strict) and puts HMAC(site key, cookie) in the form;
 * POST must bring both, and the route's GZ_ROUTE_FORMTOKEN flag adds the
 * guard's same-origin check.  A cross-site page can neither read the form
 * token nor make the browser send the Strict cookie.
 *
 * Passwords are checked with argon2id (gz_user_verify_password), and
 * every failure reads the same, whether the login exists, is disabled or
 * the password is wrong.  Failures are throttled per account and per
 * client-address hash (gz_session_login_wait): 429 with the wait in the
 * message and in Retry-After.  A check that could not be made (the server
 * short of memory or of hashing slots) is not a failure: it answers 503
 * with Retry-After, is not recorded and does not step the lockout, so a
 * loaded server never tells the right password it is wrong.  A success
 * rotates the session: a new token every time, the browser's old session
 * deleted.
 */
#include <string.h>

#include <sodium.h>

#include "gazette/app.h"
#include "gazette/arena.h"
#include "gazette/audit.h"
#include "gazette/cookie.h"
#include "gazette/i18n.h"
#include "gazette/secret.h"
#include "gazette/session.h"
#include "gazette/str.h"
#include "gazette/user.h"
#include "../internal.h"

#define LOGIN_COOKIE_SECURE "__Host-gz_login"
#define LOGIN_COOKIE_PLAIN "gz_login"
#define LOGIN_COOKIE_BYTES 16
#define LOGIN_COOKIE_AGE (2L * 3600) /* a login form stays usable two hours */
#define LOGIN_FIELD_MAX 200          /* bytes of login kept for counting */
#define BAD_LOGIN GZ_N_("Login or password is incorrect")
#define BUSY_LOGIN                                                                                 \
	GZ_N_("The server is too busy to check passwords just now. Please try again in a few "     \
	      "seconds.")

static const char *
login_cookie_name(const struct gz_request *req)
{
	return req->https ? LOGIN_COOKIE_SECURE : LOGIN_COOKIE_PLAIN;
}

/* The form token for a login cookie value, as hex into out (65 bytes). */
static void
login_token(const struct gz_ctx *c, const char *cookie, char out[65])
{
	unsigned char key[crypto_auth_KEYBYTES], mac[crypto_auth_BYTES];

	crypto_kdf_derive_from_key(key, sizeof(key), 2, "gzlogin_", c->app->secret);
	crypto_auth(mac, (const unsigned char *)cookie, strlen(cookie), key);
	sodium_bin2hex(out, 65, mac, 32);
	sodium_memzero(key, sizeof(key));
}

/* 1 when v looks like a cookie we issued: 32 lowercase hex digits. */
static int
cookie_shape_ok(const char *v)
{
	return v != NULL && strlen(v) == LOGIN_COOKIE_BYTES * 2 &&
	       strspn(v, "0123456789abcdef") == LOGIN_COOKIE_BYTES * 2;
}

/*
 * The login cookie for this form: the browser's when it has a good one,
 * else a fresh one set on c->resp.  In the arena; NULL when out of memory.
 */
static const char *
login_cookie(struct gz_ctx *c)
{
	const char *v = gz_request_cookie(c->req, login_cookie_name(c->req));
	unsigned char raw[LOGIN_COOKIE_BYTES];
	struct gz_cookie ck = {0};
	char *hex;

	if (cookie_shape_ok(v)) {
		return v;
	}
	if ((hex = gz_arena_alloc(c->arena, LOGIN_COOKIE_BYTES * 2 + 1)) == NULL) {
		return NULL;
	}
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(hex, LOGIN_COOKIE_BYTES * 2 + 1, raw, sizeof(raw));
	ck.name = login_cookie_name(c->req);
	ck.value = hex;
	ck.path = "/";
	ck.max_age = LOGIN_COOKIE_AGE;
	ck.expires_base = c->now;
	ck.secure = c->req->https;
	ck.http_only = 1;
	ck.samesite = GZ_SAMESITE_STRICT;
	if (gz_response_cookie(c->resp, &ck) != GZ_OK) {
		return NULL;
	}
	return hex;
}

/* Where to go after logging in: a same-site path from next, else /admin. */
static const char *
next_target(const char *next)
{
	if (next == NULL || next[0] != '/' || !gz_redirect_target_ok(next) ||
	    gz_str_has_prefix(next, "/admin/login") || gz_str_has_prefix(next, "/admin/logout")) {
		return "/admin";
	}
	return next;
}

/* Render the login form with status, an error message for |t (or NULL)
 * and the typed login kept. */
static void
render_form_msg(struct gz_ctx *c, int status, const struct gz_val *error, const char *login,
                const char *next)
{
	struct gz_val *data = gz_app_admin_page(c, "login");
	const char *cookie = login_cookie(c);
	struct gz_session s;
	char token[65];

	if (data == NULL || cookie == NULL) {
		gz_app_error(c, 500);
		return;
	}
	login_token(c, cookie, token);
	gz_app_set_str(data, "login_token", token);
	gz_app_set_str(data, "login", login);
	gz_app_set_str(data, "next", next_target(next));
	gz_val_map_set(data, "signed_in",
	               gz_val_bool(gz_app_session_token(c) != NULL &&
	                           gz_session_lookup(c->db, c->app->secret, gz_app_session_token(c),
	                                             c->now, &s) == GZ_OK));
	gz_val_map_set(data, "error", error != NULL ? error : gz_val_null());
	c->resp->status = status;
	gz_app_render(c, "admin/login.html", data);
}

/* render_form_msg with a plain message (English, marked for the catalogs). */
static void
render_form(struct gz_ctx *c, int status, const char *error, const char *login, const char *next)
{
	render_form_msg(c, status, error != NULL ? gz_val_str(c->arena, error) : NULL, login, next);
}

void
gz_handle_admin_login_form(struct gz_ctx *c)
{
	/* Shown even with a live session, so someone can log in as another
	 * user; the new login replaces the browser's session. */
	render_form(c, 200, NULL, "", gz_request_arg(c->req, "next"));
}

void
gz_handle_admin_login_post(struct gz_ctx *c)
{
	const char *login = gz_request_field(c->req, "login");
	const char *password = gz_request_field(c->req, "password");
	const char *next = gz_request_field(c->req, "next");
	const char *form_token = gz_request_field(c->req, "login_token");
	const char *cookie = gz_request_cookie(c->req, login_cookie_name(c->req));
	char want[65], counted[LOGIN_FIELD_MAX + 1], session_token[GZ_SESSION_TOKEN_HEX + 1];
	unsigned char client[16];
	struct gz_user u;
	struct gz_span sp;
	int64_t wait;
	int locked;
	enum gz_err rc;
	size_t i;

	if (login == NULL) {
		login = "";
	}
	if (!cookie_shape_ok(cookie) || form_token == NULL || strlen(form_token) != 64) {
		render_form(c, 403, GZ_N_("This form has expired. Please log in again."), login,
		            next);
		return;
	}
	login_token(c, cookie, want);
	if (sodium_memcmp(want, form_token, 64) != 0) {
		render_form(c, 403, GZ_N_("This form has expired. Please log in again."), login,
		            next);
		return;
	}
	/* Count tries under the login as typed (trimmed, lowercased, cut), so
	 * unknown logins are throttled exactly like real ones. */
	sp = gz_str_trim(login, strlen(login));
	for (i = 0; i < sp.n && i < LOGIN_FIELD_MAX; i++) {
		char ch = sp.p[i];

		counted[i] = (ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch;
	}
	counted[i] = '\0';
	gz_secret_client_hash(c->app->secret, c->req->remote_addr ? c->req->remote_addr : "",
	                      client);
	wait = gz_session_login_wait(c->db, counted, client, c->now, &locked);
	if (wait > 0) {
		char *ra = gz_arena_printf(c->arena, "%lld", (long long)wait);

		render_form_msg(c, 429,
		                gz_i18n_message(c->arena,
		                                "Too many attempts; try again in {seconds} seconds",
		                                "seconds", ra, NULL),
		                counted, next);
		if (ra != NULL) {
			gz_response_set_header(c->resp, "Retry-After", ra);
		}
		return;
	}
	if (password == NULL || counted[0] == '\0' || !gz_user_login_valid(counted)) {
		/* Still a failure that counts: guessing logins is guessing. */
		(void)gz_session_login_record(c->db, counted, client, c->now, 0);
		(void)gz_audit_log(c->db, 0, GZ_AUDIT_LOGIN_FAILED, counted, "no such login");
		render_form(c, 200, BAD_LOGIN, counted, next);
		return;
	}
	rc = gz_user_verify_password(c->db, c->arena, counted, password, &u);
	if (rc == GZ_EPERM) {
		(void)gz_session_login_record(c->db, counted, client, c->now, 0);
		/* Unknown login, wrong password or disabled account: the log
		 * says no more than the form does. */
		(void)gz_audit_log(c->db, 0, GZ_AUDIT_LOGIN_FAILED, counted, "refused");
		render_form(c, 200, BAD_LOGIN, counted, next);
		return;
	}
	if (rc == GZ_ENOMEM || rc == GZ_ETIMEOUT) {
		/* Nothing was learnt about the password: nothing is recorded. */
		render_form(c, 503, BUSY_LOGIN, counted, next);
		if (c->resp->status != 503) {
			/* The form itself could not be made: the plain page then. */
			gz_app_error(c, 503);
		}
		gz_response_set_header(c->resp, "Retry-After", gz_app_retry_after(rc));
		return;
	}
	if (rc != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	(void)gz_session_login_record(c->db, counted, client, c->now, 1);
	if (gz_session_create(c->db, c->app->secret, u.id, c->now, client, gz_app_session_token(c),
	                      session_token, NULL) != GZ_OK ||
	    gz_app_session_set_cookie(c, session_token) != GZ_OK) {
		sodium_memzero(session_token, sizeof(session_token));
		gz_app_error(c, 500);
		return;
	}
	sodium_memzero(session_token, sizeof(session_token));
	gz_response_redirect(c->resp, 303, next_target(next));
}

void
gz_handle_admin_logout(struct gz_ctx *c)
{
	const char *token = gz_app_session_token(c);
	unsigned char hash[GZ_SESSION_HASH_BYTES];

	if (token != NULL) {
		gz_session_hash(c->app->secret, token, hash);
		if (gz_session_delete(c->db, hash) != GZ_OK) {
			gz_app_error(c, 500);
			return;
		}
		if (c->user != NULL) {
			(void)gz_audit_log(c->db, c->user->id, GZ_AUDIT_LOGOUT, c->user->login,
			                   NULL);
		}
	}
	gz_app_session_set_cookie(c, NULL);
	gz_response_redirect(c->resp, 303, "/admin/login");
}
