/*
 * The languages a site or an article may be written in, as BCP 47 tags
 * ("en", "zh-CN"): the one list of them, the canonical spelling of a tag,
 * and the few names each language has where Gazette shows or sends it (its
 * own name, the "read in" link of a translation, the code Google News
 * wants).  Adding a language adds one row to the table in src/core/lang.c.
 *
 * It knows nothing of catalogs of translated interface text (the view's
 * i18n module has those) nor of where a language is stored.
 */
#ifndef GAZETTE_LANG_H
#define GAZETTE_LANG_H

#include <stddef.h>

#define GZ_LANG_DEFAULT "en" /* a site whose language was never set */
#define GZ_LANG_TAG_MAX 35   /* bytes in a stored tag (RFC 5646's practical bound) */

/* One supported language. */
struct gz_lang {
	const char *tag;     /* BCP 47 tag as Gazette writes it: "en", "zh-CN" */
	const char *name;    /* its name in itself: "English", "中文（简体）" */
	const char *read_in; /* link text to a translation in it: "Read in English" */
	const char *news;    /* <news:language> of Google News sitemaps: "en", "zh-cn" */
};

/*
 * The supported languages, in the order forms list them; *n gets their
 * number.  Static, never NULL.
 */
const struct gz_lang *gz_lang_list(size_t *n);

/*
 * The supported language whose tag is tag, compared without regard to
 * ASCII case and with '_' read as '-' ("zh_cn" finds "zh-CN"), or NULL for
 * NULL, "" and every other string.  Never reads past tag's NUL.
 */
const struct gz_lang *gz_lang_find(const char *tag);

/*
 * The canonical tag for tag (gz_lang_find's row), or NULL when tag is not
 * a supported language.  Static.
 */
const char *gz_lang_canon(const char *tag);

/*
 * The tag to write for a stored tag that may be empty or unknown (a value
 * typed with `gazette sql`): the canonical tag when supported, else
 * GZ_LANG_DEFAULT.  Static, never NULL.
 */
const char *gz_lang_or_default(const char *tag);

#endif
