/*
 * Fuzz gz_multipart_boundary and gz_multipart_parse.  The input's first
 * line (up to '\n', at most 200 bytes) is a Content-Type value when
 * gz_multipart_boundary accepts it, otherwise the boundary itself; the
 * rest is the body.  Checks: parts lie inside the body, names and file
 * names are valid UTF-8, file names hold no '/' or '\', the count limit
 * holds, and errors leave the outputs empty.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/multipart.h"
#include "gazette/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_PARTS 32

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char line[201], boundary[GZ_MULTIPART_BOUNDARY_MAX + 1];
	const char *body, *nl;
	char *copy;
	struct gz_arena a;
	struct gz_part *parts;
	size_t n, i, nparts, llen;

	nl = memchr(data, '\n', size < 200 ? size : 200);
	if (nl == NULL) {
		return 0;
	}
	llen = (size_t)(nl - (const char *)data);
	memcpy(line, data, llen);
	line[llen] = '\0';
	body = nl + 1;
	n = size - llen - 1;
	/* The body gets its own allocation so ASan sees any over-read. */
	if ((copy = malloc(n ? n : 1)) == NULL) {
		return 0;
	}
	memcpy(copy, body, n);
	if (gz_multipart_boundary(line, boundary, sizeof(boundary)) != GZ_OK) {
		if (boundary[0] != '\0') {
			abort();
		}
		memcpy(boundary, line, llen < GZ_MULTIPART_BOUNDARY_MAX ? llen + 1 : 1);
		boundary[GZ_MULTIPART_BOUNDARY_MAX] = '\0';
	}
	gz_arena_init(&a, 4096, 4 * 1024 * 1024);
	if (gz_multipart_parse(&a, copy, n, boundary, MAX_PARTS, &parts, &nparts) == GZ_OK) {
		if (nparts > MAX_PARTS || (nparts > 0 && parts == NULL)) {
			abort();
		}
		for (i = 0; i < nparts; i++) {
			const struct gz_part *p = &parts[i];

			if (p->data < copy || p->len > n || p->data + p->len > copy + n ||
			    !gz_utf8_valid(p->name, strlen(p->name)) || p->content_type == NULL) {
				abort();
			}
			if (p->filename != NULL &&
			    (!gz_utf8_valid(p->filename, strlen(p->filename)) ||
			     strpbrk(p->filename, "/\\") != NULL ||
			     strcmp(p->filename, "..") == 0)) {
				abort();
			}
		}
	} else if (parts != NULL || nparts != 0) {
		abort();
	}
	gz_arena_free(&a);
	free(copy);
	return 0;
}
