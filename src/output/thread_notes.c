/* thread_notes.c - under a table of processes or threads, why a count of
 * threads is marked: threads began or ended while their process's task
 * directory was listed, and reading it again did not catch up. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>

#include "output/thread_notes.h"
#include "util/i18n.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

int thread_notes_print(FILE *out, const struct snapshot *snap, const struct row *rows, size_t n)
{
	bool *told = xcalloc(snap->ngroups + 1, sizeof(bool));
	struct sbuf b = { 0 };
	int ret = 0;

	for (size_t i = 0; i < n; i++) {
		const struct tgroup *g = rows[i].g;

		/* Asked first: a tree's idle task (pid 0) is no group of snap. */
		if (!tgroup_threads_differ(g) || told[g - snap->groups])
			continue;
		told[g - snap->groups] = true;
		sbuf_printf(&b, P_("* process %d: NLWP %d, but %zu thread listed: threads began or "
				   "ended while they were read\n",
				   "* process %d: NLWP %d, but %zu threads listed: threads began or "
				   "ended while they were read\n", g->ntasks),
			    (int)g->pid, g->self.nlwp, g->ntasks);
	}
	if (b.len && fwrite(b.data, 1, b.len, out) != b.len)
		ret = -1;
	sbuf_release(&b);
	free(told);
	return ret;
}
