/* live.c - fill a snapshot from the running system's /proc.
 *
 * libproc2 enumerates tasks and supplies the stat fields; the project's
 * own parsers read what libproc2 lacks or gets wrong (see
 * notes on libproc2 4.0.2): status keys, cmdline, and the group leader's
 * own stat, which libproc2 replaces with the whole group's figures. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <libproc2/pids.h>

#include "model/needs.h"
#include "proc/live.h"
#include "proc/live_children.h"
#include "proc/parse_stat.h"
#include "proc/parse_status.h"
#include "proc/readfile.h"
#include "util/users.h"
#include "util/xalloc.h"

/* PIDS_VAL changed its arity after 4.0.4; keep every access here. */
#define VAL(idx, type, stack) ((stack)->head[(idx)].result.type)

enum item_index {
	I_TID, I_TGID, I_PPID, I_PGRP, I_SID, I_TTY, I_TPGID, I_STATE, I_FLAGS,
	I_PROCESSOR, I_PRIORITY, I_NICE, I_POLICY, I_RTPRIO, I_UTIME, I_STIME,
	I_START, I_VSIZE, I_RSS, I_NLWP, I_CMD, I_CODE, I_WCHAN, I_COUNT
};

static enum pids_item items[I_COUNT] = {
	[I_TID] = PIDS_ID_PID,         /* PIDS_ID_PID is the task id */
	[I_TGID] = PIDS_ID_TGID,
	[I_PPID] = PIDS_ID_PPID,
	[I_PGRP] = PIDS_ID_PGRP,
	[I_SID] = PIDS_ID_SESSION,
	[I_TTY] = PIDS_TTY,
	[I_TPGID] = PIDS_ID_TPGID,
	[I_STATE] = PIDS_STATE,
	[I_FLAGS] = PIDS_FLAGS,
	[I_PROCESSOR] = PIDS_PROCESSOR,
	[I_PRIORITY] = PIDS_PRIORITY,
	[I_NICE] = PIDS_NICE,
	[I_POLICY] = PIDS_SCHED_CLASS,
	[I_RTPRIO] = PIDS_PRIORITY_RT,
	[I_UTIME] = PIDS_TICS_USER,
	[I_STIME] = PIDS_TICS_SYSTEM,
	[I_START] = PIDS_TICS_BEGAN,
	[I_VSIZE] = PIDS_VSIZE_BYTES,
	[I_RSS] = PIDS_RSS,
	[I_NLWP] = PIDS_NLWP,
	[I_CMD] = PIDS_CMD,
	[I_CODE] = PIDS_ADDR_CODE_START,
	[I_WCHAN] = PIDS_WCHAN_NAME,
};

enum { PF_KTHREAD = 0x00200000 };

/* How many times a group whose thread count disagrees with its NLWP is
 * read again before the threads found are taken as they are. */
enum { REREAD_TRIES = 2 };

struct reader {
	struct snapshot *snap;
	unsigned needs;
	struct pids_info *info;
	int nitems;
	bool privileged;         /* may read every task's wchan */
	struct buf buf;
	struct users users;
	char path[64];
};

static unsigned stat_known(void)
{
	return TF_BIT(TF_STATE) | TF_BIT(TF_SCHED) | TF_BIT(TF_TICS) | TF_BIT(TF_START) |
	       TF_BIT(TF_PGRP) | TF_BIT(TF_PPID) | TF_BIT(TF_MEM) | TF_BIT(TF_NLWP);
}

/* libproc2 replaces unprintable bytes in names with '?'; lwps escapes at
 * output instead, so a name with '?' is read again raw from stat. */
static const char *raw_comm(struct reader *rd, const struct task *t, const char *escaped)
{
	struct stat_fields sf;

	if (!escaped)
		return NULL;
	if (!strchr(escaped, '?'))
		return snapshot_strdup(rd->snap, escaped);
	snprintf(rd->path, sizeof(rd->path), "/proc/%d/task/%d/stat", t->tgid, t->tid);
	if (read_file_at(AT_FDCWD, rd->path, &rd->buf) == 0 &&
	    stat_parse(rd->buf.data, rd->buf.len, &sf) == 0)
		return snapshot_strndup(rd->snap, sf.comm, sf.comm_len);
	return snapshot_strdup(rd->snap, escaped);   /* it exited: keep what we have */
}

static void task_from_stack(struct reader *rd, struct task *t, struct pids_stack *st)
{
	t->tid = VAL(I_TID, s_int, st);
	t->tgid = VAL(I_TGID, s_int, st);
	t->ppid = VAL(I_PPID, s_int, st);
	t->pgid = VAL(I_PGRP, s_int, st);
	t->sid = VAL(I_SID, s_int, st);
	t->tty = VAL(I_TTY, s_int, st);
	t->tpgid = VAL(I_TPGID, s_int, st);
	t->state = (char)VAL(I_STATE, s_ch, st);
	t->flags = VAL(I_FLAGS, ul_int, st);
	t->processor = VAL(I_PROCESSOR, s_int, st);
	t->priority = VAL(I_PRIORITY, s_int, st);
	t->nice = VAL(I_NICE, s_int, st);
	t->policy = VAL(I_POLICY, s_int, st);
	t->rt_priority = VAL(I_RTPRIO, s_int, st);
	t->utime = VAL(I_UTIME, ull_int, st);
	t->stime = VAL(I_STIME, ull_int, st);
	t->start_ticks = VAL(I_START, ull_int, st);
	t->vsize = VAL(I_VSIZE, ul_int, st);
	t->rss_pages = VAL(I_RSS, ul_int, st);
	t->nlwp = VAL(I_NLWP, s_int, st);
	t->comm = raw_comm(rd, t, VAL(I_CMD, str, st));
	t->known = stat_known();
	if (rd->needs & NEED_WCHAN) {
		const char *w = VAL(I_WCHAN, str, st);
		/* The kernel prints "0" both for a running task and for one we
		 * may not inspect; stat's code address tells the two apart:
		 * fs/proc/array.c shows start_code as 1 to a reader that may
		 * not inspect the task (0 when it has no mm), so only a real
		 * address (> 1) means the wchan was ours to read. */
		bool visible = rd->privileged || VAL(I_CODE, ul_int, st) > 1;

		if (visible && w && strcmp(w, "?") != 0) {
			t->wchan = strcmp(w, "-") == 0 ? "" : snapshot_strdup(rd->snap, w);
			t->known |= TF_BIT(TF_WCHAN);
		}
	}
}

/* The leader's own figures: libproc2 4.0.2 reads the leader's row from
 * /proc/PID/stat, which sums CPU time over the whole group. */
static int read_leader_stat(struct reader *rd, struct task *t)
{
	struct stat_fields sf;
	int err;

	snprintf(rd->path, sizeof(rd->path), "/proc/%d/task/%d/stat", t->tgid, t->tid);
	err = read_file_at(AT_FDCWD, rd->path, &rd->buf);
	if (err < 0)
		return err;
	if (stat_parse(rd->buf.data, rd->buf.len, &sf) < 0)
		return -EINVAL;
	t->state = sf.state;
	t->processor = sf.processor;
	t->priority = (int)sf.priority;
	t->nice = (int)sf.nice;
	t->utime = sf.utime;
	t->stime = sf.stime;
	return 0;
}

/* Reads the status file at rd->path into `t`. */
static int read_status(struct reader *rd, struct task *t)
{
	struct status_fields sf;
	int err = read_file_at(AT_FDCWD, rd->path, &rd->buf);

	if (err < 0)
		return err;
	status_parse(rd->buf.data, rd->buf.len, &sf);
	if (sf.have & SK_UID) {
		t->uid = sf.ruid;
		t->euid = sf.euid;
		t->known |= TF_BIT(TF_UID);
	}
	if (sf.have & SK_VMLCK) {
		t->vm_locked_kb = sf.vm_locked_kb;
		t->known |= TF_BIT(TF_LOCKED);
	} else if (sf.have & SK_UID) {
		/* No VmLck line: no mm (kernel thread, zombie), nothing locked. */
		t->vm_locked_kb = 0;
		t->known |= TF_BIT(TF_LOCKED);
	}
	if (sf.have & SK_TRACER) {
		t->tracer_pid = sf.tracer_pid;
		t->known |= TF_BIT(TF_TRACER);
	}
	if (sf.have & SK_NSPID) {
		pid_t *ns = snapshot_alloc(rd->snap, sizeof(pid_t) * (size_t)sf.nspid_len);

		memcpy(ns, sf.nspid, sizeof(pid_t) * (size_t)sf.nspid_len);
		t->nspid = ns;
		t->nspid_len = sf.nspid_len;
		t->known |= TF_BIT(TF_NSPID);
	}
	return 0;
}

static int read_cmdline(struct reader *rd, struct tgroup *g)
{
	int err;

	snprintf(rd->path, sizeof(rd->path), "/proc/%d/cmdline", g->pid);
	err = read_file_at(AT_FDCWD, rd->path, &rd->buf);
	if (err < 0)
		return err;

	/* Split at NULs; a trailing NUL ends the last word, and bytes after
	 * the last NUL (a process that rewrote its argv) form one more. */
	const char *p = rd->buf.data, *end = p + rd->buf.len;
	int argc = 0;

	for (const char *q = p; q < end; q++)
		if (*q == '\0')
			argc++;
	if (rd->buf.len && end[-1] != '\0')
		argc++;
	const char **argv = snapshot_alloc(rd->snap, sizeof(char *) * ((size_t)argc + 1));
	for (int i = 0; i < argc; i++) {
		size_t n = strnlen(p, (size_t)(end - p));

		argv[i] = snapshot_strndup(rd->snap, p, n);
		p += n + 1;
	}
	argv[argc] = NULL;
	g->argv = argv;
	g->argc = argc;
	g->argv_known = true;
	return 0;
}

static bool vanished(int err)
{
	return err == -ENOENT || err == -ESRCH;
}

/* Reads what libproc2 does not give for one group.  Returns false when
 * the group vanished meanwhile and must be dropped. */
static bool complete_group(struct reader *rd, struct tgroup *g)
{
	int err;

	if (rd->needs & NEED_PSTATUS) {
		snprintf(rd->path, sizeof(rd->path), "/proc/%d/status", g->pid);
		err = read_status(rd, &g->self);
		if (vanished(err))
			return false;
		if (rd->needs & NEED_USER && g->self.known & TF_BIT(TF_UID))
			g->user = users_name(&rd->users, g->self.euid, rd->snap);
	}
	if (rd->needs & NEED_CMDLINE) {
		err = read_cmdline(rd, g);
		if (vanished(err))
			return false;
	}

	size_t kept = 0;
	for (size_t i = 0; i < g->ntasks; i++) {
		struct task *t = &g->tasks[i];

		if (rd->needs & NEED_LEADER && t->tid == g->pid) {
			err = read_leader_stat(rd, t);
			/* The leader's task entry outlives the leader (a zombie)
			 * until the whole group is gone: drop the group then,
			 * rather than show a half-read row (STAT and TIME '-'). */
			if (vanished(err))
				return false;
			if (err < 0)
				t->known &= ~(TF_BIT(TF_TICS) | TF_BIT(TF_STATE) | TF_BIT(TF_SCHED));
		}
		if (rd->needs & NEED_TSTATUS) {
			snprintf(rd->path, sizeof(rd->path), "/proc/%d/task/%d/status", g->pid, t->tid);
			if (vanished(read_status(rd, t))) {
				/* The leader's entry goes last: the group is gone,
				 * as above (a group without its leader cannot be). */
				if (t->tid == g->pid)
					return false;
				continue;   /* the thread exited: drop it, keep the others */
			}
		}
		/* A task's memory, uid and lock figures are its group's. */
		t->euid = g->self.euid;
		t->uid = g->self.uid;
		t->vm_locked_kb = g->self.vm_locked_kb;
		t->known |= g->self.known & (TF_BIT(TF_UID) | TF_BIT(TF_LOCKED));
		g->tasks[kept++] = *t;
	}
	g->ntasks = kept;
	return true;
}

/* Copies one fetch's rows into the snapshot, grouping threads under their
 * group.  Rows arrive as: the group's row (/proc/PID), then each thread. */
static void ingest(struct reader *rd, struct pids_fetch *f, bool threads)
{
	struct tgroup *g = NULL;

	for (int i = 0; i < f->counts->total; i++) {
		struct pids_stack *st = f->stacks[i];
		pid_t tid = VAL(I_TID, s_int, st), tgid = VAL(I_TGID, s_int, st);

		if (!g || g->pid != tgid) {
			if (tid != tgid)
				continue;   /* a thread whose group row was not read */
			g = snapshot_add_group(rd->snap, tgid);
			task_from_stack(rd, &g->self, st);
			g->is_kernel = (g->self.flags & PF_KTHREAD) != 0;
			g->tasks_read = threads;
			if (!threads)
				continue;
		}
		task_from_stack(rd, tgroup_add_task(g), st);
	}
}

static struct pids_fetch *select_group(struct reader *rd, pid_t pid, bool threads)
{
	unsigned id = (unsigned)pid;

	return procps_pids_select(rd->info, &id, 1,
				  threads ? PIDS_SELECT_PID_THREADS : PIDS_SELECT_PID);
}

/* libproc2 silently skips the rest of a group when one of its threads
 * exits mid-read; read such a group again. */
static void reread_short_groups(struct reader *rd, size_t first)
{
	for (size_t i = first; i < rd->snap->ngroups; i++) {
		struct tgroup *g = &rd->snap->groups[i];

		for (int tries = 0; tries < REREAD_TRIES && (int)g->ntasks < g->self.nlwp; tries++) {
			pid_t pid = g->pid;
			struct pids_fetch *f = select_group(rd, pid, true);
			size_t before = rd->snap->ngroups;

			if (!f)
				break;
			ingest(rd, f, true);
			g = &rd->snap->groups[i];
			if (rd->snap->ngroups == before)
				break;      /* gone: keep what was read */
			/* Take the fresh copy in place of the short one. */
			struct tgroup fresh = rd->snap->groups[--rd->snap->ngroups];

			free(g->tasks);
			*g = fresh;
		}
	}
}

static void read_host(struct snapshot *snap, struct buf *b)
{
	struct host_info *h = &snap->host;
	struct utsname u;
	struct timespec now;

	h->clock_ticks = sysconf(_SC_CLK_TCK);
	h->page_size = sysconf(_SC_PAGESIZE);
	clock_gettime(CLOCK_REALTIME, &now);
	/* Hundredths, like clock ticks: enough, and exact in JSON. */
	h->taken_at = (double)now.tv_sec + (double)(now.tv_nsec / 10000000) / 100;
	h->boot_time = 0;
	if (uname(&u) == 0) {
		h->hostname = snapshot_strdup(snap, u.nodename);
		h->kernel = snapshot_strdup(snap, u.release);
	}
	if (read_file_at(AT_FDCWD, "/proc/sys/kernel/pid_max", b) == 0)
		h->pid_max = strtol(b->data, NULL, 10);
	if (read_file_at(AT_FDCWD, "/proc/stat", b) == 0) {
		const char *p = strstr(b->data, "\nbtime ");

		if (p)
			h->boot_time = strtod(p + 7, NULL);
	}
}

int live_tgid_of(pid_t tid, pid_t *tgid)
{
	char path[64];
	struct buf b = { 0 };
	struct status_fields sf;
	int err;

	snprintf(path, sizeof(path), "/proc/%d/status", tid);
	err = read_file_at(AT_FDCWD, path, &b);
	if (err < 0) {
		buf_release(&b);
		return vanished(err) ? -ESRCH : err;
	}
	status_parse(b.data, b.len, &sf);
	buf_release(&b);
	if (!(sf.have & SK_TGID))
		return -EINVAL;
	*tgid = sf.tgid;
	return 0;
}

int live_read(struct snapshot *snap, const struct live_request *req)
{
	struct reader rd = { .snap = snap, .needs = req->needs };
	bool threads = (req->needs & NEED_TASKS) != 0;
	struct stat st;
	int err = 0;

	if (stat("/proc/self/stat", &st) < 0)
		return -ENOENT;
	read_host(snap, &rd.buf);
	rd.privileged = geteuid() == 0;
	rd.nitems = (req->needs & NEED_WCHAN) ? I_COUNT : I_WCHAN;
	if (procps_pids_new(&rd.info, items, rd.nitems) < 0) {
		err = -errno ? -errno : -ENOMEM;
		goto out;
	}
	if (req->pids) {
		for (size_t i = 0; i < req->npids; i++) {
			struct pids_fetch *f = select_group(&rd, req->pids[i], threads);

			if (f)
				ingest(&rd, f, threads);
		}
	} else {
		struct pids_fetch *f =
			procps_pids_reap(rd.info, threads ? PIDS_FETCH_THREADS_TOO : PIDS_FETCH_TASKS_ONLY);

		if (!f) {
			err = -EIO;
			goto out;
		}
		ingest(&rd, f, threads);
	}
	if (threads)
		reread_short_groups(&rd, 0);

	/* Own reads, after libproc2 is done; drop groups that vanished. */
	size_t kept = 0;
	for (size_t i = 0; i < snap->ngroups; i++) {
		if (!complete_group(&rd, &snap->groups[i])) {
			free(snap->groups[i].tasks);
			continue;
		}
		snap->groups[kept++] = snap->groups[i];
	}
	snap->ngroups = kept;
	snapshot_finish(snap);
	if (req->needs & NEED_CHILDREN)
		live_read_children(snap, &rd.buf);
out:
	procps_pids_unref(&rd.info);
	buf_release(&rd.buf);
	users_release(&rd.users);
	return err;
}
