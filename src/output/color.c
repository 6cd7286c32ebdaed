/* color.c - the few ANSI colors lwps uses, by meaning. */
#include "config.h"

#include <stddef.h>

#include "output/color.h"

const char *color_for_state(char state)
{
	switch (state) {
	case 'R':
		return "\033[32m";        /* green: running */
	case 'D':
		return "\033[31m";        /* red: uninterruptible */
	case 'T':
	case 't':
		return "\033[33m";        /* yellow: stopped, traced */
	case 'Z':
	case 'X':
		return "\033[35m";        /* magenta: dead */
	default:
		return NULL;
	}
}
