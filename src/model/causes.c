/* causes.c - the kinds of things tasks wait on, by name. */
#include "config.h"

#include <string.h>

#include "model/causes.h"

static const char *const kind_names[WAIT_KIND_COUNT] = {
	[WAIT_NONE] = "none", [WAIT_FUTEX] = "futex", [WAIT_PIPE] = "pipe",
	[WAIT_SOCKET] = "socket", [WAIT_FILE] = "file", [WAIT_ANON] = "fd", [WAIT_CHILD] = "child",
};

const char *wait_kind_name(enum wait_kind k)
{
	return k < WAIT_KIND_COUNT ? kind_names[k] : "none";
}

int wait_kind_from_name(const char *name)
{
	for (int k = 0; k < WAIT_KIND_COUNT; k++)
		if (strcmp(kind_names[k], name) == 0)
			return k;
	return -1;
}

bool task_state_waits(char state)
{
	return state && !strchr("RZX", state);
}
