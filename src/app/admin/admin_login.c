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
 *
 * An account with an active second factor gets no session for its
 * password: it gets a login challenge (gazette/mfa.h) in its own cookie
 * ("__Host-gz_2fa" / "gz_2fa", HttpOnly, SameSite=Strict, five minutes)
 * and is sent to GET /admin/login/code, whose form takes a TOTP code or a
 * recovery code.  Wrong codes are throttled like wrong passwords (same
 * counters) and end the challenge after GZ_MFA_CHALLENGE_TRIES; the code
 * step must come from the address the password came from.  A user whose
 * role requires a second factor and who has none is sent to enrol
 * (/admin/account/second-factor) and the guard keeps them there
 * (gz_app_mfa_gate).  The client address is c->req->remote_addr, which the
 * application resolved through trusted proxies (gazette/cidr.h).
 */
#include <string.h>

#include <sodium.h>

#include "gazette/app.h"
#include "gazette/arena.h"
#include "gazette/audit.h"
#include "gazette/cookie.h"
#include "gazette/i18n.h"
#include "gazette/mfa.h"
#include "gazette/secret.h"
#include "gazette/session.h"
#include "gazette/str.h"
#include "gazette/user.h"
#include "../internal.h"

#define LOGIN_COOKIE_SECURE "__Host-gz_login"
#define LOGIN_COOKIE_PLAIN "gz_login"
#define LOGIN_COOKIE_BYTES 16
#define LOGIN_COOKIE_AGE (2L * 3600) /* a login form stays usable two hours */
#define CODE_COOKIE_SECURE "__Host-gz_2fa"
#define CODE_COOKIE_PLAIN "gz_2fa"
#define ENROL_PATH "/admin/account/second-factor"
#define LOGIN_FIELD_MAX 200 /* bytes of login kept for counting */
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
	/* After a reset link: say the new password is in place. */
	gz_app_set_str(data, "notice",
	               c->req->method == GZ_GET && gz_request_arg(c->req, "reset") != NULL
	                   ? GZ_N_("Your password was changed. Log in with the new one.")
	                   : NULL);
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

static void start_session(struct gz_ctx *c, const struct gz_user *u, const char *target);
static void start_code_step(struct gz_ctx *c, const struct gz_user *u, const char *login,
                            const unsigned char client[16], const char *next);

void
gz_handle_admin_login_post(struct gz_ctx *c)
{
	const char *login = gz_request_field(c->req, "login");
	const char *password = gz_request_field(c->req, "password");
	const char *next = gz_request_field(c->req, "next");
	const char *form_token = gz_request_field(c->req, "login_token");
	const char *cookie = gz_request_cookie(c->req, login_cookie_name(c->req));
	char want[65], counted[LOGIN_FIELD_MAX + 1];
	unsigned char client[16];
	struct gz_mfa_state mfa;
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
	rc = gz_mfa_get(c->db, u.id, &mfa);
	if (rc != GZ_OK && rc != GZ_ENOTFOUND) {
		gz_app_error(c, 500);
		return;
	}
	if (rc == GZ_OK && mfa.active) {
		sodium_memzero(&mfa, sizeof(mfa));
		start_code_step(c, &u, counted, client, next_target(next));
		return;
	}
	sodium_memzero(&mfa, sizeof(mfa));
	(void)gz_session_login_record(c->db, counted, client, c->now, 1);
	/* A role that requires a second factor enrols before anything else. */
	start_session(
	    c, &u, gz_mfa_required(c->db, u.role) ? ENROL_PATH "?required=1" : next_target(next));
}

/*
 * Start a session for u (rotating the browser's old one), log it, and
 * send the browser to target.  Answers 500 when the session cannot be made.
 */
static void
start_session(struct gz_ctx *c, const struct gz_user *u, const char *target)
{
	char session_token[GZ_SESSION_TOKEN_HEX + 1];
	unsigned char client[16];

	gz_secret_client_hash(c->app->secret, c->req->remote_addr ? c->req->remote_addr : "",
	                      client);
	if (gz_session_create(c->db, c->app->secret, u->id, c->now, client, gz_app_session_token(c),
	                      session_token, NULL) != GZ_OK ||
	    gz_app_session_set_cookie(c, session_token) != GZ_OK) {
		sodium_memzero(session_token, sizeof(session_token));
		gz_app_error(c, 500);
		return;
	}
	sodium_memzero(session_token, sizeof(session_token));
	(void)gz_audit_log(c->db, u->id, GZ_AUDIT_LOGIN_OK, u->login, NULL);
	gz_response_redirect(c->resp, 303, target);
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

static const char *
code_cookie_name(const struct gz_request *req)
{
	return req->https ? CODE_COOKIE_SECURE : CODE_COOKIE_PLAIN;
}

/* Set the challenge cookie to token for GZ_MFA_CHALLENGE_LIFETIME, or delete it (NULL). */
static enum gz_err
set_code_cookie(struct gz_ctx *c, const char *token)
{
	struct gz_cookie ck = {0};

	ck.name = code_cookie_name(c->req);
	ck.value = token != NULL ? token : "";
	ck.path = "/admin/login";
	ck.max_age = token != NULL ? GZ_MFA_CHALLENGE_LIFETIME : 0;
	ck.expires_base = c->now;
	ck.secure = c->req->https;
	ck.http_only = 1;
	ck.samesite = GZ_SAMESITE_STRICT;
	if (c->req->https) {
		/* __Host- cookies must have Path=/. */
		ck.path = "/";
	}
	return gz_response_cookie(c->resp, &ck);
}

/* The password was right for u and u has a second factor: make the challenge. */
static void
start_code_step(struct gz_ctx *c, const struct gz_user *u, const char *login,
                const unsigned char client[16], const char *next)
{
	char token[GZ_MFA_TOKEN_HEX + 1];

	if (gz_mfa_challenge_create(c->db, u->id, login, client, next, c->now, token) != GZ_OK ||
	    set_code_cookie(c, token) != GZ_OK) {
		sodium_memzero(token, sizeof(token));
		gz_app_error(c, 500);
		return;
	}
	sodium_memzero(token, sizeof(token));
	gz_response_redirect(c->resp, 303, "/admin/login/code");
}

/* Render the code form for the challenge cookie with status and an error (or NULL). */
static void
render_code(struct gz_ctx *c, int status, const char *cookie, const char *error)
{
	struct gz_val *data = gz_app_admin_page(c, "login");
	char token[65];

	if (data == NULL) {
		gz_app_error(c, 500);
		return;
	}
	login_token(c, cookie, token);
	gz_app_set_str(data, "code_token", token);
	gz_app_set_str(data, "error", error);
	c->resp->status = status;
	gz_app_render(c, "admin/login_code.html", data);
}

void
gz_handle_admin_login_code_form(struct gz_ctx *c)
{
	const char *cookie = gz_request_cookie(c->req, code_cookie_name(c->req));
	struct gz_mfa_challenge ch;

	if (cookie == NULL || gz_mfa_challenge_get(c->db, c->arena, cookie, c->now, &ch) != GZ_OK) {
		/* Expired or never started: the password again. */
		render_form(c, 200, GZ_N_("Your sign-in took too long. Please log in again."), "",
		            NULL);
		return;
	}
	render_code(c, 200, cookie, NULL);
}

void
gz_handle_admin_login_code_post(struct gz_ctx *c)
{
	const char *cookie = gz_request_cookie(c->req, code_cookie_name(c->req));
	const char *form_token = gz_request_field(c->req, "code_token");
	const char *typed = gz_request_field(c->req, "code");
	unsigned char client[16];
	struct gz_mfa_challenge ch;
	struct gz_user u;
	struct gz_span sp;
	char want[65], *code;
	int64_t wait;
	int locked, recovery, ended;
	enum gz_err rc;

	if (cookie == NULL || gz_mfa_challenge_get(c->db, c->arena, cookie, c->now, &ch) != GZ_OK) {
		render_form(c, 403, GZ_N_("Your sign-in took too long. Please log in again."), "",
		            NULL);
		return;
	}
	login_token(c, cookie, want);
	if (form_token == NULL || strlen(form_token) != 64 ||
	    sodium_memcmp(want, form_token, 64) != 0) {
		render_code(c, 403, cookie, GZ_N_("This form has expired. Please try again."));
		return;
	}
	gz_secret_client_hash(c->app->secret, c->req->remote_addr ? c->req->remote_addr : "",
	                      client);
	if (sodium_memcmp(client, ch.client, sizeof(client)) != 0) {
		/* A stolen cookie from elsewhere: the whole login again. */
		(void)gz_mfa_challenge_delete(c->db, cookie);
		(void)set_code_cookie(c, NULL);
		render_form(c, 403, GZ_N_("Your sign-in took too long. Please log in again."), "",
		            NULL);
		return;
	}
	wait = gz_session_login_wait(c->db, ch.login, client, c->now, &locked);
	if (wait > 0) {
		char *ra = gz_arena_printf(c->arena, "%lld", (long long)wait);
		struct gz_val *msg =
		    gz_i18n_message(c->arena, "Too many attempts; try again in {seconds} seconds",
		                    "seconds", ra, NULL);
		struct gz_val *data = gz_app_admin_page(c, "login");
		char token[65];

		if (data == NULL || ra == NULL) {
			gz_app_error(c, 500);
			return;
		}
		login_token(c, cookie, token);
		gz_app_set_str(data, "code_token", token);
		gz_val_map_set(data, "error", msg != NULL ? msg : gz_val_null());
		c->resp->status = 429;
		gz_app_render(c, "admin/login_code.html", data);
		gz_response_set_header(c->resp, "Retry-After", ra);
		return;
	}
	sp = gz_str_trim(typed != NULL ? typed : "", typed != NULL ? strlen(typed) : 0);
	if ((code = gz_arena_strndup(c->arena, sp.p, sp.n < 64 ? sp.n : 64)) == NULL) {
		gz_app_error(c, 500);
		return;
	}
	rc = gz_mfa_verify(c->db, ch.user_id, code, c->now, &recovery);
	if (rc == GZ_EPERM || rc == GZ_ENOTFOUND) {
		(void)gz_session_login_record(c->db, ch.login, client, c->now, 0);
		(void)gz_audit_log(c->db, 0, GZ_AUDIT_LOGIN_FAILED, ch.login, "second factor");
		if (gz_mfa_challenge_fail(c->db, cookie, &ended) != GZ_OK || ended) {
			(void)set_code_cookie(c, NULL);
			render_form(c, 200, GZ_N_("Too many wrong codes. Please log in again."),
			            ch.login, ch.next);
			return;
		}
		render_code(c, 200, cookie, GZ_N_("That code is not right, or was used already."));
		return;
	}
	if (rc != GZ_OK || gz_user_by_id(c->db, c->arena, ch.user_id, &u) != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	(void)gz_mfa_challenge_delete(c->db, cookie);
	(void)set_code_cookie(c, NULL);
	(void)gz_session_login_record(c->db, ch.login, client, c->now, 1);
	if (recovery) {
		(void)gz_audit_log(c->db, u.id, GZ_AUDIT_TOTP_CHANGE, u.login,
		                   "recovery code used");
	}
	start_session(c, &u, recovery ? ENROL_PATH "?done=recovery" : ch.next);
}

int
gz_app_mfa_gate(struct gz_ctx *c)
{
	struct gz_mfa_state st;
	enum gz_err rc;
	int active;

	if (c->user == NULL || !gz_mfa_required(c->db, c->user->role) ||
	    strcmp(c->req->path, ENROL_PATH) == 0 || strcmp(c->req->path, "/admin/logout") == 0) {
		return 1;
	}
	rc = gz_mfa_get(c->db, c->user->id, &st);
	active = rc == GZ_OK && st.active;
	sodium_memzero(&st, sizeof(st));
	if (active) {
		return 1;
	}
	if (rc != GZ_OK && rc != GZ_ENOTFOUND) {
		gz_app_error(c, 500);
		return 0;
	}
	if (c->req->method == GZ_GET || c->req->method == GZ_HEAD) {
		gz_response_redirect(c->resp, 303, ENROL_PATH "?required=1");
	} else {
		gz_app_error(c, 403);
	}
	return 0;
}
