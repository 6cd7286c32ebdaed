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

	const struct column **cols;     /* -o, in order; NULL = defaults */
	size_t ncols;
	bool cols_add;                  /* -o +LIST: defaults first */

	struct sort_key *keys;          /* -s */
	size_t nkeys;

	pid_t *pids;                    /* -p and bare PIDs, as given */
	size_t npids;
	uid_t *uids;                    /* -u */
	size_t nuids;
	char **names;                   /* -C */
	size_t nnames;
};

/* Parses argv; on a usage error prints a message and exits with 2.
 * --help and --version print and exit 0. */
void options_parse(struct options *o, int argc, char **argv);
void options_release(struct options *o);

#endif
