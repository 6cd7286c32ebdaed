/* diff.h - --diff: what changed between two snapshots of one boot.
 *
 * Tasks are matched by (tid, start time) as model/delta.h does, so a pid
 * reused in between is one process that exited and another that was
 * born.  Mappings are matched by start address and file; the main stack,
 * which grows down, by its end when its start moved.  The view only
 * reads the two snapshots; the new one carries its deltas since the old
 * one (delta_attach()), which give the CPU used and the changes. */
#ifndef LWPS_DIFF_H
#define LWPS_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "model/snapshot.h"
#include "view/view.h"

/* The kinds of change, in the order they are shown. */
enum diff_kind {
	DIFF_PROCESS_BORN,
	DIFF_PROCESS_EXITED,
	DIFF_THREAD_BORN,      /* in a process that lived through */
	DIFF_THREAD_EXITED,
	DIFF_STATE,            /* a thread's state letter changed */
	DIFF_CPU_PROCESS,      /* a process used CPU time */
	DIFF_CPU_THREAD,
	DIFF_RSS,              /* a process's resident set size changed */
	DIFF_NLWP,             /* its number of threads changed */
	DIFF_MAP_ADDED,        /* in a process whose mappings both snapshots hold */
	DIFF_MAP_REMOVED,
	DIFF_MAP_GROWN,
	DIFF_MAP_SHRUNK,
	DIFF_KINDS
};

/* One change.  Its process, thread and mapping are the new snapshot's,
 * or the old one's for what exited or was removed (diff_in_old()). */
struct diff_entry {
	const struct tgroup *g;
	const struct task *t;        /* a thread's change; NULL: the process's */
	const struct vma *m;         /* a mapping's change */
	const struct task *was;      /* DIFF_STATE: the task in the old snapshot */
	const struct vma *m_was;     /* grown, shrunk: the mapping in the old one */
	unsigned long long size;     /* how large the change is: larger first */
};

struct diff_list {
	struct diff_entry *v;
	size_t n, cap;
};

struct diff {
	const struct snapshot *old, *new;
	struct diff_list lists[DIFF_KINDS];
};

/* Whether entries of this kind are of the old snapshot (exited, removed). */
bool diff_in_old(enum diff_kind k);
/* The snapshot the entries of this kind belong to. */
const struct snapshot *diff_snapshot(const struct diff *d, enum diff_kind k);

/* Finds what changed from `old` to `now` (which has its deltas since
 * `old`) among the processes `sel` chooses in either snapshot.  Each list
 * is ordered by the size of its changes, the largest first; births, exits
 * and state changes, which have no size, by pid and tid. */
void diff_build(struct diff *d, const struct snapshot *old, const struct snapshot *now,
		const struct selection *sel);
void diff_release(struct diff *d);

#endif
