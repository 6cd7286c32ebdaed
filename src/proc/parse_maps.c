/* parse_maps.c - parse /proc/PID/maps lines and /proc/PID/smaps blocks. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "proc/parse_maps.h"
#include "proc/scan.h"

#define DELETED " (deleted)"
#define DELETED_LEN (sizeof(DELETED) - 1)

/* Indexed by enum smaps_key; one more entry for VmFlags, which is not
 * a size.  The length spares a strlen per line. */
#define KEY_VMFLAGS SM_COUNT
#define KEY_THP (SM_COUNT + 1)   /* THPeligible: 0 or 1, not a size */

static const struct {
	const char *name;
	unsigned char len;
} key_names[SM_COUNT + 2] = {
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
	K(SM_KSM, "KSM"),
	K(KEY_VMFLAGS, "VmFlags"),
	K(KEY_THP, "THPeligible"),
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
		c = n == 3 ? SM_KSM : SM_KERNEL_PAGE;
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
	case 'T':
		c = KEY_THP;
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

/* Eight bytes at p, in memory order (no alignment needed). */
static inline uint64_t load8(const char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* A key with its colon ("Rss:") as 16 bytes and a mask of those that
 * count, so that a line's key is checked with two loads and no loop.
 * Every key smaps has today fits, with its colon, in 16 bytes. */
struct key_pattern {
	uint64_t word[2], mask[2];
	size_t len;                  /* with the colon */
};

static struct key_pattern key_patterns[SM_COUNT + 2];

static void make_pattern(struct key_pattern *kp, const char *key, size_t n)
{
	char text[16] = { 0 }, mask[16] = { 0 };

	memcpy(text, key, n);
	text[n] = ':';
	memset(mask, 0xff, n + 1);
	memcpy(kp->word, text, sizeof(text));
	memcpy(kp->mask, mask, sizeof(mask));
	kp->len = n + 1;
}

static void init_key_patterns(void)
{
	static bool done;

	if (done)
		return;
	for (int k = 0; k <= KEY_THP; k++)
		make_pattern(&key_patterns[k], key_names[k].name, key_names[k].len);
	done = true;
}

/* Whether the line at p starts with the pattern's key and colon. */
static bool starts_with_key(const char *p, const char *end, const struct key_pattern *kp)
{
	if (end - p < 16) {
		char text[16];

		memcpy(text, kp->word, sizeof(text));
		return (size_t)(end - p) >= kp->len && memcmp(p, text, kp->len) == 0;
	}
	return (((load8(p) ^ kp->word[0]) & kp->mask[0]) |
		((load8(p + 8) ^ kp->word[1]) & kp->mask[1])) == 0;
}

/* The kernel prints a block's keys in the same order every time: each key
 * line is first tried as the key that came at its place last block.  Keys
 * lwps does not keep (KSM, THPeligible ...) are learned too, as
 * UNKNOWN_KEY + their slot, so that they are skipped as quickly. */
enum { UNKNOWN_KEY = SM_COUNT + 2, MAX_UNKNOWN = 8 };

struct key_order {
	signed char key[SM_COUNT + 2 + MAX_UNKNOWN];
	int n, next;
	struct key_pattern unknown[MAX_UNKNOWN];
	int nunknown;
};

static const struct key_pattern *order_pattern(const struct key_order *o, int k)
{
	return k >= UNKNOWN_KEY ? &o->unknown[k - UNKNOWN_KEY] : &key_patterns[k];
}

/* Records key k (or an unknown key p[0..n)) at this place of the order. */
static void learn_key(struct key_order *o, int k, const char *p, size_t n)
{
	if (o->next >= (int)sizeof(o->key))
		return;
	if (k < 0) {
		if (n + 1 > 16 || o->nunknown == MAX_UNKNOWN)
			return;
		make_pattern(&o->unknown[o->nunknown], p, n);
		k = UNKNOWN_KEY + o->nunknown++;
	}
	o->key[o->next++] = (signed char)k;
	o->n = o->next;
}

static bool is_lower_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* Lower-case hex digits only, no blanks first: the kernel prints neither
 * upper case nor padding, so anything else is not a maps line. */
static int hex_field(struct scan *sc, unsigned long long *out)
{
	unsigned long long v = 0;
	const char *p = sc->p;

	for (; p < sc->end; p++) {
		unsigned d = (unsigned)(*p - '0');

		if (d > 9) {
			d = (unsigned)(*p - 'a');
			if (d > 5)
				break;
			d += 10;
		}
		if (v >> 60)
			return -1;
		v = v << 4 | d;
	}
	if (p == sc->p)
		return -1;
	sc->p = p;
	*out = v;
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

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* "   1234 kB\n": a size the kernel prints in kB, read in one pass (smaps
 * has ~25 of these per mapping).  Returns where the next line starts and
 * the value in bytes, or NULL when the line is not that. */
static const char *scan_kb(const char *p, const char *end, unsigned long long *out)
{
	unsigned long long v = 0;
	const char *digits;

	/* The kernel right-aligns the number in a wide field. */
	while (end - p >= 8 && load8(p) == 0x2020202020202020ull)
		p += 8;
	while (p < end && is_blank(*p))
		p++;
	digits = p;
	while (p < end && (unsigned)(*p - '0') < 10)
		v = v * 10 + (unsigned)(*p++ - '0');
	/* 17 digits cannot overflow; more would not fit in bytes anyway. */
	if (p == digits || p - digits > 17 || v > ULLONG_MAX / 1024)
		return NULL;
	/* A line cut after its digits must not pass for a smaller value. */
	if (p == end || *p != ' ')
		return NULL;
	while (p < end && is_blank(*p))
		p++;
	if (end - p < 2 || p[0] != 'k' || p[1] != 'B')
		return NULL;
	for (p += 2; p < end && is_blank(*p); p++)
		;
	if (p < end && *p != '\n')
		return NULL;
	*out = v * 1024;
	return p < end ? p + 1 : end;
}

/* One "Key: value" line, p[0] an upper-case letter; returns where the
 * next line starts. */
static const char *parse_key_line(const char *p, const char *end, struct smaps_entry *e,
				  struct key_order *order)
{
	const char *colon = p, *eol;
	int k;

	if (order->next < order->n &&
	    starts_with_key(p, end, order_pattern(order, order->key[order->next]))) {
		k = order->key[order->next++];
		colon = p + order_pattern(order, k)->len - 1;
		if (k >= UNKNOWN_KEY)
			k = -1;
	} else {
		while (colon < end && *colon != ':' && *colon != '\n')
			colon++;
		k = colon < end && *colon == ':' ? key_lookup(p, (size_t)(colon - p)) : -1;
		/* Learn this place's key; what came after it may differ too. */
		if (colon < end && *colon == ':' && colon > p)
			learn_key(order, k, p, (size_t)(colon - p));
	}
	if (k >= 0 && k < SM_COUNT) {
		const char *next = scan_kb(colon + 1, end, &e->value[k]);

		if (next) {
			e->have |= 1u << k;
			return next;
		}
		/* A bad number drops only this key: a key left out of
		 * `have` reads as 0. */
		e->value[k] = 0;
		e->have &= ~(1u << k);
	}
	eol = colon < end ? memchr(colon, '\n', (size_t)(end - colon)) : NULL;
	if (!eol)
		eol = end;
	if (colon < end && *colon == ':' && (k == KEY_VMFLAGS || k == KEY_THP || k < 0)) {
		/* Each flag is printed with a space after it; drop the blanks
		 * at both ends so the slice is just the value. */
		const char *f = colon + 1, *fe = eol;

		while (f < fe && is_blank(*f))
			f++;
		while (fe > f && is_blank(fe[-1]))
			fe--;
		if (k == KEY_VMFLAGS) {
			e->vmflags = f;
			e->vmflags_len = (size_t)(fe - f);
		} else if (k == KEY_THP) {
			e->thp_eligible = fe - f == 1 && (*f == '0' || *f == '1') ? *f - '0' : -1;
		} else if (e->nextra < SMAPS_EXTRA_MAX && colon > p) {
			/* A key of a newer kernel travels on as it is. */
			e->extra[e->nextra].key = p;
			e->extra[e->nextra].key_len = (size_t)(colon - p);
			e->extra[e->nextra].text = f;
			e->extra[e->nextra].text_len = (size_t)(fe - f);
			e->nextra++;
		}
	}
	return eol < end ? eol + 1 : end;
}

int smaps_parse(const char *buf, size_t len, smaps_fn fn, void *ctx)
{
	const char *p = buf, *end;
	struct smaps_entry e;
	struct key_order order = { .n = 0, .nunknown = 0 };
	bool open = false;
	int r;

	/* An empty read may come with no buffer; NULL + 0 is undefined. */
	if (len == 0)
		return 0;
	end = buf + len;
	init_key_patterns();
	while (p < end) {
		if (p[0] >= 'A' && p[0] <= 'Z' && open) {
			p = parse_key_line(p, end, &e, &order);
			continue;
		}
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
			e.thp_eligible = -1;
			if (maps_parse_line(p, n, &e.map) < 0)
				return -EINVAL;
			open = true;
			order.next = 0;
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
