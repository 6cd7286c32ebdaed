/* delta.h - time: what each task did between two snapshots of one boot.
 *
 * Tasks are matched by (tid, start time), so a pid reused in between is
 * one task that exited and another that was born, never one task.  A task
 * born in between counts from zero: its counters are all it did.  The
 * rates of every view (%CPU, CSW/s, ...) and --diff come from here. */
#ifndef LWPS_DELTA_H
#define LWPS_DELTA_H

#include <stdbool.h>

#include "model/snapshot.h"

struct task_delta {
	unsigned known;          /* TF_BIT() of what both readings knew */
	bool born;               /* not in the earlier reading */
	char state_before;       /* its state then (TF_STATE), 0 when born */
	unsigned long long utime, stime;           /* TF_TICS, clock ticks */
	unsigned long long minflt, majflt;         /* TF_FAULTS */
	unsigned long long nvcsw, nivcsw;          /* TF_CSW */
	unsigned long long wait_ns;                /* TF_SCHEDSTAT, run-queue wait */
	unsigned long long read_bytes, write_bytes;  /* TF_IO */
	long long rss_bytes;     /* TF_MEM, the change of the process's RSS */
	int nlwp;                /* TF_NLWP, the change of its thread count */
};

enum delta_error {
	DELTA_OTHER_BOOT = -1,   /* not the same boot (or machine) */
	DELTA_NOT_LATER = -2,    /* `now` was not taken after `before` */
};

/* What a delta needs of an earlier reading: each task's identity and
 * counters, about 100 bytes a task against a whole task's 272, so that
 * -I and --watch need not keep a whole snapshot between readings. */
struct counted_task {
	unsigned long long start_ticks, utime, stime, minflt, majflt, nvcsw, nivcsw, wait_ns,
		read_bytes, write_bytes;
	unsigned long rss_pages;
	pid_t tid;
	int nlwp;
	unsigned known;          /* the task's TF_BIT()s */
	char state;
};

struct counted_group {
	struct counted_task self;
	struct counted_task *tasks;   /* by tid, into reading.tasks */
	size_t ntasks;
	pid_t pid;
};

struct reading {
	struct counted_group *groups;  /* by pid */
	size_t ngroups;
	struct counted_task *tasks;
	char *boot_id, *hostname;      /* NULL when unknown */
	double boot_time, taken_at;
};

/* The counters of every task of `snap`, apart from it. */
struct reading *reading_of(const struct snapshot *snap);
void reading_free(struct reading *r);

/* Gives every task of `now` its delta since `before` and sets
 * now->interval.  The deltas live in now's arena; `before` may be freed
 * afterwards.  Returns 0 or a delta_error (now is left alone).  Tasks
 * of one boot (the same boot id, or when either lacks it the same boot
 * time and host name) only. */
int delta_attach(struct snapshot *now, const struct snapshot *before);
int delta_attach_reading(struct snapshot *now, const struct reading *before);

/* The task of `g` (tasks sorted by tid; g may be NULL) that is `t`: the
 * same tid and start time.  NULL when there is none. */
const struct task *delta_find_task(const struct tgroup *g, const struct task *t);

/* Whether a task of `before` lives on in `now` (same tid, same start). */
bool delta_task_lives_on(const struct snapshot *now, const struct task *t);

#endif
