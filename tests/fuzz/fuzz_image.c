/*
 * Fuzz the resizing path every upload takes after it is recognised
 * (src/core/image.c through libvips): bytes gz_media_sniff accepts as a
 * PNG, JPEG or WebP of at most 4 megapixels are resized to 48 pixels wide.
 * Beyond "no crash, no read past the bytes given, no leak" (the sanitizers
 * see those): a success is a non-empty encoding in the same format (its
 * magic bytes), at most 48 pixels wide, with a height; a failure has a
 * reason and leaves nothing.  Also gz_media_variants_parse on the same
 * bytes as text: every item it keeps is within the size bounds, sorted.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/image.h"
#include "gazette/media.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether the n bytes at p begin as format ext's files do. */
static int
magic_ok(const unsigned char *p, size_t n, const char *ext)
{
	if (strcmp(ext, "png") == 0) {
		return n >= 8 && memcmp(p, "\x89PNG", 4) == 0;
	}
	if (strcmp(ext, "jpg") == 0) {
		return n >= 3 && p[0] == 0xff && p[1] == 0xd8;
	}
	return n >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4) == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gz_media_variant *v;
	struct gz_image_info info;
	struct gz_image_out out;
	struct gz_arena a;
	const char *why;
	char *text;
	size_t n, i;
	uint8_t *copy = malloc(size ? size : 1);

	if (copy == NULL) {
		return 0;
	}
	memcpy(copy, data, size);
	if (gz_media_sniff(copy, size, &info, &why) == GZ_OK && strcmp(info.ext, "gif") != 0 &&
	    (uint64_t)info.width * info.height <= 4u * 1000 * 1000) {
		if (gz_image_resize(copy, size, info.ext, 48, &out, &why) == GZ_OK) {
			if (out.data == NULL || out.len == 0 || out.width < 1 || out.width > 48 ||
			    out.height < 1 || !magic_ok(out.data, out.len, info.ext)) {
				abort();
			}
			gz_image_out_free(&out);
		} else if (why == NULL || out.data != NULL || out.len != 0) {
			abort();
		}
	}
	free(copy);

	/* The same bytes as a copies list, as the database would hand it. */
	gz_arena_init(&a, 4096, 1024 * 1024);
	if ((text = gz_arena_alloc(&a, size + 1)) != NULL) {
		memcpy(text, data, size);
		text[size] = '\0';
		if (gz_media_variants_parse(&a, text, &v, &n) == GZ_OK) {
			if (n > GZ_MEDIA_VARIANTS_MAX) {
				abort();
			}
			for (i = 0; i < n; i++) {
				if (v[i].width < 1 || v[i].width > GZ_MEDIA_DIM_MAX ||
				    v[i].height < 1 || v[i].height > GZ_MEDIA_DIM_MAX ||
				    (i > 0 && v[i].width < v[i - 1].width)) {
					abort();
				}
			}
		}
	}
	gz_arena_free(&a);
	return 0;
}
