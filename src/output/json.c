/* json.c - the view as JSON, its keys in model/json_keys.c.
 *
 * Each object is written as it is produced (output/json_writer.h), so
 * memory stays flat however many tasks or mappings there are. */
#include "config.h"

#include <stdlib.h>

#include "output/json.h"
#include "output/json_maps.h"
#include "output/json_value.h"
#include "util/xalloc.h"

/* The members of each kind of object a view writes. */
struct view_members {
	struct json_members process, thread;
};

static void view_members_init(struct view_members *vm, const struct json_opts *o)
{
	json_members_init(&vm->process, o, JO_PROCESS);
	json_members_init(&vm->thread, o, JO_THREAD);
}

static void view_members_release(struct view_members *vm)
{
	json_members_release(&vm->process);
	json_members_release(&vm->thread);
}

/* Each element of the processes array on a line of its own, unless the
 * document must fit on one line. */
static void next_process(struct json_writer *w, const struct json_opts *o)
{
	if (!o->one_line)
		jw_newline(w);
}

static void put_thread(struct json_writer *w, const struct view_members *vm,
		       const struct snapshot *snap, const struct row *r)
{
	jw_open_object(w);
	json_put_members(w, &vm->thread, snap, r);
	jw_close_object(w);
}

static void open_document(struct json_writer *w, FILE *out, const struct snapshot *snap)
{
	jw_init(w, out);
	json_open_document(w, snap, true);
	json_open_processes(w);
}

static int close_document(struct json_writer *w, const struct json_opts *o)
{
	json_close_document(w, o->one_line);
	return jw_finish(w);
}

int json_print(FILE *out, const struct snapshot *snap, const struct row *rows, size_t nrows,
	       const struct json_opts *o)
{
	/* Group the rows by process, keeping the order of first appearance. */
	size_t ng = snap->ngroups;
	size_t *first = xmalloc((ng + 1) * sizeof(size_t));
	size_t *next = xmalloc((nrows + 1) * sizeof(size_t));
	size_t *last = xmalloc((ng + 1) * sizeof(size_t));
	const size_t none = (size_t)-1;
	struct view_members vm;
	struct json_writer w;

	for (size_t i = 0; i < ng; i++)
		first[i] = last[i] = none;
	for (size_t i = 0; i < nrows; i++) {
		size_t gi = (size_t)(rows[i].g - snap->groups);

		next[i] = none;
		if (first[gi] == none)
			first[gi] = i;
		else
			next[last[gi]] = i;
		last[gi] = i;
	}

	view_members_init(&vm, o);
	open_document(&w, out, snap);
	for (size_t i = 0; i < nrows && !w.err; i++) {
		size_t gi = (size_t)(rows[i].g - snap->groups);

		if (first[gi] != i)
			continue;
		next_process(&w, o);
		jw_open_object(&w);
		json_put_members(&w, &vm.process, snap, &(struct row){ .g = rows[i].g });
		json_put_threads_listed(&w, rows[i].g);
		if (o->threads) {
			jw_key(&w, JK_THREADS);
			jw_open_array(&w);
			for (size_t k = i; k != none; k = next[k])
				if (rows[k].t)
					put_thread(&w, &vm, snap, &rows[k]);
			jw_close_array(&w);
		}
		jw_close_object(&w);
	}
	view_members_release(&vm);
	free(first);
	free(next);
	free(last);
	return close_document(&w, o);
}

/* An object of the tree left open while the rows below it are printed:
 * a process (its "threads", then its "children" array open), or with
 * -L a thread (its "children" array open). */
struct open {
	unsigned depth;
	bool in_threads;     /* a process whose "threads" array is still open */
};

static void close_open(struct json_writer *w, const struct open *op)
{
	jw_close_array(w);
	if (op->in_threads) {
		jw_key(w, JK_CHILDREN);
		jw_open_array(w);
		jw_close_array(w);
	}
	jw_close_object(w);
}

/* A thread object, left open in its "children" array. */
static void open_thread(struct json_writer *w, const struct view_members *vm,
			const struct snapshot *snap, const struct tree_row *r)
{
	jw_open_object(w);
	json_put_members(w, &vm->thread, snap, &r->row);
	jw_key(w, JK_CHILDREN);
	jw_open_array(w);
}

/* A process object, left open in its "threads" (with -L) or "children". */
static void open_tree_process(struct json_writer *w, const struct view_members *vm,
			      const struct snapshot *snap, const struct tree *tree,
			      const struct tree_row *r, const struct json_opts *o)
{
	jw_open_object(w);
	json_put_members(w, &vm->process, snap, &(struct row){ .g = r->row.g });
	json_put_threads_listed(w, r->row.g);
	if (tree_is_idle(tree, r->row.g)) {
		jw_key(w, JK_SYNTHETIC);
		jw_bool(w, true);
	}
	jw_key(w, JK_NEW_PID_NS);
	jw_bool(w, r->new_pidns);
	if (r->cycle) {
		jw_key(w, JK_PPID_CYCLE);
		jw_bool(w, true);
	}
	jw_key(w, o->threads ? JK_THREADS : JK_CHILDREN);
	jw_open_array(w);
}

int json_print_tree(FILE *out, const struct snapshot *snap, const struct tree *tree,
		    const struct json_opts *o)
{
	/* Rows come depth-first, each thread's forked children right after
	 * it (see tree.h): a row closes every open object as deep as it. */
	struct open *open = xmalloc((tree->n + 1) * sizeof(struct open));
	size_t nopen = 0;
	struct view_members vm;
	struct json_writer w;

	view_members_init(&vm, o);
	open_document(&w, out, snap);
	for (size_t i = 0; i < tree->n && !w.err; i++) {
		const struct tree_row *r = &tree->rows[i];
		bool is_thread = r->row.t != NULL;

		if (is_thread && !o->threads)
			continue;
		while (nopen && open[nopen - 1].depth >= r->depth)
			close_open(&w, &open[--nopen]);
		struct open *up = nopen ? &open[nopen - 1] : NULL;

		if (is_thread) {
			if (!up || !up->in_threads)
				continue;   /* not under its process: tree.c never does that */
			open_thread(&w, &vm, snap, r);
		} else {
			if (up && up->in_threads) {
				/* The process's first child ends its threads. */
				jw_close_array(&w);
				jw_key(&w, JK_CHILDREN);
				jw_open_array(&w);
				up->in_threads = false;
			}
			next_process(&w, o);   /* nested processes too: one per line */
			open_tree_process(&w, &vm, snap, tree, r, o);
		}
		open[nopen++] = (struct open){ r->depth, !is_thread && o->threads };
	}
	while (nopen--)
		close_open(&w, &open[nopen]);
	view_members_release(&vm);
	free(open);
	return close_document(&w, o);
}

int json_print_maps(FILE *out, const struct snapshot *snap, const struct tgroup *const *groups,
		    size_t n, const struct json_opts *o, const struct sort_key *keys, size_t nkeys)
{
	struct json_members process;
	struct json_maps maps;
	struct json_writer w;

	json_members_init(&process, o, JO_PROCESS);
	json_maps_init(&maps, o, keys, nkeys, true);
	open_document(&w, out, snap);
	for (size_t i = 0; i < n && !w.err; i++) {
		next_process(&w, o);
		jw_open_object(&w);
		json_put_members(&w, &process, snap, &(struct row){ .g = groups[i] });
		json_put_threads_listed(&w, groups[i]);
		json_put_maps(&w, &maps, snap, groups[i]);
		jw_close_object(&w);
	}
	json_maps_release(&maps);
	json_members_release(&process);
	return close_document(&w, o);
}
