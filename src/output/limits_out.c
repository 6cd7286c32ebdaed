/* limits_out.c - the resource limits view (--limits): for each process a
 * table of its limits as prlimit shows them, or in JSON an "rlimits"
 * array in each process object. */
#include "config.h"

#include "output/json_value.h"
#include "output/limits_out.h"
#include "output/shown.h"
#include "util/i18n.h"
#include "view/limits_view.h"

static int print_text(FILE *out, const struct snapshot *snap, const struct tgroup *g,
		      const struct limits_out *lo, bool first)
{
	struct rows rows = { 0 };
	int ret = shown_put_title(out, snap, g, &lo->table, first);

	if (ret == 0) {
		limits_rows(&rows, snap, g, lo->keys, lo->nkeys);
		ret = table_print(out, snap, rows.rows, rows.n, lo->cols, lo->ncols, &lo->table, NULL);
		rows_release(&rows);
	}
	return ret;
}

/* "rlimits": the limits as objects, or null with "limits_error". */
static void put_rlimits(struct json_writer *w, const struct json_members *jm,
			const struct snapshot *snap, const struct tgroup *g, const struct limits_out *lo)
{
	struct rows rows = { 0 };

	if (json_put_limits_key(w, JK_RLIMITS, g))
		return;
	jw_open_array(w);
	limits_rows(&rows, snap, g, lo->keys, lo->nkeys);
	for (size_t i = 0; i < rows.n; i++) {
		jw_open_object(w);
		json_put_members(w, jm, snap, &rows.rows[i]);
		jw_close_object(w);
	}
	rows_release(&rows);
	jw_close_array(w);
}

static int print_json(FILE *out, const struct snapshot *snap, const struct tgroup *const *groups,
		      size_t n, const struct limits_out *lo)
{
	struct json_opts o = { .cols = lo->cols, .ncols = lo->ncols };
	struct json_members process, limit;
	struct json_writer w;

	json_members_init(&process, &o, JO_PROCESS);
	json_members_init(&limit, &o, JO_RLIMIT);
	jw_init(&w, out);
	json_open_document(&w, snap, true);
	json_open_processes(&w);
	for (size_t i = 0; i < n && !w.err; i++) {
		jw_newline(&w);
		jw_open_object(&w);
		json_put_members(&w, &process, snap, &(struct row){ .g = groups[i] });
		put_rlimits(&w, &limit, snap, groups[i], lo);
		jw_close_object(&w);
	}
	json_close_document(&w, false);
	json_members_release(&limit);
	json_members_release(&process);
	return jw_finish(&w);
}

int limits_print(FILE *out, const struct snapshot *snap, const struct selection *sel,
		 struct limits_out *lo)
{
	struct shown shown;
	bool first = true;
	int ret = 0;

	shown_collect(&shown, snap, sel, limits_unreadable_reason, N_("limits"));
	lo->unreadable = shown.unreadable;
	if (lo->json)
		ret = print_json(out, snap, shown.v, shown.n, lo);
	for (size_t i = 0; i < shown.n && ret == 0 && !lo->json; i++) {
		if (limits_unreadable_reason(shown.v[i]))
			continue;
		ret = print_text(out, snap, shown.v[i], lo, first);
		first = false;
	}
	shown_release(&shown);
	return ret;
}
