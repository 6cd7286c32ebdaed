/* states.c - the kernel's task states, described once. */
#include "config.h"

#include "model/states.h"

const struct task_state task_states[] = {
	/* letter, hue, usual */
	{ 'R', HUE_GREEN, true },        /* running or runnable */
	{ 'D', HUE_RED, true },          /* uninterruptible sleep, usually I/O */
	{ 'S', HUE_NONE, true },         /* interruptible sleep */
	{ 'T', HUE_YELLOW, true },       /* stopped by a job-control signal */
	{ 't', HUE_YELLOW, true },       /* stopped by a tracer */
	{ 'Z', HUE_MAGENTA, true },      /* zombie: exited, not yet reaped */
	{ 'X', HUE_MAGENTA, false },     /* dead */
	{ 'I', HUE_NONE, true },         /* idle kernel thread */
	{ 'P', HUE_NONE, false },        /* parked kernel thread */
	/* Letters of older kernels. */
	{ 'W', HUE_NONE, false },        /* paging, later waking */
	{ 'K', HUE_NONE, false },        /* wakekill */
	{ 'x', HUE_NONE, false },        /* dead */
	{ 'w', HUE_NONE, false },        /* waking */
};

const size_t task_state_count = sizeof(task_states) / sizeof(task_states[0]);

const struct task_state *task_state_find(char letter)
{
	for (size_t i = 0; i < task_state_count; i++)
		if (task_states[i].letter == letter)
			return &task_states[i];
	return NULL;
}

enum hue task_state_hue(char letter)
{
	const struct task_state *s = task_state_find(letter);

	return s ? s->hue : HUE_NONE;
}

const char *task_state_letters(void)
{
	static char letters[sizeof(task_states) / sizeof(task_states[0]) * 2];

	if (!letters[0])
		for (size_t i = 0; i < task_state_count; i++) {
			letters[2 * i] = task_states[i].letter;
			letters[2 * i + 1] = i + 1 < task_state_count ? ' ' : '\0';
		}
	return letters;
}
