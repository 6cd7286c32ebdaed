/* columns.c - every column, described once. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "columns/cause_columns.h"
#include "columns/columns.h"
#include "columns/limit_columns.h"
#include "columns/map_columns.h"
#include "columns/rate_columns.h"
#include "columns/where_columns.h"
#include "model/policies.h"
#include "util/i18n.h"
#include "util/utf8.h"

#define KNOWN(t, f) (((t)->known & TF_BIT(f)) != 0)

static void set_int(struct value *v, bool known, long long i)
{
	v->kind = known ? V_INT : V_UNKNOWN;
	v->i = i;
}

static void set_str(struct value *v, const char *s)
{
	v->kind = s ? V_STR : V_UNKNOWN;
	v->s = s;
}

static void get_pid(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	set_int(v, true, r->g->pid);
}

static void get_tid(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	set_int(v, true, row_task(r)->tid);
}

static void get_ppid(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	set_int(v, KNOWN(&r->g->self, TF_PPID), r->g->self.ppid);
}

static void get_pgid(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	set_int(v, KNOWN(&r->g->self, TF_PGRP), r->g->self.pgid);
}

static void get_sid(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	set_int(v, KNOWN(&r->g->self, TF_PGRP), r->g->self.sid);
}

static void get_tpgid(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	set_int(v, KNOWN(&r->g->self, TF_PGRP), r->g->self.tpgid);   /* -1: no terminal */
}

/* The kernel's tty_nr, named as ps names the common devices. */
static void get_tty(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	const struct task *t = &r->g->self;
	unsigned maj = ((unsigned)t->tty >> 8) & 0xfff;
	unsigned min = ((unsigned)t->tty & 0xff) | (((unsigned)t->tty >> 12) & 0xfff00);

	if (!KNOWN(t, TF_PGRP)) {
		v->kind = V_UNKNOWN;
		return;
	}
	if (t->tty == 0) {
		v->kind = V_NONE;
		return;
	}
	if (maj >= 136 && maj <= 143)
		snprintf(v->tmp, sizeof(v->tmp), "pts/%u", (maj - 136) * 256 + min);
	else if (maj == 4 && min < 64)
		snprintf(v->tmp, sizeof(v->tmp), "tty%u", min);
	else if (maj == 4)
		snprintf(v->tmp, sizeof(v->tmp), "ttyS%u", min - 64);
	else if (maj == 5 && min == 1)
		snprintf(v->tmp, sizeof(v->tmp), "console");
	else
		snprintf(v->tmp, sizeof(v->tmp), "%u:%u", maj, min);
	set_str(v, v->tmp);
}

/* The row's credentials with `bit` known: with -L the thread's own. */
static const struct creds *row_creds(const struct row *r, unsigned bit)
{
	const struct task *t = row_task(r);

	return KNOWN(t, TF_CREDS) && t->creds && (t->creds->known & bit) ? t->creds : NULL;
}

static void put_id(const struct row *r, bool group, enum cred_id i, struct value *v)
{
	const struct creds *c = row_creds(r, group ? CREDS_GID(i) : CREDS_UID(i));

	set_int(v, c != NULL, !c ? 0 : group ? c->gid[i] : c->uid[i]);
}

/* A name (the id in decimal when it has none); unknown when names were
 * not read (a snapshot saved before lwps showed them). */
static void put_name(const struct row *r, bool group, enum cred_id i, struct value *v)
{
	const struct creds *c = row_creds(r, group ? CREDS_GID(i) : CREDS_UID(i));

	set_str(v, !c ? NULL : group ? c->group[i] : c->user[i]);
}

/* The id and name getters of one of the four kinds of id. */
#define CRED_GETTERS(uid, user, gid, group, which) \
	static void get_##uid(const struct row *r, const struct snapshot *s UNUSED, struct value *v) \
	{ put_id(r, false, which, v); } \
	static void get_##user(const struct row *r, const struct snapshot *s UNUSED, struct value *v) \
	{ put_name(r, false, which, v); } \
	static void get_##gid(const struct row *r, const struct snapshot *s UNUSED, struct value *v) \
	{ put_id(r, true, which, v); } \
	static void get_##group(const struct row *r, const struct snapshot *s UNUSED, struct value *v) \
	{ put_name(r, true, which, v); }

CRED_GETTERS(uid, user, gid, group, CRED_EFFECTIVE)
CRED_GETTERS(ruid, ruser, rgid, rgroup, CRED_REAL)
CRED_GETTERS(suid, suser, sgid, sgroup, CRED_SAVED)
CRED_GETTERS(fuid, fuser, fgid, fgroup, CRED_FS)

static void get_supgid(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	const struct creds *c = row_creds(r, CREDS_GROUPS);

	v->kind = c ? V_IDS : V_UNKNOWN;
	v->ids = c ? c->groups : NULL;
	v->n = c ? c->ngroups : 0;
}

static void get_supgrp(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	const struct creds *c = row_creds(r, CREDS_GROUPS);

	if (!c || !c->group_names) {
		v->kind = V_UNKNOWN;
		return;
	}
	v->kind = V_ARGV;
	v->argv = c->group_names;
	v->n = c->ngroups;
}

void column_stat_text(const struct tgroup *g, const struct task *t, char buf[8])
{
	const struct task *p = &g->self;
	int n = 0;

	buf[n++] = t->state;
	if (t->nice < 0)
		buf[n++] = '<';
	else if (t->nice > 0)
		buf[n++] = 'N';
	if (KNOWN(p, TF_LOCKED) && p->vm_locked_kb)
		buf[n++] = 'L';
	if (p->sid == g->pid)
		buf[n++] = 's';
	if (p->nlwp > 1)
		buf[n++] = 'l';
	if (p->pgid == p->tpgid)
		buf[n++] = '+';
	buf[n] = '\0';
}

static void get_stat(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	const struct task *t = row_task(r);

	if (!KNOWN(t, TF_STATE) || !KNOWN(t, TF_SCHED)) {
		v->kind = V_UNKNOWN;
		return;
	}
	column_stat_text(r->g, t, v->tmp);
	set_str(v, v->tmp);
}

static void get_state(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	const struct task *t = row_task(r);

	if (!KNOWN(t, TF_STATE)) {
		v->kind = V_UNKNOWN;
		return;
	}
	v->tmp[0] = t->state;
	v->tmp[1] = '\0';
	set_str(v, v->tmp);
}

static void get_nlwp(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	set_int(v, KNOWN(&r->g->self, TF_NLWP), r->g->self.nlwp);
	v->n = tgroup_threads_differ(r->g);
}

static void get_tstates(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	v->kind = r->g->tasks_read ? V_COUNTS : V_UNKNOWN;
	v->counts = r->g->state_counts;
}

static void get_psr(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	const struct task *t = row_task(r);

	set_int(v, KNOWN(t, TF_SCHED), t->processor);
}

static void get_pri(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	const struct task *t = row_task(r);

	set_int(v, KNOWN(t, TF_SCHED), t->priority);
}

static void get_nice(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	const struct task *t = row_task(r);

	set_int(v, KNOWN(t, TF_SCHED), t->nice);
}

static void get_rtprio(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	const struct task *t = row_task(r);

	set_int(v, KNOWN(t, TF_SCHED), t->rt_priority);
}

/* Scheduling policies, named as ps's CLS column names them. */
static void get_policy(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	const struct task *t = row_task(r);
	const char *name = policy_name(t->policy);

	if (!KNOWN(t, TF_SCHED)) {
		v->kind = V_UNKNOWN;
		return;
	}
	if (name)
		set_str(v, name);
	else {
		snprintf(v->tmp, sizeof(v->tmp), "%d", t->policy);
		set_str(v, v->tmp);
	}
}

static void get_time(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	const struct task *t = row_task(r);

	set_int(v, KNOWN(t, TF_TICS), (long long)(t->utime + t->stime));
}

/* START and ELAPSED: the start in clock ticks since boot, shown from
 * the boot time (unknown without it). */
static void get_start(const struct row *r, const struct snapshot *s, struct value *v)
{
	const struct task *t = row_task(r);

	set_int(v, KNOWN(t, TF_START) && s->host.known & HF_BIT(HF_BOOT), (long long)t->start_ticks);
}

static void get_vsz(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	set_int(v, KNOWN(&r->g->self, TF_MEM), (long long)r->g->self.vsize);
}

static void get_rss(const struct row *r, const struct snapshot *s, struct value *v)
{
	const struct task *t = &r->g->self;

	set_int(v, KNOWN(t, TF_MEM), (long long)t->rss_pages * s->host.page_size);
}

static void get_wchan(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	const struct task *t = row_task(r);

	if (!KNOWN(t, TF_WCHAN))
		v->kind = V_UNKNOWN;
	else if (!t->wchan || !*t->wchan)
		v->kind = V_NONE;
	else
		set_str(v, t->wchan);
}

static void get_nspid(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	const struct task *t = row_task(r);

	v->kind = KNOWN(t, TF_NSPID) ? V_PIDS : V_UNKNOWN;
	v->pids = t->nspid;
	v->n = t->nspid_len;
}

static void get_tracer(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	const struct task *t = row_task(r);

	set_int(v, KNOWN(t, TF_TRACER), t->tracer_pid);
}

static void get_comm(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	set_str(v, r->g->self.comm);
}

static void get_tname(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	set_str(v, row_task(r)->comm);
}

static void get_args(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	if (!r->g->argv_known) {
		v->kind = V_UNKNOWN;
		return;
	}
	v->kind = V_ARGV;
	v->argv = r->g->argv;
	v->n = r->g->argc;
}

#define PROC_ONLY(k) (k), JK_NONE, JK_NONE, SCOPE_TASK
#define TASK_ONLY(k) JK_NONE, (k), JK_NONE, SCOPE_TASK
#define BOTH(k) (k), (k), JK_NONE, SCOPE_TASK
#define MAP(k) JK_NONE, JK_NONE, (k), SCOPE_MAP
#define LIMIT(k) JK_NONE, JK_NONE, (k), SCOPE_LIMIT
/* Each entry at its id's place, the id written once. */
#define COLUMN(id, ...) [id] = { id, __VA_ARGS__ }
/* Credentials: the process's, or with -L each thread's own status. */
#define CRED_ID(id, name, key, help, get) \
	COLUMN(id, name, name, help, BOTH(key), CF_INT, true, 4, NEED_PSTATUS, NEED_TSTATUS, get)
#define CRED_NAME(id, name, key, help, need, get) \
	COLUMN(id, name, name, help, BOTH(key), CF_STR, false, 4, NEED_PSTATUS | (need), NEED_TSTATUS, get)
#define SMAPS(id, name, key, help, get) \
	COLUMN(id, name, name, help, MAP(key), CF_KIB, true, 5, NEED_MAPS, 0, get)

/* The order here is the order of --output-all and --list-columns. */
const struct column column_table[COL_COUNT] = {
	COLUMN(COL_PID, "PID", "PID",
	       N_("process id (thread group id)"),
	       PROC_ONLY(JK_PID), CF_INT, true, 5, NEED_STAT, 0, get_pid),
	COLUMN(COL_LWP, "LWP", "LWP",
	       N_("thread id (light-weight process)"),
	       TASK_ONLY(JK_TID), CF_INT, true, 5, NEED_STAT, 0, get_tid),
	COLUMN(COL_PPID, "PPID", "PPID",
	       N_("parent process id"),
	       PROC_ONLY(JK_PPID), CF_INT, true, 5, NEED_STAT, 0, get_ppid),
	COLUMN(COL_PGID, "PGID", "PGID",
	       N_("process group id"),
	       PROC_ONLY(JK_PGID), CF_INT, true, 5, NEED_STAT, 0, get_pgid),
	COLUMN(COL_SID, "SID", "SID",
	       N_("session id"),
	       PROC_ONLY(JK_SID), CF_INT, true, 5, NEED_STAT, 0, get_sid),
	COLUMN(COL_TPGID, "TPGID", "TPGID",
	       N_("foreground process group of the terminal; -1: no terminal"),
	       PROC_ONLY(JK_TPGID), CF_INT, true, 5, NEED_STAT, 0, get_tpgid),
	COLUMN(COL_TTY, "TTY", "TTY",
	       N_("controlling terminal"),
	       PROC_ONLY(JK_TTY), CF_STR, false, 3, NEED_STAT, 0, get_tty),
	CRED_ID(COL_UID, "UID", JK_UID, N_("effective user id"), get_uid),
	CRED_NAME(COL_USER, "USER", JK_USER, N_("effective user name"), NEED_USER, get_user),
	CRED_ID(COL_RUID, "RUID", JK_RUID, N_("real user id"), get_ruid),
	CRED_NAME(COL_RUSER, "RUSER", JK_RUSER, N_("real user name"), NEED_USER, get_ruser),
	CRED_ID(COL_SUID, "SUID", JK_SUID, N_("saved user id"), get_suid),
	CRED_NAME(COL_SUSER, "SUSER", JK_SUSER, N_("saved user name"), NEED_USER, get_suser),
	CRED_ID(COL_FUID, "FUID", JK_FUID, N_("filesystem user id (file access checks)"), get_fuid),
	CRED_NAME(COL_FUSER, "FUSER", JK_FUSER, N_("filesystem user name"), NEED_USER, get_fuser),
	CRED_ID(COL_GID, "GID", JK_GID, N_("effective group id"), get_gid),
	CRED_NAME(COL_GROUP, "GROUP", JK_GROUP, N_("effective group name"), NEED_GROUP, get_group),
	CRED_ID(COL_RGID, "RGID", JK_RGID, N_("real group id"), get_rgid),
	CRED_NAME(COL_RGROUP, "RGROUP", JK_RGROUP, N_("real group name"), NEED_GROUP, get_rgroup),
	CRED_ID(COL_SGID, "SGID", JK_SGID, N_("saved group id"), get_sgid),
	CRED_NAME(COL_SGROUP, "SGROUP", JK_SGROUP, N_("saved group name"), NEED_GROUP, get_sgroup),
	CRED_ID(COL_FGID, "FGID", JK_FGID, N_("filesystem group id (file access checks)"), get_fgid),
	CRED_NAME(COL_FGROUP, "FGROUP", JK_FGROUP, N_("filesystem group name"), NEED_GROUP, get_fgroup),
	COLUMN(COL_SUPGID, "SUPGID", "SUPGID",
	       N_("supplementary group ids, comma-separated"),
	       BOTH(JK_SUPGID), CF_IDS, false, 6, NEED_PSTATUS, NEED_TSTATUS, get_supgid),
	COLUMN(COL_SUPGRP, "SUPGRP", "SUPGRP",
	       N_("supplementary group names, comma-separated"),
	       BOTH(JK_SUPGRP), CF_NAMES, false, 6, NEED_PSTATUS | NEED_GROUP, NEED_TSTATUS, get_supgrp),
	COLUMN(COL_STAT, "STAT", "STAT",
	       N_("state with ps modifiers: < high priority, N low priority, L locked pages, s "
	          "session leader, l multithreaded, + foreground"),
	       BOTH(JK_STAT), CF_STR, false, 4, NEED_STAT | NEED_PSTATUS, 0, get_stat),
	COLUMN(COL_STATE, "S", "S",
	       N_("state letter: R S D T t Z X I P"),
	       BOTH(JK_STATE), CF_STR, false, 1, NEED_STAT, 0, get_state),
	COLUMN(COL_NLWP, "NLWP", "NLWP",
	       N_("number of threads in the process; with threads read, the kernel's count when "
	          "they were listed, marked N* when the threads listed differ from it"),
	       PROC_ONLY(JK_NLWP), CF_NLWP, true, 4, NEED_STAT, 0, get_nlwp),
	COLUMN(COL_TSTATES, "TSTATES", "TSTATES",
	       N_("the process's threads counted per state"),
	       PROC_ONLY(JK_THREAD_STATES), CF_COUNTS, false, 7, NEED_STAT | NEED_TASKS, 0, get_tstates),
	COLUMN(COL_PSR, "PSR", "PSR",
	       N_("processor the task last ran on"),
	       BOTH(JK_PROCESSOR), CF_INT, true, 3, NEED_STAT, 0, get_psr),
	COLUMN(COL_PRI, "PRI", "PRI",
	       N_("kernel priority (stat field 18)"),
	       BOTH(JK_PRIORITY), CF_INT, true, 3, NEED_STAT, 0, get_pri),
	COLUMN(COL_NICE, "NI", "NI",
	       N_("nice value"),
	       BOTH(JK_NICE), CF_INT, true, 3, NEED_STAT, 0, get_nice),
	COLUMN(COL_POLICY, "CLS", "CLS",
	       N_("scheduling policy: TS FF RR B ISO IDL DLN"),
	       BOTH(JK_POLICY), CF_STR, false, 3, NEED_STAT, 0, get_policy),
	COLUMN(COL_RTPRIO, "RTPRIO", "RTPRIO",
	       N_("real-time priority"),
	       BOTH(JK_RT_PRIORITY), CF_INT, true, 6, NEED_STAT, 0, get_rtprio),
	COLUMN(COL_TIME, "TIME", "TIME",
	       N_("CPU time: the process's total, or the thread's own"),
	       BOTH(JK_CPU_TIME), CF_TICKS, true, 8, NEED_STAT, 0, get_time),
	COLUMN(COL_START, "START", "START",
	       N_("time the task started"),
	       BOTH(JK_START_TIME), CF_START, true, 5, NEED_STAT | NEED_HOST, 0, get_start),
	COLUMN(COL_ELAPSED, "ELAPSED", "ELAPSED",
	       N_("time since the task started"),
	       BOTH(JK_ELAPSED), CF_ELAPSED, true, 7, NEED_STAT | NEED_HOST, 0, get_start),
	COLUMN(COL_VSZ, "VSZ", "VSZ",
	       N_("virtual memory size (KiB in text, bytes in JSON)"),
	       PROC_ONLY(JK_VSZ), CF_KIB, true, 6, NEED_STAT, 0, get_vsz),
	COLUMN(COL_RSS, "RSS", "RSS",
	       N_("resident set size (KiB in text, bytes in JSON)"),
	       PROC_ONLY(JK_RSS), CF_KIB, true, 6, NEED_STAT, 0, get_rss),
	COLUMN(COL_WCHAN, "WCHAN", "WCHAN",
	       N_("kernel function the task sleeps in"),
	       BOTH(JK_WCHAN), CF_STR, false, 6, NEED_STAT | NEED_WCHAN, 0, get_wchan),
	COLUMN(COL_NSPID, "NSPID", "NSPID",
	       N_("pid in the innermost pid namespace (JSON: the whole chain, outermost first)"),
	       BOTH(JK_NSPID), CF_NSPID, true, 5, NEED_PSTATUS, NEED_TSTATUS, get_nspid),
	COLUMN(COL_TRACER, "TRACER", "TRACER",
	       N_("pid of the tracer (ptrace), 0 for none"),
	       BOTH(JK_TRACER_PID), CF_INT, true, 6, NEED_PSTATUS, NEED_TSTATUS, get_tracer),
	COLUMN(COL_TNAME, "TNAME", "TNAME",
	       N_("the thread's own name"),
	       TASK_ONLY(JK_COMM), CF_STR, false, 5, NEED_STAT, 0, get_tname),
	COLUMN(COL_COMM, "COMM", "COMM",
	       N_("the process's command name"),
	       PROC_ONLY(JK_COMM), CF_STR, false, 4, NEED_STAT, 0, get_comm),
	COLUMN(COL_COMMAND, "COMMAND", "COMMAND",
	       N_("full command line (argv); [name] when empty"),
	       PROC_ONLY(JK_CMDLINE), CF_ARGV, false, 7, NEED_STAT | NEED_CMDLINE, 0, get_args),

	/* Time: with -I or --watch over the interval, otherwise over the
	 * task's life (ps's %CPU); Δ columns need an interval. */
	COLUMN(COL_PCPU, "%CPU", "%CPU",
	       N_("CPU use in percent of one CPU (over the interval; without one, over the "
	          "task's life)"),
	       BOTH(JK_PCPU), CF_CENTI, true, 5, NEED_STAT | NEED_PREVIOUS, 0, rate_get_cpu),
	COLUMN(COL_PUSR, "%USR", "%USR",
	       N_("the part of %CPU in user mode"),
	       BOTH(JK_PUSR), CF_CENTI, true, 5, NEED_STAT | NEED_PREVIOUS, 0, rate_get_usr),
	COLUMN(COL_PSYS, "%SYS", "%SYS",
	       N_("the part of %CPU in the kernel"),
	       BOTH(JK_PSYS), CF_CENTI, true, 5, NEED_STAT | NEED_PREVIOUS, 0, rate_get_sys),
	COLUMN(COL_PWAIT, "%WAIT", "%WAIT",
	       N_("percent of the time runnable but waiting for a CPU (run queue, schedstat); "
	          "a process's is its threads' sum"),
	       BOTH(JK_PWAIT), CF_CENTI, true, 5, NEED_STAT | NEED_TASKS | NEED_SCHEDSTAT | NEED_PREVIOUS, 0,
	       rate_get_wait),
	COLUMN(COL_CSW_RATE, "CSW/s", "CSW/s",
	       N_("voluntary context switches per second (blocked on a wait)"),
	       BOTH(JK_CSW_RATE), CF_CENTI, true, 6, NEED_STAT | NEED_TASKS | NEED_TSTATUS | NEED_PREVIOUS, 0,
	       rate_get_csw),
	COLUMN(COL_NVCSW_RATE, "NVCSW/s", "NVCSW/s",
	       N_("involuntary context switches per second (preempted)"),
	       BOTH(JK_NVCSW_RATE), CF_CENTI, true, 7, NEED_STAT | NEED_TASKS | NEED_TSTATUS | NEED_PREVIOUS, 0,
	       rate_get_nvcsw),
	COLUMN(COL_MINFLT_RATE, "MINFLT/s", "MINFLT/s",
	       N_("minor page faults per second (no disk read)"),
	       BOTH(JK_MINFLT_RATE), CF_CENTI, true, 8, NEED_STAT | NEED_PREVIOUS, 0, rate_get_minflt),
	COLUMN(COL_MAJFLT_RATE, "MAJFLT/s", "MAJFLT/s",
	       N_("major page faults per second (read from disk)"),
	       BOTH(JK_MAJFLT_RATE), CF_CENTI, true, 8, NEED_STAT | NEED_PREVIOUS, 0, rate_get_majflt),
	COLUMN(COL_READ_RATE, "RD/s", "RD/s",
	       N_("bytes read from storage per second (KiB in text; io, owner or root only)"),
	       BOTH(JK_READ_RATE), CF_KIB, true, 5, NEED_STAT | NEED_IO | NEED_PREVIOUS, 0, rate_get_read),
	COLUMN(COL_WRITE_RATE, "WR/s", "WR/s",
	       N_("bytes written to storage per second (KiB in text; io, owner or root only)"),
	       BOTH(JK_WRITE_RATE), CF_KIB, true, 5, NEED_STAT | NEED_IO | NEED_PREVIOUS, 0, rate_get_write),
	COLUMN(COL_RSS_DELTA, "ΔRSS", "ΔRSS",
	       N_("change of the resident set size over the interval (KiB in text, bytes in "
	          "JSON; also RSS_DELTA)"),
	       PROC_ONLY(JK_RSS_DELTA), CF_KIB, true, 5, NEED_STAT | NEED_PSTATUS | NEED_PREVIOUS, 0,
	       rate_get_rss_delta),
	COLUMN(COL_NLWP_DELTA, "ΔNLWP", "ΔNLWP",
	       N_("change of the number of threads over the interval (also NLWP_DELTA)"),
	       PROC_ONLY(JK_NLWP_DELTA), CF_INT, true, 5, NEED_STAT | NEED_PREVIOUS, 0,
	       rate_get_nlwp_delta),
	COLUMN(COL_PMEM, "%MEM", "%MEM",
	       N_("resident set size in percent of the machine's memory"),
	       PROC_ONLY(JK_PMEM), CF_CENTI, true, 5, NEED_STAT | NEED_PSTATUS | NEED_HOST, 0,
	       rate_get_mem),
	COLUMN(COL_SHR, "SHR", "SHR",
	       N_("resident memory shared with other processes (smaps_rollup; KiB in text)"),
	       PROC_ONLY(JK_SHR), CF_KIB, true, 6, NEED_STAT | NEED_ROLLUP, 0, rate_get_shr),
	COLUMN(COL_USS, "USS", "USS",
	       N_("resident memory of this process only (smaps_rollup; KiB in text)"),
	       PROC_ONLY(JK_USS), CF_KIB, true, 6, NEED_STAT | NEED_ROLLUP, 0, rate_get_uss),
	COLUMN(COL_PSS, "PSS", "PSS",
	       N_("proportional share of the resident memory (smaps_rollup; KiB in text)"),
	       PROC_ONLY(JK_PSS), CF_KIB, true, 6, NEED_STAT | NEED_ROLLUP, 0, rate_get_pss),
	COLUMN(COL_SWAP, "SWAP", "SWAP",
	       N_("swapped out (smaps_rollup; KiB in text)"),
	       PROC_ONLY(JK_MAP_SWAP), CF_KIB, true, 6, NEED_STAT | NEED_ROLLUP, 0, rate_get_swap),

	/* Causes: why a thread is where it is.  A process row shows its
	 * leader's, the schedstat and switch totals its threads' sum. */
	COLUMN(COL_SYSCALL, "SYSCALL", "SYSCALL",
	       N_("the system call the task is blocked in (task/TID/syscall: ptrace access "
		  "needed); running on a CPU, none outside a system call"),
	       BOTH(JK_SYSCALL), CF_STR, false, 7, NEED_STAT | NEED_SYSCALL, 0, cause_get_syscall),
	COLUMN(COL_WAITON, "WAITON", "WAITON",
	       N_("what that call waits on: a descriptor and who holds a pipe's other end or a "
		  "socket's peer, a futex and the other threads waiting on it, a sleep's time, "
		  "a child"),
	       BOTH(JK_WAITON), CF_STR, false, 6, NEED_STAT | NEED_TASKS | NEED_WAITON, 0,
	       cause_get_waiton),
	COLUMN(COL_PC, "PC", "PC",
	       N_("user-space instruction pointer saved at entry to the kernel ('-' on a CPU)"),
	       BOTH(JK_PC), CF_ADDR, true, 12, NEED_STAT | NEED_SYSCALL, 0, cause_get_pc),
	COLUMN(COL_SP, "SP", "SP",
	       N_("user-space stack pointer saved at entry to the kernel ('-' on a CPU)"),
	       BOTH(JK_SP), CF_ADDR, true, 12, NEED_STAT | NEED_SYSCALL, 0, cause_get_sp),
	COLUMN(COL_KSTACK, "KSTACK", "KSTACK",
	       N_("innermost frame of the kernel stack (task/TID/stack, root only; JSON: the "
		  "whole stack)"),
	       BOTH(JK_KSTACK), CF_FRAMES, false, 6, NEED_STAT | NEED_KSTACK, 0, cause_get_kstack),
	COLUMN(COL_RUNTIME, "RUNTIME", "RUNTIME",
	       N_("seconds on a CPU since the task started (schedstat)"),
	       BOTH(JK_RUNTIME), CF_NSEC, true, 7, NEED_STAT | NEED_TASKS | NEED_SCHEDSTAT, 0,
	       rate_get_runtime),
	COLUMN(COL_RQWAIT, "RQWAIT", "RQWAIT",
	       N_("seconds runnable but waiting on a run queue for a CPU (schedstat)"),
	       BOTH(JK_RQWAIT), CF_NSEC, true, 6, NEED_STAT | NEED_TASKS | NEED_SCHEDSTAT, 0,
	       rate_get_rqwait),
	COLUMN(COL_SLICES, "SLICES", "SLICES",
	       N_("timeslices run since the task started (schedstat)"),
	       BOTH(JK_SLICES), CF_INT, true, 6, NEED_STAT | NEED_TASKS | NEED_SCHEDSTAT, 0,
	       rate_get_slices),
	COLUMN(COL_CSW, "CSW", "CSW",
	       N_("voluntary context switches since the task started (blocked on a wait)"),
	       BOTH(JK_CSW), CF_INT, true, 5, NEED_STAT | NEED_TASKS | NEED_TSTATUS, 0,
	       rate_get_csw_total),
	COLUMN(COL_NVCSW, "NVCSW", "NVCSW",
	       N_("involuntary context switches since the task started (preempted)"),
	       BOTH(JK_NVCSW), CF_INT, true, 5, NEED_STAT | NEED_TASKS | NEED_TSTATUS, 0,
	       rate_get_nvcsw_total),

	/* Read only when asked for: kcmp against every other process, and
	 * each thread's syscall file and its mapped files' symbols. */
	COLUMN(COL_SHARES, "SHARES", "SHARES",
	       N_("kernel structures the process shares with other processes (kcmp): vm, files, "
	          "fs, sighand, sysvsem, each with the lowest pid sharing it"),
	       PROC_ONLY(JK_SHARES), CF_SHARES, false, 6, NEED_STAT | NEED_SHARES, 0, where_get_shares),
	COLUMN(COL_EXEC, "EXEC", "EXEC",
	       N_("where the task executes: the file mapped at the instruction pointer the kernel "
	          "saved and the function there (a process: its leader)"),
	       BOTH(JK_EXEC), CF_STR, false, 4, NEED_STAT | NEED_EXEC, 0, where_get_exec),

	/* Mapping columns (-m): one row per VMA of /proc/PID/smaps; each help
	 * names where the value comes from. */
	COLUMN(COL_MAP_START, "START", "START",
	       N_("first address of the mapping (the maps line)"),
	       MAP(JK_MAP_START), CF_ADDR, true, 12, NEED_MAPS, 0, map_get_start),
	COLUMN(COL_MAP_END, "END", "END",
	       N_("address just past the mapping (the maps line)"),
	       MAP(JK_MAP_END), CF_ADDR, true, 12, NEED_MAPS, 0, map_get_end),
	COLUMN(COL_MAP_PERMS, "PERMS", "PERMS",
	       N_("permissions: r w x, then p private or s shared (the maps line)"),
	       MAP(JK_PERMS), CF_STR, false, 5, NEED_MAPS, 0, map_get_perms),
	COLUMN(COL_MAP_OFFSET, "OFFSET", "OFFSET",
	       N_("offset into the file (hex; the maps line)"),
	       MAP(JK_OFFSET), CF_HEX, true, 8, NEED_MAPS, 0, map_get_offset),
	COLUMN(COL_MAP_DEV, "DEV", "DEV",
	       N_("device of the file, major:minor (hex; the maps line)"),
	       MAP(JK_DEV), CF_STR, false, 5, NEED_MAPS, 0, map_get_dev),
	COLUMN(COL_MAP_INODE, "INODE", "INODE",
	       N_("inode of the file (the maps line)"),
	       MAP(JK_INODE), CF_BIGINT, true, 5, NEED_MAPS, 0, map_get_inode),
	SMAPS(COL_MAP_SIZE, "SIZE", JK_SIZE,
	      N_("size of the mapping (KiB in text, bytes in JSON; smaps Size)"), map_get_size),
	SMAPS(COL_MAP_KERNELPAGESIZE, "KERNELPAGESIZE", JK_KERNEL_PAGE_SIZE,
	      N_("size of the pages the kernel backs the mapping with (smaps KernelPageSize)"),
	      map_get_kernel_page),
	SMAPS(COL_MAP_MMUPAGESIZE, "MMUPAGESIZE", JK_MMU_PAGE_SIZE,
	      N_("size of the pages the MMU maps it with (smaps MMUPageSize)"), map_get_mmu_page),
	SMAPS(COL_MAP_RSS, "RSS", JK_RSS,
	      N_("resident in memory (smaps Rss)"), map_get_rss),
	SMAPS(COL_MAP_PSS, "PSS", JK_PSS,
	      N_("proportional share: resident divided among sharers (smaps Pss)"), map_get_pss),
	SMAPS(COL_MAP_PSS_DIRTY, "PSS_DIRTY", JK_PSS_DIRTY,
	      N_("proportional share of dirty pages (smaps Pss_Dirty)"), map_get_pss_dirty),
	SMAPS(COL_MAP_SHARED_CLEAN, "SHARED_CLEAN", JK_SHARED_CLEAN,
	      N_("clean pages shared with others (smaps Shared_Clean)"), map_get_shared_clean),
	SMAPS(COL_MAP_SHARED_DIRTY, "SHARED_DIRTY", JK_SHARED_DIRTY,
	      N_("dirty pages shared with others (smaps Shared_Dirty)"), map_get_shared_dirty),
	SMAPS(COL_MAP_PRIVATE_CLEAN, "PRIVATE_CLEAN", JK_PRIVATE_CLEAN,
	      N_("clean pages of this process only (smaps Private_Clean)"), map_get_private_clean),
	SMAPS(COL_MAP_PRIVATE_DIRTY, "PRIVATE_DIRTY", JK_PRIVATE_DIRTY,
	      N_("dirty pages of this process only (smaps Private_Dirty)"), map_get_private_dirty),
	SMAPS(COL_MAP_DIRTY, "DIRTY", JK_DIRTY,
	      N_("dirty pages, shared and private (smaps Shared_Dirty plus Private_Dirty)"),
	      map_get_dirty),
	SMAPS(COL_MAP_REFERENCED, "REFERENCED", JK_REFERENCED,
	      N_("pages referenced recently (smaps Referenced)"), map_get_referenced),
	SMAPS(COL_MAP_ANONYMOUS, "ANONYMOUS", JK_ANONYMOUS,
	      N_("pages not backed by a file (smaps Anonymous)"), map_get_anonymous),
	SMAPS(COL_MAP_KSM, "KSM", JK_KSM,
	      N_("pages merged with identical ones by KSM (smaps KSM)"), map_get_ksm),
	SMAPS(COL_MAP_LAZYFREE, "LAZYFREE", JK_LAZY_FREE,
	      N_("pages freed with MADV_FREE, not yet reclaimed (smaps LazyFree)"),
	      map_get_lazy_free),
	SMAPS(COL_MAP_ANONHUGE, "ANONHUGE", JK_ANON_HUGE_PAGES,
	      N_("anonymous transparent huge pages (smaps AnonHugePages)"), map_get_anon_huge),
	SMAPS(COL_MAP_SHMEMPMD, "SHMEMPMD", JK_SHMEM_PMD_MAPPED,
	      N_("shared memory mapped with huge pages (smaps ShmemPmdMapped)"), map_get_shmem_pmd),
	SMAPS(COL_MAP_FILEPMD, "FILEPMD", JK_FILE_PMD_MAPPED,
	      N_("file pages mapped with huge pages (smaps FilePmdMapped)"), map_get_file_pmd),
	SMAPS(COL_MAP_SHARED_HUGETLB, "SHARED_HUGETLB", JK_SHARED_HUGETLB,
	      N_("hugetlbfs pages shared with others (smaps Shared_Hugetlb)"),
	      map_get_shared_hugetlb),
	SMAPS(COL_MAP_PRIVATE_HUGETLB, "PRIVATE_HUGETLB", JK_PRIVATE_HUGETLB,
	      N_("hugetlbfs pages of this process only (smaps Private_Hugetlb)"),
	      map_get_private_hugetlb),
	SMAPS(COL_MAP_SWAP, "SWAP", JK_MAP_SWAP,
	      N_("swapped out (smaps Swap)"), map_get_swap),
	SMAPS(COL_MAP_SWAPPSS, "SWAPPSS", JK_SWAP_PSS,
	      N_("proportional share of swap (smaps SwapPss)"), map_get_swap_pss),
	SMAPS(COL_MAP_LOCKED, "LOCKED", JK_LOCKED,
	      N_("locked in memory by mlock (smaps Locked)"), map_get_locked),
	COLUMN(COL_MAP_THPELIGIBLE, "THPELIGIBLE", "THPELIGIBLE",
	       N_("1 when the mapping may get transparent huge pages, else 0 (smaps THPeligible)"),
	       MAP(JK_THP_ELIGIBLE), CF_INT, true, 1, NEED_MAPS, 0, map_get_thp_eligible),
	COLUMN(COL_MAP_VMFLAGS, "VMFLAGS", "VMFLAGS",
	       N_("the kernel's flags of the mapping: rd wr ex sh mr mw me ms gd lo io ... "
	          "(smaps VmFlags)"),
	       MAP(JK_VM_FLAGS), CF_STR, false, 7, NEED_MAPS, 0, map_get_vmflags),
	COLUMN(COL_MAP_SEGMENT, "SEGMENT", "SEGMENT",
	       N_("what the mapping is: text rodata relro data bss heap stack "
	          "thread-stack (stack:TID,...) lib-text lib-rodata lib-relro "
	          "lib-data vdso vvar vsyscall shm file anon anon-named guard reserved "
	          "(from the maps line, the ELF program headers, stat and the threads' "
	          "stack pointers)"),
	       MAP(JK_SEGMENT), CF_SEGMENT, false, 7, NEED_MAPS | NEED_TASKS, 0, map_get_segment),
	COLUMN(COL_MAP_TID, "TID", "TID",
	       N_("the thread whose stack the mapping is (its stack pointer, from "
	          "task/TID/syscall)"),
	       MAP(JK_MAP_TID), CF_INT, true, 5, NEED_MAPS | NEED_TASKS, 0, map_get_tid),
	COLUMN(COL_MAP_THREAD, "THREAD", "THREAD",
	       N_("the name of that thread (task/TID/stat)"),
	       MAP(JK_THREAD_NAME), CF_STR, false, 6, NEED_MAPS | NEED_TASKS, 0, map_get_thread),
	COLUMN(COL_MAP_MAPPING, "MAPPING", "MAPPING",
	       N_("file, [heap], [stack], [vdso], [anon:NAME]...; [anon] when anonymous "
	          "(the maps line; map_files for the true name)"),
	       MAP(JK_PATH), CF_PATH, false, 7, NEED_MAPS, 0, map_get_path),

	/* Resource limit columns (--limits): one row per limit of /proc/PID/limits. */
	COLUMN(COL_LIMIT_RESOURCE, "RESOURCE", "RESOURCE",
	       N_("the resource, as prlimit names it (NOFILE)"),
	       LIMIT(JK_RLIMIT_RESOURCE), CF_STR, false, 8, NEED_STAT | NEED_LIMITS, 0, limit_get_resource),
	COLUMN(COL_LIMIT_DESCRIPTION, "DESCRIPTION", "DESCRIPTION",
	       N_("what it limits, as prlimit says it"),
	       LIMIT(JK_RLIMIT_DESCRIPTION), CF_STR, false, 11, NEED_STAT | NEED_LIMITS, 0,
	       limit_get_description),
	COLUMN(COL_LIMIT_SOFT, "SOFT", "SOFT",
	       N_("the soft limit, which the kernel enforces; unlimited when there is none"),
	       LIMIT(JK_RLIMIT_SOFT), CF_LIMIT, true, 9, NEED_STAT | NEED_LIMITS, 0, limit_get_soft),
	COLUMN(COL_LIMIT_HARD, "HARD", "HARD",
	       N_("the hard limit, up to which the soft one may be raised"),
	       LIMIT(JK_RLIMIT_HARD), CF_LIMIT, true, 9, NEED_STAT | NEED_LIMITS, 0, limit_get_hard),
	COLUMN(COL_LIMIT_UNITS, "UNITS", "UNITS",
	       N_("the unit of the values; - when they have none"),
	       LIMIT(JK_RLIMIT_UNITS), CF_STR, false, 5, NEED_STAT | NEED_LIMITS, 0, limit_get_units),
};

const size_t column_count = sizeof(column_table) / sizeof(column_table[0]);

static const struct {
	const char *alias, *name;
} aliases[] = {
	{ "TID", "LWP" },  { "SPID", "LWP" }, { "STATE", "S" },   { "CPU", "PSR" },
	{ "NICE", "NI" },  { "POLICY", "CLS" }, { "ARGS", "COMMAND" },
	{ "CMD", "COMMAND" }, { "ETIME", "ELAPSED" }, { "STIME", "START" },
	{ "TRACERPID", "TRACER" }, { "THREAD", "TNAME" }, { "EUID", "UID" },
	{ "PATH", "MAPPING" },
	{ "EUSER", "USER" }, { "PGRP", "PGID" }, { "SESS", "SID" },
	{ "RSS_DELTA", "ΔRSS" }, { "NLWP_DELTA", "ΔNLWP" }, { "PCPU", "%CPU" }, { "PMEM", "%MEM" },
	{ "EGID", "GID" }, { "EGROUP", "GROUP" }, { "SVUID", "SUID" }, { "SVGID", "SGID" },
	{ "FSUID", "FUID" }, { "FSUSER", "FUSER" }, { "FSGID", "FGID" }, { "FSGROUP", "FGROUP" },
};

static const struct column *find_in(const char *name, enum col_scope scope)
{
	for (size_t i = 0; i < column_count; i++)
		if (column_table[i].scope == scope && strcasecmp(name, column_table[i].name) == 0)
			return &column_table[i];
	return NULL;
}

const struct column *column_find_scoped(const char *name, enum col_scope scope)
{
	const struct column *c = scope != SCOPE_TASK ? find_in(name, scope) : NULL;

	if (c)
		return c;
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcasecmp(name, aliases[i].alias) == 0) {
			c = find_in(aliases[i].name, scope);
			return c ? c : find_in(aliases[i].name, SCOPE_TASK);
		}
	return find_in(name, SCOPE_TASK);
}

const struct column *column_find(const char *name)
{
	return column_find_scoped(name, SCOPE_TASK);
}

static bool ascii(const char *s)
{
	while (*s && (unsigned char)*s < 0x80)
		s++;
	return *s == '\0';
}

const char *column_header(const struct column *c)
{
	if (ascii(c->header) || utf8_locale())
		return c->header;
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcmp(aliases[i].name, c->name) == 0 && ascii(aliases[i].alias))
			return aliases[i].alias;
	return c->name;
}

size_t column_header_width(const struct column *c)
{
	const char *h = column_header(c);

	return ascii(h) ? strlen(h) : utf8_width(h, strlen(h));
}
