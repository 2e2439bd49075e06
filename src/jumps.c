#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "jumps.h"
#include "xmalloc.h"

void
jumps_init(struct jumps *j)
{
	memset(j, 0, sizeof *j);
}

void
jumps_free(struct jumps *j)
{
	free(j->back);
	free(j->fwd);
	free(j->marks);
	jumps_init(j);
}

/* Pushes p on a stack, dropping its oldest place when it is full. */
static void
push(struct position **v, size_t *n, size_t *cap, struct position p)
{
	if (*n == JUMPS_MAX) {
		memmove(*v, *v + 1, (*n - 1) * sizeof **v);
		(*n)--;
	}
	xgrow((void **)v, cap, *n + 1, sizeof **v);
	(*v)[(*n)++] = p;
}

void
jumps_record(struct jumps *j, struct position from)
{
	push(&j->back, &j->nback, &j->capback, from);
	j->nfwd = 0;
}

bool
jumps_back(struct jumps *j, struct position here, struct position *to)
{
	if (j->nback == 0)
		return false;
	*to = j->back[--j->nback];
	push(&j->fwd, &j->nfwd, &j->capfwd, here);
	return true;
}

bool
jumps_forward(struct jumps *j, struct position here, struct position *to)
{
	if (j->nfwd == 0)
		return false;
	*to = j->fwd[--j->nfwd];
	push(&j->back, &j->nback, &j->capback, here);
	return true;
}

bool
jumps_swap(struct jumps *j, struct position here, struct position *to)
{
	if (j->nback == 0)
		return false;
	*to = j->back[j->nback - 1];
	j->back[j->nback - 1] = here;
	return true;
}

static bool
is_global(char letter)
{
	return letter >= 'A' && letter <= 'Z';
}

static struct mark *
find(struct mark *marks, size_t n, char letter, long entry)
{
	for (size_t i = 0; i < n; i++)
		if (marks[i].letter == letter && (is_global(letter) || marks[i].at.entry == entry))
			return &marks[i];
	return NULL;
}

const struct mark *
jumps_mark(const struct jumps *j, char letter, long entry)
{
	return find(j->marks, j->nmarks, letter, entry);
}

void
jumps_set_mark(struct jumps *j, char letter, struct position at)
{
	struct mark *m = find(j->marks, j->nmarks, letter, at.entry);

	if (m == NULL) {
		xgrow((void **)&j->marks, &j->capmarks, j->nmarks + 1, sizeof *j->marks);
		m = &j->marks[j->nmarks++];
		m->letter = letter;
	}
	m->at = at;
}

void
jumps_forget_local(struct jumps *j)
{
	size_t n = 0;

	for (size_t i = 0; i < j->nmarks; i++)
		if (is_global(j->marks[i].letter))
			j->marks[n++] = j->marks[i];
	j->nmarks = n;
}

/* Renumbers the places of v (*n of them), dropping those of entries gone. */
static void
remap_places(struct position *v, size_t *n, const size_t *map, size_t old_n)
{
	size_t k = 0;

	for (size_t i = 0; i < *n; i++) {
		long e = v[i].entry;

		if (e < 0 || (size_t)e >= old_n || map[e] == (size_t)-1)
			continue;
		v[k] = v[i];
		v[k++].entry = (long)map[e];
	}
	*n = k;
}

void
jumps_remap(struct jumps *j, const size_t *map, size_t old_n)
{
	size_t k = 0;

	remap_places(j->back, &j->nback, map, old_n);
	remap_places(j->fwd, &j->nfwd, map, old_n);
	for (size_t i = 0; i < j->nmarks; i++) {
		long e = j->marks[i].at.entry;

		if (e < 0 || (size_t)e >= old_n || map[e] == (size_t)-1)
			continue;
		j->marks[k] = j->marks[i];
		j->marks[k++].at.entry = (long)map[e];
	}
	j->nmarks = k;
}
