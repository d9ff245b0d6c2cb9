/*
 * Tests for src/cli: the option parser, `gazette init` and `gazette user
 * add`, run in-process with stdin, stdout and stderr redirected to files in
 * a temporary folder.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gazette/arena.h"
#include "gazette/cli.h"
#include "gazette/db.h"
#include "gazette/db_sql.h"
#include "gazette/user.h"
#include "test.h"
#include "testdb.h"

static char dbpath[300];
static char out[8192], errout[8192];
static struct gz_arena arena;

static void
slurp(const char *path, char *buf, size_t bufsz)
{
	FILE *f = fopen(path, "rb");
	size_t n = 0;

	if (f != NULL) {
		n = fread(buf, 1, bufsz - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
}

/* Run fn with argv (NULL-terminated list), stdin from input; fill out/errout. */
static int
run(int (*fn)(int, char **), const char *input, ...)
{
	char *argv[32];
	int argc = 0, status, saved[3] = {-1, -1, -1}, fd, i;
	const char *files[3] = {"stdin.txt", "stdout.txt", "stderr.txt"};
	char path[512];
	va_list ap;
	FILE *f;

	va_start(ap, input);
	while (argc < 31 && (argv[argc] = va_arg(ap, char *)) != NULL) {
		argc++;
	}
	va_end(ap);
	argv[argc] = NULL;

	f = fopen(testdb_path(files[0], path, sizeof(path)), "wb");
	if (f != NULL) {
		fputs(input != NULL ? input : "", f);
		fclose(f);
	}
	fflush(stdout);
	fflush(stderr);
	/* freopen, not dup2, for stdin: it drops what stdio buffered before. */
	if (freopen(testdb_path(files[0], path, sizeof(path)), "rb", stdin) == NULL) {
		return -1;
	}
	for (i = 1; i < 3; i++) {
		saved[i] = dup(i);
		fd = open(testdb_path(files[i], path, sizeof(path)), O_WRONLY | O_CREAT | O_TRUNC,
		          0600);
		dup2(fd, i);
		close(fd);
	}
	status = fn(argc, argv);
	fflush(stdout);
	fflush(stderr);
	for (i = 1; i < 3; i++) {
		dup2(saved[i], i);
		close(saved[i]);
	}
	slurp(testdb_path(files[1], path, sizeof(path)), out, sizeof(out));
	slurp(testdb_path(files[2], path, sizeof(path)), errout, sizeof(errout));
	return status;
}

/* The password printed after `prefix` and before " (shown once)". */
static const char *
shown_password(const char *prefix)
{
	static char pw[64];
	const char *p = strstr(out, prefix), *e;

	pw[0] = '\0';
	if (p != NULL && (e = strstr(p, " (shown once)")) != NULL) {
		p += strlen(prefix);
		if ((size_t)(e - p) < sizeof(pw)) {
			memcpy(pw, p, (size_t)(e - p));
			pw[e - p] = '\0';
		}
	}
	return pw;
}

static int
verify(const char *login, const char *password)
{
	char err[256];
	struct gz_db *db = gz_db_open(dbpath, 0, err, sizeof(err));
	struct gz_user u;
	int rc;

	if (db == NULL) {
		return -1;
	}
	rc = gz_user_verify_password(db, &arena, login, password, &u);
	gz_db_close(db);
	return rc;
}

static void
test_setup(void)
{
	CHECK(testdb_setup("cli") == 0);
	testdb_path("site.db", dbpath, sizeof(dbpath));
	gz_arena_init(&arena, 4096, 0);
}

static void
test_parse(void)
{
	const char *db = NULL, *flag = NULL, *pos[2];
	const struct gz_cli_opt opts[] = {{"db", 1, &db}, {"demo", 0, &flag}};
	char *a1[] = {"x", "--db", "f.db", "--demo", "y"};
	char *a2[] = {"--db=g.db", "--", "--demo"};
	char *a3[] = {"--nope"};
	char *a4[] = {"--db"};
	char *a5[] = {"--demo=1"};
	char *a6[] = {"a", "b", "c"};
	char *a7[] = {"-d"};
	char *a8[] = {"--db", "a", "--db", "b"};
	char err[128];
	size_t npos;

	CHECK_INT(gz_cli_parse(5, a1, opts, 2, pos, 2, &npos, err, sizeof(err)), 0);
	CHECK_INT(npos, 2);
	CHECK_STR(pos[0], "x");
	CHECK_STR(pos[1], "y");
	CHECK_STR(db, "f.db");
	CHECK_STR(flag, "1");
	db = flag = NULL;
	CHECK_INT(gz_cli_parse(3, a2, opts, 2, pos, 2, &npos, err, sizeof(err)), 0);
	CHECK_STR(db, "g.db");
	CHECK(flag == NULL);
	CHECK_INT(npos, 1);
	CHECK_STR(pos[0], "--demo");
	db = flag = NULL;
	CHECK_INT(gz_cli_parse(1, a3, opts, 2, pos, 2, &npos, err, sizeof(err)), -1);
	CHECK_STR(err, "unknown option: --nope");
	CHECK_INT(gz_cli_parse(1, a4, opts, 2, pos, 2, &npos, err, sizeof(err)), -1);
	CHECK_STR(err, "option --db needs a value");
	CHECK_INT(gz_cli_parse(1, a5, opts, 2, pos, 2, &npos, err, sizeof(err)), -1);
	CHECK_STR(err, "option --demo takes no value");
	CHECK_INT(gz_cli_parse(3, a6, opts, 2, pos, 2, &npos, err, sizeof(err)), -1);
	CHECK_STR(err, "unexpected argument: c");
	CHECK_INT(gz_cli_parse(1, a7, opts, 2, pos, 2, &npos, err, sizeof(err)), -1);
	CHECK_STR(err, "unknown option: -d");
	db = NULL;
	CHECK_INT(gz_cli_parse(4, a8, opts, 2, pos, 2, &npos, err, sizeof(err)), -1);
	CHECK_STR(err, "option --db given twice");
	CHECK_INT(gz_cli_parse(0, NULL, opts, 2, NULL, 0, &npos, err, sizeof(err)), 0);
	CHECK_INT(npos, 0);
}

static void
test_default_db(void)
{
	setenv("GAZETTE_DB", "/srv/news.db", 1);
	CHECK_STR(gz_cli_default_db(), "/srv/news.db");
	setenv("GAZETTE_DB", "", 1);
	CHECK_STR(gz_cli_default_db(), "gazette.db");
	unsetenv("GAZETTE_DB");
	CHECK_STR(gz_cli_default_db(), "gazette.db");
}

static void
test_init(void)
{
	char pw[64], envdb[512];

	CHECK_INT(run(gz_cli_init, NULL, "--db", dbpath, NULL), 0);
	CHECK(strstr(out, "ready") != NULL);
	CHECK(access(dbpath, F_OK) == 0);
	/* Again: just migrates. */
	CHECK_INT(run(gz_cli_init, NULL, "--db", dbpath, NULL), 0);
	/* GAZETTE_DB is the default. */
	setenv("GAZETTE_DB", testdb_path("env.db", envdb, sizeof(envdb)), 1);
	CHECK_INT(run(gz_cli_init, NULL, NULL), 0);
	unsetenv("GAZETTE_DB");
	CHECK(access(envdb, F_OK) == 0);

	CHECK_INT(run(gz_cli_init, NULL, "--db", dbpath, "--demo", NULL), 0);
	snprintf(pw, sizeof(pw), "%s", shown_password("admin password: "));
	CHECK_INT(strlen(pw), GZ_USER_RANDOM_PASSWORD_LEN);
	CHECK_INT(verify("admin", pw), GZ_OK);
	CHECK_INT(verify("admin", "not the password"), GZ_EPERM);

	/* Demo content goes only into a database without articles. */
	{
		char err[256];
		struct gz_db *db = gz_db_open(dbpath, 0, err, sizeof(err));

		CHECK(db != NULL);
		CHECK_INT(gz_db_exec(db, "INSERT INTO articles (slug, title, author_id, "
		                         "created_at, updated_at) VALUES ('x', 'X', 1, 0, 0)"),
		          GZ_OK);
		gz_db_close(db);
	}
	CHECK_INT(run(gz_cli_init, NULL, "--db", dbpath, "--demo", NULL), 1);
	CHECK(strstr(errout, "already has articles or users; not loading demo content") != NULL);
	CHECK(strstr(out, "password") == NULL);

	CHECK_INT(run(gz_cli_init, NULL, "--bogus", NULL), GZ_EXIT_USAGE);
	CHECK(strstr(errout, "usage: gazette init") != NULL);
	CHECK_INT(run(gz_cli_init, NULL, "extra", NULL), GZ_EXIT_USAGE);
	CHECK_INT(run(gz_cli_init, NULL, "--db", NULL), GZ_EXIT_USAGE);
	CHECK_INT(run(gz_cli_init, NULL, "--help", NULL), 0);
	CHECK(strstr(out, "usage:") != NULL);

	CHECK_INT(run(gz_cli_init, NULL, "--db", "/nonexistent-gz-dir/x.db", NULL), 1);
	CHECK_STR(errout, "gazette: cannot open database /nonexistent-gz-dir/x.db: "
	                  "unable to open database file\n");
}

static void
test_user_add(void)
{
	char pw[64], missing[512];

	CHECK_INT(run(gz_cli_user, "s3cret-pass\n", "add", "Bob", "--role", "editor", "--db",
	              dbpath, "--password-stdin", NULL),
	          0);
	CHECK_STR(out, "user bob created (editor)\n");
	CHECK_INT(verify("bob", "s3cret-pass"), GZ_OK);

	/* Windows line ending, no final newline, --db=FILE, --name. */
	CHECK_INT(run(gz_cli_user, "another-pass\r\n", "add", "carol", "--name", "Carol C",
	              "--role=author",
	              "--db="
	              "",
	              "--password-stdin", NULL),
	          1);
	CHECK_INT(run(gz_cli_user, "another-pass\r\n", "add", "carol", "--name", "Carol C",
	              "--role=author", "--password-stdin", "--db", dbpath, NULL),
	          0);
	CHECK_INT(verify("carol", "another-pass"), GZ_OK);
	CHECK_INT(run(gz_cli_user, "no-newline-pass", "add", "dave", "--role", "author", "--db",
	              dbpath, "--password-stdin", NULL),
	          0);
	CHECK_INT(verify("dave", "no-newline-pass"), GZ_OK);

	/* Generated password, printed once. */
	CHECK_INT(run(gz_cli_user, NULL, "add", "erin", "--role", "admin", "--db", dbpath, NULL),
	          0);
	CHECK(strstr(out, "user erin created (admin)\n") != NULL);
	snprintf(pw, sizeof(pw), "%s", shown_password("password: "));
	CHECK_INT(strlen(pw), GZ_USER_RANDOM_PASSWORD_LEN);
	CHECK_INT(verify("erin", pw), GZ_OK);

	/* Failures: exit 1 with one line on stderr. */
	CHECK_INT(run(gz_cli_user, "whatever-pass\n", "add", "BOB", "--role", "author", "--db",
	              dbpath, "--password-stdin", NULL),
	          1);
	CHECK_STR(errout, "gazette: user bob already exists\n");
	CHECK_INT(run(gz_cli_user, "\n", "add", "frank", "--role", "author", "--db", dbpath,
	              "--password-stdin", NULL),
	          1);
	CHECK_STR(errout, "gazette: empty password on standard input\n");
	CHECK_INT(run(gz_cli_user, "", "add", "frank", "--role", "author", "--db", dbpath,
	              "--password-stdin", NULL),
	          1);
	CHECK_INT(run(gz_cli_user, "short\n", "add", "frank", "--role", "author", "--db", dbpath,
	              "--password-stdin", NULL),
	          1);
	CHECK(strstr(errout, "too short") != NULL);
	{
		static char big[GZ_USER_PASSWORD_MAX + 10];

		memset(big, 'x', sizeof(big) - 2);
		big[sizeof(big) - 2] = '\n';
		CHECK_INT(run(gz_cli_user, big, "add", "frank", "--role", "author", "--db", dbpath,
		              "--password-stdin", NULL),
		          1);
		CHECK(strstr(errout, "too long") != NULL);
		/* Exactly the limit is fine. */
		big[GZ_USER_PASSWORD_MAX] = '\n';
		big[GZ_USER_PASSWORD_MAX + 1] = '\0';
		CHECK_INT(run(gz_cli_user, big, "add", "gina", "--role", "author", "--db", dbpath,
		              "--password-stdin", NULL),
		          0);
	}
	CHECK_INT(run(gz_cli_user, NULL, "add", "no way", "--role", "author", "--db", dbpath, NULL),
	          1);
	CHECK(strstr(errout, "invalid login") != NULL);
	CHECK_INT(run(gz_cli_user, NULL, "add", "hank", "--role", "author", "--name", "a\tb",
	              "--db", dbpath, NULL),
	          1);
	CHECK(strstr(errout, "invalid --name") != NULL);
	testdb_path("missing.db", missing, sizeof(missing));
	CHECK_INT(run(gz_cli_user, NULL, "add", "ivan", "--role", "author", "--db", missing, NULL),
	          1);
	CHECK(strstr(errout, "missing.db: No such file or directory\n") != NULL);
	CHECK(access(missing, F_OK) != 0);

	/* Usage errors: exit 2 with the usage. */
	CHECK_INT(run(gz_cli_user, NULL, "add", "ivan", "--role", "root", "--db", dbpath, NULL),
	          GZ_EXIT_USAGE);
	CHECK(strstr(errout, "usage: gazette user add") != NULL);
	CHECK_INT(run(gz_cli_user, NULL, "add", "ivan", "--db", dbpath, NULL), GZ_EXIT_USAGE);
	CHECK_INT(run(gz_cli_user, NULL, "add", "--role", "author", NULL), GZ_EXIT_USAGE);
	CHECK(strstr(errout, "missing LOGIN") != NULL);
	CHECK_INT(run(gz_cli_user, NULL, "add", "a", "b", "--role", "author", NULL), GZ_EXIT_USAGE);
	CHECK_INT(
	    run(gz_cli_user, NULL, "add", "ivan", "--role", "author", "--password", "x", NULL),
	    GZ_EXIT_USAGE);
	CHECK(strstr(errout, "unknown option: --password") != NULL);
	CHECK_INT(run(gz_cli_user, NULL, "remove", "ivan", NULL), GZ_EXIT_USAGE);
	CHECK_INT(run(gz_cli_user, NULL, NULL), GZ_EXIT_USAGE);
	CHECK_INT(verify("ivan", "whatever"), GZ_EPERM);
}

static void
test_teardown(void)
{
	gz_arena_free(&arena);
	CHECK(testdb_teardown() == 0);
}

TEST_MAIN(T(test_setup), T(test_parse), T(test_default_db), T(test_init), T(test_user_add),
          T(test_teardown))
