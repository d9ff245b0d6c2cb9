/*
 * The importer's media (see gazette/wp_import.h): each attachment's file
 * is found in the old uploads folder given with --media (the part of its
 * address after "wp-content/uploads/", or its path on the host that served
 * the uploads), read within the site's upload limit and stored with
 * gz_media_store, so it passes exactly the checks an upload passes.  A file
 * that is missing, outside the folder, too large or refused is listed in
 * the report, never fatal.
 *
 * It also answers the HTML converter's questions about addresses in
 * bodies: an uploads address (and its "-300x200" size variants) becomes
 * the imported file's /media/ address, a link to the old site a path on
 * this one (the redirect's target when the item is already imported, else
 * the old path, which its redirect will answer once it is), and a gallery
 * id the attachment's image.  What the first pass learnt lives in the
 * model's scratch table (import.h), not in memory.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gazette/arena.h"
#include "gazette/import.h"
#include "gazette/media.h"
#include "gazette/redirect.h"
#include "gazette/url.h"
#include "wp_import_internal.h"

#define UPLOADS "/wp-content/uploads/"

/*
 * The file an uploads address names, relative to the uploads folder and
 * percent-decoded, in a: what follows "/wp-content/uploads/", or on a host
 * the attachments were served from (wordpress.com's files host) the whole
 * path.  NULL when the address names no such file or its path could climb
 * out of the folder ("..", "//", a backslash).
 */
static char *
rel_path(struct imp *im, struct gz_arena *a, const struct wp_url *u)
{
	const char *p = u->path, *hit;
	size_t n = u->pathlen, i, seg;
	char *raw, *dec;

	hit = n >= strlen(UPLOADS) ? memmem(p, n, UPLOADS, strlen(UPLOADS)) : NULL;
	if (hit != NULL) {
		n -= (size_t)(hit + strlen(UPLOADS) - p);
		p = hit + strlen(UPLOADS);
	} else if (u->host != NULL &&
	           (wp_host_is(im->media_hosts, im->nmedia_hosts, u->host, u->hostlen) ||
	            wp_host_is(im->hosts, im->nhosts, u->host, u->hostlen)) &&
	           n > 1 && p[0] == '/') {
		p++;
		n--;
	} else {
		return NULL;
	}
	if ((raw = gz_arena_strndup(a, p, n)) == NULL) {
		return NULL;
	}
	if (gz_url_decode(a, raw, n, 0, &dec, &n) != GZ_OK) {
		dec = raw;
		n = strlen(raw);
	}
	/* Every segment a plain name: no "", ".", "..", no backslash. */
	for (i = 0; i <= n;) {
		seg = strcspn(dec + i, "/");
		if (seg == 0 || (seg == 1 && dec[i] == '.') ||
		    (seg == 2 && dec[i] == '.' && dec[i + 1] == '.')) {
			return NULL;
		}
		i += seg + 1;
	}
	return strchr(dec, '\\') == NULL ? dec : NULL;
}

/* The same path without WordPress's size suffix "-300x200" before the
 * extension, in a; NULL when it has none. */
static char *
unsized(struct gz_arena *a, const char *rel)
{
	const char *slash = strrchr(rel, '/'), *dot = strrchr(rel, '.'), *p;
	size_t w = 0, h = 0;

	if (dot == NULL || (slash != NULL && dot < slash)) {
		return NULL;
	}
	for (p = dot; p > rel && p[-1] >= '0' && p[-1] <= '9'; p--) {
		h++;
	}
	if (h == 0 || p == rel || p[-1] != 'x') {
		return NULL;
	}
	for (p--; p > rel && p[-1] >= '0' && p[-1] <= '9'; p--) {
		w++;
	}
	if (w == 0 || p == rel || p[-1] != '-') {
		return NULL;
	}
	return gz_arena_printf(a, "%.*s%s", (int)(p - 1 - rel), rel, dot);
}

/* The media an uploads path became, trying its unsized and "-scaled"
 * spellings too; GZ_ENOTFOUND. */
static enum gz_err
media_of_path(struct imp *im, const char *rel, struct gz_import_media *m)
{
	const char *dot;
	char *alt;
	enum gz_err rc = gz_import_media_by_path(im->db, &im->arena, rel, m);

	if (rc != GZ_ENOTFOUND) {
		return rc;
	}
	if ((alt = unsized(&im->arena, rel)) != NULL) {
		rc = gz_import_media_by_path(im->db, &im->arena, alt, m);
		if (rc != GZ_ENOTFOUND) {
			return rc;
		}
		rel = alt;
	}
	/* WordPress 5.3 keeps a big original as "photo-scaled.jpg". */
	if ((dot = strrchr(rel, '.')) != NULL && strchr(dot, '/') == NULL &&
	    (alt = gz_arena_printf(&im->arena, "%.*s-scaled%s", (int)(dot - rel), rel, dot)) !=
	        NULL) {
		return gz_import_media_by_path(im->db, &im->arena, alt, m);
	}
	return GZ_ENOTFOUND;
}

/*
 * The converter asks for url: an uploads file imported -> its /media/
 * address; a link to the old site -> the redirect's target, else the old
 * path (its redirect answers it once imported); anything else kept (NULL).
 */
const char *
wp_map_url(void *ctx, const char *url, int is_image)
{
	struct imp *im = ctx;
	struct gz_import_media m;
	struct wp_url u;
	const char *frag;
	char *rel, *path, *query = NULL, *target;

	if (!wp_url_split(url, &u)) {
		return NULL;
	}
	if ((rel = rel_path(im, &im->arena, &u)) != NULL && media_of_path(im, rel, &m) == GZ_OK) {
		return m.url;
	}
	if (is_image) {
		/* An image that was not imported keeps its address. */
		return NULL;
	}
	if (u.host != NULL ? !wp_host_is(im->hosts, im->nhosts, u.host, u.hostlen)
	                   : u.path[0] != '/') {
		return NULL;
	}
	path = u.pathlen > 0 ? gz_arena_strndup(&im->arena, u.path, u.pathlen)
	                     : gz_arena_strdup(&im->arena, "/");
	if (u.query != NULL) {
		query = gz_arena_strndup(&im->arena, u.query, u.querylen);
	}
	if (path == NULL) {
		return NULL;
	}
	frag = strchr(url, '#');
	if (gz_redirect_find(im->db, &im->arena, path, query, &target) == GZ_OK) {
		return frag != NULL ? gz_arena_printf(&im->arena, "%s%s", target, frag) : target;
	}
	/* Not imported yet (a later post): the old path, which its redirect
	 * will answer.  A link to the old site's own host would break when
	 * the name moves here. */
	return gz_arena_printf(&im->arena, "%s%s%s%s", path, query != NULL ? "?" : "",
	                       query != NULL ? query : "", frag != NULL ? frag : "");
}

/* [gallery ids=...]: attachment id's image, alt and caption, or NULL. */
const char *
wp_gallery(void *ctx, long id, const char **alt, const char **caption)
{
	struct imp *im = ctx;
	struct gz_import_media m;
	char key[32];

	snprintf(key, sizeof(key), "%ld", id);
	if (gz_import_media_by_id(im->db, &im->arena, key, &m) != GZ_OK) {
		return NULL;
	}
	*alt = m.alt;
	*caption = m.caption;
	return m.url;
}

/* List an attachment that was not imported: its file (or address) and why. */
static void
missing(struct imp *im, const char *file, const char *title, const char *why)
{
	im->r->counts[GZ_WP_MEDIA].skipped++;
	wp_line(&im->r->missing, GZ_WP_MEDIA, file, title, why);
}

/*
 * Read the file rel below the --media folder into a malloc'd buffer
 * (*data, *len), within the site's limit.  Returns NULL on success, else
 * why not (static text, or text in the item arena).
 */
static const char *
read_media(struct imp *im, const char *rel, char **data, size_t *len)
{
	char *full, *real = NULL;
	const char *why = NULL;
	struct stat sb;
	size_t root = strlen(im->media_root), got;
	ssize_t k;
	int fd = -1;

	*data = NULL;
	*len = 0;
	if ((full = gz_arena_printf(&im->arena, "%s/%s", im->media_root, rel)) == NULL) {
		return "out of memory";
	}
	/* A symbolic link may not lead out of the folder. */
	if ((real = realpath(full, NULL)) == NULL) {
		return errno == ENOENT
		           ? "not in the --media folder"
		           : gz_arena_printf(&im->arena, "cannot be read: %s", strerror(errno));
	}
	if (strncmp(real, im->media_root, root) != 0 || real[root] != '/') {
		why = "leads outside the --media folder";
		goto done;
	}
	if ((fd = open(real, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0 || fstat(fd, &sb) != 0) {
		why = gz_arena_printf(&im->arena, "cannot be read: %s", strerror(errno));
		goto done;
	}
	if (!S_ISREG(sb.st_mode)) {
		why = "not a regular file";
		goto done;
	}
	if ((uint64_t)sb.st_size > im->media_max) {
		why = gz_arena_printf(&im->arena, "%lld bytes: larger than the site allows (%zu)",
		                      (long long)sb.st_size, im->media_max);
		goto done;
	}
	/* One byte more than allowed tells a file that grew since fstat. */
	if ((*data = malloc((size_t)sb.st_size + 1)) == NULL) {
		why = "out of memory";
		goto done;
	}
	for (got = 0; got <= (size_t)sb.st_size; got += (size_t)k) {
		k = read(fd, *data + got, (size_t)sb.st_size + 1 - got);
		if (k < 0 && errno == EINTR) {
			k = 0;
			continue;
		}
		if (k <= 0) {
			break;
		}
	}
	if (k < 0 || got > im->media_max) {
		why = k < 0 ? "cannot be read" : "larger than the site allows";
		free(*data);
		*data = NULL;
		goto done;
	}
	*len = got;
done:
	if (fd >= 0) {
		close(fd);
	}
	free(real);
	return why;
}

/* Record the attachment's old addresses: /?attachment_id=, its page, its file. */
static enum gz_err
media_redirects(struct imp *im, const struct gz_wxr_item *it, const char *id, const char *url)
{
	char *q = gz_arena_printf(&im->arena, "attachment_id=%s", id);
	enum gz_err rc;

	if (q == NULL) {
		return wp_fail(im, GZ_ENOMEM, "importing an attachment");
	}
	if ((rc = wp_redirect_path(im, "/", q, url)) != GZ_OK ||
	    (rc = wp_redirect(im, it->link, url)) != GZ_OK) {
		return rc;
	}
	return wp_redirect(im, it->attachment_url, url);
}

/* The attachment's caption (its excerpt) as plain text. */
static char *
caption_of(struct imp *im, const struct gz_wxr_item *it)
{
	char *c = wp_plain(&im->arena, it->excerpt, 0);

	return c != NULL ? wp_cut(&im->arena, c, GZ_MEDIA_ALT_MAX) : NULL;
}

/*
 * An attachment (pass 1): already imported -> remembered for pass 2; else
 * its file read from --media and stored, or listed as missing with why.
 */
enum gz_err
wp_attachment(struct imp *im, const struct gz_wxr_item *it)
{
	char *id = wp_trim(&im->arena, it->post_id), *url, *rel = NULL, *caption, *alt;
	char *title = wp_plain(&im->arena, it->title, 0), *data = NULL, *key;
	const char *why, *alt_html, *slash, *note = "";
	struct gz_media_upload up;
	struct gz_import_media m;
	struct wp_url u;
	int64_t local, mid;
	enum gz_err rc;
	size_t len;
	int reused;

	url = wp_trim(&im->arena, it->attachment_url[0] != '\0' ? it->attachment_url : it->guid);
	if (id == NULL || url == NULL || title == NULL || (caption = caption_of(im, it)) == NULL) {
		return wp_fail(im, GZ_ENOMEM, "importing an attachment");
	}
	if (id[0] == '\0') {
		missing(im, url, title, "no wp:post_id");
		return GZ_OK;
	}
	wp_media_host(im, url);
	if (wp_url_split(url, &u)) {
		rel = rel_path(im, &im->arena, &u);
	}
	/* The scratch table wants a path even for an address that names none. */
	key = rel != NULL ? rel : gz_arena_printf(&im->arena, "?%s", id);
	if (key == NULL) {
		return wp_fail(im, GZ_ENOMEM, "importing an attachment");
	}
	rc = wp_map_get(im, GZ_WP_MEDIA, id, &local, NULL);
	if (rc == GZ_OK && local > 0) {
		im->r->counts[GZ_WP_MEDIA].existing++;
		rc = gz_import_media_put(im->db, id, key, local, caption);
		return rc != GZ_OK ? wp_fail(im, rc, "remembering an attachment") : GZ_OK;
	}
	if (rc != GZ_OK && rc != GZ_ENOTFOUND) {
		return wp_fail(im, rc, "looking up an attachment");
	}
	if (rel == NULL) {
		missing(im, url, title, "its address names no file below the uploads folder");
		return GZ_OK;
	}
	if (im->media_root == NULL) {
		missing(im, rel, title, "no --media folder given");
		return GZ_OK;
	}
	if ((why = read_media(im, rel, &data, &len)) != NULL) {
		missing(im, rel, title, why);
		return GZ_OK;
	}
	alt_html = wp_meta(it, "_wp_attachment_image_alt");
	alt = wp_plain(&im->arena, alt_html != NULL ? alt_html : "", 0);
	alt = alt != NULL ? wp_cut(&im->arena, alt, GZ_MEDIA_ALT_MAX) : NULL;
	if (alt == NULL) {
		free(data);
		return wp_fail(im, GZ_ENOMEM, "importing an attachment");
	}
	slash = strrchr(rel, '/');
	memset(&up, 0, sizeof(up));
	up.data = data;
	up.len = len;
	up.filename = wp_cut(&im->arena, slash != NULL ? slash + 1 : rel, GZ_MEDIA_NAME_MAX);
	up.alt = alt;
	up.now = (time_t)im->o->now;
	rc = gz_media_store(im->db, im->media_dir, &up, im->media_max, &mid, &reused, &why);
	free(data);
	if (rc == GZ_EINVAL || rc == GZ_ETOOBIG) {
		missing(im, rel, title, why != NULL ? why : "refused");
		return GZ_OK;
	}
	if (rc == GZ_EIO) {
		gz_errf(im->err, im->errsz, "storing %s in %s: %s", rel, im->media_dir,
		        why != NULL ? why : "cannot write");
		return rc;
	}
	if (rc != GZ_OK) {
		return wp_fail(im, rc, "storing an attachment");
	}
	if (reused) {
		note = "the same file was already in the media library";
		wp_note(im, GZ_WP_MEDIA, rel, title, note);
	}
	im->r->counts[GZ_WP_MEDIA].imported++;
	if ((rc = wp_map_put(im, GZ_WP_MEDIA, id, mid, note)) != GZ_OK) {
		return rc;
	}
	if ((rc = gz_import_media_put(im->db, id, key, mid, caption)) != GZ_OK ||
	    (rc = gz_import_media_by_id(im->db, &im->arena, id, &m)) != GZ_OK) {
		return wp_fail(im, rc, "remembering an attachment");
	}
	return media_redirects(im, it, id, m.url);
}
