/* fixture.c - builds processes and threads of known shapes for the live tests. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/ptrace.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/*
 * Usage: fixture [SHAPE...]; without names, every shape not made only on
 * request (see struct shape).
 *
 * Protocol, on stdout only: one line per shape, `NAME NUMBER...`, or
 * `skip NAME REASON` for a shape this machine cannot make, then `ready`.
 * On failure a single `error NAME REASON` line and exit status 1.
 * After `ready` everything stays put until stdin reaches EOF or a
 * SIGTERM, SIGINT or SIGHUP arrives; then every process is killed and
 * reaped and the exit status is 0.
 */

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
#define TIMEOUT_MS 10000	/* for each wait on the kernel or a child */
#define POLL_MS 10
#define BURN_MS 50		/* CPU time each burning thread uses up */

struct shape_ctx {
	const char *name;
	char *line;		/* protocol line, printed once all are ready */
	char *why;		/* reason, when the shape could not be made */
};

struct shape {
	const char *name;
	int (*build)(struct shape_ctx *c);
	/* Made only when named on the command line: it would disturb the
	 * tests that look at every process (it changes itself all the time,
	 * or makes its process readable only to root). */
	bool on_request;
};

/* A task the fixture waits for before it says `ready`. */
struct expect {
	const char *shape;
	pid_t pid, tid;
	char state;
	const char *comm;
	long nr;		/* the system call it must be blocked in; -1: any */
	unsigned long long arg0;	/* and that call's first argument */
};

struct pidlist {
	pid_t *v;
	size_t n, cap;
};

static sigset_t orig_mask;		/* restored in every child */
static int sig_fd = -1;			/* the signals that end the fixture */
static struct pidlist victims;		/* SIGKILLed at cleanup */
static struct pidlist tracees;		/* detached at cleanup */
static struct expect *expects;
static size_t nexpects, expects_cap;

#define MAPS_PAGES 3000			/* one VMA each in the maps shape */
#define MAPS_SMALL 4			/* pages of its file and shared mappings */
#define MAPS_HEAP (256 * 1024)		/* bytes it puts on the brk heap */
#define MAPS_PIECE 1024			/* far below malloc's mmap threshold */

/*
 * The maps shape's file. Its process must map a plain path, never a
 * "(deleted)" one, so the fixture makes the file before the process and
 * unlinks it only after cleanup. A SIGKILLed fixture never gets there:
 * the file is then left behind as /tmp/lwpsfx-maps-XXXXXX, since no
 * process of ours survives to remove it.
 */
static char maps_path[] = "/tmp/lwpsfx-maps-XXXXXX";
static bool maps_path_made;

/* A space, a fake ") (" field break, a terminal escape, invalid UTF-8. */
static const char *const thread_names[] = {
	"worker one", "a) (b", "\033[2J", ("bad\xff\xfe" "name"),
};

static char *slurp(const char *path, size_t *len);

static void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "fixture[%d]: ", (int)getpid());
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* Failure inside a shape's process: it dies, the fixture notices. */
static _Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static _Noreturn void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "fixture[%d]: ", (int)getpid());
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	_exit(1);
}

static int fail(struct shape_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct shape_ctx *c, const char *fmt, ...)
{
	va_list ap;

	free(c->why);
	va_start(ap, fmt);
	if (vasprintf(&c->why, fmt, ap) < 0)
		c->why = NULL;
	va_end(ap);
	return -1;
}

static int say(struct shape_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int say(struct shape_ctx *c, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&c->line, fmt, ap);
	va_end(ap);
	if (r < 0) {
		c->line = NULL;
		return fail(c, "out of memory");
	}
	return 0;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts))
		die("clock_gettime: %m");
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void xclose(int fd)
{
	if (close(fd))
		diag("close %d: %m", fd);
}

static int pidlist_add(struct pidlist *l, pid_t pid)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		pid_t *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = pid;
	return 0;
}

/*
 * Remembers a process to kill at cleanup. Safe for grandchildren too:
 * their parents never reap them and the fixture is a subreaper, so no
 * pid is freed (and reused) before the fixture itself reaps it.
 */
static int track(struct shape_ctx *c, pid_t pid)
{
	if (pidlist_add(&victims, pid)) {
		if (kill(pid, SIGKILL))
			diag("kill %d: %m", pid);
		return fail(c, "out of memory");
	}
	return 0;
}

static int expect(struct shape_ctx *c, pid_t pid, pid_t tid, char state, const char *comm)
{
	if (nexpects == expects_cap) {
		size_t cap = expects_cap ? 2 * expects_cap : 32;
		struct expect *v = realloc(expects, cap * sizeof(*v));

		if (!v)
			return fail(c, "out of memory");
		expects = v;
		expects_cap = cap;
	}
	expects[nexpects++] = (struct expect){ c->name, pid, tid, state, comm, -1, 0 };
	return 0;
}

/* As expect(), and the task must be blocked in system call nr (its
 * task/TID/syscall), with arg0 as its first argument. */
static int expect_call(struct shape_ctx *c, pid_t pid, pid_t tid, const char *comm, long nr,
		       unsigned long long arg0)
{
	if (expect(c, pid, tid, 'S', comm))
		return -1;
	expects[nexpects - 1].nr = nr;
	expects[nexpects - 1].arg0 = arg0;
	return 0;
}

/* Sleeps a poll interval; true when a stop signal is pending. */
static bool interrupted(void)
{
	struct pollfd pf = { sig_fd, POLLIN, 0 };

	if (poll(&pf, 1, POLL_MS) < 0 && errno != EINTR)
		diag("poll: %m");
	return pf.revents != 0;
}

/* ---- inside the shapes' processes ---- */

static pid_t thread_id(void)
{
	return (pid_t)syscall(SYS_gettid);
}

static _Noreturn void sleep_forever(void)
{
	for (;;)
		pause();
}

static void set_comm(const char *name)
{
	if (prctl(PR_SET_NAME, name, 0, 0, 0))
		die("PR_SET_NAME %s: %m", name);
}

static void send_ids(int fd, const pid_t *ids, size_t n)
{
	const char *p = (const char *)ids;
	size_t left = n * sizeof(*ids);

	while (left) {
		ssize_t k = write(fd, p, left);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			die("report to fixture: %m");
		p += k;
		left -= (size_t)k;
	}
}

/* Reads n ids another process of the shape sends; false on EOF or error. */
static bool read_ids(int fd, pid_t *ids, size_t n)
{
	char *p = (char *)ids;
	size_t left = n * sizeof(*ids);

	while (left) {
		ssize_t k = read(fd, p, left);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return false;
		p += k;
		left -= (size_t)k;
	}
	return true;
}

static void close_fds(unsigned int lo, unsigned int hi)
{
	if (lo > hi)
		return;
#ifdef SYS_close_range
	/* Without close_range the stray fds are harmless, only untidy. */
	if (syscall(SYS_close_range, lo, hi, 0) && errno != ENOSYS)
		die("close_range: %m");
#endif
}

/*
 * First thing in every child: die with the parent, take back the
 * signals the fixture blocks, and hold nothing of the fixture's but
 * stderr and keep_fd, so the fixture's stdout ends when it does.
 */
static void child_setup(pid_t parent, int keep_fd)
{
	struct sigaction sa = { .sa_handler = SIG_DFL };
	int null;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0))
		die("PR_SET_PDEATHSIG: %m");
	/* The parent may have died before PDEATHSIG was armed. */
	if (getppid() != parent)
		_exit(1);
	if (sigprocmask(SIG_SETMASK, &orig_mask, NULL))
		die("sigprocmask: %m");
	if (sigemptyset(&sa.sa_mask) || sigaction(SIGPIPE, &sa, NULL))
		die("sigaction SIGPIPE: %m");
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null < 0)
		die("/dev/null: %m");
	if (dup2(null, STDIN_FILENO) < 0 || dup2(null, STDOUT_FILENO) < 0)
		die("dup2: %m");
	if (keep_fd < 0) {
		close_fds(3, ~0U);
	} else {
		close_fds(3, (unsigned int)keep_fd - 1);
		close_fds((unsigned int)keep_fd + 1, ~0U);
	}
}

/* fork() for every process of every shape; see child_setup(). */
static pid_t spawn(int keep_fd)
{
	pid_t parent = getpid();
	pid_t pid = fork();

	if (pid == 0)
		child_setup(parent, keep_fd);
	return pid;
}

struct sleepers {
	pthread_barrier_t ready;
	struct sleeper {
		pthread_barrier_t *ready;
		const char *name;
		bool burn;
		pid_t tid;
		int err;
	} s[];
};

static void burn_cpu(void)
{
	struct timespec ts;

	do {
		if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts))
			die("clock_gettime: %m");
	} while (ts.tv_sec == 0 && ts.tv_nsec < BURN_MS * 1000000L);
}

static void *sleeper_main(void *arg)
{
	struct sleeper *s = arg;

	if (prctl(PR_SET_NAME, s->name, 0, 0, 0))
		s->err = errno;
	s->tid = thread_id();
	if (s->burn)
		burn_cpu();
	pthread_barrier_wait(s->ready);
	sleep_forever();
}

/*
 * Starts n threads named names[i] that sleep forever; returns once all
 * are named, with their ids in tids. The threads' bookkeeping is never
 * freed: they outlive this function and never end.
 */
/* Starts n named threads, each on stacks + i * stack_size when stacks is
 * given (glibc's own stacks otherwise), and waits until all are named. */
static void start_sleepers_on(const char *const *names, size_t n, bool burn, pid_t *tids,
			      char *stacks, size_t stack_size)
{
	struct sleepers *all = calloc(1, sizeof(*all) + n * sizeof(all->s[0]));
	int err;

	if (!all)
		die("out of memory");
	err = pthread_barrier_init(&all->ready, NULL, (unsigned int)n + 1);
	if (err)
		die("pthread_barrier_init: %s", strerror(err));
	for (size_t i = 0; i < n; i++) {
		pthread_t t;
		pthread_attr_t attr;

		all->s[i] = (struct sleeper){ &all->ready, names[i], burn, 0, 0 };
		err = pthread_attr_init(&attr);
		if (!err && stacks)
			err = pthread_attr_setstack(&attr, stacks + i * stack_size, stack_size);
		if (!err)
			err = pthread_create(&t, &attr, sleeper_main, &all->s[i]);
		pthread_attr_destroy(&attr);
		if (err)
			die("pthread_create: %s", strerror(err));
	}
	pthread_barrier_wait(&all->ready);
	for (size_t i = 0; i < n; i++) {
		if (all->s[i].err)
			die("naming thread %zu: %s", i, strerror(all->s[i].err));
		tids[i] = all->s[i].tid;
	}
}

static void start_sleepers(const char *const *names, size_t n, bool burn, pid_t *tids)
{
	start_sleepers_on(names, n, burn, tids, NULL, 0);
}

static void threads_body(int fd)
{
	pid_t tids[LEN(thread_names)];

	set_comm("lwpsfx-thr");
	/* Burning gives the group CPU time the leader does not have. */
	start_sleepers(thread_names, LEN(thread_names), true, tids);
	send_ids(fd, tids, LEN(tids));
	sleep_forever();
}

static void stopped_body(int fd)
{
	pid_t self = getpid();

	set_comm("lwpsfx-stop");
	send_ids(fd, &self, 1);
	sleep_forever();
}

static void zombie_body(int fd)
{
	struct sigaction sa = { .sa_handler = SIG_DFL };
	pid_t zomb;

	set_comm("lwpsfx-zpar");
	/* SIG_IGN for SIGCHLD would have the kernel reap it for us. */
	if (sigemptyset(&sa.sa_mask) || sigaction(SIGCHLD, &sa, NULL))
		die("sigaction SIGCHLD: %m");
	zomb = spawn(-1);
	if (zomb == 0) {
		set_comm("lwpsfx-zomb");
		_exit(0);
	}
	if (zomb < 0)
		die("fork: %m");
	send_ids(fd, &zomb, 1);
	/* Never wait(): the child stays a zombie. */
	sleep_forever();
}

static void vfork_body(int fd)
{
	pid_t parent = getpid();
	pid_t child, self;

	set_comm("lwpsfx-vfp");
	child = vfork();
	if (child == 0) {
		/* Our stack is borrowed: raw system calls only, never return. */
		if (syscall(SYS_prctl, PR_SET_NAME, "lwpsfx-vfc", 0, 0, 0) ||
		    syscall(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) ||
		    syscall(SYS_getppid) != parent)
			syscall(SYS_exit_group, 1);
		self = (pid_t)syscall(SYS_getpid);
		if (syscall(SYS_write, fd, &self, sizeof(self)) != (long)sizeof(self))
			syscall(SYS_exit_group, 1);
		for (;;) {
#ifdef SYS_pause
			syscall(SYS_pause);
#else
			syscall(SYS_ppoll, NULL, 0, NULL, NULL, 0);
#endif
		}
	}
	if (child < 0)
		die("vfork: %m");
	/* The child died: the fixture sees it through the pipe's EOF. */
	_exit(1);
}

static void exitleader_body(int fd)
{
	static const char *const names[] = { "exl-a", "exl-b" };
	pid_t tids[LEN(names)];

	set_comm("lwpsfx-exl");
	start_sleepers(names, LEN(names), false, tids);
	send_ids(fd, tids, LEN(tids));
	/* Only the leader ends; the group lives on behind a zombie leader. */
	pthread_exit(NULL);
}

static void traced_body(int fd)
{
	static const char *const names[] = { "trc-victim" };
	pid_t tid;

	set_comm("lwpsfx-trc");
	start_sleepers(names, 1, false, &tid);
	send_ids(fd, &tid, 1);
	sleep_forever();
}

struct forker {
	pthread_barrier_t ready;
	pid_t tid, child;
};

/* A thread other than the leader that forks: only its own
 * task/TID/children lists the child, which dies with the thread. */
static void *forker_main(void *arg)
{
	struct forker *f = arg;

	set_comm("tfk-forker");
	f->tid = thread_id();
	f->child = spawn(-1);
	if (f->child == 0) {
		set_comm("lwpsfx-tfc");
		sleep_forever();
	}
	if (f->child < 0)
		die("fork: %m");
	pthread_barrier_wait(&f->ready);
	sleep_forever();
}

/*
 * A process whose leader forks one child and whose second thread forks
 * another, beside an idle thread. Reports { leader's child, idle
 * thread, forking thread, its child }.
 */
static void thrfork_body(int fd)
{
	static const char *const names[] = { "tfk-idle" };
	static struct forker f;
	pid_t ids[4];
	pthread_t t;
	int err;

	set_comm("lwpsfx-tfk");
	ids[0] = spawn(-1);
	if (ids[0] == 0) {
		set_comm("lwpsfx-tfl");
		sleep_forever();
	}
	if (ids[0] < 0)
		die("fork: %m");
	start_sleepers(names, LEN(names), false, &ids[1]);
	err = pthread_barrier_init(&f.ready, NULL, 2);
	if (!err)
		err = pthread_create(&t, NULL, forker_main, &f);
	if (err)
		die("forker thread: %s", strerror(err));
	pthread_barrier_wait(&f.ready);
	ids[2] = f.tid;
	ids[3] = f.child;
	send_ids(fd, ids, LEN(ids));
	sleep_forever();
}

#define CHAIN_LEN 8

/* P1 forks P2, which forks P3, ... down to P8, which reports all eight. */
static void chain_body(int fd)
{
	pid_t ids[CHAIN_LEN];

	set_comm("lwpsfx-chain");
	ids[0] = getpid();
	for (size_t i = 1; i < CHAIN_LEN; i++) {
		pid_t pid = spawn(fd);

		if (pid < 0)
			die("fork: %m");
		if (pid > 0) {
			/*
			 * Only the last one keeps the pipe: any death in the
			 * chain (PDEATHSIG takes the rest below) is an EOF.
			 */
			xclose(fd);
			sleep_forever();
		}
		ids[i] = getpid();
	}
	send_ids(fd, ids, CHAIN_LEN);
	sleep_forever();
}

/* unshare(CLONE_NEWPID) errors that mean this machine cannot do it. */
static bool pidns_unsupported(int err)
{
	return err == EPERM || err == EACCES || err == EINVAL ||
	       err == ENOSPC || err == EUSERS;
}

/*
 * The parent stays in our namespace; its next child is the init (pid 1)
 * of a new one. Reports { child, 1 }, or { 0, errno } when unshare is
 * refused, and then exits.
 */
static void pidns_body(int fd)
{
	pid_t ids[2];
	int alive[2], sync[2];
	pid_t child;

	set_comm("lwpsfx-nsp");
	if (unshare(CLONE_NEWPID)) {
		int err = errno;

		if (!pidns_unsupported(err))
			die("unshare CLONE_NEWPID: %m");
		ids[0] = 0;
		ids[1] = err;
		send_ids(fd, ids, LEN(ids));
		_exit(0);
	}
	/* alive: its write end is held by the parent alone, for the child. */
	if (pipe2(alive, O_CLOEXEC) || pipe2(sync, O_CLOEXEC))
		die("pipe: %m");
	child = fork();
	if (child == 0) {
		struct pollfd pf = { alive[0], POLLIN, 0 };
		pid_t nspid;

		/* Not the fixture's pipe: the parent's death must be its EOF. */
		xclose(fd);
		xclose(alive[1]);
		xclose(sync[0]);
		if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0))
			die("PR_SET_PDEATHSIG: %m");
		/*
		 * getppid() is 0 whoever the parent is (it is outside the
		 * namespace), so ask the pipe whether it died before
		 * PDEATHSIG was armed.
		 */
		if (poll(&pf, 1, 0) != 0)
			_exit(1);
		xclose(alive[0]);
		set_comm("lwpsfx-nsc");
		nspid = getpid();
		send_ids(sync[1], &nspid, 1);
		xclose(sync[1]);
		sleep_forever();
	}
	if (child < 0)
		die("fork: %m");
	xclose(sync[1]);
	xclose(alive[0]);
	if (!read_ids(sync[0], &ids[1], 1))
		die("namespace child %d died before reporting", child);
	xclose(sync[0]);
	xclose(alive[1]);
	if (ids[1] != 1)
		die("namespace child %d is %d inside, not 1", child, ids[1]);
	ids[0] = child;
	send_ids(fd, ids, LEN(ids));
	sleep_forever();
}

/*
 * Forked by the middle process without PDEATHSIG, which would kill it
 * when the middle one exits; armed once it belongs to the reaper.
 */
static _Noreturn void orphan_main(pid_t reaper, pid_t middle, int sync_fd)
{
	int64_t end = now_ms() + TIMEOUT_MS;
	pid_t self = getpid();

	set_comm("lwpsfx-orph");
	for (;;) {
		pid_t parent = getppid();

		if (parent == reaper)
			break;
		/* Reparented past the reaper: it died, so do we. */
		if (parent != middle)
			_exit(1);
		if (now_ms() >= end)
			die("never reparented to %d", reaper);
		if (poll(NULL, 0, 1) < 0 && errno != EINTR)
			die("poll: %m");
	}
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0))
		die("PR_SET_PDEATHSIG: %m");
	if (getppid() != reaper)
		_exit(1);
	send_ids(sync_fd, &self, 1);
	xclose(sync_fd);
	sleep_forever();
}

/* A subreaper whose grandchild lost its parent; reports the grandchild. */
static void orphan_body(int fd)
{
	pid_t reaper = getpid();
	pid_t middle, orphan;
	int sync[2], st;

	set_comm("lwpsfx-reap");
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0))
		die("PR_SET_CHILD_SUBREAPER: %m");
	if (pipe2(sync, O_CLOEXEC))
		die("pipe: %m");
	middle = spawn(sync[1]);
	if (middle == 0) {
		pid_t self = getpid();

		set_comm("lwpsfx-mid");
		orphan = fork();
		if (orphan == 0)
			orphan_main(reaper, self, sync[1]);
		if (orphan < 0)
			die("fork: %m");
		_exit(0);
	}
	if (middle < 0)
		die("fork: %m");
	xclose(sync[1]);
	/* Reap the middle one by pid: no zombie, and the orphan's pid stays ours. */
	while (waitpid(middle, &st, 0) < 0)
		if (errno != EINTR)
			die("waitpid %d: %m", middle);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		die("middle process %d failed", middle);
	if (!read_ids(sync[0], &orphan, 1))
		die("orphan died before reporting");
	xclose(sync[0]);
	send_ids(fd, &orphan, 1);
	sleep_forever();
}

static size_t page_size(void)
{
	long page = sysconf(_SC_PAGESIZE);

	return page > 0 ? (size_t)page : 4096;
}

/* Lines of /proc/self/maps, read without malloc, which may map memory. */
static size_t count_own_maps(void)
{
	char buf[4096];
	size_t n = 0;
	int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		die("/proc/self/maps: %m");
	for (;;) {
		ssize_t k = read(fd, buf, sizeof(buf));

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			die("read /proc/self/maps: %m");
		if (k == 0)
			break;
		for (ssize_t i = 0; i < k; i++)
			n += buf[i] == '\n';
	}
	xclose(fd);
	return n;
}

/* Kept reachable: a list through the first word of each piece. */
static void *heap_pieces;

/* Small touched pieces from malloc, so that [heap] exists and is resident. */
static void grow_heap(void)
{
	char *maps;
	size_t len;
	bool has_heap;

	for (size_t done = 0; done < MAPS_HEAP; done += MAPS_PIECE) {
		void **piece = malloc(MAPS_PIECE);

		if (!piece)
			die("out of memory");
		memset(piece, 0x5a, MAPS_PIECE);
		*piece = heap_pieces;
		heap_pieces = piece;
	}
	maps = slurp("/proc/self/maps", &len);
	if (!maps)
		die("/proc/self/maps: %m");
	has_heap = strstr(maps, " [heap]\n") != NULL;
	free(maps);
	if (!has_heap) {
		/* An allocator that never uses brk (ASan's) leaves none. */
		void *more = sbrk(MAPS_HEAP);

		if (more == (void *)-1)
			die("sbrk: %m");
		memset(more, 0x5a, MAPS_HEAP);
	}
}

/* The shape's file, private and read-only, every page read in. */
static void map_file(const char *path, size_t page)
{
	const volatile char *bytes;
	unsigned int sum = 0;
	void *m;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		die("%s: %m", path);
	m = mmap(NULL, MAPS_SMALL * page, PROT_READ, MAP_PRIVATE, fd, 0);
	if (m == MAP_FAILED)
		die("mmap %s: %m", path);
	xclose(fd);
	bytes = m;
	for (size_t i = 0; i < MAPS_SMALL; i++)
		sum += (unsigned char)bytes[i * page];
	if (sum == 0)
		die("%s holds no data", path);
}

/* Shared anonymous memory (shown as /dev/zero), every page touched. */
static void map_shared(size_t page)
{
	void *m = mmap(NULL, MAPS_SMALL * page, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED)
		die("mmap shared: %m");
	memset(m, 0xa5, MAPS_SMALL * page);
}

/*
 * MAPS_PAGES touched private anonymous pages whose protections alternate
 * rw-p, r--p, ... so the kernel cannot merge them: one VMA per page.
 * Returns how many VMAs that added, counted from /proc/self/maps.
 */
static size_t map_many(size_t page)
{
	size_t before = count_own_maps(), after;
	char *m = mmap(NULL, (MAPS_PAGES + 2) * page, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED)
		die("mmap %d pages: %m", MAPS_PAGES + 2);
	/*
	 * A page unmapped at each end: holes that keep the region's end
	 * pages from merging with whatever is mapped next to it.
	 */
	if (munmap(m, page) || munmap(m + (MAPS_PAGES + 1) * page, page))
		die("munmap: %m");
	m += page;
	for (size_t i = 0; i < MAPS_PAGES; i++)
		m[i * page] = 1;
	for (size_t i = 1; i < MAPS_PAGES; i += 2)
		if (mprotect(m + i * page, page, PROT_READ))
			die("mprotect page %zu of %d (vm.max_map_count?): %m", i, MAPS_PAGES);
	after = count_own_maps();
	/* Nothing else runs here (no threads yet), so the count is exact. */
	if (after < before || after - before != MAPS_PAGES)
		die("%d pages made %zu VMAs, not %d", MAPS_PAGES, after - before, MAPS_PAGES);
	return after - before;
}

#define MAPS_ARG "--maps-shape"	/* argv[1] of the maps shape's re-executed fixture */

/*
 * Runs in a fresh image of the fixture (see maps_body), with argv
 * { name, MAPS_ARG, fd, parent pid, file }. Reports { VMAs of the
 * alternating region, TIDs of maps-a, -b, -c } on fd.
 */
static _Noreturn void maps_main(char **argv)
{
	static const char *const names[] = { "maps-a", "maps-b", "maps-c" };
	pid_t ids[1 + LEN(names)];
	size_t page = page_size();
	char *end;
	long fd = strtol(argv[2], &end, 10);
	long parent = *end ? -1 : strtol(argv[3], &end, 10);

	if (fd < 0 || fd > INT32_MAX || parent <= 0 || *end)
		die("bad arguments for %s", MAPS_ARG);
	/* Kept across execve, but it costs nothing to be sure. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0))
		die("PR_SET_PDEATHSIG: %m");
	if (getppid() != (pid_t)parent)
		_exit(1);
	set_comm("lwpsfx-maps");
	grow_heap();
	map_file(argv[4], page);
	map_shared(page);
	ids[0] = (pid_t)map_many(page);
	/* Default attributes: glibc stacks, rw-p above a ---p guard page. */
	start_sleepers(names, LEN(names), false, ids + 1);
	send_ids((int)fd, ids, LEN(ids));
	sleep_forever();
}

/*
 * A forked child shares the fixture's heap VMA, and the kernel never
 * merges brk growth into a VMA shared that way: [heap] would come in
 * two pieces. A fresh image of the fixture has a heap of its own.
 */
static void maps_body(int fd)
{
	char fd_arg[16], parent_arg[16];
	char *argv[] = { "lwpsfx-maps", MAPS_ARG, fd_arg, parent_arg, maps_path, NULL };
	int flags = fcntl(fd, F_GETFD);

	if (flags < 0 || fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC))
		die("fcntl %d: %m", fd);
	snprintf(fd_arg, sizeof(fd_arg), "%d", fd);
	snprintf(parent_arg, sizeof(parent_arg), "%d", (int)getppid());
	execv("/proc/self/exe", argv);
	die("execv /proc/self/exe: %m");
}

#define SEGMENTS_ARG "--segments-shape"	/* argv[1] of the segments shape's image */
#define SEG_STACK_SIZE (256 * 1024)	/* each of the threads on one mapping */
#define SEG_RESERVE (64 << 20)		/* held with no access, as malloc's arenas */
#define SEG_ALT_PAGES 16		/* a guarded buffer no thread runs on */
#define SEG_AFTER_PAGES 300		/* anonymous memory just past the program */

/* The end of the highest mapping of the running program (its data, or
 * its bss), from /proc/self/maps: the program is the first mapping. */
static uintptr_t program_end(void)
{
	/* Not malloc()ed: the first malloc() makes the heap, which brk's
	 * randomisation may place within the pages wanted right after the
	 * program (1 time in 27), and the fixed mmap() then fails. */
	static char maps[65536];
	char *line, *save = NULL;
	unsigned long start, end, inode = 0, first_inode = 0;
	uintptr_t last = 0;
	int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
	size_t len = 0;
	ssize_t n;

	if (fd < 0)
		die("/proc/self/maps: %m");
	while (len < sizeof(maps) - 1 && (n = read(fd, maps + len, sizeof(maps) - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	maps[len] = '\0';
	for (line = strtok_r(maps, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "%lx-%lx %*s %*s %*s %lu", &start, &end, &inode) != 3)
			die("/proc/self/maps: %s", line);
		if (!first_inode)
			first_inode = inode;
		/* The program's mappings, then perhaps its bss (inode 0). */
		if (inode != first_inode && (inode != 0 || start != last))
			break;
		last = end;
	}
	return last;
}

/*
 * Runs from a memfd copy of the fixture (see segments_body), with argv
 * { name, SEGMENTS_ARG, fd, parent pid }.  Makes: a reservation with no
 * access; anonymous memory right after the program's last mapping that
 * its program headers do not cover; three threads whose stacks lie in one
 * mapping; a guarded read-write buffer no thread runs on.  Reports the
 * three tids on fd.
 */
static _Noreturn void segments_main(char **argv)
{
	static const char *const names[] = { "seg-a", "seg-b", "seg-c" };
	pid_t tids[LEN(names)];
	size_t page = page_size();
	char *end;
	long fd = strtol(argv[2], &end, 10);
	long parent = *end ? -1 : strtol(argv[3], &end, 10);
	char *reserve, *alt, *stacks, *after;
	uintptr_t past;

	if (fd < 0 || fd > INT32_MAX || parent <= 0 || *end)
		die("bad arguments for %s", SEGMENTS_ARG);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0))
		die("PR_SET_PDEATHSIG: %m");
	if (getppid() != (pid_t)parent)
		_exit(1);
	set_comm("lwpsfx-seg");
	reserve = mmap(NULL, SEG_RESERVE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (reserve == MAP_FAILED)
		die("mmap reservation: %m");
	/* A guard page below a read-write buffer: a thread stack's shape. */
	alt = mmap(NULL, (SEG_ALT_PAGES + 1) * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (alt == MAP_FAILED || mprotect(alt + page, SEG_ALT_PAGES * page, PROT_READ | PROT_WRITE))
		die("mmap guarded buffer: %m");
	memset(alt + page, 1, SEG_ALT_PAGES * page);
	past = program_end();
	after = mmap((void *)past, SEG_AFTER_PAGES * page, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (after == MAP_FAILED || after != (char *)past)
		die("mmap after the program at %#lx: %m", (unsigned long)past);
	memset(after, 1, SEG_AFTER_PAGES * page);
	stacks = mmap(NULL, LEN(names) * SEG_STACK_SIZE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stacks == MAP_FAILED)
		die("mmap stacks: %m");
	start_sleepers_on(names, LEN(names), false, tids, stacks, SEG_STACK_SIZE);
	send_ids((int)fd, tids, LEN(tids));
	sleep_forever();
}

/* Re-executes the fixture from a memfd copy: a program whose text is
 * "/memfd:lwpsfx-seg (deleted)", not a file on disk. */
static void segments_body(int fd)
{
	char fd_arg[16], parent_arg[16];
	char *argv[] = { "lwpsfx-seg", SEGMENTS_ARG, fd_arg, parent_arg, NULL };
	int flags = fcntl(fd, F_GETFD);
	int exe = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	int mem = memfd_create("lwpsfx-seg", MFD_CLOEXEC);
	char buf[65536];
	ssize_t k;

	if (flags < 0 || fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC))
		die("fcntl %d: %m", fd);
	if (exe < 0 || mem < 0)
		die("memfd copy of the fixture: %m");
	while ((k = read(exe, buf, sizeof(buf))) > 0)
		if (write(mem, buf, (size_t)k) != k)
			die("memfd write: %m");
	if (k < 0)
		die("read /proc/self/exe: %m");
	snprintf(fd_arg, sizeof(fd_arg), "%d", fd);
	snprintf(parent_arg, sizeof(parent_arg), "%d", (int)getppid());
	fexecve(mem, argv, environ);
	die("fexecve: %m");
}

/*
 * Credentials no account has, all distinct: a thread's own real,
 * effective, saved and filesystem uids and gids and two supplementary
 * groups (the kernel keeps them sorted).
 */
static const unsigned cred_uids[4] = { 40001, 40002, 40003, 40004 };
static const unsigned cred_gids[4] = { 40011, 40012, 40013, 40014 };
static const gid_t cred_groups[2] = { 40021, 40022 };

struct cred_thread {
	pthread_barrier_t ready;
	pid_t tid;
	const char *failed;	/* the call that failed, or NULL */
	int err;
};

/*
 * Gives the calling thread alone the credentials above. Raw system calls:
 * glibc's setresuid() and friends change every thread of the process.
 * The filesystem uid follows the effective one at setresuid(), so setting
 * it apart takes CAP_SETUID kept across the change (PR_SET_KEEPCAPS, then
 * raised again with capset).  Returns the call that failed, or NULL.
 */
static const char *become_other(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct caps[2];

	if (syscall(SYS_setresgid, cred_gids[0], cred_gids[1], cred_gids[2]))
		return "setresgid";
	syscall(SYS_setfsgid, cred_gids[3]);
	if (syscall(SYS_setfsgid, -1) != (long)cred_gids[3])
		return "setfsgid";
	if (syscall(SYS_setgroups, LEN(cred_groups), cred_groups))
		return "setgroups";
	if (syscall(SYS_prctl, PR_SET_KEEPCAPS, 1, 0, 0, 0))
		return "PR_SET_KEEPCAPS";
	if (syscall(SYS_setresuid, cred_uids[0], cred_uids[1], cred_uids[2]))
		return "setresuid";
	if (syscall(SYS_capget, &hdr, caps))
		return "capget";
	caps[0].effective = caps[0].permitted;
	caps[1].effective = caps[1].permitted;
	if (syscall(SYS_capset, &hdr, caps))
		return "capset";
	syscall(SYS_setfsuid, cred_uids[3]);
	if (syscall(SYS_setfsuid, -1) != (long)cred_uids[3])
		return "setfsuid";
	return NULL;
}

static void *cred_main(void *arg)
{
	struct cred_thread *ct = arg;

	if (prctl(PR_SET_NAME, "cred-own", 0, 0, 0)) {
		ct->failed = "PR_SET_NAME";
		ct->err = errno;
	}
	ct->tid = thread_id();
	if (!ct->failed && (ct->failed = become_other()))
		ct->err = errno;
	pthread_barrier_wait(&ct->ready);
	sleep_forever();
}

/* A process whose second thread has credentials of its own. */
static void creds_body(int fd)
{
	static struct cred_thread ct;
	pthread_t t;
	int err;

	set_comm("lwpsfx-cred");
	err = pthread_barrier_init(&ct.ready, NULL, 2);
	if (!err)
		err = pthread_create(&t, NULL, cred_main, &ct);
	if (err)
		die("creds thread: %s", strerror(err));
	pthread_barrier_wait(&ct.ready);
	if (ct.failed)
		die("creds thread %s: %s", ct.failed, strerror(ct.err));
	send_ids(fd, &ct.tid, 1);
	sleep_forever();
}

#define CHURNERS 2
#define CHURN_BATCH 4

static void *churn_child(void *arg)
{
	return arg;
}

/* Starts CHURN_BATCH threads that end at once and joins them, forever. */
static void *churner_main(void *arg)
{
	(void)arg;
	for (;;) {
		pthread_t t[CHURN_BATCH];
		size_t n = 0;

		while (n < CHURN_BATCH && pthread_create(&t[n], NULL, churn_child, NULL) == 0)
			n++;
		while (n)
			pthread_join(t[--n], NULL);
	}
	return NULL;
}

/* A process whose threads begin and end all the time. */
static void churn_body(int fd)
{
	pid_t self = getpid();

	set_comm("lwpsfx-churn");
	for (int i = 0; i < CHURNERS; i++) {
		pthread_t t;
		int err = pthread_create(&t, NULL, churner_main, NULL);

		if (err)
			die("churner thread: %s", strerror(err));
	}
	send_ids(fd, &self, 1);
	sleep_forever();
}

/* ---- the causes shape: threads blocked on things a test can name ---- */

#ifdef SYS_epoll_wait
#define CAUSE_EPOLL_NR SYS_epoll_wait
#else
#define CAUSE_EPOLL_NR SYS_epoll_pwait	/* aarch64 has only this one */
#endif

enum { CAUSE_HOLDER, CAUSE_WAIT1, CAUSE_WAIT2, CAUSE_READER, CAUSE_SLEEPER, CAUSE_EPOLLER,
       CAUSE_THREADS };

static const char *const cause_names[CAUSE_THREADS] = {
	"mtx-holder", "mtx-wait1", "mtx-wait2", "pipe-reader", "sleeper", "epoller",
};
/* Static, so the fixture, forked from the same image, knows where they are. */
static pthread_mutex_t cause_mutex = PTHREAD_MUTEX_INITIALIZER;
static const struct timespec cause_sleep = { 100000, 500000000 };

struct cause_thread {
	pthread_barrier_t *ready;
	int role;
	int fd;			/* the pipe's read end, or the epoll */
	pid_t tid;
};

static void *cause_main(void *arg)
{
	struct cause_thread *ct = arg;
	struct epoll_event ev;
	char byte;

	if (prctl(PR_SET_NAME, cause_names[ct->role], 0, 0, 0))
		die("naming %s: %m", cause_names[ct->role]);
	ct->tid = thread_id();
	if (ct->role == CAUSE_HOLDER)
		pthread_mutex_lock(&cause_mutex);
	pthread_barrier_wait(ct->ready);
	switch (ct->role) {
	case CAUSE_WAIT1:
	case CAUSE_WAIT2:
		pthread_mutex_lock(&cause_mutex);	/* never: its holder sleeps */
		break;
	case CAUSE_READER:
		syscall(SYS_read, ct->fd, &byte, 1);	/* the writer never writes */
		break;
	case CAUSE_SLEEPER:
		for (;;)
			syscall(SYS_nanosleep, &cause_sleep, NULL);
	case CAUSE_EPOLLER:
		for (;;)
			syscall(CAUSE_EPOLL_NR, ct->fd, &ev, 1, -1, NULL, (size_t)8);
	}
	sleep_forever();
}

/*
 * A process whose threads wait on known things: two on a mutex a third
 * holds while it sleeps, one on a pipe whose writer is another process,
 * one in nanosleep, one in epoll_wait on an eventfd; the leader waits
 * for that writer, its child.  Reports the writer, the threads, the
 * pipe's read end and the epoll.
 */
static void causes_body(int fd)
{
	static struct cause_thread ct[CAUSE_THREADS];
	struct epoll_event watch = { .events = EPOLLIN };
	pthread_barrier_t *ready = malloc(sizeof(*ready));
	pid_t ids[3 + CAUSE_THREADS];
	int p[2], ev, ep, err;
	pid_t writer;

	set_comm("lwpsfx-cause");
	if (!ready || pipe2(p, O_CLOEXEC))
		die("pipe: %m");
	writer = spawn(p[1]);
	if (writer == 0) {
		set_comm("lwpsfx-cwrit");
		sleep_forever();
	}
	if (writer < 0)
		die("fork: %m");
	xclose(p[1]);
	ev = eventfd(0, EFD_CLOEXEC);
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (ev < 0 || ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, ev, &watch))
		die("eventfd, epoll: %m");
	err = pthread_barrier_init(ready, NULL, CAUSE_THREADS + 1);
	for (int i = 0; i < CAUSE_THREADS && !err; i++) {
		pthread_t t;

		ct[i] = (struct cause_thread){ ready, i, i == CAUSE_READER ? p[0] : ep, 0 };
		err = pthread_create(&t, NULL, cause_main, &ct[i]);
	}
	if (err)
		die("causes threads: %s", strerror(err));
	pthread_barrier_wait(ready);
	ids[0] = writer;
	for (int i = 0; i < CAUSE_THREADS; i++)
		ids[1 + i] = ct[i].tid;
	ids[1 + CAUSE_THREADS] = p[0];
	ids[2 + CAUSE_THREADS] = ep;
	send_ids(fd, ids, LEN(ids));
	syscall(SYS_wait4, writer, NULL, 0, NULL);
	sleep_forever();
}

/* ---- in the fixture ---- */

/* ---- the time shapes (busy, runq): threads that use the CPU ---- */

/* A thread of a time shape: what it does, and the CPU it is kept on. */
struct worker {
	pthread_barrier_t *ready;
	const char *name;
	void (*work)(void);
	int cpu;                /* -1: anywhere */
	int nice;               /* asked for (root may lower it), 0: as is */
	pid_t tid;
};

static _Noreturn void spin_forever(void)
{
	for (volatile unsigned long n = 0;; n++)
		;
}

/* Wakes up 100 times a second on an absolute clock: each wait is one
 * voluntary context switch, however late a wake-up comes. */
static _Noreturn void tick_forever(void)
{
	struct timespec next;

	clock_gettime(CLOCK_MONOTONIC, &next);
	for (;;) {
		next.tv_nsec += 10000000L;
		if (next.tv_nsec >= 1000000000L) {
			next.tv_nsec -= 1000000000L;
			next.tv_sec++;
		}
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR)
			;
	}
}

static _Noreturn void rest_forever(void)
{
	sleep_forever();
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	if (prctl(PR_SET_NAME, w->name, 0, 0, 0))
		die("naming %s: %m", w->name);
	w->tid = thread_id();
	if (w->cpu >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(w->cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set))
			die("sched_setaffinity: %m");
	}
	/* A spinner keeps its CPU share on a busy machine where it may. */
	if (w->nice)
		(void)setpriority(PRIO_PROCESS, (id_t)w->tid, w->nice);
	pthread_barrier_wait(w->ready);
	w->work();
	return NULL;
}

/* Starts the workers and waits until each is named and placed. */
static void start_workers(struct worker *w, size_t n)
{
	pthread_barrier_t *ready = malloc(sizeof(*ready));
	int err;

	if (!ready)
		die("out of memory");
	err = pthread_barrier_init(ready, NULL, (unsigned int)n + 1);
	if (err)
		die("pthread_barrier_init: %s", strerror(err));
	for (size_t i = 0; i < n; i++) {
		pthread_t t;

		w[i].ready = ready;
		err = pthread_create(&t, NULL, worker_main, &w[i]);
		if (err)
			die("pthread_create: %s", strerror(err));
	}
	pthread_barrier_wait(ready);
}

/* One thread spins, one sleeps, one wakes 100 times a second. */
static void busy_body(int fd)
{
	static struct worker w[] = {
		{ .name = "spinner", .work = spin_forever, .cpu = -1, .nice = -10 },
		{ .name = "sleeper", .work = rest_forever, .cpu = -1 },
		{ .name = "ticker", .work = tick_forever, .cpu = -1 },
	};
	pid_t tids[LEN(w)];

	set_comm("lwpsfx-busy");
	start_workers(w, LEN(w));
	for (size_t i = 0; i < LEN(w); i++)
		tids[i] = w[i].tid;
	send_ids(fd, tids, LEN(tids));
	sleep_forever();
}

/* Two spinning threads kept on one CPU: each waits for it about half the
 * time while the other runs. */
static void runq_body(int fd)
{
	static struct worker w[] = {
		{ .name = "hog", .work = spin_forever },
		{ .name = "queued", .work = spin_forever },
	};
	cpu_set_t set;
	int cpu = 0;
	pid_t tids[LEN(w)];

	if (sched_getaffinity(0, sizeof(set), &set))
		die("sched_getaffinity: %m");
	while (cpu < CPU_SETSIZE - 1 && !CPU_ISSET(cpu, &set))
		cpu++;
	set_comm("lwpsfx-runq");
	for (size_t i = 0; i < LEN(w); i++)
		w[i].cpu = cpu;
	start_workers(w, LEN(w));
	for (size_t i = 0; i < LEN(w); i++)
		tids[i] = w[i].tid;
	send_ids(fd, tids, LEN(tids));
	sleep_forever();
}

/* Limits the limits shape sets, each below any usual default (so not
 * inherited) and with its hard limit above its soft one; the tests know
 * them too. */
static const struct {
	int resource;
	rlim_t soft, hard;
} shape_limits_set[] = {
	{ RLIMIT_NOFILE, 321, 654 },
	{ RLIMIT_CPU, 3600, 7200 },
	{ RLIMIT_MSGQUEUE, 4096, 8192 },
	{ RLIMIT_RTTIME, 500000, 1000000 },
	{ RLIMIT_CORE, 0, 1 << 20 },
};

static volatile pid_t napper_tid;

/* A thread asleep in nanosleep (glibc's clock_nanosleep) for ever. */
static void *napper_main(void *arg)
{
	struct timespec ts = { 3600, 0 };

	(void)arg;
	set_comm("napper");
	napper_tid = thread_id();
	for (;;)
		nanosleep(&ts, NULL);
	return NULL;
}

/* A process that set known limits with setrlimit, with a thread asleep
 * in nanosleep and an ordinary (fork) child; reports { napper's tid,
 * child }. */
static void limits_body(int fd)
{
	pid_t ids[2];
	pthread_t t;
	int err;

	set_comm("lwpsfx-lim");
	for (size_t i = 0; i < LEN(shape_limits_set); i++) {
		struct rlimit rl = { shape_limits_set[i].soft, shape_limits_set[i].hard };

		if (setrlimit(shape_limits_set[i].resource, &rl))
			die("setrlimit %d: %m", shape_limits_set[i].resource);
	}
	ids[1] = spawn(-1);
	if (ids[1] == 0) {
		set_comm("lwpsfx-limc");
		sleep_forever();
	}
	if (ids[1] < 0)
		die("fork: %m");
	err = pthread_create(&t, NULL, napper_main, NULL);
	if (err)
		die("pthread_create: %s", strerror(err));
	while (!napper_tid)
		usleep(1000);
	ids[0] = napper_tid;
	send_ids(fd, ids, LEN(ids));
	sleep_forever();
}

/* Reads n ids the shape's process reports; EOF means it died first. */
static int recv_ids(struct shape_ctx *c, int fd, pid_t *ids, size_t n)
{
	char *p = (char *)ids;
	size_t left = n * sizeof(*ids);
	int64_t end = now_ms() + TIMEOUT_MS;

	while (left) {
		struct pollfd pf[2] = { { fd, POLLIN, 0 }, { sig_fd, POLLIN, 0 } };
		int64_t left_ms = end - now_ms();
		ssize_t k;

		if (left_ms <= 0)
			return fail(c, "timed out waiting for its process to report");
		if (poll(pf, 2, (int)left_ms) < 0) {
			if (errno == EINTR)
				continue;
			return fail(c, "poll: %s", strerror(errno));
		}
		if (pf[1].revents)
			return fail(c, "interrupted by a signal");
		if (!pf[0].revents)
			continue;
		k = read(fd, p, left);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return fail(c, "read: %s", strerror(errno));
		if (k == 0)
			return fail(c, "its process died before reporting");
		p += k;
		left -= (size_t)k;
	}
	return 0;
}

/*
 * Forks the shape's top process to run body(fd), tracks it, and reads
 * the n ids it reports once it is set up. Returns its pid or -1.
 */
static pid_t launch(struct shape_ctx *c, void (*body)(int fd), pid_t *ids, size_t n)
{
	int p[2];
	pid_t pid;
	int r;

	if (pipe2(p, O_CLOEXEC)) {
		fail(c, "pipe: %s", strerror(errno));
		return -1;
	}
	pid = spawn(p[1]);
	if (pid == 0) {
		body(p[1]);
		_exit(1);
	}
	if (pid < 0) {
		fail(c, "fork: %s", strerror(errno));
		xclose(p[0]);
		xclose(p[1]);
		return -1;
	}
	xclose(p[1]);
	r = track(c, pid);
	if (!r)
		r = recv_ids(c, p[0], ids, n);
	xclose(p[0]);
	return r ? -1 : pid;
}

static int shape_threads(struct shape_ctx *c)
{
	pid_t t[LEN(thread_names)];
	pid_t pid = launch(c, threads_body, t, LEN(t));

	if (pid < 0 || expect(c, pid, pid, 'S', "lwpsfx-thr"))
		return -1;
	for (size_t i = 0; i < LEN(t); i++)
		if (expect(c, pid, t[i], 'S', thread_names[i]))
			return -1;
	return say(c, "threads %d %d %d %d %d", pid, t[0], t[1], t[2], t[3]);
}

static int shape_stopped(struct shape_ctx *c)
{
	pid_t self;
	pid_t pid = launch(c, stopped_body, &self, 1);

	if (pid < 0)
		return -1;
	if (kill(pid, SIGSTOP))
		return fail(c, "kill SIGSTOP: %s", strerror(errno));
	if (expect(c, pid, pid, 'T', "lwpsfx-stop"))
		return -1;
	return say(c, "stopped %d", pid);
}

static int shape_zombie(struct shape_ctx *c)
{
	pid_t zomb;
	pid_t pid = launch(c, zombie_body, &zomb, 1);

	if (pid < 0 || track(c, zomb) ||
	    expect(c, pid, pid, 'S', "lwpsfx-zpar") ||
	    expect(c, zomb, zomb, 'Z', "lwpsfx-zomb"))
		return -1;
	return say(c, "zombie %d %d", zomb, pid);
}

static int shape_vfork(struct shape_ctx *c)
{
	pid_t child;
	pid_t pid = launch(c, vfork_body, &child, 1);

	if (pid < 0 || track(c, child) ||
	    expect(c, pid, pid, 'D', "lwpsfx-vfp") ||
	    expect(c, child, child, 'S', "lwpsfx-vfc"))
		return -1;
	return say(c, "vfork %d %d", pid, child);
}

static int shape_exitleader(struct shape_ctx *c)
{
	pid_t t[2];
	pid_t pid = launch(c, exitleader_body, t, LEN(t));

	if (pid < 0 || expect(c, pid, pid, 'Z', "lwpsfx-exl") ||
	    expect(c, pid, t[0], 'S', "exl-a") ||
	    expect(c, pid, t[1], 'S', "exl-b"))
		return -1;
	return say(c, "exitleader %d %d %d", pid, t[0], t[1]);
}

static int shape_traced(struct shape_ctx *c)
{
	pid_t tid;
	pid_t pid = launch(c, traced_body, &tid, 1);
	int64_t end = now_ms() + TIMEOUT_MS;
	int st;

	if (pid < 0)
		return -1;
	/* SEIZE, not ATTACH: ATTACH's SIGSTOP would stop the whole group. */
	if (ptrace(PTRACE_SEIZE, tid, NULL, (void *)(long)PTRACE_O_EXITKILL)) {
		if (errno == EPERM || errno == EACCES)
			return say(c, "skip traced ptrace not permitted: %s", strerror(errno));
		return fail(c, "PTRACE_SEIZE %d: %s", tid, strerror(errno));
	}
	if (pidlist_add(&tracees, tid))
		return fail(c, "out of memory");
	if (ptrace(PTRACE_INTERRUPT, tid, NULL, NULL))
		return fail(c, "PTRACE_INTERRUPT %d: %s", tid, strerror(errno));
	/* __WALL: tid is a thread of another process, not our child. */
	for (;;) {
		pid_t r = waitpid(tid, &st, __WALL | WNOHANG);

		if (r < 0 && errno != EINTR)
			return fail(c, "waitpid %d: %s", tid, strerror(errno));
		if (r == tid && WIFSTOPPED(st))
			break;
		if (r == tid)
			return fail(c, "thread %d ended instead of stopping", tid);
		if (now_ms() >= end)
			return fail(c, "thread %d never reached a ptrace stop", tid);
		if (interrupted())
			return fail(c, "interrupted by a signal");
	}
	if (expect(c, pid, pid, 'S', "lwpsfx-trc") ||
	    expect(c, pid, tid, 't', "trc-victim"))
		return -1;
	return say(c, "traced %d %d %d", pid, tid, getpid());
}

static int shape_thrfork(struct shape_ctx *c)
{
	pid_t ids[4];
	pid_t pid = launch(c, thrfork_body, ids, LEN(ids));

	/* Neither parent reaps its child, so their pids stay safe to kill. */
	if (pid < 0 || track(c, ids[0]) || track(c, ids[3]) ||
	    expect(c, pid, pid, 'S', "lwpsfx-tfk") ||
	    expect(c, pid, ids[1], 'S', "tfk-idle") ||
	    expect(c, pid, ids[2], 'S', "tfk-forker") ||
	    expect(c, ids[0], ids[0], 'S', "lwpsfx-tfl") ||
	    expect(c, ids[3], ids[3], 'S', "lwpsfx-tfc"))
		return -1;
	return say(c, "thrfork %d %d %d %d %d", pid, ids[0], ids[1], ids[2], ids[3]);
}

/* Kills and reaps a child of ours at once, and forgets its pid. */
static int reap_now(struct shape_ctx *c, pid_t pid)
{
	int st;

	if (kill(pid, SIGKILL) && errno != ESRCH)
		return fail(c, "kill %d: %s", pid, strerror(errno));
	while (waitpid(pid, &st, __WALL) < 0)
		if (errno != EINTR)
			return fail(c, "waitpid %d: %s", pid, strerror(errno));
	/* Its pid is free now: cleanup must not kill whoever gets it next. */
	for (size_t i = 0; i < victims.n; i++) {
		if (victims.v[i] == pid) {
			victims.v[i] = victims.v[--victims.n];
			break;
		}
	}
	return 0;
}

/* The parent pid in /proc/PID/stat, field 4. */
static int proc_ppid(struct shape_ctx *c, pid_t pid, pid_t *ppid)
{
	char path[64], *stat, *paren, state;
	size_t len;
	int r = 0;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	stat = slurp(path, &len);
	if (!stat)
		return fail(c, "%s: %s", path, strerror(errno));
	paren = strrchr(stat, ')');
	if (!paren || sscanf(paren + 1, " %c %d", &state, ppid) != 2)
		r = fail(c, "cannot parse %s", path);
	free(stat);
	return r;
}

static int shape_chain(struct shape_ctx *c)
{
	pid_t p[CHAIN_LEN];
	pid_t pid = launch(c, chain_body, p, LEN(p));

	if (pid < 0)
		return -1;
	if (p[0] != pid)
		return fail(c, "chain starts at %d, not %d", p[0], pid);
	/* Never reaped by their parents, reparented to us: pids stay safe. */
	for (size_t i = 1; i < LEN(p); i++)
		if (track(c, p[i]))
			return -1;
	for (size_t i = 0; i < LEN(p); i++) {
		pid_t ppid;

		if (expect(c, p[i], p[i], 'S', "lwpsfx-chain") || proc_ppid(c, p[i], &ppid))
			return -1;
		if (ppid != (i ? p[i - 1] : getpid()))
			return fail(c, "%d has parent %d", p[i], ppid);
	}
	return say(c, "chain %d %d %d %d %d %d %d %d",
		   p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
}

static int shape_pidns(struct shape_ctx *c)
{
	pid_t ids[2];
	pid_t pid = launch(c, pidns_body, ids, LEN(ids));
	char path[64], *status, *want = NULL;
	size_t len;
	int r;

	if (pid < 0)
		return -1;
	if (ids[0] == 0) {
		if (reap_now(c, pid))
			return -1;
		return say(c, "skip pidns unshare CLONE_NEWPID: %s", strerror(ids[1]));
	}
	/* The child dies with the parent, and so does its whole namespace. */
	if (track(c, ids[0]))
		return -1;
	snprintf(path, sizeof(path), "/proc/%d/status", ids[0]);
	status = slurp(path, &len);
	if (!status)
		return fail(c, "%s: %s", path, strerror(errno));
	if (asprintf(&want, "\nNSpid:\t%d\t1\n", ids[0]) < 0) {
		want = NULL;
		r = fail(c, "out of memory");
	} else if (!strstr(status, want)) {
		r = fail(c, "%s lacks NSpid %d 1", path, ids[0]);
	} else {
		r = 0;
	}
	free(want);
	free(status);
	if (r || expect(c, pid, pid, 'S', "lwpsfx-nsp") ||
	    expect(c, ids[0], ids[0], 'S', "lwpsfx-nsc"))
		return -1;
	return say(c, "pidns %d %d", pid, ids[0]);
}

static int shape_orphan(struct shape_ctx *c)
{
	pid_t orphan, ppid;
	pid_t pid = launch(c, orphan_body, &orphan, 1);

	/* The reaper never waits for it; if the reaper dies it comes to us. */
	if (pid < 0 || track(c, orphan) || proc_ppid(c, orphan, &ppid))
		return -1;
	if (ppid != pid)
		return fail(c, "orphan %d has parent %d, not %d", orphan, ppid, pid);
	if (expect(c, pid, pid, 'S', "lwpsfx-reap") ||
	    expect(c, orphan, orphan, 'S', "lwpsfx-orph"))
		return -1;
	return say(c, "orphan %d %d", pid, orphan);
}

/* Writes the maps shape's file: MAPS_SMALL pages, each filled with its letter. */
static int make_maps_file(struct shape_ctx *c, size_t page)
{
	char *buf = malloc(page);
	int fd, r = 0;

	if (!buf)
		return fail(c, "out of memory");
	fd = mkostemp(maps_path, O_CLOEXEC);
	if (fd < 0) {
		free(buf);
		return fail(c, "mkstemp %s: %s", maps_path, strerror(errno));
	}
	maps_path_made = true;
	for (size_t i = 0; i < MAPS_SMALL && !r; i++) {
		size_t off = 0;

		memset(buf, 'a' + (int)i, page);
		while (off < page) {
			ssize_t k = write(fd, buf + off, page - off);

			if (k < 0 && errno == EINTR)
				continue;
			if (k < 0) {
				r = fail(c, "write %s: %s", maps_path, strerror(errno));
				break;
			}
			off += (size_t)k;
		}
	}
	free(buf);
	if (close(fd) && !r)
		r = fail(c, "close %s: %s", maps_path, strerror(errno));
	return r;
}

/* Removes the maps shape's file, once its process is gone. */
static int remove_maps_file(void)
{
	if (!maps_path_made || !unlink(maps_path) || errno == ENOENT)
		return 0;
	diag("unlink %s: %m", maps_path);
	return -1;
}

/* Checks that the kernel shows every kind of mapping the shape made. */
static int check_maps(struct shape_ctx *c, pid_t pid, size_t nmaps)
{
	char path[64], *maps, *file = NULL;
	size_t len, lines = 0;
	int r = 0;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	maps = slurp(path, &len);
	if (!maps)
		return fail(c, "%s: %s", path, strerror(errno));
	for (const char *p = maps; (p = strchr(p, '\n')); p++)
		lines++;
	if (asprintf(&file, " %s\n", maps_path) < 0) {
		file = NULL;
		r = fail(c, "out of memory");
	} else if (nmaps != MAPS_PAGES || lines < nmaps) {
		r = fail(c, "%s has %zu lines for %zu mappings", path, lines, nmaps);
	} else if (!strstr(maps, " [heap]\n")) {
		r = fail(c, "%s has no [heap]", path);
	} else if (!strstr(maps, file)) {
		r = fail(c, "%s does not map %s", path, maps_path);
	} else if (!strstr(maps, " rw-s ")) {
		r = fail(c, "%s has no shared mapping", path);
	}
	free(file);
	free(maps);
	return r;
}

static int shape_maps(struct shape_ctx *c)
{
	pid_t ids[4];
	pid_t pid;

	if (make_maps_file(c, page_size()))
		return -1;
	pid = launch(c, maps_body, ids, LEN(ids));
	if (pid < 0 || check_maps(c, pid, (size_t)ids[0]) ||
	    expect(c, pid, pid, 'S', "lwpsfx-maps") ||
	    expect(c, pid, ids[1], 'S', "maps-a") ||
	    expect(c, pid, ids[2], 'S', "maps-b") ||
	    expect(c, pid, ids[3], 'S', "maps-c"))
		return -1;
	return say(c, "maps %d %d %d %d %d", pid, ids[0], ids[1], ids[2], ids[3]);
}

static int shape_segments(struct shape_ctx *c)
{
	pid_t ids[3];
	pid_t pid = launch(c, segments_body, ids, LEN(ids));

	if (pid < 0 || expect(c, pid, pid, 'S', "lwpsfx-seg") ||
	    expect(c, pid, ids[0], 'S', "seg-a") || expect(c, pid, ids[1], 'S', "seg-b") ||
	    expect(c, pid, ids[2], 'S', "seg-c"))
		return -1;
	return say(c, "segments %d %d %d %d", pid, ids[0], ids[1], ids[2]);
}

static int shape_busy(struct shape_ctx *c)
{
	pid_t t[3];
	pid_t pid = launch(c, busy_body, t, LEN(t));

	if (pid < 0 || expect(c, pid, pid, 'S', "lwpsfx-busy") ||
	    expect(c, pid, t[1], 'S', "sleeper"))
		return -1;
	return say(c, "busy %d %d %d %d", pid, t[0], t[1], t[2]);
}

static int shape_runq(struct shape_ctx *c)
{
	pid_t t[2];
	pid_t pid = launch(c, runq_body, t, LEN(t));

	if (pid < 0 || expect(c, pid, pid, 'S', "lwpsfx-runq"))
		return -1;
	return say(c, "runq %d %d %d", pid, t[0], t[1]);
}

/* Reads /proc/PID/task/TID/status; NULL with the reason in *why. */
static char *task_status(struct shape_ctx *c, pid_t pid, pid_t tid)
{
	char path[64], *status;
	size_t len;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/status", pid, tid);
	status = slurp(path, &len);
	if (!status)
		fail(c, "%s: %s", path, strerror(errno));
	return status;
}

static int shape_creds(struct shape_ctx *c)
{
	pid_t tid, pid;
	char want[256], *status;
	int r = 0;

	if (geteuid() != 0)
		return say(c, "skip creds changing a thread's credentials needs root");
	pid = launch(c, creds_body, &tid, 1);
	if (pid < 0 || !(status = task_status(c, pid, tid)))
		return -1;
	snprintf(want, sizeof(want), "\nUid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n",
		 cred_uids[0], cred_uids[1], cred_uids[2], cred_uids[3],
		 cred_gids[0], cred_gids[1], cred_gids[2], cred_gids[3]);
	if (!strstr(status, want))
		r = fail(c, "thread %d lacks its own Uid: and Gid: lines", tid);
	free(status);
	if (r || expect(c, pid, pid, 'S', "lwpsfx-cred") || expect(c, pid, tid, 'S', "cred-own"))
		return -1;
	return say(c, "creds %d %d", pid, tid);
}

static int shape_churn(struct shape_ctx *c)
{
	pid_t self;
	pid_t pid = launch(c, churn_body, &self, 1);

	if (pid < 0 || expect(c, pid, pid, 'S', "lwpsfx-churn"))
		return -1;
	return say(c, "churn %d", pid);
}

static int shape_limits(struct shape_ctx *c)
{
	pid_t ids[2];
	pid_t pid = launch(c, limits_body, ids, LEN(ids));

	/* The child dies with its parent (PDEATHSIG), which never reaps it. */
	if (pid < 0 || track(c, ids[1]) || expect(c, pid, pid, 'S', "lwpsfx-lim") ||
	    expect(c, pid, ids[0], 'S', "napper") || expect(c, ids[1], ids[1], 'S', "lwpsfx-limc"))
		return -1;
	return say(c, "limits %d %d %d", pid, ids[0], ids[1]);
}

static int shape_causes(struct shape_ctx *c)
{
	pid_t ids[3 + CAUSE_THREADS];
	pid_t pid = launch(c, causes_body, ids, LEN(ids));
	const pid_t *t = ids + 1;
	int rd = ids[1 + CAUSE_THREADS], ep = ids[2 + CAUSE_THREADS];

	/* The leader waits for the writer: it is reaped only at cleanup. */
	if (pid < 0 || track(c, ids[0]) ||
	    expect_call(c, pid, pid, "lwpsfx-cause", SYS_wait4, (unsigned long long)ids[0]) ||
	    expect(c, ids[0], ids[0], 'S', "lwpsfx-cwrit") ||
	    expect(c, pid, t[CAUSE_HOLDER], 'S', cause_names[CAUSE_HOLDER]) ||
	    expect_call(c, pid, t[CAUSE_WAIT1], cause_names[CAUSE_WAIT1], SYS_futex,
			(uintptr_t)&cause_mutex) ||
	    expect_call(c, pid, t[CAUSE_WAIT2], cause_names[CAUSE_WAIT2], SYS_futex,
			(uintptr_t)&cause_mutex) ||
	    expect_call(c, pid, t[CAUSE_READER], cause_names[CAUSE_READER], SYS_read,
			(unsigned long long)rd) ||
	    expect_call(c, pid, t[CAUSE_SLEEPER], cause_names[CAUSE_SLEEPER], SYS_nanosleep,
			(uintptr_t)&cause_sleep) ||
	    expect_call(c, pid, t[CAUSE_EPOLLER], cause_names[CAUSE_EPOLLER], CAUSE_EPOLL_NR,
			(unsigned long long)ep))
		return -1;
	/* pid writer holder wait1 wait2 reader sleeper epoller, the pipe's
	 * read end and the epoll, the system calls' numbers (futex read
	 * nanosleep epoll wait4), the mutex's address, the sleep's time. */
	return say(c, "causes %d %d %d %d %d %d %d %d %d %d %ld %ld %ld %ld %ld %lu %lld %ld", pid,
		   ids[0], t[0], t[1], t[2], t[3], t[4], t[5], rd, ep, (long)SYS_futex, (long)SYS_read,
		   (long)SYS_nanosleep, (long)CAUSE_EPOLL_NR, (long)SYS_wait4,
		   (unsigned long)(uintptr_t)&cause_mutex, (long long)cause_sleep.tv_sec,
		   cause_sleep.tv_nsec);
}

/* Later shapes go here; each is one function and one line of this table. */
static const struct shape shapes[] = {
	{ "threads", shape_threads, false },
	{ "stopped", shape_stopped, false },
	{ "zombie", shape_zombie, false },
	{ "vfork", shape_vfork, false },
	{ "exitleader", shape_exitleader, false },
	{ "traced", shape_traced, false },
	{ "chain", shape_chain, false },
	{ "pidns", shape_pidns, false },
	{ "orphan", shape_orphan, false },
	{ "maps", shape_maps, false },
	{ "thrfork", shape_thrfork, false },
	{ "segments", shape_segments, false },
	{ "creds", shape_creds, true },
	{ "churn", shape_churn, true },
	{ "limits", shape_limits, true },
	/* They keep CPUs busy: made only when named, one at a time. */
	{ "busy", shape_busy, true },
	{ "runq", shape_runq, true },
	/* Threads blocked on a mutex, a pipe, a sleep, an epoll, a child. */
	{ "causes", shape_causes, true },
};

/* Whether shape i is made: the shapes named on the command line, or
 * without names every shape not made only on request. */
static bool wanted(size_t i, int argc, char **argv)
{
	if (argc < 2)
		return !shapes[i].on_request;
	for (int k = 1; k < argc; k++)
		if (strcmp(argv[k], shapes[i].name) == 0)
			return true;
	return false;
}

/* Reads a whole file into a NUL-terminated buffer; NULL on error. */
static char *slurp(const char *path, size_t *len)
{
	size_t cap = 512, n = 0;
	char *buf = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	for (;;) {
		ssize_t k;

		if (!buf || cap - n < 2) {
			size_t size = buf ? 2 * cap : cap;
			char *b = realloc(buf, size);

			if (!b)
				goto err;
			buf = b;
			cap = size;
		}
		k = read(fd, buf + n, cap - n - 1);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			goto err;
		if (k == 0)
			break;
		n += (size_t)k;
	}
	xclose(fd);
	buf[n] = '\0';
	*len = n;
	return buf;
err:
	free(buf);
	xclose(fd);
	return NULL;
}

/* Whether the task is blocked in the system call it should be. */
static bool in_call(const struct expect *e)
{
	char path[64], *text;
	size_t len;
	long nr;
	unsigned long long arg0;
	bool ok;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/syscall", e->pid, e->tid);
	text = slurp(path, &len);
	ok = text && sscanf(text, "%ld 0x%llx", &nr, &arg0) == 2 && nr == e->nr && arg0 == e->arg0;
	free(text);
	return ok;
}

/*
 * Compares a task with what its shape wants: 1 when it matches, 0 when
 * not yet, -1 when it never will (the task died). *why says what differs.
 */
static int check(const struct expect *e, char **why)
{
	char *path = NULL, *stat = NULL, *comm = NULL, *paren;
	size_t len, want = strlen(e->comm);
	char state;
	int r = -1;

	free(*why);
	*why = NULL;
	if (asprintf(&path, "/proc/%d/task/%d/stat", e->pid, e->tid) < 0) {
		path = NULL;
		goto out;
	}
	stat = slurp(path, &len);
	if (!stat) {
		if (asprintf(why, "task %d is gone: %s", e->tid, strerror(errno)) < 0)
			*why = NULL;
		goto out;
	}
	/* The name may hold ") ", so the state follows the last ')'. */
	paren = strrchr(stat, ')');
	if (!paren || paren[1] != ' ' || !paren[2]) {
		if (asprintf(why, "cannot parse %s", path) < 0)
			*why = NULL;
		goto out;
	}
	state = paren[2];
	if (state != e->state) {
		if (asprintf(why, "task %d is in state %c, want %c", e->tid, state, e->state) < 0)
			*why = NULL;
		if (e->state != 'Z' && (state == 'Z' || state == 'X'))
			goto out;
		r = 0;
		goto out;
	}
	free(path);
	if (asprintf(&path, "/proc/%d/task/%d/comm", e->pid, e->tid) < 0) {
		path = NULL;
		goto out;
	}
	comm = slurp(path, &len);
	r = 0;
	if (!comm || len != want + 1 || memcmp(comm, e->comm, want) || comm[want] != '\n') {
		if (asprintf(why, "task %d does not have the wanted name", e->tid) < 0)
			*why = NULL;
		goto out;
	}
	if (e->nr >= 0 && !in_call(e)) {
		if (asprintf(why, "task %d is not yet in system call %ld", e->tid, e->nr) < 0)
			*why = NULL;
		goto out;
	}
	r = 1;
out:
	free(path);
	free(stat);
	free(comm);
	return r;
}

/* Polls /proc until every task is as its shape wants. */
static int wait_all(const char **shape, char **why)
{
	int64_t end = now_ms() + TIMEOUT_MS;

	for (;;) {
		size_t i;
		int r = 1;

		for (i = 0; i < nexpects; i++) {
			r = check(&expects[i], why);
			if (r != 1)
				break;
		}
		if (r == 1)
			return 0;
		*shape = expects[i].shape;
		if (r < 0 || now_ms() >= end)
			return -1;
		if (interrupted()) {
			free(*why);
			*why = strdup("interrupted by a signal");
			return -1;
		}
	}
}

/* Blocks until stdin reaches EOF or a stop signal arrives. */
static void wait_for_end(void)
{
	char buf[4096];

	for (;;) {
		struct pollfd pf[2] = { { STDIN_FILENO, POLLIN, 0 }, { sig_fd, POLLIN, 0 } };
		ssize_t k;

		if (poll(pf, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			diag("poll: %m");
			return;
		}
		if (pf[1].revents) {
			struct signalfd_siginfo si;

			if (read(sig_fd, &si, sizeof(si)) != (ssize_t)sizeof(si))
				diag("read signalfd: %m");
			else
				diag("signal %u: cleaning up", si.ssi_signo);
			return;
		}
		if (!pf[0].revents)
			continue;
		k = read(STDIN_FILENO, buf, sizeof(buf));
		if (k == 0)
			return;
		if (k < 0 && errno != EINTR && errno != EAGAIN) {
			diag("read stdin: %m");
			return;
		}
	}
}

/* Kills and reaps every process made, grandchildren included. */
static int cleanup(void)
{
	int64_t end;
	int ret = 0;

	for (size_t i = 0; i < tracees.n; i++)
		if (ptrace(PTRACE_DETACH, tracees.v[i], NULL, NULL) && errno != ESRCH)
			diag("PTRACE_DETACH %d: %m", tracees.v[i]);
	for (size_t i = 0; i < victims.n; i++) {
		if (kill(victims.v[i], SIGKILL) && errno != ESRCH) {
			diag("kill %d: %m", victims.v[i]);
			ret = -1;
		}
	}
	end = now_ms() + TIMEOUT_MS;
	for (;;) {
		int st;
		pid_t r = waitpid(-1, &st, __WALL | WNOHANG);

		if (r > 0)
			continue;
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && errno == ECHILD)
			break;
		if (r < 0) {
			diag("waitpid: %m");
			return -1;
		}
		if (now_ms() >= end) {
			diag("children still alive after %d ms", TIMEOUT_MS);
			return -1;
		}
		if (poll(NULL, 0, POLL_MS) < 0 && errno != EINTR)
			diag("poll: %m");
	}
	return ret;
}

static int setup(void)
{
	struct sigaction ign = { .sa_handler = SIG_IGN };
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	sigset_t stop;

	/*
	 * A closed stdio fd would be reused by our own fds (stdin by the
	 * signalfd, say); /dev/null in its place is an immediate EOF.
	 */
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0)
			continue;
		if (errno != EBADF || open("/dev/null", O_RDWR) != fd) {
			diag("cannot open /dev/null as fd %d", fd);
			return -1;
		}
	}
	if (sigemptyset(&stop) || sigaddset(&stop, SIGTERM) ||
	    sigaddset(&stop, SIGINT) || sigaddset(&stop, SIGHUP)) {
		diag("sigset: %m");
		return -1;
	}
	/* Blocked and read from a signalfd: no handler races. */
	if (sigprocmask(SIG_BLOCK, &stop, &orig_mask)) {
		diag("sigprocmask: %m");
		return -1;
	}
	sig_fd = signalfd(-1, &stop, SFD_CLOEXEC);
	if (sig_fd < 0) {
		diag("signalfd: %m");
		return -1;
	}
	/* A gone reader makes printf fail, not kill us before cleanup. */
	if (sigemptyset(&ign.sa_mask) || sigaction(SIGPIPE, &ign, NULL)) {
		diag("sigaction SIGPIPE: %m");
		return -1;
	}
	/* An inherited SIG_IGN would make waitpid() useless. */
	if (sigemptyset(&dfl.sa_mask) || sigaction(SIGCHLD, &dfl, NULL)) {
		diag("sigaction SIGCHLD: %m");
		return -1;
	}
	/* Orphaned grandchildren come to us, so cleanup can reap them all. */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)) {
		diag("PR_SET_CHILD_SUBREAPER: %m");
		return -1;
	}
	return 0;
}

static void print_error(const char *shape, const char *why)
{
	printf("error %s %s\n", shape, why ? why : "out of memory");
	if (fflush(stdout) == EOF)
		diag("stdout: %m");
}

int main(int argc, char **argv)
{
	struct shape_ctx ctx[LEN(shapes)];
	const char *shape = NULL;
	char *why = NULL;
	int status = 1;

	if (argc == 5 && strcmp(argv[1], MAPS_ARG) == 0)
		maps_main(argv);
	if (argc == 4 && strcmp(argv[1], SEGMENTS_ARG) == 0)
		segments_main(argv);
	memset(ctx, 0, sizeof(ctx));
	for (int k = 1; k < argc; k++) {
		size_t i = 0;

		while (i < LEN(shapes) && strcmp(argv[k], shapes[i].name) != 0)
			i++;
		if (i == LEN(shapes)) {
			print_error(argv[k], "no such shape");
			return 1;
		}
	}
	if (setup())
		return 1;
	for (size_t i = 0; i < LEN(shapes); i++) {
		ctx[i].name = shapes[i].name;
		if (!wanted(i, argc, argv))
			continue;
		if (shapes[i].build(&ctx[i])) {
			print_error(ctx[i].name, ctx[i].why);
			goto out;
		}
	}
	if (wait_all(&shape, &why)) {
		print_error(shape, why);
		goto out;
	}
	for (size_t i = 0; i < LEN(shapes); i++)
		if (ctx[i].line)
			printf("%s\n", ctx[i].line);
	printf("ready\n");
	if (fflush(stdout) == EOF || ferror(stdout)) {
		diag("stdout: %m");
		goto out;
	}
	wait_for_end();
	status = 0;
out:
	if (cleanup())
		status = 1;
	if (remove_maps_file())
		status = 1;
	for (size_t i = 0; i < LEN(shapes); i++) {
		free(ctx[i].line);
		free(ctx[i].why);
	}
	free(why);
	free(expects);
	free(victims.v);
	free(tracees.v);
	return status;
}
