/* lwps.c - main: options, then source -> snapshot -> view -> frontend. */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "browser/browser.h"
#include "columns/choose.h"
#include "options.h"
#include "output/json.h"
#include "output/json_save.h"
#include "output/maps_out.h"
#include "output/save_file.h"
#include "output/table.h"
#include "output/tree_art.h"
#include "proc/live.h"
#include "proc/source.h"
#include "util/exitcodes.h"
#include "util/i18n.h"
#include "util/output_error.h"
#include "util/utf8.h"
#include "util/xalloc.h"
#include "view/tree.h"
#include "view/view.h"

/* What every view needs besides the snapshot. */
struct run {
	const struct options *o;
	struct column_list cols;
	struct sort_key *keys;
	size_t nkeys;
	struct view_opts vo;
	bool one_line;           /* JSON Lines for --watch */
};

static void list_columns(enum col_scope scope)
{
	for (size_t i = 0; i < column_count; i++) {
		const struct column *c = &column_table[i];

		if (c->scope == scope)
			printf("%-14s %s\n", c->name, _(c->help));
	}
}

/* Maps each requested id to its thread group; reports ids that name no
 * task.  Returns the number of ids that could not be resolved. */
static size_t resolve_pids(const struct options *o, struct source *src, pid_t *tgids,
			   size_t *ntgids)
{
	size_t missing = 0;

	*ntgids = 0;
	for (size_t i = 0; i < o->npids; i++) {
		pid_t tgid;
		int err = source_tgid_of(src, o->pids[i], &tgid);

		if (err == -ESRCH) {
			fprintf(stderr, _("lwps: no such process: %d\n"), (int)o->pids[i]);
			missing++;
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
	return missing;
}

static size_t terminal_width(void)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");

	if (env && atoi(env) > 0)
		return (size_t)atoi(env);
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

static bool want_color(enum color_mode m)
{
	if (m == COLOR_ALWAYS)
		return true;
	if (m == COLOR_NEVER)
		return false;
	const char *no = getenv("NO_COLOR");

	return !(no && *no) && isatty(STDOUT_FILENO);
}

static struct table_opts table_options(const struct options *o)
{
	bool tty = isatty(STDOUT_FILENO);

	return (struct table_opts){
		.headings = o->headings,
		.raw = o->raw,
		.max_width = (o->wide || o->raw || !tty) ? 0 : terminal_width(),
		.color = !o->raw && want_color(o->color),
	};
}

static struct json_opts json_options(const struct run *run)
{
	return (struct json_opts){
		.threads = run->o->lwps, .cols = run->cols.cols, .ncols = run->cols.n,
		.one_line = run->one_line,
	};
}

static int print_flat(const struct run *run, const struct snapshot *snap)
{
	struct rows rows = { 0 };
	int ret;

	view_build(&rows, snap, &run->vo);
	if (run->o->json) {
		struct json_opts jo = json_options(run);

		ret = json_print(stdout, snap, rows.rows, rows.n, &jo);
	} else {
		struct table_opts to = table_options(run->o);

		ret = table_print(stdout, snap, rows.rows, rows.n, run->cols.cols, run->cols.n, &to, NULL);
	}
	rows_release(&rows);
	return ret;
}

static int print_tree(const struct run *run, const struct snapshot *snap)
{
	const struct options *o = run->o;
	struct tree_opts topt = {
		.sel = run->vo.sel, .ancestors = o->ancestors, .threads = o->lwps,
		.thread_parents = o->lwps, .keys = run->keys, .nkeys = run->nkeys,
	};
	struct tree tree = { 0 };
	int ret;

	tree_build(&tree, snap, &topt);
	if (o->json) {
		struct json_opts jo = json_options(run);

		ret = json_print_tree(stdout, snap, &tree, &jo);
	} else {
		struct table_opts to = table_options(o);
		const struct column *artcol = tree_art_column(run->cols.cols, run->cols.n);
		struct tree_art art = {
			.tree = &tree,
			.ascii = o->ascii || !utf8_locale(),
			.names_only = artcol && strcmp(artcol->name, "TNAME") == 0,
			.mode = o->raw ? ESCAPE_RAW : ESCAPE_TABLE,
		};
		struct table_decor decor = { artcol, tree_art_prefix, &art };
		struct row *rows = xmalloc((tree.n + 1) * sizeof(struct row));

		for (size_t i = 0; i < tree.n; i++)
			rows[i] = tree.rows[i].row;
		ret = table_print(stdout, snap, rows, tree.n, run->cols.cols, run->cols.n, &to, &decor);
		free(rows);
		tree_art_release(&art);
	}
	tree_release(&tree);
	return ret;
}

static int print_maps(const struct run *run, const struct snapshot *snap, int *status)
{
	struct maps_out mo = {
		.cols = run->cols.cols, .ncols = run->cols.n,
		.keys = run->keys, .nkeys = run->nkeys,
		.table = table_options(run->o),
		.json = run->o->json,
		.one_line = run->one_line,
		.layout = run->o->layout,
	};
	int ret = maps_print(stdout, snap, &run->vo.sel, &mo);

	if (mo.unreadable)
		*status = EXIT_PARTIAL;
	return ret;
}

/* Maps each requested id to its process in a snapshot already read. */
static size_t resolve_in_snapshot(const struct options *o, const struct snapshot *snap,
				  pid_t *tgids, size_t *ntgids)
{
	size_t missing = 0;

	*ntgids = 0;
	for (size_t i = 0; i < o->npids; i++) {
		const struct tgroup *g = snapshot_find_task_group(snap, o->pids[i]);

		if (!g) {
			fprintf(stderr, _("lwps: no such process: %d\n"), (int)o->pids[i]);
			missing++;
			continue;
		}
		bool dup = false;

		for (size_t k = 0; k < *ntgids; k++)
			dup |= tgids[k] == g->pid;
		if (!dup)
			tgids[(*ntgids)++] = g->pid;
	}
	return missing;
}

/* Reads one snapshot for the run: only the requested processes when the
 * request names nothing but pids, else everything.  NULL on a fatal error
 * (the message is printed and *status set). */
static struct snapshot *read_snapshot(struct run *run, struct source *src, unsigned needs,
				      pid_t *tgids, size_t *ntgids, int *status)
{
	const struct options *o = run->o;
	struct live_request req = { .needs = needs };
	/* A tree of a pid needs its descendants: read everything then. */
	bool only_pids = src->live && o->npids && !o->nuids && !o->nnames && !o->tree;
	struct snapshot *snap;
	int err;

	*ntgids = 0;
	/* Without /proc every pid would look missing (exit 1): say what is
	 * wrong first, as live_read() would, and exit 3. */
	if (src->live && o->npids && access("/proc/self/stat", F_OK) != 0) {
		fprintf(stderr, _("lwps: /proc is not mounted or not readable\n"));
		*status = EXIT_FATAL;
		return NULL;
	}
	if (src->live && o->npids && resolve_pids(o, src, tgids, ntgids))
		*status = EXIT_PARTIAL;
	if (only_pids) {
		/* Read even when no pid is left: the snapshot still gets its
		 * host facts (JSON's taken_at was 0 without them). */
		req.pids = tgids;
		req.npids = *ntgids;
	}
	snap = source_snapshot(src, &req, &err);
	if (!snap) {
		if (!src->live) {
			fprintf(stderr, _("lwps: cannot load '%s': %s\n"), src->path, sbuf_cstr(src->err));
			*status = EXIT_USAGE;
		} else if (err == -ENOENT) {
			fprintf(stderr, _("lwps: /proc is not mounted or not readable\n"));
			*status = EXIT_FATAL;
		} else {
			fprintf(stderr, _("lwps: cannot read /proc: %s\n"), strerror(-err));
			*status = EXIT_FATAL;
		}
		return NULL;
	}
	if (!src->live) {
		if (resolve_in_snapshot(o, snap, tgids, ntgids))
			*status = EXIT_PARTIAL;
	} else {
		for (size_t i = 0; i < *ntgids; i++)
			if (!snapshot_find_group(snap, tgids[i])) {
				/* It existed a moment ago and exited while being read. */
				fprintf(stderr, _("lwps: no such process: %d\n"), (int)tgids[i]);
				*status = EXIT_PARTIAL;
			}
	}
	return snap;
}

static struct selection selection_of(const struct options *o, const pid_t *tgids, size_t ntgids)
{
	return (struct selection){ .pids = tgids, .npids = ntgids, .by_pid = o->npids > 0,
				   .uids = o->uids, .nuids = o->nuids,
				   .names = (const char *const *)o->names, .nnames = o->nnames };
}

/* A saved snapshot says so, and when it was taken, above a text view. */
static int put_snapshot_banner(const struct snapshot *snap)
{
	time_t t = (time_t)snap->host.taken_at;
	struct tm tm;
	char when[64];
	struct sbuf host = { 0 };
	const char *name = snap->host.hostname ? snap->host.hostname : "?";

	/* A time localtime_r() cannot convert leaves tm unset: say '?'. */
	if (!localtime_r(&t, &tm) || !strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S %Z", &tm))
		strcpy(when, "?");
	utf8_escape(&host, name, strlen(name), ESCAPE_TABLE);
	int ret = printf(_("# snapshot of %s taken %s\n"), sbuf_cstr(&host), when) < 0 ? -1 : 0;

	sbuf_release(&host);
	return ret;
}

/* One round: read, then show the chosen view.  Returns the exit status. */
static int run_once(struct run *run, struct source *src)
{
	const struct options *o = run->o;
	pid_t *tgids = xcalloc(o->npids + 1, sizeof(pid_t));
	size_t ntgids = 0;
	int status = EXIT_OK, werr = 0;
	unsigned needs = choose_needs(o, &run->cols, run->keys, run->nkeys);
	struct snapshot *snap = read_snapshot(run, src, needs, tgids, &ntgids, &status);

	if (!snap) {
		free(tgids);
		return status;
	}
	run->vo = (struct view_opts){
		.sel = selection_of(o, tgids, ntgids),
		.threads = o->lwps,
		.keys = run->keys,
		.nkeys = run->nkeys,
	};
	/* smaps is costly: read it for the selected processes only. */
	if (o->maps)
		for (size_t i = 0; i < snap->ngroups; i++)
			if (selection_match(&run->vo.sel, &snap->groups[i]))
				src->read_maps(src, snap, &snap->groups[i]);

	if (snap->from_file && !o->json && o->headings)
		werr = put_snapshot_banner(snap);
	if (werr == 0) {
		if (o->maps)
			werr = print_maps(run, snap, &status);
		else if (o->tree)
			werr = print_tree(run, snap);
		else
			werr = print_flat(run, snap);
	}
	if (werr < 0)
		status = output_failed(errno, status);
	snapshot_free(snap);
	free(tgids);
	return status;
}

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
		if (selection_match(sel, &snap->groups[i]) && src->live)
			src->read_maps(src, snap, &snap->groups[i]);
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

/* --save: everything about the selected processes, mappings included.
 * The file is checked and created before /proc is read. */
static int save(const struct options *o, struct source *src)
{
	struct run run = { .o = o };
	struct save_file sf;
	int err = save_file_open(&sf, o->save);

	if (err < 0)
		return save_error(o->save, err);

	pid_t *tgids = xcalloc(o->npids + 1, sizeof(pid_t));
	size_t ntgids = 0;
	int status = EXIT_OK;
	unsigned needs = NEED_STAT | NEED_TASKS | NEED_PSTATUS | NEED_TSTATUS | NEED_CMDLINE |
			 NEED_WCHAN | NEED_USER | NEED_CHILDREN | NEED_LIMITS;
	struct snapshot *snap = read_snapshot(&run, src, needs, tgids, &ntgids, &status);

	if (snap) {
		struct selection sel = selection_of(o, tgids, ntgids);
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

static void sleep_seconds(double secs)
{
	struct timespec ts = { (time_t)secs, (long)((secs - (double)(time_t)secs) * 1e9) };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Before each --watch round: clear a terminal, or mark the round's time
 * in a pipe or file.  JSON rounds carry their own time. */
static void put_round_start(const struct options *o, bool tty)
{
	if (o->json)
		return;
	if (tty) {
		fputs("\033[H\033[2J", stdout);
		return;
	}
	time_t now = time(NULL);
	struct tm tm;
	char when[64];

	localtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S %Z", &tm);
	printf("# %s\n", when);
}

/* -i: the browser has the terminal until the user quits. */
static int browse(const struct options *o, struct source *src)
{
	struct column_list cols = choose_columns(o, SCOPE_TASK);
	size_t nkeys;
	struct sort_key *keys = choose_sort_keys(o, SCOPE_TASK, &nkeys);
	pid_t *tgids = xcalloc(o->npids + 1, sizeof(pid_t));
	size_t ntgids = 0;
	int status = EXIT_OK;

	/* A thread id selects its process; a saved snapshot is searched for
	 * the ids once it is read. */
	if (src->live && o->npids && resolve_pids(o, src, tgids, &ntgids))
		status = EXIT_PARTIAL;
	if (!src->live && o->npids) {
		/* Not with no -p: o->pids is NULL then, and memcpy() from
		 * NULL is undefined even for no bytes. */
		memcpy(tgids, o->pids, o->npids * sizeof(pid_t));
		ntgids = o->npids;
	}
	/* Every process asked for is gone: there is nothing to browse. */
	if (!(o->npids && !ntgids && !o->nuids && !o->nnames)) {
		struct browser_opts bo = {
			.o = o, .cols = cols.cols, .ncols = cols.n, .keys = keys, .nkeys = nkeys,
			.sel = selection_of(o, tgids, ntgids), .delay = o->delay,
		};
		int st = browser_run(src, &bo);

		if (st != EXIT_OK)
			status = st;
	}
	free(tgids);
	free(cols.cols);
	free(keys);
	return status;
}

int main(int argc, char **argv)
{
	struct options o;
	int status = EXIT_OK;

	setlocale(LC_ALL, "");
#ifdef ENABLE_NLS
	bindtextdomain(PACKAGE, LOCALEDIR);
	textdomain(PACKAGE);
#endif
	utf8_init();
	options_parse(&o, argc, argv);

	enum col_scope scope = o.maps ? SCOPE_MAP : SCOPE_TASK;

	if (o.list_columns) {
		list_columns(scope);
		options_release(&o);
		return output_close(EXIT_OK);
	}
	struct sbuf load_err = { 0 };
	struct source src;

	if (o.load)
		source_file(&src, o.load, &load_err);
	else
		source_live(&src);

	if (o.save) {
		status = save(&o, &src);
	} else if (o.interactive) {
		status = browse(&o, &src);
	} else {
		struct run run = { .o = &o };
		bool tty = isatty(STDOUT_FILENO);
		run.cols = choose_columns(&o, scope);
		run.keys = choose_sort_keys(&o, scope, &run.nkeys);
		run.one_line = o.watch > 0;
		for (long round = 1;; round++) {
			if (o.watch)
				put_round_start(&o, tty);
			int st = run_once(&run, &src);

			if (st > status)
				status = st;
			if (!o.watch || st >= EXIT_USAGE || (o.count && round >= o.count))
				break;
			/* A closed pipe with SIGPIPE ignored: end quietly instead of
			 * watching forever. */
			status = output_flush(status);
			if (status == EXIT_FATAL || ferror(stdout))
				break;
			sleep_seconds(o.watch);
		}
		free(run.cols.cols);
		free(run.keys);
	}
	source_release(&src);
	sbuf_release(&load_err);
	options_release(&o);
	return status == EXIT_FATAL ? status : output_close(status);
}
