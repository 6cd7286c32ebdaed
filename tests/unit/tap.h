/* tap.h - a tiny header-only TAP 13 producer for the unit tests.
 *
 *	plan(n);                      optional: announce n tests up front
 *	ok(cond, fmt, ...);           one test; the name is printf-formatted
 *	is_int(got, want, fmt, ...);  signed integers (long long)
 *	is_uint(got, want, fmt, ...); unsigned integers (unsigned long long)
 *	is_str(got, want, fmt, ...);  NUL-terminated strings (NULL allowed)
 *	is_mem(got, gotlen, want, wantlen, fmt, ...);  byte strings
 *	diag(fmt, ...);               a "# " comment line
 *	return done_testing();        prints "1..N" when there was no plan;
 *	                              returns 1 if anything failed, else 0
 *
 * Every result goes to stdout as "ok N - name" or "not ok N - name",
 * failures followed by "# got:" / "# want:" diagnostics.  Each is_*()
 * and ok() returns whether the test passed. */
#ifndef LWPS_TESTS_TAP_H
#define LWPS_TESTS_TAP_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define TAP_PRINTF(f, a) __attribute__((format(printf, f, a)))

static int tap_started;
static int tap_planned = -1;
static int tap_run;
static int tap_failed;

static inline void tap_start(void)
{
	if (!tap_started) {
		tap_started = 1;
		printf("TAP version 13\n");
	}
}

static inline void plan(int n)
{
	tap_start();
	tap_planned = n;
	printf("1..%d\n", n);
	fflush(stdout);
}

TAP_PRINTF(1, 2) static inline void diag(const char *fmt, ...)
{
	va_list ap;

	tap_start();
	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

TAP_PRINTF(2, 0) static inline int tap_vresult(int pass, const char *fmt, va_list ap)
{
	tap_start();
	tap_run++;
	if (!pass)
		tap_failed++;
	printf("%sok %d", pass ? "" : "not ", tap_run);
	if (fmt && *fmt) {
		fputs(" - ", stdout);
		vprintf(fmt, ap);
	}
	putchar('\n');
	fflush(stdout);
	return pass;
}

TAP_PRINTF(2, 3) static inline int ok(int cond, const char *fmt, ...)
{
	va_list ap;
	int pass;

	va_start(ap, fmt);
	pass = tap_vresult(cond != 0, fmt, ap);
	va_end(ap);
	return pass;
}

TAP_PRINTF(3, 4) static inline int is_int(long long got, long long want, const char *fmt, ...)
{
	va_list ap;
	int pass;

	va_start(ap, fmt);
	pass = tap_vresult(got == want, fmt, ap);
	va_end(ap);
	if (!pass) {
		printf("#   got: %lld\n", got);
		printf("#  want: %lld\n", want);
	}
	return pass;
}

TAP_PRINTF(3, 4) static inline int is_uint(unsigned long long got, unsigned long long want,
					   const char *fmt, ...)
{
	va_list ap;
	int pass;

	va_start(ap, fmt);
	pass = tap_vresult(got == want, fmt, ap);
	va_end(ap);
	if (!pass) {
		printf("#   got: %llu (0x%llx)\n", got, got);
		printf("#  want: %llu (0x%llx)\n", want, want);
	}
	return pass;
}

/* Prints bytes as a C string literal body: printable ASCII as is,
 * everything else (and '"', '\\') escaped, so diagnostics stay on one
 * line and show exactly which bytes differ. */
static inline void tap_dump(const char *label, const void *p, size_t len)
{
	const unsigned char *s = p;

	printf("# %5s: ", label);
	if (!p) {
		printf("NULL\n");
		return;
	}
	putchar('"');
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"' || s[i] == '\\')
			printf("\\%c", s[i]);
		else if (s[i] >= 0x20 && s[i] < 0x7f)
			putchar(s[i]);
		else
			printf("\\x%02x", s[i]);
	}
	printf("\" (%zu bytes)\n", len);
}

TAP_PRINTF(3, 4) static inline int is_str(const char *got, const char *want, const char *fmt, ...)
{
	va_list ap;
	int pass;

	if (got && want)
		pass = strcmp(got, want) == 0;
	else
		pass = got == want;
	va_start(ap, fmt);
	pass = tap_vresult(pass, fmt, ap);
	va_end(ap);
	if (!pass) {
		tap_dump("got", got, got ? strlen(got) : 0);
		tap_dump("want", want, want ? strlen(want) : 0);
	}
	return pass;
}

TAP_PRINTF(5, 6) static inline int is_mem(const void *got, size_t gotlen, const void *want,
					  size_t wantlen, const char *fmt, ...)
{
	va_list ap;
	int pass;

	if (gotlen != wantlen)
		pass = 0;
	else if (gotlen == 0)
		pass = 1;
	else
		pass = got && want && memcmp(got, want, gotlen) == 0;
	va_start(ap, fmt);
	pass = tap_vresult(pass, fmt, ap);
	va_end(ap);
	if (!pass) {
		tap_dump("got", got, gotlen);
		tap_dump("want", want, wantlen);
	}
	return pass;
}

/* Ends the run: the exit status for main(). */
static inline int done_testing(void)
{
	tap_start();
	if (tap_planned < 0)
		printf("1..%d\n", tap_run);
	else if (tap_planned != tap_run)
		printf("# planned %d tests but ran %d\n", tap_planned, tap_run);
	if (tap_failed)
		printf("# failed %d of %d tests\n", tap_failed, tap_run);
	fflush(stdout);
	return tap_failed || (tap_planned >= 0 && tap_planned != tap_run) ? 1 : 0;
}

#endif
