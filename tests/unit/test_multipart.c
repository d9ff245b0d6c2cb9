/*
 * multipart/form-data: boundary extraction (quoted, unquoted, escapes,
 * bchars, length, duplicates), body parsing (preamble, epilogue, padding
 * after delimiters, empty data, binary data with CR/LF and near-boundary
 * text, file names with paths, quoted-string escapes), and refusals
 * (missing close delimiter, bad headers, missing name, invalid UTF-8,
 * too many parts, header block too big, truncated bodies).
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/multipart.h"
#include "test.h"

struct b_case {
	const char *ct;
	enum gz_err want;
	const char *boundary;
};

static const struct b_case b_cases[] = {
    {"multipart/form-data; boundary=abc", GZ_OK, "abc"},
    {"multipart/form-data;boundary=abc", GZ_OK, "abc"},
    {"Multipart/Form-Data; BOUNDARY=abc", GZ_OK, "abc"},
    {"multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW", GZ_OK,
     "----WebKitFormBoundary7MA4YWxkTrZu0gW"},
    {"multipart/form-data; boundary=\"a b:c?\"", GZ_OK, "a b:c?"},
    {"multipart/form-data; boundary=\"a\\\"b\"", GZ_EINVAL, ""}, /* '"' not a bchar */
    {"multipart/form-data; boundary=\"a\\bc\"", GZ_OK, "abc"},
    {"multipart/form-data; charset=utf-8; boundary=x", GZ_OK, "x"},
    {"multipart/form-data; boundary=x; charset=\"utf-8\"", GZ_OK, "x"},
    {"multipart/form-data; boundary=x;", GZ_OK, "x"},
    {"multipart/mixed; boundary=x", GZ_OK, "x"},
    {"multipart/form-data; boundary=1234567890123456789012345678901234567890123456789012345678"
     "901234567890",
     GZ_OK, "1234567890123456789012345678901234567890123456789012345678901234567890"},
    {"multipart/form-data; boundary=1234567890123456789012345678901234567890123456789012345678"
     "9012345678901",
     GZ_EINVAL, ""},
    {"multipart/form-data", GZ_EINVAL, ""},
    {"multipart/form-data;", GZ_EINVAL, ""},
    {"multipart/form-data; boundary=", GZ_EINVAL, ""},
    {"multipart/form-data; boundary=\"\"", GZ_EINVAL, ""},
    {"multipart/form-data; boundary=\"abc", GZ_EINVAL, ""},
    {"multipart/form-data; boundary=\"abc \"", GZ_EINVAL, ""},
    {"multipart/form-data; boundary=a; boundary=b", GZ_EINVAL, ""},
    {"multipart/form-data; boundary=a{b", GZ_EINVAL, ""},
    {"multipart/form-data; boundary=\"a\xC3\xA9\"", GZ_EINVAL, ""},
    {"multipart/form-data; boundary", GZ_EINVAL, ""},
    {"multipart/form-data boundary=x", GZ_EINVAL, ""},
    {"application/x-www-form-urlencoded; boundary=x", GZ_EINVAL, ""},
    {"text/plain", GZ_EINVAL, ""},
    {"", GZ_EINVAL, ""},
    {"multipart/", GZ_EINVAL, ""},
};

static void
test_boundary(void)
{
	char out[GZ_MULTIPART_BOUNDARY_MAX + 1];
	size_t i;

	for (i = 0; i < sizeof(b_cases) / sizeof(b_cases[0]); i++) {
		enum gz_err rc = gz_multipart_boundary(b_cases[i].ct, out, sizeof(out));

		if (rc != b_cases[i].want) {
			fprintf(stderr, "boundary case \"%s\"\n", b_cases[i].ct);
		}
		CHECK_INT(rc, b_cases[i].want);
		CHECK_STR(out, b_cases[i].boundary);
	}
	CHECK_INT(gz_multipart_boundary("multipart/form-data; boundary=abcd", out, 4), GZ_ETOOBIG);
	CHECK_STR(out, "");
	CHECK_INT(gz_multipart_boundary("multipart/form-data; boundary=abc", out, 4), GZ_OK);
	CHECK_STR(out, "abc");
}

#define CRLF "\r\n"
#define S(lit) lit, sizeof(lit) - 1

static const char form[] =
    "This is the preamble; ignore it." CRLF "--XyZ" CRLF
    "Content-Disposition: form-data; name=\"title\"" CRLF CRLF "Hello, world" CRLF "--XyZ" CRLF
    "content-disposition: form-data; name=\"body\"" CRLF "X-Ignored: yes" CRLF CRLF "line one" CRLF
    "line two" CRLF "--XyZnot a delimiter" CRLF "--XyZ" CRLF
    "Content-Disposition: form-data; name=\"upload\"; "
    "filename=\"C:\\\\Users\\\\me\\\\photo.jpg\"" CRLF "Content-Type: image/jpeg" CRLF CRLF
    "\xFF\xD8\x00\r\n\r\x00"
    "binary" CRLF "--XyZ \t" CRLF "Content-Disposition: form-data; name=\"empty\"" CRLF CRLF CRLF
    "--XyZ" CRLF "Content-Disposition: form-data; name=\"caf\xC3\xA9\"" CRLF CRLF "x" CRLF
    "--XyZ--" CRLF "epilogue, ignored" CRLF "--XyZ" CRLF
    "Content-Disposition: form-data; name=\"ghost\"" CRLF CRLF "no" CRLF;

static void
test_parse_form(void)
{
	struct gz_arena a;
	struct gz_part *p;
	size_t np;

	gz_arena_init(&a, 0, 1 << 20);
	CHECK_INT(gz_multipart_parse(&a, form, sizeof(form) - 1, "XyZ", 10, &p, &np), GZ_OK);
	CHECK_INT(np, 5);
	if (np < 5) {
		gz_arena_free(&a);
		return;
	}
	CHECK_STR(p[0].name, "title");
	CHECK(p[0].filename == NULL);
	CHECK_STR(p[0].content_type, "text/plain");
	CHECK_INT(p[0].len, 12);
	CHECK(memcmp(p[0].data, "Hello, world", 12) == 0);
	CHECK_STR(p[1].name, "body");
	CHECK_INT(p[1].len, 40);
	CHECK(memcmp(p[1].data, "line one\r\nline two\r\n--XyZnot a delimiter", 40) == 0);
	CHECK_STR(p[2].name, "upload");
	CHECK_STR(p[2].filename, "photo.jpg");
	CHECK_STR(p[2].content_type, "image/jpeg");
	CHECK_INT(p[2].len, 13);
	CHECK(memcmp(p[2].data,
	             "\xFF\xD8\x00\r\n\r\x00"
	             "binary",
	             13) == 0);
	CHECK(p[2].data > form && p[2].data < form + sizeof(form)); /* not copied */
	CHECK_STR(p[3].name, "empty");
	CHECK_INT(p[3].len, 0);
	CHECK_STR(p[4].name, "caf\xC3\xA9");
	CHECK_INT(p[4].len, 1);
	gz_arena_free(&a);
}

struct p_case {
	const char *name;
	const char *body;
	size_t n;
	size_t max;
	enum gz_err want;
	size_t nparts;
	const char *first_name;
	const char *first_file; /* "(null)" for none */
	const char *first_data;
};

#define CD "Content-Disposition: form-data; "

static const struct p_case p_cases[] = {
    {"minimal", S("--b" CRLF CD "name=a" CRLF CRLF "1" CRLF "--b--"), 10, GZ_OK, 1, "a", "(null)",
     "1"},
    {"only close", S("--b--" CRLF), 10, GZ_OK, 0, NULL, NULL, NULL},
    {"no data, shared CRLF", S("--b" CRLF CD "name=a" CRLF CRLF "--b--"), 10, GZ_OK, 1, "a",
     "(null)", ""},
    {"filename unix path",
     S("--b" CRLF CD "name=f; filename=\"/etc/passwd\"" CRLF CRLF "x" CRLF "--b--"), 10, GZ_OK, 1,
     "f", "passwd", "x"},
    {"filename dotdot", S("--b" CRLF CD "name=f; filename=\"../..\"" CRLF CRLF "x" CRLF "--b--"),
     10, GZ_OK, 1, "f", "", "x"},
    {"filename empty", S("--b" CRLF CD "name=f; filename=\"\"" CRLF CRLF CRLF "--b--"), 10, GZ_OK,
     1, "f", "", ""},
    {"filename escapes",
     S("--b" CRLF CD "name=\"a\\\"q\"; filename=\"x\\\"y.txt\"" CRLF CRLF "x" CRLF "--b--"), 10,
     GZ_OK, 1, "a\"q", "x\"y.txt", "x"},
    {"filename utf8",
     S("--b" CRLF CD "name=f; filename=\"\xE4\xB8\xAD.txt\"" CRLF CRLF "x" CRLF "--b--"), 10, GZ_OK,
     1, "f", "\xE4\xB8\xAD.txt", "x"},
    {"filename* ignored",
     S("--b" CRLF CD "name=f; filename*=UTF-8''x.txt" CRLF CRLF "x" CRLF "--b--"), 10, GZ_OK, 1,
     "f", "(null)", "x"},
    {"case and spaces",
     S("--b" CRLF "CONTENT-DISPOSITION:FORM-DATA ;  NAME = \"a\" " CRLF CRLF "1" CRLF "--b--"), 10,
     GZ_OK, 1, "a", "(null)", "1"},
    {"no final CRLF after close", S("--b" CRLF CD "name=a" CRLF CRLF "1" CRLF "--b--"), 10, GZ_OK,
     1, "a", "(null)", "1"},
    {"missing close", S("--b" CRLF CD "name=a" CRLF CRLF "1" CRLF), 10, GZ_EINVAL, 0, NULL, NULL,
     NULL},
    {"missing close, next open", S("--b" CRLF CD "name=a" CRLF CRLF "1" CRLF "--b" CRLF), 10,
     GZ_EINVAL, 0, NULL, NULL, NULL},
    {"truncated in headers", S("--b" CRLF CD "name=a"), 10, GZ_EINVAL, 0, NULL, NULL, NULL},
    {"truncated delimiter", S("--b" CRLF CD "name=a" CRLF CRLF "1" CRLF "--"), 10, GZ_EINVAL, 0,
     NULL, NULL, NULL},
    {"empty body", S(""), 10, GZ_EINVAL, 0, NULL, NULL, NULL},
    {"no delimiter", S("just text"), 10, GZ_EINVAL, 0, NULL, NULL, NULL},
    {"other boundary", S("--c" CRLF CD "name=a" CRLF CRLF "1" CRLF "--c--"), 10, GZ_EINVAL, 0, NULL,
     NULL, NULL},
    {"bare LF lines", S("--b\n" CD "name=a\n\n1\n--b--"), 10, GZ_EINVAL, 0, NULL, NULL, NULL},
    {"no name", S("--b" CRLF CD "filename=x" CRLF CRLF "1" CRLF "--b--"), 10, GZ_EINVAL, 0, NULL,
     NULL, NULL},
    {"no disposition", S("--b" CRLF "Content-Type: text/plain" CRLF CRLF "1" CRLF "--b--"), 10,
     GZ_EINVAL, 0, NULL, NULL, NULL},
    {"no headers", S("--b" CRLF CRLF "1" CRLF "--b--"), 10, GZ_EINVAL, 0, NULL, NULL, NULL},
    {"not form-data",
     S("--b" CRLF "Content-Disposition: attachment; name=a" CRLF CRLF "1" CRLF "--b--"), 10,
     GZ_EINVAL, 0, NULL, NULL, NULL},
    {"two names", S("--b" CRLF CD "name=a; name=b" CRLF CRLF "1" CRLF "--b--"), 10, GZ_EINVAL, 0,
     NULL, NULL, NULL},
    {"two dispositions", S("--b" CRLF CD "name=a" CRLF CD "name=b" CRLF CRLF "1" CRLF "--b--"), 10,
     GZ_EINVAL, 0, NULL, NULL, NULL},
    {"unterminated quote", S("--b" CRLF CD "name=\"a" CRLF CRLF "1" CRLF "--b--"), 10, GZ_EINVAL, 0,
     NULL, NULL, NULL},
    {"escape at end", S("--b" CRLF CD "name=\"a\\" CRLF CRLF "1" CRLF "--b--"), 10, GZ_EINVAL, 0,
     NULL, NULL, NULL},
    {"folded header", S("--b" CRLF CD CRLF " name=a" CRLF CRLF "1" CRLF "--b--"), 10, GZ_EINVAL, 0,
     NULL, NULL, NULL},
    {"header without colon", S("--b" CRLF CD "name=a" CRLF "junk" CRLF CRLF "1" CRLF "--b--"), 10,
     GZ_EINVAL, 0, NULL, NULL, NULL},
    {"space before colon",
     S("--b" CRLF "Content-Disposition : form-data; name=a" CRLF CRLF "1" CRLF "--b--"), 10,
     GZ_EINVAL, 0, NULL, NULL, NULL},
    {"NUL in header", S("--b" CRLF CD "name=\"a\0b\"" CRLF CRLF "1" CRLF "--b--"), 10, GZ_EINVAL, 0,
     NULL, NULL, NULL},
    {"bare CR in header", S("--b" CRLF CD "name=\"a\rb\"" CRLF CRLF "1" CRLF "--b--"), 10,
     GZ_EINVAL, 0, NULL, NULL, NULL},
    {"overlong name", S("--b" CRLF CD "name=\"\xC0\x80\"" CRLF CRLF "1" CRLF "--b--"), 10,
     GZ_EINVAL, 0, NULL, NULL, NULL},
    {"surrogate name", S("--b" CRLF CD "name=\"\xED\xA0\x80\"" CRLF CRLF "1" CRLF "--b--"), 10,
     GZ_EINVAL, 0, NULL, NULL, NULL},
    {"bad utf8 filename",
     S("--b" CRLF CD "name=f; filename=\"\xF5.txt\"" CRLF CRLF "1" CRLF "--b--"), 10, GZ_EINVAL, 0,
     NULL, NULL, NULL},
    {"unquoted utf8 name", S("--b" CRLF CD "name=\xC3\xA9" CRLF CRLF "1" CRLF "--b--"), 10,
     GZ_EINVAL, 0, NULL, NULL, NULL},
    {"empty content-type",
     S("--b" CRLF CD "name=a" CRLF "Content-Type:" CRLF CRLF "1" CRLF "--b--"), 10, GZ_EINVAL, 0,
     NULL, NULL, NULL},
    {"max parts reached",
     S("--b" CRLF CD "name=a" CRLF CRLF "1" CRLF "--b" CRLF CD "name=b" CRLF CRLF "2" CRLF "--b--"),
     1, GZ_ETOOBIG, 0, NULL, NULL, NULL},
    {"max parts exact",
     S("--b" CRLF CD "name=a" CRLF CRLF "1" CRLF "--b" CRLF CD "name=b" CRLF CRLF "2" CRLF "--b--"),
     2, GZ_OK, 2, "a", "(null)", "1"},
    {"zero max, zero parts", S("--b--"), 0, GZ_OK, 0, NULL, NULL, NULL},
    {"duplicate names kept",
     S("--b" CRLF CD "name=a" CRLF CRLF "1" CRLF "--b" CRLF CD "name=a" CRLF CRLF "2" CRLF "--b--"),
     10, GZ_OK, 2, "a", "(null)", "1"},
};

static void
test_parse_table(void)
{
	struct gz_arena a;
	struct gz_part *p;
	size_t i, np;

	gz_arena_init(&a, 0, 1 << 20);
	for (i = 0; i < sizeof(p_cases) / sizeof(p_cases[0]); i++) {
		const struct p_case *c = &p_cases[i];
		enum gz_err rc;

		rc = gz_multipart_parse(&a, c->body, c->n, "b", c->max, &p, &np);
		if (rc != c->want || np != c->nparts) {
			fprintf(stderr, "multipart case \"%s\"\n", c->name);
		}
		CHECK_INT(rc, c->want);
		CHECK_INT(np, c->nparts);
		if (rc != GZ_OK) {
			CHECK(p == NULL);
		}
		if (rc == GZ_OK && np > 0 && c->first_name != NULL) {
			CHECK_STR(p[0].name, c->first_name);
			CHECK_STR(p[0].filename ? p[0].filename : "(null)", c->first_file);
			CHECK_INT(p[0].len, strlen(c->first_data));
			CHECK(memcmp(p[0].data, c->first_data, p[0].len) == 0);
		}
	}
	gz_arena_free(&a);
}

static void
test_limits(void)
{
	static char big[256 * 1024];
	struct gz_arena a;
	struct gz_part *p;
	size_t np, len, i;
	char bnd[80];

	gz_arena_init(&a, 0, 4 << 20);
	/* Header block over 8 KiB. */
	len = (size_t)snprintf(big, sizeof(big), "--b\r\n" CD "name=a\r\nX-Pad: ");
	memset(big + len, 'p', 9000);
	len += 9000;
	len += (size_t)snprintf(big + len, sizeof(big) - len, "\r\n\r\n1\r\n--b--");
	CHECK_INT(gz_multipart_parse(&a, big, len, "b", 10, &p, &np), GZ_ETOOBIG);
	/* Just under the limit is fine. */
	len = (size_t)snprintf(big, sizeof(big), "--b\r\n" CD "name=a\r\nX-Pad: ");
	memset(big + len, 'p', 8000);
	len += 8000;
	len += (size_t)snprintf(big + len, sizeof(big) - len, "\r\n\r\n1\r\n--b--");
	CHECK_INT(gz_multipart_parse(&a, big, len, "b", 10, &p, &np), GZ_OK);

	/* 2000 parts against a limit of 100, and within a limit of 5000. */
	len = 0;
	for (i = 0; i < 2000; i++) {
		len += (size_t)snprintf(big + len, sizeof(big) - len,
		                        "--b\r\n" CD "name=f\r\n\r\nv\r\n");
	}
	len += (size_t)snprintf(big + len, sizeof(big) - len, "--b--");
	CHECK(len < sizeof(big));
	CHECK_INT(gz_multipart_parse(&a, big, len, "b", 100, &p, &np), GZ_ETOOBIG);
	CHECK_INT(gz_multipart_parse(&a, big, len, "b", 5000, &p, &np), GZ_OK);
	CHECK_INT(np, 2000);
	CHECK_STR(p[1999].name, "f");
	/* Every prefix of a valid body is refused, never over-read. */
	for (i = 0; i + 5 < 300; i++) {
		CHECK_INT(gz_multipart_parse(&a, big, i, "b", 5000, &p, &np), GZ_EINVAL);
	}
	/* Bad boundaries given to the parser. */
	CHECK_INT(gz_multipart_parse(&a, big, len, "", 10, &p, &np), GZ_EINVAL);
	memset(bnd, 'x', 71);
	bnd[71] = '\0';
	CHECK_INT(gz_multipart_parse(&a, big, len, bnd, 10, &p, &np), GZ_EINVAL);
	gz_arena_free(&a);

	/* Arena full. */
	gz_arena_init(&a, 0, 256);
	CHECK_INT(gz_multipart_parse(&a, form, sizeof(form) - 1, "XyZ", 10, &p, &np), GZ_ENOMEM);
	CHECK(p == NULL && np == 0);
	gz_arena_free(&a);
}

TEST_MAIN(T(test_boundary), T(test_parse_form), T(test_parse_table), T(test_limits))
