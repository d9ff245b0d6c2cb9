/*
 * Entity tags in conditional requests: does an If-None-Match field value
 * name a given tag?  Shared by the app's pages and the standalone server's
 * files, so both answer 304 by the same rule.
 */
#ifndef GAZETTE_ETAG_H
#define GAZETTE_ETAG_H

/*
 * True when the If-None-Match value list matches etag by the weak
 * comparison RFC 9110 prescribes for GET and HEAD: list is "*" (alone, blanks
 * around it allowed), or a comma-separated list of entity-tags one of which
 * has the same opaque tag as etag, either of them with or without the "W/"
 * prefix.  etag is one entity-tag as Gazette sends it ("\"x\"" or
 * "W/\"x\"").  Malformed members of the list never match.
 */
int gz_etag_match(const char *list, const char *etag);

#endif
