/* show.h - one round of a view: read, then print. */
#ifndef LWPS_SHOW_H
#define LWPS_SHOW_H

#include <stdbool.h>

#include "columns/choose.h"
#include "options.h"
#include "proc/source.h"
#include "view/view.h"

/* What every view needs besides the snapshot. */
struct run {
	const struct options *o;
	struct column_list cols;
	struct sort_key *keys;
	size_t nkeys;
	struct view_opts vo;
	bool one_line;           /* JSON Lines for --watch */
};

/* Reads the snapshot and shows the chosen view.  Returns the exit status. */
int show_round(struct run *run, struct source *src);

#endif
