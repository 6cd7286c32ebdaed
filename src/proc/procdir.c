/* procdir.c - walk the numeric entries of a /proc directory. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "proc/procdir.h"

/* Enough for a few thousand entries per system call. */
enum { DENTS_SIZE = 32 * 1024 };

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

pid_t procdir_id(const char *name)
{
	long long v = 0;
	size_t n = 0;

	if (name[0] < '1' || name[0] > '9')
		return 0;
	for (; name[n]; n++) {
		if (name[n] < '0' || name[n] > '9' || n >= 10)
			return 0;
		v = v * 10 + (name[n] - '0');
	}
	return v > 0x7fffffff ? 0 : (pid_t)v;
}

int procdir_each(int fd, procdir_fn *fn, void *ctx)
{
	/* Aligned for the records' 64-bit fields. */
	_Alignas(8) char buf[DENTS_SIZE];

	if (lseek(fd, 0, SEEK_SET) < 0)
		return -errno;
	for (;;) {
		long n = syscall(SYS_getdents64, fd, buf, sizeof(buf));

		if (n < 0)
			return errno == ENOENT ? 0 : -errno;   /* the process went away */
		if (n == 0)
			return 0;
		for (long off = 0; off < n;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
			pid_t id = procdir_id(d->d_name);

			off += d->d_reclen;
			if (id > 0)
				fn(ctx, id, d->d_name);
		}
	}
}
