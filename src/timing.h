/* timing.h - the monotonic clock, for work done in bounded slices. */
#ifndef FOLIO_TIMING_H
#define FOLIO_TIMING_H

#include <time.h>

/* Microseconds on the monotonic clock. */
static inline long
timing_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000000L + ts.tv_nsec / 1000;
}

#endif
