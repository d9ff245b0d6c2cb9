/*
 * Files compiled into the binary by tools/embed.c: the default templates and
 * the SQL migrations.  Each table ends with an entry whose name is NULL.
 */
#ifndef GAZETTE_EMBED_H
#define GAZETTE_EMBED_H

#include <stddef.h>

struct gz_embedded {
	const char *name;          /* path relative to its folder, "article.html" */
	const unsigned char *data; /* the bytes, followed by a NUL */
	size_t len;                /* bytes, not counting the NUL */
};

extern const struct gz_embedded gz_embedded_templates[]; /* templates/ */
extern const struct gz_embedded gz_embedded_sql[];       /* sql/ migrations */
extern const struct gz_embedded gz_embedded_demo[];      /* sql/demo/ demo content */

#endif
