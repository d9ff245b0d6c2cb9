/*
 * Translations at run time: finding the catalog for a language tag,
 * looking a message up in it (binary search over the table tools/po2c.c
 * sorted at build time), filling named placeholders, grouping digits and
 * formatting dates with the language's names and formats.
 *
 * Everything it reads is a const table compiled into the binary, and
 * nothing touches the process locale: strftime is used only for the
 * conversions that are digits in every locale, and every word (month,
 * weekday, AM/PM) comes from the catalog.  So any thread may call any
 * function here, for any language, at any time.  It does not know where a
 * page's language comes from (src/app decides) nor how .po files are read
 * (tools/po2c.c does that, once, at build time).
 */
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "gazette/arena.h"
#include "gazette/buf.h"
#include "gazette/i18n.h"
#include "gazette/tz.h"
#include "gazette/value.h"

#define MAX_FMT_ARGS 16 /* name/value pairs gz_i18n_fmt takes */

/* The English names the date conversions translate, marked for extraction. */
static const char *const months[12] = {
    GZ_NP_("month", "January"), GZ_NP_("month", "February"), GZ_NP_("month", "March"),
    GZ_NP_("month", "April"),   GZ_NP_("month", "May"),      GZ_NP_("month", "June"),
    GZ_NP_("month", "July"),    GZ_NP_("month", "August"),   GZ_NP_("month", "September"),
    GZ_NP_("month", "October"), GZ_NP_("month", "November"), GZ_NP_("month", "December"),
};
static const char *const months_abbr[12] = {
    GZ_NP_("abbreviated month", "Jan"), GZ_NP_("abbreviated month", "Feb"),
    GZ_NP_("abbreviated month", "Mar"), GZ_NP_("abbreviated month", "Apr"),
    GZ_NP_("abbreviated month", "May"), GZ_NP_("abbreviated month", "Jun"),
    GZ_NP_("abbreviated month", "Jul"), GZ_NP_("abbreviated month", "Aug"),
    GZ_NP_("abbreviated month", "Sep"), GZ_NP_("abbreviated month", "Oct"),
    GZ_NP_("abbreviated month", "Nov"), GZ_NP_("abbreviated month", "Dec"),
};
static const char *const days[7] = {
    GZ_NP_("weekday", "Sunday"),    GZ_NP_("weekday", "Monday"),   GZ_NP_("weekday", "Tuesday"),
    GZ_NP_("weekday", "Wednesday"), GZ_NP_("weekday", "Thursday"), GZ_NP_("weekday", "Friday"),
    GZ_NP_("weekday", "Saturday"),
};
static const char *const days_abbr[7] = {
    GZ_NP_("abbreviated weekday", "Sun"), GZ_NP_("abbreviated weekday", "Mon"),
    GZ_NP_("abbreviated weekday", "Tue"), GZ_NP_("abbreviated weekday", "Wed"),
    GZ_NP_("abbreviated weekday", "Thu"), GZ_NP_("abbreviated weekday", "Fri"),
    GZ_NP_("abbreviated weekday", "Sat"),
};
static const char *const halves[2] = {GZ_NP_("time of day", "AM"), GZ_NP_("time of day", "PM")};

/* ---- languages ---- */

/* ASCII lowercase; tags are ASCII. */
static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Tag characters equal: no case, '_' is '-'. */
static int
tag_char_eq(char a, char b)
{
	if (a == '_') {
		a = '-';
	}
	if (b == '_') {
		b = '-';
	}
	return lower((unsigned char)a) == lower((unsigned char)b);
}

/* Bytes of the primary subtag ("zh" of "zh-CN"). */
static size_t
primary_len(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && p[i] != '-' && p[i] != '_'; i++) {
	}
	return i;
}

/* gz_i18n_find over n bytes at p (not NUL-terminated). */
static const struct gz_i18n_catalog *
find_n(const char *p, size_t n)
{
	size_t i, k, np;

	for (i = 0; i < gz_i18n_ncatalogs; i++) {
		const char *t = gz_i18n_catalogs[i].tag;

		for (k = 0; k < n && t[k] != '\0' && tag_char_eq(p[k], t[k]); k++) {
		}
		if (k == n && t[k] == '\0') {
			return &gz_i18n_catalogs[i];
		}
	}
	np = primary_len(p, n);
	for (i = 0; np > 0 && i < gz_i18n_ncatalogs; i++) {
		const char *t = gz_i18n_catalogs[i].tag;

		if (primary_len(t, strlen(t)) != np) {
			continue;
		}
		for (k = 0; k < np && tag_char_eq(p[k], t[k]); k++) {
		}
		if (k == np) {
			return &gz_i18n_catalogs[i];
		}
	}
	return &gz_i18n_catalogs[0];
}

const struct gz_i18n_catalog *
gz_i18n_find(const char *tag)
{
	/* Real tags are short; a longer string cannot name a catalog. */
	return find_n(tag != NULL ? tag : "", tag != NULL ? strnlen(tag, 64) : 0);
}

const char *
gz_i18n_tag(const char *tag)
{
	return gz_i18n_find(tag)->tag;
}

const char *
gz_i18n_lang_of(const struct gz_val *data)
{
	const struct gz_val *page, *lang;

	if (data == NULL || data->kind != GZ_VAL_MAP ||
	    (page = gz_val_map_get(data, "page")) == NULL || page->kind != GZ_VAL_MAP ||
	    (lang = gz_val_map_get(page, "lang")) == NULL || lang->kind != GZ_VAL_STR) {
		return gz_i18n_catalogs[0].tag;
	}
	return find_n(lang->u.s.p, lang->u.s.n < 64 ? lang->u.s.n : 64)->tag;
}

/* ---- messages ---- */

/*
 * strcmp of key against ctxt "\004" id (id alone when ctxt is NULL), the
 * order po2c sorted the table in, without building the joined string.
 */
static int
keycmp(const char *key, const char *ctxt, const char *id)
{
	const unsigned char *k = (const unsigned char *)key, *p;

	if (ctxt != NULL) {
		for (p = (const unsigned char *)ctxt; *p != '\0' && *k == *p; p++, k++) {
		}
		if (*p != '\0') {
			return (int)*k - (int)*p;
		}
		if (*k != '\004') {
			return (int)*k - 4;
		}
		k++;
	}
	for (p = (const unsigned char *)id; *p != '\0' && *k == *p; p++, k++) {
	}
	return (int)*k - (int)*p;
}

/* Binary search of cat for msgid in ctxt (NULL: none); NULL when absent. */
static const struct gz_i18n_msg *
lookup(const struct gz_i18n_catalog *cat, const char *ctxt, const char *msgid)
{
	size_t lo = 0, hi = cat->nmsgs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = keycmp(cat->msgs[mid].key, ctxt, msgid);

		if (c == 0) {
			return &cat->msgs[mid];
		}
		if (c < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return NULL;
}

const char *
gz_i18n_text(const struct gz_i18n_catalog *cat, const char *ctxt, const char *msgid,
             const char *plural, unsigned long n)
{
	const struct gz_i18n_msg *m;
	unsigned long idx;

	if (msgid == NULL) {
		return NULL;
	}
	if (cat == NULL) {
		cat = &gz_i18n_catalogs[0];
	}
	m = lookup(cat, ctxt, msgid);
	if (plural == NULL) {
		return m != NULL ? m->strs[0] : msgid;
	}
	if (m == NULL || m->nstrs == 0) {
		/* A theme's own message: English has one form for 1. */
		return n == 1 ? msgid : plural;
	}
	idx = m->nstrs == cat->nplurals ? cat->plural(n) : 0;
	return m->strs[idx < m->nstrs ? idx : 0];
}

const char *
gz_i18n_get(const char *lang, const char *msgid)
{
	return gz_i18n_text(gz_i18n_find(lang), NULL, msgid, NULL, 0);
}

const char *
gz_i18n_pget(const char *lang, const char *ctxt, const char *msgid)
{
	return gz_i18n_text(gz_i18n_find(lang), ctxt, msgid, NULL, 0);
}

const char *
gz_i18n_nget(const char *lang, const char *msgid, const char *plural, unsigned long n)
{
	return gz_i18n_text(gz_i18n_find(lang), NULL, msgid, plural, n);
}

int
gz_i18n_has(const struct gz_i18n_catalog *cat, const char *ctxt, const char *msgid)
{
	return cat != NULL && msgid != NULL && lookup(cat, ctxt, msgid) != NULL;
}

size_t
gz_i18n_placeholder(const char *p, size_t n, const char **name, size_t *nname)
{
	size_t i = 1;

	if (n < 3 || p[0] != '{' || !((p[1] >= 'a' && p[1] <= 'z') || p[1] == '_')) {
		return 0;
	}
	while (i < n && i <= 33 &&
	       ((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9') || p[i] == '_')) {
		i++;
	}
	if (i >= n || p[i] != '}' || i > 33) {
		return 0;
	}
	*name = p + 1;
	*nname = i - 1;
	return i + 1;
}

char *
gz_i18n_fmt(struct gz_arena *a, const char *text, ...)
{
	const char *names[MAX_FMT_ARGS], *vals[MAX_FMT_ARGS], *name;
	size_t nargs = 0, len, i = 0, k, nname;
	struct gz_buf b;
	va_list ap;

	va_start(ap, text);
	while (nargs < MAX_FMT_ARGS && (names[nargs] = va_arg(ap, const char *)) != NULL) {
		vals[nargs] = va_arg(ap, const char *);
		nargs++;
	}
	va_end(ap);
	len = strlen(text);
	gz_buf_init(&b, a, 0);
	gz_buf_reserve(&b, len + 32);
	while (i < len) {
		size_t skip = gz_i18n_placeholder(text + i, len - i, &name, &nname);

		for (k = 0; skip > 0 && k < nargs; k++) {
			if (strlen(names[k]) == nname && memcmp(names[k], name, nname) == 0) {
				gz_buf_puts(&b, vals[k] != NULL ? vals[k] : "");
				break;
			}
		}
		if (skip > 0 && k < nargs) {
			i += skip;
		} else {
			gz_buf_putc(&b, text[i++]);
		}
	}
	gz_buf_putc(&b, '\0'); /* an empty text still gets memory */
	return gz_buf_err(&b) ? NULL : b.data;
}

struct gz_val *
gz_i18n_message(struct gz_arena *a, const char *msgid, ...)
{
	struct gz_val *m = gz_val_map_new(a);
	const char *name, *val;
	va_list ap;
	int k = 0;

	if (m == NULL || gz_val_map_set(m, "msgid", gz_val_str(a, msgid)) != GZ_OK) {
		return NULL;
	}
	va_start(ap, msgid);
	while (k++ < 8 && (name = va_arg(ap, const char *)) != NULL) {
		val = va_arg(ap, const char *);
		if (gz_val_map_set(m, name, gz_val_str(a, val != NULL ? val : "")) != GZ_OK) {
			m = NULL;
			break;
		}
	}
	va_end(ap);
	return m;
}

/* ---- numbers and dates ---- */

void
gz_i18n_number(struct gz_buf *out, const struct gz_i18n_catalog *cat, long long n)
{
	const char *sep =
	    gz_i18n_text(cat, "thousands separator", GZ_NP_("thousands separator", ","), NULL, 0);
	char digits[24];
	unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
	size_t nd = 0, i;

	do {
		digits[nd++] = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	if (n < 0) {
		gz_buf_putc(out, '-');
	}
	for (i = nd; i > 0; i--) {
		gz_buf_putc(out, digits[i - 1]);
		if (i > 1 && (i - 1) % 3 == 0) {
			gz_buf_puts(out, sep);
		}
	}
}

const char *
gz_i18n_date_check(const char *fmt)
{
	static const char ok[] = "aAbBdeHIjmMpSyYzZFTDRuwGgVCn%";
	static const char unpadded[] = "deHIjmMS";
	size_t i, n = strlen(fmt);

	if (n > GZ_I18N_DATE_FMT_MAX) {
		return "date format longer than 128 bytes";
	}
	for (i = 0; i < n; i++) {
		if (fmt[i] != '%') {
			continue;
		}
		if (fmt[i + 1] == '-') {
			if (fmt[i + 2] == '\0' || strchr(unpadded, fmt[i + 2]) == NULL) {
				return "%- (no padding) goes only before d e H I j m M S";
			}
			i += 2;
		} else if (fmt[i + 1] == '\0' || strchr(ok, fmt[i + 1]) == NULL) {
			return "unknown % conversion (use aAbBdeHIjmMpSyYzZFTDRuwGgVCn%)";
		} else {
			i++;
		}
	}
	return NULL;
}

/* The value a %-X conversion writes without padding. */
static int
unpadded_value(const struct tm *tm, char c)
{
	switch (c) {
	case 'd':
	case 'e':
		return tm->tm_mday;
	case 'H':
		return tm->tm_hour;
	case 'I':
		return tm->tm_hour % 12 == 0 ? 12 : tm->tm_hour % 12;
	case 'j':
		return tm->tm_yday + 1;
	case 'm':
		return tm->tm_mon + 1;
	case 'M':
		return tm->tm_min;
	default:
		return tm->tm_sec;
	}
}

/*
 * Append fmt (already checked) for tm.  Words come from cat, or stay
 * English when cat is NULL (the fixed machine formats).  strftime sees one
 * digit-only conversion at a time, which no locale changes.
 */
static void
format_tm(struct gz_buf *out, const struct gz_i18n_catalog *cat, const char *fmt,
          const struct tm *tm)
{
	const char *p = fmt, *word;
	char one[3] = {'%', 0, 0}, tmp[64];
	size_t n;

	for (; *p != '\0'; p++) {
		if (*p != '%') {
			gz_buf_putc(out, *p);
			continue;
		}
		p++;
		word = NULL;
		switch (*p) {
		case 'a':
			word = cat ? gz_i18n_text(cat, "abbreviated weekday",
			                          days_abbr[tm->tm_wday], NULL, 0)
			           : days_abbr[tm->tm_wday];
			break;
		case 'A':
			word = cat ? gz_i18n_text(cat, "weekday", days[tm->tm_wday], NULL, 0)
			           : days[tm->tm_wday];
			break;
		case 'b':
			word = cat ? gz_i18n_text(cat, "abbreviated month", months_abbr[tm->tm_mon],
			                          NULL, 0)
			           : months_abbr[tm->tm_mon];
			break;
		case 'B':
			word = cat ? gz_i18n_text(cat, "month", months[tm->tm_mon], NULL, 0)
			           : months[tm->tm_mon];
			break;
		case 'p':
			word = cat ? gz_i18n_text(cat, "time of day", halves[tm->tm_hour >= 12],
			                          NULL, 0)
			           : halves[tm->tm_hour >= 12];
			break;
		case '-':
			p++;
			gz_buf_put_u64(out, (uint64_t)unpadded_value(tm, *p));
			continue;
		default:
			one[1] = *p;
			/* one is "%X" with X from the checked list: digits only. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
			n = strftime(tmp, sizeof(tmp), one, tm);
#pragma GCC diagnostic pop
			gz_buf_append(out, tmp, n);
			continue;
		}
		gz_buf_puts(out, word);
	}
}

enum gz_err
gz_i18n_date(struct gz_buf *out, const struct gz_i18n_catalog *cat, const char *fmt, long long t)
{
	return gz_i18n_date_tz(out, cat, fmt, t, NULL);
}

enum gz_err
gz_i18n_date_tz(struct gz_buf *out, const struct gz_i18n_catalog *cat, const char *fmt, long long t,
                const struct gz_tz *tz)
{
	const char *f;
	struct tm tm;
	struct gz_tz_info info = {0, 0, "UTC"};
	time_t tt = (time_t)t;

	if (fmt == NULL || (long long)tt != t || gmtime_r(&tt, &tm) == NULL) {
		return GZ_EINVAL;
	}
	if (tz != NULL && strcmp(fmt, "iso") != 0 && strcmp(fmt, "rfc822") != 0) {
		/* The zone's wall clock is UTC arithmetic on the shifted time;
		 * gmtime_r of it is thread-safe, unlike localtime_r with TZ. */
		gz_tz_info_at(tz, t, &info);
		tt = (time_t)(t + info.offset);
		if (gmtime_r(&tt, &tm) == NULL) {
			return GZ_EINVAL;
		}
	}
	/* strftime's %z and %Z read these (glibc). */
	tm.tm_gmtoff = info.offset;
	tm.tm_zone = info.abbr;
	if (strcmp(fmt, "iso") == 0) {
		format_tm(out, NULL, "%Y-%m-%dT%H:%M:%SZ", &tm);
		return gz_buf_err(out);
	}
	if (strcmp(fmt, "rfc822") == 0) {
		format_tm(out, NULL, "%a, %d %b %Y %H:%M:%S +0000", &tm);
		return gz_buf_err(out);
	}
	if (gz_i18n_date_check(fmt) != NULL) {
		return GZ_EINVAL;
	}
	if (cat == NULL) {
		cat = &gz_i18n_catalogs[0];
	}
	f = gz_i18n_text(cat, "date format", fmt, NULL, 0);
	/* po2c checked every translation; a bad one would still not be used. */
	if (f != fmt && gz_i18n_date_check(f) != NULL) {
		f = fmt;
	}
	format_tm(out, cat, f, &tm);
	return gz_buf_err(out);
}
