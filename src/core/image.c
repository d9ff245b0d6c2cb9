/*
 * Resized copies of images through libvips (image.h).  Only this file
 * includes <vips/vips.h>: the rest of Gazette sees bytes and widths.  It
 * knows the three formats it re-encodes (JPEG, PNG, WebP) and the widths
 * pages offer; nothing of files, rows or requests.  Upload size and pixel
 * limits are checked by the caller before it gets here (media.c), since
 * the header is read there anyway.
 */
#include <pthread.h>
#include <string.h>

#include <vips/vips.h>

#include "gazette/err.h"
#include "gazette/image.h"

const int gz_image_widths[GZ_IMAGE_NWIDTHS] = {320, 640, 960, 1280, 1920};

static pthread_once_t vips_once = PTHREAD_ONCE_INIT;
static int vips_ok; /* 1 when VIPS_INIT succeeded */

/* Drop a libvips warning ("error in tile 0 x 128" for a damaged upload):
 * the caller refuses the file with its own message, and a server's log
 * should not fill with a library's chatter about files it turned away. */
static void
quiet(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data)
{
	(void)domain;
	(void)level;
	(void)message;
	(void)data;
}

/* Start libvips: once per process (vips_init is not reentrant). */
static void
start_vips(void)
{
	g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING, quiet, NULL);
	if (VIPS_INIT("gazette") != 0) {
		vips_error_clear();
		return;
	}
	/* The operation cache would keep decoded uploads alive between
	 * requests; each upload is resized once, so nothing is gained. */
	vips_cache_set_max(0);
	vips_cache_set_max_mem(0);
	vips_ok = 1;
}

enum gz_err
gz_image_init(void)
{
	(void)pthread_once(&vips_once, start_vips);
	return vips_ok ? GZ_OK : GZ_EIO;
}

void
gz_image_out_free(struct gz_image_out *out)
{
	if (out == NULL) {
		return;
	}
	g_free(out->data);
	memset(out, 0, sizeof(*out));
}

/*
 * A copy of im (sharing its pixels) without any metadata: every field
 * vips_image_get_fields names that can be removed is (EXIF and its
 * exif-* fields, XMP, IPTC, ICC profile, comments); the header's own
 * fields (width, bands...) cannot be and stay.  The savers' "strip"
 * option is not enough alone: libvips 8.14's WebP saver writes the EXIF
 * block whatever it says.  NULL on failure.
 */
static VipsImage *
without_metadata(VipsImage *im)
{
	VipsImage *out = NULL;
	gchar **names;
	int i;

	if (vips_copy(im, &out, NULL) != 0) {
		return NULL;
	}
	if ((names = vips_image_get_fields(out)) != NULL) {
		for (i = 0; names[i] != NULL; i++) {
			(void)vips_image_remove(out, names[i]);
		}
		g_strfreev(names);
	}
	return out;
}

/* Encode im as ext into *buf / *len, metadata stripped; 0 on success. */
static int
encode(VipsImage *im, const char *ext, void **buf, size_t *len)
{
	if (strcmp(ext, "jpg") == 0) {
		return vips_jpegsave_buffer(im, buf, len, "Q", 82, "optimize_coding", TRUE, "strip",
		                            TRUE, NULL);
	}
	if (strcmp(ext, "png") == 0) {
		return vips_pngsave_buffer(im, buf, len, "compression", 6, "strip", TRUE, NULL);
	}
	return vips_webpsave_buffer(im, buf, len, "Q", 80, "strip", TRUE, NULL);
}

enum gz_err
gz_image_resize(const void *data, size_t n, const char *ext, int width, struct gz_image_out *out,
                const char **why)
{
	VipsImage *im = NULL, *bare = NULL;
	void *buf = NULL;
	size_t len = 0;
	enum gz_err rc = GZ_EINVAL;

	memset(out, 0, sizeof(*out));
	*why = NULL;
	if (gz_image_init() != GZ_OK) {
		*why = GZ_N_("The image library could not start on the server.");
		return GZ_EIO;
	}
	if (ext == NULL ||
	    (strcmp(ext, "jpg") != 0 && strcmp(ext, "png") != 0 && strcmp(ext, "webp") != 0) ||
	    width < 1) {
		*why = GZ_N_("Resized copies are made of PNG, JPEG and WebP images only.");
		return GZ_EINVAL;
	}
	/* vips_thumbnail_buffer fits the image in width x VIPS_MAX_COORD, so
	 * the width decides; SIZE_DOWN never enlarges; it reads the source
	 * once and shrinks on load (JPEG's DCT scaling, WebP's decoder), and
	 * turns the image upright by its EXIF orientation.  fail_on=error
	 * refuses a damaged file instead of showing grey blocks. */
	if (vips_thumbnail_buffer((void *)data, n, &im, width, "height", VIPS_MAX_COORD, "size",
	                          VIPS_SIZE_DOWN, "option_string", "fail_on=error", NULL) != 0) {
		*why = GZ_N_("The image could not be resized: the file may be damaged.");
		goto fail;
	}
	if (vips_image_get_width(im) > width) {
		*why = GZ_N_("The image could not be resized: the file may be damaged.");
		goto fail;
	}
	if ((bare = without_metadata(im)) == NULL || encode(bare, ext, &buf, &len) != 0 ||
	    buf == NULL || len == 0) {
		*why = GZ_N_("The image could not be resized: the file may be damaged.");
		goto fail;
	}
	out->data = buf;
	out->len = len;
	out->width = vips_image_get_width(im);
	out->height = vips_image_get_height(im);
	g_object_unref(bare);
	g_object_unref(im);
	return GZ_OK;
fail:
	vips_error_clear();
	g_free(buf);
	if (bare != NULL) {
		g_object_unref(bare);
	}
	if (im != NULL) {
		g_object_unref(im);
	}
	return rc;
}
