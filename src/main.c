/*
 * gazette: the command-line front door.  It parses the command and flags,
 * prepares what every transport shares (database schema, demo content,
 * compiled templates, struct gz_app) and hands over to one transport or one
 * maintenance command.  Nothing here runs per request.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "gazette/app.h"
#include "gazette/body_html.h"
#include "gazette/buf.h"
#include "gazette/cidr.h"
#include "gazette/cli.h"
#include "gazette/db.h"
#include "gazette/demo.h"
#include "gazette/secret.h"
#include "gazette/str.h"
#include "gazette/tmpl.h"
#include "gazette/transport.h"

#ifndef GAZETTE_DATADIR
#define GAZETTE_DATADIR "/usr/local/share/gazette"
#endif

static void
usage(FILE *f)
{
	fprintf(f,
	        "usage: gazette COMMAND [OPTIONS]\n"
	        "\n"
	        "  serve [--listen ADDR:PORT] [--db FILE] [--static DIR] [--templates DIR]\n"
	        "        run the standalone web server (default 127.0.0.1:8080); a missing\n"
	        "        database is created with demo content\n"
	        "  fcgi  [--socket PATH | --listen ADDR:PORT] [--threads N] [--db FILE]\n"
	        "        [--templates DIR] [--access-log] [--backlog N] [--read-timeout S]\n"
	        "        run as a FastCGI server (fd 0 without a socket flag); logs failed\n"
	        "        and slow requests only, unless --access-log (the web server keeps\n"
	        "        the access log); --backlog: connections the kernel queues (default\n"
	        "        its net.core.somaxconn); --read-timeout: seconds a request may take\n"
	        "        to arrive whole (default 10)\n"
	        "  cgi   [--access-log]  answer one CGI request (also automatic when\n"
	        "        GATEWAY_INTERFACE is set)\n"
	        "        serve, fcgi and cgi also take --trusted-proxy CIDR (repeatable; or\n"
	        "        GAZETTE_TRUSTED_PROXY=CIDR,CIDR): requests from there stand for the\n"
	        "        rightmost X-Forwarded-For address that is not a trusted proxy\n"
	        "  init  [--db FILE] [--demo] [--lang en|zh-CN]  create or migrate a database;\n"
	        "        --lang: the site's language (and that of the demo)\n"
	        "  user add LOGIN --role admin|editor|author [--name NAME] [--db FILE]\n"
	        "        [--password-stdin]  create a user\n"
	        "  user reset LOGIN [--db FILE] [--remove-second-factor]  print a one-time\n"
	        "        password-reset link (and remove the user's second factor)\n"
	        "  sql   [--db FILE] < script.sql  run SQL with Gazette's functions loaded\n"
	        "  check [--db FILE] [--quick] [--media DIR]  is the database whole (integrity,\n"
	        "        foreign keys, search index, schema) and every media file there;\n"
	        "        says what to do; exit 1 if damaged\n"
	        "  backup FILE [--db FILE]  a consistent copy of the database in FILE, safe\n"
	        "        while gazette serves; media files are not in it: they live in the\n"
	        "        folder \"media\" next to the database (copy it with cp -a or rsync -a)\n"
	        "  export wordpress [--db FILE] [--base-url URL] > site.xml\n"
	        "        the whole site as a WordPress export (WXR 1.2), for WordPress's\n"
	        "        importer or gazette import; only reads\n"
	        "  import wordpress FILE.xml [--media DIR] [--db FILE] [--dry-run]\n"
	        "        bring a WordPress site in: authors, categories, tags, posts, pages,\n"
	        "        comments, media from DIR (its wp-content/uploads) and 301s from\n"
	        "        every old address; running it again adds only what is new\n"
	        "  media rebuild [--db FILE] [--media DIR]  make the resized copies of\n"
	        "        library images that lack them (stored before copies existed)\n"
	        "  help  this text\n"
	        "  --version\n"
	        "\n"
	        "GAZETTE_DB sets the default database path (now: %s).\n"
	        "GAZETTE_DB_DEADLINE sets how long, in seconds, a request may wait for\n"
	        "database locks in all before it answers 503 (default %d; keep it well\n"
	        "under the proxy's timeout, nginx's fastcgi_read_timeout is 60 s).\n",
	        gz_cli_default_db(), GZ_DB_DEADLINE_MS / 1000);
}

struct opts {
	const char *listen;     /* --listen */
	const char *socket;     /* --socket */
	const char *db;         /* --db */
	const char *static_dir; /* --static */
	const char *templates;  /* --templates */
	long threads;           /* --threads, 0: default */
	long backlog;           /* --backlog, 0: default */
	long read_timeout;      /* --read-timeout, 0: default */
	const char *access_log; /* --access-log: log every request, not only failures */
};

/* Parse serve/fcgi/cgi flags; returns 0, or 2 after printing usage. */
static int
parse_opts(int argc, char **argv, int is_fcgi, struct opts *o)
{
	const char *threads = NULL, *backlog = NULL, *read_timeout = NULL;
	struct gz_cli_opt common[] = {
	    {"listen", 1, &o->listen},          {"db", 1, &o->db},
	    {"static", 1, &o->static_dir},      {"templates", 1, &o->templates},
	    {"access-log", 0, &o->access_log},  {"socket", 1, &o->socket},
	    {"threads", 1, &threads},           {"backlog", 1, &backlog},
	    {"read-timeout", 1, &read_timeout},
	};
	char err[256];
	size_t npos;
	/* serve and cgi take none of --socket, --threads, --backlog, --read-timeout. */
	size_t nopts = is_fcgi ? 9 : 5;

	if (gz_cli_parse(argc, argv, common, nopts, NULL, 0, &npos, err, sizeof(err)) != 0) {
		fprintf(stderr, "gazette: %s\n", err);
		usage(stderr);
		return 2;
	}
	if (threads != NULL && gz_str_to_long(threads, 1, 1024, &o->threads) != GZ_OK) {
		fprintf(stderr, "gazette: --threads wants a number from 1 to 1024\n");
		return 2;
	}
	if (backlog != NULL && gz_str_to_long(backlog, 1, 65535, &o->backlog) != GZ_OK) {
		fprintf(stderr, "gazette: --backlog wants a number from 1 to 65535\n");
		return 2;
	}
	if (read_timeout != NULL &&
	    gz_str_to_long(read_timeout, 1, 3600, &o->read_timeout) != GZ_OK) {
		fprintf(stderr, "gazette: --read-timeout wants seconds from 1 to 3600\n");
		return 2;
	}
	if (o->socket && o->listen) {
		fprintf(stderr, "gazette: --socket and --listen exclude each other\n");
		return 2;
	}
	return 0;
}

static int
is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * Open, migrate and (for a brand-new standalone site) fill the database.
 * Returns 0 or 1 after a one-line message.
 */
static struct gz_app app;
static struct gz_cidr proxies[GZ_CIDR_LIST_MAX]; /* app.proxies */

/* Add the comma-separated ranges in list to app.proxies; 0, or 2 after a message. */
static int
add_proxies(const char *list)
{
	const char *p = list, *end;
	struct gz_span sp;

	while (*p != '\0') {
		end = strchr(p, ',');
		sp = gz_str_trim(p, end != NULL ? (size_t)(end - p) : strlen(p));
		if (sp.n > 0) {
			if (app.nproxies >= GZ_CIDR_LIST_MAX) {
				fprintf(stderr, "gazette: at most %d trusted proxies\n",
				        GZ_CIDR_LIST_MAX);
				return 2;
			}
			if (gz_cidr_parse(sp.p, sp.n, &proxies[app.nproxies]) != GZ_OK) {
				fprintf(stderr,
				        "gazette: --trusted-proxy wants an address or CIDR range "
				        "such as 127.0.0.1, 10.0.0.0/8 or ::1, not '%.*s'\n",
				        (int)(sp.n > 80 ? 80 : sp.n), sp.p);
				return 2;
			}
			app.nproxies++;
		}
		if (end == NULL) {
			break;
		}
		p = end + 1;
	}
	app.proxies = proxies;
	return 0;
}

/*
 * Take every "--trusted-proxy CIDR" and "--trusted-proxy=CIDR" out of
 * argv[0..*argc) (the option repeats, which gz_cli_parse refuses) into
 * app.proxies, after those of GAZETTE_TRUSTED_PROXY.  0, or 2 after a
 * message.
 */
static int
take_proxies(int *argc, char **argv)
{
	const char *env = getenv("GAZETTE_TRUSTED_PROXY");
	int i, o = 0, rc;

	if (env != NULL && (rc = add_proxies(env)) != 0) {
		return rc;
	}
	for (i = 0; i < *argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < *argc) {
				argv[o++] = argv[i++];
			}
			break;
		}
		if (strcmp(argv[i], "--trusted-proxy") == 0) {
			if (i + 1 >= *argc) {
				fprintf(stderr, "gazette: --trusted-proxy needs a value\n");
				return 2;
			}
			if ((rc = add_proxies(argv[++i])) != 0) {
				return rc;
			}
		} else if (strncmp(argv[i], "--trusted-proxy=", 16) == 0) {
			if ((rc = add_proxies(argv[i] + 16)) != 0) {
				return rc;
			}
		} else {
			argv[o++] = argv[i];
		}
	}
	*argc = o;
	return 0;
}

static int
prepare_db(const char *path, int create_demo)
{
	char err[512], pw[64];
	struct gz_db *db;
	int fresh = access(path, F_OK) != 0;

	if (fresh && !create_demo) {
		fprintf(stderr,
		        "gazette: database %s does not exist; create it with "
		        "'gazette init --db %s'\n",
		        path, path);
		return 1;
	}
	if ((db = gz_db_open(path, GZ_DB_CREATE, err, sizeof(err))) == NULL) {
		fprintf(stderr, "gazette: %s\n", err);
		return 1;
	}
	if (gz_db_migrate(db, err, sizeof(err)) != GZ_OK) {
		fprintf(stderr, "gazette: %s\n", err);
		gz_db_close(db);
		return 1;
	}
	if (gz_secret_get(db, app.secret) != GZ_OK) {
		fprintf(stderr, "gazette: cannot read or create the site secret in %s\n", path);
		gz_db_close(db);
		return 1;
	}
	if (fresh) {
		if (gz_demo_load(db, pw, sizeof(pw), err, sizeof(err)) != GZ_OK) {
			fprintf(stderr, "gazette: demo content: %s\n", err);
			gz_db_close(db);
			return 1;
		}
		fprintf(stderr,
		        "gazette: created %s with demo content\n"
		        "gazette: admin login: admin  password: %s  (shown once)\n",
		        path, pw);
	}
	/* Article bodies whose HTML is not stored (rows from before it was,
	 * an import, a new renderer) get it once here, not on every view.  A
	 * CGI process takes a few per request, so a big site's first visits
	 * after an upgrade are not stalled; pages render any left over. */
	if (gz_body_html_fill(db, gz_transport_is_cgi() ? 20 : 0, NULL) != GZ_OK) {
		fprintf(stderr, "gazette: %s: article HTML not stored; pages render it\n", path);
	}
	gz_db_close(db);
	return 0;
}

static struct gz_tmpl_holder templates;

/*
 * `gazette sql [--db FILE]`: run the SQL script on standard input against
 * the database, with Gazette's SQL functions registered (the search index
 * triggers need them, so the plain sqlite3 shell cannot write articles).
 * For operators and tests; the script is trusted input.
 */
static int
run_sql(int argc, char **argv)
{
	const char *dbpath = NULL;
	struct gz_cli_opt opts[] = {{"db", 1, &dbpath}};
	struct gz_buf script;
	struct gz_db *db;
	char err[512], chunk[8192];
	size_t npos, n;
	int rc = 0;

	if (gz_cli_parse(argc, argv, opts, 1, NULL, 0, &npos, err, sizeof(err)) != 0) {
		fprintf(stderr, "gazette: %s\nusage: gazette sql [--db FILE] < script.sql\n", err);
		return 2;
	}
	if (dbpath == NULL) {
		dbpath = gz_cli_default_db();
	}
	gz_buf_init(&script, NULL, 64 * 1024 * 1024);
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0) {
		gz_buf_append(&script, chunk, n);
	}
	if (gz_buf_err(&script) != GZ_OK || ferror(stdin)) {
		fprintf(stderr, "gazette: cannot read the script from standard input\n");
		gz_buf_free(&script);
		return 1;
	}
	if ((db = gz_db_open(dbpath, 0, err, sizeof(err))) == NULL ||
	    gz_db_migrate(db, err, sizeof(err)) != GZ_OK ||
	    gz_db_exec_script(db, gz_buf_str(&script), err, sizeof(err)) != GZ_OK) {
		fprintf(stderr, "gazette: %s\n", err);
		rc = 1;
	}
	gz_db_close(db);
	gz_buf_free(&script);
	return rc;
}

/*
 * SIGHUP reloads a --templates theme.  The signal is blocked in every
 * thread and taken here with sigwait, so the reload runs in a normal thread
 * context rather than a signal handler.
 */
static void *
sighup_thread(void *arg)
{
	sigset_t set;
	int sig;
	char err[512];

	(void)arg;
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	for (;;) {
		if (sigwait(&set, &sig) != 0) {
			continue;
		}
		if (app.templates_dir == NULL) {
			fprintf(stderr, "gazette: SIGHUP: built-in templates, nothing to reload\n");
			continue;
		}
		if (gz_tmpl_holder_reload_dir(app.tmpl, app.templates_dir, app.strict, err,
		                              sizeof(err)) != GZ_OK) {
			fprintf(stderr,
			        "gazette: template reload failed, keeping the old set: %s\n", err);
		} else {
			fprintf(stderr, "gazette: templates reloaded from %s\n", app.templates_dir);
		}
	}
	return NULL;
}

/* Start the SIGHUP reload thread in this process (each FastCGI worker
 * process starts its own; the supervisor forwards the signal). */
static void
start_reload_thread(struct gz_app *a)
{
	pthread_t t;

	(void)a;
	if (pthread_create(&t, NULL, sighup_thread, NULL) == 0) {
		pthread_detach(t);
	}
}

/*
 * The request deadline for database waits from GAZETTE_DB_DEADLINE
 * (seconds, a decimal number from 0.1 to 3600) into app.db_deadline_ms;
 * unset or empty keeps the default (0: GZ_DB_DEADLINE_MS).  Returns 0, or 2
 * after a message when the value is not such a number.
 */
static int
read_db_deadline(void)
{
	const char *v = getenv("GAZETTE_DB_DEADLINE");
	char *end;
	double s;

	if (v == NULL || *v == '\0') {
		return 0;
	}
	errno = 0;
	s = strtod(v, &end);
	if (errno != 0 || end == v || *end != '\0' || !(s >= 0.1 && s <= 3600)) {
		fprintf(stderr, "gazette: GAZETTE_DB_DEADLINE wants seconds from 0.1 to 3600\n");
		return 2;
	}
	app.db_deadline_ms = s * 1000;
	return 0;
}

/*
 * Build struct gz_app for a transport: database ready, templates compiled.
 * Returns 0, 1 (runtime error) or 2 (template error or a bad setting).
 */
static int
setup_app(const struct opts *o, int create_demo)
{
	struct gz_tmpl_set *set;
	char err[1024];
	sigset_t sigs;
	int rc;

	app.db_path = o->db ? o->db : gz_cli_default_db();
	if (o->static_dir) {
		app.static_dir = o->static_dir;
	} else if (is_dir("static")) {
		app.static_dir = "static";
	} else {
		app.static_dir = GAZETTE_DATADIR "/static";
	}
	app.media_dir = gz_cli_media_dir(app.db_path);
	app.templates_dir = o->templates;
	app.strict = getenv("GAZETTE_STRICT") != NULL;
	app.no_pagecache =
	    getenv("GAZETTE_PAGECACHE") && strcmp(getenv("GAZETTE_PAGECACHE"), "0") == 0;
	if ((rc = read_db_deadline()) != 0) {
		return rc;
	}
	if ((rc = prepare_db(app.db_path, create_demo)) != 0) {
		return rc;
	}
	set = app.templates_dir
	          ? gz_tmpl_set_load_dir(app.templates_dir, app.strict, err, sizeof(err))
	          : gz_tmpl_set_load_embedded(app.strict, err, sizeof(err));
	if (set == NULL) {
		fprintf(stderr, "gazette: %s\n", err);
		return 2;
	}
	gz_tmpl_holder_init(&templates, set);
	app.tmpl = &templates;
	/* Blocked in every thread from here on (and in forked workers); only
	 * the reload thread takes it. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	app.worker_start = start_reload_thread;
	return 0;
}

int
main(int argc, char **argv)
{
	struct opts o = {0};
	const char *cmd;
	int rc;

	if (sodium_init() < 0) {
		fprintf(stderr, "gazette: libsodium failed to initialise\n");
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	if (gz_transport_is_cgi()) {
		int none = 0;

		if ((rc = take_proxies(&none, argv)) != 0 || (rc = setup_app(&o, 0)) != 0) {
			printf("Status: 503 Service Unavailable\r\nContent-Type: text/plain\r\n\r\n"
			       "The site is not available.\n");
			return rc;
		}
		return gz_transport_cgi(&app);
	}
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	cmd = argv[1];
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
		printf("gazette %s\n", GAZETTE_VERSION);
		return 0;
	}
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(cmd, "init") == 0) {
		return gz_cli_init(argc - 2, argv + 2);
	}
	if (strcmp(cmd, "user") == 0) {
		return gz_cli_user(argc - 2, argv + 2);
	}
	if (strcmp(cmd, "sql") == 0) {
		return run_sql(argc - 2, argv + 2);
	}
	if (strcmp(cmd, "check") == 0) {
		return gz_cli_check(argc - 2, argv + 2);
	}
	if (strcmp(cmd, "backup") == 0) {
		return gz_cli_backup(argc - 2, argv + 2);
	}
	if (strcmp(cmd, "export") == 0) {
		return gz_cli_export(argc - 2, argv + 2);
	}
	if (strcmp(cmd, "import") == 0) {
		return gz_cli_import(argc - 2, argv + 2);
	}
	if (strcmp(cmd, "media") == 0) {
		return gz_cli_media(argc - 2, argv + 2);
	}
	if (strcmp(cmd, "serve") == 0) {
		int nargs = argc - 2;

		if ((rc = take_proxies(&nargs, argv + 2)) != 0 ||
		    (rc = parse_opts(nargs, argv + 2, 0, &o)) != 0) {
			return rc;
		}
		if ((rc = setup_app(&o, 1)) != 0) {
			return rc;
		}
		/* Standalone, Gazette's log is the only access log. */
		app.log_all = 1;
		start_reload_thread(&app);
		return gz_transport_http(&app, o.listen ? o.listen : "127.0.0.1:8080");
	}
	if (strcmp(cmd, "fcgi") == 0) {
		int nargs = argc - 2;

		if ((rc = take_proxies(&nargs, argv + 2)) != 0 ||
		    (rc = parse_opts(nargs, argv + 2, 1, &o)) != 0) {
			return rc;
		}
		if ((rc = setup_app(&o, 0)) != 0) {
			return rc;
		}
		app.log_all = o.access_log != NULL;
		struct gz_fcgi_opts fo = {(int)o.threads, (int)o.backlog, (int)o.read_timeout};

		return gz_transport_fcgi(&app, o.socket, o.listen, &fo);
	}
	if (strcmp(cmd, "cgi") == 0) {
		int nargs = argc - 2;

		if ((rc = take_proxies(&nargs, argv + 2)) != 0 ||
		    (rc = parse_opts(nargs, argv + 2, 0, &o)) != 0) {
			return rc;
		}
		if ((rc = setup_app(&o, 0)) != 0) {
			return rc;
		}
		app.log_all = o.access_log != NULL;
		return gz_transport_cgi(&app);
	}
	fprintf(stderr, "gazette: unknown command '%s'\n", cmd);
	usage(stderr);
	return 2;
}
