/* parse_maps.h - parse /proc/PID/maps lines and /proc/PID/smaps blocks.
 *
 * The parsers work on a byte range already in memory, allocate nothing,
 * and never read outside it: a path is returned as a slice of the input.
 * No line-length limit applies. */
#ifndef LWPS_PARSE_MAPS_H
#define LWPS_PARSE_MAPS_H

#include <stdbool.h>
#include <stddef.h>

#include "model/maps.h"   /* enum smaps_key */

/* One mapping's header line: "start-end perms offset major:minor inode   path". */
struct maps_line {
	unsigned long long start, end, offset, inode;
	unsigned dev_major, dev_minor;
	char perms[5];            /* "rwxp", NUL-terminated */
	const char *path;         /* slice of the input, NOT terminated; NULL if none */
	size_t path_len;          /* without " (deleted)" */
	bool deleted;             /* the path ended in " (deleted)" */
};

struct smaps_entry {
	struct maps_line map;
	unsigned long long value[SM_COUNT];   /* bytes */
	unsigned have;                        /* 1u << SM_* for each key seen */
	const char *vmflags;                  /* slice, NOT terminated; NULL if absent */
	size_t vmflags_len;
	int thp_eligible;                     /* -1 when absent */
	/* Keys lwps does not know, as slices (NOT terminated). */
	struct {
		const char *key, *text;
		size_t key_len, text_len;
	} extra[SMAPS_EXTRA_MAX];
	unsigned nextra;
};

/* Parses one maps header line (without its newline).  Returns 0, or
 * -EINVAL when the line is not a well-formed mapping line. */
int maps_parse_line(const char *line, size_t len, struct maps_line *out);

/* Calls `fn` once per mapping in an smaps (or maps) text, in order.  A
 * key the parser does not know is ignored.  `fn` returns 0 to go on or a
 * non-zero value to stop, which smaps_parse then returns.  Returns 0 at
 * the end, or -EINVAL for a malformed header line or a key line before
 * the first header (a truncated last block is passed to `fn` with the
 * keys it has). */
typedef int (*smaps_fn)(const struct smaps_entry *e, void *ctx);
int smaps_parse(const char *buf, size_t len, smaps_fn fn, void *ctx);

/* Copies a path slice to `dst` (room for len + 1 bytes), decoding the
 * kernel's "\012" escape for a newline; returns the length written. */
size_t maps_unescape_path(char *dst, const char *src, size_t len);

/* The name of an smaps key as the kernel prints it, e.g. "Private_Dirty". */
const char *smaps_key_name(enum smaps_key k);

#endif
