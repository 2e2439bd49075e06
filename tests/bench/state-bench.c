/* state-bench - the reading state's figures for tests/bench/run.
 *
 *   state-bench DIR N RUNS
 *
 * fills a new state in DIR (which must not hold one) with N articles read
 * and positioned (every tenth with a mark), then measures, RUNS times
 * each: state_open of it (the load, in wall and CPU time), the bare SQLite read of the same
 * rows with no cache built (the reference), and one save of one changed
 * position; and once: marking all N unread in one save, and the peak
 * memory of a process that loads it against one that does not (this
 * program run again as state-bench --peak DIR load|base).  Prints
 * one line per figure: its name and its values (ms or KiB).
 */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "state.h"
#include "xmalloc.h"

static double
ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* This process's CPU time: on a shared machine, the part of a wall time
 * that is the program's own. */
static double
cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static char *
article(long i)
{
	return xasprintf("/bench/collection/folder-%03ld/article-%06ld.txt", i / 1000, i);
}

static struct state *
open_or_die(const char *dir)
{
	char *notice;
	struct state *st = state_open(dir, &notice);

	if (notice != NULL) {
		fprintf(stderr, "state-bench: %s\n", notice);
		exit(1);
	}
	return st;
}

static void
save_or_die(struct state *st)
{
	char *err;

	if (state_save(st, &err) != 0) {
		fprintf(stderr, "state-bench: %s\n", err != NULL ? err : "save failed");
		exit(1);
	}
	free(err);
}

/* The peak resident size of this process so far, in KiB. */
static long
peak_kib(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;

	while (f != NULL && fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, "VmHWM:", 6) == 0)
			v = strtol(line + 6, NULL, 10);
	if (f != NULL)
		fclose(f);
	return v;
}

/* The peak memory of a new process (this program run again) that loads
 * dir, or with load false does not, in KiB; -1 when it cannot be known. */
static long
child_peak(const char *self, const char *dir, bool load)
{
	char *cmd = xasprintf("'%s' --peak '%s' %s", self, dir, load ? "load" : "base");
	FILE *p = popen(cmd, "r");
	long v = -1;

	if (p == NULL || fscanf(p, "%ld", &v) != 1)
		v = -1;
	if (p != NULL)
		pclose(p);
	free(cmd);
	return v;
}

/* Reads every row the way a load does, building nothing. */
static double
bare_read(const char *dir)
{
	char *path = xasprintf("%s/state.db", dir);
	sqlite3 *db;
	sqlite3_stmt *s;
	double t0 = ms_now();
	long n = 0;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		exit(1);
	sqlite3_prepare_v2(
	    db, "SELECT path, fp, read, pos, time, title, seq FROM articles", -1, &s, NULL);
	while (sqlite3_step(s) == SQLITE_ROW)
		n += sqlite3_column_bytes(s, 0) + (long)sqlite3_column_int64(s, 3);
	sqlite3_finalize(s);
	sqlite3_prepare_v2(db, "SELECT path, letter, pos FROM marks", -1, &s, NULL);
	while (sqlite3_step(s) == SQLITE_ROW)
		n += sqlite3_column_bytes(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	free(path);
	return n > 0 ? ms_now() - t0 : -1;
}

int
main(int argc, char **argv)
{
	struct state *st;
	long n, runs, i;
	double t0, c0, *cpu;
	char *p;

	if (argc == 4 && strcmp(argv[1], "--peak") == 0) {
		st = strcmp(argv[3], "load") == 0 ? open_or_die(argv[2]) : NULL;
		printf("%ld\n", peak_kib());
		state_free(st);
		return 0;
	}
	if (argc != 4 || (n = atol(argv[2])) <= 0 || (runs = atol(argv[3])) <= 0) {
		fprintf(stderr, "usage: state-bench DIR N RUNS\n");
		return 2;
	}
	st = open_or_die(argv[1]);
	if (state_count(st) != 0) {
		fprintf(stderr, "state-bench: %s holds a state already\n", argv[1]);
		return 2;
	}
	t0 = ms_now();
	for (i = 0; i < n; i++) {
		p = article(i);
		state_set_read(st, p, 0, true);
		state_set_position(st, p, 0, (uint64_t)i * 37 + 1);
		if (i % 10 == 0)
			state_set_mark(st, p, 0, 'a', (uint64_t)i);
		free(p);
	}
	save_or_die(st);
	printf("fill_ms %.3f\n", ms_now() - t0);
	state_free(st);

	cpu = xcalloc((size_t)runs, sizeof *cpu);
	printf("load_ms");
	for (i = 0; i < runs; i++) {
		c0 = cpu_ms();
		t0 = ms_now();
		st = open_or_die(argv[1]);
		printf(" %.3f", ms_now() - t0);
		cpu[i] = cpu_ms() - c0;
		if (state_count(st) != (size_t)n)
			return 1;
		state_free(st);
	}
	printf("\nload_cpu_ms");
	for (i = 0; i < runs; i++)
		printf(" %.3f", cpu[i]);
	free(cpu);
	printf("\nbare_ms");
	for (i = 0; i < runs; i++)
		printf(" %.3f", bare_read(argv[1]));
	printf("\nsave_ms");
	st = open_or_die(argv[1]);
	for (i = 0; i < runs * 5; i++) {
		p = article((i * 7919) % n);
		state_set_position(st, p, 0, (uint64_t)i + 1000000000);
		free(p);
		t0 = ms_now();
		save_or_die(st);
		printf(" %.3f", ms_now() - t0);
	}
	for (i = 0; i < n; i++) {
		p = article(i);
		state_set_read(st, p, 0, false);
		free(p);
	}
	t0 = ms_now();
	save_or_die(st);
	printf("\nbulk_ms %.3f\n", ms_now() - t0);
	state_free(st);
	printf("peak_kib %ld\nbase_kib %ld\n", child_peak(argv[0], argv[1], true),
	    child_peak(argv[0], argv[1], false));
	return 0;
}
