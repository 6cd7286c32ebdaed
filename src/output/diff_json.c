/* diff_json.c - --diff OLD NEW -J: one document, the "diff" object of the
 * schema (keys: model/json_keys.c).  Processes born and exited are
 * process objects as -J writes them; every other change is an object of
 * its own kind, one array per kind, each entry on a line of its own. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/delta.h"
#include "output/diff_out.h"
#include "output/format.h"
#include "output/json_value.h"
#include "util/utf8.h"

/* What a process born or exited shows: the default view and more. */
static const enum column_id process_columns[] = {
	COL_PID, COL_PPID, COL_USER, COL_STAT, COL_STATE, COL_NLWP, COL_TIME, COL_START, COL_RSS,
	COL_COMM, COL_COMMAND,
};

/* The name strings of an entry, for its "raw_bytes" when one is not
 * valid UTF-8. */
struct names {
	const char *comm, *path;
	bool deleted;
};

/* Ends an entry: "raw_bytes" holds the exact bytes of a name that JSON
 * could not carry. */
static void close_entry(struct json_writer *w, const struct names *n)
{
	bool comm = n->comm && !utf8_valid(n->comm, strlen(n->comm));
	bool path = n->path && !utf8_valid(n->path, strlen(n->path));

	if (comm || path) {
		jw_key(w, JK_RAW_BYTES);
		jw_open_object(w);
		if (comm) {
			jw_key(w, JK_DIFF_COMM);
			jw_hex_bytes(w, n->comm, strlen(n->comm));
		}
		if (path) {
			struct sbuf b = { 0 };

			sbuf_puts(&b, n->path);
			if (n->deleted)
				sbuf_puts(&b, " (deleted)");
			jw_key(w, JK_MAPCH_PATH);
			jw_hex_bytes(w, b.data, b.len);
			sbuf_release(&b);
		}
		jw_close_object(w);
	}
	jw_close_object(w);
}

/* Opens an entry with its pid and name (the thread's own for a thread). */
static void open_entry(struct json_writer *w, const struct diff_entry *e)
{
	jw_newline(w);
	jw_open_object(w);
	jw_key(w, JK_DIFF_PID);
	jw_int(w, e->g->pid);
	jw_member_string(w, JK_DIFF_COMM, (e->t ? e->t : &e->g->self)->comm);
}

static void put_seconds(struct json_writer *w, enum json_key k, unsigned long long ticks,
			const struct snapshot *snap)
{
	jw_key(w, k);
	jw_fixed(w, (double)ticks / (double)snap->host.clock_ticks,
		 jw_tick_decimals(snap->host.clock_ticks));
}

static void put_thread(struct json_writer *w, const struct diff_entry *e,
		       const struct snapshot *snap)
{
	const struct task *t = e->t;

	open_entry(w, e);
	jw_key(w, JK_DIFF_TID);
	jw_int(w, t->tid);
	jw_key(w, JK_DIFF_STATE);
	if (t->known & TF_BIT(TF_STATE))
		jw_string_n(w, &t->state, 1);
	else
		jw_null(w);
	jw_key(w, JK_DIFF_START_TIME);
	if (t->known & TF_BIT(TF_START) && snap->host.known & HF_BIT(HF_BOOT))
		jw_fixed(w, format_start_epoch(snap, (long long)t->start_ticks),
			 jw_tick_decimals(snap->host.clock_ticks));
	else
		jw_null(w);
	if (t->known & TF_BIT(TF_TICS)) {
		put_seconds(w, JK_DIFF_TASK_CPU, t->utime + t->stime, snap);
	} else {
		jw_key(w, JK_DIFF_TASK_CPU);
		jw_null(w);
	}
	close_entry(w, &(struct names){ .comm = t->comm });
}

static void put_state(struct json_writer *w, const struct diff_entry *e)
{
	const struct task *t = e->t ? e->t : &e->g->self;

	open_entry(w, e);
	jw_key(w, JK_DIFF_TID);
	jw_int(w, t->tid);
	jw_key(w, JK_STATE_BEFORE);
	jw_string_n(w, &e->was->state, 1);
	jw_key(w, JK_STATE_AFTER);
	jw_string_n(w, &t->state, 1);
	close_entry(w, &(struct names){ .comm = t->comm });
}

/* A counter of the delta, or null when either snapshot lacked it. */
static void put_used(struct json_writer *w, enum json_key k, const struct task_delta *dt,
		     enum task_field f, unsigned long long v)
{
	jw_member_u64(w, k, dt->known & TF_BIT(f), v);
}

static void put_cpu(struct json_writer *w, const struct diff_entry *e, const struct snapshot *snap)
{
	const struct task *t = e->t ? e->t : &e->g->self;
	const struct task_delta *dt = t->delta;
	double secs = (double)(dt->utime + dt->stime) / (double)snap->host.clock_ticks;

	open_entry(w, e);
	if (e->t) {
		jw_key(w, JK_CPU_TID);
		jw_int(w, t->tid);
	}
	put_seconds(w, JK_CPU_USED, dt->utime + dt->stime, snap);
	jw_key(w, JK_CPU_PERCENT);
	jw_fixed(w, secs / snap->interval * 100.0, 2);
	put_seconds(w, JK_CPU_USER, dt->utime, snap);
	put_seconds(w, JK_CPU_SYSTEM, dt->stime, snap);
	jw_key(w, JK_CPU_WAIT);
	if (dt->known & TF_BIT(TF_SCHEDSTAT))
		jw_fixed(w, (double)dt->wait_ns / 1e9, 9);
	else
		jw_null(w);
	put_used(w, JK_CPU_VOLUNTARY, dt, TF_CSW, dt->nvcsw);
	put_used(w, JK_CPU_INVOLUNTARY, dt, TF_CSW, dt->nivcsw);
	put_used(w, JK_CPU_MINFLT, dt, TF_FAULTS, dt->minflt);
	put_used(w, JK_CPU_MAJFLT, dt, TF_FAULTS, dt->majflt);
	put_used(w, JK_CPU_READ, dt, TF_IO, dt->read_bytes);
	put_used(w, JK_CPU_WRITE, dt, TF_IO, dt->write_bytes);
	if (dt->born) {
		jw_key(w, JK_CPU_BORN);
		jw_bool(w, true);
	}
	close_entry(w, &(struct names){ .comm = t->comm });
}

static void put_change(struct json_writer *w, const struct diff_entry *e, long long after,
		       long long change)
{
	open_entry(w, e);
	jw_key(w, JK_CHANGE_BEFORE);
	jw_u64(w, (unsigned long long)(after - change));
	jw_key(w, JK_CHANGE_AFTER);
	jw_u64(w, (unsigned long long)after);
	jw_key(w, JK_CHANGE);
	jw_int(w, change);
	close_entry(w, &(struct names){ .comm = e->g->self.comm });
}

static void put_figure(struct json_writer *w, enum json_key k, const struct vma *m,
		       enum smaps_key f)
{
	bool known = m && (m->have & (1u << f));

	jw_member_u64(w, k, known, known ? vma_value(m, f) : 0);
}

static unsigned long long size_of(const struct vma *m)
{
	return m ? m->end - m->start : 0;
}

static void put_size(struct json_writer *w, enum json_key k, const struct vma *m)
{
	jw_member_u64(w, k, m != NULL, size_of(m));
}

/* before and after are the mapping in the old and new snapshot, NULL
 * for one that was added or removed. */
static void put_map(struct json_writer *w, const struct diff_entry *e, enum diff_kind k)
{
	const struct vma *m = e->m;
	const struct vma *before = k == DIFF_MAP_REMOVED ? m : e->m_was;
	const struct vma *after = k == DIFF_MAP_REMOVED ? NULL : m;

	open_entry(w, e);
	jw_key(w, JK_MAPCH_START);
	jw_address(w, m->start);
	jw_key(w, JK_MAPCH_END);
	jw_address(w, m->end);
	jw_key(w, JK_MAPCH_PERMS);
	jw_string(w, m->perms);
	jw_key(w, JK_MAPCH_PATH);
	if (!m->path)
		jw_null(w);
	else if (m->deleted)
		jw_string_pair(w, m->path, " (deleted)");
	else
		jw_string(w, m->path);
	put_size(w, JK_MAPCH_SIZE_BEFORE, before);
	put_size(w, JK_MAPCH_SIZE_AFTER, after);
	put_figure(w, JK_MAPCH_RSS_BEFORE, before, SM_RSS);
	put_figure(w, JK_MAPCH_RSS_AFTER, after, SM_RSS);
	jw_key(w, JK_CHANGE);
	jw_int(w, (long long)size_of(after) - (long long)size_of(before));
	close_entry(w, &(struct names){ .comm = e->g->self.comm, .path = m->path,
					.deleted = m->deleted });
}

static void put_side(struct json_writer *w, enum json_key k, const char *file,
		     const struct snapshot *snap)
{
	jw_key(w, k);
	jw_open_object(w);
	jw_key(w, JK_SIDE_FILE);
	jw_string(w, file);
	jw_key(w, JK_SIDE_TAKEN_AT);
	jw_fixed(w, snap->host.taken_at, 2);
	jw_member_string(w, JK_SIDE_HOSTNAME, snap->host.hostname);
	jw_close_object(w);
}

/* The array of each kind, in the order of the enum. */
static const enum json_key list_keys[DIFF_KINDS] = {
	[DIFF_PROCESS_BORN] = JK_PROCESSES_BORN, [DIFF_PROCESS_EXITED] = JK_PROCESSES_EXITED,
	[DIFF_THREAD_BORN] = JK_THREADS_BORN, [DIFF_THREAD_EXITED] = JK_THREADS_EXITED,
	[DIFF_STATE] = JK_STATE_CHANGES, [DIFF_CPU_PROCESS] = JK_CPU_PROCESSES,
	[DIFF_CPU_THREAD] = JK_CPU_THREADS, [DIFF_RSS] = JK_RSS_CHANGES,
	[DIFF_NLWP] = JK_NLWP_CHANGES, [DIFF_MAP_ADDED] = JK_MAPS_ADDED,
	[DIFF_MAP_REMOVED] = JK_MAPS_REMOVED, [DIFF_MAP_GROWN] = JK_MAPS_GROWN,
	[DIFF_MAP_SHRUNK] = JK_MAPS_SHRUNK,
};

static void put_entry(struct json_writer *w, const struct diff *d, enum diff_kind k,
		      const struct diff_entry *e, const struct json_members *process)
{
	const struct snapshot *snap = diff_snapshot(d, k);
	const struct task_delta *dt = e->g->self.delta;

	switch (k) {
	case DIFF_PROCESS_BORN:
	case DIFF_PROCESS_EXITED:
		jw_newline(w);
		jw_open_object(w);
		json_put_members(w, process, snap, &(struct row){ .g = e->g });
		jw_close_object(w);
		return;
	case DIFF_THREAD_BORN:
	case DIFF_THREAD_EXITED:
		put_thread(w, e, snap);
		return;
	case DIFF_STATE:
		put_state(w, e);
		return;
	case DIFF_CPU_PROCESS:
	case DIFF_CPU_THREAD:
		put_cpu(w, e, snap);
		return;
	case DIFF_RSS:
		put_change(w, e, (long long)e->g->self.rss_pages * snap->host.page_size,
			   dt->rss_bytes);
		return;
	case DIFF_NLWP:
		put_change(w, e, e->g->self.nlwp, dt->nlwp);
		return;
	default:
		put_map(w, e, k);
		return;
	}
}

int diff_print_json(FILE *out, const struct diff *d, const struct diff_files *f)
{
	const size_t ncols = sizeof(process_columns) / sizeof(process_columns[0]);
	const struct column *cols[sizeof(process_columns) / sizeof(process_columns[0])];
	struct json_members process;
	struct json_writer w;

	for (size_t i = 0; i < ncols; i++)
		cols[i] = column_of(process_columns[i]);
	json_members_init(&process, &(struct json_opts){ .cols = cols, .ncols = ncols },
			  JO_PROCESS);
	jw_init(&w, out);
	jw_open_object(&w);
	jw_key(&w, JK_SCHEMA);
	jw_int(&w, JSON_SCHEMA);
	jw_key(&w, JK_LWPS_VERSION);
	jw_string(&w, PACKAGE_VERSION);
	put_side(&w, JK_DIFF_OLD, f->old_file, d->old);
	put_side(&w, JK_DIFF_NEW, f->new_file, d->new);
	jw_key(&w, JK_DIFF_INTERVAL);
	jw_fixed(&w, d->new->interval, 2);
	for (int k = 0; k < DIFF_KINDS && !w.err; k++) {
		const struct diff_list *l = &d->lists[k];

		jw_newline(&w);
		jw_key(&w, list_keys[k]);
		jw_open_array(&w);
		for (size_t i = 0; i < l->n && !w.err; i++)
			put_entry(&w, d, (enum diff_kind)k, &l->v[i], &process);
		jw_close_array(&w);
	}
	jw_text(&w, "\n}\n");
	json_members_release(&process);
	return jw_finish(&w);
}
