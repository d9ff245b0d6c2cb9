/*
 * multipart/form-data request bodies (RFC 7578 over RFC 2046): the
 * boundary from the Content-Type header, then the parts, each with its
 * field name, optional file name, content type and bytes.
 *
 * Part data is not copied: it points into the body, which must outlive the
 * parts.  The module knows nothing of what a part holds (images, text),
 * of upload storage, or of which fields a form declares; it does not
 * decode Content-Transfer-Encoding (RFC 7578 deprecates it) nor the
 * RFC 5987 "filename*" parameter, which it ignores.
 */
#ifndef GAZETTE_MULTIPART_H
#define GAZETTE_MULTIPART_H

#include <stddef.h>

#include "gazette/err.h"

struct gz_arena;

#define GZ_MULTIPART_BOUNDARY_MAX 70       /* RFC 2046 boundary length */
#define GZ_MULTIPART_HEADER_MAX (8 * 1024) /* header block bytes per part */

struct gz_part {
	const char *name;         /* field name, in the arena; valid UTF-8, no NUL */
	const char *filename;     /* file base name, in the arena; NULL if none */
	const char *content_type; /* in the arena; "text/plain" when not given */
	const char *data;         /* the bytes, pointing into body; not NUL-terminated */
	size_t len;               /* bytes at data */
};

/*
 * Copy the boundary parameter of the NUL-terminated Content-Type value
 * content_type into out (outsz bytes, NUL-terminated).  The media type
 * must begin "multipart/" (any case); parameters are "; name=value" with
 * value a token or a quoted-string (backslash escapes undone), optional
 * spaces around ';'.  The boundary must be 1..70 characters from RFC 2046
 * bchars (letters, digits, ' ( ) + _ , - . / : = ? and space), not ending
 * in a space.
 *
 * GZ_EINVAL for another media type, a parameter syntax error, a missing,
 * repeated or malformed boundary; GZ_ETOOBIG when outsz cannot hold it
 * (71 bytes always can).  out is "" on error when outsz > 0.
 */
enum gz_err gz_multipart_boundary(const char *content_type, char *out, size_t outsz);

/*
 * Split the n bytes at body (no NUL terminator needed) on the
 * NUL-terminated boundary (as gz_multipart_boundary returns it) into an
 * array of parts, in the arena: *parts, *nparts.
 *
 * The preamble before the first "--boundary" line and the epilogue after
 * the closing "--boundary--" are ignored.  Delimiter lines end in CRLF,
 * optionally after spaces or tabs; "--boundary" followed by anything else
 * is part data, not a delimiter.  Each part has a header block of CRLF
 * lines ending in an empty line, at most GZ_MULTIPART_HEADER_MAX bytes, no
 * folded lines, no control characters but tab.  Header names are matched
 * case-insensitively; only Content-Disposition and Content-Type are read.
 * Content-Disposition must be "form-data" with a name parameter; filename
 * is optional.  Parameter values are tokens or quoted-strings with
 * backslash escapes (so a literal backslash in a file name must be sent
 * as "\\").  The name must be valid UTF-8; the file name too, and it is
 * cut to the part after its last '/' or '\', with "." and ".." becoming
 * "".  A body with only the closing delimiter has zero parts.
 *
 * GZ_EINVAL when the boundary is not 1..70 characters, no delimiter is
 * found, the closing delimiter is missing, a header block is malformed or
 * a part lacks its name; GZ_ETOOBIG for more than max_parts parts or a
 * header block over the limit; GZ_ENOMEM when the arena is full.  On error
 * *parts is NULL and *nparts 0.
 */
enum gz_err gz_multipart_parse(struct gz_arena *arena, const char *body, size_t n,
                               const char *boundary, size_t max_parts, struct gz_part **parts,
                               size_t *nparts);

#endif
