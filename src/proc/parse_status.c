/* parse_status.c - parse the keys lwps needs from /proc/PID/status. */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "proc/parse_status.h"
#include "proc/scan.h"

static int key_is(const char *line, size_t n, const char *key)
{
	size_t k = strlen(key);

	return n > k && memcmp(line, key, k) == 0 && line[k] == ':';
}

static int scan_pid(struct scan *sc, pid_t *out)
{
	long long v;

	if (scan_ll(sc, &v) < 0 || v < 0 || v > 0x7fffffff)
		return -1;
	*out = (pid_t)v;
	return 0;
}

/* A key whose whole value is one pid. */
static int scan_lone_pid(struct scan *sc, pid_t *out)
{
	return scan_pid(sc, out) == 0 && scan_at_eol(sc) ? 0 : -1;
}

static int scan_id(struct scan *sc, uid_t *out)
{
	unsigned long long v;

	if (scan_ull(sc, &v) < 0 || v > 0xffffffffull)
		return -1;
	*out = (uid_t)v;
	return 0;
}

/* The four ids of a Uid: or Gid: line (real, effective, saved,
 * filesystem) into `out`: all of them, or none. */
static bool scan_ids(struct scan *sc, uid_t out[4])
{
	uid_t id[4];

	for (int i = 0; i < 4; i++)
		if (scan_id(sc, &id[i]) < 0)
			return false;
	memcpy(out, id, sizeof(id));
	return true;
}

/* Counts the ids of a Groups: line; -1 when a word is not an id. */
static int count_groups(struct scan *sc)
{
	int n = 0;
	uid_t id;

	while (!scan_at_eol(sc)) {
		if (n == 0x7fffffff || scan_id(sc, &id) < 0)
			return -1;
		n++;
	}
	return n;
}

/* `whole`: the line ended with its newline; a list cut short is no list. */
static void parse_line(const char *line, size_t n, bool whole, struct status_fields *out)
{
	const char *colon = memchr(line, ':', n);
	struct scan sc;
	unsigned long long u;

	if (!colon)
		return;
	scan_init(&sc, colon + 1, n - (size_t)(colon + 1 - line));

	switch (line[0]) {
	case 'T':
		if (key_is(line, n, "Tgid")) {
			if (scan_lone_pid(&sc, &out->tgid) == 0)
				out->have |= SK_TGID;
		} else if (key_is(line, n, "TracerPid")) {
			if (scan_lone_pid(&sc, &out->tracer_pid) == 0)
				out->have |= SK_TRACER;
		} else if (key_is(line, n, "Threads")) {
			if (scan_ull(&sc, &u) == 0 && u <= 0x7fffffff) {
				out->threads = (int)u;
				out->have |= SK_THREADS;
			}
		}
		break;
	case 'U':
		if (key_is(line, n, "Uid") && scan_ids(&sc, out->uids))
			out->have |= SK_UID;
		break;
	case 'G':
		if (key_is(line, n, "Gid")) {
			if (scan_ids(&sc, out->gids))
				out->have |= SK_GID;
		} else if (key_is(line, n, "Groups") && whole) {
			struct scan at = sc;
			int k = count_groups(&sc);

			if (k >= 0) {
				out->groups = at.p;
				out->groups_len = (size_t)(at.end - at.p);
				out->ngroups = k;
				out->have |= SK_GROUPS;
			}
		}
		break;
	case 'V':
		if (key_is(line, n, "VmLck") && scan_ull(&sc, &u) == 0) {
			out->vm_locked_kb = (unsigned long)u;
			out->have |= SK_VMLCK;
		} else if (key_is(line, n, "VmRSS") && scan_ull(&sc, &u) == 0) {
			out->vm_rss_kb = (unsigned long)u;
			out->have |= SK_VMRSS;
		}
		break;
	case 'N':
		if (key_is(line, n, "NSpid")) {
			int k = 0;
			bool bad = false;

			/* Every word must be a pid; one bad word spoils the line. */
			while (!scan_at_eol(&sc) && !bad) {
				if (k == STATUS_MAX_NS || scan_pid(&sc, &out->nspid[k]) < 0)
					bad = true;
				else
					k++;
			}
			if (k > 0 && !bad) {
				out->nspid_len = k;
				out->have |= SK_NSPID;
			}
		}
		break;
	case 'S':
		if (key_is(line, n, "State") && scan_char(&sc, &out->state) == 0)
			out->have |= SK_STATE;
		break;
	case 'P':
		if (key_is(line, n, "PPid") && scan_lone_pid(&sc, &out->ppid) == 0)
			out->have |= SK_PPID;
		break;
	/* The two counts come last and together; both or neither. */
	case 'v':
		if (key_is(line, n, "voluntary_ctxt_switches") && scan_ull(&sc, &u) == 0) {
			out->nvcsw = u;
			out->have |= SK_CSW_VOLUNTARY;
		}
		break;
	case 'n':
		if (key_is(line, n, "nonvoluntary_ctxt_switches") && scan_ull(&sc, &u) == 0 &&
		    out->have & SK_CSW_VOLUNTARY) {
			out->nivcsw = u;
			out->have |= SK_CSW;
		}
		break;
	}
}

void status_parse(const char *buf, size_t len, struct status_fields *out)
{
	const char *p = buf, *end = len ? buf + len : buf;

	memset(out, 0, sizeof(*out));
	if (len == 0)
		return;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (n > 0)
			parse_line(p, n, nl != NULL, out);
		p = nl ? nl + 1 : end;
	}
}

void status_groups(const struct status_fields *sf, gid_t *out)
{
	struct scan sc;

	/* status_parse() checked every word: all ngroups are read. */
	scan_init(&sc, sf->groups, sf->groups_len);
	for (int i = 0; i < sf->ngroups && scan_id(&sc, &out[i]) == 0; i++)
		;
}
