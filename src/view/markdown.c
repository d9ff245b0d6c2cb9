/*
 * Markdown to safe HTML (markdown.h): cmark-gfm's HTML renderer in its
 * safe mode with the table, strikethrough and autolink extensions,
 * headings given ids, tables wrapped so they scroll, Gazette's figures and
 * link cards, and the output cut after a paragraph so a page can insert a
 * link there.  The parse runs under core/md.c's bounded allocator; plain
 * text for search and summaries is md.c's too.  It does not know about
 * articles or templates; the caller sees only arena memory.
 *
 * Figures, link cards and table wrappers are made by rewriting the parsed
 * tree before rendering: each becomes a custom block whose HTML this file
 * writes (escaped here, since cmark writes a custom block's text as it
 * is), so cmark renders everything around them, nested ones included, as
 * before.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cmark-gfm.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/markdown.h"
#include "gazette/md.h"

/* The user data of a custom block that replaced a paragraph (a figure or a
 * link card): it still counts as a paragraph for the split. */
static char from_paragraph;

/* Video sites whose link cards say "Watch on ...": the domain and its
 * subdomains (www.youtube.com, m.youtube.com). */
static const struct video_site {
	const char *domain; /* lower case */
	const char *label;  /* the card's link text */
} video_sites[] = {
    {"youtube.com", "Watch on YouTube"},          {"youtu.be", "Watch on YouTube"},
    {"youtube-nocookie.com", "Watch on YouTube"}, {"vimeo.com", "Watch on Vimeo"},
    {"dailymotion.com", "Watch on Dailymotion"},  {"dai.ly", "Watch on Dailymotion"},
};

static void
append_node_html(struct gz_buf *b, cmark_node *n)
{
	char *html = gz_md_render_html(n);

	if (html == NULL) {
		b->err = GZ_ENOMEM;
		return;
	}
	gz_buf_puts(b, html);
	gz_md_free(html);
}

/* Append s as HTML text or a double-quoted attribute value. */
static void
put_escaped(struct gz_buf *b, const char *s)
{
	size_t run;

	while (*s != '\0') {
		run = strcspn(s, "&<>\"");
		gz_buf_append(b, s, run);
		s += run;
		switch (*s) {
		case '&':
			gz_buf_puts(b, "&amp;");
			break;
		case '<':
			gz_buf_puts(b, "&lt;");
			break;
		case '>':
			gz_buf_puts(b, "&gt;");
			break;
		case '"':
			gz_buf_puts(b, "&quot;");
			break;
		default:
			return; /* the terminating NUL */
		}
		s++;
	}
}

/*
 * Append url as the value of a double-quoted href or src, the way cmark
 * writes its own: bytes outside printable ASCII, and the printable ones
 * that mean something to HTML or are not allowed in a URL (space " < > \
 * ^ ` { | } [ ]), percent-encoded; '%' itself kept, so an encoded URL
 * stays as it is; & and ' as character references.
 */
static void
put_url(struct gz_buf *b, const char *url)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)url; *p != '\0'; p++) {
		if (*p == '&') {
			gz_buf_puts(b, "&amp;");
		} else if (*p == '\'') {
			gz_buf_puts(b, "&#x27;");
		} else if (*p > 0x20 && *p < 0x7f && strchr("\"<>\\^`{|}[]", *p) == NULL) {
			gz_buf_putc(b, (char)*p);
		} else {
			gz_buf_putc(b, '%');
			gz_buf_putc(b, hex[*p >> 4]);
			gz_buf_putc(b, hex[*p & 15]);
		}
	}
}

/* 1 when s begins with prefix, ignoring ASCII case. */
static int
has_prefix(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/*
 * 1 when url is one cmark's safe mode empties: javascript:, vbscript:,
 * file:, or data: other than data:image/png, gif, jpeg or webp (case
 * ignored).  A browser could be made to run the first three; a data: URL
 * could hold a page.
 */
static int
url_dangerous(const char *url)
{
	static const char *const images[] = {"image/png", "image/gif", "image/jpeg", "image/webp"};
	size_t i;

	if (has_prefix(url, "data:")) {
		for (i = 0; i < sizeof(images) / sizeof(images[0]); i++) {
			if (has_prefix(url + 5, images[i])) {
				return 0;
			}
		}
		return 1;
	}
	return has_prefix(url, "javascript:") || has_prefix(url, "vbscript:") ||
	       has_prefix(url, "file:");
}

/* Append the plain text under n (an image's alt text) as cmark writes an
 * alt attribute: text, code and (safe mode or not) inline HTML literals, a
 * space for a line break, markup dropped; not escaped yet. */
static void
put_plain(struct gz_buf *b, cmark_node *n)
{
	cmark_iter *it = cmark_iter_new(n);
	cmark_event_type ev;
	const char *lit;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *c = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(c);

		if (ev != CMARK_EVENT_ENTER) {
			continue;
		}
		if ((t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE || t == CMARK_NODE_HTML_INLINE) &&
		    (lit = cmark_node_get_literal(c)) != NULL) {
			gz_buf_puts(b, lit);
		} else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
			gz_buf_putc(b, ' ');
		}
	}
	cmark_iter_free(it);
}

/* What gz_markdown_render hands to run_render. */
struct render_job {
	const char *md;                      /* source */
	size_t len;                          /* its bytes */
	int split_after;                     /* as gz_markdown_render */
	const struct gz_markdown_opts *opts; /* the image hook and eagerness */
	int nimages;                         /* images on this site written so far */
	struct gz_buf hb;                    /* blocks up to the split, in the arena */
	struct gz_buf tb;                    /* blocks after it */
	struct gz_buf scratch;               /* one figure's or card's HTML */
	struct gz_buf alt;                   /* one image's alt text */
};

static int url_host(const char *url, char *host, size_t size);

/*
 * The host of src into host (size bytes) when it is an image on another
 * site: an absolute http(s) or protocol-relative ("//host/x") address.
 * The page's Content-Security-Policy (img-src 'self') would block it,
 * and Gazette's pages make no request to a third party anyway, so such an
 * image is shown as a link to it (put_offsite).  Returns 1 when offsite.
 */
static int
offsite_host(const char *src, char *host, size_t size)
{
	char abs[2048];

	if (src == NULL || url_dangerous(src)) {
		return 0;
	}
	if (has_prefix(src, "//")) {
		if (strlen(src) + 7 > sizeof(abs)) {
			return 0;
		}
		snprintf(abs, sizeof(abs), "https:%s", src);
		src = abs;
	}
	return url_host(src, host, size);
}

/* Append the link that stands for img, an image on host: its alt text
 * (else "image") and the host, so the reader knows where a click goes.
 * Inside a link (in_link) it is a <span> of the same look instead: a link
 * may not hold another (HTML forbids it and the browser would split the
 * outer one), and the outer link is where a click goes. */
static void
put_offsite(struct gz_buf *b, struct gz_buf *alt, cmark_node *img, const char *host, int in_link)
{
	gz_buf_reset(alt);
	put_plain(alt, img);
	if (in_link) {
		gz_buf_puts(b, "<span class=\"offsite-image\">");
	} else {
		gz_buf_puts(b, "<a class=\"offsite-image\" href=\"");
		put_url(b, cmark_node_get_url(img));
		gz_buf_puts(b, "\" rel=\"nofollow noopener external\">");
	}
	put_escaped(b, alt->len > 0 ? gz_buf_str(alt) : "image");
	gz_buf_puts(b, " <span>(");
	put_escaped(b, host);
	gz_buf_puts(b, in_link ? ")</span></span>" : ")</span></a>");
	if (gz_buf_err(alt) != GZ_OK) {
		b->err = gz_buf_err(alt);
	}
}

/*
 * Ask the image hook about img (an image on this site, src not dangerous)
 * and, when it knows it, append the <img> tag it describes with alt text
 * alt (not escaped yet) and title (may be NULL): src, alt, width and
 * height, srcset and sizes, loading="lazy" after the first opts->eager
 * images, decoding="async".  Returns 1 when it appended, 0 (nothing
 * appended) when there is no hook or it does not know the image.
 */
static int
put_known_img(struct render_job *j, struct gz_buf *b, cmark_node *img, const char *alt,
              const char *title)
{
	struct gz_markdown_image im;
	const char *src = cmark_node_get_url(img);

	memset(&im, 0, sizeof(im));
	if (j->opts == NULL || j->opts->image == NULL || src == NULL || *src == '\0' ||
	    url_dangerous(src) || !j->opts->image(j->opts->image_arg, src, &im)) {
		return 0;
	}
	gz_buf_puts(b, "<img src=\"");
	put_url(b, im.src != NULL && *im.src != '\0' ? im.src : src);
	gz_buf_puts(b, "\" alt=\"");
	put_escaped(b, alt);
	gz_buf_puts(b, "\"");
	if (title != NULL && *title != '\0') {
		gz_buf_puts(b, " title=\"");
		put_escaped(b, title);
		gz_buf_puts(b, "\"");
	}
	if (im.width > 0 && im.height > 0) {
		gz_buf_printf(b, " width=\"%ld\" height=\"%ld\"", im.width, im.height);
	}
	if (im.srcset != NULL && *im.srcset != '\0') {
		gz_buf_puts(b, " srcset=\"");
		put_escaped(b, im.srcset);
		gz_buf_puts(b, "\"");
		if (im.sizes != NULL && *im.sizes != '\0') {
			gz_buf_puts(b, " sizes=\"");
			put_escaped(b, im.sizes);
			gz_buf_puts(b, "\"");
		}
	}
	if (++j->nimages > j->opts->eager) {
		gz_buf_puts(b, " loading=\"lazy\"");
	}
	gz_buf_puts(b, " decoding=\"async\" />");
	return 1;
}

/* Append a figure's caption (may be "") and credit (the plain text under
 * the emphasis node credit, or none when NULL) as its figcaption. */
static void
put_figcaption(struct render_job *j, struct gz_buf *b, const char *caption, cmark_node *credit)
{
	gz_buf_puts(b, "<figcaption>");
	put_escaped(b, caption);
	if (credit != NULL) {
		gz_buf_reset(&j->alt);
		put_plain(&j->alt, credit);
		if (*caption != '\0') {
			gz_buf_putc(b, ' ');
		}
		gz_buf_puts(b, "<span class=\"credit\">");
		put_escaped(b, gz_buf_str(&j->alt));
		gz_buf_puts(b, "</span>");
	}
	gz_buf_puts(b, "</figcaption></figure>");
}

/* Append the figure for img (see is_figure) with its credit (may be NULL). */
static void
put_figure(struct render_job *j, struct gz_buf *b, cmark_node *img, cmark_node *credit)
{
	struct gz_buf *alt = &j->alt;
	const char *src = cmark_node_get_url(img), *title = cmark_node_get_title(img);
	char host[256];

	if (title == NULL) {
		title = "";
	}
	if (offsite_host(src, host, sizeof(host))) {
		gz_buf_puts(b, "<figure class=\"offsite\">");
		put_offsite(b, alt, img, host, 0);
		put_figcaption(j, b, title, credit);
		return;
	}
	gz_buf_reset(alt);
	put_plain(alt, img);
	gz_buf_puts(b, "<figure>");
	if (!put_known_img(j, b, img, gz_buf_str(alt), NULL)) {
		gz_buf_puts(b, "<img src=\"");
		if (src != NULL && !url_dangerous(src)) {
			put_url(b, src);
		}
		gz_buf_puts(b, "\" alt=\"");
		put_escaped(b, gz_buf_str(alt));
		gz_buf_puts(b, "\" loading=\"lazy\" />");
	}
	if (gz_buf_err(alt) != GZ_OK) {
		b->err = gz_buf_err(alt);
	}
	put_figcaption(j, b, title, credit);
	if (gz_buf_err(alt) != GZ_OK) {
		b->err = gz_buf_err(alt);
	}
}

/*
 * 1 when paragraph para is a figure: its only child an image with a
 * non-empty title, or an image, a line break (soft or hard) and one
 * emphasis, nothing else (the credit form, title optional).  *img gets the
 * image, *credit the emphasis or NULL.
 */
static int
is_figure(cmark_node *para, cmark_node **img, cmark_node **credit)
{
	cmark_node *c = gz_md_lone_child(para), *br, *em;
	const char *title;

	*img = *credit = NULL;
	if (para == NULL || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH) {
		return 0;
	}
	if (c != NULL) {
		title = cmark_node_get_title(c);
		if (cmark_node_get_type(c) == CMARK_NODE_IMAGE && title != NULL && *title != '\0') {
			*img = c;
			return 1;
		}
		return 0;
	}
	c = cmark_node_first_child(para);
	if (c == NULL || cmark_node_get_type(c) != CMARK_NODE_IMAGE ||
	    (br = cmark_node_next(c)) == NULL ||
	    (cmark_node_get_type(br) != CMARK_NODE_SOFTBREAK &&
	     cmark_node_get_type(br) != CMARK_NODE_LINEBREAK) ||
	    (em = cmark_node_next(br)) == NULL || cmark_node_get_type(em) != CMARK_NODE_EMPH ||
	    cmark_node_next(em) != NULL) {
		return 0;
	}
	*img = c;
	*credit = em;
	return 1;
}
/*
 * The host of url into host (size bytes, lower case, without a leading
 * "www.") when url is an absolute http or https URL with a host; 0
 * otherwise (and when the host does not fit).  The host is what follows
 * "//" up to the path, query or fragment, less any user:password@ (up to
 * the last '@', as browsers read it) and :port.  It is the host of the
 * href put_url writes, which a browser parses: a backslash, which a
 * browser would read as a '/', is percent-encoded there, so it ends
 * nothing here either ("https://youtube.com\@evil.com/" goes to evil.com
 * and must not be labelled YouTube).
 */
static int
url_host(const char *url, char *host, size_t size)
{
	const char *p, *end, *at, *colon;
	size_t n, i;

	if (has_prefix(url, "https://")) {
		p = url + 8;
	} else if (has_prefix(url, "http://")) {
		p = url + 7;
	} else {
		return 0;
	}
	end = p + strcspn(p, "/?#");
	for (at = p; at < end; at++) {
		if (*at == '@') {
			p = at + 1;
		}
	}
	colon = p;
	if (*p == '[') {
		/* An IPv6 literal keeps its colons. */
		while (colon < end && *colon != ']') {
			colon++;
		}
	}
	while (colon < end && *colon != ':') {
		colon++;
	}
	n = (size_t)(colon - p);
	if (n >= 4 && strncasecmp(p, "www.", 4) == 0) {
		p += 4;
		n -= 4;
	}
	if (n == 0 || n >= size) {
		return 0;
	}
	for (i = 0; i < n; i++) {
		char ch = p[i];

		host[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
	}
	host[n] = '\0';
	return 1;
}

/* The video site host belongs to (the domain or a subdomain), or NULL. */
static const struct video_site *
video_site(const char *host)
{
	size_t i, hn = strlen(host), dn;

	for (i = 0; i < sizeof(video_sites) / sizeof(video_sites[0]); i++) {
		dn = strlen(video_sites[i].domain);
		if (hn == dn && strcmp(host, video_sites[i].domain) == 0) {
			return &video_sites[i];
		}
		if (hn > dn && host[hn - dn - 1] == '.' &&
		    strcmp(host + hn - dn, video_sites[i].domain) == 0) {
			return &video_sites[i];
		}
	}
	return NULL;
}

/*
 * Append the link card for link when it is one: a link whose only child
 * is text equal to its URL, an http or https URL with a host.  Returns 1
 * when it appended, 0 (nothing appended) when link is not a card.
 */
static int
put_card(struct gz_buf *b, cmark_node *link)
{
	cmark_node *text = cmark_node_first_child(link);
	const char *url = cmark_node_get_url(link), *lit;
	const struct video_site *v;
	char host[256];

	if (url == NULL || text == NULL || cmark_node_next(text) != NULL ||
	    cmark_node_get_type(text) != CMARK_NODE_TEXT ||
	    (lit = cmark_node_get_literal(text)) == NULL || strcmp(lit, url) != 0 ||
	    !url_host(url, host, sizeof(host))) {
		return 0;
	}
	v = video_site(host);
	gz_buf_puts(b, v != NULL ? "<p class=\"link-card link-card-video\"><a href=\""
	                         : "<p class=\"link-card\"><a href=\"");
	put_url(b, url);
	gz_buf_puts(b, "\" rel=\"nofollow noopener external\">");
	if (v != NULL) {
		gz_buf_puts(b, v->label);
	} else {
		gz_buf_puts(b, "Open link on ");
		put_escaped(b, host);
	}
	gz_buf_puts(b, "</a> <span>");
	put_escaped(b, url);
	gz_buf_puts(b, "</span></p>");
	return 1;
}

/*
 * Replace paragraph para by a figure or a link card when it is one (see
 * markdown.h).  Returns the custom block put in its place (para is
 * freed), or NULL when para stays.
 */
static cmark_node *
rewrite_paragraph(struct render_job *j, cmark_node *para)
{
	cmark_node *c = gz_md_lone_child(para), *repl, *img, *credit;
	cmark_node *parent = cmark_node_parent(para);
	int made = 0;

	gz_buf_reset(&j->scratch);
	if (is_figure(para, &img, &credit)) {
		put_figure(j, &j->scratch, img, credit);
		made = 1;
	} else if (c != NULL && cmark_node_get_type(c) == CMARK_NODE_LINK && parent != NULL &&
	           cmark_node_get_type(parent) == CMARK_NODE_DOCUMENT) {
		made = put_card(&j->scratch, c);
	}
	if (!made || gz_buf_err(&j->scratch) != GZ_OK) {
		/* An arena failure stays on scratch: gz_markdown_render reports it. */
		return NULL;
	}
	repl = gz_md_custom_block(gz_buf_str(&j->scratch), "");
	cmark_node_set_user_data(repl, &from_paragraph);
	if (!cmark_node_replace(para, repl)) {
		/* cmark refused the replacement (its parent cannot hold it): the
		 * node stays as cmark renders it. */
		cmark_node_free(repl);
		return NULL;
	}
	cmark_node_free(para);
	return repl;
}

/*
 * Replace table by a custom block holding its HTML inside
 * <div class="table-wrap" role="region" aria-label="Table" tabindex="0">
 * (a wrapper that may scroll must be reachable by keyboard, and a focused
 * region needs a name), a column's alignment as a class
 * (<td class="align-right">) where cmark-gfm writes the align attribute,
 * which HTML5 made obsolete (the Nu checker rejects it) and which a style
 * attribute could not replace under the page's Content-Security-Policy.
 * The rewrite is safe on cmark's output: it writes no '<' of its own
 * inside a cell (text is escaped, raw HTML omitted), so "<td align=" can
 * only be its own tag.  Returns the replacement, or NULL when the arena
 * refused (left on scratch) and the table stays as it is.
 */
static cmark_node *
render_table(struct render_job *j, cmark_node *table)
{
	char *html = gz_md_render_html(table), *p, *t;
	cmark_node *repl;

	gz_buf_reset(&j->scratch);
	gz_buf_puts(&j->scratch, "<div class=\"table-wrap\" role=\"region\" aria-label=\"Table\" "
	                         "tabindex=\"0\">\n");
	for (p = html; (t = strstr(p, "<t")) != NULL; p = t) {
		t += 3; /* past "<th" or "<td" (or "<tr", "<ta", "<tb"...) */
		if ((t[-1] == 'h' || t[-1] == 'd') && strncmp(t, " align=\"", 8) == 0) {
			gz_buf_append(&j->scratch, p, (size_t)(t - p));
			gz_buf_puts(&j->scratch, " class=\"align-");
			t += 8;
		} else {
			gz_buf_append(&j->scratch, p, (size_t)(t - p));
		}
	}
	gz_buf_puts(&j->scratch, p);
	gz_buf_puts(&j->scratch, "</div>");
	gz_md_free(html);
	if (gz_buf_err(&j->scratch) != GZ_OK) {
		return NULL;
	}
	repl = gz_md_custom_block(gz_buf_str(&j->scratch), "");
	if (!cmark_node_replace(table, repl)) {
		/* cmark refused the replacement (its parent cannot hold it): the
		 * node stays as cmark renders it. */
		cmark_node_free(repl);
		return NULL;
	}
	cmark_node_free(table);
	return repl;
}

/*
 * Replace img, an image on host, by cmark's own nodes where a custom inline
 * may not stand (a table cell): a plain link to it whose text is its alt
 * text (else "image") and the host, or that text alone inside a link.
 * Returns the replacement, or NULL when img stays.
 */
static cmark_node *
offsite_plain(struct render_job *j, cmark_node *img, const char *host, int in_link)
{
	cmark_node *text, *repl;

	gz_buf_reset(&j->alt);
	put_plain(&j->alt, img);
	gz_buf_reset(&j->scratch);
	gz_buf_puts(&j->scratch, j->alt.len > 0 ? gz_buf_str(&j->alt) : "image");
	gz_buf_puts(&j->scratch, " (");
	gz_buf_puts(&j->scratch, host);
	gz_buf_puts(&j->scratch, ")");
	if (gz_buf_err(&j->scratch) != GZ_OK || gz_buf_err(&j->alt) != GZ_OK) {
		return NULL;
	}
	text = repl = gz_md_node_new(CMARK_NODE_TEXT);
	cmark_node_set_literal(text, gz_buf_str(&j->scratch));
	if (!in_link) {
		repl = gz_md_node_new(CMARK_NODE_LINK);
		cmark_node_set_url(repl, cmark_node_get_url(img));
		cmark_node_append_child(repl, text);
	}
	if (!cmark_node_replace(img, repl)) {
		cmark_node_free(repl);
		return NULL;
	}
	cmark_node_free(img);
	return repl;
}

/*
 * Replace img, an image on this site that is not a figure, by the <img>
 * the image hook describes (put_known_img) as a custom inline.  Returns the
 * replacement, or NULL when img stays: the hook does not know it, the
 * arena refused, or cmark would not have a custom inline there (a table
 * cell), where cmark's own <img> is written.
 */
static cmark_node *
rewrite_known_image(struct render_job *j, cmark_node *img)
{
	cmark_node *repl;
	int before = j->nimages;

	gz_buf_reset(&j->alt);
	put_plain(&j->alt, img);
	gz_buf_reset(&j->scratch);
	if (gz_buf_err(&j->alt) != GZ_OK ||
	    !put_known_img(j, &j->scratch, img, gz_buf_str(&j->alt), cmark_node_get_title(img)) ||
	    gz_buf_err(&j->scratch) != GZ_OK) {
		return NULL;
	}
	repl = gz_md_custom_inline(gz_buf_str(&j->scratch), "");
	if (!cmark_node_replace(img, repl)) {
		cmark_node_free(repl);
		j->nimages = before;
		return NULL;
	}
	cmark_node_free(img);
	return repl;
}

/*
 * Replace img, an image on another site that is not a figure (those are
 * put_figure's), by the link put_offsite writes.  Returns the
 * replacement, or NULL when img stays (on site, or the arena refused).
 */
static cmark_node *
rewrite_image(struct render_job *j, cmark_node *img)
{
	cmark_node *para = cmark_node_parent(img), *repl, *up, *fig, *credit;
	char host[256];
	int in_link = 0;

	if (is_figure(para, &fig, &credit) && fig == img) {
		return NULL; /* a figure: rewrite_paragraph writes it */
	}
	if (!offsite_host(cmark_node_get_url(img), host, sizeof(host))) {
		return rewrite_known_image(j, img);
	}
	/* [![alt](thumbnail)](full size): WordPress's linked image. */
	for (up = para; up != NULL && !in_link; up = cmark_node_parent(up)) {
		in_link = cmark_node_get_type(up) == CMARK_NODE_LINK;
	}
	gz_buf_reset(&j->scratch);
	put_offsite(&j->scratch, &j->alt, img, host, in_link);
	if (gz_buf_err(&j->scratch) != GZ_OK) {
		return NULL;
	}
	repl = gz_md_custom_inline(gz_buf_str(&j->scratch), "");
	if (!cmark_node_replace(img, repl)) {
		/* A table cell holds no custom inline: cmark's own nodes then. */
		cmark_node_free(repl);
		return offsite_plain(j, img, host, in_link);
	}
	cmark_node_free(img);
	return repl;
}

/* 1 when n is a table of the table extension (no core type has its name). */
static int
is_table(cmark_node *n)
{
	return strcmp(cmark_node_get_type_string(n), "table") == 0;
}

/* Rewrite the tree under doc: figures, link cards, wrapped tables.  Each
 * node is replaced when the walk leaves it, and the walk goes on from its
 * replacement (cmark allows changing a node only after leaving it).
 * Headings, met in document order, are lowered so none is more than one
 * level below the one before it, the first at most <h2>: the page's title
 * is its <h1>, and a skipped level (an <h3> straight under it, as
 * WordPress themes' posts often have) breaks the outline screen readers
 * navigate by, which the Nu HTML checker reports as an error. */
static void
rewrite(struct render_job *j, cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	int level = 1; /* the heading before, the page's <h1> at first */

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it), *repl = NULL;

		if (ev != CMARK_EVENT_EXIT) {
			continue;
		}
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING) {
			if (cmark_node_get_heading_level(n) > level + 1) {
				cmark_node_set_heading_level(n, level + 1);
			}
			level = cmark_node_get_heading_level(n);
		} else if (cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH) {
			repl = rewrite_paragraph(j, n);
		} else if (cmark_node_get_type(n) == CMARK_NODE_IMAGE) {
			repl = rewrite_image(j, n);
		} else if (is_table(n)) {
			repl = render_table(j, n);
		}
		if (repl != NULL) {
			cmark_iter_reset(it, repl, CMARK_EVENT_EXIT);
		}
	}
	cmark_iter_free(it);
}

/*
 * A heading with an id, so pages can link to sections (/privacy#cookies).
 * The id is the trailing "{#id}" of the heading text when present (it is
 * removed from the text), else the heading's text folded to [a-z0-9-].
 */
static void
append_heading(struct gz_buf *b, cmark_node *h)
{
	char id[64], *html;
	cmark_node *last = cmark_node_last_child(h), *c;
	const char *lit = last && cmark_node_get_type(last) == CMARK_NODE_TEXT
	                      ? cmark_node_get_literal(last)
	                      : NULL;
	const char *brace = lit ? strstr(lit, "{#") : NULL;
	size_t n = 0, i;
	int level = cmark_node_get_heading_level(h), dash = 0;

	if (brace != NULL && brace[strlen(brace) - 1] == '}') {
		for (i = 2; brace[i] != '}' && n < sizeof(id) - 1; i++) {
			unsigned char ch = (unsigned char)brace[i];

			if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' ||
			    ch == '_') {
				id[n++] = (char)ch;
			}
		}
		/* Drop the marker and the space before it from the visible text. */
		{
			size_t keep = (size_t)(brace - lit);
			char text[1024];

			while (keep > 0 && lit[keep - 1] == ' ') {
				keep--;
			}
			if (keep < sizeof(text)) {
				memcpy(text, lit, keep);
				text[keep] = '\0';
				cmark_node_set_literal(last, text);
			}
		}
	} else {
		cmark_iter *it = cmark_iter_new(h);

		while (it != NULL && cmark_iter_next(it) != CMARK_EVENT_DONE) {
			cmark_node *t = cmark_iter_get_node(it);
			const char *p = cmark_node_get_type(t) == CMARK_NODE_TEXT
			                    ? cmark_node_get_literal(t)
			                    : NULL;

			for (; p && *p && n < sizeof(id) - 1; p++) {
				unsigned char ch =
				    (unsigned char)(*p | (*p >= 'A' && *p <= 'Z' ? 32 : 0));

				if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
					if (dash && n > 0) {
						id[n++] = '-';
					}
					dash = 0;
					if (n < sizeof(id) - 1) {
						id[n++] = (char)ch;
					}
				} else {
					dash = 1;
				}
			}
		}
		cmark_iter_free(it);
	}
	id[n] = '\0';
	if (n == 0) {
		append_node_html(b, h);
		return;
	}
	gz_buf_printf(b, "<h%d id=\"%s\">", level, id);
	for (c = cmark_node_first_child(h); c != NULL; c = cmark_node_next(c)) {
		if ((html = gz_md_render_html(c)) == NULL) {
			b->err = GZ_ENOMEM;
			return;
		}
		gz_buf_puts(b, html);
		gz_md_free(html);
	}
	gz_buf_printf(b, "</h%d>\n", level);
}

/* Parse, rewrite and render; gz_md_protected calls it. */
static enum gz_err
run_render(void *arg)
{
	struct render_job *j = arg;
	cmark_node *doc = gz_md_parse(j->md, j->len), *n;
	int paras = 0, split = 0;

	rewrite(j, doc);
	for (n = cmark_node_first_child(doc); n != NULL; n = cmark_node_next(n)) {
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING) {
			append_heading(split ? &j->tb : &j->hb, n);
		} else {
			append_node_html(split ? &j->tb : &j->hb, n);
		}
		if ((cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH ||
		     cmark_node_get_user_data(n) == &from_paragraph) &&
		    ++paras == j->split_after) {
			split = 1;
		}
	}
	cmark_node_free(doc);
	return GZ_OK;
}

enum gz_err
gz_markdown_render(struct gz_arena *a, const char *md, size_t len, int split_after, char **head,
                   char **tail)
{
	struct gz_markdown_opts o;

	memset(&o, 0, sizeof(o));
	o.split_after = split_after;
	return gz_markdown_render_opts(a, md, len, &o, head, tail);
}

enum gz_err
gz_markdown_render_opts(struct gz_arena *a, const char *md, size_t len,
                        const struct gz_markdown_opts *opts, char **head, char **tail)
{
	struct render_job j;
	enum gz_err rc;

	*head = *tail = NULL;
	if (len > GZ_MD_MAX) {
		return GZ_ETOOBIG;
	}
	j.md = md;
	j.len = len;
	j.split_after = opts->split_after;
	j.opts = opts;
	j.nimages = 0;
	gz_buf_init(&j.hb, a, 0);
	gz_buf_init(&j.tb, a, 0);
	gz_buf_init(&j.scratch, a, 0);
	gz_buf_init(&j.alt, a, 0);
	gz_buf_reserve(&j.hb, len + len / 4 + 64);
	gz_buf_reserve(&j.tb, 16);
	if ((rc = gz_md_protected(a, run_render, &j)) != GZ_OK ||
	    (rc = gz_buf_err(&j.hb)) != GZ_OK || (rc = gz_buf_err(&j.tb)) != GZ_OK ||
	    (rc = gz_buf_err(&j.scratch)) != GZ_OK || (rc = gz_buf_err(&j.alt)) != GZ_OK) {
		return rc;
	}
	*head = j.hb.data;
	*tail = j.tb.data;
	return GZ_OK;
}
