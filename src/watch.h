/* watch.h - the view once, or again every --watch seconds. */
#ifndef LWPS_WATCH_H
#define LWPS_WATCH_H

#include "options.h"
#include "proc/source.h"

/* Shows the chosen view once, or with --watch every o->watch seconds
 * until --count rounds or a fatal error.  Returns the worst exit status. */
int watch_run(const struct options *o, struct source *src);

#endif
