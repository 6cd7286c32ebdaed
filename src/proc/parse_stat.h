/* parse_stat.h - parse /proc/PID/stat and /proc/PID/task/TID/stat. */
#ifndef LWPS_PARSE_STAT_H
#define LWPS_PARSE_STAT_H

#include <stddef.h>

struct stat_fields {
	int pid;
	const char *comm;        /* points into the parsed buffer, not terminated */
	size_t comm_len;
	char state;
	int ppid, pgrp, session, tty_nr, tpgid;
	unsigned long flags;
	unsigned long long minflt, majflt;
	unsigned long long utime, stime;
	long priority, nice, num_threads;
	unsigned long long starttime;
	unsigned long vsize, rss;
	unsigned long startcode, endcode, startstack;
	unsigned long wchan;     /* 0/1 since Linux 4.x: blocked and visible */
	int processor;
	unsigned rt_priority, policy;
	/* Fields after policy (Linux >= 3.3/3.5); 0 when absent. */
	unsigned long start_data, end_data, start_brk;
	unsigned long arg_start, arg_end, env_start, env_end;
	int nfields;             /* how many fields were present */
};

/* Parses `len` bytes at `buf`.  The comm is found between the first '('
 * and the last ')', so any name parses.  Returns 0, or -EINVAL when the
 * text is truncated or malformed. */
int stat_parse(const char *buf, size_t len, struct stat_fields *out);

#endif
