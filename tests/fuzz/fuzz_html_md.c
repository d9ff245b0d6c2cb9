/*
 * Fuzz the WordPress HTML converter through its public API only
 * (gz_html_md), then Gazette's renderer on what it wrote.
 *
 * Input: byte 0 picks the options: bit 0 autop, bit 1 a map_url callback
 * (it maps /wp-content/ addresses to /media/ ones and "http://evil.test/"
 * ones to a javascript: address, which must still be refused), bit 2 an
 * attachment callback (unknown ids, a javascript: address, a good address
 * with alt text and a caption full of Markdown syntax), bit 3 a small
 * arena (16 KiB, so out-of-memory paths are reached).  The rest is the
 * HTML, in its own allocation (not NUL-terminated, so ASan sees an
 * over-read).
 *
 * Checks: the call succeeds, or (large arena) fails only with GZ_ETOOBIG,
 * or (small arena) with GZ_ETOOBIG or GZ_ENOMEM, *out NULL then; the
 * Markdown is valid UTF-8 without NUL, empty or ending in exactly one
 * newline, with no line ending in a space or tab and no more than
 * GZ_MD_MAX + 1 bytes; converting again gives the same bytes; rendered by
 * gz_markdown_render it gives HTML whose every href is http, https, mailto
 * or relative and every src http, https or relative (the converter's
 * allowlist, stricter than the renderer's own), and no <script, <iframe,
 * <object, <embed, <style or on* attribute.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gazette/arena.h"
#include "gazette/html_md.h"
#include "gazette/markdown.h"
#include "gazette/md.h"
#include "gazette/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *
map_url(void *ctx, const char *url, int is_image)
{
	(void)ctx;
	(void)is_image;
	if (strncmp(url, "/wp-content/", 12) == 0) {
		return "/media/0123abcd.jpg";
	}
	if (strncmp(url, "http://evil.test/", 17) == 0) {
		return " javascript:alert(1)";
	}
	return NULL;
}

static const char *
attachment(void *ctx, long id, const char **alt, const char **caption)
{
	(void)ctx;
	*alt = "alt ]*_ text";
	*caption = "a \"caption\" with | and ` and \\";
	switch (id % 3) {
	case 0:
		return NULL;
	case 1:
		return "javascript:alert(1)";
	default:
		return "/media/gallery.jpg";
	}
}

/* Abort unless the attribute value v (n bytes) has an allowed scheme. */
static void
check_scheme(const char *v, size_t n, int image)
{
	size_t s = strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");

	if (s >= n || v[s] != ':') {
		return;
	}
	if ((s == 4 && strncasecmp(v, "http", 4) == 0) ||
	    (s == 5 && strncasecmp(v, "https", 5) == 0) ||
	    (!image && s == 6 && strncasecmp(v, "mailto", 6) == 0)) {
		return;
	}
	abort();
}

/*
 * Walk the renderer's tags (every '<' in its output opens one: text has
 * &lt;) and abort on a banned element, an on* attribute or an address
 * outside the allowlist.
 */
static void
check_html(const char *html)
{
	static const char *const banned[] = {"script", "iframe", "object", "embed", "style"};
	const char *p = html, *q, *name;
	size_t i, n;

	while ((p = strchr(p, '<')) != NULL) {
		p++;
		if (*p == '!' || *p == '/') {
			continue;
		}
		n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789");
		for (i = 0; i < sizeof(banned) / sizeof(banned[0]); i++) {
			if (strlen(banned[i]) == n && strncmp(p, banned[i], n) == 0) {
				abort();
			}
		}
		p += n;
		for (;;) {
			p += strspn(p, " \n");
			if (*p == '>' || (p[0] == '/' && p[1] == '>') || *p == '\0') {
				break;
			}
			name = p;
			n = strspn(p, "abcdefghijklmnopqrstuvwxyz-");
			if (n == 0 || p[n] != '=' || p[n + 1] != '"' ||
			    (q = strchr(p + n + 2, '"')) == NULL) {
				abort();
			}
			if (n >= 2 && strncmp(name, "on", 2) == 0) {
				abort();
			}
			if ((n == 4 && strncmp(name, "href", 4) == 0) ||
			    (n == 3 && strncmp(name, "src", 3) == 0)) {
				check_scheme(p + n + 2, (size_t)(q - (p + n + 2)), n == 3);
			}
			p = q + 1;
		}
	}
}

static void
check_md(const char *md)
{
	size_t n = strlen(md), i;

	if (!gz_utf8_valid(md, n) || n > GZ_MD_MAX + 1) {
		abort();
	}
	if (n > 0 && (md[n - 1] != '\n' || (n > 1 && md[n - 2] == '\n') || md[0] == '\n')) {
		abort();
	}
	for (i = 1; i < n; i++) {
		if (md[i] == '\n' && (md[i - 1] == ' ' || md[i - 1] == '\t')) {
			abort();
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gz_html_md_opts o;
	struct gz_arena a, b;
	char *html, *md, *again, *head, *tail;
	size_t n;
	int small;
	enum gz_err rc;

	if (size == 0) {
		return 0;
	}
	memset(&o, 0, sizeof(o));
	o.autop = data[0] & 1;
	o.map_url = (data[0] & 2) ? map_url : NULL;
	o.attachment = (data[0] & 4) ? attachment : NULL;
	small = (data[0] & 8) != 0;
	n = size - 1;
	if ((html = malloc(n ? n : 1)) == NULL) {
		return 0;
	}
	memcpy(html, data + 1, n);
	gz_arena_init(&a, 4096, small ? 16 * 1024 : 0);
	gz_arena_init(&b, 4096, 0);

	rc = gz_html_md(&a, html, n, &o, &md);
	if (rc != GZ_OK) {
		if (md != NULL || (rc != GZ_ETOOBIG && !(small && rc == GZ_ENOMEM))) {
			abort();
		}
	} else {
		check_md(md);
		if (gz_html_md(&b, html, n, &o, &again) != GZ_OK || strcmp(md, again) != 0) {
			abort();
		}
		if (gz_markdown_render(&b, md, strlen(md), 0, &head, &tail) == GZ_OK) {
			check_html(head);
		}
	}
	gz_arena_free(&b);
	gz_arena_free(&a);
	free(html);
	return 0;
}
