/*
 * Cookie header parsing and Set-Cookie building.  Parsing follows what
 * browsers actually send (RFC 6265 section 5.4 plus the lenient reading of
 * section 5.2: skip what is broken, keep the rest); building is strict
 * (section 4.1 grammar) because its output goes into a response header.
 * It knows the syntax only; session and consent logic live above it.
 */
#include <assert.h>
#include <limits.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/cookie.h"
#include "gazette/httpdate.h"
#include "gazette/kv.h"
#include "gazette/str.h"
#include "gazette/utf8.h"

/* RFC 9110 tchar: the characters of a token. */
static int
is_tchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
		return 1;
	}
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static int
is_token(const char *s, size_t n)
{
	size_t i;

	if (n == 0) {
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (!is_tchar((unsigned char)s[i])) {
			return 0;
		}
	}
	return 1;
}

/* RFC 6265 cookie-octet: printable US-ASCII but DQUOTE , ; \ and SP. */
static int
is_cookie_octet(unsigned char c)
{
	return c >= 0x21 && c <= 0x7E && c != '"' && c != ',' && c != ';' && c != '\\';
}

static struct gz_span
trim_ws(const char *s, size_t n)
{
	struct gz_span sp;

	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) {
		n--;
	}
	sp.p = s;
	sp.n = n;
	return sp;
}

/*
 * Split the pair in the n bytes at seg into *name and *val.  Returns 0 and
 * the spans when the pair is well formed, -1 when it is to be skipped.
 */
static int
split_pair(const char *seg, size_t n, struct gz_span *name, struct gz_span *val)
{
	const char *eq = memchr(seg, '=', n);

	if (eq == NULL) {
		return -1;
	}
	*name = trim_ws(seg, (size_t)(eq - seg));
	*val = trim_ws(eq + 1, n - (size_t)(eq - seg) - 1);
	if (val->n >= 2 && val->p[0] == '"' && val->p[val->n - 1] == '"') {
		val->p++;
		val->n -= 2;
	}
	if (!is_token(name->p, name->n) || gz_str_has_ctl(val->p, val->n, 0) ||
	    !gz_utf8_valid(val->p, val->n)) {
		return -1;
	}
	return 0;
}

/* Length of the segment at off, up to the next ';' or the end. */
static size_t
seglen(const char *s, size_t n, size_t off)
{
	const char *semi = memchr(s + off, ';', n - off);

	return semi ? (size_t)(semi - (s + off)) : n - off;
}

enum gz_err
gz_cookie_parse(struct gz_arena *arena, const char *s, size_t n, size_t max_cookies,
                struct gz_kvlist *out)
{
	struct gz_span name, val;
	struct gz_kv *items;
	size_t count = 0, i = 0, off, len;
	enum gz_err rc;

	assert(out != NULL);
	out->items = NULL;
	out->nitems = 0;
	/* First pass: count well-formed pairs, to bound before allocating. */
	for (off = 0; off < n; off += len + 1) {
		len = seglen(s, n, off);
		if (split_pair(s + off, len, &name, &val) == 0 && ++count > max_cookies) {
			rc = GZ_ETOOBIG;
			goto fail;
		}
	}
	if (count == 0) {
		return GZ_OK;
	}
	if ((items = gz_arena_calloc(arena, count, sizeof(*items))) == NULL) {
		rc = GZ_ENOMEM;
		goto fail;
	}
	for (off = 0; off < n; off += len + 1) {
		len = seglen(s, n, off);
		if (split_pair(s + off, len, &name, &val) != 0) {
			continue;
		}
		assert(i < count);
		items[i].key = gz_arena_strndup(arena, name.p, name.n);
		items[i].val = gz_arena_strndup(arena, val.p, val.n);
		items[i].vlen = val.n;
		if (items[i].key == NULL || items[i].val == NULL) {
			rc = GZ_ENOMEM;
			goto fail;
		}
		i++;
	}
	out->items = items;
	out->nitems = i;
	return GZ_OK;
fail:
	return rc;
}

static int
value_ok(const char *v)
{
	for (; *v != '\0'; v++) {
		if (!is_cookie_octet((unsigned char)*v)) {
			return 0;
		}
	}
	return 1;
}

/* RFC 6265 path-value: av-octets, any printable ASCII but ';'. */
static int
path_ok(const char *p)
{
	for (; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7E || *p == ';') {
			return 0;
		}
	}
	return 1;
}

enum gz_err
gz_cookie_format(struct gz_buf *b, const struct gz_cookie *c)
{
	static const char *const samesite[] = {"Lax", "Strict", "None"};
	char date[GZ_HTTP_DATE_SIZE];
	time_t expires = 0;
	int host_prefix;

	assert(b != NULL && c != NULL && c->name != NULL && c->value != NULL);
	if (!is_token(c->name, strlen(c->name)) || !value_ok(c->value)) {
		goto fail;
	}
	if (c->path != NULL && !path_ok(c->path)) {
		goto fail;
	}
	if ((unsigned)c->samesite > GZ_SAMESITE_NONE ||
	    (c->samesite == GZ_SAMESITE_NONE && !c->secure)) {
		goto fail;
	}
	/* Browsers drop prefixed cookies that break these rules; fail loudly. */
	host_prefix = gz_str_has_prefix_case(c->name, "__Host-");
	if ((host_prefix || gz_str_has_prefix_case(c->name, "__Secure-")) && !c->secure) {
		goto fail;
	}
	if (host_prefix && (c->path == NULL || strcmp(c->path, "/") != 0)) {
		goto fail;
	}
	if (c->max_age >= 0) {
		if (c->max_age > 0) {
			if ((long long)c->expires_base > LLONG_MAX - c->max_age) {
				goto fail;
			}
			expires = c->expires_base + (time_t)c->max_age;
		}
		if (gz_http_date_format(expires, date) != GZ_OK) {
			goto fail;
		}
	}
	gz_buf_puts(b, c->name);
	gz_buf_putc(b, '=');
	gz_buf_puts(b, c->value);
	if (c->path != NULL) {
		gz_buf_puts(b, "; Path=");
		gz_buf_puts(b, c->path);
	}
	if (c->max_age >= 0) {
		gz_buf_printf(b, "; Max-Age=%ld; Expires=%s", c->max_age, date);
	}
	if (c->secure) {
		gz_buf_puts(b, "; Secure");
	}
	if (c->http_only) {
		gz_buf_puts(b, "; HttpOnly");
	}
	gz_buf_puts(b, "; SameSite=");
	gz_buf_puts(b, samesite[c->samesite]);
	return gz_buf_err(b);
fail:
	return GZ_EINVAL;
}
