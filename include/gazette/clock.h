/*
 * The application's clock: what "now" is for publishing times, sessions,
 * rate limits and retention, and a monotonic clock for deadlines.
 *
 * Every wall-clock read in Gazette goes through gz_clock_now(), so a test
 * can say what time it is instead of waiting for it.  Builds made with
 * GAZETTE_TEST_HOOKS (the ones `make test` runs) honour the environment
 * variable GAZETTE_TEST_CLOCK=FILE: FILE holds decimal Unix seconds and is
 * read again at every call, so a test moves time by rewriting it.  Other
 * builds ignore the variable and read the system clock.
 */
#ifndef GAZETTE_CLOCK_H
#define GAZETTE_CLOCK_H

#include <time.h>

/* Seconds since the Unix epoch: the system clock, or the test clock. */
time_t gz_clock_now(void);

/* Milliseconds of CLOCK_MONOTONIC: for durations and deadlines only. */
double gz_clock_mono_ms(void);

#endif
