/* thread_notes.h - under a table of processes or threads, why a count of
 * threads is marked: the threads listed differ from NLWP. */
#ifndef LWPS_THREAD_NOTES_H
#define LWPS_THREAD_NOTES_H

#include <stdio.h>

#include "columns/columns.h"

/* One line for each process of `rows` whose threads listed are not as
 * many as its NLWP; 0, or -1 when writing failed. */
int thread_notes_print(FILE *out, const struct snapshot *snap, const struct row *rows, size_t n);

#endif
