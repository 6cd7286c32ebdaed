/* host.h - facts about the machine a live snapshot is taken on: load,
 * memory, swap, uptime and CPU time counters (from libproc2, which reads
 * the system-wide files at no more cost than a reader of our own), and
 * the names, boot id and limits the kernel gives. */
#ifndef LWPS_HOST_H
#define LWPS_HOST_H

#include "model/snapshot.h"
#include "proc/readfile.h"

/* The library contexts, kept across refreshes. */
struct host_reader;

struct host_reader *host_reader_new(void);
void host_reader_free(struct host_reader *hr);

/* Fills snap->host from the system and the /proc at `procfd`; `b` is
 * scratch.  What cannot be read stays unknown. */
void host_read(struct host_reader *hr, struct snapshot *snap, int procfd, struct buf *b);

#endif
