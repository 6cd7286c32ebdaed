/* json.c - the view as JSON, schema 1.
 *
 * Each process object is built with cJSON, printed and freed before the
 * next, so memory stays flat however many tasks there are.  Strings are
 * made valid UTF-8 first and written with every control escaped (see
 * util/utf8.h). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "output/format.h"
#include "output/json.h"
#include "output/json_save.h"
#include "output/json_value.h"
#include "output/maps_out.h"
#include "view/maps_view.h"
#include "util/xalloc.h"

static int put(FILE *out, const char *s)
{
	return fputs(s, out) < 0 ? -1 : 0;
}

/* The document's opening: schema, version, when the data was taken
 * (and that it came from a saved snapshot), then the processes array. */
static int put_head(FILE *out, const struct snapshot *snap)
{
	char head[256];

	snprintf(head, sizeof(head), "{\"schema\":%d,\"lwps_version\":\"%s\",\"taken_at\":%.2f,%s"
		 "\"processes\":[", JSON_SCHEMA, PACKAGE_VERSION, snap->host.taken_at,
		 snap->from_file ? "\"from_snapshot\":true," : "");
	return put(out, head);
}

/* Between elements of the processes array: a newline each, unless the
 * document must fit on one line. */
static const char *sep(const struct json_opts *o, bool first)
{
	if (o->one_line)
		return first ? "" : ",";
	return first ? "\n" : ",\n";
}

static cJSON *thread_object(const struct json_opts *o, const struct snapshot *snap, const struct row *r)
{
	cJSON *t = cJSON_CreateObject();

	json_add_columns(t, o, snap, r, OBJ_THREAD);
	return t;
}

int json_print(FILE *out, const struct snapshot *snap, const struct row *rows, size_t nrows,
	       const struct json_opts *o)
{
	/* Group the rows by process, keeping the order of first appearance. */
	size_t ng = snap->ngroups;
	size_t *first = xmalloc((ng + 1) * sizeof(size_t));
	size_t *next = xmalloc((nrows + 1) * sizeof(size_t));
	size_t *last = xmalloc((ng + 1) * sizeof(size_t));
	const size_t none = (size_t)-1;
	int ret = 0;

	for (size_t i = 0; i < ng; i++)
		first[i] = last[i] = none;
	for (size_t i = 0; i < nrows; i++) {
		size_t gi = (size_t)(rows[i].g - snap->groups);

		next[i] = none;
		if (first[gi] == none)
			first[gi] = i;
		else
			next[last[gi]] = i;
		last[gi] = i;
	}

	ret = put_head(out, snap);

	bool any = false;
	for (size_t i = 0; i < nrows && ret == 0; i++) {
		size_t gi = (size_t)(rows[i].g - snap->groups);

		if (first[gi] != i)
			continue;
		struct row pr = { .g = rows[i].g };
		cJSON *obj = cJSON_CreateObject();

		json_add_columns(obj, o, snap, &pr, OBJ_PROCESS);
		if (o->threads) {
			cJSON *threads = cJSON_AddArrayToObject(obj, "threads");

			for (size_t k = i; k != none; k = next[k])
				if (rows[k].t)
					cJSON_AddItemToArray(threads, thread_object(o, snap, &rows[k]));
		}
		ret = put(out, sep(o, !any));
		if (ret == 0)
			ret = json_write(out, obj, false);
		else
			cJSON_Delete(obj);
		any = true;
	}
	if (ret == 0)
		ret = put(out, o->one_line ? "]}\n" : "\n]}\n");
	free(first);
	free(next);
	free(last);
	return ret;
}

/* An object of the tree left open while the rows below it are printed:
 * a process (its "threads", then its "children" array open), or with
 * -L a thread (its "children" array open). */
struct open {
	unsigned depth;
	bool in_threads;     /* a process whose "threads" array is still open */
	bool any;            /* the open array has an element yet */
};

static int close_open(FILE *out, const struct open *op)
{
	return put(out, op->in_threads ? "],\"children\":[]}" : "]}");
}

/* A thread object, left open in its "children" array. */
static int put_thread(FILE *out, const struct snapshot *snap, const struct tree_row *r,
		      const struct json_opts *o, struct open *parent)
{
	int ret = put(out, parent->any ? "," : "");

	parent->any = true;
	if (ret == 0)
		ret = json_write(out, thread_object(o, snap, &r->row), true);
	return ret ? ret : put(out, ",\"children\":[");
}

/* A process object, left open in its "threads" (with -L) or "children". */
static int put_tree_process(FILE *out, const struct snapshot *snap, const struct tree *tree,
			    const struct tree_row *r, const struct json_opts *o, bool *any)
{
	struct row pr = { .g = r->row.g };
	cJSON *obj = cJSON_CreateObject();
	int ret = put(out, sep(o, !*any));

	*any = true;
	json_add_columns(obj, o, snap, &pr, OBJ_PROCESS);
	if (tree_is_idle(tree, r->row.g))
		cJSON_AddTrueToObject(obj, "synthetic");
	cJSON_AddBoolToObject(obj, "new_pid_ns", r->new_pidns);
	if (r->cycle)
		cJSON_AddTrueToObject(obj, "ppid_cycle");
	if (ret == 0)
		ret = json_write(out, obj, true);
	else
		cJSON_Delete(obj);
	return ret ? ret : put(out, o->threads ? ",\"threads\":[" : ",\"children\":[");
}

int json_print_tree(FILE *out, const struct snapshot *snap, const struct tree *tree,
		    const struct json_opts *o)
{
	/* Rows come depth-first, each thread's forked children right after
	 * it (see tree.h): a row closes every open object as deep as it. */
	struct open *open = xmalloc((tree->n + 1) * sizeof(struct open));
	size_t nopen = 0;
	bool any_root = false;
	int ret = put_head(out, snap);

	for (size_t i = 0; i < tree->n && ret == 0; i++) {
		const struct tree_row *r = &tree->rows[i];
		bool is_thread = r->row.t != NULL;

		if (is_thread && !o->threads)
			continue;
		while (nopen && open[nopen - 1].depth >= r->depth && ret == 0)
			ret = close_open(out, &open[--nopen]);
		struct open *up = nopen ? &open[nopen - 1] : NULL;

		if (ret)
			break;
		if (is_thread) {
			if (!up || !up->in_threads)
				continue;   /* not under its process: tree.c never does that */
			ret = put_thread(out, snap, r, o, up);
		} else {
			if (up && up->in_threads) {
				/* The process's first child ends its threads. */
				ret = put(out, "],\"children\":[");
				up->in_threads = false;
				up->any = false;
			}
			if (ret == 0)
				ret = put_tree_process(out, snap, tree, r, o, up ? &up->any : &any_root);
		}
		open[nopen++] = (struct open){ r->depth, !is_thread && o->threads, false };
	}
	while (nopen-- && ret == 0)
		ret = close_open(out, &open[nopen]);
	if (ret == 0)
		ret = put(out, o->one_line ? "]}\n" : "\n]}\n");
	free(open);
	return ret;
}

/* Prints the member `"key":` and `item`, freeing it. */
static int put_member(FILE *out, const char *key, cJSON *item)
{
	int ret = put(out, ",\"") == 0 && put(out, key) == 0 && put(out, "\":") == 0 ? 0 : -1;

	return ret == 0 ? json_write(out, item, false) : (cJSON_Delete(item), -1);
}

/* A readable process's mappings, one object at a time: a process with
 * tens of thousands of mappings never sits in memory as one tree. */
static int put_maps(FILE *out, const struct snapshot *snap, const struct tgroup *g,
		    const struct json_opts *o, const struct sort_key *keys, size_t nkeys)
{
	struct rows rows = { 0 };
	struct vma total;
	int ret = put(out, ",\"maps\":[");

	maps_rows(&rows, snap, g, NULL, keys, nkeys);
	for (size_t k = 0; k < rows.n && ret == 0; k++) {
		cJSON *m = cJSON_CreateObject();

		json_add_columns(m, o, snap, &rows.rows[k], OBJ_MAP);
		ret = k ? put(out, ",") : 0;
		ret = ret == 0 ? json_write(out, m, false) : (cJSON_Delete(m), -1);
	}
	rows_release(&rows);
	if (ret == 0)
		ret = put(out, "]");
	maps_total(g, &total);
	cJSON *t = cJSON_CreateObject();

	json_add_columns(t, o, snap, &(struct row){ .g = g, .m = &total, .total = true },
			 OBJ_MAP_TOTAL);
	ret = ret == 0 ? put_member(out, "maps_total", t) : (cJSON_Delete(t), -1);
	return ret == 0 ? put_member(out, "layout", json_layout_object(g)) : -1;
}

int json_print_maps(FILE *out, const struct snapshot *snap, const struct tgroup *const *groups,
		    size_t n, const struct json_opts *o, const struct sort_key *keys, size_t nkeys)
{
	int ret = put_head(out, snap);

	for (size_t i = 0; i < n && ret == 0; i++) {
		const struct tgroup *g = groups[i];
		const char *why = maps_unreadable_reason(g);
		struct row pr = { .g = g };
		cJSON *obj = cJSON_CreateObject();
		bool readable = !(why && !g->maps_read);

		json_add_columns(obj, o, snap, &pr, OBJ_PROCESS);
		if (!readable) {
			/* Unknown, not empty: the kernel would not tell. */
			cJSON_AddNullToObject(obj, "maps");
			cJSON_AddNullToObject(obj, "maps_total");
			cJSON_AddNullToObject(obj, "layout");
			cJSON_AddStringToObject(obj, "maps_error", why);
		}
		ret = put(out, sep(o, i == 0));
		ret = ret == 0 ? json_write(out, obj, readable) : (cJSON_Delete(obj), -1);
		if (ret == 0 && readable)
			ret = put_maps(out, snap, g, o, keys, nkeys) == 0 ? put(out, "}") : -1;
	}
	if (ret == 0)
		ret = put(out, o->one_line ? "]}\n" : "\n]}\n");
	return ret;
}
