/*
 * What every page's layout needs of the admin's site furniture (issue
 * 19): the header and footer menus built in the menu editor, and the
 * branding (logo, favicon, theme colour).  gz_app_page_nav calls it once
 * per page; feeds and the JSON-LD read the same values.  It decides only
 * what the templates see: an empty menu is null, and the layout then keeps
 * the automatic section menu or the usual footer links; a logo or favicon
 * whose media item was deleted is simply not shown.  Storing menus is the
 * menu model's job, checking images the media model's.
 */
#include <math.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/media.h"
#include "gazette/menu.h"
#include "gazette/settings.h"
#include "gazette/url.h"
#include "internal.h"

/* The address item m leads to, in the arena (NULL when out of memory). */
static const char *
item_href(struct gz_arena *a, const struct gz_menu_item *m)
{
	struct gz_buf b;

	if (strcmp(m->kind, GZ_MENU_LINK) == 0) {
		return m->url;
	}
	if (strcmp(m->kind, GZ_MENU_PAGE) == 0 && strcmp(m->target_slug, "privacy") == 0) {
		return "/privacy";
	}
	gz_buf_init(&b, a, 1024);
	gz_buf_puts(&b, strcmp(m->kind, GZ_MENU_PAGE) == 0 ? "/p/" : "/category/");
	gz_url_encode(&b, m->target_slug, strlen(m->target_slug));
	return gz_buf_err(&b) ? NULL : b.data;
}

/*
 * The items of menu as a template list of top-level maps (label, href,
 * current, children: a list of the same without children), or null when
 * the menu has nothing a reader can follow.  A page item whose page is a
 * draft is left out (readers would get 404), and so are the children of a
 * left-out item.  current: the layout's nav.current (a section page's
 * top-level slug); an item is current when it leads to the request's path
 * or names that section.
 */
static const struct gz_val *
menu_val(struct gz_ctx *c, const char *menu, const char *current)
{
	struct gz_arena *a = c->arena;
	struct gz_val *list, *m, *children = NULL;
	struct gz_menu_item *items;
	const char *href;
	size_t n, i;
	int skip_children = 0;

	if (gz_menu_items(c->db, a, menu, &items, &n) != GZ_OK || n == 0 ||
	    (list = gz_val_list_new(a)) == NULL) {
		return gz_val_null();
	}
	for (i = 0; i < n; i++) {
		const struct gz_menu_item *it = &items[i];
		int child = it->parent_id != 0;

		if (child && (skip_children || children == NULL)) {
			continue;
		}
		if (!it->target_public || (href = item_href(a, it)) == NULL ||
		    (m = gz_val_map_new(a)) == NULL) {
			skip_children = !child;
			continue;
		}
		gz_app_set_str(m, "label", it->label[0] != '\0' ? it->label : it->target_name);
		gz_app_set_str(m, "href", href);
		gz_val_map_set(
		    m, "current",
		    gz_val_bool(strcmp(href, c->req->path) == 0 ||
		                (strcmp(it->kind, GZ_MENU_CATEGORY) == 0 && current[0] != '\0' &&
		                 strcmp(it->target_slug, current) == 0)));
		if (child) {
			gz_val_list_push(children, m);
			continue;
		}
		skip_children = 0;
		if ((children = gz_val_list_new(a)) == NULL) {
			return gz_val_null();
		}
		gz_val_map_set(m, "children", children);
		gz_val_list_push(list, m);
	}
	return list->u.list.nitems > 0 ? list : gz_val_null();
}

/*
 * The media item named by setting key as a map (url; abs: with the base
 * URL; mime, width, height; show_width and show_height: the box it is
 * drawn in when box_h > 0, box_h high and as wide as its shape needs up to
 * box_w, then less high) or null when unset or gone.
 */
static const struct gz_val *
image_val(struct gz_ctx *c, const char *key, const char *base, int64_t box_w, int64_t box_h)
{
	int64_t id = gz_setting_int(c->db, key, 0), sw, sh;
	struct gz_val *v;
	struct gz_media m;

	if (id <= 0 || gz_media_get(c->db, c->arena, id, &m) != GZ_OK || m.width <= 0 ||
	    m.height <= 0 || (v = gz_val_map_new(c->arena)) == NULL) {
		return gz_val_null();
	}
	gz_app_set_str(v, "url", m.url);
	gz_app_set_str(v, "abs", gz_arena_printf(c->arena, "%s%s", base, m.url));
	gz_app_set_str(v, "mime", m.mime);
	gz_app_set_int(v, "width", m.width);
	gz_app_set_int(v, "height", m.height);
	if (box_h > 0) {
		sh = box_h;
		sw = box_h * m.width / m.height;
		if (sw > box_w) {
			sh = box_w * m.height / m.width;
			sw = box_w;
		}
		gz_app_set_int(v, "show_width", sw > 0 ? sw : 1);
		gz_app_set_int(v, "show_height", sh > 0 ? sh : 1);
	}
	return v;
}

void
gz_app_site_nav(struct gz_ctx *c, struct gz_val *site, struct gz_val *nav, const char *current)
{
	const struct gz_val *url = gz_val_map_get(site, "url");
	const char *color = gz_setting_get(c->db, c->arena, "theme_color", "");
	const char *base = "";

	/* Feeds and the JSON-LD want absolute addresses: the same base as
	 * site.url, which the caller set first. */
	if (url != NULL && url->kind == GZ_VAL_STR) {
		base = url->u.s.p;
	}
	current = current != NULL ? current : "";
	gz_val_map_set(site, "logo",
	               image_val(c, "logo_media", base, GZ_APP_LOGO_WIDTH_MAX, GZ_APP_LOGO_HEIGHT));
	gz_val_map_set(site, "favicon", image_val(c, "favicon_media", base, 0, 0));
	/* Stored only after gz_app_color_problem passed it; checked again in
	 * case the table was edited by hand. */
	gz_app_set_str(site, "theme_color",
	               color != NULL && gz_app_color_problem(color) == NULL ? color : "");
	gz_val_map_set(nav, "menu", menu_val(c, GZ_MENU_HEADER, current));
	gz_val_map_set(nav, "footer", menu_val(c, GZ_MENU_FOOTER, current));
}

/* Relative luminance (WCAG 2.1) of the sRGB colour r, g, b (0-255). */
static double
luminance(unsigned r, unsigned g, unsigned b)
{
	const unsigned ch[3] = {r, g, b};
	const double k[3] = {0.2126, 0.7152, 0.0722};
	double sum = 0, v;
	int i;

	for (i = 0; i < 3; i++) {
		v = ch[i] / 255.0;
		v = v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
		sum += k[i] * v;
	}
	return sum;
}

/* The value of hex digit ch, or -1. */
static int
hexval(char ch)
{
	if (ch >= '0' && ch <= '9') {
		return ch - '0';
	}
	if (ch >= 'a' && ch <= 'f') {
		return ch - 'a' + 10;
	}
	return -1;
}

const char *
gz_app_color_problem(const char *s)
{
	unsigned v[3];
	double l, ratio;
	int i;

	if (strlen(s) != 7 || s[0] != '#') {
		return GZ_N_("Give a colour as # and six hexadecimal digits, such as #a3122b.");
	}
	for (i = 0; i < 3; i++) {
		int hi = hexval(s[1 + 2 * i]), lo = hexval(s[2 + 2 * i]);

		if (hi < 0 || lo < 0) {
			return GZ_N_("Give a colour as # and six hexadecimal digits, such as "
			             "#a3122b.");
		}
		v[i] = (unsigned)(hi * 16 + lo);
	}
	/* Links and buttons use the colour on white and white on it: WCAG AA
	 * asks 4.5:1 for text either way. */
	l = luminance(v[0], v[1], v[2]);
	ratio = (1.0 + 0.05) / (l + 0.05);
	if (ratio < 4.5) {
		return GZ_N_("This colour is too light for text on white (4.5:1 contrast is "
		             "needed); choose a darker one.");
	}
	return NULL;
}
