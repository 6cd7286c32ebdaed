/* parse_children.h - parse /proc/PID/task/TID/children: the pids of the
 * processes that thread forked, as "12 34 " (a space after each). */
#ifndef LWPS_PARSE_CHILDREN_H
#define LWPS_PARSE_CHILDREN_H

#include <sys/types.h>

#include "proc/scan.h"

/* Reads the next pid from `sc` (set up with scan_init over the file).
 * Returns 1 with *pid set, 0 at the end, or -1 at anything that is not
 * a pid (the rest is then to be ignored). */
int children_next(struct scan *sc, pid_t *pid);

#endif
