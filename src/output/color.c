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
