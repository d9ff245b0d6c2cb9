/*
 * Percent-decoding into the arena and percent-encoding into a buffer.  It
 * knows the byte-level rules of RFC 3986 and the '+' of HTML forms, and
 * nothing about which part of a URL it is given: callers split first.
 */
#include <assert.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/url.h"
#include "gazette/str.h"
#include "gazette/utf8.h"

enum gz_err
gz_url_decode(struct gz_arena *arena, const char *s, size_t n, int plus_is_space, char **out,
              size_t *outlen)
{
	enum gz_err rc = GZ_EINVAL;
	size_t i, len = 0;
	char *d;
	int hi, lo;

	assert(out != NULL && outlen != NULL);
	*out = NULL;
	*outlen = 0;
	/* Decoding never grows the text, so n + 1 bytes always suffice. */
	if ((d = gz_arena_alloc(arena, n + 1)) == NULL) {
		rc = GZ_ENOMEM;
		goto fail;
	}
	for (i = 0; i < n; i++) {
		if (s[i] == '%') {
			if (n - i < 3 || (hi = gz_str_hexval((unsigned char)s[i + 1])) < 0 ||
			    (lo = gz_str_hexval((unsigned char)s[i + 2])) < 0) {
				goto fail;
			}
			d[len++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (s[i] == '+' && plus_is_space) {
			d[len++] = ' ';
		} else {
			d[len++] = s[i];
		}
	}
	d[len] = '\0';
	if (memchr(d, '\0', len) != NULL || !gz_utf8_valid(d, len)) {
		goto fail;
	}
	*out = d;
	*outlen = len;
	return GZ_OK;
fail:
	/* The partial copy stays in the arena until it is reset. */
	return rc;
}

static void
encode(struct gz_buf *b, const char *s, size_t n, int keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, run;
	char esc[3];

	for (i = 0; i < n; i += run) {
		unsigned char c;

		/* Copy runs of safe bytes in one append. */
		for (run = 0; i + run < n; run++) {
			c = (unsigned char)s[i + run];
			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			      (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
			      c == '~' || (c == '/' && keep_slash))) {
				break;
			}
		}
		if (run > 0) {
			gz_buf_append(b, s + i, run);
			continue;
		}
		c = (unsigned char)s[i];
		esc[0] = '%';
		esc[1] = hex[c >> 4];
		esc[2] = hex[c & 0xF];
		gz_buf_append(b, esc, 3);
		run = 1;
	}
}

void
gz_url_encode(struct gz_buf *b, const char *s, size_t n)
{
	encode(b, s, n, 0);
}

void
gz_url_encode_path(struct gz_buf *b, const char *s, size_t n)
{
	encode(b, s, n, 1);
}
