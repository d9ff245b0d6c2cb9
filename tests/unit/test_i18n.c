/*
 * Translation tests: the compiled catalogs (present, sorted, complete),
 * language tags and their fallbacks, lookups with context and plurals,
 * placeholders, digit grouping, dates per language, the template syntax
 * _() _n() _p() _np() with its compile errors and escaping, a page of
 * each language rendered from several threads at once, and that the
 * process locale changes nothing.
 */
#include <limits.h>
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/i18n.h"
#include "gazette/tmpl.h"
#include "gazette/value.h"
#include "test.h"

static struct gz_arena A;
static char err[512];

#define T_DEC3 1796306700LL /* 2026-12-03 14:05:00 UTC, a Thursday */
#define T_JAN4 1767517625LL /* 2026-01-04 09:07:05 UTC, a Sunday */

static const struct gz_i18n_catalog *
cat_of(const char *tag)
{
	return gz_i18n_find(tag);
}

/* A page map whose page.lang is lang (NULL: no page at all). */
static struct gz_val *
page_data(const char *lang)
{
	struct gz_val *d = gz_val_map_new(&A), *page = gz_val_map_new(&A);

	if (lang != NULL) {
		gz_val_map_set(page, "lang", gz_val_str(&A, lang));
		gz_val_map_set(d, "page", page);
	}
	return d;
}

/* src compiled (strict) and rendered with d; "ERR: ..." on failure. */
static const char *
render(const char *src, const struct gz_val *d)
{
	struct gz_tmpl_set *set = gz_tmpl_set_compile_string("t.html", src, 1, err, sizeof(err));
	struct gz_buf b;
	const char *msg = NULL;
	enum gz_err rc;

	if (set == NULL) {
		return gz_arena_printf(&A, "ERR: %s", err);
	}
	gz_buf_init(&b, &A, 0);
	rc = gz_tmpl_render_msg(set, "t.html", d, &A, &b, &msg);
	gz_tmpl_set_free(set);
	if (rc != GZ_OK) {
		return gz_arena_printf(&A, "RENDER: %s", msg ? msg : gz_strerror(rc));
	}
	return gz_buf_str(&b);
}

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

static const char *
date_str(const char *lang, const char *fmt, long long t)
{
	struct gz_buf b;

	gz_buf_init(&b, &A, 0);
	if (gz_i18n_date(&b, cat_of(lang), fmt, t) != GZ_OK) {
		return "EINVAL";
	}
	return gz_buf_str(&b);
}

static const char *
number_str(const char *lang, long long n)
{
	struct gz_buf b;

	gz_buf_init(&b, &A, 0);
	gz_i18n_number(&b, cat_of(lang), n);
	return gz_buf_str(&b);
}

static void
test_catalogs(void)
{
	size_t i, k;

	CHECK(gz_i18n_ncatalogs >= 2);
	CHECK_STR(gz_i18n_catalogs[0].tag, "en");
	CHECK_STR(gz_i18n_catalogs[0].name, "English");
	CHECK_INT(gz_i18n_catalogs[0].nplurals, 2);
	CHECK_STR(cat_of("zh-CN")->tag, "zh-CN");
	CHECK_STR(cat_of("zh-CN")->name, "简体中文");
	CHECK_INT(cat_of("zh-CN")->nplurals, 1);
	for (i = 0; i < gz_i18n_ncatalogs; i++) {
		const struct gz_i18n_catalog *c = &gz_i18n_catalogs[i];
		int sorted = 1, filled = 1;

		/* Every language holds the same messages as English, in strcmp order. */
		CHECK_INT(c->nmsgs, gz_i18n_catalogs[0].nmsgs);
		for (k = 0; k < c->nmsgs; k++) {
			unsigned j;

			if (k > 0 && strcmp(c->msgs[k - 1].key, c->msgs[k].key) >= 0) {
				sorted = 0;
			}
			if (c->msgs[k].nstrs != 1 && c->msgs[k].nstrs != c->nplurals) {
				filled = 0;
			}
			for (j = 0; j < c->msgs[k].nstrs; j++) {
				if (c->msgs[k].strs[j] == NULL || c->msgs[k].strs[j][0] == '\0') {
					filled = 0;
				}
			}
		}
		CHECK(sorted);
		CHECK(filled);
	}
	/* The plural rules as compiled from the headers. */
	CHECK_INT(gz_i18n_catalogs[0].plural(1), 0);
	CHECK_INT(gz_i18n_catalogs[0].plural(0), 1);
	CHECK_INT(gz_i18n_catalogs[0].plural(2), 1);
	CHECK_INT(cat_of("zh-CN")->plural(1), 0);
	CHECK_INT(cat_of("zh-CN")->plural(7), 0);
}

static void
test_tags(void)
{
	static const struct {
		const char *in;   /* tag asked for */
		const char *want; /* catalog used */
	} cases[] = {
	    {"en", "en"},
	    {"zh-CN", "zh-CN"},
	    {"zh_CN", "zh-CN"},
	    {"ZH-cn", "zh-CN"},
	    {"zh", "zh-CN"},
	    {"zh-Hans", "zh-CN"},
	    {"zh-Hans-CN", "zh-CN"},
	    {"zh-SG", "zh-CN"},
	    {"en-GB", "en"},
	    {"EN", "en"},
	    {"fr", "en"},
	    {"", "en"},
	    {"-", "en"},
	    {"zhx", "en"},
	    {"z", "en"},
	    {"zh-CN-x-very-long-private-use-tag-that-goes-on-and-on-and-on-and-on-and-on", "zh-CN"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK_STR(gz_i18n_tag(cases[i].in), cases[i].want);
	}
	CHECK_STR(gz_i18n_tag(NULL), "en");
	CHECK_STR(gz_i18n_lang_of(NULL), "en");
	CHECK_STR(gz_i18n_lang_of(page_data(NULL)), "en");
	CHECK_STR(gz_i18n_lang_of(page_data("zh-CN")), "zh-CN");
	CHECK_STR(gz_i18n_lang_of(page_data("de")), "en");
	{
		/* page.lang that is not a string: the source language. */
		struct gz_val *d = gz_val_map_new(&A), *page = gz_val_map_new(&A);

		gz_val_map_set(page, "lang", gz_val_int(&A, 5));
		gz_val_map_set(d, "page", page);
		CHECK_STR(gz_i18n_lang_of(d), "en");
	}
}

static void
test_lookup(void)
{
	const struct gz_i18n_catalog *zh = cat_of("zh-CN"), *en = cat_of("en");

	CHECK_STR(gz_i18n_pget("zh-CN", "month", "December"), "十二月");
	CHECK_STR(gz_i18n_pget("en", "month", "December"), "December");
	CHECK_STR(gz_i18n_pget("zh-CN", "abbreviated month", "May"), "5月");
	/* The same msgid in another context is another message. */
	CHECK_STR(gz_i18n_pget("zh-CN", "month", "May"), "五月");
	CHECK(gz_i18n_has(zh, "month", "May"));
	CHECK(!gz_i18n_has(zh, NULL, "May"));
	CHECK(!gz_i18n_has(zh, "mont", "May"));
	CHECK(!gz_i18n_has(zh, "month", "Ma"));
	CHECK(!gz_i18n_has(zh, "month", "Mayo"));
	/* Unknown messages come back as written; plurals by the English rule. */
	CHECK_STR(gz_i18n_get("zh-CN", "A theme's own words"), "A theme's own words");
	CHECK_STR(gz_i18n_nget("zh-CN", "{n} apple", "{n} apples", 1), "{n} apple");
	CHECK_STR(gz_i18n_nget("zh-CN", "{n} apple", "{n} apples", 3), "{n} apples");
	CHECK_STR(gz_i18n_nget("en", "{n} apple", "{n} apples", 0), "{n} apples");
	CHECK(gz_i18n_text(en, NULL, NULL, NULL, 0) == NULL);
	CHECK_STR(gz_i18n_text(NULL, "month", "March", NULL, 0), "March");
}

static void
test_plurals(void)
{
	/* Real plural messages of the catalogs: English two forms, Chinese one. */
	CHECK_STR(gz_i18n_nget("en", "{n} comment", "{n} comments", 1), "{n} comment");
	CHECK_STR(gz_i18n_nget("en", "{n} comment", "{n} comments", 2), "{n} comments");
	CHECK_STR(gz_i18n_nget("en", "{n} comment", "{n} comments", 0), "{n} comments");
	CHECK_STR(gz_i18n_nget("zh-CN", "{n} comment", "{n} comments", 1), "{n} 条评论");
	CHECK_STR(gz_i18n_nget("zh-CN", "{n} comment", "{n} comments", 25), "{n} 条评论");
}

static void
test_placeholders(void)
{
	const char *name;
	size_t nname;

	CHECK_INT(gz_i18n_placeholder("{author}", 8, &name, &nname), 8);
	CHECK_INT(nname, 6);
	CHECK(strncmp(name, "author", 6) == 0);
	CHECK_INT(gz_i18n_placeholder("{a_1} x", 7, &name, &nname), 5);
	CHECK_INT(gz_i18n_placeholder("{Author}", 8, &name, &nname), 0);
	CHECK_INT(gz_i18n_placeholder("{1a}", 4, &name, &nname), 0);
	CHECK_INT(gz_i18n_placeholder("{}", 2, &name, &nname), 0);
	CHECK_INT(gz_i18n_placeholder("{a b}", 5, &name, &nname), 0);
	CHECK_INT(gz_i18n_placeholder("{author", 7, &name, &nname), 0);
	CHECK_INT(gz_i18n_placeholder("{author}", 7, &name, &nname), 0); /* cut short */
	CHECK_INT(gz_i18n_placeholder("{abcdefghijabcdefghijabcdefghijab}", 34, &name, &nname), 34);
	CHECK_INT(gz_i18n_placeholder("{abcdefghijabcdefghijabcdefghijabc}", 35, &name, &nname), 0);
	/* A translation may reorder: both orders fill from the same pairs. */
	CHECK_STR(gz_i18n_fmt(&A, "{a} then {b}", "a", "1", "b", "2", NULL), "1 then 2");
	CHECK_STR(gz_i18n_fmt(&A, "{b} 之后 {a}", "a", "1", "b", "2", NULL), "2 之后 1");
	CHECK_STR(gz_i18n_fmt(&A, "{a}{a} {c} {", "a", "x", NULL), "xx {c} {");
	CHECK_STR(gz_i18n_fmt(&A, "", NULL), "");
	CHECK_STR(gz_i18n_fmt(&A, "{a}", "a", NULL, NULL), "");
}

static void
test_numbers(void)
{
	CHECK_STR(number_str("en", 0), "0");
	CHECK_STR(number_str("en", 999), "999");
	CHECK_STR(number_str("en", 1000), "1,000");
	CHECK_STR(number_str("en", 1234567), "1,234,567");
	CHECK_STR(number_str("en", -1000), "-1,000");
	CHECK_STR(number_str("en", -12), "-12");
	CHECK_STR(number_str("en", LLONG_MIN), "-9,223,372,036,854,775,808");
	CHECK_STR(number_str("zh-CN", 12345), "12,345");
}

static void
test_dates(void)
{
	/* The formats the reader's templates use, in each language. */
	CHECK_STR(date_str("en", "%-d %B %Y, %H:%M %Z", T_DEC3), "3 December 2026, 14:05 UTC");
	CHECK_STR(date_str("zh-CN", "%-d %B %Y, %H:%M %Z", T_DEC3), "2026年12月3日 14:05（UTC）");
	CHECK_STR(date_str("en", "%-d %B %Y", T_DEC3), "3 December 2026");
	CHECK_STR(date_str("zh-CN", "%-d %B %Y", T_DEC3), "2026年12月3日");
	CHECK_STR(date_str("en", "%-d %b %Y", T_JAN4), "4 Jan 2026");
	CHECK_STR(date_str("zh-CN", "%-d %b %Y", T_JAN4), "2026年1月4日");
	/* Machine formats are the same in every language. */
	CHECK_STR(date_str("zh-CN", "iso", T_DEC3), "2026-12-03T14:05:00Z");
	CHECK_STR(date_str("zh-CN", "rfc822", T_DEC3), "Thu, 03 Dec 2026 14:05:00 +0000");
	CHECK_STR(date_str("en", "rfc822", T_JAN4), "Sun, 04 Jan 2026 09:07:05 +0000");
	/* A format without a catalog entry still gets the language's names. */
	CHECK_STR(date_str("zh-CN", "%A %B", T_DEC3), "星期四 十二月");
	CHECK_STR(date_str("zh-CN", "%a %b %p", T_JAN4), "周日 1月 上午");
	CHECK_STR(date_str("en", "%a %A %b %B %p %I", T_DEC3), "Thu Thursday Dec December PM 02");
	/* Every conversion, padded and not. */
	CHECK_STR(date_str("en", "%d|%-d|%e|%-e|%m|%-m|%H|%-H|%I|%-I|%M|%-M|%S|%-S|%j|%-j", T_JAN4),
	          "04|4| 4|4|01|1|09|9|09|9|07|7|05|5|004|4");
	CHECK_STR(date_str("en", "%y %Y %C %F %T %D %R %u %w %G %g %V %z %Z %%", T_JAN4),
	          "26 2026 20 2026-01-04 09:07:05 01/04/26 09:07 7 0 2026 26 01 +0000 UTC %");
	CHECK_STR(date_str("en", "a%nb", T_JAN4), "a\nb");
	CHECK_STR(date_str("en", "", T_JAN4), "");
	CHECK_STR(date_str("en", "%-I%p", 1767484800LL), "12AM"); /* midnight */
	/* Refused formats and times. */
	CHECK_STR(date_str("en", "%Q", T_JAN4), "EINVAL");
	CHECK_STR(date_str("en", "%-y", T_JAN4), "EINVAL");
	CHECK_STR(date_str("en", "%", T_JAN4), "EINVAL");
	CHECK_STR(date_str("en", "%-", T_JAN4), "EINVAL");
	CHECK_STR(date_str("en", "%c", T_JAN4), "EINVAL");
	CHECK_STR(date_str("en", "iso", LLONG_MAX), "EINVAL");
	CHECK(gz_i18n_date_check("%Y年%-m月%-d日") == NULL);
	{
		char longfmt[GZ_I18N_DATE_FMT_MAX + 2];

		memset(longfmt, 'x', sizeof(longfmt) - 1);
		longfmt[sizeof(longfmt) - 1] = '\0';
		CHECK(gz_i18n_date_check(longfmt) != NULL);
		longfmt[GZ_I18N_DATE_FMT_MAX] = '\0';
		CHECK(gz_i18n_date_check(longfmt) == NULL);
	}
}

static void
test_template(void)
{
	struct gz_val *zh = page_data("zh-CN"), *en = page_data("en");
	struct gz_val *d;

	CHECK_STR(render("{{ _p(\"month\", \"May\") }}", zh), "五月");
	CHECK_STR(render("{{ _p(\"month\", \"May\") }}", en), "May");
	CHECK_STR(render("{{ _p(\"month\", \"May\") }}", page_data("xx")), "May");
	CHECK_STR(render("{{ _p(\"month\", \"May\") }}", NULL), "May");
	CHECK_STR(render("{{ _(\"Not in any catalog\") }}", zh), "Not in any catalog");
	/* Fixed translations are escaped once per language when compiled, per context. */
	CHECK_STR(render("<a title=\"{{ _p(\"month\", \"May\") }}\">{{ _(\"a < b\") }}</a>", zh),
	          "<a title=\"五月\">a &lt; b</a>");
	CHECK_STR(render("<script>var m = {{ _p(\"month\", \"May\") }};</script>", zh),
	          "<script>var m = \"五月\";</script>");
	CHECK_STR(render("<script>var m = {{ _(\"</script>\") }};</script>", en),
	          "<script>var m = \"\\u003c\\u002fscript\\u003e\";</script>");
	CHECK_STR(render("<a href=\"/s?q={{ _p(\"month\", \"May\") }}\">", zh),
	          "<a href=\"/s?q=%E4%BA%94%E6%9C%88\">");
	/* Placeholders take values from named arguments, escaped by context. */
	d = page_data("en");
	gz_val_map_set(d, "who", gz_val_str(&A, "<b>Tom & \"Jerry\"</b>"));
	gz_val_map_set(d, "k", gz_val_int(&A, 12345));
	CHECK_STR(render("<p>{{ _(\"By {who}, {k} times\", who=who, k=k) }}</p>", d),
	          "<p>By &lt;b&gt;Tom &amp; &#34;Jerry&#34;&lt;/b&gt;, 12,345 times</p>");
	CHECK_STR(render("<a title=\"{{ _(\"x{who}\", who=who) }}\">", d),
	          "<a title=\"x&lt;b&gt;Tom &amp; &#34;Jerry&#34;&lt;/b&gt;\">");
	CHECK_STR(render("<script>var t = {{ _(\"x{who}\", who=who) }};</script>", d),
	          "<script>var t = \"x\\u003cb\\u003eTom \\u0026 "
	          "\\u0022Jerry\\u0022\\u003c\\u002fb\\u003e\";"
	          "</script>");
	CHECK_STR(render("<a href=\"/s?q={{ _(\"a b\") }}\">", d), "<a href=\"/s?q=a%20b\">");
	/* Plurals: the count picks the form and fills {n}. */
	gz_val_map_set(d, "one", gz_val_int(&A, 1));
	CHECK_STR(render("{{ _n(\"{n} comment\", \"{n} comments\", one) }}", d), "1 comment");
	CHECK_STR(render("{{ _n(\"{n} comment\", \"{n} comments\", k) }}", d), "12,345 comments");
	gz_val_map_set(zh, "k", gz_val_int(&A, 3));
	CHECK_STR(render("{{ _n(\"{n} comment\", \"{n} comments\", k) }}", zh), "3 条评论");
	{
		struct gz_val *l = gz_val_list_new(&A);

		gz_val_list_push(l, gz_val_int(&A, 1));
		gz_val_list_push(l, gz_val_int(&A, 2));
		gz_val_map_set(d, "l", l);
		CHECK_STR(render("{{ _n(\"{n} comment\", \"{n} comments\", l) }}", d),
		          "2 comments");
	}
	CHECK_STR(render("{{ _np(\"c\", \"{n} x\", \"{n} xs\", one) }}", d), "1 x");
	/* A translation is a value like any other: filters, conditions, arguments. */
	CHECK_STR(render("{{ _p(\"month\", \"May\")|upper }}", en), "MAY");
	CHECK_STR(render("{% if _p(\"month\", \"May\") == \"五月\" %}yes{% endif %}", zh), "yes");
	CHECK_STR(render("{{ missing|default:_p(\"month\", \"May\") }}", zh), "五月");
	/* A variable called _ is still a variable. */
	gz_val_map_set(d, "_", gz_val_str(&A, "under"));
	CHECK_STR(render("{{ _ }}", d), "under");
	/* The date filter follows page.lang. */
	gz_val_map_set(zh, "t", gz_val_int(&A, T_DEC3));
	CHECK_STR(render("{{ t|date:\"%-d %B %Y, %H:%M %Z\" }}", zh), "2026年12月3日 14:05（UTC）");
	CHECK_STR(render("{{ t|date:\"iso\" }}", zh), "2026-12-03T14:05:00Z");
	gz_val_map_set(en, "t", gz_val_int(&A, T_DEC3));
	CHECK_STR(render("{{ t|date:\"%-d %B %Y, %H:%M %Z\" }}", en), "3 December 2026, 14:05 UTC");
	CHECK_STR(render("{{ k|number }}", d), "12,345");
	CHECK_STR(render("{{ one|number }}", d), "1");
}

static void
test_trans_block(void)
{
	struct gz_val *d = page_data("en"), *m;

	gz_val_map_set(d, "who", gz_val_str(&A, "<Ann>"));
	gz_val_map_set(d, "t", gz_val_int(&A, T_DEC3));
	/* Parts are template code: markup stays markup, values are escaped. */
	CHECK_STR(
	    render("<p>{% trans \"by {author} on {day}\" %}"
	           "{% part author %}<a href=\"/a/{{ who }}\">{{ who }}</a>{% endpart %}"
	           " {% part day %}<time>{{ t|date:\"%-d %B %Y\" }}</time>{% endpart %}"
	           "{% endtrans %}.</p>",
	           d),
	    "<p>by <a href=\"/a/%3CAnn%3E\">&lt;Ann&gt;</a> on <time>3 December 2026</time>.</p>");
	/* Without a catalog entry the English runs; words are escaped as text. */
	CHECK_STR(
	    render("{% trans \"a < b & {x}\" %}{% part x %}<i>x</i>{% endpart %}{% endtrans %}", d),
	    "a &lt; b &amp; <i>x</i>");
	/* A part may be used twice, or not at all by a translation. */
	CHECK_STR(
	    render("{% trans \"{x}-{x}\" %}{% part x %}<i>{{ who }}</i>{% endpart %}{% endtrans %}",
	           d),
	    "<i>&lt;Ann&gt;</i>-<i>&lt;Ann&gt;</i>");
	CHECK_STR(render("{%- trans \"Plain\" -%}{%- endtrans -%}!", d), "Plain!");
	/* Errors: placement and the parts/placeholder contract. */
	CHECK_STR(cerr("<a title=\"{% trans \"x\" %}{% endtrans %}\">"),
	          "t.html:1:11: {% trans %} must stand in HTML text, not in attribute value");
	CHECK_STR(cerr("{% trans \"{x}\" %}{% endtrans %}"),
	          "t.html:1:1: {x} has no part (add {% part x %})");
	CHECK_STR(cerr("{% trans \"x\" %}{% part y %}{% endpart %}{% endtrans %}"),
	          "t.html:1:24: part needs the name of a placeholder of the text");
	CHECK_STR(cerr("{% trans \"{x}\" %}{% part x %}{% endpart %}{% part x %}{% endpart %}{% "
	               "endtrans %}"),
	          "t.html:1:51: part 'x' given twice");
	CHECK_STR(cerr("{% trans \"x\" %}words{% endtrans %}"),
	          "t.html:1:16: only {% part %} blocks and spaces may stand inside {% trans %}");
	CHECK_STR(cerr("{% trans \"{x}\" %}{% part x %}<a href=\"{% endpart %}{% endtrans %}\">"),
	          "t.html:1:1: part 'x' ends in URL attribute; it must end in the context it "
	          "starts in (HTML text)");
	CHECK_STR(cerr("{% trans x %}{% endtrans %}"),
	          "t.html:1:10: trans needs the quoted English text");
	CHECK_STR(cerr("{% trans \"x\" %}"), "t.html:1:1: missing {% endtrans %} for this tag");
	CHECK_STR(cerr("{% part x %}"), "t.html:1:4: unexpected {% part %}");
	/* The t filter: messages made by handlers, translated at render time. */
	m = gz_i18n_message(&A, "{a} and {b}", "a", "1", "b", "<2>", NULL);
	gz_val_map_set(d, "m", m);
	gz_val_map_set(d, "s", gz_val_str(&A, "plain"));
	CHECK_STR(render("{{ m|t }}|{{ s|t }}|{{ nothing|default:null|t }}", d),
	          "1 and &lt;2&gt;|plain|");
	gz_val_map_set(page_data("zh-CN"), "x", gz_val_null());
	{
		struct gz_val *zh = page_data("zh-CN");

		gz_val_map_set(zh, "s", gz_val_str(&A, "{n} comment"));
		gz_val_map_set(zh, "bad", gz_val_int(&A, 3));
		CHECK_STR(render("{{ s|t }}", zh),
		          "{n} 条评论"); /* a plural msgid: its first form */
		CHECK_STR(render("{{ bad|t }}", zh),
		          "RENDER: t.html:1:8: filter 't' cannot use its input");
	}
}

static void
test_template_errors(void)
{
	CHECK_STR(
	    cerr("{{ _(x) }}"),
	    "t.html:1:6: _() needs a quoted text here (the catalog cannot find a computed one)");
	CHECK_STR(cerr("{{ _(\"\") }}"), "t.html:1:6: empty text in _()");
	CHECK_STR(cerr("{{ _(\"by {author}\") }}"),
	          "t.html:1:4: {author} has no argument (add author=...)");
	CHECK_STR(cerr("{{ _(\"by\", author=a) }}"), "t.html:1:12: the text has no {author}");
	CHECK_STR(cerr("{{ _(\"{a}\", a=x, a=y) }}"), "t.html:1:18: argument 'a' given twice");
	CHECK_STR(cerr("{{ _(\"{a}\", a x) }}"), "t.html:1:15: expected '=' after a");
	CHECK_STR(cerr("{{ _(\"{a}\", 5) }}"), "t.html:1:13: expected name=value");
	CHECK_STR(cerr("{{ _(\"{a}\", a=x|safe) }}"), "t.html:1:17: 'safe' is for output only");
	CHECK_STR(cerr("{{ _(\"x\" }}"), "t.html:1:10: expected ')' or ', name=value'");
	CHECK_STR(cerr("{{ _n(\"{n} x\") }}"), "t.html:1:14: _n() needs 2 quoted texts first");
	CHECK_STR(cerr("{{ _n(\"{n} x\", \"{n} xs\") }}"),
	          "t.html:1:24: _n() needs the count after its texts");
	CHECK_STR(cerr("{{ _n(\"{n} x\", \"{n} xs\", c, n=1) }}"),
	          "t.html:1:29: 'n' cannot be an argument name: {n} is the count");
	CHECK_STR(cerr("{{ _(\"{n}\") }}"), "t.html:1:4: {n} has no argument (add n=...)");
	CHECK_STR(cerr("{{ _p(\"ctx\") }}"), "t.html:1:12: _p() needs 2 quoted texts first");
	CHECK_STR(cerr("{{ a = b }}"), "t.html:1:6: '=' is not an operator (use ==)");
	CHECK_STR(cerr("{{ _(\"{a}\", a=b=c) }}"), "t.html:1:16: '=' is not an operator (use ==)");
	CHECK_STR(cerr("{{ x|date:\"%-y\" }}"),
	          "t.html:1:11: date: %- (no padding) goes only before d e H I j m M S");
	CHECK_STR(cerr("{{ x|number:2 }}"), "t.html:1:6: filter 'number' takes no argument");
	CHECK_STR(cerr("{{ _(\"a\\0b\") }}"), "");
	CHECK_STR(cerr("{{ _(\"{a}{b}{c}{d}{e}{f}{g}{h}{i}\", a=1, b=1, c=1, d=1, e=1, f=1, g=1, "
	               "h=1, i=1) }}"),
	          "t.html:1:77: more than 8 named arguments");
}

/* Render one page per language from many threads; every result must match. */
struct job {
	const struct gz_tmpl_set *set; /* shared, read-only */
	const char *lang;              /* page.lang */
	const char *want;              /* expected output */
	int bad;                       /* renders that differed */
};

static void *
worker(void *arg)
{
	struct job *j = arg;
	struct gz_arena a;
	int i;

	gz_arena_init(&a, 4096, 0);
	for (i = 0; i < 2000; i++) {
		struct gz_val *d = gz_val_map_new(&a), *page = gz_val_map_new(&a);
		struct gz_buf b;

		gz_val_map_set(page, "lang", gz_val_str(&a, j->lang));
		gz_val_map_set(d, "page", page);
		gz_val_map_set(d, "t", gz_val_int(&a, T_DEC3));
		gz_val_map_set(d, "c", gz_val_int(&a, 2));
		gz_buf_init(&b, &a, 0);
		if (gz_tmpl_render(j->set, "t.html", d, &a, &b) != GZ_OK ||
		    strcmp(gz_buf_str(&b), j->want) != 0) {
			j->bad++;
		}
		gz_arena_reset(&a);
	}
	gz_arena_free(&a);
	return NULL;
}

static void
test_threads(void)
{
	const char *src = "{{ t|date:\"%-d %B %Y, %H:%M %Z\" }}|{{ _p(\"weekday\", \"Monday\") }}|"
	                  "{{ _n(\"{n} comment\", \"{n} comments\", c) }}";
	struct gz_tmpl_set *set = gz_tmpl_set_compile_string("t.html", src, 1, err, sizeof(err));
	struct job jobs[4] = {
	    {set, "en", "3 December 2026, 14:05 UTC|Monday|2 comments", 0},
	    {set, "zh-CN", "2026年12月3日 14:05（UTC）|星期一|2 条评论", 0},
	    {set, "en", "3 December 2026, 14:05 UTC|Monday|2 comments", 0},
	    {set, "zh-CN", "2026年12月3日 14:05（UTC）|星期一|2 条评论", 0},
	};
	pthread_t th[4];
	int i;

	CHECK(set != NULL);
	if (set == NULL) {
		return;
	}
	for (i = 0; i < 4; i++) {
		pthread_create(&th[i], NULL, worker, &jobs[i]);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		CHECK_INT(jobs[i].bad, 0);
	}
	gz_tmpl_set_free(set);
}

/* The process locale is never consulted: a page formats the same under any. */
static void
test_locale_ignored(void)
{
	const char *before = date_str("en", "%a %-d %B %Y %p", T_DEC3), *after;

	/* C.UTF-8 is the one other locale every glibc system has. */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL) {
		setlocale(LC_ALL, "");
	}
	after = date_str("en", "%a %-d %B %Y %p", T_DEC3);
	CHECK_STR(after, before);
	CHECK_STR(after, "Thu 3 December 2026 PM");
	CHECK_STR(date_str("zh-CN", "%a %-d %B %Y %p", T_DEC3), "周四 3 十二月 2026 下午");
	setlocale(LC_ALL, "C");
}

int
main(void)
{
	static const struct test_case cases[] = {
	    T(test_catalogs),        T(test_tags),         T(test_lookup),
	    T(test_plurals),         T(test_placeholders), T(test_numbers),
	    T(test_dates),           T(test_template),     T(test_trans_block),
	    T(test_template_errors), T(test_threads),      T(test_locale_ignored),
	};
	size_t i;

	gz_arena_init(&A, 1 << 16, 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int before = test_failures;

		cases[i].fn();
		printf("%s %s\n", test_failures == before ? "ok  " : "FAIL", cases[i].name);
	}
	gz_arena_free(&A);
	printf("%d checks, %d failed\n", test_checks, test_failures);
	return test_failures ? 1 : (test_checks ? 0 : 1);
}
