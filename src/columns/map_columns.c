/* map_columns.c - getters of the mapping columns (-m).  The table itself
 * is in columns.c with every other column. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "columns/map_columns.h"

static void set_int(struct value *v, bool known, long long i)
{
	v->kind = known ? V_INT : V_UNKNOWN;
	v->i = i;
}

/* The sum of a process's mappings has no address, permissions or file. */
static bool no_place(const struct row *r, struct value *v)
{
	if (!r->m || r->total) {
		v->kind = V_NONE;
		return true;
	}
	return false;
}

void map_get_start(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	if (!no_place(r, v))
		set_int(v, true, (long long)r->m->start);
}

void map_get_end(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	if (!no_place(r, v))
		set_int(v, true, (long long)r->m->end);
}

void map_get_size(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	if (!r->m)
		v->kind = V_UNKNOWN;
	else if (r->total)
		set_int(v, true, (long long)vma_value(r->m, SM_SIZE));
	else
		set_int(v, true, (long long)(r->m->end - r->m->start));
}

void map_get_perms(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	if (no_place(r, v))
		return;
	v->kind = V_STR;
	v->s = r->m->perms;
}

void map_get_offset(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	if (!no_place(r, v))
		set_int(v, true, (long long)r->m->offset);
}

void map_get_dev(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	if (no_place(r, v))
		return;
	snprintf(v->tmp, sizeof(v->tmp), "%02x:%02x", r->m->dev_major, r->m->dev_minor);
	v->kind = V_STR;
	v->s = v->tmp;
}

void map_get_inode(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	if (!no_place(r, v))
		set_int(v, true, (long long)r->m->inode);
}

static void get_smaps(const struct row *r, enum smaps_key k, struct value *v)
{
	if (!r->m)
		v->kind = V_UNKNOWN;
	else
		set_int(v, (r->m->have & (1u << k)) != 0, (long long)vma_value(r->m, k));
}

#define SMAPS_GETTER(fn, key) \
	void fn(const struct row *r, const struct snapshot *s UNUSED, struct value *v) \
	{ \
		get_smaps(r, key, v); \
	}

SMAPS_GETTER(map_get_rss, SM_RSS)
SMAPS_GETTER(map_get_pss, SM_PSS)
SMAPS_GETTER(map_get_pss_dirty, SM_PSS_DIRTY)
SMAPS_GETTER(map_get_shared_clean, SM_SHARED_CLEAN)
SMAPS_GETTER(map_get_shared_dirty, SM_SHARED_DIRTY)
SMAPS_GETTER(map_get_private_clean, SM_PRIVATE_CLEAN)
SMAPS_GETTER(map_get_private_dirty, SM_PRIVATE_DIRTY)
SMAPS_GETTER(map_get_referenced, SM_REFERENCED)
SMAPS_GETTER(map_get_anonymous, SM_ANONYMOUS)
SMAPS_GETTER(map_get_anon_huge, SM_ANON_HUGE)
SMAPS_GETTER(map_get_swap, SM_SWAP)
SMAPS_GETTER(map_get_swap_pss, SM_SWAP_PSS)
SMAPS_GETTER(map_get_locked, SM_LOCKED)
SMAPS_GETTER(map_get_ksm, SM_KSM)
SMAPS_GETTER(map_get_lazy_free, SM_LAZYFREE)
SMAPS_GETTER(map_get_shmem_pmd, SM_SHMEM_PMD)
SMAPS_GETTER(map_get_file_pmd, SM_FILE_PMD)
SMAPS_GETTER(map_get_shared_hugetlb, SM_SHARED_HUGETLB)
SMAPS_GETTER(map_get_private_hugetlb, SM_PRIVATE_HUGETLB)

/* What describes one mapping, not an amount: the sum has none. */
static bool no_sum(const struct row *r, struct value *v)
{
	if (!r->m) {
		v->kind = V_UNKNOWN;
		return true;
	}
	if (r->total) {
		v->kind = V_NONE;
		return true;
	}
	return false;
}

void map_get_kernel_page(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	if (!no_sum(r, v))
		get_smaps(r, SM_KERNEL_PAGE, v);
}

void map_get_mmu_page(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	if (!no_sum(r, v))
		get_smaps(r, SM_MMU_PAGE, v);
}

/* THPeligible: 0 or 1; unknown when the kernel does not print it. */
void map_get_thp_eligible(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	if (!no_sum(r, v))
		set_int(v, r->m->thp_eligible >= 0, r->m->thp_eligible);
}

void map_get_vmflags(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	if (no_sum(r, v))
		return;
	v->kind = r->m->vmflags ? V_STR : V_UNKNOWN;
	v->s = r->m->vmflags;
}

/* Dirty pages, shared and private, as pmap -x's Dirty column. */
void map_get_dirty(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	unsigned both = (1u << SM_SHARED_DIRTY) | (1u << SM_PRIVATE_DIRTY);

	if (!r->m) {
		v->kind = V_UNKNOWN;
		return;
	}
	set_int(v, (r->m->have & both) == both,
		(long long)(vma_value(r->m, SM_SHARED_DIRTY) + vma_value(r->m, SM_PRIVATE_DIRTY)));
}

void map_get_segment(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	if (no_place(r, v))
		return;
	v->kind = V_STR;
	v->s = segment_name(r->m->segment);
}

void map_get_tid(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	if (no_place(r, v))
		return;
	if (r->m->ntids)
		set_int(v, true, vma_tid(r->m));
	else
		v->kind = V_NONE;
}

void map_get_thread(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	if (no_place(r, v))
		return;
	v->kind = V_NONE;
	for (size_t i = 0; r->m->ntids && i < r->g->ntasks; i++)
		if (r->g->tasks[i].tid == vma_tid(r->m) && r->g->tasks[i].comm) {
			v->kind = V_STR;
			v->s = r->g->tasks[i].comm;
		}
}

void map_get_path(const struct row *r, const struct snapshot *s UNUSED, struct value *v)
{
	if (r->total) {
		v->kind = V_STR;
		v->s = "total";
		return;
	}
	if (no_place(r, v))
		return;
	v->kind = r->m->path ? V_STR : V_NONE;
	v->s = r->m->path;
	v->i = r->m->deleted;
}
