/* source.c - the sources: the running system's /proc, or a saved file. */
#include "config.h"

#include <errno.h>

#include "proc/live_maps.h"
#include "proc/load_json.h"
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

static int file_source_read(struct source *src, struct snapshot *snap, const struct live_request *req)
{
	return snapshot_load(snap, src->path, src->err) == 0 ? 0 : -EINVAL;
}

/* A saved snapshot already holds every mapping that could be read. */
static int file_source_read_maps(struct source *src, struct snapshot *snap, struct tgroup *g)
{
	return g->maps_err;
}

void source_file(struct source *src, const char *path, struct sbuf *err)
{
	*src = (struct source){
		.live = false,
		.read = file_source_read,
		.read_maps = file_source_read_maps,
		.path = path,
		.err = err,
	};
}

struct snapshot *source_snapshot(struct source *src, const struct live_request *req, int *err)
{
	struct snapshot *snap = snapshot_new();

	*err = src->read(src, snap, req);
	if (*err < 0) {
		snapshot_free(snap);
		return NULL;
	}
	return snap;
}
