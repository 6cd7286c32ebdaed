/* fuzz.h - what every fuzz target shares: the libFuzzer entry point's
 * prototype, a copy of the input into an exact-size heap buffer (so a
 * read one byte past the end is caught by AddressSanitizer), and
 * FUZZ_CHECK, an assert() that NDEBUG cannot turn off.
 *
 * The same target sources build two ways: with clang's libFuzzer for
 * `make fuzz`, and with standalone.c for `make check`, which replays the
 * committed corpus. */
#ifndef LWPS_TESTS_FUZZ_H
#define LWPS_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond) \
	((cond) ? (void)0 : fuzz_fail(#cond, __FILE__, __LINE__))

__attribute__((noreturn)) static inline void fuzz_fail(const char *what, const char *file, int line)
{
	fprintf(stderr, "%s:%d: invariant failed: %s\n", file, line, what);
	fflush(stderr);
	abort();
}

/* The input without a terminating NUL: the parsers take a length and
 * must never look past it.  An empty input gives a zero-size block (or
 * NULL, which the parsers must take with a length of 0). */
static inline char *fuzz_copy(const uint8_t *data, size_t size)
{
	char *buf = malloc(size);

	if (!buf && size)
		abort();
	if (size)
		memcpy(buf, data, size);
	return buf;
}

/* Whether the `n` bytes at `p` lie inside buf[0..len). */
static inline int fuzz_inside(const char *p, size_t n, const char *buf, size_t len)
{
	return p >= buf && p <= buf + len && n <= (size_t)(buf + len - p);
}

#endif
