/* readfile.c - read a whole /proc file into a reusable buffer. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "proc/readfile.h"
#include "util/xalloc.h"

int read_file_at(int dirfd, const char *path, struct buf *b)
{
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return -errno;
	b->len = 0;
	for (;;) {
		/* Keep room for the terminating NUL. */
		xgrow(&b->data, &b->cap, b->len + 4096, 1);
		ssize_t n = read(fd, b->data + b->len, b->cap - b->len - 1);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			int err = -errno;

			close(fd);
			return err;
		}
		if (n == 0)
			break;
		b->len += (size_t)n;
	}
	close(fd);
	b->data[b->len] = '\0';
	return 0;
}

void buf_release(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
