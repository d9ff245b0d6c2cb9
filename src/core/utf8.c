/*
 * Strict UTF-8 per RFC 3629 (table 3-7 of the Unicode standard): the lead
 * byte fixes the length and the range allowed for the second byte, which is
 * where overlongs (E0, F0), surrogates (ED) and values above U+10FFFF (F4)
 * are refused.  It knows nothing about what the code points mean.
 */
#include <stddef.h>
#include <stdint.h>

#include "gazette/utf8.h"

size_t
gz_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char lo = 0x80, hi = 0xBF;
	size_t len, i;
	uint32_t c;

	if (n == 0) {
		return 0;
	}
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		len = 2;
		c = p[0] & 0x1F;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		len = 3;
		c = p[0] & 0x0F;
		if (p[0] == 0xE0) {
			lo = 0xA0; /* below: overlong */
		} else if (p[0] == 0xED) {
			hi = 0x9F; /* above: surrogates */
		}
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		len = 4;
		c = p[0] & 0x07;
		if (p[0] == 0xF0) {
			lo = 0x90; /* below: overlong */
		} else if (p[0] == 0xF4) {
			hi = 0x8F; /* above: beyond U+10FFFF */
		}
	} else {
		/* 80..C1 (continuation, overlong 2-byte lead) or F5..FF. */
		return 0;
	}
	if (n < len || p[1] < lo || p[1] > hi) {
		return 0;
	}
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			return 0;
		}
		c = (c << 6) | (p[i] & 0x3F);
	}
	*cp = c;
	return len;
}

int
gz_utf8_valid(const char *s, size_t n)
{
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		/* ASCII runs are the common case in URLs and forms. */
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = gz_utf8_decode(s + i, n - i, &cp)) == 0) {
			return 0;
		}
		i += k;
	}
	return 1;
}

size_t
gz_utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF) {
		return 0;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp <= 0x10FFFF) {
		out[0] = (char)(0xF0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[3] = (char)(0x80 | (cp & 0x3F));
		return 4;
	}
	return 0;
}

size_t
gz_utf8_truncate(const char *s, size_t n, size_t maxbytes)
{
	size_t i = 0, k;
	uint32_t cp;

	if (n <= maxbytes) {
		return n;
	}
	/*
	 * Walk forward rather than backing up over continuation bytes: on
	 * invalid input a backward scan cannot tell where a character starts.
	 */
	for (;;) {
		k = gz_utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			k = 1;
		}
		if (k > maxbytes - i) {
			return i;
		}
		i += k;
	}
}
