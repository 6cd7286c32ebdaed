/* snapshot_copy.h - a process copied from one snapshot into another. */
#ifndef LWPS_SNAPSHOT_COPY_H
#define LWPS_SNAPSHOT_COPY_H

#include "model/snapshot.h"

/* Appends to `dst` a deep copy of what the process list shows of `g` (a
 * group of another snapshot): its own task, user, command line and
 * threads; not its mappings or limits.  The result is valid until the
 * next group is added; call snapshot_finish() when done. */
struct tgroup *snapshot_copy_group(struct snapshot *dst, const struct tgroup *g);

#endif
