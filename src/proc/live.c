/* live.c - fill a snapshot from the running system's /proc.
 *
 * The scan is the hot path, so it reads the kernel's files itself: each
 * process's directory is opened once and every file of that process is
 * read relative to the handle, which also pins the process: a pid reused
 * mid-scan fails the reads instead of mixing two processes in one row.
 * Threads are read relative to the process's task directory.  One open,
 * one read and one close per file; no stat() per task (libproc2 4.0.2
 * adds one, and an absolute path walk per file: see bench/README.md). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "model/causes.h"
#include "model/needs.h"
#include "model/states.h"
#include "proc/fdcache.h"
#include "proc/host.h"
#include "proc/live.h"
#include "proc/live_causes.h"
#include "proc/live_children.h"
#include "proc/live_creds.h"
#include "proc/live_exec.h"
#include "proc/live_shares.h"
#include "proc/parse_counters.h"
#include "proc/parse_limits.h"
#include "proc/parse_maps.h"
#include "proc/parse_stat.h"
#include "proc/parse_status.h"
#include "proc/parse_syscall.h"
#include "proc/procdir.h"
#include "proc/readfile.h"
#include "util/users.h"
#include "util/xalloc.h"

/* How many times a group whose listed threads disagree with the task
 * directory's own count is read again before it is taken as it is. */
enum { REREAD_TRIES = 2 };

struct live {
	int procfd;              /* the /proc root every read starts from */
	struct users users;      /* uid -> name, kept across refreshes */
	struct fdcache open;     /* files kept open between refreshes */
	struct host_reader *host;
	struct buf buf;
	bool privileged;         /* may read every task's wchan */
	unsigned full_scans;     /* whole-machine scans so far */
	bool hide_kernel;        /* LIBPROC_HIDE_KERNEL, as libproc2 honours it */
	struct stack_memory stacks;   /* thread stacks found at earlier readings */
	struct elf_cache elves;       /* mapped ELF files' program headers, so read */
	struct symbols *symbols;      /* mapped files' symbol tables, read once (EXEC) */
};

/* Mapped ELF files whose program headers are kept: a few hundred objects
 * make a large process; each costs about 100 bytes. */
enum { ELF_CACHE_MAX = 1024 };

/* One scan: the request and where it goes. */
struct scan_ctx {
	struct live *lv;
	struct snapshot *snap;
	unsigned needs;
	struct tgroup *g;        /* the group whose tasks are being read */
	int taskfd;
	const struct creds *last_creds;   /* the latest task's, for the next to share */
	bool threads_only;       /* live_request.threads_only */
	/* With threads_only, the leader's stat read for its process (comm
	 * in the snapshot): its thread is not read again. */
	struct stat_fields leader;
	bool have_leader;
};

/* The files of a process or thread that a scan reads. */
enum task_file {
	FILE_STAT, FILE_STATUS, FILE_WCHAN, FILE_CMDLINE, FILE_LIMITS, FILE_SCHEDSTAT, FILE_IO,
	FILE_ROLLUP, FILE_SYSCALL, FILE_STACK, FILE_TASKDIR
};

static const char *const file_name[] = {
	[FILE_STAT] = "stat", [FILE_STATUS] = "status",
	[FILE_WCHAN] = "wchan", [FILE_CMDLINE] = "cmdline", [FILE_LIMITS] = "limits",
	[FILE_SCHEDSTAT] = "schedstat", [FILE_IO] = "io", [FILE_ROLLUP] = "smaps_rollup",
	[FILE_SYSCALL] = "syscall", [FILE_STACK] = "stack",
};

/* Where a task's files are: its directory, opened on first need (a
 * refresh whose files are all open never opens it). */
struct task_dir {
	int parent;              /* the directory that holds it */
	const char *name;        /* its name there */
	pid_t id;
	bool thread;             /* task/TID, not the process's PID */
	int fd;                  /* -1 until opened */
	/* Only one file of it is read: open that by its path under the
	 * parent, one open instead of two (nothing to keep consistent). */
	bool one_file;
	/* When set, the parent is this directory's, opened only when a file
	 * must be opened (not when a kept descriptor serves). */
	struct task_dir *up;
};

struct live *live_open(const char *root)
{
	struct live *lv = xcalloc(1, sizeof(*lv));

	lv->procfd = open(root ? root : "/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (lv->procfd < 0) {
		int err = errno;

		free(lv);
		errno = err;
		return NULL;
	}
	lv->privileged = geteuid() == 0;
	lv->hide_kernel = getenv("LIBPROC_HIDE_KERNEL") != NULL;
	lv->host = host_reader_new();
	elf_cache_init(&lv->elves, ELF_CACHE_MAX);
	return lv;
}

void live_close(struct live *lv)
{
	if (!lv)
		return;
	close(lv->procfd);
	fdcache_release(&lv->open);
	host_reader_free(lv->host);
	users_release(&lv->users);
	buf_release(&lv->buf);
	stack_memory_release(&lv->stacks);
	elf_cache_release(&lv->elves);
	symbols_free(lv->symbols);
	free(lv);
}

/* Keeps up to this many task files open between refreshes, within the
 * open-file limit (raised to its hard maximum) less room for the rest. */
enum { KEEP_OPEN_MAX = 32768, FD_RESERVE = 256 };

static void keep_open(struct live *lv)
{
	struct rlimit rl;
	size_t limit = 0;

	if (lv->open.nslots)
		return;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rlim_t want = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > KEEP_OPEN_MAX + FD_RESERVE
			      ? KEEP_OPEN_MAX + FD_RESERVE : rl.rlim_max;

		if (want > rl.rlim_cur) {
			rl.rlim_cur = want;
			if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
				getrlimit(RLIMIT_NOFILE, &rl);
		}
		if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur > FD_RESERVE)
			limit = (size_t)(rl.rlim_cur - FD_RESERVE);
	}
	fdcache_init(&lv->open, limit < KEEP_OPEN_MAX ? limit : KEEP_OPEN_MAX);
}

int live_procfd(const struct live *lv)
{
	return lv->procfd;
}

struct stack_memory *live_stacks(struct live *lv)
{
	return &lv->stacks;
}

struct elf_cache *live_elf_cache(struct live *lv)
{
	return &lv->elves;
}

struct symbols *live_symbols(struct live *lv)
{
	if (!lv->symbols)
		lv->symbols = symbols_new();
	return lv->symbols;
}

static bool vanished(int err)
{
	return err == -ENOENT || err == -ESRCH;
}

static unsigned stat_known(void)
{
	return TF_BIT(TF_STATE) | TF_BIT(TF_SCHED) | TF_BIT(TF_TICS) | TF_BIT(TF_START) |
	       TF_BIT(TF_PGRP) | TF_BIT(TF_PPID) | TF_BIT(TF_MEM) | TF_BIT(TF_NLWP) |
	       TF_BIT(TF_FAULTS);
}

static uint64_t file_key(const struct task_dir *d, enum task_file f)
{
	_Static_assert(FILE_TASKDIR < 16, "a task file fits in four bits");
	return (uint64_t)d->id << 5 | (d->thread ? 16u : 0u) | f;
}

static int task_dir_fd(struct task_dir *d)
{
	if (d->fd < 0)
		d->fd = openat(d->parent, d->name, O_PATH | O_DIRECTORY | O_CLOEXEC);
	return d->fd < 0 ? -errno : d->fd;
}

static void task_dir_close(struct task_dir *d)
{
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
}

/* Reads one file of a task into the scan's buffer: again through the
 * descriptor kept open since the last refresh, or opened now (and kept
 * when refreshes will follow).  A kept descriptor of a task that has
 * exited fails with ESRCH even when its id is in use again, so what is
 * read is always the task that holds the id now.  0 or -errno. */
static int read_task_file(struct scan_ctx *sc, struct task_dir *d, enum task_file f)
{
	struct live *lv = sc->lv;
	uint64_t key = file_key(d, f);
	int fd = fdcache_get(&lv->open, key), err;

	if (fd >= 0) {
		if (pread_whole(fd, &lv->buf) == 0)
			return 0;
		fdcache_drop(&lv->open, key);
	}
	if (d->one_file) {
		char path[48];

		if (d->up && (d->parent = task_dir_fd(d->up)) < 0)
			return d->parent;
		snprintf(path, sizeof(path), "%s/%s", d->name, file_name[f]);
		fd = openat(d->parent, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	} else {
		err = task_dir_fd(d);
		if (err < 0)
			return err;
		fd = openat(d->fd, file_name[f], O_RDONLY | O_CLOEXEC | O_NOCTTY);
	}
	if (fd < 0)
		return -errno;
	err = pread_whole(fd, &lv->buf);
	if (err < 0 || !fdcache_put(&lv->open, key, fd))
		close(fd);
	return err;
}

/* Reads and parses a stat file; the comm keeps the kernel's bytes. */
static int read_stat(struct scan_ctx *sc, struct task_dir *d, struct stat_fields *sf)
{
	int err = read_task_file(sc, d, FILE_STAT);

	if (err < 0)
		return err;
	return stat_parse(sc->lv->buf.data, sc->lv->buf.len, sf) < 0 ? -EINVAL : 0;
}

static void task_from_stat(struct snapshot *snap, struct task *t, const struct stat_fields *sf)
{
	t->tid = sf->pid;
	t->ppid = sf->ppid;
	t->pgid = sf->pgrp;
	t->sid = sf->session;
	t->tty = sf->tty_nr;
	t->tpgid = sf->tpgid;
	t->state = sf->state;
	t->flags = sf->flags;
	t->processor = sf->processor;
	t->priority = (int)sf->priority;
	t->nice = (int)sf->nice;
	t->policy = (int)sf->policy;
	t->rt_priority = (int)sf->rt_priority;
	t->utime = sf->utime;
	t->stime = sf->stime;
	t->start_ticks = sf->starttime;
	t->minflt = sf->minflt;
	t->majflt = sf->majflt;
	t->vsize = sf->vsize;
	t->rss_pages = sf->rss;
	t->nlwp = (int)sf->num_threads;
	t->comm = snapshot_strndup(snap, sf->comm, sf->comm_len);
	t->known = stat_known();
}

/* task/TID/wchan holds the kernel's symbol, or "0" both for a running
 * task and for one we may not inspect; stat's code address tells the two
 * apart: the kernel shows start_code as 1 to a reader that may not
 * inspect the task (0 when it has no mm), so only a real address (> 1)
 * means the wchan was ours to read.  Returns 0 or -errno. */
static int read_wchan(struct scan_ctx *sc, struct task_dir *d, struct task *t,
		      unsigned long startcode)
{
	struct buf *b = &sc->lv->buf;
	int err;

	if (!sc->lv->privileged && startcode <= 1)
		return 0;
	err = read_task_file(sc, d, FILE_WCHAN);
	if (err < 0)
		return err;
	while (b->len && (b->data[b->len - 1] == '\n'))
		b->data[--b->len] = '\0';
	t->wchan = strcmp(b->data, "0") == 0 ? "" : snapshot_strndup(sc->snap, b->data, b->len);
	t->known |= TF_BIT(TF_WCHAN);
	return 0;
}

/* Reads a status file into `t`. */
static int read_status(struct scan_ctx *sc, struct task_dir *d, struct task *t)
{
	struct status_fields sf;
	int err = read_task_file(sc, d, FILE_STATUS);

	if (err < 0)
		return err;
	status_parse(sc->lv->buf.data, sc->lv->buf.len, &sf);
	t->creds = live_creds(&sf, sc->last_creds, sc->needs, &sc->lv->users, sc->snap);
	if (t->creds) {
		sc->last_creds = t->creds;
		t->known |= TF_BIT(TF_CREDS);
	}
	if (sf.have & SK_VMLCK) {
		t->vm_locked_kb = sf.vm_locked_kb;
		t->known |= TF_BIT(TF_LOCKED);
	} else if (sf.have & SK_UID) {
		/* No VmLck line: no mm (kernel thread, zombie), nothing locked. */
		t->vm_locked_kb = 0;
		t->known |= TF_BIT(TF_LOCKED);
	}
	/* VmRSS is exact; stat's rss is a per-CPU estimate that lags. */
	if (sf.have & SK_VMRSS)
		t->rss_pages = (unsigned long)(sf.vm_rss_kb * 1024 / (unsigned long)sc->snap->host.page_size);
	if (sf.have & SK_CSW) {
		t->nvcsw = sf.nvcsw;
		t->nivcsw = sf.nivcsw;
		t->known |= TF_BIT(TF_CSW);
	}
	if (sf.have & SK_TRACER) {
		t->tracer_pid = sf.tracer_pid;
		t->known |= TF_BIT(TF_TRACER);
	}
	if (sf.have & SK_NSPID) {
		pid_t *ns = snapshot_alloc(sc->snap, sizeof(pid_t) * (size_t)sf.nspid_len);

		memcpy(ns, sf.nspid, sizeof(pid_t) * (size_t)sf.nspid_len);
		t->nspid = ns;
		t->nspid_len = sf.nspid_len;
		t->known |= TF_BIT(TF_NSPID);
	}
	return 0;
}

/* An optional file of d that cannot be read: a kernel built without it
 * (no schedstats, no I/O accounting; syscall needs
 * CONFIG_HAVE_ARCH_TRACEHOOK, stack CONFIG_STACKTRACE), a recorded tree
 * without it, one we may not read, or a task that exited since its stat
 * was read.  Only the last is gone (-ESRCH: the caller leaves the task
 * out whole); for the others the values stay unknown (0).  A task that
 * exited says ESRCH through a kept descriptor, and ENOENT for a file
 * opened anew, as its directory does; a missing file of a live task's
 * directory leaves the directory's stat there. */
static int gone_only(struct task_dir *d, int err)
{
	if (err == -ESRCH)
		return err;
	if (err == -ENOENT && (d->fd < 0 || faccessat(d->fd, "stat", F_OK, 0) < 0))
		return -ESRCH;
	return 0;
}

/* The task's run-queue figures; a kernel without schedstats lacks the
 * file (the value stays unknown). */
static int read_schedstat(struct scan_ctx *sc, struct task_dir *d, struct task *t)
{
	struct schedstat_fields sf;
	int err = read_task_file(sc, d, FILE_SCHEDSTAT);

	if (err < 0)
		return gone_only(d, err);
	if (schedstat_parse(sc->lv->buf.data, sc->lv->buf.len, &sf) == 0) {
		t->run_ns = sf.run_ns;
		t->wait_ns = sf.wait_ns;
		t->slices = sf.slices;
		t->known |= TF_BIT(TF_SCHEDSTAT);
	}
	return 0;
}

/* The task's storage I/O; the file is the owner's (EACCES otherwise). */
static int read_io(struct scan_ctx *sc, struct task_dir *d, struct task *t)
{
	struct io_fields io;
	int err = read_task_file(sc, d, FILE_IO);

	if (err < 0)
		return gone_only(d, err);
	if (io_parse(sc->lv->buf.data, sc->lv->buf.len, &io) == 0) {
		t->read_bytes = io.read_bytes;
		t->write_bytes = io.write_bytes;
		t->known |= TF_BIT(TF_IO);
	}
	return 0;
}

/* What the waits view (-W) reads depends on the task's state: where a
 * waiting task waits (its system call, wchan, and in D its kernel
 * stack), and how long a runnable one waited for a CPU. */
static bool wants_wchan(const struct scan_ctx *sc, const struct task *t)
{
	return sc->needs & NEED_WCHAN || (sc->needs & NEED_WAITS && task_state_waits(t->state));
}

static bool wants_schedstat(const struct scan_ctx *sc, const struct task *t)
{
	return sc->needs & NEED_SCHEDSTAT || (sc->needs & NEED_WAITS && t->state == 'R');
}

/* A kernel thread has no user space, a zombie runs no more: no system
 * call to speak of. */
static bool wants_syscall(const struct scan_ctx *sc, const struct task *t)
{
	if (t->flags & TASK_PF_KTHREAD || t->state == STATE_ZOMBIE || t->state == 'X')
		return false;
	return sc->needs & (NEED_SYSCALL | NEED_WAITON) ||
	       (sc->needs & NEED_WAITS && task_state_waits(t->state));
}

static bool wants_kstack(const struct scan_ctx *sc, const struct task *t)
{
	return sc->needs & NEED_KSTACK || (sc->needs & NEED_WAITS && t->state == 'D');
}

static struct task_cause *cause_of(struct snapshot *snap, struct task *t)
{
	struct task_cause *c = (struct task_cause *)t->cause;

	if (!c) {
		c = snapshot_alloc(snap, sizeof(*c));
		*c = (struct task_cause){ .nr = -1 };
		t->cause = c;
	}
	return c;
}

/* task/TID/syscall: the call and its arguments, the registers at entry.
 * Another user's task, or one we may not ptrace, keeps them unknown and
 * says why (syscall_err). */
static int read_syscall(struct scan_ctx *sc, struct task_dir *d, struct task *t)
{
	struct task_cause *c = cause_of(sc->snap, t);
	struct syscall_fields sf;
	int err = read_task_file(sc, d, FILE_SYSCALL);

	if (err < 0) {
		c->syscall_err = -err;
		return gone_only(d, err);
	}
	if (syscall_parse(sc->lv->buf.data, sc->lv->buf.len, &sf) < 0) {
		c->syscall_err = EIO;
		return 0;
	}
	if (sf.running) {
		t->known |= TF_BIT(TF_ON_CPU);
		return 0;
	}
	c->nr = sf.nr;
	c->name = syscall_name(sf.nr);
	memcpy(c->args, sf.args, sizeof(c->args));
	t->pc = sf.pc;
	t->stack_pointer = sf.sp;
	t->known |= TF_BIT(TF_SYSCALL) | TF_BIT(TF_SP);
	return 0;
}

struct frames {
	struct snapshot *snap;
	const char **v;
	size_t n, cap;
};

static void add_frame(void *ctx, const char *f, size_t len)
{
	struct frames *fr = ctx;

	xgrow(&fr->v, &fr->cap, fr->n + 1, sizeof(*fr->v));
	fr->v[fr->n++] = snapshot_strndup(fr->snap, f, len);
}

/* task/TID/stack: readable by root only; unknown, not empty, otherwise. */
static int read_kstack(struct scan_ctx *sc, struct task_dir *d, struct task *t)
{
	struct frames fr = { .snap = sc->snap };
	int err = read_task_file(sc, d, FILE_STACK);
	struct task_cause *c;

	if (err < 0)
		return gone_only(d, err);
	kstack_parse(sc->lv->buf.data, sc->lv->buf.len, add_frame, &fr);
	c = cause_of(sc->snap, t);
	if (fr.n) {
		const char **v = snapshot_alloc(sc->snap, sizeof(*v) * fr.n);

		memcpy(v, fr.v, sizeof(*v) * fr.n);
		c->kstack = v;
	}
	c->nkstack = (int)fr.n;
	t->known |= TF_BIT(TF_KSTACK);
	free(fr.v);
	return 0;
}

/* The cause files a request wants of one task. */
static int read_cause(struct scan_ctx *sc, struct task_dir *d, struct task *t)
{
	int err = 0;

	if (wants_syscall(sc, t))
		err = read_syscall(sc, d, t);
	if (!vanished(err) && wants_kstack(sc, t))
		err = read_kstack(sc, d, t);
	return err;
}

/* The counter files a request wants of one task. */
static int read_counters(struct scan_ctx *sc, struct task_dir *d, struct task *t)
{
	int err = 0;

	if (wants_schedstat(sc, t))
		err = read_schedstat(sc, d, t);
	if (!vanished(err) && sc->needs & NEED_IO)
		err = read_io(sc, d, t);
	return err;
}

static int read_cmdline(struct scan_ctx *sc, struct task_dir *d, struct tgroup *g)
{
	struct buf *b = &sc->lv->buf;
	int err = read_task_file(sc, d, FILE_CMDLINE);

	if (err < 0)
		return err;

	/* Split at NULs; a trailing NUL ends the last word, and bytes after
	 * the last NUL (a process that rewrote its argv) form one more. */
	const char *p = b->data, *end = p + b->len;
	int argc = 0;

	for (const char *q = p; q < end; q++)
		if (*q == '\0')
			argc++;
	if (b->len && end[-1] != '\0')
		argc++;
	const char **argv = snapshot_alloc(sc->snap, sizeof(char *) * ((size_t)argc + 1));
	for (int i = 0; i < argc; i++) {
		size_t n = strnlen(p, (size_t)(end - p));

		argv[i] = snapshot_strndup(sc->snap, p, n);
		p += n + 1;
	}
	argv[argc] = NULL;
	g->argv = argv;
	g->argc = argc;
	g->argv_known = true;
	return 0;
}

/* The process's resource limits, copied into the snapshot. */
static int read_limits(struct scan_ctx *sc, struct task_dir *pd, struct tgroup *g)
{
	struct limits rows = { 0 };
	int err = read_task_file(sc, pd, FILE_LIMITS);

	g->limits_read = true;
	g->limits_err = err;
	if (err < 0)
		return err;
	limits_parse(sc->lv->buf.data, sc->lv->buf.len, &rows);
	struct limit_row *out = snapshot_alloc(sc->snap, sizeof(*out) * (rows.n ? rows.n : 1));

	for (size_t i = 0; i < rows.n; i++) {
		const struct limit *l = &rows.rows[i];

		out[i] = (struct limit_row){
			.name = snapshot_strndup(sc->snap, l->name, l->name_len),
			.units = l->units_len ? snapshot_strndup(sc->snap, l->units, l->units_len) : NULL,
			.soft = l->soft, .hard = l->hard,
			.soft_unlimited = l->soft_unlimited, .hard_unlimited = l->hard_unlimited,
		};
	}
	g->limits = out;
	g->nlimits = rows.n;
	limits_release(&rows);
	return 0;
}

static int add_rollup(const struct smaps_entry *e, void *ctx)
{
	struct mem_rollup *m = ctx;
	const unsigned long long *v = e->value;

	m->rss += v[SM_RSS];
	m->pss += v[SM_PSS];
	m->shared += v[SM_SHARED_CLEAN] + v[SM_SHARED_DIRTY] + v[SM_SHARED_HUGETLB];
	m->private += v[SM_PRIVATE_CLEAN] + v[SM_PRIVATE_DIRTY] + v[SM_PRIVATE_HUGETLB];
	m->swap += v[SM_SWAP];
	return 0;
}

/* The process's memory summed by the kernel (smaps_rollup): one block,
 * taken under the mm lock, hence read only when a column asks. */
static int read_rollup(struct scan_ctx *sc, struct task_dir *d, struct tgroup *g)
{
	int err = read_task_file(sc, d, FILE_ROLLUP);

	g->rollup_read = true;
	memset(&g->rollup, 0, sizeof(g->rollup));
	if (err == 0 && smaps_parse(sc->lv->buf.data, sc->lv->buf.len, add_rollup, &g->rollup) < 0)
		err = -EINVAL;
	g->rollup_err = err;
	return err;
}

/* The files of one thread, all through its own directory handle, so
 * that they speak of the same thread.  A thread that exits between its
 * files is left out whole. */
static void read_task(void *ctx, pid_t tid, const char *name)
{
	struct scan_ctx *sc = ctx;
	struct task_dir d = { .parent = sc->taskfd, .name = name, .id = tid, .thread = true, .fd = -1,
			      .one_file = !(sc->needs & (NEED_TSTATUS | NEED_WCHAN | NEED_SCHEDSTAT |
							 NEED_IO | NEED_SYSCALL | NEED_KSTACK |
							 NEED_WAITON | NEED_WAITS)) };
	struct stat_fields sf;
	int err = 0;

	if (sc->have_leader && tid == sc->g->pid)
		sf = sc->leader;
	else
		err = read_stat(sc, &d, &sf);
	if (err == 0 && sf.pid == tid) {
		struct task *t = tgroup_add_task(sc->g);

		task_from_stat(sc->snap, t, &sf);
		t->tgid = sc->g->pid;
		if (sc->needs & NEED_TSTATUS)
			err = read_status(sc, &d, t);
		if (!vanished(err) && wants_wchan(sc, t))
			err = read_wchan(sc, &d, t, sf.startcode);
		if (!vanished(err))
			err = read_counters(sc, &d, t);
		if (!vanished(err))
			err = read_cause(sc, &d, t);
		if (vanished(err))
			sc->g->ntasks--;
	}
	task_dir_close(&d);
}

/* The process's task directory, kept open between refreshes like its
 * files (getdents from the start lists the threads of now).  Returns the
 * descriptor (the caller closes it unless *kept), or -errno. */
static int open_task_dir(struct scan_ctx *sc, struct task_dir *pd, bool *kept)
{
	uint64_t key = file_key(pd, FILE_TASKDIR);
	int fd = fdcache_get(&sc->lv->open, key), err;

	*kept = fd >= 0;
	if (fd >= 0)
		return fd;
	err = task_dir_fd(pd);
	if (err < 0)
		return err;
	fd = openat(pd->fd, "task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	*kept = fdcache_put(&sc->lv->open, key, fd);
	return fd;
}

/* Lists and reads the threads in sc->taskfd.  The directory's link count
 * is the kernel's own count of the group's threads: when the threads
 * listed disagree (born or exited meanwhile), read them again, a few
 * times.  That count, taken after the listing, becomes nlwp: what remains
 * of a disagreement is then shown (tgroup_threads_differ).  Returns 0 or
 * -errno. */
static int list_tasks(struct scan_ctx *sc, struct tgroup *g)
{
	struct stat st;
	int err = 0;

	for (int tries = 0; tries <= REREAD_TRIES; tries++) {
		g->ntasks = 0;
		err = procdir_each(sc->taskfd, read_task, sc);
		if (err < 0)
			break;
		if (fstat(sc->taskfd, &st) < 0 || st.st_nlink < 2)
			break;
		g->self.nlwp = (int)(st.st_nlink - 2);
		g->self.known |= TF_BIT(TF_NLWP);
		if (g->ntasks == (size_t)g->self.nlwp)
			break;
	}
	return err;
}

/* The threads of g: every entry of its task directory.  Returns false
 * when the process is gone. */
static bool read_tasks(struct scan_ctx *sc, struct task_dir *pd, struct tgroup *g)
{
	bool kept;
	int err;

	sc->g = g;
	sc->taskfd = open_task_dir(sc, pd, &kept);
	if (sc->taskfd < 0)
		return !vanished(sc->taskfd);
	/* Room for the threads stat counted, not the next power of two (a
	 * recorded tree may say anything: 65,536 at most at first). */
	if (g->self.known & TF_BIT(TF_NLWP) && g->self.nlwp > 0)
		tgroup_reserve(g, (size_t)(g->self.nlwp < 65536 ? g->self.nlwp : 65536), 0);
	err = list_tasks(sc, g);
	if (kept && (err < 0 || g->ntasks == 0)) {
		/* A directory kept from a process that has exited, whose pid
		 * another holds now: list the one there now. */
		fdcache_drop(&sc->lv->open, file_key(pd, FILE_TASKDIR));
		sc->taskfd = open_task_dir(sc, pd, &kept);
		if (sc->taskfd < 0)
			return !vanished(sc->taskfd);
		err = list_tasks(sc, g);
	}
	g->tasks_read = true;
	if (kept && (err < 0 || g->ntasks == 0))
		fdcache_drop(&sc->lv->open, file_key(pd, FILE_TASKDIR));
	else if (!kept)
		close(sc->taskfd);
	sc->taskfd = -1;
	/* The leader's entry outlives the leader (a zombie) until the whole
	 * group is gone: without it the group is gone, and a group without
	 * its leader cannot be (a saved one is refused). */
	for (size_t i = 0; i < g->ntasks; i++)
		if (g->tasks[i].tid == g->pid)
			return true;
	return false;
}

/* A thread's figures that are its group's: what its own status did not
 * give it comes from the group's. */
static void share_group_figures(struct tgroup *g)
{
	const unsigned mine = TF_BIT(TF_CREDS) | TF_BIT(TF_LOCKED);

	for (size_t i = 0; i < g->ntasks; i++) {
		struct task *t = &g->tasks[i];

		if (!(t->known & TF_BIT(TF_CREDS)))
			t->creds = g->self.creds;
		if (!(t->known & TF_BIT(TF_LOCKED)))
			t->vm_locked_kb = g->self.vm_locked_kb;
		t->known |= g->self.known & mine;
		/* The address space is the group's: one exact figure for all. */
		if (g->self.known & TF_BIT(TF_MEM) && t->known & TF_BIT(TF_MEM)) {
			t->rss_pages = g->self.rss_pages;
			t->vsize = g->self.vsize;
		}
	}
}

static pid_t first_live_thread(const struct tgroup *g)
{
	for (size_t i = 0; i < g->ntasks; i++)
		if (g->tasks[i].state != STATE_ZOMBIE && g->tasks[i].tid != g->pid)
			return g->tasks[i].tid;
	return 0;
}

/* A leader that called pthread_exit is a zombie while its threads run:
 * its own files show no address space, a live thread's show the whole.
 * Returns the thread whose files speak for the address space, or 0. */
static pid_t live_thread_of(struct scan_ctx *sc, struct task_dir *pd, struct tgroup *g)
{
	if (g->self.state != STATE_ZOMBIE || g->self.nlwp < 2)
		return 0;
	if (g->tasks_read)
		return first_live_thread(g);
	/* Threads not asked for: read their stat files aside. */
	struct tgroup probe = { .pid = g->pid };
	struct scan_ctx sub = *sc;

	sub.needs = 0;
	read_tasks(&sub, pd, &probe);
	pid_t tid = first_live_thread(&probe);

	free(probe.tasks);
	return tid;
}

/* Takes the address-space figures of a zombie leader's group from the
 * live thread `tid`. */
static void read_mm_of(struct scan_ctx *sc, struct task_dir *pd, struct tgroup *g, pid_t tid)
{
	char name[32];
	struct stat_fields sf;

	if (task_dir_fd(pd) < 0)
		return;
	snprintf(name, sizeof(name), "task/%d", (int)tid);
	struct task_dir d = { .parent = pd->fd, .name = name, .id = tid, .thread = true, .fd = -1 };

	if (read_stat(sc, &d, &sf) == 0) {
		g->self.vsize = sf.vsize;
		g->self.rss_pages = sf.rss;
	}
	if (sc->needs & NEED_PSTATUS) {
		struct task mm = { 0 };

		if (read_status(sc, &d, &mm) == 0) {
			g->self.rss_pages = mm.rss_pages ? mm.rss_pages : g->self.rss_pages;
			g->self.vm_locked_kb = mm.vm_locked_kb;
		}
	}
	g->mm_tid = tid;
	task_dir_close(&d);
}

/* smaps_rollup of the group's address space: a zombie leader's own file
 * is empty, so a live thread's speaks for it. */
static void read_group_rollup(struct scan_ctx *sc, struct task_dir *pd, struct tgroup *g)
{
	char name[32];

	if (!g->mm_tid || task_dir_fd(pd) < 0) {
		read_rollup(sc, pd, g);
		return;
	}
	snprintf(name, sizeof(name), "task/%d", (int)g->mm_tid);
	struct task_dir d = { .parent = pd->fd, .name = name, .id = g->mm_tid, .thread = true,
			      .fd = -1, .one_file = true };

	read_rollup(sc, &d, g);
	task_dir_close(&d);
}

/* Reads one process: its files relative to its directory.  Returns false
 * when it vanished meanwhile (the caller drops the group). */
static bool read_group(struct scan_ctx *sc, struct task_dir *pd, struct tgroup *g)
{
	/* Only its threads are shown: the leader's stat speaks for it. */
	const bool from_leader = sc->threads_only && sc->needs & NEED_TASKS;
	struct stat_fields sf;
	int err;

	sc->have_leader = false;
	if (from_leader) {
		char name[24];
		struct task_dir leader = { .name = name, .id = g->pid, .thread = true, .fd = -1,
					   .one_file = true, .up = pd };

		snprintf(name, sizeof(name), "task/%d", (int)g->pid);
		err = read_stat(sc, &leader, &sf);
	} else {
		err = read_stat(sc, pd, &sf);
	}
	if (err < 0 || sf.pid != g->pid)
		return false;
	task_from_stat(sc->snap, &g->self, &sf);
	g->self.tgid = g->pid;
	if (from_leader) {
		/* Its thread's own figures, not the group's sums. */
		g->self.known &= ~(TF_BIT(TF_TICS) | TF_BIT(TF_FAULTS));
		sc->leader = sf;
		sc->leader.comm = g->self.comm;
		sc->have_leader = true;
	}
	g->is_kernel = (g->self.flags & TASK_PF_KTHREAD) != 0;
	if (g->is_kernel && sc->lv->hide_kernel)
		return false;
	if (sc->needs & NEED_WCHAN && vanished(read_wchan(sc, pd, &g->self, sf.startcode)))
		return false;
	if (sc->needs & NEED_PSTATUS) {
		err = read_status(sc, pd, &g->self);
		if (vanished(err))
			return false;
		/* The process's status counts the leader's switches only: a
		 * process's figure is its threads' sum (model/delta.c). */
		g->self.known &= ~TF_BIT(TF_CSW);
	}
	if (sc->needs & NEED_IO && vanished(read_io(sc, pd, &g->self)))
		return false;
	/* A process row's cause is the leader's (PID/syscall is its). */
	if (sc->needs & (NEED_SYSCALL | NEED_WAITON) && wants_syscall(sc, &g->self) &&
	    vanished(read_syscall(sc, pd, &g->self)))
		return false;
	if (sc->needs & NEED_KSTACK && vanished(read_kstack(sc, pd, &g->self)))
		return false;
	if (sc->needs & NEED_CMDLINE && vanished(read_cmdline(sc, pd, g)))
		return false;
	if (sc->needs & NEED_LIMITS && vanished(read_limits(sc, pd, g)))
		return false;
	if (sc->needs & NEED_TASKS && !read_tasks(sc, pd, g))
		return false;
	pid_t mm = live_thread_of(sc, pd, g);

	if (mm)
		read_mm_of(sc, pd, g, mm);
	if (sc->needs & NEED_ROLLUP)
		read_group_rollup(sc, pd, g);
	share_group_figures(g);
	return true;
}

static void read_pid(void *ctx, pid_t pid, const char *name)
{
	struct scan_ctx *sc = ctx;
	struct task_dir pd = { .parent = sc->lv->procfd, .name = name, .id = pid, .fd = -1 };
	struct tgroup *g = snapshot_add_group(sc->snap, pid);

	if (!read_group(sc, &pd, g)) {
		free(g->tasks);
		sc->snap->ngroups--;
	}
	task_dir_close(&pd);
}

int live_tgid_of(struct live *lv, pid_t tid, pid_t *tgid)
{
	char path[48];
	struct status_fields sf;
	int err;

	snprintf(path, sizeof(path), "%d/status", (int)tid);
	err = read_file_at(lv->procfd, path, &lv->buf);
	if (err < 0)
		return vanished(err) ? -ESRCH : err;
	status_parse(lv->buf.data, lv->buf.len, &sf);
	if (!(sf.have & SK_TGID))
		return -EINVAL;
	*tgid = sf.tgid;
	return 0;
}

int live_read(struct live *lv, struct snapshot *snap, const struct live_request *req)
{
	struct scan_ctx sc = { .lv = lv, .snap = snap, .needs = req->needs, .taskfd = -1,
			       .threads_only = req->threads_only };
	struct stat st;
	int err = 0;

	if (fstatat(lv->procfd, "self/stat", &st, 0) < 0)
		return -ENOENT;
	host_read(lv->host, snap, lv->procfd, &lv->buf, req->needs & NEED_HOST);
	/* A caller that scans the whole machine again will go on doing so
	 * (the browser, --watch): keep the files open from now on. */
	if (!req->pids && ++lv->full_scans >= 2 && req->refreshing)
		keep_open(lv);
	fdcache_begin(&lv->open);
	users_begin(&lv->users);
	if (req->pids) {
		char name[16];

		for (size_t i = 0; i < req->npids; i++) {
			snprintf(name, sizeof(name), "%d", (int)req->pids[i]);
			read_pid(&sc, req->pids[i], name);
		}
	} else {
		err = procdir_each(lv->procfd, read_pid, &sc);
	}
	/* Only a full scan knows which tasks are gone. */
	if (!req->pids)
		fdcache_end(&lv->open);
	snapshot_finish(snap);
	if (req->needs & NEED_CHILDREN)
		live_read_children(snap, lv->procfd, &lv->buf);
	if (req->needs & NEED_EXEC)
		live_read_exec(snap, lv->procfd, live_symbols(lv), &lv->buf);
	if (req->needs & NEED_SHARES)
		live_read_shares(snap, lv->procfd, req->pids != NULL, &lv->buf);
	if (req->needs & (NEED_WAITON | NEED_WAITS))
		live_read_causes(snap, lv->procfd, &lv->buf);
	return err;
}
