/*
 * Files for the standalone server (`gazette serve`): /static/ assets and
 * /media/ uploads.  A target is decoded and checked segment by segment, the
 * file opened beneath its folder without following links, and its type,
 * validators and cache policy chosen the way deploy/nginx.conf serves the
 * same folders, so both deployments answer alike.  It knows nothing of
 * libmicrohttpd: http.c sends what this prepares.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gazette/etag.h"
#include "gazette/httpdate.h"
#include "gazette/response.h"
#include "gazette/str.h"
#include "internal.h"

/* A MIME type by file extension. */
struct mime {
	const char *ext;  /* lowercase, without the dot */
	const char *type; /* Content-Type value */
	int text;         /* gets "; charset=utf-8" under /static/ */
};

/* The types nginx's mime.types gives these extensions, so both deployments agree. */
static const struct mime mimes[] = {
    {"css", "text/css", 1},          {"js", "application/javascript", 1},
    {"png", "image/png", 0},         {"jpg", "image/jpeg", 0},
    {"jpeg", "image/jpeg", 0},       {"gif", "image/gif", 0},
    {"webp", "image/webp", 0},       {"avif", "image/avif", 0},
    {"svg", "image/svg+xml", 1},     {"ico", "image/x-icon", 0},
    {"woff", "font/woff", 0},        {"woff2", "font/woff2", 0},
    {"txt", "text/plain", 1},        {"xml", "text/xml", 0},
    {"json", "application/json", 0}, {"html", "text/html", 1},
    {"pdf", "application/pdf", 0},   {"mp4", "video/mp4", 0},
    {"webm", "video/webm", 0},       {"mp3", "audio/mpeg", 0},
};

/* The mime entry for name's extension, or NULL for unknown ones. */
static const struct mime *
mime_for(const char *name)
{
	const char *dot = strrchr(name, '.');
	size_t i;

	if (dot == NULL || strchr(dot, '/') != NULL) {
		return NULL;
	}
	for (i = 0; i < sizeof(mimes) / sizeof(mimes[0]); i++) {
		if (strcasecmp(dot + 1, mimes[i].ext) == 0) {
			return &mimes[i];
		}
	}
	return NULL;
}

/*
 * True for a fingerprinted asset name, "site.0123abcd.css": a dot, eight or
 * more hex digits, then the extension.  Such a name never changes content.
 */
static int
fingerprinted(const char *name)
{
	const char *ext = strrchr(name, '.');
	const char *p;

	if (ext == NULL || mime_for(name) == NULL) {
		return 0;
	}
	p = ext;
	while (p > name && strchr("0123456789abcdef", p[-1]) != NULL) {
		p--;
	}
	return ext - p >= 8 && p > name && p[-1] == '.';
}

/*
 * Decode the file part of a /static/ or /media/ target (query cut off) into
 * out and check it segment by segment.  Returns 0, 400 for malformed or
 * hostile text (bad escapes, NUL, control bytes, backslashes, "." or ".."
 * segments however they are spelt), 404 for what is simply not served
 * (empty segments, so directories; dotfiles).
 */
static int
decode_file_path(const char *raw, char *out, size_t outsz)
{
	size_t n = 0;
	const char *seg;

	for (; *raw != '\0' && *raw != '?' && *raw != '#'; raw++) {
		int c = (unsigned char)*raw;

		if (c == '%') {
			int hi = gz_str_hexval(raw[1]), lo = hi < 0 ? -1 : gz_str_hexval(raw[2]);

			if (lo < 0) {
				return 400;
			}
			c = hi * 16 + lo;
			raw += 2;
		}
		if (c < 0x20 || c == 0x7f || c == '\\') {
			return 400;
		}
		if (n + 1 >= outsz) {
			return 404;
		}
		out[n++] = (char)c;
	}
	out[n] = '\0';
	if (n == 0) {
		return 404;
	}
	for (seg = out;;) {
		const char *end = strchr(seg, '/');
		size_t len = end != NULL ? (size_t)(end - seg) : strlen(seg);

		if ((len == 1 && seg[0] == '.') || (len == 2 && seg[0] == '.' && seg[1] == '.')) {
			return 400;
		}
		if (len == 0 || seg[0] == '.') {
			return 404;
		}
		if (end == NULL) {
			break;
		}
		seg = end + 1;
	}
	return 0;
}

/*
 * Open root/path without following any symbolic link on the way (so a link
 * cannot lead outside root) and only if it is a regular file.  Returns the
 * descriptor with its stat in *st, or -1.
 */
static int
open_beneath(const char *root, char *path, struct stat *st)
{
	int dfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	char *seg = path, *slash;
	int fd;

	if (dfd < 0) {
		return -1;
	}
	while ((slash = strchr(seg, '/')) != NULL) {
		int next;

		*slash = '\0';
		next = openat(dfd, seg, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		*slash = '/';
		close(dfd);
		if (next < 0) {
			return -1;
		}
		dfd = next;
		seg = slash + 1;
	}
	/* O_NONBLOCK: a FIFO planted in the folder must not hang the thread. */
	fd = openat(dfd, seg, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	close(dfd);
	if (fd < 0) {
		return -1;
	}
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
		close(fd);
		return -1;
	}
	return fd;
}

int
gz_static_open(const char *root, const char *rel, int is_static, struct gz_static_file *f)
{
	const struct mime *m;
	char path[4096];
	int status;

	memset(f, 0, sizeof(*f));
	f->fd = -1;
	f->is_static = is_static;
	status = decode_file_path(rel, path, sizeof(path));
	if (status != 0) {
		return status;
	}
	if (root == NULL || (f->fd = open_beneath(root, path, &f->st)) < 0) {
		return 404;
	}
	snprintf(f->etag, sizeof(f->etag), "\"%llx-%llx\"", (unsigned long long)f->st.st_size,
	         (unsigned long long)f->st.st_mtim.tv_sec * 1000000000ull +
	             (unsigned long long)f->st.st_mtim.tv_nsec);
	if (gz_http_date_format(f->st.st_mtime, f->lastmod) != GZ_OK) {
		f->lastmod[0] = '\0';
	}
	m = mime_for(path);
	snprintf(f->ctype, sizeof(f->ctype), "%s%s",
	         m != NULL ? m->type : "application/octet-stream",
	         m != NULL && m->text && is_static ? "; charset=utf-8" : "");
	f->immutable = is_static && fingerprinted(path);
	return 0;
}

int
gz_static_fresh(const struct gz_static_file *f, const char *inm, const char *ims)
{
	time_t since;

	if (inm != NULL) {
		/* When both are sent, If-None-Match alone decides (RFC 9110). */
		return gz_etag_match(inm, f->etag);
	}
	return ims != NULL && gz_http_date_parse(ims, &since) == GZ_OK && f->st.st_mtime <= since;
}

void
gz_static_headers(struct gz_response *resp, const struct gz_static_file *f, int fresh)
{
	if (!fresh) {
		gz_response_header(resp, "Content-Type", f->ctype);
	}
	gz_response_header(resp, "ETag", f->etag);
	if (f->lastmod[0] != '\0') {
		gz_response_header(resp, "Last-Modified", f->lastmod);
	}
	gz_response_header(resp, "Cache-Control",
	                   f->immutable ? "public, max-age=31536000, immutable" : "max-age=3600");
	gz_response_header(resp, "X-Content-Type-Options", "nosniff");
	gz_response_header(resp, "Referrer-Policy", "same-origin");
	if (!f->is_static) {
		/* An uploaded SVG or HTML file opened directly stays inert. */
		gz_response_header(resp, "Content-Security-Policy",
		                   "default-src 'none'; img-src 'self'; media-src 'self'; "
		                   "style-src 'unsafe-inline'; sandbox");
	}
}
