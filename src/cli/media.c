/*
 * `gazette media rebuild [--db FILE] [--media DIR]`: give every image in
 * the media library the resized copies uploads get today (media.h,
 * gz_media_rebuild), for images stored before copies existed or whose
 * copies were lost.  It reads the arguments, walks the library oldest
 * first, prints one line per image it changed or could not, and a total;
 * the work is the media model's.  Safe while gazette serves: each image's
 * copies are written before their rows, in their own transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazette/arena.h"
#include "gazette/cli.h"
#include "gazette/db.h"
#include "gazette/media.h"

static const char usage[] =
    "usage: gazette media rebuild [--db FILE] [--media DIR]\n"
    "  make the resized copies (320 to 1920 pixels wide, metadata left out)\n"
    "  that pages offer readers, for every image in the library lacking\n"
    "  them; images that have them are left alone.  DIR is the media folder\n"
    "  (default: \"media\" next to the database).  Exit 1 if any image failed.\n";

int
gz_cli_media(int argc, char **argv)
{
	const char *path = NULL, *dir = NULL, *help = NULL, *pos[1], *why;
	const struct gz_cli_opt opts[] = {
	    {"db", 1, &path},
	    {"media", 1, &dir},
	    {"help", 0, &help},
	};
	struct gz_arena arena;
	struct gz_db *db = NULL;
	char err[1024], *media_dir = NULL;
	int64_t *ids;
	size_t npos = 0, n = 0, i;
	long images = 0, copies = 0, failed = 0;
	enum gz_err rc;
	int made, status = 0;

	if (gz_cli_parse(argc, argv, opts, sizeof(opts) / sizeof(opts[0]), pos, 1, &npos, err,
	                 sizeof(err)) != 0) {
		fprintf(stderr, "gazette media: %s\n%s", err, usage);
		return GZ_EXIT_USAGE;
	}
	if (help != NULL) {
		fputs(usage, stdout);
		return 0;
	}
	if (npos != 1 || strcmp(pos[0], "rebuild") != 0) {
		fprintf(stderr, "gazette media: the one command is \"rebuild\"\n%s", usage);
		return GZ_EXIT_USAGE;
	}
	if (path == NULL) {
		path = gz_cli_default_db();
	}
	if (dir == NULL && (dir = media_dir = gz_cli_media_dir(path)) == NULL) {
		fprintf(stderr, "gazette media: out of memory\n");
		return 1;
	}
	gz_arena_init(&arena, 64 * 1024, 0);
	if ((db = gz_db_open(path, 0, err, sizeof(err))) == NULL ||
	    gz_db_migrate(db, err, sizeof(err)) != GZ_OK) {
		fprintf(stderr, "gazette media: %s\n", err);
		status = 1;
		goto done;
	}
	if ((rc = gz_media_ids(db, &arena, &ids, &n)) != GZ_OK) {
		fprintf(stderr, "gazette media: cannot list the library: %s\n", gz_strerror(rc));
		status = 1;
		goto done;
	}
	for (i = 0; i < n; i++) {
		rc = gz_media_rebuild(db, dir, ids[i], &made, &why);
		if (rc == GZ_ENOTFOUND) {
			continue; /* deleted meanwhile */
		}
		if (rc != GZ_OK) {
			printf("media %lld: %s\n", (long long)ids[i],
			       why != NULL ? why : gz_strerror(rc));
			failed++;
			continue;
		}
		if (made > 0) {
			printf("media %lld: %d copies made\n", (long long)ids[i], made);
			images++;
			copies += made;
		}
	}
	printf("media: %zu images, %ld given %ld copies, %ld failed (%s)\n", n, images, copies,
	       failed, dir);
	status = failed > 0 ? 1 : 0;
done:
	if (db != NULL) {
		gz_db_close(db);
	}
	gz_arena_free(&arena);
	free(media_dir);
	return status;
}
