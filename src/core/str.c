/*
 * String helpers.  Everything here is byte-oriented and locale-free: the C
 * library's ctype and strcasecmp follow the locale, which a server must not
 * let change what "equal" or "digit" means.  The slug code carries a few
 * Unicode ranges by hand; it is not a Unicode library and says so.
 */
#include <assert.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/str.h"
#include "gazette/utf8.h"

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

int
gz_str_eq_case(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++) {
		if (lower((unsigned char)*a) != lower((unsigned char)*b)) {
			return 0;
		}
	}
	return *a == *b;
}

int
gz_str_has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int
gz_str_has_prefix_case(const char *s, const char *prefix)
{
	for (; *prefix != '\0'; s++, prefix++) {
		/* A shorter s fails here: its NUL never equals a prefix byte. */
		if (lower((unsigned char)*s) != lower((unsigned char)*prefix)) {
			return 0;
		}
	}
	return 1;
}

struct gz_span
gz_str_trim(const char *s, size_t n)
{
	struct gz_span sp;

	while (n > 0 && is_space((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && is_space((unsigned char)s[n - 1])) {
		n--;
	}
	sp.p = s;
	sp.n = n;
	return sp;
}

enum gz_err
gz_str_to_long(const char *s, long min, long max, long *out)
{
	unsigned long v = 0, limit;
	int neg = 0, d;

	assert(s != NULL && out != NULL);
	if (*s == '-') {
		neg = 1;
		s++;
	}
	if (*s < '0' || *s > '9') {
		return GZ_EINVAL;
	}
	/* Accumulate the magnitude unsigned so LONG_MIN is reachable. */
	limit = neg ? (unsigned long)LONG_MAX + 1 : (unsigned long)LONG_MAX;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9') {
			return GZ_EINVAL;
		}
		d = *s - '0';
		if (v > (limit - (unsigned long)d) / 10) {
			/* Keep scanning: trailing junk is a syntax error first. */
			while (*s >= '0' && *s <= '9') {
				s++;
			}
			return *s == '\0' ? GZ_ETOOBIG : GZ_EINVAL;
		}
		v = v * 10 + (unsigned long)d;
	}
	{
		long r;

		if (neg) {
			r = v == (unsigned long)LONG_MAX + 1 ? LONG_MIN : -(long)v;
		} else {
			r = (long)v;
		}
		if (r < min || r > max) {
			return GZ_ETOOBIG;
		}
		*out = r;
	}
	return GZ_OK;
}

int
gz_str_has_ctl(const char *s, size_t n, unsigned flags)
{
	size_t i;
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c >= 0x20 && c != 0x7F) {
			continue;
		}
		if (c == '\t' && (flags & GZ_CTL_ALLOW_TAB)) {
			continue;
		}
		if ((c == '\r' || c == '\n') && (flags & GZ_CTL_ALLOW_CRLF)) {
			continue;
		}
		return 1;
	}
	return 0;
}

/*
 * Non-ASCII code points that separate words in a slug rather than belong
 * to one: punctuation, spaces, symbols, emoji, invisible marks.  Ranges are
 * coarse on purpose; a stray symbol kept in a slug is harmless, a letter
 * turned into '-' is not, so only blocks that hold no letters are listed.
 */
static int
is_separator(uint32_t cp)
{
	static const struct {
		uint32_t lo, hi;
	} seps[] = {
	    {0x0080, 0x00BF},   /* C1 controls, NBSP, Latin-1 punctuation */
	    {0x00D7, 0x00D7},   /* multiplication sign */
	    {0x00F7, 0x00F7},   /* division sign */
	    {0x2000, 0x206F},   /* general punctuation: spaces, dashes, quotes */
	    {0x20A0, 0x20CF},   /* currency symbols */
	    {0x2100, 0x214F},   /* letterlike symbols (TM, No.) */
	    {0x2190, 0x2BFF},   /* arrows, maths, boxes, shapes, dingbats */
	    {0x2E00, 0x2E7F},   /* supplemental punctuation */
	    {0x3000, 0x303F},   /* CJK symbols and punctuation */
	    {0xE000, 0xF8FF},   /* private use */
	    {0xFE00, 0xFE0F},   /* variation selectors */
	    {0xFE30, 0xFE4F},   /* CJK compatibility forms */
	    {0xFE50, 0xFE6F},   /* small form variants */
	    {0xFEFF, 0xFEFF},   /* byte order mark */
	    {0xFF00, 0xFF0F},   /* fullwidth ! .. / */
	    {0xFF1A, 0xFF20},   /* fullwidth : .. @ */
	    {0xFF3B, 0xFF40},   /* fullwidth [ .. ` */
	    {0xFF5B, 0xFF65},   /* fullwidth { .. halfwidth punctuation */
	    {0xFFF0, 0xFFFF},   /* specials */
	    {0x1F000, 0x1FAFF}, /* mahjong .. emoji */
	    {0xE0000, 0xE007F}, /* tags */
	};
	size_t i;

	for (i = 0; i < sizeof(seps) / sizeof(seps[0]); i++) {
		if (cp >= seps[i].lo && cp <= seps[i].hi) {
			return 1;
		}
	}
	return 0;
}

/* Lowercase the capitals whose lower case has the same UTF-8 length. */
static uint32_t
lower_cp(uint32_t cp)
{
	if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ||    /* Latin-1 */
	    (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) || /* Greek */
	    (cp >= 0x410 && cp <= 0x42F)) {                /* Cyrillic А..Я */
		return cp + 0x20;
	}
	if (cp >= 0x400 && cp <= 0x40F) { /* Cyrillic Ѐ..Џ */
		return cp + 0x50;
	}
	return cp;
}

enum gz_err
gz_slugify(struct gz_arena *arena, const char *title, size_t maxlen, char **out)
{
	size_t n, i, k, step, len = 0, cap;
	int pending_dash = 0;
	uint32_t cp;
	char enc[4], *s;

	assert(title != NULL && out != NULL);
	*out = NULL;
	n = strlen(title);
	/* No unit grows (a dash replaces at least one byte), so n bounds it. */
	cap = n < maxlen ? n : maxlen;
	if ((s = gz_arena_alloc(arena, cap + 1)) == NULL) {
		return GZ_ENOMEM;
	}
	for (i = 0; i < n; i += step) {
		unsigned char c = (unsigned char)title[i];

		step = 1;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
			k = 1;
			enc[0] = (char)lower(c);
		} else if (c < 0x80) {
			pending_dash = 1;
			continue;
		} else if ((step = gz_utf8_decode(title + i, n - i, &cp)) == 0) {
			step = 1;
			pending_dash = 1;
			continue;
		} else if (is_separator(cp)) {
			pending_dash = 1;
			continue;
		} else if ((k = gz_utf8_encode(lower_cp(cp), enc)) == 0 || k > step) {
			/* Cannot happen for decoded input; keep the bound anyway. */
			pending_dash = 1;
			continue;
		}
		/* A dash goes out only before a kept unit, never leading. */
		if (pending_dash && len > 0) {
			if (len + 1 + k > cap) {
				break;
			}
			s[len++] = '-';
		}
		pending_dash = 0;
		if (len + k > cap) {
			break;
		}
		memcpy(s + len, enc, k);
		len += k;
	}
	s[len] = '\0';
	*out = s;
	return GZ_OK;
}

int
gz_str_hexval(int c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}
