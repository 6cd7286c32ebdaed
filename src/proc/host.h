/* host.h - facts about the machine a live snapshot is taken on. */
#ifndef LWPS_HOST_H
#define LWPS_HOST_H

#include "model/snapshot.h"
#include "proc/readfile.h"

/* Fills snap->host from the system and the /proc at `procfd`; `b` is
 * scratch.  What cannot be read stays unknown (0 or NULL). */
void host_read(struct snapshot *snap, int procfd, struct buf *b);

#endif
