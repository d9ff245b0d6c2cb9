/*
 * Uploaded images: recognising them by their content (magic bytes, then
 * the format's own header for the dimensions, and a check that the file is
 * complete), storing them content-addressed as <sha256 hex>.<ext> in the
 * media folder (written to a temporary file, synced and renamed, so a
 * reader never sees half a file), and the media table behind the library.
 *
 * Only PNG, JPEG, GIF and WebP are accepted, and only when the file name's
 * extension and the declared content type (when they say anything) agree
 * with the content.  The module knows nothing of HTTP or forms; the media
 * folder is served at /media/ by the standalone server and by nginx.
 */
#ifndef GAZETTE_MEDIA_H
#define GAZETTE_MEDIA_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_db;

#define GZ_MEDIA_DIM_MAX 30000                 /* pixels per side */
#define GZ_MEDIA_ALT_MAX 500                   /* bytes of alt text */
#define GZ_MEDIA_NAME_MAX 255                  /* bytes of the original file name kept */
#define GZ_MEDIA_DEFAULT_MAX (8 * 1024 * 1024) /* setting media_max_bytes when unset */
#define GZ_MEDIA_VARIANTS_MAX 8                /* resized copies of one image, at most */

/* What the content of a file turned out to be. */
struct gz_image_info {
	const char *ext;  /* "png", "jpg", "gif", "webp" (static) */
	const char *mime; /* "image/png", ... (static) */
	uint32_t width;   /* pixels, 1..GZ_MEDIA_DIM_MAX */
	uint32_t height;  /* pixels, 1..GZ_MEDIA_DIM_MAX */
};

/*
 * Recognise the n bytes at data as a complete PNG (signature, IHDR first,
 * chunks up to IEND), JPEG (SOI, segments up to a SOF for the size, then
 * SOS and an EOI), GIF (GIF87a/GIF89a, logical screen, trailer) or WebP
 * (RIFF/WEBP with a VP8, VP8L or VP8X chunk for the size, RIFF length
 * within the file) and fill *info.  GZ_EINVAL with *why set (a static
 * English sentence) for an empty, unknown, truncated or malformed file or
 * sizes out of range.
 */
enum gz_err gz_media_sniff(const void *data, size_t n, struct gz_image_info *info,
                           const char **why);

/*
 * gz_media_sniff, then: the file name's extension, when it has one, must
 * name the same format (png; jpg, jpeg or jpe; gif; webp), and the
 * declared content type, unless empty or application/octet-stream, must
 * be that format's (image/jpeg also as image/jpg or image/pjpeg).
 * filename and content_type may be NULL.  GZ_EINVAL with *why.
 */
enum gz_err gz_media_check(const void *data, size_t n, const char *filename,
                           const char *content_type, struct gz_image_info *info, const char **why);

/* One row of the media table. */
struct gz_media {
	int64_t id;                /* media.id */
	const char *hash;          /* SHA-256 of the bytes, 64 hex digits */
	const char *ext;           /* "png", "jpg", "gif", "webp" */
	const char *mime;          /* its content type */
	int64_t width;             /* pixels */
	int64_t height;            /* pixels */
	int64_t bytes;             /* file size */
	const char *alt;           /* alt text, may be "" */
	const char *original_name; /* the uploaded file's name, may be "" */
	int64_t uploaded_by;       /* users.id, 0 when gone */
	int64_t created_at;        /* Unix seconds */
	const char *url;           /* "/media/<hash>.<ext>" */
	const char *variants;      /* its copies, "<w>x<h> ..." narrowest first, may be "" */
};

/* One upload to store. */
struct gz_media_upload {
	const void *data;         /* the bytes */
	size_t len;               /* how many */
	const char *filename;     /* as sent, may be NULL */
	const char *content_type; /* as declared, may be NULL */
	const char *alt;          /* alt text, may be NULL */
	int64_t user_id;          /* uploader, 0 for none */
	time_t now;               /* clock */
};

/*
 * Check and store an upload into the folder dir (created 0750 when
 * missing) as <hash>.<ext>, and its row.  Content already stored reuses
 * its row (*reused = 1; the alt text is set when the row had none).
 * A PNG, JPEG or WebP also gets its resized copies (image.h), one at each
 * of gz_image_widths narrower than the original, as
 * <hash>-<width>w.<ext> beside it, and their media_variants rows, in the
 * same transaction as the media row (a reused row gets the ones it lacks).
 * A GIF keeps its original only (it may be animated).  An image of more
 * than GZ_IMAGE_PIXELS_MAX pixels is refused before it is decoded, and
 * one libvips cannot decode is refused; either way no file is left.
 * GZ_ETOOBIG when len exceeds max_bytes, GZ_EINVAL for refused content
 * (both with *why), GZ_EIO when a file cannot be written (*why too).
 * *id is the media id on GZ_OK.
 */
enum gz_err gz_media_store(struct gz_db *db, const char *dir, const struct gz_media_upload *up,
                           size_t max_bytes, int64_t *id, int *reused, const char **why);

/* One resized copy of an image (a media_variants row). */
struct gz_media_variant {
	int64_t width;  /* pixels */
	int64_t height; /* pixels */
	int64_t bytes;  /* file size */
};

/*
 * The address of the copy width pixels wide of the image at url
 * ("/media/<hash>.<ext>"): "/media/<hash>-<width>w.<ext>", in arena.
 * NULL when url has no '.' after its last '/' or the arena is full.
 */
char *gz_media_variant_url(struct gz_arena *arena, const char *url, int64_t width);

/*
 * Parse a space-separated list of "<width>x<height>" (as the listings'
 * queries write a media item's copies) into *out (array of *n in arena,
 * smallest first as written, at most GZ_MEDIA_VARIANTS_MAX; bad items are
 * skipped).  GZ_ENOMEM.
 */
enum gz_err gz_media_variants_parse(struct gz_arena *arena, const char *list,
                                    struct gz_media_variant **out, size_t *n);

/* An image as a page shows it: the original's size and its copies. */
struct gz_media_image {
	int64_t id;                        /* media.id */
	const char *url;                   /* "/media/<hash>.<ext>" */
	const char *alt;                   /* its library alt text, may be "" */
	int64_t width;                     /* the original's pixels */
	int64_t height;                    /* the original's pixels */
	struct gz_media_variant *variants; /* narrowest first, NULL when none */
	size_t nvariants;                  /* how many */
};

/*
 * The library image whose address is url ("/media/<64 hex>.<ext>",
 * nothing before or after it) into *out, strings and array in arena.
 * GZ_ENOTFOUND for any other address or no such row; GZ_EDB, GZ_ENOMEM.
 * One indexed lookup by hash and one by media id: cheap enough for each
 * image of a page.
 */
enum gz_err gz_media_image_by_url(struct gz_db *db, struct gz_arena *arena, const char *url,
                                  struct gz_media_image *out);

/*
 * Make the resized copies media id lacks (as gz_media_store does at
 * upload), from its original in dir, and record them; rows whose file is
 * gone are made again.  *made counts the copies written (0 when it had
 * them all or is a GIF).  GZ_ENOTFOUND (no row), GZ_EIO (the original
 * cannot be read, or a copy written; *why), GZ_EINVAL (libvips refused
 * it; *why).  What `gazette media rebuild` runs on every row.
 */
enum gz_err gz_media_rebuild(struct gz_db *db, const char *dir, int64_t id, int *made,
                             const char **why);

/* Every media id, oldest first, into *out (array of *n in arena). */
enum gz_err gz_media_ids(struct gz_db *db, struct gz_arena *arena, int64_t **out, size_t *n);

#define GZ_MEDIA_LIST_MAX 500 /* newest items the library shows */

/* The newest media, at most GZ_MEDIA_LIST_MAX, into *out (array of *n in arena). */
enum gz_err gz_media_list(struct gz_db *db, struct gz_arena *arena, struct gz_media **out,
                          size_t *n);

/* Media id, strings in arena; GZ_ENOTFOUND. */
enum gz_err gz_media_get(struct gz_db *db, struct gz_arena *arena, int64_t id,
                         struct gz_media *out);

/* Set the alt text of media id (at most GZ_MEDIA_ALT_MAX bytes, UTF-8, no
 * controls: GZ_EINVAL).  GZ_ENOTFOUND.  Bumps the generation. */
enum gz_err gz_media_set_alt(struct gz_db *db, int64_t id, const char *alt);

/* An article that uses a media item. */
struct gz_media_use {
	int64_t id;         /* articles.id */
	const char *title;  /* plain text */
	const char *status; /* its status */
};

/*
 * The articles (trashed ones too) using media id as their featured image
 * or naming its file in their body, into *out (array of *n in arena).
 */
enum gz_err gz_media_users(struct gz_db *db, struct gz_arena *arena, int64_t id,
                           struct gz_media_use **out, size_t *n);

/*
 * Delete media id and then its file and its copies' files in dir.  GZ_EPERM while an article
 * uses it (gz_media_users), GZ_ENOTFOUND.  Bumps the generation.
 */
enum gz_err gz_media_delete(struct gz_db *db, const char *dir, int64_t id);

#endif
