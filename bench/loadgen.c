/* loadgen.c - the benchmark's load: NPROC processes of NTHREADS tasks each
 * (threads named lg-<p>-<t>, the leader lg-<p>-0), and optionally one
 * process ("lg-maps") holding NMAPS mappings that cannot merge (one
 * region, every page touched, every other page made read-only).
 *
 * It prints "proc PID" for each process it made, "maps PID" for the
 * mapping process, then "ready TASKS MAPPINGS", and waits.  It ends, and
 * kills everything it started, on SIGTERM, SIGINT or SIGHUP, on EOF on
 * standard input, when its parent dies, or when one of its children dies.
 * Its children die with it (PR_SET_PDEATHSIG).  As pid 1 of a pid
 * namespace (bench/run --isolate) it also reaps the orphans it inherits.
 *
 * With -r (as root) it raises kernel.pid_max, kernel.threads-max,
 * vm.max_map_count and RLIMIT_NPROC when the load needs more, and puts the
 * old values back when it ends; without -r, or not as root, it only says
 * which limit is too small. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

enum { THREAD_STACK = 64 * 1024 };

/* Tasks and pids the rest of the system may take while the load runs. */
enum { PID_MARGIN = 16384, MAP_MARGIN = 1024 };

struct sysctl_saved {
	const char *path;
	long old;
	bool changed;
};

static struct sysctl_saved saved[] = {
	{ "/proc/sys/kernel/pid_max", 0, false },
	{ "/proc/sys/kernel/threads-max", 0, false },
	{ "/proc/sys/vm/max_map_count", 0, false },
};
enum { SC_PID_MAX, SC_THREADS_MAX, SC_MAP_COUNT };

static pid_t *children;
static size_t nchildren;

static void warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void warnx(const char *fmt, ...)
{
	va_list ap;

	fputs("loadgen: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void usage(void)
{
	fputs("Usage: loadgen [-p NPROC] [-t NTHREADS] [-m NMAPS] [-r]\n"
	      "  -p NPROC     processes to start (default 200)\n"
	      "  -t NTHREADS  tasks in each, the leader included (default 50)\n"
	      "  -m NMAPS     one more process with NMAPS mappings (default 0: none)\n"
	      "  -r           as root, raise the kernel limits the load needs\n",
	      stderr);
	exit(2);
}

static long parse_count(const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max) {
		warnx("'%s' is not a number from %ld to %ld", s, min, max);
		usage();
	}
	return v;
}

static int read_long(const char *path, long *out)
{
	char buf[64];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	if (close(fd) < 0)
		return -errno;
	buf[n] = '\0';
	*out = strtol(buf, NULL, 10);
	return 0;
}

static int write_long(const char *path, long v)
{
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%ld\n", v);
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (write(fd, buf, (size_t)len) != len) {
		int err = errno ? -errno : -EIO;

		close(fd);
		return err;
	}
	if (close(fd) < 0)
		return -errno;
	return 0;
}

/* Makes sure the sysctl at `idx` is at least `want`: raised when allowed,
 * reported otherwise.  Returns 0 when the limit is enough. */
static int ensure_sysctl(int idx, long want, bool raise_ok)
{
	struct sysctl_saved *s = &saved[idx];
	long cur = 0;
	int err = read_long(s->path, &cur);

	if (err < 0) {
		warnx("cannot read '%s': %s", s->path, strerror(-err));
		return -1;
	}
	if (cur >= want)
		return 0;
	if (!raise_ok) {
		warnx("'%s' is %ld, the load needs %ld: raise it (as root: "
		      "echo %ld > %s) or run loadgen -r as root", s->path, cur, want, want, s->path);
		return -1;
	}
	err = write_long(s->path, want);
	if (err < 0) {
		warnx("cannot raise '%s' from %ld to %ld: %s", s->path, cur, want, strerror(-err));
		return -1;
	}
	s->old = cur;
	s->changed = true;
	warnx("raised '%s' from %ld to %ld (put back at exit)", s->path, cur, want);
	return 0;
}

static void restore_sysctls(void)
{
	for (size_t i = 0; i < sizeof(saved) / sizeof(saved[0]); i++) {
		if (!saved[i].changed)
			continue;
		int err = write_long(saved[i].path, saved[i].old);

		if (err < 0)
			warnx("cannot restore '%s' to %ld: %s", saved[i].path, saved[i].old,
			      strerror(-err));
		saved[i].changed = false;
	}
}

/* Tasks on the system now: the third field of /proc/loadavg is
 * "running/total". */
static long tasks_now(void)
{
	char buf[128];
	ssize_t n;
	const char *slash;
	int fd = open("/proc/loadavg", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	slash = strchr(buf, '/');
	return slash ? strtol(slash + 1, NULL, 10) : 0;
}

static int check_limits(long ntasks, long nmaps, bool raise_ok)
{
	long need = ntasks + tasks_now() + 1;
	struct rlimit rl;
	int bad = 0;

	if (ensure_sysctl(SC_PID_MAX, need + PID_MARGIN, raise_ok) < 0)
		bad = -1;
	if (ensure_sysctl(SC_THREADS_MAX, need + PID_MARGIN, raise_ok) < 0)
		bad = -1;
	if (nmaps > 0 && ensure_sysctl(SC_MAP_COUNT, nmaps + MAP_MARGIN, raise_ok) < 0)
		bad = -1;

	/* The kernel does not hold root to RLIMIT_NPROC. */
	if (geteuid() == 0)
		return bad;
	if (getrlimit(RLIMIT_NPROC, &rl) < 0) {
		warnx("cannot read RLIMIT_NPROC: %s", strerror(errno));
		return -1;
	}
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < (rlim_t)need) {
		if (rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= (rlim_t)need) {
			rl.rlim_cur = rl.rlim_max;
			if (setrlimit(RLIMIT_NPROC, &rl) < 0) {
				warnx("cannot raise RLIMIT_NPROC: %s", strerror(errno));
				return -1;
			}
		} else {
			warnx("'ulimit -u' allows %llu tasks (hard limit), the load needs %ld: "
			      "raise it as root", (unsigned long long)rl.rlim_max, need);
			bad = -1;
		}
	}
	return bad;
}

/* Every child: die with loadgen, even if loadgen is SIGKILLed. */
static void child_setup(pid_t parent, const char *name)
{
	sigset_t none;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		_exit(120);
	if (getppid() != parent)
		_exit(121);             /* loadgen already died */
	sigemptyset(&none);
	if (sigprocmask(SIG_SETMASK, &none, NULL) < 0)
		_exit(122);
	if (prctl(PR_SET_NAME, name) < 0)
		_exit(123);
}

/* Reports to loadgen: 0 when ready, else an errno value. */
static void child_report(int fd, int err)
{
	ssize_t n;

	do
		n = write(fd, &err, sizeof(err));
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(err))
		_exit(124);
	if (close(fd) < 0)
		_exit(125);
}

static void child_idle(void)
{
	for (;;)
		pause();
}

static void *thread_main(void *unused)
{
	(void)unused;
	child_idle();
	return NULL;
}

static void run_thread_group(int idx, long nthreads, int fd)
{
	pthread_attr_t attr;
	int err;

	err = pthread_attr_init(&attr);
	if (!err)
		err = pthread_attr_setstacksize(&attr, THREAD_STACK);
	for (long t = 1; !err && t < nthreads; t++) {
		char name[32];
		pthread_t th;

		/* At most "lg-100000-9999": within the kernel's 15 bytes. */
		snprintf(name, sizeof(name), "lg-%d-%d", idx, (int)t);
		err = pthread_create(&th, &attr, thread_main, NULL);
		if (!err)
			err = pthread_setname_np(th, name);
	}
	child_report(fd, err);
	if (err)
		_exit(1);
	child_idle();
}

static void run_mappings(long nmaps, int fd)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t len = (size_t)nmaps * (size_t)page;
	char *p;
	int err = 0;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		child_report(fd, errno);
		_exit(1);
	}
	for (long i = 0; i < nmaps; i++)
		p[(size_t)i * (size_t)page] = (char)i;
	for (long i = 1; i < nmaps; i += 2) {
		if (mprotect(p + (size_t)i * (size_t)page, (size_t)page, PROT_READ) < 0) {
			err = errno;
			break;
		}
	}
	child_report(fd, err);
	if (err)
		_exit(1);
	child_idle();
}

/* Forks one child running `fn`; waits for its report.  Returns its pid,
 * or -1 with the child's (or fork's) error in *err. */
static pid_t start_child(const char *name, int idx, long arg, int *err)
{
	int fds[2], rep = 0;
	pid_t parent = getpid(), pid;
	ssize_t n;

	if (pipe2(fds, O_CLOEXEC) < 0) {
		*err = errno;
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		*err = errno;
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		child_setup(parent, name);
		if (idx < 0)
			run_mappings(arg, fds[1]);
		else
			run_thread_group(idx, arg, fds[1]);
		_exit(0);
	}
	children[nchildren++] = pid;
	if (close(fds[1]) < 0) {
		*err = errno;
		close(fds[0]);
		return -1;
	}
	do
		n = read(fds[0], &rep, sizeof(rep));
	while (n < 0 && errno == EINTR);
	*err = n == (ssize_t)sizeof(rep) ? rep : (n < 0 ? errno : EPIPE);
	if (close(fds[0]) < 0 && !*err)
		*err = errno;
	return *err ? -1 : pid;
}

static void stop_children(void)
{
	for (size_t i = 0; i < nchildren; i++)
		if (kill(children[i], SIGKILL) < 0 && errno != ESRCH)
			warnx("cannot kill %d: %s", (int)children[i], strerror(errno));
	for (size_t i = 0; i < nchildren; i++)
		while (waitpid(children[i], NULL, 0) < 0 && errno == EINTR)
			;
	nchildren = 0;
}

static bool stop_requested(const sigset_t *set)
{
	sigset_t pend;

	if (sigpending(&pend) < 0)
		return false;
	for (int s = 1; s < NSIG; s++)
		if (sigismember(set, s) == 1 && s != SIGCHLD && sigismember(&pend, s) == 1)
			return true;
	return false;
}

static int out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int out(const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vprintf(fmt, ap);
	va_end(ap);
	if (r < 0 || fflush(stdout) == EOF) {
		warnx("cannot write to standard output: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static bool is_child(pid_t pid)
{
	for (size_t i = 0; i < nchildren; i++)
		if (children[i] == pid)
			return true;
	return false;
}

/* Reaps whatever has ended.  Returns -1 if one of the load's own
 * processes is among them: the load is broken. */
static int reap_others(void)
{
	int st, ret = 0;
	pid_t pid;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		if (!is_child(pid))
			continue;       /* an orphan handed to pid 1 */
		warnx("process %d of the load ended (%s %d): stopping the load", (int)pid,
		      WIFSIGNALED(st) ? "signal" : "status",
		      WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
		ret = -1;
	}
	if (pid < 0 && errno != ECHILD) {
		warnx("waitpid: %s", strerror(errno));
		return -1;
	}
	return ret;
}

/* Waits for a reason to stop; returns the exit status. */
static int wait_for_end(const sigset_t *set)
{
	struct signalfd_siginfo si;
	struct pollfd pf[2];
	bool watch_stdin = true;
	int sfd = signalfd(-1, set, SFD_CLOEXEC);

	if (sfd < 0) {
		warnx("signalfd: %s", strerror(errno));
		return 1;
	}
	for (;;) {
		pf[0] = (struct pollfd){ .fd = sfd, .events = POLLIN };
		pf[1] = (struct pollfd){ .fd = watch_stdin ? 0 : -1, .events = POLLIN };
		if (poll(pf, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			warnx("poll: %s", strerror(errno));
			break;
		}
		if (pf[1].revents) {
			char buf[256];
			ssize_t n = read(0, buf, sizeof(buf));

			if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
				break;      /* EOF (or stdin unusable): end */
		}
		if (pf[0].revents & POLLIN) {
			if (read(sfd, &si, sizeof(si)) != (ssize_t)sizeof(si))
				continue;
			if (si.ssi_signo != SIGCHLD)
				break;
			if (reap_others() < 0) {
				close(sfd);
				return 1;
			}
		}
	}
	close(sfd);
	return 0;
}

int main(int argc, char **argv)
{
	long nproc = 200, nthreads = 50, nmaps = 0;
	bool raise_ok = false;
	sigset_t set;
	int c, status = 0;
	long tasks;
	pid_t orig_parent = getppid();

	while ((c = getopt(argc, argv, "p:t:m:rh")) != -1) {
		switch (c) {
		case 'p': nproc = parse_count(optarg, 0, 100000); break;
		case 't': nthreads = parse_count(optarg, 1, 10000); break;
		case 'm': nmaps = parse_count(optarg, 0, 10000000); break;
		case 'r': raise_ok = true; break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();
	tasks = nproc * nthreads + (nmaps > 0);

	/* Signals are taken through a signalfd; children unblock them. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0) {
		warnx("sigprocmask: %s", strerror(errno));
		return 1;
	}
	/* SIGTERM reaches us through the signalfd when the parent dies. */
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0) {
		warnx("prctl(PR_SET_PDEATHSIG): %s", strerror(errno));
		return 1;
	}
	if (getppid() != orig_parent)
		return 1;
	if (check_limits(tasks, nmaps, raise_ok && geteuid() == 0) < 0) {
		restore_sysctls();
		return 1;
	}
	children = calloc((size_t)nproc + 1, sizeof(*children));
	if (!children) {
		warnx("out of memory");
		restore_sysctls();
		return 1;
	}

	for (long i = 0; i < nproc + (nmaps > 0) && !status; i++) {
		bool maps = i == nproc;
		char name[32];
		int err;
		pid_t pid;

		if (stop_requested(&set)) {
			status = 1;
			break;
		}
		if (maps)
			snprintf(name, sizeof(name), "lg-maps");
		else
			snprintf(name, sizeof(name), "lg-%d-0", (int)i);
		pid = start_child(name, maps ? -1 : (int)i, maps ? nmaps : nthreads, &err);
		if (pid < 0) {
			if (maps)
				warnx("cannot make %ld mappings: %s (see /proc/sys/vm/max_map_count)",
				      nmaps, strerror(err));
			else
				warnx("cannot start process %ld with %ld tasks: %s "
				      "(see ulimit -u, /proc/sys/kernel/threads-max, "
				      "/proc/sys/kernel/pid_max; loadgen -r raises them as root)",
				      i, nthreads, strerror(err));
			status = 1;
			break;
		}
		if (out("%s %d\n", maps ? "maps" : "proc", (int)pid) < 0)
			status = 1;
	}
	if (!status && out("ready %ld %ld\n", tasks, nmaps) < 0)
		status = 1;
	if (!status)
		status = wait_for_end(&set);
	stop_children();
	restore_sysctls();
	free(children);
	return status;
}
