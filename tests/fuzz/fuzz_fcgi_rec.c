/*
 * Fuzz gz_fcgi_scan and gz_fcgi_answer_management with the bytes a peer
 * might write to the FastCGI socket.  The first byte picks the look-ahead
 * cap (GZ_FCGI_SCAN_MIN and up).  Checks:
 *  - every length reported stays within the input, the head within
 *    GZ_FCGI_HEAD_MAX, and MORE is never the verdict on a full cap;
 *  - a REQUEST's pair count equals that of a plain, whole-buffer parse of
 *    its PARAMS contents (the oracle), and its STDIN records pass
 *    gz_fcgi_stdin_check one by one, as the transport reads them;
 *  - a prefix of an input that is not BAD is never BAD (bytes still on the
 *    way cannot make a good start bad), and the verdict on the request's
 *    own len bytes is the same;
 *  - a MANAGEMENT record gets an answer of at most GZ_FCGI_ANSWER_MAX bytes
 *    that is itself a whole management record.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/fcgi_rec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Pairs in a whole name-value buffer, or -1 when it does not parse. */
static long
oracle_pairs(const unsigned char *p, size_t n)
{
	size_t i = 0;
	long count = 0;

	while (i < n) {
		size_t lens[2];
		int k;

		for (k = 0; k < 2; k++) {
			if (i >= n) {
				return -1;
			}
			if (p[i] < 128) {
				lens[k] = p[i++];
			} else {
				if (n - i < 4) {
					return -1;
				}
				lens[k] = ((size_t)(p[i] & 0x7f) << 24) | ((size_t)p[i + 1] << 16) |
				          ((size_t)p[i + 2] << 8) | p[i + 3];
				i += 4;
			}
		}
		if (lens[0] > n - i || lens[1] > n - i - lens[0]) {
			return -1;
		}
		i += lens[0] + lens[1];
		count++;
	}
	return count;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char params[GZ_FCGI_HEAD_MAX];
	struct gz_fcgi_scan s, t;
	struct gz_fcgi_header h;
	enum gz_fcgi_verdict v;
	unsigned char answer[GZ_FCGI_ANSWER_MAX];
	const unsigned char *buf;
	size_t cap, len, off, np = 0;

	if (size == 0) {
		return 0;
	}
	cap = GZ_FCGI_SCAN_MIN + (size_t)data[0] * 512;
	buf = data + 1;
	len = size - 1 < cap ? size - 1 : cap;
	v = gz_fcgi_scan(buf, len, cap, &s);
	switch (v) {
	case GZ_FCGI_MORE:
		if (len == cap) {
			abort();
		}
		break;
	case GZ_FCGI_BAD:
		if (s.why == NULL) {
			abort();
		}
		break;
	case GZ_FCGI_MANAGEMENT: {
		struct gz_fcgi_values vals = {65536, 256};
		size_t n;

		if (s.len > len || s.len < 8 || buf[2] != 0 || buf[3] != 0) {
			abort();
		}
		n = gz_fcgi_answer_management(buf, s.len, &vals, answer, sizeof(answer));
		if (n == 0 || n > sizeof(answer)) {
			abort();
		}
		gz_fcgi_header_decode(answer, &h);
		if (h.version != 1 || h.request_id != 0 || n != 8 + h.content_len + h.padding_len ||
		    (h.type != GZ_FCGI_GET_VALUES_RESULT && h.type != GZ_FCGI_UNKNOWN_TYPE)) {
			abort();
		}
		break;
	}
	case GZ_FCGI_REQUEST:
		if (s.head_len < 24 || s.head_len > GZ_FCGI_HEAD_MAX || s.head_len > s.len ||
		    s.len > len || s.request_id == 0 || s.npairs > GZ_FCGI_PAIRS_MAX) {
			abort();
		}
		/* Gather the PARAMS contents for the oracle. */
		for (off = 16 + buf[6]; off < s.head_len;) {
			gz_fcgi_header_decode(buf + off, &h);
			if (h.type != GZ_FCGI_PARAMS || h.request_id != s.request_id) {
				abort();
			}
			memcpy(params + np, buf + off + 8, h.content_len);
			np += h.content_len;
			off += 8 + h.content_len + h.padding_len;
		}
		if (off != s.head_len || oracle_pairs(params, np) != (long)s.npairs) {
			abort();
		}
		/* The body, record by record, as the transport reads it. */
		while (off < s.len) {
			gz_fcgi_header_decode(buf + off, &h);
			if (gz_fcgi_stdin_check(&h, s.request_id) != NULL) {
				abort();
			}
			off += 8 + h.content_len + h.padding_len;
			if (h.content_len == 0 && off != s.len) {
				abort();
			}
		}
		if (off != s.len) {
			abort();
		}
		/* The request's own bytes give the same request. */
		if (s.body_complete &&
		    (gz_fcgi_scan(buf, s.len, cap, &t) != GZ_FCGI_REQUEST || t.len != s.len ||
		     t.head_len != s.head_len || t.npairs != s.npairs || !t.body_complete)) {
			abort();
		}
		break;
	}
	/* A good start never turns bad when cut short. */
	if (v != GZ_FCGI_BAD && len > 0 &&
	    (gz_fcgi_scan(buf, len / 2, cap, &t) == GZ_FCGI_BAD ||
	     gz_fcgi_scan(buf, len - 1, cap, &t) == GZ_FCGI_BAD)) {
		abort();
	}
	return 0;
}
