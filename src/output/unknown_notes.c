/* unknown_notes.c - why a column is unknown, under the table: "-" alone
 * cannot tell a thread running on a CPU from one lwps may not inspect. */
#include "config.h"

#include <string.h>

#include "model/exec_reasons.h"
#include "output/unknown_notes.h"
#include "util/i18n.h"
#include "util/sbuf.h"

enum { IDS_SHOWN = 8 };

/* One reason of one column: the rows it holds for. */
static void note(struct sbuf *b, const struct column *c, const char *reason, const char *words,
		 const struct snapshot *snap, const struct row *rows, size_t n)
{
	struct sbuf ids = { 0 };
	size_t count = 0;
	struct value v;

	for (size_t i = 0; i < n; i++) {
		memset(&v, 0, sizeof(v));
		c->get(&rows[i], snap, &v);
		if (v.kind != V_UNKNOWN || !v.s || strcmp(v.s, reason) != 0)
			continue;
		if (count < IDS_SHOWN)
			sbuf_printf(&ids, "%s%d", count ? ", " : "", (int)row_task(&rows[i])->tid);
		count++;
	}
	if (count > IDS_SHOWN)
		sbuf_printf(&ids, _(" and %zu more"), count - IDS_SHOWN);
	if (count)
		sbuf_printf(b, _("* %s is - for %s: %s\n"), column_header(c), sbuf_cstr(&ids), _(words));
	sbuf_release(&ids);
}

int unknown_notes_print(FILE *out, const struct snapshot *snap, const struct row *rows, size_t n,
			const struct column *const *cols, size_t ncols)
{
	struct sbuf b = { 0 };
	int ret = 0;

	/* EXEC names its reason (model/exec_reasons.h) in the value's .s. */
	for (size_t k = 0; k < ncols; k++)
		for (int r = EXEC_NOT_READ + 1; column_is(cols[k], COL_EXEC) && r < EXEC_REASON_COUNT; r++)
			note(&b, cols[k], exec_reason_name((enum exec_reason)r),
			     exec_reason_text((enum exec_reason)r), snap, rows, n);
	if (b.len && fwrite(b.data, 1, b.len, out) != b.len)
		ret = -1;
	sbuf_release(&b);
	return ret;
}
