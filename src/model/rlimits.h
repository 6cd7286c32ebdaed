/* rlimits.h - the resource limits the kernel keeps per process: the name
 * /proc/PID/limits gives each, and prlimit's short name, description and
 * unit for it. */
#ifndef LWPS_RLIMITS_H
#define LWPS_RLIMITS_H

struct rlimit_info {
	const char *proc_name;       /* "Max open files", as /proc/PID/limits says it */
	const char *name;            /* "NOFILE", as prlimit and RLIMIT_NOFILE name it */
	const char *description;     /* "max number of open files", as prlimit says it */
	const char *units;           /* "files", as prlimit says it; NULL for none */
};

/* The resource that /proc/PID/limits names `proc_name`, or NULL when this
 * lwps does not know it (a newer kernel's). */
const struct rlimit_info *rlimit_find(const char *proc_name);

#endif
