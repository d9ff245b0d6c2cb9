/*
 * Fuzz the WXR stream reader (src/wordpress/wxr_read.c) over memory.  Every
 * callback reads every string it is handed and checks the reader's
 * promises: no NULL, valid UTF-8, each field within its cap, terms and
 * postmeta within theirs, the site given once and first, comments only
 * after their item.  A read must end in GZ_OK, GZ_EINVAL (with a reason) or
 * GZ_ENOMEM; libxml2's own limits bound its memory.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/utf8.h"
#include "gazette/wxr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What the run has seen so far. */
struct state {
	int site;  /* site callbacks */
	int items; /* item callbacks */
};

/* Abort unless s is a valid UTF-8 string of at most cap bytes. */
static void
field(const char *s, size_t cap)
{
	size_t n;

	if (s == NULL) {
		abort();
	}
	n = strlen(s);
	if (n > cap || !gz_utf8_valid(s, n)) {
		abort();
	}
}

static enum gz_err
on_site(void *ctx, const struct gz_wxr_site *s)
{
	struct state *st = ctx;

	if (st->site++ != 0 || st->items != 0) {
		abort();
	}
	field(s->title, GZ_WXR_FIELD_MAX);
	field(s->link, GZ_WXR_FIELD_MAX);
	field(s->language, GZ_WXR_FIELD_MAX);
	field(s->wxr_version, GZ_WXR_FIELD_MAX);
	field(s->base_site_url, GZ_WXR_FIELD_MAX);
	field(s->base_blog_url, GZ_WXR_FIELD_MAX);
	return GZ_OK;
}

static enum gz_err
on_author(void *ctx, const struct gz_wxr_author *a)
{
	struct state *st = ctx;

	if (st->site != 1) {
		abort();
	}
	field(a->id, GZ_WXR_FIELD_MAX);
	field(a->login, GZ_WXR_FIELD_MAX);
	field(a->email, GZ_WXR_FIELD_MAX);
	field(a->display_name, GZ_WXR_FIELD_MAX);
	field(a->first_name, GZ_WXR_FIELD_MAX);
	field(a->last_name, GZ_WXR_FIELD_MAX);
	return GZ_OK;
}

static enum gz_err
on_term(void *ctx, const struct gz_wxr_term *t)
{
	struct state *st = ctx;

	if (st->site != 1 || (int)t->kind < GZ_WXR_CATEGORY || (int)t->kind > GZ_WXR_TERM) {
		abort();
	}
	field(t->id, GZ_WXR_FIELD_MAX);
	field(t->slug, GZ_WXR_FIELD_MAX);
	field(t->parent_slug, GZ_WXR_FIELD_MAX);
	field(t->name, GZ_WXR_FIELD_MAX);
	field(t->description, GZ_WXR_FIELD_MAX);
	field(t->taxonomy, GZ_WXR_FIELD_MAX);
	return GZ_OK;
}

static void
check_item(const struct gz_wxr_item *it)
{
	size_t i;

	field(it->title, GZ_WXR_FIELD_MAX);
	field(it->link, GZ_WXR_FIELD_MAX);
	field(it->pub_date, GZ_WXR_FIELD_MAX);
	field(it->creator, GZ_WXR_FIELD_MAX);
	field(it->guid, GZ_WXR_FIELD_MAX);
	field(it->content, GZ_WXR_CONTENT_MAX);
	field(it->excerpt, GZ_WXR_CONTENT_MAX);
	field(it->post_id, GZ_WXR_FIELD_MAX);
	field(it->post_date, GZ_WXR_FIELD_MAX);
	field(it->post_date_gmt, GZ_WXR_FIELD_MAX);
	field(it->comment_status, GZ_WXR_FIELD_MAX);
	field(it->post_name, GZ_WXR_FIELD_MAX);
	field(it->status, GZ_WXR_FIELD_MAX);
	field(it->post_parent, GZ_WXR_FIELD_MAX);
	field(it->menu_order, GZ_WXR_FIELD_MAX);
	field(it->post_type, GZ_WXR_FIELD_MAX);
	field(it->post_password, GZ_WXR_FIELD_MAX);
	field(it->attachment_url, GZ_WXR_FIELD_MAX);
	if (it->nterms > GZ_WXR_TERMS_MAX || it->nmeta > GZ_WXR_META_MAX ||
	    (it->nterms > 0) != (it->terms != NULL) || (it->nmeta > 0) != (it->meta != NULL)) {
		abort();
	}
	for (i = 0; i < it->nterms; i++) {
		field(it->terms[i].domain, GZ_WXR_FIELD_MAX);
		field(it->terms[i].nicename, GZ_WXR_FIELD_MAX);
		field(it->terms[i].name, GZ_WXR_FIELD_MAX);
	}
	for (i = 0; i < it->nmeta; i++) {
		field(it->meta[i].key, GZ_WXR_FIELD_MAX);
		field(it->meta[i].value, GZ_WXR_CONTENT_MAX);
	}
}

static enum gz_err
on_item(void *ctx, const struct gz_wxr_item *it)
{
	struct state *st = ctx;

	if (st->site != 1) {
		abort();
	}
	st->items++;
	check_item(it);
	return GZ_OK;
}

static enum gz_err
on_comment(void *ctx, const struct gz_wxr_item *it, const struct gz_wxr_comment *c)
{
	struct state *st = ctx;

	if (st->items == 0) {
		abort();
	}
	check_item(it);
	field(c->id, GZ_WXR_FIELD_MAX);
	field(c->author, GZ_WXR_FIELD_MAX);
	field(c->author_email, GZ_WXR_FIELD_MAX);
	field(c->author_url, GZ_WXR_FIELD_MAX);
	field(c->author_ip, GZ_WXR_FIELD_MAX);
	field(c->date, GZ_WXR_FIELD_MAX);
	field(c->date_gmt, GZ_WXR_FIELD_MAX);
	field(c->content, GZ_WXR_CONTENT_MAX);
	field(c->approved, GZ_WXR_FIELD_MAX);
	field(c->type, GZ_WXR_FIELD_MAX);
	field(c->parent, GZ_WXR_FIELD_MAX);
	field(c->user_id, GZ_WXR_FIELD_MAX);
	return GZ_OK;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct state st = {0, 0};
	struct gz_wxr_handler h = {&st, on_site, on_author, on_term, on_item, on_comment, NULL};
	char err[256] = "";
	enum gz_err rc;

	rc = gz_wxr_read_memory((const char *)data, size, &h, err, sizeof(err));
	if (rc != GZ_OK && rc != GZ_EINVAL && rc != GZ_ENOMEM) {
		abort();
	}
	if (rc == GZ_EINVAL && err[0] == '\0') {
		abort();
	}
	return 0;
}
