/* segments.h - what each mapping of an address space is for. */
#ifndef LWPS_SEGMENTS_H
#define LWPS_SEGMENTS_H

#include "model/snapshot.h"

/* Sets segment, tid and lib of every mapping of `g` (maps sorted by
 * address), from names, the layout, the tasks' stack pointers and shape. */
void maps_classify(struct tgroup *g);


#endif
