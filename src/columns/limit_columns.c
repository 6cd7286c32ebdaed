/* limit_columns.c - getters of the resource limit columns: a row is one
 * limit of a process as /proc/PID/limits gives it, named and described
 * as prlimit names it.  The table itself is in columns.c. */
#include "config.h"

#include "columns/limit_columns.h"
#include "model/rlimits.h"

static void set_str(struct value *v, const char *s)
{
	v->kind = s ? V_STR : V_NONE;
	v->s = s;
}

/* The limit's resource when lwps knows it, else NULL. */
static const struct rlimit_info *info(const struct row *r)
{
	return r->l ? rlimit_find(r->l->name) : NULL;
}

void limit_get_resource(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	const struct rlimit_info *ri = info(r);

	if (!r->l)
		v->kind = V_UNKNOWN;
	else
		set_str(v, ri ? ri->name : r->l->name);
}

void limit_get_description(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	const struct rlimit_info *ri = info(r);

	v->kind = V_UNKNOWN;
	if (ri)
		set_str(v, ri->description);
}

static void put_limit(struct value *v, unsigned long long value, bool unlimited)
{
	if (unlimited) {
		v->kind = V_STR;
		v->s = "unlimited";
		return;
	}
	v->kind = V_INT;
	v->i = (long long)value;
}

void limit_get_soft(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	if (r->l)
		put_limit(v, r->l->soft, r->l->soft_unlimited);
	else
		v->kind = V_UNKNOWN;
}

void limit_get_hard(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	if (r->l)
		put_limit(v, r->l->hard, r->l->hard_unlimited);
	else
		v->kind = V_UNKNOWN;
}

/* prlimit's unit for a resource it knows ("microsecs" where the kernel
 * writes "us"); the kernel's own for one it does not. */
void limit_get_units(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	const struct rlimit_info *ri = info(r);

	if (!r->l)
		v->kind = V_UNKNOWN;
	else
		set_str(v, ri ? ri->units : r->l->units);
}
