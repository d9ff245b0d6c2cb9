/*
 * Fuzz the date parsers.  The input is copied into a NUL-terminated buffer
 * (the parsers take C strings, as header values are).  Checks: whatever
 * parses as an HTTP date formats back and re-parses to the same time, and
 * likewise for ISO 8601; formatting any time either succeeds with the
 * fixed length or fails cleanly.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gazette/httpdate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char h[GZ_HTTP_DATE_SIZE], iso[GZ_ISO8601_SIZE];
	char *s;
	time_t t, back;

	if (size > 256 || (s = malloc(size + 1)) == NULL) {
		return 0;
	}
	memcpy(s, data, size);
	s[size] = '\0';
	if (gz_http_date_parse(s, &t) == GZ_OK) {
		if (gz_http_date_format(t, h) != GZ_OK || gz_http_date_parse(h, &back) != GZ_OK ||
		    back != t) {
			abort();
		}
	}
	if (gz_iso8601_parse(s, &t) == GZ_OK) {
		if (gz_iso8601_format(t, iso) != GZ_OK || gz_iso8601_parse(iso, &back) != GZ_OK ||
		    back != t) {
			abort();
		}
	}
	if (size >= sizeof(int64_t)) {
		int64_t v;

		memcpy(&v, data, sizeof(v));
		t = (time_t)v;
		if (gz_http_date_format(t, h) == GZ_OK && strlen(h) != 29) {
			abort();
		}
		if (gz_iso8601_format(t, iso) == GZ_OK && strlen(iso) != 20) {
			abort();
		}
	}
	free(s);
	return 0;
}
