/*
 * Fuzz gz_cookie_parse, then feed every parsed pair to gz_cookie_format.
 * The first byte picks the cookie limit (0..255) and the format flags.
 * Checks: parsed names are tokens' worth of non-empty text, values hold no
 * control and are valid UTF-8 with vlen right; a formatted Set-Cookie
 * never holds a control character, and when accepted, parsing its first
 * pair gives back the name and value.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/cookie.h"
#include "gazette/kv.h"
#include "gazette/str.h"
#include "gazette/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gz_arena a;
	struct gz_kvlist l, back;
	struct gz_buf b;
	struct gz_cookie c;
	size_t max, i, klen;

	if (size == 0) {
		return 0;
	}
	max = data[0];
	gz_arena_init(&a, 4096, 4 * 1024 * 1024);
	if (gz_cookie_parse(&a, (const char *)data + 1, size - 1, max, &l) != GZ_OK) {
		if (l.items != NULL || l.nitems != 0) {
			abort();
		}
		goto out;
	}
	if (l.nitems > max) {
		abort();
	}
	for (i = 0; i < l.nitems; i++) {
		const struct gz_kv *kv = &l.items[i];

		klen = strlen(kv->key);
		if (klen == 0 || gz_str_has_ctl(kv->key, klen, 0) || strlen(kv->val) != kv->vlen ||
		    gz_str_has_ctl(kv->val, kv->vlen, 0) || !gz_utf8_valid(kv->val, kv->vlen)) {
			abort();
		}
		memset(&c, 0, sizeof(c));
		c.name = kv->key;
		c.value = kv->val;
		c.path = (data[0] & 1) ? "/" : kv->val;
		c.max_age = (data[0] & 2) ? -1 : (long)kv->vlen;
		c.expires_base = 1795864800;
		c.secure = data[0] & 4;
		c.http_only = data[0] & 8;
		c.samesite = (enum gz_samesite)((data[0] >> 4) % 3);
		gz_buf_init(&b, &a, 0);
		if (gz_cookie_format(&b, &c) == GZ_OK) {
			if (gz_str_has_ctl(gz_buf_str(&b), b.len, 0)) {
				abort();
			}
			if (gz_cookie_parse(&a, gz_buf_str(&b), b.len, 100, &back) != GZ_OK ||
			    back.nitems < 1 || strcmp(back.items[0].key, kv->key) != 0 ||
			    strcmp(back.items[0].val, kv->val) != 0) {
				abort();
			}
		} else if (b.len != 0) {
			abort();
		}
	}
out:
	gz_arena_free(&a);
	return 0;
}
