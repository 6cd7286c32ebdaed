/* fuzz_limits.c - fuzz target for limits_parse() (/proc/PID/limits).
 *
 * Checks that every row's name and units are slices of the input, that
 * the name starts and ends with a non-blank and is followed by the two
 * values, and that "unlimited" leaves the number 0.  The parse is done
 * twice into the same struct, which must empty it first. */
#include "config.h"

#include "fuzz.h"
#include "proc/parse_limits.h"

static int blank(char c)
{
	return c == ' ' || c == '\t';
}

static void check(const char *buf, size_t size, const struct limits *l, size_t n)
{
	FUZZ_CHECK(n == l->n && n <= l->cap);
	FUZZ_CHECK(n == 0 || l->rows);
	for (size_t i = 0; i < n; i++) {
		const struct limit *r = &l->rows[i];

		FUZZ_CHECK(r->name_len > 0 && fuzz_inside(r->name, r->name_len, buf, size));
		FUZZ_CHECK(!blank(r->name[0]) && !blank(r->name[r->name_len - 1]));
		FUZZ_CHECK(!memchr(r->name, '\n', r->name_len));
		FUZZ_CHECK(!r->soft_unlimited || r->soft == 0);
		FUZZ_CHECK(!r->hard_unlimited || r->hard == 0);
		if (r->units_len) {
			FUZZ_CHECK(fuzz_inside(r->units, r->units_len, buf, size));
			FUZZ_CHECK(r->units > r->name + r->name_len);
			FUZZ_CHECK(!memchr(r->units, '\n', r->units_len));
		}
		FUZZ_CHECK(i == 0 || l->rows[i - 1].name < r->name);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_copy(data, size);
	struct limits l = { 0 };
	size_t n = limits_parse(buf, size, &l);

	check(buf, size, &l, n);
	FUZZ_CHECK(limits_parse(buf, size, &l) == n);
	check(buf, size, &l, n);
	limits_release(&l);
	free(buf);
	return 0;
}
