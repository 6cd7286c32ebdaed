/* source.c - the live source: the running system's /proc. */
#include "config.h"

#include "proc/live_maps.h"
#include "proc/source.h"

static int live_source_read(struct source *src, struct snapshot *snap, const struct live_request *req)
{
	return live_read(snap, req);
}

static int live_source_read_maps(struct source *src, struct snapshot *snap, struct tgroup *g)
{
	return live_read_maps(snap, g);
}

void source_live(struct source *src)
{
	*src = (struct source){
		.live = true,
		.read = live_source_read,
		.read_maps = live_source_read_maps,
	};
}
