/* browser.h - the interactive browser (lwps -i): processes, threads, details
 * and mappings in the terminal.  Only src/browser/ includes curses; this
 * header does not, so main() can call in without it. */
#ifndef LWPS_BROWSER_H
#define LWPS_BROWSER_H

#include <stddef.h>

#include "columns/columns.h"
#include "options.h"
#include "proc/source.h"
#include "view/view.h"

struct browser_opts {
	const struct options *o;          /* -L, --ascii, --ancestors, --color */
	const struct column *const *cols; /* the list's columns (-o) */
	size_t ncols;
	const struct sort_key *keys;      /* -s */
	size_t nkeys;
	struct selection sel;             /* -p (thread group ids), -u, -C */
	double delay;                     /* seconds between refreshes */
};

/* Runs the browser until the user quits and returns the exit status.  It
 * needs a terminal on stdin and stdout (else a message and EXIT_USAGE).
 * Ctrl-C, SIGTERM and SIGHUP restore the terminal and end the process by
 * that signal. */
int browser_run(struct source *src, const struct browser_opts *bo);

#endif
