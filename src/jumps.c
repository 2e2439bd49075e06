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
