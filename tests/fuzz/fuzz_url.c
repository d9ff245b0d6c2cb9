/*
 * Fuzz gz_url_decode (both '+' modes) and the encoders.  Checks, beyond
 * "no crash": a decoded string is valid UTF-8 with no NUL and the length
 * reported; encoding then decoding gives back the input whenever the input
 * itself was decodable text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/url.h"
#include "gazette/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct gz_arena a;
	struct gz_buf b;
	size_t len, len2;
	char *out, *back;
	int plus;

	gz_arena_init(&a, 4096, 4 * 1024 * 1024);
	for (plus = 0; plus < 2; plus++) {
		if (gz_url_decode(&a, s, size, plus, &out, &len) == GZ_OK) {
			if (strlen(out) != len || !gz_utf8_valid(out, len) || len > size) {
				abort();
			}
		} else if (out != NULL || len != 0) {
			abort();
		}
	}
	gz_buf_init(&b, &a, 0);
	gz_url_encode(&b, s, size);
	if (gz_buf_err(&b) == GZ_OK) {
		int text = memchr(s, '\0', size) == NULL && gz_utf8_valid(s, size);

		if (gz_url_decode(&a, gz_buf_str(&b), b.len, 1, &back, &len2) == GZ_OK) {
			if (!text || len2 != size || memcmp(back, s, size) != 0) {
				abort();
			}
		} else if (text) {
			abort();
		}
	}
	gz_buf_reset(&b);
	gz_url_encode_path(&b, s, size);
	gz_arena_free(&a);
	return 0;
}
