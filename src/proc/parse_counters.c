/* parse_counters.c - parse a task's counter files: schedstat and io. */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "proc/parse_counters.h"
#include "proc/scan.h"

int schedstat_parse(const char *buf, size_t len, struct schedstat_fields *out)
{
	struct schedstat_fields f;
	struct scan sc;

	memset(out, 0, sizeof(*out));
	scan_init(&sc, buf, len);
	if (scan_ull(&sc, &f.run_ns) < 0 || scan_ull(&sc, &f.wait_ns) < 0 ||
	    scan_ull(&sc, &f.slices) < 0)
		return -EINVAL;
	*out = f;
	return 0;
}

/* The value of "key: N" when the line is that key's. */
static bool io_line(const char *line, size_t n, const char *key, unsigned long long *out)
{
	size_t k = strlen(key);
	struct scan sc;

	if (n <= k || memcmp(line, key, k) != 0 || line[k] != ':')
		return false;
	scan_init(&sc, line + k + 1, n - k - 1);
	return scan_ull(&sc, out) == 0 && scan_at_eol(&sc);
}

int io_parse(const char *buf, size_t len, struct io_fields *out)
{
	const char *p = buf, *end = buf + len;
	unsigned found = 0;

	memset(out, 0, sizeof(*out));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (io_line(p, n, "read_bytes", &out->read_bytes))
			found |= 1;
		else if (io_line(p, n, "write_bytes", &out->write_bytes))
			found |= 2;
		p = nl ? nl + 1 : end;
	}
	return found == 3 ? 0 : -EINVAL;
}
