/*
 * The SQLite side of search, for src/model and its tests only: registering
 * the gz_cjk tokenizer, the SQL functions the article triggers call, and
 * the gz_rank auxiliary function on a connection.  Code above the model
 * includes search.h, which needs no SQLite.
 */
#ifndef GAZETTE_SEARCH_FTS_H
#define GAZETTE_SEARCH_FTS_H

#include <sqlite3.h>

/*
 * Make the search machinery available on connection db: the FTS5 tokenizer
 * "gz_cjk" and the SQL function gz_search_sync() that the article triggers
 * call.  It must run on every connection before any statement touches
 * article_fts or writes to articles, migrations included (gz_db_open does
 * it).  Calling it again on the same connection does nothing.
 *
 * Returns SQLITE_OK, or an SQLite error code (SQLITE_ERROR when this SQLite
 * has no FTS5).  Nothing is allocated that outlives the connection.
 */
int gz_search_register(sqlite3 *db);

/*
 * The connection's FTS5 API (version 2 or later), or NULL when this SQLite
 * has no FTS5.  It lives as long as the connection.
 */
fts5_api *gz_search_fts5_api(sqlite3 *db);

/*
 * Add the auxiliary function gz_rank(article_fts, w1, w2, ...) to FTS5:
 * bm25 with column weights whose document counts stop at a sample
 * (src/model/search_rank.c).  Called by gz_search_register().
 */
int gz_search_rank_register(fts5_api *api);

#endif
