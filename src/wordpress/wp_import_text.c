/*
 * The importer's small conversions: WordPress's bits of HTML (titles, term
 * names, comments, excerpts) to plain text through libxml2's HTML parser,
 * which decodes entities and drops tags as a browser would; its dates
 * ("2013-04-09 06:37:47" and RFC 822) to Unix time; its slugs to
 * Gazette's; URLs cut into host, path and query.  Pure functions over the
 * caller's arena: they know neither the database nor the export's layout.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/xmlerror.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/str.h"
#include "gazette/url.h"
#include "gazette/utf8.h"
#include "wp_import_internal.h"

/* ASCII whitespace. */
static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* A copy of s without leading and trailing ASCII whitespace, in a. */
char *
wp_trim(struct gz_arena *a, const char *s)
{
	struct gz_span t = gz_str_trim(s, strlen(s));

	return gz_arena_strndup(a, t.p, t.n);
}

/* 1 when field, without surrounding whitespace, is word. */
int
wp_is(const char *field, const char *word)
{
	struct gz_span t = gz_str_trim(field, strlen(field));

	return t.n == strlen(word) && memcmp(t.p, word, t.n) == 0;
}

/* The value of the item's last postmeta called key, or NULL. */
const char *
wp_meta(const struct gz_wxr_item *it, const char *key)
{
	const char *v = NULL;
	size_t i;

	for (i = 0; i < it->nmeta; i++) {
		if (wp_is(it->meta[i].key, key)) {
			v = it->meta[i].value;
		}
	}
	return v;
}

/* A copy of s cut to at most max bytes on a character boundary, in a. */
char *
wp_cut(struct gz_arena *a, const char *s, size_t max)
{
	return gz_arena_strndup(a, s, gz_utf8_truncate(s, strlen(s), max));
}

/*
 * Append the n bytes of UTF-8 text at s to b, dropping control characters
 * (C0 but, with keep_lines, LF and TAB; DEL; C1) and, in one-line mode,
 * making every run of whitespace one space.
 */
static void
put_text(struct gz_buf *b, const char *s, size_t n, int keep_lines)
{
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		k = gz_utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			i++;
			continue;
		}
		if (cp == '\r' && i + 1 < n && s[i + 1] == '\n') {
			/* CR LF is one line end. */
			i++;
			continue;
		}
		if (cp == '\r') {
			cp = '\n';
		}
		if (cp == 0xA0) {
			/* &nbsp; is spacing in plain text, and trims as a space. */
			cp = ' ';
		}
		if (!keep_lines && cp < 0x80 && is_space((char)cp)) {
			if (b->len > 0 && b->data[b->len - 1] != ' ') {
				gz_buf_putc(b, ' ');
			}
		} else if ((cp == '\n' || cp == '\t') && keep_lines) {
			gz_buf_putc(b, (char)cp);
		} else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
			/* dropped */
		} else if (cp == ' ') {
			gz_buf_putc(b, ' ');
		} else {
			gz_buf_append(b, s + i, k);
		}
		i += k;
	}
}

/* Elements whose text a reader never saw. */
static int
is_hidden(const char *name)
{
	static const char *const hidden[] = {"script", "style",  "head",   "template", "noscript",
	                                     "iframe", "object", "select", "textarea"};
	size_t i;

	for (i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++) {
		if (strcasecmp(name, hidden[i]) == 0) {
			return 1;
		}
	}
	return 0;
}

/* Elements that start and end a paragraph of text. */
static int
is_block(const char *name)
{
	static const char *const blocks[] = {
	    "p",       "div",    "blockquote", "pre",   "ul",         "ol",      "li",
	    "dl",      "dt",     "dd",         "table", "tr",         "h1",      "h2",
	    "h3",      "h4",     "h5",         "h6",    "figure",     "hr",      "section",
	    "article", "header", "footer",     "aside", "figcaption", "address", "details",
	};
	size_t i;

	for (i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++) {
		if (strcasecmp(name, blocks[i]) == 0) {
			return 1;
		}
	}
	return 0;
}

/* A paragraph break (or, in one-line mode, a space) at the end of b. */
static void
put_break(struct gz_buf *b, int keep_lines, int blank)
{
	if (b->len == 0) {
		return;
	}
	if (!keep_lines) {
		if (b->data[b->len - 1] != ' ') {
			gz_buf_putc(b, ' ');
		}
		return;
	}
	gz_buf_putc(b, '\n');
	if (blank) {
		gz_buf_putc(b, '\n');
	}
}

/*
 * Tidy paragraph text in place: trailing blanks of each line dropped, a
 * line of blanks made empty, at most one empty line in a row and none at
 * the start or end.  Writing never overtakes reading: a second newline is
 * written only for an empty line that was read and not written.
 */
static void
tidy_lines(struct gz_buf *b)
{
	char *s = b->data, *w = s;
	size_t i = 0, start, end, k;
	int blank_before = 0;

	if (s == NULL) {
		return;
	}
	while (i <= b->len) {
		start = i;
		while (i < b->len && s[i] != '\n') {
			i++;
		}
		end = i;
		while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t')) {
			end--;
		}
		for (k = start; k < end && (s[k] == ' ' || s[k] == '\t'); k++) {
		}
		if (k == end) {
			blank_before = w > s;
		} else {
			if (w > s) {
				*w++ = '\n';
				if (blank_before) {
					*w++ = '\n';
				}
			}
			memmove(w, s + start, end - start);
			w += end - start;
			blank_before = 0;
		}
		i++;
	}
	*w = '\0';
	b->len = (size_t)(w - s);
}

/* libxml2's generic error channel while parsing: nothing printed. */
static void
silent(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

/*
 * The text a reader of html saw, in a: entities decoded, tags dropped,
 * scripts and styles left out, control characters removed.  With
 * paragraphs, block elements and blank lines in the text separate
 * paragraphs (one empty line between two) and <br> breaks a line; else
 * the result is one line, whitespace runs made one space.  Trimmed.
 * NULL only when out of memory.
 */
char *
wp_plain(struct gz_arena *a, const char *html, int paragraphs)
{
	xmlGenericErrorFunc old = xmlGenericError;
	void *old_ctx = xmlGenericErrorContext;
	xmlNodePtr n, root;
	struct gz_buf b;
	htmlDocPtr doc;
	struct gz_span t;
	size_t len = strlen(html);
	char *out;

	if (len == 0 || len > (size_t)INT32_MAX) {
		return gz_arena_strdup(a, "");
	}
	xmlSetGenericErrorFunc(NULL, silent);
	doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
	                     HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	xmlSetGenericErrorFunc(old_ctx, old);
	if (doc == NULL) {
		return gz_arena_strdup(a, "");
	}
	gz_buf_init(&b, NULL, 0);
	root = xmlDocGetRootElement(doc);
	/* An iterative walk: the depth of the markup costs no stack. */
	for (n = root; n != NULL;) {
		int descend = 0;

		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content != NULL) {
				put_text(&b, (const char *)n->content,
				         strlen((const char *)n->content), paragraphs);
			}
		} else if (n->type == XML_ELEMENT_NODE && n->name != NULL) {
			const char *name = (const char *)n->name;

			if (strcasecmp(name, "br") == 0) {
				put_break(&b, paragraphs, 0);
			} else if (!is_hidden(name)) {
				if (is_block(name)) {
					put_break(&b, paragraphs, 1);
				}
				descend = n->children != NULL;
			}
		}
		if (descend) {
			n = n->children;
			continue;
		}
		/* Leave n and every ancestor that has no next sibling. */
		while (n != NULL && n->next == NULL && n != root) {
			n = n->parent;
			if (n != NULL && n->type == XML_ELEMENT_NODE && n->name != NULL &&
			    is_block((const char *)n->name)) {
				put_break(&b, paragraphs, 1);
			}
		}
		n = n == NULL || n == root ? NULL : n->next;
	}
	xmlFreeDoc(doc);
	if (paragraphs) {
		tidy_lines(&b);
	}
	t = gz_str_trim(gz_buf_str(&b), b.len);
	out = gz_buf_err(&b) == GZ_OK ? gz_arena_strndup(a, t.p, t.n) : NULL;
	gz_buf_free(&b);
	return out;
}

/* s as one line: whitespace runs made one space, trimmed, in a. */
char *
wp_one_line(struct gz_arena *a, const char *s)
{
	struct gz_buf b;
	struct gz_span t;
	char *out;

	gz_buf_init(&b, NULL, 0);
	put_text(&b, s, strlen(s), 0);
	t = gz_str_trim(gz_buf_str(&b), b.len);
	out = gz_buf_err(&b) == GZ_OK ? gz_arena_strndup(a, t.p, t.n) : NULL;
	gz_buf_free(&b);
	return out;
}

/* Unix time of a UTC calendar time, 0 when out of range (before 1971 or past 9999). */
static int64_t
utc(int y, int mo, int d, int h, int mi, int s)
{
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	struct tm tm;

	if (y < 1971 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > days[mo - 1] ||
	    (mo == 2 && d == 29 && !leap) || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 ||
	    s > 60) {
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return (int64_t)timegm(&tm);
}

/*
 * "2013-04-09 06:37:47" read as UTC; 0 when it is not such a time or lies
 * before 1971 (WordPress writes "0000-00-00 00:00:00" for "never").
 */
int64_t
wp_time(const char *s)
{
	int y, mo, d, h, mi, sec, n = 0;

	while (is_space(*s)) {
		s++;
	}
	if (sscanf(s, "%4d-%2d-%2d %2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &n) != 6) {
		return 0;
	}
	while (is_space(s[n])) {
		n++;
	}
	return s[n] == '\0' ? utc(y, mo, d, h, mi, sec) : 0;
}

/* RFC 822 <pubDate>, "Tue, 27 Jan 2015 14:56:57 +0000"; 0 when not one. */
int64_t
wp_rfc822(const char *s)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char mon[4], zone[8];
	const char *m;
	int d, y, h, mi, sec, off = 0;
	int64_t t;

	while (is_space(*s)) {
		s++;
	}
	if (isalpha((unsigned char)s[0]) && (m = strchr(s, ',')) != NULL) {
		s = m + 1;
	}
	zone[0] = '\0';
	if (sscanf(s, "%2d %3s %4d %2d:%2d:%2d %7s", &d, mon, &y, &h, &mi, &sec, zone) < 6) {
		return 0;
	}
	if ((m = strstr(months, mon)) == NULL || (m - months) % 3 != 0 || strlen(mon) != 3) {
		return 0;
	}
	if ((zone[0] == '+' || zone[0] == '-') && strlen(zone) == 5 &&
	    strspn(zone + 1, "0123456789") == 4) {
		off = ((zone[1] - '0') * 10 + (zone[2] - '0')) * 3600 +
		      ((zone[3] - '0') * 10 + (zone[4] - '0')) * 60;
		off = zone[0] == '-' ? -off : off;
	} else if (zone[0] != '\0' && strcmp(zone, "GMT") != 0 && strcmp(zone, "UT") != 0 &&
	           strcmp(zone, "UTC") != 0 && strcmp(zone, "Z") != 0) {
		return 0;
	}
	if ((t = utc(y, (int)(m - months) / 3 + 1, d, h, mi, sec)) == 0) {
		return 0;
	}
	return t - off;
}

/*
 * The Gazette slug for WordPress's slug raw (percent-encoded or not): raw
 * decoded when Gazette's rules take it as it is (gz_slugify leaves it
 * unchanged), else gz_slugify of fallback (a title or name), else
 * gz_slugify of the decoded slug; at most maxlen bytes, in a.  "" when
 * none of them gives one; NULL when out of memory.
 */
char *
wp_slug(struct gz_arena *a, const char *raw, const char *fallback, size_t maxlen)
{
	char *t = wp_trim(a, raw), *dec = NULL, *s = NULL;
	size_t n, i;

	if (t == NULL) {
		return NULL;
	}
	if (gz_url_decode(a, t, strlen(t), 0, &dec, &n) != GZ_OK) {
		dec = t;
	}
	for (i = 0; dec[i] != '\0'; i++) {
		dec[i] = (char)tolower((unsigned char)dec[i]);
	}
	if (dec[0] != '\0' && gz_slugify(a, dec, maxlen, &s) == GZ_OK && strcmp(s, dec) == 0) {
		return dec;
	}
	if (gz_slugify(a, fallback, maxlen, &s) == GZ_OK && s[0] != '\0') {
		return s;
	}
	if (gz_slugify(a, dec, maxlen, &s) != GZ_OK) {
		return NULL;
	}
	return s;
}

/*
 * Cut url into host, path and query.  Absolute ("https://host/path?q"),
 * scheme-relative ("//host/path") and relative ("/path", "file.jpg") URLs
 * are taken; another scheme (mailto:, javascript:) is not: returns 0.
 */
int
wp_url_split(const char *url, struct wp_url *u)
{
	const char *p = url, *h, *e, *at;
	size_t i;

	memset(u, 0, sizeof(*u));
	u->path = "";
	for (i = 0; isalpha((unsigned char)p[0]) &&
	            (isalnum((unsigned char)p[i]) || p[i] == '+' || p[i] == '-' || p[i] == '.');
	     i++) {
	}
	if (i > 0 && p[i] == ':') {
		if (strncasecmp(p, "http:", 5) != 0 && strncasecmp(p, "https:", 6) != 0) {
			return 0;
		}
		p += i + 1;
		if (strncmp(p, "//", 2) != 0) {
			return 0;
		}
	}
	if (strncmp(p, "//", 2) == 0) {
		h = p + 2;
		e = h + strcspn(h, "/?#");
		at = memchr(h, '@', (size_t)(e - h));
		if (at != NULL) {
			h = at + 1;
		}
		u->host = h;
		if (*h == '[') {
			const char *close = memchr(h, ']', (size_t)(e - h));

			u->hostlen = close != NULL ? (size_t)(close - h + 1) : (size_t)(e - h);
		} else {
			const char *colon = memchr(h, ':', (size_t)(e - h));

			u->hostlen = colon != NULL ? (size_t)(colon - h) : (size_t)(e - h);
		}
		p = e;
	}
	u->path = p;
	u->pathlen = strcspn(p, "?#");
	p += u->pathlen;
	if (*p == '?') {
		u->query = p + 1;
		u->querylen = strcspn(p + 1, "#");
	}
	return 1;
}

/* The host as the importer compares it: lowercase, without "www."; malloc'd. */
char *
wp_host_key(const char *host, size_t hostlen)
{
	char *k;
	size_t i;

	if (hostlen >= 4 && strncasecmp(host, "www.", 4) == 0) {
		host += 4;
		hostlen -= 4;
	}
	if ((k = malloc(hostlen + 1)) == NULL) {
		return NULL;
	}
	for (i = 0; i < hostlen; i++) {
		k[i] = (char)tolower((unsigned char)host[i]);
	}
	k[hostlen] = '\0';
	return k;
}

/* 1 when host (hostlen bytes) is one of hosts (keys of wp_host_key). */
int
wp_host_is(char *const *hosts, size_t n, const char *host, size_t hostlen)
{
	size_t i, j;

	if (host == NULL) {
		return 0;
	}
	if (hostlen >= 4 && strncasecmp(host, "www.", 4) == 0) {
		host += 4;
		hostlen -= 4;
	}
	for (i = 0; i < n; i++) {
		if (strlen(hosts[i]) != hostlen) {
			continue;
		}
		for (j = 0; j < hostlen; j++) {
			if (tolower((unsigned char)host[j]) != hosts[i][j]) {
				break;
			}
		}
		if (j == hostlen) {
			return 1;
		}
	}
	return 0;
}
