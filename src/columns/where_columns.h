/* where_columns.h - getters of the columns that say where a task stands
 * beyond its state: what its process shares with others (SHARES) and
 * what code it executes (EXEC). */
#ifndef LWPS_WHERE_COLUMNS_H
#define LWPS_WHERE_COLUMNS_H

#include "columns/columns.h"

void where_get_shares(const struct row *r, const struct snapshot *s, struct value *v);
/* Unknown with a reason: .s is the reason's JSON word (model/exec_reasons.h). */
void where_get_exec(const struct row *r, const struct snapshot *s, struct value *v);

#endif
