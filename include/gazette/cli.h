/*
 * Command-line subcommands other than the servers, and the small option
 * parser that main shares with them.
 *
 * Each gz_cli_<command> takes the arguments after its subcommand word:
 * for `gazette user add bob --role author`, argc is 4 and argv is
 * {"add", "bob", "--role", "author"}.  argv need not be NULL-terminated.
 * Each returns the process exit status: 0 on success, 1 on failure (one
 * line on stderr), GZ_EXIT_USAGE for a usage error (usage on stderr).
 * They print on stdout and stderr and may read stdin; main calls
 * sodium_init() before them.
 */
#ifndef GAZETTE_CLI_H
#define GAZETTE_CLI_H

#include <stddef.h>

#define GZ_EXIT_USAGE 2 /* exit status for a usage error */

/* One option a command accepts. */
struct gz_cli_opt {
	const char *name;   /* long name without the dashes: "db" for --db */
	int takes_value;    /* 1: "--db FILE" or "--db=FILE"; 0: a flag */
	const char **value; /* set to the value, or to "1" for a flag; must start NULL */
};

/*
 * Parse argv[0..argc): "--name", "--name VALUE" and "--name=VALUE" per
 * opts (nopts entries); any other word is positional and is stored in pos
 * (at most maxpos, count in *npos).  Options and positionals may mix; "--"
 * makes every later word positional; "-" alone is positional.  Values
 * point into argv.  Returns 0, or -1 with a one-line message in err for an
 * unknown option, a missing value, a value given to a flag, an option given
 * twice, or too many positionals.
 */
int gz_cli_parse(int argc, char **argv, const struct gz_cli_opt *opts, size_t nopts,
                 const char **pos, size_t maxpos, size_t *npos, char *err, size_t errsz);

/* The database path to use when --db is not given: $GAZETTE_DB if set and
 * not empty, else "gazette.db" (in the current folder).  Static or from the
 * environment; do not free. */
const char *gz_cli_default_db(void);

/*
 * The media folder of the database at db: the folder "media" next to the
 * file ("site/gazette.db" -> "site/media", "gazette.db" -> "media"), where
 * uploads are stored and /media/ is served from.  Every command that
 * stores or checks media files uses this one rule.  Returns a string the
 * caller frees with free(), or NULL when out of memory.
 */
char *gz_cli_media_dir(const char *db);

/*
 * gazette media rebuild [--db FILE] [--media DIR]
 * Give every library image lacking them its resized copies (media.h,
 * gz_media_rebuild); one line per image changed or failed, then a total.
 * Exit 1 when any failed, GZ_EXIT_USAGE for bad arguments.
 */
int gz_cli_media(int argc, char **argv);

/*
 * gazette init [--db FILE] [--demo]
 * Create the database if needed and migrate it; with --demo, load the demo
 * content (refused, exit 1, when the database already has articles) and
 * print the generated admin password once.
 */
int gz_cli_init(int argc, char **argv);

/*
 * gazette user add LOGIN --role admin|editor|author [--name NAME] [--db FILE]
 *                  [--password-stdin]
 * Create a staff account in an existing database.  The password is one line
 * read from stdin with --password-stdin, else generated and printed once.
 */
int gz_cli_user(int argc, char **argv);

/*
 * gazette check [--db FILE] [--quick] [--media DIR]
 * Is the database whole: its header (not a database, truncated), PRAGMA
 * integrity_check (quick_check with --quick), foreign_key_check, the FTS5
 * integrity-check of the search index against the articles, the schema
 * version, and every media row's file in the media folder
 * (gz_cli_media_dir, or DIR) with its size.  Prints one line per finding,
 * each followed by what to do (restore or salvage with .recover, rebuild
 * the search index through gazette sql, restore the media folder, ...),
 * a "media: N files present" line, then a summary line.  Only reads.
 * Exit status 0 when clean, 1 when anything is damaged, GZ_EXIT_USAGE for
 * a usage error.
 */
int gz_cli_check(int argc, char **argv);

/*
 * gazette backup FILE [--db FILE]
 * A consistent copy of the database in FILE while the site serves and
 * writes (gz_backup_copy): FILE is replaced only by a whole, checked copy;
 * refused when FILE is the database itself.  Prints pages and bytes
 * copied and where the media files are (not in the copy: cp -a or
 * rsync).  Exit 0, 1 with a message on failure, GZ_EXIT_USAGE.
 */
int gz_cli_backup(int argc, char **argv);

/*
 * gazette export wordpress [--db FILE] [--base-url URL]
 * The whole site as a WordPress export (WXR 1.2, wxr_write.h) on stdout,
 * its addresses absolute on --base-url, else the base_url setting, else
 * the default (with a note).  Only reads.  A summary of what was written
 * goes to stderr; exit 1 with a message when the database cannot be read
 * or the output written (what was already written is then not a whole
 * document, and the message says so).
 */
int gz_cli_export(int argc, char **argv);

/*
 * gazette import wordpress FILE.xml [--media DIR] [--db FILE] [--dry-run]
 * Import a WordPress export (gz_wp_import, wp_import.h) into an existing
 * database, media files from DIR (the old wp-content/uploads) into the
 * media folder next to it (gz_cli_media_dir).  A progress bar on stderr
 * when it is a terminal; the report on stdout: counts per kind (new,
 * already there, skipped), then every changed or skipped item and missing
 * media file with the reason.  --dry-run keeps nothing.  Exit 0, 1 when
 * the file is not a readable WordPress export or the import failed (the
 * batches committed before stay: run it again to finish), GZ_EXIT_USAGE.
 */
int gz_cli_import(int argc, char **argv);

#endif
