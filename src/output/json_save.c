/* json_save.c - a whole snapshot as JSON (--save), for --load to read.
 *
 * Schema 1 as -J prints it, every key present, plus what the model needs
 * to come back exactly: "snapshot" with the host facts, and per process
 * and thread a "raw" object of kernel fields that the displayed keys only
 * summarise (tty number, flags, clock ticks, locked memory, ...), and
 * "parent_tid" when the thread that forked the process is known. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "output/json_save.h"
#include "output/json_value.h"
#include "output/maps_out.h"
#include "util/xalloc.h"
#include "view/maps_view.h"

static void add_known_number(cJSON *obj, const char *key, bool known, double v)
{
	if (known)
		cJSON_AddNumberToObject(obj, key, v);
	else
		cJSON_AddNullToObject(obj, key);
}

/* Kernel fields of a task that the displayed keys do not carry exactly. */
static cJSON *raw_task(const struct task *t)
{
	cJSON *raw = cJSON_CreateObject();
	unsigned k = t->known;

	add_known_number(raw, "tty_nr", k & TF_BIT(TF_PGRP), t->tty);
	add_known_number(raw, "tpgid", k & TF_BIT(TF_PGRP), t->tpgid);
	add_known_number(raw, "flags", k & TF_BIT(TF_STATE), (double)t->flags);
	add_known_number(raw, "utime", k & TF_BIT(TF_TICS), (double)t->utime);
	add_known_number(raw, "stime", k & TF_BIT(TF_TICS), (double)t->stime);
	add_known_number(raw, "start_ticks", k & TF_BIT(TF_START), (double)t->start_ticks);
	add_known_number(raw, "rss_pages", k & TF_BIT(TF_MEM), (double)t->rss_pages);
	add_known_number(raw, "vsize", k & TF_BIT(TF_MEM), (double)t->vsize);
	add_known_number(raw, "vm_locked_kb", k & TF_BIT(TF_LOCKED), (double)t->vm_locked_kb);
	add_known_number(raw, "ruid", k & TF_BIT(TF_UID), t->uid);
	cJSON_AddBoolToObject(raw, "wchan_known", (k & TF_BIT(TF_WCHAN)) != 0);
	if (k & TF_BIT(TF_SP)) {
		char hex[32];

		snprintf(hex, sizeof(hex), "0x%llx", t->stack_pointer);
		cJSON_AddStringToObject(raw, "stack_pointer", hex);
	} else {
		cJSON_AddNullToObject(raw, "stack_pointer");
	}
	return raw;
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

cJSON *json_layout_object(const struct tgroup *g)
{
	return layout_object(g);
}

/* A CPU's time counters, clock ticks since boot. */
static cJSON *ticks_object(const struct cpu_ticks *c)
{
	cJSON *o = cJSON_CreateObject();
	const struct { const char *key; unsigned long long v; } f[] = {
		{ "user", c->user }, { "nice", c->nice }, { "system", c->system },
		{ "idle", c->idle }, { "iowait", c->iowait }, { "irq", c->irq },
		{ "softirq", c->softirq }, { "steal", c->steal },
	};

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		cJSON_AddNumberToObject(o, f[i].key, (double)f[i].v);
	return o;
}

/* Load, memory, swap, uptime and CPU time: what the browser's header
 * shows, so that a loaded snapshot shows it too.  null when unknown. */
static void add_host_facts(cJSON *host, const struct host_info *h)
{
	if (h->known & HF_BIT(HF_LOAD)) {
		double load[3] = { h->load[0], h->load[1], h->load[2] };

		cJSON_AddItemToObject(host, "load", cJSON_CreateDoubleArray(load, 3));
	} else {
		cJSON_AddNullToObject(host, "load");
	}
	if (h->known & HF_BIT(HF_MEM)) {
		cJSON *m = cJSON_AddObjectToObject(host, "memory");

		cJSON_AddNumberToObject(m, "total", (double)h->mem_total);
		cJSON_AddNumberToObject(m, "free", (double)h->mem_free);
		cJSON_AddNumberToObject(m, "available", (double)h->mem_available);
		cJSON_AddNumberToObject(m, "buffers", (double)h->mem_buffers);
		cJSON_AddNumberToObject(m, "cached", (double)h->mem_cached);
	} else {
		cJSON_AddNullToObject(host, "memory");
	}
	if (h->known & HF_BIT(HF_SWAP)) {
		cJSON *m = cJSON_AddObjectToObject(host, "swap");

		cJSON_AddNumberToObject(m, "total", (double)h->swap_total);
		cJSON_AddNumberToObject(m, "free", (double)h->swap_free);
	} else {
		cJSON_AddNullToObject(host, "swap");
	}
	add_known_number(host, "uptime", h->known & HF_BIT(HF_UPTIME), h->uptime);
	if (h->known & HF_BIT(HF_CPUS)) {
		cJSON *c = cJSON_AddObjectToObject(host, "cpu_ticks");
		cJSON *per = cJSON_AddArrayToObject(c, "per_cpu");

		cJSON_AddItemToObject(c, "total", ticks_object(&h->cpu_total));
		for (int i = 0; i < h->ncpus; i++)
			cJSON_AddItemToArray(per, ticks_object(&h->cpus[i]));
	} else {
		cJSON_AddNullToObject(host, "cpu_ticks");
	}
}

/* A limit's value: a number, "unlimited", or a decimal string past 2^53
 * (where a JSON number loses digits). */
static cJSON *limit_value(unsigned long long v, bool unlimited)
{
	char text[24];

	if (unlimited)
		return cJSON_CreateString("unlimited");
	if (v <= 1ull << 53)
		return cJSON_CreateNumber((double)v);
	snprintf(text, sizeof(text), "%llu", v);
	return cJSON_CreateString(text);
}

/* Why a file could not be read, as the errno's symbolic name: data for a
 * program, the same in every locale. */
static const char *errno_name(int err)
{
	switch (err) {
	case EACCES: return "EACCES";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case ESRCH: return "ESRCH";
	default: return "EIO";
	}
}

/* The process's resource limits: null when not read, with
 * "limits_error" when they could not be. */
static void add_limits(cJSON *obj, const struct tgroup *g)
{
	if (!g->limits_read || g->limits_err) {
		cJSON_AddNullToObject(obj, "limits");
		if (g->limits_read)
			cJSON_AddStringToObject(obj, "limits_error", errno_name(-g->limits_err));
		return;
	}
	cJSON *arr = cJSON_AddArrayToObject(obj, "limits");

	for (size_t i = 0; i < g->nlimits; i++) {
		const struct limit_row *l = &g->limits[i];
		cJSON *o = cJSON_CreateObject();

		cJSON_AddItemToObject(o, "resource", json_string(l->name));
		cJSON_AddItemToObject(o, "soft", limit_value(l->soft, l->soft_unlimited));
		cJSON_AddItemToObject(o, "hard", limit_value(l->hard, l->hard_unlimited));
		if (l->units)
			cJSON_AddItemToObject(o, "units", json_string(l->units));
		else
			cJSON_AddNullToObject(o, "units");
		cJSON_AddItemToArray(arr, o);
	}
}

static cJSON *host_object(const struct snapshot *snap)
{
	const struct host_info *h = &snap->host;
	cJSON *host = cJSON_CreateObject();

	if (h->kernel)
		cJSON_AddItemToObject(host, "kernel", json_string(h->kernel));
	else
		cJSON_AddNullToObject(host, "kernel");
	if (h->hostname)
		cJSON_AddItemToObject(host, "hostname", json_string(h->hostname));
	else
		cJSON_AddNullToObject(host, "hostname");
	cJSON_AddNumberToObject(host, "page_size", (double)h->page_size);
	add_known_number(host, "pid_max", h->pid_max > 0, (double)h->pid_max);
	cJSON_AddNumberToObject(host, "clock_ticks", (double)h->clock_ticks);
	cJSON_AddNumberToObject(host, "boot_time", h->boot_time);
	if (h->boot_id)
		cJSON_AddItemToObject(host, "boot_id", json_string(h->boot_id));
	else
		cJSON_AddNullToObject(host, "boot_id");
	add_host_facts(host, h);
	return host;
}

static cJSON *process_object(const struct snapshot *snap, const struct tgroup *g,
			     const struct json_opts *all)
{
	cJSON *obj = cJSON_CreateObject();
	cJSON *threads;

	json_add_columns(obj, all, snap, &(struct row){ .g = g }, OBJ_PROCESS);
	cJSON_AddItemToObject(obj, "raw", raw_task(&g->self));
	cJSON_AddBoolToObject(obj, "tasks_read", g->tasks_read);
	if (g->parent_tid)
		cJSON_AddNumberToObject(obj, "parent_tid", g->parent_tid);
	add_limits(obj, g);
	threads = cJSON_AddArrayToObject(obj, "threads");
	for (size_t i = 0; i < g->ntasks; i++) {
		cJSON *t = cJSON_CreateObject();
		struct row r = { .g = g, .t = &g->tasks[i] };

		json_add_columns(t, all, snap, &r, OBJ_THREAD);
		cJSON_AddItemToObject(t, "raw", raw_task(&g->tasks[i]));
		cJSON_AddItemToArray(threads, t);
	}
	if (!g->maps_read && g->maps_err) {
		cJSON_AddNullToObject(obj, "maps");
		cJSON_AddStringToObject(obj, "maps_error", maps_unreadable_reason(g));
	} else if (g->maps_read) {
		cJSON *maps = cJSON_AddArrayToObject(obj, "maps");
		struct vma total;

		for (size_t i = 0; i < g->nmaps; i++) {
			cJSON *m = cJSON_CreateObject();

			json_add_columns(m, all, snap, &(struct row){ .g = g, .m = &g->maps[i] }, OBJ_MAP);
			cJSON_AddItemToArray(maps, m);
		}
		maps_total(g, &total);
		cJSON *t = cJSON_CreateObject();

		json_add_columns(t, all, snap, &(struct row){ .g = g, .m = &total, .total = true },
				 OBJ_MAP_TOTAL);
		cJSON_AddItemToObject(obj, "maps_total", t);
		cJSON_AddItemToObject(obj, "layout", layout_object(g));
	}
	return obj;
}

int json_save(FILE *out, const struct snapshot *snap, const struct selection *sel)
{
	const struct column **cols = xmalloc((column_count + 1) * sizeof(*cols));
	struct json_opts all = { .threads = true, .cols = cols, .ncols = column_count };
	cJSON *head = cJSON_CreateObject();
	int ret = 0;
	bool first = true;

	for (size_t i = 0; i < column_count; i++)
		cols[i] = &column_table[i];

	/* The opening, printed by cJSON and left open for the processes. */
	cJSON_AddNumberToObject(head, "schema", JSON_SCHEMA);
	cJSON_AddStringToObject(head, "lwps_version", PACKAGE_VERSION);
	cJSON_AddNumberToObject(head, "taken_at", snap->host.taken_at);
	cJSON *meta = cJSON_AddObjectToObject(head, "snapshot");

	cJSON_AddItemToObject(meta, "host", host_object(snap));
	if (json_write(out, head, true) < 0 || fputs(",\"processes\":[", out) < 0)
		ret = -1;

	for (size_t i = 0; i < snap->ngroups && ret == 0; i++) {
		if (!selection_match(sel, &snap->groups[i]))
			continue;
		cJSON *obj = process_object(snap, &snap->groups[i], &all);
		int sep = fputs(first ? "\n" : ",\n", out);

		if (json_write(out, obj, false) < 0 || sep < 0)
			ret = -1;
		first = false;
	}
	if (ret == 0 && fputs("\n]}\n", out) < 0)
		ret = -1;
	free(cols);
	return ret;
}
