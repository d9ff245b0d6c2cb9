/*
 * Fuzz gz_redirect_key.  The input is split at its first '?' into the path
 * and the query (a NUL in the input ends the text, as it would in a C
 * string), and keyed with and without the query.  Checks, beyond "no
 * crash": a key starts with "/", is valid UTF-8 no longer than
 * GZ_REDIRECT_PATH_MAX, holds no "//" in its path part and no trailing "/"
 * unless it is "/"; a failure leaves *out NULL; and a key with nothing
 * left to decode ("%", "+", "?") keys to itself.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/redirect.h"
#include "gazette/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort unless key (from a GZ_OK call) has the shape every key has. */
static void
check_key(const char *key)
{
	size_t len = strlen(key), plen = strcspn(key, "?");

	if (len == 0 || key[0] != '/' || len > GZ_REDIRECT_PATH_MAX || !gz_utf8_valid(key, len)) {
		abort();
	}
	/* The path part; a query part exists only on "/". */
	if (plen < len && plen != 1) {
		abort();
	}
	if (memmem(key, plen, "//", 2) != NULL || (plen > 1 && key[plen - 1] == '/')) {
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gz_arena a;
	char *text, *q, *key, *again;
	enum gz_err rc;

	gz_arena_init(&a, 4096, 4 * 1024 * 1024);
	if ((text = gz_arena_strndup(&a, (const char *)data, size)) == NULL) {
		abort();
	}
	q = strchr(text, '?');
	if (q != NULL) {
		*q++ = '\0';
	}
	rc = gz_redirect_key(&a, text, q, &key);
	if (rc == GZ_OK) {
		check_key(key);
	} else if (key != NULL || (rc != GZ_EINVAL && rc != GZ_ENOMEM)) {
		abort();
	}
	rc = gz_redirect_key(&a, text, NULL, &key);
	if (rc == GZ_OK) {
		check_key(key);
		if (strpbrk(key, "%+?") == NULL) {
			if (gz_redirect_key(&a, key, NULL, &again) != GZ_OK ||
			    strcmp(again, key) != 0) {
				abort();
			}
		}
	} else if (key != NULL) {
		abort();
	}
	gz_arena_free(&a);
	return 0;
}
