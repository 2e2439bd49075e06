/* scan-speed - how fast the plain-text scanners read a file.
 *
 *   make tests/bench/scan-speed && tests/bench/scan-speed FILE [RUNS]
 *
 * Reads FILE into memory, then times (best of RUNS, default 3) a count of
 * its lines with memchr, the reference, and text_outline and text_links
 * over all of it, and prints each in MB/s with its ratio to the
 * reference.  Not a test: it prints figures and exits 0. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "doc.h"
#include "reader.h"
#include "text.h"
#include "xmalloc.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t
count_lines(const char *d, size_t n)
{
	size_t lines = 0;

	for (const char *p = d, *e = d + n; (p = memchr(p, '\n', (size_t)(e - p))) != NULL; p++)
		lines++;
	return lines;
}

static size_t
outline(const char *d, size_t n)
{
	struct doc_heading *h;
	size_t count;

	text_outline(d, n, &h, &count);
	for (size_t i = 0; i < count; i++)
		free(h[i].text);
	free(h);
	return count;
}

static size_t
links(const char *d, size_t n)
{
	struct doc_link *l;
	size_t count;

	text_links(d, n, &l, &count);
	for (size_t i = 0; i < count; i++) {
		free(l[i].text);
		free(l[i].target);
	}
	free(l);
	return count;
}

static const struct {
	const char *name;
	size_t (*run)(const char *, size_t);
} scans[] = {
	{ "memchr lines (reference)", count_lines },
	{ "text_outline", outline },
	{ "text_links", links },
};

int
main(int argc, char **argv)
{
	FILE *f;
	char *d;
	size_t n = 0, cap = 1 << 20, got;
	int runs = argc > 2 ? atoi(argv[2]) : 3;
	double ref = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: scan-speed FILE [RUNS]\n");
		return 2;
	}
	text_init();
	if ((f = fopen(argv[1], "rb")) == NULL) {
		perror(argv[1]);
		return 2;
	}
	d = xmalloc(cap);
	while ((got = fread(d + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap)
			d = xreallocarray(d, cap *= 2, 1);
	}
	fclose(f);
	printf("%s: %.1f MB\n", argv[1], (double)n / 1e6);
	for (size_t k = 0; k < sizeof scans / sizeof scans[0]; k++) {
		double best = 0;
		size_t found = 0;

		for (int r = 0; r < (runs > 0 ? runs : 1); r++) {
			double t0 = now(), t;

			found = scans[k].run(d, n);
			t = now() - t0;
			if (r == 0 || t < best)
				best = t;
		}
		if (k == 0)
			ref = best;
		printf("%-26s %9zu found %8.1f MB/s  %5.1fx the reference time\n", scans[k].name,
		    found, (double)n / 1e6 / best, best / ref);
	}
	free(d);
	return 0;
}
