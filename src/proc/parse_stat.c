/* parse_stat.c - parse /proc/PID/stat and /proc/PID/task/TID/stat. */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "proc/parse_stat.h"
#include "proc/scan.h"

/* Reads up to `max` numbers into v, as scan_ull_signed() would one by one
 * (blanks, an optional '-', digits; stops at anything else or at a value
 * past 64 bits), and returns how many.  Every task's stat is parsed on
 * each scan: this loop is the parse's whole cost. */
static int stat_numbers(const char *p, const char *end, unsigned long long *v, int max)
{
	int n = 0;

	while (n < max) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		bool neg = p + 1 < end && *p == '-' && (unsigned)(p[1] - '0') < 10;
		const char *digits = p += neg;
		unsigned long long x = 0;

		while (p < end && (unsigned)(*p - '0') < 10)
			x = x * 10 + (unsigned)(*p++ - '0');
		if (p == digits)
			break;
		/* Nineteen digits always fit; more may not. */
		if (p - digits > 19) {
			struct scan sc;

			scan_init(&sc, digits, (size_t)(p - digits));
			if (scan_ull(&sc, &x) < 0)
				break;
		}
		v[n++] = neg ? 0 - x : x;
	}
	return n;
}

int stat_parse(const char *buf, size_t len, struct stat_fields *out)
{
	const char *open = memchr(buf, '(', len);
	const char *close = NULL;
	struct scan sc;

	memset(out, 0, sizeof(*out));
	if (!open)
		return -EINVAL;
	/* The last ')' ends the name: a name may itself hold ") (". */
	for (const char *p = buf + len; p > open; p--)
		if (p[-1] == ')') {
			close = p - 1;
			break;
		}
	if (!close)
		return -EINVAL;

	scan_init(&sc, buf, (size_t)(open - buf));
	long long pid;
	if (scan_ll(&sc, &pid) < 0)
		return -EINVAL;
	out->pid = (int)pid;
	out->comm = open + 1;
	out->comm_len = (size_t)(close - open - 1);

	scan_init(&sc, close + 1, len - (size_t)(close + 1 - buf));
	if (scan_char(&sc, &out->state) < 0)
		return -EINVAL;

	/* Fields 4.. in proc(5) order. */
	unsigned long long v[49];
	int n = stat_numbers(sc.p, sc.end, v, 49);
	out->nfields = n + 3;
	/* Up to `processor` (field 39) is present on every supported kernel. */
	if (n < 36)
		return -EINVAL;

	out->ppid = (int)v[0];
	out->pgrp = (int)v[1];
	out->session = (int)v[2];
	out->tty_nr = (int)v[3];
	out->tpgid = (int)v[4];
	out->flags = (unsigned long)v[5];
	out->minflt = v[6];
	out->majflt = v[8];
	out->utime = v[10];
	out->stime = v[11];
	out->priority = (long)v[14];
	out->nice = (long)v[15];
	out->num_threads = (long)v[16];
	out->starttime = v[18];
	out->vsize = (unsigned long)v[19];
	out->rss = (unsigned long)v[20];
	out->startcode = (unsigned long)v[22];
	out->endcode = (unsigned long)v[23];
	out->startstack = (unsigned long)v[24];
	out->wchan = (unsigned long)v[31];
	out->processor = (int)v[35];
	if (n >= 38) {
		out->rt_priority = (unsigned)v[36];
		out->policy = (unsigned)v[37];
	}
	if (n >= 44) {   /* Linux 3.3 */
		out->start_data = (unsigned long)v[41];
		out->end_data = (unsigned long)v[42];
		out->start_brk = (unsigned long)v[43];
	}
	if (n >= 48) {   /* Linux 3.5 */
		out->arg_start = (unsigned long)v[44];
		out->arg_end = (unsigned long)v[45];
		out->env_start = (unsigned long)v[46];
		out->env_end = (unsigned long)v[47];
	}
	return 0;
}
