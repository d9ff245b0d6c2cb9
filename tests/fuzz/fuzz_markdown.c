/*
 * Fuzz the Markdown sanitiser through its public API only
 * (gz_markdown_render, gz_markdown_text): Markdown in, the one kind of
 * HTML a page shows unescaped out.
 *
 * Input: byte 0 picks split_after (bits 0-1: 0..3) and a small arena
 * (bit 2: 16 KiB, so the output buffers' failures are reached); the rest
 * is the Markdown, in its own allocation (not NUL-terminated, so ASan sees
 * an over-read).
 *
 * Checks, on the raw output and conservatively, what markdown.h promises
 * (cmark-gfm's safe mode with tables, strikethrough and autolinks, plus
 * Gazette's heading ids, table wrappers, figures and link cards): it is
 * valid UTF-8; every '<' opens either the "raw HTML omitted" comment or a
 * tag those write (p, h1-h6, a, img, em, strong, code, pre, blockquote,
 * ul, ol, li, hr, br, table, thead, tbody, tr, th, td, del, div, figure,
 * figcaption, span), whose attributes are all of href, src, alt, title,
 * id, class, start, loading, rel, double-quoted, with no '<' or '"'
 * inside; so there is no <script, <style, <iframe and no on* event
 * handler.  A th or td's class is align-left, -center or -right; loading
 * is lazy; rel is the link card's "nofollow noopener external"; a div is
 * a table wrapper: <div class="table-wrap" role="region" aria-label="Table"
 * tabindex="0">, those attributes only on it.  An href or src
 * holds only printable ASCII without quotes, angle brackets or backslash,
 * its only character references are &amp; and &#x27; (so what a browser
 * decodes is what is checked), and its scheme is not javascript:,
 * vbscript: or file:, nor data: other than data:image/png, gif, jpeg or
 * webp.  Heading ids are [a-z0-9_-].  Also: head + tail with a split is
 * the whole unsplit render (a second render, so also deterministic), the
 * plain text is valid UTF-8 with no trailing space; in the large arena every call
 * succeeds, in the small one it fails only with GZ_ENOMEM or GZ_ETOOBIG
 * and NULL outputs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gazette/arena.h"
#include "gazette/markdown.h"
#include "gazette/md.h"
#include "gazette/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 1 when the tag name (n bytes at s) is one cmark's HTML renderer writes. */
static int
tag_ok(const char *s, size_t n)
{
	static const char *const tags[] = {
	    "p",   "h1",  "h2",     "h3",     "h4",         "h5",         "h6", "a",
	    "img", "em",  "strong", "code",   "pre",        "blockquote", "ul", "ol",
	    "li",  "hr",  "br",     "table",  "thead",      "tbody",      "tr", "th",
	    "td",  "del", "div",    "figure", "figcaption", "span"};
	size_t i;

	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		if (strlen(tags[i]) == n && memcmp(tags[i], s, n) == 0) {
			return 1;
		}
	}
	return 0;
}

/* 1 when the n bytes at v are exactly the string want. */
static int
value_is(const char *v, size_t n, const char *want)
{
	return strlen(want) == n && memcmp(v, want, n) == 0;
}

/* 1 when the tag name (n bytes at s) is name. */
static int
tag_is(const char *s, size_t n, const char *name)
{
	return value_is(s, n, name);
}

/* 1 for the attributes only the table wrapper has (role, aria-label,
 * tabindex); class is everyone's. */
static int
attr_div_only(const char *s, size_t n)
{
	return value_is(s, n, "role") || value_is(s, n, "aria-label") || value_is(s, n, "tabindex");
}

/* 1 when attribute name = value (n and vlen bytes) is the table wrapper's. */
static int
div_attr_ok(const char *name, size_t n, const char *v, size_t vlen)
{
	return (value_is(name, n, "class") && value_is(v, vlen, "table-wrap")) ||
	       (value_is(name, n, "role") && value_is(v, vlen, "region")) ||
	       (value_is(name, n, "aria-label") && value_is(v, vlen, "Table")) ||
	       (value_is(name, n, "tabindex") && value_is(v, vlen, "0"));
}

/* 1 when attribute name (n bytes at s) is one the renderer writes. */
static int
attr_ok(const char *s, size_t n)
{
	static const char *const attrs[] = {"href", "src",   "alt",        "title",
	                                    "id",   "class", "start",      "loading",
	                                    "rel",  "role",  "aria-label", "tabindex"};
	size_t i;

	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		if (strlen(attrs[i]) == n && memcmp(attrs[i], s, n) == 0) {
			return 1;
		}
	}
	return 0;
}

/*
 * An href or src value (n bytes at v) a browser cannot run: see the file
 * comment.  Aborts otherwise.
 */
static void
check_url(const char *v, size_t n)
{
	static const char *const images[] = {"image/png", "image/gif", "image/jpeg", "image/webp"};
	size_t i, slen;
	int ok = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];

		if (c <= 0x20 || c >= 0x7f || strchr("\"<>\\`", c) != NULL) {
			abort();
		}
		if (c == '&' && !(n - i >= 5 && memcmp(v + i, "&amp;", 5) == 0) &&
		    !(n - i >= 6 && memcmp(v + i, "&#x27;", 6) == 0)) {
			abort();
		}
	}
	/* The scheme, as a browser reads it: letters, digits, + - . before ':'. */
	slen = strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");
	if (slen >= n || v[slen] != ':') {
		return;
	}
	if ((slen == 10 && strncasecmp(v, "javascript", 10) == 0) ||
	    (slen == 8 && strncasecmp(v, "vbscript", 8) == 0) ||
	    (slen == 4 && strncasecmp(v, "file", 4) == 0)) {
		abort();
	}
	if (slen == 4 && strncasecmp(v, "data", 4) == 0) {
		for (i = 0; i < sizeof(images) / sizeof(images[0]); i++) {
			size_t k = strlen(images[i]);

			ok |= n - 5 >= k && strncasecmp(v + 5, images[i], k) == 0;
		}
		if (!ok) {
			abort();
		}
	}
}

/* Walk html (NUL-terminated) and abort on anything the file comment forbids. */
static void
check_html(const char *html)
{
	static const char omitted[] = "<!-- raw HTML omitted -->";
	const char *p = html, *name, *val, *q, *tag;
	size_t n, vlen, tlen;

	if (!gz_utf8_valid(html, strlen(html))) {
		abort();
	}
	while ((p = strchr(p, '<')) != NULL) {
		if (strncmp(p, omitted, sizeof(omitted) - 1) == 0) {
			p += sizeof(omitted) - 1;
			continue;
		}
		p++;
		if (*p == '/') {
			p++;
			n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789");
			if (!tag_ok(p, n) || p[n] != '>') {
				abort();
			}
			p += n + 1;
			continue;
		}
		n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789");
		if (!tag_ok(p, n)) {
			abort();
		}
		tag = p;
		tlen = n;
		p += n;
		for (;;) {
			if (p[0] == '>') {
				p++;
				break;
			}
			if (p[0] == ' ' && p[1] == '/' && p[2] == '>') {
				p += 3;
				break;
			}
			if (p[0] != ' ') {
				abort();
			}
			name = ++p;
			n = strspn(p, "abcdefghijklmnopqrstuvwxyz-");
			if (!attr_ok(name, n) || p[n] != '=' || p[n + 1] != '"') {
				abort();
			}
			val = p + n + 2;
			if ((q = strchr(val, '"')) == NULL) {
				abort();
			}
			vlen = (size_t)(q - val);
			if (memchr(val, '<', vlen) != NULL) {
				abort();
			}
			if ((n == 4 && memcmp(name, "href", 4) == 0) ||
			    (n == 3 && memcmp(name, "src", 3) == 0)) {
				check_url(val, vlen);
			}
			if (n == 2 && memcmp(name, "id", 2) == 0 &&
			    strspn(val, "abcdefghijklmnopqrstuvwxyz0123456789_-") != vlen) {
				abort();
			}
			if ((tag_is(tag, tlen, "th") || tag_is(tag, tlen, "td")) &&
			    !value_is(val, vlen, "align-left") &&
			    !value_is(val, vlen, "align-center") &&
			    !value_is(val, vlen, "align-right")) {
				abort();
			}
			if ((n == 7 && memcmp(name, "loading", 7) == 0 &&
			     !value_is(val, vlen, "lazy")) ||
			    (n == 3 && memcmp(name, "rel", 3) == 0 &&
			     !value_is(val, vlen, "nofollow noopener external"))) {
				abort();
			}
			if (attr_div_only(name, n) && !tag_is(tag, tlen, "div")) {
				abort();
			}
			if (tag_is(tag, tlen, "div") && !div_attr_ok(name, n, val, vlen)) {
				abort();
			}
			p = q + 1;
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gz_arena a, big;
	char *md, *head, *tail, *whole, *rest, *text;
	size_t n, hlen;
	int split, small;
	enum gz_err rc;

	if (size == 0) {
		return 0;
	}
	split = data[0] & 3;
	small = (data[0] & 4) != 0;
	n = size - 1;
	if ((md = malloc(n ? n : 1)) == NULL) {
		return 0;
	}
	memcpy(md, data + 1, n);
	gz_arena_init(&a, 4096, small ? 16 * 1024 : 0);
	gz_arena_init(&big, 4096, 0);

	rc = gz_markdown_render(&a, md, n, split, &head, &tail);
	if (rc != GZ_OK) {
		if (!small || (rc != GZ_ENOMEM && rc != GZ_ETOOBIG) || head != NULL ||
		    tail != NULL) {
			abort();
		}
	} else {
		if (head == NULL || tail == NULL || (split == 0 && tail[0] != '\0')) {
			abort();
		}
		check_html(head);
		check_html(tail);
		/* The split only cuts: both halves are the whole page. */
		if (gz_markdown_render(&big, md, n, 0, &whole, &rest) != GZ_OK) {
			abort();
		}
		hlen = strlen(head);
		if (strlen(whole) != hlen + strlen(tail) || memcmp(whole, head, hlen) != 0 ||
		    strcmp(whole + hlen, tail) != 0 || rest[0] != '\0') {
			abort();
		}
	}

	rc = gz_md_text(&a, md, n, &text);
	if (rc != GZ_OK) {
		if (!small || (rc != GZ_ENOMEM && rc != GZ_ETOOBIG) || text != NULL) {
			abort();
		}
	} else {
		n = strlen(text);
		if (!gz_utf8_valid(text, n) || (n > 0 && text[n - 1] == ' ')) {
			abort();
		}
	}
	gz_arena_free(&big);
	gz_arena_free(&a);
	free(md);
	return 0;
}
