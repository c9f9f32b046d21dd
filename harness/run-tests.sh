#!/bin/sh
# run-tests.sh - run every Check suite given, keep going after a failure,
# print each suite's output and a PASS/FAIL line as it ends, and exit
# non-zero at the end if any failed. Suites find the build through
# RACELAB_BUILD (default: build).
#
# Suites run TEST_JOBS at a time (default: one per CPU), the slow ones
# first, so that two long suites do not end up last on one lane. Each
# suite's output is held back until it ends, so outputs never interleave.
#
# Every Check test has a time-out (a hang is a failure, not a stuck run).
# The time-outs are set for an idle machine; on a busy one each test gets
# proportionally longer: Check multiplies them by CK_TIMEOUT_MULTIPLIER,
# which, unless set, is 1 + (the load average + the suites run at once) per
# CPU, rounded up, taken at the start. A hang is still caught, only later.
cpus=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
jobs=${TEST_JOBS:-$cpus}
case $jobs in
'' | *[!0-9]* | 0)
	echo "run-tests.sh: TEST_JOBS='$jobs' is not a number >= 1 (unset it for one per CPU)" >&2
	exit 2
	;;
esac
if [ -z "${CK_TIMEOUT_MULTIPLIER:-}" ]; then
	load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)
	CK_TIMEOUT_MULTIPLIER=$(awk -v l="$load" -v j="$jobs" -v c="$cpus" \
	    'BEGIN { m = 1 + (l + j - 1) / c; printf "%d", (m == int(m)) ? m : int(m) + 1 }')
	export CK_TIMEOUT_MULTIPLIER
	if [ "$CK_TIMEOUT_MULTIPLIER" -gt 1 ]; then
		echo "load average $load, suites run $jobs at once, $cpus CPUs: Check time-outs x$CK_TIMEOUT_MULTIPLIER (CK_TIMEOUT_MULTIPLIER)"
	fi
fi
out=$(mktemp -d "${TMPDIR:-/tmp}/racelab-tests.XXXXXX") || exit 70
trap 'rm -rf "$out"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The slowest suites (measured, 1-4 minutes each) start first.
slow="check_verdicts check_labfixes check_labfixes2 check_grade check_shrink"
for s in $slow; do
	for t in "$@"; do
		[ "${t##*/}" = "$s" ] && echo "$t"
	done
done >"$out/order"
for t in "$@"; do
	case " $slow " in
	*" ${t##*/} "*) ;;
	*) echo "$t" ;;
	esac
done >>"$out/order"

# One suite: its output, then its verdict line; a FAIL leaves a mark.
export out
xargs -P "$jobs" -n 1 sh -c '
	t=$1 f="$out/$(basename "$1")"
	if "$t" >"$f.log" 2>&1; then r=PASS; else r=FAIL; : >"$f.failed"; fi
	cat "$f.log"
	echo "$r: $t"
' run-one <"$out/order"
failed=$(find "$out" -name '*.failed' | wc -l)
echo "unit suites: $# run, $failed failed"
[ "$failed" -eq 0 ]
