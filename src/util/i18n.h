/* i18n.h - gettext wrappers. */
#ifndef LWPS_I18N_H
#define LWPS_I18N_H

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#define P_(one, many, n) ngettext(one, many, n)
#else
#define _(s) (s)
#define P_(one, many, n) ((n) == 1 ? (one) : (many))
#endif
/* Marks a string for translation where it is defined, not where used. */
#define N_(s) (s)

#endif
