/* rate_columns.c - %CPU, the rates and the changes.
 *
 * With an interval (snapshot.interval > 0) each figure is what the task
 * did between the two readings (model/delta.c).  A snapshot that stands
 * alone gives the task's lifetime average instead, as ps's %CPU and
 * pidstat without an interval do: its counters over its age. */
#include "config.h"

#include "columns/rate_columns.h"
#include "model/delta.h"
#include "output/format.h"

/* The counters a rate is made of. */
enum counter {
	CT_CPU, CT_USR, CT_SYS, CT_WAIT, CT_NVCSW, CT_NIVCSW, CT_MINFLT, CT_MAJFLT,
	CT_READ, CT_WRITE, CT_RUN, CT_SLICES
};

/* The task field each counter needs known. */
static const enum task_field counter_field[] = {
	[CT_CPU] = TF_TICS, [CT_USR] = TF_TICS, [CT_SYS] = TF_TICS,
	[CT_WAIT] = TF_SCHEDSTAT, [CT_NVCSW] = TF_CSW, [CT_NIVCSW] = TF_CSW,
	[CT_MINFLT] = TF_FAULTS, [CT_MAJFLT] = TF_FAULTS, [CT_READ] = TF_IO, [CT_WRITE] = TF_IO,
	[CT_RUN] = TF_SCHEDSTAT, [CT_SLICES] = TF_SCHEDSTAT,
};

/* A process's switches and schedstat figures are its threads' sum. */
static bool summed_over_threads(enum counter c)
{
	return c == CT_WAIT || c == CT_NVCSW || c == CT_NIVCSW || c == CT_RUN || c == CT_SLICES;
}

#define PICK(x, c) \
	((c) == CT_CPU ? (x)->utime + (x)->stime : (c) == CT_USR ? (x)->utime : \
	 (c) == CT_SYS ? (x)->stime : (c) == CT_WAIT ? (x)->wait_ns : \
	 (c) == CT_NVCSW ? (x)->nvcsw : (c) == CT_NIVCSW ? (x)->nivcsw : \
	 (c) == CT_MINFLT ? (x)->minflt : (c) == CT_MAJFLT ? (x)->majflt : \
	 (c) == CT_READ ? (x)->read_bytes : (x)->write_bytes)
/* A task's counters: those above and the totals that have no rate. */
#define PICK_TASK(t, c) \
	((c) == CT_RUN ? (t)->run_ns : (c) == CT_SLICES ? (t)->slices : PICK(t, c))

/* The counter since the task started, or false when unknown. */
static bool lifetime_count(const struct row *r, enum counter c, unsigned long long *amount)
{
	enum task_field f = counter_field[c];

	if (!r->t && summed_over_threads(c)) {
		unsigned long long sum = 0;

		if (!r->g->tasks_read || !r->g->ntasks)
			return false;
		for (size_t i = 0; i < r->g->ntasks; i++) {
			if (!(r->g->tasks[i].known & TF_BIT(f)))
				return false;
			sum += PICK_TASK(&r->g->tasks[i], c);
		}
		*amount = sum;
		return true;
	}
	const struct task *t = row_task(r);

	if (!(t->known & TF_BIT(f)))
		return false;
	*amount = PICK_TASK(t, c);
	return true;
}

/* Seconds since the task started: by the uptime read with the snapshot
 * (the boot time is whole seconds, too coarse for a young task). */
static double task_age(const struct snapshot *s, const struct task *t)
{
	double start = (double)t->start_ticks / (double)s->host.clock_ticks;

	if (s->host.known & HF_BIT(HF_UPTIME))
		return s->host.uptime - start;
	if (s->host.known & HF_BIT(HF_BOOT))
		return s->host.taken_at - format_start_epoch(s, (long long)t->start_ticks);
	return 0;   /* unknown: no rate */
}

/* The counter's increase per second over the interval, or over the
 * task's life; false when unknown. */
static bool per_second(const struct row *r, const struct snapshot *s, enum counter c,
		       double *rate)
{
	const struct task *t = row_task(r);
	double amount, seconds;
	unsigned long long count;

	if (s->interval > 0) {
		const struct task_delta *d = t->delta;

		if (!d || !(d->known & TF_BIT(counter_field[c])))
			return false;
		amount = (double)PICK(d, c);
		seconds = s->interval;
	} else {
		if (!(t->known & TF_BIT(TF_START)) || !lifetime_count(r, c, &count))
			return false;
		amount = (double)count;
		seconds = task_age(s, t);
	}
	if (!(seconds > 0))
		return false;
	*rate = amount / seconds;
	return true;
}

static long long round_ll(double x)
{
	return (long long)(x + (x < 0 ? -0.5 : 0.5));
}

/* A figure in hundredths (CF_CENTI). */
static void set_centi(struct value *v, bool known, double x)
{
	v->kind = known ? V_INT : V_UNKNOWN;
	v->i = known ? round_ll(x * 100.0) : 0;
}

static void percent_of_time(const struct row *r, const struct snapshot *s, enum counter c,
			    double unit, struct value *v)
{
	double rate;
	bool known = per_second(r, s, c, &rate);

	set_centi(v, known, known ? rate / unit * 100.0 : 0);
}

void rate_get_cpu(const struct row *r, const struct snapshot *s, struct value *v)
{
	percent_of_time(r, s, CT_CPU, (double)s->host.clock_ticks, v);
}

void rate_get_usr(const struct row *r, const struct snapshot *s, struct value *v)
{
	percent_of_time(r, s, CT_USR, (double)s->host.clock_ticks, v);
}

void rate_get_sys(const struct row *r, const struct snapshot *s, struct value *v)
{
	percent_of_time(r, s, CT_SYS, (double)s->host.clock_ticks, v);
}

void rate_get_wait(const struct row *r, const struct snapshot *s, struct value *v)
{
	percent_of_time(r, s, CT_WAIT, 1e9, v);
}

static void events_per_second(const struct row *r, const struct snapshot *s, enum counter c,
			      struct value *v)
{
	double rate;
	bool known = per_second(r, s, c, &rate);

	set_centi(v, known, known ? rate : 0);
}

void rate_get_csw(const struct row *r, const struct snapshot *s, struct value *v)
{
	events_per_second(r, s, CT_NVCSW, v);
}

void rate_get_nvcsw(const struct row *r, const struct snapshot *s, struct value *v)
{
	events_per_second(r, s, CT_NIVCSW, v);
}

void rate_get_minflt(const struct row *r, const struct snapshot *s, struct value *v)
{
	events_per_second(r, s, CT_MINFLT, v);
}

void rate_get_majflt(const struct row *r, const struct snapshot *s, struct value *v)
{
	events_per_second(r, s, CT_MAJFLT, v);
}

/* Bytes per second, whole (CF_KIB). */
static void bytes_per_second(const struct row *r, const struct snapshot *s, enum counter c,
			     struct value *v)
{
	double rate;

	v->kind = per_second(r, s, c, &rate) ? V_INT : V_UNKNOWN;
	v->i = v->kind == V_INT ? round_ll(rate) : 0;
}

void rate_get_read(const struct row *r, const struct snapshot *s, struct value *v)
{
	bytes_per_second(r, s, CT_READ, v);
}

void rate_get_write(const struct row *r, const struct snapshot *s, struct value *v)
{
	bytes_per_second(r, s, CT_WRITE, v);
}

/* A change needs two readings: none ('-') when the snapshot stands alone. */
static const struct task_delta *change_of(const struct task *t, const struct snapshot *s,
					  enum task_field f, struct value *v)
{
	v->kind = s->interval > 0 ? V_UNKNOWN : V_NONE;
	if (!(s->interval > 0) || !t->delta || !(t->delta->known & TF_BIT(f)))
		return NULL;
	v->kind = V_INT;
	return t->delta;
}

void rate_get_rss_delta(const struct row *r, const struct snapshot *s, struct value *v)
{
	const struct task_delta *d = change_of(&r->g->self, s, TF_MEM, v);

	v->i = d ? d->rss_bytes : 0;
}

void rate_get_nlwp_delta(const struct row *r, const struct snapshot *s, struct value *v)
{
	const struct task_delta *d = change_of(&r->g->self, s, TF_NLWP, v);

	v->i = d ? d->nlwp : 0;
}

void rate_get_mem(const struct row *r, const struct snapshot *s, struct value *v)
{
	const struct task *t = &r->g->self;
	bool known = t->known & TF_BIT(TF_MEM) && s->host.known & HF_BIT(HF_MEM) &&
		     s->host.mem_total > 0;

	set_centi(v, known,
		  known ? (double)t->rss_pages * (double)s->host.page_size * 100.0 /
				  (double)s->host.mem_total : 0);
}

static void set_rollup(const struct row *r, unsigned long long bytes, struct value *v)
{
	v->kind = r->g->rollup_read && r->g->rollup_err == 0 ? V_INT : V_UNKNOWN;
	v->i = (long long)bytes;
}

void rate_get_shr(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	set_rollup(r, r->g->rollup.shared, v);
}

void rate_get_uss(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	set_rollup(r, r->g->rollup.private, v);
}

void rate_get_pss(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	set_rollup(r, r->g->rollup.pss, v);
}

void rate_get_swap(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	set_rollup(r, r->g->rollup.swap, v);
}

/* A counter's total since the task started: the static figures beside
 * the rates (RUNTIME, RQWAIT, SLICES, CSW, NVCSW). */
static void total(const struct row *r, enum counter c, struct value *v)
{
	unsigned long long count;

	v->kind = lifetime_count(r, c, &count) ? V_INT : V_UNKNOWN;
	v->i = v->kind == V_INT ? (long long)count : 0;
}

void rate_get_runtime(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	total(r, CT_RUN, v);
}

void rate_get_rqwait(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	total(r, CT_WAIT, v);
}

void rate_get_slices(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	total(r, CT_SLICES, v);
}

void rate_get_csw_total(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	total(r, CT_NVCSW, v);
}

void rate_get_nvcsw_total(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	total(r, CT_NIVCSW, v);
}
