#!/bin/sh
# funclen.sh - the functions in harness/ longer than STYLE.md allows (no
# function over 80 lines), measured by pmccabe (Debian package, installed by
# harness/deps.sh). tests/check_style runs it in `make test`.
#
# usage: harness/funclen.sh [-n LINES] [FILE.c...]
#   default: every .c file under harness/, LINES 80.
# Prints one line per function longer than LINES, longest first:
#   LINES  FILE:LINE  FUNCTION  (McCabe N)
# then "N functions over LINES lines". Exit 0 none, 1 some, 2 usage error or
# pmccabe missing (nothing measured: neither a pass nor a finding).
set -u

max=80
while getopts n: opt; do
	case $opt in
	n) max=$OPTARG ;;
	*)
		echo "usage: harness/funclen.sh [-n LINES] [FILE.c...]" >&2
		exit 2
		;;
	esac
done
shift $((OPTIND - 1))
case $max in
'' | *[!0-9]*)
	echo "funclen.sh: -n '$max': expected a number of lines" >&2
	exit 2
	;;
esac
if ! command -v pmccabe >/dev/null 2>&1; then
	echo "funclen.sh: pmccabe not found; install it: make deps" >&2
	exit 2
fi
if [ $# -eq 0 ]; then
	# The files under harness/, found from this script's own place.
	set -- $(find "$(dirname "$0")" -name '*.c' | sort)
fi

# pmccabe columns: modified McCabe, McCabe, statements, first line, lines,
# "file(line): name". Its parser stumbles on a few constructs (a function
# returning a function pointer, a macro call ending a file) and says so on
# stderr, but still measures the functions around them: that noise is
# dropped, a file it cannot read at all is not.
for f in "$@"; do
	[ -r "$f" ] || {
		echo "funclen.sh: cannot read $f" >&2
		exit 2
	}
done
out=$(pmccabe "$@" 2>/dev/null | awk -v max="$max" -F'\t' '
	$5 > max {
		loc = $6
		sub(/\(.*/, "", loc)
		name = $6
		sub(/^[^)]*\): /, "", name)
		printf "%d\t%s:%d\t%s\t(McCabe %d)\n", $5, loc, $4, name, $2
	}')
n=0
if [ -n "$out" ]; then
	printf '%s\n' "$out" | sort -k1,1nr
	n=$(printf '%s\n' "$out" | wc -l)
fi
echo "$n functions over $max lines"
[ "$n" -eq 0 ]
