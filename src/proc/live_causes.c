/* live_causes.c - what each waiting task's system call waits on, decoded
 * from its arguments (task/TID/syscall, read by live.c):
 *
 *  - a descriptor (read, write, accept, ...): what it is (fd/N); for a
 *    pipe, who holds its other end, and for a unix socket, who holds its
 *    peer (every fd table lwps may read; the peers from sock_diag);
 *  - epoll_wait: the descriptors the epoll watches (its fdinfo);
 *  - poll, ppoll: the first descriptor of the array;
 *  - futex: the word's address, the mapping it lies in (maps) and the
 *    other threads of the process waiting on it;
 *  - nanosleep, clock_nanosleep: the time asked for;
 *  - wait4, waitid, vfork: the child.
 *
 * The arrays and times the arguments point to are read from the
 * process's memory with pread(2) on /proc/PID/mem opened read-only: it
 * needs the same ptrace-read access the syscall file did, and never
 * writes.  A task whose syscall file was unreadable keeps WAITON unknown. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "model/causes.h"
#include "proc/live_causes.h"
#include "proc/parse_children.h"
#include "proc/parse_maps.h"
#include "proc/parse_syscall.h"
#include "proc/scan.h"
#include "proc/unix_socks.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

/* What a system call's arguments say it waits on. */
enum call {
	C_OTHER,       /* nothing lwps decodes */
	C_FD_IN,       /* arg 0: a descriptor it reads from or accepts on */
	C_FD_OUT,      /* arg 0: a descriptor it writes to */
	C_FD,          /* arg 0: a descriptor (a lock, a sync, an ioctl) */
	C_EPOLL,       /* arg 0: an epoll descriptor */
	C_POLL,        /* arg 0: struct pollfd[arg 1] */
	C_FUTEX,       /* arg 0: the futex word */
	C_SLEEP,       /* arg 0: the time asked for */
	C_CLOCK_SLEEP, /* arg 0 the clock, arg 1 the flags, arg 2 the time */
	C_WAIT4,       /* arg 0: a pid, -1 (any), 0 (its group) or -pgid */
	C_WAITID,      /* arg 0 an idtype, arg 1 its id */
	C_VFORK,       /* until the child execs or exits */
	C_CLONE,       /* a vfork when the flags (arg 0) have CLONE_VFORK */
	C_CLONE3,      /* a vfork when struct clone_args' flags (at arg 0) have it */
	C_SIGNAL,      /* a signal */
};

static const struct {
	const char *name;
	enum call call;
} calls[] = {
	{ "read", C_FD_IN }, { "readv", C_FD_IN }, { "pread64", C_FD_IN }, { "preadv", C_FD_IN },
	{ "preadv2", C_FD_IN }, { "recvfrom", C_FD_IN }, { "recvmsg", C_FD_IN },
	{ "recvmmsg", C_FD_IN }, { "accept", C_FD_IN }, { "accept4", C_FD_IN }, { "splice", C_FD_IN },
	{ "write", C_FD_OUT }, { "writev", C_FD_OUT }, { "pwrite64", C_FD_OUT },
	{ "pwritev", C_FD_OUT }, { "pwritev2", C_FD_OUT }, { "sendto", C_FD_OUT },
	{ "sendmsg", C_FD_OUT }, { "sendmmsg", C_FD_OUT }, { "connect", C_FD_OUT },
	{ "sendfile", C_FD_OUT }, { "flock", C_FD }, { "fcntl", C_FD }, { "ioctl", C_FD },
	{ "fsync", C_FD }, { "fdatasync", C_FD }, { "epoll_wait", C_EPOLL },
	{ "epoll_pwait", C_EPOLL }, { "epoll_pwait2", C_EPOLL }, { "poll", C_POLL },
	{ "ppoll", C_POLL }, { "futex", C_FUTEX }, { "nanosleep", C_SLEEP },
	{ "clock_nanosleep", C_CLOCK_SLEEP }, { "wait4", C_WAIT4 }, { "waitid", C_WAITID },
	{ "vfork", C_VFORK }, { "clone", C_CLONE }, { "clone3", C_CLONE3 }, { "pause", C_SIGNAL },
	{ "rt_sigsuspend", C_SIGNAL }, { "rt_sigtimedwait", C_SIGNAL },
};

enum { CLONE_VFORK_FLAG = 0x4000, HOLDERS_SHOWN = 3, WATCHED_SHOWN = 3 };

/* A pipe or socket wait, told once the holders of every such inode are
 * known (one pass over every fd table for all of them). */
struct pending {
	struct task *t;
	struct tgroup *g;
	enum wait_kind kind;
	unsigned long long ino;
	int fd;
	enum call call;
	char *lead;                  /* what goes before the object ("fd 3 ") */
	char *tail;                  /* and after it (", and 2 more fds") */
};

/* A process holding one of the inodes asked about. */
struct holder {
	unsigned long long ino;
	pid_t pid;
	int fd;
	int acc;                     /* O_RDONLY, O_WRONLY, O_RDWR; -1 unknown */
};

struct decoder {
	struct snapshot *snap;
	int procfd;
	struct buf *buf;
	struct pending *pend;
	size_t npend, cap_pend;
	unsigned long long *wanted;  /* inodes whose holders are looked for */
	size_t nwanted, cap_wanted;
	struct holder *holders;
	size_t nholders, cap_holders;
	struct unix_socks socks;
	bool socks_read;
	struct sbuf text;
};

/* A futex wait of the group, told once all its threads are decoded. */
struct futex_wait {
	struct task *t;
	unsigned long long addr;
};

/* One process being decoded. */
struct group_ctx {
	struct decoder *d;
	struct tgroup *g;
	int piddir;
	struct futex_wait *futexes;
	size_t nfutexes, cap_futexes;
	char *maps;                  /* its maps, read at the first futex */
	size_t maps_len;
	bool maps_tried;
};

/* ---- the system call table, by number ---- */

static enum call call_of(const struct task_cause *c)
{
	if (!c->name)
		return C_OTHER;
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		if (strcmp(calls[i].name, c->name) == 0)
			return calls[i].call;
	return C_OTHER;
}

/* ---- results ---- */

static void set_result(struct decoder *d, struct task *t, enum wait_kind kind, const char *waiton,
		       const char *group)
{
	struct task_cause *c = (struct task_cause *)t->cause;

	c->waiton = waiton ? snapshot_strdup(d->snap, waiton) : NULL;
	c->wait_kind = group ? kind : WAIT_NONE;
	c->wait_group = group ? snapshot_strdup(d->snap, group) : NULL;
	t->known |= TF_BIT(TF_WAITON);
}

/* "PID (comm)": the comm from the snapshot, else from the process's
 * own file (a holder or child outside the selection). */
static void put_process(struct decoder *d, struct sbuf *out, pid_t pid)
{
	const struct tgroup *g = snapshot_find_group(d->snap, pid);
	char path[32];

	sbuf_put_ll(out, pid);
	if (g && g->self.comm) {
		sbuf_puts(out, " (");
		sbuf_puts(out, g->self.comm);
		sbuf_putc(out, ')');
		return;
	}
	snprintf(path, sizeof(path), "%d/comm", (int)pid);
	if (read_file_at(d->procfd, path, d->buf) == 0) {
		size_t n = strcspn(d->buf->data, "\n");

		sbuf_puts(out, " (");
		sbuf_put(out, d->buf->data, n);
		sbuf_putc(out, ')');
	}
}

/* ---- descriptors ---- */

/* What descriptor `fd` of the task is: its link's text in `target`;
 * for a pipe or socket the inode too.  false when it cannot be read. */
static bool read_fd(struct group_ctx *gc, pid_t tid, int fd, char *target, size_t size,
		    enum wait_kind *kind, unsigned long long *ino)
{
	char path[64];
	ssize_t n;

	/* The thread's own table: a thread may have unshared it. */
	snprintf(path, sizeof(path), "task/%d/fd/%d", (int)tid, fd);
	n = readlinkat(gc->piddir, path, target, size - 1);
	if (n <= 0)
		return false;
	target[n] = '\0';
	*ino = 0;
	if (sscanf(target, "pipe:[%llu]", ino) == 1)
		*kind = WAIT_PIPE;
	else if (sscanf(target, "socket:[%llu]", ino) == 1)
		*kind = WAIT_SOCKET;
	else if (target[0] == '/')
		*kind = WAIT_FILE;
	else
		*kind = WAIT_ANON;
	return true;
}

/* The descriptors an epoll watches, from its fdinfo ("tfd: N ..."). */
static size_t epoll_watched(struct group_ctx *gc, pid_t tid, int epfd, int *out, size_t max)
{
	char path[64];
	size_t n = 0;
	struct buf *b = gc->d->buf;

	snprintf(path, sizeof(path), "task/%d/fdinfo/%d", (int)tid, epfd);
	if (read_file_at(gc->piddir, path, b) < 0)
		return 0;
	for (const char *p = b->data; (p = strstr(p, "tfd:")); p += 4) {
		struct scan sc;
		long long v;

		if (p != b->data && p[-1] != '\n')
			continue;
		scan_init(&sc, p + 4, strcspn(p + 4, "\n"));
		if (scan_ll(&sc, &v) == 0 && v >= 0 && v <= INT_MAX) {
			if (n < max)
				out[n] = (int)v;
			n++;
		}
	}
	return n;
}

static void want_inode(struct decoder *d, unsigned long long ino)
{
	xgrow(&d->wanted, &d->cap_wanted, d->nwanted + 1, sizeof(*d->wanted));
	d->wanted[d->nwanted++] = ino;
}

/* A wait on descriptor `fd`: told now, or once the holders are known. */
static void fd_wait(struct group_ctx *gc, struct task *t, int fd, enum call call, const char *lead,
		    const char *tail)
{
	struct decoder *d = gc->d;
	char target[PATH_MAX];
	enum wait_kind kind;
	unsigned long long ino;
	struct sbuf *s = &d->text;

	sbuf_reset(s);
	if (!read_fd(gc, t->tid, fd, target, sizeof(target), &kind, &ino)) {
		sbuf_printf(s, "%sfd %d%s", lead, fd, tail);
		set_result(d, t, WAIT_NONE, sbuf_cstr(s), NULL);
		return;
	}
	if (kind == WAIT_PIPE || kind == WAIT_SOCKET) {
		xgrow(&d->pend, &d->cap_pend, d->npend + 1, sizeof(*d->pend));
		d->pend[d->npend++] = (struct pending){ t, gc->g, kind, ino, fd, call, xstrdup(lead),
							xstrdup(tail) };
		want_inode(d, ino);
		return;
	}
	/* An epoll: what it watches. */
	struct sbuf detail = { 0 };
	int watched[WATCHED_SHOWN];
	size_t nw = call == C_EPOLL ? epoll_watched(gc, t->tid, fd, watched, WATCHED_SHOWN) : 0;

	for (size_t i = 0; i < nw && i < WATCHED_SHOWN; i++) {
		char wt[PATH_MAX];
		enum wait_kind wk;
		unsigned long long wino;

		sbuf_puts(&detail, i ? ", fd " : " watching fd ");
		sbuf_put_ll(&detail, watched[i]);
		if (read_fd(gc, t->tid, watched[i], wt, sizeof(wt), &wk, &wino)) {
			sbuf_putc(&detail, ' ');
			sbuf_puts(&detail, wt);
		}
	}
	if (nw > WATCHED_SHOWN)
		sbuf_printf(&detail, " and %zu more", nw - WATCHED_SHOWN);
	sbuf_printf(s, "%sfd %d %s%s%s", lead, fd, target, sbuf_cstr(&detail), tail);
	const char *waiton = xstrdup(sbuf_cstr(s));

	/* A path is one file for all; an anonymous inode is the process's. */
	sbuf_reset(s);
	sbuf_puts(s, target);
	if (kind == WAIT_ANON) {
		sbuf_printf(s, " fd %d of ", fd);
		put_process(d, s, gc->g->pid);
	}
	sbuf_puts(s, sbuf_cstr(&detail));
	set_result(d, t, kind, waiton, sbuf_cstr(s));
	free((char *)waiton);
	sbuf_release(&detail);
}

/* ---- memory the arguments point to ---- */

/* Reads `len` bytes at `addr` of the task's address space; false when
 * it may not be read (or the address is not mapped). */
static bool read_mem(struct group_ctx *gc, pid_t tid, unsigned long long addr, void *out, size_t len)
{
	char path[48];
	int fd;
	ssize_t n;

	if (addr == 0 || addr > (unsigned long long)INT64_MAX - len)
		return false;
	snprintf(path, sizeof(path), "task/%d/mem", (int)tid);
	fd = openat(gc->piddir, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	do
		n = pread(fd, out, len, (off_t)addr);
	while (n < 0 && errno == EINTR);
	close(fd);
	return n == (ssize_t)len;
}

static void poll_wait(struct group_ctx *gc, struct task *t, const struct task_cause *c)
{
	struct { int32_t fd; int16_t events, revents; } first;
	unsigned long long nfds = c->args[1];
	char lead[48] = "", tail[64] = "";

	if (nfds == 0 || !read_mem(gc, t->tid, c->args[0], &first, sizeof(first)) || first.fd < 0) {
		sbuf_reset(&gc->d->text);
		sbuf_printf(&gc->d->text, "%llu fds", nfds);
		set_result(gc->d, t, WAIT_NONE, sbuf_cstr(&gc->d->text), NULL);
		return;
	}
	if (nfds > 1) {
		snprintf(lead, sizeof(lead), "first of %llu: ", nfds);
	}
	fd_wait(gc, t, first.fd, (first.events & 0x4) && !(first.events & 0x1) ? C_FD_OUT : C_FD_IN,
		lead, tail);
}

/* "1000.5s": seconds, the nanoseconds without trailing zeros. */
static void put_time(struct sbuf *s, long long sec, long nsec)
{
	sbuf_put_ll(s, sec);
	if (nsec > 0 && nsec < 1000000000L) {
		char frac[16];
		int n = snprintf(frac, sizeof(frac), "%09ld", nsec);

		while (n > 0 && frac[n - 1] == '0')
			frac[--n] = '\0';
		sbuf_putc(s, '.');
		sbuf_puts(s, frac);
	}
	sbuf_putc(s, 's');
}

static const char *clock_text(long clock)
{
	static const char *const names[] = {
		[0] = "CLOCK_REALTIME", [1] = "CLOCK_MONOTONIC", [7] = "CLOCK_BOOTTIME",
		[8] = "CLOCK_REALTIME_ALARM", [9] = "CLOCK_BOOTTIME_ALARM", [11] = "CLOCK_TAI",
	};

	return clock >= 0 && clock < (long)(sizeof(names) / sizeof(names[0])) ? names[clock] : NULL;
}

/* The time asked for: relative, or with TIMER_ABSTIME when the clock
 * reaches it; the pointer alone where the memory cannot be read. */
static void sleep_wait(struct group_ctx *gc, struct task *t, const struct task_cause *c, bool clock)
{
	struct { int64_t sec, nsec; } ts;
	unsigned long long at = clock ? c->args[2] : c->args[0];
	bool absolute = clock && (c->args[1] & 1);
	struct sbuf *s = &gc->d->text;
	const char *name = clock ? clock_text((long)c->args[0]) : NULL;

	bool known = read_mem(gc, t->tid, at, &ts, sizeof(ts)) && ts.sec >= 0 && ts.nsec >= 0 &&
		     ts.nsec < 1000000000;

	sbuf_reset(s);
	if (!known) {
		sbuf_printf(s, "sleep, the time at 0x%llx", at);
	} else {
		sbuf_puts(s, absolute ? "sleep until " : "sleep ");
		put_time(s, ts.sec, (long)ts.nsec);
	}
	if (absolute) {
		struct timespec now;

		sbuf_puts(s, " on ");
		if (name)
			sbuf_puts(s, name);
		else
			sbuf_printf(s, "clock %lld", (long long)c->args[0]);
		/* How far off that is, by lwps's own reading of the clock. */
		if (known && name && clock_gettime((clockid_t)c->args[0], &now) == 0) {
			double left = (double)(ts.sec - now.tv_sec) + (double)(ts.nsec - now.tv_nsec) / 1e9;

			sbuf_printf(s, ", %.3fs from now", left > 0 ? left : 0.0);
		}
	}
	set_result(gc->d, t, WAIT_NONE, sbuf_cstr(s), NULL);
}

/* ---- children ---- */

/* The children of the group's threads (wait4 waits for any thread's),
 * or of thread `only` alone; into out[], how many. */
static size_t children_of(struct group_ctx *gc, pid_t only, pid_t *out, size_t max)
{
	struct tgroup *g = gc->g;
	size_t n = 0, ntids = only || !g->tasks_read ? 1 : g->ntasks;

	for (size_t i = 0; i < ntids; i++) {
		pid_t tid = only ? only : g->tasks_read ? g->tasks[i].tid : g->pid;
		char path[48];
		struct scan sc;
		pid_t pid;

		snprintf(path, sizeof(path), "task/%d/children", (int)tid);
		if (read_file_at(gc->piddir, path, gc->d->buf) < 0)
			continue;
		scan_init(&sc, gc->d->buf->data, gc->d->buf->len);
		while (children_next(&sc, &pid) == 1) {
			if (n < max)
				out[n] = pid;
			n++;
		}
	}
	return n;
}

static void put_children(struct decoder *d, struct sbuf *s, const pid_t *kids, size_t n)
{
	for (size_t i = 0; i < n && i < HOLDERS_SHOWN; i++) {
		sbuf_puts(s, i ? ", " : ": ");
		put_process(d, s, kids[i]);
	}
	if (n > HOLDERS_SHOWN)
		sbuf_printf(s, " and %zu more", n - HOLDERS_SHOWN);
}

/* wait4 and waitid: the child asked for, or which ones "any" covers. */
static void child_wait(struct group_ctx *gc, struct task *t, long long which, bool by_group)
{
	struct decoder *d = gc->d;
	struct sbuf *s = &d->text, group = { 0 };
	pid_t kids[HOLDERS_SHOWN + 1];

	sbuf_reset(s);
	if (which > 0 && !by_group) {
		sbuf_puts(s, "child ");
		put_process(d, s, (pid_t)which);
		set_result(d, t, WAIT_CHILD, sbuf_cstr(s), sbuf_cstr(s));
		return;
	}
	if (which > 0 || which < -1) {
		sbuf_printf(s, "any child in process group %lld", which > 0 ? which : -which);
	} else {
		size_t n = children_of(gc, 0, kids, HOLDERS_SHOWN + 1);

		sbuf_puts(s, which == 0 ? "any child in its process group" : "any child");
		if (n)
			put_children(d, s, kids, n);
		else
			sbuf_puts(s, " (none left)");
	}
	sbuf_puts(&group, "a child of ");
	put_process(d, &group, gc->g->pid);
	set_result(d, t, WAIT_CHILD, sbuf_cstr(s), sbuf_cstr(&group));
	sbuf_release(&group);
}

static void waitid_wait(struct group_ctx *gc, struct task *t, const struct task_cause *c)
{
	long long id = (long long)(int32_t)c->args[1];

	switch ((int)c->args[0]) {
	case 0:   /* P_ALL */
		child_wait(gc, t, -1, false);
		return;
	case 1:   /* P_PID */
		child_wait(gc, t, id, false);
		return;
	case 2:   /* P_PGID */
		child_wait(gc, t, id ? id : 0, true);
		return;
	default:  /* P_PIDFD: the descriptor names it */
		fd_wait(gc, t, (int)id, C_FD, "child by ", "");
		return;
	}
}

/* A vfork parent waits until its child execs or exits: the newest child
 * of the thread. */
static void vfork_wait(struct group_ctx *gc, struct task *t)
{
	pid_t kids[64];
	size_t n = children_of(gc, t->tid, kids, 64);
	struct sbuf *s = &gc->d->text;

	if (!n || n > 64) {
		set_result(gc->d, t, WAIT_NONE, "a vfork child", NULL);
		return;
	}
	sbuf_reset(s);
	sbuf_puts(s, "vfork child ");
	put_process(gc->d, s, kids[n - 1]);
	set_result(gc->d, t, WAIT_CHILD, sbuf_cstr(s), sbuf_cstr(s));
}

/* ---- futexes ---- */

/* The mapping holding `addr`, named as maps names it, into `s`. */
static void put_mapping(struct group_ctx *gc, pid_t tid, unsigned long long addr, struct sbuf *s)
{
	if (!gc->maps_tried) {
		char path[48];

		gc->maps_tried = true;
		snprintf(path, sizeof(path), "task/%d/maps", (int)tid);
		if (read_file_to_end_at(gc->piddir, path, gc->d->buf) == 0) {
			gc->maps = xmalloc(gc->d->buf->len + 1);
			memcpy(gc->maps, gc->d->buf->data, gc->d->buf->len + 1);
			gc->maps_len = gc->d->buf->len;
		}
	}
	for (const char *p = gc->maps, *end = gc->maps + gc->maps_len; p && p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct maps_line m;

		if (maps_parse_line(p, len, &m) == 0 && m.start <= addr && addr < m.end) {
			sbuf_puts(s, " in ");
			if (m.path) {
				char *name = xmalloc(m.path_len + 1);

				sbuf_put(s, name, maps_unescape_path(name, m.path, m.path_len));
				free(name);
				if (m.deleted)
					sbuf_puts(s, " (deleted)");
			} else {
				sbuf_puts(s, "anon");
			}
			return;
		}
		p = nl ? nl + 1 : end;
	}
}

/* Each futex waiter with the mapping and the others waiting on its word. */
static void tell_futexes(struct group_ctx *gc)
{
	struct decoder *d = gc->d;
	struct sbuf where = { 0 }, group = { 0 };

	for (size_t i = 0; i < gc->nfutexes; i++) {
		const struct futex_wait *f = &gc->futexes[i];
		size_t others = 0;

		sbuf_reset(&where);
		sbuf_printf(&where, "futex 0x%llx", f->addr);
		put_mapping(gc, f->t->tid, f->addr, &where);
		sbuf_reset(&d->text);
		sbuf_puts(&d->text, sbuf_cstr(&where));
		for (size_t k = 0; k < gc->nfutexes; k++) {
			const struct futex_wait *o = &gc->futexes[k];

			/* The process row speaks for the leader: not its own co-waiter. */
			if (k == i || o->addr != f->addr || o->t->tid == f->t->tid)
				continue;
			if (o->t == &gc->g->self)
				continue;
			sbuf_puts(&d->text, others++ ? "," : ", also waited on by ");
			sbuf_put_ll(&d->text, o->t->tid);
		}
		sbuf_reset(&group);
		sbuf_printf(&group, "%s of ", sbuf_cstr(&where));
		put_process(d, &group, gc->g->pid);
		set_result(d, f->t, WAIT_FUTEX, sbuf_cstr(&d->text), sbuf_cstr(&group));
	}
	sbuf_release(&where);
	sbuf_release(&group);
}

/* ---- one task, one process ---- */

static void decode_task(struct group_ctx *gc, struct task *t)
{
	const struct task_cause *c = t->cause;

	if (t->known & TF_BIT(TF_ON_CPU) || c->nr < 0) {
		set_result(gc->d, t, WAIT_NONE, NULL, NULL);
		return;
	}
	switch (call_of(c)) {
	case C_FD_IN:
	case C_FD_OUT:
	case C_FD:
	case C_EPOLL:
		fd_wait(gc, t, (int)c->args[0], call_of(c), "", "");
		return;
	case C_POLL:
		poll_wait(gc, t, c);
		return;
	case C_FUTEX:
		xgrow(&gc->futexes, &gc->cap_futexes, gc->nfutexes + 1, sizeof(*gc->futexes));
		gc->futexes[gc->nfutexes++] = (struct futex_wait){ t, c->args[0] };
		return;
	case C_SLEEP:
	case C_CLOCK_SLEEP:
		sleep_wait(gc, t, c, call_of(c) == C_CLOCK_SLEEP);
		return;
	case C_WAIT4:
		child_wait(gc, t, (long long)(int32_t)c->args[0], false);
		return;
	case C_WAITID:
		waitid_wait(gc, t, c);
		return;
	case C_VFORK:
		vfork_wait(gc, t);
		return;
	case C_CLONE:
	case C_CLONE3: {
		uint64_t flags = c->args[0];

		if (call_of(c) == C_CLONE3 && !read_mem(gc, t->tid, c->args[0], &flags, sizeof(flags)))
			flags = 0;
		if (flags & CLONE_VFORK_FLAG)
			vfork_wait(gc, t);
		else
			set_result(gc->d, t, WAIT_NONE, NULL, NULL);
		return;
	}
	case C_SIGNAL:
		set_result(gc->d, t, WAIT_NONE, "a signal", NULL);
		return;
	case C_OTHER:
		break;
	}
	set_result(gc->d, t, WAIT_NONE, NULL, NULL);
}

/* Whether the task's syscall file was read and its wait is still to tell. */
static bool to_decode(const struct task *t)
{
	return t->cause && t->known & (TF_BIT(TF_SYSCALL) | TF_BIT(TF_ON_CPU)) &&
	       !(t->known & TF_BIT(TF_WAITON));
}

static void decode_group(struct decoder *d, struct tgroup *g)
{
	struct group_ctx gc = { .d = d, .g = g, .piddir = -1 };
	bool any = to_decode(&g->self);
	char name[16];

	for (size_t i = 0; i < g->ntasks && !any; i++)
		any = to_decode(&g->tasks[i]);
	if (!any)
		return;
	snprintf(name, sizeof(name), "%d", (int)g->pid);
	gc.piddir = openat(d->procfd, name, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (gc.piddir < 0)
		return;   /* gone: what it waited on stays unknown */
	if (to_decode(&g->self))
		decode_task(&gc, &g->self);
	for (size_t i = 0; i < g->ntasks; i++)
		if (to_decode(&g->tasks[i]))
			decode_task(&gc, &g->tasks[i]);
	tell_futexes(&gc);
	close(gc.piddir);
	free(gc.futexes);
	free(gc.maps);
}

/* ---- who holds the other end ---- */

static int cmp_ull(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;

	return (x > y) - (x < y);
}

static bool wanted(const struct decoder *d, unsigned long long ino)
{
	return ino && bsearch(&ino, d->wanted, d->nwanted, sizeof(*d->wanted), cmp_ull);
}

/* The access mode of descriptor `name` of process `pid` (fdinfo flags). */
static int access_mode(struct decoder *d, pid_t pid, const char *name)
{
	char path[320];
	const char *f;
	char *end;
	unsigned long long flags;

	snprintf(path, sizeof(path), "%d/fdinfo/%s", (int)pid, name);
	if (read_file_at(d->procfd, path, d->buf) < 0 || !(f = strstr(d->buf->data, "flags:")))
		return -1;
	flags = strtoull(f + 6, &end, 8);   /* octal, as the kernel prints it */
	return end == f + 6 ? -1 : (int)(flags & O_ACCMODE);
}

/* The descriptors of one process that are wanted inodes. */
static void holders_of(struct decoder *d, pid_t pid, const char *pidname)
{
	char path[300], target[64];
	DIR *dir;
	struct dirent *e;
	int fd;

	snprintf(path, sizeof(path), "%s/fd", pidname);
	fd = openat(d->procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || !(dir = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((e = readdir(dir))) {
		unsigned long long ino = 0;
		ssize_t n;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		n = readlinkat(dirfd(dir), e->d_name, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		if (sscanf(target, "pipe:[%llu]", &ino) != 1 && sscanf(target, "socket:[%llu]", &ino) != 1)
			continue;
		if (!wanted(d, ino))
			continue;
		xgrow(&d->holders, &d->cap_holders, d->nholders + 1, sizeof(*d->holders));
		d->holders[d->nholders++] = (struct holder){
			ino, pid, atoi(e->d_name), target[0] == 'p' ? access_mode(d, pid, e->d_name) : -1,
		};
	}
	closedir(dir);
}

/* Every fd table of the machine: the waits' other ends may be held by
 * processes outside the selection. */
static void find_holders(struct decoder *d)
{
	DIR *dir;
	struct dirent *e;
	int fd;

	qsort(d->wanted, d->nwanted, sizeof(*d->wanted), cmp_ull);
	fd = openat(d->procfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || !(dir = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((e = readdir(dir))) {
		char *end;
		long pid = strtol(e->d_name, &end, 10);

		if (*end || pid <= 0 || e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		holders_of(d, (pid_t)pid, e->d_name);
	}
	closedir(dir);
}

/* The processes holding inode `ino` by a descriptor whose access mode is
 * `acc` (or read-write), but the waiting descriptor itself: "by 1 (a), 2 (b)". */
static size_t put_holders(struct decoder *d, struct sbuf *s, const struct pending *p,
			  unsigned long long ino, int acc)
{
	pid_t shown[HOLDERS_SHOWN];
	size_t n = 0;

	for (size_t i = 0; i < d->nholders; i++) {
		const struct holder *h = &d->holders[i];
		bool seen = false;

		if (h->ino != ino || (acc >= 0 && h->acc != acc && h->acc != O_RDWR))
			continue;
		if (h->pid == p->g->pid && h->fd == p->fd && ino == p->ino)
			continue;
		for (size_t k = 0; k < n && k < HOLDERS_SHOWN; k++)
			seen |= shown[k] == h->pid;
		if (seen)
			continue;
		if (n < HOLDERS_SHOWN) {
			sbuf_puts(s, n ? ", " : "");
			put_process(d, s, h->pid);
			shown[n] = h->pid;
		}
		n++;
	}
	if (n > HOLDERS_SHOWN)
		sbuf_printf(s, " and %zu more", n - HOLDERS_SHOWN);
	return n;
}

/* The object of a pipe or socket wait, alike for every waiter on it. */
static void put_object(struct decoder *d, struct sbuf *s, const struct pending *p)
{
	if (p->kind == WAIT_PIPE) {
		bool out = p->call == C_FD_OUT;

		sbuf_printf(s, "pipe:[%llu] %s ", p->ino, out ? "read by" : "written by");
		if (!put_holders(d, s, p, p->ino, out ? O_RDONLY : O_WRONLY))
			sbuf_puts(s, out ? "no reader found" : "no writer found");
		return;
	}
	const struct unix_sock *u = d->socks_read ? unix_socks_find(&d->socks, p->ino) : NULL;

	sbuf_printf(s, "socket:[%llu]", p->ino);
	if (!u)
		return;
	sbuf_puts(s, " unix");
	if (u->name) {
		sbuf_putc(s, ' ');
		sbuf_puts(s, u->name);
	}
	if (u->state == UNIX_LISTEN)
		sbuf_puts(s, " listening");
	if (u->peer) {
		size_t mark;

		sbuf_printf(s, ", peer socket:[%llu] held by ", u->peer);
		mark = s->len;
		if (!put_holders(d, s, p, u->peer, -1)) {
			s->len = mark - strlen(" held by ");
			s->data[s->len] = '\0';
		}
	}
}

static void tell_pending(struct decoder *d)
{
	struct sbuf object = { 0 };
	bool sockets = false;

	for (size_t i = 0; i < d->npend; i++)
		sockets |= d->pend[i].kind == WAIT_SOCKET;
	if (sockets) {
		d->socks_read = unix_socks_read(&d->socks) == 0;
		for (size_t i = 0; i < d->npend; i++) {
			const struct unix_sock *u = d->socks_read ? unix_socks_find(&d->socks, d->pend[i].ino) : NULL;

			if (u && u->peer)
				want_inode(d, u->peer);
		}
	}
	if (d->npend)
		find_holders(d);
	for (size_t i = 0; i < d->npend; i++) {
		struct pending *p = &d->pend[i];

		sbuf_reset(&object);
		put_object(d, &object, p);
		sbuf_reset(&d->text);
		sbuf_printf(&d->text, "%sfd %d %s%s", p->lead, p->fd, sbuf_cstr(&object), p->tail);
		set_result(d, p->t, p->kind, sbuf_cstr(&d->text), sbuf_cstr(&object));
		free(p->lead);
		free(p->tail);
	}
	sbuf_release(&object);
}

void live_read_causes(struct snapshot *snap, int procfd, struct buf *buf)
{
	struct decoder d = { .snap = snap, .procfd = procfd, .buf = buf };

	for (size_t i = 0; i < snap->ngroups; i++)
		decode_group(&d, &snap->groups[i]);
	tell_pending(&d);
	unix_socks_release(&d.socks);
	free(d.pend);
	free(d.wanted);
	free(d.holders);
	sbuf_release(&d.text);
}
