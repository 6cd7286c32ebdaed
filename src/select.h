/* select.h - the processes a command line asks for, and one read of
 * them from the source. */
#ifndef LWPS_SELECT_H
#define LWPS_SELECT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "options.h"
#include "proc/source.h"
#include "view/view.h"

/* Tells (on stderr) what the source says about err; returns the exit
 * status it calls for. */
int select_source_error(struct source *src, int err);

/* Maps each -p id to its process (a thread id selects its process) into
 * tgids[o->npids] and tells (when `tell`) the ids that name no task.  Returns
 * EXIT_PARTIAL when one does not, or the source's error (told) when it
 * cannot be read at all. */
int select_resolve_pids(const struct options *o, struct source *src, pid_t *tgids,
			size_t *ntgids, bool tell);

/* Resolves the -p ids as select_resolve_pids() does and reads a snapshot
 * as `want` asks: only the requested processes when the request names
 * nothing but pids, else everything.  NULL on a fatal error (told, and
 * *status set); *status is EXIT_PARTIAL when an id is missing. */
struct snapshot *select_read(const struct options *o, struct source *src,
			     const struct live_request *want,
			     pid_t *tgids, size_t *ntgids, int *status, bool tell);

/* The selection of -p (as the processes in tgids), -u and -C. */
struct selection select_selection(const struct options *o, const pid_t *tgids, size_t ntgids);

#endif
