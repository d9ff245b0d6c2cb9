/*
 * The table of supported languages and the lookups over it.  Tags are
 * matched as BCP 47 says they compare (ASCII case does not matter) and
 * the underscore of POSIX locale names is taken for a hyphen, so a tag
 * typed either way finds its row; what is written out is always the row's
 * own spelling.  It does not parse BCP 47 in general: a tag is supported
 * or it is not.
 */
#include <stddef.h>

#include "gazette/lang.h"

/* The supported languages; forms list them in this order. */
static const struct gz_lang langs[] = {
    {"en", "English", "Read in English", "en"},
    /* Google News names Simplified Chinese "zh-cn", its one exception to
     * plain ISO 639 codes. */
    {"zh-CN", "中文（简体）", "阅读中文版", "zh-cn"},
};

#define NLANGS (sizeof(langs) / sizeof(langs[0]))

const struct gz_lang *
gz_lang_list(size_t *n)
{
	*n = NLANGS;
	return langs;
}

/* ASCII lower case of c; '_' reads as '-'. */
static int
fold(int c)
{
	if (c >= 'A' && c <= 'Z') {
		return c - 'A' + 'a';
	}
	return c == '_' ? '-' : c;
}

const struct gz_lang *
gz_lang_find(const char *tag)
{
	size_t i, j;

	if (tag == NULL || tag[0] == '\0') {
		return NULL;
	}
	for (i = 0; i < NLANGS; i++) {
		const char *t = langs[i].tag;

		/* Stops at the first difference, so at tag's NUL at the latest. */
		for (j = 0;
		     t[j] != '\0' && fold((unsigned char)tag[j]) == fold((unsigned char)t[j]);
		     j++) {
		}
		if (t[j] == '\0' && tag[j] == '\0') {
			return &langs[i];
		}
	}
	return NULL;
}

const char *
gz_lang_canon(const char *tag)
{
	const struct gz_lang *l = gz_lang_find(tag);

	return l != NULL ? l->tag : NULL;
}

const char *
gz_lang_or_default(const char *tag)
{
	const char *c = gz_lang_canon(tag);

	return c != NULL ? c : GZ_LANG_DEFAULT;
}
