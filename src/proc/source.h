/* source.h - where a snapshot comes from: the live /proc, or (later) a
 * saved file.  Frontends that refresh (the browser, --watch) ask the
 * source again instead of knowing which one it is. */
#ifndef LWPS_SOURCE_H
#define LWPS_SOURCE_H

#include <stdbool.h>
#include <sys/types.h>

#include "model/snapshot.h"
#include "proc/live.h"
#include "util/sbuf.h"

struct source {
	bool live;               /* false: the data is fixed (a saved snapshot) */
	/* Fills `snap` with what req asks for; 0 or -errno, as live_read(). */
	int (*read)(struct source *src, struct snapshot *snap, const struct live_request *req);
	/* Fills g's mappings (live: reads smaps); 0 or -errno. */
	int (*read_maps)(struct source *src, struct snapshot *snap, struct tgroup *g);
	void *ctx;               /* live: the reader's state (struct live) */
	const char *path;        /* the file, for a saved snapshot */
	struct sbuf *err;
};

/* The running system. */
void source_live(struct source *src);
/* The process that holds thread `tid`, live: 0, or -ESRCH when there is
 * no such task, another -errno when it cannot be read. */
int source_tgid_of(struct source *src, pid_t tid, pid_t *tgid);
/* Frees what the source keeps across reads. */
void source_release(struct source *src);
/* A snapshot saved with --save; `err` receives the reason a read fails. */
void source_file(struct source *src, const char *path, struct sbuf *err);

/* Reads what `req` asks for from `src` into a new snapshot, or NULL with
 * *err set to -errno (live) or -EINVAL (a bad file; the reason is in the
 * source's sbuf). */
struct snapshot *source_snapshot(struct source *src, const struct live_request *req, int *err);

#endif
