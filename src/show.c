/* show.c - one round of a view: read the snapshot, then print it as a
 * table, a tree, mappings or JSON. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "model/delta.h"
#include "output/format.h"
#include "output/json.h"
#include "output/limits_out.h"
#include "output/maps_out.h"
#include "output/table.h"
#include "output/thread_notes.h"
#include "output/unknown_notes.h"
#include "output/tree_art.h"
#include "output/waits_out.h"
#include "select.h"
#include "show.h"
#include "util/exitcodes.h"
#include "util/i18n.h"
#include "util/output_error.h"
#include "util/utf8.h"
#include "util/xalloc.h"
#include "view/tree.h"

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

struct table_opts show_table_options(const struct options *o)
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
		struct table_opts to = show_table_options(run->o);

		ret = table_print(stdout, snap, rows.rows, rows.n, run->cols.cols, run->cols.n, &to, NULL);
		if (ret == 0 && !to.raw)
			ret = thread_notes_print(stdout, snap, rows.rows, rows.n);
		if (ret == 0 && !to.raw)
			ret = unknown_notes_print(stdout, snap, rows.rows, rows.n, run->cols.cols, run->cols.n);
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
		struct table_opts to = show_table_options(o);
		const struct column *artcol = tree_art_column(run->cols.cols, run->cols.n);
		struct tree_art art = {
			.tree = &tree,
			.ascii = o->ascii || !utf8_locale(),
			.names_only = column_is(artcol, COL_TNAME),
			.mode = o->raw ? ESCAPE_RAW : ESCAPE_TABLE,
		};
		struct table_decor decor = { artcol, tree_art_prefix, &art };
		struct row *rows = xmalloc((tree.n + 1) * sizeof(struct row));

		for (size_t i = 0; i < tree.n; i++)
			rows[i] = tree.rows[i].row;
		ret = table_print(stdout, snap, rows, tree.n, run->cols.cols, run->cols.n, &to, &decor);
		if (ret == 0 && !to.raw)
			ret = thread_notes_print(stdout, snap, rows, tree.n);
		if (ret == 0 && !to.raw)
			ret = unknown_notes_print(stdout, snap, rows, tree.n, run->cols.cols, run->cols.n);
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
		.table = show_table_options(run->o),
		.json = run->o->json,
		.one_line = run->one_line,
		.layout = run->o->layout,
	};
	int ret = maps_print(stdout, snap, &run->vo.sel, &mo);

	if (mo.unreadable)
		*status = EXIT_PARTIAL;
	return ret;
}

static int print_limits(const struct run *run, const struct snapshot *snap, int *status)
{
	struct limits_out lo = {
		.cols = run->cols.cols, .ncols = run->cols.n,
		.keys = run->keys, .nkeys = run->nkeys,
		.table = show_table_options(run->o),
		.json = run->o->json,
	};
	int ret = limits_print(stdout, snap, &run->vo.sel, &lo);

	if (lo.unreadable)
		*status = EXIT_PARTIAL;
	return ret;
}

/* A saved snapshot says so, and when it was taken, above a text view. */
static int put_snapshot_banner(const struct snapshot *snap)
{
	struct sbuf host = { 0 }, when = { 0 };
	const char *name = snap->host.hostname ? snap->host.hostname : "?";

	format_when(&when, snap->host.taken_at);
	utf8_escape(&host, name, strlen(name), ESCAPE_TABLE);
	int ret = printf(_("# snapshot of %s taken %s\n"), sbuf_cstr(&host), sbuf_cstr(&when)) < 0 ? -1 : 0;

	sbuf_release(&host);
	sbuf_release(&when);
	return ret;
}

bool show_wants_rates(const struct run *run)
{
	if (run->o->waits)
		return false;   /* -W shows no rate, whatever the columns */
	for (size_t i = 0; i < run->cols.n; i++)
		if (run->cols.cols[i]->needs & NEED_PREVIOUS)
			return true;
	for (size_t i = 0; i < run->nkeys; i++)
		if (run->keys[i].col->needs & NEED_PREVIOUS)
			return true;
	return false;
}

static unsigned run_needs(const struct run *run)
{
	/* -W reads by each task's state what it shows (proc/live.c). */
	if (run->o->waits)
		return NEED_STAT | NEED_TASKS | NEED_WAITS | (run->o->nuids ? NEED_PSTATUS : 0);
	return choose_needs(run->o, &run->cols, run->keys, run->nkeys);
}

static struct live_request run_request(const struct run *run)
{
	return (struct live_request){ .needs = run_needs(run),
				      .threads_only = choose_threads_only(run->o),
				      .refreshing = run->o->watch > 0 };
}

static int print_waits(const struct run *run, const struct snapshot *snap)
{
	struct waits w;
	struct waits_out wo = {
		.table = show_table_options(run->o), .json = run->o->json, .one_line = run->one_line,
	};
	int ret;

	waits_build(&w, snap, &run->vo.sel);
	ret = waits_print(stdout, snap, &w, &wo);
	waits_release(&w);
	return ret;
}

int show_first_reading(struct run *run, struct source *src)
{
	const struct options *o = run->o;
	pid_t *tgids = xcalloc(o->npids + 1, sizeof(pid_t));
	size_t ntgids = 0;
	int status = EXIT_OK;
	struct live_request want = run_request(run);

	struct snapshot *snap = select_read(o, src, &want, tgids, &ntgids, &status, false);

	free(tgids);
	if (!snap)
		return status;
	reading_free(run->before);
	run->before = reading_of(snap);
	snapshot_free(snap);
	return EXIT_OK;
}

int show_round(struct run *run, struct source *src)
{
	const struct options *o = run->o;
	pid_t *tgids = xcalloc(o->npids + 1, sizeof(pid_t));
	size_t ntgids = 0;
	int status = EXIT_OK, werr = 0;
	struct live_request want = run_request(run);
	struct snapshot *snap = select_read(o, src, &want, tgids, &ntgids, &status, true);

	if (!snap) {
		free(tgids);
		return status;
	}
	/* Readings of one source are of one boot, taken in order. */
	if (run->before) {
		delta_attach_reading(snap, run->before);
		/* Its last use: the rows and the output reuse its memory. */
		reading_free(run->before);
		run->before = NULL;
	}
	run->vo = (struct view_opts){
		.sel = select_selection(o, tgids, ntgids),
		.threads = o->lwps,
		.keys = run->keys,
		.nkeys = run->nkeys,
	};
	/* smaps is costly: read it for the selected processes only. */
	if (o->maps)
		for (size_t i = 0; i < snap->ngroups; i++)
			if (selection_match(&run->vo.sel, &snap->groups[i]))
				src->read_maps(src, snap, &snap->groups[i], o->layout);

	if (snap->from_file && !o->json && o->headings)
		werr = put_snapshot_banner(snap);
	if (werr == 0) {
		if (o->maps)
			werr = print_maps(run, snap, &status);
		else if (o->limits)
			werr = print_limits(run, snap, &status);
		else if (o->waits)
			werr = print_waits(run, snap);
		else if (o->tree)
			werr = print_tree(run, snap);
		else
			werr = print_flat(run, snap);
	}
	if (werr < 0)
		status = output_failed(errno, status);
	if (run->keep_readings)
		run->before = reading_of(snap);
	snapshot_free(snap);
	free(tgids);
	return status;
}

void show_release(struct run *run)
{
	reading_free(run->before);
	run->before = NULL;
	free(run->cols.cols);
	free(run->keys);
}
