/* fuzz_load.c - fuzz target for snapshot_load_buffer() (the --load
 * snapshot loader, cJSON included).
 *
 * On success the snapshot must be what the views rely on: groups sorted
 * by pid and unique, tasks sorted by tid, mappings in order and not
 * overlapping, every string NUL-terminated (strlen under ASan proves
 * it).  On failure the error text must say something.  Either way the
 * snapshot is freed, so LeakSanitizer sees any leak. */
#include "config.h"

#include "fuzz.h"
#include "proc/load_json.h"

static size_t sink;

/* NULL, or a string that ends inside its allocation. */
static void check_str(const char *s)
{
	if (s)
		sink += strlen(s);
}

static void check_task(const struct task *t)
{
	check_str(t->comm);
	check_str(t->wchan);
	FUZZ_CHECK(t->nspid_len >= 0);
	FUZZ_CHECK(t->nspid_len == 0 || t->nspid);
	for (int i = 0; i < t->nspid_len; i++)
		FUZZ_CHECK(t->nspid[i] >= 0);
}

static void check_group(const struct tgroup *g)
{
	unsigned counted = 0;

	FUZZ_CHECK(g->pid >= 1);
	FUZZ_CHECK(g->self.tid == g->pid && g->self.tgid == g->pid);
	check_task(&g->self);
	check_str(g->user);
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
		FUZZ_CHECK(i == 0 || g->tasks[i - 1].tid <= t->tid);
		check_task(t);
	}
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_copy(data, size);
	struct snapshot *snap = snapshot_new();
	struct sbuf err = { 0 };

	if (snapshot_load_buffer(snap, buf, size, &err) == 0) {
		FUZZ_CHECK(err.len == 0);
		FUZZ_CHECK(snap->from_file);
		FUZZ_CHECK(snap->host.clock_ticks >= 1 && snap->host.page_size >= 512);
		check_str(snap->host.hostname);
		check_str(snap->host.kernel);
		for (size_t i = 0; i < snap->ngroups; i++) {
			FUZZ_CHECK(i == 0 || snap->groups[i - 1].pid < snap->groups[i].pid);
			check_group(&snap->groups[i]);
		}
	} else {
		FUZZ_CHECK(err.len > 0 && err.data && strlen(err.data) == err.len);
	}
	sbuf_release(&err);
	snapshot_free(snap);
	free(buf);
	return 0;
}
