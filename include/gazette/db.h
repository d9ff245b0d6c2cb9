/*
 * The SQLite layer: one struct gz_db is one connection, used by one thread
 * at a time (opened with SQLITE_OPEN_NOMUTEX; each worker opens its own).
 *
 * It opens and hardens connections, applies the embedded migrations
 * (sql/NNN_name.sql, tracked with PRAGMA user_version), caches prepared
 * statements per connection, runs write transactions with bounded retries
 * on SQLITE_BUSY under one per-request deadline, and keeps the content
 * generation number.
 *
 * Rules for every model:
 *  - Every write goes through gz_db_begin() ... gz_db_commit() (or
 *    gz_db_tx()), which takes the write lock up front (BEGIN IMMEDIATE), so
 *    a write never fails half-way with SQLITE_BUSY_SNAPSHOT.  Transactions
 *    nest: an inner gz_db_begin() becomes a SAVEPOINT, so a model function
 *    that opens its own transaction can be called inside a bigger one.
 *  - Every write a reader can see calls gz_db_bump() inside its transaction.
 *  - SQL text is constant; values are bound, never formatted into SQL.
 *  - A statement from gz_db_stmt() must be reset (gz_db_reset) when the
 *    caller is done with it, or its read transaction stays open.
 */
#ifndef GAZETTE_DB_H
#define GAZETTE_DB_H

#include <stddef.h>
#include <stdint.h>

#include "gazette/err.h"

struct gz_arena;
struct gz_db;

/* Flags for gz_db_open. */
enum gz_db_flags {
	GZ_DB_CREATE = 1 << 0,   /* create the file if it is missing */
	GZ_DB_READONLY = 1 << 1, /* open read-only (no WAL switch, no writes) */
};

#define GZ_DB_BUSY_TIMEOUT_MS 5000 /* longest lock wait on a connection without a deadline */
#define GZ_DB_TX_TRIES 5           /* attempts of gz_db_begin and gz_db_tx on BUSY */
#define GZ_DB_DEADLINE_MS 10000    /* default time a request may wait for locks in all */

/*
 * Open the database at path and harden the connection: WAL journal (unless
 * read-only), synchronous=FULL, foreign_keys=ON, a busy handler that waits
 * for locks until the deadline (gz_db_deadline_set), defensive
 * mode, untrusted schema, double-quoted string literals off, extension
 * loading off.  Reads the schema once so a file that is not a database is
 * reported here.  Without GZ_DB_CREATE a missing file is an error.
 *
 * Returns a connection the caller frees with gz_db_close(), or NULL with a
 * one-line reason in err ("cannot open database X: file is not a database").
 * The connection must be used by one thread at a time.
 */
struct gz_db *gz_db_open(const char *path, int flags, char *err, size_t errsz);

/* Finalize every cached statement and close the connection.  NULL is a no-op. */
void gz_db_close(struct gz_db *db);

/*
 * Apply every embedded migration numbered above PRAGMA user_version, each in
 * its own BEGIN IMMEDIATE transaction that also sets user_version to its
 * number.  Idempotent; safe if another process migrates at the same time.
 * A database whose user_version is newer than the newest embedded migration
 * is an error.  Main calls it once at start-up, before workers open their
 * connections.  On failure writes a one-line reason to err.
 */
enum gz_err gz_db_migrate(struct gz_db *db, char *err, size_t errsz);

/* Highest migration number embedded in this binary. */
int gz_db_schema_latest(void);

/* PRAGMA user_version of the database, or -1 on error. */
int gz_db_schema_version(struct gz_db *db);

/*
 * The first transient fault (GZ_EBUSY, GZ_ENOMEM, GZ_EFULL, GZ_EIO,
 * GZ_ECORRUPT) the connection met since gz_db_fault_clear, or GZ_OK.  The
 * app clears it at the start of each request and reads it when a handler
 * fails, so a failure the reader can outwait is answered 503, not 500,
 * whichever of the many model calls met it.
 */
enum gz_err gz_db_fault(const struct gz_db *db);

/* Forget the remembered fault (start of a request). */
void gz_db_fault_clear(struct gz_db *db);

/*
 * Whether db's file may be served; the app asks before each request, and
 * with now set before and after each request that writes.  Cheap: a clock
 * read and two atomic loads, except once a second per process (or at once
 * with now) when it also stats the path and reads the file's header, so a
 * file that was removed, replaced by another (mv) or overwritten at its
 * start is noticed.
 *
 * A file found so, or by any statement meeting SQLITE_CORRUPT/NOTADB (see
 * gz_db_error), is damaged for every connection of the process: each
 * closes its connection on its next call (nothing is written into a file
 * its name no longer leads to) and gets GZ_ECORRUPT, remembered as the
 * request's fault so it answers 503, until the file is restored.  Once a
 * second, if the file changed since (or a minute went by), a fresh
 * connection probes it (whole header, schema version, generation row);
 * on success every connection opens the file again.  A file that replaced
 * the old one is opened only once no connection of this process has the
 * old one open (each closes it on its next request): they would share its
 * WAL index.  The damage is logged at most once a minute per process.
 *
 * Returns GZ_OK or GZ_ECORRUPT.  Call it outside any transaction.
 */
enum gz_err gz_db_health(struct gz_db *db, int now);

/*
 * Start a write transaction only if the write lock is free now: one BEGIN
 * IMMEDIATE, no busy wait, no retry.  GZ_EBUSY (neither logged nor
 * remembered as a fault) when another connection holds it.  Ended by
 * gz_db_commit or gz_db_rollback.  For work that must never wait, such as
 * the background view counter.
 */
enum gz_err gz_db_try_begin(struct gz_db *db);

/*
 * Start a write transaction: BEGIN IMMEDIATE, so the write lock is taken
 * now and waited for (until the deadline, or without one GZ_DB_BUSY_TIMEOUT_MS
 * per attempt; up to GZ_DB_TX_TRIES attempts with a short random sleep
 * between, none past the deadline); inside a transaction, a SAVEPOINT.
 * Returns GZ_OK, GZ_EBUSY, GZ_ETIMEOUT (the deadline passed first) or
 * another error.  Each successful gz_db_begin is ended by exactly one
 * gz_db_commit or gz_db_rollback.
 */
enum gz_err gz_db_begin(struct gz_db *db);

/*
 * End the innermost transaction: COMMIT (or RELEASE for a savepoint).  On
 * failure the transaction is rolled back and the level closed anyway, so
 * a failed outermost commit stored nothing: the reader may be told so.
 * (The automatic checkpoint after a commit cannot fail it: SQLite's own
 * WAL hook ignores a checkpoint's error, which a full disk causes.)
 */
enum gz_err gz_db_commit(struct gz_db *db);

/* Undo the innermost transaction (ROLLBACK, or ROLLBACK TO + RELEASE). */
void gz_db_rollback(struct gz_db *db);

/* Depth of open transactions: 0 outside any, 1 inside BEGIN, more in savepoints. */
int gz_db_tx_depth(const struct gz_db *db);

/*
 * Whether db is inside a page's read snapshot (gz_db_snapshot_begin) that
 * has begun reading; then 1, with *conn naming this connection's open and
 * *version what it sees: the same pair means the same database content,
 * so a value read under it may be reused under it.  0 otherwise.
 */
int gz_db_read_version(struct gz_db *db, uint64_t *conn, uint64_t *version);

/*
 * One read snapshot for everything a page reads, from here to
 * gz_db_snapshot_end: the page sees one state of the database and SQLite
 * takes its file locks once, instead of around each statement (fcntl
 * calls that were an eighth of an article page's time; issue 20).  Does
 * nothing inside a transaction.  A gz_db_begin inside it ends it first,
 * so a handler that writes still can.  GZ_EDB when BEGIN fails (the page
 * can go on without).
 */
enum gz_err gz_db_snapshot_begin(struct gz_db *db);

/* End gz_db_snapshot_begin's snapshot, if it is still open. */
void gz_db_snapshot_end(struct gz_db *db);

/*
 * Give every lock wait on db one deadline: at_ms, a gz_clock_mono_ms()
 * value (0 removes it).  The app sets it at the start of each request
 * (now + the configured deadline, GZ_DB_DEADLINE_MS by default), so the
 * busy handler and the retries of gz_db_begin and gz_db_tx, however they
 * nest, all stop waiting at that moment and the request can still answer
 * 503 before a proxy's own timeout.  Without a deadline (command-line
 * tools, tests) each wait lasts at most GZ_DB_BUSY_TIMEOUT_MS.  The
 * deadline stays until changed: clear it before using a request's
 * connection for work outside a request.
 */
void gz_db_deadline_set(struct gz_db *db, double at_ms);

/* 1 when db has a deadline and it has passed, else 0. */
int gz_db_deadline_passed(const struct gz_db *db);

/*
 * Run fn(db, arg) inside a write transaction: begin, call fn, commit when it
 * returns 0, roll back otherwise.  When the begin, fn or commit fails with
 * GZ_EBUSY and this is the outermost transaction, the whole thing is retried
 * up to GZ_DB_TX_TRIES times while the deadline has not passed, so fn must
 * be safe to run again (no side effects outside the database).  Returns
 * fn's non-zero result, or the begin/commit error (GZ_ETIMEOUT when the
 * deadline ended the waiting), or GZ_OK.  On any error nothing of fn's
 * writes is stored.
 */
enum gz_err gz_db_tx(struct gz_db *db, int (*fn)(struct gz_db *, void *), void *arg);

/*
 * The content generation: a number (>= 1) that grows with every write a
 * reader can see; ETags and page caches key on it.  Returns 0 on error.
 */
int64_t gz_db_generation(struct gz_db *db);

/* The content generation and the Unix time it last changed. */
enum gz_err gz_db_generation_at(struct gz_db *db, int64_t *gen, int64_t *changed_at);

/*
 * Increment the content generation and touch the cache key "all" (every
 * cached answer is stale, and the caches in front get a purge of it: see
 * gazette/cache_keys.h).  Must be called inside gz_db_begin.  A write
 * that knows what it changes calls gz_cache_touch instead.
 */
enum gz_err gz_db_bump(struct gz_db *db);

/*
 * Run a script of SQL statements (text the operator or the binary
 * supplies, never request data) on db, which has Gazette's functions
 * registered, so writes to articles keep the search index in step.  On
 * failure writes SQLite's message to err.
 */
enum gz_err gz_db_exec_script(struct gz_db *db, const char *sql, char *err, size_t errsz);

/* The path db was opened with; owned by db. */
const char *gz_db_path(const struct gz_db *db);

#endif
