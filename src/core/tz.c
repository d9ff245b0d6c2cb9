/*
 * Time zones (include/gazette/tz.h): a bounded reader of RFC 8536 TZif
 * files and the POSIX TZ rule in their footer, and the two conversions the
 * site needs (the offset at an instant; the instant of a wall-clock time).
 * It exists because glibc converts through one process-wide zone (TZ), which
 * a threaded server rendering for a configured zone cannot share safely.
 * Leap-second records are skipped: Unix time has none.  It knows nothing
 * of settings, templates or requests; the shared table under gz_tz_get is
 * its only state.
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gazette/caldate.h"
#include "gazette/tz.h"

#define TZ_DIR "/usr/share/zoneinfo"
#define TZ_TYPES_MAX 256
#define TZ_CHARS_MAX 256
#define TZ_LEAPS_MAX 512
#define TZ_SHARED_MAX 32
#define DAY 86400

/* One local time type of a TZif file. */
struct tz_type {
	int32_t offset;            /* seconds east of UTC */
	int isdst;                 /* daylight saving time */
	char abbr[GZ_TZ_ABBR_MAX]; /* designation, NUL-terminated */
};

/* When a POSIX rule's change happens: a date form and a local time. */
struct rule_date {
	char form; /* 'J': Julian day 1..365 without Feb 29; 'D': day 0..365; 'M': month.week.day */
	int day;   /* J/D: the day; M: weekday 0 (Sunday)..6 */
	int week;  /* M: 1..5 (5 = the last) */
	int month; /* M: 1..12 */
	int32_t time; /* seconds after local midnight, -167h..167h */
};

/* The footer's POSIX TZ rule, "GMT0BST,M3.5.0/1,M10.5.0". */
struct tz_rule {
	struct tz_type std;     /* standard time */
	struct tz_type dst;     /* summer time, when has_dst */
	int has_dst;            /* the rule names a summer time */
	struct rule_date start; /* summer time begins (in standard local time) */
	struct rule_date end;   /* summer time ends (in summer local time) */
};

struct gz_tz {
	char name[GZ_TZ_NAME_MAX + 1]; /* "Europe/London", or "" */
	size_t ntrans;                 /* transitions */
	int64_t *trans;                /* their Unix times, strictly ascending */
	unsigned char *trans_type;     /* the type each one starts */
	size_t ntypes;                 /* local time types, >= 1 */
	struct tz_type *types;         /* the types */
	int has_rule;                  /* the footer gave a rule for later times */
	struct tz_rule rule;           /* that rule */
};

static struct gz_tz utc_zone = {
    .name = "UTC",
    .ntypes = 1,
    .types = (struct tz_type[]){{0, 0, "UTC"}},
};

const struct gz_tz *
gz_tz_utc(void)
{
	return &utc_zone;
}

int
gz_tz_name_valid(const char *name)
{
	size_t i, n;
	int start = 1;

	if (name == NULL || (n = strlen(name)) == 0 || n > GZ_TZ_NAME_MAX) {
		return 0;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c == '/') {
			/* No empty part: "//", a leading or a trailing '/'. */
			if (start || i + 1 == n) {
				return 0;
			}
			start = 1;
			continue;
		}
		if (start && (c == '.' || c == '-')) {
			return 0;
		}
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '+' || c == '-')) {
			return 0;
		}
		start = 0;
	}
	return 1;
}

/* ---- reading the binary part ---- */

/* A bounded cursor over the file. */
struct rd {
	const unsigned char *p; /* next byte */
	size_t left;            /* bytes after p */
};

static int
take(struct rd *r, size_t n, const unsigned char **out)
{
	if (n > r->left) {
		return -1;
	}
	*out = r->p;
	r->p += n;
	r->left -= n;
	return 0;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t
be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/* The six counts of a TZif header. */
struct hdr {
	int version; /* 0 for version 1, else '2', '3', '4' */
	uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

static int
read_hdr(struct rd *r, struct hdr *h)
{
	const unsigned char *p;

	if (take(r, 44, &p) != 0 || memcmp(p, "TZif", 4) != 0) {
		return -1;
	}
	h->version = p[4];
	if (h->version != 0 && (h->version < '2' || h->version > '9')) {
		return -1;
	}
	h->isutcnt = be32(p + 20);
	h->isstdcnt = be32(p + 24);
	h->leapcnt = be32(p + 28);
	h->timecnt = be32(p + 32);
	h->typecnt = be32(p + 36);
	h->charcnt = be32(p + 40);
	/* RFC 8536 3.1: the indicator counts are 0 or typecnt, typecnt and
	 * charcnt are at least 1. */
	if (h->typecnt == 0 || h->typecnt > TZ_TYPES_MAX || h->charcnt == 0 ||
	    h->charcnt > TZ_CHARS_MAX || h->timecnt > GZ_TZ_TRANS_MAX ||
	    h->leapcnt > TZ_LEAPS_MAX || (h->isutcnt != 0 && h->isutcnt != h->typecnt) ||
	    (h->isstdcnt != 0 && h->isstdcnt != h->typecnt)) {
		return -1;
	}
	return 0;
}

/* Read one data block (times of tsize bytes) into tz. */
static enum gz_err
read_block(struct rd *r, const struct hdr *h, size_t tsize, struct gz_tz *tz)
{
	const unsigned char *times, *idx, *info, *chars, *skip;
	size_t i;

	if (take(r, h->timecnt * tsize, &times) != 0 || take(r, h->timecnt, &idx) != 0 ||
	    take(r, h->typecnt * 6, &info) != 0 || take(r, h->charcnt, &chars) != 0 ||
	    take(r, h->leapcnt * (tsize + 4) + h->isstdcnt + h->isutcnt, &skip) != 0) {
		return GZ_EINVAL;
	}
	tz->ntrans = h->timecnt;
	tz->ntypes = h->typecnt;
	tz->trans = calloc(h->timecnt + 1, sizeof(*tz->trans));
	tz->trans_type = calloc(h->timecnt + 1, 1);
	tz->types = calloc(h->typecnt, sizeof(*tz->types));
	if (tz->trans == NULL || tz->trans_type == NULL || tz->types == NULL) {
		return GZ_ENOMEM;
	}
	for (i = 0; i < h->timecnt; i++) {
		tz->trans[i] = tsize == 8 ? be64(times + 8 * i) : (int32_t)be32(times + 4 * i);
		if (i > 0 && tz->trans[i] <= tz->trans[i - 1]) {
			return GZ_EINVAL;
		}
		if (idx[i] >= h->typecnt) {
			return GZ_EINVAL;
		}
		tz->trans_type[i] = idx[i];
	}
	for (i = 0; i < h->typecnt; i++) {
		const unsigned char *t = info + 6 * i;
		int32_t off = (int32_t)be32(t);
		size_t a = t[5], len;

		/* RFC 8536: -2^31 is not allowed; real offsets are under a day. */
		if (off <= -DAY || off >= DAY || t[4] > 1 || a >= h->charcnt) {
			return GZ_EINVAL;
		}
		len = strnlen((const char *)chars + a, h->charcnt - a);
		/* The designation must end within the table. */
		if (a + len >= h->charcnt) {
			return GZ_EINVAL;
		}
		tz->types[i].offset = off;
		tz->types[i].isdst = t[4];
		if (len >= GZ_TZ_ABBR_MAX) {
			len = GZ_TZ_ABBR_MAX - 1;
		}
		memcpy(tz->types[i].abbr, chars + a, len);
		tz->types[i].abbr[len] = '\0';
	}
	return GZ_OK;
}

/* ---- the footer's POSIX TZ rule ---- */

/* A cursor over the footer text. */
struct ps {
	const char *p;   /* next character */
	const char *end; /* one past the last */
};

static int
peek(const struct ps *s)
{
	return s->p < s->end ? (unsigned char)*s->p : -1;
}

static int
is_alpha(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* A designation: 3+ letters, or <...> of letters, digits, '+' and '-'. */
static int
parse_abbr(struct ps *s, char out[GZ_TZ_ABBR_MAX])
{
	size_t n = 0;

	if (peek(s) == '<') {
		s->p++;
		while (peek(s) != '>') {
			int c = peek(s);

			if (!(is_alpha(c) || is_digit(c) || c == '+' || c == '-') ||
			    n + 1 >= GZ_TZ_ABBR_MAX) {
				return -1;
			}
			out[n++] = (char)c;
			s->p++;
		}
		s->p++;
	} else {
		while (is_alpha(peek(s))) {
			if (n + 1 >= GZ_TZ_ABBR_MAX) {
				return -1;
			}
			out[n++] = *s->p++;
		}
	}
	out[n] = '\0';
	return n >= 3 ? 0 : -1;
}

/* A number of up to 3 digits no larger than max. */
static int
parse_num(struct ps *s, int max, int *out)
{
	int v = 0, n = 0;

	while (is_digit(peek(s)) && n < 3) {
		v = v * 10 + (*s->p++ - '0');
		n++;
	}
	if (n == 0 || v > max || is_digit(peek(s))) {
		return -1;
	}
	*out = v;
	return 0;
}

/* [+-]hh[:mm[:ss]] with hours up to maxh, into seconds (sign as written). */
static int
parse_hms(struct ps *s, int maxh, int32_t *out)
{
	int sign = 1, h, m = 0, sec = 0;

	if (peek(s) == '+' || peek(s) == '-') {
		sign = *s->p++ == '-' ? -1 : 1;
	}
	if (parse_num(s, maxh, &h) != 0) {
		return -1;
	}
	if (peek(s) == ':') {
		s->p++;
		if (parse_num(s, 59, &m) != 0) {
			return -1;
		}
		if (peek(s) == ':') {
			s->p++;
			if (parse_num(s, 59, &sec) != 0) {
				return -1;
			}
		}
	}
	*out = sign * (h * 3600 + m * 60 + sec);
	return 0;
}

/* Jn, n or Mm.w.d, then an optional /time (default 02:00). */
static int
parse_date(struct ps *s, struct rule_date *d)
{
	memset(d, 0, sizeof(*d));
	if (peek(s) == 'J') {
		s->p++;
		d->form = 'J';
		if (parse_num(s, 365, &d->day) != 0 || d->day < 1) {
			return -1;
		}
	} else if (peek(s) == 'M') {
		s->p++;
		d->form = 'M';
		if (parse_num(s, 12, &d->month) != 0 || d->month < 1 || peek(s) != '.') {
			return -1;
		}
		s->p++;
		if (parse_num(s, 5, &d->week) != 0 || d->week < 1 || peek(s) != '.') {
			return -1;
		}
		s->p++;
		if (parse_num(s, 6, &d->day) != 0) {
			return -1;
		}
	} else {
		d->form = 'D';
		if (parse_num(s, 365, &d->day) != 0) {
			return -1;
		}
	}
	d->time = 2 * 3600;
	if (peek(s) == '/') {
		s->p++;
		/* RFC 8536 3.3.1 widens the POSIX hour range to -167..167. */
		if (parse_hms(s, 167, &d->time) != 0) {
			return -1;
		}
	}
	return 0;
}

/*
 * The footer text (between its two newlines): empty means "no rule";
 * otherwise std offset [dst [offset] [,start,end]].  POSIX offsets count
 * west of Greenwich, so they are negated here.
 */
static int
parse_rule(const char *text, size_t n, struct tz_rule *rule, int *has_rule)
{
	struct ps s = {text, text + n};
	int32_t off;

	memset(rule, 0, sizeof(*rule));
	*has_rule = 0;
	if (n == 0) {
		return 0;
	}
	if (parse_abbr(&s, rule->std.abbr) != 0 || parse_hms(&s, 24, &off) != 0) {
		return -1;
	}
	rule->std.offset = -off;
	if (rule->std.offset <= -DAY || rule->std.offset >= DAY) {
		return -1;
	}
	if (s.p == s.end) {
		*has_rule = 1;
		return 0;
	}
	if (parse_abbr(&s, rule->dst.abbr) != 0) {
		return -1;
	}
	rule->has_dst = 1;
	rule->dst.isdst = 1;
	rule->dst.offset = rule->std.offset + 3600;
	if (peek(&s) != ',' && s.p != s.end) {
		if (parse_hms(&s, 24, &off) != 0) {
			return -1;
		}
		rule->dst.offset = -off;
	}
	/* Offsets of a day or more exist in no zone (the binary part has
	 * the same bound). */
	if (rule->dst.offset <= -DAY || rule->dst.offset >= DAY || rule->std.offset <= -DAY ||
	    rule->std.offset >= DAY) {
		return -1;
	}
	if (s.p == s.end) {
		/* No dates: POSIX leaves them to the implementation; the
		 * database never writes this, so take the US rule as tzcode does. */
		rule->start = (struct rule_date){'M', 0, 2, 3, 7200};
		rule->end = (struct rule_date){'M', 0, 1, 11, 7200};
	} else if (peek(&s) != ',' || (s.p++, parse_date(&s, &rule->start)) != 0 ||
	           peek(&s) != ',' || (s.p++, parse_date(&s, &rule->end)) != 0 || s.p != s.end) {
		return -1;
	}
	*has_rule = 1;
	return 0;
}

/* The local (wall, as if UTC) second at which d falls in year y. */
static int64_t
rule_local(const struct rule_date *d, int y)
{
	int64_t jan1 = gz_caldate_time(y, 1, 1), day;

	switch (d->form) {
	case 'J':
		/* Day 1..365, February 29 never counted. */
		day = d->day - 1;
		if (d->day > 59 && gz_caldate_days_in_month(y, 2) == 29) {
			day++;
		}
		break;
	case 'D':
		day = d->day;
		break;
	default: {
		int64_t first = gz_caldate_time(y, d->month, 1);
		/* 1970-01-01 was a Thursday (4). */
		int wd = (int)(((first / DAY) % 7 + 4) % 7);
		int mday = 1 + (d->day - wd + 7) % 7 + (d->week - 1) * 7;

		while (mday > gz_caldate_days_in_month(y, d->month)) {
			mday -= 7;
		}
		day = (first - jan1) / DAY + mday - 1;
		break;
	}
	}
	return jan1 + day * DAY + d->time;
}

/* The type the rule gives at Unix time t. */
static const struct tz_type *
rule_type(const struct tz_rule *r, int64_t t)
{
	int64_t start, end, local;
	int y, m, d;

	if (!r->has_dst) {
		return &r->std;
	}
	/* Far outside any calendar (and clear of overflow below). */
	if (t < -((int64_t)1 << 50) || t > ((int64_t)1 << 50)) {
		return &r->std;
	}
	local = t + r->std.offset;
	if (local < 0 || gz_caldate_of(local, &y, &m, &d) != GZ_OK || y >= GZ_CALDATE_YEAR_MAX) {
		/* Out of the calendar's range: standard time, for want of better. */
		return &r->std;
	}
	/* The start is written in standard time, the end in summer time. */
	start = rule_local(&r->start, y) - r->std.offset;
	end = rule_local(&r->end, y) - r->dst.offset;
	if (start < end) {
		return t >= start && t < end ? &r->dst : &r->std;
	}
	/* Southern hemisphere: summer time spans the new year. */
	return t >= end && t < start ? &r->std : &r->dst;
}

/* ---- zones ---- */

void
gz_tz_free(struct gz_tz *tz)
{
	if (tz == NULL || tz == &utc_zone) {
		return;
	}
	free(tz->trans);
	free(tz->trans_type);
	free(tz->types);
	free(tz);
}

enum gz_err
gz_tz_parse(const unsigned char *data, size_t n, const char *name, struct gz_tz **out)
{
	struct rd r = {data, n};
	struct gz_tz *tz;
	struct hdr h;
	const unsigned char *nl;
	enum gz_err rc = GZ_EINVAL;

	*out = NULL;
	if (data == NULL || n > GZ_TZ_FILE_MAX) {
		return GZ_EINVAL;
	}
	if ((tz = calloc(1, sizeof(*tz))) == NULL) {
		return GZ_ENOMEM;
	}
	if (name != NULL && strlen(name) <= GZ_TZ_NAME_MAX) {
		strcpy(tz->name, name);
	}
	if (read_hdr(&r, &h) != 0) {
		goto fail;
	}
	if (h.version == 0) {
		if ((rc = read_block(&r, &h, 4, tz)) != GZ_OK) {
			goto fail;
		}
		*out = tz;
		return GZ_OK;
	}
	/* Version 2+: skip the 32-bit block, whose counts bound it too. */
	{
		const unsigned char *skip;
		size_t v1 = (size_t)h.timecnt * 5 + (size_t)h.typecnt * 6 + h.charcnt +
		            (size_t)h.leapcnt * 8 + h.isstdcnt + h.isutcnt;

		if (take(&r, v1, &skip) != 0 || read_hdr(&r, &h) != 0 || h.version == 0) {
			goto fail;
		}
	}
	if ((rc = read_block(&r, &h, 8, tz)) != GZ_OK) {
		goto fail;
	}
	rc = GZ_EINVAL;
	/* The footer: "\n" rule "\n". */
	if (r.left < 2 || r.p[0] != '\n' || (nl = memchr(r.p + 1, '\n', r.left - 1)) == NULL) {
		goto fail;
	}
	if (parse_rule((const char *)r.p + 1, (size_t)(nl - r.p - 1), &tz->rule, &tz->has_rule) !=
	    0) {
		goto fail;
	}
	*out = tz;
	return GZ_OK;
fail:
	gz_tz_free(tz);
	return rc;
}

enum gz_err
gz_tz_load(const char *dir, const char *name, struct gz_tz **out)
{
	char path[512];
	unsigned char *buf = NULL;
	size_t len = 0;
	enum gz_err rc = GZ_EINVAL;
	int fd = -1;

	*out = NULL;
	if (!gz_tz_name_valid(name)) {
		return GZ_EINVAL;
	}
	if (strcmp(name, "UTC") == 0 || strcmp(name, "Etc/UTC") == 0) {
		*out = &utc_zone;
		return GZ_OK;
	}
	if (dir == NULL) {
		dir = TZ_DIR;
	}
	if (strlen(dir) + strlen(name) + 2 > sizeof(path)) {
		return GZ_EINVAL;
	}
	strcpy(path, dir);
	strcat(path, "/");
	strcat(path, name);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) < 0) {
		return errno == ENOENT || errno == ENOTDIR ? GZ_ENOTFOUND : GZ_EINVAL;
	}
	/* One byte more than the bound tells a file too large for it. */
	if ((buf = malloc(GZ_TZ_FILE_MAX + 1)) == NULL) {
		rc = GZ_ENOMEM;
		goto fail;
	}
	for (;;) {
		ssize_t got = read(fd, buf + len, GZ_TZ_FILE_MAX + 1 - len);

		if (got < 0 && errno == EINTR) {
			continue;
		}
		if (got < 0) {
			goto fail;
		}
		if (got == 0 || (len += (size_t)got) > GZ_TZ_FILE_MAX) {
			break;
		}
	}
	if (len > GZ_TZ_FILE_MAX) {
		goto fail;
	}
	rc = gz_tz_parse(buf, len, name, out);
fail:
	if (fd >= 0) {
		close(fd);
	}
	free(buf);
	return rc;
}

static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;
static struct gz_tz *shared[TZ_SHARED_MAX];
static size_t nshared;

const struct gz_tz *
gz_tz_get(const char *name)
{
	const struct gz_tz *found = NULL;
	struct gz_tz *tz;
	size_t i;

	if (!gz_tz_name_valid(name)) {
		return NULL;
	}
	if (strcmp(name, "UTC") == 0 || strcmp(name, "Etc/UTC") == 0) {
		return &utc_zone;
	}
	pthread_mutex_lock(&shared_lock);
	for (i = 0; i < nshared; i++) {
		if (strcmp(shared[i]->name, name) == 0) {
			found = shared[i];
			break;
		}
	}
	/* Loaded under the lock: rare (once per zone), and no thread sees
	 * a half-made zone or loads the same one twice. */
	if (found == NULL && nshared < TZ_SHARED_MAX && gz_tz_load(NULL, name, &tz) == GZ_OK) {
		shared[nshared++] = tz;
		found = tz;
	}
	pthread_mutex_unlock(&shared_lock);
	return found;
}

const char *
gz_tz_name(const struct gz_tz *tz)
{
	return tz->name;
}

/* The type in force at t. */
static const struct tz_type *
type_at(const struct gz_tz *tz, int64_t t)
{
	size_t lo = 0, hi = tz->ntrans;

	if (tz->ntrans == 0 || t < tz->trans[0]) {
		/* Before any change (or none at all): the rule if there are no
		 * transitions, else the first type (RFC 8536 3.2). */
		return tz->ntrans == 0 && tz->has_rule ? rule_type(&tz->rule, t) : &tz->types[0];
	}
	if (t >= tz->trans[tz->ntrans - 1] && tz->has_rule) {
		return rule_type(&tz->rule, t);
	}
	/* The last transition at or before t: trans[lo] <= t < trans[hi]. */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (tz->trans[mid] <= t) {
			lo = mid;
		} else {
			hi = mid;
		}
	}
	return &tz->types[tz->trans_type[lo]];
}

void
gz_tz_info_at(const struct gz_tz *tz, int64_t t, struct gz_tz_info *info)
{
	const struct tz_type *ty = type_at(tz, t);

	info->offset = ty->offset;
	info->isdst = ty->isdst;
	memcpy(info->abbr, ty->abbr, sizeof(info->abbr));
}

int32_t
gz_tz_offset(const struct gz_tz *tz, int64_t t)
{
	return type_at(tz, t)->offset;
}

enum gz_tz_local
gz_tz_from_local(const struct gz_tz *tz, int64_t local, int64_t *t)
{
	int32_t before, after;
	int64_t ta, tb;
	int oka, okb;

	/* Clear of overflow; no zone changes out there. */
	if (local < -((int64_t)1 << 60) || local > ((int64_t)1 << 60)) {
		*t = local - gz_tz_offset(tz, local);
		return GZ_TZ_LOCAL_EXACT;
	}
	/* The offsets a day either side of local: with changes at least two
	 * days apart, every instant that could show local uses one of them. */
	before = gz_tz_offset(tz, local - DAY);
	after = gz_tz_offset(tz, local + DAY);
	ta = local - before;
	tb = local - after;
	oka = gz_tz_offset(tz, ta) == before;
	okb = gz_tz_offset(tz, tb) == after;

	if (oka && okb) {
		*t = ta < tb ? ta : tb;
		return ta == tb ? GZ_TZ_LOCAL_EXACT : GZ_TZ_LOCAL_FIRST;
	}
	if (oka || okb) {
		*t = oka ? ta : tb;
		return GZ_TZ_LOCAL_EXACT;
	}
	/* In the gap: read with the offset before the change, which lands
	 * the same distance past it. */
	*t = ta;
	return GZ_TZ_LOCAL_SKIPPED;
}
