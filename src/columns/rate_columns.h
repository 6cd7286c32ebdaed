/* rate_columns.h - getters of the columns about time: %CPU and the
 * rates over the snapshot's interval (or the task's lifetime when the
 * snapshot stands alone), the changes, the process's memory shares, and
 * the totals the rates are made of (run time, run-queue wait, switches). */
#ifndef LWPS_RATE_COLUMNS_H
#define LWPS_RATE_COLUMNS_H

#include "columns/columns.h"

#define RATE_GETTER(fn) void fn(const struct row *r, const struct snapshot *s, struct value *v)
RATE_GETTER(rate_get_cpu);
RATE_GETTER(rate_get_usr);
RATE_GETTER(rate_get_sys);
RATE_GETTER(rate_get_wait);
RATE_GETTER(rate_get_csw);
RATE_GETTER(rate_get_nvcsw);
RATE_GETTER(rate_get_minflt);
RATE_GETTER(rate_get_majflt);
RATE_GETTER(rate_get_read);
RATE_GETTER(rate_get_write);
RATE_GETTER(rate_get_rss_delta);
RATE_GETTER(rate_get_nlwp_delta);
RATE_GETTER(rate_get_mem);
RATE_GETTER(rate_get_shr);
RATE_GETTER(rate_get_uss);
RATE_GETTER(rate_get_pss);
RATE_GETTER(rate_get_swap);
RATE_GETTER(rate_get_runtime);
RATE_GETTER(rate_get_rqwait);
RATE_GETTER(rate_get_slices);
RATE_GETTER(rate_get_csw_total);
RATE_GETTER(rate_get_nvcsw_total);
#undef RATE_GETTER

#endif
