/* layoutcheck.h - what every layout must satisfy, as checks that say what
 * failed.  Shared by tests/test-seams.c and the layout fuzz target. */
#ifndef FOLIO_LAYOUTCHECK_H
#define FOLIO_LAYOUTCHECK_H

#include <stdbool.h>
#include <stddef.h>

struct article;
struct layout;

/* Compares two layouts of one article of size bytes line by line (start,
 * end, text, columns, flags), then at 20 positions drawn from seed, with
 * the line before each.  Returns NULL when they agree, else what differs,
 * with a raw offset near it in *where. */
const char *layoutcheck_same(
    struct layout *x, struct layout *y, size_t size, unsigned long seed, size_t *where);

/* Checks the wrapping properties of layout l of article a at width: no
 * line wider than the width; no continuation line starting with the space
 * it broke at; no break inside a grapheme cluster that fits on a line; when
 * words is set (text of words and single spaces), no break inside a word
 * that fits; and, unless a placeholder shows, every non-space character
 * kept in order.  Returns NULL or what fails, with *where as above. */
const char *layoutcheck_properties(
    struct layout *l, const struct article *a, int width, bool words, size_t *where);

#endif
