/*
 * Resized copies of an uploaded image, made by libvips (a well-kept image
 * library: Gazette decodes and encodes no image format itself).  Given the
 * bytes of a PNG, JPEG or WebP, it makes a copy at a given width, in the
 * same format, turned upright by its EXIF orientation and with every piece
 * of metadata (EXIF with GPS positions, XMP, IPTC, comments; the ICC
 * profile is applied first) left out.  It never enlarges.
 *
 * It knows nothing of files, the database or HTTP: bytes in, bytes out.
 * libvips is started once per process, on first use (pthread_once), with
 * its operation cache off (a server would otherwise keep decoded uploads)
 * and is thread-safe after that.
 */
#ifndef GAZETTE_IMAGE_H
#define GAZETTE_IMAGE_H

#include <stddef.h>

#include "gazette/err.h"

/* Largest image decoded, in pixels (width x height): a 50-megapixel camera's
 * photo fits; a "decompression bomb" (a small file that would decode to
 * gigabytes) is refused before any decoding starts. */
#define GZ_IMAGE_PIXELS_MAX (64 * 1000 * 1000)

/* The widths variants are made at, smallest first (what srcset offers). */
#define GZ_IMAGE_NWIDTHS 5
extern const int gz_image_widths[GZ_IMAGE_NWIDTHS];

/* One encoded copy. */
struct gz_image_out {
	void *data; /* the encoded bytes; gz_image_out_free releases them */
	size_t len; /* how many */
	int width;  /* pixels, as made */
	int height; /* pixels, as made */
};

/*
 * Start libvips if it is not started yet; GZ_OK, or GZ_EIO when it cannot
 * start (then every gz_image_resize fails the same way).  Safe to call from
 * any thread any number of times; gz_image_resize calls it.
 */
enum gz_err gz_image_init(void);

/*
 * Decode the n bytes at data, an image of format ext ("jpg", "png" or
 * "webp", as media.h's sniffer names them) already recognised, and encode
 * a copy width pixels wide (the height kept in proportion) in the same
 * format, upright, without metadata: JPEG quality 82 with optimised
 * Huffman tables, PNG at compression 6, WebP quality 80.  The source is
 * read once, top to bottom (sequential access), shrunk while loading when
 * the format allows.  *out is filled on GZ_OK (free with
 * gz_image_out_free) and zeroed otherwise.  GZ_EINVAL with *why (a static
 * English sentence, marked for the catalogs) when the format is not one of
 * the three, width is not 1..the image's width (no enlarging), or libvips
 * cannot decode it; GZ_EIO when libvips could not start.
 */
enum gz_err gz_image_resize(const void *data, size_t n, const char *ext, int width,
                            struct gz_image_out *out, const char **why);

/* Release out's bytes (g_free) and zero it; NULL or empty is fine. */
void gz_image_out_free(struct gz_image_out *out);

#endif
