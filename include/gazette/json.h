/*
 * A small JSON writer over a struct gz_buf: objects, arrays, strings,
 * integers, booleans and null, written in order with the commas, the
 * nesting and two-space indentation kept here, so a caller cannot produce
 * malformed JSON by forgetting a comma or a closing bracket.
 *
 * Strings are escaped for any context: the two JSON must-escapes (" and
 * \), every control character (\n, \t, ... or \u00XX), U+2028 and U+2029
 * (line breaks to JavaScript), and <, > and & as \u003c, \u003e, \u0026
 * so a document can never be read as HTML.  Bytes that are not UTF-8
 * become U+FFFD.  Nesting is bounded by GZ_JSON_DEPTH_MAX.
 *
 * It does not parse JSON, and knows nothing of what it writes.  Errors are
 * sticky, like the buffer's: a misuse (a value where a key is due, a
 * close without an open, too deep) sets GZ_EINVAL and later calls do
 * nothing; gz_json_finish reports the first error.
 */
#ifndef GAZETTE_JSON_H
#define GAZETTE_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "gazette/err.h"

struct gz_buf;

#define GZ_JSON_DEPTH_MAX 32 /* objects and arrays open at once */

/* A writer's state; zero it with gz_json_init. */
struct gz_json {
	struct gz_buf *out;                    /* where the text goes */
	int depth;                             /* containers open now */
	unsigned char kind[GZ_JSON_DEPTH_MAX]; /* per level: 'o' object or 'a' array */
	unsigned char any[GZ_JSON_DEPTH_MAX];  /* per level: 1 once it has a member */
	int want_value;                        /* 1 after a key: a value must follow */
	int done;                              /* the top-level value is complete */
	enum gz_err err;                       /* first misuse, sticky */
};

/* Start writing one JSON value (usually an object) into out. */
void gz_json_init(struct gz_json *j, struct gz_buf *out);

/* Open / close an object or an array (a value, so after a key in an object). */
void gz_json_object_begin(struct gz_json *j);
void gz_json_object_end(struct gz_json *j);
void gz_json_array_begin(struct gz_json *j);
void gz_json_array_end(struct gz_json *j);

/* A member's key inside an object; its value comes with the next call. */
void gz_json_key(struct gz_json *j, const char *key);

/* Values.  gz_json_string(j, NULL) writes null. */
void gz_json_string(struct gz_json *j, const char *s);
void gz_json_string_n(struct gz_json *j, const char *s, size_t n);
void gz_json_int(struct gz_json *j, int64_t v);
void gz_json_bool(struct gz_json *j, int v);
void gz_json_null(struct gz_json *j);

/*
 * End the document (a final newline).  GZ_OK when one complete value was
 * written and the buffer took it all; GZ_EINVAL for a misuse or an
 * unclosed container; the buffer's error (GZ_ENOMEM, GZ_ETOOBIG) otherwise.
 */
enum gz_err gz_json_finish(struct gz_json *j);

/*
 * Append s (n bytes) to out as a quoted, escaped JSON string (the rules
 * above), for a caller that writes the rest itself.
 */
void gz_json_quote(struct gz_buf *out, const char *s, size_t n);

#endif
