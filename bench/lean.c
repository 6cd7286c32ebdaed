/* lean.c - the least a libproc2 listing does, for bench/run.
 *
 * One procps_pids_reap() with stat-only items, the way any libproc2 tool
 * lists tasks; no own reads, no parsing, no output beyond a count.  Put
 * beside the floor (bench/floor.c) it shows what libproc2's own per-task
 * pattern costs: on 4.0.2 a stat() of every task directory and an open by
 * absolute path, where the floor opens each file relative to its
 * directory.
 *
 *   lean         every task (PIDS_FETCH_THREADS_TOO), as lwps -L reads
 *   lean -P      processes only (PIDS_FETCH_TASKS_ONLY), as lwps reads
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libproc2/pids.h>

int main(int argc, char **argv)
{
	enum pids_item items[] = {
		PIDS_ID_PID, PIDS_ID_TGID, PIDS_ID_PPID, PIDS_STATE, PIDS_TICS_USER,
		PIDS_TICS_SYSTEM, PIDS_TICS_BEGAN, PIDS_NLWP, PIDS_PRIORITY, PIDS_NICE,
		PIDS_PROCESSOR, PIDS_VSIZE_BYTES, PIDS_RSS, PIDS_TTY, PIDS_CMD,
	};
	enum pids_fetch_type what = PIDS_FETCH_THREADS_TOO;
	struct pids_info *info = NULL;
	struct pids_fetch *f;
	int opt;

	while ((opt = getopt(argc, argv, "P")) != -1) {
		if (opt != 'P') {
			fputs("usage: lean [-P]\n", stderr);
			return 2;
		}
		what = PIDS_FETCH_TASKS_ONLY;
	}
	setlocale(LC_ALL, "");
	if (procps_pids_new(&info, items, sizeof(items) / sizeof(items[0])) < 0) {
		perror("lean: procps_pids_new");
		return 1;
	}
	f = procps_pids_reap(info, what);
	if (!f) {
		perror("lean: procps_pids_reap");
		return 1;
	}
	printf("%d tasks\n", f->counts->total);
	procps_pids_unref(&info);
	return 0;
}
