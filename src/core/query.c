/*
 * Urlencoded pairs into a gz_kvlist.  Two passes: the first counts the
 * segments so the limit is enforced before any allocation and the items
 * array is allocated once; the second decodes.  It knows the form syntax
 * only; the meaning of fields belongs to the handlers' form tables.
 */
#include <assert.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/kv.h"
#include "gazette/query.h"
#include "gazette/url.h"

/*
 * The segment starting at offset off: its length up to the next '&' or the
 * end.  The following segment starts at off + length + 1.
 */
static size_t
seglen(const char *s, size_t n, size_t off)
{
	const char *amp = memchr(s + off, '&', n - off);

	return amp ? (size_t)(amp - (s + off)) : n - off;
}

enum gz_err
gz_query_parse(struct gz_arena *arena, const char *s, size_t n, size_t max_pairs,
               struct gz_kvlist *out)
{
	struct gz_kv *items = NULL;
	size_t npairs = 0, i, off, len, klen, vlen;
	const char *seg, *eq;
	char *key, *val;
	enum gz_err rc;

	assert(out != NULL);
	out->items = NULL;
	out->nitems = 0;
	if (n > GZ_QUERY_MAX_INPUT) {
		rc = GZ_ETOOBIG;
		goto fail;
	}
	for (off = 0; off < n; off += len + 1) {
		len = seglen(s, n, off);
		if (len > 0 && ++npairs > max_pairs) {
			rc = GZ_ETOOBIG;
			goto fail;
		}
	}
	if (npairs == 0) {
		return GZ_OK;
	}
	if ((items = gz_arena_calloc(arena, npairs, sizeof(*items))) == NULL) {
		rc = GZ_ENOMEM;
		goto fail;
	}
	i = 0;
	for (off = 0; off < n; off += len + 1) {
		if ((len = seglen(s, n, off)) == 0) {
			continue;
		}
		seg = s + off;
		eq = memchr(seg, '=', len);
		klen = eq ? (size_t)(eq - seg) : len;
		if ((rc = gz_url_decode(arena, seg, klen, 1, &key, &klen)) != GZ_OK) {
			goto fail;
		}
		if (eq != NULL) {
			rc = gz_url_decode(arena, eq + 1, len - (size_t)(eq - seg) - 1, 1, &val,
			                   &vlen);
			if (rc != GZ_OK) {
				goto fail;
			}
		} else {
			val = key + klen; /* the key's NUL: an empty string */
			vlen = 0;
		}
		assert(i < npairs);
		items[i].key = key;
		items[i].val = val;
		items[i].vlen = vlen;
		i++;
	}
	out->items = items;
	out->nitems = i;
	return GZ_OK;
fail:
	/* Partial decodes stay in the arena until it is reset. */
	return rc;
}
