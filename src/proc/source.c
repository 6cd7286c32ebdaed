/* source.c - the sources: the running system's /proc, or a saved file. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "proc/live_maps.h"
#include "proc/load_json.h"
#include "proc/source.h"

/* A test-only setting: read a recorded /proc tree instead of /proc. */
static const char *proc_root(void)
{
	const char *root = getenv("LWPS_PROC_ROOT");

	return root && *root ? root : NULL;
}

static int live_source_read(struct source *src, struct snapshot *snap, const struct live_request *req)
{
	return src->ctx ? live_read(src->ctx, snap, req) : -ENOENT;
}

static int live_source_read_maps(struct source *src, struct snapshot *snap, struct tgroup *g)
{
	return src->ctx ? live_read_maps(snap, live_procfd(src->ctx), live_stacks(src->ctx), g) : -ENOENT;
}

void source_live(struct source *src)
{
	*src = (struct source){
		.live = true,
		.read = live_source_read,
		.read_maps = live_source_read_maps,
		/* NULL when there is no /proc: every read then says so. */
		.ctx = live_open(proc_root()),
	};
}

int source_tgid_of(struct source *src, pid_t tid, pid_t *tgid)
{
	if (!src->live || !src->ctx)
		return -ENOENT;
	return live_tgid_of(src->ctx, tid, tgid);
}

static int file_source_read(struct source *src, struct snapshot *snap, const struct live_request *req UNUSED)
{
	return snapshot_load(snap, src->path, src->err) == 0 ? 0 : -EINVAL;
}

/* A saved snapshot already holds every mapping that could be read. */
static int file_source_read_maps(struct source *src UNUSED, struct snapshot *snap UNUSED, struct tgroup *g)
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

void source_release(struct source *src)
{
	if (src->live)
		live_close(src->ctx);
	src->ctx = NULL;
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
