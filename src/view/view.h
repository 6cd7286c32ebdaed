/* view.h - from a snapshot to the rows a frontend shows: which processes
 * are selected, whether threads are expanded, and in what order. */
#ifndef LWPS_VIEW_H
#define LWPS_VIEW_H

#include <stdbool.h>
#include <sys/types.h>

#include "columns/columns.h"

struct sort_key {
	const struct column *col;
	bool descending;
};

struct selection {
	const pid_t *pids;       /* thread group ids (tids already mapped) */
	size_t npids;
	bool by_pid;             /* -p was given: ids that named nothing
				  * leave an empty list that selects nothing */
	const uid_t *uids;       /* effective uids */
	size_t nuids;
	const char *const *names;   /* process names (comm) */
	size_t nnames;
	/* --state: the state letters kept, or NULL.  It narrows what the
	 * others chose (an intersection): a process is kept when one of its
	 * threads is in such a state, a thread when it is. */
	const char *states;
};

struct view_opts {
	struct selection sel;
	bool threads;            /* one row per thread */
	const struct sort_key *keys;
	size_t nkeys;
};

struct rows {
	struct row *rows;
	size_t n, cap;
};

/* True when nothing was asked for: every process is shown. */
bool selection_empty(const struct selection *sel);
bool selection_match(const struct selection *sel, const struct tgroup *g);
/* Whether --state keeps the group (any of its threads), or the task. */
bool selection_states_match(const struct selection *sel, const struct tgroup *g);
bool selection_task_match(const struct selection *sel, const struct task *t);

/* Builds the rows of `snap` for `o`. */
void view_build(struct rows *out, const struct snapshot *snap, const struct view_opts *o);
/* Sorts rows by the keys, then pid, then tid. */
void view_sort(struct row *rows, size_t n, const struct snapshot *snap,
	       const struct sort_key *keys, size_t nkeys);
void rows_release(struct rows *r);

#endif
