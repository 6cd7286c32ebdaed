/* json_save.h - a whole snapshot as JSON (--save), for --load to read. */
#ifndef LWPS_JSON_SAVE_H
#define LWPS_JSON_SAVE_H

#include <stdio.h>

#include "model/snapshot.h"
#include "view/view.h"

/* Writes the selected processes with their threads and, where read, their
 * mappings.  Returns 0, or -1 when writing failed. */
int json_save(FILE *out, const struct snapshot *snap, const struct selection *sel);

#endif
