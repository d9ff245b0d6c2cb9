/*
 * The redirects table: old addresses (a WordPress site's permalinks,
 * "/?p=12", "/category/a/b/") that answer 301 to a path on this site.
 * Addresses are stored and looked up by one key (gz_redirect_key), so the
 * spellings a browser, a search engine or an old link may use of the same
 * address all find one row.
 *
 * It does not know which addresses exist on this site, how a 301 is sent
 * or what the importer maps to what: the app asks gz_redirect_find only
 * for a GET that no route answers, and the importer calls gz_redirect_put.
 * A target is always a path on this site; anything that a browser could
 * read as another site ("//evil.example", "/\evil.example", "http:",
 * "javascript:") is refused when stored and again when read, since rows
 * may also come from `gazette sql`.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/redirect.h"
#include "gazette/str.h"
#include "gazette/utf8.h"

/*
 * Longest path or query accepted as input.  A request target is at most
 * GZ_TARGET_MAX (8 KiB); longer text is no address any link holds, and
 * refusing it keeps the scratch copy small.
 */
#define INPUT_MAX (16 * 1024)

static const char hex_digits[] = "0123456789ABCDEF";

/*
 * Append the n bytes at s to b percent-decoded, for a key: "%XY" in either
 * case becomes its byte, except "%00" (a NUL would end the key) which is
 * kept as written, as is a '%' not followed by two hex digits.  With plus,
 * '+' is a space (query values).  Then, so the key is always valid UTF-8
 * text, every byte that is not part of a well-formed UTF-8 sequence is
 * written back as "%XY" in upper case: "%e4%b8%ad" and "%E4%B8%AD" give
 * the same key, and a stray "%FF" gives "%FF" whichever case it came in.
 * scratch holds at least n bytes.  Errors are sticky in b.
 */
static void
append_decoded(struct gz_buf *b, const char *s, size_t n, int plus, char *scratch)
{
	size_t i, m = 0;

	for (i = 0; i < n; i++) {
		int hi, lo;

		if (s[i] == '%' && i + 2 < n &&
		    (hi = gz_str_hexval((unsigned char)s[i + 1])) >= 0 &&
		    (lo = gz_str_hexval((unsigned char)s[i + 2])) >= 0 && (hi | lo) != 0) {
			scratch[m++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (plus && s[i] == '+') {
			scratch[m++] = ' ';
		} else {
			scratch[m++] = s[i];
		}
	}
	for (i = 0; i < m;) {
		uint32_t cp;
		size_t len = gz_utf8_decode(scratch + i, m - i, &cp);

		if (len > 0) {
			gz_buf_append(b, scratch + i, len);
			i += len;
		} else {
			unsigned char c = (unsigned char)scratch[i++];

			gz_buf_putc(b, '%');
			gz_buf_putc(b, hex_digits[c >> 4]);
			gz_buf_putc(b, hex_digits[c & 15]);
		}
	}
}

/*
 * The WordPress query-string parameters that name one item, in the order
 * their presence is looked for: "/?p=12&cat=3" is the post, not the
 * category.
 */
static const char *const query_keys[] = {"p", "page_id", "attachment_id", "cat", "tag", "author"};

/*
 * The value of the first parameter of query_keys present in query with a
 * non-empty value: its raw (still encoded) bytes in *val and *vlen, its
 * name as the result; NULL when none is.
 */
static const char *
significant_param(const char *query, const char **val, size_t *vlen)
{
	size_t k;

	for (k = 0; k < sizeof(query_keys) / sizeof(query_keys[0]); k++) {
		size_t klen = strlen(query_keys[k]);
		const char *seg = query;

		while (*seg != '\0') {
			size_t slen = strcspn(seg, "&");

			if (slen > klen + 1 && strncmp(seg, query_keys[k], klen) == 0 &&
			    seg[klen] == '=') {
				*val = seg + klen + 1;
				*vlen = slen - klen - 1;
				return query_keys[k];
			}
			seg += slen;
			if (*seg == '&') {
				seg++;
			}
		}
	}
	return NULL;
}

enum gz_err
gz_redirect_key(struct gz_arena *a, const char *path, const char *query, char **out)
{
	size_t plen, qlen = 0, i, start;
	const char *name, *val = NULL;
	char *scratch = NULL;
	struct gz_buf b;
	size_t vlen = 0;
	enum gz_err rc = GZ_EINVAL;

	*out = NULL;
	if (path == NULL || path[0] != '/') {
		goto fail;
	}
	plen = strnlen(path, INPUT_MAX + 1);
	if (query != NULL) {
		qlen = strnlen(query, INPUT_MAX + 1);
	}
	if (plen > INPUT_MAX || qlen > INPUT_MAX) {
		goto fail;
	}
	if ((scratch = gz_arena_alloc(a, plen > qlen ? plen : qlen)) == NULL) {
		rc = GZ_ENOMEM;
		goto fail;
	}
	/* Decode first, then fold slashes, so an encoded "%2F" folds too. */
	gz_buf_init(&b, a, INPUT_MAX * 3);
	append_decoded(&b, path, plen, 0, scratch);
	if ((rc = gz_buf_err(&b)) != GZ_OK) {
		goto fail;
	}
	for (i = 0, start = 0; i < b.len; i++) {
		if (b.data[i] == '/' && start > 0 && b.data[start - 1] == '/') {
			continue;
		}
		b.data[start++] = b.data[i];
	}
	if (start > 1 && b.data[start - 1] == '/') {
		start--;
	}
	gz_buf_truncate(&b, start);
	if (start == 1 && query != NULL && (name = significant_param(query, &val, &vlen)) != NULL) {
		gz_buf_putc(&b, '?');
		gz_buf_puts(&b, name);
		gz_buf_putc(&b, '=');
		append_decoded(&b, val, vlen, 1, scratch);
	}
	if ((rc = gz_buf_err(&b)) != GZ_OK) {
		goto fail;
	}
	if (b.len > GZ_REDIRECT_PATH_MAX) {
		rc = GZ_EINVAL;
		goto fail;
	}
	*out = b.data;
	return GZ_OK;

fail:
	return rc == GZ_ENOMEM ? GZ_ENOMEM : GZ_EINVAL;
}

/*
 * The target as a Location header may carry it, in the arena: a path on
 * this site ("/" then anything but a second "/" or "\", which browsers
 * read as another host), with no control character or backslash anywhere,
 * valid UTF-8; bytes above 0x7F and spaces are percent-encoded (upper-case
 * hex), everything else is kept as written (so "?q=..." and "%C3%A9"
 * pass unchanged).  GZ_EINVAL for anything else or a result longer than
 * GZ_REDIRECT_PATH_MAX.
 */
static enum gz_err
safe_target(struct gz_arena *a, const char *target, char **out)
{
	size_t n, i;
	struct gz_buf b;

	*out = NULL;
	if (target == NULL || target[0] != '/' || target[1] == '/' || target[1] == '\\') {
		return GZ_EINVAL;
	}
	n = strnlen(target, GZ_REDIRECT_PATH_MAX + 1);
	if (n > GZ_REDIRECT_PATH_MAX || !gz_utf8_valid(target, n)) {
		return GZ_EINVAL;
	}
	gz_buf_init(&b, a, GZ_REDIRECT_PATH_MAX);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)target[i];

		if (c < 0x20 || c == 0x7f || c == '\\') {
			return GZ_EINVAL;
		}
		if (c >= 0x80 || c == ' ') {
			gz_buf_putc(&b, '%');
			gz_buf_putc(&b, hex_digits[c >> 4]);
			gz_buf_putc(&b, hex_digits[c & 15]);
		} else {
			gz_buf_putc(&b, (char)c);
		}
	}
	if (gz_buf_err(&b) == GZ_ENOMEM) {
		return GZ_ENOMEM;
	}
	if (gz_buf_err(&b) != GZ_OK) {
		return GZ_EINVAL;
	}
	*out = b.data;
	return GZ_OK;
}

enum gz_err
gz_redirect_put(struct gz_db *db, struct gz_arena *a, const char *path, const char *query,
                const char *target, int64_t now)
{
	char *key, *safe;
	sqlite3_stmt *st;
	enum gz_err rc;

	if ((rc = gz_redirect_key(a, path, query, &key)) != GZ_OK ||
	    (rc = safe_target(a, target, &safe)) != GZ_OK) {
		return rc;
	}
	/* One statement is atomic on its own; the importer wraps many in its
	 * batch transaction, so none is opened here. */
	st = gz_db_stmt(db, "INSERT INTO redirects (path, target, created_at) VALUES (?1, ?2, ?3) "
	                    "ON CONFLICT (path) DO UPDATE SET target = excluded.target, "
	                    "created_at = excluded.created_at");
	if (st == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, key);
	gz_db_bind_text(st, 2, safe);
	gz_db_bind_int64(st, 3, now);
	return gz_db_step_done(db, st);
}

enum gz_err
gz_redirect_find(struct gz_db *db, struct gz_arena *a, const char *path, const char *query,
                 char **target)
{
	const char *stored = NULL;
	sqlite3_stmt *st;
	enum gz_err rc;
	char *key;
	int src;

	*target = NULL;
	if ((rc = gz_redirect_key(a, path, query, &key)) != GZ_OK) {
		/* An address no key can be made of was never stored. */
		return rc == GZ_ENOMEM ? rc : GZ_ENOTFOUND;
	}
	if ((st = gz_db_stmt(db, "SELECT target FROM redirects WHERE path = ?1")) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_text(st, 1, key);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		stored = gz_db_col_text(a, st, 0);
		rc = stored != NULL ? GZ_OK : GZ_ENOMEM;
	} else if (src == SQLITE_DONE) {
		rc = GZ_ENOTFOUND;
	} else {
		rc = gz_db_error(db, src, "redirect find");
	}
	gz_db_reset(st);
	if (rc != GZ_OK) {
		return rc;
	}
	/* A row written by hand may hold anything: never send a reader
	 * elsewhere than this site. */
	if ((rc = safe_target(a, stored, target)) == GZ_EINVAL) {
		return GZ_ENOTFOUND;
	}
	return rc;
}
