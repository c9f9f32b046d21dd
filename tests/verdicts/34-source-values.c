/*
 * Defect 34: a trace value is shown only where it is the source variable's
 * value. clang -O1 keeps `static int seats = 1`, which only ever drops to
 * 0, as a 1-byte "is zero" flag: memory says 0 while seats is 1, so its
 * accesses say "(value not shown)". A double is shown as a double, not as
 * its bits.
 *
 *   1. T1 and T2 both see seats == 1
 *   2. both sell it: sold == 2, the assertion fails
 */
// RUN: racelab scan --tool sched %s
// EXIT: 1
// CHECK: read  seats (value not shown)  verdicts/34-source-values.c:30
// CHECK: write seats (value not shown)  verdicts/34-source-values.c:31
// CHECK: write revenue = 9.5
// CHECK: write revenue = 19
// CHECK-NOT: seats = 0
// CHECK-NOT: seats = 1
// CHECK-NOT: revenue = 46
#include <assert.h>
#include <pthread.h>

static int seats = 1;
static int sold;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
double revenue;

static void *buyer(void *arg)
{
	if (seats == 1) { /* error: check ... */
		seats--;  /* ... then act, not atomic */
		pthread_mutex_lock(&lock);
		sold++;
		revenue += 9.5;
		pthread_mutex_unlock(&lock);
	}
	return arg;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_create(&t1, NULL, buyer, NULL);
	pthread_create(&t2, NULL, buyer, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	assert(sold == 1);
	return 0;
}
