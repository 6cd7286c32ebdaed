/* layout.h - a process's address space drawn top-down (--layout). */
#ifndef LWPS_LAYOUT_H
#define LWPS_LAYOUT_H

#include <stdbool.h>
#include <stdio.h>

#include "model/snapshot.h"

/* Returns 0, or -1 when writing failed. */
int layout_print(FILE *out, const struct tgroup *g, bool color);

#endif
