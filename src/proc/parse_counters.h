/* parse_counters.h - parse a task's counter files: schedstat and io. */
#ifndef LWPS_PARSE_COUNTERS_H
#define LWPS_PARSE_COUNTERS_H

#include <stddef.h>

/* task/TID/schedstat: "run_ns wait_ns slices". */
struct schedstat_fields {
	unsigned long long run_ns;    /* time on a CPU */
	unsigned long long wait_ns;   /* time runnable, waiting on a run queue */
	unsigned long long slices;    /* timeslices run */
};

/* Returns 0, or -EINVAL when the three numbers are not all there. */
int schedstat_parse(const char *buf, size_t len, struct schedstat_fields *out);

/* /proc/PID/io, task/TID/io: bytes that went to or came from storage. */
struct io_fields {
	unsigned long long read_bytes, write_bytes;
};

/* Returns 0, or -EINVAL when either key is missing or malformed. */
int io_parse(const char *buf, size_t len, struct io_fields *out);

#endif
