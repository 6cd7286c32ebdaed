/* timeit.c - run one command with its output thrown away and print what
 * it cost: "WALL_S USER_S SYS_S MAXRSS_KIB STATUS" on one line.
 *
 * bench/run uses it instead of timing from Python: a child forked from a
 * large process starts with that process's resident pages counted in its
 * peak RSS (exec keeps the old mm's high-water mark), and a vfork()ed one
 * with all of them.  Forked from this small program, the command's
 * maxrss is its own to within a few KiB.  GNU time prints only to 10 ms.
 *
 *   timeit [-e ERRFILE] [-o OUTFILE] COMMAND [ARG]...
 *
 * The command's stdin and stdout are /dev/null (stdout OUTFILE with -o),
 * its stderr ERRFILE with -e, else the terminal's.  STATUS is the exit
 * status, or 128 + the signal that killed it. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void usage(void)
{
	fputs("Usage: timeit [-e ERRFILE] [-o OUTFILE] COMMAND [ARG]...\n", stderr);
	exit(2);
}

static void redirect(const char *path, int flags, int to)
{
	int fd = open(path, flags | O_CLOEXEC, 0644);

	if (fd < 0) {
		fprintf(stderr, "timeit: cannot open '%s': %s\n", path, strerror(errno));
		_exit(126);
	}
	if (dup2(fd, to) < 0) {
		fprintf(stderr, "timeit: dup2: %s\n", strerror(errno));
		_exit(126);
	}
}

static double tv_s(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
	const char *errfile = NULL, *outfile = "/dev/null";
	struct timespec t0, t1;
	struct rusage ru;
	int opt, wstatus, status;
	pid_t pid;

	while ((opt = getopt(argc, argv, "+e:o:h")) != -1) {
		switch (opt) {
		case 'e': errfile = optarg; break;
		case 'o': outfile = optarg; break;
		default: usage();
		}
	}
	if (optind >= argc)
		usage();
	if (fflush(stdout) == EOF)
		return 1;

	if (clock_gettime(CLOCK_MONOTONIC, &t0) < 0) {
		perror("timeit: clock_gettime");
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		perror("timeit: fork");
		return 1;
	}
	if (pid == 0) {
		redirect("/dev/null", O_RDONLY, 0);
		redirect(outfile, O_WRONLY | O_CREAT | O_TRUNC, 1);
		if (errfile)
			redirect(errfile, O_WRONLY | O_CREAT | O_TRUNC, 2);
		execvp(argv[optind], argv + optind);
		fprintf(stderr, "timeit: cannot run '%s': %s\n", argv[optind], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &wstatus, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("timeit: wait4");
			return 1;
		}
	}
	if (clock_gettime(CLOCK_MONOTONIC, &t1) < 0) {
		perror("timeit: clock_gettime");
		return 1;
	}
	status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
	if (printf("%.6f %.6f %.6f %ld %d\n",
		   (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
		   tv_s(ru.ru_utime), tv_s(ru.ru_stime), ru.ru_maxrss, status) < 0 ||
	    fflush(stdout) == EOF) {
		perror("timeit: write");
		return 1;
	}
	return 0;
}
