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

/* Each returns 0, or -1 when writing failed (errno set). */
int diff_print_text(FILE *out, const struct diff *d, const struct diff_files *f,
		    const struct table_opts *to);
int diff_print_json(FILE *out, const struct diff *d, const struct diff_files *f);

#endif
