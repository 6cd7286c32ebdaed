/* save.h - --save. */
#ifndef LWPS_SAVE_H
#define LWPS_SAVE_H

#include "options.h"
#include "proc/source.h"

/* Writes everything about the selected processes, mappings included, to
 * o->save.  The file is checked and created before the source is read.
 * Returns the exit status. */
int save_run(const struct options *o, struct source *src);

#endif
