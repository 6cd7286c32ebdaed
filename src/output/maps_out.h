/* maps_out.h - the mappings view (-m) in text, JSON or as a picture. */
#ifndef LWPS_MAPS_OUT_H
#define LWPS_MAPS_OUT_H

#include <stdbool.h>
#include <stdio.h>

#include "output/table.h"
#include "view/view.h"

struct maps_out {
	const struct column *const *cols;
	size_t ncols;
	const struct sort_key *keys;
	size_t nkeys;
	struct table_opts table;
	bool json;
	bool one_line;               /* JSON on one line (--watch) */
	bool layout;                 /* --layout: the picture instead of the table */
	bool unreadable;             /* set: some selected process's maps were not read */
};

/* Prints the mappings of every selected process, in pid order, and tells
 * on stderr why a process has none to show.  Returns 0, or -1 when
 * writing failed. */
int maps_print(FILE *out, const struct snapshot *snap, const struct selection *sel,
	       struct maps_out *mo);

#endif
