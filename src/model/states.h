/* states.h - the kernel's task states, described once: the letters of
 * /proc/PID/task/TID/stat field 3 in the order counts show them, the
 * colour each is shown in, and the flag that marks a kernel thread.
 * What each letter means is told in lwps(1). */
#ifndef LWPS_STATES_H
#define LWPS_STATES_H

#include <stdbool.h>
#include <stddef.h>

/* The letter code tests for by meaning. */
enum { STATE_ZOMBIE = 'Z' };

/* stat's flags bit of a kernel thread (include/linux/sched.h). */
enum { TASK_PF_KTHREAD = 0x00200000 };

/* A colour by name: text output and the browser each map it to theirs. */
enum hue { HUE_NONE, HUE_RED, HUE_GREEN, HUE_YELLOW, HUE_MAGENTA };

struct task_state {
	char letter;
	enum hue hue;
	bool usual;         /* counted in the browser's header even at 0 */
};

/* Every letter a kernel has used, in the order counts are shown. */
extern const struct task_state task_states[];
extern const size_t task_state_count;

/* The entry of `letter`, or NULL for a letter no kernel uses. */
const struct task_state *task_state_find(char letter);
/* Every letter, separated by spaces, for messages. */
const char *task_state_letters(void);
/* The hue of `letter`; HUE_NONE for an unknown one. */
enum hue task_state_hue(char letter);

#endif
