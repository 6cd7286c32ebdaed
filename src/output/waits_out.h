/* waits_out.h - the waits view (-W) as text or JSON. */
#ifndef LWPS_WAITS_OUT_H
#define LWPS_WAITS_OUT_H

#include <stdbool.h>
#include <stdio.h>

#include "output/table.h"
#include "view/waits.h"

struct waits_out {
	struct table_opts table;
	bool json;
	bool one_line;           /* JSON on one line (--watch) */
};

/* Prints the groups, then the running and runnable threads.  Returns 0,
 * or -1 when writing failed (errno set). */
int waits_print(FILE *out, const struct snapshot *snap, const struct waits *w,
		const struct waits_out *o);

#endif
