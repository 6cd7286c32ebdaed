/* color.h - the few ANSI colors lwps uses, by meaning. */
#ifndef LWPS_COLOR_H
#define LWPS_COLOR_H

#include "model/maps.h"

#define COLOR_HEADER "\033[1m"
#define COLOR_RESET "\033[0m"

#include "model/states.h"

/* The SGR sequence of a hue, or NULL for none. */
const char *color_for_hue(enum hue h);
/* The color for a task state letter, or NULL for none. */
const char *color_for_state(char state);
/* The ANSI color of a segment's tint, or NULL for none. */
const char *color_for_tint(enum segment_tint t);

#endif
