/* md-render - how long rendering a Markdown file takes, against md4c's own
 * parse of the same bytes (callbacks that do nothing), in the same run.
 * Not a test: it prints figures and always exits 0 once it has run.
 *
 *   make tests/bench/md-render && tests/bench/md-render FILE [WIDTH] [RUNS]
 *
 * Prints the median of RUNS (default 5) of each, in ms, and their ratio,
 * with the view's size and the peak resident memory of the process. */
#include "config.h"

#include <md4c.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "article.h"
#include "doc.h"
#include "text.h"
#include "timing.h"

static int
block_nothing(MD_BLOCKTYPE type, void *detail, void *user)
{
	(void)type;
	(void)detail;
	(void)user;
	return 0;
}

static int
span_nothing(MD_SPANTYPE type, void *detail, void *user)
{
	(void)type;
	(void)detail;
	(void)user;
	return 0;
}

static int
text_nothing(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *user)
{
	(void)type;
	(void)s;
	(void)n;
	(void)user;
	return 0;
}

static const MD_PARSER bare = {
	.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS |
	    MD_FLAG_PERMISSIVEAUTOLINKS | MD_FLAG_NOHTMLBLOCKS,
	.enter_block = block_nothing,
	.leave_block = block_nothing,
	.enter_span = span_nothing,
	.leave_span = span_nothing,
	.text = text_nothing,
};

static int
by_value(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

static long
median(long *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, by_value);
	return v[n / 2];
}

int
main(int argc, char **argv)
{
	char *err = NULL;
	struct article *a;
	int width = argc > 2 ? atoi(argv[2]) : 80, runs = argc > 3 ? atoi(argv[3]) : 5;
	long parse[64], render[64];
	size_t view = 0;

	if (argc < 2 || runs < 1 || runs > 64 || width < 1) {
		fprintf(stderr, "usage: md-render FILE [WIDTH] [RUNS (1-64)]\n");
		return 2;
	}
	text_init();
	if ((a = article_open(argv[1], &err)) == NULL) {
		fprintf(stderr, "md-render: %s\n", err);
		return 2;
	}
	for (int r = 0; r < runs; r++) {
		long t0 = timing_now_us();
		md_parse(a->data, (MD_SIZE)a->size, &bare, NULL);
		long t1 = timing_now_us();
		struct doc_options o;
		doc_options_init(&o);
		o.format = "markdown";
		o.width = width;
		struct doc *d = doc_open(article_from_buffer(argv[1], a->data, a->size), &o);
		long t2 = timing_now_us();
		view = d->view->size;
		doc_free(d);
		parse[r] = t1 - t0;
		render[r] = t2 - t1;
	}
	long p = median(parse, runs), q = median(render, runs);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("%s: %zu bytes, view %zu bytes at width %d\n", argv[1], a->size, view, width);
	printf("md4c parse alone  %8.1f ms\n", (double)p / 1000);
	printf("doc_open markdown %8.1f ms  (%.1fx the bare parse)\n", (double)q / 1000,
	    p > 0 ? (double)q / (double)p : 0.0);
	printf("peak memory       %8.1f MiB\n", (double)ru.ru_maxrss / 1024);
	article_free(a);
	return 0;
}
