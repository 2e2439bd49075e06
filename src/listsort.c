#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unicase.h>

#include "library.h"
#include "listsort.h"
#include "xmalloc.h"

const char *const listsort_names[LIST_SORT_COUNT + 1] = {
#define LIST_SORT_NAME(id, name, says) [LIST_SORT_##id] = name,
	LIST_SORTS(LIST_SORT_NAME)
#undef LIST_SORT_NAME
	    NULL
};

static const char *const says[LIST_SORT_COUNT] = {
#define LIST_SORT_SAYS(id, name, words) [LIST_SORT_##id] = words,
	LIST_SORTS(LIST_SORT_SAYS)
#undef LIST_SORT_SAYS
};

int
listsort_lookup(const char *name)
{
	for (int s = 0; s < LIST_SORT_COUNT; s++)
		if (strcmp(listsort_names[s], name) == 0)
			return s;
	return -1;
}

const char *
listsort_says(enum list_sort s)
{
	return s < LIST_SORT_COUNT ? says[s] : says[LIST_SORT_NAME];
}

/* Titles compared as a reader sees them: case folded and normalised; two
 * that fold alike compare by their bytes. */
static int
title_cmp(const char *a, const char *b)
{
	int r = 0;

	if (u8_casecmp((const uint8_t *)a, strlen(a), (const uint8_t *)b, strlen(b), NULL,
		UNINORM_NFC, &r) != 0 ||
	    r == 0)
		r = strcmp(a, b);
	return r;
}

int
listsort_cmp(const struct library *lib, enum list_sort s, const bool *read, size_t a, size_t b)
{
	const struct entry *x = &lib->entries[a], *y = &lib->entries[b];
	int r = 0;

	switch (s) {
	case LIST_SORT_TITLE: r = title_cmp(library_title(x), library_title(y)); break;
	case LIST_SORT_DATE: r = x->mtime > y->mtime ? -1 : x->mtime < y->mtime; break;
	case LIST_SORT_SIZE: r = x->size > y->size ? -1 : x->size < y->size; break;
	case LIST_SORT_UNREAD: r = read != NULL ? (int)read[a] - (int)read[b] : 0; break;
	default: break;
	}
	if (r != 0)
		return r < 0 ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* What the merge sort compares: entries of lib in order s. */
struct sorting {
	const struct library *lib;
	enum list_sort s;
	const bool *read;
};

/* Sorts v[0..n) stably, tmp as scratch of n. */
static void
merge_sort(const struct sorting *c, size_t *v, size_t *tmp, size_t n)
{
	size_t h = n / 2, i = 0, j = h, k = 0;

	if (n < 2)
		return;
	merge_sort(c, v, tmp, h);
	merge_sort(c, v + h, tmp, n - h);
	while (i < h && j < n)
		tmp[k++] = listsort_cmp(c->lib, c->s, c->read, v[j], v[i]) < 0 ? v[j++] : v[i++];
	while (i < h)
		tmp[k++] = v[i++];
	memcpy(v, tmp, k * sizeof *v);
}

void
listsort_order(const struct library *lib, enum list_sort s, const bool *read, size_t *order)
{
	struct sorting c = { lib, s, read };
	size_t *tmp, start = 0;

	for (size_t e = 0; e < lib->n; e++)
		order[e] = e;
	if (s == LIST_SORT_NAME || lib->n < 2)
		return;
	tmp = xmalloc(lib->n * sizeof *tmp);
	/* A folder is a run of entries with one group: each run is sorted
	 * in place, so the runs keep their places. */
	for (size_t e = 1; e <= lib->n; e++)
		if (e == lib->n || strcmp(lib->entries[e].group, lib->entries[start].group) != 0) {
			merge_sort(&c, order + start, tmp, e - start);
			start = e;
		}
	free(tmp);
}
