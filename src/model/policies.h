/* policies.h - the scheduling policies (stat field 41), named once, as
 * ps's CLS column names them. */
#ifndef LWPS_POLICIES_H
#define LWPS_POLICIES_H

/* The name of policy number `policy`, or NULL for one without a name. */
const char *policy_name(int policy);
/* The number of the policy called `name`, or -1. */
int policy_from_name(const char *name);

#endif
