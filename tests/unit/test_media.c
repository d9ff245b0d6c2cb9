/*
 * Uploaded images (src/model/media.c): recognition by content and the
 * dimensions of tiny real PNG, JPEG, GIF and WebP files; disguised and
 * damaged files (a script named .png, HTML with a PNG name, a PNG cut
 * after its signature or before IEND, a JPEG without its end, a zero-byte
 * file); extension and declared-type agreement; storage by hash, reuse of
 * duplicates, alt text, and deletion refused while an article uses it.
 */
#include <dirent.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include "gazette/arena.h"
#include "gazette/db.h"
#include "gazette/media.h"
#include "test.h"
#include "testdb.h"

/* A 3x2 RGB PNG made with zlib (IHDR, IDAT, IEND with their CRCs). */
static const unsigned char png_3x2[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
    0x52, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x02, 0x08, 0x02, 0x00, 0x00, 0x00, 0x12,
    0x16, 0xf1, 0x4d, 0x00, 0x00, 0x00, 0x10, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8,
    0xcf, 0xc0, 0x00, 0x41, 0x0c, 0x70, 0x16, 0x00, 0x41, 0xd2, 0x05, 0xfb, 0x87, 0xf0, 0xb9,
    0x48, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

/* A 1x1 JPEG (JFIF, quantisation table, arithmetic-coded SOF9, DAC, SOS, EOI). */
static const unsigned char jpeg_1x1[] = {
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x01, 0x00, 0x48,
    0x00, 0x48, 0x00, 0x00, 0xff, 0xdb, 0x00, 0x43, 0x00, 0x03, 0x02, 0x02, 0x02, 0x02, 0x02, 0x03,
    0x02, 0x02, 0x02, 0x03, 0x03, 0x03, 0x03, 0x04, 0x06, 0x04, 0x04, 0x04, 0x04, 0x04, 0x08, 0x06,
    0x06, 0x05, 0x06, 0x09, 0x08, 0x0a, 0x0a, 0x09, 0x08, 0x09, 0x09, 0x0a, 0x0c, 0x0f, 0x0c, 0x0a,
    0x0b, 0x0e, 0x0b, 0x09, 0x09, 0x0d, 0x11, 0x0d, 0x0e, 0x0f, 0x10, 0x10, 0x11, 0x10, 0x0a, 0x0c,
    0x12, 0x13, 0x12, 0x10, 0x13, 0x0f, 0x10, 0x10, 0x10, 0xff, 0xc9, 0x00, 0x0b, 0x08, 0x00, 0x01,
    0x00, 0x01, 0x01, 0x01, 0x11, 0x00, 0xff, 0xcc, 0x00, 0x06, 0x00, 0x10, 0x10, 0x05, 0xff, 0xda,
    0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00, 0xd2, 0xcf, 0x20, 0xff, 0xd9};

/* A baseline (SOF0) JPEG header for 640x480, fill bytes before a marker,
 * a stuffed 0xFF00 and a restart marker in the scan, then EOI. */
static const unsigned char jpeg_640x480[] = {
    0xff, 0xd8, 0xff, 0xff, 0xe1, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11,
    0x08, 0x01, 0xe0, 0x02, 0x80, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03,
    0x11, 0x01, 0xff, 0xda, 0x00, 0x0c, 0x03, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11,
    0x00, 0x3f, 0x00, 0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0xd9};

/* A 1x1 GIF89a: logical screen, 2-colour table, graphic control, image, trailer. */
static const unsigned char gif_1x1[] = {
    0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0xff, 0xff,
    0xff, 0x00, 0x00, 0x00, 0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00,
    0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b};

/* A 1x1 lossless WebP (VP8L). */
static const unsigned char webp_lossless[] = {0x52, 0x49, 0x46, 0x46, 0x1a, 0x00, 0x00, 0x00, 0x57,
                                              0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x4c, 0x0d, 0x00,
                                              0x00, 0x00, 0x2f, 0x00, 0x00, 0x00, 0x10, 0x07, 0x10,
                                              0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0x00};

/* A lossy WebP (VP8) key-frame header for 5x4. */
static const unsigned char webp_lossy[] = {
    0x52, 0x49, 0x46, 0x46, 0x16, 0x00, 0x00, 0x00, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38,
    0x20, 0x0a, 0x00, 0x00, 0x00, 0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x05, 0x00, 0x04, 0x00};

/* An extended WebP (VP8X) header for a 400x300 canvas. */
static const unsigned char webp_ext[] = {
    0x52, 0x49, 0x46, 0x46, 0x16, 0x00, 0x00, 0x00, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38,
    0x58, 0x0a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x8f, 0x01, 0x00, 0x2b, 0x01, 0x00};

static void
test_sniff_good(void)
{
	static const struct {
		const unsigned char *data; /* the file */
		size_t n;                  /* its length */
		const char *ext;           /* expected format */
		uint32_t w, h;             /* expected size */
	} cases[] = {
	    {png_3x2, sizeof(png_3x2), "png", 3, 2},
	    {jpeg_1x1, sizeof(jpeg_1x1), "jpg", 1, 1},
	    {jpeg_640x480, sizeof(jpeg_640x480), "jpg", 640, 480},
	    {gif_1x1, sizeof(gif_1x1), "gif", 1, 1},
	    {webp_lossless, sizeof(webp_lossless), "webp", 1, 1},
	    {webp_lossy, sizeof(webp_lossy), "webp", 5, 4},
	    {webp_ext, sizeof(webp_ext), "webp", 400, 300},
	};
	struct gz_image_info info;
	const char *why;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK_INT(gz_media_sniff(cases[i].data, cases[i].n, &info, &why), GZ_OK);
		CHECK_STR(info.ext, cases[i].ext);
		CHECK_INT(info.width, cases[i].w);
		CHECK_INT(info.height, cases[i].h);
	}
	CHECK_STR(info.mime, "image/webp");
}

static void
test_sniff_bad(void)
{
	static const char script[] = "#!/bin/sh\necho pwned\n";
	static const char html[] = "<html><script>alert(1)</script></html>";
	unsigned char buf[128];
	struct gz_image_info info;
	const char *why;
	size_t n;

	CHECK_INT(gz_media_sniff("", 0, &info, &why), GZ_EINVAL);
	CHECK_STR(why, "The file is empty.");
	CHECK_INT(gz_media_sniff(script, strlen(script), &info, &why), GZ_EINVAL);
	CHECK_STR(why, "This is not a PNG, JPEG, GIF or WebP image.");
	CHECK_INT(gz_media_sniff(html, strlen(html), &info, &why), GZ_EINVAL);
	/* A PNG cut right after its signature, and at every length short of whole. */
	CHECK_INT(gz_media_sniff(png_3x2, 8, &info, &why), GZ_EINVAL);
	CHECK(strstr(why, "incomplete") != NULL);
	for (n = 0; n < sizeof(png_3x2); n++) {
		CHECK_INT(gz_media_sniff(png_3x2, n, &info, &why), GZ_EINVAL);
	}
	for (n = 0; n < sizeof(jpeg_1x1); n++) {
		CHECK_INT(gz_media_sniff(jpeg_1x1, n, &info, &why), GZ_EINVAL);
	}
	for (n = 0; n < sizeof(gif_1x1); n++) {
		CHECK_INT(gz_media_sniff(gif_1x1, n, &info, &why), GZ_EINVAL);
	}
	for (n = 0; n < sizeof(webp_lossless); n++) {
		CHECK_INT(gz_media_sniff(webp_lossless, n, &info, &why), GZ_EINVAL);
	}
	/* A PNG whose first chunk is not IHDR. */
	memcpy(buf, png_3x2, sizeof(png_3x2));
	memcpy(buf + 12, "IDAT", 4);
	CHECK_INT(gz_media_sniff(buf, sizeof(png_3x2), &info, &why), GZ_EINVAL);
	/* A chunk length pointing far past the end. */
	memcpy(buf, png_3x2, sizeof(png_3x2));
	buf[33] = 0x7f;
	CHECK_INT(gz_media_sniff(buf, sizeof(png_3x2), &info, &why), GZ_EINVAL);
	/* Zero width. */
	memcpy(buf, png_3x2, sizeof(png_3x2));
	buf[19] = 0;
	CHECK_INT(gz_media_sniff(buf, sizeof(png_3x2), &info, &why), GZ_EINVAL);
	/* Absurd size. */
	memcpy(buf, png_3x2, sizeof(png_3x2));
	buf[16] = 0x7f;
	CHECK_INT(gz_media_sniff(buf, sizeof(png_3x2), &info, &why), GZ_EINVAL);
	/* A JPEG segment length shorter than its own length field. */
	memcpy(buf, jpeg_640x480, sizeof(jpeg_640x480));
	buf[6] = 0x01;
	CHECK_INT(gz_media_sniff(buf, sizeof(jpeg_640x480), &info, &why), GZ_EINVAL);
	/* A JPEG without any SOF before its scan. */
	static const unsigned char nosof[] = {0xff, 0xd8, 0xff, 0xda, 0x00, 0x02, 0x00, 0xff, 0xd9};
	CHECK_INT(gz_media_sniff(nosof, sizeof(nosof), &info, &why), GZ_EINVAL);
	/* A WebP whose RIFF length claims more than was sent. */
	memcpy(buf, webp_lossy, sizeof(webp_lossy));
	buf[4] = 0x40;
	CHECK_INT(gz_media_sniff(buf, sizeof(webp_lossy), &info, &why), GZ_EINVAL);
	/* A WebP with a VP8 frame lacking its start code. */
	memcpy(buf, webp_lossy, sizeof(webp_lossy));
	buf[23] = 0;
	CHECK_INT(gz_media_sniff(buf, sizeof(webp_lossy), &info, &why), GZ_EINVAL);
}

static void
test_check_names(void)
{
	struct gz_image_info info;
	const char *why;

	CHECK_INT(gz_media_check(png_3x2, sizeof(png_3x2), "x.png", "image/png", &info, &why),
	          GZ_OK);
	CHECK_INT(gz_media_check(png_3x2, sizeof(png_3x2), "X.PNG", NULL, &info, &why), GZ_OK);
	CHECK_INT(gz_media_check(png_3x2, sizeof(png_3x2), "noext", "application/octet-stream",
	                         &info, &why),
	          GZ_OK);
	CHECK_INT(gz_media_check(jpeg_1x1, sizeof(jpeg_1x1), "a.jpeg", "image/jpg", &info, &why),
	          GZ_OK);
	CHECK_INT(gz_media_check(jpeg_1x1, sizeof(jpeg_1x1), "a.JPE", "image/pjpeg", &info, &why),
	          GZ_OK);
	CHECK_INT(gz_media_check(gif_1x1, sizeof(gif_1x1), "a.gif", "image/gif; x=y", &info, &why),
	          GZ_OK);
	/* Disagreements. */
	CHECK_INT(gz_media_check(png_3x2, sizeof(png_3x2), "x.jpg", NULL, &info, &why), GZ_EINVAL);
	CHECK_STR(why, "The file name's extension does not match its content.");
	CHECK_INT(gz_media_check(png_3x2, sizeof(png_3x2), "x.png", "image/gif", &info, &why),
	          GZ_EINVAL);
	CHECK_STR(why, "The declared file type does not match its content.");
	CHECK_INT(gz_media_check(png_3x2, sizeof(png_3x2), "x.png", "text/html", &info, &why),
	          GZ_EINVAL);
	CHECK_INT(gz_media_check(png_3x2, sizeof(png_3x2), "x.html", "image/png", &info, &why),
	          GZ_EINVAL);
	CHECK_INT(gz_media_check(png_3x2, sizeof(png_3x2), "x.svg", NULL, &info, &why), GZ_EINVAL);
	/* A script named x.png and HTML named x.png fail on content. */
	CHECK_INT(gz_media_check("#!/bin/sh\n", 10, "x.png", "image/png", &info, &why), GZ_EINVAL);
	CHECK_INT(gz_media_check("<html>", 6, "x.png", "image/png", &info, &why), GZ_EINVAL);
}

/* Files in dir (not . or ..). */
static int
count_files(const char *dir)
{
	struct dirent *d;
	DIR *dp = opendir(dir);
	int n = 0;

	if (dp == NULL) {
		return -1;
	}
	while ((d = readdir(dp)) != NULL) {
		n += strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0;
	}
	closedir(dp);
	return n;
}

static void
test_store(void)
{
	struct gz_media_upload up = {0};
	struct gz_arena a;
	struct gz_media m, *items;
	struct gz_media_use *uses;
	char dir[512], path[1024];
	const char *why;
	struct stat st;
	struct gz_db *db;
	int64_t id, id2, gen;
	size_t n;
	int reused;
	FILE *f;
	unsigned char back[sizeof(png_3x2)];

	gz_arena_init(&a, 64 * 1024, 0);
	CHECK(testdb_setup("media") == 0);
	CHECK((db = testdb_open("m.db")) != NULL);
	CHECK(testdb_exec(db, "INSERT INTO users (id, login, display_name, role, created_at) "
	                      "VALUES (1, 'ed', 'Ed', 'editor', 0)"));
	testdb_path("media", dir, sizeof(dir));

	up.data = png_3x2;
	up.len = sizeof(png_3x2);
	up.filename = "red pixel.png";
	up.content_type = "image/png";
	up.alt = "Red";
	up.user_id = 1;
	up.now = 1000;
	/* The per-file limit. */
	CHECK_INT(gz_media_store(db, dir, &up, 10, &id, &reused, &why), GZ_ETOOBIG);
	CHECK(why != NULL);
	gen = gz_db_generation(db);
	CHECK_INT(gz_media_store(db, dir, &up, 1024, &id, &reused, &why), GZ_OK);
	CHECK(gz_db_generation(db) > gen);
	CHECK(id > 0);
	CHECK_INT(reused, 0);
	CHECK(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0750);
	CHECK(gz_media_get(db, &a, id, &m) == GZ_OK);
	CHECK_INT(strlen(m.hash), 64);
	CHECK_STR(m.ext, "png");
	CHECK_INT(m.width, 3);
	CHECK_INT(m.height, 2);
	CHECK_INT(m.bytes, sizeof(png_3x2));
	CHECK_STR(m.alt, "Red");
	CHECK_STR(m.original_name, "red pixel.png");
	CHECK(strncmp(m.url, "/media/", 7) == 0);
	/* The file holds exactly the bytes, and no temporary file is left. */
	snprintf(path, sizeof(path), "%s/%s.png", dir, m.hash);
	CHECK((f = fopen(path, "rb")) != NULL);
	if (f != NULL) {
		CHECK_INT(fread(back, 1, sizeof(back), f), sizeof(png_3x2));
		CHECK(memcmp(back, png_3x2, sizeof(png_3x2)) == 0);
		fclose(f);
	}
	CHECK_INT(count_files(dir), 1);

	/* The same bytes again reuse the row. */
	up.filename = "copy.png";
	CHECK_INT(gz_media_store(db, dir, &up, 1024, &id2, &reused, &why), GZ_OK);
	CHECK_INT(id2, id);
	CHECK_INT(reused, 1);
	CHECK_INT(count_files(dir), 1);

	/* Disguised files are refused and nothing is written. */
	up.data = "#!/bin/sh\nrm -rf /\n";
	up.len = strlen(up.data);
	up.filename = "x.png";
	CHECK_INT(gz_media_store(db, dir, &up, 1024, &id2, &reused, &why), GZ_EINVAL);
	up.data = png_3x2;
	up.len = 8;
	CHECK_INT(gz_media_store(db, dir, &up, 1024, &id2, &reused, &why), GZ_EINVAL);
	up.len = 0;
	CHECK_INT(gz_media_store(db, dir, &up, 1024, &id2, &reused, &why), GZ_EINVAL);
	CHECK_INT(count_files(dir), 1);

	/* A second image, alt text, the list. */
	up.data = gif_1x1;
	up.len = sizeof(gif_1x1);
	up.filename = "dot.gif";
	up.content_type = "image/gif";
	up.alt = NULL;
	CHECK_INT(gz_media_store(db, dir, &up, 1024, &id2, &reused, &why), GZ_OK);
	CHECK_INT(gz_media_set_alt(db, id2, "A dot"), GZ_OK);
	CHECK_INT(gz_media_set_alt(db, id2, "bad\x01"), GZ_EINVAL);
	CHECK_INT(gz_media_set_alt(db, 999, "x"), GZ_ENOTFOUND);
	CHECK(gz_media_list(db, &a, &items, &n) == GZ_OK);
	CHECK_INT(n, 2);
	CHECK_STR(items[0].alt, "A dot");

	/* Deleting is refused while an article shows it (featured or in the body). */
	CHECK(testdb_exec(db, gz_arena_printf(&a,
	                                      "INSERT INTO articles (id, slug, title, body, "
	                                      "author_id, image_id, created_at, updated_at) "
	                                      "VALUES (1, 'a', 'Uses it', '', 1, %lld, 0, 0), "
	                                      "(2, 'b', 'Links it', '![x](/media/%s.png)', 1, "
	                                      "NULL, 0, 0)",
	                                      (long long)id, m.hash)));
	CHECK(gz_media_users(db, &a, id, &uses, &n) == GZ_OK);
	CHECK_INT(n, 2);
	CHECK_STR(uses[0].title, "Uses it");
	CHECK_INT(gz_media_delete(db, dir, id), GZ_EPERM);
	CHECK(testdb_exec(db, "DELETE FROM articles"));
	CHECK_INT(gz_media_delete(db, dir, id), GZ_OK);
	CHECK_INT(count_files(dir), 1);
	CHECK(gz_media_get(db, &a, id, &m) == GZ_ENOTFOUND);
	CHECK_INT(gz_media_delete(db, dir, id), GZ_ENOTFOUND);

	gz_db_close(db);
	gz_arena_free(&a);
	/* The media folder inside goes with it. */
	CHECK(testdb_teardown() == 0);
}

TEST_MAIN(T(test_sniff_good), T(test_sniff_bad), T(test_check_names), T(test_store))
