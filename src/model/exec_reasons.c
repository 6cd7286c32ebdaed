/* exec_reasons.c - why EXEC is unknown, by name and in words. */
#include "config.h"

#include <string.h>

#include "model/exec_reasons.h"
#include "util/i18n.h"

static const struct {
	const char *name, *text;
} reasons[EXEC_REASON_COUNT] = {
	[EXEC_RUNNING] = { "running", N_("on a CPU: the kernel saved no instruction pointer") },
	[EXEC_DENIED] = { "denied", N_("its syscall file needs ptrace access (root or its owner)") },
	[EXEC_NO_USER_CODE] = { "no-user-code", N_("no user code: a kernel thread or an exited task") },
	[EXEC_UNMAPPED] = { "unmapped", N_("its instruction pointer lies in no mapping") },
};

const char *exec_reason_name(enum exec_reason r)
{
	return r > EXEC_NOT_READ && r < EXEC_REASON_COUNT ? reasons[r].name : NULL;
}

enum exec_reason exec_reason_from_name(const char *name)
{
	for (int r = EXEC_NOT_READ + 1; r < EXEC_REASON_COUNT; r++)
		if (strcmp(reasons[r].name, name) == 0)
			return (enum exec_reason)r;
	return EXEC_NOT_READ;
}

const char *exec_reason_text(enum exec_reason r)
{
	return r > EXEC_NOT_READ && r < EXEC_REASON_COUNT ? reasons[r].text : "";
}
