/* source.c - the sources: the running system's /proc, or a saved file. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "proc/live_maps.h"
#include "proc/load_json.h"
#include "proc/source.h"
#include "util/exitcodes.h"
#include "util/i18n.h"

/* ---- the live system ---- */

/* A test-only setting: read a recorded /proc tree instead of /proc. */
static const char *proc_root(void)
{
	const char *root = getenv("LWPS_PROC_ROOT");

	return root && *root ? root : NULL;
}

static struct snapshot *live_source_read(struct source *src, const struct live_request *req,
					 int *err)
{
	struct snapshot *snap = snapshot_new();

	*err = src->ctx ? live_read(src->ctx, snap, req) : -ENOENT;
	if (*err < 0) {
		snapshot_free(snap);
		return NULL;
	}
	return snap;
}

static int live_source_read_maps(struct source *src, struct snapshot *snap, struct tgroup *g,
				 bool executing)
{
	struct live *lv = src->ctx;

	return lv ? live_read_maps(snap, live_procfd(lv), live_stacks(lv), live_elf_cache(lv),
				   executing ? live_symbols(lv) : NULL, g)
		  : -ENOENT;
}

/* An empty /proc directory (not mounted) opens fine: look inside. */
static int live_source_check(struct source *src)
{
	struct stat st;

	if (!src->ctx || fstatat(live_procfd(src->ctx), "self/stat", &st, 0) < 0)
		return -ENOENT;
	return 0;
}

static int live_source_tgid_of(struct source *src, pid_t tid, pid_t *tgid)
{
	return src->ctx ? live_tgid_of(src->ctx, tid, tgid) : -ENOENT;
}

static int live_source_explain(struct source *src UNUSED, int err, struct sbuf *msg)
{
	sbuf_reset(msg);
	if (err == -ENOENT)
		sbuf_puts(msg, _("/proc is not mounted or not readable"));
	else
		sbuf_printf(msg, _("cannot read /proc: %s"), strerror(-err));
	return EXIT_FATAL;
}

static void live_source_release(struct source *src)
{
	live_close(src->ctx);
}

void source_live(struct source *src)
{
	*src = (struct source){
		.read = live_source_read,
		.read_maps = live_source_read_maps,
		.check = live_source_check,
		.tgid_of = live_source_tgid_of,
		.explain = live_source_explain,
		.release = live_source_release,
		.can_refresh = true,
		/* NULL when there is no /proc: every read then says so. */
		.ctx = live_open(proc_root()),
	};
}

/* ---- a saved snapshot ---- */

/* Loads the file once: ids are looked up in it, and the next read hands
 * that very snapshot out (a file can be a pipe, read only once). */
static int file_source_check(struct source *src)
{
	struct snapshot *snap;

	if (src->ctx)
		return 0;
	snap = snapshot_new();
	sbuf_reset(&src->why);
	if (snapshot_load(snap, src->path, &src->why) < 0) {
		snapshot_free(snap);
		return -EINVAL;
	}
	src->ctx = snap;
	return 0;
}

static struct snapshot *file_source_read(struct source *src, const struct live_request *req UNUSED,
					 int *err)
{
	struct snapshot *snap;

	*err = file_source_check(src);
	if (*err < 0)
		return NULL;
	snap = src->ctx;
	src->ctx = NULL;
	return snap;
}

/* A saved snapshot already holds every mapping that could be read. */
static int file_source_read_maps(struct source *src UNUSED, struct snapshot *snap UNUSED,
				 struct tgroup *g, bool executing UNUSED)
{
	return g->maps_err;
}

static int file_source_tgid_of(struct source *src, pid_t tid, pid_t *tgid)
{
	const struct tgroup *g;
	int err = file_source_check(src);

	if (err < 0)
		return err;
	g = snapshot_find_task_group(src->ctx, tid);
	if (!g)
		return -ESRCH;
	*tgid = g->pid;
	return 0;
}

static int file_source_explain(struct source *src, int err UNUSED, struct sbuf *msg)
{
	sbuf_reset(msg);
	sbuf_printf(msg, _("cannot load '%s': %s"), src->path, sbuf_cstr(&src->why));
	return EXIT_USAGE;
}

static void file_source_release(struct source *src)
{
	snapshot_free(src->ctx);
}

void source_file(struct source *src, const char *path)
{
	*src = (struct source){
		.read = file_source_read,
		.read_maps = file_source_read_maps,
		.check = file_source_check,
		.tgid_of = file_source_tgid_of,
		.explain = file_source_explain,
		.release = file_source_release,
		.can_refresh = false,
		.path = path,
	};
}

/* ---- either ---- */

void source_release(struct source *src)
{
	src->release(src);
	src->ctx = NULL;
	sbuf_release(&src->why);
}

struct snapshot *source_snapshot(struct source *src, const struct live_request *req, int *err)
{
	return src->read(src, req, err);
}

int source_check(struct source *src)
{
	return src->check(src);
}

int source_tgid_of(struct source *src, pid_t tid, pid_t *tgid)
{
	return src->tgid_of(src, tid, tgid);
}

int source_explain(struct source *src, int err, struct sbuf *msg)
{
	return src->explain(src, err, msg);
}

bool source_can_refresh(const struct source *src)
{
	return src->can_refresh;
}
