/*
 * Option parsing for the subcommands: GNU-style long options only, no
 * short ones, no abbreviations.  It knows nothing of what the options mean,
 * only the two defaults every command shares: where the database is, and
 * the media folder beside it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/cli.h"

const char *
gz_cli_default_db(void)
{
	const char *p = getenv("GAZETTE_DB");

	return p != NULL && p[0] != '\0' ? p : "gazette.db";
}

char *
gz_cli_media_dir(const char *db)
{
	const char *slash = strrchr(db, '/');
	char *m;

	if (slash == NULL) {
		return strdup("media");
	}
	if (asprintf(&m, "%.*s/media", (int)(slash - db), db) < 0) {
		return NULL;
	}
	return m;
}

int
gz_cli_parse(int argc, char **argv, const struct gz_cli_opt *opts, size_t nopts, const char **pos,
             size_t maxpos, size_t *npos, char *err, size_t errsz)
{
	const struct gz_cli_opt *o;
	const char *arg, *eq, *val;
	size_t i, namelen;
	int k, only_pos = 0;

	*npos = 0;
	for (k = 0; k < argc; k++) {
		arg = argv[k];
		if (only_pos || arg[0] != '-' || strcmp(arg, "-") == 0) {
			if (*npos >= maxpos) {
				snprintf(err, errsz, "unexpected argument: %s", arg);
				return -1;
			}
			pos[(*npos)++] = arg;
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			only_pos = 1;
			continue;
		}
		if (arg[1] != '-') {
			snprintf(err, errsz, "unknown option: %s", arg);
			return -1;
		}
		arg += 2;
		eq = strchr(arg, '=');
		namelen = eq != NULL ? (size_t)(eq - arg) : strlen(arg);
		for (i = 0, o = NULL; i < nopts; i++) {
			if (strlen(opts[i].name) == namelen &&
			    strncmp(opts[i].name, arg, namelen) == 0) {
				o = &opts[i];
				break;
			}
		}
		if (o == NULL) {
			snprintf(err, errsz, "unknown option: --%.*s", (int)namelen, arg);
			return -1;
		}
		if (!o->takes_value) {
			if (eq != NULL) {
				snprintf(err, errsz, "option --%s takes no value", o->name);
				return -1;
			}
			val = "1";
		} else if (eq != NULL) {
			val = eq + 1;
		} else if (k + 1 < argc) {
			val = argv[++k];
		} else {
			snprintf(err, errsz, "option --%s needs a value", o->name);
			return -1;
		}
		if (o->value != NULL) {
			if (*o->value != NULL) {
				snprintf(err, errsz, "option --%s given twice", o->name);
				return -1;
			}
			*o->value = val;
		}
	}
	return 0;
}
