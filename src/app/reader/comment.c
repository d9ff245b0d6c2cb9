/*
 * Reader comments: POST /article/{slug}/comments (the section on the
 * article page, thread and form, is comment_form.c).
 *
 * The form carries a signed token: "<unix time>.<hex HMAC>" over the
 * article id, the render time and a random nonce (its own hidden field),
 * keyed with a key derived from the site secret.  It proves the form came
 * from this site for this article, and its time lets the handler refuse
 * posts sent faster than a person can type (setting comment_min_seconds,
 * default 3) or older than a day.  The nonce makes the submission
 * idempotent: the stored key is a hash of nonce, e-mail and text, UNIQUE in
 * the table, so a POST retried after a lost answer lands on the comment it
 * already made, while two readers who got the same cached page (same
 * nonce) still post two different comments.
 *
 * Validation errors and refusals re-render the article page with the
 * reader's text kept and a message by each field (422 for invalid fields,
 * 400 for a bad or too-fast token or the honeypot, 409 for a duplicate, 429
 * for a client posting too often, 403 when comments are closed).  Success
 * answers 303: to "#comment-N" when the comment is shown at once, else to
 * "?comment=held#respond", where the form says it awaits moderation (also
 * for spam verdicts, so spammers learn nothing).  A retry of a form that
 * was stored answers 303 too, with "?comment=received", where the form
 * says it was already received and not stored twice.
 *
 * Every message is English text marked for the catalogs (GZ_N_,
 * gz_i18n_message): the page's template translates it with |t into the
 * page's language, which this handler does not need to know.
 *
 * A save that meets a fault the reader can outwait (the write lock held
 * past the request's deadline, a full disk) stored nothing: the form comes
 * back with 503, Retry-After, the text kept and the same token and nonce,
 * so sending it again is still the same submission; if the first one was
 * stored after all, the retry finds it by its nonce.  The handler does not
 * retry on its own: gz_db_tx retries within the request's one deadline,
 * and retries stacked above it once kept a reader waiting past the
 * proxy's timeout while the comment was stored behind its back.
 *
 * The "save my details" cookie (gz_commenter) exists only with accepted
 * consent: "<name>|<email>|<url>", each part percent-encoded, HttpOnly,
 * SameSite=Lax, six months.  A page prefilled from it is personal, so the
 * page cache must not keep it (gz_app_cache treats the cookie like a session).
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "gazette/app.h"
#include "gazette/arena.h"
#include "gazette/article.h"
#include "gazette/buf.h"
#include "gazette/comment.h"
#include "gazette/cookie.h"
#include "gazette/db.h"
#include "gazette/i18n.h"
#include "gazette/secret.h"
#include "gazette/settings.h"
#include "gazette/spam.h"
#include "gazette/str.h"
#include "gazette/url.h"
#include "gazette/utf8.h"
#include "../internal.h"

#define COMMENTER_MAX_AGE (183L * 86400) /* six months */
#define AUTHOR_NAME_MAX 100              /* bytes in an author name */
#define AUTHOR_EMAIL_MAX 254             /* bytes in an e-mail address (RFC 5321) */
#define AUTHOR_URL_MAX 2000              /* bytes in an author URL */

/* The stored one-time key: hex BLAKE2b of nonce, e-mail and text (see top). */
static const char *
stored_nonce(struct gz_arena *a, const char *nonce, const struct gz_app_comment_form *f)
{
	unsigned char h[16];
	char hex[33];
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)nonce, strlen(nonce) + 1);
	crypto_generichash_update(&st, (const unsigned char *)f->email, strlen(f->email) + 1);
	crypto_generichash_update(&st, (const unsigned char *)f->body, strlen(f->body));
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	return gz_arena_strdup(a, hex);
}

/* 1 when s (n bytes) holds a C1 control or a bidirectional override. */
static int
has_unicode_ctl(const char *s, size_t n, int bidi)
{
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		if ((k = gz_utf8_decode(s + i, n - i, &cp)) == 0) {
			return 1;
		}
		if ((cp >= 0x80 && cp <= 0x9F) || cp == 0xFEFF ||
		    (bidi && ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)))) {
			return 1;
		}
		i += k;
	}
	return 0;
}

/* Set errors[key] = msg (English, marked for translation). */
static void
field_error(struct gz_val *errors, const char *key, const char *msg)
{
	gz_app_set_str(errors, key, msg);
}

/* The messages of one single-line field, whole sentences for translators. */
struct field_msgs {
	const char *twice;    /* sent twice */
	const char *bad;      /* holds characters not allowed */
	const char *missing;  /* required and empty */
	const char *too_long; /* over its limit; {max} is the limit */
};

static const struct field_msgs name_msgs = {
    GZ_N_("name was sent twice."), GZ_N_("name holds characters that are not allowed."),
    GZ_N_("Please enter your name."), GZ_N_("name is too long (at most {max} characters).")};
static const struct field_msgs email_msgs = {
    GZ_N_("email was sent twice."), GZ_N_("email holds characters that are not allowed."),
    GZ_N_("Please enter your email."), GZ_N_("email is too long (at most {max} characters).")};
static const struct field_msgs url_msgs = {
    GZ_N_("website was sent twice."), GZ_N_("website holds characters that are not allowed."),
    GZ_N_("Please enter your website."), GZ_N_("website is too long (at most {max} characters).")};

/* A single-line field, trimmed; NULL (and an error) when it is bad. */
static const char *
line_field(struct gz_request *req, const char *key, size_t max, int required,
           const struct field_msgs *msgs, struct gz_val *errors)
{
	const char *v = gz_request_field(req, key);
	struct gz_span t;

	if (v == NULL) {
		v = "";
	}
	t = gz_str_trim(v, strlen(v));
	if (gz_kv_count(&req->form, key) > 1) {
		field_error(errors, key, msgs->twice);
	} else if (!gz_utf8_valid(t.p, t.n) || gz_str_has_ctl(t.p, t.n, 0) ||
	           has_unicode_ctl(t.p, t.n, 1)) {
		field_error(errors, key, msgs->bad);
	} else if (required && t.n == 0) {
		field_error(errors, key, msgs->missing);
	} else if (t.n > max) {
		gz_val_map_set(errors, key,
		               gz_i18n_message(req->arena, msgs->too_long, "max",
		                               gz_arena_printf(req->arena, "%zu", max), NULL));
	}
	return gz_arena_strndup(req->arena, t.p, t.n);
}

/*
 * Characters (code points) in n bytes of valid UTF-8: the unit of the
 * form's maxlength, so that 5000 Chinese characters are 5000, not 15000.
 */
static size_t
utf8_chars(const char *s, size_t n)
{
	size_t i = 0, k, count = 0;
	uint32_t cp;

	while (i < n) {
		k = gz_utf8_decode(s + i, n - i, &cp);
		i += k ? k : 1;
		count++;
	}
	return count;
}

/* 1 when email looks like local@domain.tld with no spaces. */
static int
email_ok(const char *e)
{
	const char *at = strchr(e, '@'), *dot;
	size_t i;

	if (at == NULL || at == e || strchr(at + 1, '@') != NULL) {
		return 0;
	}
	for (i = 0; e[i] != '\0'; i++) {
		if (e[i] == ' ' || e[i] == '<' || e[i] == '>' || e[i] == '"' || e[i] == ',' ||
		    e[i] == ';' || e[i] == '(' || e[i] == ')' || e[i] == '\\') {
			return 0;
		}
	}
	dot = strrchr(at + 1, '.');
	return dot != NULL && dot > at + 1 && dot[1] != '\0' && strstr(at, "..") == NULL;
}

/* 1 when url is http(s)://host... with a plausible host and no spaces. */
static int
url_ok(const char *url)
{
	const char *h;
	size_t i;

	if (gz_str_has_prefix_case(url, "https://")) {
		h = url + 8;
	} else if (gz_str_has_prefix_case(url, "http://")) {
		h = url + 7;
	} else {
		return 0;
	}
	if (*h == '\0' || *h == '/' || *h == '?' || *h == '#' || *h == '.' || *h == '@') {
		return 0;
	}
	for (i = 0; url[i] != '\0'; i++) {
		if (url[i] == ' ' || url[i] == '"' || url[i] == '<' || url[i] == '>' ||
		    url[i] == '\\' || url[i] == '`') {
			return 0;
		}
	}
	return 1;
}

/*
 * Read and check the posted form into f; errors gets one message per bad
 * field.  The body keeps its inner line breaks (CRLF made LF) and loses
 * surrounding blank space.  Returns 1 when everything is valid.
 */
static int
read_form(struct gz_ctx *c, struct gz_app_comment_form *f, struct gz_val *errors)
{
	long bodymax = gz_app_comment_body_max(c);
	const char *body = gz_request_field(c->req, "body"),
	           *parent = gz_request_field(c->req, "parent");
	struct gz_span t;
	char *norm;
	size_t i, j, nchars;
	long pid;

	f->name = line_field(c->req, "name", AUTHOR_NAME_MAX, 1, &name_msgs, errors);
	f->email = line_field(c->req, "email", AUTHOR_EMAIL_MAX, 1, &email_msgs, errors);
	f->url = line_field(c->req, "url", AUTHOR_URL_MAX, 0, &url_msgs, errors);
	f->save = gz_request_field(c->req, "save") != NULL;
	if (f->name == NULL || f->email == NULL || f->url == NULL) {
		return 0;
	}
	if (gz_val_map_get(errors, "email") == NULL && !email_ok(f->email)) {
		field_error(errors, "email",
		            GZ_N_("Please enter a valid email address, like name@example.org."));
	}
	/* Addresses compare case-insensitively in practice; store them lowercased
	 * so "known author" matching is exact and indexable. */
	if ((norm = gz_arena_strdup(c->arena, f->email)) != NULL) {
		for (i = 0; norm[i] != '\0'; i++) {
			if (norm[i] >= 'A' && norm[i] <= 'Z') {
				norm[i] = (char)(norm[i] + 32);
			}
		}
		f->email = norm;
	}
	if (gz_val_map_get(errors, "url") == NULL && f->url[0] != '\0' && !url_ok(f->url)) {
		field_error(errors, "url",
		            GZ_N_("The website must be an http:// or https:// address."));
	}
	if (body == NULL) {
		body = "";
	}
	t = gz_str_trim(body, strlen(body));
	if ((norm = gz_arena_alloc(c->arena, t.n + 1)) == NULL) {
		return 0;
	}
	for (i = j = 0; i < t.n; i++) {
		if (!(t.p[i] == '\r' && i + 1 < t.n && t.p[i + 1] == '\n')) {
			norm[j++] = t.p[i] == '\r' ? '\n' : t.p[i];
		}
	}
	norm[j] = '\0';
	f->body = norm;
	if (gz_kv_count(&c->req->form, "body") > 1) {
		field_error(errors, "body", GZ_N_("The comment was sent twice."));
	} else if (!gz_utf8_valid(norm, j) ||
	           gz_str_has_ctl(norm, j, GZ_CTL_ALLOW_TAB | GZ_CTL_ALLOW_CRLF) ||
	           has_unicode_ctl(norm, j, 0)) {
		field_error(errors, "body",
		            GZ_N_("The comment holds characters that are not allowed."));
	} else if (j == 0) {
		field_error(errors, "body", GZ_N_("Please write a comment."));
	} else if ((long)(nchars = utf8_chars(norm, j)) > bodymax) {
		gz_val_map_set(
		    errors, "body",
		    gz_i18n_message(c->arena,
		                    "The comment is too long ({count} characters; at most {max}).",
		                    "count", gz_arena_printf(c->arena, "%zu", nchars), "max",
		                    gz_arena_printf(c->arena, "%ld", bodymax), NULL));
	}
	f->parent = 0;
	if (parent != NULL && parent[0] != '\0' && strcmp(parent, "0") != 0) {
		if (gz_str_to_long(parent, 1, 0x7fffffffL, &pid) != GZ_OK) {
			field_error(errors, "form",
			            GZ_N_("The comment you replied to does not exist."));
		} else {
			f->parent = pid;
		}
	}
	return errors->u.map.nitems == 0;
}

/* Re-render the article page with status, the typed form and errors/notice. */
static void
show_form(struct gz_ctx *c, const struct gz_article *a, int status,
          const struct gz_app_comment_form *f, struct gz_val *errors, const char *notice)
{
	struct gz_val *extra = gz_val_map_new(c->arena), *fv;

	if (extra == NULL || (fv = gz_app_comment_form_val(c, a, f, errors, notice)) == NULL) {
		gz_app_error(c, 500);
		return;
	}
	gz_val_map_set(extra, "comment_form", fv);
	c->resp->status = status;
	gz_response_set_header(c->resp, "Cache-Control", "no-store");
	gz_app_article_render(c, a, extra);
}

/* Set or clear the commenter cookie after a successful post. */
static void
remember(struct gz_ctx *c, const struct gz_app_comment_form *f)
{
	struct gz_cookie ck = {0};
	struct gz_buf b;

	if (gz_app_consent(c) != GZ_CONSENT_ACCEPT) {
		return;
	}
	ck.name = GZ_COMMENTER_COOKIE;
	ck.path = "/";
	ck.expires_base = c->now;
	ck.secure = c->req->https;
	ck.http_only = 1;
	ck.samesite = GZ_SAMESITE_LAX;
	if (!f->save) {
		/* Unticking the box forgets what an earlier comment saved. */
		if (gz_request_cookie(c->req, GZ_COMMENTER_COOKIE) == NULL) {
			return;
		}
		ck.value = "";
		ck.max_age = 0;
		gz_response_cookie(c->resp, &ck);
		return;
	}
	gz_buf_init(&b, c->arena, 3500);
	gz_url_encode(&b, f->name, strlen(f->name));
	gz_buf_putc(&b, '|');
	gz_url_encode(&b, f->email, strlen(f->email));
	gz_buf_putc(&b, '|');
	gz_url_encode(&b, f->url, strlen(f->url));
	if (gz_buf_err(&b)) {
		return; /* too long for a cookie: not saved, nothing else lost */
	}
	ck.value = b.data;
	ck.max_age = COMMENTER_MAX_AGE;
	gz_response_cookie(c->resp, &ck);
}

void
gz_handle_comment_post(struct gz_ctx *c)
{
	const char *slug = gz_request_param(c->req, "slug");
	const char *token = gz_request_field(c->req, "token"),
	           *nonce = gz_request_field(c->req, "nonce");
	const char *hp = gz_request_field(c->req, "homepage");
	struct gz_app_comment_form f = {"", "", "", "", 0, 0, NULL, NULL};
	struct gz_val *errors = gz_val_map_new(c->arena);
	struct gz_spam_input in;
	struct gz_spam_facts facts = {0};
	struct gz_comment_new cn = {0};
	struct gz_comment_result res;
	unsigned char hash[16];
	const char *path;
	struct gz_article a;
	enum gz_err rc, fault;
	int tc;

	rc = gz_article_by_slug(c->db, c->arena, slug ? slug : "", c->now, &a);
	if (rc != GZ_OK || errors == NULL) {
		gz_app_error(c, rc == GZ_ENOTFOUND ? 404 : 500);
		return;
	}
	path = gz_app_article_path(c->arena, a.s.slug);
	gz_response_set_header(c->resp, "Cache-Control", "no-store");
	read_form(c, &f, errors);
	if (!a.comments_open) {
		show_form(c, &a, 403, &f, NULL, GZ_N_("Comments are closed on this article."));
		return;
	}
	/* Automation checks first: they refuse without storing anything. */
	if (hp != NULL && hp[0] != '\0') {
		show_form(
		    c, &a, 400, &f, NULL,
		    GZ_N_("Your comment could not be accepted: a field meant to stay empty was "
		          "filled in. If you are a person, please send it again."));
		return;
	}
	tc = gz_app_comment_token_check(c, a.s.id, token, nonce);
	if (tc == GZ_APP_COMMENT_TOKEN_BAD) {
		show_form(c, &a, 400, &f, errors,
		          GZ_N_("This form had expired or was damaged. Your text is kept below; "
		                "please send it again."));
		return;
	}
	if (tc == GZ_APP_COMMENT_TOKEN_TOO_FAST) {
		show_form(c, &a, 400, &f, errors,
		          GZ_N_("That was quicker than anyone can type. Your text is kept below; "
		                "please wait a moment and send it again."));
		return;
	}
	if (errors->u.map.nitems > 0) {
		show_form(
		    c, &a, 422, &f, errors,
		    GZ_N_("Your comment was not sent. Please correct the fields marked below."));
		return;
	}
	in.author_name = f.name;
	in.author_email = f.email;
	in.author_url = f.url;
	in.body = f.body;
	in.client_addr = c->req->remote_addr;
	facts.links = gz_spam_count_links(f.body);
	facts.max_links = (int)gz_setting_int(c->db, "comment_max_links", 2);
	facts.blocked = gz_spam_blocklisted(
	    c->arena, gz_setting_get(c->db, c->arena, "comment_blocklist", ""), &in);
	if (gz_spam_score(c->db, c->arena, &in, &facts.bayes, &facts.bayes_ready) != GZ_OK) {
		facts.bayes = 0.5;
		facts.bayes_ready = 0;
	}
	gz_secret_client_hash(c->app->secret, c->req->remote_addr ? c->req->remote_addr : "", hash);
	cn.article_id = a.s.id;
	cn.parent_id = f.parent;
	cn.author_name = f.name;
	cn.author_email = f.email;
	cn.author_url = f.url;
	cn.body = f.body;
	cn.nonce = stored_nonce(c->arena, nonce, &f);
	cn.client_hash = hash;
	cn.now = (int64_t)c->now;
	cn.client_limit = (int)gz_setting_int(c->db, "comment_rate_client", 5);
	cn.article_limit = (int)gz_setting_int(c->db, "comment_rate_article", 50);
	cn.facts = &facts;
	if ((rc = gz_comment_submit(c->db, c->arena, &cn, &res)) != GZ_OK) {
		if ((fault = gz_app_unsaved_fault(c, rc)) == GZ_OK) {
			gz_app_error(c, 500);
			return;
		}
		/* Nothing was stored: the same form again, same token and
		 * nonce, so sending it is the same submission. */
		f.token = token;
		f.nonce = nonce;
		field_error(errors, "form", gz_app_unsaved_message(fault));
		gz_app_unsaved_headers(c->resp, fault);
		show_form(c, &a, 503, &f, errors, "");
		return;
	}
	switch (res.outcome) {
	case GZ_COMMENT_DUPLICATE:
		show_form(c, &a, 409, &f, NULL,
		          GZ_N_("You have already posted this comment; it was not sent twice."));
		return;
	case GZ_COMMENT_RATE:
		gz_response_set_header(c->resp, "Retry-After", "600");
		show_form(c, &a, 429, &f, NULL,
		          GZ_N_("You are posting comments too quickly. Your text is kept below; "
		                "please wait a few minutes and send it again."));
		return;
	case GZ_COMMENT_BAD_PARENT:
		f.parent = 0;
		field_error(errors, "form",
		            GZ_N_("The comment you replied to is no longer available."));
		show_form(c, &a, 422, &f, errors,
		          GZ_N_("Your comment was not sent. Send it again to post it as a new "
		                "comment."));
		return;
	case GZ_COMMENT_RETRY:
		/* The same form again, after a lost answer or a 503 whose
		 * comment was stored after all: say so, store nothing. */
		remember(c, &f);
		gz_response_redirect(
		    c->resp, 303,
		    res.status == GZ_COMMENT_APPROVED
		        ? gz_arena_printf(c->arena, "%s?comment=received#comment-%lld", path,
		                          (long long)res.id)
		        : gz_arena_printf(c->arena, "%s?comment=received#respond", path));
		return;
	case GZ_COMMENT_STORED:
		break;
	}
	remember(c, &f);
	/* Now and then, clear spam and trash past their review time. */
	if (randombytes_uniform(16) == 0) {
		gz_comment_purge(c->db, c->now, GZ_COMMENT_SPAM_DAYS, NULL);
	}
	if (res.status == GZ_COMMENT_APPROVED) {
		gz_response_redirect(
		    c->resp, 303,
		    gz_arena_printf(c->arena, "%s#comment-%lld", path, (long long)res.id));
	} else {
		gz_response_redirect(c->resp, 303,
		                     gz_arena_printf(c->arena, "%s?comment=held#respond", path));
	}
}
