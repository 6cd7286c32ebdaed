/* host.c - facts about the machine a live snapshot is taken on. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <libproc2/meminfo.h>
#include <libproc2/misc.h>
#include <libproc2/stat.h>

#include "proc/host.h"
#include "util/xalloc.h"

struct host_reader {
	struct meminfo_info *mem;
	struct stat_info *stat;
	bool opened;             /* mem and stat made (or failed: NULL) */
};

/* The order of cpu_ticks' fields. */
static enum stat_item tick_items[] = {
	STAT_TIC_ID, STAT_TIC_USER, STAT_TIC_NICE, STAT_TIC_SYSTEM, STAT_TIC_IDLE,
	STAT_TIC_IOWAIT, STAT_TIC_IRQ, STAT_TIC_SOFTIRQ, STAT_TIC_STOLEN,
};
enum { N_TICK_ITEMS = sizeof(tick_items) / sizeof(tick_items[0]) };

struct host_reader *host_reader_new(void)
{
	return xcalloc(1, sizeof(struct host_reader));
}

/* Made when first asked for: the stat context loads libnuma and reads
 * cpuinfo and the NUMA nodes, about a third of a millisecond, which a
 * listing that shows no host figure should not pay. */
static void open_contexts(struct host_reader *hr)
{
	if (hr->opened)
		return;
	hr->opened = true;
	/* Either may fail (no /proc): those facts are then unknown. */
	if (procps_meminfo_new(&hr->mem) < 0)
		hr->mem = NULL;
	if (procps_stat_new(&hr->stat) < 0)
		hr->stat = NULL;
}

void host_reader_free(struct host_reader *hr)
{
	if (!hr)
		return;
	if (hr->mem)
		procps_meminfo_unref(&hr->mem);
	if (hr->stat)
		procps_stat_unref(&hr->stat);
	free(hr);
}

static void read_memory(struct host_reader *hr, struct host_info *h)
{
	if (!hr->mem)
		return;
	/* libproc2 reads the file again when a second has passed since it
	 * last did, so these gets see one reading. */
	unsigned long total = MEMINFO_GET(hr->mem, MEMINFO_MEM_TOTAL, ul_int);

	if (total == 0)
		return;
	h->mem_total = total * 1024ull;
	h->mem_free = MEMINFO_GET(hr->mem, MEMINFO_MEM_FREE, ul_int) * 1024ull;
	h->mem_available = MEMINFO_GET(hr->mem, MEMINFO_MEM_AVAILABLE, ul_int) * 1024ull;
	h->mem_buffers = MEMINFO_GET(hr->mem, MEMINFO_MEM_BUFFERS, ul_int) * 1024ull;
	h->mem_cached = MEMINFO_GET(hr->mem, MEMINFO_MEM_CACHED, ul_int) * 1024ull;
	h->swap_total = MEMINFO_GET(hr->mem, MEMINFO_SWAP_TOTAL, ul_int) * 1024ull;
	h->swap_free = MEMINFO_GET(hr->mem, MEMINFO_SWAP_FREE, ul_int) * 1024ull;
	h->known |= HF_BIT(HF_MEM) | HF_BIT(HF_SWAP);
}

static void ticks_of(struct stat_stack *st, struct cpu_ticks *t)
{
	unsigned long long v[N_TICK_ITEMS];

	for (int i = 1; i < N_TICK_ITEMS; i++)
		v[i] = st->head[i].result.ull_int;
	*t = (struct cpu_ticks){ v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8] };
}

static void read_cpus(struct host_reader *hr, struct snapshot *snap)
{
	struct host_info *h = &snap->host;
	struct stat_reaped *r;

	if (!hr->stat)
		return;
	r = procps_stat_reap(hr->stat, STAT_REAP_CPUS_ONLY, tick_items, N_TICK_ITEMS);
	if (!r || !r->summary || !r->cpus)
		return;
	ticks_of(r->summary, &h->cpu_total);
	/* CPUs by number; one offline has no line and keeps zeros. */
	int n = 0;

	for (int i = 0; i < r->cpus->total; i++) {
		int id = r->cpus->stacks[i]->head[0].result.s_int;

		if (id >= n && id < 65536)
			n = id + 1;
	}
	struct cpu_ticks *cpus = snapshot_alloc(snap, sizeof(*cpus) * (size_t)(n ? n : 1));

	memset(cpus, 0, sizeof(*cpus) * (size_t)(n ? n : 1));
	for (int i = 0; i < r->cpus->total; i++) {
		int id = r->cpus->stacks[i]->head[0].result.s_int;

		if (id >= 0 && id < n)
			ticks_of(r->cpus->stacks[i], &cpus[id]);
	}
	h->cpus = cpus;
	h->ncpus = n;
	h->known |= HF_BIT(HF_CPUS);
}

static void read_boot_id(struct snapshot *snap, int procfd, struct buf *b)
{
	if (read_file_at(procfd, "sys/kernel/random/boot_id", b) < 0)
		return;
	while (b->len && b->data[b->len - 1] == '\n')
		b->data[--b->len] = '\0';
	if (b->len)
		snap->host.boot_id = snapshot_strndup(snap, b->data, b->len);
}

void host_read(struct host_reader *hr, struct snapshot *snap, int procfd, struct buf *b,
	       bool counters)
{
	struct host_info *h = &snap->host;
	struct utsname u;
	struct timespec now;
	double idle;

	h->clock_ticks = sysconf(_SC_CLK_TCK);
	h->page_size = sysconf(_SC_PAGESIZE);
	clock_gettime(CLOCK_REALTIME, &now);
	/* Hundredths, like clock ticks: enough, and exact in JSON. */
	h->taken_at = (double)now.tv_sec + (double)(now.tv_nsec / 10000000) / 100;
	h->boot_time = 0;
	if (uname(&u) == 0) {
		h->hostname = snapshot_strdup(snap, u.nodename);
		h->kernel = snapshot_strdup(snap, u.release);
	}
	if (read_file_at(procfd, "sys/kernel/pid_max", b) == 0)
		h->pid_max = strtol(b->data, NULL, 10);
	read_boot_id(snap, procfd, b);
	if (procps_loadavg(&h->load[0], &h->load[1], &h->load[2]) == 0)
		h->known |= HF_BIT(HF_LOAD);
	if (procps_uptime(&h->uptime, &idle) == 0)
		h->known |= HF_BIT(HF_UPTIME);
	if (!counters)
		return;
	open_contexts(hr);
	read_memory(hr, h);
	read_cpus(hr, snap);
	/* From the reading of /proc/stat the CPU counters just made. */
	if (hr->stat)
		h->boot_time = (double)STAT_GET(hr->stat, STAT_SYS_TIME_OF_BOOT, ul_int);
	if (h->boot_time > 0)
		h->known |= HF_BIT(HF_BOOT);
}
