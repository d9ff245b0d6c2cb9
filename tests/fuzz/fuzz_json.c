/*
 * Fuzz the personal-data export's untrusted text paths: gz_json_quote
 * (comment text, names, addresses written into the JSON file) and
 * gz_personal_email (the address an admin types).  The input is one
 * string, quoted whole and checked as an address.  Checks: the quoted
 * form is a JSON string that decodes back to the input, with every byte
 * that is not UTF-8 read as U+FFFD; it holds no control character, no <, >
 * or &, no raw U+2028/9, and is valid UTF-8; an accepted address is
 * 1..GZ_PERSONAL_EMAIL_MAX bytes with one '@' inside it and no space or
 * control character.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/json.h"
#include "gazette/personal.h"
#include "gazette/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The value of hex digit c, or -1. */
static int
hexval(char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	return -1;
}

/*
 * Decode the JSON string q (n bytes, quotes included) into out, which has
 * room for n * 3 bytes; returns the length, or -1 if q is not what
 * gz_json_quote writes.
 */
static long
decode(const char *q, size_t n, char *out)
{
	size_t i, o = 0;

	if (n < 2 || q[0] != '"' || q[n - 1] != '"') {
		return -1;
	}
	for (i = 1; i < n - 1; i++) {
		unsigned char c = (unsigned char)q[i];

		if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x7f || c == '"') {
			return -1;
		}
		if (c != '\\') {
			out[o++] = (char)c;
			continue;
		}
		if (++i >= n - 1) {
			return -1;
		}
		switch (q[i]) {
		case '"':
		case '\\':
			out[o++] = q[i];
			break;
		case 'n':
			out[o++] = '\n';
			break;
		case 'r':
			out[o++] = '\r';
			break;
		case 't':
			out[o++] = '\t';
			break;
		case 'b':
			out[o++] = '\b';
			break;
		case 'f':
			out[o++] = '\f';
			break;
		case 'u': {
			uint32_t cp = 0;
			int k, v;

			if (i + 4 >= n - 1) {
				return -1;
			}
			for (k = 1; k <= 4; k++) {
				if ((v = hexval(q[i + k])) < 0) {
					return -1;
				}
				cp = cp * 16 + (uint32_t)v;
			}
			i += 4;
			o += gz_utf8_encode(cp, out + o);
			break;
		}
		default:
			return -1;
		}
	}
	return (long)o;
}

/* in (n bytes) with each byte that does not start a valid character as U+FFFD. */
static size_t
expected(const char *in, size_t n, char *out)
{
	size_t i = 0, o = 0, k;
	uint32_t cp;

	while (i < n) {
		if ((k = gz_utf8_decode(in + i, n - i, &cp)) == 0) {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
			continue;
		}
		memcpy(out + o, in + i, k);
		o += k;
		i += k;
	}
	return o;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gz_arena a;
	struct gz_buf b;
	const char *in = (const char *)data, *email;
	char *got, *want, *s;
	long ng;
	size_t nw, i, ats = 0;

	if (size > 64 * 1024) {
		return 0;
	}
	gz_buf_init(&b, NULL, 0);
	gz_json_quote(&b, in, size);
	if (gz_buf_err(&b) != GZ_OK || !gz_utf8_valid(b.data, b.len) ||
	    strstr(b.data, "\xe2\x80\xa8") != NULL || strstr(b.data, "\xe2\x80\xa9") != NULL) {
		abort();
	}
	got = malloc(b.len * 3 + 1);
	want = malloc(size * 3 + 1);
	if (got == NULL || want == NULL) {
		abort();
	}
	ng = decode(b.data, b.len, got);
	nw = expected(in, size, want);
	if (ng < 0 || (size_t)ng != nw || memcmp(got, want, nw) != 0) {
		abort();
	}
	free(got);
	free(want);
	gz_buf_free(&b);

	/* The same bytes as a typed address. */
	if ((s = malloc(size + 1)) == NULL) {
		abort();
	}
	memcpy(s, data, size);
	s[size] = '\0';
	gz_arena_init(&a, 4096, 1024 * 1024);
	if ((email = gz_personal_email(&a, s)) != NULL) {
		size_t n = strlen(email);

		if (n == 0 || n > GZ_PERSONAL_EMAIL_MAX || email[0] == '@' || email[n - 1] == '@') {
			abort();
		}
		for (i = 0; i < n; i++) {
			unsigned char c = (unsigned char)email[i];

			if (c <= 0x20 || c == 0x7f) {
				abort();
			}
			ats += c == '@';
		}
		if (ats != 1) {
			abort();
		}
	}
	gz_arena_free(&a);
	free(s);
	return 0;
}
