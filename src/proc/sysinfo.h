/* sysinfo.h - the machine's load average and memory totals, for the
 * browser's header (/proc/loadavg, /proc/meminfo). */
#ifndef LWPS_SYSINFO_H
#define LWPS_SYSINFO_H

#include <stdbool.h>
#include <stddef.h>

struct sysinfo_load {
	bool known;
	double avg[3];               /* 1, 5 and 15 minutes */
	unsigned long running;       /* runnable tasks now */
	unsigned long total;         /* tasks in the system */
};

/* The meminfo keys lwps shows, in bytes (the kernel prints kB). */
enum meminfo_key {
	MI_TOTAL, MI_FREE, MI_AVAILABLE, MI_BUFFERS, MI_CACHED,
	MI_SWAP_TOTAL, MI_SWAP_FREE,
	MI_COUNT
};

struct sysinfo_mem {
	unsigned long long value[MI_COUNT];
	unsigned have;               /* 1u << MI_* for each key found */
};

/* Parse `len` bytes at `buf`; never read past len.  Return 0, or -1 when
 * the text is not what the kernel writes (the output is then unknown). */
int sysinfo_parse_load(const char *buf, size_t len, struct sysinfo_load *out);
int sysinfo_parse_mem(const char *buf, size_t len, struct sysinfo_mem *out);

/* Read and parse the live files; 0 or -errno (-EINVAL when malformed). */
int sysinfo_read_load(struct sysinfo_load *out);
int sysinfo_read_mem(struct sysinfo_mem *out);

#endif
