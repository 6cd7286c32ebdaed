/* shares.h - the kernel structures a process may share with another
 * (clone's CLONE_VM, CLONE_FILES, CLONE_FS, CLONE_SIGHAND, CLONE_SYSVSEM),
 * as kcmp(2) compares them. */
#ifndef LWPS_SHARES_H
#define LWPS_SHARES_H

enum share_kind {
	SHARE_VM,        /* the address space */
	SHARE_FILES,     /* the file descriptor table */
	SHARE_FS,        /* root, working directory, umask */
	SHARE_SIGHAND,   /* the signal handlers */
	SHARE_SYSVSEM,   /* the System V semaphore undo list */
	SHARE_COUNT
};

/* The kind's name in text and JSON ("vm", "files", ...). */
const char *share_kind_name(enum share_kind k);

#endif
