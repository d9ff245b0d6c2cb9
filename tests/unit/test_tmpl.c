/*
 * Template module tests: every construct of the language, every escaping
 * context against a table of hostile values, compile errors with their
 * positions, the limits (deep nesting, long templates), loading from a
 * folder, the reload holder and rendering from several threads.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/tmpl.h"
#include "gazette/utf8.h"
#include "gazette/value.h"
#include "test.h"
#include "testdb.h"

static struct gz_arena A;
static char err[512];

/* Output of src compiled as t.html (strict) with data, or "ERR: message". */
static const char *
run_mode(const char *name, const char *src, const struct gz_val *data, int strict)
{
	struct gz_tmpl_set *set = gz_tmpl_set_compile_string(name, src, strict, err, sizeof(err));
	struct gz_buf b;
	const char *msg;
	enum gz_err rc;

	if (set == NULL) {
		return gz_arena_printf(&A, "ERR: %s", err);
	}
	gz_buf_init(&b, &A, 0);
	rc = gz_tmpl_render_msg(set, name, data, &A, &b, &msg);
	gz_tmpl_set_free(set);
	if (rc != GZ_OK) {
		return gz_arena_printf(&A, "RENDER %d: %s", (int)rc, msg ? msg : "?");
	}
	return gz_buf_str(&b);
}

static const char *
run(const char *src, const struct gz_val *data)
{
	return run_mode("t.html", src, data, 1);
}

/* The compile error for src, or "" when it compiles. */
static const char *
cerr(const char *src)
{
	struct gz_tmpl_set *set = gz_tmpl_set_compile_string("t.html", src, 1, err, sizeof(err));

	if (set != NULL) {
		gz_tmpl_set_free(set);
		return "";
	}
	return err;
}

static struct gz_val *
map(void)
{
	return gz_val_map_new(&A);
}

static void
set_s(struct gz_val *m, const char *k, const char *v)
{
	gz_val_map_set(m, k, gz_val_str(&A, v));
}

static void
set_i(struct gz_val *m, const char *k, long long v)
{
	gz_val_map_set(m, k, gz_val_int(&A, v));
}

static struct gz_val *
strlist(const char *const *items)
{
	struct gz_val *l = gz_val_list_new(&A);

	for (; *items != NULL; items++) {
		gz_val_list_push(l, gz_val_str(&A, *items));
	}
	return l;
}

/* A data tree like a handler's: an article with tags and an author. */
static struct gz_val *
fixture(void)
{
	static const char *const tags[] = {"politics", "local news", "a&b", NULL};
	struct gz_val *d = map(), *art = map(), *author = map();

	set_s(art, "title", "Storm <hits> \"coast\"");
	set_s(art, "slug", "storm-hits-coast");
	set_i(art, "published", 1700000000);
	set_i(art, "views", 1);
	gz_val_map_set(art, "body_html", gz_val_html(&A, "<p>Body &amp; more</p>"));
	gz_val_map_set(art, "tags", strlist(tags));
	set_s(author, "name", "Ann O'Neil");
	gz_val_map_set(art, "author", author);
	gz_val_map_set(art, "draft", gz_val_bool(0));
	gz_val_map_set(art, "editor", gz_val_null());
	gz_val_map_set(d, "article", art);
	gz_val_map_set(d, "empty", gz_val_list_new(&A));
	set_i(d, "zero", 0);
	set_i(d, "three", 3);
	set_s(d, "es", "");
	return d;
}

static void
test_values(void)
{
	struct gz_val *m;

	gz_arena_init(&A, 1 << 16, 0);
	m = map();
	CHECK(gz_val_map_set(m, "a", gz_val_int(&A, 1)) == GZ_OK);
	CHECK(gz_val_map_set(m, "b", gz_val_int(&A, 2)) == GZ_OK);
	CHECK(gz_val_map_set(m, "a", gz_val_int(&A, 3)) == GZ_OK);
	CHECK_INT(m->u.map.nitems, 2);
	CHECK_STR(m->u.map.items[0].key, "a");
	CHECK_INT(gz_val_map_get(m, "a")->u.i, 3);
	CHECK(gz_val_map_get(m, "c") == NULL);
	CHECK(gz_val_map_set(m, "x", NULL) == GZ_EINVAL);
	CHECK(!gz_val_truthy(gz_val_null()));
	CHECK(!gz_val_truthy(gz_val_str(&A, "")));
	CHECK(gz_val_truthy(gz_val_str(&A, "0")));
	CHECK(!gz_val_truthy(gz_val_int(&A, 0)));
	CHECK(!gz_val_truthy(gz_val_list_new(&A)));
	CHECK(!gz_val_truthy(map()));
	CHECK(gz_val_html(&A, "<b>")->kind == GZ_VAL_HTML);
}

static void
test_variables(void)
{
	struct gz_val *d = fixture();

	CHECK_STR(run("<h1>{{ article.title }}</h1>", d),
	          "<h1>Storm &lt;hits&gt; &#34;coast&#34;</h1>");
	CHECK_STR(run("{{article.author.name}}", d), "Ann O&#39;Neil");
	CHECK_STR(run("{{ article.tags.1 }}|{{ article.views }}|{{ article.draft }}", d),
	          "local news|1|false");
	CHECK_STR(run("[{{ article.editor }}]", d), "[]");
	CHECK_STR(run("{{ \"lit\" }} {{ 42 }} {{ -7 }}", d), "lit 42 -7");
	CHECK_STR(run("no tags at all", NULL), "no tags at all");
	CHECK_STR(run("", NULL), "");
	CHECK_STR(run("{ not a tag } {x}", NULL), "{ not a tag } {x}");
}

static void
test_filters(void)
{
	struct gz_val *d = fixture();

	set_s(d, "acc", "h\xC3\xA9llo w\xC3\xB6rld");
	CHECK_STR(run("{{ article.published|date:\"%Y-%m-%d %H:%M\" }}", d), "2023-11-14 22:13");
	CHECK_STR(run("{{ article.published|date:\"iso\" }}", d), "2023-11-14T22:13:20Z");
	CHECK_STR(run("{{ article.published|date:\"rfc822\" }}", d),
	          "Tue, 14 Nov 2023 22:13:20 +0000");
	CHECK_STR(run("{{ acc|truncate:2 }}", d), "h\xC3\xA9\xE2\x80\xA6");
	CHECK_STR(run("{{ acc|truncate:20 }}", d), "h\xC3\xA9llo w\xC3\xB6rld");
	CHECK_STR(run("{{ acc|truncate:6 }}", d), "h\xC3\xA9llo\xE2\x80\xA6");
	CHECK_STR(run("{{ es|default:\"none\" }} {{ article.title|default:\"x\"|length }}", d),
	          "none 20");
	CHECK_STR(run("{{ missing|default:\"fallback\" }}", d), "fallback");
	CHECK_STR(run("{{ \"a b&c/d\"|urlencode }}", d), "a%20b%26c%2Fd");
	CHECK_STR(run("{{ three }} item{{ three|pluralize }}, {{ article.views }} "
	              "item{{ article.views|pluralize }}, pon{{ three|pluralize:\"y,ies\" }}",
	              d),
	          "3 items, 1 item, ponies");
	CHECK_STR(run("{{ article.tags|json }}", d),
	          "[&#34;politics&#34;,&#34;local news&#34;,&#34;a\\u0026b&#34;]");
	CHECK_STR(run("{{ article.title|slug }}", d), "storm-hits-coast");
	CHECK_STR(run("{{ article.tags|length }} {{ empty|length }}", d), "3 0");
	CHECK_STR(run("{{ \"MiXed\"|upper }} {{ \"MiXed\"|lower }}", d), "MIXED mixed");
	CHECK_STR(run("{{ article.tags|first }} {{ article.tags|last }} {{ "
	              "\"\xC3\xA9t\xC3\xA9\"|first }}",
	              d),
	          "politics a&amp;b \xC3\xA9");
	CHECK_STR(run("{{ article.tags|join }}|{{ article.tags|join:\" / \" }}", d),
	          "politics, local news, a&amp;b|politics / local news / a&amp;b");
	CHECK_STR(run("{{ article.title|lower|truncate:5|upper }}", d), "STORM\xE2\x80\xA6");
}

static void
test_if(void)
{
	struct gz_val *d = fixture();

	CHECK_STR(run("{% if three > 2 %}big{% elif three == 2 %}two{% else %}small{% endif %}", d),
	          "big");
	CHECK_STR(run("{% if zero %}a{% elif es %}b{% else %}c{% endif %}", d), "c");
	CHECK_STR(run("{% if not zero and three %}y{% endif %}", d), "y");
	CHECK_STR(run("{% if zero or es or empty %}y{% else %}n{% endif %}", d), "n");
	CHECK_STR(run("{% if article.slug == \"storm-hits-coast\" %}eq{% endif %}", d), "eq");
	CHECK_STR(run("{% if article.slug != 'x' and three >= 3 and three <= 3 and zero < 1 %}ok{% "
	              "endif %}",
	              d),
	          "ok");
	CHECK_STR(run("{% if (zero or three) and not (es) %}p{% endif %}", d), "p");
	CHECK_STR(run("{% if article.editor == null %}none{% endif %}", d), "none");
	CHECK_STR(run("{% if article.tags|length == 3 %}3{% endif %}", d), "3");
	CHECK_STR(run("{% if \"b\" > \"a\" %}s{% endif %}{% if 1 == \"1\" %}no{% endif %}", d),
	          "s");
	CHECK_STR(run("{% if true %}{% if false %}x{% else %}in{% endif %}{% endif %}", d), "in");
}

static void
test_for(void)
{
	struct gz_val *d = fixture();

	CHECK_STR(run("{% for t in article.tags %}{{ loop.index }}:{{ t }}{% if not loop.last %},"
	              "{% endif %}{% endfor %}",
	              d),
	          "1:politics,2:local news,3:a&amp;b");
	CHECK_STR(run("{% for t in article.tags %}{% if loop.first %}[{% endif %}{{ loop.index0 }}"
	              "/{{ loop.length }}/{{ loop.revindex }}{% endfor %}",
	              d),
	          "[0/3/31/3/22/3/1");
	CHECK_STR(run("{% for t in empty %}x{% else %}nothing{% endfor %}", d), "nothing");
	CHECK_STR(run("{% for t in article.editor %}x{% else %}null is empty{% endfor %}", d),
	          "null is empty");
	CHECK_STR(run("{% for a in article.tags %}{% for b in article.tags %}{% if loop.first %}"
	              "{{ a|first }}{% endif %}{% endfor %}{% endfor %}",
	              d),
	          "pla");
	/* A loop variable shadows data of the same name. */
	CHECK_STR(run("{% for three in article.tags %}{{ three }}{% endfor %}{{ three }}", d),
	          "politicslocal newsa&amp;b3");
}

static void
test_comments_whitespace(void)
{
	struct gz_val *d = fixture();

	CHECK_STR(run("a{# a comment {{ with }} tags #}b", d), "ab");
	CHECK_STR(run("a  {{- three -}}  b", d), "a3b");
	CHECK_STR(
	    run("<ul>\n  {%- for t in article.tags %}\n  <li>{{ t }}</li>\n  {%- endfor %}\n</ul>",
	        d),
	    "<ul>\n  <li>politics</li>\n  <li>local news</li>\n  <li>a&amp;b</li>\n</ul>");
	CHECK_STR(run("x {#- gone -#} y", d), "xy");
	CHECK_STR(run("{{ \"}}\" }}", d), "}}");
}

static struct gz_tmpl_set *
load(const struct gz_embedded *files, int strict)
{
	struct gz_tmpl_set *set = gz_tmpl_set_load_mem(files, strict, err, sizeof(err));

	if (set == NULL) {
		fprintf(stderr, "load: %s\n", err);
	}
	return set;
}

static const char *
render_name(const struct gz_tmpl_set *set, const char *name, const struct gz_val *d)
{
	struct gz_buf b;
	enum gz_err rc;

	gz_buf_init(&b, &A, 0);
	rc = gz_tmpl_render(set, name, d, &A, &b);
	return rc == GZ_OK ? gz_buf_str(&b) : gz_arena_printf(&A, "RC %d", (int)rc);
}

#define F(name, src)                                                                               \
	{                                                                                          \
		name, (const unsigned char *)(src), sizeof(src) - 1                                \
	}

static void
test_layouts_includes(void)
{
	static const struct gz_embedded files[] = {
	    F("layout/base.html", "<html><head><title>{% block title %}Gazette{% endblock %}"
	                          "</title></head><body>{% block body %}empty{% endblock %}"
	                          "{% include \"partials/foot.html\" %}</body></html>"),
	    F("partials/foot.html", "<footer>{{ site|default:\"(c)\" }}</footer>"),
	    F("partials/tag.html", "<a href=\"/tag/{{ t|slug }}\">{{ t }}</a>"),
	    F("article.html",
	      "{% extends \"layout/base.html\" %}\n"
	      "{% block title %}{{ article.title }} - {{ super|default:\"G\" }}{% endblock %}\n"
	      "{% block body %}<h1>{{ article.title }}</h1>{% for t in article.tags %}"
	      "{% include \"partials/tag.html\" %}{% endfor %}"
	      "{% block extra %}[extra]{% endblock %}{% endblock %}"),
	    F("special.html", "{% extends \"article.html\" %}{% block extra %}[special]"
	                      "{% endblock %}"),
	    F("script.html", "<script>var t = {% include \"partials/val.html\" %};</script>"),
	    F("partials/val.html", "{{ article.title }}"),
	    F("robots.txt", "Sitemap: {{ url }}\n"),
	    F("README.md", "not a template {{"),
	    {NULL, NULL, 0},
	};
	struct gz_tmpl_set *set = load(files, 1);
	struct gz_val *d = fixture();

	set_s(d, "url", "https://example.com/sitemap.xml?a=1&b=<2>");
	CHECK(set != NULL);
	if (set == NULL) {
		return;
	}
	CHECK(gz_tmpl_set_has(set, "article.html"));
	CHECK(!gz_tmpl_set_has(set, "README.md"));
	CHECK_STR(
	    render_name(set, "article.html", d),
	    "<html><head><title>Storm &lt;hits&gt; &#34;coast&#34; - G</title></head><body>"
	    "<h1>Storm &lt;hits&gt; &#34;coast&#34;</h1><a href=\"/tag/politics\">politics</a>"
	    "<a href=\"/tag/local-news\">local news</a><a href=\"/tag/a-b\">a&amp;b</a>"
	    "[extra]<footer>(c)</footer></body></html>");
	CHECK_STR(
	    render_name(set, "special.html", d),
	    "<html><head><title>Storm &lt;hits&gt; &#34;coast&#34; - G</title></head><body>"
	    "<h1>Storm &lt;hits&gt; &#34;coast&#34;</h1><a href=\"/tag/politics\">politics</a>"
	    "<a href=\"/tag/local-news\">local news</a><a href=\"/tag/a-b\">a&amp;b</a>"
	    "[special]<footer>(c)</footer></body></html>");
	CHECK_STR(render_name(set, "layout/base.html", d),
	          "<html><head><title>Gazette</title></head><body>empty<footer>(c)</footer>"
	          "</body></html>");
	/* The partial is escaped for where it is included: JSON inside a script. */
	CHECK_STR(render_name(set, "script.html", d),
	          "<script>var t = \"Storm \\u003chits\\u003e \\u0022coast\\u0022\";</script>");
	CHECK_STR(render_name(set, "robots.txt", d),
	          "Sitemap: https://example.com/sitemap.xml?a=1&b=<2>\n");
	CHECK_STR(render_name(set, "nope.html", d), "RC 4");
	gz_tmpl_set_free(set);
}

static void
test_safe(void)
{
	struct gz_val *d = fixture();

	set_s(d, "plain", "<b>not trusted</b>");
	CHECK_STR(run("<div>{{ article.body_html|safe }}</div>", d),
	          "<div><p>Body &amp; more</p></div>");
	CHECK_STR(run("<div>{{ article.body_html }}</div>", d),
	          "<div>&lt;p&gt;Body &amp;amp; more&lt;/p&gt;</div>");
	/* A plain string through safe is escaped anyway. */
	CHECK_STR(run("<div>{{ plain|safe }}</div>", d),
	          "<div>&lt;b&gt;not trusted&lt;/b&gt;</div>");
	/* Trusted HTML in an attribute or a title is escaped. */
	CHECK_STR(run("<p title=\"{{ article.body_html|safe }}\"></p>", d),
	          "<p title=\"&lt;p&gt;Body &amp;amp; more&lt;/p&gt;\"></p>");
	CHECK_STR(run("<title>{{ article.body_html|safe }}</title>", d),
	          "<title>&lt;p&gt;Body &amp;amp; more&lt;/p&gt;</title>");
	CHECK_STR(run("{{ x|default:article.body_html|safe }}", d), "<p>Body &amp; more</p>");
	CHECK(strstr(cerr("{{ article.body_html|safe|upper }}"), "'safe' must be the last filter"));
	CHECK(strstr(cerr("{% if article.body_html|safe %}{% endif %}"), "output only"));
}

/* ---- escaping contexts against hostile values ---- */

struct hostile {
	const char *s; /* the value */
	size_t n;      /* its length (NUL inside) */
};

static const struct hostile hostiles[] = {
    {"\"double\"", 8},
    {"'single'", 8},
    {"<b>&amp;</b>", 12},
    {"</script><script>alert(1)</script>", 35},
    {"<!--", 4},
    {"  JaVaScRiPt:alert(1)", 21},
    {"java&#x09;script:alert(1)", 25},
    {"\tjavascript:alert(1)", 20},
    {"java\nscript:alert(1)", 20},
    {"vbscript:msgbox", 15},
    {"DATA:text/html,<script>", 23},
    {"line\xE2\x80\xA8sep\xE2\x80\xA9", 12},
    {"bad\xFF\xFEutf8\xC3", 10},
    {"nul\0byte", 8},
    {"} body { background: url(x) /* ", 31},
    {"\\u0022\\", 7},
    {"http://ok.example/a b?c=\"d\"&e='f'", 33},
};

/* The part of out between prefix and suffix (both must match). */
static const char *
inner(const char *out, const char *prefix, const char *suffix)
{
	size_t lp = strlen(prefix), ls = strlen(suffix), lo = strlen(out);

	if (lo < lp + ls || strncmp(out, prefix, lp) != 0 || strcmp(out + lo - ls, suffix) != 0) {
		return NULL;
	}
	return gz_arena_strndup(&A, out + lp, lo - lp - ls);
}

static int
has_ci(const char *s, const char *w)
{
	size_t n = strlen(w);

	for (; *s; s++) {
		if (strncasecmp(s, w, n) == 0) {
			return 1;
		}
	}
	return 0;
}

static const char *
render_hostile(const char *tmpl, const struct hostile *h)
{
	struct gz_val *d = map();

	gz_val_map_set(d, "v", gz_val_strn(&A, h->s, h->n));
	return run(tmpl, d);
}

static void
test_escape_contexts(void)
{
	size_t i;

	for (i = 0; i < sizeof(hostiles) / sizeof(hostiles[0]); i++) {
		const struct hostile *h = &hostiles[i];
		const char *out, *in;

		/* HTML text */
		out = render_hostile("<p>{{ v }}</p>", h);
		in = inner(out, "<p>", "</p>");
		CHECK(in != NULL && strpbrk(in, "<>\"'") == NULL && gz_utf8_valid(in, strlen(in)));
		if (in == NULL || strpbrk(in, "<>\"'")) {
			fprintf(stderr, "  text case %zu: %s\n", i, out);
		}
		/* Quoted attributes, both kinds */
		out = render_hostile("<p title=\"{{ v }}\" data-x='{{ v }}'>", h);
		CHECK(strncmp(out, "<p title=\"", 10) == 0);
		CHECK(strchr(out + 10, '"') == strstr(out, "\" data-x='"));
		in = strstr(out, "data-x='");
		CHECK(in != NULL && strchr(in + 8, '\'') == out + strlen(out) - 2);
		CHECK(strchr(out + 1, '<') == NULL);
		/* URL attribute */
		out = render_hostile("<a href=\"{{ v }}\">", h);
		in = inner(out, "<a href=\"", "\">");
		CHECK(in != NULL && strpbrk(in, "<>\"' \t\n") == NULL);
		CHECK(in != NULL && !has_ci(in, "javascript:") && !has_ci(in, "vbscript:") &&
		      !has_ci(in, "data:"));
		if (in == NULL || has_ci(in, "javascript:")) {
			fprintf(stderr, "  url case %zu: %s\n", i, out);
		}
		/* Script: a JSON string */
		out = render_hostile("<script>var v = {{ v }};</script>", h);
		in = inner(out, "<script>var v = ", ";</script>");
		CHECK(in != NULL && in[0] == '"' && in[strlen(in) - 1] == '"');
		CHECK(in != NULL && strpbrk(in, "<>&'") == NULL && !has_ci(in, "</script") &&
		      strstr(in, "\xE2\x80\xA8") == NULL && strstr(in, "\xE2\x80\xA9") == NULL);
		CHECK(in != NULL && strchr(in + 1, '"') == in + strlen(in) - 1);
		/* Inside a JS string literal */
		out = render_hostile("<script>var v = '{{ v }}';</script>", h);
		in = inner(out, "<script>var v = '", "';</script>");
		CHECK(in != NULL && strpbrk(in, "<>&'\"\n") == NULL);
		/* Style */
		out = render_hostile("<style>p { color: {{ v }}; }</style>", h);
		in = inner(out, "<style>p { color: ", "; }</style>");
		CHECK(in != NULL &&
		      (strcmp(in, "zGazettez") == 0 ||
		       strspn(in, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		                  "0123456789 #.%-,") == strlen(in)));
		/* title is RCDATA: escaped as text */
		out = render_hostile("<title>{{ v }}</title>", h);
		in = inner(out, "<title>", "</title>");
		CHECK(in != NULL && strpbrk(in, "<>\"'") == NULL);
	}
}

static void
test_escape_exact(void)
{
	struct gz_val *d = map();

	set_s(d, "js", "  JaVaScRiPt:alert(1)");
	set_s(d, "tab", "\tjavascript:alert(1)");
	set_s(d, "ent", "java&#x09;script:alert(1)");
	set_s(d, "ok", "https://example.com/a b?q=\"x\"&y=1");
	set_s(d, "rel", "/article/storm?x=1");
	set_s(d, "q", "a b&c=d/e");
	set_s(d, "mail", "mailto:ed@example.com");
	set_s(d, "ls",
	      "a\xE2\x80\xA8"
	      "b");
	gz_val_map_set(d, "nul", gz_val_strn(&A, "a\0b", 3));
	gz_val_map_set(d, "bad",
	               gz_val_strn(&A,
	                           "a\xFF"
	                           "b",
	                           3));
	gz_val_map_set(d, "n", gz_val_int(&A, 5));
	CHECK_STR(run("<a href=\"{{ js }}\">", d), "<a href=\"#\">");
	CHECK_STR(run("<a href=\"{{ tab }}\">", d), "<a href=\"#\">");
	CHECK_STR(run("<a href=\"{{ ent }}\">", d), "<a href=\"java&amp;#x09;script:alert(1)\">");
	CHECK_STR(run("<a href=\"{{ ok }}\">", d),
	          "<a href=\"https://example.com/a%20b?q=%22x%22&amp;y=1\">");
	CHECK_STR(run("<a href='{{ rel }}'>", d), "<a href='/article/storm?x=1'>");
	CHECK_STR(run("<a href=\"{{ mail }}\">", d), "<a href=\"mailto:ed@example.com\">");
	CHECK_STR(run("<img src=\"data:{{ mail }}\">", d),
	          "ERR: t.html:1:16: expression in a URL whose "
	          "scheme is not http, https, mailto or tel");
	CHECK_STR(run("<a href=\"/search?q={{ q }}&amp;n={{ n }}\">", d),
	          "<a href=\"/search?q=a%20b%26c%3Dd%2Fe&amp;n=5\">");
	CHECK_STR(run("<a href=\"/search?q={{ q|urlencode }}\">", d),
	          "<a href=\"/search?q=a%20b%26c%3Dd%2Fe\">");
	CHECK_STR(run("<a href=\"/tag/{{ q }}\">", d), "<a href=\"/tag/a%20b&amp;c=d/e\">");
	CHECK_STR(run("<A HREF=\"{{ js }}\">", d), "<A HREF=\"#\">");
	/* Two expressions cannot assemble a scheme. */
	set_s(d, "j1", "javascript");
	set_s(d, "j2", ":alert(1)");
	CHECK_STR(run("<a href=\"{{ j1 }}{{ j2 }}\">", d), "<a href=\"javascript#\">");
	CHECK(strstr(cerr("<a href=\"{{ j1 }}:alert(1)\">"), "after an expression"));
	CHECK_STR(run("<script>var s = {{ ls }}, n = {{ n }}, z = {{ nul }};</script>", d),
	          "<script>var s = \"a\\u2028b\", n = 5, z = \"a\\u0000b\";</script>");
	CHECK_STR(run("<p>{{ nul }}{{ bad }}</p>", d), "<p>a\xEF\xBF\xBD"
	                                               "ba\xEF\xBF\xBD"
	                                               "b</p>");
	CHECK_STR(
	    run("<script type=\"application/ld+json\">{\"headline\": \"{{ js }}\"}</script>", d),
	    "<script type=\"application/ld+json\">{\"headline\": \"  "
	    "JaVaScRiPt:alert\\u00281\\u0029\"}</script>");
	CHECK_STR(run("<script>var o = {{ d }};</script>", d),
	          "RENDER 2: t.html:1:20: undefined variable d");
	{
		struct gz_val *o = map(), *l = gz_val_list_new(&A);

		gz_val_list_push(l, gz_val_int(&A, 1));
		gz_val_list_push(l, gz_val_null());
		gz_val_list_push(l, gz_val_bool(1));
		gz_val_map_set(o, "k</script>", l);
		gz_val_map_set(d, "o", o);
		CHECK_STR(
		    run("<script>var o = {{ o }};</script>", d),
		    "<script>var o = {\"k\\u003c\\u002fscript\\u003e\":[1,null,true]};</script>");
		CHECK_STR(
		    run("<script>var o = {{ o|json }};</script>", d),
		    "<script>var o = {\"k\\u003c\\u002fscript\\u003e\":[1,null,true]};</script>");
	}
	CHECK_STR(run("<style>.a { color: {{ q }} } .b { width: {{ n }}% }</style>", d),
	          "<style>.a { color: zGazettez } .b { width: 5% }</style>");
	/* Text after a script or style is text again; end tags are case-insensitive. */
	CHECK_STR(run("<SCRIPT>var a = 1;</ScRiPt ><p>{{ q }}</p>", d),
	          "<SCRIPT>var a = 1;</ScRiPt ><p>a b&amp;c=d/e</p>");
	CHECK_STR(run("<script>var a = \"</b>\"; // {{ n }}\n var b = {{ n }};</script>", d),
	          "ERR: t.html:1:28: expression inside a JavaScript comment");
	CHECK_STR(run("<!-- c --><p class=\"{{ q }}\">{% if n %}<br>{% endif %}</p>", d),
	          "<!-- c --><p class=\"a b&amp;c=d/e\"><br></p>");
	CHECK_STR(run("<textarea><p>{{ q }}</textarea>", d),
	          "<textarea><p>a b&amp;c=d/e</textarea>");
	CHECK_STR(run("<input type=\"checkbox\" {% if n %}checked{% endif %}>", d),
	          "<input type=\"checkbox\" checked>");
	CHECK_STR(run("<a href=\"{% if n %}/a/{% endif %}{{ js }}\">", d), "<a href=\"/a/#\">");
}

static void
test_compile_errors(void)
{
	struct gz_val *d = map();

	set_s(d, "s", "alert(document.cookie);x=1");
	CHECK_STR(cerr("<p>\n  {{ article.title|nope }}</p>"),
	          "t.html:2:20: unknown filter 'nope'");
	CHECK_STR(cerr("ab\n{{ x "), "t.html:2:1: unclosed {{ (missing }})");
	CHECK_STR(cerr("<a href={{ x }}>"),
	          "t.html:1:9: expression in an unquoted attribute value (put "
	          "the value in quotes)");
	CHECK_STR(cerr("<a class=x{{ x }}>"),
	          "t.html:1:11: expression in an unquoted attribute value "
	          "(put the value in quotes)");
	CHECK_STR(cerr("<a {{ x }}=\"1\">"),
	          "t.html:1:4: expression where an attribute name belongs");
	CHECK_STR(cerr("<{{ x }}>"), "t.html:1:2: expression in a tag name");
	CHECK(strstr(cerr("<a onclick=\"go({{ x }})\">"), "1:16: expression in an event-handler"));
	CHECK(
	    strstr(cerr("<p style=\"color: {{ x }}\">"), "1:18: expression in a style attribute"));
	CHECK(strstr(cerr("<iframe srcdoc=\"{{ x }}\">"), "srcdoc"));
	/* Even code-context output from a fooled tracker cannot call or assign. */
	CHECK_STR(run("<script>var r = /\"/; var v = {{ s }};</script>", d),
	          "<script>var r = /\"/; var v = alert\\u0028document.cookie\\u0029\\u003b"
	          "x\\u003d1;</script>");
	CHECK(strstr(cerr("<!-- {{ x }} -->"), "1:6: expression inside an HTML comment"));
	CHECK_STR(cerr("{% if x %}<a href=\"{% else %}<b>{% endif %}"),
	          "t.html:1:1: branches of this if end in different contexts (URL attribute and "
	          "HTML text)");
	CHECK(strstr(cerr("{% if x %}<p class=\"{% endif %}\">"),
	             "if without else changes the context"));
	CHECK(strstr(cerr("{% for x in y %}<p title=\"{% endfor %}"), "1:1: loop body"));
	CHECK_STR(cerr("{% if x %}\nno end"), "t.html:1:1: missing {% endif %} for this tag");
	CHECK_STR(cerr("{% endif %}"), "t.html:1:4: unexpected {% endif %}");
	CHECK_STR(cerr("{% frobnicate %}"), "t.html:1:4: unknown statement 'frobnicate'");
	CHECK_STR(cerr("{{ a b }}"), "t.html:1:6: unexpected 'b' at end of tag");
	CHECK_STR(cerr("{{ a = b }}"), "t.html:1:6: '=' is not an operator (use ==)");
	CHECK_STR(cerr("{{ \"abc }}"), "t.html:1:1: unclosed {{ (missing }})");
	CHECK_STR(cerr("{{ x|truncate }}"),
	          "t.html:1:6: filter 'truncate' needs an argument (truncate:...)");
	CHECK_STR(cerr("{{ x|truncate:0 }}"), "t.html:1:15: truncate: needs a positive integer");
	CHECK_STR(cerr("{{ x|date:\"%Q\" }}"),
	          "t.html:1:11: date: unknown % conversion (use aAbBdeHIjmMpSyYzZFTDRuwGgVCn%)");
	CHECK_STR(cerr("{{ x|upper:1 }}"), "t.html:1:6: filter 'upper' takes no argument");
	CHECK_STR(cerr("{% include \"nope.html\" %}"),
	          "t.html:1:1: include: no template named \"nope.html\"");
	CHECK_STR(cerr("{% include \"t.html\" %}"),
	          "t.html:1:1: include cycle: \"t.html\" includes itself");
	CHECK_STR(cerr("x{% extends \"t.html\" %}"),
	          "t.html:1:2: extends must come first in a file, once");
	CHECK_STR(cerr("{% extends \"t.html\" %}"), "t.html:1:1: extends cycle through \"t.html\"");
	CHECK_STR(cerr("{% block a %}{% endblock b %}"),
	          "t.html:1:26: endblock 'b' closes block 'a'");
	CHECK_STR(cerr("{% block a %}{% endblock %}{% block a %}{% endblock %}"),
	          "t.html:1:37: block 'a' defined twice (first at 1:1)");
	CHECK_STR(cerr("<p title=\"x"),
	          "t.html:1:1: template ends inside attribute value (unclosed tag, "
	          "attribute or comment)");
	{
		static const struct gz_embedded nul[] = {
		    {"t.html", (const unsigned char *)"a\nb\0c", 5}, {NULL, NULL, 0}};

		CHECK(gz_tmpl_set_load_mem(nul, 1, err, sizeof(err)) == NULL);
		CHECK_STR(err, "t.html:2:2: NUL byte in template");
	}
	CHECK_STR(cerr("{% for loop in x %}{% endfor %}"),
	          "t.html:1:8: expected a loop variable name after 'for'");
	CHECK_STR(cerr("<script>var t = `{{ x }}`;</script>"),
	          "t.html:1:18: expression inside a JavaScript template literal (use a plain "
	          "expression: it "
	          "becomes JSON)");
}

static void
test_strict(void)
{
	struct gz_val *d = fixture();

	CHECK_STR(run("<p>\n x{{ article.titel }}</p>", d),
	          "RENDER 2: t.html:2:6: undefined variable article.titel");
	CHECK_STR(run_mode("t.html", "<p>{{ article.titel }}|{{ nope.deeper }}</p>", d, 0),
	          "<p>|</p>");
	CHECK_STR(run("{% if nope %}x{% endif %}", d),
	          "RENDER 2: t.html:1:7: undefined variable nope");
	CHECK_STR(run_mode("t.html", "{% if nope %}x{% else %}y{% endif %}", d, 0), "y");
	CHECK_STR(run("{{ article.title|date:\"%Y\" }}", d),
	          "RENDER 2: t.html:1:18: filter 'date' cannot use its input");
	CHECK_STR(run_mode("t.html", "[{{ article.title|date:\"%Y\" }}]", d, 0), "[]");
	CHECK_STR(run("{{ article.tags }}", d),
	          "RENDER 2: t.html:1:4: cannot write a list or map here: "
	          "article.tags");
	CHECK_STR(run("{{ loop.index }}", d),
	          "RENDER 2: t.html:1:4: undefined variable loop.index");
	CHECK_STR(run("{% for t in article.tags %}{{ loop.nope }}{% endfor %}", d),
	          "RENDER 2: t.html:1:31: undefined variable loop.nope");
	CHECK_STR(run("{% for t in three %}{% endfor %}", d),
	          "RENDER 2: t.html:1:13: for needs a list: three");
}

static void
test_limits(void)
{
	struct gz_buf b;
	size_t i;
	const char *e;
	struct gz_val *d = fixture();

	/* Deep nesting is a compile error, not a stack overflow. */
	gz_buf_init(&b, &A, 0);
	for (i = 0; i < 100000; i++) {
		gz_buf_puts(&b, "{% if three %}");
	}
	e = cerr(gz_buf_str(&b));
	CHECK(strstr(e, "nested too deeply") != NULL);
	gz_buf_reset(&b);
	for (i = 0; i + 1 < GZ_TMPL_MAX_DEPTH; i++) {
		gz_buf_puts(&b, "{% for x in article.tags %}");
	}
	gz_buf_puts(&b, "{% if loop.first and loop.last %}never{% endif %}");
	for (i = 0; i + 1 < GZ_TMPL_MAX_DEPTH; i++) {
		gz_buf_puts(&b, "{% endfor %}");
	}
	CHECK_STR(cerr(gz_buf_str(&b)), "");
	gz_buf_reset(&b);
	gz_buf_puts(&b, "{{ ");
	for (i = 0; i < 100000; i++) {
		gz_buf_puts(&b, "(");
	}
	gz_buf_puts(&b, " }}");
	CHECK(strstr(cerr(gz_buf_str(&b)), "nested too deeply") != NULL);
	gz_buf_reset(&b);
	gz_buf_puts(&b, "{% if ");
	for (i = 0; i < 100000; i++) {
		gz_buf_puts(&b, "not ");
	}
	gz_buf_puts(&b, "x %}{% endif %}");
	CHECK(strstr(cerr(gz_buf_str(&b)), "nested too deeply") != NULL);
	gz_buf_reset(&b);
	gz_buf_puts(&b, "{{ x");
	for (i = 0; i < 1000; i++) {
		gz_buf_puts(&b, "|upper");
	}
	gz_buf_puts(&b, " }}");
	CHECK(strstr(cerr(gz_buf_str(&b)), "nested too deeply") != NULL);
	gz_buf_reset(&b);
	gz_buf_puts(&b, "{% if a");
	for (i = 0; i < 1000; i++) {
		gz_buf_puts(&b, " and a");
	}
	gz_buf_puts(&b, " %}{% endif %}");
	CHECK(strstr(cerr(gz_buf_str(&b)), "nested too deeply") != NULL);
	/* A long template: 20000 outputs, comments and 1 MB of text. */
	gz_buf_reset(&b);
	for (i = 0; i < 20000; i++) {
		gz_buf_puts(&b, "<p class=\"c\">{{ three }}{# c #}</p>\n");
	}
	for (i = 0; i < 1024; i++) {
		gz_buf_puts(&b,
		            "<div>..........................................................."
		            "...................................................................."
		            "...................................................................."
		            "...................................................................."
		            "..................................................................."
		            "..................................................................."
		            "....................................................................."
		            "....................................................................."
		            "..................................................................."
		            "...................................................................."
		            "......................................................................"
		            "..................................................................."
		            "..................................................................."
		            "...................................................................."
		            ".....</div>\n");
	}
	e = run(gz_buf_str(&b), d);
	CHECK(strncmp(e, "<p class=\"c\">3</p>\n", 19) == 0);
	CHECK(strlen(e) > 1000000);
	/* A template beyond the size limit is refused. */
	{
		char *big = malloc(GZ_TMPL_MAX_SIZE + 2);

		memset(big, 'x', GZ_TMPL_MAX_SIZE + 1);
		big[GZ_TMPL_MAX_SIZE + 1] = '\0';
		CHECK(strstr(cerr(big), "larger than") != NULL);
		free(big);
	}
}

static void
write_file(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");

	CHECK(f != NULL);
	if (f != NULL) {
		fputs(s, f);
		fclose(f);
	}
}

static void
test_dir_and_holder(void)
{
	char path[512];
	struct gz_tmpl_holder h;
	struct gz_tmpl_set *set;
	struct gz_val *d = fixture();

	CHECK(testdb_setup("tmpl") == 0);
	mkdir(testdb_path("layout", path, sizeof(path)), 0700);
	write_file(testdb_path("layout/base.html", path, sizeof(path)),
	           "<main>{% block main %}{% endblock %}</main>");
	write_file(
	    testdb_path("home.html", path, sizeof(path)),
	    "{% extends \"layout/base.html\" %}{% block main %}v1 {{ three }}{% endblock %}");
	write_file(testdb_path(".hidden.html", path, sizeof(path)), "{% broken");
	set = gz_tmpl_set_load_dir(testdb_dir, 1, err, sizeof(err));
	CHECK(set != NULL);
	if (set == NULL) {
		fprintf(stderr, "%s\n", err);
		testdb_teardown();
		return;
	}
	gz_tmpl_holder_init(&h, set);
	CHECK_STR(render_name(gz_tmpl_holder_get(&h), "home.html", d), "<main>v1 3</main>");
	/* A good edit is picked up. */
	write_file(testdb_path("home.html", path, sizeof(path)),
	           "{% extends \"layout/base.html\" %}{% block main %}v2{% endblock %}");
	CHECK(gz_tmpl_holder_reload_dir(&h, testdb_dir, 1, err, sizeof(err)) == GZ_OK);
	CHECK_STR(render_name(gz_tmpl_holder_get(&h), "home.html", d), "<main>v2</main>");
	/* A broken edit keeps the old set and says why. */
	write_file(
	    path,
	    "{% extends \"layout/base.html\" %}\n{% block main %}{{ x|bogus }}{% endblock %}");
	CHECK(gz_tmpl_holder_reload_dir(&h, testdb_dir, 1, err, sizeof(err)) == GZ_EINVAL);
	CHECK_STR(err, "home.html:2:22: unknown filter 'bogus'");
	CHECK_STR(render_name(gz_tmpl_holder_get(&h), "home.html", d), "<main>v2</main>");
	CHECK(gz_tmpl_set_load_dir("/nonexistent/dir", 1, err, sizeof(err)) == NULL);
	CHECK(strstr(err, "/nonexistent/dir: ") != NULL);
	gz_tmpl_holder_free(&h);
	CHECK(testdb_teardown() == 0);
	/* The built-in theme compiles (it may be empty). */
	set = gz_tmpl_set_load_embedded(1, err, sizeof(err));
	CHECK(set != NULL);
	if (set == NULL) {
		fprintf(stderr, "embedded: %s\n", err);
	}
	gz_tmpl_set_free(set);
}

struct thread_arg {
	const struct gz_tmpl_set *set; /* shared set */
	int ok;                        /* renders that matched */
};

static void *
render_thread(void *p)
{
	struct thread_arg *ta = p;
	struct gz_arena a;
	int i;

	gz_arena_init(&a, 4096, 1 << 20);
	for (i = 0; i < 200; i++) {
		struct gz_buf b;
		struct gz_val *d = gz_val_map_new(&a), *l = gz_val_list_new(&a);
		char want[128];

		gz_val_list_push(l, gz_val_str(&a, "<x>"));
		gz_val_list_push(l, gz_val_int(&a, i % 2));
		gz_val_map_set(d, "items", l);
		gz_buf_init(&b, &a, 0);
		snprintf(want, sizeof(want), "<i title=\"&lt;x&gt;\">1</i><i title=\"%d\">2</i>",
		         i % 2);
		if (gz_tmpl_render(ta->set, "t.html", d, &a, &b) == GZ_OK &&
		    strcmp(gz_buf_str(&b), want) == 0) {
			ta->ok++;
		}
		gz_arena_reset(&a);
	}
	gz_arena_free(&a);
	return NULL;
}

static void
test_threads(void)
{
	struct gz_tmpl_set *set = gz_tmpl_set_compile_string(
	    "t.html", "{% for i in items %}<i title=\"{{ i }}\">{{ loop.index }}</i>{% endfor %}",
	    1, err, sizeof(err));
	struct thread_arg ta[4];
	pthread_t th[4];
	int i;

	CHECK(set != NULL);
	for (i = 0; i < 4; i++) {
		ta[i].set = set;
		ta[i].ok = 0;
		pthread_create(&th[i], NULL, render_thread, &ta[i]);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		CHECK_INT(ta[i].ok, 200);
	}
	gz_tmpl_set_free(set);
}

TEST_MAIN(T(test_values), T(test_variables), T(test_filters), T(test_if), T(test_for),
          T(test_comments_whitespace), T(test_layouts_includes), T(test_safe),
          T(test_escape_contexts), T(test_escape_exact), T(test_compile_errors), T(test_strict),
          T(test_limits), T(test_dir_and_holder), T(test_threads))
