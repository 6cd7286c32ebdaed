/* tree_art.c - the branches drawn in the command column of a tree.
 *
 * Rows arrive depth-first, so whether an ancestor's line continues is
 * known from the rows already drawn: more[d] is set when the row drawn at
 * depth d has a later sibling. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "output/tree_art.h"
#include "util/xalloc.h"

const struct column *tree_art_column(const struct column *const *cols, size_t ncols)
{
	static const char *const prefer[] = { "COMMAND", "COMM", "TNAME" };

	for (size_t p = 0; p < sizeof(prefer) / sizeof(prefer[0]); p++)
		for (size_t c = 0; c < ncols; c++)
			if (strcmp(cols[c]->name, prefer[p]) == 0)
				return cols[c];
	return ncols ? cols[ncols - 1] : NULL;
}

/* The art goes through the escaper too, so it is shown as it is counted. */
static size_t put_art(const struct tree_art *a, struct sbuf *out, const char *s)
{
	return utf8_escape(out, s, strlen(s), a->mode);
}

size_t tree_art_prefix(void *ctx, size_t i, struct sbuf *out, bool *replace)
{
	struct tree_art *a = ctx;
	const struct tree_row *r = &a->tree->rows[i];
	const char *pipe = a->ascii ? "|  " : "\u2502  ";
	const char *tee = a->ascii ? "|- " : "\u251c\u2500 ";
	const char *elbow = a->ascii ? "`- " : "\u2514\u2500 ";
	bool raw = a->mode == ESCAPE_RAW;
	size_t width = 0;

	xgrow(&a->more, &a->cap, r->depth + 1, sizeof(bool));
	/* -r is for programs: no drawing in the data (PPID gives the shape). */
	for (unsigned d = 1; d < r->depth && !raw; d++)
		width += put_art(a, out, a->more[d] ? pipe : "   ");
	if (r->depth > 0 && !raw)
		width += put_art(a, out, r->last ? elbow : tee);
	a->more[r->depth] = !r->last;

	if (r->new_pidns && !raw)
		width += put_art(a, out, "[pidns] ");
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
