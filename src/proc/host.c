/* host.c - facts about the machine a live snapshot is taken on. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "proc/host.h"

void host_read(struct snapshot *snap, int procfd, struct buf *b)
{
	struct host_info *h = &snap->host;
	struct utsname u;
	struct timespec now;

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
	if (read_file_at(procfd, "stat", b) == 0) {
		const char *p = strstr(b->data, "\nbtime ");

		if (p)
			h->boot_time = strtod(p + 7, NULL);
	}
}
