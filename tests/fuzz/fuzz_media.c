/*
 * Fuzz gz_media_sniff and gz_media_check, the image recognisers every
 * upload passes through.  Beyond "no crash, no read past the bytes given"
 * (the sanitizers see those): a recognised image has a known format, a
 * content type and a size within 1..GZ_MEDIA_DIM_MAX, a refused one has a
 * reason and a zeroed result, and the check never accepts what the sniff
 * refused.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/media.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"x.png", "x.jpg", "x.gif", "x.webp", "x", NULL};
	struct gz_image_info info;
	const char *why;
	enum gz_err rc;
	size_t i;
	int known;

	/* A copy of exactly size bytes, so any over-read hits the redzone. */
	uint8_t *copy = malloc(size ? size : 1);

	if (copy == NULL) {
		return 0;
	}
	memcpy(copy, data, size);
	rc = gz_media_sniff(copy, size, &info, &why);
	if (rc == GZ_OK) {
		known = strcmp(info.ext, "png") == 0 || strcmp(info.ext, "jpg") == 0 ||
		        strcmp(info.ext, "gif") == 0 || strcmp(info.ext, "webp") == 0;
		if (!known || info.mime == NULL || strncmp(info.mime, "image/", 6) != 0 ||
		    info.width < 1 || info.height < 1 || info.width > GZ_MEDIA_DIM_MAX ||
		    info.height > GZ_MEDIA_DIM_MAX) {
			abort();
		}
	} else if (rc != GZ_EINVAL || why == NULL || info.ext != NULL || info.width != 0) {
		abort();
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (gz_media_check(copy, size, names[i], "image/png", &info, &why) == GZ_OK &&
		    rc != GZ_OK) {
			abort();
		}
	}
	free(copy);
	return 0;
}
