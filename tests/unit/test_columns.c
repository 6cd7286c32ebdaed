#include "config.h"

/* test_columns.c - the column table: every id has its entry at its own
 * place, and the name the user types finds that entry again. */

#include <stddef.h>

#include "columns/columns.h"
#include "tap.h"

int main(void)
{
	is_uint(column_count, COL_COUNT, "the table has one entry per id");
	for (size_t i = 0; i < column_count; i++) {
		const struct column *c = &column_table[i];

		/* A designated initialiser left out leaves a zeroed entry. */
		if (!ok(c->name && c->get, "entry %zu is filled", i))
			continue;
		is_uint(c->id, i, "%s: its id is its place", c->name);
		ok(column_find_scoped(c->name, c->scope) == c, "%s: found by its name", c->name);
	}
	ok(column_is(column_find("STIME"), COL_START), "an alias finds its column");
	ok(column_is(column_find_scoped("START", SCOPE_MAP), COL_MAP_START),
	   "a mapping column wins among mappings");
	ok(column_find("NO_SUCH") == NULL, "an unknown name finds nothing");
	return done_testing();
}
