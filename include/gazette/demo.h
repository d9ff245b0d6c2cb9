/*
 * Demo content: an admin account and the embedded scripts from sql/demo/,
 * loaded into a freshly migrated database so a new site has something to
 * show.
 */
#ifndef GAZETTE_DEMO_H
#define GAZETTE_DEMO_H

#include <stddef.h>

#include "gazette/err.h"

struct gz_db;

/*
 * In one transaction: create the admin user "admin" (id 1, which the demo
 * scripts rely on) with a random password written to password_out (pwsz
 * must exceed GZ_USER_RANDOM_PASSWORD_LEN), run the English demo's
 * gz_embedded_demo[] scripts (the top of sql/demo/) in name order, and
 * bump the content generation.  The database
 * must be migrated and hold no users and no articles, else GZ_ECONFLICT.
 * On failure nothing is kept, password_out is emptied and err gets a
 * one-line reason.
 */
enum gz_err gz_demo_load(struct gz_db *db, char *password_out, size_t pwsz, char *err,
                         size_t errsz);

/*
 * gz_demo_load of the demo newsroom in language lang (a supported BCP 47
 * tag, any case, "zh_CN" too): the scripts of sql/demo/<tag>/ instead of
 * the English ones at the top of sql/demo/.  Each language's scripts set
 * the site language themselves.  GZ_EINVAL, with err saying so, when
 * there is no demo in that language.
 */
enum gz_err gz_demo_load_lang(struct gz_db *db, const char *lang, char *password_out, size_t pwsz,
                              char *err, size_t errsz);

/* 1 when the binary holds demo content in language lang (a canonical tag). */
int gz_demo_has_lang(const char *lang);

/*
 * gz_demo_load with the given scripts instead of the embedded ones, every
 * one of them whatever its folder: a table ended by an entry whose name
 * is NULL.  For tests.
 */
struct gz_embedded;
enum gz_err gz_demo_load_scripts(struct gz_db *db, const struct gz_embedded *scripts,
                                 char *password_out, size_t pwsz, char *err, size_t errsz);

#endif
