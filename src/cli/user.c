/*
 * `gazette user add`: create a staff account from the command line, for
 * the first admin of a site without demo content or a lost password.  It
 * reads the password from stdin or makes one up; it never takes one as an
 * argument, where other users could see it in the process list.
 *
 * `gazette user reset LOGIN`: print a one-time password-reset link
 * (gazette/reset.h), the same kind an admin makes on the user's page: the
 * site's address from the setting base_url, then /admin/reset/TOKEN.  It
 * is logged in the audit log as made from the command line.  With
 * --remove-second-factor it also removes the user's TOTP key and recovery
 * codes: the way back in for the last admin who lost both.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "gazette/arena.h"
#include "gazette/audit.h"
#include "gazette/clock.h"
#include "gazette/cli.h"
#include "gazette/db.h"
#include "gazette/mfa.h"
#include "gazette/reset.h"
#include "gazette/settings.h"
#include "gazette/user.h"

static const char usage[] =
    "usage: gazette user add LOGIN --role admin|editor|author [--name NAME] [--db FILE]\n"
    "                        [--password-stdin]\n"
    "       gazette user reset LOGIN [--db FILE] [--remove-second-factor]\n";

/*
 * Read one line from stdin into buf (bufsz > GZ_USER_PASSWORD_MAX + 2),
 * without its line ending.  0 on success, else -1 with a message in err.
 */
static int
read_password(char *buf, size_t bufsz, char *err, size_t errsz)
{
	size_t len;

	if (fgets(buf, (int)bufsz, stdin) == NULL) {
		snprintf(err, errsz, "no password on standard input");
		return -1;
	}
	len = strlen(buf);
	if (len > 0 && buf[len - 1] == '\n') {
		buf[--len] = '\0';
	} else if (!feof(stdin)) {
		snprintf(err, errsz, "password too long (at most %d bytes)", GZ_USER_PASSWORD_MAX);
		return -1;
	}
	if (len > 0 && buf[len - 1] == '\r') {
		buf[--len] = '\0';
	}
	if (len == 0) {
		snprintf(err, errsz, "empty password on standard input");
		return -1;
	}
	if (strlen(buf) != len) {
		snprintf(err, errsz, "password contains a NUL byte");
		return -1;
	}
	if (len < GZ_USER_PASSWORD_MIN) {
		snprintf(err, errsz, "password too short (at least %d bytes)",
		         GZ_USER_PASSWORD_MIN);
		return -1;
	}
	if (len > GZ_USER_PASSWORD_MAX) {
		snprintf(err, errsz, "password too long (at most %d bytes)", GZ_USER_PASSWORD_MAX);
		return -1;
	}
	return 0;
}

static int
user_add(int argc, char **argv)
{
	const char *path = NULL, *role = NULL, *name = NULL, *pwstdin = NULL, *help = NULL;
	const struct gz_cli_opt opts[] = {
	    {"db", 1, &path},   {"role", 1, &role},
	    {"name", 1, &name}, {"password-stdin", 0, &pwstdin},
	    {"help", 0, &help},
	};
	char err[512], pw[GZ_USER_PASSWORD_MAX + 3], login[GZ_USER_LOGIN_MAX + 1];
	const char *pos[1];
	struct gz_db *db = NULL;
	enum gz_err rc;
	size_t npos, i;
	int status = 1;

	pw[0] = '\0';
	if (gz_cli_parse(argc, argv, opts, sizeof(opts) / sizeof(opts[0]), pos, 1, &npos, err,
	                 sizeof(err)) != 0) {
		fprintf(stderr, "gazette user add: %s\n%s", err, usage);
		return GZ_EXIT_USAGE;
	}
	if (help != NULL) {
		fputs(usage, stdout);
		return 0;
	}
	if (npos != 1) {
		fprintf(stderr, "gazette user add: missing LOGIN\n%s", usage);
		return GZ_EXIT_USAGE;
	}
	if (role == NULL || !gz_user_role_valid(role)) {
		fprintf(stderr, "gazette user add: --role must be admin, editor or author\n%s",
		        usage);
		return GZ_EXIT_USAGE;
	}
	if (!gz_user_login_valid(pos[0])) {
		fprintf(stderr,
		        "gazette: invalid login: use 1 to %d characters from "
		        "a-z, 0-9, '_', '.', '-'\n",
		        GZ_USER_LOGIN_MAX);
		return 1;
	}
	for (i = 0; pos[0][i] != '\0'; i++) {
		login[i] = (pos[0][i] >= 'A' && pos[0][i] <= 'Z') ? (char)(pos[0][i] - 'A' + 'a')
		                                                  : pos[0][i];
	}
	login[i] = '\0';
	if (path == NULL) {
		path = gz_cli_default_db();
	}
	if (pwstdin != NULL) {
		if (read_password(pw, sizeof(pw), err, sizeof(err)) != 0) {
			fprintf(stderr, "gazette: %s\n", err);
			goto fail;
		}
	} else {
		gz_user_random_password(pw, sizeof(pw));
	}
	if ((db = gz_db_open(path, 0, err, sizeof(err))) == NULL ||
	    gz_db_migrate(db, err, sizeof(err)) != GZ_OK) {
		fprintf(stderr, "gazette: %s\n", err);
		goto fail;
	}
	rc = gz_user_add(db, login, name, role, pw, NULL);
	if (rc == GZ_ECONFLICT) {
		fprintf(stderr, "gazette: user %s already exists\n", login);
		goto fail;
	} else if (rc == GZ_EINVAL) {
		fprintf(stderr,
		        "gazette: invalid --name: at most %d bytes of UTF-8 text "
		        "without control characters\n",
		        GZ_USER_NAME_MAX);
		goto fail;
	} else if (rc != GZ_OK) {
		fprintf(stderr, "gazette: cannot create user %s: %s\n", login, gz_strerror(rc));
		goto fail;
	}
	printf("user %s created (%s)\n", login, role);
	if (pwstdin == NULL) {
		printf("password: %s (shown once)\n", pw);
	}
	status = 0;
fail:
	sodium_memzero(pw, sizeof(pw));
	gz_db_close(db);
	return status;
}

/*
 * `gazette user reset LOGIN [--db FILE]`: make a reset link for LOGIN and
 * print it with how long it works.  Exit 1 for an unknown or disabled
 * account or a database fault, 2 for a usage error.
 */
static int
user_reset(int argc, char **argv)
{
	const char *path = NULL, *help = NULL, *no_mfa = NULL, *base;
	const struct gz_cli_opt opts[] = {
	    {"db", 1, &path}, {"help", 0, &help}, {"remove-second-factor", 0, &no_mfa}};
	char err[512], token[GZ_RESET_TOKEN_HEX + 1];
	const char *pos[1];
	struct gz_arena arena;
	struct gz_db *db = NULL;
	struct gz_user u;
	enum gz_err rc;
	size_t npos, n;
	int status = 1;

	gz_arena_init(&arena, 4096, 1024 * 1024);
	if (gz_cli_parse(argc, argv, opts, sizeof(opts) / sizeof(opts[0]), pos, 1, &npos, err,
	                 sizeof(err)) != 0) {
		fprintf(stderr, "gazette user reset: %s\n%s", err, usage);
		status = GZ_EXIT_USAGE;
		goto out;
	}
	if (help != NULL) {
		fputs(usage, stdout);
		status = 0;
		goto out;
	}
	if (npos != 1) {
		fprintf(stderr, "gazette user reset: missing LOGIN\n%s", usage);
		status = GZ_EXIT_USAGE;
		goto out;
	}
	if (path == NULL) {
		path = gz_cli_default_db();
	}
	if ((db = gz_db_open(path, 0, err, sizeof(err))) == NULL ||
	    gz_db_migrate(db, err, sizeof(err)) != GZ_OK) {
		fprintf(stderr, "gazette: %s\n", err);
		goto out;
	}
	rc = gz_user_login_valid(pos[0]) ? gz_user_by_login(db, &arena, pos[0], &u) : GZ_ENOTFOUND;
	if (rc == GZ_ENOTFOUND) {
		fprintf(stderr, "gazette: no user %s\n", pos[0]);
		goto out;
	}
	if (rc == GZ_OK) {
		rc = gz_reset_create(db, u.id, 0, (int64_t)gz_clock_now(), token);
	}
	if (rc == GZ_EPERM) {
		fprintf(stderr, "gazette: user %s is disabled; enable it first\n", u.login);
		goto out;
	}
	if (rc != GZ_OK) {
		fprintf(stderr, "gazette: cannot make a reset link for %s: %s\n", pos[0],
		        gz_strerror(rc));
		goto out;
	}
	(void)gz_audit_log(db, 0, GZ_AUDIT_PASSWORD_RESET, u.login, "reset link made on the CLI");
	if (no_mfa != NULL) {
		if ((rc = gz_mfa_disable(db, u.id)) != GZ_OK) {
			fprintf(stderr, "gazette: cannot remove the second factor of %s: %s\n",
			        u.login, gz_strerror(rc));
			goto out;
		}
		(void)gz_audit_log(db, 0, GZ_AUDIT_TOTP_CHANGE, u.login, "removed on the CLI");
		printf("second factor of %s removed\n", u.login);
	}
	base = gz_setting_get(db, &arena, "base_url", "");
	n = base != NULL ? strlen(base) : 0;
	while (n > 0 && base[n - 1] == '/') {
		n--;
	}
	printf("reset link for %s (works once, for %d hours):\n%.*s/admin/reset/%s\n", u.login,
	       GZ_RESET_LIFETIME / 3600, (int)n, base != NULL ? base : "", token);
	if (n == 0) {
		printf("(the setting base_url is empty: put the site's address in front)\n");
	}
	sodium_memzero(token, sizeof(token));
	status = 0;
out:
	gz_db_close(db);
	gz_arena_free(&arena);
	return status;
}

int
gz_cli_user(int argc, char **argv)
{
	if (argc >= 1 && strcmp(argv[0], "add") == 0) {
		return user_add(argc - 1, argv + 1);
	}
	if (argc >= 1 && strcmp(argv[0], "reset") == 0) {
		return user_reset(argc - 1, argv + 1);
	}
	if (argc >= 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "help") == 0)) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc >= 1) {
		fprintf(stderr, "gazette user: unknown command: %s\n", argv[0]);
	}
	fputs(usage, stderr);
	return GZ_EXIT_USAGE;
}
