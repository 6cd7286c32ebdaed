/* scan.c - bounded number scanning over a byte range (no NUL needed).
 * Unlike strtoul/sscanf it never reads past `end`, so it is safe on
 * truncated or hostile input. */
#include "config.h"

#include <limits.h>

#include "proc/scan.h"

static void skip_blanks(struct scan *sc)
{
	while (sc->p < sc->end && (*sc->p == ' ' || *sc->p == '\t'))
		sc->p++;
}

void scan_init(struct scan *sc, const char *p, size_t len)
{
	sc->p = p;
	sc->end = len ? p + len : p;
}

/* A sign must be followed by a digit at once: "- 5" is not a number. */
static int scan_sign(struct scan *sc)
{
	skip_blanks(sc);
	if (sc->p + 1 < sc->end && sc->p[0] == '-' && sc->p[1] >= '0' && sc->p[1] <= '9') {
		sc->p++;
		return 1;
	}
	return 0;
}

int scan_ull(struct scan *sc, unsigned long long *out)
{
	unsigned long long v = 0;
	const char *start;

	skip_blanks(sc);
	start = sc->p;
	while (sc->p < sc->end && *sc->p >= '0' && *sc->p <= '9') {
		unsigned d = (unsigned)(*sc->p - '0');

		if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, d, &v))
			return -1;
		sc->p++;
	}
	if (sc->p == start)
		return -1;
	*out = v;
	return 0;
}

int scan_ull_signed(struct scan *sc, unsigned long long *out)
{
	int neg = scan_sign(sc);

	if (scan_ull(sc, out) < 0)
		return -1;
	if (neg)
		*out = 0 - *out;
	return 0;
}

int scan_ll(struct scan *sc, long long *out)
{
	unsigned long long v;
	int neg = scan_sign(sc);

	/* LLONG_MIN's magnitude is one more than LLONG_MAX. */
	if (scan_ull(sc, &v) < 0 || v > (unsigned long long)LLONG_MAX + neg)
		return -1;
	*out = neg ? (long long)(0 - v) : (long long)v;
	return 0;
}

int scan_hex(struct scan *sc, unsigned long long *out)
{
	unsigned long long v = 0;
	const char *start;

	skip_blanks(sc);
	start = sc->p;
	for (; sc->p < sc->end; sc->p++) {
		char c = *sc->p;
		unsigned d;

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			break;
		if (v >> 60)
			return -1;
		v = v << 4 | d;
	}
	if (sc->p == start)
		return -1;
	*out = v;
	return 0;
}

int scan_char(struct scan *sc, char *out)
{
	skip_blanks(sc);
	if (sc->p >= sc->end || *sc->p == '\n')
		return -1;
	*out = *sc->p++;
	return 0;
}

int scan_at_eol(struct scan *sc)
{
	skip_blanks(sc);
	return sc->p >= sc->end || *sc->p == '\n';
}
