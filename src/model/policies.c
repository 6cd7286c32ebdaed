/* policies.c - the scheduling policies, named once. */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "model/policies.h"

/* By number: SCHED_OTHER, FIFO, RR, BATCH, ISO (never merged), IDLE,
 * DEADLINE. */
static const char *const names[] = { "TS", "FF", "RR", "B", "ISO", "IDL", "DLN" };

enum { NPOLICIES = sizeof(names) / sizeof(names[0]) };

const char *policy_name(int policy)
{
	return policy >= 0 && policy < NPOLICIES ? names[policy] : NULL;
}

int policy_from_name(const char *name)
{
	for (int i = 0; i < NPOLICIES; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}
