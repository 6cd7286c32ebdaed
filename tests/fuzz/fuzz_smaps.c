/* fuzz_smaps.c - fuzz target for smaps_parse() (/proc/PID/smaps).
 *
 * Checks every entry handed to the callback: start <= end, the path and
 * VmFlags slices inside the input and in order, values only for keys
 * seen.  A second pass stops half-way and must return the callback's
 * value after seeing the same first entries. */
#include "config.h"

#include <errno.h>

#include "fuzz.h"
#include "proc/parse_maps.h"

enum { STOP = 42 };

struct ctx {
	const char *buf;
	size_t len;
	size_t n;                 /* entries seen */
	size_t stop_at;           /* stop after this many; 0: never */
	const char *last;         /* end of the last slice seen */
	unsigned long long *starts;
	size_t cap;
};

static int check_entry(const struct smaps_entry *e, void *arg)
{
	struct ctx *c = arg;
	const struct maps_line *m = &e->map;

	FUZZ_CHECK(m->start <= m->end);
	FUZZ_CHECK(m->perms[4] == '\0' && strspn(m->perms, "rwxps-") == 4);
	FUZZ_CHECK((e->have >> SM_COUNT) == 0);
	for (int k = 0; k < SM_COUNT; k++)
		FUZZ_CHECK((e->have & (1u << k)) || e->value[k] == 0);
	if (m->path) {
		FUZZ_CHECK(m->path_len > 0 && fuzz_inside(m->path, m->path_len, c->buf, c->len));
		FUZZ_CHECK(m->path >= c->last);
		c->last = m->path + m->path_len;

		char *dst = malloc(m->path_len + 1);

		if (!dst)
			abort();
		FUZZ_CHECK(maps_unescape_path(dst, m->path, m->path_len) <= m->path_len);
		free(dst);
	} else {
		FUZZ_CHECK(m->path_len == 0 && !m->deleted);
	}
	if (e->vmflags) {
		FUZZ_CHECK(fuzz_inside(e->vmflags, e->vmflags_len, c->buf, c->len));
		FUZZ_CHECK(e->vmflags >= c->last);
		c->last = e->vmflags + e->vmflags_len;
	} else {
		FUZZ_CHECK(e->vmflags_len == 0);
	}

	if (c->stop_at == 0) {
		if (c->n == c->cap) {
			c->cap = c->cap ? 2 * c->cap : 16;
			c->starts = realloc(c->starts, c->cap * sizeof(*c->starts));
			if (!c->starts)
				abort();
		}
		c->starts[c->n] = m->start;
	} else {
		FUZZ_CHECK(c->starts[c->n] == m->start);
	}
	c->n++;
	return c->n == c->stop_at ? STOP : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_copy(data, size);
	struct ctx c = { .buf = buf, .len = size, .last = buf };
	int r = smaps_parse(buf, size, check_entry, &c);

	FUZZ_CHECK(r == 0 || r == -EINVAL);
	if (c.n > 0) {
		struct ctx half = { .buf = buf, .len = size, .last = buf, .starts = c.starts };

		half.stop_at = c.n / 2 + 1;
		r = smaps_parse(buf, size, check_entry, &half);
		FUZZ_CHECK(r == STOP && half.n == half.stop_at);
	}
	free(c.starts);
	free(buf);
	return 0;
}
