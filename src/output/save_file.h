/* save_file.h - the file --save writes: never in place, never through a
 * symbolic link, readable by its owner only. */
#ifndef LWPS_SAVE_FILE_H
#define LWPS_SAVE_FILE_H

#include <stdio.h>

/* Reasons save_file_open() gives besides -errno. */
enum {
	SAVE_SYMLINK = -10001,       /* the target is a symbolic link */
	SAVE_NOT_REGULAR = -10002,   /* a directory, device, FIFO, ... */
};

struct save_file {
	const char *path;    /* the target, "-" for standard output */
	char *tmp;           /* the temporary file beside it, or NULL */
	FILE *fp;            /* where to write */
};

/* Checks the target and creates a temporary file (mode 0600) in its
 * directory, so that a save that cannot be written fails before anything
 * is read.  Returns 0, -errno, SAVE_SYMLINK or SAVE_NOT_REGULAR. */
int save_file_open(struct save_file *sf, const char *path);

/* Writes the temporary file out (fsync) and renames it over the target.
 * Returns 0 or -errno; on failure the target is left as it was. */
int save_file_commit(struct save_file *sf);

/* Removes the temporary file: the target is left as it was. */
void save_file_abort(struct save_file *sf);

#endif
