/* where_columns.c - getters of SHARES and EXEC.  The table itself is in
 * columns.c with every other column. */
#include "config.h"

#include "columns/where_columns.h"
#include "model/exec_reasons.h"
#include "model/states.h"

/* A kernel thread has no user space to share; a zombie has given up its
 * address space, files and filesystem information (a zombie leader whose
 * threads live on is compared through them). */
static bool shares_nothing(const struct tgroup *g)
{
	return g->is_kernel || (g->self.state == STATE_ZOMBIE && !g->mm_tid);
}

void where_get_shares(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	const struct tgroup *g = r->g;

	if (!g->shares_read || !g->shares_known) {
		v->kind = g->shares_read && shares_nothing(g) ? V_NONE : V_UNKNOWN;
		return;
	}
	v->kind = V_SHARES;
	v->pids = g->shares_with;
	v->n = SHARE_COUNT;
}

void where_get_exec(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	const struct task *t = row_task(r);

	if (t->exec) {
		v->kind = V_STR;
		v->s = t->exec;
		return;
	}
	v->kind = V_UNKNOWN;
	v->s = exec_reason_name((enum exec_reason)t->exec_reason);
}
