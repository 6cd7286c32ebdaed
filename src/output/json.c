/* json.c - the view as JSON, schema 1.
 *
 * Each process object is built with cJSON, printed and freed before the
 * next, so memory stays flat however many tasks there are.  Strings are
 * made valid UTF-8 first (see util/utf8.h); cJSON escapes controls. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "output/format.h"
#include "output/json.h"
#include "output/maps_out.h"
#include "view/maps_view.h"
#include "util/xalloc.h"

static cJSON *json_string(const char *s)
{
	size_t len = strlen(s);

	if (utf8_valid(s, len))
		return cJSON_CreateString(s);

	struct sbuf b = { 0 };

	utf8_sanitize(&b, s, len);
	cJSON *j = cJSON_CreateString(sbuf_cstr(&b));
	sbuf_release(&b);
	return j;
}

static cJSON *json_value(const struct column *c, const struct value *v, const struct snapshot *snap)
{
	double hz = (double)snap->host.clock_ticks;

	switch (v->kind) {
	case V_UNKNOWN:
	case V_NONE:
		return cJSON_CreateNull();
	case V_STR:
		if (c->format == CF_PATH && v->i) {
			struct sbuf b = { 0 };
			cJSON *j;

			sbuf_puts(&b, v->s);
			sbuf_puts(&b, " (deleted)");
			j = json_string(sbuf_cstr(&b));
			sbuf_release(&b);
			return j;
		}
		return json_string(v->s);
	case V_ARGV: {
		cJSON *a = cJSON_CreateArray();

		for (int i = 0; i < v->n; i++)
			cJSON_AddItemToArray(a, json_string(v->argv[i]));
		return a;
	}
	case V_PIDS: {
		cJSON *a = cJSON_CreateArray();

		for (int i = 0; i < v->n; i++)
			cJSON_AddItemToArray(a, cJSON_CreateNumber(v->pids[i]));
		return a;
	}
	case V_COUNTS: {
		cJSON *o = cJSON_CreateObject();

		for (const char *s = format_state_order; *s; s++) {
			unsigned n = v->counts[(unsigned char)*s];
			char key[2] = { *s, '\0' };

			if (n)
				cJSON_AddNumberToObject(o, key, n);
		}
		return o;
	}
	case V_INT:
		switch (c->format) {
		case CF_TICKS:
			return cJSON_CreateNumber((double)v->i / hz);
		case CF_START:
			return cJSON_CreateNumber(format_start_epoch(snap, v->i));
		case CF_ELAPSED:
			return cJSON_CreateNumber(snap->host.taken_at - format_start_epoch(snap, v->i));
		case CF_ADDR: {
			char hex[32];

			snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)v->i);
			return cJSON_CreateString(hex);
		}
		case CF_BIGINT: {
			char dec[32];

			snprintf(dec, sizeof(dec), "%llu", (unsigned long long)v->i);
			return cJSON_CreateString(dec);
		}
		default:
			return cJSON_CreateNumber((double)v->i);
		}
	}
	return cJSON_CreateNull();
}

enum object_kind { OBJ_PROCESS, OBJ_THREAD, OBJ_MAP, OBJ_MAP_TOTAL };

static const char *key_for(const struct column *c, enum object_kind kind)
{
	switch (kind) {
	case OBJ_PROCESS:
		return c->proc_key;
	case OBJ_THREAD:
		return c->task_key;
	case OBJ_MAP:
		return c->map_key;
	case OBJ_MAP_TOTAL:
		/* The sum has sizes only: no address, file or segment. */
		return c->format == CF_KIB ? c->map_key : NULL;
	}
	return NULL;
}

/* Adds the chosen columns that have a key for this kind of object, after
 * the key that identifies it (pid, tid, start), present whatever -o says. */
static void add_columns(cJSON *obj, const struct json_opts *o, const struct snapshot *snap,
			const struct row *r, enum object_kind kind)
{
	static const char *const ids[] = { "PID", "LWP", NULL, NULL };
	const struct column *id = NULL;
	struct value v;

	if (kind == OBJ_MAP)
		id = column_find_scoped("START", SCOPE_MAP);
	else if (ids[kind])
		id = column_find(ids[kind]);
	if (id) {
		memset(&v, 0, sizeof(v));
		id->get(r, snap, &v);
		cJSON_AddItemToObject(obj, key_for(id, kind), json_value(id, &v, snap));
	}
	for (size_t i = 0; i < o->ncols; i++) {
		const struct column *c = o->cols[i];
		const char *key = key_for(c, kind);

		if (!key || c == id || cJSON_HasObjectItem(obj, key))
			continue;
		memset(&v, 0, sizeof(v));
		c->get(r, snap, &v);
		cJSON_AddItemToObject(obj, key, json_value(c, &v, snap));
	}
}

static int put(FILE *out, const char *s)
{
	return fputs(s, out) < 0 ? -1 : 0;
}

static int put_head(FILE *out)
{
	char head[128];

	snprintf(head, sizeof(head), "{\"schema\":%d,\"lwps_version\":\"%s\",\"processes\":[",
		 JSON_SCHEMA, PACKAGE_VERSION);
	return put(out, head);
}

/* Prints `obj` and frees it; with `open`, leaves its closing brace off so
 * that more members can follow. */
static int put_object(FILE *out, cJSON *obj, bool open)
{
	char *text = cJSON_PrintUnformatted(obj);
	int ret;

	cJSON_Delete(obj);
	if (!text) {
		errno = ENOMEM;
		return -1;
	}
	if (open)
		text[strlen(text) - 1] = '\0';
	ret = put(out, text);
	free(text);
	return ret;
}

static cJSON *thread_object(const struct json_opts *o, const struct snapshot *snap, const struct row *r)
{
	cJSON *t = cJSON_CreateObject();

	add_columns(t, o, snap, r, OBJ_THREAD);
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

	ret = put_head(out);

	bool sep = false;
	for (size_t i = 0; i < nrows && ret == 0; i++) {
		size_t gi = (size_t)(rows[i].g - snap->groups);

		if (first[gi] != i)
			continue;
		struct row pr = { .g = rows[i].g };
		cJSON *obj = cJSON_CreateObject();

		add_columns(obj, o, snap, &pr, OBJ_PROCESS);
		if (o->threads) {
			cJSON *threads = cJSON_AddArrayToObject(obj, "threads");

			for (size_t k = i; k != none; k = next[k])
				if (rows[k].t)
					cJSON_AddItemToArray(threads, thread_object(o, snap, &rows[k]));
		}
		ret = put(out, sep ? ",\n" : "\n");
		if (ret == 0)
			ret = put_object(out, obj, false);
		else
			cJSON_Delete(obj);
		sep = true;
	}
	if (ret == 0)
		ret = put(out, "\n]}\n");
	free(first);
	free(next);
	free(last);
	return ret;
}

int json_print_tree(FILE *out, const struct snapshot *snap, const struct tree *tree,
		    const struct json_opts *o)
{
	/* open[k]: depth of the k-th open process object, and whether its
	 * children array has an element yet. */
	struct open {
		unsigned depth;
		bool any;
	} *open = xmalloc((tree->n + 1) * sizeof(struct open));
	size_t nopen = 0;
	bool any_root = false;
	int ret = put_head(out);

	for (size_t i = 0; i < tree->n && ret == 0; i++) {
		const struct tree_row *r = &tree->rows[i];

		if (r->row.t)
			continue;   /* taken with its process below */
		while (nopen && open[nopen - 1].depth >= r->depth && ret == 0) {
			ret = put(out, "]}");
			nopen--;
		}
		bool *any = nopen ? &open[nopen - 1].any : &any_root;

		if (ret == 0)
			ret = put(out, *any ? ",\n" : "\n");
		*any = true;

		struct row pr = { .g = r->row.g };
		cJSON *obj = cJSON_CreateObject();

		add_columns(obj, o, snap, &pr, OBJ_PROCESS);
		if (tree_is_idle(tree, r->row.g))
			cJSON_AddTrueToObject(obj, "synthetic");
		cJSON_AddBoolToObject(obj, "new_pid_ns", r->new_pidns);
		if (o->threads) {
			cJSON *threads = cJSON_AddArrayToObject(obj, "threads");

			for (size_t k = i + 1; k < tree->n && tree->rows[k].row.t; k++)
				cJSON_AddItemToArray(threads, thread_object(o, snap, &tree->rows[k].row));
		}
		if (ret == 0)
			ret = put_object(out, obj, true);
		else
			cJSON_Delete(obj);
		if (ret == 0)
			ret = put(out, ",\"children\":[");
		open[nopen++] = (struct open){ r->depth, false };
	}
	while (nopen-- && ret == 0)
		ret = put(out, "]}");
	if (ret == 0)
		ret = put(out, "\n]}\n");
	free(open);
	return ret;
}

static cJSON *layout_object(const struct tgroup *g)
{
	cJSON *ly = cJSON_CreateObject();

	for (int f = 0; f < LY_COUNT; f++) {
		char hex[32];

		if (!(g->layout.known & (1u << f))) {
			cJSON_AddNullToObject(ly, layout_field_name((enum layout_field)f));
			continue;
		}
		snprintf(hex, sizeof(hex), "0x%llx", g->layout.at[f]);
		cJSON_AddStringToObject(ly, layout_field_name((enum layout_field)f), hex);
	}
	return ly;
}

int json_print_maps(FILE *out, const struct snapshot *snap, const struct tgroup *const *groups,
		    size_t n, const struct json_opts *o, const struct sort_key *keys, size_t nkeys)
{
	int ret = put_head(out);

	for (size_t i = 0; i < n && ret == 0; i++) {
		const struct tgroup *g = groups[i];
		const char *why = maps_unreadable_reason(g);
		struct row pr = { .g = g };
		cJSON *obj = cJSON_CreateObject();

		add_columns(obj, o, snap, &pr, OBJ_PROCESS);
		if (why && !g->maps_read) {
			/* Unknown, not empty: the kernel would not tell. */
			cJSON_AddNullToObject(obj, "maps");
			cJSON_AddNullToObject(obj, "maps_total");
			cJSON_AddNullToObject(obj, "layout");
			cJSON_AddStringToObject(obj, "maps_error", why);
		} else {
			struct rows rows = { 0 };
			struct vma total;
			cJSON *maps = cJSON_AddArrayToObject(obj, "maps");
			cJSON *t;

			maps_total(g, &total);
			maps_rows(&rows, snap, g, NULL, keys, nkeys);
			for (size_t k = 0; k < rows.n; k++) {
				cJSON *m = cJSON_CreateObject();

				add_columns(m, o, snap, &rows.rows[k], OBJ_MAP);
				cJSON_AddItemToArray(maps, m);
			}
			rows_release(&rows);
			t = cJSON_CreateObject();
			add_columns(t, o, snap, &(struct row){ .g = g, .m = &total, .total = true },
				    OBJ_MAP_TOTAL);
			cJSON_AddItemToObject(obj, "maps_total", t);
			cJSON_AddItemToObject(obj, "layout", layout_object(g));
		}
		ret = put(out, i ? ",\n" : "\n");
		if (ret == 0)
			ret = put_object(out, obj, false);
		else
			cJSON_Delete(obj);
	}
	if (ret == 0)
		ret = put(out, "\n]}\n");
	return ret;
}
