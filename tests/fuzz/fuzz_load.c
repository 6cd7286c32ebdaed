/* fuzz_load.c - fuzz target for snapshot_load_buffer() (the --load
 * snapshot loader, cJSON included).
 *
 * On success the snapshot must be what the views rely on: groups sorted
 * by pid and unique, tasks sorted by tid and unique, each group's leader
 * among its tasks, no tid in two groups, mappings in order and not
 * overlapping, every number within the documented limits (times from 1970
 * to 9999, memory figures and their sums exact), every string
 * NUL-terminated (strlen under ASan proves it) and within its length.
 * On failure the error text must say something.  Either way the snapshot
 * is freed, so LeakSanitizer sees any leak. */
#include "config.h"

#include "fuzz.h"
#include "proc/load_json.h"

static size_t sink;

/* NULL, or a string that ends inside its allocation, of at most `max`. */
static void check_len(const char *s, size_t max)
{
	if (s) {
		sink += strlen(s);
		FUZZ_CHECK(strlen(s) <= max);
	}
}

static void check_str(const char *s)
{
	check_len(s, 131072);
}

static void check_task(const struct snapshot *snap, const struct task *t)
{
	check_len(t->comm, 64);
	FUZZ_CHECK(t->flags <= 0xffffffffUL);
	if (t->known & TF_BIT(TF_MEM)) {
		FUZZ_CHECK(t->vsize <= 1ULL << 60);
		FUZZ_CHECK(t->rss_pages <= (1ULL << 60) / (unsigned long)snap->host.page_size);
	}
	check_str(t->wchan);
	FUZZ_CHECK(!(t->known & TF_BIT(TF_CREDS)) == !t->creds);
	if (t->creds) {
		const struct creds *c = t->creds;

		for (int i = 0; i < CRED_COUNT; i++) {
			check_str(c->user[i]);
			check_str(c->group[i]);
		}
		FUZZ_CHECK(c->ngroups >= 0 && c->ngroups <= 65536);
		FUZZ_CHECK(c->ngroups == 0 || c->groups);
		for (int i = 0; c->group_names && i < c->ngroups; i++)
			check_str(c->group_names[i]);
	}
	FUZZ_CHECK(t->nspid_len >= 0);
	FUZZ_CHECK(t->nspid_len == 0 || t->nspid);
	for (int i = 0; i < t->nspid_len; i++)
		FUZZ_CHECK(t->nspid[i] >= 0);
}

/* Each figure of the totals row stays exact (at most 2^62). */
static void check_sums(const struct tgroup *g)
{
	unsigned long long span = 0, sum[SM_COUNT] = { 0 };

	for (size_t i = 0; i < g->nmaps; i++) {
		span += g->maps[i].end - g->maps[i].start;
		FUZZ_CHECK(span <= 1ULL << 62);
		for (int k = 0; k < SM_COUNT; k++) {
			FUZZ_CHECK(vma_value(&g->maps[i], k) <= 1ULL << 60);
			sum[k] += vma_value(&g->maps[i], k);
			FUZZ_CHECK(sum[k] <= 1ULL << 62);
		}
	}
}

static void check_group(const struct snapshot *snap, const struct tgroup *g)
{
	unsigned counted = 0;
	bool leader = false;

	FUZZ_CHECK(g->pid >= 1);
	FUZZ_CHECK(g->self.tid == g->pid && g->self.tgid == g->pid);
	check_task(snap, &g->self);
	if (g->argv_known) {
		FUZZ_CHECK(g->argc >= 0 && g->argv);
		for (int i = 0; i < g->argc; i++) {
			FUZZ_CHECK(g->argv[i]);
			check_str(g->argv[i]);
		}
		FUZZ_CHECK(g->argv[g->argc] == NULL);
	}
	for (size_t i = 0; i < g->ntasks; i++) {
		const struct task *t = &g->tasks[i];

		FUZZ_CHECK(t->tid >= 1 && t->tgid == g->pid);
		FUZZ_CHECK(i == 0 || g->tasks[i - 1].tid < t->tid);
		/* A tid is one task: no other group has it as its pid. */
		FUZZ_CHECK(t->tid == g->pid || !snapshot_find_group(snap, t->tid));
		leader |= t->tid == g->pid;
		check_task(snap, t);
	}
	FUZZ_CHECK(g->ntasks == 0 || leader);
	FUZZ_CHECK(g->ntasks == 0 || g->tasks_read);
	check_sums(g);
	for (int s = 0; s < 128; s++)
		counted += g->state_counts[s];
	FUZZ_CHECK(counted <= g->ntasks);
	FUZZ_CHECK(g->nmaps == 0 || g->maps_read);
	for (size_t i = 0; i < g->nmaps; i++) {
		const struct vma *m = &g->maps[i];

		FUZZ_CHECK(m->start <= m->end);
		FUZZ_CHECK(i == 0 || g->maps[i - 1].end <= m->start);
		FUZZ_CHECK(m->perms[4] == '\0' && strlen(m->perms) == 4);
		FUZZ_CHECK((unsigned)m->segment < SEG_COUNT);
		check_str(m->path);
		check_str(m->lib);
	}
}

/* No tid in two groups: the first group holding each tid is its own. */
static void check_no_shared_tid(const struct snapshot *snap)
{
	for (size_t i = 0; i < snap->ngroups; i++)
		for (size_t j = 0; j < snap->groups[i].ntasks; j++)
			FUZZ_CHECK(snapshot_find_task_group(snap, snap->groups[i].tasks[j].tid) ==
				   &snap->groups[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_copy(data, size);
	struct snapshot *snap = snapshot_new();
	struct sbuf err = { 0 };

	if (snapshot_load_buffer(snap, buf, size, &err) == 0) {
		FUZZ_CHECK(err.len == 0);
		FUZZ_CHECK(snap->from_file);
		FUZZ_CHECK(snap->host.clock_ticks >= 1 && snap->host.page_size >= 512);
		FUZZ_CHECK((snap->host.page_size & (snap->host.page_size - 1)) == 0);
		FUZZ_CHECK(snap->host.taken_at >= 0 && snap->host.taken_at <= 253402300799.0);
		FUZZ_CHECK(snap->host.boot_time >= 0 && snap->host.boot_time <= 253402300799.0);
		check_len(snap->host.hostname, 64);
		check_len(snap->host.kernel, 64);
		for (size_t i = 0; i < snap->ngroups; i++) {
			FUZZ_CHECK(i == 0 || snap->groups[i - 1].pid < snap->groups[i].pid);
			check_group(snap, &snap->groups[i]);
		}
		check_no_shared_tid(snap);
	} else {
		FUZZ_CHECK(err.len > 0 && err.data && strlen(err.data) == err.len);
	}
	sbuf_release(&err);
	snapshot_free(snap);
	free(buf);
	return 0;
}
