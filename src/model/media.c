/*
 * Uploaded images: content sniffing and dimension parsing for PNG, JPEG,
 * GIF and WebP; content-addressed storage in the media folder; the media
 * table.  The parsers read only what they need and never trust a length
 * field before checking it against the bytes present; each also checks
 * that the file ends the way its format ends, so a truncated upload is
 * refused rather than stored.  It knows nothing of HTTP or forms.
 *
 * Resized copies (media_variants): made here at upload through image.h
 * (libvips) and written beside the original as <hash>-<width>w.<ext>
 * before their rows, like the original before its row, so a row never
 * names a missing file; pages find them by the original's address
 * (gz_media_image_by_url) or in the listings' queries.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "gazette/arena.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/err.h"
#include "gazette/image.h"
#include "gazette/media.h"
#include "gazette/str.h"
#include "gazette/utf8.h"
#include "internal.h"

/* Big- and little-endian reads from bytes already bounds-checked. */
static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t
be16(const unsigned char *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t
le16(const unsigned char *p)
{
	return (uint32_t)p[1] << 8 | p[0];
}

static uint32_t
le24(const unsigned char *p)
{
	return (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static const char truncated[] = GZ_N_("The image is incomplete: the file ends too early.");
static const char malformed[] = GZ_N_("The image is damaged: its header does not make sense.");

/* PNG: signature, IHDR (13 bytes) first, then chunks until IEND. */
static const char *
sniff_png(const unsigned char *p, size_t n, struct gz_image_info *info)
{
	size_t off = 8;
	uint32_t len;

	if (n < 8 + 8 + 13 + 4) {
		return truncated;
	}
	if (be32(p + 8) != 13 || memcmp(p + 12, "IHDR", 4) != 0) {
		return malformed;
	}
	info->width = be32(p + 16);
	info->height = be32(p + 20);
	for (;;) {
		if (n - off < 12) {
			return truncated;
		}
		len = be32(p + off);
		if (len > 0x7fffffffu) {
			return malformed;
		}
		if (n - off - 12 < len) {
			return truncated;
		}
		if (memcmp(p + off + 4, "IEND", 4) == 0) {
			break;
		}
		off += 12 + (size_t)len;
	}
	info->ext = "png";
	info->mime = "image/png";
	return NULL;
}

/* Whether JPEG marker m is a start-of-frame carrying the image size. */
static int
jpeg_sof(unsigned m)
{
	return m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc;
}

/* JPEG: SOI, marker segments up to SOS (a SOF among them), then an EOI. */
static const char *
sniff_jpeg(const unsigned char *p, size_t n, struct gz_image_info *info)
{
	size_t off = 2, i;
	uint32_t len;
	unsigned m;
	int have_sof = 0;

	for (;;) {
		if (n - off < 2) {
			return truncated;
		}
		if (p[off] != 0xff) {
			return malformed;
		}
		/* Any number of 0xFF fill bytes may precede a marker. */
		while (off < n && p[off] == 0xff) {
			off++;
		}
		if (off == n) {
			return truncated;
		}
		m = p[off++];
		if (m == 0x01 || (m >= 0xd0 && m <= 0xd7)) {
			continue; /* standalone markers carry no length */
		}
		if (m == 0xd8 || m == 0xd9 || m == 0x00) {
			return malformed; /* SOI again, EOI before any scan, or stuffing */
		}
		if (n - off < 2) {
			return truncated;
		}
		len = be16(p + off);
		if (len < 2) {
			return malformed;
		}
		if (n - off < len) {
			return truncated;
		}
		if (jpeg_sof(m)) {
			if (len < 7) {
				return malformed;
			}
			info->height = be16(p + off + 3);
			info->width = be16(p + off + 5);
			have_sof = 1;
		}
		off += len;
		if (m == 0xda) {
			break;
		}
	}
	if (!have_sof) {
		return malformed;
	}
	/* Entropy-coded data never holds FF D9 (0xFF is always stuffed), so
	 * the first one after the scan header is the end of the image. */
	for (i = off; i + 1 < n; i++) {
		if (p[i] == 0xff && p[i + 1] == 0xd9) {
			info->ext = "jpg";
			info->mime = "image/jpeg";
			return NULL;
		}
	}
	return truncated;
}

/* GIF: header, logical screen descriptor, global colour table, trailer. */
static const char *
sniff_gif(const unsigned char *p, size_t n, struct gz_image_info *info)
{
	size_t need = 13;

	if (n < 13) {
		return truncated;
	}
	info->width = le16(p + 6);
	info->height = le16(p + 8);
	if (p[10] & 0x80) {
		need += (size_t)3 << ((p[10] & 0x07) + 1);
	}
	/* The smallest complete GIF ends with the trailer byte after at
	 * least one image; anything shorter or without it was cut. */
	if (n <= need || p[n - 1] != 0x3b) {
		return truncated;
	}
	info->ext = "gif";
	info->mime = "image/gif";
	return NULL;
}

/* WebP: RIFF container of the stated length, first chunk VP8, VP8L or VP8X. */
static const char *
sniff_webp(const unsigned char *p, size_t n, struct gz_image_info *info)
{
	uint32_t riff, clen;
	const unsigned char *d;

	if (n < 20) {
		return truncated;
	}
	riff = le32(p + 4);
	if (riff < 12 || riff > 0xfffffff0u) {
		return malformed;
	}
	if ((size_t)riff + 8 > n) {
		return truncated;
	}
	clen = le32(p + 16);
	if (clen > riff - 12) {
		return (size_t)clen + 20 > n ? truncated : malformed;
	}
	d = p + 20;
	if (memcmp(p + 12, "VP8 ", 4) == 0) {
		if (clen < 10 || d[3] != 0x9d || d[4] != 0x01 || d[5] != 0x2a) {
			return malformed;
		}
		info->width = le16(d + 6) & 0x3fff;
		info->height = le16(d + 8) & 0x3fff;
	} else if (memcmp(p + 12, "VP8L", 4) == 0) {
		if (clen < 5 || d[0] != 0x2f) {
			return malformed;
		}
		info->width = (le32(d + 1) & 0x3fff) + 1;
		info->height = ((le32(d + 1) >> 14) & 0x3fff) + 1;
	} else if (memcmp(p + 12, "VP8X", 4) == 0) {
		if (clen < 10) {
			return malformed;
		}
		info->width = le24(d + 4) + 1;
		info->height = le24(d + 7) + 1;
	} else {
		return malformed;
	}
	info->ext = "webp";
	info->mime = "image/webp";
	return NULL;
}

enum gz_err
gz_media_sniff(const void *data, size_t n, struct gz_image_info *info, const char **why)
{
	const unsigned char *p = data;
	const char *problem;

	memset(info, 0, sizeof(*info));
	*why = NULL;
	if (n == 0) {
		*why = GZ_N_("The file is empty.");
		return GZ_EINVAL;
	}
	if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0) {
		problem = sniff_png(p, n, info);
	} else if (n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff) {
		problem = sniff_jpeg(p, n, info);
	} else if (n >= 6 && (memcmp(p, "GIF87a", 6) == 0 || memcmp(p, "GIF89a", 6) == 0)) {
		problem = sniff_gif(p, n, info);
	} else if (n >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4) == 0) {
		problem = sniff_webp(p, n, info);
	} else {
		*why = GZ_N_("This is not a PNG, JPEG, GIF or WebP image.");
		return GZ_EINVAL;
	}
	if (problem == NULL &&
	    (info->width == 0 || info->height == 0 || info->width > GZ_MEDIA_DIM_MAX ||
	     info->height > GZ_MEDIA_DIM_MAX)) {
		problem = GZ_N_("The image's width or height is zero or larger than 30000 pixels.");
	}
	if (problem != NULL) {
		memset(info, 0, sizeof(*info));
		*why = problem;
		return GZ_EINVAL;
	}
	return GZ_OK;
}

/* The format ext ("png", "jpg", ...) a file-name extension names, or NULL. */
static const char *
ext_format(const char *e)
{
	static const struct {
		const char *ext;    /* as typed, compared without case */
		const char *format; /* gz_image_info.ext */
	} map[] = {{"png", "png"}, {"jpg", "jpg"}, {"jpeg", "jpg"},
	           {"jpe", "jpg"}, {"gif", "gif"}, {"webp", "webp"}};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (gz_str_eq_case(e, map[i].ext)) {
			return map[i].format;
		}
	}
	return NULL;
}

/* The format a declared content type names, "" for no claim, NULL for a foreign one. */
static const char *
type_format(const char *ct)
{
	static const struct {
		const char *type;   /* media type */
		const char *format; /* gz_image_info.ext */
	} map[] = {{"image/png", "png"},
	           {"image/jpeg", "jpg"},
	           {"image/jpg", "jpg"},
	           {"image/pjpeg", "jpg"},
	           {"image/gif", "gif"},
	           {"image/webp", "webp"},
	           {"application/octet-stream", ""}};
	char type[64];
	struct gz_span s;
	size_t i, len = strcspn(ct, ";");

	s = gz_str_trim(ct, len);
	if (s.n == 0) {
		return "";
	}
	if (s.n >= sizeof(type)) {
		return NULL;
	}
	memcpy(type, s.p, s.n);
	type[s.n] = '\0';
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (gz_str_eq_case(type, map[i].type)) {
			return map[i].format;
		}
	}
	return NULL;
}

enum gz_err
gz_media_check(const void *data, size_t n, const char *filename, const char *content_type,
               struct gz_image_info *info, const char **why)
{
	const char *dot, *fmt;
	enum gz_err rc;

	if ((rc = gz_media_sniff(data, n, info, why)) != GZ_OK) {
		return rc;
	}
	if (filename != NULL && (dot = strrchr(filename, '.')) != NULL && dot != filename) {
		fmt = ext_format(dot + 1);
		if (fmt == NULL) {
			*why =
			    GZ_N_("The file name's extension is not one of .png, .jpg, .jpeg, .gif "
			          "or .webp.");
			return GZ_EINVAL;
		}
		if (strcmp(fmt, info->ext) != 0) {
			*why = GZ_N_("The file name's extension does not match its content.");
			return GZ_EINVAL;
		}
	}
	if (content_type != NULL) {
		fmt = type_format(content_type);
		if (fmt == NULL || (fmt[0] != '\0' && strcmp(fmt, info->ext) != 0)) {
			*why = GZ_N_("The declared file type does not match its content.");
			return GZ_EINVAL;
		}
	}
	return GZ_OK;
}

/* Create dir (0750) when missing. */
static enum gz_err
ensure_dir(const char *dir)
{
	struct stat st;

	if (mkdir(dir, 0750) == 0) {
		return GZ_OK;
	}
	if (errno == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) {
		return GZ_OK;
	}
	return GZ_EIO;
}

/*
 * Write n bytes to path through a temporary file in the same folder:
 * write, fsync, rename, then fsync the folder, so the final name only
 * ever holds the whole file.
 */
static enum gz_err
write_file(const char *dir, const char *path, const void *data, size_t n)
{
	char tmp[4096];
	const char *p = data;
	ssize_t w;
	int fd, dfd;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s/.upload-XXXXXX", dir) >= sizeof(tmp) ||
	    (fd = mkstemp(tmp)) < 0) {
		return GZ_EIO;
	}
	/* Readable by the group, so nginx in the site's group can serve it. */
	if (fchmod(fd, 0640) != 0) {
		goto fail;
	}
	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR) {
			continue;
		}
		if (w <= 0) {
			goto fail;
		}
		p += w;
		n -= (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		goto fail;
	}
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY)) >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	return GZ_OK;
fail:
	if (fd >= 0) {
		close(fd);
	}
	unlink(tmp);
	return GZ_EIO;
}

/* The original name worth keeping: valid UTF-8, no controls, cut; else "". */
static const char *
clean_name(const char *name, char *buf, size_t bufsz)
{
	size_t n;

	if (name == NULL || !gz_utf8_valid(name, strlen(name)) ||
	    gz_str_has_ctl(name, strlen(name), 0)) {
		return "";
	}
	n = gz_utf8_truncate(name, strlen(name), bufsz - 1);
	memcpy(buf, name, n);
	buf[n] = '\0';
	return buf;
}

/* Alt text is acceptable: short, valid UTF-8, no controls. */
static int
alt_ok(const char *alt)
{
	size_t n = strlen(alt);

	return n <= GZ_MEDIA_ALT_MAX && gz_utf8_valid(alt, n) && !gz_str_has_ctl(alt, n, 0);
}

/* The path of the copy w pixels wide of <hash>.<ext> in dir, into path
 * (size bytes); 0 when it does not fit. */
static int
variant_path(char *path, size_t size, const char *dir, const char *hash, const char *ext, int64_t w)
{
	return (size_t)snprintf(path, size, "%s/%s-%lldw.%s", dir, hash, (long long)w, ext) < size;
}

/* Remove the files of the n copies in v of <hash>.<ext> in dir. */
static void
unlink_variants(const char *dir, const char *hash, const char *ext,
                const struct gz_media_variant *v, size_t n)
{
	char path[4096];
	size_t i;

	for (i = 0; i < n; i++) {
		if (variant_path(path, sizeof(path), dir, hash, ext, v[i].width)) {
			(void)unlink(path);
		}
	}
}

/*
 * The widths of the copies an image width pixels wide gets, into t (room
 * for GZ_MEDIA_VARIANTS_MAX); returns how many.  One per gz_image_widths
 * narrower than it, and, when it is no wider than the widest of those, one
 * at its own width: pages then never need the original, whose metadata
 * (EXIF with a phone's GPS position) only the copies leave out.  An image
 * no wider than the narrowest gets none: it is its own small copy.
 */
static size_t
variant_targets(int64_t width, int64_t *t)
{
	size_t i, n = 0;

	for (i = 0; i < GZ_IMAGE_NWIDTHS && gz_image_widths[i] < width; i++) {
		t[n++] = gz_image_widths[i];
	}
	if (n > 0 && width <= gz_image_widths[GZ_IMAGE_NWIDTHS - 1]) {
		t[n++] = width;
	}
	return n;
}

/*
 * Make and write the copies of the image data (n bytes, format ext, width
 * pixels wide, content hash) at the widths variant_targets gives, widest
 * first and the rest from it, into dir; what was made goes to made[] (room for
 * GZ_MEDIA_VARIANTS_MAX) and *nmade.  A GIF gets none.  On failure the files written so far are
 * removed and *why says why: GZ_EINVAL when libvips refused the image,
 * GZ_EIO when a file could not be written.
 */
static enum gz_err
make_variants(const char *dir, const char *hash, const char *ext, const void *data, size_t n,
              int64_t width, struct gz_media_variant *made, size_t *nmade, const char **why)
{
	int64_t t[GZ_MEDIA_VARIANTS_MAX];
	struct gz_image_out out, base = {0};
	const void *src = data;
	char path[4096];
	enum gz_err rc;
	size_t k, nt, srcn = n;

	*nmade = 0;
	if (strcmp(ext, "gif") == 0) {
		return GZ_OK;
	}
	nt = variant_targets(width, t);
	/* Widest first, from the original; the others from that copy, so
	 * the original (up to 64 million pixels) is decoded once, not once
	 * per width.  The copies are a second generation of it, which at
	 * these sizes no reader can tell. */
	for (k = nt; k-- > 0;) {
		if ((rc = gz_image_resize(src, srcn, ext, (int)t[k], &out, why)) != GZ_OK) {
			goto fail;
		}
		/* A copy no narrower than the one before (an image turned upright
		 * by its EXIF orientation is narrower than its header says) adds
		 * nothing to a srcset. */
		if (*nmade > 0 && out.width >= made[*nmade - 1].width) {
			gz_image_out_free(&out);
			continue;
		}
		if (!variant_path(path, sizeof(path), dir, hash, ext, out.width) ||
		    ensure_dir(dir) != GZ_OK || write_file(dir, path, out.data, out.len) != GZ_OK) {
			gz_image_out_free(&out);
			*why = GZ_N_("The file could not be saved on the server.");
			rc = GZ_EIO;
			goto fail;
		}
		made[*nmade].width = out.width;
		made[*nmade].height = out.height;
		made[*nmade].bytes = (int64_t)out.len;
		++*nmade;
		if (base.data == NULL) {
			base = out;
			src = base.data;
			srcn = base.len;
		} else {
			gz_image_out_free(&out);
		}
	}
	gz_image_out_free(&base);
	return GZ_OK;
fail:
	gz_image_out_free(&base);
	unlink_variants(dir, hash, ext, made, *nmade);
	*nmade = 0;
	return rc;
}

static int variants_present(const char *dir, const char *hash, const char *ext,
                            const struct gz_media_variant *v, size_t n);

/*
 * 1 when the image <hash>.<ext> is in the library already with copies
 * whose files are all in dir: the same bytes uploaded again need no
 * resizing (0.7 s for a 3000x2000 photo).  0 otherwise, and on any error:
 * the copies are then made again, which is only slower.
 */
static int
has_copies(struct gz_db *db, const char *dir, const char *hash, const char *ext)
{
	struct gz_media_variant *v;
	struct gz_arena scratch;
	sqlite3_stmt *st;
	const char *list;
	size_t n = 0;
	int ok = 0;

	st = gz_db_stmt(db, "SELECT " GZ_SQL_MEDIA_VARIANTS("media.id") " FROM media WHERE hash = "
	                                                                "?1 AND ext = ?2");
	if (st == NULL) {
		return 0;
	}
	gz_db_bind_text(st, 1, hash);
	gz_db_bind_text(st, 2, ext);
	gz_arena_init(&scratch, 1024, 64 * 1024);
	if (sqlite3_step(st) == SQLITE_ROW && (list = gz_db_col_text(&scratch, st, 0)) != NULL &&
	    gz_media_variants_parse(&scratch, list, &v, &n) == GZ_OK && n > 0) {
		ok = variants_present(dir, hash, ext, v, n);
	}
	gz_db_reset(st);
	gz_arena_free(&scratch);
	return ok;
}

/* Record the n copies in v of media id (rows replaced by width), inside
 * the caller's transaction, and touch the media row: its update trigger
 * (sql/018_body_html.sql) drops the stored HTML of the bodies showing it,
 * whose srcset now names other copies. */
static enum gz_err
record_variants(struct gz_db *db, int64_t id, const struct gz_media_variant *v, size_t n)
{
	sqlite3_stmt *q;
	enum gz_err rc;
	size_t i;

	for (i = 0; i < n; i++) {
		q = gz_db_stmt(db,
		               "INSERT OR REPLACE INTO media_variants (media_id, width, height, "
		               "bytes) VALUES (?1, ?2, ?3, ?4)");
		if (q == NULL) {
			return GZ_EDB;
		}
		gz_db_bind_int64(q, 1, id);
		gz_db_bind_int64(q, 2, v[i].width);
		gz_db_bind_int64(q, 3, v[i].height);
		gz_db_bind_int64(q, 4, v[i].bytes);
		if ((rc = gz_db_step_done(db, q)) != GZ_OK) {
			return rc;
		}
	}
	if (n > 0) {
		if ((q = gz_db_stmt(db, "UPDATE media SET bytes = bytes WHERE id = ?1")) == NULL) {
			return GZ_EDB;
		}
		gz_db_bind_int64(q, 1, id);
		return gz_db_step_done(db, q);
	}
	return GZ_OK;
}

char *
gz_media_variant_url(struct gz_arena *arena, const char *url, int64_t width)
{
	const char *dot = strrchr(url, '.'), *slash = strrchr(url, '/');

	if (dot == NULL || (slash != NULL && dot < slash)) {
		return NULL;
	}
	return gz_arena_printf(arena, "%.*s-%lldw%s", (int)(dot - url), url, (long long)width, dot);
}

enum gz_err
gz_media_variants_parse(struct gz_arena *arena, const char *list, struct gz_media_variant **out,
                        size_t *n)
{
	struct gz_media_variant *v, tmp;
	const char *p = list;
	char *end;
	long long w, h;
	size_t i, j;

	*out = NULL;
	*n = 0;
	if (list == NULL || *list == '\0') {
		return GZ_OK;
	}
	if ((v = gz_arena_alloc(arena, sizeof(*v) * GZ_MEDIA_VARIANTS_MAX)) == NULL) {
		return GZ_ENOMEM;
	}
	while (*p != '\0' && *n < GZ_MEDIA_VARIANTS_MAX) {
		while (*p == ' ') {
			p++;
		}
		if (*p == '\0') {
			break;
		}
		errno = 0;
		w = strtoll(p, &end, 10);
		if (end == p || *end != 'x') {
			p += strcspn(p, " ");
			continue;
		}
		p = end + 1;
		h = strtoll(p, &end, 10);
		if (end == p || (*end != ' ' && *end != '\0') || errno != 0 || w < 1 ||
		    w > GZ_MEDIA_DIM_MAX || h < 1 || h > GZ_MEDIA_DIM_MAX) {
			p += strcspn(p, " ");
			continue;
		}
		p = end;
		v[*n].width = w;
		v[*n].height = h;
		v[*n].bytes = 0;
		++*n;
	}
	/* Narrowest first whatever order the text had: srcset and the choice
	 * of src read them so. */
	for (i = 1; i < *n; i++) {
		for (j = i; j > 0 && v[j - 1].width > v[j].width; j--) {
			tmp = v[j];
			v[j] = v[j - 1];
			v[j - 1] = tmp;
		}
	}
	*out = *n > 0 ? v : NULL;
	return GZ_OK;
}

enum gz_err
gz_media_store(struct gz_db *db, const char *dir, const struct gz_media_upload *up,
               size_t max_bytes, int64_t *id, int *reused, const char **why)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	char hex[crypto_hash_sha256_BYTES * 2 + 1], path[4096], name[GZ_MEDIA_NAME_MAX + 1];
	const char *alt = up->alt != NULL ? up->alt : "";
	struct gz_media_variant made[GZ_MEDIA_VARIANTS_MAX];
	struct gz_image_info info;
	struct stat st;
	sqlite3_stmt *q;
	enum gz_err rc;
	size_t nmade = 0;
	int src, had_alt, wrote = 0;

	*id = 0;
	*reused = 0;
	*why = NULL;
	if (up->len > max_bytes) {
		*why = GZ_N_("The file is larger than the site allows.");
		return GZ_ETOOBIG;
	}
	if ((rc = gz_media_check(up->data, up->len, up->filename, up->content_type, &info, why)) !=
	    GZ_OK) {
		return rc;
	}
	if (!alt_ok(alt)) {
		*why = GZ_N_("The alt text must be plain text of at most 500 bytes.");
		return GZ_EINVAL;
	}
	/* Refused before anything decodes it: a small file may claim a size
	 * whose pixels would take gigabytes (a decompression bomb). */
	if ((uint64_t)info.width * info.height > GZ_IMAGE_PIXELS_MAX) {
		*why = GZ_N_("The image has more than 64 million pixels; make it smaller first.");
		return GZ_EINVAL;
	}
	crypto_hash_sha256(digest, up->data, up->len);
	sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
	if ((size_t)snprintf(path, sizeof(path), "%s/%s.%s", dir, hex, info.ext) >= sizeof(path)) {
		*why = GZ_N_("The media folder's path is too long.");
		return GZ_EIO;
	}
	/* The files go first: a row never names a file that is not there. */
	if (stat(path, &st) != 0 || (size_t)st.st_size != up->len) {
		if (ensure_dir(dir) != GZ_OK || write_file(dir, path, up->data, up->len) != GZ_OK) {
			*why = GZ_N_("The file could not be saved on the server.");
			return GZ_EIO;
		}
		wrote = 1;
	}
	if (!has_copies(db, dir, hex, info.ext) &&
	    (rc = make_variants(dir, hex, info.ext, up->data, up->len, info.width, made, &nmade,
	                        why)) != GZ_OK) {
		/* An image libvips cannot read is refused whole. */
		if (wrote) {
			(void)unlink(path);
		}
		return rc;
	}
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	if ((q = gz_db_stmt(db, "SELECT id, alt FROM media WHERE hash = ?1")) == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_text(q, 1, hex);
	src = sqlite3_step(q);
	if (src == SQLITE_ROW) {
		*id = sqlite3_column_int64(q, 0);
		*reused = 1;
		had_alt = sqlite3_column_bytes(q, 1) > 0;
		gz_db_reset(q);
		if (!had_alt && alt[0] != '\0') {
			if ((q = gz_db_stmt(db, "UPDATE media SET alt = ?2 WHERE id = ?1")) ==
			    NULL) {
				rc = GZ_EDB;
				goto fail;
			}
			gz_db_bind_int64(q, 1, *id);
			gz_db_bind_text(q, 2, alt);
			if ((rc = gz_db_step_done(db, q)) != GZ_OK) {
				goto fail;
			}
		}
	} else if (src == SQLITE_DONE) {
		gz_db_reset(q);
		q = gz_db_stmt(db,
		               "INSERT INTO media (hash, ext, mime, width, height, bytes, alt, "
		               "original_name, uploaded_by, created_at) VALUES (?1, ?2, ?3, ?4, "
		               "?5, ?6, ?7, ?8, nullif(?9, 0), ?10)");
		if (q == NULL) {
			rc = GZ_EDB;
			goto fail;
		}
		gz_db_bind_text(q, 1, hex);
		gz_db_bind_text(q, 2, info.ext);
		gz_db_bind_text(q, 3, info.mime);
		gz_db_bind_int64(q, 4, info.width);
		gz_db_bind_int64(q, 5, info.height);
		gz_db_bind_int64(q, 6, (int64_t)up->len);
		gz_db_bind_text(q, 7, alt);
		gz_db_bind_text(q, 8, clean_name(up->filename, name, sizeof(name)));
		gz_db_bind_int64(q, 9, up->user_id);
		gz_db_bind_int64(q, 10, (int64_t)up->now);
		if ((rc = gz_db_step_done(db, q)) != GZ_OK) {
			goto fail;
		}
		*id = sqlite3_last_insert_rowid(gz_db_handle(db));
	} else {
		gz_db_reset(q);
		rc = gz_db_error(db, src, "media store");
		goto fail;
	}
	if ((rc = record_variants(db, *id, made, nmade)) != GZ_OK ||
	    (rc = gz_db_bump(db)) != GZ_OK) {
		goto fail;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}

#define MEDIA_SELECT                                                                               \
	"SELECT id, hash, ext, mime, width, height, bytes, alt, original_name, "                   \
	"coalesce(uploaded_by, 0), created_at, " GZ_SQL_MEDIA_VARIANTS("media.id") " FROM media "

/* Fill the struct gz_media at item from a MEDIA_SELECT row. */
static enum gz_err
fill_media(struct gz_arena *arena, sqlite3_stmt *st, void *item)
{
	struct gz_media *m = item;

	m->id = sqlite3_column_int64(st, 0);
	m->hash = gz_db_col_text(arena, st, 1);
	m->ext = gz_db_col_text(arena, st, 2);
	m->mime = gz_db_col_text(arena, st, 3);
	m->width = sqlite3_column_int64(st, 4);
	m->height = sqlite3_column_int64(st, 5);
	m->bytes = sqlite3_column_int64(st, 6);
	m->alt = gz_db_col_text(arena, st, 7);
	m->original_name = gz_db_col_text(arena, st, 8);
	m->uploaded_by = sqlite3_column_int64(st, 9);
	m->created_at = sqlite3_column_int64(st, 10);
	m->variants = gz_db_col_text(arena, st, 11);
	if (m->hash == NULL || m->ext == NULL || m->mime == NULL || m->alt == NULL ||
	    m->original_name == NULL || m->variants == NULL ||
	    (m->url = gz_arena_printf(arena, "/media/%s.%s", m->hash, m->ext)) == NULL) {
		return GZ_ENOMEM;
	}
	return GZ_OK;
}

enum gz_err
gz_media_list(struct gz_db *db, struct gz_arena *arena, struct gz_media **out, size_t *n)
{
	sqlite3_stmt *st;

	*out = NULL;
	*n = 0;
	if ((st = gz_db_stmt(db, MEDIA_SELECT "ORDER BY id DESC LIMIT ?1")) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, GZ_MEDIA_LIST_MAX);
	return gz_db_rows(db, arena, st, sizeof(**out), 32, 0, fill_media, out, n, "media list");
}

enum gz_err
gz_media_get(struct gz_db *db, struct gz_arena *arena, int64_t id, struct gz_media *out)
{
	sqlite3_stmt *st;
	enum gz_err rc;
	int src;

	memset(out, 0, sizeof(*out));
	if ((st = gz_db_stmt(db, MEDIA_SELECT "WHERE id = ?1")) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		rc = fill_media(arena, st, out);
	} else if (src == SQLITE_DONE) {
		rc = GZ_ENOTFOUND;
	} else {
		rc = gz_db_error(db, src, "media get");
	}
	gz_db_reset(st);
	return rc;
}

enum gz_err
gz_media_set_alt(struct gz_db *db, int64_t id, const char *alt)
{
	sqlite3_stmt *st;
	enum gz_err rc;

	if (!alt_ok(alt)) {
		return GZ_EINVAL;
	}
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		return rc;
	}
	if ((st = gz_db_stmt(db, "UPDATE media SET alt = ?2 WHERE id = ?1")) == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_int64(st, 1, id);
	gz_db_bind_text(st, 2, alt);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		goto fail;
	}
	if (sqlite3_changes(gz_db_handle(db)) == 0) {
		rc = GZ_ENOTFOUND;
		goto fail;
	}
	if ((rc = gz_db_bump(db)) != GZ_OK) {
		goto fail;
	}
	return gz_db_commit(db);
fail:
	gz_db_rollback(db);
	return rc;
}

/* One article that uses a file: id, title, status. */
static enum gz_err
fill_use(struct gz_arena *arena, sqlite3_stmt *st, void *item)
{
	struct gz_media_use *u = item;

	u->id = sqlite3_column_int64(st, 0);
	u->title = gz_db_col_text(arena, st, 1);
	u->status = gz_db_col_text(arena, st, 2);
	return u->title == NULL || u->status == NULL ? GZ_ENOMEM : GZ_OK;
}

enum gz_err
gz_media_users(struct gz_db *db, struct gz_arena *arena, int64_t id, struct gz_media_use **out,
               size_t *n)
{
	sqlite3_stmt *st;

	*out = NULL;
	*n = 0;
	/* instr on the body finds Markdown images and links to the file. */
	st = gz_db_stmt(db, "SELECT a.id, a.title, a.status FROM articles a, media m "
	                    "WHERE m.id = ?1 AND (a.image_id = m.id OR "
	                    "instr(a.body, m.hash || '.' || m.ext) > 0) ORDER BY a.id");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, id);
	return gz_db_rows(db, arena, st, sizeof(**out), 8, 0, fill_use, out, n, "media users");
}

enum gz_err
gz_media_delete(struct gz_db *db, const char *dir, int64_t id)
{
	struct gz_arena scratch;
	struct gz_media m;
	struct gz_media_use *uses;
	struct gz_media_variant *v = NULL;
	sqlite3_stmt *st;
	char path[4096];
	enum gz_err rc;
	size_t nuses, nv = 0, i;

	gz_arena_init(&scratch, 4096, 1024 * 1024);
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		gz_arena_free(&scratch);
		return rc;
	}
	if ((rc = gz_media_get(db, &scratch, id, &m)) != GZ_OK ||
	    (rc = gz_media_users(db, &scratch, id, &uses, &nuses)) != GZ_OK) {
		goto fail;
	}
	if (nuses > 0) {
		rc = GZ_EPERM;
		goto fail;
	}
	if ((st = gz_db_stmt(db, "DELETE FROM media WHERE id = ?1")) == NULL) {
		rc = GZ_EDB;
		goto fail;
	}
	gz_db_bind_int64(st, 1, id);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK || (rc = gz_db_bump(db)) != GZ_OK) {
		goto fail;
	}
	if ((rc = gz_db_commit(db)) != GZ_OK) {
		gz_arena_free(&scratch);
		return rc;
	}
	/* After the commit: a failed unlink leaves an unused file, never a
	 * row without its file. */
	if ((size_t)snprintf(path, sizeof(path), "%s/%s.%s", dir, m.hash, m.ext) < sizeof(path)) {
		(void)unlink(path);
	}
	if (gz_media_variants_parse(&scratch, m.variants, &v, &nv) == GZ_OK) {
		for (i = 0; i < nv; i++) {
			if (variant_path(path, sizeof(path), dir, m.hash, m.ext, v[i].width)) {
				(void)unlink(path);
			}
		}
	}
	gz_arena_free(&scratch);
	return GZ_OK;
fail:
	gz_db_rollback(db);
	gz_arena_free(&scratch);
	return rc;
}

/* 1 when url is "/media/<64 lower-case hex digits>.<1 to 4 letters>", the
 * only addresses the library gives out; hash and ext get the two parts. */
static int
library_url(const char *url, char *hash, char *ext)
{
	const char *p = url + 7;
	size_t i, n;

	if (strncmp(url, "/media/", 7) != 0) {
		return 0;
	}
	for (i = 0; i < 64; i++) {
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f'))) {
			return 0;
		}
	}
	if (p[64] != '.') {
		return 0;
	}
	n = strlen(p + 65);
	if (n < 1 || n > 4 || strspn(p + 65, "abcdefghijklmnopqrstuvwxyz") != n) {
		return 0;
	}
	memcpy(hash, p, 64);
	hash[64] = '\0';
	memcpy(ext, p + 65, n + 1);
	return 1;
}

enum gz_err
gz_media_image_by_url(struct gz_db *db, struct gz_arena *arena, const char *url,
                      struct gz_media_image *out)
{
	char hash[65], ext[5];
	struct gz_media m;
	sqlite3_stmt *st;
	enum gz_err rc;
	int src;

	memset(out, 0, sizeof(*out));
	if (url == NULL || !library_url(url, hash, ext)) {
		return GZ_ENOTFOUND;
	}
	if ((st = gz_db_stmt(db, MEDIA_SELECT "WHERE hash = ?1 AND ext = ?2")) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, hash);
	gz_db_bind_text(st, 2, ext);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		rc = fill_media(arena, st, &m);
	} else if (src == SQLITE_DONE) {
		rc = GZ_ENOTFOUND;
	} else {
		rc = gz_db_error(db, src, "media image");
	}
	gz_db_reset(st);
	if (rc != GZ_OK) {
		return rc;
	}
	out->id = m.id;
	out->url = m.url;
	out->alt = m.alt;
	out->width = m.width;
	out->height = m.height;
	return gz_media_variants_parse(arena, m.variants, &out->variants, &out->nvariants);
}

/* The largest original gz_media_rebuild reads: uploads are at most 16 MiB
 * (the body limit), a WordPress import's files at most what it allows. */
#define REBUILD_READ_MAX (256u * 1024 * 1024)

/* Read the whole file at path (at most max bytes) into a malloc'd buffer
 * (*data, *n; the caller frees).  GZ_EIO when it cannot, GZ_ETOOBIG. */
static enum gz_err
slurp(const char *path, size_t max, unsigned char **data, size_t *n)
{
	struct stat st;
	unsigned char *buf;
	size_t got = 0;
	ssize_t r;
	int fd;

	*data = NULL;
	*n = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		return GZ_EIO;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return GZ_EIO;
	}
	if ((uint64_t)st.st_size > max) {
		close(fd);
		return GZ_ETOOBIG;
	}
	if ((buf = malloc((size_t)st.st_size + 1)) == NULL) {
		close(fd);
		return GZ_ENOMEM;
	}
	while (got < (size_t)st.st_size) {
		r = read(fd, buf + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR) {
			continue;
		}
		if (r <= 0) {
			break;
		}
		got += (size_t)r;
	}
	close(fd);
	if (got != (size_t)st.st_size) {
		free(buf);
		return GZ_EIO;
	}
	*data = buf;
	*n = got;
	return GZ_OK;
}

/* 1 when every copy in v (n of them) of <hash>.<ext> has its file in dir
 * (that the sizes match is for `gazette check --media` to say). */
static int
variants_present(const char *dir, const char *hash, const char *ext,
                 const struct gz_media_variant *v, size_t n)
{
	struct stat st;
	char path[4096];
	size_t i;

	for (i = 0; i < n; i++) {
		if (!variant_path(path, sizeof(path), dir, hash, ext, v[i].width) ||
		    stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
			return 0;
		}
	}
	return 1;
}

enum gz_err
gz_media_rebuild(struct gz_db *db, const char *dir, int64_t id, int *made, const char **why)
{
	struct gz_media_variant fresh[GZ_MEDIA_VARIANTS_MAX], *have = NULL;
	int64_t t[GZ_MEDIA_VARIANTS_MAX];
	struct gz_arena scratch;
	struct gz_media m;
	unsigned char *data = NULL;
	char path[4096];
	size_t n = 0, nhave = 0, nfresh = 0, want;
	enum gz_err rc;

	*made = 0;
	*why = NULL;
	gz_arena_init(&scratch, 4096, 1024 * 1024);
	if ((rc = gz_media_get(db, &scratch, id, &m)) != GZ_OK ||
	    (rc = gz_media_variants_parse(&scratch, m.variants, &have, &nhave)) != GZ_OK) {
		goto done;
	}
	want = variant_targets(m.width, t);
	/* Complete already (an image turned upright may have fewer copies
	 * than its header's width suggests, never none when it should have). */
	if (strcmp(m.ext, "gif") == 0 || want == 0 ||
	    (nhave > 0 && variants_present(dir, m.hash, m.ext, have, nhave))) {
		goto done;
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/%s.%s", dir, m.hash, m.ext) >= sizeof(path) ||
	    (rc = slurp(path, REBUILD_READ_MAX, &data, &n)) != GZ_OK) {
		*why = GZ_N_("The original file could not be read.");
		rc = GZ_EIO;
		goto done;
	}
	if ((uint64_t)m.width * (uint64_t)m.height > GZ_IMAGE_PIXELS_MAX) {
		*why = GZ_N_("The image has more than 64 million pixels; make it smaller first.");
		rc = GZ_EINVAL;
		goto done;
	}
	if ((rc = make_variants(dir, m.hash, m.ext, data, n, m.width, fresh, &nfresh, why)) !=
	    GZ_OK) {
		goto done;
	}
	if ((rc = gz_db_begin(db)) != GZ_OK) {
		unlink_variants(dir, m.hash, m.ext, fresh, nfresh);
		goto done;
	}
	if ((rc = record_variants(db, id, fresh, nfresh)) != GZ_OK ||
	    (rc = gz_db_bump(db)) != GZ_OK || (rc = gz_db_commit(db)) != GZ_OK) {
		gz_db_rollback(db);
		goto done;
	}
	*made = (int)nfresh;
done:
	free(data);
	gz_arena_free(&scratch);
	return rc;
}

/* One media id. */
static enum gz_err
fill_id(struct gz_arena *arena, sqlite3_stmt *st, void *item)
{
	*(int64_t *)item = sqlite3_column_int64(st, 0);
	return GZ_OK;
}

enum gz_err
gz_media_ids(struct gz_db *db, struct gz_arena *arena, int64_t **out, size_t *n)
{
	sqlite3_stmt *st;

	*out = NULL;
	*n = 0;
	if ((st = gz_db_stmt(db, "SELECT id FROM media ORDER BY id")) == NULL) {
		return GZ_EDB;
	}
	return gz_db_rows(db, arena, st, sizeof(**out), 64, 0, fill_id, out, n, "media ids");
}
