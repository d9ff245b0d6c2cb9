/*
 * The CGI meta-variable mapping that FastCGI and CGI share: environment
 * strings and a body stream in, a struct gz_request out; a struct
 * gz_response out as a "Status:" header block.  It also holds the request
 * body bounds every transport enforces before the application runs.
 *
 * It deliberately does not parse paths, queries or forms (gz_app_handle
 * does, through gz_request_finish) and does not know where the bytes come
 * from: libfcgi streams or stdin are behind a read callback.
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "gazette/app.h"
#include "internal.h"

size_t
gz_transport_body_limit(const char *content_type)
{
	static const char multipart[] = "multipart/form-data";

	if (content_type != NULL) {
		while (*content_type == ' ' || *content_type == '\t') {
			content_type++;
		}
		if (strncasecmp(content_type, multipart, sizeof(multipart) - 1) == 0) {
			return GZ_UPLOAD_MAX;
		}
	}
	return GZ_FORM_MAX;
}

int
gz_transport_parse_length(const char *s, size_t *n)
{
	size_t v = 0, i;

	/* 18 digits cannot overflow a 64-bit size_t, and no body is that big. */
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 18) {
			return -1;
		}
		v = v * 10 + (size_t)(s[i] - '0');
	}
	if (i == 0) {
		return -1;
	}
	*n = v;
	return 0;
}

int
gz_transport_own_header(const char *name)
{
	return strcasecmp(name, "Content-Length") == 0 ||
	       strcasecmp(name, "Transfer-Encoding") == 0 || strcasecmp(name, "Connection") == 0 ||
	       strcasecmp(name, "Status") == 0;
}

/* The CGI variables Gazette reads, found in one pass over envp. */
struct cgi_vars {
	const char *method, *https, *addr, *length, *type; /* NULL when absent */
	const char *uri, *script, *info, *query;
	size_t nhttp;    /* HTTP_* variables: the request headers */
	size_t ncontent; /* CONTENT_TYPE and CONTENT_LENGTH variables, repeats included */
};

/* The value of "NAME=value" in e when it names name (n bytes), else NULL. */
static const char *
var_value(const char *e, const char *name, size_t n)
{
	return strncmp(e, name, n) == 0 && e[n] == '=' ? e + n + 1 : NULL;
}

#define VAR(e, lit) var_value((e), (lit), sizeof(lit) - 1)

/*
 * One pass, dispatched on the first letter, instead of a scan per name:
 * this runs for every request, over the 20-odd variables a web server
 * sends (perf showed the repeated scans at 4% of the fcgi worker).
 */
static void
collect_vars(char **envp, struct cgi_vars *v)
{
	const char *e, *x;
	char **p;

	memset(v, 0, sizeof(*v));
	for (p = envp; (e = *p) != NULL; p++) {
		switch (e[0]) {
		case 'H':
			if (strncmp(e, "HTTP_", 5) == 0) {
				v->nhttp++;
			} else if ((x = VAR(e, "HTTPS")) != NULL) {
				v->https = x;
			}
			break;
		case 'R':
			if ((x = VAR(e, "REQUEST_METHOD")) != NULL) {
				v->method = x;
			} else if ((x = VAR(e, "REQUEST_URI")) != NULL) {
				v->uri = x;
			} else if ((x = VAR(e, "REMOTE_ADDR")) != NULL) {
				v->addr = x;
			}
			break;
		case 'C':
			/* Counted each time: a server configured to send them twice
			 * (nginx with both fastcgi_params and fastcgi.conf) does. */
			if ((x = VAR(e, "CONTENT_LENGTH")) != NULL) {
				v->length = x;
				v->ncontent++;
			} else if ((x = VAR(e, "CONTENT_TYPE")) != NULL) {
				v->type = x;
				v->ncontent++;
			}
			break;
		case 'S':
			if ((x = VAR(e, "SCRIPT_NAME")) != NULL) {
				v->script = x;
			}
			break;
		case 'P':
			if ((x = VAR(e, "PATH_INFO")) != NULL) {
				v->info = x;
			}
			break;
		case 'Q':
			if ((x = VAR(e, "QUERY_STRING")) != NULL) {
				v->query = x;
			}
			break;
		default:
			break;
		}
	}
}

/* True when a header value would be unsafe to pass on (CR or LF in it). */
static int
bad_value(const char *v)
{
	return strpbrk(v, "\r\n") != NULL;
}

/*
 * True when the n bytes at s can name a header: RFC 9110 token characters
 * ('_' among them, mapped to '-').  Front servers drop other names (nginx's
 * ignore_invalid_headers); one that passes them on has them dropped here,
 * so header names are always tokens, hence the valid UTF-8 kv.h promises.
 */
static int
name_ok(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') &&
		    (c == '\0' || strchr("!#$%&'*+-.^_`|~", c) == NULL)) {
			return 0;
		}
	}
	return 1;
}

/*
 * The request headers from envp into w->req.headers, in the arena: HTTP_*
 * variables whose names are tokens, and non-empty CONTENT_TYPE and
 * CONTENT_LENGTH.  Returns 0 or the refusal status.
 */
static int
map_headers(struct gz_worker *w, char **envp, const struct cgi_vars *v)
{
	struct gz_kv *items;
	size_t n = 0, cap = v->nhttp + v->ncontent;
	char **e;

	if (v->nhttp > GZ_MAX_HEADERS_IN) {
		return 400;
	}
	items = gz_arena_calloc(&w->arena, cap, sizeof(*items));
	if (items == NULL) {
		return 500;
	}
	for (e = envp; *e != NULL; e++) {
		const char *eq = strchr(*e, '=');
		const char *name;
		size_t nlen, i;
		char *key;

		if (eq == NULL) {
			continue;
		}
		if (strncmp(*e, "HTTP_", 5) == 0) {
			name = *e + 5;
		} else if (strncmp(*e, "CONTENT_TYPE=", 13) == 0 ||
		           strncmp(*e, "CONTENT_LENGTH=", 15) == 0) {
			/* Empty means absent: servers pass both on every request. */
			if (eq[1] == '\0') {
				continue;
			}
			name = *e;
		} else {
			continue;
		}
		nlen = (size_t)(eq - name);
		if (nlen == 0 || !name_ok(name, nlen)) {
			continue;
		}
		if (bad_value(eq + 1)) {
			return 400;
		}
		key = gz_arena_strndup(&w->arena, name, nlen);
		if (key == NULL) {
			return 500;
		}
		for (i = 0; i < nlen; i++) {
			key[i] = key[i] == '_' ? '-' : (char)tolower((unsigned char)key[i]);
		}
		items[n].key = key;
		items[n].val = eq + 1;
		items[n].vlen = strlen(eq + 1);
		n++;
	}
	w->req.headers.items = items;
	w->req.headers.nitems = n;
	return 0;
}

/* The request-target: REQUEST_URI, else rebuilt from its CGI parts. */
static const char *
map_target(struct gz_worker *w, const struct cgi_vars *v)
{
	const char *script = v->script, *info = v->info, *query = v->query;

	if (v->uri != NULL && v->uri[0] != '\0') {
		return v->uri;
	}
	return gz_arena_printf(&w->arena, "%s%s%s%s", script ? script : "", info ? info : "",
	                       query && query[0] ? "?" : "", query ? query : "");
}

int
gz_transport_cgi_request(struct gz_worker *w, char **envp, gz_transport_read_fn rd, void *ctx)
{
	struct gz_request *req = &w->req;
	struct cgi_vars v;
	const char *method, *https, *addr, *cl;
	size_t len = 0, got = 0;
	char *body;
	int status;

	collect_vars(envp, &v);
	method = v.method;
	https = v.https;
	addr = v.addr;
	cl = v.length;

	req->method_name = method != NULL ? method : "";
	req->method = gz_method_parse(req->method_name);
	req->remote_addr = addr != NULL ? addr : "";
	req->https = https != NULL && (strcasecmp(https, "on") == 0 || strcmp(https, "1") == 0);
	req->target = map_target(w, &v);
	if (req->target == NULL) {
		return 500;
	}
	if (req->target[0] == '\0') {
		req->target = "/";
	}
	if (method == NULL || method[0] == '\0') {
		return 400;
	}
	status = map_headers(w, envp, &v);
	if (status != 0) {
		return status;
	}
	if (cl == NULL || cl[0] == '\0') {
		return 0;
	}
	if (gz_transport_parse_length(cl, &len) != 0) {
		return 400;
	}
	if (len > gz_transport_body_limit(v.type)) {
		return 413;
	}
	if (len == 0) {
		return 0;
	}
	body = gz_arena_alloc(&w->arena, len + 1);
	if (body == NULL) {
		return 500;
	}
	while (got < len) {
		ssize_t r = rd(ctx, body + got, len - got);

		if (r <= 0) {
			/* The client promised more than it sent. */
			return 400;
		}
		got += (size_t)r;
	}
	body[len] = '\0';
	req->body = body;
	req->body_len = len;
	return 0;
}

void
gz_transport_refuse(struct gz_worker *w, int status)
{
	gz_response_error(&w->resp, status, 0);
	w->resp.head_only = w->req.method == GZ_HEAD;
}

const char *
gz_transport_cgi_head(struct gz_worker *w, size_t *len)
{
	const struct gz_response *resp = &w->resp;
	struct gz_buf b;
	size_t i;

	/* Built by hand, not printf: it runs for every answer (perf showed
	 * printf at a tenth of the fcgi worker's time). */
	gz_buf_init(&b, &w->arena, 0);
	gz_buf_reserve(&b, 1024);
	gz_buf_puts(&b, "Status: ");
	gz_buf_put_u64(&b, (uint64_t)resp->status);
	gz_buf_putc(&b, ' ');
	gz_buf_puts(&b, gz_status_text(resp->status));
	gz_buf_puts(&b, "\r\n");
	for (i = 0; i < resp->nheaders; i++) {
		if (!gz_transport_own_header(resp->headers[i].name)) {
			gz_buf_puts(&b, resp->headers[i].name);
			gz_buf_puts(&b, ": ");
			gz_buf_puts(&b, resp->headers[i].value);
			gz_buf_puts(&b, "\r\n");
		}
	}
	gz_buf_puts(&b, "Content-Length: ");
	gz_buf_put_u64(&b, (uint64_t)resp->body.len);
	gz_buf_puts(&b, "\r\n\r\n");
	if (gz_buf_err(&b) != GZ_OK) {
		return NULL;
	}
	*len = b.len;
	return b.data;
}
