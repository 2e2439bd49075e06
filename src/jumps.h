/* jumps.h - where the reader has been, and the places marked.
 *
 * The jump history is two stacks, as in a web browser: a jump pushes where
 * the reader was onto the back stack and empties the forward one; going
 * back pops it and pushes the present onto the forward stack; '' trades
 * the present for the newest place on the back stack.  Each stack keeps
 * the newest JUMPS_MAX places.  Marks are letters: a-z belong to one
 * article, A-Z to the whole collection.  Places are raw byte offsets, so
 * they survive re-wrapping and resizing.
 */
#ifndef FOLIO_JUMPS_H
#define FOLIO_JUMPS_H

#include <stdbool.h>
#include <stddef.h>

#define JUMPS_MAX 100

/* A place: an entry of the library and a raw offset in it. */
struct position {
	long entry;
	size_t pos;
};

struct mark {
	char letter;
	struct position at;
};

struct jumps {
	struct position *back, *fwd; /* owned stacks, newest last */
	size_t nback, capback, nfwd, capfwd;
	struct mark *marks; /* owned */
	size_t nmarks, capmarks;
};

void jumps_init(struct jumps *j);
void jumps_free(struct jumps *j);

/* Remembers from, the place a jump leaves; forgets the forward history. */
void jumps_record(struct jumps *j, struct position from);
/* Stores in *to where back (forward, '') leads from here, and updates the
 * stacks; false when there is nowhere to go. */
bool jumps_back(struct jumps *j, struct position here, struct position *to);
bool jumps_forward(struct jumps *j, struct position here, struct position *to);
bool jumps_swap(struct jumps *j, struct position here, struct position *to);

/* Sets mark letter (a-z or A-Z) at at. */
void jumps_set_mark(struct jumps *j, char letter, struct position at);
/* The mark letter as seen from entry (a-z: only entry's own), or NULL. */
const struct mark *jumps_mark(const struct jumps *j, char letter, long entry);
/* Forgets every a-z mark (they are read again from the state). */
void jumps_forget_local(struct jumps *j);

/* The entries were renumbered (library_rescan): entry e of the old_n
 * before is map[e] now, or (size_t)-1 when it went; places and marks of
 * an entry gone are forgotten (the state still holds its marks). */
void jumps_remap(struct jumps *j, const size_t *map, size_t old_n);

#endif
