/* snapshot.h - the model: thread groups and their tasks at one moment.
 *
 * A source (live /proc, or later a saved file) fills a snapshot; views and
 * frontends only read it.  The snapshot owns every string and array; the
 * pointers it hands out stay valid until snapshot_free().
 *
 * Unknown values: every field that can be unreadable has a bit in the
 * owning struct's `known` mask.  A clear bit means "unknown" (permission
 * denied, not requested, vanished), never zero.
 */
#ifndef LWPS_SNAPSHOT_H
#define LWPS_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/maps.h"
#include "model/shares.h"

/* Fields of a task that may be unknown. */
enum task_field {
	TF_STATE,      /* state, flags */
	TF_SCHED,      /* processor, priority, nice, policy, rt_priority */
	TF_TICS,       /* utime, stime */
	TF_START,      /* start_ticks */
	TF_WCHAN,
	TF_NSPID,
	TF_TRACER,
	TF_PGRP,       /* pgid, sid, tty, tpgid */
	TF_PPID,
	TF_MEM,        /* vsize, rss_pages */
	TF_LOCKED,     /* vm_locked (status VmLck) */
	TF_CREDS,      /* creds (status Uid:, Gid:, Groups:) */
	TF_NLWP,
	TF_SP,         /* stack_pointer (task/TID/syscall) */
	TF_ON_CPU,     /* task/TID/syscall said "running": no stack pointer */
	TF_FAULTS,     /* minflt, majflt (stat) */
	TF_CSW,        /* nvcsw, nivcsw (status) */
	TF_SCHEDSTAT,  /* run_ns, wait_ns, slices */
	TF_IO,         /* read_bytes, write_bytes */
	TF_SYSCALL,    /* cause: nr, name, args, pc (task/TID/syscall) */
	TF_KSTACK,     /* cause: kstack (task/TID/stack) */
	TF_WAITON,     /* cause: waiton, wait_kind, wait_group (decoded) */
	TF_COUNT
};

#define TF_BIT(f) (1u << (f))

/* A task's ids, in the order of status's Uid: and Gid: lines. */
enum cred_id { CRED_REAL, CRED_EFFECTIVE, CRED_SAVED, CRED_FS, CRED_COUNT };

/* Which parts of a struct creds are known: a bit for each id (a snapshot
 * saved before lwps showed them all has only some), one for the groups. */
#define CREDS_UID(i) (1u << (i))
#define CREDS_GID(i) (1u << (CRED_COUNT + (i)))
enum { CREDS_UIDS = 0xfu, CREDS_GIDS = 0xf0u, CREDS_GROUPS = 0x100u };

/* A task's credentials: each thread has its own (setresuid(2) as a raw
 * system call changes only the calling thread's).  Tasks with the same
 * credentials share one.  A name is the id in decimal when the id has
 * none, as ps shows it; NULL when names were not asked for. */
struct creds {
	uid_t uid[CRED_COUNT];
	gid_t gid[CRED_COUNT];
	const char *user[CRED_COUNT];
	const char *group[CRED_COUNT];
	const gid_t *groups;          /* supplementary, in the kernel's order */
	const char *const *group_names;   /* one per groups[]; NULL: not asked for */
	int ngroups;
	unsigned known;               /* CREDS_UID(), CREDS_GID(), CREDS_GROUPS */
};
struct task_delta;
struct task_cause;

/* One schedulable entity: a thread, or the view of a whole thread group
 * as /proc/PID/stat presents it (see struct tgroup.self). */
struct task {
	/* Eight-byte fields first, then four, then one: tens of thousands
	 * of these make up most of a snapshot. */
	const char *comm;             /* raw bytes, NUL-terminated */
	unsigned long flags;          /* PF_* from stat */
	unsigned long long utime, stime;   /* clock ticks */
	unsigned long long start_ticks;    /* since boot */
	unsigned long vsize;          /* bytes */
	unsigned long rss_pages;
	unsigned long vm_locked_kb;
	const struct creds *creds;    /* NULL when unknown (TF_CREDS clear) */
	const char *wchan;            /* NULL or "" when not waiting */
	const pid_t *nspid;           /* outermost namespace first */
	unsigned long long stack_pointer;  /* of a blocked task, from syscall */
	unsigned long long pc;             /* its instruction pointer there (TF_SP too) */
	/* Where the task executes, as its mapping and symbol ("libc.so.6
	 * epoll_wait+0x4e"), read only when asked for (NEED_EXEC, -m); NULL
	 * with exec_reason (enum exec_reason) saying why when unknown. */
	const char *exec;
	/* Counters since the task started; a process's stat and io sum
	 * its threads, its status and schedstat are the leader's own. */
	unsigned long long minflt, majflt;     /* page faults: minor, major */
	unsigned long long nvcsw, nivcsw;      /* context switches: voluntary, involuntary */
	unsigned long long run_ns, wait_ns;    /* on a CPU; runnable, waiting for one */
	unsigned long long slices;             /* timeslices run */
	unsigned long long read_bytes, write_bytes;  /* storage I/O */
	/* What the task waits on, where it is (model/causes.h); NULL when
	 * none of it was asked for. */
	const struct task_cause *cause;
	/* What the task did since the earlier reading (snapshot.interval),
	 * or NULL when the snapshot stands alone (see model/delta.h). */
	const struct task_delta *delta;
	pid_t tid;
	pid_t tgid;
	pid_t ppid;
	pid_t pgid, sid, tpgid;
	int tty;                      /* kernel tty_nr, 0 = none */
	int processor;
	int priority, nice;
	int policy, rt_priority;
	int nlwp;                     /* of a group whose threads were read: the
				       * kernel's count when they were listed */
	int nspid_len;
	pid_t tracer_pid;
	unsigned known;               /* TF_BIT() set for each known field */
	char state;                   /* kernel letter: R S D T t Z X I P ... */
	unsigned char exec_reason;
};

/* A process's memory summed over its mappings (smaps_rollup), bytes. */
struct mem_rollup {
	unsigned long long rss, pss, shared, private, swap;
};

/* One resource limit, as /proc/PID/limits gives it. */
struct limit_row {
	const char *name;             /* "Max open files" */
	const char *units;            /* "files", or NULL when it has none */
	unsigned long long soft, hard;
	bool soft_unlimited, hard_unlimited;
};

/* A thread group (process). `self` is what /proc/PID/ reports for the group
 * as a whole (CPU time summed over all threads, the leader's state). The
 * `tasks` are the individual threads, by tid. */
struct tgroup {
	pid_t pid;
	struct task self;
	const char *const *argv;      /* NULL when unknown; empty for kthreads */
	int argc;
	bool argv_known;
	bool is_kernel;               /* a kernel thread (PF_KTHREAD) */
	bool tasks_read;              /* tasks[] was filled */
	struct task *tasks;
	size_t ntasks;
	size_t cap_tasks;
	unsigned state_counts[128];   /* tasks per state letter (ASCII) */
	/* The thread of the parent process that forked this one: the thread
	 * whose task/TID/children lists it (its real parent), or the
	 * parent's pid when no other thread lists it; 0 when unknown (not
	 * read, or the kernel lacks the children files). */
	pid_t parent_tid;
	/* The thread whose files show the address space when the leader is a
	 * zombie and other threads live on; 0: the leader's own. */
	pid_t mm_tid;

	/* Resource limits, read only when asked for (NEED_LIMITS). */
	bool limits_read;
	int limits_err;               /* 0, or -errno when they could not be read */
	const struct limit_row *limits;
	size_t nlimits;

	/* What the process shares with other processes (kcmp), read only
	 * when asked for (NEED_SHARES): per kind, the lowest pid of another
	 * process that shares it, 0 for none; unknown where not compared. */
	bool shares_read;
	unsigned shares_known;        /* 1u << SHARE_* for each kind compared */
	pid_t shares_with[SHARE_COUNT];

	/* smaps_rollup, read only when asked for (NEED_ROLLUP). */
	bool rollup_read;
	int rollup_err;               /* 0, or -errno */
	struct mem_rollup rollup;

	/* The address space, read only for -m. */
	bool maps_read;               /* smaps was read */
	int maps_err;                 /* 0, or -errno when smaps could not be read */
	struct vma *maps;             /* by address */
	size_t nmaps, cap_maps;
	struct mm_layout layout;
	/* The ELF objects mapped (executable, libraries) whose program
	 * headers could be read, one per file. */
	const struct elf_image *images;
	size_t nimages;
};

/* A CPU's time counters, in clock ticks since boot (/proc/stat). */
struct cpu_ticks {
	unsigned long long user, nice, system, idle, iowait, irq, softirq, steal;
};

/* Host facts that may be unknown: a bit each in host_info.known. */
enum host_field {
	HF_LOAD,       /* load[] */
	HF_MEM,        /* mem_* */
	HF_SWAP,       /* swap_* */
	HF_UPTIME,
	HF_CPUS,       /* cpu_total, cpus[] */
	HF_BOOT,       /* boot_time (read with the CPU counters: NEED_HOST) */
	HF_COUNT
};

#define HF_BIT(f) (1u << (f))

/* Facts about the machine the snapshot was taken on. */
struct host_info {
	long clock_ticks;             /* sysconf(_SC_CLK_TCK) */
	long page_size;
	long pid_max;                 /* 0 when unknown */
	double boot_time;             /* epoch seconds (/proc/stat btime) */
	double taken_at;              /* epoch seconds of capture */
	const char *hostname;         /* NULL when unknown */
	const char *kernel;           /* uname release */
	const char *boot_id;          /* NULL when unknown; tells boots apart */
	double load[3];               /* 1, 5, 15 minutes */
	/* Bytes, from /proc/meminfo. */
	unsigned long long mem_total, mem_free, mem_available, mem_buffers, mem_cached;
	unsigned long long swap_total, swap_free;
	double uptime;                /* seconds since boot */
	struct cpu_ticks cpu_total;   /* all CPUs together */
	const struct cpu_ticks *cpus; /* one per CPU, by number */
	int ncpus;
	unsigned known;               /* HF_BIT() set for each known field */
};

struct snapshot {
	struct host_info host;
	struct tgroup *groups;        /* sorted by pid */
	size_t ngroups;
	size_t cap_groups;
	struct arena *arena;          /* owns every string and small array */
	bool from_file;               /* loaded from a saved snapshot */
	/* Seconds since the earlier reading the tasks' deltas count from;
	 * 0 when the snapshot stands alone. */
	double interval;
};

struct snapshot *snapshot_new(void);
void snapshot_free(struct snapshot *snap);

/* Appends an empty group and returns it; its pointer is valid only until
 * the next snapshot_add_group() call.  Call snapshot_finish() when done. */
struct tgroup *snapshot_add_group(struct snapshot *snap, pid_t pid);
/* Appends a zeroed task to `g`; valid until the next call for `g`. */
struct task *tgroup_add_task(struct tgroup *g);
/* Appends a zeroed mapping to `g`; valid until the next call for `g`. */
struct vma *tgroup_add_vma(struct tgroup *g);
/* Sets m's smaps figures from `bytes`, into snap's arena if they need
 * more room than the vma has. */
void vma_set_values(struct snapshot *snap, struct vma *m, const unsigned long long bytes[SM_COUNT]);
/* Room for `n` more groups, or tasks and mappings of `g`, at once: a
 * loader that knows how many wastes none.  Only a hint: when there is no
 * memory for it, the adds above grow the arrays as they need. */
void snapshot_reserve_groups(struct snapshot *snap, size_t n);
void tgroup_reserve(struct tgroup *g, size_t tasks, size_t vmas);
/* Sorts groups by pid and tasks by tid, and counts states. */
void snapshot_finish(struct snapshot *snap);

/* Whether the threads read are not as many as nlwp says: threads began
 * or ended while they were listed (the output says so). */
static inline bool tgroup_threads_differ(const struct tgroup *g)
{
	return g->tasks_read && (g->self.known & TF_BIT(TF_NLWP)) && g->ntasks != (size_t)g->self.nlwp;
}

struct tgroup *snapshot_find_group(const struct snapshot *snap, pid_t pid);
/* The group that holds thread `tid`, or NULL. */
const struct tgroup *snapshot_find_task_group(const struct snapshot *snap, pid_t tid);

/* Copies into the snapshot's arena. */
const char *snapshot_strdup(struct snapshot *snap, const char *s);
const char *snapshot_strndup(struct snapshot *snap, const char *s, size_t n);
void *snapshot_alloc(struct snapshot *snap, size_t size);

#endif
