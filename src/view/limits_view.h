/* limits_view.h - a process's resource limits as rows (--limits). */
#ifndef LWPS_LIMITS_VIEW_H
#define LWPS_LIMITS_VIEW_H

#include "view/view.h"

/* Why g has no limits to show, in words (N_(): translate with _() where
 * it is shown), or NULL when it has them. */
const char *limits_unreadable_reason(const struct tgroup *g);

/* Appends a row per limit of g, sorted by the keys, else in the order
 * the kernel lists them. */
void limits_rows(struct rows *out, const struct snapshot *snap, const struct tgroup *g,
		 const struct sort_key *keys, size_t nkeys);

#endif
