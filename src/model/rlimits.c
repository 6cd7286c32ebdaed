/* rlimits.c - the resource limits, by the name /proc/PID/limits gives
 * each (the kernel's lnames[] in fs/proc/base.c), in RLIMIT_* order. */
#include "config.h"

#include <string.h>

#include "model/rlimits.h"

static const struct rlimit_info rlimits[] = {
	{ "Max cpu time", "CPU", "CPU time", "seconds" },
	{ "Max file size", "FSIZE", "max file size", "bytes" },
	{ "Max data size", "DATA", "max data size", "bytes" },
	{ "Max stack size", "STACK", "max stack size", "bytes" },
	{ "Max core file size", "CORE", "max core file size", "bytes" },
	{ "Max resident set", "RSS", "max resident set size", "bytes" },
	{ "Max processes", "NPROC", "max number of processes", "processes" },
	{ "Max open files", "NOFILE", "max number of open files", "files" },
	{ "Max locked memory", "MEMLOCK", "max locked-in-memory address space", "bytes" },
	{ "Max address space", "AS", "address space limit", "bytes" },
	{ "Max file locks", "LOCKS", "max number of file locks held", "locks" },
	{ "Max pending signals", "SIGPENDING", "max number of pending signals", "signals" },
	{ "Max msgqueue size", "MSGQUEUE", "max bytes in POSIX mqueues", "bytes" },
	{ "Max nice priority", "NICE", "max nice prio allowed to raise", NULL },
	{ "Max realtime priority", "RTPRIO", "max real-time priority", NULL },
	{ "Max realtime timeout", "RTTIME", "timeout for real-time tasks", "microsecs" },
};

const struct rlimit_info *rlimit_find(const char *proc_name)
{
	for (size_t i = 0; i < sizeof(rlimits) / sizeof(rlimits[0]); i++)
		if (strcmp(rlimits[i].proc_name, proc_name) == 0)
			return &rlimits[i];
	return NULL;
}
