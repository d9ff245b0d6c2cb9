/*
 * The statement level of the database layer, for src/model (and its tests)
 * only: cached prepared statements, binding, stepping, mapping SQLite's
 * result codes, and the one loop behind the model's list queries.  Code
 * above the model includes db.h, which needs no SQLite; the lint test fails
 * when anything outside src/model includes this header or calls sqlite3_*.
 */
#ifndef GAZETTE_DB_SQL_H
#define GAZETTE_DB_SQL_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "gazette/db.h"
#include "gazette/err.h"

struct gz_arena;

/*
 * The prepared statement for sql on this connection, prepared on first use
 * (SQLITE_PREPARE_PERSISTENT) and cached by the address of the text; it
 * comes back reset with its bindings cleared.  sql must be constant text
 * (a literal or static array: its address always holds the same statement;
 * debug builds check) holding exactly one statement.  Returns
 * NULL on error (logged on stderr with sqlite3_errmsg).  The statement
 * belongs to the connection: never finalize it; call gz_db_reset() when
 * done.  Asking again for the same text while the statement is still being
 * stepped resets it under the first user.
 */
sqlite3_stmt *gz_db_stmt(struct gz_db *db, const char *sql);

/* Reset st so it releases its read snapshot; NULL is a no-op. */
void gz_db_reset(sqlite3_stmt *st);

/*
 * Run one cached statement that returns no rows (or whose rows are
 * ignored), with no parameters, to completion.  For BEGIN-like statements
 * and one-off updates; maps the result with gz_db_error().
 */
enum gz_err gz_db_exec(struct gz_db *db, const char *sql);

/*
 * Step st until SQLITE_DONE, then reset it.  Returns GZ_OK or the mapped
 * error (GZ_ECONFLICT for a UNIQUE or PRIMARY KEY violation).
 */
enum gz_err gz_db_step_done(struct gz_db *db, sqlite3_stmt *st);

/*
 * Map a SQLite result code to enum gz_err: BUSY/LOCKED -> GZ_EBUSY (GZ_ETIMEOUT
 * once the connection's deadline has passed), UNIQUE or
 * PRIMARY KEY constraint -> GZ_ECONFLICT, NOMEM -> GZ_ENOMEM, FULL ->
 * GZ_EFULL, IOERR -> GZ_EIO, CORRUPT/NOTADB -> GZ_ECORRUPT, anything else
 * -> GZ_EDB.  Logs the connection's error message on stderr with where,
 * except for the conflict case, which is an expected outcome.  The
 * transient kinds (busy, memory, full, I/O, damaged) are also remembered on
 * the connection: see gz_db_fault.
 */
enum gz_err gz_db_error(struct gz_db *db, int rc, const char *where);

/* Bind helpers: s == NULL binds SQL NULL; text is copied (SQLITE_TRANSIENT). */
int gz_db_bind_text(sqlite3_stmt *st, int idx, const char *s);
int gz_db_bind_int64(sqlite3_stmt *st, int idx, int64_t v);

/*
 * Column idx of the current row as a NUL-terminated copy in arena; SQL NULL
 * becomes "".  Returns NULL only when the arena is out of memory.
 */
const char *gz_db_col_text(struct gz_arena *arena, sqlite3_stmt *st, int idx);

/*
 * Fill one list item (zeroed, of the size given to gz_db_rows) from the
 * current row of st.  Returns GZ_OK, or GZ_ENOMEM when a copy into arena
 * failed.
 */
typedef enum gz_err (*gz_db_row_fn)(struct gz_arena *arena, sqlite3_stmt *st, void *item);

/*
 * Step st (prepared and bound) to its end, or until max rows when max > 0,
 * turning each row into one item of size bytes with fill, in an array grown
 * in arena (first room for `first` items).  The array goes to *(T **)out
 * (NULL when there are no rows) and its length to *n.  st is reset whatever
 * happens; a step error is mapped by gz_db_error with where.  The one loop
 * behind every "list rows" function of the model.
 */
enum gz_err gz_db_rows(struct gz_db *db, struct gz_arena *arena, sqlite3_stmt *st, size_t size,
                       size_t first, size_t max, gz_db_row_fn fill, void *out, size_t *n,
                       const char *where);

/* The underlying connection, for the rare direct use; owned by db. */
sqlite3 *gz_db_handle(struct gz_db *db);

#endif
