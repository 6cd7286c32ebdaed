/* maps_view.c - a process's mappings as rows, with their sum. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "model/read_errors.h"
#include "util/i18n.h"
#include "util/xalloc.h"
#include "view/maps_view.h"

const char *maps_unreadable_reason(const struct tgroup *g)
{
	if (!g->maps_read)
		return read_error_text(g->maps_err);
	if (g->nmaps > 0)
		return NULL;
	if (g->is_kernel)
		return N_("a kernel thread has no address space");
	if (g->self.state == 'Z')
		return N_("a zombie has no address space left");
	return N_("no mappings");
}

void maps_total(const struct tgroup *g, struct vma_sum *sum)
{
	struct vma *total = &sum->vma;

	memset(sum, 0, sizeof(*sum));
	total->wide = sum->bytes;
	total->have = ~0u;
	for (size_t i = 0; i < g->nmaps; i++) {
		const struct vma *m = &g->maps[i];

		for (int k = 0; k < SM_COUNT; k++)
			sum->bytes[k] += vma_value(m, k);
		sum->bytes[SM_SIZE] += (m->end - m->start) - vma_value(m, SM_SIZE);
		/* A figure is known in the sum only when every mapping had it. */
		total->have &= m->have | (1u << SM_SIZE);
	}
	total->have |= 1u << SM_SIZE;
}

void maps_rows(struct rows *out, const struct snapshot *snap, const struct tgroup *g,
	       const struct vma *total, const struct sort_key *keys, size_t nkeys)
{
	size_t first = out->n;

	xgrow(&out->rows, &out->cap, out->n + g->nmaps + 1, sizeof(struct row));
	for (size_t i = 0; i < g->nmaps; i++)
		out->rows[out->n++] = (struct row){ .g = g, .m = &g->maps[i] };
	if (nkeys)
		view_sort(out->rows + first, g->nmaps, snap, keys, nkeys);
	if (total)
		out->rows[out->n++] = (struct row){ .g = g, .m = total, .total = true };
}
