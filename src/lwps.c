/* lwps.c - main: options, then source -> snapshot -> view -> frontend. */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "columns/columns.h"
#include "options.h"
#include "output/json.h"
#include "output/table.h"
#include "output/tree_art.h"
#include "proc/live.h"
#include "util/exitcodes.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"
#include "view/tree.h"
#include "view/view.h"

static const char *const default_proc_columns[] = {
	"PID", "PPID", "USER", "STAT", "NLWP", "TIME", "RSS", "COMMAND",
};
static const char *const default_lwp_columns[] = {
	"PID", "LWP", "USER", "STAT", "NLWP", "TIME", "TNAME", "COMM",
};
/* In a tree, threads show their names in the command column. */
static const char *const default_tree_lwp_columns[] = {
	"PID", "LWP", "PPID", "USER", "STAT", "NLWP", "TIME", "COMMAND",
};

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

struct column_list {
	const struct column **cols;
	size_t n;
};

static void list_add(struct column_list *l, const struct column *c)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->cols[i] == c)
			return;
	l->cols = xrealloc(l->cols, (l->n + 1) * sizeof(*l->cols));
	l->cols[l->n++] = c;
}

/* The columns to show: -o, +COL after the defaults, or every column. */
static struct column_list choose_columns(const struct options *o)
{
	struct column_list l = { 0 };

	if (o->output_all || (o->json && o->ncols == 0)) {
		for (size_t i = 0; i < column_count; i++)
			list_add(&l, &column_table[i]);
		return l;
	}
	if (o->ncols == 0 || o->cols_add) {
		const char *const *names = default_proc_columns;
		size_t n = LEN(default_proc_columns);

		if (o->lwps && o->tree) {
			names = default_tree_lwp_columns;
			n = LEN(default_tree_lwp_columns);
		} else if (o->lwps) {
			names = default_lwp_columns;
			n = LEN(default_lwp_columns);
		}
		for (size_t i = 0; i < n; i++)
			list_add(&l, column_find(names[i]));
	}
	for (size_t i = 0; i < o->ncols; i++)
		list_add(&l, o->cols[i]);
	return l;
}

static unsigned needs_of(const struct options *o, const struct column_list *l)
{
	unsigned needs = NEED_STAT;

	for (size_t i = 0; i < l->n; i++)
		needs |= l->cols[i]->needs | (o->lwps ? l->cols[i]->task_needs : 0);
	for (size_t i = 0; i < o->nkeys; i++)
		needs |= o->keys[i].col->needs | (o->lwps ? o->keys[i].col->task_needs : 0);
	if (o->nuids)
		needs |= NEED_PSTATUS;
	if (o->lwps)
		needs |= NEED_TASKS;
	if (o->tree)
		needs |= NEED_PSTATUS;   /* NSpid marks where a pid namespace begins */
	return needs;
}

static void list_columns(void)
{
	for (size_t i = 0; i < column_count; i++) {
		const struct column *c = &column_table[i];

		printf("%-8s %s\n", c->name, _(c->help));
	}
}

/* Maps each requested id to its thread group; reports ids that name no
 * task.  Returns the number of ids that could not be resolved. */
static size_t resolve_pids(const struct options *o, pid_t *tgids, size_t *ntgids)
{
	size_t missing = 0;

	*ntgids = 0;
	for (size_t i = 0; i < o->npids; i++) {
		pid_t tgid;
		int err = live_tgid_of(o->pids[i], &tgid);

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

/* Flushes stdout; a full disk is fatal, a closed pipe ends quietly. */
static int finish_output(int status)
{
	if (fflush(stdout) == 0 && !ferror(stdout) && fclose(stdout) == 0)
		return status;
	if (errno == EPIPE)
		return status;
	fprintf(stderr, _("lwps: write error: %s\n"), strerror(errno));
	return EXIT_FATAL;
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

static int print_flat(const struct options *o, const struct snapshot *snap,
		      const struct column_list *cols, const struct view_opts *vo)
{
	struct rows rows = { 0 };
	int ret;

	view_build(&rows, snap, vo);
	if (o->json) {
		struct json_opts jo = { .threads = o->lwps, .cols = cols->cols, .ncols = cols->n };

		ret = json_print(stdout, snap, rows.rows, rows.n, &jo);
	} else {
		struct table_opts to = table_options(o);

		ret = table_print(stdout, snap, rows.rows, rows.n, cols->cols, cols->n, &to, NULL);
	}
	rows_release(&rows);
	return ret;
}

static int print_tree(const struct options *o, const struct snapshot *snap,
		      const struct column_list *cols, const struct view_opts *vo)
{
	struct tree_opts topt = {
		.sel = vo->sel, .ancestors = o->ancestors, .threads = o->lwps,
		.keys = vo->keys, .nkeys = vo->nkeys,
	};
	struct tree tree = { 0 };
	int ret;

	tree_build(&tree, snap, &topt);
	if (o->json) {
		struct json_opts jo = { .threads = o->lwps, .cols = cols->cols, .ncols = cols->n };

		ret = json_print_tree(stdout, snap, &tree, &jo);
	} else {
		struct table_opts to = table_options(o);
		const struct column *artcol = tree_art_column(cols->cols, cols->n);
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
		ret = table_print(stdout, snap, rows, tree.n, cols->cols, cols->n, &to, &decor);
		free(rows);
		tree_art_release(&art);
	}
	tree_release(&tree);
	return ret;
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
	if (o.list_columns) {
		list_columns();
		options_release(&o);
		return finish_output(EXIT_OK);
	}

	struct column_list cols = choose_columns(&o);
	struct live_request req = { .needs = needs_of(&o, &cols) };
	pid_t *tgids = NULL;
	size_t ntgids = 0;
	/* A tree of a pid needs its descendants: read everything then. */
	bool only_pids = o.npids && !o.nuids && !o.nnames && !o.tree;

	if (o.npids) {
		tgids = xcalloc(o.npids, sizeof(pid_t));
		if (resolve_pids(&o, tgids, &ntgids))
			status = EXIT_PARTIAL;
	}
	if (only_pids) {
		req.pids = tgids;
		req.npids = ntgids;
	}

	struct snapshot *snap = snapshot_new();
	int err = (only_pids && ntgids == 0) ? 0 : live_read(snap, &req);

	if (err == -ENOENT) {
		fprintf(stderr, _("lwps: /proc is not mounted or not readable\n"));
		return EXIT_FATAL;
	} else if (err < 0) {
		fprintf(stderr, _("lwps: cannot read /proc: %s\n"), strerror(-err));
		return EXIT_FATAL;
	}
	for (size_t i = 0; i < ntgids; i++)
		if (!snapshot_find_group(snap, tgids[i])) {
			/* It existed a moment ago and exited while being read. */
			fprintf(stderr, _("lwps: no such process: %d\n"), (int)tgids[i]);
			status = EXIT_PARTIAL;
		}

	struct view_opts vo = {
		.sel = { .pids = tgids, .npids = ntgids, .uids = o.uids, .nuids = o.nuids,
			 .names = (const char *const *)o.names, .nnames = o.nnames },
		.threads = o.lwps,
		.keys = o.keys,
		.nkeys = o.nkeys,
	};
	int werr = o.tree ? print_tree(&o, snap, &cols, &vo) : print_flat(&o, snap, &cols, &vo);

	if (werr < 0 && errno != EPIPE) {
		fprintf(stderr, _("lwps: write error: %s\n"), strerror(errno));
		status = EXIT_FATAL;
	}

	snapshot_free(snap);
	free(tgids);
	free(cols.cols);
	options_release(&o);
	return status == EXIT_FATAL ? status : finish_output(status);
}
