/* json_doc.h - a JSON document given to cJSON a piece at a time.
 *
 * Nearly all of a snapshot is in three kinds of array: the processes, and
 * each process's threads and mappings.  An object is parsed with such an
 * array left out ("[]" in its place), and each element is parsed when the
 * loader reaches it and freed after, so memory holds the model and one
 * element's tree instead of a tree of the whole file (ten times its size).
 *
 * Pieces are parsed out of the file's order (an object before its
 * arrays), so the document keeps the first error in the file of those
 * found; parsing every piece finds the error a whole parse would. */
#ifndef LWPS_JSON_DOC_H
#define LWPS_JSON_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "model/json_keys.h"
#include "proc/json_scan.h"
#include "util/sbuf.h"

struct json_doc {
	const char *buf;
	size_t len;
	bool failed;               /* an error was found */
	const char *err_at;        /* the first in the file */
	bool err_trailing;         /* it is text after the document */
	char *scratch;             /* an object without its arrays */
	size_t scratch_cap;
};

/* An array left out of the object that holds it. */
struct json_array {
	const char *p;             /* its '[', or NULL when none was left out */
	int depth;                 /* the containers open around it */
	size_t count;              /* its elements, if it is valid JSON */
};

/* The elements of a left-out array, walked one at a time. */
struct json_elements {
	struct json_doc *doc;
	struct json_walk walk;
};

/* `len` bytes at `buf`, which hold no NUL (the caller checks). */
void json_doc_init(struct json_doc *d, const char *buf, size_t len);
void json_doc_release(struct json_doc *d);

/* What a whole parse would say of the error kept: truncated, not JSON at
 * a byte, or text after the end. */
void json_doc_message(const struct json_doc *d, struct sbuf *err);

/* Parses the document's root.  When it is an object, the first member
 * named by keys[i] whose value is an array is left out, and arrays[i] says
 * where it is (p NULL when there is none); on an error too, the arrays
 * found before it are set.  NULL on an error. */
cJSON *json_doc_parse_root(struct json_doc *d, const enum json_key *keys,
			   struct json_array *arrays, size_t nkeys);

/* The same for the object `obj` (an element of a left-out array) that has
 * `depth` containers open around it. */
cJSON *json_doc_parse_object(struct json_doc *d, struct json_span obj, int depth,
			     const enum json_key *keys, struct json_array *arrays, size_t nkeys);

/* Parses the value `v`, a piece of the document. */
cJSON *json_doc_parse_value(struct json_doc *d, struct json_span v);

void json_elements_begin(struct json_elements *e, struct json_doc *d, const struct json_array *a);
/* The next element's bytes: false after the last one or when the array
 * is not JSON (an error is kept). */
bool json_elements_next(struct json_elements *e, struct json_span *v);

#endif
