/* map_columns.h - getters of the mapping columns (-m). */
#ifndef LWPS_MAP_COLUMNS_H
#define LWPS_MAP_COLUMNS_H

#include "columns/columns.h"

#define MAP_GETTER(fn) void fn(const struct row *r, const struct snapshot *s, struct value *v)
MAP_GETTER(map_get_start);
MAP_GETTER(map_get_end);
MAP_GETTER(map_get_size);
MAP_GETTER(map_get_perms);
MAP_GETTER(map_get_offset);
MAP_GETTER(map_get_dev);
MAP_GETTER(map_get_inode);
MAP_GETTER(map_get_kernel_page);
MAP_GETTER(map_get_mmu_page);
MAP_GETTER(map_get_rss);
MAP_GETTER(map_get_pss);
MAP_GETTER(map_get_pss_dirty);
MAP_GETTER(map_get_shared_clean);
MAP_GETTER(map_get_shared_dirty);
MAP_GETTER(map_get_private_clean);
MAP_GETTER(map_get_private_dirty);
MAP_GETTER(map_get_dirty);
MAP_GETTER(map_get_referenced);
MAP_GETTER(map_get_anonymous);
MAP_GETTER(map_get_ksm);
MAP_GETTER(map_get_lazy_free);
MAP_GETTER(map_get_anon_huge);
MAP_GETTER(map_get_shmem_pmd);
MAP_GETTER(map_get_file_pmd);
MAP_GETTER(map_get_shared_hugetlb);
MAP_GETTER(map_get_private_hugetlb);
MAP_GETTER(map_get_swap);
MAP_GETTER(map_get_swap_pss);
MAP_GETTER(map_get_locked);
MAP_GETTER(map_get_thp_eligible);
MAP_GETTER(map_get_vmflags);
MAP_GETTER(map_get_segment);
MAP_GETTER(map_get_tid);
MAP_GETTER(map_get_thread);
MAP_GETTER(map_get_path);
#undef MAP_GETTER

#endif
