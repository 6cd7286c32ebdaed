/* value.h - a typed cell value, as a column getter returns it. */
#ifndef LWPS_VALUE_H
#define LWPS_VALUE_H

#include <stdbool.h>
#include <sys/types.h>

enum value_kind {
	V_UNKNOWN,   /* could not be read: '-' in text, null in JSON */
	V_NONE,      /* known to be absent (no tty, not waiting): '-' / null */
	V_INT,       /* .i */
	V_STR,       /* .s: untrusted bytes, escaped at output */
	V_ARGV,      /* .argv[.n] */
	V_PIDS,      /* .pids[.n] */
	V_COUNTS,    /* .counts[128], by state letter */
	V_IDS,       /* .ids[.n]: user or group ids */
	V_SHARES,    /* .pids[.n]: a pid per share_kind, 0 for none */
};

struct value {
	enum value_kind kind;
	long long i;
	const char *s;
	const char *const *argv;
	const pid_t *pids;
	const unsigned *counts;
	const gid_t *ids;
	int n;
	char tmp[64];   /* storage for short derived strings (STAT, TTY) */
};

#endif
