/*
 * gz_html_md: WordPress post HTML to Markdown.  Table-driven: each
 * element the allowlist keeps, every dropped element, event handlers and
 * script addresses (with the entity, whitespace and case tricks), nested
 * lists and quotes, tables, the shortcodes, Gutenberg embeds, wpautop,
 * malformed HTML and text that looks like Markdown; where it matters the
 * Markdown is rendered back with gz_markdown_render and the HTML checked.
 * Then the real WordPress export (the theme unit test fixture): five of its
 * bodies against Markdown checked by eye (tests/data/html_md/), and every
 * post and page body converted, checked and rendered.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/html_md.h"
#include "gazette/markdown.h"
#include "gazette/md.h"
#include "gazette/utf8.h"

#include "test.h"

/* The public WordPress export: where CMake found it (GAZETTE_WP_FIXTURE), else
 * next to the source tree. */
#define FIXTURE_DEFAULT "../shared/fixtures/wordpress/themeunittestdata.wordpress.xml"
#define FIXTURE                                                                                    \
	(getenv("GAZETTE_WP_FIXTURE") && *getenv("GAZETTE_WP_FIXTURE")                             \
	     ? getenv("GAZETTE_WP_FIXTURE")                                                        \
	     : FIXTURE_DEFAULT)

static struct gz_arena arena;

/* The Markdown of html (NUL-terminated), or "(error N)". */
static const char *
md_of(const char *html, const struct gz_html_md_opts *o)
{
	char *md = NULL;
	enum gz_err rc = gz_html_md(&arena, html, strlen(html), o, &md);

	if (rc != GZ_OK) {
		return gz_arena_printf(&arena, "(error %d)", (int)rc);
	}
	return md;
}

static const char *
conv(const char *html, int autop)
{
	struct gz_html_md_opts o;

	memset(&o, 0, sizeof(o));
	o.autop = autop;
	return md_of(html, &o);
}

/* The HTML gz_markdown_render makes of md. */
static const char *
render(const char *md)
{
	char *head = NULL, *tail = NULL;

	if (gz_markdown_render(&arena, md, strlen(md), 0, &head, &tail) != GZ_OK) {
		return "(render error)";
	}
	return head;
}

struct conv_case {
	const char *name; /* what it shows */
	int autop;        /* apply wpautop */
	const char *html; /* input */
	const char *md;   /* expected Markdown */
};

static void
run_cases(const struct conv_case *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *got = conv(cases[i].html, cases[i].autop);

		test_checks++;
		if (strcmp(got, cases[i].md) != 0) {
			test_failures++;
			fprintf(stderr, "case %s:\n--- got\n%s--- want\n%s---\n", cases[i].name,
			        got, cases[i].md);
		}
	}
}

static void
test_blocks(void)
{
	static const struct conv_case cases[] = {
	    {"empty", 0, "", ""},
	    {"only spaces", 0, "  \n\t ", ""},
	    {"text", 0, "Hello", "Hello\n"},
	    {"h1-h6", 0, "<h1>A</h1><h2>B</h2><h3>C</h3><h4>D</h4><h5>E</h5><h6>F</h6>",
	     "# A\n\n## B\n\n### C\n\n#### D\n\n##### E\n\n###### F\n"},
	    {"heading inline and break", 0, "<h2>One <em>two</em><br>three</h2>",
	     "## One *two* three\n"},
	    {"heading with hashes", 0, "<h3>C# and #1 #</h3>", "### C\\# and \\#1 \\#\n"},
	    {"empty heading", 0, "<h2> </h2><h2>&nbsp;</h2><p>x</p>", "x\n"},
	    {"paragraphs", 0, "<p>one</p><p>two</p>", "one\n\ntwo\n"},
	    {"empty paragraphs", 0, "<p></p><p>&nbsp;</p><p> a </p><p>\n</p>", "a\n"},
	    {"whitespace collapses", 0, "<p>  a \n\t b  <b> c </b> d</p>", "a b **c** d\n"},
	    {"nbsp kept", 0, "<p>10&nbsp;km</p>", "10\xc2\xa0km\n"},
	    {"br", 0, "<p>a<br>b<br/>c</p>", "a\\\nb\\\nc\n"},
	    {"br at ends", 0, "<p><br>a<br></p>", "a\n"},
	    {"two br end a paragraph", 0, "<p>a<br><br>b</p>", "a\n\nb\n"},
	    {"hr", 0, "<p>a</p><hr><p>b</p>", "a\n\n___\n\nb\n"},
	    {"div and section are their content", 0,
	     "<div><section><article>a</article></section><div>b</div></div>", "a\n\nb\n"},
	    {"text between blocks", 0, "a<div>b</div>c", "a\n\nb\n\nc\n"},
	    {"dl", 0, "<dl><dt>Term</dt><dd>Def</dd></dl>", "Term\n\nDef\n"},
	    {"address and center", 0, "<address>x</address><center>y</center>", "x\n\ny\n"},
	};

	run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_inline(void)
{
	static const struct conv_case cases[] = {
	    {"strong b em i", 0, "<p><strong>s</strong> <b>b</b> <em>e</em> <i>i</i></p>",
	     "**s** **b** *e* *i*\n"},
	    {"del s strike", 0, "<p><del>d</del> <s>s</s> <strike>k</strike></p>",
	     "~~d~~ ~~s~~ ~~k~~\n"},
	    {"spaces move outside", 0, "<p>a<b> b </b>c</p>", "a **b** c\n"},
	    {"nested same emphasis", 0, "<p><b>a<b>b</b>c</b></p>", "**abc**\n"},
	    {"strong in em", 0, "<p><em><strong>x</strong></em></p>", "***x***\n"},
	    {"adjacent emphasis merges", 0, "<p><em>a</em><em>b</em></p>", "*ab*\n"},
	    {"closer before punctuation", 0, "<p><strong>Note:</strong>Text</p>",
	     "**Note**:Text\n"},
	    {"opener after punctuation", 0, "<p>word<em>(x)</em>y</p>", "word(*x*)y\n"},
	    {"only punctuation", 0, "<p>a<b>.</b>b</p>", "a.b\n"},
	    {"nbsp inside emphasis", 0, "<p><b>&nbsp;x&nbsp;</b>y</p>", "\xc2\xa0**x**\xc2\xa0y\n"},
	    {"empty emphasis", 0, "<p>a<b></b><i> </i>b</p>", "a b\n"},
	    {"cjk punctuation", 0, "<p><strong>注意：</strong>文字</p>", "**注意**：文字\n"},
	    {"code", 0, "<p><code>a*b</code> <code>x`y</code> <code>`z</code></p>",
	     "`a*b` ``x`y`` `` `z ``\n"},
	    {"code collapses", 0, "<p><code> a \n b </code></p>", "`a b`\n"},
	    {"kbd tt samp", 0, "<p><kbd>k</kbd><tt>t</tt><samp>s</samp></p>", "`kts`\n"},
	    {"q", 0, "<p><q>hi</q></p>", "\"hi\"\n"},
	    {"other inline elements are content", 0,
	     "<p><span>a</span><font>b</font><u>c</u><sup>d</sup><sub>e</sub><abbr>f</abbr>"
	     "<cite>g</cite><small>h</small><mark>i</mark><ins>j</ins><custom-x>k</custom-x></p>",
	     "abcdefghijk\n"},
	    {"link", 0, "<p><a href=\"https://e.com/a\">x</a></p>", "[x](https://e.com/a)\n"},
	    {"link title", 0, "<p><a href=\"/a\" title='say \"hi\"'>x</a></p>",
	     "[x](/a \"say \\\"hi\\\"\")\n"},
	    {"link parens and spaces", 0, "<p><a href=\"/a (b)/c d\">x</a></p>",
	     "[x](/a%20\\(b\\)/c%20d)\n"},
	    {"mailto", 0, "<p><a href=\"mailto:a@b.c\">m</a></p>", "[m](mailto:a@b.c)\n"},
	    {"relative and fragment", 0, "<p><a href=\"#top\">t</a> <a href=\"?p=1\">p</a></p>",
	     "[t](#top) [p](?p=1)\n"},
	    {"empty link", 0, "<p>a<a href=\"/x\"></a>b</p>", "ab\n"},
	    {"link without href", 0, "<p><a name=\"x\">anchor</a></p>", "anchor\n"},
	    {"nested links", 0, "<p><a href=\"/a\">x<a href=\"/b\">y</a></a></p>",
	     "[x](/a)[y](/b)\n"},
	    {"img", 0, "<p>a <img src=\"/i.png\" alt=\"A [b]\" title=\"T\"> b</p>",
	     "a ![A \\[b\\]](/i.png \"T\") b\n"},
	    {"lone img drops its title", 0, "<p><img src=\"/i.png\" alt=\"A\" title=\"T\"></p>",
	     "![A](/i.png)\n"},
	    {"linked img", 0, "<p><a href=\"/big.jpg\"><img src=\"/i.jpg\" alt=\"A\"></a></p>",
	     "[![A](/i.jpg)](/big.jpg)\n"},
	    {"lazy img", 0,
	     "<p><img src=\"data:image/gif;base64,R0lGOD\" data-src=\"/real.jpg\" alt=\"r\"></p>",
	     "![r](/real.jpg)\n"},
	    {"protocol relative", 0, "<p><img src=\"//cdn.e.com/i.png\" alt=\"\"></p>",
	     "![](//cdn.e.com/i.png)\n"},
	    {"bare urls stay text", 0, "<p>see https://e.com/~u_x or www.e.com.</p>",
	     "see https\\://e.com/\\~u_x or www\\.e.com.\n"},
	    {"html5 entity in a scheme", 0, "<p><a href=\"javascript&amp;colon;x\">j</a></p>",
	     "j\n"},
	    {"entity in url", 0, "<p><a href=\"/a?x=1&amp;copy;=2\">q</a></p>",
	     "[q](/a?x=1\\&copy;=2)\n"},
	};

	run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_dropped(void)
{
	static const struct conv_case cases[] = {
	    {"script", 0, "<p>a<script>alert(1)</script>b</p>", "ab\n"},
	    {"style", 0, "<style>p{color:red}</style><p>x</p>", "x\n"},
	    {"iframe", 0, "<p>a<iframe src=\"https://evil.test/\">f</iframe>b</p>", "ab\n"},
	    {"object embed", 0, "<object data=\"x.swf\"><embed src=\"x.swf\">o</object>k", "k\n"},
	    {"form and fields", 0,
	     "<form action=\"/x\"><input value=\"v\"><button>B</button><select><option>O</option>"
	     "</select><textarea>T</textarea></form>k",
	     "k\n"},
	    {"noscript template", 0, "<noscript>n</noscript><template>t</template>k", "k\n"},
	    {"svg math", 0, "<svg><text>s</text></svg><math><mi>x</mi></math>k", "k\n"},
	    {"comments", 0, "a<!-- hidden -->b<!--more-->c", "abc\n"},
	    {"processing instruction", 0, "<?php echo 1; ?>k", "k\n"},
	    {"event handlers", 0,
	     "<p onclick=\"alert(1)\"><img src=\"/i.png\" onerror=\"alert(2)\" alt=\"a\">"
	     "<a href=\"/x\" onmouseover=\"alert(3)\">l</a></p>",
	     "![a](/i.png)[l](/x)\n"},
	};
	const char *md;

	run_cases(cases, sizeof(cases) / sizeof(cases[0]));
	md = conv("<p onclick=\"alert(1)\"><img src=\"/i.png\" onerror=\"alert(2)\"></p>", 0);
	CHECK(strstr(md, "alert") == NULL && strstr(md, "onerror") == NULL);
}

static void
test_urls(void)
{
	static const char *const bad[] = {
	    "javascript:alert(1)",
	    " JAVASCRIPT:alert(1)",
	    "JaVaScRiPt:alert(1)",
	    "jav&#x09;ascript:alert(1)",
	    "jav&#x0A;ascript:alert(1)",
	    "jav&#13;ascript:alert(1)",
	    "&#106;avascript:alert(1)",
	    "&#x6A;&#x61;vascript:alert(1)",
	    "\x01javascript:alert(1)",
	    "javascript&colon;alert(1)",
	    "vbscript:msgbox(1)",
	    "data:text/html;base64,PHNjcmlwdD4=",
	    "data:image/png;base64,iVBORw0KGgo=",
	    "file:///etc/passwd",
	    "jav ascript:alert(1)",
	    "feed:javascript:alert(1)",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *html =
		    gz_arena_printf(&arena,
		                    "<p><a href=\"%s\">link</a> <img src=\"%s\" alt=\"pic\"> "
		                    "<a href='%s'><img src='/ok.png' alt='in'></a></p>",
		                    bad[i], bad[i], bad[i]);
		const char *md = conv(html, 0), *out = render(md);

		test_checks++;
		if (strcmp(md, "link ![in](/ok.png)\n") != 0) {
			test_failures++;
			fprintf(stderr, "bad url %s kept: %s", bad[i], md);
		}
		CHECK(strstr(out, "script") == NULL && strstr(out, "data:") == NULL);
	}
	/* A mailto is a link, never an image. */
	CHECK_STR(conv("<p><img src=\"mailto:a@b.c\" alt=\"m\">x</p>", 0), "x\n");
	/* Schemes are case-insensitive both ways. */
	CHECK_STR(conv("<p><a href=\"HTTPS://E.COM/\">u</a></p>", 0), "[u](HTTPS://E.COM/)\n");
}

static const char *
map_url(void *ctx, const char *url, int is_image)
{
	int *calls = ctx;

	(*calls)++;
	if (strcmp(url, "https://old.example/wp-content/uploads/a.jpg") == 0 && is_image) {
		return "/media/abc.jpg";
	}
	if (strcmp(url, "https://old.example/2010/01/post/") == 0 && !is_image) {
		return "/article/post";
	}
	if (strcmp(url, "https://old.example/evil") == 0) {
		return "javascript:alert(1)";
	}
	return NULL;
}

static void
test_map_url(void)
{
	struct gz_html_md_opts o;
	int calls = 0;

	memset(&o, 0, sizeof(o));
	o.ctx = &calls;
	o.map_url = map_url;
	CHECK_STR(md_of("<p><img src=\"https://old.example/wp-content/uploads/a.jpg\" alt=\"a\"> "
	                "<a href=\"https://old.example/2010/01/post/\">p</a> "
	                "<a href=\"https://other.example/\">o</a></p>",
	                &o),
	          "![a](/media/abc.jpg) [p](/article/post) [o](https://other.example/)\n");
	CHECK_INT(calls, 3);
	/* A mapping to a refused address is refused like the original. */
	CHECK_STR(md_of("<p><a href=\"https://old.example/evil\">e</a></p>", &o), "e\n");
	/* A refused address is never handed to the callback. */
	calls = 0;
	CHECK_STR(md_of("<p><a href=\"javascript:x\">j</a></p>", &o), "j\n");
	CHECK_INT(calls, 0);
}

static void
test_lists(void)
{
	static const struct conv_case cases[] = {
	    {"ul", 0, "<ul><li>a</li><li>b</li></ul>", "- a\n- b\n"},
	    {"ol", 0, "<ol><li>a</li><li>b</li></ol>", "1. a\n2. b\n"},
	    {"ol start", 0, "<ol start=\"8\"><li>a</li><li>b</li><li>c</li></ol>",
	     "8. a\n9. b\n10. c\n"},
	    {"ol start clamped", 0,
	     "<ol start=\"-3\"><li>a</li></ol><ol start=\"12345678901\"><li>b</li></ol>",
	     "0. a\n\n999999999) b\n"},
	    {"nested", 0, "<ul><li>a<ul><li>b<ol><li>c</li></ol></li></ul></li><li>d</li></ul>",
	     "- a\n  - b\n    1. c\n- d\n"},
	    {"nested ol not from 1 needs a blank line", 0,
	     "<ul><li>a<ol start=\"3\"><li>b</li></ol></li></ul>", "- a\n\n  3. b\n"},
	    {"li with blocks", 0, "<ul><li><p>p1</p><p>p2</p></li><li>x</li></ul>",
	     "- p1\n\n  p2\n- x\n"},
	    {"li with code and quote", 0,
	     "<ol><li><pre>x\ny</pre></li><li><blockquote>q</blockquote></li></ol>",
	     "1. ```\n   x\n   y\n   ```\n2. > q\n"},
	    {"empty items take no number", 0, "<ol><li>a</li><li> </li><li>b</li></ol>",
	     "1. a\n2. b\n"},
	    {"empty list", 0, "<ul><li></li></ul><p>x</p>", "x\n"},
	    {"adjacent lists stay two", 0, "<ul><li>a</li></ul><ul><li>b</li></ul>",
	     "- a\n\n* b\n"},
	    {"adjacent ordered lists", 0, "<ol><li>a</li></ol><ol><li>b</li></ol>",
	     "1. a\n\n1) b\n"},
	    {"stray content in a list", 0, "<ul>x<li>a</li></ul>", "- x\n- a\n"},
	    {"text that looks like a list inside an item", 0, "<ul><li>1. x</li><li>- y</li></ul>",
	     "- 1\\. x\n- \\- y\n"},
	    {"menu and dir", 0, "<menu><li>m</li></menu><dir><li>d</li></dir>", "- m\n\n* d\n"},
	};

	run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_quotes_code(void)
{
	static const struct conv_case cases[] = {
	    {"blockquote", 0, "<blockquote><p>a</p><p>b</p></blockquote>", "> a\n>\n> b\n"},
	    {"nested blockquote", 0, "<blockquote>a<blockquote>b</blockquote>c</blockquote>",
	     "> a\n>\n> > b\n>\n> c\n"},
	    {"list in quote", 0, "<blockquote><ul><li>a</li><li>b</li></ul></blockquote>",
	     "> - a\n> - b\n"},
	    {"pre", 0, "<pre>  a\n\n    b  \n</pre>", "```\n  a\n\n    b\n```\n"},
	    {"pre code with language", 0,
	     "<pre><code class=\"language-python\">print(1)</code></pre>",
	     "```python\nprint(1)\n```\n"},
	    {"syntaxhighlighter brush", 0, "<pre class=\"brush: php; title: ;\">echo 1;</pre>",
	     "```php\necho 1;\n```\n"},
	    {"fence longer than content", 0, "<pre>a ```` b</pre>", "`````\na ```` b\n`````\n"},
	    {"pre keeps markup as text", 0, "<pre><b>x</b> &lt;y&gt; [gallery] *z*</pre>",
	     "```\nx <y> [gallery] *z*\n```\n"},
	    {"pre in quote", 0, "<blockquote><pre>x\n\ny</pre></blockquote>",
	     "> ```\n> x\n>\n> y\n> ```\n"},
	    {"empty pre", 0, "<pre>\n  \n</pre>x", "x\n"},
	    {"pre crlf", 0, "<pre>a\r\nb\rc</pre>", "```\na\nb\nc\n```\n"},
	};

	run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_tables(void)
{
	static const struct conv_case cases[] = {
	    {"thead", 0,
	     "<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>1</td><td>2</td>"
	     "</tr></tbody></table>",
	     "| A | B |\n| --- | --- |\n| 1 | 2 |\n"},
	    {"no thead: first row heads", 0,
	     "<table><tr><td>h1</td><td>h2</td></tr><tr><td>a</td><td>b</td></tr></table>",
	     "| h1 | h2 |\n| --- | --- |\n| a | b |\n"},
	    {"ragged rows padded", 0,
	     "<table><tr><td>a</td></tr><tr><td>b</td><td>c</td><td>d</td></tr></table>",
	     "| a |  |  |\n| --- | --- | --- |\n| b | c | d |\n"},
	    {"pipes and breaks in cells", 0,
	     "<table><tr><td>a|b<br>c</td><td><code>x|y</code></td><td><p>p1</p><p>p2</p></td>"
	     "</tr></table>",
	     "| a\\|b c | `x\\|y` | p1 p2 |\n| --- | --- | --- |\n"},
	    {"inline markup in cells", 0,
	     "<table><tr><th><a href=\"/x\">L</a></th><td><em>e</em></td></tr></table>",
	     "| [L](/x) | *e* |\n| --- | --- |\n"},
	    {"caption", 0, "<table><caption>Cap</caption><tr><td>a</td></tr></table>",
	     "Cap\n\n| a |\n| --- |\n"},
	    {"empty table", 0, "<table><tr><td> </td></tr></table>x", "x\n"},
	    {"tfoot order kept", 0,
	     "<table><thead><tr><th>h</th></tr></thead><tbody><tr><td>b</td></tr></tbody>"
	     "<tfoot><tr><td>f</td></tr></tfoot></table>",
	     "| h |\n| --- |\n| b |\n| f |\n"},
	    {"nested table flattened", 0,
	     "<table><tr><td>a<table><tr><td>x</td><td>y</td></tr></table></td></tr></table>",
	     "| a x y |\n| --- |\n"},
	};
	const char *out;

	run_cases(cases, sizeof(cases) / sizeof(cases[0]));
	out = render(conv("<table><tr><th>a|b</th></tr><tr><td>c</td></tr></table>", 0));
	CHECK(strstr(out, "<th>a|b</th>") != NULL);
	CHECK(strstr(out, "<td>c</td>") != NULL);
}

static void
test_figures(void)
{
	static const struct conv_case cases[] = {
	    {"figure with caption", 0,
	     "<figure><img src=\"/i.jpg\" alt=\"A\"><figcaption>The "
	     "<b>cap</b></figcaption></figure>",
	     "![A](/i.jpg \"The cap\")\n"},
	    {"figure link img", 0,
	     "<figure><a href=\"/big.jpg\"><img src=\"/i.jpg\" alt=\"A\"></a><figcaption>C"
	     "</figcaption></figure>",
	     "![A](/i.jpg \"C\")\n"},
	    {"figure without caption", 0,
	     "<figure><img src=\"/i.jpg\" alt=\"A\" title=\"T\"></figure>", "![A](/i.jpg)\n"},
	    {"gutenberg image", 0,
	     "<!-- wp:image {\"id\":1} --><div class=\"wp-block-image\"><figure "
	     "class=\"aligncenter\">"
	     "<img src=\"/i.jpg\" alt=\"A\"/><figcaption>Quote \"x\" \\ "
	     "y</figcaption></figure></div>"
	     "<!-- /wp:image -->",
	     "![A](/i.jpg \"Quote \\\"x\\\" \\\\ y\")\n"},
	    {"gutenberg gallery", 0,
	     "<figure class=\"wp-block-gallery\"><ul class=\"blocks-gallery-grid\">"
	     "<li><figure><img src=\"/1.jpg\" "
	     "alt=\"one\"/><figcaption>First</figcaption></figure></li>"
	     "<li><figure><img src=\"/2.jpg\" alt=\"two\"/></figure></li></ul>"
	     "<figcaption>All</figcaption></figure>",
	     "![one](/1.jpg \"First\")\n\n![two](/2.jpg)\n\nAll\n"},
	    {"figure of a table", 0,
	     "<figure class=\"wp-block-table\"><table><tr><td>a</td></tr></table><figcaption>T"
	     "</figcaption></figure>",
	     "| a |\n| --- |\n\nT\n"},
	    {"figure with a refused image keeps its caption", 0,
	     "<figure><img src=\"javascript:x\" alt=\"A\"><figcaption>C</figcaption></figure>",
	     "C\n"},
	    {"pullquote", 0,
	     "<figure class=\"wp-block-pullquote\"><blockquote><p>Q</p><cite>W</cite></blockquote>"
	     "</figure>",
	     "> Q\n>\n> W\n"},
	};

	run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static const char *
attachment(void *ctx, long id, const char **alt, const char **caption)
{
	(void)ctx;
	switch (id) {
	case 1:
		*alt = "One";
		*caption = "First *one*";
		return "/media/1.jpg";
	case 2:
		*alt = "";
		*caption = "";
		return "/media/2.jpg";
	case 3:
		*alt = "evil";
		*caption = "";
		return "javascript:alert(1)";
	default:
		return NULL;
	}
}

static void
test_shortcodes(void)
{
	static const struct conv_case cases[] = {
	    {"caption", 1,
	     "[caption id=\"attachment_1\" align=\"alignnone\" width=\"300\"]<a href=\"/big.jpg\">"
	     "<img src=\"/i.jpg\" alt=\"A\" width=\"300\" /></a> Bell on wharf[/caption]",
	     "![A](/i.jpg \"Bell on wharf\")\n"},
	    {"caption attribute", 0,
	     "[caption id=\"x\" caption=\"From attr\"]<img src=\"/i.jpg\" alt=\"A\">[/caption]",
	     "![A](/i.jpg \"From attr\")\n"},
	    {"caption in text", 1,
	     "Before [caption]<img src=\"/i.jpg\" alt=\"A\"> C[/caption] after",
	     "Before\n\n![A](/i.jpg \"C\")\n\nafter\n"},
	    {"caption without image", 0, "[caption]just text[/caption]", "just text\n"},
	    {"gallery without callback", 0, "a [gallery ids=\"1,2\"] b", "a\n\nb\n"},
	    {"gallery without ids", 0, "a\n\n[gallery columns=\"3\"]\n\nb", "a\n\nb\n"},
	    {"embed", 1, "[embed]https://www.youtube.com/watch?v=abc[/embed]",
	     "<https://www.youtube.com/watch?v=abc>\n"},
	    {"embed with attributes", 1, "x [embed width=\"500\"] https://vimeo.com/1 [/embed] y",
	     "x\n\n<https://vimeo.com/1>\n\ny\n"},
	    {"embed of a non-url", 0, "[embed]not a url[/embed]", ""},
	    {"youtube shortcode", 0, "[youtube https://www.youtube.com/watch?v=a1]",
	     "<https://www.youtube.com/watch?v=a1>\n"},
	    {"youtube= form", 0, "[youtube=https://www.youtube.com/watch?v=a2&w=320]",
	     "<https://www.youtube.com/watch?v=a2&w=320>\n"},
	    {"audio video playlist dropped", 0,
	     "a [audio mp3=\"/x.mp3\"][/audio] b [video src=\"/v.mp4\"] c [playlist ids=\"1\"] d",
	     "a b c d\n"},
	    {"unknown enclosing shortcode keeps content", 0,
	     "[foo x=\"1\"]kept[/foo] [bar]too[/bar]", "kept too\n"},
	    {"unknown bare brackets stay text", 0, "He said [sic] and [citation needed].",
	     "He said \\[sic\\] and \\[citation needed\\].\n"},
	    {"escaped shortcode", 0, "Use [[gallery]] or [[caption id=\"1\"]]",
	     "Use \\[gallery\\] or \\[caption id=\"1\"\\]\n"},
	    {"shortcodes stay text in code", 0,
	     "<p><code>[gallery ids=\"1\"]</code></p><pre>[caption]x[/caption]</pre>",
	     "`[gallery ids=\"1\"]`\n\n```\n[caption]x[/caption]\n```\n"},
	    {"shortcode in inline element", 0, "<p><em>[foo x=1]a[/foo] [[b]]</em></p>",
	     "*a \\[b\\]*\n"},
	    {"unclosed bracket", 0, "a [caption b", "a \\[caption b\n"},
	};
	struct gz_html_md_opts o;

	run_cases(cases, sizeof(cases) / sizeof(cases[0]));
	memset(&o, 0, sizeof(o));
	o.attachment = attachment;
	CHECK_STR(md_of("<p>Look:</p>[gallery ids=\"1, 2,3,4\" columns=\"2\"]<p>End</p>", &o),
	          "Look:\n\n![One](/media/1.jpg \"First *one*\")\n\n![](/media/2.jpg)\n\nEnd\n");
	CHECK_STR(md_of("[gallery include=\"2\"]", &o), "![](/media/2.jpg)\n");
	CHECK_STR(md_of("[gallery ids=\"9\"]x", &o), "x\n");
}

static void
test_gutenberg(void)
{
	static const struct conv_case cases[] = {
	    {"block comments ignored", 1,
	     "<!-- wp:paragraph -->\n<p>One\nline</p>\n<!-- /wp:paragraph -->\n\n"
	     "<!-- wp:paragraph -->\n<p>Two</p>\n<!-- /wp:paragraph -->",
	     "One line\n\nTwo\n"},
	    {"embed block", 1,
	     "<!-- wp:core-embed/youtube {\"url\":\"https://youtu.be/ex8fMxXJDJw\"} -->\n"
	     "<figure class=\"wp-block-embed-youtube wp-block-embed is-type-video\"><div "
	     "class=\"wp-block-embed__wrapper\">\nhttps://youtu.be/ex8fMxXJDJw\n</div>"
	     "<figcaption>YouTube</figcaption></figure>\n<!-- /wp:core-embed/youtube -->",
	     "<https://youtu.be/ex8fMxXJDJw>\n\nYouTube\n"},
	    {"embed block, new name", 0,
	     "<figure class=\"wp-block-embed is-provider-twitter\"><div "
	     "class=\"wp-block-embed__wrapper\">https://twitter.com/x/status/1</div></figure>",
	     "<https://twitter.com/x/status/1>\n"},
	    {"self-closing embed comment", 0,
	     "<p>a</p><!-- wp:embed {\"url\":\"https:\\/\\/vimeo.com\\/22\\u0026x=1\"} "
	     "/--><p>b</p>",
	     "a\n\n<https://vimeo.com/22&x=1>\n\nb\n"},
	    {"youtube iframe", 0,
	     "<p>See <iframe width=\"560\" src=\"https://www.youtube.com/embed/dQw4w9WgXcQ?rel=0\">"
	     "</iframe> here</p>",
	     "See\n\n<https://www.youtube.com/watch?v=dQw4w9WgXcQ>\n\nhere\n"},
	    {"vimeo iframe", 0, "<iframe src=\"//player.vimeo.com/video/76979871\"></iframe>",
	     "<https://vimeo.com/76979871>\n"},
	    {"other iframe", 0, "<iframe src=\"https://www.youtube.com/watch?v=x\"></iframe>x",
	     "x\n"},
	    {"buttons", 0,
	     "<div class=\"wp-block-buttons\"><div class=\"wp-block-button\"><a "
	     "class=\"wp-block-button__link\" href=\"https://e.com/\">Go</a></div></div>",
	     "[Go](https://e.com/)\n"},
	};

	run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_autop(void)
{
	static const struct conv_case cases[] = {
	    {"blank lines make paragraphs", 1, "One\n\nTwo\n\n\nThree", "One\n\nTwo\n\nThree\n"},
	    {"single newline is a break", 1, "a\nb\r\nc", "a\\\nb\\\nc\n"},
	    {"spaces around newlines", 1, "a  \n  b \n \n c", "a\\\nb\n\nc\n"},
	    {"not between blocks", 1, "<h2>T</h2>\n<p>x</p>\n\n<ul>\n<li>a</li>\n</ul>\n",
	     "## T\n\nx\n\n- a\n"},
	    {"text before a block", 1, "Intro:\n<blockquote>q</blockquote>\nafter",
	     "Intro:\n\n> q\n\nafter\n"},
	    {"not in pre", 1, "<pre>a\n\nb\nc</pre>", "```\na\n\nb\nc\n```\n"},
	    {"inside inline elements", 1, "<em>a\nb</em>", "*a\\\nb*\n"},
	    {"newline after br is no second break", 1, "a<br />\nb<br>\n\nc", "a\\\nb\n\nc\n"},
	    {"code of several lines alone on its line", 1,
	     "See:\n<code>int x;\n  x++;</code>\nand <code>a\nb</code> inline",
	     "See:\n\n```\nint x;\n  x++;\n```\n\nand `a b` inline\n"},
	    {"code of several lines, no autop", 0, "See:\n<code>int x;\n  x++;</code>",
	     "See: `int x; x++;`\n"},
	    {"inside blockquote", 1, "<blockquote>a\n\nb</blockquote>", "> a\n>\n> b\n"},
	    {"list items", 1, "<ul>\n\t<li>one\n<ul>\n\t<li>two</li>\n</ul>\n</li>\n</ul>",
	     "- one\n  - two\n"},
	    {"url alone on its line", 1, "Watch:\nhttps://youtu.be/x\nnow\n\nhttp://e.com/a b",
	     "Watch:\n\n<https://youtu.be/x>\n\nnow\n\nhttp\\://e.com/a b\n"},
	    {"url alone, no autop", 0, "<p> https://e.com/x </p><p>see https://e.com/y</p>",
	     "<https://e.com/x>\n\nsee https\\://e.com/y\n"},
	    {"off: newlines are spaces", 0, "a\nb\n\nc", "a b c\n"},
	    {"block content never gets autop", 1, "<!-- wp:paragraph --><p>a\nb</p>", "a b\n"},
	    {"nbsp paragraph", 1, "a\n\n&nbsp;\n\nb", "a\n\nb\n"},
	};

	run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_malformed(void)
{
	static const struct conv_case cases[] = {
	    {"unclosed tags", 0, "<p>a <b>bold <i>both", "a **bold *both***\n"},
	    {"stray close p", 0, "a</p>b", "ab\n"},
	    {"stray close tags", 0, "</div></b>x</span>", "x\n"},
	    {"misnested", 0, "<b>a<i>b</b>c</i>", "**a*b***c\n"},
	    {"li without list", 0, "<li>a</li><li>b</li>", "a\n\nb\n"},
	    {"td without table", 0, "<td>a</td>", "a\n"},
	    {"lt in text", 0, "a < b > c &amp; d", "a \\< b \\> c & d\n"},
	    {"broken entity", 0, "AT&T &bogus; &#xZZ;", "AT&T &bogus\\; ZZ;\n"},
	    {"html and body", 0, "<html><head><title>T</title></head><body><p>x</p></body></html>",
	     "x\n"},
	    {"nul and invalid utf8", 0,
	     "a\x01"
	     "b\xff"
	     "c",
	     "ab\xef\xbf\xbd"
	     "c\n"},
	    {"unclosed comment", 0, "a<!-- b", "a\n"},
	    {"unclosed attribute", 0, "<a href=\"/x>y</a>z", ""},
	};
	char *md;
	static const char nul[] = "a\0b";

	run_cases(cases, sizeof(cases) / sizeof(cases[0]));
	/* Input with a NUL byte: not a C string, len counts. */
	CHECK_INT(gz_html_md(&arena, nul, 3, NULL, &md), GZ_OK);
	CHECK_STR(md, "a\xef\xbf\xbd"
	              "b\n");
}

static void
test_markdown_lookalikes(void)
{
	static const struct {
		const char *html; /* text that looks like Markdown */
		const char *text; /* must come back as this text */
		const char *tag;  /* and must not make this element */
	} cases[] = {
	    {"<p>1. not a list</p>", "1. not a list", "<ol"},
	    {"<p>1986) a year</p>", "1986) a year", "<ol"},
	    {"<p>*not em*</p>", "*not em*", "<em"},
	    {"<p>_not em_</p>", "_not em_", "<em"},
	    {"<p>__not strong__</p>", "__not strong__", "<strong"},
	    {"<p># not heading</p>", "# not heading", "<h1"},
	    {"<p>## not heading ##</p>", "## not heading ##", "<h2"},
	    {"<p>- not a list</p>", "- not a list", "<ul"},
	    {"<p>+ not a list</p>", "+ not a list", "<ul"},
	    {"<p>&gt; not a quote</p>", "&gt; not a quote", "<blockquote"},
	    {"<p>a<br>===</p>", "===", "<h1"},
	    {"<p>a<br>---</p>", "a<br />", "<h2"},
	    {"<p>***</p>", "***", "<hr"},
	    {"<p>```code```</p>", "```code```", "<code"},
	    {"<p>    indented</p>", "indented", "<pre"},
	    {"<p>[link](http://x)</p>", "[link](http://x)", "\">link</a>"},
	    {"<p>![img](http://x)</p>", "![img](http://x)", "<img"},
	    {"<p>&lt;b&gt;raw&lt;/b&gt;</p>", "&lt;b&gt;raw&lt;/b&gt;", "<b>"},
	    {"<p>&lt;https://x.y&gt;</p>", "&lt;https://x.y&gt;", "<a"},
	    {"<p>~~not struck~~</p>", "~~not struck~~", "<del"},
	    {"<p>a | b<br>- | -</p>", "a | b", "<table"},
	    {"<p>&amp;copy; stays</p>", "&amp;copy; stays", "\xc2\xa9"},
	    {"<p>back\\slash\\</p>", "back\\slash\\", "<br"},
	    {"<p>[x]: /url</p>", "[x]: /url", "<a"},
	    {"<p>snake_case_name</p>", "snake_case_name", "<em"},
	    {"<p>https://e.com/~a_b*c and www.e.com</p>", "https://e.com/~a_b*c and www.e.com",
	     "<a"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *md = conv(cases[i].html, 0), *out = render(md);

		test_checks++;
		if (strstr(out, cases[i].text) == NULL || strstr(out, cases[i].tag) != NULL) {
			test_failures++;
			fprintf(stderr, "lookalike %s: md %s html %s", cases[i].html, md, out);
		}
	}
	/* The same, at the start of a list item and after a hard break. */
	CHECK(strstr(render(conv("<ul><li># h</li></ul>", 0)), "<h1") == NULL);
	CHECK(strstr(render(conv("<p>x<br>1. y</p>", 0)), "<ol") == NULL);
	CHECK(strstr(render(conv("<blockquote>- z</blockquote>", 0)), "<ul") == NULL);
}

/* The text of p: when html (rendered HTML) tags out and entities decoded;
 * smart punctuation undone, whitespace (no-break space too) collapsed. */
static void
html_text(struct gz_buf *b, const char *p, int html)
{
	static const struct {
		const char *from, *to;
	} subst[] = {{"&amp;", "&"},          {"&lt;", "<"},           {"&gt;", ">"},
	             {"&quot;", "\""},        {"&#39;", "'"},          {"\xe2\x80\x93", "--"},
	             {"\xe2\x80\x94", "---"}, {"\xe2\x80\xa6", "..."}, {"\xe2\x80\x98", "'"},
	             {"\xe2\x80\x99", "'"},   {"\xe2\x80\x9c", "\""},  {"\xe2\x80\x9d", "\""},
	             {"\xc2\xa0", " "},       {"\xe2\x81\xa0", ""}};
	size_t i, k;
	int space = 0;

	while (*p != '\0') {
		if (*p == '<' && html) {
			/* Blocks and breaks separate words; inline tags do not. */
			const char *t = p + 1 + (p[1] == '/');

			space |= !(strncmp(t, "a ", 2) == 0 || strncmp(t, "a>", 2) == 0 ||
			           strncmp(t, "em>", 3) == 0 || strncmp(t, "strong>", 7) == 0 ||
			           strncmp(t, "del>", 4) == 0 || strncmp(t, "code>", 5) == 0);
			p += strcspn(p, ">");
			p += *p != '\0';
			continue;
		}
		for (i = 0; i < sizeof(subst) / sizeof(subst[0]); i++) {
			k = strlen(subst[i].from);
			if ((html || subst[i].from[0] != '&') &&
			    strncmp(p, subst[i].from, k) == 0) {
				break;
			}
		}
		if (i < sizeof(subst) / sizeof(subst[0])) {
			p += k;
			if (strcmp(subst[i].to, " ") == 0) {
				space = 1;
				continue;
			}
			if (subst[i].to[0] == '\0') {
				continue; /* a word joiner the writer may add */
			}
			if (space && b->len > 0) {
				gz_buf_putc(b, ' ');
			}
			space = 0;
			gz_buf_puts(b, subst[i].to);
			continue;
		}
		if (*p == ' ' || *p == '\n' || *p == '\t') {
			space = 1;
			p++;
			continue;
		}
		if (space && b->len > 0) {
			gz_buf_putc(b, ' ');
		}
		space = 0;
		gz_buf_putc(b, *p++);
	}
}

/*
 * Round trip of text through the converter and the renderer: random
 * paragraphs of Markdown's special characters (and a no-break space, a
 * CJK full stop, an accented letter), some wrapped in b, i, del, code or a
 * link (one inside another at times), with line breaks, in a paragraph,
 * heading, list item, quote or table cell, with and without autop, must
 * render to the same text, whitespace aside: no character lost, no
 * escape or stray delimiter shown.
 */
static void
test_text_round_trip(void)
{
	static const char *const alphabet[] = {
	    "a",        "1", "*", "_", "`",  "[", "]", "(",  ")",        "<",
	    ">",        "#", "-", "+", "=",  "!", "|", "~",  "\\",       "&",
	    ";",        ".", ":", "'", "\"", " ", " ", "\t", "\xc2\xa0", "\xe3\x80\x82",
	    "\xc3\xa9", "\n"};
	static const char *const open[] = {"<b>", "<i>", "<del>", "<code>", "<a href=\"/x\">"};
	static const char *const close[] = {"</b>", "</i>", "</del>", "</code>", "</a>"};
	unsigned long seed = 12345;
	struct gz_buf html, want, got;
	int round, seg, k, failures = 0;
	char prev;

	gz_buf_init(&html, NULL, 0);
	gz_buf_init(&want, NULL, 0);
	gz_buf_init(&got, NULL, 0);
	for (round = 0; round < 3000; round++) {
		const char *md, *out;

		static const char *const wrap[][2] = {
		    {"<p>", "</p>"},
		    {"<h2>", "</h2>"},
		    {"<ul><li>", "</li></ul>"},
		    {"<ol start=\"3\"><li>x</li><li>", "</li></ol>"},
		    {"<blockquote>", "</blockquote>"},
		    {"<table><tr><td>", "</td></tr></table>"},
		};
		int w, inner = -1;

		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		w = (int)((seed >> 33) % (sizeof(wrap) / sizeof(wrap[0])));
		gz_buf_reset(&html);
		gz_buf_reset(&want);
		gz_buf_puts(&html, wrap[w][0]);
		if (w == 3) {
			gz_buf_puts(&want, "x ");
		}
		prev = 0;
		for (seg = 0; seg < 6; seg++) {
			int tag = -1;

			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			if ((seed >> 33) % 3 == 0) {
				tag = (int)((seed >> 40) % 5);
				gz_buf_puts(&html, open[tag]);
				/* Sometimes a second element inside the first. */
				inner = tag != 3 && (seed >> 50) % 3 == 0 ? (int)((seed >> 52) % 5)
				                                          : -1;
				if (inner >= 0) {
					gz_buf_puts(&html, open[inner]);
				}
			} else if ((seed >> 33) % 7 == 1) {
				gz_buf_puts(&html, "<br>");
				gz_buf_putc(&want, ' ');
			}
			for (k = 0; k < 5; k++) {
				const char *ch;

				seed = seed * 6364136223846793005UL + 1442695040888963407UL;
				ch = alphabet[(seed >> 33) %
				              (sizeof(alphabet) / sizeof(alphabet[0]))];
				/* No shortcode tokens: a '[' is never followed by a letter. */
				if (prev == '[' && ch[0] == 'a') {
					ch = "1";
				}
				prev = ch[0];
				gz_buf_puts(&html, ch[0] == '<'   ? "&lt;"
				                   : ch[0] == '&' ? "&amp;"
				                                  : ch);
				gz_buf_puts(&want, ch);
			}
			if (inner >= 0) {
				gz_buf_puts(&html, close[inner]);
				inner = -1;
			}
			if (tag >= 0) {
				gz_buf_puts(&html, close[tag]);
			}
		}
		gz_buf_puts(&html, wrap[w][1]);
		md = conv(gz_buf_str(&html), round % 2);
		out = render(md);
		gz_buf_reset(&got);
		html_text(&got, out, 1);
		{
			/* The expected text, whitespace collapsed the same way. */
			struct gz_buf norm;

			gz_buf_init(&norm, NULL, 0);
			html_text(&norm, gz_buf_str(&want), 0);
			test_checks++;
			if (strcmp(gz_buf_str(&norm), gz_buf_str(&got)) != 0) {
				test_failures++;
				if (failures++ < 5) {
					fprintf(stderr,
					        "round trip %d:\n html %s\n md   %s want %s\n got  "
					        "%s\n",
					        round, gz_buf_str(&html), md, gz_buf_str(&norm),
					        gz_buf_str(&got));
				}
			}
			gz_buf_free(&norm);
		}
	}
	gz_buf_free(&html);
	gz_buf_free(&want);
	gz_buf_free(&got);
}

static void
test_limits(void)
{
	struct gz_buf b;
	char *md;
	size_t i;

	/* Too long an input. */
	CHECK_INT(gz_html_md(&arena, "x", GZ_HTML_MD_MAX + 1, NULL, &md), GZ_ETOOBIG);
	CHECK(md == NULL);
	/* Deeper than libxml2 goes: refused, not half converted. */
	gz_buf_init(&b, NULL, 0);
	for (i = 0; i < 300; i++) {
		gz_buf_puts(&b, "<b>");
	}
	gz_buf_puts(&b, "deep");
	CHECK_INT(gz_html_md(&arena, b.data, b.len, NULL, &md), GZ_ETOOBIG);
	/* Deep but within libxml2's limit: our own walk flattens. */
	gz_buf_reset(&b);
	for (i = 0; i < 100; i++) {
		gz_buf_puts(&b, "<blockquote><span>");
	}
	gz_buf_puts(&b, "deep");
	CHECK_INT(gz_html_md(&arena, b.data, b.len, NULL, &md), GZ_OK);
	CHECK(strstr(md, "deep\n") != NULL);
	/* More elements than GZ_HTML_MD_ELEMENTS. */
	gz_buf_reset(&b);
	for (i = 0; i <= GZ_HTML_MD_ELEMENTS; i++) {
		gz_buf_puts(&b, "<i></i>");
	}
	CHECK_INT(gz_html_md(&arena, b.data, b.len, NULL, &md), GZ_ETOOBIG);
	/* A result larger than an article may be. */
	gz_buf_reset(&b);
	while (b.len < GZ_MD_MAX + GZ_MD_MAX / 8) {
		gz_buf_puts(&b,
		            "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do "
		            "eiusmod tempor incididunt ut labore et dolore magna aliqua.</p>");
	}
	CHECK_INT(gz_html_md(&arena, b.data, b.len, NULL, &md), GZ_ETOOBIG);
	/* One paragraph of more pieces than the converter holds (2048): written
	 * in chunks, still one paragraph. */
	gz_buf_reset(&b);
	for (i = 0; i < 3 * 2048; i++) {
		gz_buf_puts(&b, "w<b>b</b> ");
	}
	CHECK_INT(gz_html_md(&arena, b.data, b.len, NULL, &md), GZ_OK);
	CHECK(strchr(md, '\n') == md + strlen(md) - 1);
	gz_buf_free(&b);
}

/* Read a whole file into the arena; NULL if it cannot be read. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *d = NULL;
	long n;

	if (f == NULL) {
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (d = gz_arena_alloc(&arena, (size_t)n + 1)) != NULL &&
	    fread(d, 1, (size_t)n, f) == (size_t)n) {
		d[n] = '\0';
		*len = (size_t)n;
	} else {
		d = NULL;
	}
	fclose(f);
	return d;
}

/*
 * Five bodies of the fixture (classic editor: HTML tags, image alignment,
 * nested lists; block editor: embeds, gallery) against the Markdown they
 * should give, read by eye once and kept.
 */
static void
test_fixture_files(void)
{
	static const char *const names[] = {"html-tags", "image-alignment", "nested-lists",
	                                    "block-embeds", "block-gallery"};
	struct gz_html_md_opts o;
	size_t i, hlen, mlen;

	memset(&o, 0, sizeof(o));
	o.autop = 1;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *html =
		    slurp(gz_arena_printf(&arena, "tests/data/html_md/%s.html", names[i]), &hlen);
		char *want =
		    slurp(gz_arena_printf(&arena, "tests/data/html_md/%s.md", names[i]), &mlen);
		char *md = NULL;

		CHECK(html != NULL && want != NULL);
		if (html == NULL || want == NULL) {
			continue;
		}
		CHECK_INT(gz_html_md(&arena, html, hlen, &o, &md), GZ_OK);
		test_checks++;
		if (md == NULL || strcmp(md, want) != 0) {
			test_failures++;
			fprintf(stderr, "%s differs from tests/data/html_md/%s.md; got:\n%s\n",
			        names[i], names[i], md ? md : "(null)");
		}
	}
}

/* Checks every converted body must pass, with its rendered HTML. */
static int
body_ok(const char *md, const char *html)
{
	size_t n = strlen(md), i;

	if (!gz_utf8_valid(md, n) || (n > 0 && (md[n - 1] != '\n' || md[0] == '\n'))) {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if (md[i] == '\n' && (md[i - 1] == ' ' || md[i - 1] == '\t')) {
			return 0;
		}
	}
	return strstr(html, "<script") == NULL && strstr(html, "<iframe") == NULL &&
	       strstr(html, "javascript:") == NULL && strstr(html, "raw HTML omitted") == NULL;
}

/*
 * Every post and page body of the real export, converted as the importer
 * will (autop on), rendered, checked.  Skipped, saying so, when the
 * fixture is not there.
 */
static void
test_fixture_all(void)
{
	xmlTextReaderPtr r = xmlReaderForFile(FIXTURE, NULL, XML_PARSE_NONET);
	struct gz_html_md_opts o;
	int bodies = 0, cards = 0, figures = 0;

	if (r == NULL) {
		printf("skip: %s not found, the fixture bodies are not converted\n", FIXTURE);
		return;
	}
	memset(&o, 0, sizeof(o));
	o.autop = 1;
	while (xmlTextReaderRead(r) == 1) {
		const xmlChar *name = xmlTextReaderConstName(r);
		xmlChar *body;
		char *md = NULL;
		const char *out;

		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT || name == NULL ||
		    strcmp((const char *)name, "content:encoded") != 0) {
			continue;
		}
		if ((body = xmlTextReaderReadString(r)) == NULL) {
			continue;
		}
		if (body[0] != '\0') {
			CHECK_INT(gz_html_md(&arena, (const char *)body, strlen((const char *)body),
			                     &o, &md),
			          GZ_OK);
			out = md != NULL ? render(md) : "";
			test_checks++;
			if (md == NULL || !body_ok(md, out)) {
				test_failures++;
				fprintf(stderr, "fixture body %d:\n%s\n", bodies,
				        md ? md : "(null)");
			}
			cards += md != NULL && (strncmp(md, "<https://", 9) == 0 ||
			                        strstr(md, "\n<https://") != NULL);
			figures += md != NULL && strstr(out, "<figure") != NULL;
			bodies++;
		}
		xmlFree(body);
	}
	xmlFreeTextReader(r);
	printf("fixture: %d bodies converted, %d with link cards, %d with figures\n", bodies, cards,
	       figures);
	CHECK(bodies >= 60);
	CHECK(cards >= 3);
}

static void
setup(void)
{
	gz_arena_init(&arena, 64 * 1024, 0);
}

static void
teardown(void)
{
	gz_arena_free(&arena);
	xmlCleanupParser();
}

TEST_MAIN(T(setup), T(test_blocks), T(test_inline), T(test_dropped), T(test_urls), T(test_map_url),
          T(test_lists), T(test_quotes_code), T(test_tables), T(test_figures), T(test_shortcodes),
          T(test_gutenberg), T(test_autop), T(test_malformed), T(test_markdown_lookalikes),
          T(test_text_round_trip), T(test_limits), T(test_fixture_files), T(test_fixture_all),
          T(teardown))
