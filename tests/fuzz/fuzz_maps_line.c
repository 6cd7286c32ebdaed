/* fuzz_maps_line.c - fuzz target for maps_parse_line() and
 * maps_unescape_path() (one /proc/PID/maps header line).
 *
 * Checks that a parsed line has start <= end, well-formed perms and a
 * path slice inside the input, and that unescaping never grows a path:
 * every "\012" it decodes shrinks it by exactly three bytes. */
#include "config.h"

#include <errno.h>

#include "fuzz.h"
#include "proc/parse_maps.h"

static size_t count_newlines(const char *s, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += s[i] == '\n';
	return k;
}

static void check_unescape(const char *src, size_t len)
{
	char *dst = malloc(len + 1);
	size_t n;

	if (!dst)
		abort();
	n = maps_unescape_path(dst, src, len);
	FUZZ_CHECK(n <= len);
	FUZZ_CHECK(dst[n] == '\0');
	FUZZ_CHECK(len - n == 3 * (count_newlines(dst, n) - count_newlines(src, len)));
	free(dst);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_copy(data, size);
	struct maps_line m;
	int r = maps_parse_line(buf, size, &m);

	FUZZ_CHECK(r == 0 || r == -EINVAL);
	if (r == 0) {
		FUZZ_CHECK(m.start <= m.end);
		FUZZ_CHECK(m.perms[4] == '\0' && strspn(m.perms, "rwxps-") == 4);
		if (m.path) {
			FUZZ_CHECK(m.path_len > 0 && fuzz_inside(m.path, m.path_len, buf, size));
			FUZZ_CHECK(m.path[0] != ' ');
			if (m.deleted)
				FUZZ_CHECK(fuzz_inside(m.path + m.path_len, 10, buf, size) &&
					   memcmp(m.path + m.path_len, " (deleted)", 10) == 0);
			check_unescape(m.path, m.path_len);
		} else {
			FUZZ_CHECK(m.path_len == 0 && !m.deleted);
		}
	} else {
		FUZZ_CHECK(!m.path && m.start == 0 && m.end == 0);
	}
	/* Any bytes at all are a valid argument. */
	check_unescape(buf, size);
	free(buf);
	return 0;
}
