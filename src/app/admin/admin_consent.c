/*
 * The consent log for admins: GET /admin/consent (counts per choice and
 * per policy version, links to the CSV files) and GET /admin/consent.csv
 * (the records: at, choice, policy_version, client_hash).  The CSV is
 * rendered by a plain-text template (templates/admin/consent_csv.txt);
 * every value in it is a date, a fixed word, a number or hex, so no field
 * can hold a comma, a quote, a newline or a leading "=".  Large logs come
 * in parts of GZ_CONSENT_EXPORT_MAX records (?after=<id>), which keeps a
 * response inside the request arena.
 */
#include <string.h>

#include "gazette/arena.h"
#include "gazette/consent.h"
#include "gazette/settings.h"
#include "gazette/str.h"
#include "../internal.h"

void
gz_handle_admin_consent(struct gz_ctx *c)
{
	struct gz_val *data = gz_app_admin_page(c, "consent");
	struct gz_val *versions, *parts;
	struct gz_consent_count *cc;
	int64_t accept = 0, reject = 0, *afters;
	size_t n, nparts, i;

	if (data == NULL || (versions = gz_val_list_new(c->arena)) == NULL ||
	    (parts = gz_val_list_new(c->arena)) == NULL ||
	    gz_consent_counts(c->db, c->arena, &cc, &n) != GZ_OK ||
	    gz_consent_export_parts(c->db, c->arena, &afters, &nparts) != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	for (i = 0; i < n; i++) {
		struct gz_val *m = gz_val_map_new(c->arena);

		if (m == NULL) {
			gz_app_error(c, 500);
			return;
		}
		gz_app_set_int(m, "version", cc[i].policy_version);
		gz_app_set_int(m, "accept", cc[i].accept);
		gz_app_set_int(m, "reject", cc[i].reject);
		gz_app_set_int(m, "total", cc[i].accept + cc[i].reject);
		gz_val_list_push(versions, m);
		accept += cc[i].accept;
		reject += cc[i].reject;
	}
	for (i = 0; i < nparts; i++) {
		struct gz_val *m = gz_val_map_new(c->arena);

		if (m == NULL) {
			gz_app_error(c, 500);
			return;
		}
		gz_app_set_int(m, "number", (long long)i + 1);
		gz_app_set_int(m, "after", afters[i]);
		gz_val_list_push(parts, m);
	}
	gz_val_map_set(data, "versions", versions);
	gz_val_map_set(data, "parts", parts);
	gz_app_set_int(data, "accept", accept);
	gz_app_set_int(data, "reject", reject);
	gz_app_set_int(data, "total", accept + reject);
	gz_app_set_int(data, "policy_version", gz_setting_int(c->db, "policy_version", 1));
	gz_app_set_int(data, "retention_days",
	               gz_setting_int(c->db, "consent_retention_days", 365));
	gz_app_render(c, "admin/consent.html", data);
}

void
gz_handle_admin_consent_csv(struct gz_ctx *c)
{
	const char *a = gz_request_arg(c->req, "after");
	struct gz_consent_record *recs;
	struct gz_val *data, *rows;
	long after = 0;
	size_t n, i;

	if (a != NULL && gz_str_to_long(a, 0, 0x7fffffffffffffffL, &after) != GZ_OK) {
		gz_app_error(c, 400);
		return;
	}
	if ((data = gz_val_map_new(c->arena)) == NULL ||
	    (rows = gz_val_list_new(c->arena)) == NULL ||
	    gz_consent_records(c->db, c->arena, after, GZ_CONSENT_EXPORT_MAX, &recs, &n) != GZ_OK) {
		gz_app_error(c, 500);
		return;
	}
	for (i = 0; i < n; i++) {
		struct gz_val *m = gz_val_map_new(c->arena);

		if (m == NULL) {
			gz_app_error(c, 500);
			return;
		}
		gz_app_set_int(m, "at", recs[i].at);
		gz_val_map_set(m, "choice",
		               gz_val_str_ref(c->arena, recs[i].choice, strlen(recs[i].choice)));
		gz_app_set_int(m, "version", recs[i].policy_version);
		gz_val_map_set(
		    m, "hash",
		    gz_val_str_ref(c->arena, recs[i].client_hash, strlen(recs[i].client_hash)));
		gz_val_list_push(rows, m);
	}
	gz_val_map_set(data, "rows", rows);
	gz_app_render(c, "admin/consent_csv.txt", data);
	if (c->resp->status == 200) {
		gz_response_set_header(c->resp, "Content-Type", "text/csv; charset=utf-8");
		gz_response_set_header(c->resp, "Content-Disposition",
		                       after > 0 ? "attachment; filename=\"consent-part.csv\""
		                                 : "attachment; filename=\"consent.csv\"");
	}
}
