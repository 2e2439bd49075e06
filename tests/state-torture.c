/* state-torture - drives the reading state for tests/state.sh.
 *
 *   state-torture run DIR N [C]    checks the state like check and prints
 *                                  "start G", then saves generation after
 *                                  generation of N records, each one's
 *                                  values all equal to its number, C times
 *                                  or forever; prints each generation once
 *                                  it is saved, and with C "timing B E":
 *                                  the real time in microseconds when the
 *                                  first save began and the last ended
 *   state-torture check DIR N      checks the state in DIR is one whole
 *                                  generation and prints its number
 *   state-torture pair DIR TAG K   saves K times, adding record TAG/i, one
 *                                  field of the shared record and a
 *                                  history entry each time
 *   state-torture verify DIR K     checks that two pair runs (tags x and y)
 *                                  both left all their changes
 *
 * Exit status 0 when all is well, 1 when a check fails, 2 on bad usage.
 */
#include "config.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "state.h"
#include "xmalloc.h"

static struct state *
open_or_die(const char *dir)
{
	char *notice;
	struct state *st = state_open(dir, &notice);

	if (notice != NULL) {
		printf("notice: %s\n", notice);
		exit(1);
	}
	return st;
}

static char *
rec_path(const char *tag, long i)
{
	return xasprintf("/torture/%s/%ld", tag, i);
}

/* The generation the state holds, or -1 (with a message) when it is not
 * exactly one whole generation. */
static long long
generation(struct state *st, long n)
{
	struct state_article a;
	long long g = -1;
	char *p, *want;
	long i;

	if (state_count(st) == 0 && state_history_count(st) == 0)
		return 0;
	if (state_count(st) != (size_t)n) {
		printf("%zu records, not %ld\n", state_count(st), n);
		return -1;
	}
	for (i = 0; i < n; i++) {
		p = rec_path("g", i);
		if (!state_get(st, p, 0, &a)) {
			printf("record %ld missing\n", i);
			free(p);
			return -1;
		}
		free(p);
		if (i == 0)
			g = (long long)a.position;
		if (a.position != (uint64_t)g || a.read != (g % 2 == 1) || a.mark_set != 1u ||
		    a.marks[0] != (uint64_t)g) {
			printf("record %ld is not generation %lld\n", i, g);
			return -1;
		}
	}
	want = xasprintf("generation %lld", g);
	if (state_history_count(st) == 0 ||
	    strcmp(state_history_get(st, state_history_count(st) - 1), want) != 0) {
		printf("the history does not end with \"%s\"\n", want);
		free(want);
		return -1;
	}
	free(want);
	return g;
}

static long long
now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	return (long long)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

static int
run(const char *dir, long n, long count)
{
	struct state *st = open_or_die(dir);
	long long g = generation(st, n);
	char *p, *err, pat[64];
	long long begin;
	long i, done;

	if (g < 0)
		return 1;
	printf("start %lld\n", g);
	fflush(stdout);
	begin = now_us();
	for (done = 0; count == 0 || done < count; done++) {
		g++;
		for (i = 0; i < n; i++) {
			p = rec_path("g", i);
			state_set_position(st, p, 0, (uint64_t)g);
			state_set_read(st, p, 0, g % 2 == 1);
			state_set_mark(st, p, 0, 'a', (uint64_t)g);
			free(p);
		}
		snprintf(pat, sizeof pat, "generation %lld", g);
		state_history_add(st, pat);
		if (state_save(st, &err) != 0) {
			printf("save failed: %s\n", err != NULL ? err : "(again)");
			free(err);
			state_free(st);
			return 1;
		}
		printf("%lld\n", g);
		fflush(stdout);
	}
	printf("timing %lld %lld\n", begin, now_us());
	state_free(st);
	return 0;
}

static int
check(const char *dir, long n)
{
	struct state *st = open_or_die(dir);
	long long g = generation(st, n);

	state_free(st);
	if (g < 0)
		return 1;
	printf("%lld\n", g);
	return 0;
}

static int
pair(const char *dir, const char *tag, long k)
{
	struct state *st = open_or_die(dir);
	char *p, *err, pat[64];
	long i;
	int tries;

	state_set_lock_timeout(st, 10000);
	for (i = 0; i < k; i++) {
		p = rec_path(tag, i);
		state_set_position(st, p, 0, (uint64_t)i + 1);
		free(p);
		if (strcmp(tag, "x") == 0)
			state_set_position(st, "/torture/shared", 0, (uint64_t)i + 1);
		else
			state_set_mark(st, "/torture/shared", 0, 'a', (uint64_t)i + 1);
		snprintf(pat, sizeof pat, "%s %ld", tag, i);
		state_history_add(st, pat);
		for (tries = 0; state_save(st, &err) != 0; tries++) {
			printf("save failed: %s\n", err != NULL ? err : "(again)");
			free(err);
			if (tries == 3) {
				state_free(st);
				return 1;
			}
		}
		free(err);
	}
	state_free(st);
	return 0;
}

static int
verify(const char *dir, long k)
{
	static const char *const tags[] = { "x", "y" };
	struct state *st = open_or_die(dir);
	struct state_article a;
	char *p, pat[64];
	size_t h, t;
	long i, next;
	int bad = 0;

	for (t = 0; t < 2; t++) {
		for (i = 0; i < k; i++) {
			p = rec_path(tags[t], i);
			if (!state_get(st, p, 0, &a) || a.position != (uint64_t)i + 1) {
				printf("%s: lost\n", p);
				bad = 1;
			}
			free(p);
		}
		/* this tag's history entries, all there and in order */
		next = 0;
		for (h = 0; h < state_history_count(st); h++) {
			snprintf(pat, sizeof pat, "%s %ld", tags[t], next);
			if (strcmp(state_history_get(st, h), pat) == 0)
				next++;
		}
		if (next != k) {
			printf("history of %s: only %ld of %ld in order\n", tags[t], next, k);
			bad = 1;
		}
	}
	if (!state_get(st, "/torture/shared", 0, &a) || a.position != (uint64_t)k ||
	    a.mark_set != 1u || a.marks[0] != (uint64_t)k) {
		printf("the shared record lost a field\n");
		bad = 1;
	}
	state_free(st);
	return bad;
}

/* A positive number, or 0 when s is not one. */
static long
number(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	return *s != '\0' && *end == '\0' && v > 0 ? v : 0;
}

int
main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (strcmp(mode, "run") == 0 && argc == 4 && number(argv[3]) > 0)
		return run(argv[2], number(argv[3]), 0);
	if (strcmp(mode, "run") == 0 && argc == 5 && number(argv[3]) > 0 && number(argv[4]) > 0)
		return run(argv[2], number(argv[3]), number(argv[4]));
	if (strcmp(mode, "check") == 0 && argc == 4 && number(argv[3]) > 0)
		return check(argv[2], number(argv[3]));
	if (strcmp(mode, "pair") == 0 && argc == 5 && number(argv[4]) > 0)
		return pair(argv[2], argv[3], number(argv[4]));
	if (strcmp(mode, "verify") == 0 && argc == 4 && number(argv[3]) > 0)
		return verify(argv[2], number(argv[3]));
	fprintf(stderr,
	    "usage: state-torture run DIR N [C] | check DIR N | "
	    "pair DIR TAG K | verify DIR K\n");
	return 2;
}
