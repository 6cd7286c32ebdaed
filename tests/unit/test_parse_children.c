#include "config.h"

/* test_parse_children.c - unit tests for src/proc/parse_children.c (the
 * /proc/PID/task/TID/children parser). */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc/parse_children.h"
#include "proc/readfile.h"
#include "bounded.h"
#include "tap.h"

enum { MAXPIDS = 16 };

/* Scans `len` bytes placed right before a guard page; returns how many
 * pids were read, and the last result (0 end, -1 garbage) in *last. */
static size_t scan_all(const char *label, const char *text, size_t len, pid_t *pids, int *last)
{
	struct guard gd;
	struct scan sc;
	size_t n = 0;
	int r;

	if (guard_init(&gd, len + 1) < 0)
		abort();
	scan_init(&sc, guard_place(&gd, text, len), len);
	while ((r = children_next(&sc, &pids[n])) == 1 && n + 1 < MAXPIDS)
		n++;
	*last = r;
	/* After the end or garbage, it stays at the end. */
	if (r != 1)
		is_int(children_next(&sc, &pids[n]), 0, "%s: then the end", label);
	guard_release(&gd);
	return n;
}

/* Scans `text`: nwant pids (the int arguments), then want_last. */
static void check(const char *label, const char *text, int want_last, size_t nwant, ...)
{
	pid_t got[MAXPIDS];
	int last;
	size_t n = scan_all(label, text, strlen(text), got, &last);
	va_list ap;
	bool same = n == nwant;

	va_start(ap, nwant);
	for (size_t i = 0; i < nwant; i++) {
		pid_t w = va_arg(ap, pid_t);

		if (i < n && got[i] != w)
			same = false;
	}
	va_end(ap);
	is_uint(n, nwant, "%s: %zu pids", label, nwant);
	ok(same, "%s: the pids in order", label);
	is_int(last, want_last, "%s: ends with %d", label, want_last);
}

static void test_shapes(void)
{
	check("the kernel's form", "12 34 ", 0, 2, 12, 34);
	check("empty: no children", "", 0, 0);
	check("no space after the last", "1", 0, 1, 1);
	check("tabs and newlines separate", "  7\n8\t9  \n", 0, 3, 7, 8, 9);
	check("the largest pid", "2147483647 ", 0, 1, 2147483647);
}

static void test_malformed(void)
{
	check("a letter after digits", "12x 34 ", -1, 0);
	check("pid 0 stops the scan", "5 0 6 ", -1, 1, 5);
	check("past INT_MAX", "2147483648 ", -1, 0);
	check("a sign", "-1 ", -1, 0);
	check("overflowing digits", "99999999999999999999999 ", -1, 0);
	check("a word", "3 (x) 4", -1, 1, 3);
	check("a comma", "4,5", -1, 0);
}

/* Every prefix of a long list against a guard page: no over-read, and
 * the pids found are a prefix of the whole list. */
static void test_prefixes(void)
{
	static const char text[] = "101 2020 30303 404040 5050505 ";
	static const pid_t all[] = { 101, 2020, 30303, 404040, 5050505 };
	bool fine = true;

	for (size_t len = 0; len <= strlen(text); len++) {
		pid_t got[MAXPIDS];
		int last;
		size_t n = scan_all("prefix", text, len, got, &last);

		for (size_t i = 0; i < n; i++) {
			/* A cut pid reads as a shorter one: only the last may differ. */
			if (got[i] != all[i] && i + 1 != n)
				fine = false;
		}
		if (last != 0)
			fine = false;
	}
	ok(fine, "every prefix of a list parses as a prefix of its pids");
}

/* The kernel's own file: this thread's child is listed, and only it. */
static void test_live(void)
{
	char path[64];
	struct buf b = { 0 };
	pid_t child = fork();

	if (child == 0) {
		pause();
		_exit(0);
	}
	if (child < 0) {
		ok(0, "fork: %s", strerror(errno));
		return;
	}
	snprintf(path, sizeof(path), "/proc/self/task/%d/children", (int)getpid());
	int err = read_file_at(AT_FDCWD, path, &b);

	if (err == -ENOENT) {
		tap_start();
		printf("ok %d - live children file # SKIP the kernel lacks %s (CONFIG_PROC_CHILDREN)\n",
		       ++tap_run, path);
	} else {
		struct scan sc;
		pid_t pid = 0;

		is_int(err, 0, "read %s", path);
		scan_init(&sc, b.data, b.len);
		is_int(children_next(&sc, &pid), 1, "live: one pid");
		is_int(pid, child, "live: it is the child just forked");
		is_int(children_next(&sc, &pid), 0, "live: then the end");
	}
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	buf_release(&b);
}

int main(void)
{
	test_shapes();
	test_malformed();
	test_prefixes();
	test_live();
	return done_testing();
}
