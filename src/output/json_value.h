/* json_value.h - column values as cJSON items, under the JSON rules. */
#ifndef LWPS_JSON_VALUE_H
#define LWPS_JSON_VALUE_H

#include <stdbool.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "columns/columns.h"
#include "output/json.h"

enum object_kind { OBJ_PROCESS, OBJ_THREAD, OBJ_MAP, OBJ_MAP_TOTAL };

/* A string as valid UTF-8 (each invalid byte becomes U+FFFD). */
cJSON *json_string(const char *s);
/* A value: null when unknown, seconds for ticks, "0x..." for addresses. */
cJSON *json_value(const struct column *c, const struct value *v, const struct snapshot *snap);
/* Records the exact bytes of an invalid UTF-8 string under "raw_bytes". */
void json_add_raw_bytes(cJSON *obj, const char *key, const struct column *c, const struct value *v);
/* Adds the chosen columns that have a key for this kind of object, after
 * the key that identifies it (pid, tid, start), present whatever -o says. */
void json_add_columns(cJSON *obj, const struct json_opts *o, const struct snapshot *snap,
		      const struct row *r, enum object_kind kind);
/* Prints `obj` with the characters that move a terminal \u-escaped (see
 * util/utf8.h) and frees it; with `open`, leaves its closing brace off so
 * that more members can follow.  Returns 0, or -1 with errno set. */
int json_write(FILE *out, cJSON *obj, bool open);

#endif
