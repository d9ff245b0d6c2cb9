/*
 * `gazette backup FILE [--db FILE]`: a consistent copy of the live
 * database, taken while the site serves and writes (backup.h does the
 * copying).  It reads the arguments, says what was copied and reminds the
 * operator that media files are not in it: they live in the folder next
 * to the database and are copied with cp or rsync.
 */
#include <stdio.h>
#include <stdlib.h>

#include "gazette/backup.h"
#include "gazette/cli.h"

static const char usage[] =
    "usage: gazette backup FILE [--db FILE]\n"
    "  a consistent copy of the database in FILE, safe while gazette serves;\n"
    "  FILE is replaced only once the copy is whole.  Media files are not in\n"
    "  it: they live in the folder \"media\" next to the database; copy it\n"
    "  with cp -a or rsync -a.\n";

int
gz_cli_backup(int argc, char **argv)
{
	const char *path = NULL, *help = NULL, *pos[1];
	const struct gz_cli_opt opts[] = {
	    {"db", 1, &path},
	    {"help", 0, &help},
	};
	struct gz_backup_stats st;
	char err[1024], *media;
	size_t npos = 0;

	if (gz_cli_parse(argc, argv, opts, sizeof(opts) / sizeof(opts[0]), pos, 1, &npos, err,
	                 sizeof(err)) != 0) {
		fprintf(stderr, "gazette backup: %s\n%s", err, usage);
		return GZ_EXIT_USAGE;
	}
	if (help != NULL) {
		fputs(usage, stdout);
		return 0;
	}
	if (npos != 1 || pos[0][0] == '\0') {
		fprintf(stderr, "gazette backup: name the backup file\n%s", usage);
		return GZ_EXIT_USAGE;
	}
	if (path == NULL) {
		path = gz_cli_default_db();
	}
	if (gz_backup_copy(path, pos[0], &st, err, sizeof(err)) != GZ_OK) {
		fprintf(stderr, "gazette backup: %s\n", err);
		return 1;
	}
	printf("%s: %lld pages, %lld bytes copied from %s (%lld steps, %lld waits, %lld ms)\n",
	       pos[0], (long long)st.pages, (long long)st.bytes, path, (long long)st.steps,
	       (long long)st.waits, (long long)st.elapsed);
	media = gz_cli_media_dir(path);
	printf("note: media files are not in the backup; copy %s with cp -a or rsync -a\n",
	       media != NULL ? media : "the media folder");
	free(media);
	return 0;
}
