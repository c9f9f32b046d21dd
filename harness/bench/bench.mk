# bench.mk - `make bench` and build/bench/racelab-bench (harness/bench).
# Room: harness/bench; included by the top Makefile. The program links the
# good/ structures it measures and, where pkg-config finds them, the peer
# libraries (GLib, Concurrency Kit, liburcu: `make deps`). A peer that is
# not found is compiled out; its rows are SKIP rows saying so.
#
# Adding a bench: a new harness/bench/b_NAME.c and one line in benches.c;
# this file picks up every .c in harness/bench.

BENCH_BIN   := $(B)/bench/racelab-bench
BENCH_SRC   := $(wildcard harness/bench/*.c)
BENCH_GOOD  := $(foreach c,counter transfer queue lfqueue rwlock pool,good/$c.c) \
	$(wildcard good/hazard.c)
BENCH_CASES := counter transfer queue lfqueue rwlock pool common
BENCH_INC   = -Iharness/bench $(addprefix -Iharness/cases/,$(BENCH_CASES)) $(HARNESS_INC)
BENCH_PEERS = $(shell pkg-config --exists glib-2.0 && echo "-DBENCH_HAVE_GLIB=1 `pkg-config --cflags glib-2.0`") \
	$(shell pkg-config --exists ck && echo "-DBENCH_HAVE_CK=1") \
	$(shell pkg-config --exists liburcu-cds && echo "-DBENCH_HAVE_URCU=1 `pkg-config --cflags liburcu-cds`")
BENCH_LIBS  = $(shell pkg-config --libs glib-2.0 ck liburcu-cds liburcu 2>/dev/null || \
	for p in glib-2.0 ck liburcu-cds; do pkg-config --libs $$p 2>/dev/null; done)

$(BENCH_BIN): $(BENCH_SRC) $(BENCH_GOOD) $(wildcard harness/bench/*.h) $(DRIVER_COMMON) \
		$(DRIVER_HDRS) $(B)/librl.a
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(ALL_CFLAGS) -O2 $(BENCH_INC) $(BENCH_PEERS) $(BENCH_SRC) $(BENCH_GOOD) \
	    $(DRIVER_COMMON) -o $@ $(B)/librl.a $(BENCH_LIBS)

# make bench ARGS="counter --rounds 7"
bench: deps
	$(Q)$(MAKE) --no-print-directory $(BENCH_BIN) $(B)/racelab
	$(Q)$(B)/racelab bench $(ARGS)
