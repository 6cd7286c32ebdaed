/* shown.c - the processes a view of one table per process shows. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/format.h"
#include "output/shown.h"
#include "util/i18n.h"
#include "util/sbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

void shown_collect(struct shown *s, const struct snapshot *snap, const struct selection *sel,
		   const char *(*why)(const struct tgroup *g), const char *what)
{
	*s = (struct shown){ .v = xmalloc((snap->ngroups + 1) * sizeof(*s->v)) };
	for (size_t i = 0; i < snap->ngroups; i++) {
		const struct tgroup *g = &snap->groups[i];
		const char *words;

		if (!selection_match(sel, g))
			continue;
		s->v[s->n++] = g;
		if ((words = why(g))) {
			struct sbuf name = { 0 };
			const char *comm = g->self.comm ? g->self.comm : "?";

			/* The name is someone else's: escape it for the terminal too. */
			utf8_escape(&name, comm, strlen(comm), ESCAPE_TABLE);
			fprintf(stderr, _("lwps: no %s for %d (%s): %s\n"), _(what), (int)g->pid,
				sbuf_cstr(&name), _(words));
			sbuf_release(&name);
			s->unreadable = true;
		}
	}
}

void shown_release(struct shown *s)
{
	free(s->v);
	*s = (struct shown){ 0 };
}

int shown_put_title(FILE *out, const struct snapshot *snap, const struct tgroup *g,
		    const struct table_opts *t, bool first)
{
	struct sbuf title = { 0 };
	int ret = 0;

	if (!first && fputc('\n', out) == EOF)
		return -1;
	if (t->headings) {
		format_title(&title, snap, g, t->max_width);
		if (fwrite(title.data, 1, title.len, out) != title.len)
			ret = -1;
		sbuf_release(&title);
	}
	return ret;
}
