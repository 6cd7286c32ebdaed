/* json_save.c - a whole snapshot as JSON (--save), for --load to read.
 *
 * The schema -J prints, every key present, plus what the model needs
 * to come back exactly: "snapshot" with the host facts, and per process
 * and thread a "raw" object of kernel fields that the displayed keys only
 * summarise (tty number, flags, clock ticks, locked memory, ...), and
 * "parent_tid" when the thread that forked the process is known. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "model/causes.h"
#include "model/read_errors.h"
#include "output/json_maps.h"
#include "output/json_save.h"
#include "output/json_value.h"
#include "util/xalloc.h"

/* The counters the rates are made of, each only when known, so that a
 * loaded snapshot shows the lifetime rates the live run did and --diff
 * can tell what happened between two. */
static void put_counters(struct json_writer *w, const struct task *t)
{
	const struct {
		enum task_field field;
		enum json_key key;
		unsigned long long value;
	} counters[] = {
		{ TF_FAULTS, JK_RAW_MINFLT, t->minflt }, { TF_FAULTS, JK_RAW_MAJFLT, t->majflt },
		{ TF_CSW, JK_RAW_NVCSW, t->nvcsw }, { TF_CSW, JK_RAW_NIVCSW, t->nivcsw },
		{ TF_SCHEDSTAT, JK_RAW_RUN_NS, t->run_ns }, { TF_SCHEDSTAT, JK_RAW_WAIT_NS, t->wait_ns },
		{ TF_SCHEDSTAT, JK_RAW_SLICES, t->slices },
		{ TF_IO, JK_RAW_READ_BYTES, t->read_bytes }, { TF_IO, JK_RAW_WRITE_BYTES, t->write_bytes },
	};

	for (size_t i = 0; i < sizeof(counters) / sizeof(counters[0]); i++)
		if (t->known & TF_BIT(counters[i].field)) {
			jw_key(w, counters[i].key);
			jw_u64(w, counters[i].value);
		}
}

/* What the cause columns show only in part: the system call's number and
 * arguments, and what -W groups the task by. */
static void put_raw_cause(struct json_writer *w, const struct task *t)
{
	const struct task_cause *c = t->cause;

	if (t->known & TF_BIT(TF_SYSCALL)) {
		jw_key(w, JK_RAW_SYSCALL_NR);
		jw_int(w, c->nr);
		jw_key(w, JK_RAW_SYSCALL_ARGS);
		jw_open_array(w);
		for (size_t i = 0; i < sizeof(c->args) / sizeof(c->args[0]); i++)
			jw_address(w, c->args[i]);
		jw_close_array(w);
	}
	if (t->known & TF_BIT(TF_WAITON)) {
		jw_key(w, JK_RAW_WAIT_KIND);
		jw_string(w, wait_kind_name(c->wait_kind));
		if (c->wait_group) {
			jw_key(w, JK_RAW_WAIT_GROUP);
			jw_string(w, c->wait_group);
		}
	}
}

/* Kernel fields of a task that the displayed keys do not carry exactly. */
static void put_raw_task(struct json_writer *w, const struct task *t)
{
	unsigned k = t->known;

	jw_key(w, JK_RAW);
	jw_open_object(w);
	jw_member_int(w, JK_RAW_TTY_NR, k & TF_BIT(TF_PGRP), t->tty);
	jw_member_int(w, JK_RAW_TPGID, k & TF_BIT(TF_PGRP), t->tpgid);
	jw_member_u64(w, JK_RAW_FLAGS, k & TF_BIT(TF_STATE), t->flags);
	jw_member_u64(w, JK_RAW_UTIME, k & TF_BIT(TF_TICS), t->utime);
	jw_member_u64(w, JK_RAW_STIME, k & TF_BIT(TF_TICS), t->stime);
	jw_member_u64(w, JK_RAW_START_TICKS, k & TF_BIT(TF_START), t->start_ticks);
	jw_member_u64(w, JK_RAW_RSS_PAGES, k & TF_BIT(TF_MEM), t->rss_pages);
	jw_member_u64(w, JK_RAW_VSIZE, k & TF_BIT(TF_MEM), t->vsize);
	jw_member_u64(w, JK_RAW_VM_LOCKED_KB, k & TF_BIT(TF_LOCKED), t->vm_locked_kb);
	jw_key(w, JK_RAW_WCHAN_KNOWN);
	jw_bool(w, (k & TF_BIT(TF_WCHAN)) != 0);
	jw_key(w, JK_RAW_STACK_POINTER);
	if (k & TF_BIT(TF_SP))
		jw_address(w, t->stack_pointer);
	else
		jw_null(w);
	jw_key(w, JK_RAW_PC);
	if (k & TF_BIT(TF_SP))
		jw_address(w, t->pc);
	else
		jw_null(w);
	if (k & TF_BIT(TF_ON_CPU)) {
		jw_key(w, JK_RAW_ON_CPU);
		jw_bool(w, true);
	}
	put_counters(w, t);
	put_raw_cause(w, t);
	jw_close_object(w);
}

/* A CPU's time counters, clock ticks since boot. */
static void put_ticks(struct json_writer *w, const struct cpu_ticks *c)
{
	const unsigned long long v[] = {
		c->user, c->nice, c->system, c->idle, c->iowait, c->irq, c->softirq, c->steal,
	};

	_Static_assert(JK_TICKS_STEAL - JK_TICKS_USER + 1 == sizeof(v) / sizeof(v[0]),
		       "one key per counter");
	jw_open_object(w);
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		jw_key(w, (enum json_key)(JK_TICKS_USER + i));
		jw_u64(w, v[i]);
	}
	jw_close_object(w);
}

static void put_memory(struct json_writer *w, enum json_key k, bool known,
		       const unsigned long long *v, size_t n)
{
	jw_key(w, k);
	if (!known) {
		jw_null(w);
		return;
	}
	jw_open_object(w);
	for (size_t i = 0; i < n; i++) {
		jw_key(w, (enum json_key)(JK_MEM_TOTAL + i));
		jw_u64(w, v[i]);
	}
	jw_close_object(w);
}

/* Load, memory, swap, uptime and CPU time: what the browser's header
 * shows, so that a loaded snapshot shows it too.  null when unknown. */
static void put_host_facts(struct json_writer *w, const struct host_info *h)
{
	const unsigned long long mem[] = {
		h->mem_total, h->mem_free, h->mem_available, h->mem_buffers, h->mem_cached,
	};
	const unsigned long long swap[] = { h->swap_total, h->swap_free };

	_Static_assert(JK_MEM_CACHED - JK_MEM_TOTAL + 1 == sizeof(mem) / sizeof(mem[0]),
		       "one key per memory figure");
	jw_key(w, JK_LOAD);
	if (h->known & HF_BIT(HF_LOAD)) {
		jw_open_array(w);
		for (int i = 0; i < 3; i++)
			jw_fixed(w, h->load[i], 2);   /* /proc/loadavg's precision */
		jw_close_array(w);
	} else {
		jw_null(w);
	}
	put_memory(w, JK_MEMORY, h->known & HF_BIT(HF_MEM), mem, 5);
	put_memory(w, JK_SWAP, h->known & HF_BIT(HF_SWAP), swap, 2);
	jw_key(w, JK_UPTIME);
	if (h->known & HF_BIT(HF_UPTIME))
		jw_fixed(w, h->uptime, 2);    /* /proc/uptime's precision */
	else
		jw_null(w);
	jw_key(w, JK_CPU_TICKS);
	if (!(h->known & HF_BIT(HF_CPUS))) {
		jw_null(w);
		return;
	}
	jw_open_object(w);
	jw_key(w, JK_PER_CPU);
	jw_open_array(w);
	for (int i = 0; i < h->ncpus; i++)
		put_ticks(w, &h->cpus[i]);
	jw_close_array(w);
	jw_key(w, JK_CPU_TOTAL);
	put_ticks(w, &h->cpu_total);
	jw_close_object(w);
}

/* A limit's value: a number, "unlimited", or a decimal string past 2^53. */
static void put_limit_value(struct json_writer *w, enum json_key k, unsigned long long v,
			    bool unlimited)
{
	jw_key(w, k);
	if (unlimited)
		jw_string(w, "unlimited");
	else
		jw_u64(w, v);
}

/* The process's resource limits: null when not read, with
 * "limits_error" when they could not be. */
static void put_limits(struct json_writer *w, const struct tgroup *g)
{
	if (json_put_limits_key(w, JK_LIMITS, g))
		return;
	jw_open_array(w);
	for (size_t i = 0; i < g->nlimits; i++) {
		const struct limit_row *l = &g->limits[i];

		jw_open_object(w);
		jw_key(w, JK_LIMIT_RESOURCE);
		jw_string(w, l->name);
		put_limit_value(w, JK_LIMIT_SOFT, l->soft, l->soft_unlimited);
		put_limit_value(w, JK_LIMIT_HARD, l->hard, l->hard_unlimited);
		jw_member_string(w, JK_LIMIT_UNITS, l->units);
		jw_close_object(w);
	}
	jw_close_array(w);
}

/* smaps_rollup's figures when they were read: null with "rollup_error"
 * when they could not be, absent when not asked for. */
static void put_rollup(struct json_writer *w, const struct tgroup *g)
{
	const unsigned long long v[] = {
		g->rollup.rss, g->rollup.pss, g->rollup.shared, g->rollup.private, g->rollup.swap,
	};

	_Static_assert(JK_ROLLUP_SWAP - JK_ROLLUP_RSS + 1 == sizeof(v) / sizeof(v[0]),
		       "one key per figure");
	if (!g->rollup_read)
		return;
	jw_key(w, JK_ROLLUP);
	if (g->rollup_err) {
		jw_null(w);
		jw_key(w, JK_ROLLUP_ERROR);
		jw_string(w, read_error_name(-g->rollup_err));
		return;
	}
	jw_open_object(w);
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		jw_key(w, (enum json_key)(JK_ROLLUP_RSS + i));
		jw_u64(w, v[i]);
	}
	jw_close_object(w);
}

static void put_host(struct json_writer *w, const struct snapshot *snap)
{
	const struct host_info *h = &snap->host;

	jw_key(w, JK_SNAPSHOT);
	jw_open_object(w);
	jw_key(w, JK_HOST);
	jw_open_object(w);
	jw_member_string(w, JK_KERNEL, h->kernel);
	jw_member_string(w, JK_HOSTNAME, h->hostname);
	jw_member_int(w, JK_PAGE_SIZE, true, h->page_size);
	jw_member_int(w, JK_PID_MAX, h->pid_max > 0, h->pid_max);
	jw_member_int(w, JK_CLOCK_TICKS, true, h->clock_ticks);
	jw_key(w, JK_BOOT_TIME);
	if (h->known & HF_BIT(HF_BOOT))
		jw_fixed(w, h->boot_time, 2);
	else
		jw_null(w);
	jw_member_string(w, JK_BOOT_ID, h->boot_id);
	put_host_facts(w, h);
	jw_close_object(w);
	jw_close_object(w);
}

/* Every key of every kind of object, and how mappings are written. */
struct save_members {
	struct json_members process, thread;
	struct json_maps maps;
};

/* The program headers that decided bss and RELRO, so that a loaded
 * snapshot names each mapping as the live run did. */
static void put_images(struct json_writer *w, const struct tgroup *g)
{
	char dev[24];

	if (!g->nimages)
		return;
	jw_key(w, JK_IMAGES);
	jw_open_array(w);
	for (size_t i = 0; i < g->nimages; i++) {
		const struct elf_image *im = &g->images[i];

		jw_open_object(w);
		snprintf(dev, sizeof(dev), "%02x:%02x", im->dev_major, im->dev_minor);
		jw_key(w, JK_IMAGE_DEV);
		jw_string(w, dev);
		jw_key(w, JK_IMAGE_INODE);
		jw_decimal(w, im->inode);
		jw_key(w, JK_IMAGE_END);
		jw_address(w, im->image_end);
		jw_key(w, JK_IMAGE_RELRO_START);
		jw_address(w, im->relro_start);
		jw_key(w, JK_IMAGE_RELRO_END);
		jw_address(w, im->relro_end);
		jw_close_object(w);
	}
	jw_close_array(w);
}

static void put_process(struct json_writer *w, const struct save_members *sm,
			const struct snapshot *snap, const struct tgroup *g)
{
	jw_open_object(w);
	json_put_members(w, &sm->process, snap, &(struct row){ .g = g });
	json_put_threads_listed(w, g);
	put_raw_task(w, &g->self);
	jw_key(w, JK_TASKS_READ);
	jw_bool(w, g->tasks_read);
	if (g->parent_tid) {
		jw_key(w, JK_PARENT_TID);
		jw_int(w, g->parent_tid);
	}
	put_limits(w, g);
	put_rollup(w, g);
	put_images(w, g);
	jw_key(w, JK_THREADS);
	jw_open_array(w);
	for (size_t i = 0; i < g->ntasks; i++) {
		jw_open_object(w);
		json_put_members(w, &sm->thread, snap, &(struct row){ .g = g, .t = &g->tasks[i] });
		put_raw_task(w, &g->tasks[i]);
		jw_close_object(w);
	}
	jw_close_array(w);
	json_put_maps(w, &sm->maps, snap, g);
	jw_close_object(w);
}

/* The columns that add up the task counters "raw" keeps. */
static bool counter_total(const struct column *c)
{
	static const enum column_id totals[] = {
		COL_RUNTIME, COL_RQWAIT, COL_SLICES, COL_CSW, COL_NVCSW,
	};

	for (size_t i = 0; i < sizeof(totals) / sizeof(totals[0]); i++)
		if (column_is(c, totals[i]))
			return true;
	return false;
}

int json_save(FILE *out, const struct snapshot *snap, const struct selection *sel)
{
	const struct column **cols = xmalloc((column_count + 1) * sizeof(*cols));
	struct json_opts all = { .threads = true, .cols = cols, .ncols = 0 };
	struct save_members sm;
	struct json_writer w;

	/* Rates are not facts of the moment: a loaded snapshot computes them
	 * again from the counters it keeps, as it does the counters' totals. */
	for (size_t i = 0; i < column_count; i++)
		if (!(column_table[i].needs & NEED_PREVIOUS) && !counter_total(&column_table[i]))
			cols[all.ncols++] = &column_table[i];
	json_members_init(&sm.process, &all, JO_PROCESS);
	json_members_init(&sm.thread, &all, JO_THREAD);
	json_maps_init(&sm.maps, &all, NULL, 0, false);

	jw_init(&w, out);
	json_open_document(&w, snap, false);
	put_host(&w, snap);
	json_open_processes(&w);
	for (size_t i = 0; i < snap->ngroups && !w.err; i++) {
		if (!selection_match(sel, &snap->groups[i]))
			continue;
		jw_newline(&w);
		put_process(&w, &sm, snap, &snap->groups[i]);
	}
	json_close_document(&w, false);

	json_maps_release(&sm.maps);
	json_members_release(&sm.thread);
	json_members_release(&sm.process);
	free(cols);
	return jw_finish(&w);
}
