/* limit_columns.h - getters of the resource limit columns (--limits). */
#ifndef LWPS_LIMIT_COLUMNS_H
#define LWPS_LIMIT_COLUMNS_H

#include "columns/columns.h"

void limit_get_resource(const struct row *r, const struct snapshot *s, struct value *v);
void limit_get_description(const struct row *r, const struct snapshot *s, struct value *v);
void limit_get_soft(const struct row *r, const struct snapshot *s, struct value *v);
void limit_get_hard(const struct row *r, const struct snapshot *s, struct value *v);
void limit_get_units(const struct row *r, const struct snapshot *s, struct value *v);

#endif
