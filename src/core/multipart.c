/*
 * multipart/form-data.  The body is scanned once: find a delimiter line,
 * read a bounded header block, find the next delimiter, and the bytes in
 * between are the part.  Offsets, not pointers, are compared against n so
 * nothing is read past the body.  Part data is never copied; only names
 * and header values go to the arena.  It knows the wire format only.
 */
#include <assert.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/multipart.h"
#include "gazette/str.h"
#include "gazette/utf8.h"

/* RFC 2046 bchars: what a boundary may hold (space only inside). */
static int
is_bchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
		return 1;
	}
	return c != '\0' && strchr("'()+_,-./:=? ", c) != NULL;
}

static int
boundary_ok(const char *b, size_t n)
{
	size_t i;

	if (n < 1 || n > GZ_MULTIPART_BOUNDARY_MAX || b[n - 1] == ' ') {
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (!is_bchar((unsigned char)b[i])) {
			return 0;
		}
	}
	return 1;
}

/* RFC 9110 tchar. */
static int
is_tchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
		return 1;
	}
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/*
 * A cursor over the bytes [p, end) of one header value; the parameter
 * helpers below move p forward and never past end.
 */
struct cur {
	const char *p;   /* next byte */
	const char *end; /* one past the last byte */
};

static void
skip_ows(struct cur *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t')) {
		c->p++;
	}
}

/* A token at c into *tok; 0, or -1 when there is none. */
static int
read_token(struct cur *c, struct gz_span *tok)
{
	tok->p = c->p;
	while (c->p < c->end && is_tchar((unsigned char)*c->p)) {
		c->p++;
	}
	tok->n = (size_t)(c->p - tok->p);
	return tok->n > 0 ? 0 : -1;
}

/*
 * A parameter value, token or quoted-string, unescaped.  Its full length
 * goes to *len; at most dstsz - 1 bytes of it are stored in dst, which is
 * NUL-terminated (dstsz > 0).  0, or -1 on a syntax error.
 */
static int
read_value(struct cur *c, char *dst, size_t dstsz, size_t *len)
{
	size_t n = 0;

	if (c->p < c->end && *c->p == '"') {
		for (c->p++; c->p < c->end && *c->p != '"'; c->p++) {
			if (*c->p == '\\' && ++c->p == c->end) {
				return -1;
			}
			if (n < dstsz - 1) {
				dst[n] = *c->p;
			}
			n++;
		}
		if (c->p == c->end) {
			return -1; /* unterminated */
		}
		c->p++;
	} else {
		for (; c->p < c->end && is_tchar((unsigned char)*c->p); c->p++) {
			if (n < dstsz - 1) {
				dst[n] = *c->p;
			}
			n++;
		}
		if (n == 0) {
			return -1;
		}
	}
	dst[n < dstsz - 1 ? n : dstsz - 1] = '\0';
	*len = n;
	return 0;
}

/*
 * One "; name=value" parameter at c.  Returns 1 with *name and the value
 * in dst as read_value stores it, 0 at the end of the value, -1 on a syntax error.  An empty
 * parameter (";;" or a trailing ';') is skipped.
 */
static int
next_param(struct cur *c, struct gz_span *name, char *dst, size_t dstsz, size_t *len)
{
	for (;;) {
		skip_ows(c);
		if (c->p == c->end) {
			return 0;
		}
		if (*c->p != ';') {
			return -1;
		}
		c->p++;
		skip_ows(c);
		if (c->p == c->end) {
			return 0;
		}
		if (*c->p != ';') {
			break;
		}
	}
	if (read_token(c, name) != 0) {
		return -1;
	}
	skip_ows(c);
	if (c->p == c->end || *c->p != '=') {
		return -1;
	}
	c->p++;
	skip_ows(c);
	return read_value(c, dst, dstsz, len) == 0 ? 1 : -1;
}

static int
span_eq_case(struct gz_span s, const char *lit)
{
	size_t n = strlen(lit), i;

	if (s.n != n) {
		return 0;
	}
	for (i = 0; i < n; i++) {
		unsigned char a = (unsigned char)s.p[i], b = (unsigned char)lit[i];

		if (a >= 'A' && a <= 'Z') {
			a = (unsigned char)(a + 32);
		}
		if (a != b) {
			return 0;
		}
	}
	return 1;
}

enum gz_err
gz_multipart_boundary(const char *content_type, char *out, size_t outsz)
{
	char val[GZ_MULTIPART_BOUNDARY_MAX + 1], tmp[GZ_MULTIPART_BOUNDARY_MAX + 1];
	struct gz_span name;
	struct cur c;
	size_t len, blen = 0;
	int found = 0, r;
	enum gz_err rc = GZ_EINVAL;

	assert(content_type != NULL && out != NULL);
	if (outsz > 0) {
		out[0] = '\0';
	}
	if (!gz_str_has_prefix_case(content_type, "multipart/")) {
		goto fail;
	}
	c.p = content_type + strlen("multipart/");
	c.end = content_type + strlen(content_type);
	if (read_token(&c, &name) != 0) {
		goto fail;
	}
	/* Values longer than tmp are cut there; len still tells their size. */
	while ((r = next_param(&c, &name, tmp, sizeof(tmp), &len)) == 1) {
		if (!span_eq_case(name, "boundary")) {
			continue;
		}
		if (found || len > GZ_MULTIPART_BOUNDARY_MAX || !boundary_ok(tmp, len)) {
			goto fail;
		}
		memcpy(val, tmp, len + 1);
		blen = len;
		found = 1;
	}
	if (r < 0 || !found) {
		goto fail;
	}
	if (blen + 1 > outsz) {
		rc = GZ_ETOOBIG;
		goto fail;
	}
	memcpy(out, val, blen + 1);
	return GZ_OK;
fail:
	return rc;
}

/*
 * Find the first delimiter at or after offset from: "CRLF--boundary", or
 * "--boundary" at offset 0 (the body may open with one), followed by "--"
 * (the close delimiter) or by optional spaces and tabs and a CRLF.  On
 * success *at is where the delimiter starts (its CR, or 0), *next the
 * offset after its line (or after the closing "--"), *close whether it is
 * the close delimiter; returns 0.  -1 when there is none.
 */
static int
find_delim(const char *body, size_t n, size_t from, const char *b, size_t blen, size_t *at,
           size_t *next, int *close)
{
	size_t p, q;
	const char *cr;

	for (p = from; p < n; p++) {
		if (p == 0 && n >= 2 + blen && body[0] == '-' && body[1] == '-' &&
		    memcmp(body + 2, b, blen) == 0) {
			q = 2 + blen;
		} else {
			if ((cr = memchr(body + p, '\r', n - p)) == NULL) {
				return -1;
			}
			p = (size_t)(cr - body);
			if (n - p < 4 + blen || memcmp(body + p, "\r\n--", 4) != 0 ||
			    memcmp(body + p + 4, b, blen) != 0) {
				continue;
			}
			q = p + 4 + blen;
		}
		if (n - q >= 2 && body[q] == '-' && body[q + 1] == '-') {
			*at = p;
			*next = q + 2;
			*close = 1;
			return 0;
		}
		while (q < n && (body[q] == ' ' || body[q] == '\t')) {
			q++;
		}
		if (n - q >= 2 && body[q] == '\r' && body[q + 1] == '\n') {
			*at = p;
			*next = q + 2;
			*close = 0;
			return 0;
		}
		/* "--boundary" then something else: part data, keep looking. */
	}
	return -1;
}

/* Offset of the first "\r\n\r\n" inside [from, lim), or (size_t)-1. */
static size_t
find_blank(const char *body, size_t from, size_t lim)
{
	size_t p;

	for (p = from; p < lim && lim - p >= 4; p++) {
		if (body[p] == '\r' && memcmp(body + p, "\r\n\r\n", 4) == 0) {
			return p;
		}
	}
	return (size_t)-1;
}

/*
 * Parse Content-Disposition's value [c) into part->name and ->filename.
 * scratch holds at least the value's length plus one byte.
 */
static enum gz_err
disposition(struct gz_arena *a, struct cur *c, char *scratch, size_t scratchsz,
            struct gz_part *part)
{
	struct gz_span type, name;
	size_t len;
	const char *base;
	char *v;
	int r;

	if (read_token(c, &type) != 0 || !span_eq_case(type, "form-data")) {
		return GZ_EINVAL;
	}
	while ((r = next_param(c, &name, scratch, scratchsz, &len)) == 1) {
		/* scratch is big enough that nothing was cut. */
		assert(len < scratchsz);
		if (span_eq_case(name, "name")) {
			if (part->name != NULL || !gz_utf8_valid(scratch, len)) {
				return GZ_EINVAL;
			}
			if ((part->name = gz_arena_strndup(a, scratch, len)) == NULL) {
				return GZ_ENOMEM;
			}
		} else if (span_eq_case(name, "filename")) {
			if (part->filename != NULL || !gz_utf8_valid(scratch, len)) {
				return GZ_EINVAL;
			}
			/* Old browsers sent full client paths; keep the base name. */
			for (base = scratch + len; base > scratch; base--) {
				if (base[-1] == '/' || base[-1] == '\\') {
					break;
				}
			}
			len -= (size_t)(base - scratch);
			if ((len == 1 && base[0] == '.') ||
			    (len == 2 && base[0] == '.' && base[1] == '.')) {
				len = 0;
			}
			if ((v = gz_arena_strndup(a, base, len)) == NULL) {
				return GZ_ENOMEM;
			}
			part->filename = v;
		}
		/* Other parameters (filename*, size ...) are ignored. */
	}
	if (r < 0 || part->name == NULL) {
		return GZ_EINVAL;
	}
	return GZ_OK;
}

/*
 * Parse the header block [start, end) (lines each ending in CRLF, the
 * blank line excluded) into part.
 */
static enum gz_err
headers(struct gz_arena *a, const char *start, const char *end, struct gz_part *part)
{
	const char *line, *eol, *colon;
	struct gz_span name, val;
	struct cur c;
	char *scratch;
	int seen_cd = 0;
	enum gz_err rc;

	/* Any value's unescaped form fits in the block's size. */
	if ((scratch = gz_arena_alloc(a, (size_t)(end - start) + 1)) == NULL) {
		return GZ_ENOMEM;
	}
	for (line = start; line < end; line = eol + 2) {
		/* Lines end in CRLF; end itself sits after the last one. */
		for (eol = line; !(eol[0] == '\r' && eol[1] == '\n'); eol++) {
			assert(eol + 1 < end);
		}
		if (gz_str_has_ctl(line, (size_t)(eol - line), GZ_CTL_ALLOW_TAB) || line == eol ||
		    line[0] == ' ' || line[0] == '\t') {
			return GZ_EINVAL; /* control, empty or folded line */
		}
		if ((colon = memchr(line, ':', (size_t)(eol - line))) == NULL) {
			return GZ_EINVAL;
		}
		name.p = line;
		name.n = (size_t)(colon - line);
		c.p = name.p;
		c.end = colon;
		if (read_token(&c, &name) != 0 || c.p != colon) {
			return GZ_EINVAL;
		}
		c.p = colon + 1;
		c.end = eol;
		skip_ows(&c);
		while (c.end > c.p && (c.end[-1] == ' ' || c.end[-1] == '\t')) {
			c.end--;
		}
		if (span_eq_case(name, "content-disposition")) {
			if (seen_cd++) {
				return GZ_EINVAL;
			}
			rc = disposition(a, &c, scratch, (size_t)(end - start) + 1, part);
			if (rc != GZ_OK) {
				return rc;
			}
		} else if (span_eq_case(name, "content-type")) {
			val.p = c.p;
			val.n = (size_t)(c.end - c.p);
			if (part->content_type != NULL || val.n == 0) {
				return GZ_EINVAL;
			}
			if ((part->content_type = gz_arena_strndup(a, val.p, val.n)) == NULL) {
				return GZ_ENOMEM;
			}
		}
	}
	if (!seen_cd) {
		return GZ_EINVAL;
	}
	if (part->content_type == NULL) {
		part->content_type = "text/plain";
	}
	return GZ_OK;
}

enum gz_err
gz_multipart_parse(struct gz_arena *arena, const char *body, size_t n, const char *boundary,
                   size_t max_parts, struct gz_part **parts, size_t *nparts)
{
	struct gz_part *items = NULL, *grown;
	size_t nitems = 0, cap = 0, blen, at, next, hdr, blank, lim;
	int close;
	enum gz_err rc = GZ_EINVAL;

	assert(boundary != NULL && parts != NULL && nparts != NULL);
	*parts = NULL;
	*nparts = 0;
	blen = strlen(boundary);
	if (!boundary_ok(boundary, blen)) {
		goto fail;
	}
	if (find_delim(body, n, 0, boundary, blen, &at, &next, &close) != 0) {
		goto fail;
	}
	while (!close) {
		if (nitems == max_parts) {
			rc = GZ_ETOOBIG;
			goto fail;
		}
		if (nitems == cap) {
			cap = cap ? cap * 2 : 8;
			if ((grown = gz_arena_calloc(arena, cap, sizeof(*grown))) == NULL) {
				rc = GZ_ENOMEM;
				goto fail;
			}
			if (nitems > 0) {
				memcpy(grown, items, nitems * sizeof(*items));
			}
			items = grown;
		}
		/* Header block: lines up to a blank line, bounded. */
		hdr = next;
		lim = n - hdr > GZ_MULTIPART_HEADER_MAX + 4 ? hdr + GZ_MULTIPART_HEADER_MAX + 4 : n;
		if ((blank = find_blank(body, hdr, lim)) == (size_t)-1) {
			rc = n - hdr > GZ_MULTIPART_HEADER_MAX + 4 ? GZ_ETOOBIG : GZ_EINVAL;
			goto fail;
		}
		if (blank == hdr) {
			goto fail; /* no headers, so no name */
		}
		/* blank points at the CRLF ending the last header line. */
		if ((rc = headers(arena, body + hdr, body + blank + 2, &items[nitems])) != GZ_OK) {
			goto fail;
		}
		/*
		 * Data runs to the next delimiter.  Search from the blank
		 * line's CRLF: a part with no data may share it with the
		 * delimiter ("...\r\n\r\n--b").
		 */
		if (find_delim(body, n, blank + 2, boundary, blen, &at, &next, &close) != 0) {
			rc = GZ_EINVAL; /* missing final boundary */
			goto fail;
		}
		if (at >= blank + 4) {
			items[nitems].data = body + blank + 4;
			items[nitems].len = at - (blank + 4);
		} else {
			items[nitems].data = body + at;
			items[nitems].len = 0;
		}
		nitems++;
	}
	*parts = items;
	*nparts = nitems;
	return GZ_OK;
fail:
	return rc;
}
