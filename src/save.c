/* save.c - --save: everything about the selected processes, mappings
 * included, written as a snapshot. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/json_save.h"
#include "output/save_file.h"
#include "save.h"
#include "select.h"
#include "util/exitcodes.h"
#include "util/i18n.h"
#include "util/xalloc.h"

/* Says why the file for --save cannot be written; the exit status. */
static int save_error(const char *path, int err)
{
	if (err == SAVE_SYMLINK || err == SAVE_NOT_REGULAR) {
		fprintf(stderr, err == SAVE_SYMLINK
			? _("lwps: cannot save to '%s': it is a symbolic link\n")
			: _("lwps: cannot save to '%s': it is not a regular file\n"), path);
		return EXIT_USAGE;
	}
	fprintf(stderr, _("lwps: cannot write '%s': %s\n"), path, strerror(-err));
	return EXIT_FATAL;
}

/* Writes the selected processes, mappings included, to the open file. */
static int save_snapshot(struct save_file *sf, struct snapshot *snap, struct source *src,
			 const struct selection *sel)
{
	bool to_stdout = !sf->tmp;
	const char *path = sf->path;

	for (size_t i = 0; i < snap->ngroups; i++)
		if (selection_match(sel, &snap->groups[i]))
			src->read_maps(src, snap, &snap->groups[i], true);
	if (json_save(sf->fp, snap, sel) < 0) {
		int why = errno;

		save_file_abort(sf);
		/* A closed pipe ends quietly as in every view (SIGPIPE ignored). */
		return to_stdout && why == EPIPE ? EXIT_OK : save_error(path, -why);
	}
	int err = save_file_commit(sf);

	if (err < 0 && !(to_stdout && err == -EPIPE))
		return save_error(path, err);
	return EXIT_OK;
}

int save_run(const struct options *o, struct source *src)
{
	struct save_file sf;
	int err = save_file_open(&sf, o->save);

	if (err < 0)
		return save_error(o->save, err);

	pid_t *tgids = xcalloc(o->npids + 1, sizeof(pid_t));
	size_t ntgids = 0;
	int status = EXIT_OK;
	/* The counters too (schedstat, io), for the rates and --diff; not
	 * smaps_rollup, which takes each process's memory lock. */
	unsigned needs = NEED_STAT | NEED_TASKS | NEED_PSTATUS | NEED_TSTATUS | NEED_CMDLINE |
			 NEED_WCHAN | NEED_USER | NEED_GROUP | NEED_CHILDREN | NEED_LIMITS |
			 NEED_SCHEDSTAT | NEED_IO | NEED_SHARES | NEED_EXEC | NEED_SYSCALL |
			 NEED_WAITON | NEED_KSTACK | NEED_HOST;
	struct snapshot *snap = select_read(o, src, &(struct live_request){ .needs = needs }, tgids, &ntgids, &status, true);

	if (snap) {
		struct selection sel = select_selection(o, tgids, ntgids);
		int st = save_snapshot(&sf, snap, src, &sel);

		if (st != EXIT_OK)
			status = st;
		snapshot_free(snap);
	} else {
		save_file_abort(&sf);
	}
	free(tgids);
	return status;
}
