/* choose.h - the columns and sort keys a command line asks for. */
#ifndef LWPS_CHOOSE_H
#define LWPS_CHOOSE_H

#include "columns/columns.h"
#include "options.h"
#include "view/view.h"

struct column_list {
	const struct column **cols;
	size_t n;
};

/* The columns to show: -o (a leading '+' adds to the defaults), or
 * --output-all, or every column for JSON, or the view's defaults.  An
 * unknown name is a usage error. */
struct column_list choose_columns(const struct options *o, enum col_scope scope);
/* The -s keys; an unknown name is a usage error. */
struct sort_key *choose_sort_keys(const struct options *o, enum col_scope scope, size_t *n);
/* The kind of columns the view shows: mappings (-m), limits (--limits)
 * or processes and threads. */
enum col_scope choose_scope(const struct options *o);
/* What reading the chosen columns and keys needs. */
/* Whether only thread rows are shown (a flat -L table): then no process
 * row needs its threads' summed times (live_request.threads_only). */
bool choose_threads_only(const struct options *o);
unsigned choose_needs(const struct options *o, const struct column_list *l,
		      const struct sort_key *keys, size_t nkeys);

#endif
