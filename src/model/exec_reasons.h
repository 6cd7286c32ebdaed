/* exec_reasons.h - why where a thread executes (EXEC) is unknown: a word
 * for JSON, the same in every locale, and words for people. */
#ifndef LWPS_EXEC_REASONS_H
#define LWPS_EXEC_REASONS_H

enum exec_reason {
	EXEC_NOT_READ,      /* not asked for, or known (exec is set) */
	EXEC_RUNNING,       /* on a CPU: the kernel saved no instruction pointer */
	EXEC_DENIED,        /* task/TID/syscall refused: it needs ptrace access */
	EXEC_NO_USER_CODE,  /* a kernel thread, or a task that has exited */
	EXEC_UNMAPPED,      /* the address lies in no mapping (it changed meanwhile) */
	EXEC_REASON_COUNT
};

/* The words of every reason but EXEC_NOT_READ, space-separated (the key
 * table's values: json-doc checks they are these). */
#define EXEC_REASON_NAMES "running denied no-user-code unmapped"

/* The JSON word for `r` ("running"), or NULL for EXEC_NOT_READ. */
const char *exec_reason_name(enum exec_reason r);
/* The reason named `name`, or EXEC_NOT_READ when it is none. */
enum exec_reason exec_reason_from_name(const char *name);
/* Why, in words: N_() text, translated where it is shown. */
const char *exec_reason_text(enum exec_reason r);

#endif
