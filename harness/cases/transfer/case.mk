# case.mk (transfer) - extra build rules for case `transfer`, included by
# the top-level Makefile.
#
# build/fixtures/abba_native: a program that deadlocks every time (each
# thread takes its first lock, both meet at a barrier, then take the
# second). tests/check_transfer.c runs it under the watchdog, so the Check
# suite depends on it.
$(B)/fixtures/abba_native: tests/fixtures/deadlock/abba_native.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(ALL_CFLAGS) -O1 $< -o $@

$(B)/tests/check_transfer: $(B)/fixtures/abba_native
