/* format.h - a column value as text, shared by every text frontend. */
#ifndef LWPS_FORMAT_H
#define LWPS_FORMAT_H

#include <stdbool.h>

#include "columns/columns.h"
#include "util/sbuf.h"
#include "util/utf8.h"

/* Appends the text of `v` (escaped by `mode`); returns its display width. */
size_t format_text(struct sbuf *out, const struct column *c, const struct value *v,
		   const struct snapshot *snap, const struct row *r, enum escape_mode mode);
/* The width format_text would give; integers are measured without being
 * written, other values are written into `scratch`. */
size_t format_width(struct sbuf *scratch, const struct column *c, const struct value *v,
		    const struct snapshot *snap, const struct row *r, enum escape_mode mode);

/* "PID:   command line" and a newline, as pmap titles each process (the
 * -m and --limits tables); cut to `max` columns (0: never). */
void format_title(struct sbuf *b, const struct snapshot *snap, const struct tgroup *g, size_t max);

/* The order in which state letters are listed (TSTATES, counts). */

/* A size for people: "512B", "4K", "1.5M", "12G".  Below 10 units one
 * decimal is shown when it is not zero, or always with keep_tenth (a
 * figure that changes, like free memory, then keeps its width). */
void format_size(struct sbuf *out, unsigned long long bytes, bool keep_tenth);

/* Seconds of CPU/elapsed time as ps prints TIME: [DD-]HH:MM:SS. */
void format_duration(struct sbuf *out, long long secs);

/* A moment (epoch seconds) in local time, "2024-05-01 12:00:00 UTC";
 * "?" when it cannot be converted. */
void format_when(struct sbuf *out, double epoch);

/* A start time in clock ticks since boot, as seconds since the epoch. */
double format_start_epoch(const struct snapshot *snap, long long ticks);

#endif
