/* json_doc.c - a JSON document given to cJSON a piece at a time.
 *
 * Every piece is parsed where it lies, with the rest of the document after
 * it, so cJSON stops at the byte a whole parse would and its error points
 * into the document.  An object parsed without its arrays is a copy; its
 * error is mapped back to the document's byte. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "proc/json_doc.h"
#include "util/xalloc.h"

enum { CUTS_MAX = 4 };   /* arrays left out of one object */

static void *must_alloc(size_t size)
{
	return xmalloc(size);
}

void json_doc_init(struct json_doc *d, const char *buf, size_t len)
{
	/* Out of memory ends lwps with that message, as the model's
	 * allocations do: cJSON would call the file "not JSON". */
	static cJSON_Hooks hooks = { must_alloc, free };

	cJSON_InitHooks(&hooks);
	*d = (struct json_doc){ .buf = buf, .len = len };
}

void json_doc_release(struct json_doc *d)
{
	cJSON_InitHooks(NULL);
	free(d->scratch);
	d->scratch = NULL;
	d->scratch_cap = 0;
}

static const char *doc_end(const struct json_doc *d)
{
	return d->buf + d->len;
}

/* Keeps the error at `at` if it is the first in the file so far; cJSON
 * may point nowhere (it failed to allocate): byte 0 then. */
static void keep_error(struct json_doc *d, const char *at, bool trailing)
{
	if (!at || at < d->buf || at > doc_end(d))
		at = d->buf;
	if (!d->failed || at < d->err_at) {
		d->err_at = at;
		d->err_trailing = trailing;
	}
	d->failed = true;
}

static void fail_at(struct json_doc *d, const char *at)
{
	keep_error(d, at, false);
}

void json_doc_message(const struct json_doc *d, struct sbuf *err)
{
	size_t off = (size_t)(d->err_at - d->buf), end = d->len;

	if (d->err_trailing) {
		sbuf_printf(err, "text after the end of the JSON (at byte %zu)", off);
		return;
	}
	while (end > 0 && (d->buf[end - 1] == '\n' || d->buf[end - 1] == ' '))
		end--;
	/* Every document lwps writes ends with '}': one that does not
	 * was cut short. */
	if (off + 1 >= d->len || (end > 0 && d->buf[end - 1] != '}' && d->buf[0] == '{'))
		sbuf_puts(err, "the file is truncated (the JSON ends early)");
	else
		sbuf_printf(err, "not JSON (error at byte %zu)", off);
}

cJSON *json_doc_parse_value(struct json_doc *d, struct json_span v)
{
	const char *end = NULL;
	cJSON *j;

	/* cJSON skips a byte order mark at the start of what it is given;
	 * inside a document it is an error. */
	if (v.n >= 3 && memcmp(v.p, "\xEF\xBB\xBF", 3) == 0) {
		fail_at(d, v.p);
		return NULL;
	}
	j = cJSON_ParseWithLengthOpts(v.p, (size_t)(doc_end(d) - v.p), &end, false);
	if (!j) {
		fail_at(d, cJSON_GetErrorPtr());
		return NULL;
	}
	/* A number cJSON ends sooner than the scanner ("1x"): the next byte
	 * is the error, as in the array or object around it. */
	if (end != v.p + v.n) {
		cJSON_Delete(j);
		fail_at(d, json_skip_blank(end, doc_end(d)));
		return NULL;
	}
	return j;
}

/* The value at `p` could not be skipped: the scanner stopped at
 * `scan_err`.  cJSON tells where, as it would in a whole parse, but for
 * the nesting depth: cJSON counts it from `p`, the scanner (its error at
 * an opening bracket) from the document's start. */
static void judge_value(struct json_doc *d, const char *p, const char *scan_err)
{
	cJSON *j = cJSON_ParseWithLengthOpts(p, (size_t)(doc_end(d) - p), NULL, false);
	const char *at = scan_err, *e = j ? NULL : cJSON_GetErrorPtr();
	bool too_deep = at < doc_end(d) && (*at == '[' || *at == '{');

	if (e && e >= p && (e < at || !too_deep))
		at = e;
	cJSON_Delete(j);
	fail_at(d, at);
}

/* The same for any value; an array (a left-out one can be most of the
 * file) is parsed one element at a time, up to the error: an element the
 * scanner passed may hold an error it does not look for. */
static void judge(struct json_doc *d, const char *p, int depth, const char *scan_err)
{
	struct json_walk w;
	struct json_span v;

	if (*p != '[') {
		judge_value(d, p, scan_err);
		return;
	}
	json_walk_begin(&w, p, doc_end(d), depth);
	while (json_walk_element(&w, &v)) {
		if (d->failed && v.p > d->err_at)
			return;   /* an error before it is kept */
		cJSON_Delete(json_doc_parse_value(d, v));
	}
	if (w.err && w.bad_value)
		judge_value(d, w.bad_value, w.err);
	else
		fail_at(d, w.err ? w.err : scan_err);
}

/* Whether a key, quotes included, is `name` as cJSON compares them:
 * escapes decoded, then strcmp(). */
static bool key_is(struct json_span key, const char *name)
{
	size_t n = key.n - 2;
	cJSON *j;
	bool same;

	if (!memchr(key.p + 1, '\\', n))
		return n == strlen(name) && memcmp(key.p + 1, name, n) == 0;
	j = cJSON_ParseWithLength(key.p, key.n);
	same = cJSON_IsString(j) && strcmp(j->valuestring, name) == 0;
	cJSON_Delete(j);
	return same;
}

/* An object, or the start of one up to a value the scanner could not
 * skip, and the arrays left out of it in the document's order. */
struct cut_object {
	struct json_span obj;
	struct json_span cut[CUTS_MAX];
	size_t ncut;
	bool root;                 /* blanks only may follow it */
	bool partial;              /* obj stops short of its end */
};

/* The byte of the document that byte `at` of the copy came from. */
static const char *unmap(const struct json_doc *d, const struct cut_object *o, const char *at)
{
	const char *from = o->obj.p;
	size_t s;

	if (!o->ncut)
		return at;
	if (!at || at < d->scratch)
		return NULL;
	s = (size_t)(at - d->scratch);
	for (size_t i = 0; i < o->ncut; i++) {
		size_t before = (size_t)(o->cut[i].p - from);

		if (s < before)
			return from + s;
		s -= before;
		if (s < 2)   /* in the "[]" put in its place */
			return s == 0 ? o->cut[i].p : o->cut[i].p + o->cut[i].n - 1;
		s -= 2;
		from = o->cut[i].p + o->cut[i].n;
	}
	return from + s;
}

/* The object with each left-out array replaced by "[]", in the scratch
 * buffer; the object itself when nothing was left out. */
static const char *copy_without(struct json_doc *d, const struct cut_object *o, size_t *len)
{
	const char *from = o->obj.p;
	size_t n = o->obj.n;
	char *to;

	if (!o->ncut) {
		*len = n;
		return from;
	}
	for (size_t i = 0; i < o->ncut; i++)
		n = n - o->cut[i].n + 2;
	xgrow(&d->scratch, &d->scratch_cap, n, 1);
	to = d->scratch;
	for (size_t i = 0; i < o->ncut; i++) {
		size_t before = (size_t)(o->cut[i].p - from);

		memcpy(to, from, before);
		memcpy(to + before, "[]", 2);
		to += before + 2;
		from = o->cut[i].p + o->cut[i].n;
	}
	memcpy(to, from, (size_t)(o->obj.p + o->obj.n - from));
	*len = n;
	return d->scratch;
}

/* Parses the object without its arrays.  The root may be followed by
 * blanks only; an element ends where the scanner found its end.  A
 * partial object is only checked: where it stops short is no error. */
static cJSON *parse_cut(struct json_doc *d, const struct cut_object *o)
{
	size_t n;
	const char *text = copy_without(d, o, &n), *end = NULL, *q;
	cJSON *j = cJSON_ParseWithLengthOpts(text, n, &end, false);

	if (!j) {
		q = unmap(d, o, cJSON_GetErrorPtr());
		if (!o->partial || (q && q + 1 < o->obj.p + o->obj.n))
			fail_at(d, q);
		return NULL;
	}
	q = end;
	/* The buffer need not end in a NUL: no strspn(). */
	while (o->root && q < text + n && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n'))
		q++;
	if (!o->root)
		q = json_skip_blank(q, text + n);
	if (q == text + n)
		return j;
	cJSON_Delete(j);
	keep_error(d, unmap(d, o, q), o->root);
	return NULL;
}

/* Walks the members of the object whose '{' is at `open` until every key
 * is seen, and leaves out each first member of those names whose value is
 * an array.  An error between members is left for cJSON to find when it
 * parses the object; in a value, it is judged here, and the object is
 * cut short before that value. */
static bool find_arrays(struct json_doc *d, const char *open, int depth, const enum json_key *keys,
			struct json_array *arrays, size_t nkeys, struct cut_object *o)
{
	struct json_walk w;
	struct json_span k, v;
	unsigned seen = 0;
	size_t nseen = 0;

	json_walk_begin(&w, open, o->obj.p + o->obj.n, depth);
	while (nseen < nkeys && json_walk_member(&w, &k, &v))
		for (size_t i = 0; i < nkeys; i++)
			if (!(seen & 1u << i) && key_is(k, json_key_name(keys[i]))) {
				seen |= 1u << i;
				nseen++;
				if (*v.p == '[') {
					arrays[i] = (struct json_array){ v.p, depth + 1, w.elements };
					o->cut[o->ncut++] = v;
				}
				break;
			}
	if (w.err && w.bad_value) {
		judge(d, w.bad_value, depth + 1, w.err);
		o->obj.n = (size_t)(w.bad_value - o->obj.p);
		o->partial = true;
		return false;
	}
	return true;
}

/* Leaves out the arrays named `keys` of the object `o` and parses it. */
static cJSON *parse_object(struct json_doc *d, struct cut_object *o, const char *open, int depth,
			   const enum json_key *keys, struct json_array *arrays, size_t nkeys)
{
	for (size_t i = 0; i < nkeys; i++)
		arrays[i] = (struct json_array){ NULL, 0, 0 };
	if (open && nkeys <= CUTS_MAX && !find_arrays(d, open, depth, keys, arrays, nkeys, o)) {
		parse_cut(d, o);   /* for an earlier error */
		return NULL;
	}
	if (!o->ncut && !o->root)
		return json_doc_parse_value(d, o->obj);
	return parse_cut(d, o);
}

cJSON *json_doc_parse_root(struct json_doc *d, const enum json_key *keys,
			   struct json_array *arrays, size_t nkeys)
{
	struct cut_object o = { .obj = { d->buf, d->len }, .root = true };
	const char *p = d->buf;

	/* Where cJSON finds the root: after a byte order mark and blanks. */
	if (d->len > 4 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	p = json_skip_blank(p, doc_end(d));
	return parse_object(d, &o, p < doc_end(d) && *p == '{' ? p : NULL, 0, keys, arrays, nkeys);
}

cJSON *json_doc_parse_object(struct json_doc *d, struct json_span obj, int depth,
			     const enum json_key *keys, struct json_array *arrays, size_t nkeys)
{
	struct cut_object o = { .obj = obj };

	/* As in json_doc_parse_value(): cJSON would skip it. */
	if (obj.n >= 3 && memcmp(obj.p, "\xEF\xBB\xBF", 3) == 0) {
		for (size_t i = 0; i < nkeys; i++)
			arrays[i] = (struct json_array){ NULL, 0, 0 };
		fail_at(d, obj.p);
		return NULL;
	}
	return parse_object(d, &o, *obj.p == '{' ? obj.p : NULL, depth, keys, arrays, nkeys);
}

void json_elements_begin(struct json_elements *e, struct json_doc *d, const struct json_array *a)
{
	e->doc = d;
	json_walk_begin(&e->walk, a->p, doc_end(d), a->depth);
}

bool json_elements_next(struct json_elements *e, struct json_span *v)
{
	if (json_walk_element(&e->walk, v))
		return true;
	if (e->walk.err && e->walk.bad_value)
		judge_value(e->doc, e->walk.bad_value, e->walk.err);
	else if (e->walk.err)
		fail_at(e->doc, e->walk.err);
	return false;
}
