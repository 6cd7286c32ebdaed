/* readfile.c - read a whole /proc file into a reusable buffer. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "proc/readfile.h"
#include "util/xalloc.h"

/* Most task files fit in this; one read() then takes the whole file. */
enum { FIRST_READ = 8192 };

int pread_whole(int fd, struct buf *b)
{
	b->len = 0;
	for (;;) {
		xgrow(&b->data, &b->cap, b->len + FIRST_READ, 1);
		size_t room = b->cap - b->len - 1;
		ssize_t n = pread(fd, b->data + b->len, room, (off_t)b->len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		b->len += (size_t)n;
		/* The kernel generates a task file whole and hands out all that
		 * fits, and a regular file is short only at its end: a short
		 * read is the end, which saves a second read() per file. */
		if ((size_t)n < room)
			break;
	}
	b->data[b->len] = '\0';
	return 0;
}

int read_file_at(int dirfd, const char *path, struct buf *b)
{
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return -errno;
	int err = pread_whole(fd, b);

	close(fd);
	return err;
}

int read_file_to_end_at(int dirfd, const char *path, struct buf *b)
{
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return -errno;
	b->len = 0;
	for (;;) {
		xgrow(&b->data, &b->cap, b->len + 65536, 1);
		ssize_t n = read(fd, b->data + b->len, b->cap - b->len - 1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int err = n < 0 ? -errno : 0;

			close(fd);
			b->data[b->len] = '\0';
			return err;
		}
		b->len += (size_t)n;
	}
}

void buf_release(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
