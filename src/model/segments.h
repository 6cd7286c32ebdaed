/* segments.h - what each mapping of an address space is for. */
#ifndef LWPS_SEGMENTS_H
#define LWPS_SEGMENTS_H

#include "model/snapshot.h"

/* Sets segment, tids and lib of every mapping of `g` (maps sorted by
 * address), from names, the layout, the program headers, the tasks'
 * stack pointers and shape.  Lists of tids are allocated in `snap`. */
void maps_classify(struct snapshot *snap, struct tgroup *g);
/* Marks `m` as thread `tid`'s stack by an earlier reading. */
void maps_carry_stack(struct snapshot *snap, struct vma *m, pid_t tid);
/* Whether thread `tid`'s stack is among g's mappings (one question;
 * for one per thread, build the owners once). */
bool maps_stack_found(const struct tgroup *g, pid_t tid);

/* The threads whose stack some mapping of a group is, sorted. */
struct stack_owners {
	pid_t *tids;
	size_t n;
};

void stack_owners_of(const struct tgroup *g, struct stack_owners *o);
bool stack_owners_has(const struct stack_owners *o, pid_t tid);
void stack_owners_release(struct stack_owners *o);

/* The mapping of g (sorted by address) that holds `addr`, or NULL.  As
 * strchr does, it takes a const group and gives its mapping back: the
 * caller may change it when the group is its own to change. */
struct vma *maps_find(const struct tgroup *g, unsigned long long addr);


#endif
