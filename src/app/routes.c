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
};

const size_t gz_nroutes = sizeof(gz_routes) / sizeof(gz_routes[0]);
