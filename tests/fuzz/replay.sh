#!/bin/sh
# replay.sh - replays each fuzz corpus, tests/fuzz/corpus/NAME/, through
# its target built with the normal compiler and standalone.c
# (tests/fuzz/replay_NAME), for `make check`.  Prints TAP: one line per
# target with the number of inputs, and a failing target's output (the
# input's name, the invariant or the sanitizer's report) as comments.
#
# Runs from the top build directory; TESTS_SRCDIR (set by the Makefile)
# finds the corpus in a VPATH build, FUZZ_BINDIR the programs.

srcdir=${TESTS_SRCDIR:-$(dirname "$0")/..}/fuzz/corpus
bindir=${FUZZ_BINDIR:-tests/fuzz}

# A hang fails the test instead of stalling `make check`.
run() {
	if command -v timeout >/dev/null 2>&1; then
		timeout 120 "$@"
	else
		"$@"
	fi
}

echo "TAP version 13"
n=0
for dir in "$srcdir"/*/; do
	[ -d "$dir" ] && n=$((n + 1))
done
if [ "$n" -eq 0 ]; then
	echo "1..0 # SKIP no corpus in $srcdir"
	exit 0
fi
echo "1..$n"

i=0
for dir in "$srcdir"/*/; do
	[ -d "$dir" ] || continue
	i=$((i + 1))
	dir=${dir%/}
	name=$(basename "$dir")
	bin=$bindir/replay_$name
	if [ ! -x "$bin" ]; then
		echo "not ok $i - $name: no $bin"
		continue
	fi
	if out=$(run "$bin" "$dir" 2>&1); then
		count=$(printf '%s\n' "$out" | sed -n 's/^\([0-9][0-9]*\) inputs$/\1/p' | tail -n 1)
		if [ "${count:-0}" -gt 0 ]; then
			echo "ok $i - $name: $count files"
		else
			echo "not ok $i - $name: the corpus is empty"
		fi
	else
		echo "not ok $i - $name: exit status $?"
		printf '%s\n' "$out" | sed 's/^/# /'
	fi
done
