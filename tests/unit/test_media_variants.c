/*
 * Resized copies of uploaded images (src/core/image.c, src/model/media.c):
 * real JPEG, PNG and WebP files made here by libvips (a gradient, the JPEG
 * with EXIF holding a GPS position) are stored through gz_media_store and
 * must get their copies at 320, 640, 960, 1280, 1920 pixels (never wider
 * than the original, plus one at the original's own width when it is no
 * wider than 1920), same format, proportional heights, no metadata; a
 * small image gets none, a GIF none; a file claiming more than 64 million
 * pixels and one libvips cannot decode are refused with nothing left on
 * disk; the library finds an image by its address with its copies;
 * `media rebuild` remakes lost copies and leaves whole ones alone; delete
 * removes the copies' files.  Also the helpers' edges: the variant
 * address, the "<w>x<h> ..." list parser with junk in it.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vips/vips.h>

#include "gazette/arena.h"
#include "gazette/db.h"
#include "gazette/image.h"
#include "gazette/media.h"
#include "test.h"
#include "testdb.h"

/*
 * A minimal big-endian EXIF block with a GPS IFD (version 2.2.0.0,
 * latitude reference "N"): what a phone camera writes, shortened.
 */
static const unsigned char exif_gps[] = {
    'E', 'x', 'i', 'f', 0, 0,
    /* TIFF header, IFD0 at 8 */
    'M', 'M', 0, 42, 0, 0, 0, 8,
    /* IFD0: one entry, GPSInfo (0x8825) LONG 1 -> 26 */
    0, 1, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0,
    /* GPS IFD: GPSVersionID BYTE 4 = 2.2.0.0; GPSLatitudeRef ASCII 2 = "N" */
    0, 2, 0, 0, 0, 1, 0, 0, 0, 4, 2, 2, 0, 0, 0, 1, 0, 2, 0, 0, 0, 2, 'N', 0, 0, 0, 0, 0, 0, 0};

/* A colour gradient w x h as an 8-bit sRGB image; NULL on failure. */
static VipsImage *
gradient(int w, int h)
{
	VipsImage *xy = NULL, *r = NULL, *g = NULL, *sum = NULL, *b = NULL, *rgb = NULL,
	          *out = NULL;
	VipsImage *bands[3];

	if (vips_xyz(&xy, w, h, NULL) == 0 && vips_extract_band(xy, &r, 0, NULL) == 0 &&
	    vips_extract_band(xy, &g, 1, NULL) == 0 && vips_add(r, g, &sum, NULL) == 0 &&
	    vips_linear1(sum, &b, 0.05, 10.0, NULL) == 0) {
		bands[0] = r;
		bands[1] = g;
		bands[2] = b;
		if (vips_bandjoin(bands, &rgb, 3, NULL) == 0) {
			vips_cast_uchar(rgb, &out, NULL);
		}
	}
	if (out != NULL) {
		out->Type = VIPS_INTERPRETATION_sRGB;
	}
	VIPS_UNREF(xy);
	VIPS_UNREF(r);
	VIPS_UNREF(g);
	VIPS_UNREF(sum);
	VIPS_UNREF(b);
	VIPS_UNREF(rgb);
	return out;
}

/* The gradient w x h encoded as ext ("jpg", "png", "webp"), the JPEG with
 * exif_gps; *n bytes, g_free'd by the caller.  NULL on failure. */
static void *
make_image(const char *ext, int w, int h, size_t *n)
{
	VipsImage *im = gradient(w, h);
	void *buf = NULL;
	int rc = -1;

	*n = 0;
	if (im == NULL) {
		return NULL;
	}
	if (strcmp(ext, "jpg") == 0) {
		vips_image_set_blob_copy(im, "exif-data", exif_gps, sizeof(exif_gps));
		rc = vips_jpegsave_buffer(im, &buf, n, "Q", 90, NULL);
	} else if (strcmp(ext, "png") == 0) {
		rc = vips_pngsave_buffer(im, &buf, n, NULL);
	} else {
		rc = vips_webpsave_buffer(im, &buf, n, NULL);
	}
	g_object_unref(im);
	if (rc != 0) {
		vips_error_clear();
		g_free(buf);
		return NULL;
	}
	return buf;
}

/* 1 when the n bytes at p hold the bytes of s (no NUL needed). */
static int
contains(const void *p, size_t n, const void *s, size_t sn)
{
	return memmem(p, n, s, sn) != NULL;
}

/* Read the file at path: its bytes (malloc'd) and size, NULL when missing. */
static unsigned char *
slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long len;

	*n = 0;
	if (f == NULL) {
		return NULL;
	}
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)len + 1);
	if (buf != NULL && fread(buf, 1, (size_t)len, f) == (size_t)len) {
		*n = (size_t)len;
	}
	fclose(f);
	return buf;
}

static int
count_files(const char *dir)
{
	struct dirent *d;
	DIR *dp = opendir(dir);
	int n = 0;

	if (dp == NULL) {
		return 0;
	}
	while ((d = readdir(dp)) != NULL) {
		n += d->d_name[0] != '.';
	}
	closedir(dp);
	return n;
}

/* 1 when im has a field of the GPS IFD (libvips names them exif-ifd3-*). */
static int
has_gps(VipsImage *im)
{
	gchar **names = vips_image_get_fields(im);
	int i, found = 0;

	for (i = 0; names != NULL && names[i] != NULL; i++) {
		found |= strncmp(names[i], "exif-ifd3-", 10) == 0;
	}
	g_strfreev(names);
	return found;
}

/*
 * Check that copy width w of media m (format ext, loader name loader) is
 * on disk as <hash>-<w>w.<ext>, decodes to w x h pixels and carries no
 * GPS position, no XMP, and (JPEG, PNG) no EXIF at all.  libvips 8.14's
 * WebP saver writes an EXIF block of its own defaults (resolution, EXIF
 * version, the copy's size) even when told to strip; the uploader's
 * fields are gone from it all the same, which is what is checked there.
 */
static void
check_copy(const char *dir, const struct gz_media *m, int64_t w, int64_t h, const char *loader)
{
	char path[1024];
	unsigned char *buf;
	const char *got;
	VipsImage *im;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s-%lldw.%s", dir, m->hash, (long long)w, m->ext);
	CHECK((buf = slurp(path, &n)) != NULL && n > 0);
	if (buf == NULL) {
		return;
	}
	if (strcmp(m->ext, "webp") != 0) {
		CHECK(!contains(buf, n, "Exif\0\0", 6));
	}
	im = vips_image_new_from_buffer(buf, n, "", NULL);
	CHECK(im != NULL);
	if (im != NULL) {
		CHECK_INT(vips_image_get_width(im), w);
		CHECK_INT(vips_image_get_height(im), h);
		CHECK(strcmp(m->ext, "webp") == 0 || vips_image_get_typeof(im, "exif-data") == 0);
		CHECK(!has_gps(im));
		CHECK(vips_image_get_typeof(im, "xmp-data") == 0);
		CHECK(vips_image_get_string(im, "vips-loader", &got) == 0 &&
		      strcmp(got, loader) == 0);
		g_object_unref(im);
	}
	free(buf);
}

static void
test_helpers(void)
{
	struct gz_media_variant *v;
	struct gz_arena a;
	size_t n;

	gz_arena_init(&a, 4096, 0);
	CHECK_STR(gz_media_variant_url(&a, "/media/ab.jpg", 640), "/media/ab-640w.jpg");
	CHECK_STR(gz_media_variant_url(&a, "/media/a.b/c.webp", 320), "/media/a.b/c-320w.webp");
	CHECK(gz_media_variant_url(&a, "/media/a.b/noext", 320) == NULL);
	CHECK(gz_media_variants_parse(&a, "", &v, &n) == GZ_OK && n == 0 && v == NULL);
	CHECK(gz_media_variants_parse(&a, NULL, &v, &n) == GZ_OK && n == 0);
	/* Sorted narrowest first; junk, zero and oversized items skipped. */
	CHECK(gz_media_variants_parse(&a, "640x427 junk 320x213 0x5 9x0 40000x2 7x 960x640", &v,
	                              &n) == GZ_OK);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_INT(v[0].width, 320);
		CHECK_INT(v[0].height, 213);
		CHECK_INT(v[1].width, 640);
		CHECK_INT(v[2].width, 960);
		CHECK_INT(v[2].height, 640);
	}
	/* Never more than GZ_MEDIA_VARIANTS_MAX. */
	CHECK(gz_media_variants_parse(&a, "1x1 2x1 3x1 4x1 5x1 6x1 7x1 8x1 9x1 10x1", &v, &n) ==
	      GZ_OK);
	CHECK_INT(n, GZ_MEDIA_VARIANTS_MAX);
	gz_arena_free(&a);
}

static void
test_resize(void)
{
	struct gz_image_out out;
	const char *why;
	size_t n;
	void *png = make_image("png", 700, 350, &n);

	CHECK(gz_image_init() == GZ_OK);
	CHECK(png != NULL);
	CHECK_INT(gz_image_resize(png, n, "png", 320, &out, &why), GZ_OK);
	CHECK_INT(out.width, 320);
	CHECK_INT(out.height, 160);
	CHECK(out.len > 8 && memcmp(out.data, "\x89PNG", 4) == 0);
	gz_image_out_free(&out);
	CHECK(out.data == NULL && out.len == 0);
	/* Never enlarged: asked for 2000, it stays 700 wide. */
	CHECK_INT(gz_image_resize(png, n, "png", 2000, &out, &why), GZ_OK);
	CHECK_INT(out.width, 700);
	gz_image_out_free(&out);
	/* Formats it does not re-encode, a bad width, bytes it cannot read. */
	CHECK_INT(gz_image_resize(png, n, "gif", 320, &out, &why), GZ_EINVAL);
	CHECK(why != NULL);
	CHECK_INT(gz_image_resize(png, n, "png", 0, &out, &why), GZ_EINVAL);
	CHECK_INT(gz_image_resize("not an image", 12, "png", 320, &out, &why), GZ_EINVAL);
	CHECK(why != NULL && out.data == NULL);
	/* Cut in half: refused, not grey blocks. */
	CHECK_INT(gz_image_resize(png, n / 2, "png", 320, &out, &why), GZ_EINVAL);
	g_free(png);
}

static void
test_store_variants(void)
{
	static const struct {
		const char *ext;    /* format */
		const char *loader; /* libvips's name for its loader */
		int w, h;           /* original */
		int ncopies;        /* copies expected */
		int64_t widths[6];  /* their widths */
		int64_t heights[6]; /* their heights */
	} cases[] = {
	    {"jpg",
	     "jpegload_buffer",
	     2400,
	     1600,
	     5,
	     {320, 640, 960, 1280, 1920},
	     {213, 427, 640, 853, 1280}},
	    {"png", "pngload_buffer", 1000, 500, 4, {320, 640, 960, 1000}, {160, 320, 480, 500}},
	    {"webp", "webpload_buffer", 800, 600, 3, {320, 640, 800}, {240, 480, 600}},
	    {"png", "pngload_buffer", 300, 200, 0, {0}, {0}},
	};
	struct gz_media_upload up = {0};
	struct gz_media_image mi;
	struct gz_media m;
	struct gz_arena a;
	char dir[512], path[1024], url[200];
	unsigned char *orig;
	const char *why;
	struct gz_db *db;
	int64_t id, ids[4] = {0};
	size_t n, i, k, on;
	int reused, made, files = 0;
	void *data;

	gz_arena_init(&a, 64 * 1024, 0);
	CHECK(testdb_setup("media_variants") == 0);
	CHECK((db = testdb_open("m.db")) != NULL);
	testdb_path("media", dir, sizeof(dir));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		data = make_image(cases[i].ext, cases[i].w, cases[i].h, &n);
		CHECK(data != NULL);
		if (data == NULL) {
			continue;
		}
		up.data = data;
		up.len = n;
		up.filename = NULL;
		up.content_type = NULL;
		up.alt = "A gradient";
		up.now = 1000;
		CHECK_INT(gz_media_store(db, dir, &up, 16 * 1024 * 1024, &id, &reused, &why),
		          GZ_OK);
		ids[i] = id;
		files += 1 + cases[i].ncopies;
		CHECK_INT(count_files(dir), files);
		/* The same bytes again: the row reused, its copies kept. */
		CHECK_INT(gz_media_store(db, dir, &up, 16 * 1024 * 1024, &id, &reused, &why),
		          GZ_OK);
		CHECK_INT(id, ids[i]);
		CHECK_INT(reused, 1);
		CHECK_INT(count_files(dir), files);
		CHECK(gz_media_get(db, &a, id, &m) == GZ_OK);
		CHECK_INT(m.width, cases[i].w);
		CHECK_INT(m.height, cases[i].h);
		CHECK_INT(testdb_int(db, gz_arena_printf(&a,
		                                         "SELECT count(*) FROM media_variants "
		                                         "WHERE media_id = %lld",
		                                         (long long)id)),
		          cases[i].ncopies);
		for (k = 0; k < (size_t)cases[i].ncopies; k++) {
			check_copy(dir, &m, cases[i].widths[k], cases[i].heights[k],
			           cases[i].loader);
		}
		/* The library finds it by address, copies narrowest first. */
		CHECK(gz_media_image_by_url(db, &a, m.url, &mi) == GZ_OK);
		CHECK_INT(mi.id, id);
		CHECK_INT(mi.width, cases[i].w);
		CHECK_INT(mi.nvariants, cases[i].ncopies);
		for (k = 0; k < mi.nvariants; k++) {
			CHECK_INT(mi.variants[k].width, cases[i].widths[k]);
			CHECK_INT(mi.variants[k].height, cases[i].heights[k]);
		}
		g_free(data);
	}

	/* The JPEG's original kept its EXIF (it is the uploader's file); the
	 * copies above were checked to have none. */
	CHECK(gz_media_get(db, &a, ids[0], &m) == GZ_OK);
	snprintf(path, sizeof(path), "%s/%s.jpg", dir, m.hash);
	CHECK((orig = slurp(path, &on)) != NULL && contains(orig, on, "Exif\0\0", 6));
	if (orig != NULL) {
		VipsImage *im = vips_image_new_from_buffer(orig, on, "", NULL);

		CHECK(im != NULL && has_gps(im));
		if (im != NULL) {
			g_object_unref(im);
		}
	}
	free(orig);

	/* Addresses that are not the library's. */
	snprintf(url, sizeof(url), "/media/%s.jpg", m.hash);
	CHECK(gz_media_image_by_url(db, &a, url, &mi) == GZ_OK);
	snprintf(url, sizeof(url), "/media/%s.png", m.hash);
	CHECK_INT(gz_media_image_by_url(db, &a, url, &mi), GZ_ENOTFOUND);
	snprintf(url, sizeof(url), "/media/%s.jpg?x", m.hash);
	CHECK_INT(gz_media_image_by_url(db, &a, url, &mi), GZ_ENOTFOUND);
	snprintf(url, sizeof(url), "/media/%s-640w.jpg", m.hash);
	CHECK_INT(gz_media_image_by_url(db, &a, url, &mi), GZ_ENOTFOUND);
	CHECK_INT(gz_media_image_by_url(db, &a, "/media/../g.db", &mi), GZ_ENOTFOUND);
	CHECK_INT(gz_media_image_by_url(db, &a, "https://example.com/x.jpg", &mi), GZ_ENOTFOUND);

	/* Rebuild: whole copies are left alone... */
	CHECK_INT(gz_media_rebuild(db, dir, ids[0], &made, &why), GZ_OK);
	CHECK_INT(made, 0);
	CHECK_INT(gz_media_rebuild(db, dir, ids[3], &made, &why), GZ_OK);
	CHECK_INT(made, 0);
	/* ...lost ones (rows and files, as before copies existed) made again. */
	CHECK(
	    testdb_exec(db, gz_arena_printf(&a, "DELETE FROM media_variants WHERE media_id = %lld",
	                                    (long long)ids[0])));
	for (k = 0; k < 5; k++) {
		snprintf(path, sizeof(path), "%s/%s-%lldw.jpg", dir, m.hash,
		         (long long)cases[0].widths[k]);
		CHECK(unlink(path) == 0);
	}
	CHECK_INT(count_files(dir), files - 5);
	CHECK_INT(gz_media_rebuild(db, dir, ids[0], &made, &why), GZ_OK);
	CHECK_INT(made, 5);
	CHECK_INT(count_files(dir), files);
	check_copy(dir, &m, 640, 427, "jpegload_buffer");
	/* A file gone under a row is made again too. */
	snprintf(path, sizeof(path), "%s/%s-960w.jpg", dir, m.hash);
	CHECK(unlink(path) == 0);
	CHECK_INT(gz_media_rebuild(db, dir, ids[0], &made, &why), GZ_OK);
	CHECK_INT(made, 5);
	CHECK(access(path, R_OK) == 0);
	/* The original gone: a clear failure, nothing changed. */
	CHECK(
	    testdb_exec(db, gz_arena_printf(&a, "DELETE FROM media_variants WHERE media_id = %lld",
	                                    (long long)ids[1])));
	CHECK(gz_media_get(db, &a, ids[1], &m) == GZ_OK);
	snprintf(path, sizeof(path), "%s/%s.png", dir, m.hash);
	CHECK(rename(path, gz_arena_printf(&a, "%s.away", path)) == 0);
	CHECK_INT(gz_media_rebuild(db, dir, ids[1], &made, &why), GZ_EIO);
	CHECK(why != NULL);
	CHECK(rename(gz_arena_printf(&a, "%s.away", path), path) == 0);
	CHECK_INT(gz_media_rebuild(db, dir, ids[1], &made, &why), GZ_OK);
	CHECK_INT(made, 4);
	CHECK_INT(gz_media_rebuild(db, dir, 9999, &made, &why), GZ_ENOTFOUND);

	/* Delete takes the copies' files with the original. */
	CHECK_INT(gz_media_delete(db, dir, ids[0]), GZ_OK);
	CHECK_INT(count_files(dir), files - 6);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM media_variants WHERE media_id NOT IN "
	                         "(SELECT id FROM media)"),
	          0);

	gz_db_close(db);
	gz_arena_free(&a);
	CHECK(testdb_teardown() == 0);
}

/* A PNG whose header claims w x h: IHDR, one tiny IDAT, IEND (the CRCs are
 * not checked by the sniffer; libvips would refuse them). */
static size_t
png_claiming(unsigned char *p, uint32_t w, uint32_t h)
{
	static const unsigned char tail[] = {0,   0,   0,   1,    'I',  'D',  'A', 'T', 0,
	                                     0,   0,   0,   0,    0,    0,    0,   0,   'I',
	                                     'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82};
	size_t n = 0;

	memcpy(p, "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16);
	n = 16;
	p[n++] = (unsigned char)(w >> 24);
	p[n++] = (unsigned char)(w >> 16);
	p[n++] = (unsigned char)(w >> 8);
	p[n++] = (unsigned char)w;
	p[n++] = (unsigned char)(h >> 24);
	p[n++] = (unsigned char)(h >> 16);
	p[n++] = (unsigned char)(h >> 8);
	p[n++] = (unsigned char)h;
	memcpy(p + n, "\x08\x02\0\0\0\0\0\0\0", 9);
	n += 9;
	memcpy(p + n, tail, sizeof(tail));
	return n + sizeof(tail);
}

static void
test_refused(void)
{
	struct gz_media_upload up = {0};
	unsigned char bomb[128];
	char dir[512];
	const char *why;
	struct gz_db *db;
	int64_t id;
	int reused;

	CHECK(testdb_setup("media_refused") == 0);
	CHECK((db = testdb_open("m.db")) != NULL);
	testdb_path("media", dir, sizeof(dir));
	/* 10000 x 10000 = 100 million pixels in 58 bytes: refused unread. */
	up.data = bomb;
	up.len = png_claiming(bomb, 10000, 10000);
	up.alt = "";
	CHECK_INT(gz_media_store(db, dir, &up, 1024, &id, &reused, &why), GZ_EINVAL);
	CHECK(why != NULL && strstr(why, "64 million pixels") != NULL);
	/* 8000 x 8000 is 64 million exactly: allowed past the count, then
	 * libvips cannot decode the fake data: refused, nothing left. */
	up.len = png_claiming(bomb, 8000, 8000);
	CHECK_INT(gz_media_store(db, dir, &up, 1024, &id, &reused, &why), GZ_EINVAL);
	CHECK(why != NULL && strstr(why, "could not be resized") != NULL);
	CHECK_INT(count_files(dir), 0);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM media"), 0);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM media_variants"), 0);
	gz_db_close(db);
	CHECK(testdb_teardown() == 0);
}

TEST_MAIN(T(test_helpers), T(test_resize), T(test_store_variants), T(test_refused))
