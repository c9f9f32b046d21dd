# racelab - build, demos and tests.
#
# Quick start (README.md):  make race-demo   then   make test
# Each of those first runs `make deps`, which installs missing Debian packages
# (as root or with sudo) or stops with the exact apt-get command to run.
#
# Build output goes to build/ only:
#   build/native/CASE-VARIANT   -O2, the plain program
#   build/tsan/CASE-VARIANT     clang -fsanitize=thread
#   build/tsan-gcc/CASE-VARIANT gcc -fsanitize=thread (its reports differ a little)
#   build/vg/CASE-VARIANT       -O1 -g, for Helgrind and DRD
#   build/asan/CASE-VARIANT     clang -fsanitize=address,undefined
#   build/sched/CASE-VARIANT    racelab's deterministic scheduler (harness/sched)
#   build/racelab               the command line
#   build/tests/check_*         Check unit and integration tests
#
# CC= picks the compiler for native, vg and the harness; TSAN_CC= the one for
# the TSan build (clang). V=1 shows every command. `make install` honours
# PREFIX, DESTDIR and MANDIR (the man page docs/racelab.1).

.DEFAULT_GOAL := all

CC       ?= cc
ifeq ($(origin CC),default)
CC       := cc
endif
TSAN_CC  ?= clang
GCC      ?= gcc
PREFIX   ?= /usr/local
MANDIR   ?= $(PREFIX)/share/man
B        := build

WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wvla
STD      := -std=c11 -D_GNU_SOURCE
CFLAGS   ?= -g
ALL_CFLAGS = $(STD) $(WARN) $(CFLAGS) -pthread

ifeq ($(V),1)
Q :=
else
Q := @
endif

# ---------------------------------------------------------------- the catalogue
# A case is a folder harness/cases/CASE holding CASE.h (the contract),
# driver.c (the workload and invariant) and expect (what each tool must say).
# Its variants are the folders bad/, good/, gate/ that hold CASE.c.
CASES    := $(sort $(patsubst harness/cases/%/expect,%,$(wildcard harness/cases/*/expect)))
VARIANTS := bad good gate
PAIRS    := $(foreach c,$(CASES),$(foreach v,$(VARIANTS),$(if $(wildcard $v/$c.c),$c-$v)))
DRIVER_COMMON := harness/cases/common/driver.c
DRIVER_HDRS   := $(wildcard harness/cases/common/*.h)

# Optional per-case extra libraries: harness/cases/CASE/case.mk may set LIBS_CASE.
-include $(wildcard harness/cases/*/case.mk)
# The sched runtime defines SCHED_LIB, SCHED_CFLAGS and SCHED_LDFLAGS.
-include harness/sched/sched.mk
# build/bench/racelab-bench and `make bench` (BENCH_BIN).
-include harness/bench/bench.mk

HAVE_CLANG := $(shell command -v $(TSAN_CC) >/dev/null 2>&1 && echo yes)
HAVE_GCC   := $(shell command -v $(GCC) >/dev/null 2>&1 && echo yes)

NATIVE_BINS := $(PAIRS:%=$(B)/native/%)
VG_BINS     := $(PAIRS:%=$(B)/vg/%)
TSAN_BINS   := $(if $(HAVE_CLANG),$(PAIRS:%=$(B)/tsan/%))
TSANG_BINS  := $(if $(HAVE_GCC),$(PAIRS:%=$(B)/tsan-gcc/%))
ASAN_BINS   := $(if $(HAVE_CLANG),$(PAIRS:%=$(B)/asan/%))
SCHED_BINS  := $(if $(and $(HAVE_CLANG),$(SCHED_LIB)),$(PAIRS:%=$(B)/sched/%))
CASE_BINS   := $(NATIVE_BINS) $(VG_BINS) $(TSAN_BINS) $(TSANG_BINS) $(ASAN_BINS) $(SCHED_BINS)

# pair_rules CASE VARIANT: one binary per tool build.
define pair_rules
$(1)_$(2)_SRC  := $(2)/$(1).c harness/cases/$(1)/driver.c $(DRIVER_COMMON)
$(1)_$(2)_DEPS := $$($(1)_$(2)_SRC) harness/cases/$(1)/$(1).h $(DRIVER_HDRS)
$(1)_$(2)_INC  := -Iharness/cases/$(1) -Iharness/cases/common

$(B)/native/$(1)-$(2): $$($(1)_$(2)_DEPS)
	@mkdir -p $$(@D)
	@$$(if $(Q),echo "  CC      $$@")
	$(Q)$$(CC) $$(ALL_CFLAGS) -O2 $$($(1)_$(2)_INC) $$($(1)_$(2)_SRC) -o $$@ $$(LIBS_$(1))

$(B)/vg/$(1)-$(2): $$($(1)_$(2)_DEPS)
	@mkdir -p $$(@D)
	@$$(if $(Q),echo "  CC      $$@")
	$(Q)$$(CC) $$(ALL_CFLAGS) -O1 -fno-inline $$($(1)_$(2)_INC) $$($(1)_$(2)_SRC) -o $$@ $$(LIBS_$(1))

$(B)/tsan/$(1)-$(2): $$($(1)_$(2)_DEPS)
	@mkdir -p $$(@D)
	@$$(if $(Q),echo "  TSAN    $$@")
	$(Q)$$(TSAN_CC) $$(ALL_CFLAGS) -O1 -fsanitize=thread $$($(1)_$(2)_INC) $$($(1)_$(2)_SRC) -o $$@ $$(LIBS_$(1))

$(B)/tsan-gcc/$(1)-$(2): $$($(1)_$(2)_DEPS)
	@mkdir -p $$(@D)
	@$$(if $(Q),echo "  TSANGCC $$@")
	$(Q)$$(GCC) $$(ALL_CFLAGS) -O1 -fsanitize=thread $$($(1)_$(2)_INC) $$($(1)_$(2)_SRC) -o $$@ $$(LIBS_$(1))

$(B)/asan/$(1)-$(2): $$($(1)_$(2)_DEPS)
	@mkdir -p $$(@D)
	@$$(if $(Q),echo "  ASAN    $$@")
	$(Q)$$(TSAN_CC) $$(ALL_CFLAGS) -O1 -fno-omit-frame-pointer -fsanitize=address,undefined $$($(1)_$(2)_INC) $$($(1)_$(2)_SRC) -o $$@ $$(LIBS_$(1))

$(B)/sched/$(1)-$(2): $$($(1)_$(2)_DEPS) $$(SCHED_LIB)
	@mkdir -p $$(@D)
	@$$(if $(Q),echo "  SCHED   $$@")
	$(Q)$$(TSAN_CC) $$(ALL_CFLAGS) -O1 $$(SCHED_CFLAGS) $$($(1)_$(2)_INC) $$($(1)_$(2)_SRC) -o $$@ $$(SCHED_LDFLAGS) $$(LIBS_$(1))
endef
$(foreach p,$(PAIRS),$(eval $(call pair_rules,$(firstword $(subst -, ,$(p))),$(lastword $(subst -, ,$(p))))))

# ---------------------------------------------------------------- the harness
# Libraries found by pkg-config when the rule runs (after `make deps`).
EXPAT_LIBS  = $(shell pkg-config --libs expat 2>/dev/null || echo -lexpat)
CHECK_FLAGS = $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS  = $(shell pkg-config --libs check 2>/dev/null || echo -lcheck)

REPORT_SRC := $(wildcard harness/report/*.c)
CORE_SRC   := $(wildcard harness/core/*.c)
CLI_SRC    := $(wildcard harness/cli/*.c)
HARNESS_HDRS := $(wildcard harness/report/*.h harness/core/*.h harness/cli/*.h)
HARNESS_INC  := -Iharness/report -Iharness/core -Iharness/cli

LIB_OBJS := $(patsubst %.c,$(B)/obj/%.o,$(REPORT_SRC) $(CORE_SRC))
CLI_OBJS := $(patsubst %.c,$(B)/obj/%.o,$(CLI_SRC))

$(B)/obj/%.o: %.c $(HARNESS_HDRS)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(ALL_CFLAGS) -O2 $(HARNESS_INC) -c $< -o $@

$(B)/librl.a: $(LIB_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(B)/racelab: $(CLI_OBJS) $(B)/librl.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(CLI_OBJS) $(B)/librl.a -o $@ $(EXPAT_LIBS)

# ---------------------------------------------------------------- grader
# `racelab grade` links a submission with these trusted objects of each case
# that has a grade file: its driver, the common driver code and its contract
# checks (harness/core/grade.h), one set per build flavour.
GRADE_CASES   := $(patsubst harness/cases/%/grade,%,$(wildcard harness/cases/*/grade))
GRADE_FLAVORS := native vg $(if $(HAVE_CLANG),tsan) $(if $(SCHED_BINS),sched)
GRADE_OBJS    := $(foreach c,$(GRADE_CASES),$(foreach f,$(GRADE_FLAVORS),$(foreach o,driver common contract,$(B)/grade/$c/$f/$o.o)))
GRADE_CC_native = $(CC) $(ALL_CFLAGS) -O2
GRADE_CC_vg     = $(CC) $(ALL_CFLAGS) -O1 -fno-inline -g
GRADE_CC_tsan   = $(TSAN_CC) $(ALL_CFLAGS) -O1 -fsanitize=thread
GRADE_CC_sched  = $(TSAN_CC) $(ALL_CFLAGS) -O1 $(SCHED_CFLAGS) -DCT_SCHED
define grade_rules
$(B)/grade/$(1)/%/driver.o: harness/cases/$(1)/driver.c harness/cases/$(1)/$(1).h $(DRIVER_HDRS)
	@mkdir -p $$(@D)
	$(Q)$$(GRADE_CC_$$*) -Iharness/cases/$(1) -Iharness/cases/common -c $$< -o $$@
$(B)/grade/$(1)/%/common.o: $(DRIVER_COMMON) $(DRIVER_HDRS)
	@mkdir -p $$(@D)
	$(Q)$$(GRADE_CC_$$*) -Iharness/cases/common -c $$< -o $$@
$(B)/grade/$(1)/%/contract.o: harness/cases/$(1)/contract.c harness/cases/$(1)/$(1).h harness/core/grade_contract.h
	@mkdir -p $$(@D)
	@$$(if $(Q),echo "  GRADE   $$@")
	$(Q)$$(GRADE_CC_$$*) -Iharness/cases/$(1) -Iharness/core -c $$< -o $$@
endef
$(foreach c,$(GRADE_CASES),$(eval $(call grade_rules,$(c))))
# The TSan flavour also links C11 <threads.h> forwarded to the pthread calls
# TSan intercepts (harness/tsan/c11threads.c says why).
GRADE_OBJS += $(if $(HAVE_CLANG),$(foreach c,$(GRADE_CASES),$(B)/grade/$c/tsan/c11threads.o))
$(B)/grade/%/tsan/c11threads.o: harness/tsan/c11threads.c
	@mkdir -p $(@D)
	$(Q)$(GRADE_CC_tsan) -c $< -o $@

# ---------------------------------------------------------------- tests
# tests/check_X.c is one Check suite. Good-structure tests link the case's
# good/ variant: they name it with a "// links: good/X.c" line.
TEST_SRC  := $(wildcard tests/check_*.c)
TEST_BINS := $(TEST_SRC:tests/%.c=$(B)/tests/%)

TEST_INC  := $(HARNESS_INC) -Iharness/cases/common $(addprefix -I,$(wildcard harness/cases/*))
test_links = $(shell sed -n 's|^// links: *||p' $(1))

$(B)/tests/%: tests/%.c tests/testlib.h tests/gradelib.h tests/schedlib.h $(B)/librl.a $(HARNESS_HDRS)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CHECK   $@")
	$(Q)$(CC) $(ALL_CFLAGS) -O1 $(CHECK_FLAGS) $(TEST_INC) \
	    $< $(call test_links,$<) -o $@ $(B)/librl.a $(CHECK_LIBS) $(EXPAT_LIBS) -lm

# A test binary also depends on the sources its "// links:" line names and
# on every header they include: the compiler lists them (-MM) into
# build/tests/X.d, remade when any of them or the links line changes. Each
# linked source also gets an empty rule, so that one renamed away (with the
# links line) does not stop make.
$(B)/tests/%.d: tests/%.c
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(CHECK_FLAGS) $(TEST_INC) -MM -MP -MT $(B)/tests/$* -MT $@ \
	    $< $(call test_links,$<) >$@.tmp
	$(Q)printf '%s:\n' $(call test_links,$<) >>$@.tmp && mv $@.tmp $@

ifeq ($(filter clean deps format,$(MAKECMDGOALS)),)
-include $(TEST_BINS:=.d)
endif

# ---------------------------------------------------------------- targets
.PHONY: all deps build test unit matrix race-demo deadlock-demo grade \
	install clean format bench

all: build

build: $(B)/racelab $(CASE_BINS) $(GRADE_OBJS) $(BENCH_BIN) $(SCHED_FLOOR)

deps:
	$(Q)sh harness/deps.sh

test: deps
	$(Q)$(MAKE) --no-print-directory build $(TEST_BINS)
	$(Q)$(MAKE) --no-print-directory unit matrix

unit: $(TEST_BINS)
	$(Q)sh harness/run-tests.sh $(TEST_BINS)

matrix: build
	$(Q)$(B)/racelab check --junit $(B)/matrix-junit.xml

# make grade CASE=counter FILE=mycounter.c  (racelab grade --help)
grade: build
	$(Q)test -n "$(CASE)" -a -n "$(FILE)" || { echo "usage: make grade CASE=counter FILE=path/to/counter.c" >&2; exit 2; }
	$(Q)$(B)/racelab grade $(CASE) $(FILE)

race-demo: deps
	$(Q)$(MAKE) --no-print-directory build
	$(Q)$(B)/racelab demo race

deadlock-demo: deps
	$(Q)$(MAKE) --no-print-directory build
	$(Q)$(B)/racelab demo deadlock

install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/racelab $(DESTDIR)$(PREFIX)/share/racelab
	install -m 755 $(B)/racelab $(DESTDIR)$(PREFIX)/bin/racelab
	cp -R $(B)/native $(B)/vg $(wildcard $(B)/tsan $(B)/tsan-gcc $(B)/asan $(B)/sched) $(DESTDIR)$(PREFIX)/lib/racelab/
	cp -R bad good $(wildcard gate) harness $(DESTDIR)$(PREFIX)/share/racelab/
	install -d $(DESTDIR)$(MANDIR)/man1
	install -m 644 docs/racelab.1 $(DESTDIR)$(MANDIR)/man1/racelab.1

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(B)
