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
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "gazette/clock.h"
#include "gazette/arena.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/search.h"
#include "gazette/search_fts.h"
#include "internal.h"
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
	int flags;               /* gz_db_open's flags, to open again after damage */
	struct dbfile *file;     /* this process's record of the file; NULL for :memory: */
	dev_t dev;               /* the file h has open ... */
	ino_t ino;               /* ... as stat(2) saw it at open */
	unsigned epoch;          /* file->epoch when h was opened */
	int attached;            /* h is counted in file->nopen */
	double deadline;         /* gz_clock_mono_ms() when lock waits give up; 0: none */
	double wait_start;       /* gz_clock_mono_ms() when the current lock wait began */
	uint64_t serial;         /* names this open of h among the process's (gz_db_read_version) */
};

/* The last connection serial handed out (open_handle). */
static atomic_uint_fast64_t serials;

#define STMT_CACHE_INIT 64

#define HEALTH_CHECK_MS 1000    /* how often the file is looked at, per process */
#define DAMAGE_RECHECK_MS 60000 /* damaged and untouched: try it again this often */
#define DAMAGE_LOG_MS 60000     /* at most one damage line this often, per process */

/* Why a file is not served (struct dbfile.damaged). */
enum damage {
	DAMAGE_NONE = 0, /* healthy */
	DAMAGE_CONTENT,  /* SQLite found it damaged, or its header is wrong */
	DAMAGE_REPLACED, /* another file took its name while open */
	DAMAGE_GONE,     /* its name was removed while open */
};

/*
 * What this process knows of one database file, shared by every
 * connection to its path (connections are per thread; the file is not).
 *
 * SQLite finds the -wal and -shm files by name, next to the database.  A
 * connection that opened a file which replaced the one other connections
 * of this process still hold would take the old file's WAL and index as
 * its own, and its recovery would reset the index under them (SQLite's
 * "How To Corrupt", 2.4).  So a path is open on one file at a time in this
 * process: a replaced file is opened only once every connection to the old
 * one has closed, each on its next request.
 *
 * The damage flag is here, not per connection, so that one connection's
 * discovery turns every worker to 503 at once, cached pages included.
 * Records are never freed: a process opens a handful of paths.
 */
struct dbfile {
	struct dbfile *next;      /* registry list, under files_lock */
	char *path;               /* as given to gz_db_open */
	dev_t dev;                /* the file the open connections use ... */
	ino_t ino;                /* ... valid while nopen > 0 */
	int nopen;                /* connections of this process open on it */
	atomic_int damaged;       /* enum damage */
	atomic_uint epoch;        /* bumped when damage clears: connections reopen */
	atomic_llong next_check;  /* ms (gz_clock_mono_ms): next look at the file */
	atomic_llong short_since; /* ms: first look that found the file short; 0: none */
	dev_t wal_dev;            /* the -wal file the connections on dev/ino used ... */
	ino_t wal_ino;            /* ... (valid when has_wal) */
	int has_wal;              /* wal_dev/wal_ino were seen */
	long long next_probe;     /* ms: earliest recovery attempt */
	long long damaged_at;     /* ms: when the damage was found */
	struct stat seen;         /* the file then, to notice a restore (zero if gone) */
};

static pthread_mutex_t files_lock = PTHREAD_MUTEX_INITIALIZER;
static struct dbfile *files; /* under files_lock */
static atomic_int serving;   /* gz_db_health was called: this process answers requests */

static pthread_mutex_t damage_log_lock = PTHREAD_MUTEX_INITIALIZER;
static long long damage_logged_at; /* ms of the last damage line; 0: none yet */
static long damage_unlogged;       /* lines held back since */

static long long
now_ms(void)
{
	return (long long)gz_clock_mono_ms();
}

/*
 * One line on stderr about a damaged or vanished database, unless one was
 * written in the last DAMAGE_LOG_MS: a damaged file fails every request,
 * and a line per request is how 418,000 lines came in 10 s.  The next line
 * written says how many were held back.
 */
static void damage_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
damage_log(const char *fmt, ...)
{
	long long now = now_ms();
	long held;
	va_list ap;

	pthread_mutex_lock(&damage_log_lock);
	if (damage_logged_at != 0 && now - damage_logged_at < DAMAGE_LOG_MS) {
		damage_unlogged++;
		pthread_mutex_unlock(&damage_log_lock);
		return;
	}
	damage_logged_at = now;
	held = damage_unlogged;
	damage_unlogged = 0;
	pthread_mutex_unlock(&damage_log_lock);
	fputs("gazette: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (held > 0) {
		fprintf(stderr, " (%ld similar messages held back)", held);
	}
	fputc('\n', stderr);
}

/* The registry record for path, made on first use; NULL when out of memory. */
static struct dbfile *
file_get(const char *path)
{
	struct dbfile *f;

	pthread_mutex_lock(&files_lock);
	for (f = files; f != NULL && strcmp(f->path, path) != 0; f = f->next) {
	}
	if (f == NULL && (f = calloc(1, sizeof(*f))) != NULL) {
		if ((f->path = strdup(path)) == NULL) {
			free(f);
			f = NULL;
		} else {
			f->next = files;
			files = f;
		}
	}
	pthread_mutex_unlock(&files_lock);
	return f;
}

/*
 * Record that f is found damaged (kind, why: a short phrase) unless it
 * already is; the first finder logs, through damage_log.
 */
static void
mark_damaged(struct dbfile *f, enum damage kind, const char *why)
{
	const char *what;

	pthread_mutex_lock(&files_lock);
	if (atomic_load(&f->damaged) != DAMAGE_NONE) {
		pthread_mutex_unlock(&files_lock);
		return;
	}
	f->damaged_at = now_ms();
	f->next_probe = f->damaged_at + HEALTH_CHECK_MS;
	if (stat(f->path, &f->seen) != 0) {
		memset(&f->seen, 0, sizeof(f->seen));
	}
	atomic_store(&f->damaged, (int)kind);
	pthread_mutex_unlock(&files_lock);
	what = kind == DAMAGE_CONTENT ? "is damaged" : "was replaced or removed while open";
	damage_log("database %s %s: %s;%s gazette check --db %s says what to do", f->path, what,
	           why, atomic_load(&serving) ? " answering 503 until it is restored;" : "",
	           f->path);
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

/* path + "-wal" in buf (the name SQLite gives the WAL); -1 if too long. */
static int
wal_path(const char *path, char *buf, size_t bufsz)
{
	int n = snprintf(buf, bufsz, "%s-wal", path);

	return n < 0 || (size_t)n >= bufsz ? -1 : 0;
}

/*
 * Remember which -wal file db's file has (it exists once a WAL connection
 * has read), so a file that replaced this one is not opened with it.
 */
static void
note_wal(struct gz_db *db)
{
	char wal[4096];
	struct stat sb;

	if (wal_path(db->path, wal, sizeof(wal)) != 0 || stat(wal, &sb) != 0) {
		return;
	}
	pthread_mutex_lock(&files_lock);
	if (db->attached && db->file->dev == db->dev && db->file->ino == db->ino) {
		db->file->wal_dev = sb.st_dev;
		db->file->wal_ino = sb.st_ino;
		db->file->has_wal = 1;
	}
	pthread_mutex_unlock(&files_lock);
}

/*
 * Count db as open on the file now at its path and remember which file
 * that is (device and inode).  Refused, -1 with a reason in err, when
 * another connection of this process has a different file open under the
 * same path: see struct dbfile.
 */
static int
file_attach(struct gz_db *db, char *err, size_t errsz)
{
	struct dbfile *f = db->file;
	struct stat sb;
	int rc = 0;

	pthread_mutex_lock(&files_lock);
	if (stat(db->path, &sb) != 0) {
		gz_errf(err, errsz, "cannot open database %s: %s", db->path, strerror(errno));
		rc = -1;
	} else if (f->nopen > 0 && (sb.st_dev != f->dev || sb.st_ino != f->ino)) {
		gz_errf(err, errsz,
		        "cannot open database %s: the file was replaced while this process "
		        "still has the old one open",
		        db->path);
		rc = -1;
	} else {
		if (sb.st_dev != f->dev || sb.st_ino != f->ino) {
			/* Another file: the -wal seen belongs to the old one. */
			f->has_wal = 0;
		}
		f->dev = db->dev = sb.st_dev;
		f->ino = db->ino = sb.st_ino;
		f->nopen++;
		db->epoch = atomic_load(&f->epoch);
		db->attached = 1;
	}
	pthread_mutex_unlock(&files_lock);
	return rc;
}

/*
 * Close db's connection and empty its statement cache, keeping the struct
 * (and its table of slots) for a later open_handle.  Only then is it
 * uncounted from its file, so a count of 0 means every descriptor on the
 * old file is closed.
 */
static void
close_handle(struct gz_db *db)
{
	size_t i;

	for (i = 0; i < db->nslots; i++) {
		if (db->slots[i].sql != NULL) {
			sqlite3_finalize(db->slots[i].st);
			free(db->slots[i].sql);
		}
		memset(&db->slots[i], 0, sizeof(db->slots[i]));
	}
	db->nstmts = 0;
	if (db->h != NULL) {
		/* Still-open statements would make close fail; v2 defers instead. */
		sqlite3_close_v2(db->h);
		db->h = NULL;
	}
	if (db->attached) {
		pthread_mutex_lock(&files_lock);
		db->file->nopen--;
		pthread_mutex_unlock(&files_lock);
		db->attached = 0;
	}
}

/*
 * Open db->path with db->flags into db->h and harden the connection, as
 * gz_db_open describes.  Returns 0, or -1 with a one-line reason in err;
 * on failure the caller closes what was opened with close_handle.
 */
static int
open_handle(struct gz_db *db, char *err, size_t errsz)
{
	char mode[32];
	const char *why;
	int oflags, rc, i, flags = db->flags;
	static const int off_opts[] = {
	    SQLITE_DBCONFIG_TRUSTED_SCHEMA,
	    SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION,
	    SQLITE_DBCONFIG_DQS_DML,
	    SQLITE_DBCONFIG_DQS_DDL,
	};

	oflags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
	if (flags & GZ_DB_READONLY) {
		oflags |= SQLITE_OPEN_READONLY;
	} else {
		oflags |= SQLITE_OPEN_READWRITE;
		if (flags & GZ_DB_CREATE) {
			oflags |= SQLITE_OPEN_CREATE;
		}
	}
	db->serial = atomic_fetch_add(&serials, 1) + 1;
	rc = sqlite3_open_v2(db->path, &db->h, oflags, NULL);
	if (rc != SQLITE_OK) {
		why = db->h != NULL ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);
		gz_errf(err, errsz, "cannot open database %s: %s", db->path, why);
		goto fail;
	}
	/* Before the first read, which opens the -wal and -shm files. */
	if (db->file != NULL && file_attach(db, err, errsz) != 0) {
		goto fail;
	}
	rc = sqlite3_db_config(db->h, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	for (i = 0; rc == SQLITE_OK && i < (int)(sizeof(off_opts) / sizeof(off_opts[0])); i++) {
		rc = sqlite3_db_config(db->h, off_opts[i], 0, (int *)NULL);
	}
	if (rc != SQLITE_OK) {
		gz_errf(err, errsz, "cannot open database %s: cannot configure: %s", db->path,
		        sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_busy_handler(db->h, busy_wait, db);
	/* The search tokenizer and sync function must exist before anything,
	 * migrations included, touches the articles table. */
	if ((rc = gz_search_register(db->h)) != SQLITE_OK) {
		gz_errf(err, errsz, "cannot open database %s: search: %s", db->path,
		        sqlite3_errstr(rc));
		goto fail;
	}

	/* Read the schema now so a file that is not a database fails here. */
	(void)query_int(db->h, "SELECT count(*) FROM sqlite_schema", &rc);
	if (rc != SQLITE_OK) {
		gz_errf(err, errsz, "cannot open database %s: %s", db->path, sqlite3_errmsg(db->h));
		goto fail;
	}
	if (!(flags & GZ_DB_READONLY)) {
		rc = query_text(db->h, "PRAGMA journal_mode=WAL", mode, sizeof(mode));
		if (rc != SQLITE_OK) {
			gz_errf(err, errsz, "cannot open database %s: %s", db->path,
			        sqlite3_errmsg(db->h));
			goto fail;
		}
		if (strcmp(mode, "wal") != 0 && strcmp(mode, "memory") != 0) {
			gz_errf(err, errsz,
			        "cannot open database %s: cannot use WAL journal (got %s)",
			        db->path, mode);
			goto fail;
		}
		if (db->file != NULL) {
			note_wal(db);
		}
	}
	if ((rc = run(db->h, "PRAGMA synchronous=FULL")) != SQLITE_OK ||
	    (rc = run(db->h, "PRAGMA foreign_keys=ON")) != SQLITE_OK) {
		gz_errf(err, errsz, "cannot open database %s: %s", db->path, sqlite3_errmsg(db->h));
		goto fail;
	}
	return 0;
fail:
	return -1;
}

struct gz_db *
gz_db_open(const char *path, int flags, char *err, size_t errsz)
{
	struct gz_db *db = NULL;
	struct stat sb;

	assert(path != NULL);
	if (sqlite3_threadsafe() == 0) {
		gz_errf(err, errsz, "cannot open database %s: SQLite was built without threads",
		        path);
		goto fail;
	}
	if (!(flags & GZ_DB_CREATE) && strcmp(path, ":memory:") != 0 && stat(path, &sb) != 0) {
		gz_errf(err, errsz, "cannot open database %s: %s", path, strerror(errno));
		goto fail;
	}
	if ((db = calloc(1, sizeof(*db))) == NULL || (db->path = strdup(path)) == NULL ||
	    (strcmp(path, ":memory:") != 0 && (db->file = file_get(path)) == NULL)) {
		gz_errf(err, errsz, "cannot open database %s: out of memory", path);
		goto fail;
	}
	db->flags = flags;
	if (open_handle(db, err, errsz) != 0) {
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
	if (db == NULL) {
		return;
	}
	close_handle(db);
	free(db->slots);
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
			gz_errf(err, errsz, "migration %s: bad name or number out of order",
			        e->name);
			return GZ_EINVAL;
		}
		prev = n;
	}
	if ((current = gz_db_schema_version(db)) < 0) {
		gz_errf(err, errsz, "database %s: cannot read schema version: %s", db->path,
		        sqlite3_errmsg(db->h));
		return GZ_EDB;
	}
	if (current > latest) {
		gz_errf(err, errsz,
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
			gz_errf(err, errsz, "database %s: migration %s: cannot begin: %s", db->path,
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
			gz_errf(err, errsz, "database %s: migration %s failed: %s", db->path,
			        e->name, msg != NULL ? msg : sqlite3_errstr(src));
			sqlite3_free(msg);
			gz_db_rollback(db);
			rc = GZ_EDB;
			goto fail;
		}
		if ((rc = gz_db_commit(db)) != GZ_OK) {
			gz_errf(err, errsz, "database %s: migration %s: cannot commit: %s",
			        db->path, e->name, gz_strerror(rc));
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

	if (db->h == NULL) {
		/* Closed by gz_db_health: the file is damaged or gone. */
		fault(db, GZ_ECORRUPT);
		return NULL;
	}
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
		/* Every worker answers 503 from now on; one line a minute.  A
		 * damaged search index (CORRUPT_VTAB) fails searches only. */
		if (db != NULL && db->file != NULL && rc != SQLITE_CORRUPT_VTAB) {
			mark_damaged(db->file, DAMAGE_CONTENT,
			             db->h != NULL ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
		} else {
			damage_log("sqlite: %s: %s (%d)", where,
			           db != NULL && db->h != NULL ? sqlite3_errmsg(db->h)
			                                       : sqlite3_errstr(rc),
			           rc);
		}
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
gz_db_rows(struct gz_db *db, struct gz_arena *arena, sqlite3_stmt *st, size_t size, size_t first,
           size_t max, gz_db_row_fn fill, void *out, size_t *n, const char *where)
{
	unsigned char *items = NULL, *grown;
	size_t nitems = 0, cap = 0;
	enum gz_err rc = GZ_OK;
	int src = SQLITE_DONE;

	/* out is a T ** of the caller's; memcpy keeps the stores well-typed. */
	memcpy(out, &items, sizeof(items));
	*n = 0;
	while ((max == 0 || nitems < max) && (src = sqlite3_step(st)) == SQLITE_ROW) {
		if (nitems == cap) {
			grown = gz_arena_grow(arena, items, nitems, &cap, size, first);
			if (grown == NULL) {
				rc = GZ_ENOMEM;
				goto done;
			}
			items = grown;
		}
		memset(items + nitems * size, 0, size);
		if ((rc = fill(arena, st, items + nitems * size)) != GZ_OK) {
			goto done;
		}
		nitems++;
	}
	if (src != SQLITE_DONE && src != SQLITE_ROW) {
		rc = gz_db_error(db, src, where);
		goto done;
	}
	memcpy(out, &items, sizeof(items));
	*n = nitems;
done:
	gz_db_reset(st);
	return rc;
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
	/* A page's read snapshot (gz_db_snapshot_begin) ends where a write
	 * begins: BEGIN IMMEDIATE cannot nest in it. */
	if (!sqlite3_get_autocommit(db->h)) {
		(void)exec_rc(db, "COMMIT");
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

enum gz_err
gz_db_snapshot_begin(struct gz_db *db)
{
	int rc;

	if (db->h == NULL || db->depth > 0 || !sqlite3_get_autocommit(db->h)) {
		return GZ_OK;
	}
	/* Deferred: the snapshot (and SQLite's locks) is taken by the first
	 * read and kept until gz_db_snapshot_end, so the page's statements
	 * share one instead of locking and unlocking the file each. */
	if ((rc = exec_rc(db, "BEGIN")) != SQLITE_OK) {
		return gz_db_error(db, rc, "BEGIN");
	}
	return GZ_OK;
}

void
gz_db_snapshot_end(struct gz_db *db)
{
	int rc;

	if (db->h == NULL || db->depth > 0 || sqlite3_get_autocommit(db->h)) {
		return;
	}
	/* Nothing was written in it: COMMIT only lets go of the snapshot. */
	if ((rc = exec_rc(db, "COMMIT")) != SQLITE_OK) {
		logerr(db, rc, "COMMIT");
		(void)exec_rc(db, "ROLLBACK");
	}
}

int
gz_db_read_version(struct gz_db *db, uint64_t *conn, uint64_t *version)
{
	unsigned int v = 0;

	/* Only inside gz_db_snapshot_begin's snapshot once it has read: the
	 * pager's data version is brought up to date when a read transaction
	 * starts, so outside one it may predate another process's commit. */
	if (db->h == NULL || db->depth > 0 || sqlite3_get_autocommit(db->h) ||
	    sqlite3_txn_state(db->h, "main") != SQLITE_TXN_READ ||
	    sqlite3_file_control(db->h, "main", SQLITE_FCNTL_DATA_VERSION, &v) != SQLITE_OK) {
		return 0;
	}
	*conn = db->serial;
	*version = v;
	return 1;
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
	/* The trigger generation_all (sql/014_cache_keys.sql) touches the
	 * cache key "all", which every cached answer names, and queues its
	 * purge at the caches in front: a write whose reach is unclear
	 * changes everything. */
	return gz_db_step_done(db, st);
}

enum gz_err
gz_db_generation_at(struct gz_db *db, int64_t *gen, int64_t *changed_at)
{
	sqlite3_stmt *st;
	enum gz_err rc = GZ_OK;
	int src;

	*gen = *changed_at = 0;
	if ((st = gz_db_stmt(db, "SELECT value, changed_at FROM generation WHERE id = 1")) ==
	    NULL) {
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

enum gz_err
gz_db_try_begin(struct gz_db *db)
{
	int rc;

	assert(db->depth == 0);
	if (db->h == NULL) {
		return fault(db, GZ_ECORRUPT);
	}
	/* No busy handler for this one attempt: a held lock answers at once. */
	sqlite3_busy_handler(db->h, NULL, NULL);
	rc = exec_rc(db, "BEGIN IMMEDIATE");
	sqlite3_busy_handler(db->h, busy_wait, db);
	if (rc == SQLITE_OK) {
		db->depth = 1;
		return GZ_OK;
	}
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
		return GZ_EBUSY;
	}
	return gz_db_error(db, rc, "BEGIN IMMEDIATE");
}

/* A big-endian 32-bit field of the database header. */
static unsigned long
be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 |
	       (unsigned long)p[3];
}

/*
 * What is wrong with the header of the file h has open, or NULL when it
 * reads as a database header (or cannot be read for another reason).  It
 * reads through SQLite's own descriptor: opening the file again and
 * closing it would drop every POSIX lock this process holds on it.  With
 * whole, also that the file is as long as the header says; not on every
 * look, since a checkpoint growing the file shows it short for a moment.
 */
static const char short_file[] = "the file is shorter than its header says (truncated?)";

static const char *
header_fault(sqlite3 *h, int whole)
{
	sqlite3_file *fp = NULL;
	unsigned char hd[100];
	sqlite3_int64 size;
	unsigned long pgsz, npages;
	int rc;

	if (sqlite3_file_control(h, "main", SQLITE_FCNTL_FILE_POINTER, &fp) != SQLITE_OK ||
	    fp == NULL || fp->pMethods == NULL) {
		return NULL;
	}
	rc = fp->pMethods->xRead(fp, hd, (int)sizeof(hd), 0);
	if (rc == SQLITE_IOERR_SHORT_READ) {
		return "the file is shorter than a database header (truncated?)";
	}
	if (rc != SQLITE_OK) {
		return NULL;
	}
	if (memcmp(hd, "SQLite format 3", 16) != 0) {
		return "the file does not start with a database header";
	}
	if (!whole) {
		return NULL;
	}
	pgsz = (unsigned long)hd[16] << 8 | hd[17];
	pgsz = pgsz == 1 ? 65536 : pgsz;
	npages = be32(hd + 28);
	/* The page count is only valid when written by a version that keeps it. */
	if (be32(hd + 24) != be32(hd + 92) || npages == 0) {
		return NULL;
	}
	if (fp->pMethods->xFileSize(fp, &size) == SQLITE_OK &&
	    size < (sqlite3_int64)npages * (sqlite3_int64)pgsz) {
		return short_file;
	}
	return NULL;
}

/*
 * A look at the file db has open: its name still leads to it (not removed,
 * not replaced by another file), it still starts with a database header,
 * and it is as long as that header says, on two looks HEALTH_CHECK_MS
 * apart (a checkpoint growing the file is done far sooner).  Marks the
 * file damaged otherwise.  A stat, a 100-byte read and a fstat.
 */
static void
look_at_file(struct gz_db *db)
{
	struct stat sb;
	const char *why;
	long long t, since;

	if (stat(db->path, &sb) != 0) {
		if (errno == ENOENT || errno == ENOTDIR) {
			mark_damaged(db->file, DAMAGE_GONE, "its name leads nowhere now");
		}
		return;
	}
	if (sb.st_dev != db->dev || sb.st_ino != db->ino) {
		mark_damaged(db->file, DAMAGE_REPLACED, "another file has its name now");
		return;
	}
	if ((why = header_fault(db->h, 1)) == NULL) {
		atomic_store(&db->file->short_since, 0);
	} else if (why != short_file) {
		mark_damaged(db->file, DAMAGE_CONTENT, why);
	} else {
		t = now_ms();
		since = 0;
		if (!atomic_compare_exchange_strong(&db->file->short_since, &since, t) &&
		    t - since >= HEALTH_CHECK_MS) {
			mark_damaged(db->file, DAMAGE_CONTENT, why);
		}
	}
}

/*
 * Before a file that replaced f's old one is opened: when the old one's
 * -wal is still there (SQLite deletes it when the last connection closes,
 * unless the checkpoint into the damaged file failed), move it aside to
 * "<db>-wal.replaced-<unix time>", or it would be read as the new file's.
 * Returns 0 when the way is clear.  Called without files_lock, with no
 * connection of this process open on the old file.
 */
static int
clear_old_wal(struct dbfile *f)
{
	char wal[4096], aside[4200];
	struct stat sb;

	if (!f->has_wal || wal_path(f->path, wal, sizeof(wal)) != 0 || stat(wal, &sb) != 0 ||
	    sb.st_dev != f->wal_dev || sb.st_ino != f->wal_ino) {
		return 0;
	}
	snprintf(aside, sizeof(aside), "%s.replaced-%lld", wal, (long long)gz_clock_now());
	if (rename(wal, aside) != 0) {
		damage_log("database %s: cannot move the replaced file's WAL aside (%s): %s",
		           f->path, wal, strerror(errno));
		return -1;
	}
	fprintf(stderr, "gazette: database %s: moved the replaced file's WAL aside to %s\n",
	        f->path, aside);
	f->has_wal = 0;
	return 0;
}

/* 1 when a and b differ as a restore would change a file. */
static int
file_changed(const struct stat *a, const struct stat *b)
{
	return a->st_dev != b->st_dev || a->st_ino != b->st_ino || a->st_size != b->st_size ||
	       a->st_mtim.tv_sec != b->st_mtim.tv_sec || a->st_mtim.tv_nsec != b->st_mtim.tv_nsec ||
	       a->st_ctim.tv_sec != b->st_ctim.tv_sec || a->st_ctim.tv_nsec != b->st_ctim.tv_nsec;
}

/*
 * Try to serve damaged file f again; at most once a HEALTH_CHECK_MS per
 * process.  Tried when the file changed since the damage was found (an
 * operator restored it) or DAMAGE_RECHECK_MS went by, and only when no
 * connection of this process still has a file the name no longer leads
 * to.  A fresh connection (opened with flags, never creating) must find a
 * whole header, a schema version and the generation row.  On success the
 * damage is cleared and the epoch bumped, so every connection opens the
 * file again (a restored file's pages differ from what they cached).
 */
static void
try_recover(struct dbfile *f, int flags)
{
	struct gz_db probe;
	struct stat sb;
	long long now = now_ms();
	char err[256];
	int changed = 0, other, rc = SQLITE_OK;

	pthread_mutex_lock(&files_lock);
	if (atomic_load(&f->damaged) == DAMAGE_NONE || now < f->next_probe) {
		pthread_mutex_unlock(&files_lock);
		return;
	}
	f->next_probe = now + HEALTH_CHECK_MS;
	if (stat(f->path, &sb) != 0) {
		pthread_mutex_unlock(&files_lock);
		return;
	}
	/* Another file than the connections had counts as a change even if
	 * it was already there when the damage was found. */
	other = sb.st_dev != f->dev || sb.st_ino != f->ino;
	changed = other || file_changed(&sb, &f->seen);
	if ((!changed && now - f->damaged_at < DAMAGE_RECHECK_MS) || (other && f->nopen > 0)) {
		pthread_mutex_unlock(&files_lock);
		return;
	}
	pthread_mutex_unlock(&files_lock);
	if (other && clear_old_wal(f) != 0) {
		return;
	}

	memset(&probe, 0, sizeof(probe));
	probe.path = f->path;
	probe.file = f;
	probe.flags = flags & ~GZ_DB_CREATE;
	if (open_handle(&probe, err, sizeof(err)) != 0 || header_fault(probe.h, 1) != NULL ||
	    query_int(probe.h, "PRAGMA user_version", &rc) < 1 || rc != SQLITE_OK ||
	    query_int(probe.h, "SELECT value FROM generation WHERE id = 1", &rc) < 1 ||
	    rc != SQLITE_OK) {
		close_handle(&probe);
		/* Still bad: wait for the next change (or the next recheck). */
		pthread_mutex_lock(&files_lock);
		f->seen = sb;
		f->damaged_at = now;
		pthread_mutex_unlock(&files_lock);
		return;
	}
	close_handle(&probe);
	pthread_mutex_lock(&files_lock);
	atomic_fetch_add(&f->epoch, 1);
	atomic_store(&f->next_check, now + HEALTH_CHECK_MS);
	atomic_store(&f->short_since, 0);
	atomic_store(&f->damaged, DAMAGE_NONE);
	pthread_mutex_unlock(&files_lock);
	if (changed) {
		fprintf(stderr,
		        "gazette: database %s was restored and reads well; serving it again\n",
		        f->path);
	} else {
		damage_log("database %s reads well again; serving it", f->path);
	}
}

enum gz_err
gz_db_health(struct gz_db *db, int now)
{
	struct dbfile *f = db->file;
	long long t, next;
	char err[256];

	if (f == NULL) {
		return GZ_OK;
	}
	if (!atomic_load(&serving)) {
		atomic_store(&serving, 1);
	}
	t = now_ms();
	next = atomic_load(&f->next_check);
	/* The common case: two atomic loads and a clock read. */
	if (!now && db->h != NULL && atomic_load(&f->damaged) == DAMAGE_NONE &&
	    db->epoch == atomic_load(&f->epoch) && t < next) {
		return GZ_OK;
	}
	assert(db->depth == 0);
	if (db->depth != 0) {
		return GZ_OK;
	}
	/* One look a second in all, whichever connection claims it. */
	if (db->h != NULL && atomic_load(&f->damaged) == DAMAGE_NONE &&
	    db->epoch == atomic_load(&f->epoch) &&
	    (now || (t >= next &&
	             atomic_compare_exchange_strong(&f->next_check, &next, t + HEALTH_CHECK_MS)))) {
		look_at_file(db);
	}
	if (atomic_load(&f->damaged) != DAMAGE_NONE) {
		/* Nothing more goes to (or comes from) the old file. */
		close_handle(db);
		try_recover(f, db->flags);
	}
	if (atomic_load(&f->damaged) == DAMAGE_NONE &&
	    (db->h == NULL || db->epoch != atomic_load(&f->epoch))) {
		close_handle(db);
		db->flags &= ~GZ_DB_CREATE;
		if (open_handle(db, err, sizeof(err)) != 0) {
			close_handle(db);
			mark_damaged(f, DAMAGE_CONTENT, err);
		}
	}
	if (atomic_load(&f->damaged) != DAMAGE_NONE) {
		return fault(db, GZ_ECORRUPT);
	}
	return GZ_OK;
}

enum gz_err
gz_model_move_delete(struct gz_db *db, const char *move_sql, const char *delete_sql, int64_t from,
                     int64_t to)
{
	sqlite3_stmt *st;
	enum gz_err rc;

	assert(db->depth > 0);
	if ((st = gz_db_stmt(db, move_sql)) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, from);
	gz_db_bind_int64(st, 2, to);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		return rc;
	}
	if ((st = gz_db_stmt(db, delete_sql)) == NULL) {
		return GZ_EDB;
	}
	gz_db_bind_int64(st, 1, from);
	if ((rc = gz_db_step_done(db, st)) != GZ_OK) {
		return rc;
	}
	if (sqlite3_changes(db->h) == 0) {
		return GZ_ENOTFOUND;
	}
	return gz_db_bump(db);
}
