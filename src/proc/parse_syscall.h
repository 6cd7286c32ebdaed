/* parse_syscall.h - parse task/TID/syscall and task/TID/stack, and name a
 * system call by its number. */
#ifndef LWPS_PARSE_SYSCALL_H
#define LWPS_PARSE_SYSCALL_H

#include <stdbool.h>
#include <stddef.h>

/* What task/TID/syscall says: "running" (on a CPU: no registers saved),
 * "-1 SP PC" (blocked outside a system call: a fault, or preempted in
 * user space), or "NR ARG1..ARG6 SP PC". */
struct syscall_fields {
	bool running;
	int nr;                         /* -1: not in a system call */
	unsigned long long args[6];     /* 0 when nr is -1 */
	unsigned long long sp, pc;      /* user-space stack and instruction pointers */
};

/* Returns 0, or -EINVAL when the text is none of the kernel's three forms. */
int syscall_parse(const char *buf, size_t len, struct syscall_fields *out);

/* The name of system call `nr` on the machine lwps was built for (x86-64
 * and aarch64 have tables), or NULL where it has none. */
const char *syscall_name(long nr);

/* task/TID/stack: one frame a line, "[<0>] function+0x1c/0x40".  Calls
 * fn with each frame's text after the "[<...>] ", `len` bytes (not
 * NUL-terminated); returns how many frames there were. */
size_t kstack_parse(const char *buf, size_t len, void (*fn)(void *ctx, const char *frame, size_t len),
		    void *ctx);

#endif
