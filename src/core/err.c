/*
 * Text for enum gz_err.  Kept beside the enum so both change together.
 */
#include <stdarg.h>
#include <stdio.h>

#include "gazette/err.h"

const char *
gz_strerror(enum gz_err rc)
{
	switch (rc) {
	case GZ_OK:
		return "success";
	case GZ_ENOMEM:
		return "out of memory";
	case GZ_EINVAL:
		return "invalid input";
	case GZ_ETOOBIG:
		return "input too large";
	case GZ_ENOTFOUND:
		return "not found";
	case GZ_EDB:
		return "database error";
	case GZ_EIO:
		return "input/output error";
	case GZ_EBUSY:
		return "database busy";
	case GZ_ECONFLICT:
		return "conflict";
	case GZ_EPERM:
		return "not permitted";
	case GZ_EFULL:
		return "disk full";
	case GZ_ECORRUPT:
		return "database damaged";
	case GZ_ETIMEOUT:
		return "deadline passed";
	}
	return "unknown error";
}

void
gz_errf(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errsz == 0) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
}
