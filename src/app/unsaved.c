/*
 * What a form handler answers when a save met a fault the writer can
 * outwait: the write lock held past the request's deadline, a full disk,
 * an I/O error, memory, a damaged file.  Such a save stored nothing (the
 * model rolled its transaction back), so the form is shown again with
 * everything typed, a message saying why and when to try again, status
 * 503 and Retry-After.  The handlers (comment.c, admin_article.c) render
 * their own form; this file only decides the kind, the words and the
 * headers, so every form says the same thing about the same fault.
 *
 * It does not know which form it serves, nor how the fault was detected:
 * the database layer remembers the first transient fault of a request
 * (gz_db_fault), whichever model call met it.
 */
#include "gazette/db.h"
#include "gazette/i18n.h"
#include "internal.h"

/*
 * rc when it is a transient kind (busy, deadline, full, I/O, memory,
 * damaged); else the first transient fault c's connection met during
 * the request (gz_db_fault); GZ_OK when there is none: a real error.
 */
enum gz_err
gz_app_unsaved_fault(const struct gz_ctx *c, enum gz_err rc)
{
	switch (rc) {
	case GZ_EBUSY:
	case GZ_ETIMEOUT:
	case GZ_EFULL:
	case GZ_EIO:
	case GZ_ENOMEM:
	case GZ_ECORRUPT:
		return rc;
	default:
		/* A model may report a plain GZ_EDB for a statement that could
		 * not be prepared on a full or locked file: the connection
		 * knows better. */
		return gz_db_fault(c->db);
	}
}

/*
 * "The server could not save right now (<why>). Nothing was lost: your text
 * is below. Try again in <when>.", static text: <why> names the fault
 * (disk full, storage error, the database is busy, database damaged), <when>
 * follows the Retry-After of gz_app_retry_after (seconds for a lock, a
 * minute for the disk).  Marked for the catalogs: templates show it with |t.
 */
const char *
gz_app_unsaved_message(enum gz_err fault)
{
	switch (fault) {
	case GZ_EFULL:
		return GZ_N_("The server could not save right now (disk full). Nothing was lost: "
		             "your text is below. Try again in a minute.");
	case GZ_EIO:
		return GZ_N_("The server could not save right now (storage error). Nothing was "
		             "lost: your text is below. Try again in a minute.");
	case GZ_EBUSY:
	case GZ_ETIMEOUT:
		return GZ_N_("The server could not save right now (the database is busy). Nothing "
		             "was lost: your text is below. Try again in a few seconds.");
	case GZ_ECORRUPT:
		return GZ_N_("The server could not save right now (database damaged). Nothing was "
		             "lost: your text is below. Try again later.");
	default:
		return GZ_N_("The server could not save right now. Nothing was lost: your text is "
		             "below. Try again in a minute.");
	}
}

/* Status 503, Retry-After for fault, and a page no cache may keep. */
void
gz_app_unsaved_headers(struct gz_response *resp, enum gz_err fault)
{
	resp->status = 503;
	gz_response_set_header(resp, "Retry-After", gz_app_retry_after(fault));
	/* The page holds what one person typed: never for a cache. */
	gz_response_set_header(resp, "Cache-Control", "private, no-store");
}
