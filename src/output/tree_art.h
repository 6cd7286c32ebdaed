/* tree_art.h - the branches drawn in the command column of a tree. */
#ifndef LWPS_TREE_ART_H
#define LWPS_TREE_ART_H

#include <stdbool.h>

#include "output/table.h"
#include "util/utf8.h"
#include "view/tree.h"

struct tree_art {
	const struct tree *tree;
	bool ascii;                  /* ASCII branches instead of UTF-8 lines */
	bool names_only;             /* the column is TNAME: keep its value */
	enum escape_mode mode;
	bool *more;                  /* more[d]: level d has a later sibling */
	size_t cap;
};

/* The column that carries the art: COMMAND, COMM or TNAME, else the last. */
const struct column *tree_art_column(const struct column *const *cols, size_t ncols);

/* A table_decor prefix callback; `ctx` is a struct tree_art. */
size_t tree_art_prefix(void *ctx, size_t i, struct sbuf *out, bool *replace);
void tree_art_release(struct tree_art *a);

#endif
