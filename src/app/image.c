/*
 * Images as pages show them: the attributes of an <img> (src, srcset,
 * sizes, width, height) for a library image, chosen from its resized
 * copies (media_variants), so a phone loads a 640-pixel copy and a wide
 * screen a 1280 one instead of the full original.  Used by the listings
 * (each story's picture), the article's lead image and the Markdown
 * renderer's image hook (images in bodies).
 *
 * It knows the media model's copies and the layout's column widths (the
 * sizes attributes below follow static/css/site.css); it does not render
 * HTML: templates get a map, the renderer a struct gz_markdown_image.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/markdown.h"
#include "gazette/media.h"
#include "internal.h"

/* The layout's widths (static/css/site.css), as sizes attributes.  A
 * story's picture is a 12rem column beside its text from 48rem up, full
 * width below.  An article's main column is the page (72rem at most, 1rem
 * of padding a side) less an 18rem aside and a 3rem gap from 48rem up, the
 * page less its padding below: the lead image fills it (49rem at 1280
 * pixels), the body's images are at most --measure (42rem) of it. */
const char gz_app_sizes_story[] = "(min-width: 48rem) 12rem, 100vw";
const char gz_app_sizes_lead[] =
    "(min-width: 72rem) 49rem, (min-width: 48rem) calc(100vw - 23rem), calc(100vw - 2rem)";
const char gz_app_sizes_body[] = "(min-width: 65rem) 42rem, (min-width: 48rem) calc(100vw - "
                                 "23rem), (min-width: 44rem) 42rem, calc(100vw - 2rem)";

/*
 * Fill *out for the image at url (original w x h pixels) with the n
 * copies in v (narrowest first): srcset lists every copy by width; src is
 * the widest copy at most want pixels wide (else the narrowest), and
 * width/height are that copy's.  Without copies, src is the original and
 * there is no srcset.  Strings in arena a; 0 when out of memory.
 */
static int
choose(struct gz_arena *a, const char *url, int64_t w, int64_t h, const struct gz_media_variant *v,
       size_t n, int64_t want, struct gz_markdown_image *out)
{
	struct gz_buf set;
	const char *u;
	size_t i, pick = 0;

	memset(out, 0, sizeof(*out));
	out->src = url;
	out->width = (long)w;
	out->height = (long)h;
	if (n == 0) {
		return 1;
	}
	gz_buf_init(&set, a, 0);
	for (i = 0; i < n; i++) {
		if ((u = gz_media_variant_url(a, url, v[i].width)) == NULL) {
			return 0;
		}
		if (v[i].width <= want) {
			pick = i;
		}
		gz_buf_printf(&set, "%s%s %lldw", i > 0 ? ", " : "", u, (long long)v[i].width);
	}
	if (gz_buf_err(&set) != GZ_OK ||
	    (out->src = gz_media_variant_url(a, url, v[pick].width)) == NULL) {
		return 0;
	}
	out->srcset = gz_buf_str(&set);
	out->width = (long)v[pick].width;
	out->height = (long)v[pick].height;
	return 1;
}

/* gz_app_image_val for a non-empty url: the map, NULL when out of memory. */
static struct gz_val *
image_map(struct gz_arena *a, const char *url, const char *alt, int64_t w, int64_t h,
          const char *variants, const char *sizes, int64_t want)
{
	struct gz_markdown_image im;
	struct gz_media_variant *v;
	struct gz_val *m, *copies, *cp;
	const char *large;
	size_t n, i;

	if ((m = gz_val_map_new(a)) == NULL || (copies = gz_val_list_new(a)) == NULL ||
	    gz_media_variants_parse(a, variants, &v, &n) != GZ_OK ||
	    !choose(a, url, w, h, v, n, want, &im)) {
		return NULL;
	}
	/* srcset as a list: the template writes "url 320w, url 640w", since
	 * its URL escaping would encode the spaces of a finished string. */
	for (i = 0; i < n; i++) {
		if ((cp = gz_val_map_new(a)) == NULL) {
			return NULL;
		}
		gz_app_set_str(cp, "url", gz_media_variant_url(a, url, v[i].width));
		gz_app_set_int(cp, "width", v[i].width);
		gz_val_list_push(copies, cp);
	}
	gz_val_map_set(m, "copies", copies);
	gz_app_set_str(m, "url", url);
	gz_app_set_str(m, "src", im.src);
	gz_app_set_str(m, "alt", alt);
	gz_app_set_str(m, "sizes", n > 0 ? sizes : "");
	gz_app_set_int(m, "width", im.width);
	gz_app_set_int(m, "height", im.height);
	/* The widest copy (else the original), for JSON-LD and Open Graph:
	 * a copy, since only copies are stripped of EXIF (GPS positions). */
	large = n > 0 ? gz_media_variant_url(a, url, v[n - 1].width) : url;
	gz_app_set_str(m, "large", large);
	gz_app_set_int(m, "large_width", n > 0 ? v[n - 1].width : w);
	gz_app_set_int(m, "large_height", n > 0 ? v[n - 1].height : h);
	return m;
}

/* image_map for media image mi. */
static struct gz_val *
image_map_of(struct gz_arena *a, const struct gz_media_image *mi, const char *alt,
             const char *sizes, int64_t want)
{
	struct gz_buf list;
	size_t i;

	/* Through the same text form the listings' queries use. */
	gz_buf_init(&list, a, 0);
	gz_buf_puts(&list, "");
	for (i = 0; i < mi->nvariants; i++) {
		gz_buf_printf(&list, "%s%lldx%lld", i > 0 ? " " : "",
		              (long long)mi->variants[i].width, (long long)mi->variants[i].height);
	}
	if (gz_buf_err(&list) != GZ_OK) {
		return NULL;
	}
	return image_map(a, mi->url, alt, mi->width, mi->height, gz_buf_str(&list), sizes, want);
}

const struct gz_val *
gz_app_image_val(struct gz_arena *a, const char *url, const char *alt, int64_t w, int64_t h,
                 const char *variants, const char *sizes, int64_t want)
{
	if (url == NULL || *url == '\0') {
		return gz_val_null();
	}
	return image_map(a, url, alt, w, h, variants, sizes, want);
}

const struct gz_val *
gz_app_image_val_of(struct gz_arena *a, const struct gz_media_image *mi, const char *alt,
                    const char *sizes, int64_t want)
{
	return image_map_of(a, mi, alt, sizes, want);
}

const struct gz_val *
gz_app_image_url_val(struct gz_ctx *c, const char *url, const char *alt, const char *sizes,
                     int64_t want)
{
	struct gz_media_image mi;

	if (url == NULL || *url == '\0') {
		return gz_val_null();
	}
	if (gz_media_image_by_url(c->db, c->arena, url, &mi) != GZ_OK) {
		/* Not in the library (or unreadable now): the address as it is. */
		return image_map(c->arena, url, alt, 0, 0, "", sizes, want);
	}
	return image_map_of(c->arena, &mi, alt, sizes, want);
}

int
gz_app_image_hook(void *arg, const char *url, struct gz_markdown_image *out)
{
	struct gz_app_image_ctx *ic = arg;
	struct gz_media_image mi;

	if (gz_media_image_by_url(ic->db, ic->arena, url, &mi) != GZ_OK ||
	    !choose(ic->arena, mi.url, mi.width, mi.height, mi.variants, mi.nvariants, 960, out)) {
		return 0;
	}
	out->sizes = out->srcset != NULL ? gz_app_sizes_body : NULL;
	return 1;
}
