/* parse_syscall.c - task/TID/syscall, task/TID/stack, and system call
 * names from the kernel's own tables (generated once: syscalls/gen-names). */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "proc/parse_syscall.h"
#include "proc/scan.h"

enum { WORDS_MAX = 9 };   /* NR, six arguments, SP, PC */

struct word {
	const char *p;
	size_t len;
};

/* Splits at blanks and newlines; -1 past WORDS_MAX words (a longer line
 * is not the kernel's: some other word would be taken for a register). */
static int split(const char *buf, size_t len, struct word w[WORDS_MAX])
{
	const char *p = buf, *end = buf + len;
	int n = 0;

	while (p < end) {
		while (p < end && (*p == ' ' || *p == '\n'))
			p++;
		if (p == end)
			break;
		if (n == WORDS_MAX)
			return -1;
		w[n].p = p;
		while (p < end && *p != ' ' && *p != '\n')
			p++;
		w[n].len = (size_t)(p - w[n].p);
		n++;
	}
	return n;
}

/* "0x" and hex digits, the whole word. */
static int hex_word(const struct word *w, unsigned long long *out)
{
	struct scan sc;

	if (w->len < 3 || w->p[0] != '0' || w->p[1] != 'x')
		return -EINVAL;
	scan_init(&sc, w->p + 2, w->len - 2);
	return scan_hex(&sc, out) == 0 && scan_at_eol(&sc) ? 0 : -EINVAL;
}

int syscall_parse(const char *buf, size_t len, struct syscall_fields *out)
{
	struct word w[WORDS_MAX];
	int n = split(buf, len, w);
	long long nr;
	struct scan sc;

	memset(out, 0, sizeof(*out));
	if (n == 1 && w[0].len == 7 && memcmp(w[0].p, "running", 7) == 0) {
		out->running = true;
		out->nr = -1;
		return 0;
	}
	if (n != 3 && n != 9)
		return -EINVAL;
	scan_init(&sc, w[0].p, w[0].len);
	/* The kernel's numbers are small; -1 only with the short form. */
	if (scan_ll(&sc, &nr) < 0 || !scan_at_eol(&sc) || nr < -1 || nr > 0xffff ||
	    (n == 3) != (nr == -1))
		return -EINVAL;
	out->nr = (int)nr;
	for (int i = 1; i < n - 2; i++)
		if (hex_word(&w[i], &out->args[i - 1]) < 0)
			return -EINVAL;
	if (hex_word(&w[n - 2], &out->sp) < 0 || hex_word(&w[n - 1], &out->pc) < 0)
		return -EINVAL;
	return 0;
}

/* Indexed by number: the table of the machine lwps is built for. */
static const char *const names[] = {
#if defined(__x86_64__)
#include "proc/syscalls/syscall_names_x86_64.h"
#elif defined(__aarch64__)
#include "proc/syscalls/syscall_names_aarch64.h"
#else
	NULL,
#endif
};

const char *syscall_name(long nr)
{
	if (nr < 0 || (size_t)nr >= sizeof(names) / sizeof(names[0]))
		return NULL;
	return names[nr];
}

size_t kstack_parse(const char *buf, size_t len, void (*fn)(void *ctx, const char *frame, size_t len),
		    void *ctx)
{
	const char *p = buf, *end = buf + len;
	size_t n = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		const char *f = p;

		/* "[<0>] " (the address, hidden from all but root as 0). */
		if (f < eol && *f == '[') {
			const char *close = memchr(f, ']', (size_t)(eol - f));

			if (close)
				f = close + 1;
		}
		while (f < eol && *f == ' ')
			f++;
		if (f < eol) {
			fn(ctx, f, (size_t)(eol - f));
			n++;
		}
		p = nl ? nl + 1 : end;
	}
	return n;
}
