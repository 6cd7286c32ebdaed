/* sysinfo.c - the machine's load average and memory totals, for the
 * browser's header.  Bounded parsing only: no sscanf, no strtod. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "proc/readfile.h"
#include "proc/scan.h"
#include "proc/sysinfo.h"

/* "12.34": an unsigned decimal with an optional fraction. */
static int scan_decimal(struct scan *sc, double *out)
{
	unsigned long long whole;
	double frac = 0, scale = 1;

	if (scan_ull(sc, &whole) < 0)
		return -1;
	if (sc->p < sc->end && *sc->p == '.') {
		sc->p++;
		if (sc->p == sc->end || *sc->p < '0' || *sc->p > '9')
			return -1;
		/* Digits past the 15th cannot change a double. */
		for (int n = 0; sc->p < sc->end && *sc->p >= '0' && *sc->p <= '9'; sc->p++, n++)
			if (n < 15) {
				scale /= 10;
				frac += (*sc->p - '0') * scale;
			}
	}
	*out = (double)whole + frac;
	return 0;
}

/* True when the scan stands before a blank, the end of line or of input:
 * "1.5x" is not a number. */
static bool at_word_end(const struct scan *sc)
{
	return sc->p == sc->end || *sc->p == ' ' || *sc->p == '\t' || *sc->p == '\n';
}

/* /proc/loadavg: "0.63 0.52 0.47 1/82 2603". */
int sysinfo_parse_load(const char *buf, size_t len, struct sysinfo_load *out)
{
	struct scan sc;
	unsigned long long running, total, last;

	memset(out, 0, sizeof(*out));
	scan_init(&sc, buf, len);
	for (int i = 0; i < 3; i++)
		if (scan_decimal(&sc, &out->avg[i]) < 0 || !at_word_end(&sc))
			return -1;
	if (scan_ull(&sc, &running) < 0 || sc.p == sc.end || *sc.p++ != '/' ||
	    scan_ull(&sc, &total) < 0 || !at_word_end(&sc) ||
	    scan_ull(&sc, &last) < 0 || !scan_at_eol(&sc))
		return -1;
	out->running = (unsigned long)running;
	out->total = (unsigned long)total;
	out->known = true;
	return 0;
}

static const char *const mem_keys[MI_COUNT] = {
	[MI_TOTAL] = "MemTotal", [MI_FREE] = "MemFree", [MI_AVAILABLE] = "MemAvailable",
	[MI_BUFFERS] = "Buffers", [MI_CACHED] = "Cached",
	[MI_SWAP_TOTAL] = "SwapTotal", [MI_SWAP_FREE] = "SwapFree",
};

static void parse_mem_line(const char *line, size_t n, struct sysinfo_mem *out)
{
	const char *colon = memchr(line, ':', n);
	size_t klen = colon ? (size_t)(colon - line) : 0;
	struct scan sc;
	unsigned long long kb;

	if (!colon)
		return;
	for (int k = 0; k < MI_COUNT; k++) {
		if (strlen(mem_keys[k]) != klen || memcmp(line, mem_keys[k], klen) != 0)
			continue;
		scan_init(&sc, colon + 1, n - klen - 1);
		if (scan_ull(&sc, &kb) < 0 || kb > ~0ull / 1024)
			return;
		/* "kB", or nothing on old kernels' odd keys. */
		if (!scan_at_eol(&sc) && (sc.end - sc.p < 2 || memcmp(sc.p, "kB", 2) != 0))
			return;
		out->value[k] = kb * 1024;
		out->have |= 1u << k;
		return;
	}
}

int sysinfo_parse_mem(const char *buf, size_t len, struct sysinfo_mem *out)
{
	const char *p = buf, *end = buf + len;

	memset(out, 0, sizeof(*out));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		parse_mem_line(p, n, out);
		p = nl ? nl + 1 : end;
	}
	return out->have & (1u << MI_TOTAL) ? 0 : -1;
}

static int read_and_parse(const char *path, void *out,
			  int (*parse)(const char *, size_t, void *))
{
	struct buf b = { 0 };
	int err = read_file_at(AT_FDCWD, path, &b);

	if (err == 0 && parse(b.data, b.len, out) < 0)
		err = -EINVAL;
	buf_release(&b);
	return err;
}

static int parse_load_any(const char *buf, size_t len, void *out)
{
	return sysinfo_parse_load(buf, len, out);
}

static int parse_mem_any(const char *buf, size_t len, void *out)
{
	return sysinfo_parse_mem(buf, len, out);
}

int sysinfo_read_load(struct sysinfo_load *out)
{
	memset(out, 0, sizeof(*out));
	return read_and_parse("/proc/loadavg", out, parse_load_any);
}

int sysinfo_read_mem(struct sysinfo_mem *out)
{
	memset(out, 0, sizeof(*out));
	return read_and_parse("/proc/meminfo", out, parse_mem_any);
}
