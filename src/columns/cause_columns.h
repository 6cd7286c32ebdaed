/* cause_columns.h - getters of the columns about why a task is where it
 * is: SYSCALL, WAITON, PC, SP and KSTACK (model/causes.h). */
#ifndef LWPS_CAUSE_COLUMNS_H
#define LWPS_CAUSE_COLUMNS_H

#include "columns/columns.h"

#define CAUSE_GETTER(fn) void fn(const struct row *r, const struct snapshot *s, struct value *v)
CAUSE_GETTER(cause_get_syscall);
CAUSE_GETTER(cause_get_waiton);
CAUSE_GETTER(cause_get_pc);
CAUSE_GETTER(cause_get_sp);
CAUSE_GETTER(cause_get_kstack);
#undef CAUSE_GETTER

#endif
