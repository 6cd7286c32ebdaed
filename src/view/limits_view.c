/* limits_view.c - a process's resource limits as rows. */
#include "config.h"

#include "model/read_errors.h"
#include "util/i18n.h"
#include "util/xalloc.h"
#include "view/limits_view.h"

const char *limits_unreadable_reason(const struct tgroup *g)
{
	if (!g->limits_read)
		return N_("not kept in this snapshot");
	return g->limits_err < 0 ? read_error_text(g->limits_err) : NULL;
}

void limits_rows(struct rows *out, const struct snapshot *snap, const struct tgroup *g,
		 const struct sort_key *keys, size_t nkeys)
{
	size_t first = out->n;

	xgrow(&out->rows, &out->cap, out->n + g->nlimits + 1, sizeof(struct row));
	for (size_t i = 0; i < g->nlimits; i++)
		out->rows[out->n++] = (struct row){ .g = g, .l = &g->limits[i] };
	if (nkeys)
		view_sort(out->rows + first, g->nlimits, snap, keys, nkeys);
}
