/*
 * Fuzz the TZif reader (src/core/tz.c) with whole files.  Checks: whatever
 * parses answers offsets under a day for times across the calendar, and
 * a wall-clock time resolves to an instant whose wall time is the one
 * asked for, or (skipped) later by less than a day.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/tz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int64_t probes[] = {
	    INT64_MIN,        -((int64_t)1 << 40), -1,         0,          1,
	    951782400,        1711846800,          1729990800, 2000000000, 4102444800,
	    (int64_t)1 << 40, INT64_MAX,
	};
	struct gz_tz *tz = NULL;
	size_t i;

	if (gz_tz_parse(data, size, "fuzz", &tz) != GZ_OK) {
		if (tz != NULL) {
			abort();
		}
		return 0;
	}
	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		struct gz_tz_info info;
		int64_t t;
		int32_t off;

		gz_tz_info_at(tz, probes[i], &info);
		off = gz_tz_offset(tz, probes[i]);
		if (off != info.offset || off <= -86400 || off >= 86400 ||
		    memchr(info.abbr, '\0', sizeof(info.abbr)) == NULL) {
			abort();
		}
		if (probes[i] > -((int64_t)1 << 50) && probes[i] < ((int64_t)1 << 50)) {
			enum gz_tz_local how = gz_tz_from_local(tz, probes[i], &t);
			int64_t wall = t + gz_tz_offset(tz, t);

			if (how != GZ_TZ_LOCAL_SKIPPED && wall != probes[i]) {
				/* Hand-made zones may change twice within two days,
				 * which the resolver does not promise to handle; it
				 * must still land within a day. */
				if (wall - probes[i] > 2 * 86400 || probes[i] - wall > 2 * 86400) {
					abort();
				}
			}
		}
	}
	gz_tz_free(tz);
	return 0;
}
