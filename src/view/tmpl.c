/*
 * Template sets: loading the files of a theme (from the binary or from a
 * folder), parsing and compiling them into one arena that lives as long as
 * the set, looking a template up by name, and the holder that lets a
 * server swap in a reloaded theme while other threads are rendering.
 *
 * It knows files and names; the language itself is in tmpl_parse.c, the
 * escaping in tmpl_escape.c and tmpl_compile.c, the running in
 * tmpl_render.c.
 */
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gazette/tmpl.h"
#include "internal.h"

struct gz_tmpl_set {
	struct gz_arena arena; /* everything below lives here */
	struct tfile *files;   /* compiled files, sorted by name */
	size_t nfiles;         /* how many */
	int strict;            /* missing variables are render errors */
};

/* A set replaced by a reload, kept until the holder is freed. */
struct gz_tmpl_retired {
	struct gz_tmpl_set *set;      /* the old set */
	struct gz_tmpl_retired *next; /* older ones */
};

/* 0 for .html/.xml (HTML), 1 for .txt (plain), -1 for names to skip. */
static int
file_kind(const char *name)
{
	size_t n = strlen(name);

	if ((n > 5 && strcmp(name + n - 5, ".html") == 0) ||
	    (n > 4 && strcmp(name + n - 4, ".xml") == 0)) {
		return 0;
	}
	if (n > 4 && strcmp(name + n - 4, ".txt") == 0) {
		return 1;
	}
	return -1;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct tfile *)a)->name, ((const struct tfile *)b)->name);
}

struct gz_tmpl_set *
gz_tmpl_set_load_mem(const struct gz_embedded *files, int strict, char *err, size_t errsz)
{
	struct gz_tmpl_set *set;
	size_t i, n = 0, k = 0;

	if (errsz > 0) {
		err[0] = '\0';
	}
	for (i = 0; files[i].name != NULL; i++) {
		if (file_kind(files[i].name) >= 0) {
			n++;
		}
	}
	if ((set = calloc(1, sizeof(*set))) == NULL) {
		gz_errf(err, errsz, "%s%s", "templates: out of memory", "");
		return NULL;
	}
	gz_arena_init(&set->arena, 64 * 1024, 0);
	set->strict = strict;
	if ((set->files = gz_arena_calloc(&set->arena, n ? n : 1, sizeof(*set->files))) == NULL) {
		goto nomem;
	}
	for (i = 0; files[i].name != NULL; i++) {
		struct tfile *tf;
		int kind = file_kind(files[i].name);

		if (kind < 0) {
			continue;
		}
		tf = &set->files[k++];
		tf->plain = kind;
		if ((tf->name = gz_arena_strdup(&set->arena, files[i].name)) == NULL) {
			goto nomem;
		}
	}
	set->nfiles = n;
	/* Parse in input order (sources are indexed alongside), then sort. */
	for (i = 0, k = 0; files[i].name != NULL; i++) {
		const char *src;

		if (file_kind(files[i].name) < 0) {
			continue;
		}
		if ((src = gz_arena_strndup(&set->arena, (const char *)files[i].data,
		                            files[i].len)) == NULL) {
			goto nomem;
		}
		if (parse_file(&set->arena, &set->files[k], src, files[i].len, err, errsz) != 0) {
			goto fail;
		}
		k++;
	}
	qsort(set->files, n, sizeof(*set->files), by_name);
	for (i = 1; i < n; i++) {
		if (strcmp(set->files[i - 1].name, set->files[i].name) == 0) {
			gz_errf(err, errsz, "%s:1:1: %s", set->files[i].name,
			        "two templates with this name");
			goto fail;
		}
	}
	if (compile_set(&set->arena, set->files, n, err, errsz) != 0) {
		goto fail;
	}
	return set;
nomem:
	gz_errf(err, errsz, "%s%s", "templates: out of memory", "");
fail:
	gz_tmpl_set_free(set);
	return NULL;
}

struct gz_tmpl_set *
gz_tmpl_set_load_embedded(int strict, char *err, size_t errsz)
{
	return gz_tmpl_set_load_mem(gz_embedded_templates, strict, err, errsz);
}

struct gz_tmpl_set *
gz_tmpl_set_compile_string(const char *name, const char *source, int strict, char *err,
                           size_t errsz)
{
	struct gz_embedded files[2];

	memset(files, 0, sizeof(files));
	files[0].name = name;
	files[0].data = (const unsigned char *)source;
	files[0].len = strlen(source);
	return gz_tmpl_set_load_mem(files, strict, err, errsz);
}

/* Files read from a folder, before they become a set. */
struct dirload {
	struct gz_embedded *items; /* name and data malloc'd */
	size_t nitems;             /* in use */
	size_t cap;                /* allocated */
	char *err;                 /* message buffer */
	size_t errsz;              /* its size */
};

static int
read_file(struct dirload *dl, const char *path, const char *name)
{
	struct gz_embedded *e;
	unsigned char *data = NULL;
	FILE *f;
	long len;

	if (dl->nitems + 1 >= dl->cap) {
		size_t ncap = dl->cap ? dl->cap * 2 : 32;
		struct gz_embedded *ni = realloc(dl->items, ncap * sizeof(*ni));

		if (ni == NULL) {
			gz_errf(dl->err, dl->errsz, "%s: %s", path, "out of memory");
			return -1;
		}
		dl->items = ni;
		dl->cap = ncap;
	}
	if ((f = fopen(path, "rb")) == NULL || fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		gz_errf(dl->err, dl->errsz, "%s: %s", path, strerror(errno));
		if (f != NULL) {
			fclose(f);
		}
		return -1;
	}
	if ((unsigned long)len > GZ_TMPL_MAX_SIZE) {
		gz_errf(dl->err, dl->errsz, "%s: %s", path, "template file too large");
		fclose(f);
		return -1;
	}
	if ((data = malloc((size_t)len + 1)) == NULL ||
	    fread(data, 1, (size_t)len, f) != (size_t)len) {
		gz_errf(dl->err, dl->errsz, "%s: %s", path, data ? "read error" : "out of memory");
		free(data);
		fclose(f);
		return -1;
	}
	fclose(f);
	data[len] = '\0';
	e = &dl->items[dl->nitems];
	if ((e->name = strdup(name)) == NULL) {
		free(data);
		gz_errf(dl->err, dl->errsz, "%s: %s", path, "out of memory");
		return -1;
	}
	e->data = data;
	e->len = (size_t)len;
	dl->nitems++;
	dl->items[dl->nitems].name = NULL;
	return 0;
}

/* Collect the template files below dir/rel (rel "" at the top). */
static int
walk(struct dirload *dl, const char *dir, const char *rel, int depth)
{
	char path[4096], name[4096];
	struct dirent *d;
	struct stat st;
	DIR *dp;
	int rc = 0;

	snprintf(path, sizeof(path), "%s%s%s", dir, *rel ? "/" : "", rel);
	if (depth > 16) {
		gz_errf(dl->err, dl->errsz, "%s: %s", path, "folders nested too deeply");
		return -1;
	}
	if ((dp = opendir(path)) == NULL) {
		gz_errf(dl->err, dl->errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (rc == 0 && (d = readdir(dp)) != NULL) {
		char full[8200];

		if (d->d_name[0] == '.') {
			continue;
		}
		if (snprintf(name, sizeof(name), "%s%s%s", rel, *rel ? "/" : "", d->d_name) >=
		    (int)sizeof(name)) {
			continue;
		}
		snprintf(full, sizeof(full), "%s/%s", dir, name);
		if (stat(full, &st) != 0) {
			continue; /* a dangling link is no template */
		}
		if (S_ISDIR(st.st_mode)) {
			rc = walk(dl, dir, name, depth + 1);
		} else if (S_ISREG(st.st_mode) && file_kind(name) >= 0) {
			rc = read_file(dl, full, name);
		}
	}
	closedir(dp);
	return rc;
}

struct gz_tmpl_set *
gz_tmpl_set_load_dir(const char *dir, int strict, char *err, size_t errsz)
{
	struct dirload dl;
	struct gz_tmpl_set *set = NULL;
	struct gz_embedded none = {NULL, NULL, 0};
	size_t i;

	memset(&dl, 0, sizeof(dl));
	dl.err = err;
	dl.errsz = errsz;
	if (walk(&dl, dir, "", 0) == 0) {
		set = gz_tmpl_set_load_mem(dl.items ? dl.items : &none, strict, err, errsz);
	}
	for (i = 0; i < dl.nitems; i++) {
		free((char *)dl.items[i].name);
		free((unsigned char *)dl.items[i].data);
	}
	free(dl.items);
	return set;
}

void
gz_tmpl_set_free(struct gz_tmpl_set *set)
{
	if (set == NULL) {
		return;
	}
	gz_arena_free(&set->arena);
	free(set);
}

static const struct tfile *
lookup(const struct gz_tmpl_set *set, const char *name)
{
	size_t lo = 0, hi = set->nfiles;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(set->files[mid].name, name);

		if (c == 0) {
			return &set->files[mid];
		}
		if (c < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return NULL;
}

int
gz_tmpl_set_has(const struct gz_tmpl_set *set, const char *name)
{
	return lookup(set, name) != NULL;
}

enum gz_err
gz_tmpl_render_msg(const struct gz_tmpl_set *set, const char *name, const struct gz_val *data,
                   struct gz_arena *arena, struct gz_buf *out, const char **msg)
{
	const struct tfile *tf = lookup(set, name);
	enum gz_err rc;

	if (msg != NULL) {
		*msg = NULL;
	}
	if (tf == NULL) {
		if (msg != NULL) {
			*msg = gz_arena_printf(arena, "no template named \"%s\"", name);
		}
		return GZ_ENOTFOUND;
	}
	rc = render_prog(tf->prog, data, set->strict, arena, out, msg);
	if (rc != GZ_OK && msg != NULL && *msg == NULL) {
		*msg = gz_strerror(rc);
	}
	return rc;
}

enum gz_err
gz_tmpl_render(const struct gz_tmpl_set *set, const char *name, const struct gz_val *data,
               struct gz_arena *arena, struct gz_buf *out)
{
	return gz_tmpl_render_msg(set, name, data, arena, out, NULL);
}

void
gz_tmpl_holder_init(struct gz_tmpl_holder *h, struct gz_tmpl_set *set)
{
	atomic_init(&h->cur, set);
	h->retired = NULL;
	atomic_flag_clear(&h->busy);
}

const struct gz_tmpl_set *
gz_tmpl_holder_get(struct gz_tmpl_holder *h)
{
	return atomic_load_explicit(&h->cur, memory_order_acquire);
}

enum gz_err
gz_tmpl_holder_swap(struct gz_tmpl_holder *h, struct gz_tmpl_set *set)
{
	struct gz_tmpl_retired *r = malloc(sizeof(*r));

	if (r == NULL) {
		gz_tmpl_set_free(set);
		return GZ_ENOMEM;
	}
	while (atomic_flag_test_and_set_explicit(&h->busy, memory_order_acquire)) {
		sched_yield();
	}
	r->set = atomic_exchange_explicit(&h->cur, set, memory_order_acq_rel);
	r->next = h->retired;
	h->retired = r;
	atomic_flag_clear_explicit(&h->busy, memory_order_release);
	return GZ_OK;
}

enum gz_err
gz_tmpl_holder_reload_dir(struct gz_tmpl_holder *h, const char *dir, int strict, char *err,
                          size_t errsz)
{
	struct gz_tmpl_set *set = gz_tmpl_set_load_dir(dir, strict, err, errsz);

	if (set == NULL) {
		return GZ_EINVAL;
	}
	return gz_tmpl_holder_swap(h, set);
}

void
gz_tmpl_holder_free(struct gz_tmpl_holder *h)
{
	struct gz_tmpl_retired *r, *next;

	for (r = h->retired; r != NULL; r = next) {
		next = r->next;
		gz_tmpl_set_free(r->set);
		free(r);
	}
	h->retired = NULL;
	gz_tmpl_set_free(atomic_exchange(&h->cur, NULL));
}
