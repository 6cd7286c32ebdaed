/* causes.h - why a task is where it is: the system call it is blocked in
 * and its arguments, the user-space registers saved at entry, its kernel
 * stack, and what the call waits on, decoded from the arguments.  The
 * source fills a struct task_cause when a column or the waits view asks
 * (NEED_SYSCALL, NEED_KSTACK, NEED_WAITON, NEED_WAITS). */
#ifndef LWPS_CAUSES_H
#define LWPS_CAUSES_H

#include <stdbool.h>

#include "model/snapshot.h"

/* The kind of thing a task waits on: the waits view (-W) groups the
 * tasks that wait on the same one. */
enum wait_kind {
	WAIT_NONE,     /* nothing its arguments name (a sleep, a signal): grouped by wchan */
	WAIT_FUTEX,    /* a futex word of one address space */
	WAIT_PIPE,
	WAIT_SOCKET,
	WAIT_FILE,     /* a file, a device, any path */
	WAIT_ANON,     /* an anon_inode descriptor: eventfd, epoll, timerfd, signalfd... */
	WAIT_CHILD,    /* wait4, waitid, vfork: a child process */
	WAIT_KIND_COUNT
};

/* The kinds' names, in enum wait_kind's order (JSON, snapshots). */
#define WAIT_KIND_NAMES "none futex pipe socket file fd child"
/* What a group of the waits view is: a thing (a kind above), a kernel
 * function (wchan), stopped threads, or threads whose wait is unknown. */
#define WAIT_GROUP_KINDS "futex pipe socket file fd child wchan stopped unknown"

struct task_cause {
	/* task/TID/syscall (TF_SYSCALL; TF_ON_CPU when it said "running",
	 * TF_SP for the stack pointer, kept in struct task). */
	int nr;                       /* the system call; -1: not in one */
	const char *name;             /* its name; NULL where lwps has none */
	unsigned long long args[6];   /* (its PC and SP are the task's: TF_SP) */
	int syscall_err;              /* errno when the file could not be read, else 0 */
	/* task/TID/stack (TF_KSTACK), innermost frame first. */
	const char *const *kstack;
	int nkstack;
	/* Decoded (TF_WAITON): what the call waits on as this task sees it
	 * ("fd 3 pipe:[81234] written by 4567 (cat)"), NULL when it names
	 * nothing; and the object alone, alike for every task that waits on
	 * it (NULL for WAIT_NONE). */
	const char *waiton;
	enum wait_kind wait_kind;
	const char *wait_group;
};

const char *wait_kind_name(enum wait_kind k);
/* The kind named `name`, or -1. */
int wait_kind_from_name(const char *name);

/* Whether a task in `state` waits (not running, not dead): what the
 * waits view groups. */
bool task_state_waits(char state);

#endif
