/* load_json.h - a snapshot saved with --save, read back into the model. */
#ifndef LWPS_LOAD_JSON_H
#define LWPS_LOAD_JSON_H

#include "model/snapshot.h"
#include "util/sbuf.h"

/* Fills `snap` from the file at `path` ("-" for stdin).  Returns 0, or -1
 * with the reason in `err`; then `snap` must be freed unused. */
int snapshot_load(struct snapshot *snap, const char *path, struct sbuf *err);

/* The same for the `len` bytes at `buf`, which need not end in a NUL;
 * snapshot_load() reads the file and calls this. */
int snapshot_load_buffer(struct snapshot *snap, const char *buf, size_t len, struct sbuf *err);

#endif
