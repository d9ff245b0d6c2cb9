/*
 * Fuzz gz_redirect_key.  The input is split at its first '?' into the path
 * and the query (a NUL in the input ends the text, as it would in a C
 * string), and keyed without and with the query.  Checks, beyond "no
 * crash": a path key starts with "/", is valid UTF-8 no longer than
 * GZ_REDIRECT_PATH_MAX, holds no "//" and no trailing "/" unless it is
 * "/" (a decoded "%3F" may put a '?' in it); the key with the query is the
 * path key itself, or, for "/" only, "/?<name>=" with one of WordPress's
 * parameters; a failure leaves *out NULL; and a path key with nothing left
 * to decode ("%", "+") keys to itself.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/redirect.h"
#include "gazette/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort unless key (from a GZ_OK call) has the shape of a key. */
static void
check_shape(const char *key)
{
	size_t len = strlen(key);

	if (len == 0 || key[0] != '/' || len > GZ_REDIRECT_PATH_MAX || !gz_utf8_valid(key, len)) {
		abort();
	}
}

/* Abort unless keyq, the key with a query, extends the path key keyp as
 * only "/" may. */
static void
check_query(const char *keyp, const char *keyq)
{
	static const char *const names[] = {
	    "/?p=", "/?page_id=", "/?attachment_id=", "/?cat=", "/?tag=", "/?author="};
	size_t i;

	check_shape(keyq);
	if (strcmp(keyp, keyq) == 0) {
		return;
	}
	if (strcmp(keyp, "/") != 0) {
		abort();
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strncmp(keyq, names[i], strlen(names[i])) == 0 &&
		    keyq[strlen(names[i])] != '\0') {
			return;
		}
	}
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gz_arena a;
	char *text, *q, *keyp, *keyq, *again;
	enum gz_err rc;
	size_t len;

	gz_arena_init(&a, 4096, 4 * 1024 * 1024);
	if ((text = gz_arena_strndup(&a, (const char *)data, size)) == NULL) {
		abort();
	}
	q = strchr(text, '?');
	if (q != NULL) {
		*q++ = '\0';
	}
	rc = gz_redirect_key(&a, text, NULL, &keyp);
	if (rc != GZ_OK) {
		if (keyp != NULL || (rc != GZ_EINVAL && rc != GZ_ENOMEM)) {
			abort();
		}
		gz_arena_free(&a);
		return 0;
	}
	check_shape(keyp);
	len = strlen(keyp);
	if (memmem(keyp, len, "//", 2) != NULL || (len > 1 && keyp[len - 1] == '/')) {
		abort();
	}
	if (strpbrk(keyp, "%+") == NULL) {
		if (gz_redirect_key(&a, keyp, NULL, &again) != GZ_OK || strcmp(again, keyp) != 0) {
			abort();
		}
	}
	rc = gz_redirect_key(&a, text, q, &keyq);
	if (rc == GZ_OK) {
		check_query(keyp, keyq);
	} else if (keyq != NULL || rc != GZ_EINVAL) {
		/* The path alone made a key: only a long query can fail it. */
		abort();
	}
	gz_arena_free(&a);
	return 0;
}
