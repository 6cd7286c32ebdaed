/* users.h - a cache of user names by uid. */
#ifndef LWPS_USERS_H
#define LWPS_USERS_H

#include <stddef.h>
#include <sys/types.h>

struct snapshot;

struct users {
	struct user_entry *entries;
	size_t n, cap;
	unsigned gen;            /* which snapshot the names are copied into */
};

/* Starts filling a new snapshot: names are copied into it afresh. */
void users_begin(struct users *u);

/* The name of `uid`, copied into the snapshot, or NULL when it has none. */
const char *users_name(struct users *u, uid_t uid, struct snapshot *snap);
void users_release(struct users *u);

#endif
