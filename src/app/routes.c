/*
 * Every URL Gazette answers, in one table.  Order matters only where two
 * patterns could match the same path: literal routes come first.
 */
#include "gazette/router.h"
#include "internal.h"

const struct gz_route gz_routes[] = {
	{GZ_GET, "/", gz_home_show, GZ_ROUTE_PUBLIC},
	{GZ_GET, "/page/{n}", gz_home_show, GZ_ROUTE_PUBLIC},
	{GZ_GET, "/article/{slug}", gz_article_show, GZ_ROUTE_PUBLIC},
	{GZ_GET, "/category/{slug}", gz_category_show, GZ_ROUTE_PUBLIC},
	{GZ_GET, "/tag/{slug}", gz_tag_show, GZ_ROUTE_PUBLIC},
	{GZ_GET, "/author/{login}", gz_author_show, GZ_ROUTE_PUBLIC},
	{GZ_GET, "/search", gz_search_show, GZ_ROUTE_PUBLIC},
	{GZ_GET, "/category/{slug}/feed", gz_feed_category, GZ_ROUTE_PUBLIC},
	{GZ_GET, "/feed", gz_feed_rss, GZ_ROUTE_PUBLIC},
	{GZ_GET, "/feed/atom", gz_feed_atom, GZ_ROUTE_PUBLIC},
	{GZ_GET, "/sitemap.xml", gz_sitemap_index, GZ_ROUTE_PUBLIC},
	{GZ_GET, "/sitemaps/{name}", gz_sitemap_articles, GZ_ROUTE_PUBLIC},
	{GZ_GET, "/news-sitemap.xml", gz_sitemap_news, GZ_ROUTE_PUBLIC},
	{GZ_GET, "/robots.txt", gz_robots_show, GZ_ROUTE_PUBLIC},
	{GZ_GET, "/privacy", gz_privacy_show, GZ_ROUTE_PUBLIC},
	{GZ_GET, "/p/{slug}", gz_page_show, GZ_ROUTE_PUBLIC},
	{GZ_POST, "/consent", gz_consent_post, GZ_ROUTE_FORMTOKEN},
	{GZ_POST, "/article/{slug}/comments", gz_comment_post, GZ_ROUTE_FORMTOKEN},

	/* Admin area: the guard checks session, role and CSRF from these flags. */
	{GZ_GET, "/admin/login", gz_admin_login_form, 0},
	{GZ_POST, "/admin/login", gz_admin_login_post, GZ_ROUTE_FORMTOKEN},
	{GZ_POST, "/admin/logout", gz_admin_logout, GZ_ROUTE_SESSION | GZ_ROUTE_CSRF},
	{GZ_GET, "/admin", gz_admin_dashboard, GZ_ROUTE_SESSION},
	{GZ_GET, "/admin/account", gz_admin_account, GZ_ROUTE_SESSION},
	{GZ_POST, "/admin/account", gz_admin_account_update, GZ_ROUTE_SESSION | GZ_ROUTE_CSRF},
	{GZ_GET, "/admin/users", gz_admin_users, GZ_ROUTE_SESSION | GZ_ROUTE_ADMIN},
	{GZ_GET, "/admin/users/new", gz_admin_user_new, GZ_ROUTE_SESSION | GZ_ROUTE_ADMIN},
	{GZ_POST, "/admin/users/new", gz_admin_user_create,
	 GZ_ROUTE_SESSION | GZ_ROUTE_ADMIN | GZ_ROUTE_CSRF},
	{GZ_GET, "/admin/users/{id}", gz_admin_user_edit, GZ_ROUTE_SESSION | GZ_ROUTE_ADMIN},
	{GZ_POST, "/admin/users/{id}", gz_admin_user_update,
	 GZ_ROUTE_SESSION | GZ_ROUTE_ADMIN | GZ_ROUTE_CSRF},
	{GZ_GET, "/admin/settings", gz_admin_settings, GZ_ROUTE_SESSION | GZ_ROUTE_ADMIN},
	{GZ_POST, "/admin/settings", gz_admin_settings_update,
	 GZ_ROUTE_SESSION | GZ_ROUTE_ADMIN | GZ_ROUTE_CSRF},
	{GZ_GET, "/admin/comments", gz_admin_comments, GZ_ROUTE_SESSION | GZ_ROUTE_EDITOR},
	{GZ_POST, "/admin/comments", gz_admin_comments_post,
	 GZ_ROUTE_SESSION | GZ_ROUTE_EDITOR | GZ_ROUTE_CSRF},
	{GZ_GET, "/admin/comments/{id}/edit", gz_admin_comment_edit, GZ_ROUTE_SESSION | GZ_ROUTE_EDITOR},
	{GZ_POST, "/admin/comments/{id}/edit", gz_admin_comment_update,
	 GZ_ROUTE_SESSION | GZ_ROUTE_EDITOR | GZ_ROUTE_CSRF},
	{GZ_POST, "/admin/comments/{id}/reply", gz_admin_comment_reply,
	 GZ_ROUTE_SESSION | GZ_ROUTE_EDITOR | GZ_ROUTE_CSRF},
	{GZ_GET, "/admin/pages", gz_admin_pages, GZ_ROUTE_SESSION | GZ_ROUTE_ADMIN},
	{GZ_GET, "/admin/pages/{slug}", gz_admin_page_edit, GZ_ROUTE_SESSION | GZ_ROUTE_ADMIN},
	{GZ_POST, "/admin/pages/{slug}", gz_admin_page_update,
	 GZ_ROUTE_SESSION | GZ_ROUTE_ADMIN | GZ_ROUTE_CSRF},
	{GZ_GET, "/admin/consent", gz_admin_consent, GZ_ROUTE_SESSION | GZ_ROUTE_ADMIN},
	{GZ_GET, "/admin/consent.csv", gz_admin_consent_csv, GZ_ROUTE_SESSION | GZ_ROUTE_ADMIN},
};

const size_t gz_nroutes = sizeof(gz_routes) / sizeof(gz_routes[0]);
