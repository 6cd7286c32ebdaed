/* select.c - the processes a command line asks for: -p ids turned into
 * their processes (the one place a thread id becomes its process), and
 * one read of them from the source. */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "select.h"
#include "util/exitcodes.h"
#include "util/i18n.h"

/* Tells what the source says about err; returns the exit status. */
int select_source_error(struct source *src, int err)
{
	struct sbuf msg = { 0 };
	int status = source_explain(src, err, &msg);

	fprintf(stderr, "lwps: %s\n", sbuf_cstr(&msg));
	sbuf_release(&msg);
	return status;
}

/* Maps each -p id to its process (a thread id selects its process) and
 * tells the ids that name no task.  Returns EXIT_PARTIAL when one does
 * not, or the source's error (told) when it cannot be read at all. */
int select_resolve_pids(const struct options *o, struct source *src, pid_t *tgids,
			size_t *ntgids, bool tell)
{
	int status = EXIT_OK, err;

	*ntgids = 0;
	if (!o->npids)
		return EXIT_OK;
	/* Without /proc every pid would look missing (exit 1): say what is
	 * wrong first, as a read would. */
	if ((err = source_check(src)) < 0)
		return select_source_error(src, err);
	for (size_t i = 0; i < o->npids; i++) {
		pid_t tgid;

		err = source_tgid_of(src, o->pids[i], &tgid);
		if (err == -ESRCH) {
			if (tell)
				fprintf(stderr, _("lwps: no such process: %d\n"), (int)o->pids[i]);
			status = EXIT_PARTIAL;
			continue;
		}
		if (err < 0)
			tgid = o->pids[i];   /* unreadable status: try it as a process */
		bool dup = false;

		for (size_t k = 0; k < *ntgids; k++)
			dup |= tgids[k] == tgid;
		if (!dup)
			tgids[(*ntgids)++] = tgid;
	}
	return status;
}

/* Reads one snapshot: only the requested processes when the
 * request names nothing but pids, else everything.  NULL on a fatal error
 * (the message is printed and *status set). */
struct snapshot *select_read(const struct options *o, struct source *src,
			     const struct live_request *want,
			     pid_t *tgids, size_t *ntgids, int *status, bool tell)
{
	struct live_request req = *want;
	/* A tree of a pid needs its descendants: read everything then. */
	bool only_pids = o->npids && !o->nuids && !o->nnames && !o->tree;
	struct snapshot *snap;
	int err;

	*status = select_resolve_pids(o, src, tgids, ntgids, tell);
	if (*status >= EXIT_USAGE)
		return NULL;
	if (only_pids) {
		/* Read even when no pid is left: the snapshot still gets its
		 * host facts (JSON's taken_at was 0 without them). */
		req.pids = tgids;
		req.npids = *ntgids;
	}
	snap = source_snapshot(src, &req, &err);
	if (!snap) {
		*status = select_source_error(src, err);
		return NULL;
	}
	for (size_t i = 0; i < *ntgids; i++)
		if (!snapshot_find_group(snap, tgids[i])) {
			/* It existed a moment ago and exited while being read. */
			if (tell)
				fprintf(stderr, _("lwps: no such process: %d\n"), (int)tgids[i]);
			*status = EXIT_PARTIAL;
		}
	return snap;
}

struct selection select_selection(const struct options *o, const pid_t *tgids, size_t ntgids)
{
	return (struct selection){ .pids = tgids, .npids = ntgids, .by_pid = o->npids > 0,
				   .uids = o->uids, .nuids = o->nuids,
				   .names = (const char *const *)o->names, .nnames = o->nnames,
				   .states = o->states };
}
