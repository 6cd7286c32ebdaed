/* load_json.c - a snapshot saved with --save, read back into the model.
 *
 * The whole file is parsed and checked before anything is shown: a file
 * that is not a snapshot, is truncated, or has a newer schema fails as a
 * whole with a message saying why. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "model/segments.h"
#include "output/json.h"
#include "proc/load_json.h"
#include "proc/readfile.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

enum { PF_KTHREAD = 0x00200000 };

struct loader {
	struct snapshot *snap;
	struct sbuf *err;
	const char *where;       /* "process 42", for messages */
	bool failed;
};

__attribute__((format(printf, 2, 3)))
static void fail(struct loader *ld, const char *fmt, ...)
{
	va_list ap;
	char msg[256];

	if (ld->failed)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sbuf_printf(ld->err, "%s%s%s", ld->where ? ld->where : "", ld->where ? ": " : "", msg);
	ld->failed = true;
}

static const cJSON *get(const cJSON *obj, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

static bool present(const cJSON *obj, const char *key)
{
	const cJSON *v = get(obj, key);

	return v && !cJSON_IsNull(v);
}

/* A whole number within [min, max]; false (and a message) otherwise. */
static bool whole(struct loader *ld, const cJSON *obj, const char *key, double min, double max,
		  long long *out)
{
	const cJSON *v = get(obj, key);

	if (!v || cJSON_IsNull(v))
		return false;
	if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) || v->valuedouble < min ||
	    v->valuedouble > max) {
		fail(ld, "'%s' is not a whole number in range", key);
		return false;
	}
	/* The unsigned kernel fields allow up to 1.8e19, past LLONG_MAX,
	 * where converting a double to long long is undefined: go through
	 * unsigned long long, which the callers' unsigned casts undo. */
	if (v->valuedouble >= 0x1p63)
		*out = (long long)(unsigned long long)v->valuedouble;
	else
		*out = (long long)v->valuedouble;
	return true;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The exact bytes of a string: from "raw_bytes" (hex) when the writer had
 * to replace invalid UTF-8, else the string itself. */
static const char *string_of(struct loader *ld, const cJSON *v, const cJSON *raw)
{
	if (raw && cJSON_IsString(raw)) {
		size_t n = strlen(raw->valuestring);
		char *s = snapshot_alloc(ld->snap, n / 2 + 1);

		if (n % 2) {
			fail(ld, "odd raw_bytes");
			return NULL;
		}
		for (size_t i = 0; i < n / 2; i++) {
			int hi = hexval(raw->valuestring[2 * i]), lo = hexval(raw->valuestring[2 * i + 1]);

			if (hi < 0 || lo < 0) {
				fail(ld, "bad raw_bytes");
				return NULL;
			}
			s[i] = (char)(hi << 4 | lo);
		}
		s[n / 2] = '\0';
		return s;
	}
	if (!v || cJSON_IsNull(v))
		return NULL;
	if (!cJSON_IsString(v)) {
		fail(ld, "a string was expected");
		return NULL;
	}
	return snapshot_strdup(ld->snap, v->valuestring);
}

static const char *string_key(struct loader *ld, const cJSON *obj, const char *key)
{
	const cJSON *raw = get(get(obj, "raw_bytes"), key);

	return string_of(ld, get(obj, key), raw);
}

static bool hex_address(struct loader *ld, const cJSON *v, unsigned long long *out)
{
	char *end;

	if (!cJSON_IsString(v) || strncmp(v->valuestring, "0x", 2) != 0 || !v->valuestring[2]) {
		fail(ld, "an address \"0x...\" was expected");
		return false;
	}
	errno = 0;
	*out = strtoull(v->valuestring + 2, &end, 16);
	if (errno || *end) {
		fail(ld, "bad address '%s'", v->valuestring);
		return false;
	}
	return true;
}

static const char *const policies[] = { "TS", "FF", "RR", "B", "ISO", "IDL", "DLN" };

static void load_pids(struct loader *ld, const cJSON *arr, struct task *t)
{
	int n = cJSON_GetArraySize(arr);
	pid_t *p = snapshot_alloc(ld->snap, sizeof(pid_t) * (size_t)(n ? n : 1));
	int k = 0;
	const cJSON *e;

	cJSON_ArrayForEach(e, arr) {
		if (!cJSON_IsNumber(e) || e->valuedouble < 0 || e->valuedouble > 0x7fffffff) {
			fail(ld, "bad nspid");
			return;
		}
		p[k++] = (pid_t)e->valuedouble;
	}
	t->nspid = p;
	t->nspid_len = k;
	t->known |= TF_BIT(TF_NSPID);
}

/* Fields shared by process and thread objects. */
static void load_task(struct loader *ld, const cJSON *obj, struct task *t)
{
	const cJSON *raw = get(obj, "raw");
	long long v, a, b;
	const cJSON *j;

	if (!cJSON_IsObject(raw)) {
		fail(ld, "no \"raw\" object (not saved with --save?)");
		return;
	}
	t->comm = string_key(ld, obj, "comm");
	if ((j = get(obj, "state")) && cJSON_IsString(j) && strlen(j->valuestring) == 1 &&
	    whole(ld, raw, "flags", 0, 1.8e19, &v)) {
		t->state = j->valuestring[0];
		t->flags = (unsigned long)v;
		t->known |= TF_BIT(TF_STATE);
	}
	if (present(obj, "processor") && whole(ld, obj, "processor", 0, 1 << 30, &v)) {
		long long pri = 0, ni = 0, rt = 0;

		t->processor = (int)v;
		whole(ld, obj, "priority", -1000, 1000, &pri);
		whole(ld, obj, "nice", -20, 19, &ni);
		whole(ld, obj, "rt_priority", 0, 1000, &rt);
		t->priority = (int)pri;
		t->nice = (int)ni;
		t->rt_priority = (int)rt;
		if ((j = get(obj, "policy")) && cJSON_IsString(j)) {
			t->policy = atoi(j->valuestring);
			for (int i = 0; i < (int)(sizeof(policies) / sizeof(policies[0])); i++)
				if (strcmp(j->valuestring, policies[i]) == 0)
					t->policy = i;
		}
		t->known |= TF_BIT(TF_SCHED);
	}
	if (whole(ld, raw, "utime", 0, 9e15, &a) && whole(ld, raw, "stime", 0, 9e15, &b)) {
		t->utime = (unsigned long long)a;
		t->stime = (unsigned long long)b;
		t->known |= TF_BIT(TF_TICS);
	}
	if (whole(ld, raw, "start_ticks", 0, 9e15, &v)) {
		t->start_ticks = (unsigned long long)v;
		t->known |= TF_BIT(TF_START);
	}
	j = get(raw, "wchan_known");
	if (j && cJSON_IsTrue(j)) {
		t->wchan = string_key(ld, obj, "wchan");
		if (!t->wchan)
			t->wchan = "";
		t->known |= TF_BIT(TF_WCHAN);
	}
	if ((j = get(obj, "nspid")) && cJSON_IsArray(j))
		load_pids(ld, j, t);
	if (whole(ld, obj, "tracer_pid", 0, 0x7fffffff, &v)) {
		t->tracer_pid = (pid_t)v;
		t->known |= TF_BIT(TF_TRACER);
	}
	if ((j = get(raw, "stack_pointer")) && !cJSON_IsNull(j) && hex_address(ld, j, &t->stack_pointer))
		t->known |= TF_BIT(TF_SP);
	if (whole(ld, raw, "vsize", 0, 1.8e19, &a) && whole(ld, raw, "rss_pages", 0, 1.8e19, &b)) {
		t->vsize = (unsigned long)a;
		t->rss_pages = (unsigned long)b;
		t->known |= TF_BIT(TF_MEM);
	}
}

static void load_process_fields(struct loader *ld, const cJSON *obj, struct tgroup *g)
{
	struct task *t = &g->self;
	const cJSON *raw = get(obj, "raw");
	long long v, a, b, c, d;
	const cJSON *j;

	t->tid = t->tgid = g->pid;
	load_task(ld, obj, t);
	if (ld->failed)
		return;
	if (whole(ld, obj, "ppid", 0, 0x7fffffff, &v)) {
		t->ppid = (pid_t)v;
		t->known |= TF_BIT(TF_PPID);
	}
	t->tpgid = -1;
	if (whole(ld, obj, "pgid", 0, 0x7fffffff, &a) && whole(ld, obj, "sid", 0, 0x7fffffff, &b) &&
	    whole(ld, raw, "tty_nr", -2147483648.0, 2147483647.0, &c)) {
		t->pgid = (pid_t)a;
		t->sid = (pid_t)b;
		t->tty = (int)c;
		if (whole(ld, raw, "tpgid", -1, 0x7fffffff, &d))
			t->tpgid = (pid_t)d;
		t->known |= TF_BIT(TF_PGRP);
	}
	if (whole(ld, raw, "vm_locked_kb", 0, 1.8e19, &v)) {
		t->vm_locked_kb = (unsigned long)v;
		t->known |= TF_BIT(TF_LOCKED);
	}
	if (whole(ld, obj, "uid", 0, 4294967295.0, &a) && whole(ld, raw, "ruid", 0, 4294967295.0, &b)) {
		t->euid = (uid_t)a;
		t->uid = (uid_t)b;
		t->known |= TF_BIT(TF_UID);
	}
	if (whole(ld, obj, "nlwp", 0, 1 << 30, &v)) {
		t->nlwp = (int)v;
		t->known |= TF_BIT(TF_NLWP);
	}
	g->user = string_key(ld, obj, "user");
	g->is_kernel = (t->flags & PF_KTHREAD) != 0;
	g->tasks_read = cJSON_IsTrue(get(obj, "tasks_read"));
	if (whole(ld, obj, "parent_tid", 1, 0x7fffffff, &v))
		g->parent_tid = (pid_t)v;

	if ((j = get(obj, "cmdline")) && cJSON_IsArray(j)) {
		const cJSON *raws = get(get(obj, "raw_bytes"), "cmdline");
		int n = cJSON_GetArraySize(j);
		const char **argv = snapshot_alloc(ld->snap, sizeof(char *) * ((size_t)n + 1));

		for (int i = 0; i < n && !ld->failed; i++)
			if (!(argv[i] = string_of(ld, cJSON_GetArrayItem(j, i), cJSON_GetArrayItem(raws, i))))
				fail(ld, "bad cmdline");
		argv[n] = NULL;
		g->argv = argv;
		g->argc = n;
		g->argv_known = true;
	}
}

static void load_threads(struct loader *ld, const cJSON *obj, struct tgroup *g)
{
	const cJSON *threads = get(obj, "threads"), *th;
	long long v;

	if (!cJSON_IsArray(threads)) {
		fail(ld, "no \"threads\" array");
		return;
	}
	cJSON_ArrayForEach(th, threads) {
		struct task *t;

		if (!whole(ld, th, "tid", 1, 0x7fffffff, &v)) {
			fail(ld, "a thread without a tid");
			return;
		}
		t = tgroup_add_task(g);
		/* What a thread shares with its group, as stat repeats it. */
		*t = g->self;
		t->known &= ~(TF_BIT(TF_STATE) | TF_BIT(TF_SCHED) | TF_BIT(TF_TICS) | TF_BIT(TF_START) |
			      TF_BIT(TF_WCHAN) | TF_BIT(TF_NSPID) | TF_BIT(TF_TRACER) | TF_BIT(TF_SP) |
			      TF_BIT(TF_MEM));
		t->tid = (pid_t)v;
		t->tgid = g->pid;
		load_task(ld, th, t);
		if (ld->failed)
			return;
	}
}

/* JSON keys of the smaps figures a snapshot keeps. */
static const struct {
	const char *key;
	enum smaps_key k;
} smaps_keys[] = {
	{ "size", SM_SIZE }, { "rss", SM_RSS }, { "pss", SM_PSS }, { "pss_dirty", SM_PSS_DIRTY },
	{ "shared_clean", SM_SHARED_CLEAN }, { "shared_dirty", SM_SHARED_DIRTY },
	{ "private_clean", SM_PRIVATE_CLEAN }, { "private_dirty", SM_PRIVATE_DIRTY },
	{ "referenced", SM_REFERENCED }, { "anonymous", SM_ANONYMOUS },
	{ "anon_huge_pages", SM_ANON_HUGE }, { "swap", SM_SWAP }, { "swap_pss", SM_SWAP_PSS },
	{ "locked", SM_LOCKED },
};

static void load_vma(struct loader *ld, const cJSON *obj, struct vma *m)
{
	const cJSON *j;
	long long v;
	unsigned maj, min;
	char tail;

	if (!hex_address(ld, get(obj, "start"), &m->start) || !hex_address(ld, get(obj, "end"), &m->end))
		return;
	if (m->end < m->start) {
		fail(ld, "a mapping ends before it starts");
		return;
	}
	j = get(obj, "perms");
	if (!cJSON_IsString(j) || strlen(j->valuestring) != 4) {
		fail(ld, "bad perms");
		return;
	}
	memcpy(m->perms, j->valuestring, 5);
	if (whole(ld, obj, "offset", 0, 9.2e18, &v))
		m->offset = (unsigned long long)v;
	j = get(obj, "dev");
	if (cJSON_IsString(j) && sscanf(j->valuestring, "%x:%x%c", &maj, &min, &tail) == 2) {
		m->dev_major = maj;
		m->dev_minor = min;
	}
	j = get(obj, "inode");
	if (cJSON_IsString(j))
		m->inode = strtoull(j->valuestring, NULL, 10);
	for (size_t k = 0; k < sizeof(smaps_keys) / sizeof(smaps_keys[0]); k++)
		if (whole(ld, obj, smaps_keys[k].key, 0, 9.2e18, &v)) {
			m->value[smaps_keys[k].k] = (unsigned long long)v;
			m->have |= 1u << smaps_keys[k].k;
		}
	const char *path = string_key(ld, obj, "path");
	size_t n = path ? strlen(path) : 0;

	if (path && n > 10 && strcmp(path + n - 10, " (deleted)") == 0) {
		m->deleted = true;
		path = snapshot_strndup(ld->snap, path, n - 10);
	}
	m->path = path;
}

static void load_maps(struct loader *ld, const cJSON *obj, struct tgroup *g)
{
	const cJSON *maps = get(obj, "maps"), *e, *ly;

	if (!maps)
		return;   /* not read when saved */
	if (cJSON_IsNull(maps)) {
		const cJSON *why = get(obj, "maps_error");
		const char *w = cJSON_IsString(why) ? why->valuestring : "";

		/* Every reason maps_unreadable_reason() writes comes back as
		 * itself, so save -> load -> save is identical (a process
		 * that exited mid-save was written back as "refused"). */
		g->maps_err = strcmp(w, "permission denied") == 0 ? -EACCES
			      : strcmp(w, "the process exited") == 0 ? -ESRCH : -EIO;
		return;
	}
	if (!cJSON_IsArray(maps)) {
		fail(ld, "\"maps\" is not an array");
		return;
	}
	cJSON_ArrayForEach(e, maps) {
		load_vma(ld, e, tgroup_add_vma(g));
		if (ld->failed)
			return;
	}
	for (size_t i = 1; i < g->nmaps; i++)
		if (g->maps[i].start < g->maps[i - 1].end) {
			fail(ld, "mappings overlap or are out of order");
			return;
		}
	ly = get(obj, "layout");
	for (int f = 0; f < LY_COUNT && cJSON_IsObject(ly); f++) {
		const cJSON *a = get(ly, layout_field_name((enum layout_field)f));

		if (a && !cJSON_IsNull(a) && hex_address(ld, a, &g->layout.at[f]))
			g->layout.known |= 1u << f;
	}
	g->maps_read = true;
	maps_classify(g);
}

static void load_host(struct loader *ld, const cJSON *root)
{
	const cJSON *host = get(get(root, "snapshot"), "host");
	struct host_info *h = &ld->snap->host;
	const cJSON *j;
	long long v;

	if (!cJSON_IsObject(host)) {
		fail(ld, "no host description");
		return;
	}
	if (!whole(ld, host, "clock_ticks", 1, 1e6, &v)) {
		fail(ld, "no clock_ticks");
		return;
	}
	h->clock_ticks = (long)v;
	if (!whole(ld, host, "page_size", 512, 1 << 30, &v)) {
		fail(ld, "no page_size");
		return;
	}
	h->page_size = (long)v;
	if (whole(ld, host, "pid_max", 1, 1 << 30, &v))
		h->pid_max = (long)v;
	j = get(host, "boot_time");
	h->boot_time = cJSON_IsNumber(j) ? j->valuedouble : 0;
	j = get(root, "taken_at");
	if (!cJSON_IsNumber(j)) {
		fail(ld, "no taken_at");
		return;
	}
	h->taken_at = j->valuedouble;
	h->hostname = string_key(ld, host, "hostname");
	h->kernel = string_key(ld, host, "kernel");
}

static void load_root(struct loader *ld, const cJSON *root)
{
	const cJSON *schema = get(root, "schema"), *procs, *p;
	long long pid;
	char where[64];

	if (!cJSON_IsObject(root) || !cJSON_IsNumber(schema)) {
		fail(ld, "not an lwps snapshot");
		return;
	}
	if (schema->valuedouble > JSON_SCHEMA) {
		fail(ld, "schema %g is newer than this lwps reads (%d); a newer lwps saved it",
		     schema->valuedouble, JSON_SCHEMA);
		return;
	}
	if (!cJSON_IsObject(get(root, "snapshot"))) {
		fail(ld, "lwps JSON output, not a snapshot (save one with --save)");
		return;
	}
	load_host(ld, root);
	procs = get(root, "processes");
	if (!ld->failed && !cJSON_IsArray(procs))
		fail(ld, "no \"processes\" array");
	if (ld->failed)
		return;
	cJSON_ArrayForEach(p, procs) {
		struct tgroup *g;

		ld->where = NULL;
		if (!whole(ld, p, "pid", 1, 0x7fffffff, &pid)) {
			fail(ld, "a process without a pid");
			return;
		}
		snprintf(where, sizeof(where), "process %lld", pid);
		ld->where = where;
		g = snapshot_add_group(ld->snap, (pid_t)pid);
		load_process_fields(ld, p, g);
		if (!ld->failed)
			load_threads(ld, p, g);
		if (!ld->failed)
			load_maps(ld, p, g);
		if (ld->failed)
			return;
	}
	ld->where = NULL;
	snapshot_finish(ld->snap);
	for (size_t i = 1; i < ld->snap->ngroups; i++)
		if (ld->snap->groups[i].pid == ld->snap->groups[i - 1].pid) {
			fail(ld, "process %d is listed twice", (int)ld->snap->groups[i].pid);
			return;
		}
}

int snapshot_load_buffer(struct snapshot *snap, const char *buf, size_t len, struct sbuf *err)
{
	struct loader ld = { .snap = snap, .err = err };

	if (len == 0) {
		sbuf_puts(err, "the file is empty");
		return -1;
	}
	cJSON *root = cJSON_ParseWithLength(buf, len);

	if (!root) {
		const char *at = cJSON_GetErrorPtr();
		size_t off = at && at >= buf && at <= buf + len ? (size_t)(at - buf) : 0;

		size_t end = len;

		while (end > 0 && (buf[end - 1] == '\n' || buf[end - 1] == ' '))
			end--;
		/* Every document lwps writes ends with '}': one that does not
		 * was cut short. */
		if (off + 1 >= len || (end > 0 && buf[end - 1] != '}' && buf[0] == '{'))
			sbuf_puts(err, "the file is truncated (the JSON ends early)");
		else
			sbuf_printf(err, "not JSON (error at byte %zu)", off);
		return -1;
	}
	load_root(&ld, root);
	cJSON_Delete(root);
	if (ld.failed)
		return -1;
	snap->from_file = true;
	return 0;
}

int snapshot_load(struct snapshot *snap, const char *path, struct sbuf *err)
{
	struct buf b = { 0 };
	int rc = strcmp(path, "-") == 0 ? read_file_at(STDIN_FILENO, "/dev/stdin", &b)
					: read_file_at(AT_FDCWD, path, &b);

	if (rc < 0) {
		sbuf_printf(err, "%s", strerror(-rc));
		buf_release(&b);
		return -1;
	}
	rc = snapshot_load_buffer(snap, b.data, b.len, err);
	buf_release(&b);
	return rc;
}
