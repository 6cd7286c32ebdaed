/* host.h - facts about the machine a live snapshot is taken on: load,
 * memory, swap, uptime, boot time and CPU time counters (from libproc2),
 * and the names, boot id and limits the kernel gives. */
#ifndef LWPS_HOST_H
#define LWPS_HOST_H

#include "model/snapshot.h"
#include "proc/readfile.h"

/* The library contexts, kept across refreshes. */
struct host_reader;

struct host_reader *host_reader_new(void);
void host_reader_free(struct host_reader *hr);

/* Fills snap->host from the system and the /proc at `procfd`; `b` is
 * scratch.  Memory, swap, the CPU counters and the boot time only with
 * `counters` (NEED_HOST).  What cannot be read stays unknown. */
void host_read(struct host_reader *hr, struct snapshot *snap, int procfd, struct buf *b,
	       bool counters);

#endif
