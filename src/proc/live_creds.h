/* live_creds.h - a task's credentials from its status file. */
#ifndef LWPS_LIVE_CREDS_H
#define LWPS_LIVE_CREDS_H

#include "model/snapshot.h"
#include "proc/parse_status.h"
#include "util/users.h"

/* The credentials status gave (NULL when it gave none), with their names
 * when `needs` asks (NEED_USER, NEED_GROUP): `like` itself when they are
 * the same, so that the threads of a process, and processes alike, share
 * one copy in the snapshot. */
const struct creds *live_creds(const struct status_fields *sf, const struct creds *like,
			       unsigned needs, struct users *users, struct snapshot *snap);

#endif
