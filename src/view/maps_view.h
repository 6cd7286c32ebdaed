/* maps_view.h - a process's mappings as rows, with their sum. */
#ifndef LWPS_MAPS_VIEW_H
#define LWPS_MAPS_VIEW_H

#include "view/view.h"

/* Why g has no mappings to show, in words (N_(): translate with _() where
 * it is shown), or NULL when it has them. */
const char *maps_unreadable_reason(const struct tgroup *g);

/* Sums every smaps figure of g's mappings into `sum`. */
void maps_total(const struct tgroup *g, struct vma_sum *sum);

/* Appends a row per mapping of g (sorted by the keys, else by address),
 * then, with `total` non-NULL, one row for the sum. */
void maps_rows(struct rows *out, const struct snapshot *snap, const struct tgroup *g,
	       const struct vma *total, const struct sort_key *keys, size_t nkeys);

#endif
