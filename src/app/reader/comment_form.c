/*
 * The comment section of the article page: the approved thread, nested to
 * THREAD_DEPTH levels, and the comment form with its signed token (see
 * comment.c for the token's design and the POST that checks it).  The form
 * is prefilled from the gz_commenter cookie when consent allows; a page so
 * prefilled is personal and never cached (gz_app_cache).  It renders
 * nothing itself: it adds "comments", "comment_count" and "comment_form" to
 * the page data the article handler renders.
 */
#include <limits.h>
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

#define TOKEN_MAX_AGE 86400   /* a form older than a day is refused */
#define NONCE_BYTES 16        /* random bytes in a form nonce */
#define THREAD_DEPTH 3        /* levels shown indented; deeper replies flatten */
#define BODY_DEFAULT_MAX 5000 /* characters in a comment, unless comment_max_length */

/*
 * The longest comment in characters (code points; a browser's maxlength
 * counts the same for all but characters beyond U+FFFF): setting
 * comment_max_length (the settings page keeps it in 100..100000), a value
 * below 1 or past INT_MAX reading as unset.  The form's maxlength and the
 * check of a post both come from here, so a reader's browser stops where
 * the server does, in Chinese as in English.
 */
long
gz_app_comment_body_max(struct gz_ctx *c)
{
	int64_t v = gz_setting_int(c->db, "comment_max_length", BODY_DEFAULT_MAX);

	return v >= 1 && v <= INT_MAX ? (long)v : BODY_DEFAULT_MAX;
}

/* The form key, derived from the site secret so no other use shares it. */
static void
form_key(const struct gz_ctx *c, unsigned char key[crypto_auth_KEYBYTES])
{
	crypto_kdf_derive_from_key(key, crypto_auth_KEYBYTES, 1, "gzcommnt", c->app->secret);
}

/* HMAC of (article id, time, nonce) into mac. */
static void
token_mac(const struct gz_ctx *c, int64_t article_id, int64_t t, const char *nonce,
          unsigned char mac[crypto_auth_BYTES])
{
	unsigned char key[crypto_auth_KEYBYTES];
	char msg[128];
	int n;

	form_key(c, key);
	n = snprintf(msg, sizeof(msg), "comment|%lld|%lld|%.40s", (long long)article_id,
	             (long long)t, nonce);
	crypto_auth(mac, (const unsigned char *)msg, (size_t)n, key);
	sodium_memzero(key, sizeof(key));
}

/* A fresh nonce and its token for article_id at c->now, in the arena. */
static void
token_new(struct gz_ctx *c, int64_t article_id, const char **token, const char **nonce)
{
	unsigned char raw[NONCE_BYTES], mac[crypto_auth_BYTES];
	char hexn[NONCE_BYTES * 2 + 1], hexm[crypto_auth_BYTES * 2 + 1];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(hexn, sizeof(hexn), raw, sizeof(raw));
	token_mac(c, article_id, (int64_t)c->now, hexn, mac);
	sodium_bin2hex(hexm, sizeof(hexm), mac, sizeof(mac));
	*nonce = gz_arena_strdup(c->arena, hexn);
	*token = gz_arena_printf(c->arena, "%lld.%s", (long long)c->now, hexm);
}

enum gz_app_comment_token
gz_app_comment_token_check(struct gz_ctx *c, int64_t article_id, const char *token,
                           const char *nonce)
{
	unsigned char mac[crypto_auth_BYTES], want[crypto_auth_BYTES];
	const char *dot;
	char num[24];
	long t;
	size_t i, maclen;
	long min = (long)gz_setting_int(c->db, "comment_min_seconds", 3);

	if (token == NULL || nonce == NULL || strlen(nonce) != NONCE_BYTES * 2 ||
	    (dot = strchr(token, '.')) == NULL || (size_t)(dot - token) >= sizeof(num)) {
		return GZ_APP_COMMENT_TOKEN_BAD;
	}
	for (i = 0; nonce[i] != '\0'; i++) {
		if (!((nonce[i] >= '0' && nonce[i] <= '9') ||
		      (nonce[i] >= 'a' && nonce[i] <= 'f'))) {
			return GZ_APP_COMMENT_TOKEN_BAD;
		}
	}
	memcpy(num, token, (size_t)(dot - token));
	num[dot - token] = '\0';
	if (gz_str_to_long(num, 0, 99999999999L, &t) != GZ_OK ||
	    sodium_hex2bin(mac, sizeof(mac), dot + 1, strlen(dot + 1), NULL, &maclen, NULL) != 0 ||
	    maclen != sizeof(mac)) {
		return GZ_APP_COMMENT_TOKEN_BAD;
	}
	token_mac(c, article_id, t, nonce, want);
	if (sodium_memcmp(mac, want, sizeof(mac)) != 0) {
		return GZ_APP_COMMENT_TOKEN_BAD;
	}
	/* A little clock skew between workers is fine; the future is not. */
	if (t > (long)c->now + 60 || (long)c->now - t > TOKEN_MAX_AGE) {
		return GZ_APP_COMMENT_TOKEN_BAD;
	}
	return (long)c->now - t < min ? GZ_APP_COMMENT_TOKEN_TOO_FAST : GZ_APP_COMMENT_TOKEN_OK;
}

/* Up to two initials of name (first letters of its first and last words), uppercase ASCII. */
static const char *
initials(struct gz_arena *a, const char *name)
{
	const char *p = name, *first = NULL, *last = NULL;
	size_t len = strlen(name), flen = 0, llen = 0, k;
	char out[9];
	uint32_t cp;
	int in_word = 0;

	while (*p != '\0') {
		if ((k = gz_utf8_decode(p, len - (size_t)(p - name), &cp)) == 0) {
			k = 1;
			cp = ' ';
		}
		if (cp == ' ' || cp == '\t' || cp == '-' || cp == '.' || cp == ',' || cp == '(' ||
		    cp == ')' || cp == '"' || cp == '\'' || cp == '_' || cp == '@') {
			in_word = 0;
		} else if (!in_word) {
			in_word = 1;
			if (first == NULL) {
				first = p, flen = k;
			} else {
				last = p, llen = k;
			}
		}
		p += k;
	}
	if (first == NULL) {
		return "?";
	}
	memcpy(out, first, flen);
	if (last != NULL) {
		memcpy(out + flen, last, llen);
	}
	out[flen + (last ? llen : 0)] = '\0';
	for (k = 0; out[k] != '\0'; k++) {
		if (out[k] >= 'a' && out[k] <= 'z') {
			out[k] = (char)(out[k] - 32);
		}
	}
	return gz_arena_strdup(a, out);
}

/* A stable hue 0..359 for name (FNV-1a), so one author keeps one colour. */
static int
name_hue(const char *name)
{
	uint32_t h = 2166136261u;

	for (; *name != '\0'; name++) {
		h = (h ^ (unsigned char)*name) * 16777619u;
	}
	return (int)(h % 360);
}

/*
 * The body as a list of paragraphs (split at blank lines), each a list of
 * its lines, so the template can show line breaks without any HTML from
 * the reader.
 */
static struct gz_val *
paragraphs(struct gz_arena *a, const char *body)
{
	struct gz_val *paras = gz_val_list_new(a), *lines = NULL;
	const char *p = body;

	if (paras == NULL) {
		return NULL;
	}
	while (*p != '\0') {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		struct gz_span t = gz_str_trim(p, n);

		if (t.n == 0) {
			lines = NULL; /* a blank line ends the paragraph */
		} else {
			if (lines == NULL) {
				if ((lines = gz_val_list_new(a)) == NULL) {
					return NULL;
				}
				gz_val_list_push(paras, lines);
			}
			gz_val_list_push(lines, gz_val_strn(a, t.p, t.n));
		}
		p += n + (e ? 1 : 0);
	}
	return paras;
}

/* Template value for one approved comment (replies added by the caller). */
static struct gz_val *
comment_val(struct gz_arena *a, const struct gz_comment *cm)
{
	struct gz_val *m = gz_val_map_new(a);
	int hue = name_hue(cm->author_name);

	if (m == NULL) {
		return NULL;
	}
	gz_app_set_int(m, "id", cm->id);
	gz_app_set_str(m, "author_name", cm->author_name);
	gz_app_set_str(m, "author_url", cm->author_url);
	gz_app_set_str(m, "initials", initials(a, cm->author_name));
	gz_app_set_int(m, "avatar_hue", hue);
	gz_app_set_int(m, "avatar_class", hue / 45);
	gz_app_set_int(m, "created", cm->created_at);
	gz_val_map_set(m, "staff", gz_val_bool(cm->user_id != 0));
	gz_app_set_str(m, "body", cm->body);
	gz_val_map_set(m, "paragraphs", paragraphs(a, cm->body));
	gz_app_set_str(m, "reply_to", "");
	return m;
}

/* Position of id in the sorted ids[], or -1. */
static long
find_id(const int64_t *ids, const size_t *order, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ids[order[mid]] < id) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo < n && ids[order[lo]] == id ? (long)order[lo] : -1;
}

/* The approved thread of article_id as nested lists; count gets the total. */
static struct gz_val *
thread_val(struct gz_ctx *c, int64_t article_id, size_t *count)
{
	struct gz_arena *a = c->arena;
	struct gz_comment *cs;
	struct gz_val *top = gz_val_list_new(a), **vals, **replies, **container;
	int64_t *ids;
	size_t n, i, j, *order;
	int *depth;

	*count = 0;
	if (top == NULL || gz_comment_approved(c->db, a, article_id, &cs, &n) != GZ_OK || n == 0) {
		return top;
	}
	vals = gz_arena_calloc(a, n, sizeof(*vals));
	replies = gz_arena_calloc(a, n, sizeof(*replies));
	container = gz_arena_calloc(a, n, sizeof(*container));
	ids = gz_arena_calloc(a, n, sizeof(*ids));
	order = gz_arena_calloc(a, n, sizeof(*order));
	depth = gz_arena_calloc(a, n, sizeof(*depth));
	if (!vals || !replies || !container || !ids || !order || !depth) {
		return top;
	}
	/* Insertion sort of indexes by id: a thread is a few hundred at most
	 * and nearly sorted already (ids grow with time). */
	for (i = 0; i < n; i++) {
		ids[i] = cs[i].id;
		for (j = i; j > 0 && ids[order[j - 1]] > ids[i]; j--) {
			order[j] = order[j - 1];
		}
		order[j] = i;
	}
	for (i = 0; i < n; i++) {
		long p = cs[i].parent_id ? find_id(ids, order, n, cs[i].parent_id) : -1;

		if ((vals[i] = comment_val(a, &cs[i])) == NULL ||
		    (replies[i] = gz_val_list_new(a)) == NULL) {
			return top;
		}
		gz_val_map_set(vals[i], "replies", replies[i]);
		/* A reply whose parent is not shown (unapproved, or later in the
		 * list) starts its own thread rather than vanish. */
		if (p < 0 || (size_t)p >= i) {
			container[i] = top;
			depth[i] = 0;
		} else if (depth[p] >= THREAD_DEPTH - 1) {
			/* Deep replies sit beside their parent, naming whom they answer. */
			container[i] = container[p];
			depth[i] = depth[p];
			gz_app_set_str(vals[i], "reply_to", cs[p].author_name);
		} else {
			container[i] = replies[p];
			depth[i] = depth[p] + 1;
		}
		gz_val_list_push(container[i], vals[i]);
	}
	*count = n;
	return top;
}

/* The commenter cookie's fields into f, when consent allows and it parses. */
static int
commenter_cookie(struct gz_ctx *c, struct gz_app_comment_form *f)
{
	const char *v = gz_request_cookie(c->req, GZ_COMMENTER_COOKIE), *parts[3], *p;
	size_t i, len;
	char *dec;

	if (v == NULL || gz_app_consent(c) != GZ_CONSENT_ACCEPT) {
		return 0;
	}
	for (i = 0, p = v; i < 3; i++) {
		const char *bar = strchr(p, '|');

		len = bar ? (size_t)(bar - p) : strlen(p);
		if (gz_url_decode(c->arena, p, len, 0, &dec, &len) != GZ_OK ||
		    gz_str_has_ctl(dec, len, 0)) {
			return 0;
		}
		parts[i] = dec;
		if (bar == NULL) {
			for (i++; i < 3; i++) {
				parts[i] = "";
			}
			break;
		}
		p = bar + 1;
	}
	f->name = parts[0];
	f->email = parts[1];
	f->url = parts[2];
	f->save = 1;
	return 1;
}

/*
 * The comment_form value: token, nonce (f's when it carries a checked
 * pair, else fresh ones), values, body_max (the longest comment), errors
 * (map, may be NULL), notice, save_offered/save_checked, parent and
 * reply_to, action.
 */
struct gz_val *
gz_app_comment_form_val(struct gz_ctx *c, const struct gz_article *a,
                        const struct gz_app_comment_form *f, struct gz_val *errors,
                        const char *notice)
{
	struct gz_arena *ar = c->arena;
	static const char *const error_keys[] = {"name", "email", "url", "body", "form"};
	struct gz_val *m = gz_val_map_new(ar), *values = gz_val_map_new(ar), *all;
	const char *token = NULL, *nonce = NULL;
	size_t i;
	struct gz_comment parent;

	if (m == NULL || values == NULL) {
		return NULL;
	}
	if (f->token != NULL && f->nonce != NULL) {
		token = f->token;
		nonce = f->nonce;
	} else {
		token_new(c, a->s.id, &token, &nonce);
	}
	gz_app_set_str(m, "token", token);
	gz_app_set_str(m, "nonce", nonce);
	gz_app_set_str(values, "name", f->name);
	gz_app_set_str(values, "email", f->email);
	gz_app_set_str(values, "url", f->url);
	gz_app_set_str(values, "body", f->body);
	gz_val_map_set(m, "values", values);
	gz_app_set_int(m, "body_max", gz_app_comment_body_max(c));
	/* Every key present, so strict templates may test any of them. */
	if ((all = gz_val_map_new(ar)) == NULL) {
		return NULL;
	}
	for (i = 0; i < sizeof(error_keys) / sizeof(error_keys[0]); i++) {
		const struct gz_val *e = errors ? gz_val_map_get(errors, error_keys[i]) : NULL;

		gz_val_map_set(all, error_keys[i], e ? e : gz_val_str(ar, ""));
	}
	gz_val_map_set(m, "errors", all);
	gz_app_set_str(m, "notice", notice);
	gz_val_map_set(m, "save_offered", gz_val_bool(gz_app_consent(c) == GZ_CONSENT_ACCEPT));
	gz_val_map_set(m, "save_checked", gz_val_bool(f->save));
	gz_app_set_int(m, "parent", 0);
	gz_app_set_str(m, "reply_to", "");
	if (f->parent > 0 && gz_comment_get(c->db, ar, f->parent, &parent) == GZ_OK &&
	    parent.article_id == a->s.id && parent.status == GZ_COMMENT_APPROVED) {
		gz_app_set_int(m, "parent", parent.id);
		gz_app_set_str(m, "reply_to", parent.author_name);
	}
	gz_app_set_str(m, "action",
	               gz_arena_printf(ar, "%s/comments", gz_app_article_path(ar, a->s.slug)));
	gz_app_set_str(m, "path", gz_app_article_path(ar, a->s.slug));
	gz_val_map_set(m, "open", gz_val_bool(a->comments_open));
	return m;
}

void
gz_app_comment_section(struct gz_ctx *c, const struct gz_article *a, struct gz_val *data)
{
	struct gz_app_comment_form f = {"", "", "", "", 0, 0, NULL, NULL};
	const char *reply = gz_request_arg(c->req, "reply");
	const char *state = gz_request_arg(c->req, "comment");
	const char *notice = "";
	size_t count = 0;
	long id;

	gz_val_map_set(data, "comments", thread_val(c, a->s.id, &count));
	gz_app_set_int(data, "comment_count", (long long)count);
	commenter_cookie(c, &f);
	if (reply != NULL && gz_str_to_long(reply, 1, 0x7fffffffL, &id) == GZ_OK) {
		f.parent = id;
	}
	if (state != NULL && strcmp(state, "held") == 0) {
		notice = GZ_N_("Thank you. Your comment is awaiting moderation and will appear "
		               "once a moderator approves it.");
	} else if (state != NULL && strcmp(state, "received") == 0) {
		notice = GZ_N_("Your comment was already received, so it was not posted twice. If "
		               "it is not shown yet, it awaits moderation.");
	}
	gz_val_map_set(data, "comment_form", gz_app_comment_form_val(c, a, &f, NULL, notice));
}
