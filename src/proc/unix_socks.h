/* unix_socks.h - the unix sockets of lwps's network namespace, with the
 * inode of each one's peer and its name, as the kernel's sock_diag
 * netlink interface gives them (ss -x reads the same). */
#ifndef LWPS_UNIX_SOCKS_H
#define LWPS_UNIX_SOCKS_H

#include <stddef.h>

struct unix_sock {
	unsigned long long ino;
	unsigned long long peer;      /* 0: none (listening, unconnected) */
	unsigned char state;          /* TCP_* numbering: 10 is listening */
	char *name;                   /* the bound path, '@' first for an abstract
				       * name; NULL when unbound */
};

struct unix_socks {
	struct unix_sock *v;          /* by inode */
	size_t n, cap;
};

enum { UNIX_LISTEN = 10 };

/* Reads every one.  Returns 0, or -errno (no netlink, no unix_diag). */
int unix_socks_read(struct unix_socks *s);
const struct unix_sock *unix_socks_find(const struct unix_socks *s, unsigned long long ino);
void unix_socks_release(struct unix_socks *s);

#endif
