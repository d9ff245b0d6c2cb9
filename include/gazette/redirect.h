/*
 * Old addresses that answer 301 (src/model/redirect.c): one table,
 * `redirects`, filled by the WordPress importer with every address the old
 * site had (permalinks, /?p=ID, /YYYY/MM/DD/slug/, /category/a/b/...) and
 * read once for a GET that no route answers.  Addresses are compared by a
 * key, so "/2013/04/09/level-01/", its percent-encoded spelling and the
 * same path without its slash find the same row.
 */
#ifndef GAZETTE_REDIRECT_H
#define GAZETTE_REDIRECT_H

#include <stdint.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_db;

#define GZ_REDIRECT_PATH_MAX 2048 /* longest key and target stored */

/*
 * The key of an old address, in the arena: path percent-decoded (a bad
 * escape and "%00" are kept as written; a byte that is not part of valid
 * UTF-8 becomes "%XY" in upper case), runs of "/" made one (an encoded
 * "%2F" too), the trailing "/" removed (except for "/" itself).  Pass the
 * path as received (req->target up to '?'), not an already decoded one.
 * The query is ignored except on "/", where WordPress's query-string
 * addresses keep their one significant parameter with a non-empty value,
 * decoded ('+' is a space): "/?p=12", "/?page_id=7", "/?attachment_id=9",
 * "/?cat=3", "/?tag=x", "/?author=2" (the first one present, in that
 * order).  query may be NULL.  GZ_EINVAL when path does not start with
 * "/", path or query is longer than 16 KiB, or the key would exceed
 * GZ_REDIRECT_PATH_MAX; GZ_ENOMEM when the arena is full.  *out is NULL
 * on failure.
 */
enum gz_err gz_redirect_key(struct gz_arena *a, const char *path, const char *query, char **out);

/*
 * Make the old address (path, query) answer 301 to target, a path on this
 * site ("/article/slug", "/search?q=x").  Replaces an earlier target for
 * the same key.  Does not bump the content generation and opens no
 * transaction (one statement; call it inside the caller's batch).  The
 * target is stored ready for a Location header: bytes above 0x7F and
 * spaces percent-encoded.  GZ_EINVAL for a bad path or a target that is
 * not a local path: it must start with "/" but not "//" or "/\", and may
 * hold no control character or backslash, only valid UTF-8.
 */
enum gz_err gz_redirect_put(struct gz_db *db, struct gz_arena *a, const char *path,
                            const char *query, const char *target, int64_t now);

/*
 * Where the old address (path, query) goes now, in the arena, ready for a
 * Location header; GZ_ENOTFOUND when it has no row, no key can be made of
 * it, or the stored target (a row written by hand) is not a local path.
 */
enum gz_err gz_redirect_find(struct gz_db *db, struct gz_arena *a, const char *path,
                             const char *query, char **target);

#endif
