/* waits.h - the waits view (-W): the selected threads that wait, grouped
 * by what they wait on (the same futex, pipe, socket, file, descriptor or
 * child; else the same kernel function), and those that run or wait for
 * a CPU. */
#ifndef LWPS_WAITS_H
#define LWPS_WAITS_H

#include <stddef.h>

#include "view/view.h"

struct wait_group {
	const char *kind;        /* one of WAIT_GROUP_KINDS (model/causes.h) */
	const char *on;          /* the thing, the kernel function, or why neither */
	struct row *rows;        /* its threads: in D first, then by pid and tid */
	size_t n;
	size_t in_d;             /* of them, in D */
};

struct waits {
	struct wait_group *groups;   /* those with threads in D first, then the largest */
	size_t ngroups;
	struct row *rows;            /* every waiting thread, the groups' rows point here */
	size_t waiting;
	struct row *running;         /* running or runnable threads, by pid and tid */
	size_t nrunning;
};

/* What a stopped group is about, and an unknown one. */
extern const char waits_on_stopped[], waits_on_traced[], waits_on_unknown[];

void waits_build(struct waits *w, const struct snapshot *snap, const struct selection *sel);
void waits_release(struct waits *w);

#endif
