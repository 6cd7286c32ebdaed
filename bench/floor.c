/* floor.c - the benchmark's floor: the least work that reads the same
 * /proc data a view shows, to compare lwps, ps, pstree and pmap against.
 *
 * It walks /proc and /proc/PID/task with getdents64 on directory fds,
 * opens each wanted file with openat relative to them, reads it once into
 * a buffer large enough that one read() normally takes it all, parses
 * nothing, and prints only counts.  With -m it reads one process's smaps
 * to its end in large reads instead.
 *
 *   floor            each task's stat (task/TID/stat), like -T
 *   floor -T -S -w   each task's stat, status and wchan
 *   floor -P -s -c   each process's stat, status and cmdline
 *   floor -m PID     /proc/PID/smaps, once
 *
 * Two flags add, on purpose, what libproc2 does per task, so its cost can
 * be measured apart: -a opens each task file by its absolute path
 * (/proc/PID/task/TID/stat: a full path walk each time), -x stat()s each
 * task's directory first (libproc2 takes the task's owner from it). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

enum {
	W_TSTAT = 1 << 0,      /* task/TID/stat */
	W_TSTATUS = 1 << 1,    /* task/TID/status */
	W_TWCHAN = 1 << 2,     /* task/TID/wchan */
	W_PSTAT = 1 << 3,      /* PID/stat */
	W_PSTATUS = 1 << 4,    /* PID/status */
	W_PCMDLINE = 1 << 5,   /* PID/cmdline */
	W_TASKS = W_TSTAT | W_TSTATUS | W_TWCHAN,
	W_PROC = W_PSTAT | W_PSTATUS | W_PCMDLINE,
	W_ABSOLUTE = 1 << 6,   /* -a: absolute paths for task files */
	W_STATDIR = 1 << 7,    /* -x: stat() each task's directory */
};

enum { DENTS_SIZE = 64 * 1024, FILE_BUF = 16 * 1024, SMAPS_BUF = 256 * 1024 };

struct counts {
	unsigned long processes, tasks, files, bytes, errors;
};

static char filebuf[FILE_BUF];
static const char *cur_pid;    /* the process whose tasks are walked */

static void usage(void)
{
	fputs("Usage: floor [-T] [-S] [-w] [-P] [-s] [-c] [-a] [-x] | floor -m PID\n"
	      "  -T      read each task's stat (the default)\n"
	      "  -S      read each task's status\n"
	      "  -w      read each task's wchan\n"
	      "  -P      read each process's stat\n"
	      "  -s      read each process's status\n"
	      "  -c      read each process's cmdline\n"
	      "  -m PID  read /proc/PID/smaps once, to its end\n"
	      "  -a      open task files by absolute path, as libproc2 does\n"
	      "  -x      stat() each task's directory first, as libproc2 does\n",
	      stderr);
	exit(2);
}

static bool vanished(int err)
{
	return err == ENOENT || err == ESRCH;
}

static void report(struct counts *c, const char *what, const char *name, int err)
{
	if (vanished(err))
		return;         /* it exited meanwhile */
	fprintf(stderr, "floor: cannot read '%s/%s': %s\n", what, name, strerror(err));
	c->errors++;
}

/* Reads `name` under `dirfd` with one read(), more only if it fills the
 * buffer.  Returns 0 or an errno value. */
static int read_once(int dirfd, const char *name, struct counts *c)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	ssize_t n;
	int err = 0;

	if (fd < 0)
		return errno;
	do {
		n = read(fd, filebuf, sizeof(filebuf));
		if (n < 0 && errno != EINTR) {
			err = errno;
			break;
		}
		if (n > 0)
			c->bytes += (unsigned long)n;
	} while (n < 0 || n == (ssize_t)sizeof(filebuf));
	if (close(fd) < 0 && !err)
		err = errno;
	if (!err)
		c->files++;
	return err;
}

static bool is_number(const char *s)
{
	if (*s < '1' || *s > '9')
		return false;
	while (*++s)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Calls fn(dirfd, name, ...) for each numeric entry of the directory at
 * fd.  Returns 0 or an errno value. */
typedef void entry_fn(int dirfd, const char *name, unsigned what, struct counts *c);

static int walk_numeric(int fd, entry_fn *fn, unsigned what, struct counts *c)
{
	static char dents[2][DENTS_SIZE];
	static int depth;
	char *buf = dents[depth++];
	int err = 0;

	for (;;) {
		long n = syscall(SYS_getdents64, fd, buf, DENTS_SIZE);

		if (n < 0) {
			err = errno;
			break;
		}
		if (n == 0)
			break;
		for (long off = 0; off < n;) {
			struct dirent64 *d = (struct dirent64 *)(buf + off);

			off += d->d_reclen;
			if (is_number(d->d_name))
				fn(fd, d->d_name, what, c);
		}
	}
	depth--;
	return err;
}

static void one_task(int taskfd, const char *tid, unsigned what, struct counts *c)
{
	static const struct { unsigned bit; const char *file; } files[] = {
		{ W_TSTAT, "stat" }, { W_TSTATUS, "status" }, { W_TWCHAN, "wchan" },
	};
	char path[96];
	bool counted = false;
	int dirfd = (what & W_ABSOLUTE) ? AT_FDCWD : taskfd;

	if (what & W_STATDIR) {
		struct stat st;

		if (what & W_ABSOLUTE)
			snprintf(path, sizeof(path), "/proc/%s/task/%s", cur_pid, tid);
		else
			snprintf(path, sizeof(path), "%s", tid);
		if (fstatat(dirfd, path, &st, 0) < 0) {
			report(c, "task", path, errno);
			return;
		}
	}
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (!(what & files[i].bit))
			continue;
		if (what & W_ABSOLUTE)
			snprintf(path, sizeof(path), "/proc/%s/task/%s/%s", cur_pid, tid,
				 files[i].file);
		else
			snprintf(path, sizeof(path), "%s/%s", tid, files[i].file);
		int err = read_once(dirfd, path, c);

		if (err)
			report(c, "task", path, err);
		else if (!counted) {
			c->tasks++;
			counted = true;
		}
	}
}

/* Process files are read relative to the process's directory; with task
 * files only, "PID/task" is opened straight from /proc. */
static void one_process(int procfd, const char *pid, unsigned what, struct counts *c)
{
	static const struct { unsigned bit; const char *file; } files[] = {
		{ W_PSTAT, "stat" }, { W_PSTATUS, "status" }, { W_PCMDLINE, "cmdline" },
	};
	char path[64];
	int pidfd = -1, err;

	c->processes++;
	if (what & W_PROC) {
		pidfd = openat(procfd, pid, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (pidfd < 0) {
			c->processes--;
			report(c, "/proc", pid, errno);
			return;
		}
		for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
			if (!(what & files[i].bit))
				continue;
			err = read_once(pidfd, files[i].file, c);
			if (err)
				report(c, pid, files[i].file, err);
		}
	}
	if (what & W_TASKS) {
		int taskfd;

		cur_pid = pid;
		if (pidfd >= 0) {
			taskfd = openat(pidfd, "task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		} else {
			snprintf(path, sizeof(path), "%s/task", pid);
			taskfd = openat(procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		}
		if (taskfd < 0) {
			report(c, pid, "task", errno);
		} else {
			err = walk_numeric(taskfd, one_task, what, c);
			if (err)
				report(c, pid, "task", err);
			if (close(taskfd) < 0)
				report(c, pid, "task", errno);
		}
	}
	if (pidfd >= 0 && close(pidfd) < 0)
		report(c, "/proc", pid, errno);
}

static int read_smaps(const char *pid, struct counts *c)
{
	static char big[SMAPS_BUF];
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%s/smaps", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "floor: cannot open '%s': %s\n", path, strerror(errno));
		return 1;
	}
	while ((n = read(fd, big, sizeof(big))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "floor: cannot read '%s': %s\n", path, strerror(errno));
			close(fd);
			return 1;
		}
		c->bytes += (unsigned long)n;
	}
	if (close(fd) < 0) {
		fprintf(stderr, "floor: cannot close '%s': %s\n", path, strerror(errno));
		return 1;
	}
	c->files = 1;
	return 0;
}

int main(int argc, char **argv)
{
	struct counts c = { 0 };
	const char *smaps_pid = NULL;
	unsigned what = 0;
	int opt, procfd, err, status = 0;

	while ((opt = getopt(argc, argv, "TSwPscaxm:h")) != -1) {
		switch (opt) {
		case 'T': what |= W_TSTAT; break;
		case 'S': what |= W_TSTATUS; break;
		case 'w': what |= W_TWCHAN; break;
		case 'P': what |= W_PSTAT; break;
		case 's': what |= W_PSTATUS; break;
		case 'c': what |= W_PCMDLINE; break;
		case 'a': what |= W_ABSOLUTE; break;
		case 'x': what |= W_STATDIR; break;
		case 'm': smaps_pid = optarg; break;
		default: usage();
		}
	}
	if (optind != argc || (smaps_pid && what))
		usage();

	if (smaps_pid) {
		if (!is_number(smaps_pid))
			usage();
		status = read_smaps(smaps_pid, &c);
	} else {
		if (!(what & (W_TASKS | W_PROC)))
			what |= W_TSTAT;
		procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (procfd < 0) {
			fprintf(stderr, "floor: cannot open '/proc': %s\n", strerror(errno));
			return 1;
		}
		err = walk_numeric(procfd, one_process, what, &c);
		if (err) {
			fprintf(stderr, "floor: cannot read '/proc': %s\n", strerror(err));
			status = 1;
		}
		if (close(procfd) < 0) {
			fprintf(stderr, "floor: cannot close '/proc': %s\n", strerror(errno));
			status = 1;
		}
	}
	if (c.errors)
		status = 1;
	if (printf("processes %lu tasks %lu files %lu bytes %lu\n",
		   c.processes, c.tasks, c.files, c.bytes) < 0 || fflush(stdout) == EOF) {
		fprintf(stderr, "floor: cannot write to standard output: %s\n", strerror(errno));
		status = 1;
	}
	return status;
}
