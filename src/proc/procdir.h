/* procdir.h - walk the numeric entries of a /proc directory (pids in
 * /proc, tids in /proc/PID/task) with getdents64 on an open handle. */
#ifndef LWPS_PROCDIR_H
#define LWPS_PROCDIR_H

#include <stddef.h>
#include <sys/types.h>

/* Called with each entry's id and its name (the decimal digits). */
typedef void procdir_fn(void *ctx, pid_t id, const char *name);

/* Calls fn for each entry of the directory `fd` whose name is a positive
 * decimal id, from the directory's start.  Returns 0 or -errno. */
int procdir_each(int fd, procdir_fn *fn, void *ctx);

/* The id a directory entry's name spells, or 0 when it is not one. */
pid_t procdir_id(const char *name);

#endif
