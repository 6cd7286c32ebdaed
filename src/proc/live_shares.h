/* live_shares.h - which processes share their address space, file table,
 * filesystem information, signal handlers or SysV semaphore undo list
 * (SHARES), as kcmp(2) tells. */
#ifndef LWPS_LIVE_SHARES_H
#define LWPS_LIVE_SHARES_H

#include <stdbool.h>

#include "model/snapshot.h"
#include "proc/readfile.h"

/* Fills each process's shares_* in snap.  With `partial` (snap holds only
 * some processes), the others of the /proc at `procfd` are compared too,
 * since what a process shares it may share with any. */
void live_read_shares(struct snapshot *snap, int procfd, bool partial, struct buf *b);

#endif
