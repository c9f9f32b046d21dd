#!/bin/sh
# run-tests.sh - run every Check suite given, keep going after a failure,
# print one line per suite and exit non-zero at the end if any failed.
# Suites find the build through RACELAB_BUILD (default: build).
#
# Every Check test has a time-out (a hang is a failure, not a stuck run).
# The time-outs are set for an idle machine; on a busy one each test gets
# proportionally longer: Check multiplies them by CK_TIMEOUT_MULTIPLIER,
# which, unless set, is 1 + the load average per CPU (rounded up) at the
# start. A hang is still caught, only later.
if [ -z "${CK_TIMEOUT_MULTIPLIER:-}" ]; then
	cpus=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
	load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)
	CK_TIMEOUT_MULTIPLIER=$(awk -v l="$load" -v c="$cpus" \
	    'BEGIN { m = 1 + l / c; printf "%d", (m == int(m)) ? m : int(m) + 1 }')
	export CK_TIMEOUT_MULTIPLIER
	if [ "$CK_TIMEOUT_MULTIPLIER" -gt 1 ]; then
		echo "load average $load on $cpus CPUs: Check time-outs x$CK_TIMEOUT_MULTIPLIER (CK_TIMEOUT_MULTIPLIER)"
	fi
fi
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
