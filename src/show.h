/* show.h - one round of a view: read, then print. */
#ifndef LWPS_SHOW_H
#define LWPS_SHOW_H

#include <stdbool.h>

#include "columns/choose.h"
#include "model/delta.h"
#include "options.h"
#include "output/table.h"
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
	/* The counters of the earlier reading the rates count from (-I,
	 * --watch), kept only when a chosen column or sort key is about time. */
	struct reading *before;
	bool keep_readings;
};

/* How text tables are drawn for these options: headings, -r, the
 * terminal's width unless -w, color. */
struct table_opts show_table_options(const struct options *o);

/* Whether the columns and sort keys of `run` show rates or changes. */
bool show_wants_rates(const struct run *run);

/* Takes the reading an interval starts from, into run->before; nothing
 * is shown or told.  Returns the exit status (not 0: fatal, told). */
int show_first_reading(struct run *run, struct source *src);

/* Reads the snapshot and shows the chosen view (with rates since
 * run->before when there is one).  Returns the exit status. */
int show_round(struct run *run, struct source *src);

/* Frees what a run keeps between rounds. */
void show_release(struct run *run);

#endif
