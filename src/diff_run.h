/* diff_run.h - --diff OLD NEW: two saved snapshots compared. */
#ifndef LWPS_DIFF_RUN_H
#define LWPS_DIFF_RUN_H

#include "options.h"

/* Loads both snapshots, refuses two of different boots or machines (exit
 * status 2), and shows what changed among the selected processes as text
 * or JSON.  Returns the exit status. */
int diff_run(const struct options *o);

#endif
