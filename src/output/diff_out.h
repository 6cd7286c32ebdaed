/* diff_out.h - --diff OLD NEW as text (one table per kind of change) or
 * as one JSON document (the "diff" object of the schema). */
#ifndef LWPS_DIFF_OUT_H
#define LWPS_DIFF_OUT_H

#include <stdio.h>

#include "output/table.h"
#include "view/diff.h"

/* The two files as the command line named them. */
struct diff_files {
	const char *old_file, *new_file;
};

/* One kind of change, laid out as a table: its rows' columns read the
 * diff (what it was before, the CPU used) only while fn runs. */
struct diff_section {
	const char *title;           /* translated */
	const struct snapshot *snap;
	const struct row *rows;
	size_t n;
	const struct column *const *cols;
	size_t ncols;
};

/* Calls fn for each kind that has changes, in order, until it returns
 * non-zero: the text view prints each, the browser lays each out. */
typedef int (*diff_section_fn)(void *ctx, const struct diff_section *sec);
void diff_each_section(const struct diff *d, diff_section_fn fn, void *ctx);

/* Each returns 0, or -1 when writing failed (errno set). */
int diff_print_text(FILE *out, const struct diff *d, const struct diff_files *f,
		    const struct table_opts *to);
int diff_print_json(FILE *out, const struct diff *d, const struct diff_files *f);

#endif
