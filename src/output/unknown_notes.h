/* unknown_notes.h - under a table, why a chosen column is unknown ("-")
 * where it can say why (EXEC: a thread on a CPU has no saved PC). */
#ifndef LWPS_UNKNOWN_NOTES_H
#define LWPS_UNKNOWN_NOTES_H

#include <stdio.h>

#include "columns/columns.h"

/* One line per column and reason, naming the tasks of `rows` it holds
 * for; 0, or -1 when writing failed. */
int unknown_notes_print(FILE *out, const struct snapshot *snap, const struct row *rows, size_t n,
			const struct column *const *cols, size_t ncols);

#endif
