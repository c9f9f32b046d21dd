/*
 * Defect 23: a NULL dereference in the program is the program's crash, at
 * the program's line; the runtime reads the value before the program does
 * and must not fault first ("SEGV at sched/rs_core.c:189 in rs_load_value").
 * The same for an atomic load through NULL, which the runtime performs.
 */
// RUN: racelab scan --tool sched %s
// EXIT: 1
// CHECK: crashed with SEGV at verdicts/23-null-read.c:35 in reader
// CHECK: read  NULL  verdicts/23-null-read.c:35
// CHECK-NOT: rs_core.c
// CHECK-NOT: rs_load_value
// RUN: racelab scan --tool sched %s
// ENV: NULL_READ_ATOMIC=1
// EXIT: 1
// CHECK: crashed with SEGV at verdicts/23-null-read.c:37 in reader: an atomic
// CHECK-NOT: rs_memory.c
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct node {
	int value;
};

static struct node first = {1};
struct node *head = &first;
static int use_atomic;

static int reader(void)
{
	struct node *n = head;

	if (!use_atomic)
		return n->value; /* error: head may be NULL by now */
	/* error: the same, through an atomic load */
	return __atomic_load_n(&n->value, __ATOMIC_ACQUIRE);
}

static void *unlinker(void *arg)
{
	head = NULL;
	return arg;
}

int main(void)
{
	pthread_t t;

	use_atomic = getenv("NULL_READ_ATOMIC") != NULL;
	pthread_create(&t, NULL, unlinker, NULL);
	printf("%d\n", reader());
	pthread_join(t, NULL);
	return 0;
}
