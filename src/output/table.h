/* table.h - rows as an aligned text table (or raw words with -r). */
#ifndef LWPS_TABLE_H
#define LWPS_TABLE_H

#include <stdbool.h>
#include <stdio.h>

#include "columns/columns.h"
#include "util/sbuf.h"

struct table_opts {
	bool headings;
	bool raw;          /* one space between fields, no padding, RAW escaping */
	size_t max_width;  /* cut lines to this many columns; 0 = never */
	bool color;
};

/* A hook that may prefix a cell's text (tree art in the command column). */
struct table_decor {
	const struct column *col;   /* the column that carries the prefix */
	/* Appends the prefix for row `i` and returns its display width; sets
	 * *replace when what it wrote stands for the whole cell.  Called for
	 * every row in order in each pass that formats its column: twice, or
	 * once with -r or when it is the unpadded last column. */
	size_t (*prefix)(void *ctx, size_t i, struct sbuf *out, bool *replace);
	void *ctx;
};

/* Prints the rows; returns 0, or -1 when writing failed (errno set). */
int table_print(FILE *out, const struct snapshot *snap, const struct row *rows, size_t nrows,
		const struct column *const *cols, size_t ncols, const struct table_opts *o,
		const struct table_decor *decor);

#endif
