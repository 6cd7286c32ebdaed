/* limits_out.h - the resource limits view (--limits) in text or JSON. */
#ifndef LWPS_LIMITS_OUT_H
#define LWPS_LIMITS_OUT_H

#include <stdbool.h>
#include <stdio.h>

#include "output/table.h"
#include "view/view.h"

struct limits_out {
	const struct column *const *cols;
	size_t ncols;
	const struct sort_key *keys;
	size_t nkeys;
	struct table_opts table;
	bool json;
	bool unreadable;             /* set: some selected process's limits were not read */
};

/* Prints the limits of every selected process, in pid order, and tells
 * on stderr why a process has none to show.  Returns 0, or -1 when
 * writing failed. */
int limits_print(FILE *out, const struct snapshot *snap, const struct selection *sel,
		 struct limits_out *lo);

#endif
