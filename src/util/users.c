/* users.c - a cache of user and group names by id: getpwuid and getgrgid
 * may ask NSS over the network, and a machine has few distinct ids among
 * many tasks.  The cache outlives the snapshots it serves (a reader keeps
 * it across refreshes), so it owns its names and copies each into a
 * snapshot once. */
#include "config.h"

#include <grp.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/snapshot.h"
#include "util/users.h"
#include "util/xalloc.h"

struct user_entry {
	bool group;              /* a gid, not a uid */
	unsigned id;
	char *name;              /* owned: the name, or the id in decimal */
	const char *copy;        /* the name in the snapshot of `copied` */
	unsigned copied;         /* the users_begin() generation of `copy` */
};

void users_begin(struct users *u)
{
	u->gen++;
}

/* The name the system gives the id, or its decimal digits. */
static char *look_up(bool group, unsigned id)
{
	const char *name = NULL;
	char digits[16];

	if (group) {
		struct group *gr = getgrgid((gid_t)id);

		name = gr ? gr->gr_name : NULL;
	} else {
		struct passwd *pw = getpwuid((uid_t)id);

		name = pw ? pw->pw_name : NULL;
	}
	if (!name) {
		snprintf(digits, sizeof(digits), "%u", id);
		name = digits;
	}
	return xstrdup(name);
}

static const char *name_of(struct users *u, bool group, unsigned id, struct snapshot *snap)
{
	struct user_entry *e = NULL;

	for (size_t i = 0; i < u->n && !e; i++)
		if (u->entries[i].id == id && u->entries[i].group == group)
			e = &u->entries[i];
	if (!e) {
		xgrow(&u->entries, &u->cap, u->n + 1, sizeof(struct user_entry));
		e = &u->entries[u->n++];
		*e = (struct user_entry){ .group = group, .id = id, .name = look_up(group, id) };
		e->copied = u->gen - 1;
	}
	if (e->copied != u->gen) {
		e->copy = snapshot_strdup(snap, e->name);
		e->copied = u->gen;
	}
	return e->copy;
}

const char *users_name(struct users *u, uid_t uid, struct snapshot *snap)
{
	return name_of(u, false, uid, snap);
}

const char *users_group_name(struct users *u, gid_t gid, struct snapshot *snap)
{
	return name_of(u, true, gid, snap);
}

void users_release(struct users *u)
{
	for (size_t i = 0; i < u->n; i++)
		free(u->entries[i].name);
	free(u->entries);
	*u = (struct users){ 0 };
}
