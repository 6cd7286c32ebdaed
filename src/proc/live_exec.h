/* live_exec.h - where each thread executes (EXEC): the instruction
 * pointer the kernel saved in task/TID/syscall, the mapping that holds
 * it and the function there (proc/symbols.h). */
#ifndef LWPS_LIVE_EXEC_H
#define LWPS_LIVE_EXEC_H

#include <stddef.h>

#include "model/snapshot.h"
#include "proc/readfile.h"
#include "proc/symbols.h"

/* For every process of snap: each task's instruction pointer (the
 * process's is its leader's), then where it lies among the process's
 * mappings (/proc/PID/maps) of the /proc at `procfd`. */
void live_read_exec(struct snapshot *snap, int procfd, struct symbols *syms, struct buf *b);

/* Where each task of g executes, from the instruction pointers already
 * read (TF_SP, TF_ON_CPU), among `maps` (by address) of the process
 * whose /proc directory is `pidfd`; a reason where it cannot be told. */
void live_exec_describe(struct snapshot *snap, int pidfd, struct symbols *syms, struct tgroup *g,
			const struct vma *maps, size_t nmaps);

#endif
