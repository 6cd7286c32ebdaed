/* format.c - a column value as text, shared by every text frontend. */
#include "config.h"

#include <string.h>
#include <time.h>

#include "model/shares.h"
#include "model/states.h"
#include "output/format.h"

/* bytes / 2^shift rounded to `tenths` decimals (0 or 1) as printf's %.Nf
 * rounds the exact binary value: to nearest, ties to even. */
static void put_scaled(struct sbuf *out, unsigned long long bytes, unsigned shift, bool tenths)
{
	unsigned long long num = tenths ? bytes * 10 : bytes;
	unsigned long long q = num >> shift, r = num & ((1ull << shift) - 1);
	unsigned long long half = 1ull << (shift - 1);

	if (r > half || (r == half && (q & 1)))
		q++;
	if (tenths) {
		sbuf_put_ull(out, q / 10);
		sbuf_putc(out, '.');
		sbuf_putc(out, (char)('0' + q % 10));
	} else {
		sbuf_put_ull(out, q);
	}
}

void format_size(struct sbuf *out, unsigned long long bytes, bool keep_tenth)
{
	static const char units[] = "KMGTPE";
	unsigned shift = 10;
	int u = 0;

	if (bytes < 1024) {
		sbuf_put_ull(out, bytes);
		sbuf_putc(out, 'B');
		return;
	}
	while (u < 5 && bytes >> shift >= 1024) {
		shift += 10;
		u++;
	}
	/* v = bytes / 2^shift is in [1, 1024) (or more in exabytes); with one
	 * decimal below 10 unless it is whole (or the caller keeps it). */
	bool whole = (bytes & ((1ull << shift) - 1)) == 0;
	bool tenths = bytes >> shift < 10 && (keep_tenth || !whole);

	/* bytes * 10 must not overflow: past 2^60 the tenth is not shown. */
	if (tenths && bytes > ~0ull / 10)
		sbuf_printf(out, "%.1f", (double)bytes / (double)(1ull << shift));
	else
		put_scaled(out, bytes, shift, tenths);
	sbuf_putc(out, units[u]);
}

static void put2(struct sbuf *out, long long v)
{
	sbuf_putc(out, (char)('0' + v / 10 % 10));
	sbuf_putc(out, (char)('0' + v % 10));
}

/* [D-]HH:MM:SS; without days and hours, MM:SS unless `always_hours`. */
static void put_clock(struct sbuf *out, long long secs, bool always_hours)
{
	if (secs < 0)
		secs = 0;
	long long d = secs / 86400, h = secs / 3600 % 24, m = secs / 60 % 60, s = secs % 60;

	if (d) {
		sbuf_put_ll(out, d);
		sbuf_putc(out, '-');
	}
	if (d || h || always_hours) {
		put2(out, h);
		sbuf_putc(out, ':');
	}
	put2(out, m);
	sbuf_putc(out, ':');
	put2(out, s);
}

void format_duration(struct sbuf *out, long long secs)
{
	put_clock(out, secs, true);
}

static void format_elapsed(struct sbuf *out, long long secs)
{
	put_clock(out, secs, false);
}

/* Like ps's STIME: the time of day within the last day, else the date. */
static void format_start(struct sbuf *out, const struct snapshot *snap, long long ticks)
{
	time_t start = (time_t)format_start_epoch(snap, ticks);
	time_t now = (time_t)snap->host.taken_at;
	struct tm tm, tm_now;
	char buf[32];

	if (!localtime_r(&start, &tm) || !localtime_r(&now, &tm_now)) {
		sbuf_putc(out, '?');   /* tm would be unset */
		return;
	}
	if (now - start < 86400)
		strftime(buf, sizeof(buf), "%H:%M", &tm);
	else if (tm.tm_year == tm_now.tm_year)
		strftime(buf, sizeof(buf), "%b%d", &tm);
	else
		strftime(buf, sizeof(buf), "%Y", &tm);
	sbuf_puts(out, buf);
}

void format_when(struct sbuf *out, double epoch)
{
	time_t t = (time_t)epoch;
	struct tm tm;
	char when[64];

	/* A time localtime_r() cannot convert leaves tm unset: say '?'. */
	if (!localtime_r(&t, &tm) || !strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S %Z", &tm))
		strcpy(when, "?");
	sbuf_puts(out, when);
}

double format_start_epoch(const struct snapshot *snap, long long ticks)
{
	return snap->host.boot_time + (double)ticks / (double)snap->host.clock_ticks;
}

/* Hundredths with one decimal, rounded half away from zero. */
static void format_centi(struct sbuf *out, long long centi)
{
	unsigned long long tenths = ((centi < 0 ? 0ull - (unsigned long long)centi
					      : (unsigned long long)centi) + 5) / 10;

	if (centi < 0 && tenths)
		sbuf_putc(out, '-');
	sbuf_put_ull(out, tenths / 10);
	sbuf_putc(out, '.');
	sbuf_putc(out, (char)('0' + tenths % 10));
}

/* Nanoseconds as seconds to the millisecond, rounded: "12.345". */
static void format_nsec(struct sbuf *out, long long ns)
{
	unsigned long long ms = ns < 0 ? 0 : ((unsigned long long)ns + 500000) / 1000000;

	sbuf_put_ull(out, ms / 1000);
	sbuf_putc(out, '.');
	sbuf_putc(out, (char)('0' + ms / 100 % 10));
	sbuf_putc(out, (char)('0' + ms / 10 % 10));
	sbuf_putc(out, (char)('0' + ms % 10));
}

/* The words of .argv, each escaped, joined by `sep`. */
static size_t put_words(struct sbuf *out, const struct value *v, char sep, enum escape_mode mode)
{
	size_t w = 0;

	for (int i = 0; i < v->n; i++) {
		if (i) {
			sbuf_putc(out, sep);
			w++;
		}
		w += utf8_escape(out, v->argv[i], strlen(v->argv[i]), mode);
	}
	return w;
}

size_t format_text(struct sbuf *out, const struct column *c, const struct value *v,
		   const struct snapshot *snap, const struct row *r, enum escape_mode mode)
{
	size_t start = out->len;

	switch (v->kind) {
	case V_NONE:
		if (c->format == CF_PATH)
			return utf8_escape(out, "[anon]", 6, mode);
		/* fall through */
	case V_UNKNOWN:
		sbuf_putc(out, '-');
		return 1;
	case V_STR:
		if (c->format == CF_SEGMENT && strcmp(v->s, "thread-stack") == 0) {
			/* stack:TID,TID... ("~": last seen), or stack:? */
			sbuf_puts(out, r && r->m && r->m->stack_last_seen ? "stack:~" : "stack:");
			for (unsigned k = 0; r && r->m && k < r->m->ntids; k++) {
				if (k)
					sbuf_putc(out, ',');
				sbuf_put_ll(out, r->m->tids[k]);
			}
			if (!r || !r->m || !r->m->ntids)
				sbuf_putc(out, '?');
			break;
		}
		if (c->format == CF_PATH && v->i) {
			size_t w = utf8_escape(out, v->s, strlen(v->s), mode);

			return w + utf8_escape(out, " (deleted)", 10, mode);
		}
		return utf8_escape(out, v->s, strlen(v->s), mode);
	case V_ARGV:
		if (c->format == CF_FRAMES) {
			if (v->n == 0) {
				sbuf_putc(out, '-');
				return 1;
			}
			return utf8_escape(out, v->argv[0], strlen(v->argv[0]), mode);
		}
		if (c->format == CF_NAMES && v->n == 0) {
			sbuf_putc(out, '-');   /* none, as ps shows SUPGRP */
			return 1;
		}
		if (c->format == CF_NAMES)
			return put_words(out, v, ',', mode);
		if (v->n == 0) {
			/* No argv (kernel thread, zombie): ps shows [comm]. */
			size_t w = utf8_escape(out, "[", 1, mode);

			w += utf8_escape(out, r->g->self.comm, strlen(r->g->self.comm), mode);
			w += utf8_escape(out, "]", 1, mode);
			if (r->g->self.state == STATE_ZOMBIE)
				w += utf8_escape(out, " <defunct>", 10, mode);
			return w;
		}
		/* A plain space between arguments in every mode: with -r a
		 * space inside one is \x20, so the boundaries stay. */
		return put_words(out, v, ' ', mode);
	case V_IDS:
		for (int i = 0; i < v->n; i++) {
			if (i)
				sbuf_putc(out, ',');
			sbuf_put_ull(out, v->ids[i]);
		}
		if (v->n == 0)
			sbuf_putc(out, '-');   /* none, as ps shows it */
		break;
	case V_SHARES: {
		bool first = true;

		/* kind:PID for each kind shared, "-" for none. */
		for (int k = 0; k < v->n; k++) {
			if (!v->pids[k])
				continue;
			if (!first)
				sbuf_putc(out, ',');
			sbuf_puts(out, share_kind_name((enum share_kind)k));
			sbuf_putc(out, ':');
			sbuf_put_ll(out, v->pids[k]);
			first = false;
		}
		if (first)
			sbuf_putc(out, '-');
		break;
	}
	case V_PIDS:
		if (v->n > 0)
			sbuf_put_ll(out, v->pids[v->n - 1]);
		else
			sbuf_putc(out, '-');
		break;
	case V_COUNTS: {
		bool first = true;

		for (size_t i = 0; i < task_state_count; i++) {
			char letter = task_states[i].letter;
			unsigned n = v->counts[(unsigned char)letter];

			if (!n)
				continue;
			if (!first)
				sbuf_putc(out, ',');
			sbuf_putc(out, letter);
			sbuf_put_ull(out, n);
			first = false;
		}
		if (first)
			sbuf_putc(out, '-');
		break;
	}
	case V_INT:
		switch (c->format) {
		case CF_KIB:
			sbuf_put_ll(out, v->i / 1024);
			break;
		case CF_TICKS:
			format_duration(out, v->i / snap->host.clock_ticks);
			break;
		case CF_START:
			format_start(out, snap, v->i);
			break;
		case CF_ELAPSED:
			format_elapsed(out, (long long)(snap->host.taken_at - format_start_epoch(snap, v->i)));
			break;
		case CF_ADDR:
			sbuf_put_hex(out, (unsigned long long)v->i, 1);
			break;
		case CF_HEX:
			sbuf_put_hex(out, (unsigned long long)v->i, 8);
			break;
		case CF_BIGINT:
		case CF_LIMIT:
			sbuf_put_ull(out, (unsigned long long)v->i);
			break;
		case CF_CENTI:
			format_centi(out, v->i);
			break;
		case CF_NSEC:
			format_nsec(out, v->i);
			break;
		case CF_NLWP:
			sbuf_put_ll(out, v->i);
			if (v->n)
				sbuf_putc(out, '*');   /* the threads listed differ */
			break;
		default:
			sbuf_put_ll(out, v->i);
			break;
		}
		break;
	}
	return out->len - start;
}

static size_t digits10(unsigned long long v)
{
	size_t n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

static size_t digits16(unsigned long long v)
{
	size_t n = 1;

	while (v >>= 4)
		n++;
	return n;
}

size_t format_width(struct sbuf *scratch, const struct column *c, const struct value *v,
		    const struct snapshot *snap, const struct row *r, enum escape_mode mode)
{
	if (v->kind == V_STR && c->format == CF_STR && mode != ESCAPE_RAW) {
		/* Printable ASCII is shown as it is, one column a byte. */
		size_t n = 0;

		while (v->s[n] >= 0x20 && v->s[n] < 0x7f)
			n++;
		if (v->s[n] == '\0')
			return n;
	}
	if (v->kind == V_INT) {
		unsigned long long u = (unsigned long long)v->i;
		size_t n;

		switch (c->format) {
		case CF_INT:
			return v->i < 0 ? 1 + digits10(0 - u) : digits10(u);
		case CF_BIGINT:
		case CF_LIMIT:
			return digits10(u);
		case CF_KIB:
			return v->i < 0 ? format_text(scratch, c, v, snap, r, mode) : digits10(u / 1024);
		case CF_ADDR:
			return digits16(u);
		case CF_HEX:
			n = digits16(u);
			return n > 8 ? n : 8;
		default:
			break;
		}
	}
	sbuf_reset(scratch);
	return format_text(scratch, c, v, snap, r, mode);
}

void format_title(struct sbuf *b, const struct snapshot *snap, const struct tgroup *g, size_t max)
{
	const struct column *cmd = column_of(COL_COMMAND);
	struct row r = { .g = g };
	struct value v;

	memset(&v, 0, sizeof(v));
	cmd->get(&r, snap, &v);
	sbuf_printf(b, "%d:   ", (int)g->pid);
	format_text(b, cmd, &v, snap, &r, ESCAPE_TABLE);
	if (max)
		b->len = utf8_fit(b->data, b->len, max);
	sbuf_putc(b, '\n');
}
