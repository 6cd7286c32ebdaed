/* source.h - where a snapshot comes from: the live /proc, or (later) a
 * saved file.  Frontends that refresh (the browser, --watch) ask the
 * source again instead of knowing which one it is. */
#ifndef LWPS_SOURCE_H
#define LWPS_SOURCE_H

#include <stdbool.h>

#include "model/snapshot.h"
#include "proc/live.h"

struct source {
	bool live;               /* false: the data is fixed (a saved snapshot) */
	/* Fills `snap` with what req asks for; 0 or -errno, as live_read(). */
	int (*read)(struct source *src, struct snapshot *snap, const struct live_request *req);
	/* Fills g's mappings (live: reads smaps); 0 or -errno. */
	int (*read_maps)(struct source *src, struct snapshot *snap, struct tgroup *g);
	void *ctx;
};

/* The running system. */
void source_live(struct source *src);

#endif
