/*
 * FastCGI records checked before libfcgi sees them.
 *
 * Gazette keeps libfcgi for the protocol (it turns a request head into the
 * environment and frames the answer), but libfcgi trusts every length it
 * reads: a name or value length near 2^31 makes it ask malloc for that
 * much, and two of them added overflow into a failed assertion that aborts
 * the worker, every kept connection and request in flight with it
 * (CVE-2025-23016); it also answers a management record wherever one
 * appears, the middle of a body included, with the same parser.  So the
 * transport first looks at the bytes waiting on a connection (recv with
 * MSG_PEEK) and lets this module walk them: every record header, every
 * name-value length, against bounds no web server comes near (nginx sends
 * a few KiB of parameters).  libfcgi is only ever given a head walked
 * here; the body is read by the transport, each record header checked with
 * gz_fcgi_stdin_check.  Management records are answered here, not by
 * libfcgi.
 *
 * This file knows the record format and nothing else: no sockets, no
 * allocation, no HTTP meaning of the parameters.  Each function is a pure
 * function over a byte buffer, so the unit test and the fuzz target call
 * it directly.
 */
#include <assert.h>
#include <string.h>

#include "gazette/fcgi_rec.h"

/*
 * Where a walk over a stream of name-value pairs stands.  The stream may be
 * cut anywhere by record boundaries, so the walk takes one piece at a time.
 */
struct pairs {
	int stage;          /* 0 name length, 1 value length, 2 name, 3 value */
	unsigned char b[4]; /* the bytes of the length being read */
	size_t nb;          /* how many of them are in b */
	size_t nlen, vlen;  /* the pair's lengths, once read */
	size_t left;        /* bytes left of the name or value being skipped */
	size_t npairs;      /* whole pairs so far */
};

/*
 * Feed n bytes of a name-value stream to the walk.  Returns NULL, or the
 * rule the bytes break.
 */
static const char *
pairs_feed(struct pairs *w, const unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		if (w->stage <= 1) {
			size_t v;

			w->b[w->nb++] = p[i++];
			/* One byte below 128, else four with the top bit set. */
			if (w->nb == 1 && (w->b[0] & 0x80) == 0) {
				v = w->b[0];
			} else if (w->nb < 4) {
				continue;
			} else {
				v = ((size_t)(w->b[0] & 0x7f) << 24) | ((size_t)w->b[1] << 16) |
				    ((size_t)w->b[2] << 8) | w->b[3];
			}
			w->nb = 0;
			/* A pair longer than a whole head can never arrive. */
			if (v > GZ_FCGI_HEAD_MAX) {
				return w->stage == 0 ? "name length past the head bound"
				                     : "value length past the head bound";
			}
			if (w->stage == 0) {
				if (v == 0) {
					return "empty parameter name";
				}
				w->nlen = v;
				w->stage = 1;
				continue;
			}
			w->vlen = v;
			if (w->nlen + w->vlen > GZ_FCGI_HEAD_MAX) {
				return "name and value past the head bound";
			}
			if (w->npairs >= GZ_FCGI_PAIRS_MAX) {
				return "too many parameters";
			}
			w->left = w->nlen;
			w->stage = 2;
			continue;
		}
		if (w->stage == 2) {
			size_t k = n - i < w->left ? n - i : w->left;

			/* libfcgi makes "name=value" strings of them. */
			if (memchr(p + i, '\0', k) != NULL || memchr(p + i, '=', k) != NULL) {
				return "NUL or '=' in a parameter name";
			}
			i += k;
			w->left -= k;
			if (w->left == 0) {
				w->left = w->vlen;
				w->stage = 3;
			}
		} else {
			size_t k = n - i < w->left ? n - i : w->left;

			i += k;
			w->left -= k;
		}
		/* A pair with an empty value ends as soon as its name does. */
		if (w->stage == 3 && w->left == 0) {
			w->npairs++;
			w->stage = 0;
		}
	}
	return NULL;
}

/* True when the walk stands between two pairs. */
static int
pairs_done(const struct pairs *w)
{
	return w->stage == 0 && w->nb == 0;
}

void
gz_fcgi_header_decode(const unsigned char *p, struct gz_fcgi_header *h)
{
	h->version = p[0];
	h->type = p[1];
	h->request_id = (unsigned)p[2] << 8 | p[3];
	h->content_len = (size_t)p[4] << 8 | p[5];
	h->padding_len = p[6];
}

const char *
gz_fcgi_stdin_check(const struct gz_fcgi_header *h, unsigned id)
{
	if (h->version != 1) {
		return "record version is not 1";
	}
	if (h->request_id == 0) {
		return "management record inside a request";
	}
	if (h->request_id != id) {
		return "record of another request (connections are not multiplexed)";
	}
	if (h->type != GZ_FCGI_STDIN) {
		return "record other than STDIN in the body";
	}
	return NULL;
}

/* Set out->why and return GZ_FCGI_BAD. */
static enum gz_fcgi_verdict
bad(struct gz_fcgi_scan *out, const char *why)
{
	out->why = why;
	return GZ_FCGI_BAD;
}

enum gz_fcgi_verdict
gz_fcgi_scan(const unsigned char *buf, size_t len, size_t cap, struct gz_fcgi_scan *out)
{
	struct gz_fcgi_header h;
	struct pairs w;
	const char *why;
	size_t off, end;
	int in_body = 0;

	assert(cap >= GZ_FCGI_SCAN_MIN && len <= cap);
	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	if (len < GZ_FCGI_HEADER_LEN) {
		return GZ_FCGI_MORE;
	}
	gz_fcgi_header_decode(buf, &h);
	if (h.version != 1) {
		return bad(out, "record version is not 1");
	}
	end = GZ_FCGI_HEADER_LEN + h.content_len + h.padding_len;
	if (h.request_id == 0) {
		if (len < end) {
			return GZ_FCGI_MORE;
		}
		if (h.type == GZ_FCGI_GET_VALUES) {
			why = pairs_feed(&w, buf + GZ_FCGI_HEADER_LEN, h.content_len);
			if (why != NULL) {
				return bad(out, why);
			}
			if (!pairs_done(&w)) {
				return bad(out, "GET_VALUES ends inside a name-value pair");
			}
		}
		out->type = h.type;
		out->len = end;
		return GZ_FCGI_MANAGEMENT;
	}
	if (h.type != GZ_FCGI_BEGIN_REQUEST) {
		return bad(out, "request does not start with BEGIN_REQUEST");
	}
	if (h.content_len != 8) {
		return bad(out, "BEGIN_REQUEST body is not 8 bytes");
	}
	if (len < end) {
		return GZ_FCGI_MORE;
	}
	out->request_id = h.request_id;
	out->role = (unsigned)buf[8] << 8 | buf[9];
	out->keep_conn = (buf[10] & GZ_FCGI_KEEP_CONN) != 0;
	off = end;
	for (;;) {
		/* A record that cannot fit the head bound ends the walk early. */
		if (!in_body && off + GZ_FCGI_HEADER_LEN > GZ_FCGI_HEAD_MAX) {
			return bad(out, "request head past 64 KiB");
		}
		if (len - off < GZ_FCGI_HEADER_LEN) {
			break;
		}
		gz_fcgi_header_decode(buf + off, &h);
		end = off + GZ_FCGI_HEADER_LEN + h.content_len + h.padding_len;
		if (in_body) {
			why = gz_fcgi_stdin_check(&h, out->request_id);
			if (why != NULL) {
				return bad(out, why);
			}
			if (len < end) {
				/* Count what is there of a record still arriving. */
				size_t seen = len - off - GZ_FCGI_HEADER_LEN;

				out->body_len += seen < h.content_len ? seen : h.content_len;
				off = len;
				break;
			}
			out->len = end;
			if (h.content_len == 0) {
				out->body_complete = 1;
				return GZ_FCGI_REQUEST;
			}
			out->body_len += h.content_len;
			off = end;
			continue;
		}
		if (h.version != 1) {
			return bad(out, "record version is not 1");
		}
		if (h.request_id == 0) {
			return bad(out, "management record inside a request");
		}
		if (h.request_id != out->request_id) {
			return bad(out,
			           "record of another request (connections are not multiplexed)");
		}
		if (h.type != GZ_FCGI_PARAMS) {
			return bad(out, "record other than PARAMS in the request head");
		}
		if (end > GZ_FCGI_HEAD_MAX) {
			return bad(out, "request head past 64 KiB");
		}
		if (len < end) {
			break;
		}
		if (h.content_len == 0) {
			if (!pairs_done(&w)) {
				return bad(out, "PARAMS end inside a name-value pair");
			}
			out->head_len = end;
			out->len = end;
			out->npairs = w.npairs;
			in_body = 1;
		} else {
			why = pairs_feed(&w, buf + off + GZ_FCGI_HEADER_LEN, h.content_len);
			if (why != NULL) {
				return bad(out, why);
			}
		}
		off = end;
	}
	if (!in_body) {
		/* The head bound is below cap, so this never waits on a full cap. */
		return GZ_FCGI_MORE;
	}
	if (out->body_len >= GZ_FCGI_BODY_EAGER || len >= cap) {
		/* The rest is read as it comes, with a deadline. */
		return GZ_FCGI_REQUEST;
	}
	/* Keep the counts for a request only. */
	out->body_len = 0;
	return GZ_FCGI_MORE;
}

/* Append one name-value pair with short (one-byte) lengths at *p. */
static unsigned char *
put_pair(unsigned char *p, const char *name, const char *value)
{
	size_t nlen = strlen(name), vlen = strlen(value);

	*p++ = (unsigned char)nlen;
	*p++ = (unsigned char)vlen;
	memcpy(p, name, nlen);
	memcpy(p + nlen, value, vlen);
	return p + nlen + vlen;
}

/* Write a record header for type, id, content length n, padding pad at p. */
static void
put_header(unsigned char *p, unsigned type, unsigned id, size_t n, size_t pad)
{
	p[0] = 1;
	p[1] = (unsigned char)type;
	p[2] = (unsigned char)(id >> 8);
	p[3] = (unsigned char)id;
	p[4] = (unsigned char)(n >> 8);
	p[5] = (unsigned char)n;
	p[6] = (unsigned char)pad;
	p[7] = 0;
}

/* Decimal digits of v at buf (room for 11); returns buf. */
static const char *
decimal(char *buf, unsigned v)
{
	char tmp[11];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	for (i = 0; i < n; i++) {
		buf[i] = tmp[n - 1 - i];
	}
	buf[n] = '\0';
	return buf;
}

size_t
gz_fcgi_answer_management(const unsigned char *rec, size_t len, const struct gz_fcgi_values *v,
                          unsigned char *out, size_t outsz)
{
	static const char *const names[] = {"FCGI_MAX_CONNS", "FCGI_MAX_REQS", "FCGI_MPXS_CONNS"};
	struct gz_fcgi_header h;
	const unsigned char *p, *stop;
	unsigned char *q;
	unsigned asked = 0;
	char num[3][11];
	size_t n, i;

	if (len < GZ_FCGI_HEADER_LEN || outsz < GZ_FCGI_ANSWER_MAX) {
		return 0;
	}
	gz_fcgi_header_decode(rec, &h);
	if (h.version != 1 || h.request_id != 0 ||
	    len != GZ_FCGI_HEADER_LEN + h.content_len + h.padding_len) {
		return 0;
	}
	if (h.type != GZ_FCGI_GET_VALUES) {
		put_header(out, GZ_FCGI_UNKNOWN_TYPE, 0, 8, 0);
		memset(out + 8, 0, 8);
		out[8] = (unsigned char)h.type;
		return 16;
	}
	/* Which of the three known names were asked for, each answered once. */
	p = rec + GZ_FCGI_HEADER_LEN;
	stop = p + h.content_len;
	while (p < stop) {
		size_t lens[2];
		int k;

		for (k = 0; k < 2; k++) {
			if (p >= stop) {
				return 0;
			}
			if ((*p & 0x80) == 0) {
				lens[k] = *p++;
			} else {
				if (stop - p < 4) {
					return 0;
				}
				lens[k] = ((size_t)(p[0] & 0x7f) << 24) | ((size_t)p[1] << 16) |
				          ((size_t)p[2] << 8) | p[3];
				p += 4;
			}
		}
		if (lens[0] > (size_t)(stop - p) || lens[1] > (size_t)(stop - p) - lens[0]) {
			return 0;
		}
		for (i = 0; i < 3; i++) {
			if (lens[0] == strlen(names[i]) && memcmp(p, names[i], lens[0]) == 0) {
				asked |= 1u << i;
			}
		}
		p += lens[0] + lens[1];
	}
	decimal(num[0], v->max_conns);
	decimal(num[1], v->max_reqs);
	decimal(num[2], 0);
	q = out + GZ_FCGI_HEADER_LEN;
	for (i = 0; i < 3; i++) {
		if (asked & (1u << i)) {
			q = put_pair(q, names[i], num[i]);
		}
	}
	n = (size_t)(q - out) - GZ_FCGI_HEADER_LEN;
	/* Padding to a multiple of 8, as libfcgi and nginx write them. */
	put_header(out, GZ_FCGI_GET_VALUES_RESULT, 0, n, (8 - n % 8) % 8);
	memset(q, 0, (8 - n % 8) % 8);
	return GZ_FCGI_HEADER_LEN + n + (8 - n % 8) % 8;
}

size_t
gz_fcgi_end_request(unsigned char *out, unsigned id, unsigned status)
{
	put_header(out, GZ_FCGI_END_REQUEST, id, 8, 0);
	memset(out + 8, 0, 8);
	out[12] = (unsigned char)status;
	return 16;
}
