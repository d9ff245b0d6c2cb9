/*
 * Site settings: a key/value table with built-in defaults.  A key that was
 * never set reads as its default from the one table in src/model/settings.c.
 */
#ifndef GAZETTE_SETTINGS_H
#define GAZETTE_SETTINGS_H

#include <stdint.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_db;

#define GZ_SETTING_KEY_MAX 64            /* bytes in a key */
#define GZ_SETTING_VALUE_MAX (64 * 1024) /* bytes in a value */

/*
 * The value of key: the stored value, else the built-in default, else def
 * (which may be NULL).  A stored value is copied into arena; a default is a
 * static string (or def itself).  A database error is logged and reads as
 * unset, so a page can always render.
 */
const char *gz_setting_get(struct gz_db *db, struct gz_arena *arena, const char *key,
                           const char *def);

/*
 * The value of key as an integer: the stored value, else the built-in
 * default, else def.  A stored value that is not a whole decimal integer
 * reads as unset.
 */
int64_t gz_setting_int(struct gz_db *db, const char *key, int64_t def);

/* The built-in default for key, a static string, or NULL if it has none. */
const char *gz_setting_default(const char *key);

/*
 * Store value under key (1..GZ_SETTING_KEY_MAX bytes of [a-z0-9_]; value up
 * to GZ_SETTING_VALUE_MAX bytes, no NUL) and bump the content generation, in
 * one transaction (a savepoint inside a caller's).  GZ_EINVAL for a bad key,
 * GZ_ETOOBIG for a long value.
 */
enum gz_err gz_setting_set(struct gz_db *db, const char *key, const char *value);

/*
 * Store n settings (keys[i] = values[i], each as gz_setting_set) and, when
 * bump_policy is non-zero, raise policy_version by one (so every reader is
 * asked for consent again), all in one transaction: all or nothing.
 */
enum gz_err gz_settings_save(struct gz_db *db, const char *const *keys, const char *const *values,
                             size_t n, int bump_policy);

#endif
