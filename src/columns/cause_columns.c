/* cause_columns.c - SYSCALL, WAITON, PC, SP and KSTACK.  A process row
 * shows its leader's (the files of /proc/PID are the leader's).  A kernel
 * thread has no user space, a zombie runs no more: no system call, no
 * registers ('-', null). */
#include "config.h"

#include <stdio.h>

#include "columns/cause_columns.h"
#include "model/causes.h"
#include "model/states.h"

#define KNOWN(t, f) (((t)->known & TF_BIT(f)) != 0)

static bool no_user_space(const struct task *t)
{
	return KNOWN(t, TF_STATE) &&
	       (t->flags & TASK_PF_KTHREAD || t->state == STATE_ZOMBIE || t->state == 'X');
}

/* The call by name, its number where lwps has no name; "running" on a
 * CPU, "none" outside a system call (a fault, or preempted in user space). */
void cause_get_syscall(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	const struct task *t = row_task(r);
	const struct task_cause *c = t->cause;

	v->kind = V_STR;
	if (no_user_space(t))
		v->kind = V_NONE;
	else if (KNOWN(t, TF_ON_CPU))
		v->s = "running";
	else if (!KNOWN(t, TF_SYSCALL) || !c)
		v->kind = V_UNKNOWN;
	else if (c->nr < 0)
		v->s = "none";
	else if (c->name)
		v->s = c->name;
	else {
		snprintf(v->tmp, sizeof(v->tmp), "%d", c->nr);
		v->s = v->tmp;
	}
}

void cause_get_waiton(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	const struct task *t = row_task(r);

	if (no_user_space(t) || (KNOWN(t, TF_WAITON) && !t->cause->waiton)) {
		v->kind = V_NONE;
		return;
	}
	v->kind = KNOWN(t, TF_WAITON) ? V_STR : V_UNKNOWN;
	v->s = v->kind == V_STR ? t->cause->waiton : NULL;
}

/* Registers saved at entry: none for a task on a CPU (unknown, as the
 * SYSCALL column's "running" says why). */
void cause_get_pc(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	const struct task *t = row_task(r);

	v->kind = no_user_space(t) ? V_NONE : KNOWN(t, TF_SYSCALL) ? V_INT : V_UNKNOWN;
	v->i = v->kind == V_INT ? (long long)t->pc : 0;
}

void cause_get_sp(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	const struct task *t = row_task(r);

	v->kind = no_user_space(t) ? V_NONE : KNOWN(t, TF_SP) ? V_INT : V_UNKNOWN;
	v->i = v->kind == V_INT ? (long long)t->stack_pointer : 0;
}

/* The kernel stack, innermost frame first; root only, unknown otherwise
 * (an empty one, of a task on a CPU, is known: no frame). */
void cause_get_kstack(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	const struct task *t = row_task(r);

	if (!KNOWN(t, TF_KSTACK)) {
		v->kind = V_UNKNOWN;
		return;
	}
	v->kind = V_ARGV;
	v->argv = t->cause->kstack;
	v->n = t->cause->nkstack;
}
