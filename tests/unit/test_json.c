/*
 * Tests for src/core/json.c: every escape a string needs (quote,
 * backslash, each control character, DEL, < > &, U+2028/9, bytes that
 * are not UTF-8, an embedded NUL), that multi-byte UTF-8 passes through
 * unchanged, integer limits, the exact layout of nested containers
 * (commas, indentation, empty {} and []), and each misuse refused with
 * GZ_EINVAL: a value where a key is due, a key in an array, a close that
 * does not match, an unclosed document, two top-level values, nesting past
 * GZ_JSON_DEPTH_MAX, and a buffer cap reached.
 */
#include <stdint.h>
#include <string.h>

#include "gazette/buf.h"
#include "gazette/json.h"
#include "test.h"

/* s (n bytes) quoted, in a malloc'd buffer the caller frees. */
static void
check_quote(const char *s, size_t n, const char *want)
{
	struct gz_buf b;

	gz_buf_init(&b, NULL, 0);
	gz_json_quote(&b, s, n);
	CHECK_INT(gz_buf_err(&b), GZ_OK);
	CHECK_STR(gz_buf_str(&b), want);
	gz_buf_free(&b);
}

static void
test_escapes(void)
{
	static const struct {
		const char *in;
		const char *want;
	} cases[] = {
	    {"", "\"\""},
	    {"plain text", "\"plain text\""},
	    {"say \"hi\"", "\"say \\\"hi\\\"\""},
	    {"back\\slash", "\"back\\\\slash\""},
	    {"a\nb\rc\td\be\ff", "\"a\\nb\\rc\\td\\be\\ff\""},
	    {"\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\""},
	    {"</script><!-- & -->", "\"\\u003c/script\\u003e\\u003c!-- \\u0026 --\\u003e\""},
	    {"caf\xc3\xa9 \xe6\x96\xb0\xe9\x97\xbb \xf0\x9f\x93\xb0",
	     "\"caf\xc3\xa9 \xe6\x96\xb0\xe9\x97\xbb \xf0\x9f\x93\xb0\""},
	    {"line\xe2\x80\xa8para\xe2\x80\xa9", "\"line\\u2028para\\u2029\""},
	    {"bad \xff byte", "\"bad \\ufffd byte\""},
	    {"cut \xe6\x96", "\"cut \\ufffd\\ufffd\""},
	    {"overlong \xc0\xaf", "\"overlong \\ufffd\\ufffd\""},
	    {"surrogate \xed\xa0\x80", "\"surrogate \\ufffd\\ufffd\\ufffd\""},
	    {"/ stays", "\"/ stays\""},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		check_quote(cases[i].in, strlen(cases[i].in), cases[i].want);
	}
	/* An embedded NUL is a control character like the others. */
	check_quote("a\0b", 3, "\"a\\u0000b\"");
}

static void
test_layout(void)
{
	struct gz_buf b;
	struct gz_json j;

	gz_buf_init(&b, NULL, 0);
	gz_json_init(&j, &b);
	gz_json_object_begin(&j);
	gz_json_key(&j, "name");
	gz_json_string(&j, "Ana");
	gz_json_key(&j, "n");
	gz_json_int(&j, INT64_MIN);
	gz_json_key(&j, "max");
	gz_json_int(&j, INT64_MAX);
	gz_json_key(&j, "zero");
	gz_json_int(&j, 0);
	gz_json_key(&j, "ok");
	gz_json_bool(&j, 1);
	gz_json_key(&j, "no");
	gz_json_bool(&j, 0);
	gz_json_key(&j, "none");
	gz_json_string(&j, NULL);
	gz_json_key(&j, "empty");
	gz_json_array_begin(&j);
	gz_json_array_end(&j);
	gz_json_key(&j, "obj");
	gz_json_object_begin(&j);
	gz_json_object_end(&j);
	gz_json_key(&j, "list");
	gz_json_array_begin(&j);
	gz_json_int(&j, 1);
	gz_json_object_begin(&j);
	gz_json_key(&j, "k\"ey");
	gz_json_null(&j);
	gz_json_object_end(&j);
	gz_json_array_end(&j);
	gz_json_object_end(&j);
	CHECK_INT(gz_json_finish(&j), GZ_OK);
	CHECK_STR(gz_buf_str(&b), "{\n"
	                          "  \"name\": \"Ana\",\n"
	                          "  \"n\": -9223372036854775808,\n"
	                          "  \"max\": 9223372036854775807,\n"
	                          "  \"zero\": 0,\n"
	                          "  \"ok\": true,\n"
	                          "  \"no\": false,\n"
	                          "  \"none\": null,\n"
	                          "  \"empty\": [],\n"
	                          "  \"obj\": {},\n"
	                          "  \"list\": [\n"
	                          "    1,\n"
	                          "    {\n"
	                          "      \"k\\\"ey\": null\n"
	                          "    }\n"
	                          "  ]\n"
	                          "}\n");
	gz_buf_free(&b);

	/* A bare value is a document too. */
	gz_buf_init(&b, NULL, 0);
	gz_json_init(&j, &b);
	gz_json_string(&j, "x");
	CHECK_INT(gz_json_finish(&j), GZ_OK);
	CHECK_STR(gz_buf_str(&b), "\"x\"\n");
	gz_buf_free(&b);
}

/* Each misuse: the steps before it, then the finish result. */
static void
test_misuse(void)
{
	struct gz_buf b;
	struct gz_json j;
	int i, which;

	for (which = 0; which < 9; which++) {
		gz_buf_init(&b, NULL, 0);
		gz_json_init(&j, &b);
		switch (which) {
		case 0: /* a value where a key is due */
			gz_json_object_begin(&j);
			gz_json_int(&j, 1);
			gz_json_object_end(&j);
			break;
		case 1: /* a key in an array */
			gz_json_array_begin(&j);
			gz_json_key(&j, "k");
			break;
		case 2: /* mismatched close */
			gz_json_object_begin(&j);
			gz_json_array_end(&j);
			break;
		case 3: /* unclosed */
			gz_json_array_begin(&j);
			gz_json_int(&j, 1);
			break;
		case 4: /* two top-level values */
			gz_json_int(&j, 1);
			gz_json_int(&j, 2);
			break;
		case 5: /* a key with no value, then the close */
			gz_json_object_begin(&j);
			gz_json_key(&j, "k");
			gz_json_object_end(&j);
			break;
		case 6: /* too deep */
			for (i = 0; i <= GZ_JSON_DEPTH_MAX; i++) {
				gz_json_array_begin(&j);
			}
			for (i = 0; i <= GZ_JSON_DEPTH_MAX; i++) {
				gz_json_array_end(&j);
			}
			break;
		case 7: /* nothing at all */
			break;
		case 8: /* close with nothing open */
			gz_json_object_end(&j);
			break;
		}
		CHECK_INT(gz_json_finish(&j), GZ_EINVAL);
		gz_buf_free(&b);
	}
	/* Exactly the deepest allowed nesting is fine. */
	gz_buf_init(&b, NULL, 0);
	gz_json_init(&j, &b);
	for (i = 0; i < GZ_JSON_DEPTH_MAX; i++) {
		gz_json_array_begin(&j);
	}
	for (i = 0; i < GZ_JSON_DEPTH_MAX; i++) {
		gz_json_array_end(&j);
	}
	CHECK_INT(gz_json_finish(&j), GZ_OK);
	gz_buf_free(&b);
	/* The buffer's cap is reported. */
	gz_buf_init(&b, NULL, 16);
	gz_json_init(&j, &b);
	gz_json_array_begin(&j);
	for (i = 0; i < 20; i++) {
		gz_json_string(&j, "abcdef");
	}
	gz_json_array_end(&j);
	CHECK(gz_json_finish(&j) != GZ_OK);
	gz_buf_free(&b);
}

TEST_MAIN({"escapes", test_escapes}, {"layout", test_layout}, {"misuse", test_misuse})
