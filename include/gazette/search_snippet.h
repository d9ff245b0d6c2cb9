/*
 * Search snippets: the few words of an article's text around the places
 * where the reader's query matches, with the matches marked.
 *
 * FTS5's snippet() needs a cursor positioned on the matching row, which
 * costs an index seek per hit that grows with the archive, and it
 * tokenizes the whole column twice.  This module needs only the text and
 * the query: it runs the index's own tokenizer chain ("porter gz_cjk",
 * looked up through the connection's fts5_api) over the query words and
 * over the text, so a word matches here exactly where it matches in the
 * index: English word forms through porter, CJK words as runs of bigrams,
 * a lone CJK character as the start of a token.  It stops reading the text
 * as soon as the best window is known, and never reads more than
 * GZ_SNIPPET_SCAN_TOKENS tokens or GZ_SNIPPET_SCAN_BYTES bytes of it, so a
 * snippet costs about the same in a small archive and a large one.
 *
 * It knows nothing of articles, ranking or HTML.  It works on an SQLite
 * connection, so only src/model and its tests include it.
 */
#ifndef GAZETTE_SEARCH_SNIPPET_H
#define GAZETTE_SEARCH_SNIPPET_H

#include <stddef.h>

#include <sqlite3.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_search_snippet;

#define GZ_SNIPPET_WINDOW 24              /* tokens shown in a snippet */
#define GZ_SNIPPET_SCAN_TOKENS 4096       /* tokens of a text read, at most */
#define GZ_SNIPPET_SCAN_BYTES (64 * 1024) /* bytes of a text read, at most */
#define GZ_SNIPPET_MATCHES 1024           /* matches remembered per text, at most */
#define GZ_SNIPPET_TEXT_MAX 2048          /* bytes of text in one snippet, at most */

/*
 * Make a snippet maker for the query q, as the reader typed it (the words
 * are those of gz_search_query_words), on connection db, which must have
 * run gz_search_register().  The maker holds the tokenizer and scratch
 * space for gz_search_snippet_make; make one per search and use it for
 * every hit.
 *
 * Returns GZ_OK with *out set (caller frees with gz_search_snippet_free),
 * GZ_EINVAL or GZ_ETOOBIG for a query gz_search_query_words refuses, GZ_EDB
 * when the tokenizer cannot be made (no FTS5, gz_cjk not registered), or
 * GZ_ENOMEM.  *out is NULL unless GZ_OK.
 */
enum gz_err gz_search_snippet_new(sqlite3 *db, const char *q, struct gz_search_snippet **out);

/*
 * The snippet of the n bytes at text (any bytes: NULs, invalid UTF-8 and
 * control characters are allowed) for the maker's query, in the arena
 * (*snippet).  *matched is 1 when a query word occurs in the text (within
 * the part that was read), else 0.
 *
 * The text's tokens are matched against the query words: a word matches
 * at a token when its tokens equal that token and the ones after it (the
 * last one only as a prefix for a prefix word).  The window is
 * GZ_SNIPPET_WINDOW consecutive tokens: the one holding the most distinct
 * query words, the earliest of equals, moved a few tokens back so the
 * first match has some words before it (and back further when the text
 * ends sooner).  With no match it is the first GZ_SNIPPET_WINDOW tokens;
 * a text of at most that many tokens is shown whole.  The snippet runs
 * from the window's first token (the start of the text when that is the
 * first token) to the end of its last token (the end of the text when
 * that is the last token), with "…" where text was cut off, at most
 * GZ_SNIPPET_TEXT_MAX bytes of it.  Each match is wrapped in "\x01" and
 * "\x02"; matches that overlap or touch are one marked range.  The result
 * is then tidied for reading: line breaks and runs of blanks become one
 * space.  The text is expected to be plain (an article's body_text, not
 * its Markdown).
 *
 * The snippet is always valid UTF-8 (invalid bytes become U+FFFD) and
 * holds no NUL, \x01 or \x02 of the text itself.  Only the first
 * GZ_SNIPPET_SCAN_TOKENS tokens and GZ_SNIPPET_SCAN_BYTES bytes of the text
 * are read, and at most GZ_SNIPPET_MATCHES matches are kept: a match
 * beyond them is not seen.  Returns GZ_OK, GZ_ENOMEM when the arena is
 * full, or GZ_EDB when the tokenizer fails.
 */
enum gz_err gz_search_snippet_make(struct gz_search_snippet *sn, struct gz_arena *a,
                                   const char *text, size_t n, const char **snippet, int *matched);

/* Free the maker and its tokenizer.  NULL is a no-op. */
void gz_search_snippet_free(struct gz_search_snippet *sn);

#endif
