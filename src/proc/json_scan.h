/* json_scan.h - where JSON values begin and end, found without building
 * them, so that a large document can be given to cJSON a piece at a time.
 *
 * The scanner ends strings as cJSON does (a backslash hides the next
 * byte), matches brackets up to cJSON's nesting limit, and checks the
 * commas and closing brackets of the arrays it walks.  It does not check
 * what is inside a value (numbers, escapes, literals, an object's keys and
 * colons): cJSON does, when it parses the piece. */
#ifndef LWPS_JSON_SCAN_H
#define LWPS_JSON_SCAN_H

#include <stdbool.h>
#include <stddef.h>

/* cJSON's CJSON_NESTING_LIMIT: a container this deep is not JSON to it. */
enum { JSON_DEPTH_MAX = 1000 };

/* Bytes [p, p + n) of the text. */
struct json_span {
	const char *p;
	size_t n;
};

/* A walk over the elements of an array or the members of an object. */
struct json_walk {
	const char *at, *end;   /* the next byte; the end of the text */
	int depth;              /* containers open around the values walked */
	char close;             /* ']' or '}' */
	bool started;
	const char *err;        /* NULL, or where the text stops being JSON */
	const char *bad_value;  /* when err is inside a value: its first byte */
	const char *after;      /* once walked: the byte after the bracket */
	size_t elements;        /* in the value walked last, when a container */
};

/* The first byte at or after `p` that cJSON does not skip as blank (it
 * skips every byte up to 0x20), or `end`. */
const char *json_skip_blank(const char *p, const char *end);

/* The byte after the value at `p`, which has `depth` containers open
 * around it, and how many elements (or members) it has when a container,
 * as its commas count them (exact in valid JSON); NULL with *err where the
 * text stops being JSON (`end` when it ends first, the byte after the
 * quote for a string that never ends). */
const char *json_skip_value(const char *p, const char *end, int depth, const char **err,
			    size_t *elements);

/* Starts walking the container whose '[' or '{' is at `p`, with `depth`
 * containers open around it. */
void json_walk_begin(struct json_walk *w, const char *p, const char *end, int depth);

/* The next element of an array: true with its span; false after the ']'
 * (w->after is then the byte after it) or on an error (w->err set). */
bool json_walk_element(struct json_walk *w, struct json_span *value);

/* The next member of an object: its key, quotes included, and its value.
 * False after the '}' or on an error (w->err set); the position of an
 * error in a key or colon is only roughly where cJSON would say. */
bool json_walk_member(struct json_walk *w, struct json_span *key, struct json_span *value);

#endif
