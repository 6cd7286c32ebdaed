/* json.h - the view as JSON (keys: model/json_keys.h). */
#ifndef LWPS_JSON_H
#define LWPS_JSON_H

#include <stdbool.h>
#include <stdio.h>

#include "columns/columns.h"
#include "model/json_keys.h"
#include "view/tree.h"

struct json_opts {
	bool threads;                   /* -L: a "threads" array per process */
	bool one_line;                  /* the whole document on one line (--watch) */
	const struct column *const *cols;
	size_t ncols;
};

/* Prints the rows grouped by process, in the order processes first
 * appear.  Returns 0, or -1 when writing failed (errno set). */
int json_print(FILE *out, const struct snapshot *snap, const struct row *rows, size_t nrows,
	       const struct json_opts *o);

/* Prints a tree: the roots in "processes", each process's children in
 * its "children" array.  With -L its threads are in "threads", each with
 * a "children" array of the processes that thread forked when it is not
 * the leader (see struct tgroup.parent_tid); those are then left out of
 * the process's own "children". */
int json_print_tree(FILE *out, const struct snapshot *snap, const struct tree *tree,
		    const struct json_opts *o);

/* Prints each group with its mappings (see json_put_maps()), each
 * mapping object written as it is produced. */
int json_print_maps(FILE *out, const struct snapshot *snap, const struct tgroup *const *groups,
		    size_t n, const struct json_opts *o, const struct sort_key *keys, size_t nkeys);

#endif
