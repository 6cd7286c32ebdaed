/* json_maps.h - a process's mappings as JSON members: the one builder of
 * "maps", "maps_total", "layout" and "maps_error", for -m -J and --save. */
#ifndef LWPS_JSON_MAPS_H
#define LWPS_JSON_MAPS_H

#include <stdbool.h>

#include "output/json_value.h"
#include "view/view.h"

struct json_maps {
	struct json_members map;        /* JO_MAP */
	struct json_members total;      /* JO_MAP_TOTAL */
	const struct sort_key *keys;    /* the mappings' order (none: by address) */
	size_t nkeys;
	bool always;                    /* -m: the members even when never read */
	bool with_path;                 /* "path" is written: "deleted", "path_ambiguous" too */
	bool with_tid;                  /* "tid" is written: "tids", "stack_last_seen" too */
};

void json_maps_init(struct json_maps *jm, const struct json_opts *o, const struct sort_key *keys,
		    size_t nkeys, bool always);
void json_maps_release(struct json_maps *jm);

/* Writes into g's open object: when its mappings were read, "maps" (one
 * object each: the columns' keys, the keys that qualify path and tid,
 * and "extra" when smaps had keys lwps does not know), "maps_total" and
 * "layout"; when they could not be (or
 * were never read and `always`), all three null and "maps_error" naming
 * the errno; otherwise nothing. */
void json_put_maps(struct json_writer *w, const struct json_maps *jm, const struct snapshot *snap,
		   const struct tgroup *g);

#endif
