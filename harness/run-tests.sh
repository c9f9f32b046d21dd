#!/bin/sh
# run-tests.sh - run every Check suite given, keep going after a failure,
# print one line per suite and exit non-zero at the end if any failed.
# Suites find the build through RACELAB_BUILD (default: build).
failed=0
for t in "$@"; do
	if "$t"; then
		echo "PASS: $t"
	else
		echo "FAIL: $t"
		failed=$((failed + 1))
	fi
done
echo "unit suites: $# run, $failed failed"
[ "$failed" -eq 0 ]
