/* parse_status.h - parse the keys lwps needs from /proc/PID/status. */
#ifndef LWPS_PARSE_STATUS_H
#define LWPS_PARSE_STATUS_H

#include <stddef.h>
#include <sys/types.h>

/* Pid namespaces nest at most 32 deep. */
enum { STATUS_MAX_NS = 33 };

enum status_key {
	SK_TGID = 1u << 0,
	SK_UID = 1u << 1,
	SK_VMLCK = 1u << 2,
	SK_TRACER = 1u << 3,
	SK_NSPID = 1u << 4,
	SK_THREADS = 1u << 5,
	SK_STATE = 1u << 6,
	SK_PPID = 1u << 7,
	SK_VMRSS = 1u << 8,
	SK_GID = 1u << 9,
	SK_GROUPS = 1u << 10,
	SK_CSW_VOLUNTARY = 1u << 11,
	SK_CSW = 1u << 12,         /* both context-switch counts */
};

struct status_fields {
	unsigned have;               /* SK_* for each key found */
	pid_t tgid, ppid;
	uid_t uids[4];               /* real, effective, saved, filesystem */
	gid_t gids[4];               /* the same */
	/* The Groups: line's ids, left in the buffer parsed (a task may have
	 * 65536): status_groups() reads them. */
	const char *groups;
	size_t groups_len;
	int ngroups;
	unsigned long vm_locked_kb;
	unsigned long vm_rss_kb;
	pid_t tracer_pid;
	int threads;
	unsigned long long nvcsw, nivcsw;   /* voluntary, involuntary */
	char state;
	pid_t nspid[STATUS_MAX_NS];  /* outermost namespace first */
	int nspid_len;
};

/* Parses `len` bytes at `buf`.  Unknown keys are ignored; a known key
 * with a malformed value is left out of `have`.  Never reads past len. */
void status_parse(const char *buf, size_t len, struct status_fields *out);

/* The supplementary groups (SK_GROUPS), out[0 .. ngroups - 1], while the
 * buffer parsed lives. */
void status_groups(const struct status_fields *sf, gid_t *out);

#endif
