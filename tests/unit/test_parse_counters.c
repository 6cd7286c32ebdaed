#include "config.h"

/* test_parse_counters.c - unit tests for src/proc/parse_counters.c (a
 * task's schedstat and io files). */

#include <errno.h>
#include <string.h>

#include "proc/parse_counters.h"
#include "tap.h"

/* As Linux 6.x writes them. */
static const char io_real[] =
	"rchar: 4419\n"
	"wchar: 2254\n"
	"syscr: 14\n"
	"syscw: 22\n"
	"read_bytes: 40960\n"
	"write_bytes: 8192\n"
	"cancelled_write_bytes: 0\n";

int main(void)
{
	struct schedstat_fields ss;
	struct io_fields io;

	is_int(schedstat_parse("37425137 1209634 31\n", 20, &ss), 0, "schedstat parses");
	is_uint(ss.run_ns, 37425137, "schedstat: run_ns");
	is_uint(ss.wait_ns, 1209634, "schedstat: wait_ns");
	is_uint(ss.slices, 31, "schedstat: slices");
	is_int(schedstat_parse("18446744073709551615 0 1", 24, &ss), 0,
	       "schedstat: the largest counter, no newline");
	is_uint(ss.run_ns == 18446744073709551615ull, 1, "schedstat: kept whole");
	is_int(schedstat_parse("1 2", 3, &ss), -EINVAL, "schedstat: two numbers are refused");
	is_uint(ss.run_ns, 0, "schedstat: a refused text leaves zeros");
	is_int(schedstat_parse("1 x 3\n", 6, &ss), -EINVAL, "schedstat: a word is refused");
	is_int(schedstat_parse("", 0, &ss), -EINVAL, "schedstat: empty is refused");
	/* Only the bytes given are read: a longer buffer cut before its end. */
	is_int(schedstat_parse("5 6 7 8", 3, &ss), -EINVAL, "schedstat: reads only len bytes");

	is_int(io_parse(io_real, sizeof(io_real) - 1, &io), 0, "io parses");
	is_uint(io.read_bytes, 40960, "io: read_bytes (not rchar)");
	is_uint(io.write_bytes, 8192, "io: write_bytes (not cancelled_write_bytes)");
	is_int(io_parse(io_real, sizeof(io_real) - 2, &io), 0, "io without its final newline");
	is_int(io_parse("rchar: 1\nwrite_bytes: 2\n", 24, &io), -EINVAL, "io: read_bytes missing");
	is_int(io_parse("read_bytes: 1x\nwrite_bytes: 2\n", 30, &io), -EINVAL,
	       "io: a malformed value is refused");
	is_int(io_parse("read_bytesX: 1\nwrite_bytes: 2\nread_bytes: 3\n", 45, &io), 0,
	       "io: a longer key is another key");
	is_uint(io.read_bytes, 3, "io: the exact key's value");
	return done_testing();
}
