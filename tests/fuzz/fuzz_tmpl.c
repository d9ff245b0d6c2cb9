/*
 * libFuzzer target for the template module: parse, compile and render.
 * The input is up to three templates separated by NUL bytes, named
 * t.html, p.html and base.html (so includes and extends between them are
 * explored; a fourth part, if any, becomes robots.txt).  Each set that
 * compiles is rendered strict and non-strict over a fixed data tree full
 * of hostile strings; the output must be valid UTF-8 whenever the template
 * text is, and rendering must never fail in non-strict mode except for the
 * buffer cap.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/tmpl.h"
#include "gazette/utf8.h"
#include "gazette/value.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct gz_val *
build_data(struct gz_arena *a)
{
	static const char *const strs[] = {"<script>alert(1)</script>",
	                                   "\"'&<>",
	                                   "  JaVaScRiPt:alert(1)",
	                                   "\tjava\nscript:x",
	                                   "http://example.com/a b?c=d&e",
	                                   "/rel/path",
	                                   "line\xE2\x80\xA8sep",
	                                   "bad\xFF\xC3",
	                                   "",
	                                   "Ünïcödé"};
	struct gz_val *d = gz_val_map_new(a), *list = gz_val_list_new(a), *m = gz_val_map_new(a);
	size_t i;

	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
		struct gz_val *item = gz_val_map_new(a);

		gz_val_map_set(item, "s", gz_val_str(a, strs[i]));
		gz_val_map_set(item, "n", gz_val_int(a, (long long)i - 3));
		gz_val_list_push(list, item);
		gz_val_map_set(m, strs[i][0] ? strs[i] : "empty", gz_val_str(a, strs[i]));
	}
	gz_val_map_set(d, "items", list);
	gz_val_map_set(d, "m", m);
	gz_val_map_set(d, "s", gz_val_str(a, strs[0]));
	gz_val_map_set(d, "u", gz_val_str(a, strs[2]));
	gz_val_map_set(d, "nul", gz_val_strn(a, "a\0b", 3));
	gz_val_map_set(d, "n", gz_val_int(a, 1700000000));
	gz_val_map_set(d, "neg", gz_val_int(a, -9223372036854775807LL - 1));
	gz_val_map_set(d, "t", gz_val_bool(1));
	gz_val_map_set(d, "z", gz_val_null());
	gz_val_map_set(d, "html", gz_val_html(a, "<p>trusted</p>"));
	/* A cycle: the renderer's JSON writer must bound its depth. */
	gz_val_list_push(list, list);
	return d;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"t.html", "p.html", "base.html", "robots.txt"};
	struct gz_embedded files[5];
	const uint8_t *p = data, *end = data + size;
	struct gz_tmpl_set *set;
	struct gz_arena a;
	char err[256];
	size_t n = 0;
	int strict, all_valid = 1;

	if (size > 64 * 1024) {
		return 0;
	}
	memset(files, 0, sizeof(files));
	while (n < 4) {
		const uint8_t *z = n < 3 ? memchr(p, 0, (size_t)(end - p)) : NULL;

		files[n].name = names[n];
		files[n].data = p;
		files[n].len = z ? (size_t)(z - p) : (size_t)(end - p);
		n++;
		if (z == NULL) {
			break;
		}
		p = z + 1;
	}
	for (size_t i = 0; i < n; i++) {
		all_valid &= gz_utf8_valid((const char *)files[i].data, files[i].len);
	}
	gz_arena_init(&a, 16 * 1024, 64 * 1024 * 1024);
	for (strict = 0; strict < 2; strict++) {
		set = gz_tmpl_set_load_mem(files, strict, err, sizeof(err));
		if (set == NULL) {
			/* Every message names a file and a position. */
			if (strchr(err, ':') == NULL) {
				abort();
			}
			break;
		}
		for (size_t i = 0; i < n; i++) {
			struct gz_buf b;
			struct gz_val *d = build_data(&a);
			enum gz_err rc;

			gz_buf_init(&b, &a, 4 * 1024 * 1024);
			rc = gz_tmpl_render(set, names[i], d, &a, &b);
			if (!strict && rc != GZ_OK && rc != GZ_ETOOBIG && rc != GZ_ENOMEM) {
				abort();
			}
			if (rc == GZ_OK && all_valid && !gz_utf8_valid(gz_buf_str(&b), b.len)) {
				/* Raw trusted HTML is valid too, so any invalid byte is a bug. */
				abort();
			}
			gz_arena_reset(&a);
		}
		gz_tmpl_set_free(set);
	}
	gz_arena_free(&a);
	return 0;
}
