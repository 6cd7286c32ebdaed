#include "config.h"

/* test_parse_limits.c - unit tests for src/proc/parse_limits.c (the
 * /proc/PID/limits parser). */

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bounded.h"
#include "proc/parse_limits.h"
#include "tap.h"

/* A parsed row with its strings copied out, so it outlives the buffer. */
struct row {
	char name[64], units[32];
	unsigned long long soft, hard;
	int soft_unl, hard_unl;
};

struct result {
	size_t n;
	struct row rows[32];
};

static void copy_out(const char *s, size_t len, char *dst, size_t cap)
{
	if (len >= cap)
		len = cap - 1;
	memcpy(dst, s, len);
	dst[len] = '\0';
}

static void collect(const struct limits *l, struct result *r)
{
	memset(r, 0, sizeof(*r));
	r->n = l->n;
	for (size_t i = 0; i < l->n && i < sizeof(r->rows) / sizeof(r->rows[0]); i++) {
		const struct limit *x = &l->rows[i];

		copy_out(x->name, x->name_len, r->rows[i].name, sizeof(r->rows[i].name));
		copy_out(x->units ? x->units : "", x->units_len, r->rows[i].units,
			 sizeof(r->rows[i].units));
		r->rows[i].soft = x->soft;
		r->rows[i].hard = x->hard;
		r->rows[i].soft_unl = x->soft_unlimited;
		r->rows[i].hard_unl = x->hard_unlimited;
	}
}

/* Parses `len` bytes of `text` from an exact-size heap copy. */
static void parse_n(const char *text, size_t len, struct result *r)
{
	char *copy = heap_copy(text, len);
	struct limits l = { 0 };

	limits_parse(copy, len, &l);
	collect(&l, r);
	limits_release(&l);
	free(copy);
}

static void parse(const char *text, struct result *r)
{
	parse_n(text, strlen(text), r);
}

static int same_row(const struct row *a, const struct row *b)
{
	return strcmp(a->name, b->name) == 0 && strcmp(a->units, b->units) == 0 &&
	       a->soft_unl == b->soft_unl && a->hard_unl == b->hard_unl &&
	       (a->soft_unl || a->soft == b->soft) && (a->hard_unl || a->hard == b->hard);
}

/* ------------------------------------------------------------------ */
/* Real files, captured on the development machine (Linux 6.18). */

#define HEADER "Limit                     Soft Limit           Hard Limit           Units     \n"

/* cat /proc/self/limits, as root */
static const char limits_self[] =
	HEADER
	"Max cpu time              unlimited            unlimited            seconds   \n"
	"Max file size             unlimited            unlimited            bytes     \n"
	"Max data size             unlimited            unlimited            bytes     \n"
	"Max stack size            8388608              unlimited            bytes     \n"
	"Max core file size        0                    unlimited            bytes     \n"
	"Max resident set          unlimited            unlimited            bytes     \n"
	"Max processes             96365                96365                processes \n"
	"Max open files            20000                20000                files     \n"
	"Max locked memory         8388608              8388608              bytes     \n"
	"Max address space         unlimited            unlimited            bytes     \n"
	"Max file locks            unlimited            unlimited            locks     \n"
	"Max pending signals       96365                96365                signals   \n"
	"Max msgqueue size         819200               819200               bytes     \n"
	"Max nice priority         0                    0                    \n"
	"Max realtime priority     0                    0                    \n"
	"Max realtime timeout      unlimited            unlimited            us        \n";

/* /proc/2/limits (kthreadd) */
static const char limits_kthreadd[] =
	HEADER
	"Max cpu time              unlimited            unlimited            seconds   \n"
	"Max file size             unlimited            unlimited            bytes     \n"
	"Max data size             unlimited            unlimited            bytes     \n"
	"Max stack size            8388608              unlimited            bytes     \n"
	"Max core file size        0                    unlimited            bytes     \n"
	"Max resident set          unlimited            unlimited            bytes     \n"
	"Max processes             96365                96365                processes \n"
	"Max open files            1024                 4096                 files     \n"
	"Max locked memory         8388608              8388608              bytes     \n"
	"Max address space         unlimited            unlimited            bytes     \n"
	"Max file locks            unlimited            unlimited            locks     \n"
	"Max pending signals       96365                96365                signals   \n"
	"Max msgqueue size         819200               819200               bytes     \n"
	"Max nice priority         0                    0                    \n"
	"Max realtime priority     0                    0                    \n"
	"Max realtime timeout      unlimited            unlimited            us        \n";

/* prlimit --nofile=100:200 --core=unlimited:unlimited --rttime=1000:2000
 *         --as=1073741824:unlimited cat /proc/self/limits */
static const char limits_prlimit[] =
	HEADER
	"Max cpu time              unlimited            unlimited            seconds   \n"
	"Max file size             unlimited            unlimited            bytes     \n"
	"Max data size             unlimited            unlimited            bytes     \n"
	"Max stack size            8388608              unlimited            bytes     \n"
	"Max core file size        unlimited            unlimited            bytes     \n"
	"Max resident set          unlimited            unlimited            bytes     \n"
	"Max processes             96365                96365                processes \n"
	"Max open files            100                  200                  files     \n"
	"Max locked memory         8388608              8388608              bytes     \n"
	"Max address space         1073741824           unlimited            bytes     \n"
	"Max file locks            unlimited            unlimited            locks     \n"
	"Max pending signals       96365                96365                signals   \n"
	"Max msgqueue size         819200               819200               bytes     \n"
	"Max nice priority         0                    0                    \n"
	"Max realtime priority     0                    0                    \n"
	"Max realtime timeout      1000                 2000                 us        \n";

#define U 1   /* unlimited */
#define N 0   /* a number */

static const struct row want_self[] = {
	{ "Max cpu time", "seconds", 0, 0, U, U },
	{ "Max file size", "bytes", 0, 0, U, U },
	{ "Max data size", "bytes", 0, 0, U, U },
	{ "Max stack size", "bytes", 8388608, 0, N, U },
	{ "Max core file size", "bytes", 0, 0, N, U },
	{ "Max resident set", "bytes", 0, 0, U, U },
	{ "Max processes", "processes", 96365, 96365, N, N },
	{ "Max open files", "files", 20000, 20000, N, N },
	{ "Max locked memory", "bytes", 8388608, 8388608, N, N },
	{ "Max address space", "bytes", 0, 0, U, U },
	{ "Max file locks", "locks", 0, 0, U, U },
	{ "Max pending signals", "signals", 96365, 96365, N, N },
	{ "Max msgqueue size", "bytes", 819200, 819200, N, N },
	{ "Max nice priority", "", 0, 0, N, N },
	{ "Max realtime priority", "", 0, 0, N, N },
	{ "Max realtime timeout", "us", 0, 0, U, U },
};

static const struct row want_kthreadd_files = { "Max open files", "files", 1024, 4096, N, N };

static const struct row want_prlimit_changed[] = {
	{ "Max core file size", "bytes", 0, 0, U, U },
	{ "Max open files", "files", 100, 200, N, N },
	{ "Max address space", "bytes", 1073741824, 0, N, U },
	{ "Max realtime timeout", "us", 1000, 2000, N, N },
};

#define NROWS (sizeof(want_self) / sizeof(want_self[0]))

static void check_row(const char *label, const struct row *got, const struct row *want)
{
	is_str(got->name, want->name, "%s: name", label);
	is_str(got->units, want->units, "%s: units", label);
	is_int(got->soft_unl, want->soft_unl, "%s: soft unlimited", label);
	is_int(got->hard_unl, want->hard_unl, "%s: hard unlimited", label);
	if (!want->soft_unl)
		is_uint(got->soft, want->soft, "%s: soft", label);
	if (!want->hard_unl)
		is_uint(got->hard, want->hard, "%s: hard", label);
}

static void test_real(void)
{
	struct result r;

	parse(limits_self, &r);
	is_uint(r.n, NROWS, "self as root: 16 rows, header left out");
	for (size_t i = 0; i < NROWS && i < r.n; i++)
		check_row(want_self[i].name, &r.rows[i], &want_self[i]);

	parse(limits_kthreadd, &r);
	is_uint(r.n, NROWS, "kthreadd: 16 rows");
	if (r.n == NROWS)
		check_row("kthreadd: Max open files", &r.rows[7], &want_kthreadd_files);

	parse(limits_prlimit, &r);
	is_uint(r.n, NROWS, "prlimit'ed cat: 16 rows");
	for (size_t k = 0; k < sizeof(want_prlimit_changed) / sizeof(want_prlimit_changed[0]); k++)
		for (size_t i = 0; i < r.n; i++)
			if (strcmp(r.rows[i].name, want_prlimit_changed[k].name) == 0)
				check_row(want_prlimit_changed[k].name, &r.rows[i],
					  &want_prlimit_changed[k]);
}

/* ------------------------------------------------------------------ */

static void test_shapes(void)
{
	struct result r;

	parse_n("", 0, &r);
	is_uint(r.n, 0, "empty buffer: no rows");
	parse(HEADER, &r);
	is_uint(r.n, 0, "header only: no rows");
	parse("\n\n  \n\t\n", &r);
	is_uint(r.n, 0, "blank lines: no rows");

	parse("Max open files 1024 4096 files", &r);
	is_uint(r.n, 1, "no header, last line without newline: one row");
	check_row("last line without newline", &r.rows[0],
		  &(struct row){ "Max open files", "files", 1024, 4096, N, N });

	parse("\tMax   open\tfiles \t 1024\t\t4096   files\t  \n", &r);
	is_uint(r.n, 1, "tabs and runs of blanks: one row");
	check_row("tabs and blanks: name keeps its inner blanks", &r.rows[0],
		  &(struct row){ "Max   open\tfiles", "files", 1024, 4096, N, N });

	parse("Max nice priority 0 0\n", &r);
	is_uint(r.n, 1, "no units: one row");
	is_str(r.rows[0].units, "", "no units: empty units");

	parse("Max cpu time 18446744073709551615 0 seconds\n", &r);
	is_uint(r.n, 1, "2^64-1 as a number: one row");
	is_uint(r.rows[0].soft, 18446744073709551615ull, "2^64-1: value");
	is_int(r.rows[0].soft_unl, 0, "2^64-1 written as a number is not 'unlimited'");

	parse("Max cpu time 1 2 3\n", &r);
	is_uint(r.n, 1, "a number as units: one row");
	is_str(r.rows[0].units, "3", "a number as units: kept as units");

	parse("Max \x1b[2J time\xff 1 2 s\n", &r);
	is_uint(r.n, 1, "odd bytes in a name: kept raw (escaped at output)");
	is_str(r.rows[0].name, "Max \x1b[2J time\xff", "odd bytes in a name: exact bytes");

	/* Rows keep their order and each is independent of the others. */
	parse("A 1 2 x\nbroken line\nB unlimited 3\nC 4 unlimited y\n", &r);
	is_uint(r.n, 3, "a malformed line between good ones is skipped");
	is_str(r.rows[0].name, "A", "order: first");
	is_str(r.rows[1].name, "B", "order: second");
	is_str(r.rows[2].name, "C", "order: third");
	is_int(r.rows[1].soft_unl, 1, "B: soft unlimited");
	is_uint(r.rows[1].hard, 3, "B: hard 3");
	is_int(r.rows[2].hard_unl, 1, "C: hard unlimited");

	/* A struct full of rows is emptied by the next parse. */
	struct limits l = { 0 };

	limits_parse(limits_self, sizeof(limits_self) - 1, &l);
	limits_parse("junk\n", 5, &l);
	is_uint(l.n, 0, "a second parse empties the rows");
	limits_release(&l);
	limits_release(&l);
	ok(l.rows == NULL && l.n == 0, "limits_release twice is harmless");
}

static void test_malformed(void)
{
	static const struct {
		const char *label, *text;
	} bad[] = {
		{ "soft only", "Max cpu time unlimited\n" },
		{ "no values", "Max cpu time\n" },
		{ "no name", "unlimited unlimited seconds\n" },
		{ "no name, numbers", "1 2 s\n" },
		{ "negative soft", "Max cpu time -1 5 seconds\n" },
		{ "negative hard", "Max cpu time 5 -1 seconds\n" },
		{ "soft over 2^64-1", "Max cpu time 18446744073709551616 1 seconds\n" },
		{ "hard overflowing", "Max cpu time 1 99999999999999999999999 seconds\n" },
		{ "junk glued to a number", "Max cpu time 1x 2 seconds\n" },
		{ "junk glued to the hard number", "Max cpu time 1 2x seconds\n" },
		{ "unlimited misspelt", "Max cpu time unlimite unlimited seconds\n" },
		{ "unlimited with a tail", "Max cpu time unlimited unlimitedx seconds\n" },
		{ "two words of units", "Max cpu time 1 2 kilo bytes\n" },
		{ "a name with a number in it", "Max 5 things 1 2 u\n" },
		{ "hex number", "Max cpu time 0x10 2 s\n" },
		{ "plus sign", "Max cpu time +1 2 s\n" },
		{ "decimal point", "Max cpu time 1.5 2 s\n" },
		{ "too many words",
		  "a b c d e f g h i j k l m n o p q r s t 1 2 s\n" },
		{ "NULs", "\0\0\0\n" },
	};
	struct result r;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t len = strlen(bad[i].text);

		if (bad[i].text[0] == '\0')
			len = 4;
		parse_n(bad[i].text, len, &r);
		is_uint(r.n, 0, "malformed (%s): left out", bad[i].label);
	}
}

/* ------------------------------------------------------------------ */
/* Every prefix of a real file, from an exact-size heap copy and against
 * a guard page: a row appears only once its hard value has begun, with
 * its full content once its line is complete, never out of order, and
 * the two copies give the same rows. */

struct line_span {
	size_t hard;   /* offset of the hard value: prefixes up to here lack the row */
	size_t end;    /* offset of the newline: prefixes past it have the full row */
};

/* The kernel writes the hard value at column 47 (25 + 1 + 20 + 1). */
static size_t find_lines(const char *text, size_t len, struct line_span *spans, size_t max)
{
	size_t n = 0, i = 0;
	bool header = true;

	while (i < len && n < max) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;

		if (!header) {
			spans[n].hard = i + 47;
			spans[n].end = end;
			n++;
		}
		header = false;
		i = end + 1;
	}
	return n;
}

static void test_prefixes(const char *label, const char *text, size_t len)
{
	struct line_span spans[32];
	size_t nlines = find_lines(text, len, spans, 32);
	struct result full, f, g;
	struct guard gd;
	struct limits l = { 0 };
	size_t early = SIZE_MAX, late = SIZE_MAX, wrong = SIZE_MAX, differ = SIZE_MAX;

	if (guard_init(&gd, len) < 0) {
		ok(0, "%s: mmap guard page", label);
		return;
	}
	parse_n(text, len, &full);
	is_uint(full.n, nlines, "%s: one row per line after the header", label);
	for (size_t n = 0; n <= len; n++) {
		parse_n(text, n, &f);
		limits_parse(guard_place(&gd, text, n), n, &l);
		collect(&l, &g);
		if (f.n != g.n && differ == SIZE_MAX)
			differ = n;
		for (size_t k = 0; k < f.n && k < g.n && differ == SIZE_MAX; k++)
			if (!same_row(&f.rows[k], &g.rows[k]))
				differ = n;
		for (size_t k = 0; k < nlines; k++) {
			if (n <= spans[k].hard && f.n > k && early == SIZE_MAX) {
				early = n;
				diag("prefix %zu: row %zu before its hard value", n, k);
			}
			bool full_row = f.n > k && same_row(&f.rows[k], &full.rows[k]);

			if (n > spans[k].end && !full_row && late == SIZE_MAX) {
				late = n;
				diag("prefix %zu: row %zu missing or wrong after its line", n, k);
			}
		}
		/* The row of a cut line has its name and soft value in full. */
		if (f.n > 0) {
			const struct row *last = &f.rows[f.n - 1], *want = &full.rows[f.n - 1];

			bool same = strcmp(last->name, want->name) == 0 &&
				    last->soft_unl == want->soft_unl && last->soft == want->soft;

			if (!same && wrong == SIZE_MAX) {
				wrong = n;
				diag("prefix %zu: last row's name or soft value differs", n);
			}
		}
	}
	limits_release(&l);
	guard_release(&gd);
	ok(early == SIZE_MAX, "%s: prefixes 0..%zu: no row before its hard value", label, len);
	ok(late == SIZE_MAX, "%s: prefixes: each row in full once its line is complete", label);
	ok(wrong == SIZE_MAX, "%s: prefixes: a cut row keeps its name and soft value", label);
	ok(differ == SIZE_MAX, "%s: prefixes against a guard page give the same rows", label);
}

static void test_all_prefixes(void)
{
	test_prefixes("self as root", limits_self, sizeof(limits_self) - 1);
	test_prefixes("kthreadd", limits_kthreadd, sizeof(limits_kthreadd) - 1);
	test_prefixes("prlimit'ed cat", limits_prlimit, sizeof(limits_prlimit) - 1);
}

/* Random fragments against a guard page: no crash, no over-read, and
 * every row has a non-empty name inside the buffer. */
static void test_random(void)
{
	static const char *const frag[] = {
		"Max", " ", "\t", "\n", "cpu", "unlimited", "unli", "1", "42", "-",
		"99999999999999999999", "x", "\xff", "seconds", "  ", "0",
	};
	struct guard gd;
	struct limits l = { 0 };
	uint32_t seed = 4242;
	int bad = 0;
	size_t rows = 0;

	if (guard_init(&gd, 256) < 0) {
		ok(0, "random input: mmap guard page");
		return;
	}
	for (int iter = 0; iter < 20000; iter++) {
		char tmp[256];
		size_t n = 0;

		seed = seed * 1103515245u + 12345u;
		size_t want = (seed >> 8) % 200;
		while (n < want) {
			seed = seed * 1103515245u + 12345u;
			const char *fr = frag[(seed >> 16) % (sizeof(frag) / sizeof(frag[0]))];
			size_t fl = strlen(fr);

			if (n + fl > sizeof(tmp))
				break;
			memcpy(tmp + n, fr, fl);
			n += fl;
		}
		const char *p = guard_place(&gd, tmp, n);

		limits_parse(p, n, &l);
		rows += l.n;
		for (size_t i = 0; i < l.n; i++) {
			const struct limit *x = &l.rows[i];

			if (x->name_len == 0 || x->name < p || x->name + x->name_len > p + n ||
			    (x->units_len && (x->units < p || x->units + x->units_len > p + n)) ||
			    (x->soft_unlimited && x->soft) || (x->hard_unlimited && x->hard))
				bad++;
		}
	}
	limits_release(&l);
	guard_release(&gd);
	is_int(bad, 0, "20000 random inputs: every row inside the buffer and consistent");
	ok(rows > 0, "random inputs: some rows were parsed (%zu)", rows);
}

/* The running process's own file agrees with getrlimit(). */
static void test_live(void)
{
	struct buf b = { 0 };
	struct limits l = { 0 };
	struct rlimit rl;
	int err = read_file_at(AT_FDCWD, "/proc/self/limits", &b);

	is_int(err, 0, "read /proc/self/limits: 0");
	limits_parse(b.data, b.len, &l);
	is_uint(l.n, NROWS, "/proc/self/limits: 16 rows");
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		bool found = false;

		for (size_t i = 0; i < l.n; i++) {
			const struct limit *x = &l.rows[i];

			if (x->name_len != 14 || memcmp(x->name, "Max open files", 14) != 0)
				continue;
			found = true;
			if (rl.rlim_cur == RLIM_INFINITY)
				ok(x->soft_unlimited, "live Max open files soft: unlimited");
			else
				is_uint(x->soft, rl.rlim_cur, "live open files soft: getrlimit's");
			if (rl.rlim_max == RLIM_INFINITY)
				ok(x->hard_unlimited, "live Max open files hard: unlimited");
			else
				is_uint(x->hard, rl.rlim_max, "live open files hard: getrlimit's");
		}
		ok(found, "live: Max open files present");
	}
	limits_release(&l);
	buf_release(&b);
}

int main(void)
{
	test_real();
	test_shapes();
	test_malformed();
	test_all_prefixes();
	test_random();
	test_live();
	return done_testing();
}
