/* diff_run.c - --diff OLD NEW: two saved snapshots compared.
 *
 * The files are loaded as --load loads one (the same refusals, messages
 * and exit statuses), put in the order they were taken, and must come
 * from one boot of one machine: tasks are matched by thread id and start
 * time, which mean nothing across boots. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff_run.h"
#include "model/delta.h"
#include "output/diff_out.h"
#include "proc/source.h"
#include "select.h"
#include "show.h"
#include "util/exitcodes.h"
#include "util/i18n.h"
#include "util/output_error.h"
#include "util/utf8.h"
#include "util/xalloc.h"
#include "view/diff.h"

/* The snapshot saved in `path`, or NULL once the error is told. */
static struct snapshot *load(const char *path, int *status)
{
	struct source src;
	struct live_request req = { 0 };
	struct snapshot *snap;
	int err;

	source_file(&src, path);
	snap = source_snapshot(&src, &req, &err);
	if (!snap)
		*status = select_source_error(&src, err);
	source_release(&src);
	return snap;
}

/* Prints "lwps: cannot compare 'OLD' and 'NEW': WHY"; the exit status. */
static int refuse(const struct diff_files *f, const char *why)
{
	struct sbuf a = { 0 }, b = { 0 };

	utf8_escape(&a, f->old_file, strlen(f->old_file), ESCAPE_TABLE);
	utf8_escape(&b, f->new_file, strlen(f->new_file), ESCAPE_TABLE);
	fprintf(stderr, _("lwps: cannot compare '%s' and '%s': %s\n"), sbuf_cstr(&a), sbuf_cstr(&b),
		why);
	sbuf_release(&a);
	sbuf_release(&b);
	return EXIT_USAGE;
}

/* Each -p id as the process that holds it in either snapshot (a thread
 * id selects its process); an id in neither is told.  EXIT_PARTIAL then. */
static int resolve_pids(const struct options *o, const struct snapshot *old,
			const struct snapshot *now, pid_t *tgids, size_t *n)
{
	int status = EXIT_OK;

	*n = 0;
	for (size_t i = 0; i < o->npids; i++) {
		pid_t id = o->pids[i];
		const struct tgroup *in[2] = {
			snapshot_find_task_group(old, id), snapshot_find_task_group(now, id),
		};

		if (!in[0] && !in[1]) {
			fprintf(stderr, _("lwps: no such process: %d\n"), (int)id);
			status = EXIT_PARTIAL;
		}
		for (int k = 0; k < 2; k++) {
			bool dup = !in[k];

			for (size_t j = 0; j < *n && !dup; j++)
				dup = tgids[j] == in[k]->pid;
			if (!dup)
				tgids[(*n)++] = in[k]->pid;
		}
	}
	return status;
}

static int show(const struct options *o, const struct diff_files *f, const struct snapshot *old,
		struct snapshot *now)
{
	pid_t *tgids = xcalloc(2 * o->npids + 1, sizeof(pid_t));
	size_t ntgids;
	int status = resolve_pids(o, old, now, tgids, &ntgids);
	struct selection sel = select_selection(o, tgids, ntgids);
	struct diff d;
	int werr;

	diff_build(&d, old, now, &sel);
	if (o->json) {
		werr = diff_print_json(stdout, &d, f);
	} else {
		struct table_opts to = show_table_options(o);

		werr = diff_print_text(stdout, &d, f, &to);
	}
	if (werr < 0)
		status = output_failed(errno, status);
	diff_release(&d);
	free(tgids);
	return status;
}

int diff_run(const struct options *o)
{
	struct diff_files f = { o->diff_old, o->diff_new };
	struct snapshot *old, *now;
	int status = EXIT_OK;

	if (strcmp(f.old_file, "-") == 0 && strcmp(f.new_file, "-") == 0)
		return refuse(&f, _("only one of them can be standard input"));
	if (!(old = load(f.old_file, &status)))
		return status;
	if (!(now = load(f.new_file, &status))) {
		snapshot_free(old);
		return status;
	}
	/* In the order they were taken, whatever the order given. */
	if (now->host.taken_at < old->host.taken_at) {
		struct snapshot *t = old;
		const char *name = f.old_file;

		old = now, now = t;
		f.old_file = f.new_file, f.new_file = name;
	}
	switch (delta_attach(now, old)) {
	case DELTA_OTHER_BOOT:
		status = refuse(&f, _("they were taken on different boots or machines"));
		break;
	case DELTA_NOT_LATER:
		status = refuse(&f, _("they were taken at the same time"));
		break;
	default:
		status = show(o, &f, old, now);
		break;
	}
	snapshot_free(old);
	snapshot_free(now);
	return status;
}
