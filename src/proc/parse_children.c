/* parse_children.c - parse /proc/PID/task/TID/children.
 *
 * The kernel writes each pid followed by one space and no newline; any
 * run of blanks and newlines is taken as a separator, and a word that
 * is not a whole pid in 1..INT_MAX stops the scan. */
#include "config.h"

#include <limits.h>
#include <stdbool.h>

#include "proc/parse_children.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

int children_next(struct scan *sc, pid_t *pid)
{
	unsigned long long v;

	while (sc->p < sc->end && is_space(*sc->p))
		sc->p++;
	if (sc->p >= sc->end)
		return 0;
	if (scan_ull(sc, &v) < 0 || v == 0 || v > INT_MAX ||
	    (sc->p < sc->end && !is_space(*sc->p))) {
		sc->p = sc->end;
		return -1;
	}
	*pid = (pid_t)v;
	return 1;
}
