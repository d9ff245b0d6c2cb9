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
 * GZ_ETOOBIG when len exceeds max_bytes, GZ_EINVAL for refused content
 * (both with *why), GZ_EIO when the file cannot be written (*why too).
 * *id is the media id on GZ_OK.
 */
enum gz_err gz_media_store(struct gz_db *db, const char *dir, const struct gz_media_upload *up,
                           size_t max_bytes, int64_t *id, int *reused, const char **why);

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
 * Delete media id and then its file in dir.  GZ_EPERM while an article
 * uses it (gz_media_users), GZ_ENOTFOUND.  Bumps the generation.
 */
enum gz_err gz_media_delete(struct gz_db *db, const char *dir, int64_t id);

#endif
