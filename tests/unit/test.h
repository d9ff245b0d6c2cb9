/*
 * A minimal test harness: CHECK records a failure with file:line and goes
 * on, so one run reports every broken case; TEST_MAIN runs a table of test
 * functions and exits non-zero if any check failed.
 */
#ifndef GAZETTE_TEST_H
#define GAZETTE_TEST_H

#include <stdio.h>
#include <string.h>

static int test_failures;
static int test_checks;

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		test_checks++;                                                                     \
		if (!(cond)) {                                                                     \
			test_failures++;                                                           \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);   \
		}                                                                                  \
	} while (0)

#define CHECK_STR(got, want)                                                                       \
	do {                                                                                       \
		const char *g_ = (got), *w_ = (want);                                              \
		test_checks++;                                                                     \
		if (g_ == NULL || w_ == NULL || strcmp(g_, w_) != 0) {                             \
			test_failures++;                                                           \
			fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", __FILE__, __LINE__,    \
			        g_ ? g_ : "(null)", w_ ? w_ : "(null)");                           \
		}                                                                                  \
	} while (0)

#define CHECK_INT(got, want)                                                                       \
	do {                                                                                       \
		long long g_ = (long long)(got), w_ = (long long)(want);                           \
		test_checks++;                                                                     \
		if (g_ != w_) {                                                                    \
			test_failures++;                                                           \
			fprintf(stderr, "%s:%d: %s = %lld, want %lld\n", __FILE__, __LINE__, #got, \
			        g_, w_);                                                           \
		}                                                                                  \
	} while (0)

struct test_case {
	const char *name;
	void (*fn)(void);
};

#define TEST_MAIN(...)                                                                             \
	int main(void)                                                                             \
	{                                                                                          \
		static const struct test_case cases_[] = {__VA_ARGS__};                            \
		size_t i_;                                                                         \
		for (i_ = 0; i_ < sizeof(cases_) / sizeof(cases_[0]); i_++) {                      \
			int before_ = test_failures;                                               \
			cases_[i_].fn();                                                           \
			printf("%s %s\n", test_failures == before_ ? "ok  " : "FAIL",              \
			       cases_[i_].name);                                                   \
		}                                                                                  \
		printf("%d checks, %d failed\n", test_checks, test_failures);                      \
		return test_failures ? 1 : (test_checks ? 0 : 1);                                  \
	}

#define T(fn)                                                                                      \
	{                                                                                          \
#fn, fn                                                                            \
	}

#endif
