/* source.h - where a snapshot comes from: the live /proc, or a saved
 * file.  Frontends never ask which one it is: they ask the source for a
 * snapshot, for the process of a thread id, for the words of an error,
 * and whether reading again can show anything new. */
#ifndef LWPS_SOURCE_H
#define LWPS_SOURCE_H

#include <stdbool.h>
#include <sys/types.h>

#include "model/snapshot.h"
#include "proc/live.h"
#include "util/sbuf.h"

struct source {
	/* A new snapshot with what req asks for, or NULL with *err set. */
	struct snapshot *(*read)(struct source *src, const struct live_request *req, int *err);
	/* Fills g's mappings (live: reads smaps) and, when `executing`,
	 * where each thread executes in them (the layout's marks: the
	 * mapped files' symbol tables); 0 or -errno. */
	int (*read_maps)(struct source *src, struct snapshot *snap, struct tgroup *g, bool executing);
	int (*check)(struct source *src);
	int (*tgid_of)(struct source *src, pid_t tid, pid_t *tgid);
	/* Words for an error of this source; returns the exit status. */
	int (*explain)(struct source *src, int err, struct sbuf *msg);
	void (*release)(struct source *src);
	bool can_refresh;        /* false: the data is fixed (a saved snapshot) */
	void *ctx;               /* live: struct live; file: the snapshot read ahead */
	const char *path;        /* the file, for a saved snapshot */
	struct sbuf why;         /* why the file could not be loaded */
};

/* The running system. */
void source_live(struct source *src);
/* A snapshot saved with --save ("-": standard input). */
void source_file(struct source *src, const char *path);
/* Frees what the source keeps across reads. */
void source_release(struct source *src);

/* Reads what `req` asks for from `src` into a new snapshot, or NULL with
 * *err set to -errno (see source_explain()). */
struct snapshot *source_snapshot(struct source *src, const struct live_request *req, int *err);
/* Whether the source can be read at all (live: /proc is mounted; a file:
 * it loads), so that an error is told before any id is called missing.
 * 0, or -errno for source_explain(). */
int source_check(struct source *src);
/* The process that holds thread `tid`: 0, or -ESRCH when there is no such
 * task, another -errno when it cannot be read. */
int source_tgid_of(struct source *src, pid_t tid, pid_t *tgid);
/* Puts into `msg` (reset first) what went wrong, without the program's
 * name; returns the exit status it calls for. */
int source_explain(struct source *src, int err, struct sbuf *msg);
/* Whether reading again can show something the last read did not: the
 * live system changes; a saved snapshot held everything at once. */
bool source_can_refresh(const struct source *src);

#endif
