/*
 * The template module: Gazette's pages are written in a small Jinja-like
 * language (docs/templates.md) and compiled once, at start-up, into an
 * immutable set.  Compiling tracks the HTML context of every {{ expression }}
 * (text, quoted attribute, URL attribute, <script>, <style>) and fixes how
 * its value is escaped; rendering then only evaluates and writes.
 *
 * A compiled set is read-only: any number of threads may render from it at
 * once without locks.  A render allocates only from the arena it is given
 * (plus the output buffer, which belongs to the caller).  Reloading a theme
 * goes through a gz_tmpl_holder, which swaps sets so in-flight renders never
 * see freed memory.
 *
 * This module knows nothing of requests, responses or where the data came
 * from; handlers build a struct gz_val tree (value.h) and pick a name.
 */
#ifndef GAZETTE_TMPL_H
#define GAZETTE_TMPL_H

#include <stdatomic.h>
#include <stddef.h>

#include "gazette/embed.h"
#include "gazette/err.h"

struct gz_arena;
struct gz_buf;
struct gz_val;
struct gz_tmpl_set;

/* Limits a template is checked against at compile time. */
#define GZ_TMPL_MAX_DEPTH 48         /* nested if/for/block/include */
#define GZ_TMPL_MAX_EXPR_DEPTH 32    /* nested parentheses and `not` */
#define GZ_TMPL_MAX_SIZE (4u << 20)  /* bytes in one template file */
#define GZ_TMPL_MAX_NODES 1000000    /* compiled nodes of one page */
#define GZ_TMPL_MAX_STEPS (1u << 22) /* loop iterations in one render */

/*
 * Compile every template in files, a table ended by an entry whose name is
 * NULL (the shape of gz_embedded_templates).  Files whose names end in
 * .html or .xml are HTML-escaped by context; .txt files are plain text
 * (values written unescaped, for robots.txt and the like); other names are
 * skipped.  strict != 0 makes a missing variable a render error (tests);
 * otherwise it renders empty (production).
 *
 * Returns the set (caller frees with gz_tmpl_set_free) or NULL with a
 * message "file:line:col: problem" in err (errsz bytes, may be 0).  At
 * start-up the caller prints it and exits with status 2.
 */
struct gz_tmpl_set *gz_tmpl_set_load_mem(const struct gz_embedded *files, int strict, char *err,
                                         size_t errsz);

/* gz_tmpl_set_load_mem over the templates built into the binary. */
struct gz_tmpl_set *gz_tmpl_set_load_embedded(int strict, char *err, size_t errsz);

/*
 * gz_tmpl_set_load_mem over the files below dir (recursively; names are
 * relative to dir with '/' separators, "layout/base.html").  An unreadable
 * directory or file is an error too ("DIR: reason").
 */
struct gz_tmpl_set *gz_tmpl_set_load_dir(const char *dir, int strict, char *err, size_t errsz);

/* One template named name from source (NUL-terminated); for tests. */
struct gz_tmpl_set *gz_tmpl_set_compile_string(const char *name, const char *source, int strict,
                                               char *err, size_t errsz);

/* Free a set and everything compiled into it.  NULL is a no-op. */
void gz_tmpl_set_free(struct gz_tmpl_set *set);

/* 1 when the set holds a template called name. */
int gz_tmpl_set_has(const struct gz_tmpl_set *set, const char *name);

/*
 * Render template name with data (a map, or NULL for none), appending to
 * out.  Scratch values (filter results) live in arena.  Returns GZ_OK,
 * GZ_ENOTFOUND for an unknown name, GZ_EINVAL in a strict set when a
 * variable is missing or a filter gets a value it cannot use, or the
 * buffer's sticky error (GZ_ENOMEM, GZ_ETOOBIG).  GZ_ETOOBIG also when loops
 * run more than GZ_TMPL_MAX_STEPS iterations in all (a runaway template,
 * never a real page).  A non-strict set never fails otherwise.  On error, out may hold partial
 * output.
 */
enum gz_err gz_tmpl_render(const struct gz_tmpl_set *set, const char *name,
                           const struct gz_val *data, struct gz_arena *arena, struct gz_buf *out);

/*
 * gz_tmpl_render that also stores a message ("file:line:col: undefined
 * variable article.titel") in *msg when it fails, in arena; *msg is NULL
 * on GZ_OK.
 */
enum gz_err gz_tmpl_render_msg(const struct gz_tmpl_set *set, const char *name,
                               const struct gz_val *data, struct gz_arena *arena,
                               struct gz_buf *out, const char **msg);

/*
 * A reload-safe owner of the current set.  Readers call
 * gz_tmpl_holder_get() for each request and render from what it returns;
 * no lock, no reference count.  A reload swaps the pointer atomically and
 * retires the old set onto a list freed only by gz_tmpl_holder_free, at
 * exit: a render that started on the old set finishes on valid memory.
 * Each successful reload therefore keeps one old set alive (a theme is
 * some tens of kilobytes; reloads are rare and manual).
 *
 * SIGHUP wiring: the signal handler only sets a volatile sig_atomic_t flag;
 * the main thread (or any one thread outside the handler) sees it and calls
 * gz_tmpl_holder_reload_dir(h, dir, strict, err, sizeof err), logging err
 * when it fails; the old set stays in use.  Reloads may be called from
 * several threads; they serialise on an internal lock.
 */
struct gz_tmpl_holder {
	_Atomic(struct gz_tmpl_set *) cur; /* the set renders use now */
	struct gz_tmpl_retired *retired;   /* older sets, freed at exit */
	atomic_flag busy;                  /* held while swapping */
};

/* Take ownership of set (not NULL) as the current set. */
void gz_tmpl_holder_init(struct gz_tmpl_holder *h, struct gz_tmpl_set *set);

/* The current set; valid until gz_tmpl_holder_free.  Lock-free. */
const struct gz_tmpl_set *gz_tmpl_holder_get(struct gz_tmpl_holder *h);

/*
 * Make set (not NULL) current and retire the previous one.  GZ_ENOMEM if
 * the retire record cannot be allocated; then set is freed and the old set
 * stays current.
 */
enum gz_err gz_tmpl_holder_swap(struct gz_tmpl_holder *h, struct gz_tmpl_set *set);

/*
 * Compile the theme in dir and swap it in.  On a compile error the old set
 * stays current, err holds the message and the result is GZ_EINVAL.
 */
enum gz_err gz_tmpl_holder_reload_dir(struct gz_tmpl_holder *h, const char *dir, int strict,
                                      char *err, size_t errsz);

/* Free the current set and every retired one.  No render may be running. */
void gz_tmpl_holder_free(struct gz_tmpl_holder *h);

#endif
