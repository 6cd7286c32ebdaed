/* elf_image.h - the program headers of the ELF objects a process maps. */
#ifndef LWPS_ELF_IMAGE_H
#define LWPS_ELF_IMAGE_H

#include "model/snapshot.h"
#include "proc/elf_cache.h"

/* Fills g->images for the executable and each shared object among g's
 * mappings whose file can be opened from `pidfd` (the process's /proc
 * directory); objects that cannot be read are left out.  With `elves`,
 * a file read at an earlier refresh and unchanged since is not read
 * again: one stat tells. */
void elf_read_images(struct snapshot *snap, int pidfd, struct tgroup *g, long page_size,
		     struct elf_cache *elves);

/* The file mapped at `m` opened for reading, or -1: through map_files
 * (the very file mapped, for CAP_SYS_ADMIN), else its path under the
 * process's root, kept only when it is a regular file with m's inode. */
int elf_open_mapped(int pidfd, const struct vma *m);

#endif
