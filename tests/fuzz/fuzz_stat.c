/* fuzz_stat.c - fuzz target for stat_parse() (/proc/PID/stat).
 *
 * Checks that a parsed comm is the text between the first '(' and the
 * last ')' of the input, and that the field count is in range. */
#include "config.h"

#include <errno.h>

#include "fuzz.h"
#include "proc/parse_stat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_copy(data, size);
	struct stat_fields f;
	int r = stat_parse(buf, size, &f);

	FUZZ_CHECK(r == 0 || r == -EINVAL);
	if (r == 0) {
		const char *open = f.comm - 1, *close = f.comm + f.comm_len;

		FUZZ_CHECK(f.comm_len <= size);
		FUZZ_CHECK(f.comm && fuzz_inside(open, f.comm_len + 2, buf, size));
		FUZZ_CHECK(*open == '(' && *close == ')');
		FUZZ_CHECK(!memchr(buf, '(', (size_t)(open - buf)));
		FUZZ_CHECK(!memchr(close + 1, ')', (size_t)(buf + size - close - 1)));
		/* pid, comm, state, then at least up to `processor`. */
		FUZZ_CHECK(f.nfields >= 39 && f.nfields <= 52);
		FUZZ_CHECK(f.state != ' ' && f.state != '\t' && f.state != '\n');
	}
	free(buf);
	return 0;
}
