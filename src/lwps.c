/* lwps.c - main: the options, the source, then the frontend they ask
 * for: --save, the browser (-i), or a view shown once or watched. */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "browser/browser.h"
#include "columns/choose.h"
#include "diff_run.h"
#include "options.h"
#include "proc/source.h"
#include "save.h"
#include "select.h"
#include "util/exitcodes.h"
#include "util/i18n.h"
#include "util/output_error.h"
#include "util/utf8.h"
#include "util/xalloc.h"
#include "watch.h"

static void list_columns(enum col_scope scope)
{
	for (size_t i = 0; i < column_count; i++) {
		const struct column *c = &column_table[i];

		if (c->scope == scope)
			printf("%-14s %s\n", c->name, _(c->help));
	}
}

/* -i: the browser has the terminal until the user quits. */
static int browse(const struct options *o, struct source *src)
{
	struct column_list cols = choose_columns(o, SCOPE_TASK);
	size_t nkeys;
	struct sort_key *keys = choose_sort_keys(o, SCOPE_TASK, &nkeys);
	pid_t *tgids = xcalloc(o->npids + 1, sizeof(pid_t));
	size_t ntgids = 0;
	int status = select_resolve_pids(o, src, tgids, &ntgids, true);

	/* The source cannot be read, or every process asked for is gone:
	 * there is nothing to browse. */
	if (status < EXIT_USAGE && !(o->npids && !ntgids && !o->nuids && !o->nnames)) {
		struct browser_opts bo = {
			.o = o, .cols = cols.cols, .ncols = cols.n, .keys = keys, .nkeys = nkeys,
			.sel = select_selection(o, tgids, ntgids), .delay = o->delay,
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
	/* Numbers are written and read with a '.' whatever the locale: JSON
	 * and snapshots must parse everywhere ("1,5" is two JSON values). */
	setlocale(LC_NUMERIC, "C");
#ifdef ENABLE_NLS
	bindtextdomain(PACKAGE, LOCALEDIR);
	textdomain(PACKAGE);
#endif
	utf8_init();
	options_parse(&o, argc, argv);

	if (o.list_columns) {
		list_columns(choose_scope(&o));
		options_release(&o);
		return output_close(EXIT_OK);
	}
	if (o.diff_old) {
		status = diff_run(&o);
		options_release(&o);
		return status == EXIT_FATAL ? status : output_close(status);
	}
	struct source src;

	if (o.load)
		source_file(&src, o.load);
	else
		source_live(&src);

	if (o.save)
		status = save_run(&o, &src);
	else if (o.interactive)
		status = browse(&o, &src);
	else
		status = watch_run(&o, &src);
	source_release(&src);
	options_release(&o);
	return status == EXIT_FATAL ? status : output_close(status);
}
