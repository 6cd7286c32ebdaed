/* needs.h - what a column needs read; the union decides what a source
 * reads, so a plain listing touches little more than each stat file. */
#ifndef LWPS_NEEDS_H
#define LWPS_NEEDS_H

enum need {
	NEED_STAT = 1u << 0,      /* /proc/PID/stat (always read) */
	NEED_TASKS = 1u << 1,     /* every thread's task/TID/stat */
	NEED_PSTATUS = 1u << 2,   /* /proc/PID/status: ids, VmLck, NSpid, TracerPid */
	NEED_TSTATUS = 1u << 3,   /* task/TID/status for every thread */
	NEED_CMDLINE = 1u << 4,   /* /proc/PID/cmdline */
	NEED_WCHAN = 1u << 5,     /* task/TID/wchan */
	NEED_USER = 1u << 7,      /* uid -> name lookup */
	NEED_MAPS = 1u << 8,      /* smaps, layout, threads' stack pointers */
	NEED_CHILDREN = 1u << 9,  /* task/TID/children: which thread forked each child */
	NEED_LIMITS = 1u << 10,   /* /proc/PID/limits */
	NEED_GROUP = 1u << 11,    /* gid -> name lookup */
	NEED_SCHEDSTAT = 1u << 12,  /* task/TID/schedstat: run-queue wait */
	NEED_IO = 1u << 13,       /* /proc/PID/io, task/TID/io */
	NEED_ROLLUP = 1u << 14,   /* /proc/PID/smaps_rollup (takes the mm lock: never by default) */
	NEED_PREVIOUS = 1u << 15, /* an earlier reading: rates over an interval (-I, --watch) */
	/* Causes (model/causes.h), each thread's own. */
	NEED_SYSCALL = 1u << 16,  /* task/TID/syscall: call, arguments, PC and SP */
	NEED_KSTACK = 1u << 17,   /* task/TID/stack (root only) */
	NEED_WAITON = 1u << 18,   /* what the call waits on: its arguments decoded (implies SYSCALL) */
	NEED_WAITS = 1u << 19,    /* -W: the syscall and wchan of waiting tasks, the stack of
				   * those in D, the schedstat of runnable ones; decoded */
	NEED_SHARES = 1u << 20,   /* kcmp against other processes: what each shares */
	NEED_EXEC = 1u << 21,     /* task/TID/syscall's PC, maps, the files' symbol tables */
	NEED_HOST = 1u << 22,     /* the machine's memory, CPU counters and boot time */
};

#endif
