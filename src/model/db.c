/*
 * SQLite connections: opening and hardening, migrations, a per-connection
 * statement cache, write transactions with bounded retries, and the content
 * generation number.
 *
 * It knows the generation table and PRAGMA user_version, and nothing else of
 * the schema: the migrations are opaque embedded SQL text, and the models
 * own every other query.  It does not know about threads beyond the rule
 * that a connection is used by one thread at a time.
 */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "gazette/clock.h"
#include "gazette/arena.h"
#include "gazette/db.h"
#include "gazette/search.h"
#include "gazette/search_fts.h"
#include "gazette/embed.h"

/* One cached prepared statement, in an open-addressing table. */
struct stmt_slot {
	const char *key;  /* the key: the caller's constant text, by address; NULL if empty */
	char *sql;        /* a copy of the text, to check the key against */
	uint32_t hash;    /* hash of key's address */
	sqlite3_stmt *st; /* the prepared statement */
};

struct gz_db {
	sqlite3 *h;              /* the connection */
	char *path;              /* as given to gz_db_open, malloc'd */
	struct stmt_slot *slots; /* statement cache; nslots is a power of two */
	size_t nslots;           /* size of slots */
	size_t nstmts;           /* slots in use */
	int depth;               /* open transaction levels: 0 none, 1 BEGIN, >1 savepoints */
	enum gz_err fault;       /* first transient fault since gz_db_fault_clear, or GZ_OK */
	double deadline;         /* gz_clock_mono_ms() when lock waits give up; 0: none */
	double wait_start;       /* gz_clock_mono_ms() when the current lock wait began */
};

#define STMT_CACHE_INIT 64

static void seterr(char *err, size_t errsz, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
seterr(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errsz == 0) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
}

static void
logerr(struct gz_db *db, int rc, const char *where)
{
	fprintf(stderr, "gazette: sqlite: %s: %s (%d)\n", where,
	        db != NULL && db->h != NULL ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc), rc);
}

/* Remember the first transient fault of a request (see gz_db_fault). */
static enum gz_err
fault(struct gz_db *db, enum gz_err e)
{
	if (db != NULL && db->fault == GZ_OK) {
		db->fault = e;
	}
	return e;
}

/* Sleep ms milliseconds (a fraction is kept). */
static void
sleep_ms(double ms)
{
	struct timespec ts;

	if (ms <= 0) {
		return;
	}
	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)((ms - (double)ts.tv_sec * 1000) * 1e6);
	nanosleep(&ts, NULL);
}

/*
 * Sleep a few random milliseconds, longer for later attempts, but never
 * past the connection's deadline: the retry loops above the busy handler
 * must not stretch a request beyond it either.
 */
static void
backoff(const struct gz_db *db, int attempt)
{
	unsigned int r;
	double ms, left;

	sqlite3_randomness(sizeof(r), &r);
	ms = 5 + (double)(r % (10u << (attempt < 6 ? attempt : 6)));
	if (db->deadline > 0) {
		left = db->deadline - gz_clock_mono_ms();
		ms = ms < left ? ms : left;
	}
	sleep_ms(ms);
}

/*
 * The busy handler of every connection (sqlite3_busy_handler), called by
 * SQLite with count = 0, 1, 2, ... while one attempt to take a lock finds
 * it held.  It sleeps short, growing intervals (1 ms up to 100 ms, so a
 * lock that clears is noticed soon without spinning) and gives up, by
 * returning 0, at the connection's deadline, or when there is none after
 * GZ_DB_BUSY_TIMEOUT_MS of this one wait.  A request's deadline is one
 * point in time, so the waits of every retry under it (gz_db_tx around
 * gz_db_begin around this handler) share it instead of multiplying: what
 * used to be 3 x 5 x 5 s became at most the deadline.
 */
static int
busy_wait(void *arg, int count)
{
	static const unsigned char delays[] = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100};
	struct gz_db *db = arg;
	double now = gz_clock_mono_ms(), end, ms;
	size_t n = sizeof(delays) / sizeof(delays[0]);

	if (count == 0) {
		db->wait_start = now;
	}
	end = db->deadline > 0 ? db->deadline : db->wait_start + GZ_DB_BUSY_TIMEOUT_MS;
	if (now >= end) {
		return 0;
	}
	ms = delays[(size_t)count < n ? (size_t)count : n - 1];
	sleep_ms(ms < end - now ? ms : end - now);
	return 1;
}

/* 1 when db has a deadline and it has passed. */
static int
past_deadline(const struct gz_db *db)
{
	return db->deadline > 0 && gz_clock_mono_ms() >= db->deadline;
}

/* FNV-1a over the statement text. */
/*
 * Statements are cached by the address of their (constant) text, which
 * costs a multiply per lookup where hashing the text cost a pass over
 * hundreds of bytes on every query of every request.
 */
static uint32_t
hash_ptr(const char *s)
{
	return (uint32_t)(((uint64_t)(uintptr_t)s * 0x9E3779B97F4A7C15ull) >> 32);
}

/* Run a pragma or other statement that needs no result, directly. */
static int
run(sqlite3 *h, const char *sql)
{
	return sqlite3_exec(h, sql, NULL, NULL, NULL);
}

/* Read one integer from a one-row query run directly; -1 on error. */
static int64_t
query_int(sqlite3 *h, const char *sql, int *rcp)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1;
	int rc;

	rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			v = sqlite3_column_int64(st, 0);
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	if (rcp != NULL) {
		*rcp = rc;
	}
	return v;
}

/* The text result of a one-row pragma, copied into out. */
static int
query_text(sqlite3 *h, const char *sql, char *out, size_t outsz)
{
	sqlite3_stmt *st = NULL;
	const unsigned char *p;
	int rc;

	out[0] = '\0';
	rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			p = sqlite3_column_text(st, 0);
			snprintf(out, outsz, "%s", p != NULL ? (const char *)p : "");
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

struct gz_db *
gz_db_open(const char *path, int flags, char *err, size_t errsz)
{
	struct gz_db *db = NULL;
	struct stat sb;
	char mode[32];
	const char *why;
	int oflags, rc, i;
	static const int off_opts[] = {
	    SQLITE_DBCONFIG_TRUSTED_SCHEMA,
	    SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION,
	    SQLITE_DBCONFIG_DQS_DML,
	    SQLITE_DBCONFIG_DQS_DDL,
	};

	assert(path != NULL);
	if (sqlite3_threadsafe() == 0) {
		seterr(err, errsz, "cannot open database %s: SQLite was built without threads",
		       path);
		goto fail;
	}
	if (!(flags & GZ_DB_CREATE) && strcmp(path, ":memory:") != 0 && stat(path, &sb) != 0) {
		seterr(err, errsz, "cannot open database %s: %s", path, strerror(errno));
		goto fail;
	}
	if ((db = calloc(1, sizeof(*db))) == NULL || (db->path = strdup(path)) == NULL) {
		seterr(err, errsz, "cannot open database %s: out of memory", path);
		goto fail;
	}
	oflags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
	if (flags & GZ_DB_READONLY) {
		oflags |= SQLITE_OPEN_READONLY;
	} else {
		oflags |= SQLITE_OPEN_READWRITE;
		if (flags & GZ_DB_CREATE) {
			oflags |= SQLITE_OPEN_CREATE;
		}
	}
	rc = sqlite3_open_v2(path, &db->h, oflags, NULL);
	if (rc != SQLITE_OK) {
		why = db->h != NULL ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);
		seterr(err, errsz, "cannot open database %s: %s", path, why);
		goto fail;
	}
	rc = sqlite3_db_config(db->h, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	for (i = 0; rc == SQLITE_OK && i < (int)(sizeof(off_opts) / sizeof(off_opts[0])); i++) {
		rc = sqlite3_db_config(db->h, off_opts[i], 0, (int *)NULL);
	}
	if (rc != SQLITE_OK) {
		seterr(err, errsz, "cannot open database %s: cannot configure: %s", path,
		       sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_busy_handler(db->h, busy_wait, db);
	/* The search tokenizer and sync function must exist before anything,
	 * migrations included, touches the articles table. */
	if ((rc = gz_search_register(db->h)) != SQLITE_OK) {
		seterr(err, errsz, "cannot open database %s: search: %s", path,
		       sqlite3_errstr(rc));
		goto fail;
	}

	/* Read the schema now so a file that is not a database fails here. */
	(void)query_int(db->h, "SELECT count(*) FROM sqlite_schema", &rc);
	if (rc != SQLITE_OK) {
		seterr(err, errsz, "cannot open database %s: %s", path, sqlite3_errmsg(db->h));
		goto fail;
	}
	if (!(flags & GZ_DB_READONLY)) {
		rc = query_text(db->h, "PRAGMA journal_mode=WAL", mode, sizeof(mode));
		if (rc != SQLITE_OK) {
			seterr(err, errsz, "cannot open database %s: %s", path,
			       sqlite3_errmsg(db->h));
			goto fail;
		}
		if (strcmp(mode, "wal") != 0 && strcmp(mode, "memory") != 0) {
			seterr(err, errsz,
			       "cannot open database %s: cannot use WAL journal (got %s)", path,
			       mode);
			goto fail;
		}
	}
	if ((rc = run(db->h, "PRAGMA synchronous=FULL")) != SQLITE_OK ||
	    (rc = run(db->h, "PRAGMA foreign_keys=ON")) != SQLITE_OK) {
		seterr(err, errsz, "cannot open database %s: %s", path, sqlite3_errmsg(db->h));
		goto fail;
	}
	return db;
fail:
	gz_db_close(db);
	return NULL;
}

void
gz_db_close(struct gz_db *db)
{
	size_t i;

	if (db == NULL) {
		return;
	}
	for (i = 0; i < db->nslots; i++) {
		if (db->slots[i].sql != NULL) {
			sqlite3_finalize(db->slots[i].st);
			free(db->slots[i].sql);
		}
	}
	free(db->slots);
	if (db->h != NULL) {
		/* Still-open statements would make close fail; v2 defers instead. */
		sqlite3_close_v2(db->h);
	}
	free(db->path);
	free(db);
}

sqlite3 *
gz_db_handle(struct gz_db *db)
{
	return db->h;
}

const char *
gz_db_path(const struct gz_db *db)
{
	return db->path;
}

/*
 * Migration number from a name "NNN_what.sql": the leading digits, which
 * must be followed by '_' and be 1..99999; -1 if the name does not fit.
 */
static int
migration_number(const char *name)
{
	const char *p;
	size_t len;
	int n = 0;

	for (p = name; isdigit((unsigned char)*p); p++) {
		if (p - name >= 5) {
			return -1;
		}
		n = n * 10 + (*p - '0');
	}
	len = strlen(name);
	if (p == name || *p != '_' || n == 0 || len < 4 || strcmp(name + len - 4, ".sql") != 0) {
		return -1;
	}
	return n;
}

int
gz_db_schema_latest(void)
{
	const struct gz_embedded *e;
	int n, latest = 0;

	for (e = gz_embedded_sql; e->name != NULL; e++) {
		n = migration_number(e->name);
		if (n > latest) {
			latest = n;
		}
	}
	return latest;
}

int
gz_db_schema_version(struct gz_db *db)
{
	int64_t v;
	int rc;

	v = query_int(db->h, "PRAGMA user_version", &rc);
	if (rc != SQLITE_OK) {
		logerr(db, rc, "PRAGMA user_version");
		return -1;
	}
	return (int)v;
}

enum gz_err
gz_db_migrate(struct gz_db *db, char *err, size_t errsz)
{
	const struct gz_embedded *e;
	enum gz_err rc = GZ_OK;
	char *msg = NULL;
	char sql[64];
	int n, prev = 0, current, latest, src;

	assert(db->depth == 0);
	latest = gz_db_schema_latest();
	for (e = gz_embedded_sql; e->name != NULL; e++) {
		n = migration_number(e->name);
		if (n <= prev) {
			seterr(err, errsz, "migration %s: bad name or number out of order",
			       e->name);
			return GZ_EINVAL;
		}
		prev = n;
	}
	if ((current = gz_db_schema_version(db)) < 0) {
		seterr(err, errsz, "database %s: cannot read schema version: %s", db->path,
		       sqlite3_errmsg(db->h));
		return GZ_EDB;
	}
	if (current > latest) {
		seterr(err, errsz,
		       "database %s has schema version %d, newer than this program's %d; "
		       "upgrade gazette",
		       db->path, current, latest);
		return GZ_EINVAL;
	}
	for (e = gz_embedded_sql; e->name != NULL; e++) {
		n = migration_number(e->name);
		if (n <= current) {
			continue;
		}
		if ((rc = gz_db_begin(db)) != GZ_OK) {
			seterr(err, errsz, "database %s: migration %s: cannot begin: %s", db->path,
			       e->name, gz_strerror(rc));
			goto fail;
		}
		/* Another process may have migrated while we waited for the lock. */
		current = gz_db_schema_version(db);
		if (current >= n) {
			gz_db_rollback(db);
			continue;
		}
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", n);
		if ((src = sqlite3_exec(db->h, (const char *)e->data, NULL, NULL, &msg)) !=
		        SQLITE_OK ||
		    (src = sqlite3_exec(db->h, sql, NULL, NULL, &msg)) != SQLITE_OK) {
			seterr(err, errsz, "database %s: migration %s failed: %s", db->path,
			       e->name, msg != NULL ? msg : sqlite3_errstr(src));
			sqlite3_free(msg);
			gz_db_rollback(db);
			rc = GZ_EDB;
			goto fail;
		}
		if ((rc = gz_db_commit(db)) != GZ_OK) {
			seterr(err, errsz, "database %s: migration %s: cannot commit: %s", db->path,
			       e->name, gz_strerror(rc));
			goto fail;
		}
		current = n;
	}
	return GZ_OK;
fail:
	return rc;
}

/* Double the statement table (or create it) and re-insert every entry. */
static int
stmt_grow(struct gz_db *db)
{
	struct stmt_slot *old = db->slots, *slots;
	size_t oldn = db->nslots, n, i, j;

	n = oldn ? oldn * 2 : STMT_CACHE_INIT;
	if ((slots = calloc(n, sizeof(*slots))) == NULL) {
		return -1;
	}
	for (i = 0; i < oldn; i++) {
		if (old[i].key == NULL) {
			continue;
		}
		for (j = old[i].hash & (n - 1); slots[j].key != NULL; j = (j + 1) & (n - 1)) {
		}
		slots[j] = old[i];
	}
	free(old);
	db->slots = slots;
	db->nslots = n;
	return 0;
}

sqlite3_stmt *
gz_db_stmt(struct gz_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;
	uint32_t h = hash_ptr(sql);
	size_t i;
	char *key = NULL;
	int rc;

	if (db->nslots != 0) {
		for (i = h & (db->nslots - 1); db->slots[i].key != NULL;
		     i = (i + 1) & (db->nslots - 1)) {
			if (db->slots[i].key == sql) {
				/* The text at a cached address never changes. */
				assert(strcmp(db->slots[i].sql, sql) == 0);
				st = db->slots[i].st;
				sqlite3_reset(st);
				sqlite3_clear_bindings(st);
				return st;
			}
		}
	}
	/* Keep the load at most 3/4 so probes stay short and always end. */
	if ((db->nstmts + 1) * 4 > db->nslots * 3 && stmt_grow(db) != 0) {
		fprintf(stderr, "gazette: sqlite: statement cache: out of memory\n");
		fault(db, GZ_ENOMEM);
		goto fail;
	}
	rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, &tail);
	if (rc != SQLITE_OK) {
		/* Preparing reads the schema: a damaged or locked file shows here. */
		gz_db_error(db, rc, sql);
		goto fail;
	}
	if (st == NULL) {
		fprintf(stderr, "gazette: sqlite: no statement in: \"%s\"\n", sql);
		goto fail;
	}
	while (tail != NULL && isspace((unsigned char)*tail)) {
		tail++;
	}
	if (tail != NULL && *tail != '\0') {
		fprintf(stderr, "gazette: sqlite: more than one statement in: %s\n", sql);
		goto fail;
	}
	if ((key = strdup(sql)) == NULL) {
		goto fail;
	}
	for (i = h & (db->nslots - 1); db->slots[i].key != NULL; i = (i + 1) & (db->nslots - 1)) {
	}
	db->slots[i].key = sql;
	db->slots[i].sql = key;
	db->slots[i].hash = h;
	db->slots[i].st = st;
	db->nstmts++;
	return st;
fail:
	sqlite3_finalize(st);
	return NULL;
}

void
gz_db_reset(sqlite3_stmt *st)
{
	if (st != NULL) {
		sqlite3_reset(st);
	}
}

enum gz_err
gz_db_error(struct gz_db *db, int rc, const char *where)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		logerr(db, rc, where);
		/* Busy because the request ran out of time: no retry may follow. */
		return fault(db, db != NULL && past_deadline(db) ? GZ_ETIMEOUT : GZ_EBUSY);
	case SQLITE_CONSTRAINT:
		if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
			return GZ_ECONFLICT;
		}
		break;
	case SQLITE_NOMEM:
		logerr(db, rc, where);
		return fault(db, GZ_ENOMEM);
	case SQLITE_FULL:
		logerr(db, rc, where);
		return fault(db, GZ_EFULL);
	case SQLITE_IOERR:
		/* A failed write is most often a full disk under another name. */
		logerr(db, rc, where);
		return fault(db, GZ_EIO);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		logerr(db, rc, where);
		return fault(db, GZ_ECORRUPT);
	}
	logerr(db, rc, where);
	return GZ_EDB;
}

enum gz_err
gz_db_fault(const struct gz_db *db)
{
	return db != NULL ? db->fault : GZ_OK;
}

void
gz_db_fault_clear(struct gz_db *db)
{
	if (db != NULL) {
		db->fault = GZ_OK;
	}
}

enum gz_err
gz_db_step_done(struct gz_db *db, sqlite3_stmt *st)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		return gz_db_error(db, rc, sqlite3_sql(st));
	}
	return GZ_OK;
}

/* Run a cached statement to completion; the raw SQLite result code. */
static int
exec_rc(struct gz_db *db, const char *sql)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = gz_db_stmt(db, sql)) == NULL) {
		return SQLITE_ERROR;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

enum gz_err
gz_db_exec(struct gz_db *db, const char *sql)
{
	int rc;

	if ((rc = exec_rc(db, sql)) != SQLITE_OK) {
		return gz_db_error(db, rc, sql);
	}
	return GZ_OK;
}

int
gz_db_bind_text(sqlite3_stmt *st, int idx, const char *s)
{
	if (s == NULL) {
		return sqlite3_bind_null(st, idx);
	}
	return sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
}

int
gz_db_bind_int64(sqlite3_stmt *st, int idx, int64_t v)
{
	return sqlite3_bind_int64(st, idx, (sqlite3_int64)v);
}

const char *
gz_db_col_text(struct gz_arena *arena, sqlite3_stmt *st, int idx)
{
	const unsigned char *p;
	int n;

	p = sqlite3_column_text(st, idx);
	n = sqlite3_column_bytes(st, idx);
	if (p == NULL) {
		/* NULL is either SQL NULL or out of memory in SQLite. */
		if (sqlite3_column_type(st, idx) != SQLITE_NULL) {
			return NULL;
		}
		return gz_arena_strdup(arena, "");
	}
	return gz_arena_strndup(arena, (const char *)p, (size_t)n);
}

enum gz_err
gz_db_begin(struct gz_db *db)
{
	int rc, attempt;

	if (db->depth > 0) {
		if (sqlite3_get_autocommit(db->h)) {
			/* SQLite already rolled the outer transaction back. */
			return GZ_EDB;
		}
		if ((rc = exec_rc(db, "SAVEPOINT gz_nested")) != SQLITE_OK) {
			return gz_db_error(db, rc, "SAVEPOINT");
		}
		db->depth++;
		return GZ_OK;
	}
	for (attempt = 0;; attempt++) {
		rc = exec_rc(db, "BEGIN IMMEDIATE");
		if (rc == SQLITE_OK) {
			db->depth = 1;
			return GZ_OK;
		}
		if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED) {
			return gz_db_error(db, rc, "BEGIN IMMEDIATE");
		}
		/* With a deadline the busy handler has normally waited it out
		 * already; SQLite skips the handler in a few cases (a deadlock
		 * it can see), which the tries and the pause are for. */
		if (attempt + 1 >= GZ_DB_TX_TRIES || past_deadline(db)) {
			break;
		}
		backoff(db, attempt);
	}
	return gz_db_error(db, rc, "BEGIN IMMEDIATE");
}

enum gz_err
gz_db_commit(struct gz_db *db)
{
	int rc;

	assert(db->depth > 0);
	if (db->depth > 1) {
		db->depth--;
		if (sqlite3_get_autocommit(db->h)) {
			return GZ_EDB;
		}
		if ((rc = exec_rc(db, "RELEASE gz_nested")) != SQLITE_OK) {
			return gz_db_error(db, rc, "RELEASE");
		}
		return GZ_OK;
	}
	db->depth = 0;
	if (sqlite3_get_autocommit(db->h)) {
		/* An error inside rolled the whole transaction back already. */
		return GZ_EDB;
	}
	if ((rc = exec_rc(db, "COMMIT")) != SQLITE_OK) {
		enum gz_err e = gz_db_error(db, rc, "COMMIT");

		if (!sqlite3_get_autocommit(db->h)) {
			(void)exec_rc(db, "ROLLBACK");
		}
		return e;
	}
	return GZ_OK;
}

void
gz_db_rollback(struct gz_db *db)
{
	int rc;

	assert(db->depth > 0);
	if (db->depth == 0) {
		return;
	}
	db->depth--;
	if (sqlite3_get_autocommit(db->h)) {
		return;
	}
	if (db->depth > 0) {
		if ((rc = exec_rc(db, "ROLLBACK TO gz_nested")) != SQLITE_OK ||
		    (rc = exec_rc(db, "RELEASE gz_nested")) != SQLITE_OK) {
			logerr(db, rc, "ROLLBACK TO");
		}
		return;
	}
	if ((rc = exec_rc(db, "ROLLBACK")) != SQLITE_OK) {
		logerr(db, rc, "ROLLBACK");
	}
}

int
gz_db_tx_depth(const struct gz_db *db)
{
	return db->depth;
}

void
gz_db_deadline_set(struct gz_db *db, double at_ms)
{
	db->deadline = at_ms > 0 ? at_ms : 0;
}

int
gz_db_deadline_passed(const struct gz_db *db)
{
	return past_deadline(db);
}

enum gz_err
gz_db_tx(struct gz_db *db, int (*fn)(struct gz_db *, void *), void *arg)
{
	enum gz_err rc;
	int outer = db->depth == 0, attempt, r;

	for (attempt = 0;; attempt++) {
		/* gz_db_begin retries by itself; a busy begin is final. */
		if ((rc = gz_db_begin(db)) != GZ_OK) {
			return rc;
		}
		if ((r = fn(db, arg)) != 0) {
			gz_db_rollback(db);
			rc = (enum gz_err)r;
		} else {
			rc = gz_db_commit(db);
		}
		/* GZ_ETIMEOUT (the deadline passed) is final like any other. */
		if (rc != GZ_EBUSY || !outer || attempt + 1 >= GZ_DB_TX_TRIES ||
		    past_deadline(db)) {
			return rc;
		}
		backoff(db, attempt);
	}
}

int64_t
gz_db_generation(struct gz_db *db)
{
	sqlite3_stmt *st;
	int64_t v = 0;
	int rc;

	if ((st = gz_db_stmt(db, "SELECT value FROM generation WHERE id = 1")) == NULL) {
		return 0;
	}
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = sqlite3_column_int64(st, 0);
	} else {
		(void)gz_db_error(db, rc, "generation");
	}
	sqlite3_reset(st);
	return v;
}

enum gz_err
gz_db_bump(struct gz_db *db)
{
	sqlite3_stmt *st;

	assert(db->depth > 0);
	if (db->depth == 0) {
		return GZ_EINVAL;
	}
	if ((st = gz_db_stmt(db, "UPDATE generation SET value = value + 1, "
				"changed_at = ?1 WHERE id = 1")) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, (int64_t)gz_clock_now());
	return gz_db_step_done(db, st);
}

enum gz_err
gz_db_generation_at(struct gz_db *db, int64_t *gen, int64_t *changed_at)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	*gen = *changed_at = 0;
	if ((st = gz_db_stmt(db, "SELECT value, changed_at FROM generation WHERE id = 1")) == NULL) {
		return GZ_EDB;
	}
	if ((src = sqlite3_step(st)) == SQLITE_ROW) {
		*gen = sqlite3_column_int64(st, 0);
		*changed_at = sqlite3_column_int64(st, 1);
	} else {
		rc = gz_db_error(db, src, "generation");
	}
	gz_db_reset(st);
	return rc;
}

enum gz_err
gz_db_exec_script(struct gz_db *db, const char *sql, char *err, size_t errsz)
{
	char *msg = NULL;
	int rc;

	/* Trusted text only: the operator's own script or embedded SQL. */
	rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		snprintf(err, errsz, "%s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return gz_db_error(db, rc, "script");
	}
	return GZ_OK;
}
