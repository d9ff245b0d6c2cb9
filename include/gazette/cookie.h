/*
 * Cookies both ways: parsing the Cookie request header (RFC 6265 section
 * 5.4 syntax, parsed leniently as browsers send it) and building one
 * Set-Cookie value (section 4.1, built strictly so nothing a caller passes
 * can add attributes or split the header).
 *
 * It knows nothing of what cookies mean (session, consent, CSRF) nor of
 * signing them: values are opaque bytes here and are not percent-decoded.
 */
#ifndef GAZETTE_COOKIE_H
#define GAZETTE_COOKIE_H

#include <stddef.h>
#include <time.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_buf;
struct gz_kvlist;

enum gz_samesite {
	GZ_SAMESITE_LAX,    /* sent on top-level navigations from other sites */
	GZ_SAMESITE_STRICT, /* never sent on cross-site requests */
	GZ_SAMESITE_NONE,   /* always sent; requires secure */
};

/* One Set-Cookie to build with gz_cookie_format. */
struct gz_cookie {
	const char *name;          /* RFC 6265 token, e.g. "gz_session" */
	const char *value;         /* cookie-octets only; may be "" */
	const char *path;          /* Path attribute, e.g. "/"; NULL for none */
	long max_age;              /* seconds; <0: session cookie, 0: delete now */
	time_t expires_base;       /* "now", to compute Expires from max_age */
	int secure;                /* add Secure */
	int http_only;             /* add HttpOnly */
	enum gz_samesite samesite; /* SameSite attribute, always written */
};

/*
 * Parse the n bytes of a Cookie header value at s (no NUL terminator
 * needed) into out, in the arena.  Pairs are separated by ';' with
 * optional spaces or tabs around them ("a=b;c=d" is accepted).  Each pair
 * is split at its first '='; the name and the value are trimmed of spaces
 * and tabs and a value wrapped in double quotes loses them ("\"x\"" gives
 * x).  Values are not percent-decoded.
 *
 * A malformed pair is skipped, not fatal, since one bad cookie set by some
 * other application on the domain must not lock a reader out: no '=',
 * an empty name, a name that is not an RFC 6265 token, or a name or value
 * holding a control character (0x00..0x1F, 0x7F) or invalid UTF-8.
 * Duplicates are kept in order (browsers send the most specific path
 * first, so gz_kv_get finds that one).
 *
 * GZ_ETOOBIG when more than max_cookies pairs are well formed; GZ_ENOMEM
 * when the arena is full.  On error out is left empty (NULL, 0).
 */
enum gz_err gz_cookie_parse(struct gz_arena *arena, const char *s, size_t n, size_t max_cookies,
                            struct gz_kvlist *out);

/*
 * Append the Set-Cookie header value for c to b (without "Set-Cookie: "):
 *   name=value[; Path=p][; Max-Age=N; Expires=<IMF-fixdate>][; Secure]
 *   [; HttpOnly]; SameSite=Lax|Strict|None
 * Max-Age and Expires are both written unless max_age < 0 (a session
 * cookie); Expires is expires_base + max_age, and for max_age == 0 it is
 * the epoch, so every browser deletes the cookie.
 *
 * GZ_EINVAL, with nothing appended, when name is empty or not a token,
 * value holds a byte outside cookie-octet (so no ';', ',', '"', '\\',
 * space, control or non-ASCII byte), path holds a byte outside printable
 * ASCII or a ';', samesite is GZ_SAMESITE_NONE without secure, a "__Secure-" or
 * "__Host-" name lacks secure (and, for "__Host-", a path of "/"), or
 * Expires would not fit a four-digit year.  Otherwise returns the buffer's
 * sticky error (GZ_OK, GZ_ENOMEM or GZ_ETOOBIG).
 */
enum gz_err gz_cookie_format(struct gz_buf *b, const struct gz_cookie *c);

#endif
