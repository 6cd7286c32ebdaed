/* readfile.h - read a whole /proc file into a reusable buffer. */
#ifndef LWPS_READFILE_H
#define LWPS_READFILE_H

#include <stddef.h>

struct buf {
	char *data;     /* always NUL-terminated after a successful read */
	size_t len;
	size_t cap;
};

/* Reads `path` (relative to `dirfd`, or absolute) whole into `b`.
 * Returns 0 or -errno (-ENOENT/-ESRCH: vanished, -EACCES: denied). */
int read_file_at(int dirfd, const char *path, struct buf *b);
/* Reads the open file `fd` whole from its start (pread from offset 0),
 * again and again: a /proc file is generated anew each time. */
int pread_whole(int fd, struct buf *b);
/* Reads `path` under `dirfd` to its end, for a file the kernel hands out
 * a page or so per read() (maps): a short read is not its end. */
int read_file_to_end_at(int dirfd, const char *path, struct buf *b);
void buf_release(struct buf *b);

#endif
