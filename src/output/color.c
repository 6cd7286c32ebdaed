/* color.c - the few ANSI colors lwps uses, by meaning. */
#include "config.h"

#include <stddef.h>

#include "output/color.h"

const char *color_for_hue(enum hue h)
{
	switch (h) {
	case HUE_RED:
		return "\033[31m";
	case HUE_GREEN:
		return "\033[32m";
	case HUE_YELLOW:
		return "\033[33m";
	case HUE_MAGENTA:
		return "\033[35m";
	case HUE_NONE:
		break;
	}
	return NULL;
}

const char *color_for_state(char state)
{
	return color_for_hue(task_state_hue(state));
}

/* The picture's palette: code green, data blue, heap yellow, stacks
 * magenta, pages the kernel provides cyan, no access dim. */
const char *color_for_tint(enum segment_tint t)
{
	static const char *const sgr[] = {
		[TINT_NONE] = NULL, [TINT_CODE] = "\033[32m", [TINT_DATA] = "\033[34m",
		[TINT_HEAP] = "\033[33m", [TINT_STACK] = "\033[35m", [TINT_KERNEL] = "\033[36m",
		[TINT_DIM] = "\033[2m",
	};

	return (size_t)t < sizeof(sgr) / sizeof(sgr[0]) ? sgr[t] : NULL;
}
