# sched.mk - racelab's deterministic scheduler runtime (harness/sched).
# Room: harness/sched; included by the top Makefile. Defines
#   SCHED_LIB      build/sched/libracesched.a, the runtime
#   SCHED_CFLAGS   compile flags for a program built on it
#   SCHED_LDFLAGS  the runtime and the --wrap list (wrap.txt), after sources
# and the fixtures that tests/check_sched runs (build/sched/fixtures/NAME).
#
# A sched program is compiled with clang's TSan instrumentation but linked
# without TSan's runtime: the __tsan_* calls land in libracesched.a, which
# runs one thread at a time (harness/sched/rs.h). The runtime itself is
# compiled plainly (never instrumented) and must call __real_X for every
# wrapped X: the archive rule below refuses a stray plain reference. The
# exception is SCHED_LIBCALLS, wrapped calls the compiler itself emits (a
# struct copy becomes memcpy): each runtime object has its references to
# them renamed to __real_X right after it is compiled.

SCHED_SRC     := $(wildcard harness/sched/*.c)
SCHED_HDRS    := $(wildcard harness/sched/*.h)
SCHED_OBJS    := $(patsubst harness/sched/%.c,$(B)/sched/obj/%.o,$(SCHED_SRC))
SCHED_LIB     := $(B)/sched/libracesched.a
SCHED_RSP     := $(B)/sched/link.rsp
SCHED_WRAP    := $(shell sed -n 's/^\([A-Za-z_][A-Za-z_0-9]*\)$$/\1/p' harness/sched/wrap.txt)
sched_comma   := ,
SCHED_LIBCALLS := memcpy memmove memset
# The runtime's writable data goes to sections of its own (rs_data, rs_bss),
# so that a worker that resets the program between runs (rs_worker.c) can
# tell the program's .data and .bss from the runtime's.
SCHED_SECTIONS := --rename-section .data=rs_data \
	--rename-section .data.rel=rs_data \
	--rename-section .data.rel.local=rs_data --rename-section .bss=rs_bss
# -tsan-instrument-read-before-write: TSan drops the read of a
# read-modify-write (c->v = c->v + 1) as redundant for race detection, but
# here it is the schedule point between the read and the write that loses
# the update, and the trace must show it.
# RACELAB_SCHED lets the case drivers leave out what only native runs need
# (the condvar driver's alarm() safety net).
SCHED_CFLAGS  := -fsanitize=thread -fno-sanitize-link-runtime -g \
	-mllvm -tsan-instrument-read-before-write -DRACELAB_SCHED=1
# libdw/libelf (elfutils): the trace checks each value against the
# variable's DWARF declaration (rs_symbol.c). Kept even under --as-needed,
# since link.rsp comes before the archive on racelab scan's command line.
SCHED_LIBS    := -Wl,--push-state,--no-as-needed -ldw -lelf -Wl,--pop-state
SCHED_LDFLAGS := $(SCHED_LIB) $(addprefix -Wl$(sched_comma)--wrap=,$(SCHED_WRAP)) \
	$(SCHED_LIBS)

$(B)/sched/obj/%.o: harness/sched/%.c $(SCHED_HDRS)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(ALL_CFLAGS) -O2 -fno-omit-frame-pointer -c $< -o $@
	$(Q)objcopy $(foreach s,$(SCHED_LIBCALLS),--redefine-sym $(s)=__real_$(s)) \
	    $(SCHED_SECTIONS) $@

# The archive, plus link.rsp (the same flags, for `racelab scan --tool
# sched`, which builds programs outside make).
$(SCHED_LIB): $(SCHED_OBJS) harness/sched/wrap.txt harness/sched/sched.mk
	@$(if $(Q),echo "  AR      $@")
	$(Q)bad=$$(nm -u $(SCHED_OBJS) | awk 'NF == 2 { print $$2 }' | \
	    grep -Fx $(addprefix -e ,$(SCHED_WRAP)) | sort -u | tr '\n' ' '); \
	if [ -n "$$bad" ]; then \
	    echo "sched runtime calls wrapped symbols by their plain name" \
	         "(use __real_X): $$bad" >&2; exit 1; fi
	$(Q)rm -f $@ && ar rcs $@ $(SCHED_OBJS)
	$(Q)printf '%s\n' $(SCHED_CFLAGS) $(addprefix -Wl$(sched_comma)--wrap=,$(SCHED_WRAP)) \
	    $(SCHED_LIBS) > $(SCHED_RSP)

# Fixtures for tests/check_sched.c: small programs with their own main.
SCHED_FIXTURES := $(patsubst tests/fixtures/sched/%.c,$(B)/sched/fixtures/%,$(wildcard tests/fixtures/sched/*.c))

$(B)/sched/fixtures/%: tests/fixtures/sched/%.c $(SCHED_LIB)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  SCHED   $@")
	$(Q)$(TSAN_CC) $(ALL_CFLAGS) -O1 $(SCHED_CFLAGS) $< -o $@ $(SCHED_LDFLAGS)

$(B)/tests/check_sched: $(SCHED_FIXTURES) $(SCHED_LIB) \
	$(B)/sched/counter-bad $(B)/sched/counter-good \
	$(B)/sched/atomic-bad $(B)/sched/atomic-good

.PHONY: sched
sched: $(SCHED_LIB) $(SCHED_FIXTURES)

# tests/check_spurious.c: injected spurious wakeups, explored and replayed.
$(B)/tests/check_spurious: $(SCHED_FIXTURES) $(SCHED_LIB) \
	$(B)/sched/condvar-bad $(B)/sched/condvar-good

# tests/check_c11.c: the weak-memory model's litmus tests, both ways.
$(B)/tests/check_c11: $(SCHED_FIXTURES) $(SCHED_LIB) \
	$(B)/sched/memorder-bad $(B)/sched/memorder-good

# tests/check_shrink.c: failing schedules shrunk to the fewest preemptions.
$(B)/tests/check_shrink: $(SCHED_LIB) $(B)/sched/counter-bad \
	$(B)/sched/transfer-bad

# tests/check_jobs.c: schedules run several at a time (rs_jobs.c).
$(B)/tests/check_jobs: $(SCHED_FIXTURES) $(SCHED_LIB) \
	$(B)/sched/counter-bad $(B)/sched/counter-good $(B)/sched/lfqueue-bad

# The fork floor `racelab bench sched` compares schedules against: a native
# program that forks a child per iteration, whose 2 threads x 2 increments
# run good/counter.c (harness/cases/counter/fork_floor.c).
SCHED_FLOOR := $(B)/sched/fork-floor
$(SCHED_FLOOR): harness/cases/counter/fork_floor.c good/counter.c \
		harness/cases/counter/counter.h
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(ALL_CFLAGS) -O2 -Iharness/cases/counter \
	    harness/cases/counter/fork_floor.c good/counter.c -o $@

# tests/check_bounded.c: exhaustive enumeration, prefixes, PCT, portfolio.
$(B)/tests/check_bounded: $(SCHED_FIXTURES) $(SCHED_LIB) $(B)/racelab \
	$(B)/sched/counter-bad $(B)/sched/counter-good \
	$(B)/sched/rwlock-bad $(B)/sched/atomic-good $(B)/sched/condvar-good \
	$(B)/sched/pool-good $(B)/sched/transfer-good

# make bounded: every schedule within 2 preemptions of each good variant
# whose enumeration ends within 60 s (the counts are in docs/sched.md;
# lfqueue, memorder and queue do not end within it). Not part of make test:
# about 40 s on an idle machine.
BOUNDED_CASES := atomic condvar counter once pool rwlock transfer

.PHONY: bounded
bounded: $(B)/racelab $(foreach c,$(BOUNDED_CASES),$(B)/sched/$(c)-good)
	$(Q)for c in $(BOUNDED_CASES); do \
	    out=$$($(B)/racelab explore $$c --variant good --exhaustive \
	        --preemptions 2 --timeout 60) || { echo "$$out"; exit 1; }; \
	    echo "$$c: $$(echo "$$out" | tail -1)"; \
	    echo "$$out" | grep -q ', exhaustive)' || exit 1; \
	done

# tests/check_worker.c: many schedules in one child, the program reset.
$(B)/tests/check_worker: $(SCHED_FIXTURES) $(SCHED_LIB) \
	$(B)/sched/counter-bad $(B)/sched/counter-good \
	$(B)/sched/transfer-bad $(B)/sched/lfqueue-bad \
	$(B)/sched/lfqueue-good $(B)/sched/condvar-bad
