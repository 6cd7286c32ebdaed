/* maps_out.c - the mappings view (-m) in text, JSON or as a picture. */
#include "config.h"

#include <string.h>

#include "model/segments.h"
#include "output/json.h"
#include "output/layout.h"
#include "output/maps_out.h"
#include "output/shown.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "view/maps_view.h"

/* What the table cannot say: the threads whose stack no mapping is known
 * to be, and why (a thread on a CPU has no saved stack pointer to read);
 * the names smaps leaves ambiguous. */
static int print_notes(FILE *out, const struct tgroup *g)
{
	struct sbuf b = { 0 };
	struct stack_owners owners;
	int ret = 0;

	stack_owners_of(g, &owners);
	for (size_t i = 0; g->tasks_read && i < g->ntasks; i++) {
		const struct task *t = &g->tasks[i];
		const char *comm = t->comm ? t->comm : "?";

		if (stack_owners_has(&owners, t->tid))
			continue;
		sbuf_printf(&b, _("stack of thread %d ("), (int)t->tid);
		utf8_escape(&b, comm, strlen(comm), ESCAPE_TABLE);
		sbuf_printf(&b, "): %s\n",
			    t->known & TF_BIT(TF_ON_CPU) ? _("not found: it was running, so the kernel gave no stack pointer")
			    : t->known & TF_BIT(TF_SP) ? _("not found: its stack pointer is in no anonymous mapping")
			    : _("not found: its stack pointer could not be read"));
	}
	for (size_t i = 0; i < g->nmaps; i++)
		if (g->maps[i].path_ambiguous)
			sbuf_printf(&b, _("name of the mapping at %llx: ambiguous: each \\012 is a newline "
					  "or those four characters (map_files, readable with "
					  "CAP_SYS_ADMIN, would tell)\n"),
				    g->maps[i].start);
	stack_owners_release(&owners);
	if (b.len && fwrite(b.data, 1, b.len, out) != b.len)
		ret = -1;
	sbuf_release(&b);
	return ret;
}

static int print_text(FILE *out, const struct snapshot *snap, const struct tgroup *g,
		      const struct maps_out *mo, bool first)
{
	struct rows rows = { 0 };
	struct vma_sum total;
	int ret = shown_put_title(out, snap, g, &mo->table, first);

	if (ret == 0 && mo->layout) {
		ret = layout_print(out, g, mo->table.color);
	} else if (ret == 0) {
		maps_total(g, &total);
		maps_rows(&rows, snap, g, &total.vma, mo->keys, mo->nkeys);
		ret = table_print(out, snap, rows.rows, rows.n, mo->cols, mo->ncols, &mo->table, NULL);
		rows_release(&rows);
	}
	if (ret == 0)
		ret = print_notes(out, g);
	return ret;
}

int maps_print(FILE *out, const struct snapshot *snap, const struct selection *sel,
	       struct maps_out *mo)
{
	struct shown shown;
	int ret = 0;

	shown_collect(&shown, snap, sel, maps_unreadable_reason, N_("mappings"));
	mo->unreadable = shown.unreadable;
	if (mo->json) {
		struct json_opts jo = { .cols = mo->cols, .ncols = mo->ncols, .one_line = mo->one_line };

		ret = json_print_maps(out, snap, shown.v, shown.n, &jo, mo->keys, mo->nkeys);
	} else {
		bool first = true;

		for (size_t i = 0; i < shown.n && ret == 0; i++) {
			if (maps_unreadable_reason(shown.v[i]))
				continue;
			ret = print_text(out, snap, shown.v[i], mo, first);
			first = false;
		}
	}
	shown_release(&shown);
	return ret;
}
