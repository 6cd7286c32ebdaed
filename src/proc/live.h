/* live.h - fill a snapshot from the running system's /proc. */
#ifndef LWPS_LIVE_H
#define LWPS_LIVE_H

#include <stddef.h>
#include <sys/types.h>

#include "model/snapshot.h"
#include "proc/elf_cache.h"
#include "proc/stack_memory.h"
#include "proc/symbols.h"

struct live_request {
	unsigned needs;          /* NEED_* union of the chosen columns */
	const pid_t *pids;       /* thread group ids to read; NULL = all */
	size_t npids;
	/* Only thread rows are shown (a flat -L): a process's own stat,
	 * whose times and faults the kernel adds up over every thread under
	 * a lock, is not read; the process takes its leader thread's stat,
	 * those sums unknown. */
	bool threads_only;
	/* More whole scans will follow (the browser, --watch): from the
	 * second on, task files stay open between them (proc/fdcache.h).
	 * Two readings alone (-I) would only pay for it. */
	bool refreshing;
};

/* The reader's state, kept across refreshes. */
struct live;

/* Opens the /proc at `root` (NULL: "/proc"); NULL with errno set. */
struct live *live_open(const char *root);
void live_close(struct live *lv);
/* The directory handle every read starts from. */
int live_procfd(const struct live *lv);
/* The thread stacks found at earlier readings of address spaces. */
struct stack_memory *live_stacks(struct live *lv);
/* What mapped ELF files' program headers said at earlier readings. */
struct elf_cache *live_elf_cache(struct live *lv);
/* The symbol tables read so far (made on first use). */
struct symbols *live_symbols(struct live *lv);

/* Returns 0, or -ENOENT when /proc is not mounted, or another -errno.
 * From the second whole-machine read on, task files stay open between
 * reads (see fdcache.h for what that costs and saves). */
int live_read(struct live *lv, struct snapshot *snap, const struct live_request *req);

/* The thread group id of task `tid`: 0 on success, -ESRCH when no such
 * task exists, another -errno when it cannot be read. */
int live_tgid_of(struct live *lv, pid_t tid, pid_t *tgid);

#endif
