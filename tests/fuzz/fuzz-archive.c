/* libFuzzer target: the archive reader (packed.c) and the growing article
 * it feeds.  The bytes are read as an archive: every member listed must
 * have a head within the bound asked for and a name that cleans to a
 * relative path with no "." or ".." component; the first members are
 * opened by ordinal and read whole into a growing article that stops at
 * its limit.  The same bytes are then read as a compressed file, whole
 * and in slices of no time at all, which must give the same bytes.
 * Nothing may crash, hang or grow past the limit. */
#include "config.h"

#define _GNU_SOURCE 1
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "article.h"
#include "packed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HEAD 512
#define LIMIT (256u << 10)
#define OPENED 4

struct seen {
	long ordinals[OPENED];
	size_t n;
};

static void
check_name(const char *name)
{
	char *c = packed_clean_name(name);

	if (c == NULL)
		return;
	if (c[0] == '/' || strstr(c, "//") != NULL)
		abort();
	for (const char *p = c; *p != '\0';) {
		size_t n = strcspn(p, "/");

		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			abort();
		p += n;
		if (*p == '/')
			p++;
	}
	free(c);
}

static void
member(void *ctx, const struct packed_member *m)
{
	struct seen *s = ctx;

	if (m->head_len > HEAD)
		abort();
	check_name(m->name);
	if (s->n < OPENED)
		s->ordinals[s->n++] = m->ordinal;
}

/* A descriptor reading the input from its start. */
static int
reopen(int fd)
{
	int d = dup(fd);

	if (d < 0)
		abort();
	lseek(d, 0, SEEK_SET);
	return d;
}

/* Reads all of p into a growing article and checks it stopped in bounds. */
static struct article *
read_whole(struct packed *p, long slice)
{
	struct article *a = article_from_packed("x", p, LIMIT);

	if (slice < 0)
		article_feed(a, -1);
	else
		while (!a->complete)
			article_feed(a, slice);
	if (!a->complete || a->size > LIMIT)
		abort();
	return a;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz-archive", 0);
	struct seen s = { .n = 0 };
	struct packed *p;
	struct article *whole, *sliced;
	char *err = NULL;

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	packed_list(reopen(fd), HEAD, member, &s, &err);
	free(err);
	for (size_t i = 0; i < s.n; i++) {
		err = NULL;
		p = packed_open(reopen(fd), s.ordinals[i], &err);
		free(err);
		if (p != NULL)
			article_free(read_whole(p, -1));
	}
	err = NULL;
	p = packed_open(reopen(fd), -1, &err);
	free(err);
	if (p != NULL) {
		whole = read_whole(p, -1);
		err = NULL;
		p = packed_open(reopen(fd), -1, &err);
		free(err);
		if (p == NULL)
			abort();
		sliced = read_whole(p, 0);
		if (sliced->size != whole->size ||
		    memcmp(sliced->data, whole->data, whole->size) != 0)
			abort();
		article_free(sliced);
		article_free(whole);
	}
	close(fd);
	return 0;
}
