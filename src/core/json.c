/*
 * The JSON writer (gazette/json.h): commas, nesting and indentation by a
 * small state machine, strings escaped for any context.  It writes into a
 * struct gz_buf and owns no memory; it does not read JSON.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "gazette/buf.h"
#include "gazette/json.h"
#include "gazette/utf8.h"

void
gz_json_init(struct gz_json *j, struct gz_buf *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
}

/* A newline and two spaces per open container. */
static void
indent(struct gz_json *j)
{
	int i;

	gz_buf_putc(j->out, '\n');
	for (i = 0; i < j->depth; i++) {
		gz_buf_append(j->out, "  ", 2);
	}
}

/*
 * Before any value: check that one may stand here (at the top before
 * anything else, after a key in an object, anywhere in an array) and
 * write the comma and indentation an array member needs.  0 when not.
 */
static int
value_start(struct gz_json *j)
{
	if (j->err != GZ_OK) {
		return 0;
	}
	if (j->depth == 0) {
		if (j->done) {
			j->err = GZ_EINVAL;
			return 0;
		}
		return 1;
	}
	if (j->kind[j->depth - 1] == 'o') {
		if (!j->want_value) {
			j->err = GZ_EINVAL;
			return 0;
		}
		j->want_value = 0;
		return 1;
	}
	if (j->any[j->depth - 1]) {
		gz_buf_putc(j->out, ',');
	}
	j->any[j->depth - 1] = 1;
	indent(j);
	return 1;
}

/* After a value: the document is complete when it was the top one. */
static void
value_end(struct gz_json *j)
{
	if (j->depth == 0) {
		j->done = 1;
	}
}

static void
container_open(struct gz_json *j, char kind)
{
	if (!value_start(j)) {
		return;
	}
	if (j->depth == GZ_JSON_DEPTH_MAX) {
		j->err = GZ_EINVAL;
		return;
	}
	gz_buf_putc(j->out, kind == 'o' ? '{' : '[');
	j->kind[j->depth] = (unsigned char)kind;
	j->any[j->depth] = 0;
	j->depth++;
}

static void
container_close(struct gz_json *j, char kind)
{
	if (j->err != GZ_OK) {
		return;
	}
	if (j->depth == 0 || j->kind[j->depth - 1] != (unsigned char)kind || j->want_value) {
		j->err = GZ_EINVAL;
		return;
	}
	j->depth--;
	/* An empty container stays on one line: {} or []. */
	if (j->any[j->depth]) {
		indent(j);
	}
	gz_buf_putc(j->out, kind == 'o' ? '}' : ']');
	value_end(j);
}

void
gz_json_object_begin(struct gz_json *j)
{
	container_open(j, 'o');
}

void
gz_json_object_end(struct gz_json *j)
{
	container_close(j, 'o');
}

void
gz_json_array_begin(struct gz_json *j)
{
	container_open(j, 'a');
}

void
gz_json_array_end(struct gz_json *j)
{
	container_close(j, 'a');
}

void
gz_json_key(struct gz_json *j, const char *key)
{
	if (j->err != GZ_OK) {
		return;
	}
	if (j->depth == 0 || j->kind[j->depth - 1] != 'o' || j->want_value || key == NULL) {
		j->err = GZ_EINVAL;
		return;
	}
	if (j->any[j->depth - 1]) {
		gz_buf_putc(j->out, ',');
	}
	j->any[j->depth - 1] = 1;
	indent(j);
	gz_json_quote(j->out, key, strlen(key));
	gz_buf_append(j->out, ": ", 2);
	j->want_value = 1;
}

void
gz_json_quote(struct gz_buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, k;
	uint32_t cp;
	char esc[6];

	gz_buf_putc(out, '"');
	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		/* Plain ASCII runs go out in one append. */
		for (k = i; k < n; k++) {
			c = (unsigned char)s[k];
			if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\' || c == '<' ||
			    c == '>' || c == '&' || c == 0x7f) {
				break;
			}
		}
		if (k > i) {
			gz_buf_append(out, s + i, k - i);
			i = k;
			continue;
		}
		switch (c) {
		case '"':
			gz_buf_append(out, "\\\"", 2);
			i++;
			continue;
		case '\\':
			gz_buf_append(out, "\\\\", 2);
			i++;
			continue;
		case '\n':
			gz_buf_append(out, "\\n", 2);
			i++;
			continue;
		case '\r':
			gz_buf_append(out, "\\r", 2);
			i++;
			continue;
		case '\t':
			gz_buf_append(out, "\\t", 2);
			i++;
			continue;
		case '\b':
			gz_buf_append(out, "\\b", 2);
			i++;
			continue;
		case '\f':
			gz_buf_append(out, "\\f", 2);
			i++;
			continue;
		default:
			break;
		}
		if (c < 0x80) {
			/* Other controls, DEL, and < > & as \u00XX. */
			cp = c;
			k = 1;
		} else if ((k = gz_utf8_decode(s + i, n - i, &cp)) == 0) {
			/* Not UTF-8: one byte becomes U+FFFD. */
			gz_buf_append(out, "\\ufffd", 6);
			i++;
			continue;
		} else if (cp != 0x2028 && cp != 0x2029) {
			gz_buf_append(out, s + i, k);
			i += k;
			continue;
		}
		memcpy(esc, "\\u", 2);
		esc[2] = hex[(cp >> 12) & 0xf];
		esc[3] = hex[(cp >> 8) & 0xf];
		esc[4] = hex[(cp >> 4) & 0xf];
		esc[5] = hex[cp & 0xf];
		gz_buf_append(out, esc, 6);
		i += k;
	}
	gz_buf_putc(out, '"');
}

void
gz_json_string_n(struct gz_json *j, const char *s, size_t n)
{
	if (!value_start(j)) {
		return;
	}
	gz_json_quote(j->out, s, n);
	value_end(j);
}

void
gz_json_string(struct gz_json *j, const char *s)
{
	if (s == NULL) {
		gz_json_null(j);
		return;
	}
	gz_json_string_n(j, s, strlen(s));
}

void
gz_json_int(struct gz_json *j, int64_t v)
{
	if (!value_start(j)) {
		return;
	}
	if (v < 0) {
		gz_buf_putc(j->out, '-');
		/* -(v + 1) + 1 stays in range for INT64_MIN. */
		gz_buf_put_u64(j->out, (uint64_t)(-(v + 1)) + 1);
	} else {
		gz_buf_put_u64(j->out, (uint64_t)v);
	}
	value_end(j);
}

void
gz_json_bool(struct gz_json *j, int v)
{
	if (!value_start(j)) {
		return;
	}
	gz_buf_puts(j->out, v ? "true" : "false");
	value_end(j);
}

void
gz_json_null(struct gz_json *j)
{
	if (!value_start(j)) {
		return;
	}
	gz_buf_append(j->out, "null", 4);
	value_end(j);
}

enum gz_err
gz_json_finish(struct gz_json *j)
{
	if (j->err == GZ_OK && (j->depth != 0 || !j->done)) {
		j->err = GZ_EINVAL;
	}
	if (j->err != GZ_OK) {
		return j->err;
	}
	gz_buf_putc(j->out, '\n');
	return gz_buf_err(j->out);
}
