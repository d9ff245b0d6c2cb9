/*
 * If-None-Match matching: "*", weak and strong tags on either side, lists
 * with blanks, quoted commas, malformed members and near misses.
 */
#include <stddef.h>

#include "gazette/etag.h"
#include "test.h"

struct case_ {
	const char *list; /* the If-None-Match value */
	const char *etag; /* the tag Gazette sent */
	int want;         /* 1: 304 */
};

static const struct case_ cases[] = {
    {"*", "\"a\"", 1},
    {"  *  ", "W/\"a\"", 1},
    {"\"a\", *", "\"b\"", 0}, /* "*" only alone */
    {"\"a\"", "\"a\"", 1},
    {"W/\"a\"", "\"a\"", 1}, /* weak comparison either way */
    {"\"a\"", "W/\"a\"", 1},
    {"W/\"g3-m1-c00\"", "W/\"g3-m1-c00\"", 1},
    {"\"x\", \"y\" ,W/\"a\"", "W/\"a\"", 1},
    {"\"x\",,\t\"a\"", "\"a\"", 1},
    {"\"a,b\"", "\"a,b\"", 1}, /* a comma inside the quotes */
    {"\"a,b\"", "\"b\"", 0},
    {"\"ab\"", "\"a\"", 0},
    {"\"a\"", "\"ab\"", 0},
    {"a", "\"a\"", 0}, /* unquoted: malformed */
    {"W/a, \"a\"", "\"a\"", 1},
    {"\"a", "\"a\"", 0},
    {"", "\"a\"", 0},
    {"\"a\"", "a", 0},       /* our own tag malformed: never a match */
    {"w/\"a\"", "\"a\"", 0}, /* the prefix is case-sensitive */
};

static void
test_cases(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK_INT(gz_etag_match(cases[i].list, cases[i].etag), cases[i].want);
	}
}

TEST_MAIN(T(test_cases))
