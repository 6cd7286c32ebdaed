/* parse_maps.c - parse /proc/PID/maps lines and /proc/PID/smaps blocks. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <string.h>

#include "proc/parse_maps.h"
#include "proc/scan.h"

#define DELETED " (deleted)"
#define DELETED_LEN (sizeof(DELETED) - 1)

/* Indexed by enum smaps_key; one more entry for VmFlags, which is not
 * a size.  The length spares a strlen per line. */
#define KEY_VMFLAGS SM_COUNT

static const struct {
	const char *name;
	unsigned char len;
} key_names[SM_COUNT + 1] = {
#define K(id, s) [id] = { s, sizeof(s) - 1 }
	K(SM_SIZE, "Size"),
	K(SM_KERNEL_PAGE, "KernelPageSize"),
	K(SM_MMU_PAGE, "MMUPageSize"),
	K(SM_RSS, "Rss"),
	K(SM_PSS, "Pss"),
	K(SM_PSS_DIRTY, "Pss_Dirty"),
	K(SM_SHARED_CLEAN, "Shared_Clean"),
	K(SM_SHARED_DIRTY, "Shared_Dirty"),
	K(SM_PRIVATE_CLEAN, "Private_Clean"),
	K(SM_PRIVATE_DIRTY, "Private_Dirty"),
	K(SM_REFERENCED, "Referenced"),
	K(SM_ANONYMOUS, "Anonymous"),
	K(SM_LAZYFREE, "LazyFree"),
	K(SM_ANON_HUGE, "AnonHugePages"),
	K(SM_SHMEM_PMD, "ShmemPmdMapped"),
	K(SM_FILE_PMD, "FilePmdMapped"),
	K(SM_SHARED_HUGETLB, "Shared_Hugetlb"),
	K(SM_PRIVATE_HUGETLB, "Private_Hugetlb"),
	K(SM_SWAP, "Swap"),
	K(SM_SWAP_PSS, "SwapPss"),
	K(SM_LOCKED, "Locked"),
	K(KEY_VMFLAGS, "VmFlags"),
#undef K
};

const char *smaps_key_name(enum smaps_key k)
{
	return (unsigned)k < SM_COUNT ? key_names[k].name : NULL;
}

/* Picks the one candidate a key can be from its first letter, its
 * length and at most one more byte, then confirms it with a single
 * memcmp: smaps has ~25 key lines per mapping, and a process can have
 * tens of thousands of mappings.  Returns an index into key_names, or
 * -1 for a key we do not keep. */
static int key_lookup(const char *k, size_t n)
{
	int c = -1;

	switch (k[0]) {
	case 'A':
		c = n == 9 ? SM_ANONYMOUS : n == 13 ? SM_ANON_HUGE : -1;
		break;
	case 'F':
		c = SM_FILE_PMD;
		break;
	case 'K':
		c = SM_KERNEL_PAGE;
		break;
	case 'L':
		c = n == 6 ? SM_LOCKED : SM_LAZYFREE;
		break;
	case 'M':
		c = SM_MMU_PAGE;
		break;
	case 'P':
		if (n == 3)
			c = SM_PSS;
		else if (n == 9)
			c = SM_PSS_DIRTY;
		else if (n == 13)
			c = k[8] == 'C' ? SM_PRIVATE_CLEAN : SM_PRIVATE_DIRTY;
		else
			c = SM_PRIVATE_HUGETLB;
		break;
	case 'R':
		c = n == 3 ? SM_RSS : SM_REFERENCED;
		break;
	case 'S':
		if (n == 4)
			c = k[1] == 'i' ? SM_SIZE : SM_SWAP;
		else if (n == 7)
			c = SM_SWAP_PSS;
		else if (n == 12)
			c = k[7] == 'C' ? SM_SHARED_CLEAN : SM_SHARED_DIRTY;
		else if (n == 14)
			c = k[2] == 'm' ? SM_SHMEM_PMD : SM_SHARED_HUGETLB;
		break;
	case 'V':
		c = KEY_VMFLAGS;
		break;
	}
	/* The guesses above only read bytes the length proves are there. */
	if (c < 0 || key_names[c].len != n || memcmp(k, key_names[c].name, n) != 0)
		return -1;
	return c;
}

static bool is_lower_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* scan_hex skips blanks and takes upper case; the kernel prints
 * neither, so anything else is not a maps line. */
static int hex_field(struct scan *sc, unsigned long long *out)
{
	const char *start = sc->p;

	if (sc->p >= sc->end || !is_lower_hex(*sc->p) || scan_hex(sc, out) < 0)
		return -1;
	for (const char *q = start; q < sc->p; q++)
		if (*q >= 'A' && *q <= 'F')
			return -1;
	return 0;
}

static int hex_u32(struct scan *sc, unsigned *out)
{
	unsigned long long v;

	if (hex_field(sc, &v) < 0 || v > UINT_MAX)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static int expect(struct scan *sc, char c)
{
	if (sc->p >= sc->end || *sc->p != c)
		return -1;
	sc->p++;
	return 0;
}

static int perms_field(struct scan *sc, char perms[5])
{
	static const char allowed[4][2] = { { 'r', '-' }, { 'w', '-' }, { 'x', '-' }, { 'p', 's' } };

	if (sc->end - sc->p < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		char c = sc->p[i];

		if (c != allowed[i][0] && c != allowed[i][1])
			return -1;
		perms[i] = c;
	}
	perms[4] = '\0';
	sc->p += 4;
	return 0;
}

int maps_parse_line(const char *line, size_t len, struct maps_line *out)
{
	struct scan sc;
	const char *end;

	memset(out, 0, sizeof(*out));
	/* Before any pointer arithmetic: NULL + 0 is undefined. */
	if (len == 0)
		return -EINVAL;
	end = line + len;
	scan_init(&sc, line, len);
	if (hex_field(&sc, &out->start) < 0 || expect(&sc, '-') < 0 ||
	    hex_field(&sc, &out->end) < 0 || expect(&sc, ' ') < 0 ||
	    perms_field(&sc, out->perms) < 0 || expect(&sc, ' ') < 0 ||
	    hex_field(&sc, &out->offset) < 0 || expect(&sc, ' ') < 0 ||
	    hex_u32(&sc, &out->dev_major) < 0 || expect(&sc, ':') < 0 ||
	    hex_u32(&sc, &out->dev_minor) < 0 || expect(&sc, ' ') < 0)
		goto bad;
	/* scan_ull would skip blanks: a second space is not an inode. */
	if (sc.p >= end || *sc.p < '0' || *sc.p > '9' || scan_ull(&sc, &out->inode) < 0)
		goto bad;
	if (out->end < out->start)
		goto bad;

	/* The kernel pads with spaces to the path's column, and leaves a
	 * trailing space even when there is no path. */
	if (sc.p < end && expect(&sc, ' ') < 0)
		goto bad;
	while (sc.p < end && *sc.p == ' ')
		sc.p++;
	if (sc.p == end)
		return 0;

	out->path = sc.p;
	out->path_len = (size_t)(end - sc.p);
	/* A path starts with a non-space, so the suffix cannot eat it all. */
	if (out->path_len > DELETED_LEN &&
	    memcmp(end - DELETED_LEN, DELETED, DELETED_LEN) == 0) {
		out->deleted = true;
		out->path_len -= DELETED_LEN;
	}
	return 0;

bad:
	memset(out, 0, sizeof(*out));
	return -EINVAL;
}

/* "   1234 kB": a size the kernel prints in kB, stored in bytes. */
static int scan_kb(struct scan *sc, unsigned long long *out)
{
	unsigned long long v;

	if (scan_ull(sc, &v) < 0 || v > ULLONG_MAX / 1024)
		return -1;
	/* A line cut after its digits must not pass for a smaller value. */
	if (expect(sc, ' ') < 0 || scan_at_eol(sc) || sc->end - sc->p < 2 ||
	    sc->p[0] != 'k' || sc->p[1] != 'B')
		return -1;
	sc->p += 2;
	if (!scan_at_eol(sc))
		return -1;
	*out = v * 1024;
	return 0;
}

static void parse_key_line(const char *line, size_t n, struct smaps_entry *e)
{
	const char *colon = memchr(line, ':', n);
	const char *end = line + n;
	struct scan sc;
	int k;

	if (!colon || colon == line)
		return;
	k = key_lookup(line, (size_t)(colon - line));
	if (k < 0)
		return;
	scan_init(&sc, colon + 1, (size_t)(end - colon - 1));
	if (k == KEY_VMFLAGS) {
		/* Each flag is printed with a space after it; drop the blanks
		 * at both ends so the slice is just the flags. */
		scan_at_eol(&sc);
		while (end > sc.p && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		e->vmflags = sc.p;
		e->vmflags_len = (size_t)(end - sc.p);
		return;
	}
	/* A bad number drops only this key: a key left out of `have`
	 * reads as 0. */
	if (scan_kb(&sc, &e->value[k]) == 0) {
		e->have |= 1u << k;
	} else {
		e->value[k] = 0;
		e->have &= ~(1u << k);
	}
}

int smaps_parse(const char *buf, size_t len, smaps_fn fn, void *ctx)
{
	const char *p = buf, *end;
	struct smaps_entry e;
	bool open = false;
	int r;

	/* An empty read may come with no buffer; NULL + 0 is undefined. */
	if (len == 0)
		return 0;
	end = buf + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (n == 0) {
			/* blank lines carry nothing */
		} else if (is_lower_hex(p[0])) {
			/* Key lines start with an upper-case letter, headers
			 * with the start address in lower-case hex. */
			if (open && (r = fn(&e, ctx)) != 0)
				return r;
			memset(&e, 0, sizeof(e));
			if (maps_parse_line(p, n, &e.map) < 0)
				return -EINVAL;
			open = true;
		} else if (p[0] >= 'A' && p[0] <= 'Z' && open) {
			parse_key_line(p, n, &e);
		} else {
			/* A key line before any header, or a line that is
			 * neither: keys cannot be told from another block's. */
			return -EINVAL;
		}
		p = nl ? nl + 1 : end;
	}
	return open ? fn(&e, ctx) : 0;
}

size_t maps_unescape_path(char *dst, const char *src, size_t len)
{
	size_t i = 0, o = 0;

	/* The kernel escapes only '\n' (seq_path with "\n"); a lone
	 * backslash is printed as is, so everything else is copied. */
	while (i < len) {
		if (src[i] == '\\' && len - i >= 4 && src[i + 1] == '0' && src[i + 2] == '1' &&
		    src[i + 3] == '2') {
			dst[o++] = '\n';
			i += 4;
		} else {
			dst[o++] = src[i++];
		}
	}
	dst[o] = '\0';
	return o;
}
