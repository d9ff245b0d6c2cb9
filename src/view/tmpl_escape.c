/*
 * Contextual escaping.  The first half is the HTML context tracker the
 * compiler runs over a template's literal text: a small state machine that
 * knows tags, attribute names and values (quoted or not), comments, the
 * raw-text elements <script> and <style>, the RCDATA elements <title> and
 * <textarea>, which attributes hold URLs, and enough JavaScript lexing
 * (strings, comments) to know whether an expression sits in code or in a
 * string.  It decides, at compile time, which escaper each {{ }} gets, and
 * refuses places no escaper can make safe (tag and attribute names,
 * unquoted values, event handlers, style attributes, comments).
 *
 * The second half holds the escapers: HTML text and attributes, URLs (with
 * a scheme allow-list), JSON for scripts, JS string contents and a
 * conservative CSS filter.  Every escaper replaces invalid UTF-8 and NUL by
 * U+FFFD (or drops to a placeholder).  Go's html/template is the model.
 *
 * This file knows nothing of template syntax or of values beyond their text.
 */
#include <string.h>

#include "gazette/utf8.h"
#include "internal.h"

enum {
	S_TEXT,       /* element content */
	S_PLAIN,      /* a .txt template: no HTML at all */
	S_RCDATA,     /* <title>, <textarea>: text until the end tag */
	S_SCRIPT,     /* <script> body */
	S_STYLE,      /* <style> body */
	S_COMMENT,    /* <!-- ... --> */
	S_BOGUS,      /* <!DOCTYPE ...>, <?xml ...?>: until > */
	S_LT,         /* just after '<' at the end of a chunk */
	S_END_TAG,    /* </name ... until > */
	S_TAG,        /* inside a start tag, between attributes */
	S_AFTER_NAME, /* after an attribute name */
	S_BEFORE_VAL, /* after name= */
	S_VALUE_DQ,   /* inside "..." */
	S_VALUE_SQ,   /* inside '...' */
	S_VALUE_UNQ,  /* inside an unquoted value */
};

enum {
	E_NONE,     /* ordinary element */
	E_SCRIPT,   /* <script> */
	E_STYLE,    /* <style> */
	E_TITLE,    /* <title> */
	E_TEXTAREA, /* <textarea> */
};

enum {
	A_NORMAL, /* text-like attribute */
	A_URL,    /* href, src, ... */
	A_JS,     /* on* event handlers */
	A_CSS,    /* style */
	A_HTML,   /* srcdoc: a whole document, refused */
};

enum {
	U_START, /* nothing but spaces yet */
	U_LIT,   /* literal text, scheme not settled */
	U_EXPR,  /* an expression contributed, scheme not settled */
	U_PATH,  /* scheme settled safe (or relative path begun) */
	U_QUERY, /* after ? or # */
	U_BAD,   /* literal scheme is not one we allow */
};

enum {
	J_CODE,  /* script code */
	J_DQ,    /* "string" */
	J_SQ,    /* 'string' */
	J_TMPL,  /* `template` */
	J_LINE,  /* // comment */
	J_BLOCK, /* block comment */
};

struct ctx
ctx_start(int plain)
{
	struct ctx c;

	memset(&c, 0, sizeof(c));
	c.state = plain ? S_PLAIN : S_TEXT;
	return c;
}

int
ctx_eq(struct ctx a, struct ctx b)
{
	return a.state == b.state && a.elem == b.elem && a.attr == b.attr && a.url == b.url &&
	       a.js == b.js;
}

static int
lower(int ch)
{
	return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
}

/* 1 when the n bytes at p equal the lowercase word w, ignoring ASCII case. */
static int
eq_case(const char *p, size_t n, const char *w)
{
	size_t i;

	if (strlen(w) != n) {
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (lower((unsigned char)p[i]) != w[i]) {
			return 0;
		}
	}
	return 1;
}

static int
is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f';
}

static int
is_alpha(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static int
attr_kind(const char *p, size_t n)
{
	static const char *const urls[] = {
	    "href",       "src",      "action",   "formaction", "poster",  "cite",     "srcset",
	    "background", "longdesc", "manifest", "icon",       "data",    "codebase", "xlink:href",
	    "ping",       "usemap",   "xmlns",    "profile",    "classid", "archive"};
	size_t i;

	if (n > 2 && lower((unsigned char)p[0]) == 'o' && lower((unsigned char)p[1]) == 'n') {
		return A_JS;
	}
	if (eq_case(p, n, "style")) {
		return A_CSS;
	}
	if (eq_case(p, n, "srcdoc")) {
		return A_HTML;
	}
	for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		if (eq_case(p, n, urls[i])) {
			return A_URL;
		}
	}
	return A_NORMAL;
}

static int
elem_kind(const char *p, size_t n)
{
	if (eq_case(p, n, "script")) {
		return E_SCRIPT;
	}
	if (eq_case(p, n, "style")) {
		return E_STYLE;
	}
	if (eq_case(p, n, "title")) {
		return E_TITLE;
	}
	if (eq_case(p, n, "textarea")) {
		return E_TEXTAREA;
	}
	return E_NONE;
}

/* The > of a start tag: enter its content. */
static void
close_tag(struct ctx *c)
{
	c->attr = 0;
	c->url = 0;
	c->js = 0;
	switch (c->elem) {
	case E_SCRIPT:
		c->state = S_SCRIPT;
		break;
	case E_STYLE:
		c->state = S_STYLE;
		break;
	case E_TITLE:
	case E_TEXTAREA:
		c->state = S_RCDATA;
		break;
	default:
		c->state = S_TEXT;
		c->elem = E_NONE;
		break;
	}
}

/*
 * After '<' at p[i]: decide what starts.  Returns the index of the first
 * byte not consumed.
 */
static size_t
after_lt(struct ctx *c, const char *p, size_t n, size_t i)
{
	size_t j;

	if (i >= n) {
		c->state = S_LT;
		return i;
	}
	if (p[i] == '!') {
		if (n - i >= 3 && p[i + 1] == '-' && p[i + 2] == '-') {
			c->state = S_COMMENT;
			return i + 3;
		}
		c->state = S_BOGUS;
		return i + 1;
	}
	if (p[i] == '?') {
		c->state = S_BOGUS;
		return i + 1;
	}
	if (p[i] == '/') {
		if (i + 1 < n && is_alpha(p[i + 1])) {
			c->state = S_END_TAG;
			return i + 2;
		}
		c->state = S_BOGUS;
		return i + 1;
	}
	if (is_alpha(p[i])) {
		for (j = i; j < n && !is_space(p[j]) && p[j] != '/' && p[j] != '>'; j++) {
		}
		c->state = S_TAG;
		c->elem = (uint8_t)elem_kind(p + i, j - i);
		return j;
	}
	c->state = S_TEXT;
	return i;
}

/* Offset of the case-insensitive end tag "</name" (followed by space, / or >) at or after i. */
static size_t
find_end_tag(const char *p, size_t n, size_t i, const char *name)
{
	size_t len = strlen(name);
	const char *q;

	while (i < n && (q = memchr(p + i, '<', n - i)) != NULL) {
		size_t k = (size_t)(q - p);

		if (n - k >= len + 2 && p[k + 1] == '/' && eq_case(p + k + 2, len, name) &&
		    (k + 2 + len == n || is_space(p[k + 2 + len]) || p[k + 2 + len] == '/' ||
		     p[k + 2 + len] == '>')) {
			return k;
		}
		i = k + 1;
	}
	return n;
}

/* 1 when the n bytes at p (a literal scheme, maybe with spaces) are allowed. */
static int
scheme_ok(const char *p, size_t n)
{
	while (n > 0 && (unsigned char)*p <= ' ') {
		p++;
		n--;
	}
	return eq_case(p, n, "http") || eq_case(p, n, "https") || eq_case(p, n, "mailto") ||
	       eq_case(p, n, "tel");
}

/* Track the URL part over literal value bytes [i, j). */
static int
url_text(struct ctx *c, const char *p, size_t i, size_t j, size_t lit_from, int lit_known,
         const char **why)
{
	for (; i < j; i++) {
		char ch = p[i];

		switch (c->url) {
		case U_START:
			if ((unsigned char)ch <= ' ') {
				break;
			}
			if (ch == '/') {
				c->url = U_PATH;
			} else if (ch == '?' || ch == '#') {
				c->url = U_QUERY;
			} else if (ch == ':') {
				c->url = U_BAD;
			} else {
				c->url = U_LIT;
				lit_from = i;
				lit_known = 1;
			}
			break;
		case U_LIT:
			if (ch == ':') {
				c->url = lit_known && scheme_ok(p + lit_from, i - lit_from) ? U_PATH
				                                                            : U_BAD;
			} else if (ch == '/') {
				c->url = U_PATH;
			} else if (ch == '?' || ch == '#') {
				c->url = U_QUERY;
			}
			break;
		case U_EXPR:
			if (ch == ':') {
				*why = "':' after an expression at the start of a URL (the value "
				       "could "
				       "choose the scheme)";
				return -1;
			} else if (ch == '/') {
				c->url = U_PATH;
			} else if (ch == '?' || ch == '#') {
				c->url = U_QUERY;
			}
			break;
		case U_PATH:
			if (ch == '?' || ch == '#') {
				c->url = U_QUERY;
			}
			break;
		default:
			break;
		}
	}
	return 0;
}

/* Advance the JS lexical state over p[i, j). */
static void
js_text(struct ctx *c, const char *p, size_t i, size_t j)
{
	for (; i < j; i++) {
		char ch = p[i];

		switch (c->js) {
		case J_CODE:
			if (ch == '"') {
				c->js = J_DQ;
			} else if (ch == '\'') {
				c->js = J_SQ;
			} else if (ch == '`') {
				c->js = J_TMPL;
			} else if (ch == '/' && i + 1 < j && p[i + 1] == '/') {
				c->js = J_LINE;
				i++;
			} else if (ch == '/' && i + 1 < j && p[i + 1] == '*') {
				c->js = J_BLOCK;
				i++;
			}
			break;
		case J_DQ:
		case J_SQ:
		case J_TMPL:
			if (ch == '\\') {
				i++;
			} else if ((ch == '"' && c->js == J_DQ) || (ch == '\'' && c->js == J_SQ) ||
			           (ch == '`' && c->js == J_TMPL)) {
				c->js = J_CODE;
			} else if (ch == '\n' && c->js != J_TMPL) {
				c->js = J_CODE;
			}
			break;
		case J_LINE:
			if (ch == '\n') {
				c->js = J_CODE;
			}
			break;
		case J_BLOCK:
			if (ch == '*' && i + 1 < j && p[i + 1] == '/') {
				c->js = J_CODE;
				i++;
			}
			break;
		}
	}
}

/* Read an attribute name at p[i]; returns the index after it. */
static size_t
attr_name(struct ctx *c, const char *p, size_t n, size_t i)
{
	size_t j = i + 1; /* the first byte may be '=' */

	while (j < n && !is_space(p[j]) && p[j] != '/' && p[j] != '>' && p[j] != '=') {
		j++;
	}
	c->attr = (uint8_t)attr_kind(p + i, j - i);
	c->state = S_AFTER_NAME;
	return j;
}

int
ctx_text(struct ctx *c, const char *p, size_t n, const char **why)
{
	size_t i = 0, j;
	const char *q;

	while (i < n) {
		switch (c->state) {
		case S_PLAIN:
			return 0;
		case S_TEXT:
			if ((q = memchr(p + i, '<', n - i)) == NULL) {
				return 0;
			}
			i = after_lt(c, p, n, (size_t)(q - p) + 1);
			break;
		case S_LT:
			i = after_lt(c, p, n, i);
			break;
		case S_RCDATA:
			j = find_end_tag(p, n, i, c->elem == E_TITLE ? "title" : "textarea");
			if (j == n) {
				return 0;
			}
			c->state = S_END_TAG;
			c->elem = E_NONE;
			i = j + 2;
			break;
		case S_STYLE:
			j = find_end_tag(p, n, i, "style");
			if (j == n) {
				return 0;
			}
			c->state = S_END_TAG;
			c->elem = E_NONE;
			i = j + 2;
			break;
		case S_SCRIPT:
			j = find_end_tag(p, n, i, "script");
			js_text(c, p, i, j);
			if (j == n) {
				return 0;
			}
			c->state = S_END_TAG;
			c->elem = E_NONE;
			c->js = 0;
			i = j + 2;
			break;
		case S_COMMENT:
			for (j = i;
			     j + 2 < n && !(p[j] == '-' && p[j + 1] == '-' && p[j + 2] == '>');
			     j++) {
			}
			if (j + 2 >= n) {
				return 0;
			}
			c->state = S_TEXT;
			i = j + 3;
			break;
		case S_BOGUS:
		case S_END_TAG:
			if ((q = memchr(p + i, '>', n - i)) == NULL) {
				return 0;
			}
			c->state = S_TEXT;
			i = (size_t)(q - p) + 1;
			break;
		case S_TAG:
		case S_AFTER_NAME:
			if (is_space(p[i])) {
				i++;
			} else if (p[i] == '>') {
				close_tag(c);
				i++;
			} else if (p[i] == '/') {
				c->state = S_TAG;
				c->attr = 0;
				i++;
			} else if (p[i] == '=' && c->state == S_AFTER_NAME) {
				c->state = S_BEFORE_VAL;
				i++;
			} else {
				i = attr_name(c, p, n, i);
			}
			break;
		case S_BEFORE_VAL:
			if (is_space(p[i])) {
				i++;
			} else if (p[i] == '>') {
				close_tag(c);
				i++;
			} else {
				c->state = p[i] == '"'    ? S_VALUE_DQ
				           : p[i] == '\'' ? S_VALUE_SQ
				                          : S_VALUE_UNQ;
				c->url = U_START;
				if (c->state != S_VALUE_UNQ) {
					i++;
				}
			}
			break;
		case S_VALUE_DQ:
		case S_VALUE_SQ:
			q = memchr(p + i, c->state == S_VALUE_DQ ? '"' : '\'', n - i);
			j = q == NULL ? n : (size_t)(q - p);
			if (c->attr == A_URL && url_text(c, p, i, j, i, 0, why) != 0) {
				return -1;
			}
			if (q == NULL) {
				return 0;
			}
			c->state = S_TAG;
			c->attr = 0;
			c->url = 0;
			i = j + 1;
			break;
		case S_VALUE_UNQ:
			if (is_space(p[i])) {
				c->state = S_TAG;
				c->attr = 0;
				c->url = 0;
			} else if (p[i] == '>') {
				close_tag(c);
			}
			i++;
			break;
		default:
			*why = "internal: unknown context";
			return -1;
		}
	}
	return 0;
}

int
ctx_expr(struct ctx *c, enum esc *esc, const char **why)
{
	switch (c->state) {
	case S_PLAIN:
		*esc = ESC_NONE;
		return 0;
	case S_TEXT:
	case S_RCDATA:
		*esc = ESC_HTML;
		return 0;
	case S_STYLE:
		*esc = ESC_CSS;
		return 0;
	case S_SCRIPT:
		if (c->js == J_CODE) {
			*esc = ESC_JS_VALUE;
			return 0;
		}
		if (c->js == J_DQ || c->js == J_SQ) {
			*esc = ESC_JS_STR;
			return 0;
		}
		*why = c->js == J_TMPL ? "expression inside a JavaScript template literal (use a "
		                         "plain expression: it becomes JSON)"
		                       : "expression inside a JavaScript comment";
		return -1;
	case S_VALUE_DQ:
	case S_VALUE_SQ:
		switch (c->attr) {
		case A_JS:
			*why = "expression in an event-handler attribute (on...); pass data in a "
			       "data-* attribute instead";
			return -1;
		case A_CSS:
			*why = "expression in a style attribute; use a class instead";
			return -1;
		case A_HTML:
			*why = "expression in a srcdoc attribute (it holds a whole document)";
			return -1;
		case A_URL:
			switch (c->url) {
			case U_START:
			case U_LIT:
			case U_EXPR:
				*esc = ESC_URL_START;
				c->url = U_EXPR;
				return 0;
			case U_PATH:
				*esc = ESC_URL_PATH;
				return 0;
			case U_QUERY:
				*esc = ESC_URL_QUERY;
				return 0;
			default:
				*why =
				    "expression in a URL whose scheme is not http, https, mailto "
				    "or tel";
				return -1;
			}
		default:
			*esc = ESC_HTML;
			return 0;
		}
	case S_BEFORE_VAL:
	case S_VALUE_UNQ:
		*why = "expression in an unquoted attribute value (put the value in quotes)";
		return -1;
	case S_TAG:
	case S_AFTER_NAME:
		*why = "expression where an attribute name belongs";
		return -1;
	case S_LT:
		*why = "expression in a tag name";
		return -1;
	case S_END_TAG:
		*why = "expression inside an end tag";
		return -1;
	case S_COMMENT:
	case S_BOGUS:
		*why = "expression inside an HTML comment or declaration";
		return -1;
	default:
		*why = "internal: unknown context";
		return -1;
	}
}

int
ctx_join(struct ctx a, struct ctx b, struct ctx *out)
{
	if (ctx_eq(a, b)) {
		*out = a;
		return 0;
	}
	/* <input {% if x %}checked{% endif %}>: an optional attribute. */
	if (a.elem == b.elem && ((a.state == S_TAG && b.state == S_AFTER_NAME) ||
	                         (a.state == S_AFTER_NAME && b.state == S_TAG))) {
		*out = a.state == S_AFTER_NAME ? a : b;
		return 0;
	}
	/* Same URL attribute value, different parts: take the safer escaper. */
	if (a.state == b.state && a.elem == b.elem && a.attr == b.attr && a.js == b.js &&
	    a.attr == A_URL && (a.state == S_VALUE_DQ || a.state == S_VALUE_SQ)) {
		*out = a;
		if (a.url == U_QUERY || b.url == U_QUERY) {
			out->url = U_QUERY;
		} else if (a.url == U_BAD || b.url == U_BAD) {
			out->url = U_BAD;
		} else if (a.url <= U_EXPR || b.url <= U_EXPR) {
			out->url = U_EXPR;
		} else {
			out->url = U_PATH;
		}
		return 0;
	}
	return -1;
}

const char *
ctx_name(struct ctx c)
{
	switch (c.state) {
	case S_TEXT:
		return "HTML text";
	case S_PLAIN:
		return "plain text";
	case S_RCDATA:
		return "title/textarea text";
	case S_SCRIPT:
		return c.js == J_CODE   ? "script"
		       : c.js <= J_TMPL ? "script string"
		                        : "script comment";
	case S_STYLE:
		return "style";
	case S_COMMENT:
	case S_BOGUS:
		return "HTML comment";
	case S_LT:
	case S_END_TAG:
		return "tag name";
	case S_TAG:
		return "tag";
	case S_AFTER_NAME:
		return "attribute name";
	case S_BEFORE_VAL:
	case S_VALUE_UNQ:
		return "unquoted attribute value";
	case S_VALUE_DQ:
	case S_VALUE_SQ:
		return c.attr == A_URL ? (c.url == U_QUERY ? "URL query" : "URL attribute")
		                       : "attribute value";
	default:
		return "unknown";
	}
}

int
ctx_can_end(struct ctx c)
{
	return c.state == S_TEXT || c.state == S_PLAIN || c.state == S_RCDATA ||
	       c.state == S_SCRIPT || c.state == S_STYLE;
}

int
ctx_raw_ok(struct ctx c)
{
	return c.state == S_TEXT;
}

/* ---- escapers ---- */

static const char hexd[] = "0123456789ABCDEF";
static const char hexl[] = "0123456789abcdef"; /* JSON and JS use lowercase */

/* Per ASCII byte: 1 when the escaper must look at it.  Bytes >= 0x80 always are. */
static const unsigned char html_special[128] = {
    [0] = 1, ['&'] = 1, ['<'] = 1, ['>'] = 1, ['"'] = 1, ['\''] = 1,
};

/* URL bytes kept as they are by the normaliser (RFC 3986 unreserved + reserved, no '). */
static int
url_keep(unsigned char b)
{
	if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')) {
		return 1;
	}
	return b != 0 && strchr("-._~!#$&()*+,/:;=?@[]", b) != NULL;
}

static int
is_hex(char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
}

/* Length of the valid UTF-8 sequence at p (n bytes left), or 0. */
static size_t
utf8_ok(const char *p, size_t n, uint32_t *cp)
{
	return gz_utf8_decode(p, n, cp);
}

void
esc_utf8(struct gz_buf *out, const char *p, size_t n)
{
	size_t i = 0, s = 0, k;
	uint32_t cp;

	while (i < n) {
		unsigned char b = (unsigned char)p[i];

		if (b != 0 && b < 0x80) {
			i++;
			continue;
		}
		if (b >= 0x80 && (k = utf8_ok(p + i, n - i, &cp)) != 0) {
			i += k;
			continue;
		}
		gz_buf_append(out, p + s, i - s);
		gz_buf_append(out, "\xEF\xBF\xBD", 3);
		s = ++i;
	}
	gz_buf_append(out, p + s, i - s);
}

static void
esc_html(struct gz_buf *out, const char *p, size_t n)
{
	size_t i = 0, s = 0, k;
	uint32_t cp;

	while (i < n) {
		unsigned char b = (unsigned char)p[i];

		if (b < 0x80 && !html_special[b]) {
			i++;
			continue;
		}
		if (b >= 0x80 && (k = utf8_ok(p + i, n - i, &cp)) != 0) {
			i += k;
			continue;
		}
		if (i > s) {
			gz_buf_append(out, p + s, i - s);
		}
		switch (b) {
		case '&':
			gz_buf_append(out, "&amp;", 5);
			break;
		case '<':
			gz_buf_append(out, "&lt;", 4);
			break;
		case '>':
			gz_buf_append(out, "&gt;", 4);
			break;
		case '"':
			gz_buf_append(out, "&#34;", 5);
			break;
		case '\'':
			gz_buf_append(out, "&#39;", 5);
			break;
		default: /* NUL or invalid UTF-8 */
			gz_buf_append(out, "\xEF\xBF\xBD", 3);
			break;
		}
		s = ++i;
	}
	if (i > s) {
		gz_buf_append(out, p + s, i - s);
	}
}

/*
 * Percent-encode a URL part.  query: everything but unreserved bytes (so no
 * entity is needed); otherwise only bytes not valid in a URL (and a '%' not
 * starting an escape), with '&' written as &amp; for the attribute.
 */
static void
esc_pct(struct gz_buf *out, const char *p, size_t n, int query)
{
	size_t i;
	char enc[3] = {'%', 0, 0};

	for (i = 0; i < n; i++) {
		unsigned char b = (unsigned char)p[i];
		int keep;

		if (query) {
			keep = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') ||
			       (b >= '0' && b <= '9') || b == '-' || b == '.' || b == '_' ||
			       b == '~';
		} else if (b == '%') {
			keep = i + 2 < n && is_hex(p[i + 1]) && is_hex(p[i + 2]);
		} else {
			keep = url_keep(b);
		}
		if (keep) {
			if (b == '&') {
				gz_buf_append(out, "&amp;", 5);
			} else {
				gz_buf_append(out, p + i, 1);
			}
			continue;
		}
		enc[1] = hexd[b >> 4];
		enc[2] = hexd[b & 15];
		gz_buf_append(out, enc, 3);
	}
}

/*
 * 1 when a URL value may be written at the start of a URL attribute: it is
 * relative (no ':' before the first '/', '?' or '#') or its scheme is http,
 * https, mailto or tel.  Like browsers, leading spaces and controls are
 * skipped and tabs and newlines inside ignored, so "\tjava\nscript:" is
 * seen as javascript:.
 */
static int
url_allowed(const char *p, size_t n)
{
	char scheme[8];
	size_t i = 0, k = 0;

	while (i < n && (unsigned char)p[i] <= ' ') {
		i++;
	}
	for (; i < n; i++) {
		char ch = p[i];

		if (ch == '\t' || ch == '\n' || ch == '\r') {
			continue;
		}
		if (ch == '/' || ch == '?' || ch == '#') {
			return 1;
		}
		if (ch == ':') {
			return k <= sizeof(scheme) && scheme_ok(scheme, k);
		}
		/* Longer than any allowed scheme: fine only if no ':' follows. */
		if (k < sizeof(scheme)) {
			scheme[k] = ch;
		}
		k++;
	}
	return 1;
}

/* Strip the leading and trailing spaces and controls browsers strip from URLs. */
static void
url_trim(const char **p, size_t *n)
{
	while (*n > 0 && (unsigned char)(*p)[0] <= ' ') {
		(*p)++;
		(*n)--;
	}
	while (*n > 0 && (unsigned char)(*p)[*n - 1] <= ' ') {
		(*n)--;
	}
}

/*
 * Characters a JS string or JSON string may carry as they are.  The set is
 * kept so small that even if the tracker were fooled (a regular expression
 * literal holding a quote) and the text landed in code, it could neither
 * call, assign nor index: no ( ) = [ ] ` + ; or quotes.
 */
static int
js_keep(unsigned char b)
{
	if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')) {
		return 1;
	}
	return b != 0 && strchr(" _,.-:#@%!?", b) != NULL;
}

static void
esc_js_str(struct gz_buf *out, const char *p, size_t n)
{
	size_t i = 0, s = 0, k;
	uint32_t cp;
	char u[6] = {'\\', 'u', '0', '0', 0, 0};

	while (i < n) {
		unsigned char b = (unsigned char)p[i];

		if (b < 0x80 && js_keep(b)) {
			i++;
			continue;
		}
		if (b >= 0x80 && (k = utf8_ok(p + i, n - i, &cp)) != 0 && cp != 0x2028 &&
		    cp != 0x2029) {
			i += k;
			continue;
		}
		if (i > s) {
			gz_buf_append(out, p + s, i - s);
		}
		if (b < 0x80) {
			u[2] = '0';
			u[3] = '0';
			u[4] = hexl[b >> 4];
			u[5] = hexl[b & 15];
			gz_buf_append(out, u, 6);
			i++;
		} else if (k != 0) {
			gz_buf_append(out, cp == 0x2028 ? "\\u2028" : "\\u2029", 6);
			i += k;
		} else {
			gz_buf_append(out, "\\ufffd", 6);
			i++;
		}
		s = i;
	}
	if (i > s) {
		gz_buf_append(out, p + s, i - s);
	}
}

static void
esc_css(struct gz_buf *out, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char b = (unsigned char)p[i];

		if (!((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') ||
		      b == ' ' || b == '#' || b == '.' || b == '%' || b == '-' || b == ',')) {
			gz_buf_append(out, "zGazettez", 9);
			return;
		}
	}
	gz_buf_append(out, p, n);
}

void
esc_write(struct gz_buf *out, enum esc e, const char *p, size_t n)
{
	switch (e) {
	case ESC_NONE:
		esc_utf8(out, p, n);
		break;
	case ESC_HTML:
		esc_html(out, p, n);
		break;
	case ESC_URL_START:
		url_trim(&p, &n);
		if (!url_allowed(p, n)) {
			gz_buf_append(out, "#", 1);
			break;
		}
		esc_pct(out, p, n, 0);
		break;
	case ESC_URL_PATH:
		esc_pct(out, p, n, 0);
		break;
	case ESC_URL_QUERY:
		esc_pct(out, p, n, 1);
		break;
	case ESC_JS_VALUE:
		gz_buf_append(out, "\"", 1);
		esc_js_str(out, p, n);
		gz_buf_append(out, "\"", 1);
		break;
	case ESC_JS_STR:
		esc_js_str(out, p, n);
		break;
	case ESC_CSS:
		esc_css(out, p, n);
		break;
	}
}

void
esc_json(struct gz_buf *out, const struct gz_val *v, int depth)
{
	char tmp[24];
	const char *t;
	size_t i, n;

	if (gz_buf_err(out)) {
		return; /* capped: stop walking (a cyclic tree would never end) */
	}
	if (v == NULL || depth > 32) {
		gz_buf_append(out, "null", 4);
		return;
	}
	switch (v->kind) {
	case GZ_VAL_NULL:
		gz_buf_append(out, "null", 4);
		break;
	case GZ_VAL_BOOL:
	case GZ_VAL_INT:
		t = gz_val_text(v, tmp, &n);
		gz_buf_append(out, t, n);
		break;
	case GZ_VAL_STR:
	case GZ_VAL_HTML:
		gz_buf_append(out, "\"", 1);
		esc_js_str(out, v->u.s.p, v->u.s.n);
		gz_buf_append(out, "\"", 1);
		break;
	case GZ_VAL_LIST:
		gz_buf_append(out, "[", 1);
		for (i = 0; i < v->u.list.nitems; i++) {
			if (i) {
				gz_buf_append(out, ",", 1);
			}
			esc_json(out, v->u.list.items[i], depth + 1);
		}
		gz_buf_append(out, "]", 1);
		break;
	case GZ_VAL_MAP:
		gz_buf_append(out, "{", 1);
		for (i = 0; i < v->u.map.nitems; i++) {
			if (i) {
				gz_buf_append(out, ",", 1);
			}
			gz_buf_append(out, "\"", 1);
			esc_js_str(out, v->u.map.items[i].key, v->u.map.items[i].klen);
			gz_buf_append(out, "\":", 2);
			esc_json(out, v->u.map.items[i].val, depth + 1);
		}
		gz_buf_append(out, "}", 1);
		break;
	}
}
