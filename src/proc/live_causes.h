/* live_causes.h - what each waiting task's system call waits on, decoded
 * from its arguments (see model/causes.h). */
#ifndef LWPS_LIVE_CAUSES_H
#define LWPS_LIVE_CAUSES_H

#include "model/snapshot.h"
#include "proc/readfile.h"

/* Fills waiton, wait_kind and wait_group of every task of `snap` whose
 * task/TID/syscall was read, from the /proc at `procfd`.  Call once the
 * snapshot is finished (it looks processes up by pid). */
void live_read_causes(struct snapshot *snap, int procfd, struct buf *buf);

#endif
