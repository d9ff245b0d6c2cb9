/*
 * The route guard: enforces a route's policy flags (session, role, CSRF,
 * same-origin for public forms) before its handler runs, so no handler can
 * forget a check.  Tests walk the route table against it.
 */
#include "gazette/app.h"
#include "internal.h"

int
gz_app_guard(struct gz_request *req, struct gz_response *resp, const struct gz_route *r)
{
	/* Sessions, roles and CSRF arrive with the admin area; until then a
	 * route that asks for them is refused rather than left open. */
	if (r->flags & (GZ_ROUTE_SESSION | GZ_ROUTE_EDITOR | GZ_ROUTE_ADMIN | GZ_ROUTE_CSRF)) {
		gz_app_error(req, resp, 403);
		return 0;
	}
	if ((r->flags & GZ_ROUTE_FORMTOKEN) && !gz_app_same_origin(req)) {
		gz_app_error(req, resp, 403);
		return 0;
	}
	return 1;
}
