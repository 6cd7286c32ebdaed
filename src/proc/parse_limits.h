/* parse_limits.h - parse /proc/PID/limits into rows: name, soft, hard,
 * units, with "unlimited" kept as such. */
#ifndef LWPS_PARSE_LIMITS_H
#define LWPS_PARSE_LIMITS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "proc/readfile.h"

struct limit {
	const char *name;            /* points into the parsed buffer, not terminated */
	size_t name_len;
	unsigned long long soft, hard;
	bool soft_unlimited, hard_unlimited;
	const char *units;           /* into the buffer; units_len 0 when none */
	size_t units_len;
};

struct limits {
	struct limit *rows;
	size_t n, cap;
};

/* Parses `len` bytes at `buf` into `out` (emptied first).  A line is a
 * name of words, the soft and the hard value (a number or "unlimited"),
 * then optional units; the header and malformed lines are left out.
 * Never reads past len.  Returns the number of rows. */
size_t limits_parse(const char *buf, size_t len, struct limits *out);

void limits_release(struct limits *l);

#endif
