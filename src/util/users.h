/* users.h - a cache of user and group names by id. */
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

/* The name of user `uid` or group `gid`, copied into the snapshot: the
 * id in decimal when it has no name, as ps shows it. */
const char *users_name(struct users *u, uid_t uid, struct snapshot *snap);
const char *users_group_name(struct users *u, gid_t gid, struct snapshot *snap);
void users_release(struct users *u);

#endif
