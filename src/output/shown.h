/* shown.h - the processes a view of one table per process shows (-m,
 * --limits), told on stderr when one has nothing to show and why. */
#ifndef LWPS_SHOWN_H
#define LWPS_SHOWN_H

#include <stdbool.h>
#include <stdio.h>

#include "output/table.h"
#include "view/view.h"

struct shown {
	const struct tgroup **v;     /* the selected processes, in pid order */
	size_t n;
	bool unreadable;             /* one of them has nothing to show */
};

/* Collects the processes of snap that `sel` selects; for each one that
 * `why` (N_() words, or NULL) says has nothing to show, says on stderr
 * that it has no `what` (N_() words: "mappings") and why. */
void shown_collect(struct shown *s, const struct snapshot *snap, const struct selection *sel,
		   const char *(*why)(const struct tgroup *g), const char *what);
void shown_release(struct shown *s);

/* Starts g's table: a blank line unless it is the first, then its title
 * when headings are on.  0, or -1 on a write error. */
int shown_put_title(FILE *out, const struct snapshot *snap, const struct tgroup *g,
		    const struct table_opts *t, bool first);

#endif
