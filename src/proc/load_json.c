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

#include "model/exec_reasons.h"
#include "model/causes.h"
#include "model/json_keys.h"
#include "model/policies.h"
#include "model/read_errors.h"
#include "model/segments.h"
#include "model/states.h"
#include "proc/json_doc.h"
#include "proc/load_json.h"
#include "proc/readfile.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

/* The limits the man page documents. */
#define LOAD_MAX_BYTES (1L << 30)    /* a file of 1 GiB */
enum {
	STRING_MAX = 131072,   /* the kernel's longest argument (MAX_ARG_STRLEN) */
	NAME_MAX_LEN = 64,     /* comm, hostname, kernel release, a system call's name */
	KSTACK_MAX = 4096,     /* frames of a kernel stack (the kernel shows at most 64) */
};
#define TIME_MAX 253402300799.0      /* 9999-12-31 23:59:59 UTC */
#define BYTES_MAX 0x1p60             /* one figure of memory, in bytes */
#define SUM_MAX 0x1p62               /* a process's mappings added up */

struct loader {
	struct snapshot *snap;
	struct sbuf err;         /* why a value is refused */
	const char *where;       /* "process 42", for messages */
	int schema;              /* the file's */
	bool failed;
	struct json_doc doc;     /* the file, parsed a piece at a time */
};

/* The arrays that hold nearly all of a snapshot, parsed an element at a
 * time: the processes, and each one's threads and mappings. */
static const enum json_key root_arrays[] = { JK_PROCESSES };
static const enum json_key process_arrays[] = { JK_THREADS, JK_MAPS };

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

static void fail_errno_name(struct loader *ld, enum json_key key)
{
	fail(ld, "'%s' is not EACCES, EPERM, ENOENT, ESRCH or EIO", json_key_name(key));
}

static const cJSON *get(const cJSON *obj, enum json_key key)
{
	return cJSON_GetObjectItemCaseSensitive(obj, json_key_name(key));
}

static bool present(const cJSON *obj, enum json_key key)
{
	const cJSON *v = get(obj, key);

	return v && !cJSON_IsNull(v);
}

/* A whole number within [min, max]; false (and a message) otherwise. */
static bool whole(struct loader *ld, const cJSON *obj, enum json_key key, double min, double max,
		  long long *out)
{
	const cJSON *v = get(obj, key);

	if (!v || cJSON_IsNull(v))
		return false;
	if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) || v->valuedouble < min ||
	    v->valuedouble > max) {
		fail(ld, "'%s' is not a whole number from %.0f to %.0f", json_key_name(key), min, max);
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
static bool fits(struct loader *ld, enum json_key key, size_t len, size_t max)
{
	if (len <= max)
		return true;
	fail(ld, "'%s' is longer than %zu bytes", json_key_name(key), max);
	return false;
}

/* The bytes of raw_bytes' hex; the kernel's strings hold no NUL. */
static const char *from_hex(struct loader *ld, enum json_key key, const char *hex, size_t max)
{
	size_t n = strlen(hex);
	char *s;

	if (n % 2) {
		fail(ld, "odd %s for '%s'", json_key_name(JK_RAW_BYTES), json_key_name(key));
		return NULL;
	}
	if (!fits(ld, key, n / 2, max))
		return NULL;
	s = snapshot_alloc(ld->snap, n / 2 + 1);
	for (size_t i = 0; i < n / 2; i++) {
		int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);

		if (hi < 0 || lo < 0 || (hi | lo) == 0) {
			fail(ld, "bad %s for '%s'", json_key_name(JK_RAW_BYTES), json_key_name(key));
			return NULL;
		}
		s[i] = (char)(hi << 4 | lo);
	}
	s[n / 2] = '\0';
	return s;
}

/* The exact bytes of a string: from raw_bytes (hex) when the writer had
 * to replace invalid UTF-8, else the string itself; at most `max` bytes. */
static const char *string_of(struct loader *ld, enum json_key key, const cJSON *v, const cJSON *raw,
			     size_t max)
{
	if (raw && cJSON_IsString(raw))
		return from_hex(ld, key, raw->valuestring, max);
	if (!v || cJSON_IsNull(v))
		return NULL;
	if (!cJSON_IsString(v)) {
		fail(ld, "'%s' is not a string", json_key_name(key));
		return NULL;
	}
	if (!fits(ld, key, strlen(v->valuestring), max))
		return NULL;
	return snapshot_strdup(ld->snap, v->valuestring);
}

static const char *string_key(struct loader *ld, const cJSON *obj, enum json_key key, size_t max)
{
	const cJSON *raw = get(get(obj, JK_RAW_BYTES), key);

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

/* The array `arr` under `key` of ids from `min` (0 for a pid, 1 for a
 * tid) to 2^31 - 1, `what` they are for messages; NULL after a message. */
static pid_t *load_ids(struct loader *ld, const cJSON *arr, enum json_key key, pid_t min,
		       const char *what, size_t *n)
{
	pid_t *p = snapshot_alloc(ld->snap, sizeof(pid_t) * ((size_t)cJSON_GetArraySize(arr) + 1));
	const cJSON *e;

	*n = 0;
	cJSON_ArrayForEach(e, arr) {
		if (!cJSON_IsNumber(e) || e->valuedouble != floor(e->valuedouble) ||
		    e->valuedouble < min || e->valuedouble > 0x7fffffff) {
			fail(ld, "'%s' holds something other than a %s", json_key_name(key), what);
			return NULL;
		}
		p[(*n)++] = (pid_t)e->valuedouble;
	}
	return p;
}

static void load_pids(struct loader *ld, const cJSON *arr, struct task *t)
{
	size_t n;
	pid_t *p = load_ids(ld, arr, JK_NSPID, 0, "pid", &n);

	if (!p)
		return;
	t->nspid = p;
	t->nspid_len = (int)n;
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
		fail(ld, "'%s' is neither a policy's name nor a whole number", json_key_name(JK_POLICY));
		return;
	}
	t->policy = (int)n;
}

/* A counter the writer gives as a number up to 2^53 and a decimal string
 * above (JT_U64); false when absent or null (unknown). */
static bool counter(struct loader *ld, const cJSON *obj, enum json_key k, unsigned long long *out)
{
	const char *key = json_key_name(k);
	const cJSON *v = get(obj, k);
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

/* The cause of task t, made at its first key. */
static struct task_cause *new_cause(struct loader *ld, struct task *t)
{
	struct task_cause *c = snapshot_alloc(ld->snap, sizeof(*c));

	*c = (struct task_cause){ .nr = -1 };
	t->cause = c;
	return c;
}

/* Whether `s` is a number written as the SYSCALL column writes one. */
static bool decimal(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

static bool load_kstack(struct loader *ld, const cJSON *arr, struct task_cause *c)
{
	int n = cJSON_GetArraySize(arr), k = 0;
	const char **frames = snapshot_alloc(ld->snap, sizeof(char *) * (size_t)(n ? n : 1));
	const cJSON *e;

	if (n > KSTACK_MAX) {
		fail(ld, "'%s' has more than %d frames", json_key_name(JK_KSTACK), KSTACK_MAX);
		return false;
	}
	cJSON_ArrayForEach(e, arr) {
		if (!cJSON_IsString(e)) {
			fail(ld, "'%s' holds something other than a frame", json_key_name(JK_KSTACK));
			return false;
		}
		if (!(frames[k++] = string_of(ld, JK_KSTACK, e, NULL, STRING_MAX)))
			return false;
	}
	c->kstack = frames;
	c->nkstack = n;
	return true;
}

/* The cause columns' keys, and what "raw" keeps of them (json_save.c). */
static void load_cause(struct loader *ld, const cJSON *obj, const cJSON *raw, struct task *t)
{
	struct task_cause *c = NULL;
	const cJSON *j, *a;
	long long v;
	int i = 0, kind;

	t->cause = NULL;
	t->known &= ~(TF_BIT(TF_SYSCALL) | TF_BIT(TF_KSTACK) | TF_BIT(TF_WAITON));
	if ((j = get(obj, JK_SYSCALL_ERROR))) {
		int err = cJSON_IsString(j) ? read_error_from_name(j->valuestring) : 0;

		if (!err) {
			fail_errno_name(ld, JK_SYSCALL_ERROR);
			return;
		}
		c = new_cause(ld, t);
		c->syscall_err = err;
	}
	if (whole(ld, raw, JK_RAW_SYSCALL_NR, -1, 65535, &v)) {
		const cJSON *args = get(raw, JK_RAW_SYSCALL_ARGS);
		const char *name = string_key(ld, obj, JK_SYSCALL, NAME_MAX_LEN);

		c = c ? c : new_cause(ld, t);
		c->nr = (int)v;
		if (!cJSON_IsArray(args) || cJSON_GetArraySize(args) != 6) {
			fail(ld, "'%s' is not an array of 6 addresses", json_key_name(JK_RAW_SYSCALL_ARGS));
			return;
		}
		cJSON_ArrayForEach(a, args)
			if (!hex_address(ld, a, &c->args[i++]))
				return;
		if (!hex_address(ld, get(obj, JK_PC), &t->pc))
			return;
		c->name = name && strcmp(name, "none") != 0 && !decimal(name) ? name : NULL;
		t->known |= TF_BIT(TF_SYSCALL);
	}
	if ((j = get(obj, JK_KSTACK)) && cJSON_IsArray(j)) {
		c = c ? c : new_cause(ld, t);
		if (!load_kstack(ld, j, c))
			return;
		t->known |= TF_BIT(TF_KSTACK);
	}
	if (!(j = get(raw, JK_RAW_WAIT_KIND)))
		return;
	if (!cJSON_IsString(j) || (kind = wait_kind_from_name(j->valuestring)) < 0) {
		fail(ld, "'%s' is not one of %s", json_key_name(JK_RAW_WAIT_KIND), WAIT_KIND_NAMES);
		return;
	}
	c = c ? c : new_cause(ld, t);
	c->wait_kind = (enum wait_kind)kind;
	c->waiton = string_key(ld, obj, JK_WAITON, STRING_MAX);
	c->wait_group = string_key(ld, raw, JK_RAW_WAIT_GROUP, STRING_MAX);
	if ((c->wait_kind == WAIT_NONE) != !c->wait_group) {
		fail(ld, "'%s' and '%s' disagree", json_key_name(JK_RAW_WAIT_KIND),
		     json_key_name(JK_RAW_WAIT_GROUP));
		return;
	}
	t->known |= TF_BIT(TF_WAITON);
}

/* Fields shared by process and thread objects. */
static void load_task(struct loader *ld, const cJSON *obj, struct task *t)
{
	const cJSON *raw = get(obj, JK_RAW);
	long long v, a, b;
	const cJSON *j;

	if (!cJSON_IsObject(raw)) {
		fail(ld, "no \"%s\" object (not saved with --save?)", json_key_name(JK_RAW));
		return;
	}
	t->comm = string_key(ld, obj, JK_COMM, NAME_MAX_LEN);
	if ((j = get(obj, JK_STATE)) && cJSON_IsString(j) && strlen(j->valuestring) == 1 &&
	    whole(ld, raw, JK_RAW_FLAGS, 0, 4294967295.0, &v)) {
		t->state = j->valuestring[0];
		t->flags = (unsigned long)v;
		t->known |= TF_BIT(TF_STATE);
	}
	if (present(obj, JK_PROCESSOR) && whole(ld, obj, JK_PROCESSOR, 0, 1 << 30, &v)) {
		long long pri = 0, ni = 0, rt = 0;

		t->processor = (int)v;
		whole(ld, obj, JK_PRIORITY, -1000, 1000, &pri);
		whole(ld, obj, JK_NICE, -20, 19, &ni);
		whole(ld, obj, JK_RT_PRIORITY, 0, 1000, &rt);
		t->priority = (int)pri;
		t->nice = (int)ni;
		t->rt_priority = (int)rt;
		if ((j = get(obj, JK_POLICY)) && cJSON_IsString(j))
			load_policy(ld, j->valuestring, t);
		t->known |= TF_BIT(TF_SCHED);
	}
	if (whole(ld, raw, JK_RAW_UTIME, 0, 9e15, &a) && whole(ld, raw, JK_RAW_STIME, 0, 9e15, &b)) {
		t->utime = (unsigned long long)a;
		t->stime = (unsigned long long)b;
		t->known |= TF_BIT(TF_TICS);
	}
	if (whole(ld, raw, JK_RAW_START_TICKS, 0, 9e15, &v)) {
		t->start_ticks = (unsigned long long)v;
		t->known |= TF_BIT(TF_START);
	}
	j = get(raw, JK_RAW_WCHAN_KNOWN);
	if (j && cJSON_IsTrue(j)) {
		t->wchan = string_key(ld, obj, JK_WCHAN, STRING_MAX);
		if (!t->wchan)
			t->wchan = "";
		t->known |= TF_BIT(TF_WCHAN);
	}
	if ((j = get(obj, JK_NSPID)) && cJSON_IsArray(j))
		load_pids(ld, j, t);
	if (whole(ld, obj, JK_TRACER_PID, 0, 0x7fffffff, &v)) {
		t->tracer_pid = (pid_t)v;
		t->known |= TF_BIT(TF_TRACER);
	}
	if ((j = get(raw, JK_RAW_STACK_POINTER)) && !cJSON_IsNull(j) &&
	    hex_address(ld, j, &t->stack_pointer))
		t->known |= TF_BIT(TF_SP);
	if (cJSON_IsTrue(get(raw, JK_RAW_ON_CPU)))
		t->known |= TF_BIT(TF_ON_CPU);
	/* Where it executed, or why that is unknown; its instruction pointer. */
	t->exec = string_key(ld, obj, JK_EXEC, STRING_MAX);
	t->exec_reason = EXEC_NOT_READ;
	if ((j = get(obj, JK_EXEC_ERROR)) &&
	    !(cJSON_IsString(j) && (t->exec_reason = exec_reason_from_name(j->valuestring))))
		fail(ld, "'%s' is not one of %s", json_key_name(JK_EXEC_ERROR), EXEC_REASON_NAMES);
	if ((t->known & TF_BIT(TF_SP)) && (j = get(raw, JK_RAW_PC)) && !cJSON_IsNull(j))
		hex_address(ld, j, &t->pc);
	/* RSS in bytes is rss_pages times the page size: keep it exact. */
	if (whole(ld, raw, JK_RAW_VSIZE, 0, BYTES_MAX, &a) &&
	    whole(ld, raw, JK_RAW_RSS_PAGES, 0, floor(BYTES_MAX / (double)ld->snap->host.page_size), &b)) {
		t->vsize = (unsigned long)a;
		t->rss_pages = (unsigned long)b;
		t->known |= TF_BIT(TF_MEM);
	}
	load_counters(ld, raw, t);
	load_cause(ld, obj, raw, t);
}

/* The credential keys: ids and names of each kind, real, effective,
 * saved and filesystem (enum cred_id's order). */
static const enum json_key cred_keys[2][2][CRED_COUNT] = {
	{ { JK_RUID, JK_UID, JK_SUID, JK_FUID }, { JK_RUSER, JK_USER, JK_SUSER, JK_FUSER } },
	{ { JK_RGID, JK_GID, JK_SGID, JK_FGID }, { JK_RGROUP, JK_GROUP, JK_SGROUP, JK_FGROUP } },
};
enum { GROUPS_MAX = 65536 };   /* the kernel's NGROUPS_MAX */

static bool has_creds(const cJSON *obj)
{
	for (int k = 0; k < 2; k++)
		for (int i = 0; i < CRED_COUNT; i++)
			if (get(obj, cred_keys[k][0][i]) || get(obj, cred_keys[k][1][i]))
				return true;
	return get(obj, JK_SUPGID) || get(obj, JK_SUPGRP);
}

/* The supplementary groups and their names; false on a bad value. */
static bool load_groups(struct loader *ld, const cJSON *obj, struct creds *c)
{
	const cJSON *ids = get(obj, JK_SUPGID), *names = get(obj, JK_SUPGRP), *e;
	const cJSON *raws = get(get(obj, JK_RAW_BYTES), JK_SUPGRP);
	int n = cJSON_GetArraySize(ids), k = 0;
	gid_t *groups;

	if (!ids || cJSON_IsNull(ids))
		return true;
	if (!cJSON_IsArray(ids) || n > GROUPS_MAX) {
		fail(ld, "'%s' is not an array of at most %d group ids", json_key_name(JK_SUPGID),
		     GROUPS_MAX);
		return false;
	}
	groups = snapshot_alloc(ld->snap, sizeof(gid_t) * (size_t)(n ? n : 1));
	cJSON_ArrayForEach(e, ids) {
		if (!cJSON_IsNumber(e) || e->valuedouble != floor(e->valuedouble) || e->valuedouble < 0 ||
		    e->valuedouble > 4294967295.0) {
			fail(ld, "'%s' holds something other than a group id", json_key_name(JK_SUPGID));
			return false;
		}
		groups[k++] = (gid_t)e->valuedouble;
	}
	c->groups = groups;
	c->ngroups = n;
	c->known |= CREDS_GROUPS;
	if (!names || cJSON_IsNull(names))
		return true;
	if (!cJSON_IsArray(names) || cJSON_GetArraySize(names) != n) {
		fail(ld, "'%s' does not name each of '%s'", json_key_name(JK_SUPGRP),
		     json_key_name(JK_SUPGID));
		return false;
	}
	const char **out = snapshot_alloc(ld->snap, sizeof(char *) * ((size_t)n + 1));

	for (int i = 0; i < n; i++)
		if (!(out[i] = string_of(ld, JK_SUPGRP, cJSON_GetArrayItem(names, i),
					 cJSON_GetArrayItem(raws, i), STRING_MAX))) {
			fail(ld, "'%s' holds something other than a name", json_key_name(JK_SUPGRP));
			return false;
		}
	out[n] = NULL;
	c->group_names = out;
	return true;
}

/* Each id with its name (an older snapshot has the real uid in "raw"
 * and only some of the rest: those are unknown). */
static void load_creds(struct loader *ld, const cJSON *obj, struct task *t)
{
	struct creds *c = snapshot_alloc(ld->snap, sizeof(*c));
	long long v;

	*c = (struct creds){ 0 };
	for (int i = 0; i < CRED_COUNT; i++) {
		const cJSON *in = obj;

		enum json_key id = cred_keys[0][0][i];

		/* An older snapshot has the real uid as raw.ruid. */
		if (i == CRED_REAL && !get(obj, id)) {
			in = get(obj, JK_RAW);
			id = JK_RAW_RUID;
		}
		if (whole(ld, in, id, 0, 4294967295.0, &v)) {
			c->uid[i] = (uid_t)v;
			c->known |= CREDS_UID(i);
			c->user[i] = string_key(ld, obj, cred_keys[0][1][i], STRING_MAX);
		}
		if (whole(ld, obj, cred_keys[1][0][i], 0, 4294967295.0, &v)) {
			c->gid[i] = (gid_t)v;
			c->known |= CREDS_GID(i);
			c->group[i] = string_key(ld, obj, cred_keys[1][1][i], STRING_MAX);
		}
	}
	t->creds = NULL;
	t->known &= ~TF_BIT(TF_CREDS);
	if (!load_groups(ld, obj, c) || !c->known)
		return;
	t->creds = c;
	t->known |= TF_BIT(TF_CREDS);
}

static void load_process_fields(struct loader *ld, const cJSON *obj, struct tgroup *g)
{
	struct task *t = &g->self;
	const cJSON *raw = get(obj, JK_RAW);
	long long v, a, b, c, d;
	const cJSON *j;

	t->tid = t->tgid = g->pid;
	load_task(ld, obj, t);
	load_creds(ld, obj, t);
	if (ld->failed)
		return;
	if (whole(ld, obj, JK_PPID, 0, 0x7fffffff, &v)) {
		t->ppid = (pid_t)v;
		t->known |= TF_BIT(TF_PPID);
	}
	t->tpgid = -1;
	if (whole(ld, obj, JK_PGID, 0, 0x7fffffff, &a) && whole(ld, obj, JK_SID, 0, 0x7fffffff, &b) &&
	    whole(ld, raw, JK_RAW_TTY_NR, -2147483648.0, 2147483647.0, &c)) {
		t->pgid = (pid_t)a;
		t->sid = (pid_t)b;
		t->tty = (int)c;
		if (whole(ld, raw, JK_RAW_TPGID, -1, 0x7fffffff, &d))
			t->tpgid = (pid_t)d;
		t->known |= TF_BIT(TF_PGRP);
	}
	if (whole(ld, raw, JK_RAW_VM_LOCKED_KB, 0, BYTES_MAX / 1024, &v)) {
		t->vm_locked_kb = (unsigned long)v;
		t->known |= TF_BIT(TF_LOCKED);
	}
	if (whole(ld, obj, JK_NLWP, 0, 1 << 30, &v)) {
		t->nlwp = (int)v;
		t->known |= TF_BIT(TF_NLWP);
	}
	g->is_kernel = (t->flags & TASK_PF_KTHREAD) != 0;
	g->tasks_read = cJSON_IsTrue(get(obj, JK_TASKS_READ));
	if (whole(ld, obj, JK_PARENT_TID, 1, 0x7fffffff, &v))
		g->parent_tid = (pid_t)v;

	if ((j = get(obj, JK_CMDLINE)) && cJSON_IsArray(j)) {
		const cJSON *raws = get(get(obj, JK_RAW_BYTES), JK_CMDLINE);
		int n = cJSON_GetArraySize(j);
		const char **argv = snapshot_alloc(ld->snap, sizeof(char *) * ((size_t)n + 1));

		for (int i = 0; i < n && !ld->failed; i++)
			if (!(argv[i] = string_of(ld, JK_CMDLINE, cJSON_GetArrayItem(j, i),
						  cJSON_GetArrayItem(raws, i), STRING_MAX)))
				fail(ld, "bad %s", json_key_name(JK_CMDLINE));
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

	if (!whole(ld, th, JK_TID, 1, 0x7fffffff, &v)) {
		fail(ld, "a thread without a %s", json_key_name(JK_TID));
		return;
	}
	t = tgroup_add_task(g);
	/* What a thread shares with its group, as stat repeats it. */
	*t = g->self;
	t->known &= ~(TF_BIT(TF_STATE) | TF_BIT(TF_SCHED) | TF_BIT(TF_TICS) | TF_BIT(TF_START) |
		      TF_BIT(TF_WCHAN) | TF_BIT(TF_NSPID) | TF_BIT(TF_TRACER) | TF_BIT(TF_SP) |
		      TF_BIT(TF_ON_CPU) | TF_BIT(TF_MEM) | TF_BIT(TF_FAULTS) | TF_BIT(TF_CSW) |
		      TF_BIT(TF_SCHEDSTAT) | TF_BIT(TF_IO));
	t->tid = (pid_t)v;
	t->tgid = g->pid;
	load_task(ld, th, t);
	/* A thread of an older snapshot, without them, has its process's. */
	if (has_creds(th))
		load_creds(ld, th, t);
}

/* `at`: where json_doc left the threads array out ("[]" in `obj`). */
static void load_threads(struct loader *ld, const cJSON *obj, const struct json_array *at,
			 struct tgroup *g)
{
	const cJSON *threads = get(obj, JK_THREADS);
	struct json_elements it;
	cJSON *th;

	if (!cJSON_IsArray(threads) || !at->p) {
		fail(ld, "no \"%s\" array", json_key_name(JK_THREADS));
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
	enum json_key key;
	enum smaps_key k;
} smaps_keys[] = {
	{ JK_SIZE, SM_SIZE }, { JK_KERNEL_PAGE_SIZE, SM_KERNEL_PAGE }, { JK_MMU_PAGE_SIZE, SM_MMU_PAGE },
	{ JK_RSS, SM_RSS }, { JK_PSS, SM_PSS }, { JK_PSS_DIRTY, SM_PSS_DIRTY },
	{ JK_SHARED_CLEAN, SM_SHARED_CLEAN }, { JK_SHARED_DIRTY, SM_SHARED_DIRTY },
	{ JK_PRIVATE_CLEAN, SM_PRIVATE_CLEAN }, { JK_PRIVATE_DIRTY, SM_PRIVATE_DIRTY },
	{ JK_REFERENCED, SM_REFERENCED }, { JK_ANONYMOUS, SM_ANONYMOUS }, { JK_KSM, SM_KSM },
	{ JK_LAZY_FREE, SM_LAZYFREE }, { JK_ANON_HUGE_PAGES, SM_ANON_HUGE },
	{ JK_SHMEM_PMD_MAPPED, SM_SHMEM_PMD }, { JK_FILE_PMD_MAPPED, SM_FILE_PMD },
	{ JK_SHARED_HUGETLB, SM_SHARED_HUGETLB }, { JK_PRIVATE_HUGETLB, SM_PRIVATE_HUGETLB },
	{ JK_MAP_SWAP, SM_SWAP }, { JK_SWAP_PSS, SM_SWAP_PSS }, { JK_LOCKED, SM_LOCKED },
};
_Static_assert(sizeof(smaps_keys) / sizeof(smaps_keys[0]) == SM_COUNT, "a key per smaps figure");

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
		fail(ld, "'%s' is not MAJOR:MINOR in hex", json_key_name(JK_DEV));
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
		fail(ld, "'%s' is not a whole number", json_key_name(JK_INODE));
		return false;
	}
	return true;
}

static const char *smaps_name(int k)
{
	for (size_t i = 0; i < sizeof(smaps_keys) / sizeof(smaps_keys[0]); i++)
		if ((int)smaps_keys[i].k == k)
			return json_key_name(smaps_keys[i].key);
	return "?";
}

/* The path, and whether the file was deleted: a deleted file's path ends
 * in " (deleted)", as in smaps; without "deleted" (an older lwps), every
 * path that ends so is taken for a deleted file. */
static void load_path(struct loader *ld, const cJSON *obj, struct vma *m)
{
	const char *path = string_key(ld, obj, JK_PATH, STRING_MAX);
	const cJSON *del = get(obj, JK_DELETED);
	size_t n = path ? strlen(path) : 0;
	bool suffix = path && n > 10 && strcmp(path + n - 10, " (deleted)") == 0;

	if (del && !cJSON_IsBool(del)) {
		fail(ld, "'%s' is not true or false", json_key_name(JK_DELETED));
		return;
	}
	if (cJSON_IsTrue(del) && !suffix) {
		fail(ld, "a deleted file's '%s' does not end in \" (deleted)\"", json_key_name(JK_PATH));
		return;
	}
	m->deleted = del ? cJSON_IsTrue(del) : suffix;
	m->path = m->deleted ? snapshot_strndup(ld->snap, path, n - 10) : path;
}

enum { TIDS_MAX = 4194304 };   /* the kernel's PID_MAX_LIMIT */

/* Threads whose stack was found at a reading before the one saved (they
 * were running): classification cannot find them again, so the loader
 * keeps them in `tids` until maps_classify() has run (load_maps()). */
static void load_carried_stack(struct loader *ld, const cJSON *obj, struct vma *m)
{
	const cJSON *arr = get(obj, JK_TIDS);
	pid_t *tids;
	size_t n;

	if (!cJSON_IsTrue(get(obj, JK_STACK_LAST_SEEN)))
		return;
	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) > TIDS_MAX) {
		fail(ld, "'%s' is not an array of at most %d tids", json_key_name(JK_TIDS), TIDS_MAX);
		return;
	}
	if (!(tids = load_ids(ld, arr, JK_TIDS, 1, "tid", &n)))
		return;
	m->tids = tids;
	m->ntids = (unsigned)n;
	m->stack_last_seen = true;
}

/* The smaps keys of a newer kernel: a size in bytes (written "N kB") or
 * the text as it was. */
static void load_extra(struct loader *ld, const cJSON *obj, struct vma *m)
{
	struct smaps_extra *x;
	const cJSON *e;
	size_t n = 0;

	if (!obj)
		return;
	if (!cJSON_IsObject(obj) || cJSON_GetArraySize(obj) > SMAPS_EXTRA_MAX) {
		fail(ld, "'%s' is not an object of at most %d keys", json_key_name(JK_EXTRA),
		     SMAPS_EXTRA_MAX);
		return;
	}
	x = snapshot_alloc(ld->snap, sizeof(*x) * ((size_t)cJSON_GetArraySize(obj) + 1));
	memset(x, 0, sizeof(*x) * ((size_t)cJSON_GetArraySize(obj) + 1));   /* text: not is_size */
	cJSON_ArrayForEach(e, obj) {
		char kb[32];

		if (!*e->string) {
			fail(ld, "'%s' holds an empty key", json_key_name(JK_EXTRA));
			return;
		}
		if (!fits(ld, JK_EXTRA, strlen(e->string), NAME_MAX_LEN))
			return;
		x[n].key = snapshot_strdup(ld->snap, e->string);
		if (cJSON_IsString(e) && fits(ld, JK_EXTRA, strlen(e->valuestring), STRING_MAX)) {
			x[n].text = snapshot_strdup(ld->snap, e->valuestring);
		} else if (cJSON_IsNumber(e) && e->valuedouble >= 0 && e->valuedouble <= BYTES_MAX &&
			   fmod(e->valuedouble, 1024) == 0) {
			x[n].bytes = (unsigned long long)e->valuedouble;
			x[n].is_size = true;
			snprintf(kb, sizeof(kb), "%llu kB", x[n].bytes / 1024);
			x[n].text = snapshot_strdup(ld->snap, kb);
		} else {
			if (!ld->failed)
				fail(ld, "'%s' holds '%s', neither a size in kB (as bytes) nor text",
				     json_key_name(JK_EXTRA), x[n].key);
			return;
		}
		n++;
	}
	m->extra = x;
	m->nextra = (unsigned char)n;
}

static void load_vma(struct loader *ld, const cJSON *obj, struct vma *m)
{
	const cJSON *j;
	long long v;

	if (!hex_address(ld, get(obj, JK_MAP_START), &m->start) ||
	    !hex_address(ld, get(obj, JK_MAP_END), &m->end))
		return;
	if (m->end < m->start) {
		fail(ld, "a mapping ends before it starts");
		return;
	}
	j = get(obj, JK_PERMS);
	if (!cJSON_IsString(j) || strlen(j->valuestring) != 4) {
		fail(ld, "bad %s", json_key_name(JK_PERMS));
		return;
	}
	memcpy(m->perms, j->valuestring, 5);
	if (whole(ld, obj, JK_OFFSET, 0, 9.2e18, &v))
		m->offset = (unsigned long long)v;
	j = get(obj, JK_DEV);
	if (cJSON_IsString(j) && !load_dev(ld, j->valuestring, m))
		return;
	j = get(obj, JK_INODE);
	if (cJSON_IsString(j) && !load_inode(ld, j->valuestring, m))
		return;
	unsigned long long bytes[SM_COUNT] = { 0 };

	for (size_t k = 0; k < sizeof(smaps_keys) / sizeof(smaps_keys[0]); k++)
		if (whole(ld, obj, smaps_keys[k].key, 0, BYTES_MAX, &v)) {
			bytes[smaps_keys[k].k] = (unsigned long long)v;
			m->have |= 1u << smaps_keys[k].k;
		}
	vma_set_values(ld->snap, m, bytes);
	m->thp_eligible = -1;
	if (whole(ld, obj, JK_THP_ELIGIBLE, 0, 1, &v))
		m->thp_eligible = (signed char)v;
	m->vmflags = string_key(ld, obj, JK_VM_FLAGS, STRING_MAX);
	load_path(ld, obj, m);
	m->path_ambiguous = cJSON_IsTrue(get(obj, JK_PATH_AMBIGUOUS));
	load_carried_stack(ld, obj, m);
	load_extra(ld, get(obj, JK_EXTRA), m);
}

/* The totals row adds every figure up: keep each sum exact. */
static bool maps_sum_fits(struct loader *ld, const struct tgroup *g)
{
	double span = 0, sum[SM_COUNT] = { 0 };

	for (size_t i = 0; i < g->nmaps; i++) {
		span += (double)(g->maps[i].end - g->maps[i].start);
		for (int k = 0; k < SM_COUNT; k++)
			sum[k] += (double)vma_value(&g->maps[i], k);
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

/* Why the mappings could not be read, as -errno: an errno name; in
 * schema 1 the words lwps wrote then, each of which comes back as itself
 * (a process that exited mid-save was written back as "refused"). */
static int maps_error(struct loader *ld, const cJSON *why)
{
	int err;

	if (ld->schema == 1) {
		const char *w = cJSON_IsString(why) ? why->valuestring : "";

		return strcmp(w, "permission denied") == 0 ? -EACCES
		       : strcmp(w, "the process exited") == 0 ? -ESRCH : -EIO;
	}
	if (!why)
		return -EIO;
	if (!cJSON_IsString(why) || !(err = read_error_from_name(why->valuestring))) {
		fail_errno_name(ld, JK_MAPS_ERROR);
		return 0;
	}
	return -err;
}

static bool tid_listed(const struct vma *m, pid_t tid)
{
	for (unsigned k = 0; k < m->ntids; k++)
		if (m->tids[k] == tid)
			return true;
	return false;
}

/* Classifies g's mappings as the live source did; the stacks it carried
 * from an earlier reading (load_carried_stack()) are carried again. */
static void classify_keeping_carried(struct snapshot *snap, struct tgroup *g)
{
	struct carried {
		size_t at;
		const pid_t *tids;
		unsigned n;
	} *c = xmalloc(sizeof(*c) * (g->nmaps + 1));
	size_t n = 0;

	for (size_t i = 0; i < g->nmaps; i++)
		if (g->maps[i].stack_last_seen)
			c[n++] = (struct carried){ i, g->maps[i].tids, g->maps[i].ntids };
	maps_classify(snap, g);
	for (size_t i = 0; i < n; i++) {
		struct vma *m = &g->maps[c[i].at];

		for (unsigned k = 0; k < c[i].n; k++)
			if (!tid_listed(m, c[i].tids[k]))
				maps_carry_stack(snap, m, c[i].tids[k]);
		m->stack_last_seen = true;
	}
	free(c);
}

/* `at`: where json_doc left the maps array out ("[]" in `obj`). */
static void load_maps(struct loader *ld, const cJSON *obj, const struct json_array *at,
		      struct tgroup *g)
{
	const cJSON *maps = get(obj, JK_MAPS), *ly;
	struct json_elements it;
	cJSON *e;

	if (!maps)
		return;   /* not read when saved */
	if (cJSON_IsNull(maps)) {
		g->maps_err = maps_error(ld, get(obj, JK_MAPS_ERROR));
		return;
	}
	if (!cJSON_IsArray(maps) || !at->p) {
		fail(ld, "\"%s\" is not an array", json_key_name(JK_MAPS));
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
	ly = get(obj, JK_LAYOUT);
	for (int f = 0; f < LY_COUNT && cJSON_IsObject(ly); f++) {
		const cJSON *a = get(ly, (enum json_key)(JK_START_CODE + f));

		if (a && !cJSON_IsNull(a) && hex_address(ld, a, &g->layout.at[f]))
			g->layout.known |= 1u << f;
	}
	g->maps_read = true;
	classify_keeping_carried(ld->snap, g);
}

/* A time in seconds since the epoch that every view can show. */
static bool epoch_time(struct loader *ld, const cJSON *obj, enum json_key key, double *out)
{
	const cJSON *j = get(obj, key);

	if (!cJSON_IsNumber(j) || !(j->valuedouble >= 0 && j->valuedouble <= TIME_MAX)) {
		fail(ld, "'%s' is not a time from 1970 to 9999", json_key_name(key));
		return false;
	}
	*out = j->valuedouble;
	return true;
}

/* Whole numbers from 0 to `max` at the `n` keys from `first` on, of `obj`,
 * into `out`, all or nothing: false when the object is absent or null
 * (unknown). */
static bool whole_fields(struct loader *ld, const cJSON *obj, enum json_key first, size_t n,
			 double max, unsigned long long *out)
{
	long long v;

	if (!cJSON_IsObject(obj))
		return false;
	for (size_t i = 0; i < n; i++) {
		enum json_key k = (enum json_key)(first + i);

		if (!whole(ld, obj, k, 0, max, &v)) {
			if (!ld->failed)
				fail(ld, "no '%s'", json_key_name(k));
			return false;
		}
		out[i] = (unsigned long long)v;
	}
	return true;
}

/* A CPU's counters, in struct cpu_ticks' order. */
enum { N_TICKS = JK_TICKS_STEAL - JK_TICKS_USER + 1, CPUS_MAX = 65536 };
#define TICKS_MAX 0x1p53

static bool load_ticks(struct loader *ld, const cJSON *obj, struct cpu_ticks *c)
{
	unsigned long long v[N_TICKS];

	if (!whole_fields(ld, obj, JK_TICKS_USER, N_TICKS, TICKS_MAX, v))
		return false;
	*c = (struct cpu_ticks){ v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7] };
	return true;
}

static void load_cpu_ticks(struct loader *ld, const cJSON *obj)
{
	struct host_info *h = &ld->snap->host;
	const cJSON *per = get(obj, JK_PER_CPU), *c;
	int n = cJSON_GetArraySize(per), i = 0;

	if (!cJSON_IsObject(obj))
		return;
	if (!cJSON_IsArray(per) || n > CPUS_MAX) {
		fail(ld, "'%s' is not an array of at most %d CPUs", json_key_name(JK_PER_CPU), CPUS_MAX);
		return;
	}
	if (!load_ticks(ld, get(obj, JK_CPU_TOTAL), &h->cpu_total))
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
	struct host_info *h = &ld->snap->host;
	unsigned long long v[5];
	const cJSON *load = get(host, JK_LOAD), *up = get(host, JK_UPTIME);

	if (cJSON_IsArray(load)) {
		for (int i = 0; i < 3; i++) {
			const cJSON *x = cJSON_GetArrayItem(load, i);

			if (cJSON_GetArraySize(load) != 3 || !cJSON_IsNumber(x) ||
			    !(x->valuedouble >= 0 && x->valuedouble <= 1e9)) {
				fail(ld, "'%s' is not three numbers from 0 to 1e9", json_key_name(JK_LOAD));
				return;
			}
			h->load[i] = x->valuedouble;
		}
		h->known |= HF_BIT(HF_LOAD);
	}
	if (whole_fields(ld, get(host, JK_MEMORY), JK_MEM_TOTAL, 5, BYTES_MAX, v)) {
		h->mem_total = v[0], h->mem_free = v[1], h->mem_available = v[2];
		h->mem_buffers = v[3], h->mem_cached = v[4];
		h->known |= HF_BIT(HF_MEM);
	}
	if (whole_fields(ld, get(host, JK_SWAP), JK_MEM_TOTAL, 2, BYTES_MAX, v)) {
		h->swap_total = v[0], h->swap_free = v[1];
		h->known |= HF_BIT(HF_SWAP);
	}
	if (up && !cJSON_IsNull(up)) {
		if (!cJSON_IsNumber(up) || !(up->valuedouble >= 0 && up->valuedouble <= TIME_MAX)) {
			fail(ld, "'%s' is not a number of seconds from 0 to %.0f", json_key_name(JK_UPTIME),
			     TIME_MAX);
			return;
		}
		h->uptime = up->valuedouble;
		h->known |= HF_BIT(HF_UPTIME);
	}
	if (!ld->failed)
		load_cpu_ticks(ld, get(host, JK_CPU_TICKS));
}

static void load_host(struct loader *ld, const cJSON *root)
{
	const cJSON *host = get(get(root, JK_SNAPSHOT), JK_HOST);
	struct host_info *h = &ld->snap->host;
	long long v;

	if (!cJSON_IsObject(host)) {
		fail(ld, "no host description");
		return;
	}
	if (!whole(ld, host, JK_CLOCK_TICKS, 1, 1e6, &v)) {
		fail(ld, "no %s", json_key_name(JK_CLOCK_TICKS));
		return;
	}
	h->clock_ticks = (long)v;
	if (!whole(ld, host, JK_PAGE_SIZE, 512, 1 << 30, &v) || (v & (v - 1))) {
		fail(ld, "'%s' is not a power of two from 512 to 1073741824",
		     json_key_name(JK_PAGE_SIZE));
		return;
	}
	h->page_size = (long)v;
	if (whole(ld, host, JK_PID_MAX, 1, 1 << 30, &v))
		h->pid_max = (long)v;
	if (present(host, JK_BOOT_TIME)) {
		if (!epoch_time(ld, host, JK_BOOT_TIME, &h->boot_time))
			return;
		h->known |= HF_BIT(HF_BOOT);
	}
	if (!epoch_time(ld, root, JK_TAKEN_AT, &h->taken_at))
		return;
	h->hostname = string_key(ld, host, JK_HOSTNAME, NAME_MAX_LEN);
	h->kernel = string_key(ld, host, JK_KERNEL, NAME_MAX_LEN);
	h->boot_id = string_key(ld, host, JK_BOOT_ID, NAME_MAX_LEN);
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
static bool read_error(struct loader *ld, const cJSON *obj, enum json_key key, int *err)
{
	const cJSON *why = get(obj, key);
	int e;

	if (!cJSON_IsString(why))
		return false;
	if (!(e = read_error_from_name(why->valuestring))) {
		fail_errno_name(ld, key);
		return false;
	}
	*err = -e;
	return true;
}

/* smaps_rollup's figures: absent when not read; null with
 * "rollup_error" when they could not be. */
static void load_rollup(struct loader *ld, const cJSON *obj, struct tgroup *g)
{
	const cJSON *r = get(obj, JK_ROLLUP);
	unsigned long long *v[] = {
		&g->rollup.rss, &g->rollup.pss, &g->rollup.shared, &g->rollup.private, &g->rollup.swap,
	};
	long long x;

	_Static_assert(JK_ROLLUP_SWAP - JK_ROLLUP_RSS + 1 == sizeof(v) / sizeof(v[0]),
		       "one key per figure, in struct mem_rollup's order");
	if (!r)
		return;
	if (cJSON_IsNull(r)) {
		g->rollup_read = read_error(ld, obj, JK_ROLLUP_ERROR, &g->rollup_err);
		return;
	}
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]) && !ld->failed; i++) {
		enum json_key key = (enum json_key)(JK_ROLLUP_RSS + i);

		if (!cJSON_IsObject(r) || !whole(ld, r, key, 0, BYTES_MAX, &x)) {
			fail(ld, "'%s' has no '%s'", json_key_name(JK_ROLLUP), json_key_name(key));
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
	const cJSON *arr = get(obj, JK_IMAGES), *o;
	struct elf_image *im;
	size_t n = 0;

	if (!arr || cJSON_IsNull(arr))
		return;
	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) > 4096) {
		fail(ld, "'%s' is not an array of at most 4096 objects", json_key_name(JK_IMAGES));
		return;
	}
	im = snapshot_alloc(ld->snap, ((size_t)cJSON_GetArraySize(arr) + 1) * sizeof(*im));
	cJSON_ArrayForEach(o, arr) {
		struct vma file = { 0 };
		const cJSON *dev = get(o, JK_IMAGE_DEV), *inode = get(o, JK_IMAGE_INODE);

		if (!cJSON_IsObject(o) || !cJSON_IsString(dev) || !cJSON_IsString(inode)) {
			fail(ld, "an image without %s and %s", json_key_name(JK_IMAGE_DEV),
			     json_key_name(JK_IMAGE_INODE));
			return;
		}
		if (!load_dev(ld, dev->valuestring, &file) || !load_inode(ld, inode->valuestring, &file))
			return;
		im[n] = (struct elf_image){ file.inode, file.dev_major, file.dev_minor, 0, 0, 0 };
		if (!hex_address(ld, get(o, JK_IMAGE_END), &im[n].image_end) ||
		    !hex_address(ld, get(o, JK_IMAGE_RELRO_START), &im[n].relro_start) ||
		    !hex_address(ld, get(o, JK_IMAGE_RELRO_END), &im[n].relro_end))
			return;
		n++;
	}
	g->images = im;
	g->nimages = n;
}

/* What the process shared with others; null or absent: unknown. */
static void load_shares(struct loader *ld, const cJSON *obj, struct tgroup *g)
{
	const cJSON *j = get(obj, JK_SHARES);
	long long v;

	if (!j || cJSON_IsNull(j))
		return;
	if (!cJSON_IsObject(j)) {
		fail(ld, "'%s' is not an object", json_key_name(JK_SHARES));
		return;
	}
	g->shares_read = true;
	g->shares_known = (1u << SHARE_COUNT) - 1;
	for (int k = 0; k < SHARE_COUNT; k++)
		if (whole(ld, j, (enum json_key)(JK_SHARES_VM + k), 1, 0x7fffffff, &v))
			g->shares_with[k] = (pid_t)v;
}

/* The process's resource limits; null or absent: not kept. */
static void load_limits(struct loader *ld, const cJSON *obj, struct tgroup *g)
{
	const cJSON *arr = get(obj, JK_LIMITS), *o;
	size_t n = 0;

	if (!arr || cJSON_IsNull(arr)) {
		g->limits_read = read_error(ld, obj, JK_LIMITS_ERROR, &g->limits_err);
		return;
	}
	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) > LIMITS_MAX) {
		fail(ld, "'%s' is not an array of at most %d limits", json_key_name(JK_LIMITS), LIMITS_MAX);
		return;
	}
	/* As many rows as there are: a model as small as the file. */
	int count = cJSON_GetArraySize(arr);
	struct limit_row *rows = snapshot_alloc(ld->snap, sizeof(*rows) * (size_t)(count ? count : 1));

	cJSON_ArrayForEach(o, arr) {
		struct limit_row *l = &rows[n++];

		l->name = string_key(ld, o, JK_LIMIT_RESOURCE, NAME_MAX_LEN);
		l->units = string_key(ld, o, JK_LIMIT_UNITS, NAME_MAX_LEN);
		if (ld->failed)
			return;
		if (!l->name) {
			fail(ld, "a limit without its resource");
			return;
		}
		if (!limit_value(ld, get(o, JK_LIMIT_SOFT), &l->soft, &l->soft_unlimited) ||
		    !limit_value(ld, get(o, JK_LIMIT_HARD), &l->hard, &l->hard_unlimited))
			return;
	}
	g->limits = rows;
	g->nlimits = n;
	g->limits_read = true;
}

/* Schema 1 up to this lwps's; a newer one says so.  1 differs only in
 * maps_error. */
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
	ld->schema = (int)n;
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
	if (!whole(ld, p, JK_PID, 1, 0x7fffffff, &pid)) {
		fail(ld, "a process without a %s", json_key_name(JK_PID));
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
		load_shares(ld, p, g);
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
	const cJSON *schema = get(root, JK_SCHEMA);

	if (!root) {
		ld->failed = true;
		return;
	}
	if (!cJSON_IsObject(root) || !cJSON_IsNumber(schema))
		fail(ld, "not an lwps snapshot");
	else if (!schema_known(ld, schema))
		;   /* said why */
	else if (!cJSON_IsObject(get(root, JK_SNAPSHOT)))
		fail(ld, "lwps JSON output, not a snapshot (save one with --save)");
	else
		load_host(ld, root);
	if (!ld->failed && (!cJSON_IsArray(get(root, JK_PROCESSES)) || !at.p))
		fail(ld, "no \"%s\" array", json_key_name(JK_PROCESSES));
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
