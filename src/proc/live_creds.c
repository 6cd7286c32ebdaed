/* live_creds.c - a task's credentials from its status file. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/needs.h"
#include "proc/live_creds.h"
#include "util/xalloc.h"

static unsigned known_of(const struct status_fields *sf)
{
	return (sf->have & SK_UID ? CREDS_UIDS : 0) | (sf->have & SK_GID ? CREDS_GIDS : 0) |
	       (sf->have & SK_GROUPS ? CREDS_GROUPS : 0);
}

static bool same(const struct creds *c, const struct creds *like)
{
	if (!like || c->known != like->known)
		return false;
	/* Unknown ids are 0 in both. */
	if (memcmp(c->uid, like->uid, sizeof(c->uid)) != 0 ||
	    memcmp(c->gid, like->gid, sizeof(c->gid)) != 0)
		return false;
	return !(c->known & CREDS_GROUPS) ||
	       (c->ngroups == like->ngroups &&
		(c->ngroups == 0 ||
		 memcmp(c->groups, like->groups, sizeof(gid_t) * (size_t)c->ngroups) == 0));
}

/* Copies `c` (its groups on loan) into the snapshot, with the names. */
static const struct creds *keep(const struct creds *c, unsigned needs, struct users *users,
				struct snapshot *snap)
{
	struct creds *k = snapshot_alloc(snap, sizeof(*k));
	size_t n = (size_t)c->ngroups;

	*k = *c;
	if (n) {
		gid_t *groups = snapshot_alloc(snap, sizeof(gid_t) * n);

		memcpy(groups, c->groups, sizeof(gid_t) * n);
		k->groups = groups;
	}
	for (int i = 0; i < CRED_COUNT; i++) {
		if (needs & NEED_USER && k->known & CREDS_UID(i))
			k->user[i] = users_name(users, k->uid[i], snap);
		if (needs & NEED_GROUP && k->known & CREDS_GID(i))
			k->group[i] = users_group_name(users, k->gid[i], snap);
	}
	if (needs & NEED_GROUP && k->known & CREDS_GROUPS) {
		const char **names = snapshot_alloc(snap, sizeof(char *) * (n + 1));

		for (size_t i = 0; i < n; i++)
			names[i] = users_group_name(users, k->groups[i], snap);
		names[n] = NULL;
		k->group_names = names;
	}
	return k;
}

const struct creds *live_creds(const struct status_fields *sf, const struct creds *like,
			       unsigned needs, struct users *users, struct snapshot *snap)
{
	struct creds c = {
		.known = known_of(sf),
	};
	gid_t few[32], *groups = few;
	const struct creds *out = like;

	if (!c.known)
		return NULL;
	_Static_assert(sizeof(c.uid) == sizeof(sf->uids) && sizeof(c.gid) == sizeof(sf->gids),
		       "status lists the ids in enum cred_id's order");
	memcpy(c.uid, sf->uids, sizeof(c.uid));
	memcpy(c.gid, sf->gids, sizeof(c.gid));
	if (c.known & CREDS_GROUPS) {
		if ((size_t)sf->ngroups > sizeof(few) / sizeof(few[0]))
			groups = xmalloc(sizeof(gid_t) * (size_t)sf->ngroups);
		status_groups(sf, groups);
		c.groups = groups;
		c.ngroups = sf->ngroups;
	}
	if (!same(&c, like))
		out = keep(&c, needs, users, snap);
	if (groups != few)
		free(groups);
	return out;
}
