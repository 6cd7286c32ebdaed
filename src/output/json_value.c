/* json_value.c - column values as cJSON items, under the JSON rules:
 * unknown is null, big integers are strings, and strings are valid UTF-8.
 * A string that was not valid UTF-8 also has its exact bytes, in hex,
 * under the object's "raw_bytes" key, so nothing the kernel said is lost. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/states.h"
#include "output/format.h"
#include "output/json_value.h"
#include "util/sbuf.h"
#include "util/utf8.h"

static cJSON *hex_string(const char *s, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	struct sbuf b = { 0 };
	cJSON *j;

	for (size_t i = 0; i < len; i++) {
		sbuf_putc(&b, digits[(unsigned char)s[i] >> 4]);
		sbuf_putc(&b, digits[(unsigned char)s[i] & 15]);
	}
	j = cJSON_CreateString(sbuf_cstr(&b));
	sbuf_release(&b);
	return j;
}

static cJSON *raw_object(cJSON *obj)
{
	cJSON *raw = cJSON_GetObjectItemCaseSensitive(obj, "raw_bytes");

	return raw ? raw : cJSON_AddObjectToObject(obj, "raw_bytes");
}

void json_add_raw_bytes(cJSON *obj, const char *key, const struct column *c, const struct value *v)
{
	if (v->kind == V_STR && !utf8_valid(v->s, strlen(v->s))) {
		struct sbuf b = { 0 };

		sbuf_puts(&b, v->s);
		if (c->format == CF_PATH && v->i)
			sbuf_puts(&b, " (deleted)");
		cJSON_AddItemToObject(raw_object(obj), key, hex_string(b.data, b.len));
		sbuf_release(&b);
	} else if (v->kind == V_ARGV) {
		bool bad = false;

		for (int i = 0; i < v->n; i++)
			bad |= !utf8_valid(v->argv[i], strlen(v->argv[i]));
		if (!bad)
			return;
		cJSON *a = cJSON_AddArrayToObject(raw_object(obj), key);

		for (int i = 0; i < v->n; i++)
			cJSON_AddItemToArray(a, utf8_valid(v->argv[i], strlen(v->argv[i]))
					   ? cJSON_CreateNull()
					   : hex_string(v->argv[i], strlen(v->argv[i])));
	}
}

cJSON *json_string(const char *s)
{
	size_t len = strlen(s);

	if (utf8_valid(s, len))
		return cJSON_CreateString(s);

	struct sbuf b = { 0 };

	utf8_sanitize(&b, s, len);
	cJSON *j = cJSON_CreateString(sbuf_cstr(&b));
	sbuf_release(&b);
	return j;
}

cJSON *json_value(const struct column *c, const struct value *v, const struct snapshot *snap)
{
	double hz = (double)snap->host.clock_ticks;

	switch (v->kind) {
	case V_UNKNOWN:
	case V_NONE:
		return cJSON_CreateNull();
	case V_STR:
		if (c->format == CF_PATH && v->i) {
			struct sbuf b = { 0 };
			cJSON *j;

			sbuf_puts(&b, v->s);
			sbuf_puts(&b, " (deleted)");
			j = json_string(sbuf_cstr(&b));
			sbuf_release(&b);
			return j;
		}
		return json_string(v->s);
	case V_ARGV: {
		cJSON *a = cJSON_CreateArray();

		for (int i = 0; i < v->n; i++)
			cJSON_AddItemToArray(a, json_string(v->argv[i]));
		return a;
	}
	case V_PIDS: {
		cJSON *a = cJSON_CreateArray();

		for (int i = 0; i < v->n; i++)
			cJSON_AddItemToArray(a, cJSON_CreateNumber(v->pids[i]));
		return a;
	}
	case V_COUNTS: {
		cJSON *o = cJSON_CreateObject();

		for (size_t i = 0; i < task_state_count; i++) {
			unsigned n = v->counts[(unsigned char)task_states[i].letter];
			char key[2] = { task_states[i].letter, '\0' };

			if (n)
				cJSON_AddNumberToObject(o, key, n);
		}
		return o;
	}
	case V_INT:
		switch (c->format) {
		case CF_TICKS:
			return cJSON_CreateNumber((double)v->i / hz);
		case CF_START:
			return cJSON_CreateNumber(format_start_epoch(snap, v->i));
		case CF_ELAPSED:
			return cJSON_CreateNumber(snap->host.taken_at - format_start_epoch(snap, v->i));
		case CF_ADDR: {
			char hex[32];

			snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)v->i);
			return cJSON_CreateString(hex);
		}
		case CF_BIGINT: {
			char dec[32];

			snprintf(dec, sizeof(dec), "%llu", (unsigned long long)v->i);
			return cJSON_CreateString(dec);
		}
		default:
			return cJSON_CreateNumber((double)v->i);
		}
	}
	return cJSON_CreateNull();
}

static const char *key_for(const struct column *c, enum object_kind kind)
{
	switch (kind) {
	case OBJ_PROCESS:
		return c->proc_key;
	case OBJ_THREAD:
		return c->task_key;
	case OBJ_MAP:
		return c->map_key;
	case OBJ_MAP_TOTAL:
		/* The sum has sizes only: no address, file or segment. */
		return c->format == CF_KIB ? c->map_key : NULL;
	}
	return NULL;
}

/* Adds the chosen columns that have a key for this kind of object, after
 * the key that identifies it (pid, tid, start), present whatever -o says. */
void json_add_columns(cJSON *obj, const struct json_opts *o, const struct snapshot *snap,
			const struct row *r, enum object_kind kind)
{
	static const enum column_id ids[] = { COL_PID, COL_LWP, COL_MAP_START, COL_COUNT };
	const struct column *id = ids[kind] != COL_COUNT ? column_of(ids[kind]) : NULL;
	struct value v;

	if (id) {
		memset(&v, 0, sizeof(v));
		id->get(r, snap, &v);
		cJSON_AddItemToObject(obj, key_for(id, kind), json_value(id, &v, snap));
	}
	for (size_t i = 0; i < o->ncols; i++) {
		const struct column *c = o->cols[i];
		const char *key = key_for(c, kind);

		if (!key || c == id || cJSON_HasObjectItem(obj, key))
			continue;
		memset(&v, 0, sizeof(v));
		c->get(r, snap, &v);
		cJSON_AddItemToObject(obj, key, json_value(c, &v, snap));
		json_add_raw_bytes(obj, key, c, &v);
	}
}


int json_write(FILE *out, cJSON *obj, bool open)
{
	char *text = cJSON_PrintUnformatted(obj);
	struct sbuf b = { 0 };
	int ret = -1;

	cJSON_Delete(obj);
	if (!text) {
		errno = ENOMEM;
		return -1;
	}
	utf8_json_escape(&b, text, strlen(text) - (open ? 1 : 0));
	if (b.len == 0 || fwrite(b.data, 1, b.len, out) == b.len)
		ret = 0;
	free(text);
	sbuf_release(&b);
	return ret;
}
