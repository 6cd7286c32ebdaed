/* tree_art.c - the branches drawn in the command column of a tree.
 *
 * Rows arrive depth-first, so whether an ancestor's line continues is
 * known from the rows already drawn: more[d] is set when the row drawn at
 * depth d has a later sibling. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/tree_art.h"
#include "util/xalloc.h"

const struct column *tree_art_column(const struct column *const *cols, size_t ncols)
{
	static const enum column_id prefer[] = { COL_COMMAND, COL_COMM, COL_TNAME };

	for (size_t p = 0; p < sizeof(prefer) / sizeof(prefer[0]); p++)
		for (size_t c = 0; c < ncols; c++)
			if (column_is(cols[c], prefer[p]))
				return cols[c];
	return ncols ? cols[ncols - 1] : NULL;
}

/* The art goes through the escaper too, so it is shown as it is counted. */
static size_t put_art(const struct tree_art *a, struct sbuf *out, const char *s)
{
	return utf8_escape(out, s, strlen(s), a->mode);
}

/* Levels drawn as branches; a deeper row draws as many and then says its
 * depth in digits, so a line's width stops growing with the depth. */
enum { ART_LEVELS = 16 };

/* The branches before row `r`'s text, and its markers; none with -r,
 * which is for programs (PPID gives the shape). */
static size_t put_branches(struct tree_art *a, const struct tree_row *r, struct sbuf *out)
{
	const char *pipe = a->ascii ? "|  " : "\u2502  ";
	const char *tee = a->ascii ? "|- " : "\u251c\u2500 ";
	const char *elbow = a->ascii ? "`- " : "\u2514\u2500 ";
	unsigned drawn = r->depth < ART_LEVELS ? r->depth : ART_LEVELS;
	size_t width = 0;

	if (a->mode == ESCAPE_RAW)
		return 0;
	for (unsigned d = 1; d < drawn; d++)
		width += put_art(a, out, a->more[d] ? pipe : "   ");
	if (r->depth > 0)
		width += put_art(a, out, r->last ? elbow : tee);
	if (r->depth > ART_LEVELS) {
		char level[32];

		snprintf(level, sizeof(level), "[depth %u] ", r->depth);
		width += put_art(a, out, level);
	}
	if (r->cycle)
		width += put_art(a, out, "[ppid cycle] ");
	if (r->new_pidns)
		width += put_art(a, out, "[pidns] ");
	return width;
}

size_t tree_art_prefix(void *ctx, size_t i, struct sbuf *out, bool *replace)
{
	struct tree_art *a = ctx;
	const struct tree_row *r = &a->tree->rows[i];
	size_t width;

	xgrow(&a->more, &a->cap, r->depth + 1, sizeof(bool));
	width = put_branches(a, r, out);
	a->more[r->depth] = !r->last;

	if (tree_is_idle(a->tree, r->row.g)) {
		static const char idle[] = "[idle] (pid 0, not a /proc entry)";

		*replace = true;
		return width + put_art(a, out, idle);
	}
	if (r->row.t && !a->names_only) {
		/* A thread shows its own name in braces, as pstree does. */
		const char *name = r->row.t->comm ? r->row.t->comm : "";

		width += utf8_escape(out, "{", 1, a->mode);
		width += utf8_escape(out, name, strlen(name), a->mode);
		width += utf8_escape(out, "}", 1, a->mode);
		*replace = true;
	}
	return width;
}

void tree_art_release(struct tree_art *a)
{
	free(a->more);
	a->more = NULL;
	a->cap = 0;
}
