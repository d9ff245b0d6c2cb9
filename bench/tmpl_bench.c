/*
 * Template benchmark: renders an article page (layout, 2.5 KB body, tags,
 * 10 related articles, 20 comments, comment form) through the template
 * module and through a hand-written gz_buf/snprintf version of the same
 * page, checks the two outputs are byte-identical, and reports renders per
 * second and the ratio.  Two template figures are given: render only (the
 * value tree built once) and build + render (the handler builds the tree
 * from model structs on every request, as it really does).
 *
 *   tmpl_bench [SECONDS_PER_CASE]     (default 2)
 *
 * Exits 1 if the outputs differ.  See bench/run-tmpl.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/tmpl.h"
#include "gazette/value.h"

/* ---- model structs, as the model layer would hand them over ---- */

struct b_tag {
	const char *slug; /* URL slug */
	const char *name; /* display name */
};

struct b_related {
	const char *slug;    /* URL slug */
	const char *title;   /* headline */
	long long published; /* Unix time */
};

struct b_comment {
	long long id;       /* comment id */
	const char *author; /* display name */
	const char *body;   /* plain text */
	long long created;  /* Unix time */
};

struct b_page {
	const char *site_name;         /* site title */
	int year;                      /* footer year */
	struct b_tag cats[6];          /* navigation categories */
	const char *title;             /* article headline */
	const char *slug;              /* article slug */
	const char *author_login;      /* author URL part */
	const char *author_name;       /* author display name */
	long long published;           /* Unix time */
	const char *body_html;         /* sanitised Markdown output */
	struct b_tag tags[4];          /* article tags */
	struct b_related related[10];  /* related articles */
	struct b_comment comments[20]; /* approved comments */
	const char *csrf;              /* form token */
};

static const char *const T_BASE =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<title>{% block title %}{{ site.name }}{% endblock %}</title>\n"
    "<link rel=\"stylesheet\" href=\"/static/style.css\">\n</head>\n<body>\n"
    "<header><a href=\"/\">{{ site.name }}</a>\n"
    "<nav>{% for c in site.categories %}<a href=\"/category/{{ c.slug }}\">{{ c.name }}</a>"
    "{% endfor %}</nav>\n</header>\n"
    "<main>{% block main %}{% endblock %}</main>\n"
    "<footer>&copy; {{ site.year }} {{ site.name }}</footer>\n</body>\n</html>\n";

static const char *const T_ARTICLE =
    "{% extends \"layout/base.html\" %}\n"
    "{% block title %}{{ article.title }} - {{ site.name }}{% endblock %}\n"
    "{% block main %}<article>\n<h1>{{ article.title }}</h1>\n"
    "<p class=\"byline\">By <a href=\"/author/{{ article.author.login }}\">"
    "{{ article.author.name }}</a>\n"
    "<time datetime=\"{{ article.published|date:\"iso\" }}\">"
    "{{ article.published|date:\"%B %d, %Y\" }}</time></p>\n"
    "<div class=\"body\">{{ article.body_html|safe }}</div>\n"
    "<ul class=\"tags\">{% for t in article.tags %}<li><a href=\"/tag/{{ t.slug }}\">"
    "{{ t.name }}</a></li>{% endfor %}</ul>\n</article>\n"
    "<aside><h2>Related</h2><ul>\n"
    "{% for r in related %}<li><a href=\"/article/{{ r.slug }}\">{{ r.title }}</a> "
    "<small>{{ r.published|date:\"%Y-%m-%d\" }}</small></li>\n{% endfor %}</ul></aside>\n"
    "<section id=\"comments\"><h2>{{ comments|length }} comment{{ comments|pluralize }}</h2>\n"
    "{% for c in comments %}<div class=\"comment\" id=\"c{{ c.id }}\"><p class=\"who\">"
    "{{ c.author }} <time datetime=\"{{ c.created|date:\"iso\" }}\">"
    "{{ c.created|date:\"%Y-%m-%d %H:%M\" }}</time></p>\n<p>{{ c.body }}</p></div>\n"
    "{% else %}<p>No comments yet.</p>\n{% endfor %}</section>\n"
    "{% include \"partials/comment_form.html\" %}\n{% endblock %}\n";

static const char *const T_FORM =
    "<form method=\"post\" action=\"/article/{{ article.slug }}/comments\">\n"
    "<input type=\"hidden\" name=\"csrf\" value=\"{{ csrf }}\">\n"
    "<textarea name=\"body\"></textarea>\n<button>Send</button>\n</form>";

/* ---- the page data ---- */

static char body_html[4096];

static void
make_page(struct b_page *p)
{
	static const char *const names[] = {"Ann O'Neil", "Bo \"B\" Berg", "Chris <C>",
	                                    "Dana & Co",  "Eli",           "Fay"};
	static char rel_slug[10][48], rel_title[10][96], com_body[20][256];
	static const char *const para =
	    "<p>The storm that reached the coast on Tuesday night brought winds of up to "
	    "120 km/h and flooded the lower town, where <em>dozens</em> of shops stayed "
	    "closed the next morning. &ldquo;We have never seen the water this high,&rdquo; "
	    "said a shop owner on Harbour Street.</p>\n";
	int i;

	memset(p, 0, sizeof(*p));
	p->site_name = "The Daily Gazette";
	p->year = 2024;
	p->cats[0] = (struct b_tag){"news", "News"};
	p->cats[1] = (struct b_tag){"politics", "Politics"};
	p->cats[2] = (struct b_tag){"business", "Business"};
	p->cats[3] = (struct b_tag){"culture", "Culture"};
	p->cats[4] = (struct b_tag){"sport", "Sport"};
	p->cats[5] = (struct b_tag){"opinion", "Opinion"};
	p->title = "Storm hits the coast: \"worst in decades\" as towns flood";
	p->slug = "storm-hits-the-coast";
	p->author_login = "ann";
	p->author_name = "Ann O'Neil";
	p->published = 1700000000;
	body_html[0] = '\0';
	for (i = 0; i < 9; i++) {
		strcat(body_html, para);
	}
	p->body_html = body_html;
	p->tags[0] = (struct b_tag){"weather", "Weather"};
	p->tags[1] = (struct b_tag){"coast", "Coast"};
	p->tags[2] = (struct b_tag){"floods", "Floods"};
	p->tags[3] = (struct b_tag){"local-news", "Local news"};
	for (i = 0; i < 10; i++) {
		snprintf(rel_slug[i], sizeof(rel_slug[i]), "related-story-number-%d", i);
		snprintf(rel_title[i], sizeof(rel_title[i]),
		         "Related story %d: what the flood & wind "
		         "left behind",
		         i);
		p->related[i] =
		    (struct b_related){rel_slug[i], rel_title[i], 1699000000 + i * 86400};
	}
	for (i = 0; i < 20; i++) {
		snprintf(com_body[i], sizeof(com_body[i]),
		         "Comment %d: I live near the harbour and the water came up faster than "
		         "anyone expected. The council's \"plan\" did not work <at all> & we need "
		         "better defences before the next winter storm arrives.",
		         i);
		p->comments[i] =
		    (struct b_comment){1000 + i, names[i % 6], com_body[i], 1700003600 + i * 600};
	}
	p->csrf = "k3J9x_Qm2v8Lr0aZ";
}

/* ---- hand-written version ---- */

static void
hw_esc(struct gz_buf *b, const char *s)
{
	const char *run = s;

	for (; *s; s++) {
		const char *rep;

		switch (*s) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&#34;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		gz_buf_append(b, run, (size_t)(s - run));
		gz_buf_puts(b, rep);
		run = s + 1;
	}
	gz_buf_append(b, run, (size_t)(s - run));
}

static void
hw_date(struct gz_buf *b, long long t, const char *fmt)
{
	char out[64];
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	gz_buf_append(b, out, strftime(out, sizeof(out), fmt, &tm));
#pragma GCC diagnostic pop
}

static void
hw_render(const struct b_page *p, struct gz_buf *b)
{
	int i;

	gz_buf_puts(
	    b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	hw_esc(b, p->title);
	gz_buf_puts(b, " - ");
	hw_esc(b, p->site_name);
	gz_buf_puts(b, "</title>\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n</head>\n"
	               "<body>\n<header><a href=\"/\">");
	hw_esc(b, p->site_name);
	gz_buf_puts(b, "</a>\n<nav>");
	for (i = 0; i < 6; i++) {
		gz_buf_printf(b, "<a href=\"/category/%s\">", p->cats[i].slug);
		hw_esc(b, p->cats[i].name);
		gz_buf_puts(b, "</a>");
	}
	gz_buf_puts(b, "</nav>\n</header>\n<main><article>\n<h1>");
	hw_esc(b, p->title);
	gz_buf_printf(b, "</h1>\n<p class=\"byline\">By <a href=\"/author/%s\">", p->author_login);
	hw_esc(b, p->author_name);
	gz_buf_puts(b, "</a>\n<time datetime=\"");
	hw_date(b, p->published, "%Y-%m-%dT%H:%M:%SZ");
	gz_buf_puts(b, "\">");
	hw_date(b, p->published, "%B %d, %Y");
	gz_buf_puts(b, "</time></p>\n<div class=\"body\">");
	gz_buf_puts(b, p->body_html);
	gz_buf_puts(b, "</div>\n<ul class=\"tags\">");
	for (i = 0; i < 4; i++) {
		gz_buf_printf(b, "<li><a href=\"/tag/%s\">", p->tags[i].slug);
		hw_esc(b, p->tags[i].name);
		gz_buf_puts(b, "</a></li>");
	}
	gz_buf_puts(b, "</ul>\n</article>\n<aside><h2>Related</h2><ul>\n");
	for (i = 0; i < 10; i++) {
		gz_buf_printf(b, "<li><a href=\"/article/%s\">", p->related[i].slug);
		hw_esc(b, p->related[i].title);
		gz_buf_puts(b, "</a> <small>");
		hw_date(b, p->related[i].published, "%Y-%m-%d");
		gz_buf_puts(b, "</small></li>\n");
	}
	gz_buf_printf(b, "</ul></aside>\n<section id=\"comments\"><h2>%d comment%s</h2>\n", 20,
	              "s");
	for (i = 0; i < 20; i++) {
		gz_buf_printf(b, "<div class=\"comment\" id=\"c%lld\"><p class=\"who\">",
		              p->comments[i].id);
		hw_esc(b, p->comments[i].author);
		gz_buf_puts(b, " <time datetime=\"");
		hw_date(b, p->comments[i].created, "%Y-%m-%dT%H:%M:%SZ");
		gz_buf_puts(b, "\">");
		hw_date(b, p->comments[i].created, "%Y-%m-%d %H:%M");
		gz_buf_puts(b, "</time></p>\n<p>");
		hw_esc(b, p->comments[i].body);
		gz_buf_puts(b, "</p></div>\n");
	}
	gz_buf_printf(b,
	              "</section>\n<form method=\"post\" action=\"/article/%s/comments\">\n"
	              "<input type=\"hidden\" name=\"csrf\" value=\"",
	              p->slug);
	hw_esc(b, p->csrf);
	gz_buf_puts(b, "\">\n<textarea name=\"body\"></textarea>\n<button>Send</button>\n</form>\n"
	               "</main>\n<footer>&copy; ");
	gz_buf_printf(b, "%d ", p->year);
	hw_esc(b, p->site_name);
	gz_buf_puts(b, "</footer>\n</body>\n</html>\n");
}

/* ---- the value tree a handler would build ---- */

static struct gz_val *
tag_val(struct gz_arena *a, const struct b_tag *t)
{
	struct gz_val *m = gz_val_map_new(a);

	gz_val_map_set(m, "slug", gz_val_str_ref(a, t->slug, strlen(t->slug)));
	gz_val_map_set(m, "name", gz_val_str_ref(a, t->name, strlen(t->name)));
	return m;
}

static struct gz_val *
build(struct gz_arena *a, const struct b_page *p)
{
	struct gz_val *d = gz_val_map_new(a), *site = gz_val_map_new(a), *art = gz_val_map_new(a);
	struct gz_val *cats = gz_val_list_new(a), *tags = gz_val_list_new(a);
	struct gz_val *rel = gz_val_list_new(a), *coms = gz_val_list_new(a),
	              *au = gz_val_map_new(a);
	int i;

	gz_val_map_set(site, "name", gz_val_str_ref(a, p->site_name, strlen(p->site_name)));
	gz_val_map_set(site, "year", gz_val_int(a, p->year));
	for (i = 0; i < 6; i++) {
		gz_val_list_push(cats, tag_val(a, &p->cats[i]));
	}
	gz_val_map_set(site, "categories", cats);
	gz_val_map_set(d, "site", site);
	gz_val_map_set(art, "title", gz_val_str_ref(a, p->title, strlen(p->title)));
	gz_val_map_set(art, "slug", gz_val_str_ref(a, p->slug, strlen(p->slug)));
	gz_val_map_set(au, "login", gz_val_str_ref(a, p->author_login, strlen(p->author_login)));
	gz_val_map_set(au, "name", gz_val_str_ref(a, p->author_name, strlen(p->author_name)));
	gz_val_map_set(art, "author", au);
	gz_val_map_set(art, "published", gz_val_int(a, p->published));
	/* The real handler gets this from gz_markdown_render. */
	gz_val_map_set(art, "body_html", gz_val_html(a, p->body_html));
	for (i = 0; i < 4; i++) {
		gz_val_list_push(tags, tag_val(a, &p->tags[i]));
	}
	gz_val_map_set(art, "tags", tags);
	gz_val_map_set(d, "article", art);
	for (i = 0; i < 10; i++) {
		struct gz_val *r = gz_val_map_new(a);

		gz_val_map_set(r, "slug",
		               gz_val_str_ref(a, p->related[i].slug, strlen(p->related[i].slug)));
		gz_val_map_set(r, "title",
		               gz_val_str_ref(a, p->related[i].title, strlen(p->related[i].title)));
		gz_val_map_set(r, "published", gz_val_int(a, p->related[i].published));
		gz_val_list_push(rel, r);
	}
	gz_val_map_set(d, "related", rel);
	for (i = 0; i < 20; i++) {
		struct gz_val *c = gz_val_map_new(a);

		gz_val_map_set(c, "id", gz_val_int(a, p->comments[i].id));
		gz_val_map_set(
		    c, "author",
		    gz_val_str_ref(a, p->comments[i].author, strlen(p->comments[i].author)));
		gz_val_map_set(c, "body",
		               gz_val_str_ref(a, p->comments[i].body, strlen(p->comments[i].body)));
		gz_val_map_set(c, "created", gz_val_int(a, p->comments[i].created));
		gz_val_list_push(coms, c);
	}
	gz_val_map_set(d, "comments", coms);
	gz_val_map_set(d, "csrf", gz_val_str_ref(a, p->csrf, strlen(p->csrf)));
	return d;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

enum mode {
	M_HAND,  /* hand-written */
	M_TMPL,  /* template, tree built once */
	M_BUILD, /* template, tree built per render */
};

/* Renders per second of mode over about secs seconds. */
static double
measure(enum mode m, const struct gz_tmpl_set *set, const struct b_page *p,
        const struct gz_val *tree, double secs)
{
	struct gz_arena a;
	double start = now(), t;
	long n = 0;

	gz_arena_init(&a, 256 * 1024, 0);
	do {
		int k;

		for (k = 0; k < 200; k++) {
			struct gz_buf b;

			gz_buf_init(&b, &a, 0);
			gz_buf_reserve(&b, 16 * 1024);
			if (m == M_HAND) {
				hw_render(p, &b);
			} else {
				gz_tmpl_render(set, "article.html",
				               m == M_BUILD ? build(&a, p) : tree, &a, &b);
			}
			gz_arena_reset(&a);
		}
		n += 200;
		t = now() - start;
	} while (t < secs);
	gz_arena_free(&a);
	return (double)n / t;
}

int
main(int argc, char *argv[])
{
	const struct gz_embedded files[] = {
	    {"layout/base.html", (const unsigned char *)T_BASE, strlen(T_BASE)},
	    {"article.html", (const unsigned char *)T_ARTICLE, strlen(T_ARTICLE)},
	    {"partials/comment_form.html", (const unsigned char *)T_FORM, strlen(T_FORM)},
	    {NULL, NULL, 0},
	};
	double secs = argc > 1 ? atof(argv[1]) : 2.0, hand, tmpl, both;
	struct gz_tmpl_set *set;
	struct gz_arena a;
	struct gz_buf b1, b2;
	struct b_page page;
	const struct gz_val *tree;
	char err[512];

	make_page(&page);
	if ((set = gz_tmpl_set_load_mem(files, 1, err, sizeof(err))) == NULL) {
		fprintf(stderr, "compile: %s\n", err);
		return 1;
	}
	gz_arena_init(&a, 256 * 1024, 0);
	tree = build(&a, &page);
	gz_buf_init(&b1, NULL, 0);
	gz_buf_init(&b2, NULL, 0);
	hw_render(&page, &b1);
	if (gz_tmpl_render(set, "article.html", tree, &a, &b2) != GZ_OK || b1.len != b2.len ||
	    memcmp(b1.data, b2.data, b1.len) != 0) {
		size_t i = 0;

		while (i < b1.len && i < b2.len && b1.data[i] == b2.data[i]) {
			i++;
		}
		fprintf(stderr,
		        "outputs differ at byte %zu (hand %zu bytes, template %zu)\n"
		        "hand:     %.80s\ntemplate: %.80s\n",
		        i, b1.len, b2.len, b1.data + i, gz_buf_str(&b2) + i);
		return 1;
	}
	printf("page: %zu bytes, identical\n", b1.len);
	hand = measure(M_HAND, set, &page, tree, secs);
	tmpl = measure(M_TMPL, set, &page, tree, secs);
	both = measure(M_BUILD, set, &page, tree, secs);
	printf("hand-written:            %9.0f renders/s\n", hand);
	printf("template (render only):  %9.0f renders/s  ratio %.2f\n", tmpl, tmpl / hand);
	printf("template (build+render): %9.0f renders/s  ratio %.2f\n", both, both / hand);
	printf("target: ratio >= 0.50 -> %s\n", tmpl / hand >= 0.5 ? "met" : "NOT met");
	gz_buf_free(&b1);
	gz_buf_free(&b2);
	gz_arena_free(&a);
	gz_tmpl_set_free(set);
	return 0;
}
