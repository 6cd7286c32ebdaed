/* format.c - a column value as text, shared by every text frontend. */
#include "config.h"

#include <string.h>
#include <time.h>

#include "output/format.h"

const char format_state_order[] = "RDSTtZXIPWKxw";

void format_size(struct sbuf *out, unsigned long long bytes, bool keep_tenth)
{
	static const char units[] = "KMGTPE";
	double v = (double)bytes / 1024;
	int u = 0;

	if (bytes < 1024) {
		sbuf_printf(out, "%lluB", bytes);
		return;
	}
	while (v >= 1024 && u < 5) {
		v /= 1024;
		u++;
	}
	if (v < 10 && (keep_tenth || v != (double)(long long)v))
		sbuf_printf(out, "%.1f%c", v, units[u]);
	else
		sbuf_printf(out, "%.0f%c", v, units[u]);
}

void format_duration(struct sbuf *out, long long secs)
{
	long long d = secs / 86400, h = secs / 3600 % 24, m = secs / 60 % 60, s = secs % 60;

	if (d)
		sbuf_printf(out, "%lld-%02lld:%02lld:%02lld", d, h, m, s);
	else
		sbuf_printf(out, "%02lld:%02lld:%02lld", h, m, s);
}

static void format_elapsed(struct sbuf *out, long long secs)
{
	if (secs < 0)
		secs = 0;
	long long d = secs / 86400, h = secs / 3600 % 24, m = secs / 60 % 60, s = secs % 60;

	if (d)
		sbuf_printf(out, "%lld-%02lld:%02lld:%02lld", d, h, m, s);
	else if (h)
		sbuf_printf(out, "%02lld:%02lld:%02lld", h, m, s);
	else
		sbuf_printf(out, "%02lld:%02lld", m, s);
}

/* Like ps's STIME: the time of day within the last day, else the date. */
static void format_start(struct sbuf *out, const struct snapshot *snap, long long ticks)
{
	time_t start = (time_t)format_start_epoch(snap, ticks);
	time_t now = (time_t)snap->host.taken_at;
	struct tm tm, tm_now;
	char buf[32];

	localtime_r(&start, &tm);
	localtime_r(&now, &tm_now);
	if (now - start < 86400)
		strftime(buf, sizeof(buf), "%H:%M", &tm);
	else if (tm.tm_year == tm_now.tm_year)
		strftime(buf, sizeof(buf), "%b%d", &tm);
	else
		strftime(buf, sizeof(buf), "%Y", &tm);
	sbuf_puts(out, buf);
}

double format_start_epoch(const struct snapshot *snap, long long ticks)
{
	return snap->host.boot_time + (double)ticks / (double)snap->host.clock_ticks;
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
			if (v->i)
				sbuf_printf(out, "stack:%lld", v->i);
			else
				sbuf_puts(out, "stack:?");
			break;
		}
		if (c->format == CF_PATH && v->i) {
			size_t w = utf8_escape(out, v->s, strlen(v->s), mode);

			return w + utf8_escape(out, " (deleted)", 10, mode);
		}
		return utf8_escape(out, v->s, strlen(v->s), mode);
	case V_ARGV:
		if (v->n == 0) {
			/* No argv (kernel thread, zombie): ps shows [comm]. */
			size_t w = utf8_escape(out, "[", 1, mode);

			w += utf8_escape(out, r->g->self.comm, strlen(r->g->self.comm), mode);
			w += utf8_escape(out, "]", 1, mode);
			if (r->g->self.state == 'Z')
				w += utf8_escape(out, " <defunct>", 10, mode);
			return w;
		} else {
			size_t w = 0;

			for (int i = 0; i < v->n; i++) {
				if (i)
					w += utf8_escape(out, " ", 1, mode);
				w += utf8_escape(out, v->argv[i], strlen(v->argv[i]), mode);
			}
			return w;
		}
	case V_PIDS:
		if (v->n > 0)
			sbuf_printf(out, "%d", (int)v->pids[v->n - 1]);
		else
			sbuf_putc(out, '-');
		break;
	case V_COUNTS: {
		bool first = true;

		for (const char *s = format_state_order; *s; s++) {
			unsigned n = v->counts[(unsigned char)*s];

			if (!n)
				continue;
			sbuf_printf(out, "%s%c%u", first ? "" : ",", *s, n);
			first = false;
		}
		if (first)
			sbuf_putc(out, '-');
		break;
	}
	case V_INT:
		switch (c->format) {
		case CF_KIB:
			sbuf_printf(out, "%lld", v->i / 1024);
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
			sbuf_printf(out, "%llx", (unsigned long long)v->i);
			break;
		case CF_HEX:
			sbuf_printf(out, "%08llx", (unsigned long long)v->i);
			break;
		case CF_BIGINT:
			sbuf_printf(out, "%llu", (unsigned long long)v->i);
			break;
		default:
			sbuf_printf(out, "%lld", v->i);
			break;
		}
		break;
	}
	return out->len - start;
}
