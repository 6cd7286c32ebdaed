/* users.c - a cache of user names by uid: getpwuid may ask NSS over the
 * network, and a machine has few distinct uids among many tasks. */
#include "config.h"

#include <pwd.h>
#include <stdlib.h>

#include "model/snapshot.h"
#include "util/users.h"
#include "util/xalloc.h"

struct user_entry {
	uid_t uid;
	const char *name;
};

const char *users_name(struct users *u, uid_t uid, struct snapshot *snap)
{
	for (size_t i = 0; i < u->n; i++)
		if (u->entries[i].uid == uid)
			return u->entries[i].name;

	struct passwd *pw = getpwuid(uid);
	const char *name = pw ? snapshot_strdup(snap, pw->pw_name) : NULL;

	xgrow(&u->entries, &u->cap, u->n + 1, sizeof(struct user_entry));
	u->entries[u->n++] = (struct user_entry){ uid, name };
	return name;
}

void users_release(struct users *u)
{
	free(u->entries);
	u->entries = NULL;
	u->n = u->cap = 0;
}
