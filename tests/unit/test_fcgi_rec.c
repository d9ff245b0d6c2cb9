/*
 * The FastCGI record checker (src/transport/fcgi_rec.c): well-formed
 * requests cut at every byte, pipelined requests, bodies large and small,
 * management records and their answers, and one case per broken rule,
 * named, including the three records that used to abort libfcgi (a PARAMS
 * pair, a GET_VALUES pair and a mid-body GET_VALUES with lengths near
 * 2^31).
 */
#include <stdlib.h>
#include <string.h>

#include "gazette/fcgi_rec.h"
#include "test.h"

#define CAP (128 * 1024)

/* A growing byte string the cases are built in. */
struct bytes {
	unsigned char *p; /* the bytes */
	size_t n;         /* their number */
};

static void
put(struct bytes *b, const void *p, size_t n)
{
	b->p = realloc(b->p, b->n + n + 1);
	if (b->p == NULL) {
		abort();
	}
	if (n > 0) {
		memcpy(b->p + b->n, p, n);
	}
	b->n += n;
}

/* One record: header, content, pad bytes of padding. */
static void
rec(struct bytes *b, unsigned type, unsigned id, const void *content, size_t n, size_t pad)
{
	unsigned char h[8] = {1,
	                      (unsigned char)type,
	                      (unsigned char)(id >> 8),
	                      (unsigned char)id,
	                      (unsigned char)(n >> 8),
	                      (unsigned char)n,
	                      (unsigned char)pad,
	                      0};
	static const unsigned char zeros[256];

	put(b, h, 8);
	put(b, content, n);
	put(b, zeros, pad);
}

static void
begin(struct bytes *b, unsigned id, unsigned role, int keep)
{
	unsigned char body[8] = {(unsigned char)(role >> 8), (unsigned char)role,
	                         (unsigned char)(keep ? 1 : 0)};

	rec(b, 1, id, body, 8, 0);
}

/* A length in FastCGI's one- or four-byte form (long forces four). */
static void
len_form(struct bytes *b, size_t n, int long_form)
{
	unsigned char q[4] = {(unsigned char)(n >> 24 | 0x80), (unsigned char)(n >> 16),
	                      (unsigned char)(n >> 8), (unsigned char)n};

	if (n < 128 && !long_form) {
		q[0] = (unsigned char)n;
		put(b, q, 1);
	} else {
		put(b, q, 4);
	}
}

static void
pair(struct bytes *b, const char *name, const char *value)
{
	len_form(b, strlen(name), 0);
	len_form(b, strlen(value), 0);
	put(b, name, strlen(name));
	put(b, value, strlen(value));
}

/* The usual pairs nginx sends for a GET, as one PARAMS content. */
static struct bytes
usual_pairs(void)
{
	struct bytes p = {0};

	pair(&p, "REQUEST_METHOD", "GET");
	pair(&p, "REQUEST_URI", "/article/a?x=1");
	pair(&p, "CONTENT_LENGTH", "");
	pair(&p, "HTTP_HOST", "news.example.org");
	pair(&p, "REMOTE_ADDR", "127.0.0.1");
	return p;
}

/* BEGIN, the usual PARAMS, empty PARAMS, then body (NULL: no STDIN at all). */
static struct bytes
request(unsigned id, const char *body, int close_body)
{
	struct bytes b = {0}, p = usual_pairs();

	begin(&b, id, 1, 1);
	rec(&b, 4, id, p.p, p.n, (8 - p.n % 8) % 8);
	rec(&b, 4, id, NULL, 0, 0);
	if (body != NULL) {
		if (body[0] != '\0') {
			rec(&b, 5, id, body, strlen(body), 3);
		}
		if (close_body) {
			rec(&b, 5, id, NULL, 0, 0);
		}
	}
	free(p.p);
	return b;
}

static enum gz_fcgi_verdict
scan(const struct bytes *b, struct gz_fcgi_scan *s)
{
	return gz_fcgi_scan(b->p, b->n, CAP, s);
}

static void
test_whole_get(void)
{
	struct bytes b = request(1, "", 1);
	struct gz_fcgi_scan s;

	CHECK_INT(scan(&b, &s), GZ_FCGI_REQUEST);
	CHECK_INT(s.len, b.n);
	CHECK_INT(s.head_len, b.n - 8);
	CHECK_INT(s.body_complete, 1);
	CHECK_INT(s.body_len, 0);
	CHECK_INT(s.request_id, 1);
	CHECK_INT(s.role, GZ_FCGI_RESPONDER);
	CHECK_INT(s.keep_conn, 1);
	CHECK_INT(s.npairs, 5);
	free(b.p);
}

/* Every proper prefix of a request is MORE: a head or body still arriving. */
static void
test_every_prefix_waits(void)
{
	struct bytes b = request(7, "a=1&b=2", 1);
	struct gz_fcgi_scan s;
	size_t n;
	int all_more = 1;

	for (n = 0; n < b.n; n++) {
		if (gz_fcgi_scan(b.p, n, CAP, &s) != GZ_FCGI_MORE) {
			all_more = 0;
			fprintf(stderr, "prefix of %zu bytes: %d (%s)\n", n, (int)s.len,
			        s.why ? s.why : "");
		}
	}
	CHECK(all_more);
	CHECK_INT(gz_fcgi_scan(b.p, b.n, CAP, &s), GZ_FCGI_REQUEST);
	CHECK_INT(s.body_len, 7);
	CHECK_INT(s.body_complete, 1);
	free(b.p);
}

/* Pairs cut by record boundaries anywhere, lengths in the four-byte form. */
static void
test_pairs_across_records(void)
{
	struct bytes b = {0}, p = {0};
	struct gz_fcgi_scan s;
	size_t cut1, cut2;
	int ok = 1;

	len_form(&p, 14, 1);
	len_form(&p, 4, 1);
	put(&p, "REQUEST_METHOD", 14);
	put(&p, "POST", 4);
	pair(&p, "X", "");
	pair(&p, "HTTP_COOKIE", "a=b; c=d");
	for (cut1 = 0; cut1 <= p.n; cut1++) {
		for (cut2 = cut1; cut2 <= p.n; cut2++) {
			b.n = 0;
			begin(&b, 3, 1, 0);
			if (cut1 > 0) {
				rec(&b, 4, 3, p.p, cut1, 0);
			}
			if (cut2 > cut1) {
				rec(&b, 4, 3, p.p + cut1, cut2 - cut1, 1);
			}
			if (p.n > cut2) {
				rec(&b, 4, 3, p.p + cut2, p.n - cut2, 0);
			}
			rec(&b, 4, 3, NULL, 0, 0);
			rec(&b, 5, 3, NULL, 0, 0);
			if (scan(&b, &s) != GZ_FCGI_REQUEST || s.npairs != 3 || s.keep_conn != 0) {
				ok = 0;
			}
		}
	}
	CHECK(ok);
	free(b.p);
	free(p.p);
}

/* Two requests back to back: the first is found, the second left alone. */
static void
test_pipelined(void)
{
	struct bytes b = request(1, "x=1", 1), c = request(2, "", 1);
	struct gz_fcgi_scan s;
	size_t first = b.n;

	put(&b, c.p, c.n);
	CHECK_INT(scan(&b, &s), GZ_FCGI_REQUEST);
	CHECK_INT(s.len, first);
	CHECK_INT(gz_fcgi_scan(b.p + first, b.n - first, CAP, &s), GZ_FCGI_REQUEST);
	CHECK_INT(s.request_id, 2);
	/* A broken second request does not spoil the first. */
	b.n = first;
	put(&b, "\x02garbage", 8);
	CHECK_INT(scan(&b, &s), GZ_FCGI_REQUEST);
	CHECK_INT(s.len, first);
	free(b.p);
	free(c.p);
}

/* A body of GZ_FCGI_BODY_EAGER bytes or more is worth a thread at once. */
static void
test_large_body(void)
{
	struct bytes b = request(1, NULL, 0);
	struct gz_fcgi_scan s;
	static char chunk[20000];
	size_t head = b.n, one;

	memset(chunk, 'a', sizeof(chunk));
	rec(&b, 5, 1, chunk, sizeof(chunk), 0);
	one = b.n;
	CHECK_INT(scan(&b, &s), GZ_FCGI_MORE);
	rec(&b, 5, 1, chunk, sizeof(chunk), 0);
	/* Half of the second record is there: 30000 bytes, still short. */
	CHECK_INT(gz_fcgi_scan(b.p, one + 8 + 10000, CAP, &s), GZ_FCGI_MORE);
	CHECK_INT(gz_fcgi_scan(b.p, one + 8 + 15000, CAP, &s), GZ_FCGI_REQUEST);
	CHECK_INT(s.body_complete, 0);
	CHECK_INT(s.head_len, head);
	CHECK_INT(s.len, one);
	CHECK_INT(s.body_len, 35000);
	free(b.p);
	/* A full look-ahead does not wait either, however small the body. */
	b = (struct bytes){0};
	begin(&b, 1, 1, 1);
	memset(chunk, 'v', sizeof(chunk));
	{
		struct bytes p = {0};

		len_form(&p, 1, 0);
		len_form(&p, 60000, 1);
		put(&p, "V", 1);
		while (p.n < 6 + 60000) {
			put(&p, chunk,
			    6 + 60000 - p.n < sizeof(chunk) ? 6 + 60000 - p.n : sizeof(chunk));
		}
		rec(&b, 4, 1, p.p, p.n, 0);
		free(p.p);
	}
	rec(&b, 4, 1, NULL, 0, 0);
	head = b.n;
	rec(&b, 5, 1, chunk, sizeof(chunk), 0);
	CHECK_INT(gz_fcgi_scan(b.p, GZ_FCGI_SCAN_MIN - 1, GZ_FCGI_SCAN_MIN, &s), GZ_FCGI_MORE);
	CHECK_INT(gz_fcgi_scan(b.p, GZ_FCGI_SCAN_MIN, GZ_FCGI_SCAN_MIN, &s), GZ_FCGI_REQUEST);
	CHECK_INT(s.head_len, head);
	CHECK_INT(s.len, head);
	CHECK_INT(s.body_complete, 0);
	free(b.p);
}

static void
test_management(void)
{
	struct bytes b = {0}, p = {0};
	struct gz_fcgi_values v = {4096, 8};
	struct gz_fcgi_scan s;
	unsigned char out[GZ_FCGI_ANSWER_MAX];
	static const char want[] = "\x0e\x04"
	                           "FCGI_MAX_CONNS4096"
	                           "\x0d\x01"
	                           "FCGI_MAX_REQS8"
	                           "\x0f\x01"
	                           "FCGI_MPXS_CONNS0";
	size_t n;

	pair(&p, "FCGI_MPXS_CONNS", "");
	pair(&p, "FCGI_MAX_CONNS", "");
	pair(&p, "FCGI_OTHER", "");
	pair(&p, "FCGI_MAX_REQS", "");
	pair(&p, "FCGI_MAX_REQS", "");
	rec(&b, 9, 0, p.p, p.n, 2);
	CHECK_INT(scan(&b, &s), GZ_FCGI_MANAGEMENT);
	CHECK_INT(s.len, b.n);
	CHECK_INT(s.type, GZ_FCGI_GET_VALUES);
	n = gz_fcgi_answer_management(b.p, b.n, &v, out, sizeof(out));
	CHECK_INT(n, 8 + sizeof(want) - 1 + 2);
	CHECK_INT(out[1], GZ_FCGI_GET_VALUES_RESULT);
	CHECK_INT(out[2] << 8 | out[3], 0);
	CHECK_INT(out[4] << 8 | out[5], sizeof(want) - 1);
	CHECK_INT(out[6], 2);
	CHECK(n >= 8 + sizeof(want) - 1 && memcmp(out + 8, want, sizeof(want) - 1) == 0);
	/* Cut short, it waits; an unknown type gets UNKNOWN_TYPE. */
	CHECK_INT(gz_fcgi_scan(b.p, b.n - 1, CAP, &s), GZ_FCGI_MORE);
	b.n = 0;
	rec(&b, 200, 0, "xyz", 3, 5);
	CHECK_INT(scan(&b, &s), GZ_FCGI_MANAGEMENT);
	n = gz_fcgi_answer_management(b.p, b.n, &v, out, sizeof(out));
	CHECK_INT(n, 16);
	CHECK_INT(out[1], GZ_FCGI_UNKNOWN_TYPE);
	CHECK_INT(out[8], 200);
	/* Not a whole management record: no answer. */
	CHECK_INT(gz_fcgi_answer_management(b.p, b.n - 1, &v, out, sizeof(out)), 0);
	n = gz_fcgi_end_request(out, 0x1234, GZ_FCGI_UNKNOWN_ROLE);
	CHECK_INT(n, 16);
	CHECK(memcmp(out, "\x01\x03\x12\x34\x00\x08\x00\x00\x00\x00\x00\x00\x03", 13) == 0);
	free(b.p);
	free(p.p);
}

/* A head with the given PARAMS content (one record) and an empty body. */
static struct bytes
with_params(const struct bytes *p)
{
	struct bytes b = {0};

	begin(&b, 1, 1, 1);
	rec(&b, 4, 1, p->p, p->n, 0);
	rec(&b, 4, 1, NULL, 0, 0);
	rec(&b, 5, 1, NULL, 0, 0);
	return b;
}

/* Huge lengths, the CVE-2025-23016 shapes: refused on sight. */
static void
test_bad_lengths(void)
{
	static const struct {
		const char *name;
		size_t nlen, vlen;
		const char *why;
	} cases[] = {
	    {"name_2gib", 0x7fffffff, 1, "name length past the head bound"},
	    {"name_sum_overflows", 0x7ffffffe, 1, "name length past the head bound"},
	    {"value_2gib", 4, 0x7fffffff, "value length past the head bound"},
	    {"both_1gib", 0x40000000, 0x40000000, "name length past the head bound"},
	    {"value_head_plus_one", 4, GZ_FCGI_HEAD_MAX + 1, "value length past the head bound"},
	    {"sum_past_head", 0x8000, 0x8001, "name and value past the head bound"},
	};
	struct gz_fcgi_scan s;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct bytes p = {0}, b;

		len_form(&p, cases[i].nlen, 1);
		len_form(&p, cases[i].vlen, 1);
		put(&p, "AAAAAAAAAAAAAAAA", 16);
		b = with_params(&p);
		if (scan(&b, &s) != GZ_FCGI_BAD || s.why == NULL ||
		    strcmp(s.why, cases[i].why) != 0) {
			fprintf(stderr, "%s: %s\n", cases[i].name, s.why ? s.why : "not BAD");
			CHECK(0);
		}
		/* The same pair in GET_VALUES. */
		b.n = 0;
		rec(&b, 9, 0, p.p, p.n, 0);
		CHECK_INT(scan(&b, &s), GZ_FCGI_BAD);
		free(b.p);
		free(p.p);
	}
}

/* One broken rule per case, each named by the reason it must give. */
static void
test_bad_records(void)
{
	struct bytes b, p = usual_pairs(), big = {0};
	struct gz_fcgi_scan s;
	static unsigned char filler[65535];
	unsigned char mgmt[16];
	size_t i;

#define BAD(label, want)                                                                           \
	do {                                                                                       \
		enum gz_fcgi_verdict v_ = scan(&b, &s);                                            \
		if (v_ != GZ_FCGI_BAD || s.why == NULL || strcmp(s.why, want) != 0) {              \
			fprintf(stderr, "%s: verdict %d, why %s\n", label, (int)v_,                \
			        s.why ? s.why : "-");                                              \
			CHECK(0);                                                                  \
		} else {                                                                           \
			CHECK(1);                                                                  \
		}                                                                                  \
		free(b.p);                                                                         \
	} while (0)

	b = request(1, "", 1);
	b.p[0] = 2;
	BAD("version_2", "record version is not 1");

	b = (struct bytes){0};
	rec(&b, 5, 1, NULL, 0, 0);
	BAD("stdin_first", "request does not start with BEGIN_REQUEST");

	b = (struct bytes){0};
	rec(&b, 1, 1, "\0\1\1\0\0\0\0", 7, 0);
	BAD("begin_7_bytes", "BEGIN_REQUEST body is not 8 bytes");

	b = (struct bytes){0};
	begin(&b, 1, 1, 1);
	rec(&b, 9, 0, NULL, 0, 0);
	BAD("management_in_head", "management record inside a request");

	/* The third record that aborted libfcgi: GET_VALUES in the body. */
	b = request(1, "choice=acc", 0);
	len_form(&big, 0x7ffffffe, 1);
	len_form(&big, 1, 1);
	put(&big, "AAAAAAAAAAAAAAAA", 16);
	rec(&b, 9, 0, big.p, big.n, 0);
	rec(&b, 5, 1, "ept", 3, 0);
	rec(&b, 5, 1, NULL, 0, 0);
	BAD("get_values_in_body", "management record inside a request");

	b = (struct bytes){0};
	begin(&b, 1, 1, 1);
	rec(&b, 4, 2, p.p, p.n, 0);
	BAD("other_id_in_head", "record of another request (connections are not multiplexed)");

	b = request(1, NULL, 0);
	rec(&b, 5, 2, "x", 1, 0);
	BAD("other_id_in_body", "record of another request (connections are not multiplexed)");

	b = request(1, NULL, 0);
	rec(&b, 4, 1, p.p, p.n, 0);
	BAD("params_after_head", "record other than STDIN in the body");

	b = request(1, NULL, 0);
	rec(&b, 8, 1, "x", 1, 0);
	BAD("data_in_body", "record other than STDIN in the body");

	b = (struct bytes){0};
	begin(&b, 1, 1, 1);
	rec(&b, 2, 1, NULL, 0, 0);
	BAD("abort_in_head", "record other than PARAMS in the request head");

	b = (struct bytes){0};
	begin(&b, 1, 1, 1);
	begin(&b, 1, 1, 1);
	BAD("second_begin", "record other than PARAMS in the request head");

	/* Two full PARAMS records already pass 64 KiB. */
	b = (struct bytes){0};
	begin(&b, 1, 1, 1);
	memset(filler, 'a', sizeof(filler));
	filler[0] = 0x7f;
	rec(&b, 4, 1, filler, 40000, 0);
	rec(&b, 4, 1, filler, 40000, 0);
	BAD("head_past_64k", "request head past 64 KiB");

	b = (struct bytes){0};
	big.n = 0;
	pair(&big, "", "x");
	b = with_params(&big);
	BAD("empty_name", "empty parameter name");

	big.n = 0;
	pair(&big, "A=B", "x");
	b = with_params(&big);
	BAD("equals_in_name", "NUL or '=' in a parameter name");

	big.n = 0;
	put(&big,
	    "\x03\x01"
	    "A\0B"
	    "x",
	    6);
	b = with_params(&big);
	BAD("nul_in_name", "NUL or '=' in a parameter name");

	big.n = 0;
	pair(&big, "REQUEST_METHOD", "GET");
	big.n -= 2;
	b = with_params(&big);
	BAD("params_end_mid_pair", "PARAMS end inside a name-value pair");

	big.n = 0;
	for (i = 0; i <= GZ_FCGI_PAIRS_MAX; i++) {
		pair(&big, "a", "");
	}
	b = with_params(&big);
	BAD("too_many_pairs", "too many parameters");

	b = (struct bytes){0};
	rec(&b, 9, 0,
	    "\x05\x00"
	    "AB",
	    4, 0);
	BAD("get_values_cut_pair", "GET_VALUES ends inside a name-value pair");

	/* The answer builder refuses what the scanner would. */
	memcpy(mgmt, "\x01\x09\x00\x00\x00\x04\x00\x00\x05\x00\x41\x42", 12);
	CHECK_INT(gz_fcgi_answer_management(mgmt, 12, &(struct gz_fcgi_values){1, 1}, filler,
	                                    sizeof(filler)),
	          0);
#undef BAD
	free(p.p);
	free(big.p);
}

static void
test_stdin_check(void)
{
	struct gz_fcgi_header h = {1, GZ_FCGI_STDIN, 5, 10, 0};

	CHECK(gz_fcgi_stdin_check(&h, 5) == NULL);
	CHECK_STR(gz_fcgi_stdin_check(&h, 6),
	          "record of another request (connections are not multiplexed)");
	h.request_id = 0;
	CHECK_STR(gz_fcgi_stdin_check(&h, 5), "management record inside a request");
	h.request_id = 5;
	h.type = GZ_FCGI_PARAMS;
	CHECK_STR(gz_fcgi_stdin_check(&h, 5), "record other than STDIN in the body");
	h.type = GZ_FCGI_STDIN;
	h.version = 0;
	CHECK_STR(gz_fcgi_stdin_check(&h, 5), "record version is not 1");
}

/* A role other than responder is still a well-formed request. */
static void
test_other_role(void)
{
	struct bytes b = {0}, p = usual_pairs();
	struct gz_fcgi_scan s;

	begin(&b, 9, 2, 0);
	rec(&b, 4, 9, p.p, p.n, 0);
	rec(&b, 4, 9, NULL, 0, 0);
	rec(&b, 5, 9, NULL, 0, 0);
	CHECK_INT(scan(&b, &s), GZ_FCGI_REQUEST);
	CHECK_INT(s.role, 2);
	free(b.p);
	free(p.p);
}

TEST_MAIN(T(test_whole_get), T(test_every_prefix_waits), T(test_pairs_across_records),
          T(test_pipelined), T(test_large_body), T(test_management), T(test_bad_lengths),
          T(test_bad_records), T(test_stdin_check), T(test_other_role))
