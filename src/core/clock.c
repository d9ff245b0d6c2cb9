/*
 * The application's clock (see clock.h).  The test clock is a file rather
 * than a fixed value so that one running server can be walked through time
 * by the test script that started it; it is read at each call because test
 * builds are not measured.  An unreadable or malformed file falls back to
 * the system clock, so a mistake in a test shows as a failed check, never
 * as a server that cannot tell the time.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "gazette/clock.h"

#ifdef GAZETTE_TEST_HOOKS
/* The time written in the file named by GAZETTE_TEST_CLOCK, or -1. */
static time_t
test_clock(void)
{
	const char *path = getenv("GAZETTE_TEST_CLOCK");
	char buf[32];
	char *end;
	long long v;
	ssize_t n;
	int fd;

	if (path == NULL || *path == '\0') {
		return -1;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		return -1;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0) {
		return -1;
	}
	buf[n] = '\0';
	v = strtoll(buf, &end, 10);
	if (end == buf || v < 0 || (*end != '\0' && *end != '\n')) {
		return -1;
	}
	return (time_t)v;
}
#endif

time_t
gz_clock_now(void)
{
#ifdef GAZETTE_TEST_HOOKS
	time_t t = test_clock();

	if (t >= 0) {
		return t;
	}
#endif
	return time(NULL);
}

double
gz_clock_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}
