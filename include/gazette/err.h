/*
 * Error codes shared by every layer.  Functions that can fail return an
 * enum gz_err; GZ_OK is zero so "if (rc)" reads as "if it failed".
 */
#ifndef GAZETTE_ERR_H
#define GAZETTE_ERR_H

#include <stddef.h>

enum gz_err {
	GZ_OK = 0,
	GZ_ENOMEM,    /* allocation failed or arena cap reached */
	GZ_EINVAL,    /* malformed input */
	GZ_ETOOBIG,   /* input exceeds a size or count bound */
	GZ_ENOTFOUND, /* no such row / key / file */
	GZ_EDB,       /* SQLite error */
	GZ_EIO,       /* read/write error */
	GZ_EBUSY,     /* database busy after retries */
	GZ_ECONFLICT, /* unique constraint or version conflict */
	GZ_EPERM,     /* not allowed */
	GZ_EFULL,     /* disk (or database) full: try again later */
	GZ_ECORRUPT,  /* database file damaged or replaced under us */
	GZ_ETIMEOUT,  /* the request's deadline passed */
};

/* A static English description of rc. */
const char *gz_strerror(enum gz_err rc);

/*
 * Format a one-line reason into err (errsz bytes, always NUL-terminated,
 * truncated if long), the "char *err, size_t errsz" convention of functions
 * that explain their failures; nothing happens when err is NULL or errsz 0.
 */
void gz_errf(char *err, size_t errsz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * Markers for messages for people, translated later where they are shown
 * (a template's |t filter, gz_i18n_get or gz_i18n_pget with the same
 * context): they expand to the string itself and exist so that
 * `gz_po2c extract` finds the text and tests/integration/test_i18n.sh can
 * insist on a catalog entry.  They live here rather than in the view's
 * gazette/i18n.h so that the model and core, which may not include view
 * headers, can mark the refusals they write.
 */
#define GZ_N_(msgid) msgid
#define GZ_NP_(ctxt, msgid) msgid

#endif
