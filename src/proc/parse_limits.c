/* parse_limits.c - parse /proc/PID/limits into rows.
 *
 * The kernel pads the name to 25 columns and each value to 20, but the
 * names hold spaces and the widths are not a promise, so a line is read
 * as words: the name runs up to the first word that is a value. */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc/parse_limits.h"
#include "proc/scan.h"
#include "util/xalloc.h"

struct word {
	const char *p;
	size_t len;
};

/* A value: a decimal number that fits 64 bits, or "unlimited". */
static bool parse_value(const struct word *w, unsigned long long *v, bool *unlimited)
{
	struct scan sc;

	if (w->len == 9 && memcmp(w->p, "unlimited", 9) == 0) {
		*v = 0;
		*unlimited = true;
		return true;
	}
	scan_init(&sc, w->p, w->len);
	if (scan_ull(&sc, v) < 0 || sc.p != sc.end)
		return false;
	*unlimited = false;
	return true;
}

static bool is_value(const struct word *w)
{
	unsigned long long v;
	bool u;

	return parse_value(w, &v, &u);
}

/* Splits line[0..n) at blanks into at most `max` words; returns how many,
 * or max + 1 when there are more. */
static size_t split_words(const char *line, size_t n, struct word *w, size_t max)
{
	size_t count = 0, i = 0;

	while (i < n) {
		while (i < n && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i == n)
			break;
		if (count == max)
			return max + 1;
		w[count].p = line + i;
		while (i < n && line[i] != ' ' && line[i] != '\t')
			i++;
		w[count].len = (size_t)(line + i - w[count].p);
		count++;
	}
	return count;
}

enum { MAX_WORDS = 16 };

static void parse_line(const char *line, size_t n, struct limits *out)
{
	struct word w[MAX_WORDS];
	size_t nw = split_words(line, n, w, MAX_WORDS), first = 0;
	struct limit l = { 0 };

	if (nw == 0 || nw > MAX_WORDS)
		return;
	while (first < nw && !is_value(&w[first]))
		first++;
	/* A name, two values, at most one word of units. */
	if (first == 0 || nw - first < 2 || nw - first > 3)
		return;
	if (!parse_value(&w[first], &l.soft, &l.soft_unlimited) ||
	    !parse_value(&w[first + 1], &l.hard, &l.hard_unlimited))
		return;
	if (nw - first == 3) {
		l.units = w[first + 2].p;
		l.units_len = w[first + 2].len;
	}
	l.name = w[0].p;
	l.name_len = (size_t)(w[first - 1].p + w[first - 1].len - w[0].p);
	xgrow(&out->rows, &out->cap, out->n + 1, sizeof(struct limit));
	out->rows[out->n++] = l;
}

size_t limits_parse(const char *buf, size_t len, struct limits *out)
{
	const char *p = buf, *end;

	out->n = 0;
	if (len == 0)
		return 0;
	end = buf + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		parse_line(p, n, out);
		p = nl ? nl + 1 : end;
	}
	return out->n;
}

void limits_release(struct limits *l)
{
	free(l->rows);
	l->rows = NULL;
	l->n = l->cap = 0;
}
