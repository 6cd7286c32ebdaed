/* options.h - the command line, parsed. */
#ifndef LWPS_OPTIONS_H
#define LWPS_OPTIONS_H

#include <stdbool.h>
#include <sys/types.h>

#include "columns/columns.h"
#include "view/view.h"

enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

struct options {
	bool lwps;               /* -L */
	bool tree;               /* -t */
	bool ascii;              /* --ascii tree lines */
	bool ancestors;          /* --ancestors with -t */
	bool json;               /* -J */
	bool headings;           /* not -n */
	bool raw;                /* -r */
	bool wide;               /* -w */
	bool output_all;
	bool list_columns;
	enum color_mode color;

	bool maps;               /* -m */
	bool layout;             /* --layout */
	bool limits;             /* --limits: each process's resource limits */
	bool waits;              /* -W: waiting threads by what they wait on */

	bool interactive;        /* -i: the curses browser */
	double delay;            /* -d: seconds between its refreshes */
	bool delay_given;

	const char *save;        /* --save FILE ("-" for stdout) */
	const char *load;        /* --load FILE */
	double watch;            /* --watch SECS; 0 = once */
	double interval;         /* -I SECS: two readings this far apart; 0 = one */
	long count;              /* --count N; 0 = until interrupted */
	const char *diff_old;    /* --diff OLD NEW: two snapshots compared */
	const char *diff_new;

	/* -o and -s as given: their names are looked up once the view (and
	 * so the kind of columns) is known. */
	char **outputs;
	size_t noutputs;
	char **sorts;
	size_t nsorts;

	pid_t *pids;                    /* -p and bare PIDs, as given */
	size_t npids;
	uid_t *uids;                    /* -u */
	size_t nuids;
	char **names;                   /* -C */
	size_t nnames;
	char *states;                   /* --state: the letters kept, or NULL */
};

/* Parses argv; on a usage error (an option that does not apply too)
 * prints a message and exits with 2.
 * --help and --version print and exit 0. */
void options_parse(struct options *o, int argc, char **argv);
void options_release(struct options *o);

/* Prints "lwps: MESSAGE" and the --help hint, and exits with 2. */
__attribute__((format(printf, 1, 2), noreturn))
void usage_error(const char *fmt, ...);

/* A positive number of seconds (fractions allowed), else a usage error. */
double parse_seconds(const char *s);

/* Calls fn(ctx, item) for each item of a list separated by commas or
 * blanks; an empty list is a usage error. */
void for_each_item(const char *list, void *ctx, void (*fn)(void *ctx, const char *item));

#endif
