/* load_json.c - a snapshot saved with --save, read back into the model.
 *
 * The whole file is checked before anything is shown: a file that is not
 * a snapshot, is truncated, has a newer schema, holds a value out of range
 * or a set of processes the kernel cannot produce fails as a whole with a
 * message saying why.  The limits are in the man page.
 *
 * cJSON parses one process, thread or mapping at a time (json_doc.h), so
 * memory holds the file, the model and one element's tree. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "model/policies.h"
#include "model/segments.h"
#include "model/states.h"
#include "output/json.h"
#include "proc/json_doc.h"
#include "proc/load_json.h"
#include "proc/readfile.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

/* The limits the man page documents. */
#define LOAD_MAX_BYTES (1L << 30)    /* a file of 1 GiB */
enum {
	STRING_MAX = 131072,   /* the kernel's longest argument (MAX_ARG_STRLEN) */
	NAME_MAX_LEN = 64,     /* comm, hostname, kernel release */
};
#define TIME_MAX 253402300799.0      /* 9999-12-31 23:59:59 UTC */
#define BYTES_MAX 0x1p60             /* one figure of memory, in bytes */
#define SUM_MAX 0x1p62               /* a process's mappings added up */

struct loader {
	struct snapshot *snap;
	struct sbuf err;         /* why a value is refused */
	const char *where;       /* "process 42", for messages */
	bool failed;
	struct json_doc doc;     /* the file, parsed a piece at a time */
};

/* The arrays that hold nearly all of a snapshot, parsed an element at a
 * time: the processes, and each one's threads and mappings. */
static const char *const root_arrays[] = { "processes" };
static const char *const process_arrays[] = { "threads", "maps" };

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
	sbuf_printf(&ld->err, "%s%s%s", ld->where ? ld->where : "", ld->where ? ": " : "", msg);
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
		fail(ld, "'%s' is not a whole number from %.0f to %.0f", key, min, max);
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

/* Whether a string of `len` bytes fits `max`; a message naming `key`
 * otherwise. */
static bool fits(struct loader *ld, const char *key, size_t len, size_t max)
{
	if (len <= max)
		return true;
	fail(ld, "'%s' is longer than %zu bytes", key, max);
	return false;
}

/* The bytes of "raw_bytes" hex; the kernel's strings hold no NUL. */
static const char *from_hex(struct loader *ld, const char *key, const char *hex, size_t max)
{
	size_t n = strlen(hex);
	char *s;

	if (n % 2) {
		fail(ld, "odd raw_bytes for '%s'", key);
		return NULL;
	}
	if (!fits(ld, key, n / 2, max))
		return NULL;
	s = snapshot_alloc(ld->snap, n / 2 + 1);
	for (size_t i = 0; i < n / 2; i++) {
		int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);

		if (hi < 0 || lo < 0 || (hi | lo) == 0) {
			fail(ld, "bad raw_bytes for '%s'", key);
			return NULL;
		}
		s[i] = (char)(hi << 4 | lo);
	}
	s[n / 2] = '\0';
	return s;
}

/* The exact bytes of a string: from "raw_bytes" (hex) when the writer had
 * to replace invalid UTF-8, else the string itself; at most `max` bytes. */
static const char *string_of(struct loader *ld, const char *key, const cJSON *v, const cJSON *raw,
			     size_t max)
{
	if (raw && cJSON_IsString(raw))
		return from_hex(ld, key, raw->valuestring, max);
	if (!v || cJSON_IsNull(v))
		return NULL;
	if (!cJSON_IsString(v)) {
		fail(ld, "'%s' is not a string", key);
		return NULL;
	}
	if (!fits(ld, key, strlen(v->valuestring), max))
		return NULL;
	return snapshot_strdup(ld->snap, v->valuestring);
}

static const char *string_key(struct loader *ld, const cJSON *obj, const char *key, size_t max)
{
	const cJSON *raw = get(get(obj, "raw_bytes"), key);

	return string_of(ld, key, get(obj, key), raw, max);
}

static bool hex_address(struct loader *ld, const cJSON *v, unsigned long long *out)
{
	char *end;

	if (!cJSON_IsString(v) || strncmp(v->valuestring, "0x", 2) != 0 || !v->valuestring[2]) {
		fail(ld, "an address \"0x...\" was expected");
		return false;
	}
	/* Hex digits only: strtoull() would take a sign or blanks too. */
	errno = 0;
	*out = strtoull(v->valuestring + 2, &end, 16);
	if (errno || *end ||
	    strspn(v->valuestring + 2, "0123456789abcdefABCDEF") != strlen(v->valuestring + 2)) {
		fail(ld, "bad address '%s'", v->valuestring);
		return false;
	}
	return true;
}

static void load_pids(struct loader *ld, const cJSON *arr, struct task *t)
{
	int n = cJSON_GetArraySize(arr);
	pid_t *p = snapshot_alloc(ld->snap, sizeof(pid_t) * (size_t)(n ? n : 1));
	int k = 0;
	const cJSON *e;

	cJSON_ArrayForEach(e, arr) {
		if (!cJSON_IsNumber(e) || e->valuedouble != floor(e->valuedouble) || e->valuedouble < 0 ||
		    e->valuedouble > 0x7fffffff) {
			fail(ld, "'nspid' holds something other than a pid");
			return;
		}
		p[k++] = (pid_t)e->valuedouble;
	}
	t->nspid = p;
	t->nspid_len = k;
	t->known |= TF_BIT(TF_NSPID);
}

/* A policy's name as ps shows it, or its number when it has none. */
static void load_policy(struct loader *ld, const char *name, struct task *t)
{
	char *end;
	long n;

	if ((t->policy = policy_from_name(name)) >= 0)
		return;
	errno = 0;
	n = strtol(name, &end, 10);
	if (errno || end == name || *end || n < 0 || n > 0x7fffffff) {
		fail(ld, "'policy' is neither a policy's name nor a whole number");
		return;
	}
	t->policy = (int)n;
}

/* A counter the writer gives as a number up to 2^53 and a decimal string
 * above (JT_U64); false when absent or null (unknown). */
static bool counter(struct loader *ld, const cJSON *obj, enum json_key k, unsigned long long *out)
{
	const char *key = json_key_name(k);
	const cJSON *v = get(obj, key);
	char *end;

	if (!v || cJSON_IsNull(v))
		return false;
	if (cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble <= 0x1p53 &&
	    v->valuedouble == floor(v->valuedouble)) {
		*out = (unsigned long long)v->valuedouble;
		return true;
	}
	if (cJSON_IsString(v) && v->valuestring[0] >= '1' && v->valuestring[0] <= '9' &&
	    strspn(v->valuestring, "0123456789") == strlen(v->valuestring)) {
		errno = 0;
		*out = strtoull(v->valuestring, &end, 10);
		if (errno == 0)
			return true;
	}
	fail(ld, "'%s' is not a whole number from 0 to 2^64-1", key);
	return false;
}

/* The counters the rates are made of, each group known when all of it is
 * there (a saved process has no switches or schedstat of its own). */
static void load_counters(struct loader *ld, const cJSON *raw, struct task *t)
{
	static const struct {
		enum task_field field;
		enum json_key first;
		int n;
	} groups[] = {
		{ TF_FAULTS, JK_RAW_MINFLT, 2 }, { TF_CSW, JK_RAW_NVCSW, 2 },
		{ TF_SCHEDSTAT, JK_RAW_RUN_NS, 3 }, { TF_IO, JK_RAW_READ_BYTES, 2 },
	};
	unsigned long long *fields[] = {
		&t->minflt, &t->majflt, &t->nvcsw, &t->nivcsw, &t->run_ns, &t->wait_ns, &t->slices,
		&t->read_bytes, &t->write_bytes,
	};

	_Static_assert(JK_RAW_WRITE_BYTES - JK_RAW_MINFLT + 1 == sizeof(fields) / sizeof(fields[0]),
		       "one key per counter, in struct task's order");
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		int got = 0;

		for (int k = 0; k < groups[i].n; k++) {
			enum json_key key = (enum json_key)(groups[i].first + k);

			got += counter(ld, raw, key, fields[key - JK_RAW_MINFLT]);
		}
		if (got == groups[i].n)
			t->known |= TF_BIT(groups[i].field);
	}
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
	t->comm = string_key(ld, obj, "comm", NAME_MAX_LEN);
	if ((j = get(obj, "state")) && cJSON_IsString(j) && strlen(j->valuestring) == 1 &&
	    whole(ld, raw, "flags", 0, 4294967295.0, &v)) {
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
		if ((j = get(obj, "policy")) && cJSON_IsString(j))
			load_policy(ld, j->valuestring, t);
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
		t->wchan = string_key(ld, obj, "wchan", STRING_MAX);
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
	if (cJSON_IsTrue(get(raw, "on_cpu")))
		t->known |= TF_BIT(TF_ON_CPU);
	/* RSS in bytes is rss_pages times the page size: keep it exact. */
	if (whole(ld, raw, "vsize", 0, BYTES_MAX, &a) &&
	    whole(ld, raw, "rss_pages", 0, floor(BYTES_MAX / (double)ld->snap->host.page_size), &b)) {
		t->vsize = (unsigned long)a;
		t->rss_pages = (unsigned long)b;
		t->known |= TF_BIT(TF_MEM);
	}
	load_counters(ld, raw, t);
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
	if (whole(ld, raw, "vm_locked_kb", 0, BYTES_MAX / 1024, &v)) {
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
	g->user = string_key(ld, obj, "user", STRING_MAX);
	g->is_kernel = (t->flags & TASK_PF_KTHREAD) != 0;
	g->tasks_read = cJSON_IsTrue(get(obj, "tasks_read"));
	if (whole(ld, obj, "parent_tid", 1, 0x7fffffff, &v))
		g->parent_tid = (pid_t)v;

	if ((j = get(obj, "cmdline")) && cJSON_IsArray(j)) {
		const cJSON *raws = get(get(obj, "raw_bytes"), "cmdline");
		int n = cJSON_GetArraySize(j);
		const char **argv = snapshot_alloc(ld->snap, sizeof(char *) * ((size_t)n + 1));

		for (int i = 0; i < n && !ld->failed; i++)
			if (!(argv[i] = string_of(ld, "cmdline", cJSON_GetArrayItem(j, i),
						  cJSON_GetArrayItem(raws, i), STRING_MAX)))
				fail(ld, "bad cmdline");
		argv[n] = NULL;
		g->argv = argv;
		g->argc = n;
		g->argv_known = true;
	}
}

/* The next element of an array json_doc left out, parsed; NULL after the
 * last one or on an error.  The caller frees it. */
static cJSON *next_element(struct loader *ld, struct json_elements *it)
{
	struct json_span v;
	cJSON *e = NULL;

	if (!ld->failed && json_elements_next(it, &v))
		e = json_doc_parse_value(&ld->doc, v);
	ld->failed |= ld->doc.failed;
	return e;
}

static void load_thread(struct loader *ld, const cJSON *th, struct tgroup *g)
{
	struct task *t;
	long long v;

	if (!whole(ld, th, "tid", 1, 0x7fffffff, &v)) {
		fail(ld, "a thread without a tid");
		return;
	}
	t = tgroup_add_task(g);
	/* What a thread shares with its group, as stat repeats it. */
	*t = g->self;
	t->known &= ~(TF_BIT(TF_STATE) | TF_BIT(TF_SCHED) | TF_BIT(TF_TICS) | TF_BIT(TF_START) |
		      TF_BIT(TF_WCHAN) | TF_BIT(TF_NSPID) | TF_BIT(TF_TRACER) | TF_BIT(TF_SP) |
		      TF_BIT(TF_MEM) | TF_BIT(TF_FAULTS) | TF_BIT(TF_CSW) | TF_BIT(TF_SCHEDSTAT) |
		      TF_BIT(TF_IO));
	t->tid = (pid_t)v;
	t->tgid = g->pid;
	load_task(ld, th, t);
}

/* `at`: where json_doc left the "threads" array out ("[]" in `obj`). */
static void load_threads(struct loader *ld, const cJSON *obj, const struct json_array *at,
			 struct tgroup *g)
{
	const cJSON *threads = get(obj, "threads");
	struct json_elements it;
	cJSON *th;

	if (!cJSON_IsArray(threads) || !at->p) {
		fail(ld, "no \"threads\" array");
		return;
	}
	json_elements_begin(&it, &ld->doc, at);
	while ((th = next_element(ld, &it))) {
		load_thread(ld, th, g);
		cJSON_Delete(th);
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

/* Hex digits only, at most `max`; strtoul() would take a sign or blanks. */
static bool hex_number(const char *s, size_t n, unsigned long max, unsigned long *out)
{
	if (n == 0 || n > 8 || strspn(s, "0123456789abcdefABCDEF") < n)
		return false;
	*out = strtoul(s, NULL, 16);
	return *out <= max;
}

/* "MAJOR:MINOR" in hex, as the kernel's 12 and 20 bits. */
static bool load_dev(struct loader *ld, const char *s, struct vma *m)
{
	const char *colon = strchr(s, ':');
	unsigned long maj, min;

	if (!colon || !hex_number(s, (size_t)(colon - s), 0xfff, &maj) ||
	    !hex_number(colon + 1, strlen(colon + 1), 0xfffff, &min)) {
		fail(ld, "'dev' is not MAJOR:MINOR in hex");
		return false;
	}
	m->dev_major = (unsigned)maj;
	m->dev_minor = (unsigned)min;
	return true;
}

static bool load_inode(struct loader *ld, const char *s, struct vma *m)
{
	char *end;

	errno = 0;
	m->inode = strtoull(s, &end, 10);
	if (errno || end == s || *end || strspn(s, "0123456789") != strlen(s)) {
		fail(ld, "'inode' is not a whole number");
		return false;
	}
	return true;
}

static const char *smaps_name(int k)
{
	for (size_t i = 0; i < sizeof(smaps_keys) / sizeof(smaps_keys[0]); i++)
		if ((int)smaps_keys[i].k == k)
			return smaps_keys[i].key;
	return "?";
}

static void load_vma(struct loader *ld, const cJSON *obj, struct vma *m)
{
	const cJSON *j;
	long long v;

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
	if (cJSON_IsString(j) && !load_dev(ld, j->valuestring, m))
		return;
	j = get(obj, "inode");
	if (cJSON_IsString(j) && !load_inode(ld, j->valuestring, m))
		return;
	for (size_t k = 0; k < sizeof(smaps_keys) / sizeof(smaps_keys[0]); k++)
		if (whole(ld, obj, smaps_keys[k].key, 0, BYTES_MAX, &v)) {
			m->value[smaps_keys[k].k] = (unsigned long long)v;
			m->have |= 1u << smaps_keys[k].k;
		}
	const char *path = string_key(ld, obj, "path", STRING_MAX);
	size_t n = path ? strlen(path) : 0;

	if (path && n > 10 && strcmp(path + n - 10, " (deleted)") == 0) {
		m->deleted = true;
		path = snapshot_strndup(ld->snap, path, n - 10);
	}
	m->path = path;
}

/* The totals row adds every figure up: keep each sum exact. */
static bool maps_sum_fits(struct loader *ld, const struct tgroup *g)
{
	double span = 0, sum[SM_COUNT] = { 0 };

	for (size_t i = 0; i < g->nmaps; i++) {
		span += (double)(g->maps[i].end - g->maps[i].start);
		for (int k = 0; k < SM_COUNT; k++)
			sum[k] += (double)g->maps[i].value[k];
	}
	for (int k = 0; k < SM_COUNT; k++)
		if (sum[k] > SUM_MAX) {
			fail(ld, "the mappings' '%s' adds up past %.0f bytes", smaps_name(k), SUM_MAX);
			return false;
		}
	if (span > SUM_MAX) {
		fail(ld, "the mappings span more than %.0f bytes", SUM_MAX);
		return false;
	}
	return true;
}

/* `at`: where json_doc left the "maps" array out ("[]" in `obj`). */
static void load_maps(struct loader *ld, const cJSON *obj, const struct json_array *at,
		      struct tgroup *g)
{
	const cJSON *maps = get(obj, "maps"), *ly;
	struct json_elements it;
	cJSON *e;

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
	if (!cJSON_IsArray(maps) || !at->p) {
		fail(ld, "\"maps\" is not an array");
		return;
	}
	json_elements_begin(&it, &ld->doc, at);
	while ((e = next_element(ld, &it))) {
		load_vma(ld, e, tgroup_add_vma(g));
		cJSON_Delete(e);
	}
	if (ld->failed)
		return;
	for (size_t i = 1; i < g->nmaps; i++)
		if (g->maps[i].start < g->maps[i - 1].end) {
			fail(ld, "mappings overlap or are out of order");
			return;
		}
	if (!maps_sum_fits(ld, g))
		return;
	ly = get(obj, "layout");
	for (int f = 0; f < LY_COUNT && cJSON_IsObject(ly); f++) {
		const cJSON *a = get(ly, layout_field_name((enum layout_field)f));

		if (a && !cJSON_IsNull(a) && hex_address(ld, a, &g->layout.at[f]))
			g->layout.known |= 1u << f;
	}
	g->maps_read = true;
	maps_classify(ld->snap, g);
}

/* A time in seconds since the epoch that every view can show. */
static bool epoch_time(struct loader *ld, const cJSON *obj, const char *key, double *out)
{
	const cJSON *j = get(obj, key);

	if (!cJSON_IsNumber(j) || !(j->valuedouble >= 0 && j->valuedouble <= TIME_MAX)) {
		fail(ld, "'%s' is not a time from 1970 to 9999", key);
		return false;
	}
	*out = j->valuedouble;
	return true;
}

/* Whole numbers from 0 to `max` at `keys` of `obj` into `out`, all or
 * nothing: false when the object is absent or null (unknown). */
static bool whole_fields(struct loader *ld, const cJSON *obj, const char *const *keys, size_t n,
			 double max, unsigned long long *out)
{
	long long v;

	if (!cJSON_IsObject(obj))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!whole(ld, obj, keys[i], 0, max, &v)) {
			if (!ld->failed)
				fail(ld, "no '%s'", keys[i]);
			return false;
		}
		out[i] = (unsigned long long)v;
	}
	return true;
}

/* A CPU's counters, in cpu_ticks' order. */
static const char *const tick_keys[] = {
	"user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal",
};
enum { N_TICKS = sizeof(tick_keys) / sizeof(tick_keys[0]), CPUS_MAX = 65536 };
#define TICKS_MAX 0x1p53

static bool load_ticks(struct loader *ld, const cJSON *obj, struct cpu_ticks *c)
{
	unsigned long long v[N_TICKS];

	if (!whole_fields(ld, obj, tick_keys, N_TICKS, TICKS_MAX, v))
		return false;
	*c = (struct cpu_ticks){ v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7] };
	return true;
}

static void load_cpu_ticks(struct loader *ld, const cJSON *obj)
{
	struct host_info *h = &ld->snap->host;
	const cJSON *per = get(obj, "per_cpu"), *c;
	int n = cJSON_GetArraySize(per), i = 0;

	if (!cJSON_IsObject(obj))
		return;
	if (!cJSON_IsArray(per) || n > CPUS_MAX) {
		fail(ld, "'per_cpu' is not an array of at most %d CPUs", CPUS_MAX);
		return;
	}
	if (!load_ticks(ld, get(obj, "total"), &h->cpu_total))
		return;
	struct cpu_ticks *cpus = snapshot_alloc(ld->snap, sizeof(*cpus) * (size_t)(n ? n : 1));

	cJSON_ArrayForEach(c, per)
		if (!load_ticks(ld, c, &cpus[i++]))
			return;
	h->cpus = cpus;
	h->ncpus = n;
	h->known |= HF_BIT(HF_CPUS);
}

/* Load, memory, swap, uptime and CPU time; absent or null: unknown. */
static void load_host_facts(struct loader *ld, const cJSON *host)
{
	static const char *const mem_keys[] = { "total", "free", "available", "buffers", "cached" };
	static const char *const swap_keys[] = { "total", "free" };
	struct host_info *h = &ld->snap->host;
	unsigned long long v[5];
	const cJSON *load = get(host, "load"), *up = get(host, "uptime");

	if (cJSON_IsArray(load)) {
		for (int i = 0; i < 3; i++) {
			const cJSON *x = cJSON_GetArrayItem(load, i);

			if (cJSON_GetArraySize(load) != 3 || !cJSON_IsNumber(x) ||
			    !(x->valuedouble >= 0 && x->valuedouble <= 1e9)) {
				fail(ld, "'load' is not three numbers from 0 to 1e9");
				return;
			}
			h->load[i] = x->valuedouble;
		}
		h->known |= HF_BIT(HF_LOAD);
	}
	if (whole_fields(ld, get(host, "memory"), mem_keys, 5, BYTES_MAX, v)) {
		h->mem_total = v[0], h->mem_free = v[1], h->mem_available = v[2];
		h->mem_buffers = v[3], h->mem_cached = v[4];
		h->known |= HF_BIT(HF_MEM);
	}
	if (whole_fields(ld, get(host, "swap"), swap_keys, 2, BYTES_MAX, v)) {
		h->swap_total = v[0], h->swap_free = v[1];
		h->known |= HF_BIT(HF_SWAP);
	}
	if (up && !cJSON_IsNull(up)) {
		if (!cJSON_IsNumber(up) || !(up->valuedouble >= 0 && up->valuedouble <= TIME_MAX)) {
			fail(ld, "'uptime' is not a number of seconds from 0 to %.0f", TIME_MAX);
			return;
		}
		h->uptime = up->valuedouble;
		h->known |= HF_BIT(HF_UPTIME);
	}
	if (!ld->failed)
		load_cpu_ticks(ld, get(host, "cpu_ticks"));
}

static void load_host(struct loader *ld, const cJSON *root)
{
	const cJSON *host = get(get(root, "snapshot"), "host");
	struct host_info *h = &ld->snap->host;
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
	if (!whole(ld, host, "page_size", 512, 1 << 30, &v) || (v & (v - 1))) {
		fail(ld, "'page_size' is not a power of two from 512 to 1073741824");
		return;
	}
	h->page_size = (long)v;
	if (whole(ld, host, "pid_max", 1, 1 << 30, &v))
		h->pid_max = (long)v;
	if (present(host, "boot_time") && !epoch_time(ld, host, "boot_time", &h->boot_time))
		return;
	if (!epoch_time(ld, root, "taken_at", &h->taken_at))
		return;
	h->hostname = string_key(ld, host, "hostname", NAME_MAX_LEN);
	h->kernel = string_key(ld, host, "kernel", NAME_MAX_LEN);
	h->boot_id = string_key(ld, host, "boot_id", NAME_MAX_LEN);
	if (!ld->failed)
		load_host_facts(ld, host);
}

/* A limit's value: a whole number, "unlimited", or a decimal string. */
static bool limit_value(struct loader *ld, const cJSON *v, unsigned long long *out, bool *unlimited)
{
	char *end;

	*unlimited = false;
	if (cJSON_IsString(v) && strcmp(v->valuestring, "unlimited") == 0) {
		*unlimited = true;
		return true;
	}
	if (cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble <= 0x1p53 &&
	    v->valuedouble == floor(v->valuedouble)) {
		*out = (unsigned long long)v->valuedouble;
		return true;
	}
	if (cJSON_IsString(v) && v->valuestring[0] >= '0' && v->valuestring[0] <= '9') {
		errno = 0;
		*out = strtoull(v->valuestring, &end, 10);
		if (errno == 0 && *end == '\0')
			return true;
	}
	fail(ld, "a limit is not a whole number, \"unlimited\" or a decimal string");
	return false;
}

/* Why a file could not be read, as "<key>": its errno name: true with
 * *err set, false when absent (or refused, with a message). */
static bool read_error(struct loader *ld, const cJSON *obj, const char *key, int *err)
{
	static const struct { const char *name; int err; } errs[] = {
		{ "EACCES", EACCES }, { "EPERM", EPERM }, { "ENOENT", ENOENT },
		{ "ESRCH", ESRCH }, { "EIO", EIO },
	};
	const cJSON *why = get(obj, key);

	if (!cJSON_IsString(why))
		return false;
	for (size_t i = 0; i < sizeof(errs) / sizeof(errs[0]); i++)
		if (strcmp(why->valuestring, errs[i].name) == 0) {
			*err = -errs[i].err;
			return true;
		}
	fail(ld, "'%s' is not EACCES, EPERM, ENOENT, ESRCH or EIO", key);
	return false;
}

/* smaps_rollup's figures: absent when not read; null with
 * "rollup_error" when they could not be. */
static void load_rollup(struct loader *ld, const cJSON *obj, struct tgroup *g)
{
	const cJSON *r = get(obj, json_key_name(JK_ROLLUP));
	unsigned long long *v[] = {
		&g->rollup.rss, &g->rollup.pss, &g->rollup.shared, &g->rollup.private, &g->rollup.swap,
	};
	long long x;

	_Static_assert(JK_ROLLUP_SWAP - JK_ROLLUP_RSS + 1 == sizeof(v) / sizeof(v[0]),
		       "one key per figure, in struct mem_rollup's order");
	if (!r)
		return;
	if (cJSON_IsNull(r)) {
		g->rollup_read = read_error(ld, obj, json_key_name(JK_ROLLUP_ERROR), &g->rollup_err);
		return;
	}
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]) && !ld->failed; i++) {
		const char *key = json_key_name((enum json_key)(JK_ROLLUP_RSS + i));

		if (!cJSON_IsObject(r) || !whole(ld, r, key, 0, BYTES_MAX, &x)) {
			fail(ld, "'%s' has no '%s'", json_key_name(JK_ROLLUP), key);
			return;
		}
		*v[i] = (unsigned long long)x;
	}
	g->rollup_read = !ld->failed;
}

enum { LIMITS_MAX = 64 };

/* The program headers the live run read (absent: none), so that bss
 * and RELRO come out as they did. */
static void load_images(struct loader *ld, const cJSON *obj, struct tgroup *g)
{
	const cJSON *arr = get(obj, "images"), *o;
	struct elf_image *im;
	size_t n = 0;

	if (!arr || cJSON_IsNull(arr))
		return;
	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) > 4096) {
		fail(ld, "'images' is not an array of at most 4096 objects");
		return;
	}
	im = snapshot_alloc(ld->snap, ((size_t)cJSON_GetArraySize(arr) + 1) * sizeof(*im));
	cJSON_ArrayForEach(o, arr) {
		struct vma file = { 0 };
		const cJSON *dev = get(o, "dev"), *inode = get(o, "inode");

		if (!cJSON_IsObject(o) || !cJSON_IsString(dev) || !cJSON_IsString(inode)) {
			fail(ld, "an image without dev and inode");
			return;
		}
		if (!load_dev(ld, dev->valuestring, &file) || !load_inode(ld, inode->valuestring, &file))
			return;
		im[n] = (struct elf_image){ file.inode, file.dev_major, file.dev_minor, 0, 0, 0 };
		if (!hex_address(ld, get(o, "image_end"), &im[n].image_end) ||
		    !hex_address(ld, get(o, "relro_start"), &im[n].relro_start) ||
		    !hex_address(ld, get(o, "relro_end"), &im[n].relro_end))
			return;
		n++;
	}
	g->images = im;
	g->nimages = n;
}

/* The process's resource limits; null or absent: not kept. */
static void load_limits(struct loader *ld, const cJSON *obj, struct tgroup *g)
{
	const cJSON *arr = get(obj, "limits"), *o;
	size_t n = 0;

	if (!arr || cJSON_IsNull(arr)) {
		g->limits_read = read_error(ld, obj, "limits_error", &g->limits_err);
		return;
	}
	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) > LIMITS_MAX) {
		fail(ld, "'limits' is not an array of at most %d limits", LIMITS_MAX);
		return;
	}
	/* As many rows as there are: a model as small as the file. */
	int count = cJSON_GetArraySize(arr);
	struct limit_row *rows = snapshot_alloc(ld->snap, sizeof(*rows) * (size_t)(count ? count : 1));

	cJSON_ArrayForEach(o, arr) {
		struct limit_row *l = &rows[n++];

		l->name = string_key(ld, o, "resource", NAME_MAX_LEN);
		l->units = string_key(ld, o, "units", NAME_MAX_LEN);
		if (ld->failed)
			return;
		if (!l->name) {
			fail(ld, "a limit without its resource");
			return;
		}
		if (!limit_value(ld, get(o, "soft"), &l->soft, &l->soft_unlimited) ||
		    !limit_value(ld, get(o, "hard"), &l->hard, &l->hard_unlimited))
			return;
	}
	g->limits = rows;
	g->nlimits = n;
	g->limits_read = true;
}

/* Schema 1 up to this lwps's; a newer one says so. */
static bool schema_known(struct loader *ld, const cJSON *schema)
{
	double n = schema->valuedouble;

	if (n > JSON_SCHEMA) {
		fail(ld, "schema %g is newer than this lwps reads (%d); a newer lwps saved it",
		     n, JSON_SCHEMA);
		return false;
	}
	if (n < 1 || n != floor(n)) {
		fail(ld, "schema %g is not valid (a schema is a whole number from 1)", n);
		return false;
	}
	return true;
}

/* One id of the snapshot: a process's pid or one of its threads' tids. */
struct id_owner {
	pid_t id, pid;
};

static int cmp_id(const void *a, const void *b)
{
	const struct id_owner *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* Threads as /proc/PID/task lists them: each tid once, the leader
 * (tid == pid) among them, none when they were not read.  A count in
 * nlwp that differs is kept: threads come and go during a scan. */
static void check_threads(struct loader *ld, const struct tgroup *g)
{
	bool leader = false;

	if (!g->tasks_read && g->ntasks) {
		fail(ld, "process %d lists threads but says they were not read", (int)g->pid);
		return;
	}
	for (size_t i = 0; i < g->ntasks; i++) {
		leader |= g->tasks[i].tid == g->pid;
		if (i && g->tasks[i].tid == g->tasks[i - 1].tid) {
			fail(ld, "process %d lists thread %d twice", (int)g->pid, (int)g->tasks[i].tid);
			return;
		}
	}
	if (g->ntasks && !leader)
		fail(ld, "process %d lists threads but not its leader (thread %d)", (int)g->pid,
		     (int)g->pid);
}

/* A tid names one task in the whole system: no thread of one process is
 * another process or a thread of another. */
static void check_ids(struct loader *ld)
{
	const struct snapshot *snap = ld->snap;
	size_t n = 0, cap = snap->ngroups;
	struct id_owner *ids;

	for (size_t i = 0; i < snap->ngroups; i++)
		cap += snap->groups[i].ntasks;
	ids = xmalloc((cap + 1) * sizeof(*ids));
	for (size_t i = 0; i < snap->ngroups; i++) {
		const struct tgroup *g = &snap->groups[i];

		ids[n++] = (struct id_owner){ g->pid, g->pid };
		for (size_t j = 0; j < g->ntasks; j++)
			if (g->tasks[j].tid != g->pid)
				ids[n++] = (struct id_owner){ g->tasks[j].tid, g->pid };
	}
	if (n)
		qsort(ids, n, sizeof(*ids), cmp_id);
	for (size_t i = 1; i < n && !ld->failed; i++)
		if (ids[i].id == ids[i - 1].id) {
			const struct id_owner *a = &ids[i - 1], *b = &ids[i];

			if (a->id == a->pid)   /* b the thread, a the process */
				a = &ids[i], b = &ids[i - 1];
			if (b->id == b->pid)
				fail(ld, "process %d has a thread %d, which is process %d", (int)a->pid,
				     (int)a->id, (int)b->pid);
			else
				fail(ld, "thread %d is in process %d and in process %d", (int)a->id,
				     (int)a->pid, (int)b->pid);
		}
	free(ids);
}

/* After every process is read: nothing the kernel could not show. */
static void check_consistent(struct loader *ld)
{
	const struct snapshot *snap = ld->snap;

	for (size_t i = 1; i < snap->ngroups; i++)
		if (snap->groups[i].pid == snap->groups[i - 1].pid) {
			fail(ld, "process %d is listed twice", (int)snap->groups[i].pid);
			return;
		}
	for (size_t i = 0; i < snap->ngroups && !ld->failed; i++)
		check_threads(ld, &snap->groups[i]);
	if (!ld->failed)
		check_ids(ld);
}

/* One element of "processes", parsed without its threads and mappings,
 * which load_threads() and load_maps() read one at a time. */
static void load_process(struct loader *ld, struct json_span obj)
{
	struct json_array at[2];
	cJSON *p = json_doc_parse_object(&ld->doc, obj, 2, process_arrays, at, 2);
	struct tgroup *g;
	long long pid;
	char where[64];

	ld->where = NULL;
	if (!p) {
		ld->failed = true;
		return;
	}
	if (!whole(ld, p, "pid", 1, 0x7fffffff, &pid)) {
		fail(ld, "a process without a pid");
		cJSON_Delete(p);
		return;
	}
	snprintf(where, sizeof(where), "process %lld", pid);
	ld->where = where;
	g = snapshot_add_group(ld->snap, (pid_t)pid);
	/* Arrays as long as the file's, not a power of two. */
	tgroup_reserve(g, at[0].count, at[1].count);
	load_process_fields(ld, p, g);
	if (!ld->failed)
		load_limits(ld, p, g);
	if (!ld->failed)
		load_rollup(ld, p, g);
	if (!ld->failed)
		load_images(ld, p, g);
	if (!ld->failed)
		load_threads(ld, p, &at[0], g);
	if (!ld->failed)
		load_maps(ld, p, &at[1], g);
	cJSON_Delete(p);
	ld->where = NULL;   /* `where` ends here; a message is already made */
}

static void load_root(struct loader *ld)
{
	struct json_array at;
	struct json_elements it;
	struct json_span p;
	cJSON *root = json_doc_parse_root(&ld->doc, root_arrays, &at, 1);
	const cJSON *schema = get(root, "schema");

	if (!root) {
		ld->failed = true;
		return;
	}
	if (!cJSON_IsObject(root) || !cJSON_IsNumber(schema))
		fail(ld, "not an lwps snapshot");
	else if (!schema_known(ld, schema))
		;
	else if (!cJSON_IsObject(get(root, "snapshot")))
		fail(ld, "lwps JSON output, not a snapshot (save one with --save)");
	else
		load_host(ld, root);
	if (!ld->failed && (!cJSON_IsArray(get(root, "processes")) || !at.p))
		fail(ld, "no \"processes\" array");
	cJSON_Delete(root);
	if (ld->failed)
		return;
	snapshot_reserve_groups(ld->snap, at.count);
	json_elements_begin(&it, &ld->doc, &at);
	while (!ld->failed && json_elements_next(&it, &p))
		load_process(ld, p);
	ld->failed |= ld->doc.failed;
	if (ld->failed)
		return;
	ld->where = NULL;
	snapshot_finish(ld->snap);
	check_consistent(ld);
}

/* Parses, and frees, every element of a left-out array. */
static void check_elements(struct json_doc *d, const struct json_array *a)
{
	struct json_elements it;
	struct json_span v;

	if (!a->p)
		return;
	json_elements_begin(&it, d, a);
	while (json_elements_next(&it, &v) && !(d->failed && v.p > d->err_at))
		cJSON_Delete(json_doc_parse_value(d, v));
}

/* After a failure, the pieces up to the first error found are parsed
 * (again): a file that is not JSON is told so at its first error, before
 * any value found wrong, as when the whole file was parsed at once. */
static void check_syntax(struct json_doc *d)
{
	struct json_array procs, at[2];
	struct json_elements it;
	struct json_span p;

	cJSON_Delete(json_doc_parse_root(d, root_arrays, &procs, 1));
	if (!procs.p)
		return;
	json_elements_begin(&it, d, &procs);
	while (json_elements_next(&it, &p) && !(d->failed && p.p > d->err_at)) {
		cJSON_Delete(json_doc_parse_object(d, p, 2, process_arrays, at, 2));
		check_elements(d, &at[0]);
		check_elements(d, &at[1]);
	}
}

int snapshot_load_buffer(struct snapshot *snap, const char *buf, size_t len, struct sbuf *err)
{
	struct loader ld = { .snap = snap };
	const char *nul = memchr(buf, '\0', len);

	if (len == 0) {
		sbuf_puts(err, "the file is empty");
		return -1;
	}
	if (nul) {
		sbuf_printf(err, "not JSON (a NUL byte at byte %zu)", (size_t)(nul - buf));
		return -1;
	}
	json_doc_init(&ld.doc, buf, len);
	load_root(&ld);
	if (ld.failed)
		check_syntax(&ld.doc);
	if (ld.doc.failed)
		json_doc_message(&ld.doc, err);
	else if (ld.failed)
		sbuf_put(err, ld.err.data, ld.err.len);
	json_doc_release(&ld.doc);
	sbuf_release(&ld.err);
	if (ld.failed)
		return -1;
	snap->from_file = true;
	return 0;
}

/* Reads up to LOAD_MAX_BYTES from `fd`; -EFBIG past that. */
static int read_bounded(int fd, struct buf *b)
{
	struct stat st;

	b->len = 0;
	/* A file's size is known: room for exactly it, its NUL and the
	 * read that finds its end, as a power of two could take twice that
	 * of the address space (ulimit -v). */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= LOAD_MAX_BYTES) {
		b->cap = (size_t)st.st_size + 2;
		b->data = xrealloc(b->data, b->cap);
	}
	for (;;) {
		/* Keep room for the terminating NUL. */
		if (b->cap < b->len + 2)
			xgrow(&b->data, &b->cap, b->len + 65536, 1);
		ssize_t n = read(fd, b->data + b->len, b->cap - b->len - 1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		b->len += (size_t)n;
		if (b->len > (size_t)LOAD_MAX_BYTES)
			return -EFBIG;
	}
	/* Read from a pipe, it grew by doubling: give back what is unused
	 * before the model takes its room. */
	if (b->cap > b->len + 1) {
		b->data = xrealloc(b->data, b->len + 1);
		b->cap = b->len + 1;
	}
	b->data[b->len] = '\0';
	return 0;
}

/* A regular file only: /dev/zero would never end and a FIFO would block
 * (hence O_NONBLOCK, which a regular file ignores). */
static int open_snapshot(const char *path, struct sbuf *err)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	if (fd < 0) {
		sbuf_puts(err, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		sbuf_puts(err, "not a regular file (a snapshot is a file, or - for standard input)");
		close(fd);
		return -1;
	}
	if (st.st_size > LOAD_MAX_BYTES) {
		sbuf_puts(err, "the file is larger than 1 GiB, the limit");
		close(fd);
		return -1;
	}
	return fd;
}

int snapshot_load(struct snapshot *snap, const char *path, struct sbuf *err)
{
	struct buf b = { 0 };
	bool std_in = strcmp(path, "-") == 0;
	int fd = std_in ? STDIN_FILENO : open_snapshot(path, err), rc;

	if (fd < 0)
		return -1;
	rc = read_bounded(fd, &b);
	if (!std_in)
		close(fd);
	if (rc == -EFBIG)
		sbuf_puts(err, "the file is larger than 1 GiB, the limit");
	else if (rc < 0)
		sbuf_puts(err, strerror(-rc));
	else
		rc = snapshot_load_buffer(snap, b.data, b.len, err);
	buf_release(&b);
	return rc < 0 ? -1 : 0;
}
