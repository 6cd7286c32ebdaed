/* users.c - a cache of user names by uid: getpwuid may ask NSS over the
 * network, and a machine has few distinct uids among many tasks.  The
 * cache outlives the snapshots it serves (a reader keeps it across
 * refreshes), so it owns its names and copies each into a snapshot once. */
#include "config.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>

#include "model/snapshot.h"
#include "util/users.h"
#include "util/xalloc.h"

struct user_entry {
	uid_t uid;
	char *name;              /* owned; NULL when the uid has no name */
	const char *copy;        /* the name in the snapshot of `copied` */
	unsigned copied;         /* the users_begin() generation of `copy` */
};

void users_begin(struct users *u)
{
	u->gen++;
}

const char *users_name(struct users *u, uid_t uid, struct snapshot *snap)
{
	struct user_entry *e = NULL;

	for (size_t i = 0; i < u->n && !e; i++)
		if (u->entries[i].uid == uid)
			e = &u->entries[i];
	if (!e) {
		struct passwd *pw = getpwuid(uid);

		xgrow(&u->entries, &u->cap, u->n + 1, sizeof(struct user_entry));
		e = &u->entries[u->n++];
		*e = (struct user_entry){ .uid = uid, .name = pw ? xstrdup(pw->pw_name) : NULL };
		e->copied = u->gen - 1;
	}
	if (e->name && e->copied != u->gen) {
		e->copy = snapshot_strdup(snap, e->name);
		e->copied = u->gen;
	}
	return e->name ? e->copy : NULL;
}

void users_release(struct users *u)
{
	for (size_t i = 0; i < u->n; i++)
		free(u->entries[i].name);
	free(u->entries);
	*u = (struct users){ 0 };
}
