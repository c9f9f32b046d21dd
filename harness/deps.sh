#!/bin/sh
# deps.sh - `make deps`: make sure the Debian packages racelab builds and
# tests with are installed. Installs the missing ones with apt-get when it
# can (root, or passwordless sudo); otherwise prints the exact command to run
# and exits 1. Prints nothing when everything is there.
set -u

missing=""
need_cmd() { command -v "$1" >/dev/null 2>&1 || missing="$missing $2"; }
need_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed' || missing="$missing $1"; }

need_cmd cc gcc
need_cmd make make
need_cmd clang clang
need_cmd llvm-symbolizer llvm   # clang TSan symbolizes its reports with it
need_cmd valgrind valgrind
need_cmd pkg-config pkg-config
need_cmd gnuplot gnuplot-nox
need_pkg libc6-dev
need_pkg check
need_pkg libexpat1-dev
need_pkg libclang-rt-14-dev   # clang's ThreadSanitizer and AddressSanitizer runtimes
need_pkg libtsan2             # gcc's ThreadSanitizer runtime
need_cmd bwrap bubblewrap      # the grader's sandbox (racelab grade)
need_cmd parallel parallel     # grading a class on several machines (docs/grading.md)
need_pkg binutils             # addr2line: symbolizes the sched traces and the deadlock watchdog's
need_pkg libdw-dev            # sched traces: values checked against the DWARF declarations
need_pkg libelf-dev
need_pkg libglib2.0-dev       # make bench: GAsyncQueue, GThreadPool (docs/bench.md)
need_pkg libck-dev            # make bench: ck_ring, ck_rwlock
need_pkg liburcu-dev          # make bench: wfcqueue
need_cmd pmccabe pmccabe       # harness/funclen.sh: no function over 80 lines (make test)
need_cmd groff groff-base      # the man page docs/racelab.1 is checked to render without warnings
need_cmd man man-db

[ -z "$missing" ] && exit 0
missing=$(echo $missing | tr ' ' '\n' | sort -u | tr '\n' ' ')
cmd="apt-get install -y --no-install-recommends $missing"
if [ "$(id -u)" = 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo="sudo"
else
	echo "racelab: missing Debian packages:$missing" >&2
	echo "racelab: cannot install them without root. Run:" >&2
	echo "  sudo apt-get update && sudo $cmd" >&2
	exit 1
fi
echo "racelab: installing missing Debian packages:$missing"
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists yet; refresh them once if apt has none.
if ! ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1; then
	$sudo apt-get update -qq || { echo "racelab: apt-get update failed" >&2; exit 1; }
fi
if ! $sudo $cmd >/tmp/racelab-apt.log 2>&1; then
	# Stale lists: refresh and retry once.
	$sudo apt-get update -qq && $sudo $cmd >/tmp/racelab-apt.log 2>&1 || {
		echo "racelab: '$cmd' failed; see /tmp/racelab-apt.log" >&2
		exit 1
	}
fi
echo "racelab: installed:$missing"
