/*
 * Translations: the message catalogs of po/ (one .po file per language), compiled into the binary
 * by tools/po2c.c, looked up by language for each request.  A message is
 * named by its English source text (the gettext msgid), optionally with a
 * context (msgctxt) and a plural form; the language is a BCP 47 tag ("en",
 * "zh-CN") that the caller passes every time.  Nothing here reads or sets
 * the process locale (setlocale, LANG): two threads serving two languages
 * at once cannot disturb each other, and every table is read-only, so
 * every function may be called from any thread without a lock.
 *
 * Placeholders are named, {author}, so a translation may put them in any
 * order; gz_i18n_fmt fills them in.  Counts use the catalog's plural rule
 * (English: one/other; Chinese: one form) and are written with the
 * language's digit grouping.  Dates are formatted by gz_i18n_date with
 * the language's month and day names and its own version of each format.
 *
 * This module knows nothing of requests, templates or where the language
 * came from: src/app sets the page's language as page.lang in the
 * template data (gz_i18n_lang_of reads it back), and the template module
 * calls these functions for {{ _("...") }} and the date filter.
 * docs/templates.md has the template side; README "Adding a language" the
 * translator's.
 */
#ifndef GAZETTE_I18N_H
#define GAZETTE_I18N_H

#include <stddef.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_buf;
struct gz_val;

/*
 * The markers GZ_N_ and GZ_NP_ for strings translated later come from
 * gazette/err.h (included above), so that every layer can mark a message.
 */

/* ---- compiled catalogs (written by tools/po2c.c; read through the functions below) ---- */

struct gz_i18n_msg {
	const char *key;         /* msgid, or msgctxt "\004" msgid; sorted by strcmp */
	const char *const *strs; /* the translation: one string, or one per plural form */
	unsigned nstrs;          /* 1, or the catalog's nplurals for a plural message */
};

struct gz_i18n_catalog {
	const char *tag;                /* BCP 47 language tag: "en", "zh-CN" */
	const char *name;               /* the language's name in itself: "简体中文" */
	const struct gz_i18n_msg *msgs; /* sorted for binary search */
	size_t nmsgs;                   /* how many */
	unsigned nplurals;              /* plural forms of the language (1..6) */
	unsigned long (*plural)(unsigned long n); /* index of the form for count n */
};

/* Every compiled language; the first is the source language (English). */
extern const struct gz_i18n_catalog gz_i18n_catalogs[];
extern const size_t gz_i18n_ncatalogs;

/* ---- languages ---- */

/*
 * The catalog for a language tag.  Tags compare without case and with '_'
 * the same as '-' ("zh_cn" is "zh-CN"); a tag with no catalog of its own
 * takes the first catalog of its primary language ("zh-Hans", "zh-SG" get
 * zh-CN, "en-GB" gets en); anything else, NULL or "" included, gets the
 * source language.  Never NULL.
 */
const struct gz_i18n_catalog *gz_i18n_find(const char *tag);

/* gz_i18n_find(tag)->tag: the supported tag a page in language tag uses. */
const char *gz_i18n_tag(const char *tag);

/*
 * The language of a page: page.lang in a template data map (data may be
 * NULL or lack it), normalised by gz_i18n_tag.  Static text.
 */
const char *gz_i18n_lang_of(const struct gz_val *data);

/* ---- messages ---- */

/*
 * The translation of msgid (in context ctxt, or none when NULL) in cat.
 * With plural not NULL it is a plural message: the form for count n.  A
 * message the catalog does not hold comes back as msgid (plural when the
 * English rule picks it), so a theme's own strings still read.  Static
 * text; never NULL when msgid is not.
 */
const char *gz_i18n_text(const struct gz_i18n_catalog *cat, const char *ctxt, const char *msgid,
                         const char *plural, unsigned long n);

/* gz_i18n_text for a language tag: plain, in a context, plural. */
const char *gz_i18n_get(const char *lang, const char *msgid);
const char *gz_i18n_pget(const char *lang, const char *ctxt, const char *msgid);
const char *gz_i18n_nget(const char *lang, const char *msgid, const char *plural, unsigned long n);

/* 1 when cat holds msgid in ctxt (NULL: none) as its own entry. */
int gz_i18n_has(const struct gz_i18n_catalog *cat, const char *ctxt, const char *msgid);

/*
 * Length of the placeholder starting at p (n bytes available): "{name}"
 * with name [a-z_][a-z0-9_]* of at most 32 bytes; 0 when p does not start
 * one (any other '{' is literal text).  *name and *nname get the name.
 */
size_t gz_i18n_placeholder(const char *p, size_t n, const char **name, size_t *nname);

/*
 * text with its placeholders filled: the arguments after text are pairs
 * of a name and its value (both const char *), ended by NULL.  A
 * placeholder without a pair stays as written.  In the arena; NULL when
 * out of memory.
 */
char *gz_i18n_fmt(struct gz_arena *a, const char *text, ...);

/*
 * A message for the template filter `t` to translate when the page is
 * rendered, for handlers that do not know the page's language: a map
 * {"msgid": msgid, name: value, ...} from the name/value pairs (const
 * char *, ended by NULL; at most 8) that follow msgid.  {{ x|t }} shows
 * the translation of msgid with {name} filled (a plain string given to
 * `t` is translated as a msgid without placeholders).  Mark msgid with
 * GZ_N_ where it is written, or call this with the literal text, so that
 * `gz_po2c extract` finds it.  In the arena; NULL when out of memory.
 */
struct gz_val *gz_i18n_message(struct gz_arena *a, const char *msgid, ...);

/* ---- numbers and dates ---- */

/*
 * Append n in decimal with the language's thousands separator (the
 * catalog's translation of "," in context "thousands separator"):
 * "12,345" in English and Chinese, "-1,000"; below 1000 plain digits.
 */
void gz_i18n_number(struct gz_buf *out, const struct gz_i18n_catalog *cat, long long n);

/* Longest date format accepted (bytes), in templates and translations. */
#define GZ_I18N_DATE_FMT_MAX 128

/*
 * NULL when fmt is a date format gz_i18n_date accepts, else the problem.
 * Conversions: %a %A %b %B %d %e %H %I %j %m %M %p %S %y %Y %z %Z %F %T
 * %D %R %u %w %G %g %V %C %n %%, and %-d %-e %-m %-H %-I %-j %-M %-S
 * without padding.  At most GZ_I18N_DATE_FMT_MAX bytes.
 */
const char *gz_i18n_date_check(const char *fmt);

/*
 * Append Unix time t formatted in UTC by fmt translated into cat (context
 * "date format": a catalog entry for fmt replaces it, so each language has
 * its own order and words), with the language's month, weekday and AM/PM
 * names.  "iso" and "rfc822" are fixed machine formats, the same in every
 * language.  GZ_EINVAL when fmt (or its translation) fails
 * gz_i18n_date_check or t is outside what gmtime can represent; out's
 * sticky error otherwise.
 */
enum gz_err gz_i18n_date(struct gz_buf *out, const struct gz_i18n_catalog *cat, const char *fmt,
                         long long t);

struct gz_tz;

/*
 * gz_i18n_date in time zone tz (NULL: UTC): the wall clock of tz at t,
 * with %z and %Z its offset and abbreviation.  "iso" and "rfc822" stay
 * in UTC whatever tz is, since machines read them.
 */
enum gz_err gz_i18n_date_tz(struct gz_buf *out, const struct gz_i18n_catalog *cat, const char *fmt,
                            long long t, const struct gz_tz *tz);

#endif
