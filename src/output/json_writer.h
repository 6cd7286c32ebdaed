/* json_writer.h - JSON text written straight to a FILE*, a value at a time.
 *
 * No tree is built: keys come from the key table (model/json_keys.h),
 * values are printed as they are produced into a buffer that is written
 * out whenever it fills, so a process with 100,000 mappings costs no more
 * memory than one with ten.  Strings follow the JSON rule of util/utf8.h:
 * always valid UTF-8 (each invalid byte becomes U+FFFD), with C0 and C1
 * controls, DEL and the bidirectional controls \u-escaped. */
#ifndef LWPS_JSON_WRITER_H
#define LWPS_JSON_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "model/json_keys.h"
#include "util/sbuf.h"

struct json_writer {
	FILE *out;
	struct sbuf buf;
	bool comma;      /* the next key or element follows another */
	int err;         /* errno of the first failed write, 0 while none */
};

void jw_init(struct json_writer *w, FILE *out);
/* Writes out what is buffered and releases the buffer.  Returns 0, or -1
 * with errno set when any write failed. */
int jw_finish(struct json_writer *w);

void jw_open_object(struct json_writer *w);
void jw_close_object(struct json_writer *w);
void jw_open_array(struct json_writer *w);
void jw_close_array(struct json_writer *w);
/* Starts the next element of the processes array on a line of its own. */
void jw_newline(struct json_writer *w);
/* Raw JSON text, written as is (a closing "\n" ...). */
void jw_text(struct json_writer *w, const char *text);

void jw_key(struct json_writer *w, enum json_key k);
/* A key named by the key table, written as it is. */
void jw_key_name(struct json_writer *w, const char *name);
/* A key that is data, not a name of the table (a state letter, the key
 * of a string in raw_bytes); escaped as strings are. */
void jw_key_text(struct json_writer *w, const char *name);

void jw_null(struct json_writer *w);
/* A member `k`: its value when known, else null (a NULL string). */
void jw_member_string(struct json_writer *w, enum json_key k, const char *s);
void jw_member_int(struct json_writer *w, enum json_key k, bool known, long long v);
void jw_member_u64(struct json_writer *w, enum json_key k, bool known, unsigned long long v);
void jw_bool(struct json_writer *w, bool v);
void jw_int(struct json_writer *w, long long v);
/* JT_U64: a number up to 2^53, a decimal string above. */
void jw_u64(struct json_writer *w, unsigned long long v);
/* JT_DECIMAL: always a decimal string. */
void jw_decimal(struct json_writer *w, unsigned long long v);
/* JT_ADDRESS: "0x" and lower-case hex. */
void jw_address(struct json_writer *w, unsigned long long v);
/* A number rounded to `decimals` places, trailing zeros dropped. */
void jw_fixed(struct json_writer *w, double v, unsigned decimals);
void jw_string(struct json_writer *w, const char *s);
void jw_string_n(struct json_writer *w, const char *s, size_t len);
/* `s` and `more` as one string (a path and " (deleted)"). */
void jw_string_pair(struct json_writer *w, const char *s, const char *more);
/* The bytes as a string of lower-case hex digits. */
void jw_hex_bytes(struct json_writer *w, const char *s, size_t len);

/* The places of a time counted in 1/hz seconds: 2 at HZ=100, 3 at 1000. */
unsigned jw_tick_decimals(long hz);

#endif
