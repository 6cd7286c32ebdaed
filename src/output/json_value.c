/* json_value.c - column values as JSON, under the JSON rules: unknown is
 * null, integers that may pass 2^53 are strings past it, times have the
 * precision of the clock they came from, and strings are valid UTF-8.  A
 * string that was not valid UTF-8 also has its exact bytes, in hex,
 * under the object's "raw_bytes" key, so nothing the kernel said is lost. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/causes.h"
#include "model/read_errors.h"
#include "model/states.h"
#include "output/format.h"
#include "output/json_value.h"
#include "util/utf8.h"
#include "util/xalloc.h"

static const char deleted_suffix[] = " (deleted)";

_Static_assert(JK_SHARES_SYSVSEM - JK_SHARES_VM + 1 == SHARE_COUNT, "a key per share_kind, in order");

/* The columns unknown for a reason they can name (.s of the value):
 * the reason follows under this key. */
static const struct {
	enum column_id col;
	enum json_key key;
} reason_keys[] = {
	{ COL_EXEC, JK_EXEC_ERROR },
};

static enum json_key reason_key(const struct column *c)
{
	for (size_t i = 0; i < sizeof(reason_keys) / sizeof(reason_keys[0]); i++)
		if (column_is(c, reason_keys[i].col))
			return reason_keys[i].key;
	return JK_NONE;
}

static bool deleted_path(const struct column *c, const struct value *v)
{
	return c->format == CF_PATH && v->i;
}

static void put_counts(struct json_writer *w, const unsigned *counts)
{
	jw_open_object(w);
	for (size_t i = 0; i < task_state_count; i++) {
		unsigned n = counts[(unsigned char)task_states[i].letter];
		char key[2] = { task_states[i].letter, '\0' };

		if (n) {
			jw_key_text(w, key);
			jw_int(w, n);
		}
	}
	jw_close_object(w);
}

static void put_int(struct json_writer *w, const struct column *c, long long i,
		    const struct snapshot *snap)
{
	unsigned places = jw_tick_decimals(snap->host.clock_ticks);

	switch (c->format) {
	case CF_TICKS:
		jw_fixed(w, (double)i / (double)snap->host.clock_ticks, places);
		return;
	case CF_START:
		jw_fixed(w, format_start_epoch(snap, i), places);
		return;
	case CF_ELAPSED:
		jw_fixed(w, snap->host.taken_at - format_start_epoch(snap, i), places);
		return;
	case CF_ADDR:
		jw_address(w, (unsigned long long)i);
		return;
	case CF_BIGINT:
		jw_decimal(w, (unsigned long long)i);
		return;
	case CF_LIMIT:
		jw_u64(w, (unsigned long long)i);
		return;
	case CF_KIB:
	case CF_HEX:
		if (i < 0)
			jw_int(w, i);   /* a change (rss_delta) */
		else
			jw_u64(w, (unsigned long long)i);
		return;
	case CF_CENTI:
		jw_fixed(w, (double)i / 100.0, 2);
		return;
	case CF_NSEC:
		jw_fixed(w, (double)i / 1e9, 9);
		return;
	default:
		jw_int(w, i);
		return;
	}
}

static void put_value(struct json_writer *w, const struct column *c, const struct value *v,
		      const struct snapshot *snap)
{
	switch (v->kind) {
	case V_UNKNOWN:
	case V_NONE:
		jw_null(w);
		return;
	case V_STR:
		if (deleted_path(c, v))
			jw_string_pair(w, v->s, deleted_suffix);
		else
			jw_string(w, v->s);
		return;
	case V_ARGV:
		jw_open_array(w);
		for (int i = 0; i < v->n; i++)
			jw_string(w, v->argv[i]);
		jw_close_array(w);
		return;
	case V_PIDS:
		jw_open_array(w);
		for (int i = 0; i < v->n; i++)
			jw_int(w, v->pids[i]);
		jw_close_array(w);
		return;
	case V_IDS:
		jw_open_array(w);
		for (int i = 0; i < v->n; i++)
			jw_int(w, v->ids[i]);
		jw_close_array(w);
		return;
	case V_COUNTS:
		put_counts(w, v->counts);
		return;
	case V_SHARES:
		jw_open_object(w);
		for (int k = 0; k < v->n; k++)
			if (v->pids[k]) {
				jw_key(w, (enum json_key)(JK_SHARES_VM + k));
				jw_int(w, v->pids[k]);
			}
		jw_close_object(w);
		return;
	case V_INT:
		put_int(w, c, v->i, snap);
		return;
	}
	jw_null(w);
}

static bool valid(const char *s)
{
	return utf8_valid(s, strlen(s));
}

/* A string that JSON cannot carry exactly: its bytes go to raw_bytes. */
static bool needs_raw(const struct value *v)
{
	if (v->kind == V_STR)
		return !valid(v->s);
	if (v->kind == V_ARGV)
		for (int i = 0; i < v->n; i++)
			if (!valid(v->argv[i]))
				return true;
	return false;
}

static void put_raw_bytes(struct json_writer *w, const char *key, const struct column *c,
			  const struct value *v)
{
	jw_key_name(w, key);
	if (v->kind == V_STR) {
		size_t n = strlen(v->s);
		char *both;

		if (!deleted_path(c, v)) {
			jw_hex_bytes(w, v->s, n);
			return;
		}
		both = xmalloc(n + sizeof(deleted_suffix));
		memcpy(both, v->s, n);
		memcpy(both + n, deleted_suffix, sizeof(deleted_suffix));
		jw_hex_bytes(w, both, n + sizeof(deleted_suffix) - 1);
		free(both);
		return;
	}
	jw_open_array(w);
	for (int i = 0; i < v->n; i++)
		if (valid(v->argv[i]))
			jw_null(w);
		else
			jw_hex_bytes(w, v->argv[i], strlen(v->argv[i]));
	jw_close_array(w);
}

static enum json_key key_for(const struct column *c, enum json_object kind)
{
	switch (kind) {
	case JO_PROCESS:
		return c->proc_key;
	case JO_THREAD:
		return c->task_key;
	case JO_MAP:
		return c->scope == SCOPE_MAP ? c->map_key : JK_NONE;
	case JO_MAP_TOTAL:
		/* The sum has the amounts only, as the key table says: no
		 * address, file, segment or page size. */
		return c->scope == SCOPE_MAP && c->map_key != JK_NONE &&
		       (json_keys[c->map_key].in & JO_BIT(JO_MAP_TOTAL)) ? c->map_key : JK_NONE;
	case JO_RLIMIT:
		return c->scope == SCOPE_LIMIT ? c->map_key : JK_NONE;
	default:
		return JK_NONE;
	}
}

/* The column whose key identifies an object of this kind. */
static const struct column *id_column(enum json_object kind)
{
	switch (kind) {
	case JO_PROCESS:
		return column_of(COL_PID);
	case JO_THREAD:
		return column_of(COL_LWP);
	case JO_MAP:
		return column_of(COL_MAP_START);
	case JO_RLIMIT:
		return column_of(COL_LIMIT_RESOURCE);
	default:
		return NULL;
	}
}

static bool taken(const struct json_members *jm, enum json_key k)
{
	for (size_t i = 0; i < jm->n; i++)
		if (jm->keys[i] == k)
			return true;
	return false;
}

static void add_member(struct json_members *jm, const struct column *c, enum json_key k)
{
	jm->cols[jm->n] = c;
	jm->keys[jm->n++] = k;
}

void json_members_init(struct json_members *jm, const struct json_opts *o, enum json_object kind)
{
	const struct column *id = id_column(kind);

	*jm = (struct json_members){ .kind = kind };
	jm->cols = xmalloc((o->ncols + 1) * sizeof(*jm->cols));
	jm->keys = xmalloc((o->ncols + 1) * sizeof(*jm->keys));
	jm->values = xmalloc((o->ncols + 1) * sizeof(*jm->values));
	if (id)
		add_member(jm, id, key_for(id, kind));
	for (size_t i = 0; i < o->ncols; i++) {
		const struct column *c = o->cols[i];
		enum json_key key = key_for(c, kind);

		/* -o may name two columns with one key (COMM, TNAME). */
		if (key != JK_NONE && c != id && !taken(jm, key))
			add_member(jm, c, key);
	}
}

void json_members_release(struct json_members *jm)
{
	free(jm->cols);
	free(jm->keys);
	free(jm->values);
	*jm = (struct json_members){ 0 };
}

/* Why the cause columns of the row are unknown, when one of them is a
 * member and task/TID/syscall could not be read: its errno's name. */
static void put_syscall_error(struct json_writer *w, const struct json_members *jm,
			      const struct row *r)
{
	const struct task *t = row_task(r);
	bool asked = false;

	if (!t->cause || !t->cause->syscall_err)
		return;
	for (size_t i = 0; i < jm->n; i++)
		asked |= (jm->cols[i]->needs & (NEED_SYSCALL | NEED_WAITON)) != 0;
	if (!asked)
		return;
	jw_key(w, JK_SYSCALL_ERROR);
	jw_string(w, read_error_name(t->cause->syscall_err));
}

void json_put_members(struct json_writer *w, const struct json_members *jm,
		      const struct snapshot *snap, const struct row *r)
{
	struct value *v = jm->values;
	size_t first_raw = (size_t)-1;

	for (size_t i = 0; i < jm->n; i++) {
		memset(&v[i], 0, sizeof(v[i]));
		jm->cols[i]->get(r, snap, &v[i]);
		if (first_raw == (size_t)-1 && needs_raw(&v[i]))
			first_raw = i;
	}
	for (size_t i = 0; i < jm->n; i++) {
		jw_key(w, jm->keys[i]);
		put_value(w, jm->cols[i], &v[i], snap);
		if (v[i].kind == V_UNKNOWN && v[i].s && reason_key(jm->cols[i]) != JK_NONE) {
			jw_key(w, reason_key(jm->cols[i]));
			jw_string(w, v[i].s);
		}
		if (i != first_raw)
			continue;
		jw_key(w, JK_RAW_BYTES);
		jw_open_object(w);
		for (size_t k = i; k < jm->n; k++)
			if (needs_raw(&v[k]))
				put_raw_bytes(w, json_key_name(jm->keys[k]), jm->cols[k], &v[k]);
		jw_close_object(w);
	}
	if (jm->kind == JO_PROCESS || jm->kind == JO_THREAD)
		put_syscall_error(w, jm, r);
}

bool json_put_limits_key(struct json_writer *w, enum json_key key, const struct tgroup *g)
{
	jw_key(w, key);
	if (g->limits_read && !g->limits_err)
		return false;
	jw_null(w);
	if (g->limits_read) {
		jw_key(w, JK_LIMITS_ERROR);
		jw_string(w, read_error_name(-g->limits_err));
	}
	return true;
}

void json_put_threads_listed(struct json_writer *w, const struct tgroup *g)
{
	if (!tgroup_threads_differ(g))
		return;
	jw_key(w, JK_THREADS_LISTED);
	jw_int(w, (long long)g->ntasks);
}

void json_open_document(struct json_writer *w, const struct snapshot *snap, bool mark_loaded)
{
	jw_open_object(w);
	jw_key(w, JK_SCHEMA);
	jw_int(w, JSON_SCHEMA);
	jw_key(w, JK_LWPS_VERSION);
	jw_string(w, PACKAGE_VERSION);
	jw_key(w, JK_TAKEN_AT);
	jw_fixed(w, snap->host.taken_at, 2);   /* host.c reads it to 1/100 s */
	if (mark_loaded && snap->from_file) {
		jw_key(w, JK_FROM_SNAPSHOT);
		jw_bool(w, true);
	}
	if (snap->interval > 0) {
		jw_key(w, JK_INTERVAL);
		jw_fixed(w, snap->interval, 2);
	}
}

void json_open_processes(struct json_writer *w)
{
	jw_key(w, JK_PROCESSES);
	jw_open_array(w);
}

void json_close_document(struct json_writer *w, bool one_line)
{
	jw_text(w, one_line ? "]}\n" : "\n]}\n");
}
