/*
 * The picture shared with an article's link (og:image, twitter:image,
 * JSON-LD image): the social image the editor picked (articles.
 * social_image_id, migration 013), else the lead image.  The editor's
 * side (choosing one) is in article_edit.h's input; this is the reader's.
 */
#ifndef GAZETTE_SOCIAL_IMAGE_H
#define GAZETTE_SOCIAL_IMAGE_H

#include <stdint.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_db;

/* A shared picture. */
struct gz_social_image {
	const char *url; /* site-relative "/media/<hash>.<ext>", "" when the article has none */
	const char *alt; /* its alt text, may be "" */
	int64_t width;   /* pixels, 0 when unknown */
	int64_t height;  /* pixels, 0 when unknown */
	int picked;      /* 1: the editor's social image, 0: the lead image (or none) */
};

/*
 * The picture article id shares into *out (strings in arena).
 * GZ_ENOTFOUND when there is no such article.
 */
enum gz_err gz_social_image_get(struct gz_db *db, struct gz_arena *arena, int64_t id,
                                struct gz_social_image *out);

#endif
