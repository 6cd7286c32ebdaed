/* live_children.h - which thread of its parent forked each process. */
#ifndef LWPS_LIVE_CHILDREN_H
#define LWPS_LIVE_CHILDREN_H

#include "model/snapshot.h"
#include "proc/readfile.h"

/* Sets parent_tid of the groups of a finished snapshot (sorted by pid,
 * threads read) from the task/TID/children files under the /proc at
 * `procfd`; `buf` is scratch. */
void live_read_children(struct snapshot *snap, int procfd, struct buf *buf);

#endif
