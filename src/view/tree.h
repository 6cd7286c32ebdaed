/* tree.h - processes arranged by parent, threads inside their process. */
#ifndef LWPS_TREE_H
#define LWPS_TREE_H

#include <stdbool.h>

#include "view/view.h"

struct tree_row {
	struct row row;          /* row.t set for a thread row */
	unsigned depth;          /* 0 for a root */
	bool last;               /* no later sibling under the same parent */
	bool new_pidns;          /* a process whose pid namespace its parent is not in */
	bool cycle;              /* its ppid leads round a cycle: shown as a root */
};

struct tree_opts {
	struct selection sel;    /* -p: subtrees; -u, -C: matching processes */
	bool ancestors;          /* also the chain from the root to each selected */
	bool threads;            /* -tL: threads inside their process */
	bool thread_parents;     /* with threads: a child under the thread that forked it */
	const struct sort_key *keys;   /* orders siblings; default start time, pid */
	size_t nkeys;
};

struct tree {
	struct tree_row *rows;   /* depth-first: a process, its threads (each followed
				  * by the children it forked), its other children */
	size_t n, cap;
	struct tgroup idle;      /* pid 0, shown as the root of the whole machine */
};

void tree_build(struct tree *out, const struct snapshot *snap, const struct tree_opts *o);
void tree_release(struct tree *t);

/* True for the synthetic pid 0 row, which /proc does not list. */
bool tree_is_idle(const struct tree *t, const struct tgroup *g);

#endif
