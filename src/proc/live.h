/* live.h - fill a snapshot from the running system's /proc. */
#ifndef LWPS_LIVE_H
#define LWPS_LIVE_H

#include <stddef.h>
#include <sys/types.h>

#include "model/snapshot.h"

struct live_request {
	unsigned needs;          /* NEED_* union of the chosen columns */
	const pid_t *pids;       /* thread group ids to read; NULL = all */
	size_t npids;
};

/* Returns 0, or -ENOENT when /proc is not mounted, or another -errno. */
int live_read(struct snapshot *snap, const struct live_request *req);

/* The thread group id of task `tid`: 0 on success, -ESRCH when no such
 * task exists, another -errno when it cannot be read. */
int live_tgid_of(pid_t tid, pid_t *tgid);

#endif
