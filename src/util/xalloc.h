/* xalloc.h - allocation that ends the program on exhaustion. */
#ifndef LWPS_XALLOC_H
#define LWPS_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
/* Grows *p (holding *cap elements of `size` bytes) to hold at least `need`. */
void xgrow(void *pp, size_t *cap, size_t need, size_t size);
char *xstrdup(const char *s);

#endif
