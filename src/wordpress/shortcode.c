/*
 * WordPress shortcodes as tokens: "[caption id="x" width="300"]",
 * "[gallery ids="1,2" /]", "[/caption]" and the escaped "[[gallery]]".
 * This is WordPress's own bracket syntax inside text, not HTML: the HTML
 * has already been parsed by libxml2 and these functions only ever see the
 * text of one node.  A token is scanned with hard limits on its name and
 * attribute lengths, so a stray '[' costs at most a few kilobytes of
 * reading.
 *
 * It knows the names WordPress and Jetpack register and how attributes are
 * written; what a shortcode becomes (a figure, a link card, nothing) is
 * html_md.c's business.
 */
#include <string.h>

#include "internal.h"

/*
 * Names treated as shortcodes even without attributes or a closing tag:
 * WordPress core's and the common Jetpack / WordPress.com ones.  An
 * unknown "[name]" stays text unless it has name=value attributes or its
 * closing tag follows, so "[sic]" and "[citation needed]" survive.
 */
static const char *const known[] = {
    "archives",     "audio",       "blog_subscription_form",
    "caption",      "code",        "contact-field",
    "contact-form", "crowdsignal", "dailymotion",
    "embed",        "facebook",    "flickr",
    "gallery",      "gist",        "googlemaps",
    "instagram",    "issuu",       "jetpack_subscription_form",
    "playlist",     "polldaddy",   "portfolio",
    "recipe",       "scribd",      "sitemap",
    "slideshare",   "slideshow",   "soundcloud",
    "sourcecode",   "spotify",     "ted",
    "testimonials", "tweet",       "twitter",
    "video",        "vimeo",       "vine",
    "wp_caption",   "wpvideo",     "youtube",
};

/* A character of a tag name: a letter first, then letters, digits, _ and -. */
static int
name_char(unsigned char c, int first)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
		return 1;
	}
	return !first && ((c >= '0' && c <= '9') || c == '_' || c == '-');
}

/* ASCII whitespace. */
static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* 1 when the name (n bytes) is in known[]. */
static int
is_known(const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (strlen(known[i]) == n && memcmp(known[i], name, n) == 0) {
			return 1;
		}
	}
	return 0;
}

/*
 * The token at s without the escape form: '[' name, then either ']' or
 * whitespace/'/' and attributes up to the first ']' (WordPress allows no
 * ']' inside attributes, quoted or not).  Returns its length or 0.
 */
static size_t
scan_plain(const char *s, size_t n, struct gz_sc *sc)
{
	size_t i = 1, j, limit;
	const char *eq;

	memset(sc, 0, sizeof(*sc));
	sc->kind = GZ_SC_OPEN;
	if (i < n && s[i] == '/') {
		sc->kind = GZ_SC_CLOSE;
		i++;
	}
	sc->name = s + i;
	for (j = i; j < n && j - i < GZ_SC_NAME_MAX && name_char((unsigned char)s[j], j == i);
	     j++) {
	}
	if (j == i || j >= n || j - i >= GZ_SC_NAME_MAX) {
		return 0;
	}
	sc->nname = j - i;
	if (sc->kind == GZ_SC_CLOSE) {
		/* "[/name]" and nothing else. */
		if (s[j] != ']') {
			return 0;
		}
		sc->len = j + 1;
		sc->known = is_known(sc->name, sc->nname);
		return sc->len;
	}
	/* "[youtube=URL]" (WordPress.com's old form) has '=' right after the name. */
	if (s[j] != ']' && s[j] != '/' && s[j] != '=' && !is_space((unsigned char)s[j])) {
		return 0;
	}
	if (s[j] == '/' && !(j + 1 < n && s[j + 1] == ']')) {
		/* "[name/x]" is not a token. */
		return 0;
	}
	limit = n - j < GZ_SC_ATTRS_MAX ? n : j + GZ_SC_ATTRS_MAX;
	sc->attrs = s + j;
	for (i = j; i < limit && s[i] != ']'; i++) {
		if (s[i] == '[') {
			/* A '[' first means the ']' closes something else. */
			return 0;
		}
	}
	if (i >= limit) {
		return 0;
	}
	sc->nattrs = i - j;
	if (sc->nattrs > 0 && sc->attrs[sc->nattrs - 1] == '/') {
		sc->kind = GZ_SC_SELF;
		sc->nattrs--;
	}
	sc->len = i + 1;
	sc->known = is_known(sc->name, sc->nname);
	eq = memchr(sc->attrs, '=', sc->nattrs);
	sc->has_eq = eq != NULL;
	return sc->len;
}

/* See internal.h. */
size_t
gz_sc_scan(const char *s, size_t n, struct gz_sc *sc)
{
	size_t len;

	if (n < 3 || s[0] != '[') {
		return 0;
	}
	if (s[1] == '[') {
		/* "[[name ...]]" is WordPress's way to write a shortcode as text. */
		len = scan_plain(s + 1, n - 1, sc);
		if (len == 0 || len + 1 >= n || s[len + 1] != ']') {
			return 0;
		}
		sc->kind = GZ_SC_ESCAPED;
		sc->len = len + 2;
		return sc->len;
	}
	return scan_plain(s, n, sc);
}

/* Skip whitespace from i; returns the new index (<= n). */
static size_t
skip_space(const char *s, size_t n, size_t i)
{
	while (i < n && is_space((unsigned char)s[i])) {
		i++;
	}
	return i;
}

/*
 * Read one value at s[i] (quoted with " or ', or bare up to whitespace);
 * sets *v, *vn and returns the index after it.
 */
static size_t
read_value(const char *s, size_t n, size_t i, const char **v, size_t *vn)
{
	size_t j;
	char q;

	if (i < n && (s[i] == '"' || s[i] == '\'')) {
		q = s[i++];
		for (j = i; j < n && s[j] != q; j++) {
		}
		*v = s + i;
		*vn = j - i;
		return j < n ? j + 1 : j;
	}
	for (j = i; j < n && !is_space((unsigned char)s[j]); j++) {
	}
	*v = s + i;
	*vn = j - i;
	return j;
}

/* See internal.h. */
int
gz_sc_attr(const char *attrs, size_t n, const char *name, const char **v, size_t *vn)
{
	size_t i = 0, k, want = strlen(name);
	const char *val;
	size_t nval;

	/* "[youtube=URL]": the value right after the name is positional. */
	if (want == 0 && n > 0 && attrs[0] == '=') {
		read_value(attrs, n, 1, v, vn);
		return *vn > 0;
	}
	for (;;) {
		i = skip_space(attrs, n, i);
		if (i >= n) {
			return 0;
		}
		if (attrs[i] == '"' || attrs[i] == '\'') {
			i = read_value(attrs, n, i, &val, &nval);
			if (want == 0) {
				*v = val;
				*vn = nval;
				return 1;
			}
			continue;
		}
		/* A name is [A-Za-z0-9_-]+; "https://x/?v=1" is a positional value. */
		for (k = i; k < n && name_char((unsigned char)attrs[k], 0); k++) {
		}
		if (k > i && k < n && attrs[k] == '=') {
			size_t nlen = k - i;
			const char *nm = attrs + i;

			i = read_value(attrs, n, k + 1, &val, &nval);
			if (want > 0 && nlen == want && strncmp(nm, name, want) == 0) {
				*v = val;
				*vn = nval;
				return 1;
			}
			continue;
		}
		/* A bare word: a positional value. */
		for (k = i; k < n && !is_space((unsigned char)attrs[k]); k++) {
		}
		if (want == 0) {
			*v = attrs + i;
			*vn = k - i;
			return 1;
		}
		i = k;
	}
}

/* See internal.h. */
void
gz_sc_closes_add(struct gz_sc_closes *c, const char *name, size_t nname, size_t pos)
{
	int i;

	for (i = 0; i < c->n; i++) {
		if (c->e[i].nname == nname && memcmp(c->e[i].name, name, nname) == 0) {
			c->e[i].last = pos;
			return;
		}
	}
	if (c->n < GZ_SC_CLOSES_MAX) {
		c->e[c->n].name = name;
		c->e[c->n].nname = nname;
		c->e[c->n].last = pos;
		c->n++;
	}
}

/* See internal.h. */
int
gz_sc_closes_after(const struct gz_sc_closes *c, const char *name, size_t nname, size_t pos)
{
	int i;

	for (i = 0; i < c->n; i++) {
		if (c->e[i].nname == nname && memcmp(c->e[i].name, name, nname) == 0) {
			return c->e[i].last > pos;
		}
	}
	return 0;
}

/* See internal.h. */
int
gz_sc_is_shortcode(const struct gz_sc *sc, const struct gz_sc_closes *closes, size_t pos)
{
	switch (sc->kind) {
	case GZ_SC_ESCAPED:
		return 0;
	case GZ_SC_CLOSE:
	case GZ_SC_SELF:
		return 1;
	case GZ_SC_OPEN:
		break;
	}
	if (sc->known || sc->has_eq) {
		return 1;
	}
	return closes != NULL && gz_sc_closes_after(closes, sc->name, sc->nname, pos);
}

/* See internal.h. */
int
gz_sc_named(const struct gz_sc *sc, const char *name)
{
	return strlen(name) == sc->nname && memcmp(sc->name, name, sc->nname) == 0;
}
