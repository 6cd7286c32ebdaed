/* json_value.h - the chosen columns of a row as JSON members. */
#ifndef LWPS_JSON_VALUE_H
#define LWPS_JSON_VALUE_H

#include "columns/columns.h"
#include "output/json.h"
#include "output/json_writer.h"

/* Which members an object of one kind gets, worked out once per document:
 * the key that identifies the row (pid, tid or start: present whatever -o
 * says), then each chosen column that has a key in this kind of object. */
struct json_members {
	enum json_object kind;
	size_t n;
	const struct column **cols;
	enum json_key *keys;
	struct value *values;      /* room for one row's values */
};

/* kind is JO_PROCESS, JO_THREAD, JO_MAP or JO_MAP_TOTAL. */
void json_members_init(struct json_members *jm, const struct json_opts *o, enum json_object kind);
void json_members_release(struct json_members *jm);

/* Writes the row's members into the object open in `w`.  A string that
 * is not valid UTF-8 is also given as its exact bytes under "raw_bytes",
 * right after the first such member. */
void json_put_members(struct json_writer *w, const struct json_members *jm,
		      const struct snapshot *snap, const struct row *r);

/* Writes `key` (a process's limits); when they were not read, null after
 * it, and "limits_error" when they could not be: then returns true, and
 * the caller writes the limits otherwise. */
bool json_put_limits_key(struct json_writer *w, enum json_key key, const struct tgroup *g);

/* "threads_listed" when the threads read are not as many as nlwp. */
void json_put_threads_listed(struct json_writer *w, const struct tgroup *g);

/* The document's opening, up to the processes array left open: schema,
 * version, when the data was taken and, for a view of a loaded snapshot,
 * "from_snapshot".  --save then adds "snapshot" before the processes. */
void json_open_document(struct json_writer *w, const struct snapshot *snap, bool mark_loaded);
void json_open_processes(struct json_writer *w);
/* Closes the processes array and the document, and ends the line. */
void json_close_document(struct json_writer *w, bool one_line);

#endif
