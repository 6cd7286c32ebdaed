/* json_maps.c - a process's mappings as JSON members, built in one place
 * with one rule for unknown: null, with the reason beside it. */
#include "config.h"

#include "model/read_errors.h"
#include "output/json_maps.h"
#include "view/maps_view.h"

/* The layout keys are in enum layout_field's order. */
_Static_assert(JK_ENV_END - JK_START_CODE == LY_ENV_END - LY_START_CODE && LY_ENV_END + 1 == LY_COUNT,
	       "the layout keys follow enum layout_field");

void json_maps_init(struct json_maps *jm, const struct json_opts *o, const struct sort_key *keys,
		    size_t nkeys, bool always)
{
	json_members_init(&jm->map, o, JO_MAP);
	json_members_init(&jm->total, o, JO_MAP_TOTAL);
	jm->keys = keys;
	jm->nkeys = nkeys;
	jm->always = always;
	jm->with_path = jm->with_tid = false;
	for (size_t i = 0; i < jm->map.n; i++) {
		jm->with_path |= column_is(jm->map.cols[i], COL_MAP_MAPPING);
		jm->with_tid |= column_is(jm->map.cols[i], COL_MAP_TID);
	}
}

void json_maps_release(struct json_maps *jm)
{
	json_members_release(&jm->map);
	json_members_release(&jm->total);
}

/* What a mapping's columns do not say: whether its file is deleted (path
 * alone cannot tell a deleted file from one named "x (deleted)") and its
 * name ambiguous; every thread whose stack it is, and whether one was
 * seen at an earlier reading; the smaps keys of a newer kernel. */
static void put_mapping_more(struct json_writer *w, const struct json_maps *jm, const struct vma *m)
{
	if (jm->with_path) {
		jw_key(w, JK_DELETED);
		jw_bool(w, m->deleted);
		jw_key(w, JK_PATH_AMBIGUOUS);
		jw_bool(w, m->path_ambiguous);
	}
	if (jm->with_tid) {
		jw_key(w, JK_TIDS);
		jw_open_array(w);
		for (unsigned k = 0; k < m->ntids; k++)
			jw_int(w, m->tids[k]);
		jw_close_array(w);
		jw_key(w, JK_STACK_LAST_SEEN);
		jw_bool(w, m->stack_last_seen);
	}
	if (!m->nextra)
		return;
	jw_key(w, JK_EXTRA);
	jw_open_object(w);
	for (unsigned i = 0; i < m->nextra; i++) {
		jw_key_text(w, m->extra[i].key);
		if (m->extra[i].is_size)
			jw_u64(w, m->extra[i].bytes);
		else
			jw_string(w, m->extra[i].text);
	}
	jw_close_object(w);
}

/* The mm's layout: each address as "0x...", or null when unreadable. */
static void put_layout(struct json_writer *w, const struct tgroup *g)
{
	jw_open_object(w);
	for (int f = 0; f < LY_COUNT; f++) {
		jw_key(w, (enum json_key)(JK_START_CODE + f));
		if (g->layout.known & (1u << f))
			jw_address(w, g->layout.at[f]);
		else
			jw_null(w);
	}
	jw_close_object(w);
}

static void put_unreadable(struct json_writer *w, const struct tgroup *g)
{
	jw_key(w, JK_MAPS);
	jw_null(w);
	jw_key(w, JK_MAPS_TOTAL);
	jw_null(w);
	jw_key(w, JK_LAYOUT);
	jw_null(w);
	jw_key(w, JK_MAPS_ERROR);
	jw_string(w, read_error_name(-g->maps_err));
}

void json_put_maps(struct json_writer *w, const struct json_maps *jm, const struct snapshot *snap,
		   const struct tgroup *g)
{
	struct rows rows = { 0 };
	struct vma_sum total;

	if (!g->maps_read) {
		if (g->maps_err || jm->always)
			put_unreadable(w, g);
		return;
	}
	jw_key(w, JK_MAPS);
	jw_open_array(w);
	maps_rows(&rows, snap, g, NULL, jm->keys, jm->nkeys);
	for (size_t k = 0; k < rows.n; k++) {
		jw_open_object(w);
		json_put_members(w, &jm->map, snap, &rows.rows[k]);
		put_mapping_more(w, jm, rows.rows[k].m);
		jw_close_object(w);
	}
	rows_release(&rows);
	jw_close_array(w);

	maps_total(g, &total);
	jw_key(w, JK_MAPS_TOTAL);
	jw_open_object(w);
	json_put_members(w, &jm->total, snap, &(struct row){ .g = g, .m = &total.vma, .total = true });
	jw_close_object(w);
	jw_key(w, JK_LAYOUT);
	put_layout(w, g);
}
